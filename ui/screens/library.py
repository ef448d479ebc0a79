"""Kho tài liệu: upload several files, watch them being indexed, list / delete / re-index documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr

from ui.screens.common import Screen, Shared, owner_of
from ui.services import AppServices
from ui.uploads import ALLOWED_SUFFIXES
from ui.worker import JobSnapshot

DOC_HEADERS = ["Tệp", "Trích yếu", "Loại", "Xã", "Ngày/năm", "Số đoạn", "Trạng thái"]


def outcome_rows(job: JobSnapshot | None, refused: list[list[str]]) -> list[list[str]]:
    rows = list(refused)
    if job is not None:
        rows += [[o.name, "✓" if o.ok else "⚠", o.message] for o in job.outcomes]
    return rows


def build(services: AppServices, shared: Shared) -> Screen:
    corpus = services.corpus
    gr.Markdown(f"Tải lên văn bản ({', '.join(ALLOWED_SUFFIXES)}, tối đa {services.settings.max_upload_mb:g} MB mỗi tệp). "
                "Có thể chọn nhiều tệp cùng lúc; kho tài liệu dùng chung cho mọi người dùng.")
    with gr.Row():
        # No file_types here: Gradio would refuse the whole batch for one wrong file; ui/uploads.py
        # checks each file and reports it, while the good ones are still indexed.
        files = gr.File(label=f"Chọn tệp ({', '.join(ALLOWED_SUFFIXES)})", file_count="multiple",
                        elem_id="upload-files", scale=3)
        with gr.Column(scale=1):
            upload_btn = gr.Button("Tải lên và lập chỉ mục", variant="primary", elem_id="upload-btn")
            reindex_btn = gr.Button("Lập chỉ mục lại toàn bộ", elem_id="reindex-btn")
    progress_md = gr.Markdown("", elem_id="upload-progress")
    outcomes = gr.Dataframe(headers=["Tệp", "Kết quả", "Chi tiết"], value=[], interactive=False, wrap=True,
                            elem_id="upload-results")
    docs = gr.Dataframe(headers=DOC_HEADERS, value=[], interactive=False, wrap=True, label="Văn bản trong kho",
                        elem_id="documents")
    with gr.Row():
        to_delete = gr.Dropdown(label="Xóa văn bản khỏi kho", choices=[], scale=3, elem_id="delete-pick")
        delete_btn = gr.Button("Xóa", variant="stop", scale=1, elem_id="delete-btn")
    delete_status = gr.Markdown("")

    def doc_table() -> tuple[list[list[Any]], Any]:
        rows = corpus.documents()
        table = [[Path(r.source).name, r.title, r.doc_type, r.commune, r.date, r.chunks, r.status] for r in rows]
        return table, gr.update(choices=[(f"{Path(r.source).name} — {r.title}" if r.title else r.source, r.source)
                                         for r in rows], value=None)

    def follow(job: JobSnapshot | None, refused: list[list[str]], progress: gr.Progress):
        """Stream the job's progress, then the per-file results and the refreshed document list."""
        if job is None:
            table, choices = doc_table()
            yield "Không có tệp hợp lệ để lập chỉ mục.", refused, table, choices, gr.skip()
            return
        for snap in corpus.worker.follow(job.id):
            if snap.finished:
                break
            if snap.state == "queued":
                text = f"… Đang chờ lượt lập chỉ mục ({snap.queued_before} việc phía trước)…"
            else:
                text = f"… Đang lập chỉ mục {snap.done}/{snap.total or '?'}: {snap.current}"
            progress(snap.fraction, desc=text)
            yield text, outcome_rows(snap, refused), gr.skip(), gr.skip(), gr.skip()
        ok = sum(o.ok for o in snap.outcomes)
        summary = (f"✓ Xong: {ok}/{len(snap.outcomes)} tệp thành công." if snap.state == "done"
                   else f"⚠ {snap.error}")
        table, choices = doc_table()
        yield summary, outcome_rows(snap, refused), table, choices, corpus.status_text()[0]

    def upload(paths: list[str] | None, request: gr.Request, progress=gr.Progress()):
        owner = owner_of(services, request)
        if not paths:
            raise gr.Error("Hãy chọn ít nhất một tệp để tải lên.")
        # Gradio keeps the browser's file name as the temp file's name.
        results, job = corpus.upload([(Path(p), Path(p).name) for p in paths], uploader=owner)
        refused = [[r.original_name, "⚠", r.message] for r in results if not r.accepted]
        yield from follow(job, refused, progress)

    job_outputs = [progress_md, outcomes, docs, to_delete, shared.banner]
    upload_btn.click(upload, [files], job_outputs, api_name="upload",
                     concurrency_limit=None)

    def reindex(progress=gr.Progress()):
        yield from follow(corpus.reindex_all(), [], progress)

    reindex_btn.click(reindex, None, job_outputs, api_name="reindex",
                      concurrency_limit=None)

    def delete(source: str | None, request: gr.Request):
        owner = owner_of(services, request)
        if not source:
            raise gr.Error("Hãy chọn văn bản cần xóa.")
        message = corpus.delete(source, requester=owner)
        table, choices = doc_table()
        return message, table, choices, corpus.status_text()[0]

    delete_btn.click(delete, [to_delete], [delete_status, docs, to_delete, shared.banner], api_name="delete_document")

    def refresh(owner: str, report_id: int) -> dict[Any, Any]:
        table, choices = doc_table()
        return {docs: table, to_delete: choices}

    return Screen([docs, to_delete], refresh)
