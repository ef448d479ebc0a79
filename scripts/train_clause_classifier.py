"""Rebuild the clause classifier (``assistant/draft/data/clause_model.npz``) and measure it.

Labelled data: ``tests/draft/cases/clauses.jsonl``, one clause per line::

    {"text": "Tình hình:", "label": "instruction", "group": "g01", "voice": "toi-polite-north han_che",
     "accents": true, "part": "tune"}

``text`` is a clause as ``assistant.draft.clauses`` cuts it (heads keep their ":", asides their
parentheses); ``label`` is ``instruction`` or ``content``; ``group`` is the imagined message it
comes from (``voice`` says who wrote it and for which section); ``accents`` whether it carries
diacritics. ``part`` was assigned once by a stable hash (``crc32 % 100 < 40`` → ``measure``) of the
group for whole-message groups (``unit: message``: a message and its voice fall into one part), and
of the folded clause for the category groups (``unit: clause`` heads, asides, form asks, look-alike content…); both parts hold
both labels and both accent styles. Only ``tune`` is used to fit and to choose hyper-parameters
(grouped cross-validation); ``measure`` is only reported.

``tests/draft/cases/clauses_heldout.jsonl`` holds whole messages written after the model was fixed
(new voices and templates): ``{"id", "request", "instructions": [...], "content": [...]}``; the
figures on them use the leak rule of the drafting evaluation (an instruction phrase leaks when it
lies inside a clause labelled content; a content phrase is lost when it lies inside an instruction).

    python scripts/train_clause_classifier.py            # fit, save, report
    python scripts/train_clause_classifier.py --eval     # report with the saved model only
    python scripts/train_clause_classifier.py --eval --dev /work/shared/eval/drafting_dev.jsonl
    python scripts/train_clause_classifier.py --eval --bench   # warm latency table
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.draft.clauses import (  # noqa: E402
    INSTRUCTION, ClauseClassifier, is_request_head, LinearModel, classify_clauses, embed_clauses, features, nfc,
)
from assistant.ingest.normalize import fold_diacritics  # noqa: E402

CASES = ROOT / "tests" / "draft" / "cases" / "clauses.jsonl"
HELDOUT = ROOT / "tests" / "draft" / "cases" / "clauses_heldout.jsonl"
MODEL = ROOT / "assistant" / "draft" / "data" / "clause_model.npz"

LEXICAL_DIM = 1 << 13
# (embedding, n-gram, cue) block scales and the inverse regularization, chosen by cross-validation.
GRID_SCALES = ((1.0, 1.0, 1.0, 0.0), (1.0, 1.0, 1.0, 1.0), (1.0, 1.0, 1.0, 2.0), (2.0, 1.0, 1.0, 1.0))
GRID_SCREEN = ((0.0, 1.0, 1.0, 0.0), (0.0, 1.0, 2.0, 0.0))
GRID_C = (30.0, 100.0)
THRESHOLDS = tuple(round(0.25 + 0.05 * k, 2) for k in range(8))  # 0.25 … 0.60
FOLDS = 5


def load_cases(path: Path = CASES) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def with_folded_twins(rows: list[dict]) -> list[dict]:
    """Each accented clause again as an officer types it without diacritics."""
    out = list(rows)
    for row in rows:
        folded = fold_diacritics(row["text"])
        if folded != row["text"]:
            out.append({**row, "text": folded, "accents": False, "twin": True})
    return out


def fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, solver="liblinear", dual=True, max_iter=10000, class_weight="balanced",
                               random_state=0)
    model.fit(x, y)
    return model.coef_[0].astype(np.float32), float(model.intercept_[0])


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int(((pred == 1) & (y == 1)).sum())
    fp = int(((pred == 1) & (y == 0)).sum())
    fn = int(((pred == 0) & (y == 1)).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "n": len(y), "fp": fp, "fn": fn}


def fold_of(row: dict) -> int:
    """Cross-validation fold, by the same unit as the tune/measure split; twins share a fold."""
    key = fold_diacritics(row["text"]) if row["unit"] == "clause" else row["group"]
    return zlib.crc32(key.encode()) % FOLDS


def choose(x_of, y: np.ndarray, folds: np.ndarray, grid_scales, title: str):
    """Block scales, C and threshold with the fewest out-of-fold errors; ties keep the earlier."""
    best = None
    for scales in grid_scales:
        x = x_of(scales)
        for c in GRID_C:
            oof = np.zeros(len(y))
            for k in range(FOLDS):
                w, b = fit(x[folds != k], y[folds != k], c)
                oof[folds == k] = 1.0 / (1.0 + np.exp(-(x[folds == k] @ w + b)))
            for threshold in THRESHOLDS:
                s = scores(y, (oof >= threshold).astype(int))
                errors = s["fp"] + s["fn"]
                key = (errors, abs(threshold - 0.5))
                if best is None or key < best[0]:
                    best = (key, scales, c, threshold, s)
            print(f"  {title} scales={scales} C={c}: best so far {best[0][0]} errors", flush=True)
    _, scales, c, threshold, s = best
    print(f"{title}: chosen scales={scales} C={c} threshold={threshold}: out-of-fold P={s['precision']:.3f} "
          f"R={s['recall']:.3f} errors={s['fp'] + s['fn']} of {len(y)}")
    w, b = fit(x_of(scales), y, c)
    return LinearModel(w, b, tuple(scales), float(threshold))


def train(cache: Path | None = None) -> ClauseClassifier:
    rows = with_folded_twins([r for r in load_cases() if r["part"] == "tune"])
    texts = [r["text"] for r in rows]
    y = np.array([r["label"] == INSTRUCTION for r in rows], dtype=int)
    folds = np.array([fold_of(r) for r in rows])
    start = time.perf_counter()
    if cache and cache.exists() and np.load(cache).shape[1] == len(texts):
        embeddings = tuple(np.load(cache))
    else:
        embeddings = embed_clauses(texts)
        if cache:
            np.save(cache, np.stack(embeddings))
    print(f"embedded {len(texts)} clauses in {time.perf_counter() - start:.0f} s", flush=True)
    x_of = lambda scales: features(texts, LEXICAL_DIM, scales, embeddings)  # noqa: E731
    full = choose(x_of, y, folds, GRID_SCALES, "full")
    screen = choose(x_of, y, folds, GRID_SCREEN, "screen")
    return ClauseClassifier(full, screen, LEXICAL_DIM)


def evaluate_clauses(classifier: ClauseClassifier, rows: list[dict], title: str) -> dict[str, float]:
    texts = [r["text"] for r in rows]
    y = np.array([r["label"] == INSTRUCTION for r in rows], dtype=int)
    p = classifier.predict_proba(texts)
    # As the product labels a clause: the model, or the grammar of request heads (clauses.is_request_head).
    predicted = np.array([prob >= classifier.threshold or is_request_head(t) for t, prob in zip(texts, p)], dtype=int)
    s = scores(y, predicted)
    print(f"{title}: n={s['n']} precision={s['precision']:.3f} recall={s['recall']:.3f} fp={s['fp']} fn={s['fn']}")
    for r, prob, label in zip(rows, p, predicted):
        if bool(label) != (r["label"] == INSTRUCTION):
            print(f"    wrong ({r['label']}, p={prob:.2f}): {r['text']}")
    return s


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip().lower()


def evaluate_messages(classifier: ClauseClassifier, path: Path, title: str) -> dict[str, int]:
    """Leak rule of the drafting evaluation, plus lost content phrases where annotated."""
    totals = {"requests": 0, "instructions": 0, "leaked": 0, "content": 0, "lost": 0}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        clauses = classify_clauses(case["request"], classifier)
        content = [_squash(c.text) for c in clauses if c.label != INSTRUCTION]
        instruction = [_squash(c.text) for c in clauses if c.label == INSTRUCTION]
        totals["requests"] += 1
        for phrase in case.get("instructions", []):
            totals["instructions"] += 1
            if any(_squash(phrase) in c for c in content):
                totals["leaked"] += 1
                print(f"    leaked [{case['id']}]: {phrase!r}")
        for phrase in case.get("content", []) or [m for m in case.get("must_mention", []) if any(ch.isdigit() for ch in m)]:
            totals["content"] += 1
            if any(_squash(phrase) in c for c in instruction) and not any(_squash(phrase) in c for c in content):
                totals["lost"] += 1
                print(f"    lost   [{case['id']}]: {phrase!r}")
    kept = totals["instructions"] - totals["leaked"]
    print(f"{title}: {totals['requests']} requests, instruction phrases caught {kept}/{totals['instructions']}, "
          f"content phrases lost {totals['lost']}/{totals['content']}")
    return totals


def bench(classifier: ClauseClassifier, path: Path, rounds: int = 5) -> None:
    """Warm latency of ``classify_clauses`` per message (the model loaded once, as in the app)."""
    requests = [json.loads(line)["request"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    classify_clauses(requests[0], classifier)  # load the e5 model
    timings: list[tuple[float, float, int]] = []
    for _ in range(rounds):
        for request in requests:
            start, cpu = time.perf_counter(), time.process_time()
            clauses = classify_clauses(request, classifier)
            timings.append((time.perf_counter() - start, time.process_time() - cpu, len(clauses)))
    wall = sorted(t for t, _, _ in timings)
    cpu_times = sorted(c for _, c, _ in timings)
    clauses_per_message = sum(n for _, _, n in timings) / len(timings)
    load = os.getloadavg()[0]
    print("| messages | clauses/message | wall median ms | wall p95 ms | CPU median ms | CPU p95 ms | load avg |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {len(requests)} × {rounds} | {clauses_per_message:.1f} | {1000 * wall[len(wall) // 2]:.0f} "
          f"| {1000 * wall[int(len(wall) * 0.95)]:.0f} | {1000 * cpu_times[len(cpu_times) // 2]:.0f} "
          f"| {1000 * cpu_times[int(len(cpu_times) * 0.95)]:.0f} | {load:.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", action="store_true", help="only evaluate the saved model")
    parser.add_argument("--dev", type=Path, help="also measure on drafting requests (leak rule)")
    parser.add_argument("--embedding-cache", type=Path, help="reuse the tune embeddings saved in this .npy")
    parser.add_argument("--bench", action="store_true", help="time classify_clauses on the held-out messages")
    args = parser.parse_args()
    if args.eval:
        classifier = ClauseClassifier.load(MODEL)
    else:
        start = time.perf_counter()
        classifier = train(args.embedding_cache)
        MODEL.parent.mkdir(parents=True, exist_ok=True)
        classifier.save(MODEL)
        print(f"saved {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KiB) in {time.perf_counter() - start:.0f} s")
    measure = [r for r in load_cases() if r["part"] == "measure"]
    evaluate_clauses(classifier, measure, "measure part")
    twins = [r for r in with_folded_twins(measure) if r.get("twin")]
    evaluate_clauses(classifier, twins, "measure part, folded (diacritics removed)")
    if HELDOUT.exists():
        evaluate_messages(classifier, HELDOUT, "held-out messages")
    if args.dev:
        evaluate_messages(classifier, args.dev, f"dev requests ({args.dev.name})")
    if args.bench:
        bench(classifier, HELDOUT)


if __name__ == "__main__":
    main()
