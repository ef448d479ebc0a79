"""Indexing throughput on a corpus vs the raw embedding throughput of the model, in the same run.

    .venv/bin/python bench/bench_indexing.py ../shared/seeds [--rounds 3]

The machine is shared and its load drifts by 2–3× within minutes, which swamps the comparison
of two halves run one after the other. So two measures are reported:

* **in-run ratio** (the robust one): during each cold indexing (fresh data dir, empty vector
  cache) the time spent inside the model's ``embed_documents`` is measured too; raw-model
  throughput on exactly those calls divided into the indexing throughput is
  ``model seconds / indexing seconds`` — both sides share the same load;
* **interleaved halves**: each round also embeds the same chunk texts with the model alone,
  alternating which half goes first (ABBA…), same already loaded model; medians of each half.

Target ≥ 0.8 (the model is the floor). Also: peak RSS and the load average.
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

from langchain_core.embeddings import Embeddings  # noqa: E402

from assistant.retrieve import CorpusIndex, index_paths  # noqa: E402
from assistant.retrieve.embeddings import make_embeddings  # noqa: E402
from assistant.retrieve.indexer import _expand  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


class TimedEmbeddings(Embeddings):
    """Passes calls to the model and adds up the seconds spent in ``embed_documents``."""

    def __init__(self, inner: Embeddings):
        self.inner = inner
        self.seconds = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        start = time.perf_counter()
        try:
            return self.inner.embed_documents(texts)
        finally:
            self.seconds += time.perf_counter() - start

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def index_once(corpus: Path, model: Embeddings) -> tuple[float, float, list[str], int]:
    """Cold indexing into a fresh data dir: (seconds, model seconds inside, chunk texts, failed files)."""
    timed = TimedEmbeddings(model)
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp) / "data", chroma_host="")
        index = CorpusIndex(settings, embeddings=timed)
        start = time.perf_counter()
        report = index_paths([corpus], index, root=corpus)
        seconds = time.perf_counter() - start
        texts = [c.embed_text for c in index.snapshot().by_id.values()]
    return seconds, timed.seconds, texts, len(report.failed)


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
    inside_s: list[float] = []
    raw_s: list[float] = []
    texts: list[str] = []
    failed = 0
    for r in range(rounds):
        # ABBA: round 1 indexes first (it also yields the chunk texts), round 2 embeds first, …
        for half in (("index", "raw") if r % 2 == 0 else ("raw", "index")):
            if half == "index":
                seconds, inside, texts, failed = index_once(corpus, model)
                index_s.append(seconds)
                inside_s.append(inside)
            else:
                raw_s.append(raw_once(model, texts))
            print(f"round {r + 1} {half} done (load {load_average()})", file=sys.stderr, flush=True)

    n = len(texts)
    med_index, med_raw = statistics.median(index_s), statistics.median(raw_s)
    ratios = [raw / idx for idx, raw in zip(index_s, raw_s)]  # throughput ratio = raw time / index time
    in_run = [inside / idx for idx, inside in zip(index_s, inside_s)]
    print(f"corpus: {corpus} — {len(files)} files, {size_mb:.3f} MB, {n} chunks, failed={failed}; {rounds} rounds")
    print("| measure | value |\n|---|---|")
    print(f"| indexing wall time, median (all rounds) | {med_index:.1f} s ({', '.join(f'{x:.1f}' for x in index_s)}) |")
    print(f"| indexing throughput (median) | {n / med_index:.2f} chunks/s, {size_mb / med_index:.4f} MB/s |")
    print(f"| raw embedding, same texts, median (all rounds) | {med_raw:.1f} s ({', '.join(f'{x:.1f}' for x in raw_s)}) |")
    print(f"| raw embedding throughput (median) | {n / med_raw:.2f} chunks/s |")
    print(f"| model time inside indexing (all rounds) | {', '.join(f'{x:.1f}' for x in inside_s)} s |")
    print(f"| **in-run ratio indexing / raw** (model s ÷ indexing s), median | "
          f"**{statistics.median(in_run):.2f}** ({', '.join(f'{x:.3f}' for x in in_run)}) |")
    print(f"| ratio indexing / raw, of medians of the interleaved halves | {med_raw / med_index:.2f} |")
    print(f"| ratio indexing / raw, median of per-round ratios | {statistics.median(ratios):.2f} ({', '.join(f'{x:.2f}' for x in ratios)}) |")
    print(f"| peak RSS | {peak_rss_mb():.0f} MB |")
    print(f"| load average at end (1/5/15 min) | {load_average()} |")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    main(args.corpus, max(1, args.rounds))
