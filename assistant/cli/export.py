"""``assistant export``: write a report (REPORT.json or the built-in sample) as a .docx (Nghị định 30/2020)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.export import CitationMode, ExportOptions, export_report, sample_report
from assistant.report import ReportValidationError, header_from_settings, load_report, single_section_report
from assistant.settings import Settings


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "export",
        help="Xuất báo cáo ra tệp .docx theo thể thức Nghị định 30/2020/NĐ-CP",
        description="Xuất REPORT.json (lược đồ: docs/report_schema.md) hoặc báo cáo mẫu ra .docx.",
    )
    p.add_argument("report", nargs="?", type=Path, help="tệp REPORT.json")
    p.add_argument("--out", required=True, type=Path, help="tệp .docx sẽ ghi")
    p.add_argument("--sample", action="store_true", help="xuất báo cáo mẫu dựng sẵn thay cho REPORT.json")
    p.add_argument("--final", action="store_true", help="bản trình ký: bỏ các dấu trích dẫn [n]")
    p.add_argument(
        "--citations",
        choices=[m.value for m in CitationMode],
        help="cách xử lý trích dẫn (mặc định: references cho bản làm việc, drop cho bản trình ký)",
    )
    p.add_argument("--section", help='chỉ xuất một mục, ví dụ "II/2" hoặc "II. > 2."')
    p.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace, settings: Settings) -> int:
    if args.sample == bool(args.report):
        print("Cần đúng một nguồn: đường dẫn REPORT.json hoặc --sample.", file=sys.stderr)
        return 2
    if args.out.suffix.lower() != ".docx":
        print(f"Tệp xuất phải có đuôi .docx: {args.out}", file=sys.stderr)
        return 2
    defaults = header_from_settings(settings.header)
    if args.sample:
        report = sample_report(settings.header)
    else:
        if not args.report.is_file():
            print(f"Không tìm thấy tệp báo cáo: {args.report}", file=sys.stderr)
            return 2
        try:
            report = load_report(args.report, defaults)
        except ReportValidationError as exc:
            print(f"{args.report}: {exc}", file=sys.stderr)
            return 2
    if args.section:
        try:
            report = single_section_report(report, args.section)
        except KeyError as exc:
            print(exc.args[0], file=sys.stderr)
            return 2
    options = ExportOptions(final=args.final, citations=CitationMode(args.citations) if args.citations else None)
    try:
        result = export_report(report, args.out, options)
    except OSError as exc:
        print(f"Không ghi được {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    kind = "bản trình ký" if args.final else "bản làm việc"
    print(f"Đã xuất {kind}: {result.path}")
    return 0
