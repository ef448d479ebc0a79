"""Xuất văn bản: header fields (from settings, overridable per report), preview, .docx download."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from ui import render
from ui.export_service import HEADER_FIELDS, LIST_FIELDS
from ui.report_service import CheckItem
from ui.screens.common import Screen, Shared, guarded, owner_of
from ui.services import AppServices


def check_html(items: list[CheckItem]) -> str:
    """The findings grouped by category; the radio below opens the place of each."""
    if not items:
        return "<p class='facts-ok'>✓ Không còn điểm nào cần xem trước khi xuất.</p>"
    groups: dict[str, list[CheckItem]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    body = "".join(f"<li><strong>{render.escape(c)}</strong> ({len(g)})<ul>"
                   + "".join(f"<li>{render.escape(i.message)}</li>" for i in g) + "</ul></li>"
                   for c, g in groups.items())
    return f"<p>⚠ {len(items)} điểm cần xem trước khi xuất:</p><ul class='export-check'>{body}</ul>"


def check_choices(items: list[CheckItem]) -> list[tuple[str, str]]:
    """Findings that have a place to open: value "n:draft id" (a draft may have several findings)."""
    return [(item.label, f"{n}:{item.draft_id}") for n, item in enumerate(items) if item.draft_id is not None]


@dataclass
class ExportScreen:
    screen: Screen
    open_place: gr.Radio  # choosing a finding opens its draft on "Soạn báo cáo" (wired in ui/app.py)


def build(services: AppServices, shared: Shared) -> ExportScreen:
    boxes: dict[str, gr.Textbox] = {}
    with gr.Accordion("Kiểm tra trước khi xuất", open=True, elem_id="export-check-panel"):
        check_view = gr.HTML("", elem_id="export-check")
        open_place = gr.Radio(label="Mở chỗ cần sửa ở màn hình Soạn báo cáo", choices=[], elem_id="export-check-open")
        check_btn = gr.Button("Kiểm tra lại", size="sm", elem_id="export-check-btn")
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

    def check_panel(owner: str, report_id: int) -> dict[Any, Any]:
        items = services.reports.check(owner, report_id)
        return {check_view: check_html(items), open_place: gr.update(choices=check_choices(items), value=None)}

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        values = services.exporting.header_values(owner, report_id)
        return {**{boxes[k]: values.get(k, "") for k in boxes}, header_status: "",
                preview: services.exporting.preview_markdown(owner, report_id), export_file: None, export_notes: "",
                **check_panel(owner, report_id)}

    @guarded
    def recheck(report_id: int, request: gr.Request):
        return check_panel(owner_of(services, request), int(report_id))

    check_btn.click(recheck, [shared.report_id], [check_view, open_place], api_name="check_before_export")

    # One parameter per field: Gradio injects gr.Request by annotation, which *args cannot carry.
    @guarded
    def save_handler(report_id: int, organ_parent: str, organ: str, doc_number: str, place: str, title: str,
                     recipients: str, cc: str, authority: str, signer_title: str, signer_name: str,
                     request: gr.Request):
        owner = owner_of(services, request)
        form = dict(zip(boxes, (organ_parent, organ, doc_number, place, title, recipients, cc, authority,
                                signer_title, signer_name)))
        services.exporting.save_header(owner, int(report_id), form)
        return {header_status: "✓ Đã lưu.", preview: services.exporting.preview_markdown(owner, int(report_id))}

    assert list(boxes) == ["organ_parent", "organ", "doc_number", "place", "title", "recipients", "cc", "authority",
                           "signer_title", "signer_name"]
    save_btn.click(save_handler, [shared.report_id, *fields], [header_status, preview], api_name="save_header")

    @guarded
    def export(report_id: int, which: str, request: gr.Request):
        owner = owner_of(services, request)
        path, notes = services.exporting.export(owner, int(report_id), final=(which == "final"))
        # Export is allowed with findings; the officer sees them first (the list above, refreshed).
        items = services.reports.check(owner, int(report_id))
        text = "✓ Đã tạo tệp." + (f" Còn {len(items)} điểm cần xem trong «Kiểm tra trước khi xuất»." if items else "")
        text += "".join(f"\n- {n}" for n in notes)
        return str(path), text, services.exporting.preview_markdown(owner, int(report_id))

    # The API keeps its (file, notes, preview) shape; the check list is refreshed after it.
    export_btn.click(export, [shared.report_id, version], [export_file, export_notes, preview],
                     api_name="export_docx").success(recheck, [shared.report_id], [check_view, open_place],
                                                     api_visibility="private")

    return ExportScreen(Screen([*fields, header_status, preview, export_file, export_notes, check_view, open_place],
                               refresh), open_place)
