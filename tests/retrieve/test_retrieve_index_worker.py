"""The single index writer: ordered jobs, progress, per-file results, searches meanwhile, failures contained.

Real model, real Chroma, tiny corpora; the writer is held inside a batch through its own
``on_progress`` callback, so "searches go on while it writes" is observed, not timed.
"""

from __future__ import annotations

import threading
from pathlib import Path

from assistant.retrieve import IndexJob, IndexWorker, list_documents, search

from .conftest import write_corpus


def _statuses(job: IndexJob) -> dict[str, str]:
    return {Path(r.source).name: r.status for r in job.results}


def test_jobs_run_in_order_while_searches_see_the_last_complete_index(index, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ("hoa_an_bao_cao.md",))
    worker = IndexWorker(index, root=tmp_path)
    release = threading.Event()
    try:
        first = worker.wait(worker.submit([corpus], label="lần đầu").id, timeout=300)
        assert first.state == "done" and _statuses(first) == {"hoa_an_bao_cao.md": "indexed"}

        write_corpus(corpus, ("hoa_an_ke_hoach.md", "minh_khe_bao_cao.md"))  # files sort in this order
        seen: list[IndexJob] = []
        held = threading.Event()

        def hold_before_the_last_file(job: IndexJob) -> None:
            seen.append(job)
            if job.state == "running" and job.total == 3 and job.done == 3 and not held.is_set():
                held.set()  # the plan (hoa_an_ke_hoach.md) is committed, the batch is still open
                release.wait(120)

        second = worker.submit([corpus], on_progress=hold_before_the_last_file)
        third = worker.submit([tmp_path / "khong_co.md"])
        assert third.queued_before == 1
        assert held.wait(300)

        assert worker.job(second.id).current.endswith("minh_khe_bao_cao.md")
        assert worker.job(third.id).state == "queued" and worker.busy()  # one job at a time
        # Searches go on, on the last complete snapshot: the new plan is not visible yet.
        assert search("loa truyền thanh thông minh", index, k=1)[0].source.endswith("hoa_an_bao_cao.md")
        assert all("hoa_an_ke_hoach" not in h.source for h in search("Bình dân học vụ số", index, k=10))

        release.set()
        missing = worker.wait(third.id, timeout=300)
        done = worker.job(second.id)
        assert done.state == "done" and done.fraction == 1.0
        assert _statuses(done) == {
            "hoa_an_bao_cao.md": "unchanged", "hoa_an_ke_hoach.md": "indexed", "minh_khe_bao_cao.md": "indexed",
        }
        progress = [(v.done, v.total) for v in seen if v.state == "running" and v.total]
        assert progress == [(1, 3), (2, 3), (3, 3)] and seen[-1].state == "done"
        assert missing.state == "done" and _statuses(missing) == {"khong_co.md": "failed"}
        assert "không tìm thấy" in missing.results[0].reason
        # The batch is searchable once it ended.
        assert search("Bình dân học vụ số", index, k=1)[0].source.endswith("hoa_an_ke_hoach.md")
    finally:
        release.set()
        worker.stop()


def test_removal_deletes_the_uploaded_copy_in_the_same_job(index, tmp_path):
    uploads = write_corpus(tmp_path / "uploads", ("minh_khe_bao_cao.md",))
    copy = uploads / "minh_khe_bao_cao.md"
    worker = IndexWorker(index, root=tmp_path)
    try:
        worker.wait(worker.submit([uploads]).id, timeout=300)
        removal = worker.wait(worker.submit_removal("uploads/minh_khe_bao_cao.md", delete_file=copy).id, timeout=300)
        assert removal.kind == "remove" and [(r.source, r.status) for r in removal.results] == [
            ("uploads/minh_khe_bao_cao.md", "removed")]
        assert not copy.exists() and list_documents(index) == []
        assert search("chữ ký số", index) == []
        # A re-index queued afterwards finds nothing to bring back.
        assert worker.wait(worker.submit([uploads]).id, timeout=300).results == ()

        unknown = worker.wait(worker.submit_removal("uploads/minh_khe_bao_cao.md").id, timeout=300)
        assert unknown.state == "done" and _statuses(unknown) == {"minh_khe_bao_cao.md": "failed"}
        assert unknown.results[0].reason == "không có trong kho"
    finally:
        worker.stop()


def test_a_failing_job_is_reported_and_the_worker_goes_on(index, settings, tmp_path):
    corpus = write_corpus(tmp_path / "corpus", ("minh_khe_bao_cao.md",))
    # A stray file where the BM25 index is staged: saving it fails, as on a broken disk.
    blocker = settings.bm25_dir.with_name(settings.bm25_dir.name + ".tmp")
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("not a directory", encoding="utf-8")
    worker = IndexWorker(index, root=tmp_path)
    try:
        failed = worker.wait(worker.submit([corpus]).id, timeout=300)
        assert failed.state == "failed" and isinstance(failed.error, OSError) and failed.results == ()

        blocker.unlink()
        retried = worker.wait(worker.submit([corpus]).id, timeout=300)
        assert retried.state == "done" and not worker.busy()
        # The document was committed before the failure; the retry only rebuilt BM25.
        assert _statuses(retried) == {"minh_khe_bao_cao.md": "unchanged"}
        assert search("chữ ký số", index, k=1)[0].source.endswith("minh_khe_bao_cao.md")
    finally:
        worker.stop()
