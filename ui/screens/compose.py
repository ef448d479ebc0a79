"""Soạn báo cáo: report + facts (left), streaming chat (centre), the selected draft (right).

The drafting event shares ``concurrency_id="llm"`` with limit 1: the single LLM serves one
officer at a time and the others wait in Gradio's queue, which shows each their place
("hàng đợi 2/3") instead of timing out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import gradio as gr

from ui import render
from ui.facts_service import COMPACT_HEADERS
from ui.report_service import describe_progress
from ui.screens import new_report
from ui.screens.common import Screen, Shared, guarded, owner_of
from ui.services import AppServices
from ui.workspace_service import DraftPanel


@dataclass
class ComposeScreen:
    """What other screens need from this one: the check screen opens a draft here."""

    screen: Screen
    facts: Screen  # the facts panel alone (re-read when the tab is opened)
    draft_outputs: list[Any]
    draft_panel: Callable[[str, int, int | None], dict[Any, Any]]
    outline_output: Any


def build(services: AppServices, shared: Shared) -> ComposeScreen:
    """The screen; its facts panel is re-read when the tab is opened (the facts may have changed on
    "Số liệu"; the text fields are not reloaded so typing is never overwritten)."""
    with gr.Row(equal_height=False):
        # ---------------------------------------------------------------- left: the report
        with gr.Column(scale=3, min_width=300):
            starting = new_report.build(services, shared)
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
            with gr.Accordion("Khung báo cáo", open=True):
                outline_view = gr.HTML("", elem_id="report-outline")
                with gr.Row():
                    draft_all_btn = gr.Button("Soạn toàn bộ", variant="primary", size="sm", elem_id="draft-all")
                    stop_btn = gr.Button("Dừng", size="sm", elem_id="stop-draft-all")
                draft_all_status = gr.Markdown("", elem_id="draft-all-status")
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

    # -------------------------------------------------------------- helpers (formatting only)
    def show_draft(panel: DraftPanel) -> dict[Any, Any]:
        return {
            sections: gr.update(choices=panel.choices, value=panel.draft_id), draft_text: panel.text,
            mode: panel.mode, guard_view: panel.guard_html, citations: gr.update(choices=panel.citations, value=None),
            citation_view: "", suggestions: gr.update(choices=panel.suggestions, value=None),
        }

    def draft_panel(owner: str, report_id: int, draft_id: int | None) -> dict[Any, Any]:
        return show_draft(services.workspace.draft_panel(owner, report_id, draft_id))

    def outline_panel(owner: str, report_id: int) -> dict[Any, Any]:
        return {outline_view: render.outline_html(services.reports.outline(owner, report_id))}

    def facts_panel(owner: str, report_id: int) -> dict[Any, Any]:
        panel = services.workspace.facts_panel(owner, report_id)
        return {facts_table: panel.table, facts_warnings: panel.warnings}

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        report = services.workspace.report(owner, report_id)
        return {
            title: report.title, commune: report.commune, period: report.period, save_status: "",
            chatbot: services.workspace.history(owner, report_id), chat_status: "", draft_all_status: "",
            **facts_panel(owner, report_id), **draft_panel(owner, report_id, None), **outline_panel(owner, report_id),
            **starting.refresh(owner, report_id),
        }

    # -------------------------------------------------------------- report fields
    @guarded
    def save_report_fields(report_id: int, title_v: str, commune_v: str, period_v: str, request: gr.Request):
        owner = owner_of(services, request)
        services.workspace.save_fields(owner, int(report_id), title_v, commune_v, period_v)
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
        return services.workspace.save_compact_facts(owner, int(report_id), table)

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
                updates.update(outline_panel(owner, int(report_id)))
            if event.facts_changed:
                updates.update(facts_panel(owner, int(report_id)))
            yield updates

    chat_outputs = [message, chatbot, chat_status, facts_table, facts_warnings, outline_view, *draft_outputs]
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
            panel = services.workspace.set_status(owner, int(report_id), int(draft_id), status)
            return {**show_draft(panel), **outline_panel(owner, int(report_id))}

        return handler

    accept_btn.click(set_status("accepted"), [sections, shared.report_id], [*draft_outputs, outline_view],
                     api_name="accept_draft")
    unaccept_btn.click(set_status("draft"), [sections, shared.report_id], [*draft_outputs, outline_view],
                       api_name="unaccept_draft")

    @guarded
    def open_citation(index: int | None, draft_id: int | None, report_id: int, request: gr.Request) -> str:
        owner = owner_of(services, request)
        return services.workspace.citation_html(owner, int(report_id), draft_id, index)

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

    # -------------------------------------------------------------- the whole report ("Soạn toàn bộ")
    @guarded
    def draft_all(report_id: int | None, request: gr.Request, progress=gr.Progress()):
        owner = owner_of(services, request)
        if report_id is None:
            raise gr.Error("Chưa mở báo cáo nào.")
        if not services.corpus.ready():
            raise gr.Error("Kho tài liệu đang được lập chỉ mục lần đầu; vui lòng chờ trong giây lát.")
        lines: list[str] = []
        for step in services.reports.draft_all(owner, int(report_id)):
            progress((step.done, step.total), desc=describe_progress(step))
            lines.append(describe_progress(step))
            updates: dict[Any, Any] = {draft_all_status: "\n".join(f"- {line}" for line in lines),
                                       **outline_panel(owner, int(report_id))}
            if step.draft_id is not None:
                updates.update(draft_panel(owner, int(report_id), step.draft_id))
            yield updates
        lines.append("✓ Đã soạn xong: hãy đọc từng mục, sửa nếu cần rồi bấm «Đưa vào báo cáo».")
        yield {draft_all_status: "\n".join(f"- {line}" for line in lines)}

    # Its own queue (one whole report at a time); each section takes the LLM lock on its own, so
    # officers' chat turns run between two sections instead of after the whole report.
    drafting_all = draft_all_btn.click(draft_all, [shared.report_id], [draft_all_status, outline_view, *draft_outputs],
                                       api_name="draft_all", concurrency_limit=1, concurrency_id="report",
                                       show_progress="minimal", show_progress_on=[draft_all_status])
    stop_btn.click(lambda: "Đã dừng; các mục đã soạn vẫn được giữ.", None, [draft_all_status],
                   cancels=[drafting_all], api_name="stop_draft_all")

    outputs = [title, commune, period, save_status, chatbot, chat_status, facts_table, facts_warnings,
               outline_view, draft_all_status, *draft_outputs, *starting.outputs]
    return ComposeScreen(Screen(outputs, refresh), Screen([facts_table, facts_warnings], facts_panel),
                         draft_outputs, draft_panel, outline_view)
