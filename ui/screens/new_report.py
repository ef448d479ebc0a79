"""Soạn báo cáo → Báo cáo mới: start a report from a directive, last period's report, or a default outline.

The officer picks the source, looks at what was read (outline with kinds, indicators and their
columns, kính gửi, trích yếu, deadline: the text ``assistant outline FILE`` prints) and creates
the report; it then opens on every screen (``Shared.open_after``).
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.outline import ReportSkeleton
from ui.screens.common import Screen, Shared, guarded, owner_of
from ui.services import AppServices

SOURCES = [("Văn bản trong kho tài liệu (công văn, kế hoạch, báo cáo kỳ trước)", "corpus"),
           ("Tải tệp lên (.docx, .pdf, .txt, .md)", "upload"),
           ("Khung mẫu theo loại báo cáo", "default")]


def build(services: AppServices, shared: Shared) -> Screen:
    with gr.Accordion("Báo cáo mới theo văn bản chỉ đạo, báo cáo kỳ trước hoặc khung mẫu", open=False,
                      elem_id="new-report-panel") as panel:
        source = gr.Radio(SOURCES, value="corpus", label="Bắt đầu từ", elem_id="new-report-source")
        document = gr.Dropdown(label="Văn bản", choices=[], elem_id="new-report-document")
        upload = gr.File(label="Tệp văn bản", file_types=[".docx", ".pdf", ".txt", ".md"], visible=False,
                         elem_id="new-report-upload")
        report_type = gr.Dropdown(label="Loại báo cáo", choices=services.reports.report_type_choices(),
                                  visible=False, elem_id="new-report-type")
        topic = gr.Textbox(label="Nội dung báo cáo", placeholder="Kết quả thực hiện chuyển đổi số", visible=False,
                           elem_id="new-report-topic")
        period = gr.Textbox(label="Kỳ báo cáo (để trống: theo văn bản)", placeholder="6 tháng đầu năm 2026",
                            elem_id="new-report-period")
        read_btn = gr.Button("Đọc khung báo cáo", size="sm", elem_id="new-report-read")
        preview = gr.Textbox(label="Khung đọc được (kiểm tra trước khi tạo)", lines=10, max_lines=24,
                             interactive=False, elem_id="new-report-preview")
        create_btn = gr.Button("Tạo báo cáo theo khung này", variant="primary", size="sm", interactive=False,
                               elem_id="new-report-create")
    skeleton_state = gr.State(None)
    created = gr.State(None)

    def choose_source(which: str):
        return {document: gr.update(visible=which == "corpus"), upload: gr.update(visible=which == "upload"),
                report_type: gr.update(visible=which == "default"), topic: gr.update(visible=which == "default")}

    source.change(choose_source, [source], [document, upload, report_type, topic], api_visibility="private")
    panel.expand(lambda: gr.update(choices=services.reports.source_choices()), None, [document],
                 api_visibility="private")

    @guarded
    def read(which: str, doc: str | None, uploaded: str | None, kind: str | None, topic_v: str, period_v: str):
        if which == "corpus":
            if not doc:
                raise gr.Error("Hãy chọn một văn bản trong kho tài liệu.")
            skeleton = services.reports.read_outline(doc, period_v or "")
        elif which == "upload":
            if not uploaded:
                raise gr.Error("Hãy tải tệp văn bản chỉ đạo hoặc báo cáo kỳ trước lên.")
            limit = services.settings.max_upload_mb
            if Path(uploaded).stat().st_size > limit * 1024 * 1024:
                raise gr.Error(f"Tệp {Path(uploaded).name} lớn hơn {limit:g} MB; hãy chọn tệp nhỏ hơn.")
            skeleton = services.reports.read_outline(uploaded, period_v or "")
        else:
            if not kind:
                raise gr.Error("Hãy chọn loại báo cáo.")
            skeleton = services.reports.default_outline(kind, period_v or "", topic_v or "")
        return skeleton.to_dict(), services.reports.describe(skeleton), gr.update(interactive=bool(skeleton.sections))

    read_btn.click(read, [source, document, upload, report_type, topic, period], [skeleton_state, preview, create_btn],
                   api_name="read_outline")

    @guarded
    def create(skeleton: dict | None, report_id: int | None, request: gr.Request):
        owner = owner_of(services, request)
        if not skeleton:
            raise gr.Error("Hãy bấm «Đọc khung báo cáo» trước.")
        commune = services.workspace.report(owner, int(report_id)).commune if report_id is not None else ""
        info = services.reports.start(owner, ReportSkeleton.from_dict(skeleton), commune=commune)
        gr.Info(f"Đã tạo báo cáo «{info.title}» theo khung; hãy nhập số liệu kỳ này rồi bấm «Soạn toàn bộ».")
        return info.id, gr.update(interactive=False)

    creating = create_btn.click(create, [skeleton_state, shared.report_id], [created, create_btn],
                                api_name="start_report")
    shared.open_after(creating, created)

    def refresh(owner: str, report_id: int) -> dict:
        # The corpus changes (uploads, indexing): the list is re-read with each report opened.
        return {document: gr.update(choices=services.reports.source_choices()), preview: "",
                create_btn: gr.update(interactive=False)}

    return Screen([document, preview, create_btn], refresh)
