"""Running batch chunks on a Dask distributed cluster: the model loads once per worker, results stream back.

Every worker loads the model from its own project's model directory
(OVERCLAIM_MODEL_DIR on that machine, hash-checked by load_model) and refuses
to score unless it is the very model (same SHA-256) this run started with.
Tasks carry only a chunk of records and the options; the model never travels.
"""
from __future__ import annotations

import contextlib
from typing import Any, Iterator, Sequence

from distributed import Client, as_completed, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from classifier.api import ModelError, OverclaimModel
from cli import batch_work
from cli.batch_input import Job
from cli.batch_local import Chunks, Runner
from cli.batch_order import ordered
from cli.batch_work import Answered, ModelRef
from server.settings import Settings
from server.validation import ScoreOptions

PLUGIN = "overclaim-model"


class ModelPlugin(WorkerPlugin):
    """Loads the run's model into each worker once, when the plugin is registered or the worker joins."""

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


def _results(client: Client, chunks: Chunks, options: ScoreOptions, window: int) -> Iterator[Answered]:
    """Answers in input order; results are gathered in the background as tasks finish (as_completed with_results)."""
    index: dict[str, int] = {}
    stream = as_completed(with_results=True)

    def start(i: int, chunk: Sequence[Job]) -> None:
        future = client.submit(answer_on_worker, chunk, options, pure=False)
        index[future.key] = i
        stream.add(future)

    def next_done() -> tuple[int, Answered]:
        future, answered = next(stream)
        future.release()
        return index.pop(future.key), answered

    return ordered(chunks, window, start, next_done)


@contextlib.contextmanager
def on_cluster(address: str, ref: ModelRef, options: ScoreOptions) -> Iterator[Runner]:
    """Chunks scored on the cluster at `address`, about four chunks in flight or waiting to be written per worker thread.

    register_plugin returns once every connected worker has loaded the model, so
    the run's timing starts with workers ready, as the local pool's does.
    """
    with Client(address) as client:
        client.register_plugin(ModelPlugin(ref.name, ref.sha256), name=PLUGIN)
        threads = max(1, sum(client.nthreads().values()))
        yield lambda chunks: _results(client, chunks, options, window=4 * threads)
