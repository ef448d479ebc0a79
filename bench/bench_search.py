"""Warm search latency (p50/p95) of BM25, dense and fused search at several corpus sizes.

    .venv/bin/python bench/bench_search.py 1000 10000 100000 [--rounds 5]

Corpora are synthesized: chunk texts are random sentences over a Vietnamese administrative
vocabulary, vectors are random unit vectors (allowed by the issue for large sizes; HNSW cost does
not depend on where vectors come from). The build is batched — registry rows per synthetic
document, Chroma ``add`` in batches of up to the client's max batch size with precomputed
vectors, one bm25s indexing pass — so 100k chunks build in minutes. Queries are embedded by the
real model, so dense and fused times include query embedding; half of them are typed without
diacritics (restored from the corpus vocabulary before the dense search). The first such query
also builds the diacritic restorer; that one-off cost is reported separately, not in p95.
Targets: p95 ≤ 150 ms at 10k, ≤ 500 ms at 100k.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.retrieve import CorpusIndex  # noqa: E402
from assistant.retrieve.analyzer import normalize_for_index  # noqa: E402
from assistant.retrieve.records import STATUS_DONE, ChunkRecord, DocumentRecord  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

WORDS = (
    "xã ủy ban nhân dân cán bộ công chức hồ sơ trực tuyến thủ tục hành chính chuyển đổi số dữ liệu dân cư "
    "định danh điện tử chữ ký số hạ tầng mạng internet phần mềm một cửa người dân doanh nghiệp kế hoạch "
    "báo cáo kết quả hạn chế nguyên nhân giải pháp kiến nghị tỷ lệ đạt tăng giảm thôn xóm tổ công nghệ "
    "cộng đồng an toàn thông tin tập huấn kỹ năng thanh toán không dùng tiền mặt nông nghiệp y tế giáo dục"
).split()
QUERIES = ["tỷ lệ hồ sơ trực tuyến", "ty le ho so truc tuyen", "hạn chế về hạ tầng mạng ở thôn",
           "tập huấn kỹ năng số cho người dân", "giải pháp an toàn thông tin", "chu ky so can bo"]
CHUNKS_PER_DOC = 100
KINDS = ("ket_qua", "han_che", "giai_phap", "nguyen_nhan", "kien_nghi")


def synthesize(index: CorpusIndex, n: int, rng: random.Random) -> None:
    """``n`` synthetic chunks in documents of ``CHUNKS_PER_DOC``, written in large batches."""
    collection = index.store._collection
    batch_docs = max(1, min(collection._client.get_max_batch_size(), 5000) // CHUNKS_PER_DOC)
    vector_rng = np.random.default_rng(n)
    for first in range(0, n, CHUNKS_PER_DOC * batch_docs):
        docs: list[tuple[DocumentRecord, list[ChunkRecord]]] = []
        for d in range(first, min(n, first + CHUNKS_PER_DOC * batch_docs), CHUNKS_PER_DOC):
            doc_id, source = f"synthetic{d:08d}", f"synthetic/{d:08d}.txt"
            chunks = []
            for i in range(min(CHUNKS_PER_DOC, n - d)):
                text = " ".join(rng.choices(WORDS, k=rng.randint(40, 120)))
                meta = {"chunk_id": f"{doc_id}:{i}", "doc_id": doc_id, "source": source, "kind": KINDS[i % 5],
                        "commune_key": f"xa {d % 37}", "year": 2024 + d % 3, "doc_type_key": "bao cao",
                        "is_directive": False}
                chunks.append(ChunkRecord(f"{doc_id}:{i}", doc_id, source, i, text, text, "", KINDS[i % 5],
                                          (0, len(text)), meta))
            docs.append((DocumentRecord(source, doc_id, doc_id, STATUS_DONE, len(chunks), 0, "", {}), chunks))
        for record, chunks in docs:
            index.registry.begin_document(record, "", chunks)
        all_chunks = [c for _, chunks in docs for c in chunks]
        vectors = vector_rng.normal(size=(len(all_chunks), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        collection.add(ids=[c.chunk_id for c in all_chunks], embeddings=vectors,
                       metadatas=[c.metadata for c in all_chunks])
        for record, _ in docs:
            index.registry.set_status(record.source, STATUS_DONE)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main(sizes: list[int], rounds: int) -> None:
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print("| chunks | build s | BM25 p50/p95 ms | dense p50/p95 ms | fused p50/p95 ms | query embedding p50/p95 ms "
          "| Chroma kNN p50/p95 ms | restorer build s | load avg |\n|---|---|---|---|---|---|---|---|---|", flush=True)
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            index = CorpusIndex(load_settings(data_dir=Path(tmp) / "data", chroma_host=""))
            index.embeddings.embed_query("khởi động")  # model load is not search latency
            start = time.perf_counter()
            synthesize(index, n, random.Random(n))
            index.refresh()  # BM25 build
            build_s = time.perf_counter() - start
            start = time.perf_counter()
            index.snapshot().restorer  # noqa: B018 — built on the first query typed without diacritics
            restorer_s = time.perf_counter() - start
            vectors = {q: index.embeddings.embed_query(normalize_for_index(index.restored_query(q))) for q in QUERIES}
            runs = {
                "bm25": lambda q: index.bm25_ranking(q, None, 10),
                "dense": lambda q: index.dense_ranking(q, None, 10),
                "fused": lambda q: index.hybrid_ranking(q, None, 10),
                # The two parts of "dense", to tell a slow model call from a slow vector search.
                "embed": lambda q: index.embeddings.embed_query(normalize_for_index(index.restored_query(q))),
                "knn": lambda q: index.store.similarity_search_by_vector_with_relevance_scores(vectors[q], k=10),
            }
            times: dict[str, list[float]] = {name: [] for name in runs}
            for q in QUERIES:  # warm-up
                for fn in runs.values():
                    fn(q)
            # Modes interleaved query by query, so a stall caused by other processes on this shared
            # machine lands on any mode rather than on whichever was being measured at the time.
            for _ in range(rounds):
                for q in QUERIES:
                    for name, fn in runs.items():
                        t = time.perf_counter()
                        fn(q)
                        times[name].append((time.perf_counter() - t) * 1000)
            row = [f"{n}", f"{build_s:.0f}"]
            for name in runs:
                p50, p95 = percentiles(times[name])
                row.append(f"{p50:.0f} / {p95:.0f}")
            row += [f"{restorer_s:.1f}", " ".join(f"{x:.1f}" for x in os.getloadavg())]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000, 100000])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    main(args.sizes, max(1, args.rounds))
