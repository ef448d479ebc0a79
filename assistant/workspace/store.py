"""SQLite persistence of report workspaces (users, reports, facts, drafts, chat, sources).

Durability: WAL journal with ``synchronous=FULL`` and one transaction per change,
so anything a method returned from is on disk — a ``kill -9`` right after loses
nothing the UI showed as saved (SQLite docs, "Write-Ahead Logging" and
"PRAGMA synchronous"). One short-lived connection per operation keeps the store
safe to call from Gradio's worker threads without sharing a connection.

Isolation: every method that touches a report takes the *owner* and filters on
it, so a caller can never read or change another user's workspace by guessing
an id; such a call raises :class:`WorkspaceNotFound`.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from assistant.workspace.facts import apply_corrections
from assistant.workspace.models import (
    CHAT_ROLES,
    DRAFT_STATUSES,
    NEW_REPORT_TITLE,
    ChatMessage,
    ChatTurn,
    DraftRecord,
    DraftWrite,
    FactRow,
    ReportInfo,
    SourceRecord,
)

SCHEMA_VERSION = 2

# Columns added after version 1: (table, column, definition). Added on open when missing, so a
# workspace written by an older version keeps every report.
_ADDED_COLUMNS = (
    ("reports", "skeleton", "TEXT NOT NULL DEFAULT '{}'"),
    ("facts", "previous", "TEXT NOT NULL DEFAULT ''"),
    ("drafts", "section_path", "TEXT NOT NULL DEFAULT ''"),
    ("facts", "grp", "TEXT NOT NULL DEFAULT ''"),  # "group" is an SQL keyword
    ("drafts", "suggestions", "TEXT NOT NULL DEFAULT '[]'"),
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    owner TEXT NOT NULL REFERENCES users(name),
    title TEXT NOT NULL,
    commune TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    header_overrides TEXT NOT NULL DEFAULT '{}',
    chat_state TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_owner ON reports(owner);
CREATE TABLE IF NOT EXISTS facts (
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT 'entered',
    fact_id TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (report_id, position)
);
CREATE TABLE IF NOT EXISTS drafts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    section_kind TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'draft',
    mode TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    guard TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chat_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    chunk_id TEXT NOT NULL,
    document TEXT NOT NULL,
    section_path TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    UNIQUE (report_id, chunk_id)
);
CREATE TABLE IF NOT EXISTS uploads (
    file_name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
"""


