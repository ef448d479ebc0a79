"""Warm search latency (p50/p95) of BM25, dense and fused search at several corpus sizes.

    .venv/bin/python bench/bench_search.py 1000 10000 100000

Corpora are synthesized: chunk texts are random sentences over a Vietnamese administrative
vocabulary, vectors are random unit vectors (allowed by the issue for large sizes; HNSW cost does
not depend on where vectors come from). Queries are embedded by the real model, so dense and
fused times include query embedding. Targets: p95 ≤ 150 ms at 10k, ≤ 500 ms at 100k.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.retrieve import CorpusIndex  # noqa: E402
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
    collection = index.store._collection
    for d in range(0, n, CHUNKS_PER_DOC):
        doc_id, source = f"synthetic{d:08d}", f"synthetic/{d:08d}.txt"
        chunks = []
        for i in range(min(CHUNKS_PER_DOC, n - d)):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 120)))
            meta = {"chunk_id": f"{doc_id}:{i}", "doc_id": doc_id, "source": source, "kind": KINDS[i % 5],
                    "commune_key": f"xa {d % 37}", "year": 2024 + d % 3, "doc_type_key": "bao cao", "is_directive": False}
            chunks.append(ChunkRecord(f"{doc_id}:{i}", doc_id, source, i, text, text, "", KINDS[i % 5], (0, len(text)), meta))
        record = DocumentRecord(source, doc_id, doc_id, STATUS_DONE, len(chunks), 0, "", {})
        index.registry.begin_document(record, "", chunks)
        vectors = np.random.default_rng(d).normal(size=(len(chunks), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        collection.add(ids=[c.chunk_id for c in chunks], embeddings=vectors, metadatas=[c.metadata for c in chunks])
        index.registry.set_status(source, STATUS_DONE)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main(sizes: list[int], rounds: int = 5) -> None:
    print("| chunks | build s | BM25 p50/p95 ms | dense p50/p95 ms | fused p50/p95 ms |\n|---|---|---|---|---|")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            index = CorpusIndex(load_settings(data_dir=Path(tmp) / "data", chroma_host=""))
            start = time.perf_counter()
            synthesize(index, n, random.Random(n))
            index.refresh()  # BM25 build
            build_s = time.perf_counter() - start
            runs = {"bm25": index.bm25_ranking, "dense": index.dense_ranking,
                    "fused": lambda q, f, k: index.hybrid_ranking(q, f, k)}
            row = [f"{n}", f"{build_s:.0f}"]
            for name, fn in runs.items():
                fn(QUERIES[0], None, 10)  # warm-up
                times = []
                for _ in range(rounds):
                    for q in QUERIES:
                        t = time.perf_counter()
                        fn(q, None, 10)
                        times.append((time.perf_counter() - t) * 1000)
                p50, p95 = percentiles(times)
                row.append(f"{p50:.0f} / {p95:.0f}")
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000, 100000])
