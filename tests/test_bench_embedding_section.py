"""`make bench`'s embedding section: it runs the baseline's script in another interpreter and
reads back the figures that script writes (a stand-in script here: torch lives in .venv-embed only)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from server.settings import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from benchkit import embedding  # noqa: E402

STAND_IN = """
import argparse, json, sys
p = argparse.ArgumentParser()
p.add_argument("--rounds", type=int)
p.add_argument("--json")
a = p.parse_args()
print("baseline table")
json.dump({"embed_ratio_wall": 10.0 * a.rounds, "embed_ratio_cpu": 1.0, "embed_overclaim_f1": 0.9, "embed_baseline_f1": 0.8},
          open(a.json, "w"))
"""


def test_the_section_reads_the_figures_its_script_writes(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN)
    figures = embedding.measure(Path(sys.executable), rounds=3, script=script)
    assert figures == {"embed_ratio_wall": 30.0, "embed_ratio_cpu": 1.0, "embed_overclaim_f1": 0.9, "embed_baseline_f1": 0.8}
    assert "baseline table" in capfd.readouterr().out


def test_without_its_environment_the_section_says_why_and_measures_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert embedding.measure(tmp_path / "no-such-venv" / "bin" / "python") is None
    assert "not measured" in capsys.readouterr().out


def test_make_bench_installs_the_baseline_environment_first() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text()
    bench = next(line for line in makefile.splitlines() if line.startswith("bench:"))
    assert "$(EMBED_STAMP)" in bench
    assert embedding.EMBED_PYTHON == PROJECT_ROOT / ".venv-embed" / "bin" / "python"
