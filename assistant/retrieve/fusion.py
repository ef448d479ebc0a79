"""Combining rankings and removing near-duplicates.

Reciprocal rank fusion: Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet
and individual Rank Learning Methods", SIGIR 2009 — score(d) = Σ_r w_r / (k + rank_r(d)), ranks
from 1, k = ``Settings.rrf_k`` (60 in the paper).

Score fusion (the alternative measured against RRF, docs/benchmarks.md): each ranking's scores are
min–max normalized over its candidates and summed with weights, a missing candidate counting 0
(CombSUM with min–max normalization: Fox & Shaw, TREC-2 1994; Lee, SIGIR 1997).

Near-duplicates: communes copy each other's sentences, so several top chunks can say the same
thing. Two chunks whose word 3-shingle sets (diacritics-folded) have Jaccard ≥ threshold are
duplicates (Broder, "On the resemblance and containment of documents", 1997); the better-ranked
one is kept.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from assistant.retrieve.analyzer import fold_char_preserving

_WORD = re.compile(r"\w+", re.UNICODE)


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[str]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse ranked id lists; returns (id, fused score) best first (ties keep first-seen order)."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def normalized_score_fusion(
    rankings: Sequence[Sequence[tuple[str, float]]], weights: Sequence[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse (id, score) lists by the weighted sum of min–max normalized scores, best first."""
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights):
        if not ranking or weight == 0:
            continue
        values = [score for _, score in ranking]
        low, span = min(values), max(values) - min(values)
        for item, score in ranking:
            normalized = (score - low) / span if span > 0 else 1.0
            scores[item] = scores.get(item, 0.0) + weight * normalized
    return sorted(scores.items(), key=lambda kv: -kv[1])


def shingles(text: str, size: int = 3) -> frozenset[str]:
    words = _WORD.findall(fold_char_preserving(text).lower())
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def collapse_near_duplicates(
    ranked: Sequence[tuple[str, float]],
    text_of: Callable[[str], str],
    threshold: float = 0.8,
    limit: int | None = None,
    duplicates: dict[str, list[str]] | None = None,
) -> list[tuple[str, float]]:
    """Drop every item that is a near-duplicate of a better-ranked kept item; stop at ``limit`` kept.

    ``duplicates``, when given, receives for each kept id the ids dropped as its duplicates (the
    whole ranking is scanned for them, past ``limit``), so a passage several files contain can say
    where else it is instead of making those files look missing.
    """
    kept: list[tuple[str, float]] = []
    kept_shingles: list[frozenset[str]] = []
    for item, score in ranked:
        full = limit is not None and len(kept) >= limit
        if full and duplicates is None:
            break
        sh = shingles(text_of(item))
        twin = next((i for i, other in enumerate(kept_shingles) if jaccard(sh, other) >= threshold), None)
        if twin is not None:
            if duplicates is not None:
                duplicates.setdefault(kept[twin][0], []).append(item)
            continue
        if full:
            continue
        kept.append((item, score))
        kept_shingles.append(sh)
    return kept
