"""Parse files in a child process, with a time limit per file (``Settings.index_file_timeout_s``).

A pathological file (a PDF whose content streams make the parser loop, a text built to defeat the
structure heuristics) must not stall the indexing worker, and a parser thread cannot be stopped
from outside. So ``load_document`` + ``chunk_document`` run in a child process; the parent waits
at most the limit for each file, then kills the child and reports the file. A crash of the parser
(segfault, out of memory) ends the child, not the app, and is reported the same way.

The child is a fresh interpreter (``python -m assistant.ingest.child``, started with
``subprocess``), reused for the files of one batch and replaced after a kill. Not
``multiprocessing``: forking the multi-threaded app (Gradio, Chroma, OpenMP) is unsafe, and its
``spawn``/``forkserver`` children re-run the parent's main script (a bench or a user's script
without a ``__main__`` guard would index itself in a loop). Requests and answers are pickled
over a pipe of their own; the child's stdout/stderr stay the parent's (its logs).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.settings import Settings

log = logging.getLogger(__name__)

_STARTUP_TIMEOUT_S = 120.0  # imports of lxml/pypdf/docx on a busy machine; not counted per file
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class ParseTimeout(Exception):
    """The child did not finish within the limit; ``message`` is for the officer."""

    def __init__(self, name: str, seconds: float):
        self.message = f"tệp {Path(name).name} quá thời gian xử lý {seconds:g} giây; đã bỏ qua tệp này"
        super().__init__(self.message)


class ParseCrash(Exception):
    """The child ended without an answer (killed by the system, crashed parser)."""

    def __init__(self, name: str, exitcode: int | None):
        self.message = (f"trình đọc tệp {Path(name).name} dừng bất thường (mã {exitcode}); "
                        "tệp có thể bị hỏng, đã bỏ qua tệp này")
        super().__init__(self.message)


@dataclass(frozen=True)
class Parsed:
    document: Any  # assistant.ingest.Document
    chunks: list  # list[assistant.ingest.Chunk]


def parse_here(path: Path, settings: Settings, source: str) -> Parsed:
    """The parse itself, in this process; raises ``IngestError`` for unreadable files."""
    from assistant.ingest import chunk_document, load_document

    document = load_document(path, settings, source=source)
    return Parsed(document, chunk_document(document, settings))


class ParseWorker:
    """One child interpreter parsing files on request; use as a context manager (one batch).

    ``parse`` raises ``IngestError`` (unreadable file), ``ParseTimeout``, ``ParseCrash`` or
    ``RuntimeError`` (an unexpected exception in the parser, named by type). With a limit ≤ 0 the
    files are parsed in this process (no child).
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self.limit = settings.index_file_timeout_s
        self._proc: subprocess.Popen | None = None
        self._conn: Any = None  # assistant.ingest.child.Duplex once started

    def __enter__(self) -> "ParseWorker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> Any:
        from assistant.ingest.child import Duplex  # imports the parsers: only once a file needs them

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p)}
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "assistant.ingest.child", str(to_child_r), str(from_child_w)],
                pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, env=env, close_fds=True,
            )
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
        self._conn = Duplex(from_child_r, to_child_w)
        if not self._conn.poll(_STARTUP_TIMEOUT_S) or self._conn.recv() != "ready":
            self._kill()
            raise RuntimeError("không khởi động được tiến trình đọc tệp")
        return self._conn

    def parse(self, path: Path, source: str) -> Parsed:
        from assistant.ingest.types import IngestError

        if self.limit <= 0:
            return parse_here(path, self.settings, source)
        conn = self._conn or self._start()
        started = time.monotonic()
        try:
            conn.send((str(path), self.settings, source))
            if not conn.poll(self.limit):
                log.warning("%s: parsing exceeded %gs, child %s killed", source, self.limit, self._proc.pid)
                self._kill()
                raise ParseTimeout(source, self.limit)
            answer = conn.recv()
        except (EOFError, OSError):
            code = self._kill()
            raise ParseCrash(source, code) from None
        log.debug("%s parsed in the child in %.2fs", source, time.monotonic() - started)
        if answer[0] == "ok":
            return Parsed(answer[1], answer[2])
        if answer[0] == "ingest":
            raise IngestError(source, answer[1])
        if answer[1] == "MemoryError":  # the child's memory, not ours: the file is the problem
            self._kill()
            raise IngestError(source, f"không đủ bộ nhớ để đọc tệp {Path(source).name}; đã bỏ qua tệp này")
        raise RuntimeError(f"{answer[1]}: {answer[2]}")

    def _close_pipe(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _kill(self) -> int | None:
        proc, self._proc = self._proc, None
        self._close_pipe()
        if proc is None:
            return None
        if proc.poll() is None:
            proc.kill()
        return proc.wait()

    def close(self) -> None:
        """End the child: closing its request pipe makes it exit; killed if it does not."""
        proc = self._proc
        self._close_pipe()
        if proc is not None:
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            self._proc = None
