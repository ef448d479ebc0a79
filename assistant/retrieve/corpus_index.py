"""``CorpusIndex``: one process's handle on the index (registry + Chroma + BM25 + models).

Build it once from Settings and pass it around: it holds the embedding model, the Chroma client
and the loaded BM25 index, all expensive to create. Functions that accept "settings or index"
(``search``, ``index_paths``…) build a throw-away one when given Settings.

Only chunks of documents whose registry status is ``done`` are searchable; dense hits for other
ids (left by an interrupted run) are ignored, so a crash never shows half a document.

Threads: one writer and any number of readers may share an index (the app's ``IndexWorker``
writes while web requests search). Writers wrap a batch in ``writing()``; meanwhile readers
keep the last complete BM25 snapshot, and the snapshot is rebuilt once when the batch ends
(otherwise every committed document would make each concurrent search rebuild and re-save the
BM25 files). Calls into the embedding model are serialized (``SerializedEmbeddings``). Chroma's
embedded mode is not process-safe: use one writer per data directory, across processes too.
"""

from __future__ import annotations

import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.retrieve.analyzer import DEFAULT_ANALYZER, VietnameseAnalyzer, is_unaccented, normalize_for_index
from assistant.retrieve.embedding_cache import CachedEmbeddings
from assistant.retrieve.embeddings import SerializedEmbeddings, embedding_identity, make_embeddings
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.diacritics import DiacriticRestorer
from assistant.retrieve.fusion import collapse_near_duplicates, normalized_score_fusion, reciprocal_rank_fusion
from assistant.retrieve.lexical import LexicalIndex, TermWeights
from assistant.retrieve.records import ChunkRecord
from assistant.retrieve.registry import Registry
from assistant.retrieve.rerank import make_reranker
from assistant.retrieve.store import make_client, open_store
from assistant.settings import Settings

META_EMBEDDING_IDENTITY = "embedding_identity"


FUSIONS = ("score", "rrf")


@dataclass(frozen=True)
class HybridParams:
    """Knobs of the hybrid ranking; defaults chosen by measurement (docs/benchmarks.md)."""

    pool: int = 50  # BM25 candidates taken before fusion
    dense_pool: int = 50  # dense candidates taken before fusion
    fusion: str = "score"  # "score" (min–max normalized score sum) or "rrf" (reciprocal rank)
    bm25_weight: float = 1.0
    dense_weight: float = 0.5
    # Queries typed without diacritics: their diacritics are restored from the corpus vocabulary
    # (``diacritics.py``) for the dense query and the surface BM25 terms; dense gets this weight.
    restore_diacritics: bool = True
    restore_for_bm25: bool = True
    dense_weight_unaccented: float = 0.5
    # BM25 term-group weights (``lexical.TermWeights``).
    surface_weight: float = 1.0
    folded_weight: float = 1.0
    question_weight: float = 0.25
    duplicate_jaccard: float = 0.8

    def __post_init__(self) -> None:
        if self.fusion not in FUSIONS:
            raise ValueError(f"Cách hợp nhất không hợp lệ: {self.fusion!r}. Các giá trị hợp lệ: {', '.join(FUSIONS)}")

    @property
    def term_weights(self) -> TermWeights:
        return TermWeights(self.surface_weight, self.folded_weight, self.question_weight)


