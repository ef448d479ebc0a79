"""The document registry (SQLite at ``Settings.registry_path``): the index's source of truth.

One row per indexed file (path, content hash, status, metadata, normalized text) and one row per
chunk (text, section path, kind, span, flat metadata). Chroma holds the vectors and BM25 is a
derived file: both can be rebuilt from here, which is what makes recovery after a crash possible.
``generation`` increases on every committed change so derived indexes can tell they are stale.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from assistant.retrieve.records import STATUS_DONE, STATUS_PENDING, ChunkRecord, DocumentRecord

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    source TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    status TEXT NOT NULL,
    n_chunks INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    indexed_at TEXT NOT NULL,
    metadata TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_doc_id ON documents(doc_id);
CREATE TABLE IF NOT EXISTS chunks (
    chunk_id TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    source TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    text TEXT NOT NULL,
    embed_text TEXT NOT NULL,
    section_path TEXT NOT NULL,
    kind TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    metadata TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_source ON chunks(source);
"""

_DOC_COLUMNS = "source, doc_id, content_hash, status, n_chunks, size_bytes, indexed_at, metadata"
_CHUNK_COLUMNS = "chunk_id, doc_id, source, ordinal, text, embed_text, section_path, kind, span_start, span_end, metadata"


def _doc(row: tuple) -> DocumentRecord:
    return DocumentRecord(*row[:7], metadata=json.loads(row[7]))


def _chunk(row: tuple) -> ChunkRecord:
    return ChunkRecord(
        chunk_id=row[0], doc_id=row[1], source=row[2], ordinal=row[3], text=row[4], embed_text=row[5],
        section_path=row[6], kind=row[7], span=(row[8], row[9]), metadata=json.loads(row[10]),
    )


class Registry:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._tx() as con:
            con.executescript(_SCHEMA)

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction: committed on success, rolled back on error (and by SQLite on a crash)."""
        con = sqlite3.connect(self.path, timeout=30)
        try:
            with con:
                yield con
        finally:
            con.close()

    # -- meta -------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str = "") -> str:
        with self._tx() as con:
            row = con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as con:
            con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation", "0"))

    @staticmethod
    def _bump(con: sqlite3.Connection) -> None:
        con.execute(
            "INSERT INTO meta VALUES ('generation', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # -- documents --------------------------------------------------------------------------
    def get_document(self, source: str) -> DocumentRecord | None:
        with self._tx() as con:
            row = con.execute(f"SELECT {_DOC_COLUMNS} FROM documents WHERE source = ?", (source,)).fetchone()
        return _doc(row) if row else None

    def find_documents(self, doc_id_or_source: str) -> list[DocumentRecord]:
        with self._tx() as con:
            rows = con.execute(
                f"SELECT {_DOC_COLUMNS} FROM documents WHERE source = ? OR doc_id = ?", (doc_id_or_source,) * 2
            ).fetchall()
        return [_doc(r) for r in rows]

    def list_documents(self, status: str | None = None) -> list[DocumentRecord]:
        query = f"SELECT {_DOC_COLUMNS} FROM documents"
        args: tuple = ()
        if status:
            query, args = query + " WHERE status = ?", (status,)
        with self._tx() as con:
            rows = con.execute(query + " ORDER BY source", args).fetchall()
        return [_doc(r) for r in rows]

    def document_text(self, doc_id: str) -> str | None:
        with self._tx() as con:
            row = con.execute("SELECT text FROM documents WHERE doc_id = ? LIMIT 1", (doc_id,)).fetchone()
        return row[0] if row else None

    def begin_document(self, record: DocumentRecord, text: str, chunks: list[ChunkRecord]) -> None:
        """Replace a source's rows with the new version, marked pending, in one transaction."""
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self._tx() as con:
            con.execute("DELETE FROM chunks WHERE source = ?", (record.source,))
            con.execute(
                f"INSERT OR REPLACE INTO documents ({_DOC_COLUMNS}, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.source, record.doc_id, record.content_hash, STATUS_PENDING, len(chunks),
                 record.size_bytes, now, json.dumps(record.metadata, ensure_ascii=False), text),
            )
            con.executemany(
                f"INSERT INTO chunks ({_CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.chunk_id, c.doc_id, c.source, c.ordinal, c.text, c.embed_text, c.section_path, c.kind,
                  c.span[0], c.span[1], json.dumps(c.metadata, ensure_ascii=False)) for c in chunks],
            )
            self._bump(con)

    def set_status(self, source: str, status: str) -> None:
        with self._tx() as con:
            con.execute("UPDATE documents SET status = ? WHERE source = ?", (status, source))
            self._bump(con)

    def mark_all(self, status: str) -> None:
        with self._tx() as con:
            con.execute("UPDATE documents SET status = ?", (status,))
            self._bump(con)

    def remove(self, source: str) -> None:
        with self._tx() as con:
            con.execute("DELETE FROM chunks WHERE source = ?", (source,))
            con.execute("DELETE FROM documents WHERE source = ?", (source,))
            self._bump(con)

    # -- chunks -----------------------------------------------------------------------------
    def chunks_of(self, source: str) -> list[ChunkRecord]:
        with self._tx() as con:
            rows = con.execute(
                f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE source = ? ORDER BY ordinal", (source,)
            ).fetchall()
        return [_chunk(r) for r in rows]

    def searchable_chunks(self) -> list[ChunkRecord]:
        """Chunks of fully indexed documents, in a stable order (BM25 row order)."""
        with self._tx() as con:
            rows = con.execute(
                f"SELECT {', '.join('c.' + c.strip() for c in _CHUNK_COLUMNS.split(','))} FROM chunks c "
                "JOIN documents d ON d.source = c.source WHERE d.status = ? ORDER BY c.source, c.ordinal",
                (STATUS_DONE,),
            ).fetchall()
        return [_chunk(r) for r in rows]

    def get_chunk(self, chunk_id: str) -> ChunkRecord | None:
        with self._tx() as con:
            row = con.execute(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE chunk_id = ?", (chunk_id,)).fetchone()
        return _chunk(row) if row else None
