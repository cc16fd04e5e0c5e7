"""scripts/profile_http.py's reading of py-spy's raw output (the sampling itself needs a live service and wrk)."""
from __future__ import annotations

import sys

from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from profile_http import package, records, report, startup_phase, summarize  # noqa: E402

SERVE = 'process 10:"python -m cli.main serve --port 1";'
FORKSERVER = 'process 11:"python -B -c from multiprocessing.forkserver import main\n main(23, 25, [\'server.scoring_pool\'], **{\'sys_path\': [\'/a;b\']})";'
WORKER = 'process 12:"python -B -c from multiprocessing.forkserver import main\n main(23, 25, [\'x\'])";'
RAW = (
    f"{SERVE}run (uvicorn/main.py:1);RequestResponseCycle.send (uvicorn/protocols/http/httptools_impl.py:524) 7\n"
    f"{SERVE}score (server/routes.py:68);body_digest (server/cache_hits.py:16) 3\n"
    f"{SERVE}{FORKSERVER}{WORKER}main (multiprocessing/forkserver.py:274);_counts (classifier/word_features.py:123) 5\n"
    f"{SERVE}{FORKSERVER}{WORKER}main (multiprocessing/forkserver.py:274);_wrapfunc (numpy/_core/fromnumeric.py:54) 5\n"
    f"{SERVE}{WORKER.rstrip(';')} 2\n"
)


def test_records_survive_command_lines_with_newlines_and_semicolons() -> None:
    found = records(RAW)
    assert [(pid, frames[-1].split()[0], n) for pid, frames, n in found] == [
        (10, "RequestResponseCycle.send", 7), (10, "body_digest", 3), (12, "_counts", 5), (12, "_wrapfunc", 5), (12, "(no", 2)]
    assert all(not f.startswith("process ") for _, frames, _ in found for f in frames)


def test_samples_split_into_the_serving_and_the_scoring_processes_by_package() -> None:
    roles = summarize(RAW, serving_pid=10)
    serving, scoring = roles["serving process"], roles["scoring processes"]
    assert (serving.samples, scoring.samples) == (10, 12), "every sample counts, with or without a Python frame"
    assert serving.packages.most_common(1)[0] == ("uvicorn (HTTP protocol; httptools and uvloop in C)", 7)
    assert scoring.packages["classifier (scoring)"] == 5 and scoring.packages["numpy / scipy / scikit-learn"] == 5
    text = report("t", roles)
    assert "serving process: 10 samples (45% of all)" in text and " 70.0%  uvicorn" in text


def test_a_file_outside_the_known_packages_is_named_by_its_first_part() -> None:
    assert package("select (selectors.py:415)") == "other (selectors.py)"
    assert package("Runner.run (asyncio/runners.py:118)") == "asyncio and the event loop"


def test_a_start_up_sample_is_named_by_the_outermost_third_party_module_being_imported() -> None:
    importing = ["<module> (cli/main.py:62)", "_find_and_load (<frozen importlib._bootstrap>:1178)", "<module> (server/app.py:17)",
                 "<module> (sklearn/base.py:1)", "<module> (scipy/stats/__init__.py:1)"]
    assert startup_phase(importing) == "importing sklearn"
    assert startup_phase(["<module> (cli/main.py:62)", "<module> (six.py:1)"]) == "importing six"
    loading = ["<module> (cli/main.py:62)", "ModelHolder.open (server/model_holder.py:40)", "load_model (classifier/store.py:95)"]
    assert startup_phase(loading).startswith("loading the model")
    own = ["<module> (cli/main.py:62)", "_find_and_load (<frozen importlib._bootstrap>:1178)", "<module> (server/routes.py:1)"]
    assert startup_phase(own) == "importing the project's own modules"
    assert startup_phase(["<module> (cli/main.py:62)", "run (uvicorn/main.py:1)"]).startswith("the rest")
