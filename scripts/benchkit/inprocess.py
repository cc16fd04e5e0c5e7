"""In-process scoring: ms per article by length, the share of each stage, the compute floor."""
from __future__ import annotations

import re

from classifier.api import score_text, segment
from classifier.scoring import _match
from classifier.word_features import word_matrix
from server import serialize
from server.scoring_pool import score_body
from server.validation import ScoreOptions

from .context import Context, Timing, timed

WORDS = re.compile(r"\w+")
DEFAULTS = ScoreOptions(threshold=None, offset_encoding="utf16", all_sentences=False)


def _stages(ctx: Context, text: str) -> dict[str, Timing]:
    """The steps of score_text, timed one by one on the same article."""
    model = ctx.model
    sentences = segment(text)
    texts = [s.text for s in sentences]
    (_, words), (_, lexicon) = model.pipeline.named_steps["features"].transformer_list
    X = model.pipeline[:-1].transform(texts)
    probabilities, hits = model.predict_with_hits(texts)
    flagged = [(s, p, h) for s, p, h in zip(sentences, probabilities.tolist(), hits) if p[0] >= model.threshold]
    result = score_text(model, text)
    return {
        "segmentation": timed(lambda: segment(text)),
        "features: word n-grams": timed(lambda: word_matrix(words, texts)),
        "features: lexicon": timed(lambda: lexicon.transform_with_hits(texts)),
        "model": timed(lambda: model.pipeline[-1].positive_proba(X)),
        "cues": timed(lambda: [_match(model, s, p, h) for s, p, h in flagged]),
        "json": timed(lambda: serialize.encode(serialize.scored(text, result, "utf16", model.lexicon.messages, False))),
    }


def _article(ctx: Context, text: str) -> bytes:
    """All the CPU work of one scoring request, as the service does it: score, serialize, encode the JSON."""
    return score_body(ctx.model, text, DEFAULTS)[0]


def _lengths(ctx: Context) -> None:
    print("one article in, its JSON body out (segmentation, features, model, cues, JSON); score_text alone beside it")
    print(f"{'article':>10} {'sentences':>9} {'median ms':>10} {'IQR ms':>7} {'best ms':>8} {'CPU ms':>7}"
          f" {'articles/s (1 core)':>20} {'score_text ms':>14}")
    for words, text in ctx.texts.items():
        t = timed(lambda: _article(ctx, text))
        alone = timed(lambda: score_text(ctx.model, text))
        ctx.figures[f"score_{words}_ms"] = t.median
        ctx.figures[f"score_{words}_best_ms"] = t.best
        print(f"{words:>5} words {len(segment(text)):>9} {t.median:>10.2f} {t.iqr:>7.2f} {t.best:>8.2f} {t.cpu:>7.2f}"
              f" {1000 / t.median:>20.0f} {alone.median:>14.2f}")


def _shares(ctx: Context) -> None:
    print("\nstages for the 1,500-word article (wall median ms, IQR, CPU median ms, share of the sum):")
    parts = _stages(ctx, ctx.texts[1500])
    total = sum(t.median for t in parts.values())
    for name, t in parts.items():
        print(f"  {name:<23} {t.median:6.3f}  ±{t.iqr:5.3f}  cpu {t.cpu:6.3f}  {100 * t.median / total:4.0f}%")
    print(f"  (sum of stages {total:.2f} ms)")


def _floor(ctx: Context) -> None:
    text = ctx.texts[1500]
    floor = timed(lambda: WORDS.findall(text))
    score = ctx.figures.get("score_1500_ms") or timed(lambda: score_text(ctx.model, text)).median
    print(f"\ncompute floor: one regex word split of the 1,500-word article {floor.median:.3f} ms; "
          f"scoring costs {score / floor.median:.0f}x that")


def run(ctx: Context) -> None:
    _lengths(ctx)
    _shares(ctx)
    _floor(ctx)
