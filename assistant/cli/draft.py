"""Drafting commands: ``draft`` (one section), ``chat`` (terminal conversation), ``eval drafting``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import LLM_BACKENDS, Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    from assistant.draft.types import SECTION_CHOICES

    p = subparsers.add_parser("draft", help="Soạn một mục báo cáo từ số liệu của xã")
    p.add_argument("--section", required=True, choices=SECTION_CHOICES, metavar="MỤC",
                   help=f"loại mục: {', '.join(SECTION_CHOICES)}")
    p.add_argument("--topic", required=True, help="chủ đề, ví dụ \"dịch vụ công trực tuyến\"")
    p.add_argument("--facts", type=Path, default=None,
                   help="tệp số liệu (.csv, .xlsx, .json) hoặc tệp văn bản có câu nêu số liệu")
    p.add_argument("--commune", default="", help="tên xã (mặc định: theo cấu hình header.place)")
    p.add_argument("--period", default="", help="kỳ báo cáo, ví dụ \"6 tháng đầu năm 2026\"")
    p.add_argument("--note", action="append", default=[], help="ý của cán bộ, lặp lại được")
    p.add_argument("--backend", choices=LLM_BACKENDS, default=None, help="mặc định: llm_backend trong cấu hình")
    p.add_argument("--json", action="store_true", help="in bản nháp dạng JSON")
    p.set_defaults(handler=cmd_draft)

    p = subparsers.add_parser("chat", help="Trò chuyện để soạn báo cáo (trong cửa sổ lệnh)")
    p.add_argument("--backend", choices=LLM_BACKENDS, default=None)
    p.add_argument("--commune", default="")
    p.add_argument("--period", default="")
    p.set_defaults(handler=cmd_chat)


def register_eval(eval_subparsers: argparse._SubParsersAction) -> None:
    from assistant.draft.evaluation import SYSTEMS

    p = eval_subparsers.add_parser("drafting", help="Đánh giá soạn thảo: số liệu có căn cứ, độ phủ, trích dẫn, tốc độ")
    p.add_argument("--tasks", type=Path, required=True)
    p.add_argument("--corpus", type=Path, default=None, help="thư mục kho báo cáo (lập chỉ mục riêng cho đánh giá)")
    p.add_argument("--backend", choices=SYSTEMS, default="composer")
    p.add_argument("--cache-dir", type=Path, default=Path(".eval_cache"))
    p.add_argument("--revisions", type=Path, default=None,
                   help="tệp nhiệm vụ sửa bản nháp (ví dụ tests/draft/cases/revisions.jsonl)")
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON thay cho bảng")
    p.set_defaults(handler=cmd_eval_drafting)


def _load_facts(path: Path, period: str):
    """Facts from a facts file (facts.import_facts) or, for plain text, from its sentences."""
    from assistant.facts import extract_facts, import_facts

    if path.suffix.lower() in (".txt", ".md"):
        return extract_facts(path.read_text(encoding="utf-8"), period), []
    result = import_facts(path)
    return list(result.facts), [getattr(e, "message", str(e)) for e in result.errors]


def _default_index(settings: Settings):
    from assistant.retrieve import CorpusIndex

    return CorpusIndex(settings) if settings.registry_path.exists() else None


def cmd_draft(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.draft.pipeline import Drafter, Streamed
    from assistant.draft.types import DraftRequest

    facts, errors = [], []
    if args.facts is not None:
        if not args.facts.is_file():
            print(f"Không tìm thấy tệp số liệu {args.facts}", file=sys.stderr)
            return 2
        try:
            facts, errors = _load_facts(args.facts, args.period)
        except ValueError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 2
    for error in errors:
        print(f"Cảnh báo: {error}", file=sys.stderr)
    request = DraftRequest(section=args.section, topic=args.topic, commune=args.commune or settings.header.place,
                           period=args.period, facts=facts, notes=args.note)
    drafter = Drafter(settings, index=_default_index(settings), backend=args.backend)
    streamed = Streamed(drafter.stream(request))
    for chunk in streamed:
        if not args.json:
            print(chunk, end="", flush=True)
    draft = streamed.result
    if args.json:
        print(json.dumps(draft.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print("\n\n--- Bản nháp cuối (sau kiểm tra số liệu) ---")
    print(draft.text)
    for c in draft.citations:
        print(f"[{c.marker}] {c.source} — {c.section_path}")
    mode = "bộ soạn mẫu (không dùng LLM)" if draft.mode == "composer" else draft.mode
    print(f"(Chế độ: {mode}; số không có căn cứ trước/sau kiểm tra: {draft.ungrounded_before}/{draft.ungrounded_after})")
    for line in draft.notices + draft.flagged:
        print(f"Lưu ý: {line}")
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.draft.chat import HELP, ChatSession, ChatState
    from assistant.draft.pipeline import Drafter, Streamed

    session = ChatSession(Drafter(settings, index=_default_index(settings), backend=args.backend),
                          ChatState(commune=args.commune, period=args.period))
    print(HELP + "\nGõ \"thoát\" để kết thúc.")
    while True:
        try:
            message = input("\nCán bộ> ").strip()
        except EOFError:
            return 0
        if message.lower() in ("thoát", "thoat", "exit", "quit"):
            return 0
        if not message:
            continue
        print("Trợ lý> ", end="", flush=True)
        streamed = Streamed(session.send(message))
        shown = ""
        for chunk in streamed:
            shown += chunk
            print(chunk, end="", flush=True)
        reply = streamed.result
        print(("\n\n--- Bản cuối (sau kiểm tra số liệu) ---\n" if shown else "") + reply.text)


def cmd_eval_drafting(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.draft.evaluation import DraftEvalError, evaluate_drafting, format_table

    try:
        result = evaluate_drafting(args.tasks, args.corpus, settings, args.backend, args.cache_dir,
                                   progress=lambda m: print(m, file=sys.stderr, flush=True),
                                   revisions_path=args.revisions)
    except DraftEvalError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_table(result))
    return 0
