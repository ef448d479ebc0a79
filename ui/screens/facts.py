"""Số liệu: import (.xlsx/.csv/.json or a pasted table), edit, derived figures, findings, export."""

from __future__ import annotations

from typing import Any

import gradio as gr

from ui.facts_service import DERIVED_HEADERS, FACT_HEADERS, IMPORT_MODES
from ui.screens.common import Screen, Shared, guarded, owner_of
from ui.services import AppServices
from ui.workspace_service import FactsEditor


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
            import_mode = gr.Radio([(label, mode) for mode, label in IMPORT_MODES.items()], value="update",
                                   label="Cách nhập", elem_id="facts-import-mode")
            import_btn = gr.Button("Nhập số liệu", elem_id="facts-import")
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

    outputs = [table, findings, derived, import_msgs]

    def show(editor: FactsEditor) -> dict[Any, Any]:
        return {table: editor.table, findings: editor.warnings, derived: editor.derived, import_msgs: editor.message}

    @guarded
    def save(report_id: int, value, request: gr.Request):
        return show(services.workspace.save_facts(owner_of(services, request), int(report_id), value))

    save_btn.click(save, [shared.report_id, table], outputs, api_name="save_facts")

    @guarded
    def do_import(report_id: int, path: str | None, text: str, current, mode: str, request: gr.Request):
        return show(services.workspace.import_facts(owner_of(services, request), int(report_id), current, path,
                                                    text or "", mode or "update"))

    import_btn.click(do_import, [shared.report_id, import_file, pasted, table, import_mode], outputs,
                     api_name="import_facts")

    @guarded
    def export(report_id: int, value, fmt: str, request: gr.Request):
        return str(services.workspace.export_facts(owner_of(services, request), int(report_id), value, fmt))

    export_btn.click(export, [shared.report_id, table, export_fmt], [export_file], api_name="export_facts")

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        return {**show(services.workspace.facts_editor(owner, report_id)), export_file: None}

    return Screen([table, findings, derived, import_msgs, export_file], refresh)
