"""``assistant check FILE`` and ``assistant eval numbers``.

``check FILE``: a report text (.txt/.md, UTF-8) is checked for consistency; a fact file
(.csv, .xlsx, .json) is imported (row errors listed) and its facts checked.
``eval numbers --cases … --corpus … [--json]``: see ``assistant.facts.evaluate``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from assistant.facts import check_consistency, import_facts
from assistant.facts.evaluate import run_cases, summarize

FACT_FILES = (".csv", ".xlsx", ".json")


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="Kiểm tra tính nhất quán của số liệu trong một tệp")
    parser.add_argument("file", type=Path, help="báo cáo .txt/.md hoặc tệp số liệu .csv/.xlsx/.json")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.set_defaults(handler=check_command)


def register_eval(eval_subparsers) -> None:
    parser = eval_subparsers.add_parser("numbers", help="Đánh giá bộ kiểm tra số liệu trên các trường hợp mẫu")
    parser.add_argument("--cases", type=Path, required=True, help="tệp .jsonl các trường hợp")
    parser.add_argument("--corpus", type=Path, required=True, help="thư mục chứa các báo cáo (seeds)")
    parser.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON")
    parser.set_defaults(handler=eval_numbers_command)


def check_command(args: argparse.Namespace, settings) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"Không tìm thấy tệp: {path}")
        return 2
    errors = []
    try:
        if path.suffix.lower() in FACT_FILES:
            imported = import_facts(path)
            errors = [str(e) for e in imported.errors]
            findings, text = check_consistency(imported.facts), None
        else:
            text = path.read_text(encoding="utf-8")
            findings = check_consistency(text)
    except (UnicodeDecodeError, ValueError, OSError) as exc:
        print(f"Không đọc được tệp {path}: {exc}")
        return 2
    if args.json:
        print(json.dumps({"errors": errors, "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        return 1 if findings else 0
    for error in errors:
        print(f"Lỗi nhập: {error}")
    if not findings:
        print("Không phát hiện số liệu mâu thuẫn.")
    for number, finding in enumerate(findings, start=1):
        where = ""
        if text is not None and finding.spans:
            line = text.count("\n", 0, finding.spans[0][0]) + 1
            where = f" (dòng {line})"
        print(f"{number}. [{finding.title}]{where} {finding.message}")
    return 1 if findings else 0


def eval_numbers_command(args: argparse.Namespace, settings) -> int:
    if not args.cases.is_file() or not args.corpus.is_dir():
        print(f"Không tìm thấy tệp trường hợp {args.cases} hoặc thư mục {args.corpus}")
        return 2
    results = run_cases(args.cases, args.corpus)
    summary = summarize(results)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    for r in results:
        verdict = "PHÁT HIỆN" if r.flagged else "không"
        expected = "mâu thuẫn" if r.expected_inconsistent else "nhất quán"
        ok = "đúng" if r.flagged == r.expected_inconsistent else "SAI"
        print(f"{r.id}: {verdict} (kỳ vọng: {expected}) — {ok}{' — ' + r.problem if r.problem else ''}")
        for f in r.findings:
            print(f"    {f.message}")
    print(f"Recall: {summary['recall']:.2%}; báo nhầm: {summary['false_positives']}")
    return 0
