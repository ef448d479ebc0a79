"""Reading a long directive's outline: a generated 30-page công văn (.docx and .txt), median of runs.

    .venv/bin/python bench/bench_outline.py [--pages 30] [--runs 7]

The directive has the shape of a provincial guidance (hướng dẫn) with many sections of body text,
an "ĐỀ CƯƠNG BÁO CÁO" appendix and a biểu mẫu of indicators; ~500 words a page. Timed: the whole
``read_skeleton`` (file → ingest → skeleton) and, separately, the skeleton step on the already
ingested Document, to show where the time goes. Target (issue 11): ≤ 2 s for 30 pages.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document as new_docx  # noqa: E402

from assistant.ingest import load_document  # noqa: E402
from assistant.outline import read_skeleton, skeleton_from_document  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

WORDS_PER_PAGE = 500
_SENTENCE = ("Các xã, phường rà soát kết quả thực hiện nhiệm vụ chuyển đổi số, dịch vụ công trực tuyến và dữ liệu "
             "dân cư theo từng chỉ tiêu được giao, nêu rõ số liệu, nguồn số liệu và thời điểm chốt số liệu.")


def directive_blocks(pages: int) -> list[tuple]:
    """(kind, text) blocks of a directive of about ``pages`` pages: body sections, appendix, form."""
    words_per_paragraph = len(_SENTENCE.split()) * 3
    paragraphs = max(1, pages * WORDS_PER_PAGE // words_per_paragraph)
    blocks: list[tuple] = [
        ("p", "ỦY BAN NHÂN DÂN"), ("p", "TỈNH LAM SƠN"), ("p", "Số: 88/HD-UBND"),
        ("p", "Lam Sơn, ngày 10 tháng 5 năm 2026"), ("p", "HƯỚNG DẪN"),
        ("p", "Báo cáo kết quả thực hiện nhiệm vụ năm 2026 của cấp xã"),
    ]
    sections = 12
    for s in range(1, sections + 1):
        blocks.append(("h", f"{s}. Nội dung hướng dẫn thứ {s}"))
        for _ in range(paragraphs // sections):
            blocks.append(("p", " ".join([_SENTENCE] * 3)))
    blocks.append(("p", "Báo cáo gửi về UBND tỉnh (qua Sở Nội vụ) trước ngày 15/12/2026."))
    blocks += [("h", "Phụ lục I"), ("h", "ĐỀ CƯƠNG BÁO CÁO")]
    for roman, title in (("I.", "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"), ("II.", "ĐÁNH GIÁ CHUNG"),
                         ("III.", "NHIỆM VỤ, GIẢI PHÁP NĂM 2027"), ("IV.", "KIẾN NGHỊ, ĐỀ XUẤT")):
        blocks.append(("h", f"{roman} {title}"))
        for n in range(1, 9):
            blocks.append(("h", f"{n}. Lĩnh vực thứ {n}"))
            blocks.append(("p", "Nêu kết quả, số liệu và so sánh với kế hoạch."))
    rows = [["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", "Kết quả năm 2026", "Ghi chú"]]
    rows += [[str(i), f"Chỉ tiêu thứ {i}", "%", "100", "", ""] for i in range(1, 61)]
    blocks += [("h", "Phụ lục II"), ("h", "BIỂU MẪU SỐ LIỆU"), ("table", rows)]
    return blocks


def write_docx(blocks: list[tuple], path: Path) -> None:
    doc = new_docx()
    for block in blocks:
        if block[0] == "table":
            rows = block[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            doc.add_paragraph().add_run(block[1]).bold = block[0] == "h"
    doc.save(path)


def write_txt(blocks: list[tuple], path: Path) -> None:
    parts = ["\n".join("\t".join(r) for r in b[1]) if b[0] == "table" else b[1] for b in blocks]
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, config_path=Path(tmp) / "none.toml", data_dir=Path(tmp) / "data")
        blocks = directive_blocks(args.pages)
        words = sum(len(b[1].split()) for b in blocks if b[0] != "table")
        print(f"{args.pages} pages ≈ {words} words, {len(blocks)} blocks; median of {args.runs} runs\n")
        print("| file | read_skeleton (s) | skeleton step only (s) | sections | indicators |")
        print("|---|---|---|---|---|")
        for suffix, writer in ((".docx", write_docx), (".txt", write_txt)):
            path = Path(tmp) / f"huong-dan{suffix}"
            writer(blocks, path)
            skeleton = read_skeleton(path, settings)  # warm-up, and the figures below
            doc = load_document(path, settings)
            whole = median_seconds(lambda: read_skeleton(path, settings), args.runs)
            step = median_seconds(lambda: skeleton_from_document(doc), args.runs)
            n_sections = sum(1 for _ in skeleton.walk())
            print(f"| {suffix} ({path.stat().st_size // 1024} KB) | {whole:.3f} | {step:.3f} | {n_sections} "
                  f"| {len(skeleton.indicators)} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
