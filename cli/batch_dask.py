"""Running batch chunks on a Dask distributed cluster: the model loads once per worker, results stream back.

Every worker loads the model from its own project's model directory
(OVERCLAIM_MODEL_DIR on that machine, hash-checked by load_model) and refuses
to score unless it is the very model (same SHA-256) this run started with.
"""
from __future__ import annotations

import contextlib
from itertools import islice
from typing import Any, Iterator, Sequence

from distributed import Client, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from classifier.api import ModelError, OverclaimModel
from cli import batch_work
from cli.batch_input import Job
from cli.batch_local import Chunks, Runner
from cli.batch_work import Answered, ModelRef
from server.settings import Settings
from server.validation import ScoreOptions

PLUGIN = "overclaim-model"


class ModelPlugin(WorkerPlugin):
    """Loads the run's model into each worker once, when the worker joins."""

    def __init__(self, name: str, sha256: str) -> None:
        self.name = name
        self.sha256 = sha256

    def setup(self, worker: Any) -> None:
        batch_work.one_thread_each()
        ref = ModelRef(Settings.from_env().model_dir, self.name, self.sha256)
        self.model: OverclaimModel = batch_work.checked_model(ref)


def answer_on_worker(jobs: Sequence[Job], options: ScoreOptions) -> Answered:
    plugin = get_worker().plugins.get(PLUGIN)
    if not isinstance(plugin, ModelPlugin) or not hasattr(plugin, "model"):
        raise ModelError("this Dask worker has not loaded the model; its log says why")
    return batch_work.answer(plugin.model, jobs, options)


def _results(client: Client, chunks: Chunks, options: ScoreOptions, window: int) -> Iterator[tuple[int, Answered]]:
    numbered = enumerate(chunks)
    index: dict[str, int] = {}
    stream = as_completed()

    def submit(count: int) -> None:
        for i, chunk in islice(numbered, count):
            future = client.submit(answer_on_worker, chunk, options, pure=False)
            index[future.key] = i
            stream.add(future)

    submit(window)
    for future in stream:
        yield index.pop(future.key), future.result()
        future.release()
        submit(1)


@contextlib.contextmanager
def on_cluster(address: str, ref: ModelRef, options: ScoreOptions) -> Iterator[Runner]:
    """Chunks scored on the cluster at `address`, about four chunks in flight per worker thread."""
    with Client(address) as client:
        client.register_plugin(ModelPlugin(ref.name, ref.sha256), name=PLUGIN)
        threads = max(1, sum(client.nthreads().values()))
        yield lambda chunks: _results(client, chunks, options, window=4 * threads)
