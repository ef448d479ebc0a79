"""Tìm kiếm: query + filters, highlighted results, a result in context, "dùng trong báo cáo".

The search event runs with ``preprocess=False, postprocess=False`` (Gradio 6.31): otherwise
``Blocks.preprocess_data`` / ``postprocess_data`` hand every input and output component to a
worker thread and back (``anyio.to_thread.run_sync``), nine round trips per search, each one
waiting for the busy event loop and the GIL under load (docs/benchmarks.md, issue 12). The values
are plain strings and JSON lists, so the handler checks its inputs itself (``search_filters``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from assistant.ingest.kinds import KIND_LABELS  # str-keyed lookups work: SectionKind is a str enum
from assistant.ingest.metadata import DOC_TYPES
from ui import render
from ui.screens.common import Screen, Shared, guarded, owner_of
from ui.services import AppServices

KIND_VALUES = {kind.value for kind in KIND_LABELS}


def _text(value: Any) -> str:
    """A raw input value (no Gradio preprocessing): None, a string, or whatever a client sent."""
    return "" if value is None else str(value).strip()


def search_filters(commune: Any, year: Any, doc_type: Any, kind: Any) -> tuple[str, int | None, str, str]:
    """(commune, year, doc_type, kind) checked as the dropdowns would; a Vietnamese error otherwise."""
    year_s = _text(year)
    try:
        year_n = int(year_s) if year_s else None
    except ValueError:
        raise gr.Error(f"Năm «{year_s}» không hợp lệ: hãy nhập số, ví dụ 2025.") from None
    doc_type_s, kind_s = _text(doc_type), _text(kind)
    if doc_type_s and doc_type_s not in DOC_TYPES:
        raise gr.Error(f"Loại văn bản «{doc_type_s}» không có trong danh sách; hãy chọn lại.")
    if kind_s and kind_s not in KIND_VALUES:
        raise gr.Error(f"Loại nội dung «{kind_s}» không có trong danh sách; hãy chọn lại.")
    return _text(commune), year_n, doc_type_s, kind_s


def hits_html(hits: list[dict[str, Any]]) -> str:
    if not hits:
        return "<p>Không tìm thấy đoạn nào phù hợp. Thử bỏ bớt bộ lọc hoặc dùng từ khác.</p>"
    parts = []
    for i, h in enumerate(hits, start=1):
        meta = " · ".join(x for x in (h["doc_type"], h["commune"] and f"xã {h['commune']}", h["date"]) if x)
        parts.append(
            f"<div class='hit'><b>{i}. {render.escape(h['title'] or h['source'])}</b>"
            f" <span class='path'>({render.escape(meta)})</span><br>"
            f"<span class='path'>{render.escape(h['section_path'])} — {render.escape(KIND_LABELS.get(h['kind'], h['kind']))}</span>"
            f"<br>{h['snippet_html']}"
            + (f"<br><span class='path also-in'>{render.escape(h['also_in_text'])}</span>" if h.get("also_in_text") else "")
            + "</div>"
        )
    return "".join(parts)


def hit_dict(hit) -> dict[str, Any]:
    """The JSON-able view of a retrieval Hit kept in the session and returned by the API."""
    return {
        "chunk_id": hit.chunk_id, "doc_id": hit.doc_id, "source": hit.source, "title": hit.title,
        "commune": hit.commune, "date": hit.date, "doc_type": hit.doc_type, "section_path": hit.section_path,
        "kind": hit.kind, "text": hit.text, "span": list(hit.span), "snippet_html": hit.snippet_html,
        "also_in": list(hit.also_in), "also_in_text": hit.also_in_text,
    }


def build(services: AppServices, shared: Shared) -> Screen:
    kinds = [("Tất cả", "")] + [(label, kind.value) for kind, label in KIND_LABELS.items()]
    with gr.Row():
        query = gr.Textbox(label="Tìm trong kho tài liệu", placeholder="ví dụ: tỷ lệ hồ sơ trực tuyến còn thấp",
                           scale=4, elem_id="search-query", submit_btn="Tìm")
    with gr.Row():
        commune = gr.Dropdown(label="Xã", choices=[], allow_custom_value=True, value="", elem_id="search-commune")
        year = gr.Dropdown(label="Năm", choices=[], allow_custom_value=True, value="", elem_id="search-year")
        doc_type = gr.Dropdown(label="Loại văn bản", choices=[("Tất cả", "")] + [(d, d) for d in DOC_TYPES], value="")
        kind = gr.Dropdown(label="Loại nội dung", choices=kinds, value="", elem_id="search-kind")
    hits_state = gr.State([])
    with gr.Row():
        with gr.Column(scale=3):
            results = gr.HTML("", elem_id="search-results")
        with gr.Column(scale=2):
            pick = gr.Radio(label="Chọn kết quả để xem trong văn bản gốc", choices=[], elem_id="search-pick")
            context = gr.HTML("", elem_id="search-context")
            use_btn = gr.Button("Dùng trong báo cáo", elem_id="search-use")
            use_status = gr.Markdown("")
    results_json = gr.JSON(visible=False)

    def do_search(q: Any, commune_v: Any, year_v: Any, doc_type_v: Any, kind_v: Any):
        filters = search_filters(commune_v, year_v, doc_type_v, kind_v)
        try:
            hits = [hit_dict(h) for h in services.corpus.search(_text(q), *filters)]
        except (ValueError, RuntimeError) as exc:  # blank query, index still building
            raise gr.Error(str(exc)) from None
        choices = [(f"{i}. {h['title'] or h['source']} — {h['section_path']}", i - 1) for i, h in enumerate(hits, 1)]
        # The same list twice, by reference: the State is the server's copy that "xem trong văn bản
        # gốc" and "dùng trong báo cáo" trust (State outputs never travel), the hidden JSON is the
        # one copy sent to the client, the API's result.
        return hits_html(hits), hits, gr.update(choices=choices, value=None), "", hits

    query.submit(do_search, [query, commune, year, doc_type, kind], [results, hits_state, pick, context, results_json],
                 api_name="search", preprocess=False, postprocess=False)

    def show_context(index: int | None, hits: list[dict[str, Any]]) -> str:
        if index is None or not (0 <= int(index) < len(hits)):
            return ""
        h = hits[int(index)]
        text = services.corpus.context(h["doc_id"], tuple(h["span"]))
        head = (f"<p><b>{render.escape(h['title'] or h['source'])}</b><br>"
                f"<span class='path'>{render.escape(Path(h['source']).name)} › {render.escape(h['section_path'])}</span></p>")
        if text is None:
            return head + f"<div class='context'>{render.escape(h['text'])}</div>"
        return head + render.passage_in_context(text, tuple(h["span"]))

    pick.change(show_context, [pick, hits_state], [context], api_name="search_context")

    @guarded  # a missing or foreign report: its Vietnamese message on screen
    def use_in_report(index: int | None, hits: list[dict[str, Any]], report_id: int | None, request: gr.Request) -> str:
        owner = owner_of(services, request)
        if index is None or report_id is None or not (0 <= int(index) < len(hits)):
            return "Hãy chọn một kết quả trước."
        h = hits[int(index)]
        services.workspace.add_source(owner, int(report_id), h)
        return f"✓ Đã lưu đoạn trích từ «{h['title'] or h['source']}» vào nguồn của báo cáo."

    use_btn.click(use_in_report, [pick, hits_state, shared.report_id], [use_status], api_name="use_in_report")

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        facets = services.corpus.facets()
        return {
            commune: gr.update(choices=[("Tất cả", "")] + [(c, c) for c in facets["commune"]]),
            year: gr.update(choices=[("Tất cả", "")] + [(y, y) for y in facets["year"]]),
            use_status: "",
        }

    return Screen([commune, year, use_status], refresh)
