"""The single background writer to the corpus index.

Chroma's embedded mode is not process-safe and the BM25 index is rewritten on
each change, so every indexing request (first start, uploads, re-index,
delete) goes through one thread fed by a queue; searches keep running in
Gradio's worker threads meanwhile. Jobs are observed by polling ``job(id)``,
which returns an immutable snapshot, so UI generators can stream progress.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

from ui.errors import user_message

log = logging.getLogger(__name__)

JOB_STATES = ("queued", "running", "done", "failed")


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


# task(progress) -> outcomes; progress(done, total, current_name) may be called any number of times.
Progress = Callable[[int, int, str], None]
Task = Callable[[Progress], list[FileOutcome]]


@dataclass
class _Job:
    snapshot: JobSnapshot
    task: Task
    finished: threading.Event = field(default_factory=threading.Event)


class IndexingWorker:
    """One daemon thread running queued index tasks in order."""

    def __init__(self, on_finished: Callable[[JobSnapshot], None] | None = None):
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._jobs: dict[int, _Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._on_finished = on_finished
        self._thread = threading.Thread(target=self._run, name="indexing-worker", daemon=True)
        self._thread.start()

    def submit(self, label: str, task: Task) -> JobSnapshot:
        with self._lock:
            pending = sum(1 for j in self._jobs.values() if not j.snapshot.finished)
            job = _Job(JobSnapshot(id=next(self._ids), label=label, queued_before=pending), task)
            self._jobs[job.snapshot.id] = job
        self._queue.put(job)
        return job.snapshot

    def job(self, job_id: int) -> JobSnapshot:
        with self._lock:
            return self._jobs[job_id].snapshot

    def wait(self, job_id: int, timeout: float | None = None) -> JobSnapshot:
        self._jobs[job_id].finished.wait(timeout)
        return self.job(job_id)

    def follow(self, job_id: int, interval: float = 0.3):
        """Yield snapshots until the job finishes (the last one is final) — for streaming UIs."""
        while True:
            snap = self.job(job_id)
            yield snap
            if snap.finished:
                return
            self._jobs[job_id].finished.wait(interval)

    def busy(self) -> bool:
        with self._lock:
            return any(not j.snapshot.finished for j in self._jobs.values())

    def stop(self, timeout: float = 5.0) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def _update(self, job: _Job, **changes) -> None:
        with self._lock:
            job.snapshot = replace(job.snapshot, **changes)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            self._update(job, state="running")

            def progress(done: int, total: int, current: str, _job: _Job = job) -> None:
                self._update(_job, done=done, total=total, current=current)

            started = time.monotonic()
            try:
                outcomes = job.task(progress)
                self._update(job, state="done", outcomes=tuple(outcomes), current="",
                             done=max(job.snapshot.total, len(outcomes)), total=max(job.snapshot.total, len(outcomes)))
            except Exception as exc:  # a worker must survive any task failure
                log.exception("indexing job %s failed", job.snapshot.label)
                self._update(job, state="failed", error=user_message("Lập chỉ mục thất bại", exc))
            log.info("indexing job %s finished in %.1fs", job.snapshot.label, time.monotonic() - started)
            job.finished.set()
            if self._on_finished is not None:
                try:
                    self._on_finished(job.snapshot)
                except Exception:
                    log.exception("on_finished hook failed")
