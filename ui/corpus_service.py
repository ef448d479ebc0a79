"""The shared corpus as the UI sees it: first-start indexing, uploads, search, documents, context.

One ``CorpusIndex`` serves the whole process. Every write goes through the single
``IndexingWorker`` (``assistant.retrieve.IndexWorker`` underneath) while searches run
concurrently in Gradio's threads; the index itself makes that sharing safe (see the
threading note in ``assistant.retrieve.corpus_index``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from assistant.retrieve import Hit, SearchFilters, document_text, list_documents, search
from assistant.settings import Settings
from assistant.workspace import WorkspaceStore
from ui.uploads import UploadResult, accept_upload, deletion_refusal, limit_batch, recover_uploads
from ui.worker import IndexingWorker, JobSnapshot


@dataclass(frozen=True)
class DocumentRow:
    source: str
    title: str
    doc_type: str
    commune: str
    date: str
    chunks: int
    status: str


class CorpusService:
    def __init__(self, settings: Settings, worker: IndexingWorker, store: WorkspaceStore, single_user: bool):
        self.settings = settings
        self.worker = worker
        self.store = store  # records who uploaded which file
        self.single_user = single_user
        self.index = worker.index
        self.root = worker.inner.root  # base of the stored source names; the same on every run
        self._initial_job: int | None = None

    @property
    def uploads_dir(self) -> Path:
        return self.settings.data_dir / "uploads"

    def _folders(self) -> list[Path]:
        self.uploads_dir.mkdir(parents=True, exist_ok=True)
        folders = [self.uploads_dir]
        if Path(self.settings.corpus_dir).is_dir():
            folders.insert(0, Path(self.settings.corpus_dir))
        return folders

    # -- indexing (always through the worker) -----------------------------------------
    def start_initial_index(self) -> JobSnapshot:
        """First start (and every start): bring the index up to date with the corpus and uploads folders."""
        recover_uploads(self.uploads_dir, self.store.uploaded_files, self.store.forget_upload)
        job = self.worker.submit("Cập nhật kho tài liệu", self._folders())
        self._initial_job = job.id
        return job

    def initial_job(self) -> JobSnapshot | None:
        return self.worker.job(self._initial_job) if self._initial_job is not None else None

    def reindex_all(self) -> JobSnapshot:
        return self.worker.submit("Lập chỉ mục lại", self._folders())

    def upload(self, files: Sequence[tuple[Path, str]], uploader: str) -> tuple[list[UploadResult], JobSnapshot | None]:
        """Accept uploaded (temp path, original name) pairs from ``uploader``; queue the accepted ones for indexing."""
        files, refused = limit_batch(list(files), self.settings.max_upload_files)
        results = [accept_upload(Path(tmp), name, self.uploads_dir, self.settings.max_upload_mb, uploader=uploader,
                                 claim=self.store.claim_upload, release=self.store.forget_upload)
                   for tmp, name in files] + refused
        accepted = [r.saved_path for r in results if r.saved_path is not None]
        job = self.worker.submit(f"Tải lên {len(accepted)} tệp", accepted) if accepted else None
        return results, job

    def delete(self, source: str, requester: str) -> str:
        """Remove a document from the index (through the worker); an uploaded file is deleted too.

        Only its uploader may delete an uploaded file (``ui.uploads.deletion_refusal``).
        """
        location = (self.root / source).resolve()
        uploaded = location.is_relative_to(self.uploads_dir.resolve())
        refusal = deletion_refusal(Path(source).name, uploaded=uploaded, requester=requester,
                                   uploader=self.store.upload_owner(location.name) if uploaded else None,
                                   single_user=self.single_user)
        if refusal:
            return refusal

        job = self.worker.submit_removal(f"Xóa {source}", source, delete_file=location if uploaded else None)
        job = self.worker.wait(job.id, timeout=120)
        if uploaded and not location.exists():
            self.store.forget_upload(location.name)
        if job.state != "done":
            return job.error or "Chưa xóa xong, vui lòng thử lại."
        outcome = job.outcomes[0]
        note = "" if uploaded else " Tệp gốc vẫn nằm trong thư mục kho; xóa tệp đó để nó không được nạp lại."
        return f"{outcome.name}: {outcome.message}.{note if outcome.ok else ''}"

    # -- status --------------------------------------------------------------------------
    def ready(self) -> bool:
        """Search is served once the first-start job finished (or if none was started: tests, CLI)."""
        return self._initial_job is None or self.worker.job(self._initial_job).finished

    def status_text(self) -> tuple[str, bool]:
        """(banner text, still busy) for the status line at the top of every screen."""
        if self._initial_job is not None:
            job = self.worker.job(self._initial_job)
            if not job.finished:
                where = f" — {job.current}" if job.current else ""
                return (f"… Đang lập chỉ mục kho tài liệu lần đầu: {job.done}/{job.total or '?'} tệp{where}. "
                        "Tìm kiếm và soạn thảo sẽ sẵn sàng khi xong."), True
            if job.state == "failed":
                return f"⚠ {job.error}", False
        n = len(list_documents(self.index))
        return f"Kho tài liệu: {n} văn bản đã lập chỉ mục.", self.worker.busy()

    # -- reading ------------------------------------------------------------------------
    def search(self, query: str, commune: str = "", year: int | None = None, doc_type: str = "",
               kind: str = "", k: int | None = None) -> list[Hit]:
        if not self.ready():
            job = self.worker.job(self._initial_job) if self._initial_job else None
            progress = f" ({job.done}/{job.total} tệp)" if job and job.total else ""
            raise RuntimeError(f"Kho tài liệu đang được lập chỉ mục lần đầu{progress}; vui lòng chờ trong giây lát.")
        filters = SearchFilters(commune=commune or "", year=year or None, doc_type=doc_type or "", kind=kind or ())
        return search(query, self.index, filters, k=k or self.settings.search_k)

    def documents(self) -> list[DocumentRow]:
        rows = []
        for d in list_documents(self.index):
            m = d.metadata
            rows.append(DocumentRow(d.source, d.title, str(m.get("doc_type", "")), str(m.get("commune", "")),
                                    str(m.get("date", "") or m.get("year", "") or ""), d.n_chunks,
                                    "sẵn sàng" if d.status == "done" else "đang xử lý"))
        return rows

    def context(self, doc_id: str, span: tuple[int, int]) -> str | None:
        """The document's normalized text, in which ``span`` locates the passage."""
        return document_text(doc_id, self.index)

    def facets(self) -> dict[str, list[str]]:
        """Filter choices present in the corpus (communes, doc types, years)."""
        docs = list_documents(self.index)
        pick = lambda key: sorted({str(d.metadata.get(key)) for d in docs if d.metadata.get(key)})  # noqa: E731
        return {"commune": pick("commune"), "doc_type": pick("doc_type"), "year": pick("year")}

