"""The alternative a user might pick: scripts/bench_embedding.py (all-MiniLM-L6-v2 and a logistic
regression head) run in .venv-embed, the only environment that has torch, with fewer timing rounds.
Its table is printed as it comes; the figures the target needs are read from the file it writes."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from server.settings import PROJECT_ROOT

from .context import Context

EMBED_PYTHON = PROJECT_ROOT / ".venv-embed" / "bin" / "python"
SCRIPT = PROJECT_ROOT / "scripts" / "bench_embedding.py"
ROUNDS = 7  # each baseline run is about a second; 7 alternating rounds keep the section near half a minute


def measure(python: Path = EMBED_PYTHON, rounds: int = ROUNDS, script: Path = SCRIPT) -> dict[str, float] | None:
    """The baseline's figures, or None (with the reason printed) when its environment is not installed."""
    if not python.exists():
        print(f"not measured: {python} is missing (make bench installs it, and so does make bench-embed)")
        return None
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp, "figures.json")
        sys.stdout.flush()
        subprocess.run([str(python), str(script), "--rounds", str(rounds), "--json", str(out)], cwd=PROJECT_ROOT, check=True)
        figures: dict[str, float] = json.loads(out.read_text())
    return figures


def run(ctx: Context) -> None:
    figures = measure()
    if figures is not None:
        ctx.figures.update(figures)
