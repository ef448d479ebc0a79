"""The child side of isolated parsing (``assistant.retrieve.parse_child`` starts and feeds it).

    python -m assistant.ingest.child READ_FD WRITE_FD

Imports only the ingest package (≈ 0.15 s), says "ready", then answers one request
``(path, settings, source)`` at a time until the parent closes the pipe. Answers are tagged
tuples, so that no exception object has to survive pickling:
``("ok", Document, [Chunk])``, ``("ingest", message)`` or ``("error", type name, text)``.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant.ingest import chunk_document, load_document
from assistant.ingest.types import IngestError


class Duplex:
    """A read and a write ``Connection`` over two raw pipe fds, used as one."""

    def __init__(self, read_fd: int, write_fd: int):
        self._r = Connection(read_fd, writable=False)
        self._w = Connection(write_fd, readable=False)

    def send(self, obj: Any) -> None:
        self._w.send(obj)

    def recv(self) -> Any:
        return self._r.recv()

    def poll(self, timeout: float) -> bool:
        return self._r.poll(timeout)

    def close(self) -> None:
        self._w.close()
        self._r.close()


def answer(path: Path, settings: Any, source: str) -> tuple:
    try:
        document = load_document(path, settings, source=source)
        return ("ok", document, chunk_document(document, settings))
    except IngestError as exc:
        return ("ingest", exc.message)
    except MemoryError:
        return ("error", "MemoryError", "")
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which decides
        return ("error", type(exc).__name__, str(exc)[:500])


def serve(read_fd: int, write_fd: int) -> None:
    conn = Duplex(read_fd, write_fd)
    conn.send("ready")
    while True:
        try:
            path, settings, source = conn.recv()
        except EOFError:  # the parent closed the pipe: the batch is over
            return
        conn.send(answer(Path(path), settings, source))


if __name__ == "__main__":
    serve(int(sys.argv[1]), int(sys.argv[2]))
