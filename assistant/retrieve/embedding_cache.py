"""A persistent cache of passage vectors, keyed by (embedding identity, text hash).

Embedding is the slow step (~12 passages/s on 2 cores). The cache makes re-indexing a changed
file cost only its changed chunks, and makes a backend switch back, a crash recovery or an
evaluation re-run nearly free. LangChain's ``CacheBackedEmbeddings`` is not shipped with
langchain 1.x (it moved to ``langchain-classic``), hence this small SQLite version.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings


QUERY_CACHE_SIZE = 2048  # query vectors kept in memory (384 floats each: ~3 MB as lists)


class CachedEmbeddings(Embeddings):
    """Wraps an ``Embeddings``; document vectors are cached on disk, query vectors in memory (LRU).

    The load run (docs/benchmarks.md, issue 12) found searches queueing on the one embedding
    model: officers repeat queries (a filter changed, the same topic for several sections, the
    drafter's retrieval of a section asked again), and a repeated query costs no model call.
    """

    def __init__(self, inner: Embeddings, identity: str, cache_path: Path, query_cache_size: int = QUERY_CACHE_SIZE):
        self.inner = inner
        self.identity = identity
        self.cache_path = cache_path
        self._queries: OrderedDict[str, tuple[float, ...]] = OrderedDict()
        self._query_cache_size = query_cache_size
        self._queries_lock = threading.Lock()
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS vectors (identity TEXT, text_hash TEXT, vector BLOB,"
                " PRIMARY KEY (identity, text_hash))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.cache_path, timeout=30)

    @staticmethod
    def _hash(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        hashes = [self._hash(t) for t in texts]
        found: dict[str, list[float]] = {}
        with self._connect() as con:
            for start in range(0, len(hashes), 500):
                part = hashes[start : start + 500]
                rows = con.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE identity = ? AND text_hash IN "
                    f"({','.join('?' * len(part))})",
                    [self.identity, *part],
                ).fetchall()
                found.update({h: np.frombuffer(v, dtype=np.float32).tolist() for h, v in rows})
        missing = list(dict.fromkeys(h for h in hashes if h not in found))
        if missing:
            text_of = dict(zip(hashes, texts))
            vectors = self.inner.embed_documents([text_of[h] for h in missing])
            with self._connect() as con:
                con.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(self.identity, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in zip(missing, vectors)],
                )
            found.update(zip(missing, vectors))
        return [list(found[h]) for h in hashes]

    def embed_query(self, text: str) -> list[float]:
        with self._queries_lock:
            cached = self._queries.get(text)
            if cached is not None:
                self._queries.move_to_end(text)
                return list(cached)
        vector = self.inner.embed_query(text)  # outside the lock: other queries' hits need not wait
        with self._queries_lock:
            self._queries[text] = tuple(vector)
            self._queries.move_to_end(text)
            while len(self._queries) > self._query_cache_size:
                self._queries.popitem(last=False)
        return list(vector)
