"""The lexical side: a bm25s index over the registry's searchable chunks.

bm25s cannot update an index in place, so the index is rebuilt from the chunk texts kept in the
registry after each indexing batch and saved under ``Settings.bm25_dir`` with a manifest naming
the registry generation it reflects; a stale or missing index is rebuilt on load (this also
covers a crash between the registry commit and the save).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from assistant.retrieve.analyzer import VietnameseAnalyzer
from assistant.retrieve.records import ChunkRecord

MANIFEST = "manifest.json"


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
            bm25.index([analyzer.tokens(c.embed_text) for c in chunks], show_progress=False)
        return cls(analyzer, [c.chunk_id for c in chunks], generation, bm25)

    def save(self, directory: Path) -> None:
        """Write to a sibling temp dir, then swap, so a reader never sees half an index."""
        tmp = directory.with_name(directory.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.bm25 is not None:
            self.bm25.save(str(tmp), show_progress=False)
        manifest = {"generation": self.generation, "analyzer": self.analyzer.name, "chunk_ids": self.chunk_ids}
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
        if manifest.get("generation") != generation or manifest.get("analyzer") != analyzer.name:
            return None
        chunk_ids = list(manifest["chunk_ids"])
        bm25 = bm25s.BM25.load(str(directory), show_progress=False) if chunk_ids else None
        return cls(analyzer, chunk_ids, generation, bm25)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk (row order = ``chunk_ids``)."""
        if self.bm25 is None:
            return np.zeros(0, dtype=np.float32)
        tokens = list(dict.fromkeys(self.analyzer.tokens(query)))
        return self.bm25.get_scores(tokens)

    def top(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Best ``k`` (chunk id, score) with a positive score, restricted to ``mask`` rows."""
        scores = self.scores(query)
        if scores.size == 0:
            return []
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        k = min(k, scores.size)
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.chunk_ids[i], float(scores[i])) for i in best if scores[i] > 0]
