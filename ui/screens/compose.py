"""Soạn báo cáo: report + facts (left), streaming chat (centre), the selected draft (right).

The drafting event shares ``concurrency_id="llm"`` with limit 1: the single LLM serves one
officer at a time and the others wait in Gradio's queue, which shows each their place
("hàng đợi 2/3") instead of timing out.
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.workspace import DraftRecord, WorkspaceNotFound
from ui import render
from ui.facts_service import COMPACT_HEADERS, compact_table, rows_from_compact
from ui.screens.common import Screen, Shared, owner_of
from ui.services import AppServices

STATUS_TEXT = {"draft": "nháp", "accepted": "đã đưa vào báo cáo"}


def section_choices(drafts: list[DraftRecord]) -> list[tuple[str, int]]:
    return [(f"{d.title} — {STATUS_TEXT.get(d.status, d.status)} (#{d.id})", d.id) for d in drafts]


def citation_choices(draft: DraftRecord | None) -> list[tuple[str, int]]:
    if draft is None:
        return []
    return [(f"[{c['marker']}] {Path(c.get('source', '')).name} › {c.get('section_path', '')}", i)
            for i, c in enumerate(draft.citations)]


def build(services: AppServices, shared: Shared) -> tuple[Screen, Screen]:
    """The screen, and its facts panel alone (re-read when the tab is opened: the facts may have
    changed on "Số liệu"; the text fields are not reloaded so typing is never overwritten)."""
    with gr.Row(equal_height=False):
        # ---------------------------------------------------------------- left: the report
        with gr.Column(scale=3, min_width=300):
            title = gr.Textbox(label="Tên báo cáo", elem_id="report-title")
            with gr.Row():
                commune = gr.Textbox(label="Xã", placeholder="Minh Khê", elem_id="report-commune")
                period = gr.Textbox(label="Kỳ báo cáo", placeholder="6 tháng đầu năm 2026", elem_id="report-period")
            save_status = gr.Markdown("", elem_id="report-saved")
            # Three columns fit the narrow left column; targets and notes are edited on "Số liệu".
            facts_table = gr.Dataframe(headers=COMPACT_HEADERS, value=[], interactive=True, wrap=True,
                                       label="Số liệu của kỳ báo cáo (sửa trực tiếp)", elem_id="facts-table",
                                       column_count=len(COMPACT_HEADERS), max_height=260,
                                       column_widths=["55%", "25%", "20%"])
            facts_warnings = gr.Markdown("", elem_id="facts-warnings")
            sections = gr.Radio(label="Các mục đã soạn", choices=[], elem_id="sections")
        # -------------------------------------------------------------- centre: the chat
        with gr.Column(scale=4, min_width=340):
            chatbot = gr.Chatbot(label="Trò chuyện", height=330, elem_id="chat", buttons=["copy"],
                                 placeholder="Ví dụ: «Viết phần tồn tại, hạn chế về chuyển đổi số» hoặc "
                                             "«sửa: hồ sơ toàn trình là 1.701».")
            # lines=1: Enter sends (a multi-line box would take Enter as a new line); long text still wraps.
            message = gr.Textbox(label="Yêu cầu", placeholder="Nhập yêu cầu rồi nhấn Enter", lines=1, max_lines=6,
                                 elem_id="chat-input", submit_btn="Gửi")
            chat_status = gr.Markdown("", elem_id="chat-status")
        # ---------------------------------------------------------------- right: the draft
        with gr.Column(scale=4, min_width=340):
            mode = gr.Markdown("", elem_id="draft-mode")
            draft_text = gr.Textbox(label="Bản nháp mục đang chọn (sửa trực tiếp; số liệu được kiểm tra lại)",
                                    lines=7, max_lines=14, elem_id="draft-text")
            # Escaped HTML with <mark> classes (ui/render.py guard_html); CSS in ui/app.py.
            guard_view = gr.HTML("", label="Kiểm tra số liệu", show_label=True, container=True, padding=True,
                                 elem_id="guard-view")
            with gr.Row():
                accept_btn = gr.Button("Đưa vào báo cáo", variant="primary", elem_id="accept-draft")
                unaccept_btn = gr.Button("Trả về nháp", elem_id="unaccept-draft")
            citations = gr.Radio(label="Nguồn trích dẫn — chọn để xem đoạn gốc", choices=[], elem_id="citations")
            citation_view = gr.HTML("", elem_id="citation-context")
            # Prior reports' sentences are never asserted silently in kết quả / ưu điểm: they are offered here
            # and the officer adds one with a click (it is then cited like any other source).
            suggestions = gr.Radio(label="Gợi ý từ báo cáo trước — chọn một câu rồi bấm «Thêm vào bản nháp»",
                                   choices=[], elem_id="suggestions")
            add_suggestion_btn = gr.Button("Thêm vào bản nháp", size="sm", elem_id="add-suggestion")

    draft_outputs = [sections, draft_text, mode, guard_view, citations, citation_view, suggestions]

    # -------------------------------------------------------------- helpers
    def draft_panel(owner: str, report_id: int, draft_id: int | None) -> dict[Any, Any]:
        drafts = services.store.list_drafts(owner, report_id)
        current = next((d for d in drafts if d.id == draft_id), drafts[-1] if drafts else None)
        if current is None:
            return {sections: gr.update(choices=[], value=None), draft_text: "", mode: "", guard_view: "",
                    citations: gr.update(choices=[], value=None), citation_view: "",
                    suggestions: gr.update(choices=[], value=None)}
        offered = services.drafting.suggestions(owner, report_id, current.id)
        view = services.facts.guard_view(current.text, current.guard)
        return {
            sections: gr.update(choices=section_choices(drafts), value=current.id),
            draft_text: current.text,
            mode: f"**{current.title}** · soạn bằng: {current.mode or '—'} · "
                  f"trạng thái: {STATUS_TEXT.get(current.status, current.status)}",
            guard_view: view.html,
            citations: gr.update(choices=citation_choices(current), value=None),
            citation_view: "",
            suggestions: gr.update(choices=[(f"{Path(o.get('source', '')).name}: {o['text']}", i)
                                            for i, o in enumerate(offered)], value=None),
        }

    def facts_panel(owner: str, report_id: int) -> dict[Any, Any]:
        rows = services.store.get_facts(owner, report_id)
        report = services.store.get_report(owner, report_id)
        check = services.facts.check(rows, report.commune, report.period)
        return {facts_table: compact_table(rows), facts_warnings: check.warnings_markdown}

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        report = services.store.get_report(owner, report_id)
        history = [{"role": m.role, "content": m.content} for m in services.store.chat_history(owner, report_id)]
        return {
            title: report.title, commune: report.commune, period: report.period, save_status: "",
            chatbot: history, chat_status: "",
            **facts_panel(owner, report_id), **draft_panel(owner, report_id, None),
        }

    def guarded(fn):
        """Turn a foreign/missing report into a Vietnamese error instead of a crash (generators too)."""
        if inspect.isgeneratorfunction(fn):

            @functools.wraps(fn)
            def gen_wrapper(*args, **kwargs):
                try:
                    yield from fn(*args, **kwargs)
                except WorkspaceNotFound as exc:
                    raise gr.Error(str(exc)) from None

            return gen_wrapper

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except WorkspaceNotFound as exc:
                raise gr.Error(str(exc)) from None

        return wrapper

    # -------------------------------------------------------------- report fields
    @guarded
    def save_report_fields(report_id: int, title_v: str, commune_v: str, period_v: str, request: gr.Request):
        owner = owner_of(services, request)
        services.store.update_report(owner, int(report_id), title=title_v, commune=commune_v, period=period_v)
        return {save_status: "✓ Đã lưu.", **facts_panel(owner, int(report_id))}

    # Saved when a field loses focus or on Enter; one public API endpoint, the other triggers private.
    gr.on([title.submit, commune.submit, period.submit], save_report_fields,
          [shared.report_id, title, commune, period], [save_status, facts_table, facts_warnings],
          show_progress="hidden", api_name="save_report_fields")
    gr.on([title.blur, commune.blur, period.blur], save_report_fields,
          [shared.report_id, title, commune, period], [save_status, facts_table, facts_warnings],
          show_progress="hidden", api_visibility="private")

    @guarded
    def save_facts(report_id: int, table, request: gr.Request):
        owner = owner_of(services, request)
        rows = rows_from_compact(table, services.store.get_facts(owner, int(report_id)))
        services.store.replace_facts(owner, int(report_id), rows)
        report = services.store.get_report(owner, int(report_id))
        check = services.facts.check(rows, report.commune, report.period)
        return check.warnings_markdown + "\n\n✓ Đã lưu bảng số liệu."

    facts_table.input(save_facts, [shared.report_id, facts_table], [facts_warnings], show_progress="hidden",
                      trigger_mode="always_last", api_name="save_facts_table")

    # -------------------------------------------------------------- chat
    @guarded
    def send(text: str, report_id: int | None, history: list[dict[str, Any]], draft_id: int | None,
             request: gr.Request):
        owner = owner_of(services, request)
        text = (text or "").strip()
        if not text:
            raise gr.Error("Hãy nhập yêu cầu, ví dụ «Viết phần tồn tại, hạn chế về chuyển đổi số».")
        if report_id is None:
            raise gr.Error("Chưa mở báo cáo nào.")
        if not services.corpus.ready():
            raise gr.Error("Kho tài liệu đang được lập chỉ mục lần đầu; vui lòng chờ trong giây lát.")
        history = list(history or []) + [{"role": "user", "content": text}, {"role": "assistant", "content": ""}]
        yield {message: "", chatbot: history, chat_status: "Đang soạn…"}
        # A revision applies to the section on screen ("Các mục đã soạn"), not to the last one drafted.
        for event in services.drafting.chat(owner, int(report_id), text, int(draft_id) if draft_id else None):
            history[-1] = {"role": "assistant", "content": event.reply}
            if not event.final:
                yield {chatbot: history}
                continue
            updates: dict[Any, Any] = {chatbot: history, chat_status: event.status}
            if event.draft_id is not None:
                updates.update(draft_panel(owner, int(report_id), event.draft_id))
            if event.facts_changed:
                updates.update(facts_panel(owner, int(report_id)))
            yield updates

    chat_outputs = [message, chatbot, chat_status, facts_table, facts_warnings, *draft_outputs]
    message.submit(send, [message, shared.report_id, chatbot, sections], chat_outputs, api_name="chat",
                   concurrency_limit=1, concurrency_id="llm")

    # -------------------------------------------------------------- the draft panel
    @guarded
    def select_section(draft_id: int | None, report_id: int, request: gr.Request):
        owner = owner_of(services, request)
        return draft_panel(owner, int(report_id), draft_id)

    sections.input(select_section, [sections, shared.report_id], draft_outputs, api_name="select_section")

    @guarded
    def edit_draft(text: str, draft_id: int | None, report_id: int, request: gr.Request):
        owner = owner_of(services, request)
        if draft_id is None:
            if not (text or "").strip():  # tabbing through the empty box (blur) is not an edit
                return gr.skip()
            raise gr.Error("Chưa có mục nào được chọn để sửa.")
        draft = services.drafting.edit(owner, int(report_id), int(draft_id), text)
        return services.facts.guard_view(draft.text, draft.guard).html

    draft_text.input(edit_draft, [draft_text, sections, shared.report_id], [guard_view],
                     trigger_mode="always_last", show_progress="hidden", api_name="edit_draft")
    # A paste or an autofill may not raise "input"; leaving the box re-checks too. (Not .change: that also
    # fires when switching sections, with the new text possibly paired with the old section id.)
    draft_text.blur(edit_draft, [draft_text, sections, shared.report_id], [guard_view],
                    show_progress="hidden", api_visibility="private")

    def set_status(status: str):
        @guarded
        def handler(draft_id: int | None, report_id: int, request: gr.Request):
            owner = owner_of(services, request)
            if draft_id is None:
                raise gr.Error("Chưa có mục nào được chọn.")
            services.store.set_draft_status(owner, int(report_id), int(draft_id), status)
            return draft_panel(owner, int(report_id), int(draft_id))

        return handler

    accept_btn.click(set_status("accepted"), [sections, shared.report_id], draft_outputs, api_name="accept_draft")
    unaccept_btn.click(set_status("draft"), [sections, shared.report_id], draft_outputs, api_name="unaccept_draft")

    @guarded
    def open_citation(index: int | None, draft_id: int | None, report_id: int, request: gr.Request) -> str:
        owner = owner_of(services, request)
        if index is None or draft_id is None:
            return ""
        draft = services.store.get_draft(owner, int(report_id), int(draft_id))
        if not 0 <= int(index) < len(draft.citations):
            return ""
        c = draft.citations[int(index)]
        span = tuple(c.get("span") or (0, 0))
        text = services.corpus.context(c.get("doc_id", ""), span)
        head = (f"<p><b>[{c['marker']}] {render.escape(Path(c.get('source', '')).name)}</b><br>"
                f"<span class='path'>{render.escape(c.get('section_path', ''))}</span></p>")
        if text is None:
            return head + "<p>Văn bản nguồn không còn trong kho tài liệu.</p>"
        return head + render.passage_in_context(text, span)

    citations.input(open_citation, [citations, sections, shared.report_id], [citation_view], api_name="open_citation")

    @guarded
    def add_suggestion(index: int | None, draft_id: int | None, report_id: int, request: gr.Request):
        owner = owner_of(services, request)
        if draft_id is None or index is None:
            raise gr.Error("Hãy chọn một câu gợi ý.")
        try:
            record = services.drafting.add_suggestion(owner, int(report_id), int(draft_id), int(index))
        except ValueError as exc:
            raise gr.Error(str(exc)) from None
        return draft_panel(owner, int(report_id), record.id)

    add_suggestion_btn.click(add_suggestion, [suggestions, sections, shared.report_id], draft_outputs,
                             api_name="add_suggestion")

    outputs = [title, commune, period, save_status, chatbot, chat_status, facts_table, facts_warnings, *draft_outputs]
    return Screen(outputs, refresh), Screen([facts_table, facts_warnings], facts_panel)
