"""`bench --profile`: where scoring a 1,500-word article spends its time (pyinstrument, bench extra)."""
from __future__ import annotations

from pathlib import Path

from classifier.api import score_text

from .context import Context

RUNS = 300


def run(ctx: Context, out: Path) -> None:
    from pyinstrument import Profiler  # the bench extra: pip install -e '.[bench]'

    text = ctx.texts[1500]
    profiler = Profiler(interval=0.0002)
    with profiler:
        for _ in range(RUNS):
            score_text(ctx.model, text)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(profiler.output_text(unicode=False, color=False))
    print(f"profile of {RUNS} scorings of the 1,500-word article written to {out}")
