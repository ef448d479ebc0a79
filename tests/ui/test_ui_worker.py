"""Index jobs as the officer reads them: per-file outcomes and failures in Vietnamese (ui/worker.py).

The worker itself (ordering, progress, concurrency) is tested in tests/retrieve/test_retrieve_index_worker.py.
"""

from __future__ import annotations

import errno

from assistant.retrieve import FileResult, IndexJob
from ui.worker import job_snapshot


def test_a_failed_job_reads_in_vietnamese_without_server_detail() -> None:
    error = OSError(errno.ENOSPC, "No space left on device", "/srv/data/chroma/x.bin")
    snap = job_snapshot(IndexJob(id=1, kind="index", label="Tải lên 1 tệp", state="failed", error=error))
    assert snap.finished and snap.state == "failed"
    assert snap.error.startswith("Lập chỉ mục thất bại: ổ đĩa đã đầy.")
    assert "/srv" not in snap.error and "space" not in snap.error


def test_per_file_outcomes_name_the_file_and_the_reason() -> None:
    results = (
        FileResult("corpus/a.md", "indexed", chunks=4),
        FileResult("data/uploads/b.txt", "failed", "tệp rỗng (0 byte)"),
        FileResult("corpus/c.md", "unchanged"),
    )
    snap = job_snapshot(IndexJob(id=2, kind="index", label="x", state="done", done=3, total=3, results=results))
    assert [(o.name, o.ok, o.message) for o in snap.outcomes] == [
        ("a.md", True, "đã lập chỉ mục (4 đoạn)"),
        ("b.txt", False, "bỏ qua: tệp rỗng (0 byte)"),
        ("c.md", True, "không đổi"),
    ]
    removal = job_snapshot(IndexJob(id=3, kind="remove", label="Xóa", state="done",
                                    results=(FileResult("data/uploads/b.md", "removed"),)))
    assert [(o.name, o.ok, o.message) for o in removal.outcomes] == [("b.md", True, "đã xóa khỏi kho")]
    assert not job_snapshot(IndexJob(id=4, kind="remove", label="Xóa", state="done",
                                     results=(FileResult("x.md", "failed", "không có trong kho"),))).outcomes[0].ok
