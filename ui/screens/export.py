"""Xuất văn bản: header fields (from settings, overridable per report), preview, .docx download."""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.report import ReportValidationError
from assistant.workspace import WorkspaceNotFound
from ui.export_service import HEADER_FIELDS, LIST_FIELDS
from ui.screens.common import Screen, Shared, owner_of
from ui.services import AppServices


def build(services: AppServices, shared: Shared) -> Screen:
    boxes: dict[str, gr.Textbox] = {}
    with gr.Row():
        with gr.Column(scale=2):
            gr.Markdown("**Thông tin thể thức** (lấy từ cấu hình của xã; sửa riêng cho báo cáo này)")
            for name, label in HEADER_FIELDS.items():
                boxes[name] = gr.Textbox(label=label, lines=3 if name in LIST_FIELDS else 1,
                                         elem_id=f"header-{name}")
            save_btn = gr.Button("Lưu thông tin thể thức", elem_id="header-save")
            header_status = gr.Markdown("")
        with gr.Column(scale=3):
            version = gr.Radio([("Bản làm việc (giữ trích dẫn [n] và danh mục nguồn)", "working"),
                                ("Bản cuối để trình ký (bỏ trích dẫn)", "final")], value="working",
                               label="Phiên bản", elem_id="export-version")
            export_btn = gr.Button("Tạo tệp .docx", variant="primary", elem_id="export-btn")
            export_file = gr.File(label="Tải về", interactive=False, elem_id="export-file")
            export_notes = gr.Markdown("", elem_id="export-notes")
            preview = gr.Markdown("", elem_id="export-preview", label="Xem trước")
    fields = list(boxes.values())

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        values = services.exporting.header_values(owner, report_id)
        return {**{boxes[k]: values.get(k, "") for k in boxes}, header_status: "",
                preview: services.exporting.preview_markdown(owner, report_id), export_file: None, export_notes: ""}

    # One parameter per field: Gradio injects gr.Request by annotation, which *args cannot carry.
    def save_handler(report_id: int, organ_parent: str, organ: str, doc_number: str, place: str, title: str,
                     recipients: str, cc: str, authority: str, signer_title: str, signer_name: str,
                     request: gr.Request):
        owner = owner_of(services, request)
        form = dict(zip(boxes, (organ_parent, organ, doc_number, place, title, recipients, cc, authority,
                                signer_title, signer_name)))
        try:
            services.exporting.save_header(owner, int(report_id), form)
        except (ReportValidationError, WorkspaceNotFound) as exc:
            raise gr.Error(str(exc)) from None
        return {header_status: "✓ Đã lưu.", preview: services.exporting.preview_markdown(owner, int(report_id))}

    assert list(boxes) == ["organ_parent", "organ", "doc_number", "place", "title", "recipients", "cc", "authority",
                           "signer_title", "signer_name"]
    save_btn.click(save_handler, [shared.report_id, *fields], [header_status, preview], api_name="save_header")

    def export(report_id: int, which: str, request: gr.Request):
        owner = owner_of(services, request)
        try:
            path, notes = services.exporting.export(owner, int(report_id), final=(which == "final"))
        except WorkspaceNotFound as exc:
            raise gr.Error(str(exc)) from None
        text = "✓ Đã tạo tệp." + "".join(f"\n- {n}" for n in notes)
        return str(path), text, services.exporting.preview_markdown(owner, int(report_id))

    export_btn.click(export, [shared.report_id, version], [export_file, export_notes, preview], api_name="export_docx")

    return Screen([*fields, header_status, preview, export_file, export_notes], refresh)
