"""``assistant outline FILE``: what was read from a directive or a previous report, to be checked."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "outline", help="Đọc đề cương, bảng chỉ tiêu, thời hạn, nơi nhận từ văn bản chỉ đạo hoặc báo cáo kỳ trước")
    p.add_argument("file", type=Path, help="tệp .docx, .pdf, .txt hoặc .md")
    p.add_argument("--period", default="", help="kỳ báo cáo mới (khi đọc báo cáo kỳ trước), ví dụ \"quý IV/2025\"")
    p.add_argument("--json", action="store_true", help="in khung báo cáo dạng JSON")
    p.set_defaults(handler=cmd_outline)


def cmd_outline(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.ingest import IngestError
    from assistant.outline import format_skeleton, read_skeleton

    try:
        skeleton = read_skeleton(args.file, settings, period=args.period)
    except IngestError as exc:
        print(f"Lỗi: không đọc được {exc.path}: {exc.message}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(skeleton.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_skeleton(skeleton))
    return 0
