"""Index jobs as the screens show them: Vietnamese per-file outcomes and error messages.

The single background writer is ``assistant.retrieve.IndexWorker``; this adapter only turns
its ``IndexJob`` views into ``JobSnapshot``s whose texts an officer can read, and hides the
technical detail of a failure (it stays in the server log, see ``ui.errors``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Sequence

from assistant.retrieve import FileResult, IndexJob, IndexWorker
from ui.errors import user_message

# Vietnamese labels of the index's per-file statuses (assistant.retrieve.indexer).
_STATUS_TEXT = {
    "indexed": "đã lập chỉ mục",
    "unchanged": "không đổi",
    "removed": "đã gỡ khỏi kho",
    "failed": "bỏ qua",
}


# An absolute server path inside a reason (an exception's text): officers see only the file name.
_SERVER_PATH = re.compile(r"(?:[A-Za-z]:)?[\\/](?:[^\s'\"\\/:]+[\\/])+([^\s'\"\\/:]+)")


def without_server_paths(text: str) -> str:
    return _SERVER_PATH.sub(lambda m: m[1], text or "")


@dataclass(frozen=True)
class FileOutcome:
    """What happened to one file: indexed, unchanged, removed or skipped with a reason (Vietnamese)."""

    name: str
    ok: bool
    message: str


@dataclass(frozen=True)
class JobSnapshot:
    id: int
    label: str
    state: str = "queued"
    done: int = 0
    total: int = 0
    current: str = ""
    outcomes: tuple[FileOutcome, ...] = ()
    error: str = ""
    queued_before: int = 0  # jobs ahead of this one when it was submitted

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else (1.0 if self.finished else 0.0)


def file_outcome(result: FileResult, removal: bool = False) -> FileOutcome:
    """One line of the per-file result table; ``removal``: the result of a delete request."""
    name = Path(result.source).name
    reason = without_server_paths(result.reason)
    if removal:
        return FileOutcome(name, result.status == "removed", "đã xóa khỏi kho" if result.status == "removed" else reason)
    message = _STATUS_TEXT.get(result.status, result.status) + (f": {reason}" if reason else "")
    if result.status == "indexed":
        message += f" ({result.chunks} đoạn)"
    return FileOutcome(name, result.status != "failed", message)


def job_snapshot(job: IndexJob) -> JobSnapshot:
    return JobSnapshot(
        id=job.id, label=job.label, state=job.state, done=job.done, total=job.total, current=job.current,
        outcomes=tuple(file_outcome(r, removal=job.kind == "remove") for r in job.results),
        error=user_message("Lập chỉ mục thất bại", job.error) if job.error is not None else "",
        queued_before=job.queued_before,
    )


class IndexingWorker:
    """``IndexWorker`` with Vietnamese job views; the only writer to the app's index."""

    def __init__(self, worker: IndexWorker):
        self.inner = worker
        self.index = worker.index

    def submit(self, label: str, paths: Sequence[Path]) -> JobSnapshot:
        return job_snapshot(self.inner.submit(paths, label=label))

    def submit_removal(self, label: str, source: str, delete_file: Path | None = None) -> JobSnapshot:
        return job_snapshot(self.inner.submit_removal(source, label=label, delete_file=delete_file))

    def job(self, job_id: int) -> JobSnapshot:
        return job_snapshot(self.inner.job(job_id))

    def wait(self, job_id: int, timeout: float | None = None) -> JobSnapshot:
        return job_snapshot(self.inner.wait(job_id, timeout))

    def follow(self, job_id: int, interval: float = 0.3) -> Iterator[JobSnapshot]:
        return (job_snapshot(job) for job in self.inner.follow(job_id, interval))

    def busy(self) -> bool:
        return self.inner.busy()

    def stop(self, timeout: float = 5.0) -> None:
        self.inner.stop(timeout)
