"""The lexical side: a bm25s index over the registry's searchable chunks.

bm25s cannot update an index in place, so the index is rebuilt from the chunk texts kept in the
registry after each indexing batch and saved under ``Settings.bm25_dir`` with a manifest naming
the registry generation it reflects; a stale or missing index is rebuilt on load (this also
covers a crash between the registry commit and the save).
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.retrieve.analyzer import VietnameseAnalyzer, query_terms
from assistant.retrieve.records import ChunkRecord

# bm25s logs every index build at DEBUG with its own handler; officers' terminals need none of it.
logging.getLogger("bm25s").setLevel(logging.WARNING)

MANIFEST = "manifest.json"
# Version of ``lexical_text``: a saved index built from another recipe is rebuilt on load.
TEXT_RECIPE = 2


def lexical_text(chunk: ChunkRecord) -> str:
    """What BM25 indexes: the commune, the section path, the chunk text.

    Officers name the commune in most queries ("Tân Cương dự kiến…") while a chunk rarely repeats
    it; adding it as a document-level term lets BM25 prefer that commune's report (a poor man's
    BM25F field). Measured in docs/benchmarks.md (dev MRR 0.776 → 0.912 with score fusion).
    """
    commune = str(chunk.metadata.get("commune", "") or "").strip()
    return f"xã {commune}\n{chunk.embed_text}" if commune else chunk.embed_text


@dataclass(frozen=True)
class TermWeights:
    """Weights of query-term groups in the BM25 sum (1.0 everywhere = plain BM25)."""

    surface: float = 1.0  # tokens as written (tone-canonical, lower case)
    folded: float = 1.0  # ``~``-prefixed diacritics-folded tokens
    question: float = 1.0  # multiplier for question phrasing ("thế nào", "ra sao", "là gì"…)


@dataclass
class LexicalIndex:
    analyzer: VietnameseAnalyzer
    chunk_ids: list[str]
    generation: int
    bm25: bm25s.BM25 | None  # None when there is nothing to index

    @classmethod
    def build(cls, chunks: list[ChunkRecord], analyzer: VietnameseAnalyzer, generation: int) -> "LexicalIndex":
        bm25 = None
        if chunks:
            bm25 = bm25s.BM25()
            bm25.index([analyzer.tokens(lexical_text(c)) for c in chunks], show_progress=False)
        return cls(analyzer, [c.chunk_id for c in chunks], generation, bm25)

    def save(self, directory: Path) -> None:
        """Write to a sibling temp dir, then swap, so a reader never sees half an index."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp), show_progress=False)
        manifest = {"generation": self.generation, "analyzer": self.analyzer.name, "recipe": TEXT_RECIPE,
                    "chunk_ids": self.chunk_ids}
        (tmp / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        if directory.exists():
            directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, directory: Path, analyzer: VietnameseAnalyzer, generation: int) -> "LexicalIndex | None":
        """The saved index if it matches this generation and analyzer, else None."""
        try:
            manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (manifest.get("generation"), manifest.get("analyzer"), manifest.get("recipe")) != (
            generation, analyzer.name, TEXT_RECIPE
        ):
            return None
        chunk_ids = list(manifest["chunk_ids"])
        bm25 = bm25s.BM25.load(str(directory), show_progress=False) if chunk_ids else None
        return cls(analyzer, chunk_ids, generation, bm25)

    def scores(self, query: str, weights: "TermWeights | None" = None) -> np.ndarray:
        """BM25 score of every chunk (row order = ``chunk_ids``).

        Each query term contributes its BM25 score times the weight of its group (surface or
        folded token, question phrasing or content): bm25s scores a bag of terms as the sum of
        their scores, so a weighted sum of per-group scores is a weighted BM25.
        """
        if self.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        weights = weights or TermWeights()
        groups: dict[float, list[str]] = {}
        for term in query_terms(query, self.analyzer.name):
            weight = (weights.folded if term.folded else weights.surface) * (weights.question if term.question else 1.0)
            if weight > 0:
                groups.setdefault(weight, []).append(term.token)
        total = np.zeros(len(self.chunk_ids), dtype=np.float32)
        for weight, tokens in groups.items():
            ids = self.bm25.get_tokens_ids(tokens)
            if ids:
                total += weight * self.bm25.get_scores(ids)
        return total

    def top(
        self, query: str, k: int, mask: np.ndarray | None = None, weights: "TermWeights | None" = None
    ) -> list[tuple[str, float]]:
        """Best ``k`` (chunk id, score) with a positive score, restricted to ``mask`` rows."""
        scores = self.scores(query, weights)
        if scores.size == 0:
            return []
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, scores.size)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in best if scores[i] > 0]
