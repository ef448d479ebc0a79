"""Indexing throughput on a corpus vs the raw embedding throughput of the model.

    .venv/bin/python bench/bench_indexing.py ../shared/seeds

Indexes the corpus into a fresh temporary data dir (cold: no vector cache), then embeds the same
chunk texts directly with the model. Prints chunks/s, MB/s, peak RSS and the ratio
indexing/raw (target ≥ 0.8: the model is the floor).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.retrieve import CorpusIndex, index_paths  # noqa: E402
from assistant.retrieve.embeddings import make_embeddings  # noqa: E402
from assistant.retrieve.indexer import _expand  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(corpus: Path) -> None:
    files, _, _ = _expand([corpus])
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data", chroma_host="")
        index = CorpusIndex(settings)
        start = time.perf_counter()
        report = index_paths([corpus], index, root=corpus)
        index_s = time.perf_counter() - start
        texts = [c.embed_text for c in index.snapshot().by_id.values()]
        rss_index = peak_rss_mb()

        model = make_embeddings(settings)
        model.embed_documents(texts[:2])  # load the model outside the timing, as indexing does lazily
        start = time.perf_counter()
        model.embed_documents(texts)
        raw_s = time.perf_counter() - start

    n = len(texts)
    print(f"corpus: {corpus} — {len(files)} files, {size_mb:.3f} MB, {n} chunks, failed={len(report.failed)}")
    print("| measure | value |\n|---|---|")
    print(f"| indexing wall time | {index_s:.1f} s |")
    print(f"| indexing throughput | {n / index_s:.2f} chunks/s, {size_mb / index_s:.4f} MB/s |")
    print(f"| raw embedding (same texts) | {raw_s:.1f} s, {n / raw_s:.2f} chunks/s |")
    print(f"| ratio indexing / raw | {(n / index_s) / (n / raw_s):.2f} |")
    print(f"| peak RSS | {rss_index:.0f} MB |")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds"))
