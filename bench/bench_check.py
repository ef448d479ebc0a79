"""Time to check a 50-page report, and the checker's figures on its labelled case sets.

    .venv/bin/python bench/bench_check.py [--pages 50] [--rounds 5] [--seeds 0 1 2 3 4]

Timing: a report of ``--pages`` pages (3.000 characters a page, the density of the seed reports)
is built from the generated case reports of ``assistant.facts.casegen`` (their body paragraphs,
tables and bullet lists, repeated under new section numbers) — or from ../shared/seeds when
present, which are real reports — and ``check_consistency`` runs on it ``--rounds`` times; the
table gives the median and the worst time. Target: ≤ 2 s for 50 pages.

Figures: recall and false flags (share of consistent cases flagged) on ../shared/eval/numbers_dev.jsonl
(when ../shared is present), on the generated ``tune`` split and on the generated ``measure``
split for each seed in ``--seeds``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.facts import check_consistency  # noqa: E402
from assistant.facts.casegen import generate, write  # noqa: E402
from assistant.facts.evaluate import run_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PAGE = 3000


def big_report(pages: int) -> tuple[str, str]:
    """(text, where it came from) of about ``pages`` pages."""
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    parts = [p.read_text(encoding="utf-8") for p in seeds]
    source = "../shared/seeds (báo cáo thật, lặp lại)"
    if not parts:
        parts = [case.text for case in generate("tune", 0)]
        source = "báo cáo sinh bởi casegen"
    text, i = "", 0
    while len(text) < pages * PAGE:
        text += f"\n\n{['I', 'II', 'III', 'IV', 'V', 'VI'][i % 6]}. PHẦN {i + 1}\n\n" + parts[i % len(parts)]
        i += 1
    return text, source


def figures(cases: Path, corpus: Path) -> tuple[int, int, float, int, int]:
    results = [r for r in run_cases(cases, corpus) if not r.skipped and not r.problem]
    positives = [r for r in results if r.expected_inconsistent]
    negatives = [r for r in results if not r.expected_inconsistent]
    recall = sum(r.flagged for r in positives) / len(positives) if positives else 1.0
    false = sum(r.flagged for r in negatives)
    return len(results), len(positives), recall, false, len(negatives)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = parser.parse_args()

    text, source = big_report(args.pages)
    check_consistency(text)  # warm-up: regexes compiled, modules imported
    times, findings = [], 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        findings = len(check_consistency(text))
        times.append(time.perf_counter() - start)
    print(f"| báo cáo | ký tự | trang | lần chạy | trung vị (s) | chậm nhất (s) | phát hiện |")
    print("|---|---|---|---|---|---|---|")
    print(f"| {source} | {len(text):,} | {len(text) // PAGE} | {args.rounds} | {statistics.median(times):.2f} | "
          f"{max(times):.2f} | {findings} |")
    print()
    print("| bộ trường hợp | trường hợp (mâu thuẫn) | recall | báo nhầm / nhất quán |")
    print("|---|---|---|---|")
    if (SHARED / "eval" / "numbers_dev.jsonl").is_file():
        n, pos, recall, false, neg = figures(SHARED / "eval" / "numbers_dev.jsonl", SHARED / "seeds")
        print(f"| dev (../shared/eval/numbers_dev.jsonl) | {n} ({pos}) | {recall:.2%} | {false}/{neg} |")
    for split in ("tune", "measure"):
        total = [0, 0, 0, 0, 0]
        for seed in args.seeds:
            with tempfile.TemporaryDirectory() as folder:
                cases = write(Path(folder), split, seed)
                n, pos, recall, false, neg = figures(cases, Path(folder))
            total = [total[0] + n, total[1] + pos, total[2] + recall * pos, total[3] + false, total[4] + neg]
        recall = total[2] / total[1] if total[1] else 1.0
        share = total[3] / total[4] if total[4] else 0.0
        print(f"| sinh: {split}, hạt giống {' '.join(map(str, args.seeds))} | {total[0]} ({total[1]}) | {recall:.2%} | "
              f"{total[3]}/{total[4]} ({share:.1%}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
