"""Indexing throughput on a corpus vs the raw embedding throughput of the model, in the same run.

    .venv/bin/python bench/bench_indexing.py ../shared/seeds [--rounds 3]

The machine is shared, so load drifts during a run. To compare the two halves fairly they are
interleaved: each round runs a cold indexing (fresh data dir, empty vector cache) and the model
alone on the same chunk texts, alternating which goes first (ABBA…), with the same already
loaded model. Reported: the median of each half, the ratio of medians, and the median of the
per-round ratios (target ≥ 0.8: the model is the floor), peak RSS and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
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


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def index_once(corpus: Path, model) -> tuple[float, list[str], int]:
    """Cold indexing into a fresh data dir; returns (seconds, chunk texts, failed files)."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data", chroma_host="")
        index = CorpusIndex(settings, embeddings=model)
        start = time.perf_counter()
        report = index_paths([corpus], index, root=corpus)
        seconds = time.perf_counter() - start
        texts = [c.embed_text for c in index.snapshot().by_id.values()]
    return seconds, texts, len(report.failed)


def raw_once(model, texts: list[str]) -> float:
    start = time.perf_counter()
    model.embed_documents(texts)
    return time.perf_counter() - start


def main(corpus: Path, rounds: int) -> None:
    files, _, _ = _expand([corpus])
    size_mb = sum(f.stat().st_size for f in files) / 1e6
    model = make_embeddings(load_settings(chroma_host=""))
    model.embed_documents(["khởi động mô hình"])  # load outside any timing, shared by both halves
    print(f"load average at start: {load_average()}", flush=True)

    index_s: list[float] = []
    raw_s: list[float] = []
    texts: list[str] = []
    failed = 0
    for r in range(rounds):
        # ABBA: round 1 indexes first (it also yields the chunk texts), round 2 embeds first, …
        for half in (("index", "raw") if r % 2 == 0 else ("raw", "index")):
            if half == "index":
                seconds, texts, failed = index_once(corpus, model)
                index_s.append(seconds)
            else:
                raw_s.append(raw_once(model, texts))
            print(f"round {r + 1} {half} done (load {load_average()})", file=sys.stderr, flush=True)

    n = len(texts)
    med_index, med_raw = statistics.median(index_s), statistics.median(raw_s)
    ratios = [raw / idx for idx, raw in zip(index_s, raw_s)]  # throughput ratio = raw time / index time
    print(f"corpus: {corpus} — {len(files)} files, {size_mb:.3f} MB, {n} chunks, failed={failed}; {rounds} rounds")
    print("| measure | value |\n|---|---|")
    print(f"| indexing wall time, median (all rounds) | {med_index:.1f} s ({', '.join(f'{x:.1f}' for x in index_s)}) |")
    print(f"| indexing throughput (median) | {n / med_index:.2f} chunks/s, {size_mb / med_index:.4f} MB/s |")
    print(f"| raw embedding, same texts, median (all rounds) | {med_raw:.1f} s ({', '.join(f'{x:.1f}' for x in raw_s)}) |")
    print(f"| raw embedding throughput (median) | {n / med_raw:.2f} chunks/s |")
    print(f"| ratio indexing / raw, of medians | {med_raw / med_index:.2f} |")
    print(f"| ratio indexing / raw, median of rounds | {statistics.median(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)}) |")
    print(f"| peak RSS | {peak_rss_mb():.0f} MB |")
    print(f"| load average at end (1/5/15 min) | {load_average()} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    main(args.corpus, max(1, args.rounds))
