"""``CorpusIndex``: one process's handle on the index (registry + Chroma + BM25 + models).

Build it once from Settings and pass it around: it holds the embedding model, the Chroma client
and the loaded BM25 index, all expensive to create. Functions that accept "settings or index"
(``search``, ``index_paths``…) build a throw-away one when given Settings.

Only chunks of documents whose registry status is ``done`` are searchable; dense hits for other
ids (left by an interrupted run) are ignored, so a crash never shows half a document.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.retrieve.analyzer import DEFAULT_ANALYZER, VietnameseAnalyzer, is_unaccented, normalize_for_index
from assistant.retrieve.embedding_cache import CachedEmbeddings
from assistant.retrieve.embeddings import embedding_identity, make_embeddings
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

    @classmethod
    def of(cls, settings_or_index: "Settings | CorpusIndex") -> "CorpusIndex":
        return settings_or_index if isinstance(settings_or_index, CorpusIndex) else cls(settings_or_index)

    # -- components (lazy) ------------------------------------------------------------------
    @property
    def embeddings(self) -> CachedEmbeddings:
        if self._embeddings is None:
            inner = self._raw_embeddings or make_embeddings(self.settings)
            self._embeddings = CachedEmbeddings(inner, self.identity, self._embedding_cache_path)
        return self._embeddings

    @property
    def client(self) -> Any:
        if self._client is None:
            self._client = make_client(self.settings)
        return self._client

    @property
    def store(self) -> Chroma:
        if self._store is None:
            self._store = open_store(self.client, self.identity, self.embeddings)
        return self._store

    @property
    def dense_ready(self) -> bool:
        """False when the vectors were made by another embedding backend (re-index needed)."""
        indexed_with = self.registry.get_meta(META_EMBEDDING_IDENTITY)
        return indexed_with in ("", self.identity)

    def snapshot(self) -> _Snapshot:
        """Searchable chunks + BM25 for the registry's current generation (rebuilt if stale)."""
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
        """Rebuild the BM25 index now (the indexer calls this after a batch)."""
        self._snapshot = None
        self.snapshot()

    # -- rankings ---------------------------------------------------------------------------
    @staticmethod
    def normalize_query(query: str) -> str:
        return " ".join(unicodedata.normalize("NFC", query).split())

    def restored_query(self, query: str) -> str:
        """The query with diacritics restored if it was typed without them (else as typed)."""
        query = self.normalize_query(query)
        if self.params.restore_diacritics and is_unaccented(query):
            return self.snapshot().restorer.restore(query)
        return query

    def bm25_ranking(self, query: str, filters: SearchFilters | None, n: int) -> list[tuple[str, float]]:
        snap = self.snapshot()
        text = self.restored_query(query) if self.params.restore_for_bm25 else self.normalize_query(query)
        return snap.lexical.top(text, n, snap.mask(filters), self.params.term_weights)

    def dense_ranking(self, query: str, filters: SearchFilters | None, n: int) -> list[tuple[str, float]]:
        snap = self.snapshot()
        if not snap.by_id or not self.dense_ready:
            return []
        vector = self.embeddings.embed_query(normalize_for_index(self.restored_query(query)))
        where = filters.chroma_where() if filters else None
        found = self.store.similarity_search_by_vector_with_relevance_scores(vector, k=n, filter=where)
        ranking = []
        for doc, distance in found:
            chunk_id = doc.id or doc.metadata.get("chunk_id")
            if chunk_id in snap.by_id:  # ignore vectors of unfinished documents
                ranking.append((chunk_id, 1.0 - float(distance)))
        return ranking

    def hybrid_ranking(self, query: str, filters: SearchFilters | None, k: int) -> list[tuple[str, float]]:
        p = self.params
        lexical = self.bm25_ranking(query, filters, max(p.pool, 3 * k))
        unaccented = is_unaccented(query)
        dense_weight = p.dense_weight_unaccented if unaccented else p.dense_weight
        if unaccented and not p.restore_diacritics:
            dense_weight = 0.0  # e5 cannot read Vietnamese without diacritics
        dense = self.dense_ranking(query, filters, max(p.dense_pool, 3 * k)) if dense_weight > 0 else []
        weights = [p.bm25_weight, dense_weight]
        if p.fusion == "score":
            fused = normalized_score_fusion([lexical, dense], weights)
        else:
            fused = reciprocal_rank_fusion([[c for c, _ in lexical], [c for c, _ in dense]], self.settings.rrf_k, weights)
        by_id = self.snapshot().by_id
        head_size = max(k, 20) if self.reranker is not None else k
        fused = collapse_near_duplicates(fused, lambda cid: by_id[cid].text, p.duplicate_jaccard, limit=head_size)
        if self.reranker is not None:
            head = fused[:head_size]
            order = self.reranker.rerank(query, [(cid, by_id[cid].text) for cid, _ in head])
            score_of = dict(head)
            fused = [(cid, score_of[cid]) for cid in order] + fused[len(head) :]
        return fused[:k]

    def chunk(self, chunk_id: str) -> ChunkRecord | None:
        return self.snapshot().by_id.get(chunk_id) or self.registry.get_chunk(chunk_id)