class WorkspaceNotFound(LookupError):
    """The report does not exist for this owner (deliberately the same for "someone else's")."""

    def __init__(self, report_id: int):
        super().__init__(f"Không tìm thấy báo cáo số {report_id} trong không gian làm việc của bạn.")
        self.report_id = report_id


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class WorkspaceStore:
    """All workspace reads and writes; each public method is one transaction."""

    def __init__(self, db_path: Path):
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            # WAL is a property of the database file: set once, kept across connections.
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(_SCHEMA)
            for table, column, definition in _ADDED_COLUMNS:
                if column not in {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}:
                    conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.db_path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("PRAGMA foreign_keys=ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: writers serialize, a failure rolls the whole change back."""
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ------------------------------------------------------------------ users
    def ensure_user(self, name: str) -> None:
        if not name:
            raise ValueError("Tên người dùng không được để trống.")
        with self._transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO users(name, created_at) VALUES (?, ?)", (name, _now()))

    # ---------------------------------------------------------------- reports
    def create_report(
        self,
        owner: str,
        title: str,
        commune: str = "",
        period: str = "",
        header_overrides: dict[str, Any] | None = None,
        skeleton: dict[str, Any] | None = None,
        facts: Sequence[FactRow] = (),
    ) -> ReportInfo:
        """A new workspace; a report started from an outline gets its skeleton and indicator rows at once."""
        self.ensure_user(owner)
        now = _now()
        with self._transaction() as conn:
            cur = conn.execute(
                "INSERT INTO reports(owner, title, commune, period, header_overrides, skeleton, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (owner, title.strip() or NEW_REPORT_TITLE, commune, period,
                 json.dumps(header_overrides or {}, ensure_ascii=False),
                 json.dumps(skeleton or {}, ensure_ascii=False), now, now),
            )
            report_id = int(cur.lastrowid)
            if facts:
                self._replace_facts(conn, report_id, facts)
        return self.get_report(owner, report_id)

    def list_reports(self, owner: str) -> list[ReportInfo]:
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT * FROM reports WHERE owner = ? ORDER BY updated_at DESC, id DESC", (owner,)
            ).fetchall()
        return [self._report(row) for row in rows]

    def get_report(self, owner: str, report_id: int) -> ReportInfo:
        with self._connect() as conn:
            return self._report(self._owned_row(conn, owner, report_id))

    def update_report(
        self,
        owner: str,
        report_id: int,
        *,
        title: str | None = None,
        commune: str | None = None,
        period: str | None = None,
        header_overrides: dict[str, Any] | None = None,
        skeleton: dict[str, Any] | None = None,
    ) -> ReportInfo:
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = title.strip() or NEW_REPORT_TITLE
        if commune is not None:
            changes["commune"] = commune.strip()
        if period is not None:
            changes["period"] = period.strip()
        if header_overrides is not None:
            changes["header_overrides"] = json.dumps(header_overrides, ensure_ascii=False)
        if skeleton is not None:
            changes["skeleton"] = json.dumps(skeleton, ensure_ascii=False)
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            sets = ", ".join(f"{col} = ?" for col in changes)
            conn.execute(
                f"UPDATE reports SET {sets + ', ' if sets else ''}updated_at = ? WHERE id = ?",
                (*changes.values(), _now(), report_id),
            )
        return self.get_report(owner, report_id)

    def delete_report(self, owner: str, report_id: int) -> None:
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            conn.execute("DELETE FROM reports WHERE id = ?", (report_id,))

    # ----------------------------------------------------------------- facts
    def get_facts(self, owner: str, report_id: int) -> list[FactRow]:
        with self._connect() as conn:
            self._owned_row(conn, owner, report_id)
            return self._facts(conn, report_id)

    def replace_facts(self, owner: str, report_id: int, facts: Sequence[FactRow]) -> None:
        """Save the whole table as shown (the UI edits the table in place)."""
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            self._replace_facts(conn, report_id, facts)
            self._touch(conn, report_id)

    @staticmethod
    def _facts(conn: sqlite3.Connection, report_id: int) -> list[FactRow]:
        rows = conn.execute("SELECT * FROM facts WHERE report_id = ? ORDER BY position", (report_id,)).fetchall()
        return [
            FactRow(r["name"], r["value"], r["unit"], r["target"], r["period"], r["note"], r["source"], r["fact_id"],
                    r["previous"], r["grp"])
            for r in rows
        ]

    @staticmethod
    def _replace_facts(conn: sqlite3.Connection, report_id: int, facts: Sequence[FactRow]) -> None:
        conn.execute("DELETE FROM facts WHERE report_id = ?", (report_id,))
        conn.executemany(
            "INSERT INTO facts(report_id, position, name, value, unit, target, period, note, source, fact_id,"
            " previous, grp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (report_id, i, f.name, f.value, f.unit, f.target, f.period, f.note, f.source, f.fact_id, f.previous,
                 f.group)
                for i, f in enumerate(facts)
            ],
        )

    # ---------------------------------------------------------------- drafts
    def save_draft(
        self,
        owner: str,
        report_id: int,
        *,
        section_kind: str,
        title: str,
        text: str,
        mode: str = "",
        citations: list[dict[str, Any]] | None = None,
        guard: dict[str, Any] | None = None,
        draft_id: int | None = None,
        status: str = "draft",
        section_path: str = "",
        suggestions: list[dict[str, Any]] | None = None,
    ) -> DraftRecord:
        """Insert a new draft, or update ``draft_id`` (an edit by the officer or a revision)."""
        write = DraftWrite(section_kind, title, text, mode, citations or [], guard or {}, draft_id, status,
                           section_path, suggestions or [])
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            draft_id = self._write_draft(conn, report_id, write)
            self._touch(conn, report_id)
        return self.get_draft(owner, report_id, draft_id)

    @staticmethod
    def _write_draft(conn: sqlite3.Connection, report_id: int, d: DraftWrite) -> int:
        if d.status not in DRAFT_STATUSES:
            raise ValueError(f"Trạng thái không hợp lệ: {d.status!r}. Hợp lệ: {', '.join(DRAFT_STATUSES)}")
        values = (d.section_kind, d.title, d.text, d.status, d.mode, json.dumps(d.citations, ensure_ascii=False),
                  json.dumps(d.guard, ensure_ascii=False), _now(), d.section_path,
                  json.dumps(d.suggestions, ensure_ascii=False))
        if d.draft_id is None:
            cur = conn.execute(
                "INSERT INTO drafts(section_kind, title, text, status, mode, citations, guard, updated_at,"
                " section_path, suggestions, report_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, report_id),
            )
            return int(cur.lastrowid)
        cur = conn.execute(
            "UPDATE drafts SET section_kind=?, title=?, text=?, status=?, mode=?, citations=?, guard=?,"
            " updated_at=?, section_path=?, suggestions=? WHERE id = ? AND report_id = ?",
            (*values, d.draft_id, report_id),
        )
        if cur.rowcount == 0:
            raise WorkspaceNotFound(report_id)
        return d.draft_id

    def set_draft_status(self, owner: str, report_id: int, draft_id: int, status: str) -> DraftRecord:
        """Change only the status, so a concurrent text edit is never undone (and vice versa)."""
        return self._update_draft(owner, report_id, draft_id, status=status)

    def update_draft_text(self, owner: str, report_id: int, draft_id: int, text: str,
                          guard: dict[str, Any]) -> DraftRecord:
        """The officer's edit: only the text and its guard report change."""
        return self._update_draft(owner, report_id, draft_id, text=text,
                                  guard=json.dumps(guard, ensure_ascii=False))

    def _update_draft(self, owner: str, report_id: int, draft_id: int, **columns: Any) -> DraftRecord:
        if "status" in columns and columns["status"] not in DRAFT_STATUSES:
            raise ValueError(f"Trạng thái không hợp lệ: {columns['status']!r}. Hợp lệ: {', '.join(DRAFT_STATUSES)}")
        sets = ", ".join(f"{name} = ?" for name in columns)
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            cur = conn.execute(
                f"UPDATE drafts SET {sets}, updated_at = ? WHERE id = ? AND report_id = ?",
                (*columns.values(), _now(), draft_id, report_id),
            )
            if cur.rowcount == 0:
                raise WorkspaceNotFound(report_id)
            self._touch(conn, report_id)
        return self.get_draft(owner, report_id, draft_id)

    def get_draft(self, owner: str, report_id: int, draft_id: int) -> DraftRecord:
        with self._connect() as conn:
            self._owned_row(conn, owner, report_id)
            row = conn.execute(
                "SELECT * FROM drafts WHERE id = ? AND report_id = ?", (draft_id, report_id)
            ).fetchone()
        if row is None:
            raise WorkspaceNotFound(report_id)
        return self._draft(row)

    def list_drafts(self, owner: str, report_id: int) -> list[DraftRecord]:
        with self._connect() as conn:
            self._owned_row(conn, owner, report_id)
            rows = conn.execute("SELECT * FROM drafts WHERE report_id = ? ORDER BY id", (report_id,)).fetchall()
        return [self._draft(r) for r in rows]

    # ------------------------------------------------------------------ chat
    def append_chat(self, owner: str, report_id: int, role: str, content: str) -> None:
        if role not in CHAT_ROLES:
            raise ValueError(f"Vai trò không hợp lệ: {role!r}. Hợp lệ: {', '.join(CHAT_ROLES)}")
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            conn.execute(
                "INSERT INTO chat_messages(report_id, role, content, created_at) VALUES (?, ?, ?, ?)",
                (report_id, role, content, _now()),
            )
            self._touch(conn, report_id)

    def save_chat_turn(self, owner: str, report_id: int, turn: ChatTurn) -> int | None:
        """One chat turn in one transaction: the question, its effects (draft, corrected facts,
        re-guarded sections), the session state and the answer — all or nothing, so a crash
        never leaves facts corrected with drafts not re-guarded. Returns the written draft's id."""
        now = _now()
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            insert = "INSERT INTO chat_messages(report_id, role, content, created_at) VALUES (?, ?, ?, ?)"
            conn.execute(insert, (report_id, "user", turn.user_message, now))
            draft_id = self._write_draft(conn, report_id, turn.draft) if turn.draft is not None else None
            if turn.corrected_facts is not None:
                self._replace_facts(conn, report_id, apply_corrections(self._facts(conn, report_id),
                                                                       turn.corrected_facts))
            for updated_id, (text, guard) in turn.draft_updates.items():
                cur = conn.execute("UPDATE drafts SET text = ?, guard = ?, updated_at = ? WHERE id = ? AND report_id = ?",
                                   (text, json.dumps(guard, ensure_ascii=False), now, updated_id, report_id))
                if cur.rowcount == 0:
                    raise WorkspaceNotFound(report_id)
            if turn.chat_state is not None:
                conn.execute("UPDATE reports SET chat_state = ? WHERE id = ?",
                             (json.dumps(turn.chat_state, ensure_ascii=False, default=str), report_id))
            conn.execute(insert, (report_id, "assistant", turn.assistant_message, now))
            self._touch(conn, report_id)
        return draft_id

    def chat_history(self, owner: str, report_id: int) -> list[ChatMessage]:
        with self._connect() as conn:
            self._owned_row(conn, owner, report_id)
            rows = conn.execute(
                "SELECT role, content, created_at FROM chat_messages WHERE report_id = ? ORDER BY id", (report_id,)
            ).fetchall()
        return [ChatMessage(r["role"], r["content"], r["created_at"]) for r in rows]

    def save_chat_state(self, owner: str, report_id: int, state: dict[str, Any]) -> None:
        """The drafting session's own serialized state (opaque here)."""
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            conn.execute(
                "UPDATE reports SET chat_state = ?, updated_at = ? WHERE id = ?",
                (json.dumps(state, ensure_ascii=False, default=str), _now(), report_id),
            )

    def load_chat_state(self, owner: str, report_id: int) -> dict[str, Any]:
        with self._connect() as conn:
            return json.loads(self._owned_row(conn, owner, report_id)["chat_state"] or "{}")

    # --------------------------------------------------------------- sources
    def add_source(
        self, owner: str, report_id: int, *, chunk_id: str, document: str, section_path: str, text: str,
        span: tuple[int, int] | None = None,
    ) -> None:
        with self._transaction() as conn:
            self._owned_row(conn, owner, report_id)
            conn.execute(
                "INSERT OR REPLACE INTO sources(report_id, chunk_id, document, section_path, text, span_start, span_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (report_id, chunk_id, document, section_path, text, *(span or (None, None))),
            )
            self._touch(conn, report_id)

    def list_sources(self, owner: str, report_id: int) -> list[SourceRecord]:
        with self._connect() as conn:
            self._owned_row(conn, owner, report_id)
            rows = conn.execute("SELECT * FROM sources WHERE report_id = ? ORDER BY id", (report_id,)).fetchall()
        return [
            SourceRecord(
                r["id"], r["report_id"], r["chunk_id"], r["document"], r["section_path"], r["text"],
                (r["span_start"], r["span_end"]) if r["span_start"] is not None else None,
            )
            for r in rows
        ]

    # --------------------------------------------------------------- uploads
    # The corpus is shared; who uploaded a file decides who may replace or delete it (ui/uploads.py).
    def record_upload(self, file_name: str, owner: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO uploads(file_name, owner, uploaded_at) VALUES (?, ?, ?)",
                         (file_name, owner, _now()))

    def claim_upload(self, file_name: str, owner: str) -> str | None:
        """Record ``owner`` as the uploader of ``file_name`` unless another user holds it.

        Check and record in one transaction (two officers uploading the same name at once cannot
        both win): returns None when ``owner`` may write the file, else the other uploader's name.
        """
        with self._transaction() as conn:
            row = conn.execute("SELECT owner FROM uploads WHERE file_name = ?", (file_name,)).fetchone()
            if row is not None and row["owner"] != owner:
                return row["owner"]
            conn.execute("INSERT OR REPLACE INTO uploads(file_name, owner, uploaded_at) VALUES (?, ?, ?)",
                         (file_name, owner, _now()))
        return None

    def uploaded_files(self) -> list[str]:
        with self._connect() as conn:
            return [r["file_name"] for r in conn.execute("SELECT file_name FROM uploads ORDER BY file_name")]

    def upload_owner(self, file_name: str) -> str | None:
        with self._connect() as conn:
            row = conn.execute("SELECT owner FROM uploads WHERE file_name = ?", (file_name,)).fetchone()
        return row["owner"] if row else None

    def forget_upload(self, file_name: str) -> None:
        with self._transaction() as conn:
            conn.execute("DELETE FROM uploads WHERE file_name = ?", (file_name,))

    # --------------------------------------------------------------- helpers
    @staticmethod
    def _owned_row(conn: sqlite3.Connection, owner: str, report_id: int) -> sqlite3.Row:
        try:
            report_id = int(report_id)
        except (TypeError, ValueError):
            raise WorkspaceNotFound(report_id) from None
        row = conn.execute("SELECT * FROM reports WHERE id = ? AND owner = ?", (report_id, owner)).fetchone()
        if row is None:
            raise WorkspaceNotFound(report_id)
        return row

    @staticmethod
    def _touch(conn: sqlite3.Connection, report_id: int) -> None:
        conn.execute("UPDATE reports SET updated_at = ? WHERE id = ?", (_now(), report_id))

    @staticmethod
    def _report(row: sqlite3.Row) -> ReportInfo:
        return ReportInfo(
            id=row["id"], owner=row["owner"], title=row["title"], commune=row["commune"], period=row["period"],
            header_overrides=json.loads(row["header_overrides"] or "{}"),
            created_at=row["created_at"], updated_at=row["updated_at"], skeleton=json.loads(row["skeleton"] or "{}"),
        )

    @staticmethod
    def _draft(row: sqlite3.Row) -> DraftRecord:
        return DraftRecord(
            id=row["id"], report_id=row["report_id"], section_kind=row["section_kind"], title=row["title"],
            text=row["text"], status=row["status"], mode=row["mode"],
            citations=json.loads(row["citations"] or "[]"), guard=json.loads(row["guard"] or "{}"),
            updated_at=row["updated_at"], section_path=row["section_path"],
            suggestions=json.loads(row["suggestions"] or "[]"),
        )