class _Snapshot:
    """The searchable chunks of one registry generation, with filter columns for BM25 masks."""

    def __init__(self, chunks: list[ChunkRecord], lexical: LexicalIndex):
        self.lexical = lexical
        self.by_id = {c.chunk_id: c for c in chunks}
        self._restorer: DiacriticRestorer | None = None
        order = [self.by_id[i] for i in lexical.chunk_ids]
        self.columns = {
            key: np.array([c.metadata.get(key) for c in order], dtype=object)
            for key in ("commune_key", "year", "doc_type_key", "kind", "is_directive", "source")
        }

    @property
    def restorer(self) -> DiacriticRestorer:
        """Built on the first query typed without diacritics (cost grows with the corpus)."""
        if self._restorer is None:
            self._restorer = DiacriticRestorer(c.text for c in self.by_id.values())
        return self._restorer

    def mask(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters is None or filters.is_empty():
            return None
        mask = np.ones(len(self.lexical.chunk_ids), dtype=bool)
        where = filters.chroma_where() or {}
        for clause in where.get("$and", [where]):
            ((key, cond),) = clause.items()
            column = self.columns[key]
            mask &= np.isin(column, cond["$in"]) if isinstance(cond, dict) else (column == cond)
        return mask


class CorpusIndex:
    def __init__(
        self,
        settings: Settings,
        analyzer: str = DEFAULT_ANALYZER,
        params: HybridParams = HybridParams(),
        embeddings: Embeddings | None = None,
        embedding_cache_path: Path | None = None,
    ):
        self.settings = settings
        self.analyzer = VietnameseAnalyzer(analyzer)
        self.params = params
        self.registry = Registry(settings.registry_path)
        self.identity = embedding_identity(settings)
        self._raw_embeddings = embeddings
        self._embedding_cache_path = embedding_cache_path or settings.data_dir / "embedding_cache.sqlite"
        self._embeddings: CachedEmbeddings | None = None
        self._client: Any = None
        self._store: Chroma | None = None
        self._snapshot: _Snapshot | None = None
        self.reranker = make_reranker(settings.reranker_path)
        # Lazy components are created once even when two threads ask first at the same time.
        self._components_lock = threading.RLock()
        # Guards the snapshot swap; held while the BM25 index is rebuilt (once per batch).
        self._snapshot_lock = threading.RLock()
        self._write_lock = threading.RLock()  # one writer batch at a time (re-entrant for nesting)
        self._write_depth = 0

    @classmethod
    def of(cls, settings_or_index: "Settings | CorpusIndex") -> "CorpusIndex":
        return settings_or_index if isinstance(settings_or_index, CorpusIndex) else cls(settings_or_index)

    # -- components (lazy) ------------------------------------------------------------------
    @property
    def embeddings(self) -> CachedEmbeddings:
        with self._components_lock:
            if self._embeddings is None:
                inner = SerializedEmbeddings(self._raw_embeddings or make_embeddings(self.settings))
                self._embeddings = CachedEmbeddings(inner, self.identity, self._embedding_cache_path)
            return self._embeddings

    @property
    def client(self) -> Any:
        with self._components_lock:
            if self._client is None:
                self._client = make_client(self.settings)
            return self._client

    @property
    def store(self) -> Chroma:
        with self._components_lock:
            if self._store is None:
                self._store = open_store(self.client, self.identity, self.embeddings)
            return self._store

    def reopen_store(self) -> None:
        """Forget the collection handle (its collection was dropped); the next use reopens it."""
        with self._components_lock:
            self._store = None

    @property
    def dense_ready(self) -> bool:
        """False when the vectors were made by another embedding backend (re-index needed)."""
        indexed_with = self.registry.get_meta(META_EMBEDDING_IDENTITY)
        return indexed_with in ("", self.identity)

    def snapshot(self) -> _Snapshot:
        """Searchable chunks + BM25 for the registry's current generation (rebuilt if stale).

        While a write batch is open (``writing()``) the last complete snapshot is returned as is.
        A snapshot never changes once made: a query should take one and use it throughout.
        """
        with self._snapshot_lock:
            if self._write_depth and self._snapshot is not None:
                return self._snapshot
            generation = self.registry.generation
            if self._snapshot is not None and self._snapshot.lexical.generation == generation:
                return self._snapshot
            chunks = self.registry.searchable_chunks()
            lexical = LexicalIndex.load(self.settings.bm25_dir, self.analyzer, generation)
            if lexical is None or set(lexical.chunk_ids) != {c.chunk_id for c in chunks}:
                lexical = LexicalIndex.build(chunks, self.analyzer, generation)
                lexical.save(self.settings.bm25_dir)
            self._snapshot = _Snapshot(chunks, lexical)
            return self._snapshot

    def refresh(self) -> None:
        """Rebuild the snapshot now, even inside a write batch (benchmarks, tests)."""
        with self._snapshot_lock:
            self._snapshot = None
            depth, self._write_depth = self._write_depth, 0
            try:
                self.snapshot()
            finally:
                self._write_depth = depth

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the index for one write batch (``index_paths`` and ``remove_document`` use it).

        Writers queue on a lock; readers keep the last complete snapshot until the outermost
        batch ends, then the snapshot is brought up to date once.
        """
        with self._write_lock:
            with self._snapshot_lock:
                self._write_depth += 1
            try:
                yield
            finally:
                with self._snapshot_lock:
                    self._write_depth -= 1
                    if not self._write_depth:
                        self.snapshot()

    # -- rankings ---------------------------------------------------------------------------
    @staticmethod
    def normalize_query(query: str) -> str:
        return " ".join(unicodedata.normalize("NFC", query).split())

    def restored_query(self, query: str, snap: _Snapshot | None = None) -> str:
        """The query with diacritics restored if it was typed without them (else as typed)."""
        query = self.normalize_query(query)
        if self.params.restore_diacritics and is_unaccented(query):
            return (snap or self.snapshot()).restorer.restore(query)
        return query

    # Each ranking accepts the snapshot its query already took (``snap``), so that a writer's
    # refresh between two rankings cannot hand one query two different chunk sets.
    def bm25_ranking(
        self, query: str, filters: SearchFilters | None, n: int, snap: _Snapshot | None = None
    ) -> list[tuple[str, float]]:
        snap = snap or self.snapshot()
        text = self.restored_query(query, snap) if self.params.restore_for_bm25 else self.normalize_query(query)
        return snap.lexical.top(text, n, snap.mask(filters), self.params.term_weights)

    def dense_ranking(
        self, query: str, filters: SearchFilters | None, n: int, snap: _Snapshot | None = None
    ) -> list[tuple[str, float]]:
        snap = snap or self.snapshot()
        if not snap.by_id or not self.dense_ready:
            return []
        vector = self.embeddings.embed_query(normalize_for_index(self.restored_query(query, snap)))
        where = filters.chroma_where() if filters else None
        found = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=n, filter=where)
        ranking = []
        for doc, distance in found:
            chunk_id = doc.id or doc.metadata.get("chunk_id")
            if chunk_id in snap.by_id:  # ignore vectors of unfinished documents
                ranking.append((chunk_id, 1.0 - float(distance)))
        return ranking

    def hybrid_ranking(
        self, query: str, filters: SearchFilters | None, k: int, snap: _Snapshot | None = None,
        duplicates: dict[str, list[str]] | None = None,
    ) -> list[tuple[str, float]]:
        """``duplicates`` receives the near-duplicates collapsed into each kept id (``fusion``)."""
        p = self.params
        snap = snap or self.snapshot()
        lexical = self.bm25_ranking(query, filters, max(p.pool, 3 * k), snap)
        unaccented = is_unaccented(query)
        dense_weight = p.dense_weight_unaccented if unaccented else p.dense_weight
        if unaccented and not p.restore_diacritics:
            dense_weight = 0.0  # e5 cannot read Vietnamese without diacritics
        dense = self.dense_ranking(query, filters, max(p.dense_pool, 3 * k), snap) if dense_weight > 0 else []
        weights = [p.bm25_weight, dense_weight]
        if p.fusion == "score":
            fused = normalized_score_fusion([lexical, dense], weights)
        else:
            fused = reciprocal_rank_fusion([[c for c, _ in lexical], [c for c, _ in dense]], self.settings.rrf_k, weights)
        by_id = snap.by_id
        head_size = max(k, 20) if self.reranker is not None else k
        fused = collapse_near_duplicates(fused, lambda cid: by_id[cid].text, p.duplicate_jaccard, limit=head_size,
                                        duplicates=duplicates)
        if self.reranker is not None:
            head = fused[:head_size]
            order = self.reranker.rerank(query, [(cid, by_id[cid].text) for cid, _ in head])
            score_of = dict(head)
            fused = [(cid, score_of[cid]) for cid in order] + fused[len(head) :]
        return fused[:k]

    def chunk(self, chunk_id: str) -> ChunkRecord | None:
        return self.snapshot().by_id.get(chunk_id) or self.registry.get_chunk(chunk_id)
