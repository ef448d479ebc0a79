""""Soạn toàn bộ" on a 10-section report: total time, time to the first section, per section.

    .venv/bin/python bench/bench_report.py --backend composer [--runs 3]
    .venv/bin/python bench/bench_report.py --backend llamacpp --runs 1

The report starts from the sample corpus's directive (Công văn of tỉnh Lam Sơn: 9 sections to write)
with one more kết quả section ("d) Chuyển đổi số trong giáo dục, y tế") to make 10, and the
directive's six indicators filled in for kỳ này plus two more, as an officer would before pressing
"Soạn toàn bộ". Drafting goes through ``ReportService.draft_all`` exactly as the button does
(``ui/screens/compose.py``), over a real index of the sample corpus. Targets (issue 11, 2 cores):
≤ 10 s with the composer, ≤ 4 min with the embedded LLM, first section shown ≤ 30 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.ingest.types import SectionKind  # noqa: E402
from assistant.outline import SkeletonSection  # noqa: E402
from assistant.settings import load_settings  # noqa: E402
from assistant.workspace import FactRow, access_policy  # noqa: E402
from ui.services import AppServices  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DIRECTIVE = "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx"
THIS_PERIOD = ["86,5", "64,0", "100", "9", "14", "3.412"]
EXTRA_FACTS = [FactRow("Số trường học sử dụng sổ điểm điện tử", "6", "trường"),
               FactRow("Số trạm y tế dùng bệnh án điện tử", "1", "trạm")]


def ten_section_skeleton(services: AppServices):
    source = next(s for _, s in services.reports.source_choices() if s.endswith(DIRECTIVE))
    skeleton = services.reports.read_outline(source)
    first, *rest = skeleton.sections
    tasks = first.children[1]
    extra = SkeletonSection("d)", "Chuyển đổi số trong giáo dục, y tế", SectionKind.KET_QUA)
    tasks = replace(tasks, children=tasks.children + (extra,))
    first = replace(first, children=(first.children[0], tasks))
    return replace(skeleton, sections=(first, *rest))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="composer", help="composer | llamacpp | openai")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="print the last run's drafts, to read them")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench_report_"))
    try:
        shutil.copytree(ROOT / "corpus", root / "corpus")
        settings = load_settings(env={k: v for k, v in os.environ.items() if k.startswith("ASSISTANT_")},
                                 config_path=root / "none.toml", data_dir=root / "data", corpus_dir=root / "corpus",
                                 llm_backend=args.backend)
        services = AppServices(settings, access_policy(settings.ui_host, settings.users_file))
        job = services.corpus.start_initial_index()
        services.worker.wait(job.id, timeout=600)
        t = time.perf_counter()
        services.warm_up()
        print(f"warm-up (once, at app start): {time.perf_counter() - t:.1f} s")
        skeleton = ten_section_skeleton(services)
        totals, firsts, per_section = [], [], []
        for _ in range(args.runs):
            info = services.reports.start("bench", skeleton)
            rows = services.store.get_facts("bench", info.id)
            rows = [replace(r, value=v) for r, v in zip(rows, THIS_PERIOD)] + EXTRA_FACTS
            services.store.replace_facts("bench", info.id, rows)
            t0 = last = time.perf_counter()
            first = None
            sections = 0
            for step in services.reports.draft_all("bench", info.id):
                now = time.perf_counter()
                if step.draft_id is not None:
                    sections += 1
                    per_section.append(now - last)
                    first = first if first is not None else now - t0
                last = now
            totals.append(time.perf_counter() - t0)
            firsts.append(first or 0.0)
            drafts = services.store.list_drafts("bench", info.id)
            written = sum(bool(d.text.strip()) for d in drafts)
            modes = Counter(d.mode or "—" for d in drafts if d.text.strip())
        if args.show:
            for d in drafts:
                print(f"\n## {d.section_path} {d.title} ({d.mode or '—'})\n{d.text or '(trống)'}")
        print(f"\nbackend {args.backend}, {args.runs} run(s), {sections} sections ({written} with text), "
              f"load average {os.getloadavg()[0]:.1f}; written by: "
              + ", ".join(f"{m} {n}" for m, n in modes.most_common()))
        print("| what | median | max |")
        print("|---|---|---|")
        print(f"| Soạn toàn bộ, 10 sections | {statistics.median(totals):.1f} s | {max(totals):.1f} s |")
        print(f"| first section shown | {statistics.median(firsts):.1f} s | {max(firsts):.1f} s |")
        print(f"| one section | {statistics.median(per_section):.2f} s | {max(per_section):.2f} s |")
        services.worker.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
