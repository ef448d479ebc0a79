"""The single indexing writer: jobs run one at a time in order, progress is visible, failures are contained."""

from __future__ import annotations

import errno
import threading

from ui.worker import FileOutcome, IndexingWorker


def test_jobs_run_in_order_one_at_a_time_with_progress() -> None:
    worker = IndexingWorker()
    running = []
    overlap = threading.Event()
    release = threading.Event()

    def task(name: str, wait: bool):
        def run(progress):
            if running:
                overlap.set()
            running.append(name)
            progress(1, 2, f"{name}-a")
            if wait:
                release.wait(5)
            progress(2, 2, f"{name}-b")
            running.remove(name)
            return [FileOutcome(f"{name}.md", True, "đã lập chỉ mục")]
        return run

    first = worker.submit("một", task("mot", wait=True))
    second = worker.submit("hai", task("hai", wait=False))
    assert second.queued_before == 1
    seen = next(s for s in worker.follow(first.id, interval=0.01) if s.done == 1)
    assert seen.state == "running" and seen.current == "mot-a"
    assert worker.job(second.id).state == "queued"
    release.set()
    final = worker.wait(second.id, timeout=5)
    assert final.state == "done" and final.outcomes[0].name == "hai.md" and final.fraction == 1.0
    assert not overlap.is_set()
    worker.stop()


def test_a_failing_job_is_reported_and_the_worker_goes_on() -> None:
    worker = IndexingWorker()

    def boom(progress):
        raise OSError(errno.ENOSPC, "No space left on device", "/srv/data/chroma/x.bin")

    bad = worker.submit("hỏng", boom)
    good = worker.submit("tốt", lambda progress: [FileOutcome("a.md", True, "ok")])
    assert worker.wait(bad.id, 5).state == "failed"
    # The officer reads the cause in Vietnamese; the English text and server paths stay in the log.
    error = worker.job(bad.id).error
    assert error.startswith("Lập chỉ mục thất bại: ổ đĩa đã đầy.") and "/srv" not in error and "space" not in error
    assert worker.wait(good.id, 5).state == "done"
    assert not worker.busy()
    worker.stop()
