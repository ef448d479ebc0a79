"""Số liệu: import (.xlsx/.csv/.json or a pasted table), edit, derived figures, findings, export."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.workspace import WorkspaceNotFound
from assistant.workspace.facts import previous_period_of
from ui.facts_service import DERIVED_HEADERS, FACT_HEADERS, rows_from_table, table_from_rows
from ui.screens.common import Screen, Shared, owner_of
from ui.services import AppServices


_OPEN_PLACE_JS = """
element.addEventListener('click', (event) => {
  const link = event.target.closest('a[href^="#so-lieu-"]');
  if (!link) return;
  event.preventDefault();
  const place = element.querySelector(link.getAttribute('href'));
  if (place) place.scrollIntoView({block: 'center', behavior: 'smooth'});
});
"""


def build(services: AppServices, shared: Shared) -> Screen:
    with gr.Row():
        with gr.Column(scale=3):
            table = gr.Dataframe(headers=FACT_HEADERS, value=[], interactive=True, wrap=True,
                                 column_count=len(FACT_HEADERS), label="Bảng số liệu (điền cột Kỳ này; sửa trực tiếp)",
                                 elem_id="facts-editor")
            with gr.Row():
                save_btn = gr.Button("Lưu và kiểm tra", variant="primary", elem_id="facts-save")
                export_fmt = gr.Radio([("Excel (.xlsx)", "xlsx"), ("CSV", "csv")], value="xlsx", label="Xuất bảng")
                export_btn = gr.Button("Xuất bảng số liệu", elem_id="facts-export")
            export_file = gr.File(label="Tệp bảng số liệu", interactive=False, height=90, elem_id="facts-export-file")
        with gr.Column(scale=2):
            import_file = gr.File(label="Nhập từ tệp (.xlsx, .csv, .json)", file_types=[".xlsx", ".csv", ".json"],
                                  elem_id="facts-import-file")
            pasted = gr.Textbox(label="…hoặc dán bảng từ báo cáo (các cột cách nhau bằng Tab)", lines=4,
                                elem_id="facts-paste")
            with gr.Row():
                import_btn = gr.Button("Nhập (thay bảng hiện tại)", elem_id="facts-import")
                append_btn = gr.Button("Nhập thêm vào bảng", elem_id="facts-append")
            import_msgs = gr.Markdown("", elem_id="facts-import-messages")
    findings = gr.Markdown("", elem_id="facts-findings")
    derived = gr.Dataframe(headers=DERIVED_HEADERS, value=[], interactive=False, wrap=True,
                           label="Số liệu suy ra (tỷ lệ, chênh lệch, thay đổi so với kỳ trước, % kế hoạch) kèm cách tính", elem_id="facts-derived")

    with gr.Accordion("Kiểm tra số liệu trong một báo cáo (tổng, tỷ lệ, số còn lại, ngày văn bản…)", open=False):
        with gr.Row():
            report_file = gr.File(label="Tệp báo cáo (.docx, .pdf, .txt, .md)",
                                  file_types=[".docx", ".pdf", ".txt", ".md"], elem_id="facts-report-file")
            report_text = gr.Textbox(label="…hoặc dán nội dung báo cáo", lines=4, elem_id="facts-report-text")
        report_btn = gr.Button("Kiểm tra báo cáo", elem_id="facts-report-check")
        # A finding's link opens its place: scroll the report view (a nested scroll box, where a
        # bare "#id" jump is unreliable) to the marked numbers.
        report_findings = gr.HTML("", elem_id="facts-report-findings", js_on_load=_OPEN_PLACE_JS)

    def check_report(path: str | None, text: str):
        return services.facts.check_report(path, text or "").html

    report_btn.click(check_report, [report_file, report_text], [report_findings], api_name="check_report")

    def panel(owner: str, report_id: int) -> dict[Any, Any]:
        rows = services.store.get_facts(owner, report_id)
        report = services.store.get_report(owner, report_id)
        check = services.facts.check(rows, report.commune, report.period, previous_period_of(report))
        return {table: table_from_rows(rows), findings: check.warnings_markdown, derived: check.derived}

    def save(report_id: int, value, request: gr.Request):
        owner = owner_of(services, request)
        try:
            stored = services.store.get_facts(owner, int(report_id))
            services.store.replace_facts(owner, int(report_id), rows_from_table(value, stored))
            return {**panel(owner, int(report_id)), import_msgs: "✓ Đã lưu bảng số liệu."}
        except WorkspaceNotFound as exc:
            raise gr.Error(str(exc)) from None

    save_btn.click(save, [shared.report_id, table], [table, findings, derived, import_msgs], api_name="save_facts")

    def do_import(append: bool):
        def handler(report_id: int, path: str | None, text: str, current, request: gr.Request):
            owner = owner_of(services, request)
            try:
                report = services.store.get_report(owner, int(report_id))
            except WorkspaceNotFound as exc:
                raise gr.Error(str(exc)) from None
            previous = previous_period_of(report)
            if path:
                rows, messages = services.facts.import_file(path, report.commune, report.period, previous)
            elif (text or "").strip():
                rows, messages = services.facts.import_text(text, report.commune, report.period, previous)
            else:
                raise gr.Error("Hãy chọn tệp hoặc dán bảng số liệu trước khi nhập.")
            # The table as shown (maybe edited but not yet saved), with what it does not show kept.
            shown = rows_from_table(current, services.store.get_facts(owner, int(report_id)))
            outcome = services.facts.apply_import(shown, rows, messages, append)
            if outcome.rows is not None:
                services.store.replace_facts(owner, int(report_id), outcome.rows)
            return {**panel(owner, int(report_id)), import_msgs: outcome.summary}

        return handler

    import_btn.click(do_import(False), [shared.report_id, import_file, pasted, table],
                     [table, findings, derived, import_msgs], api_name="import_facts")
    append_btn.click(do_import(True), [shared.report_id, import_file, pasted, table],
                     [table, findings, derived, import_msgs], api_name="append_facts")

    def export(report_id: int, value, fmt: str, request: gr.Request):
        owner = owner_of(services, request)
        try:
            report = services.store.get_report(owner, int(report_id))
        except WorkspaceNotFound as exc:
            raise gr.Error(str(exc)) from None
        rows = rows_from_table(value, services.store.get_facts(owner, int(report_id)))
        return str(services.facts.export_table(rows, report.commune, report.period, fmt, previous_period_of(report)))

    export_btn.click(export, [shared.report_id, table, export_fmt], [export_file], api_name="export_facts")

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        return {**panel(owner, report_id), import_msgs: "", export_file: None}

    return Screen([table, findings, derived, import_msgs, export_file], refresh)
