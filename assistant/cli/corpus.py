"""Corpus commands: ``index``, ``search`` (one-shot or interactive), ``stats``, ``eval retrieval``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.settings import Settings

_STATUS_LABEL = {"indexed": "ĐÃ LẬP", "unchanged": "GIỮ NGUYÊN", "removed": "ĐÃ GỠ", "failed": "LỖI"}


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("index", help="Lập chỉ mục tệp/thư mục (bỏ qua tệp không đổi)")
    p.add_argument("paths", nargs="+", type=Path, metavar="ĐƯỜNG_DẪN")
    p.set_defaults(handler=cmd_index)

    p = subparsers.add_parser("search", help="Tìm kiếm trong kho báo cáo (không có câu hỏi: chế độ hỏi đáp)")
    p.add_argument("query", nargs="?", default=None, metavar="CÂU_TÌM")
    p.add_argument("--k", type=int, default=None, help="số kết quả (mặc định: search_k)")
    p.add_argument("--commune", default="", help="lọc theo xã, ví dụ \"Tân Cương\"")
    p.add_argument("--year", type=int, default=None, help="lọc theo năm")
    p.add_argument("--kind", action="append", default=[], help="lọc theo loại mục (han_che, giai_phap…), lặp lại được")
    p.add_argument("--type", dest="doc_type", default="", help="lọc theo loại văn bản, ví dụ \"báo cáo\"")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--directive", dest="is_directive", action="store_true", default=None, help="chỉ văn bản chỉ đạo")
    group.add_argument("--report", dest="is_directive", action="store_false", help="chỉ báo cáo")
    p.add_argument("--mode", choices=("hybrid", "bm25", "dense"), default="hybrid")
    p.set_defaults(handler=cmd_search)

    p = subparsers.add_parser("stats", help="Thống kê chỉ mục")
    p.set_defaults(handler=cmd_stats)


def register_eval(eval_subparsers: argparse._SubParsersAction) -> None:
    p = eval_subparsers.add_parser("retrieval", help="Recall@k và MRR của tìm kiếm trên một bộ câu hỏi")
    p.add_argument("--queries", type=Path, required=True)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--json", action="store_true", help="in một đối tượng JSON thay cho bảng")
    p.add_argument("--cache-dir", type=Path, default=Path(".eval_cache"))
    p.add_argument("--analyzer", default=None, help="syllable | pyvi (mặc định: của hệ thống)")
    p.add_argument("--systems", default="hybrid,bm25,dense,naive")
    p.set_defaults(handler=cmd_eval_retrieval)


def _progress(i: int, total: int, source: str) -> None:
    print(f"[{i}/{total}] {source}", file=sys.stderr, flush=True)


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieve.indexer import index_paths

    report = index_paths(args.paths, settings, progress=_progress)
    if report.recovered:
        print(f"Đã hoàn tất {len(report.recovered)} tệp dở dang từ lần chạy trước.")
    for r in report.results:
        detail = f"{r.chunks} đoạn" if r.status != "failed" else r.reason
        if r.reason and r.status != "failed":
            detail += f" ({r.reason})"
        print(f"{_STATUS_LABEL[r.status]:<11} {r.source}: {detail}")
    counts = {s: len(report.with_status(s)) for s in _STATUS_LABEL}
    print(
        f"Tổng: {counts['indexed']} tệp lập mới ({report.chunks_indexed} đoạn), {counts['unchanged']} giữ nguyên, "
        f"{counts['removed']} gỡ bỏ, {counts['failed']} lỗi."
    )
    if report.failed:
        print(f"Có {len(report.failed)} tệp không lập được chỉ mục (xem các dòng LỖI ở trên).", file=sys.stderr)
        return 1
    return 0


def _filters(args: argparse.Namespace):
    from assistant.retrieve.filters import SearchFilters

    return SearchFilters(
        commune=args.commune, year=args.year, doc_type=args.doc_type, kind=tuple(args.kind),
        is_directive=args.is_directive,
    )


def _print_hits(hits, color: bool) -> None:
    if not hits:
        print("Không tìm thấy đoạn nào phù hợp.")
    for rank, h in enumerate(hits, start=1):
        where = f"{h.source}" + (f" — {h.section_path}" if h.section_path else "")
        print(f"{rank:>2}. {where}  [{h.kind}]  ({h.score:.4f})")
        print(f"    {h.snippet.ansi if color else h.snippet.plain_marked}")
        if h.also_in:
            print(f"    ({h.also_in_text})")


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieve.corpus_index import CorpusIndex
    from assistant.retrieve.search import search

    try:
        filters = _filters(args)
    except ValueError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    k = args.k or settings.search_k
    if k < 1:
        print("Lỗi: --k phải là số nguyên dương.", file=sys.stderr)
        return 2
    index = CorpusIndex(settings)
    if not index.registry.list_documents():
        print("Chỉ mục đang trống: hãy chạy `assistant index corpus/` trước.", file=sys.stderr)
        return 1
    if not index.dense_ready:
        print("Lưu ý: chỉ mục vector được lập bằng mô hình embedding khác; chỉ dùng BM25 cho đến khi chạy lại "
              "`assistant index`.", file=sys.stderr)
    color = sys.stdout.isatty()
    if args.query is not None:
        try:
            _print_hits(search(args.query, index, filters, k, mode=args.mode), color)
        except ValueError as exc:
            print(f"Lỗi: {exc}", file=sys.stderr)
            return 2
        return 0
    print("Tìm kiếm trong kho báo cáo. Gõ câu tìm rồi Enter; dòng trống hoặc Ctrl-D để thoát.")
    while True:
        try:
            query = input("tìm> ").strip()
        except EOFError:
            print()
            return 0
        if not query:
            return 0
        _print_hits(search(query, index, filters, k, mode=args.mode), color)


def cmd_stats(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieve.corpus_index import CorpusIndex

    index = CorpusIndex(settings)
    docs = index.registry.list_documents()
    chunks = index.snapshot().by_id.values()
    kinds: dict[str, int] = {}
    for c in chunks:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
    mode = f"máy chủ {settings.chroma_host}:{settings.chroma_port}" if settings.uses_chroma_server else str(settings.chroma_dir)
    print(f"Thư mục dữ liệu: {settings.data_dir}")
    print(f"Chroma: {mode}")
    print(f"Mô hình embedding: {index.identity}" + ("" if index.dense_ready else " (chỉ mục cần lập lại)"))
    print(f"Tài liệu: {len(docs)} ({sum(d.status == 'done' for d in docs)} hoàn tất), đoạn tìm kiếm được: {len(chunks)}")
    for d in docs:
        m = d.metadata
        label = " · ".join(x for x in (m.get("doc_type", ""), m.get("commune", ""), m.get("date", "")) if x)
        print(f"  {d.source}: {d.n_chunks} đoạn" + (f" — {label}" if label else "") + ("" if d.status == "done" else f" [{d.status}]"))
    if kinds:
        print("Theo loại mục: " + ", ".join(f"{k}={v}" for k, v in sorted(kinds.items(), key=lambda kv: -kv[1])))
    return 0


def cmd_eval_retrieval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.retrieve.evaluation import EvalError, evaluate_retrieval, format_table

    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    try:
        result = evaluate_retrieval(
            args.queries, args.corpus, settings, cache_root=args.cache_dir, analyzer=args.analyzer,
            systems=systems, progress=_progress,
        )
    except EvalError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(format_table(result))
    return 0
