"""``IndexWorker``: the single writer to a ``CorpusIndex``, fed by a queue.

Chroma's embedded mode is not process-safe and the BM25 index is rebuilt after each batch, so
an application that indexes while it serves searches (the web app: first start, uploads,
re-index, delete) sends every write through one ``IndexWorker``. Jobs run one at a time, in
submission order, on one daemon thread; searches go on in other threads meanwhile (see the
threading note in ``corpus_index``). A failing job is recorded and the worker goes on.

Jobs are observed either by polling (``job``, ``wait``, ``follow`` return immutable
``IndexJob`` snapshots, handy for streaming UIs) or by an ``on_progress`` callback per job::

    worker = IndexWorker(index)
    job = worker.submit([Path("corpus")], label="Cập nhật kho")
    for snap in worker.follow(job.id):
        print(snap.done, snap.total, snap.current)
    print([(r.source, r.status, r.reason) for r in snap.results])
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator, Sequence

from assistant.retrieve.corpus_index import CorpusIndex
from assistant.retrieve.indexer import STATUS_FAILED, STATUS_REMOVED, FileResult, index_paths, remove_document

log = logging.getLogger(__name__)

JOB_STATES = ("queued", "running", "done", "failed")
JOB_KINDS = ("index", "remove")
NOT_IN_INDEX = "không có trong kho"


@dataclass(frozen=True)
class IndexJob:
    """An immutable view of one job; ask the worker again for a newer one."""

    id: int
    kind: str  # one of JOB_KINDS
    label: str
    state: str = "queued"  # one of JOB_STATES
    done: int = 0  # files handled so far (of ``total``)
    total: int = 0
    current: str = ""  # source being handled
    results: tuple[FileResult, ...] = ()  # per file, once done
    error: BaseException | None = None  # why the job failed (state "failed"); the detail is logged
    queued_before: int = 0  # unfinished jobs ahead of this one when it was submitted

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else (1.0 if self.finished else 0.0)


ProgressCallback = Callable[[IndexJob], None]


@dataclass
class _Job:
    view: IndexJob
    run: Callable[[Callable[[int, int, str], None]], list[FileResult]]
    on_progress: ProgressCallback | None
    finished: threading.Event = field(default_factory=threading.Event)


class IndexWorker:
    """One daemon thread writing to ``index``; ``root`` is the base of stored source names."""

    def __init__(self, index: CorpusIndex, root: Path | None = None):
        self.index = index
        self.root = root or Path.cwd()
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._jobs: dict[int, _Job] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._thread = threading.Thread(target=self._work, name="index-worker", daemon=True)
        self._thread.start()

    # -- submitting ------------------------------------------------------------------------------
    def submit(self, paths: Sequence[Path], label: str = "", on_progress: ProgressCallback | None = None) -> IndexJob:
        """Queue an incremental ``index_paths`` run over files and folders (see ``indexer``)."""
        paths = [Path(p) for p in paths]

        def run(progress: Callable[[int, int, str], None]) -> list[FileResult]:
            return index_paths(paths, self.index, progress=progress, root=self.root).results

        return self._enqueue("index", label or f"index {len(paths)} path(s)", run, on_progress)

    def submit_removal(
        self, source: str, label: str = "", delete_file: Path | None = None, on_progress: ProgressCallback | None = None
    ) -> IndexJob:
        """Queue removing a document (by source or doc id) from the index.

        ``delete_file`` (e.g. an uploaded copy) is deleted in the same job, after the index entry,
        so that no indexing job queued later can find the file and index it again.
        """

        def run(progress: Callable[[int, int, str], None]) -> list[FileResult]:
            progress(0, 1, source)
            removed = remove_document(source, self.index)
            if delete_file is not None and delete_file.is_file():
                delete_file.unlink()
            if not removed:
                return [FileResult(source, STATUS_FAILED, NOT_IN_INDEX)]
            return [FileResult(s, STATUS_REMOVED) for s in removed]

        return self._enqueue("remove", label or f"remove {source}", run, on_progress)

    def _enqueue(self, kind: str, label: str, run, on_progress: ProgressCallback | None) -> IndexJob:
        with self._lock:
            pending = sum(1 for j in self._jobs.values() if not j.view.finished)
            job = _Job(IndexJob(id=next(self._ids), kind=kind, label=label, queued_before=pending), run, on_progress)
            self._jobs[job.view.id] = job
        self._queue.put(job)
        return job.view

    # -- observing -------------------------------------------------------------------------------
    def job(self, job_id: int) -> IndexJob:
        """The latest view of a job; ``KeyError`` for an id this worker never issued."""
        with self._lock:
            return self._jobs[job_id].view

    def wait(self, job_id: int, timeout: float | None = None) -> IndexJob:
        """Block until the job finishes or ``timeout`` seconds pass; returns its latest view."""
        self._jobs[job_id].finished.wait(timeout)
        return self.job(job_id)

    def follow(self, job_id: int, interval: float = 0.3) -> Iterator[IndexJob]:
        """Yield views every ``interval`` seconds until the job finishes (the last one is final)."""
        while True:
            view = self.job(job_id)
            yield view
            if view.finished:
                return
            self._jobs[job_id].finished.wait(interval)

    def busy(self) -> bool:
        with self._lock:
            return any(not j.view.finished for j in self._jobs.values())

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the queued jobs, then end the thread (waits at most ``timeout`` seconds)."""
        self._queue.put(None)
        self._thread.join(timeout)

    # -- the writer thread -----------------------------------------------------------------------
    def _update(self, job: _Job, **changes) -> None:
        with self._lock:
            job.view = replace(job.view, **changes)
            view = job.view
        if job.on_progress is not None:
            try:
                job.on_progress(view)
            except Exception:  # an observer's bug must not fail the write
                log.exception("progress callback of index job %s failed", view.label)

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            self._update(job, state="running")

            def progress(done: int, total: int, current: str, _job: _Job = job) -> None:
                self._update(_job, done=done, total=total, current=current)

            started = time.monotonic()
            try:
                results = job.run(progress)
                n = max(job.view.total, len(results))
                self._update(job, state="done", results=tuple(results), current="", done=n, total=n)
            except Exception as exc:  # the worker must survive any job failure
                log.exception("index job %s failed", job.view.label)
                self._update(job, state="failed", error=exc)
            log.info("index job %s finished in %.1fs", job.view.label, time.monotonic() - started)
            job.finished.set()
