"""Report workspaces: per-user persistence (SQLite) and access control.

The corpus index is shared by every user; workspaces (facts, drafts, chat,
accepted sections, chosen sources) belong to exactly one user.
"""

from assistant.workspace.facts import apply_corrections, factset_from_rows, row_from_fact
from assistant.workspace.models import (
    NEW_REPORT_TITLE,
    ChatMessage,
    ChatTurn,
    DraftRecord,
    DraftWrite,
    FactRow,
    ReportInfo,
    SourceRecord,
)
from assistant.workspace.store import WorkspaceNotFound, WorkspaceStore
from assistant.workspace.users import (
    LOCAL_USER,
    AccessConfigError,
    AccessPolicy,
    access_policy,
    add_user,
    hash_password,
    load_users,
    verify_password,
)

__all__ = [
    "LOCAL_USER",
    "NEW_REPORT_TITLE",
    "AccessConfigError",
    "AccessPolicy",
    "ChatMessage",
    "ChatTurn",
    "DraftRecord",
    "DraftWrite",
    "FactRow",
    "ReportInfo",
    "SourceRecord",
    "WorkspaceNotFound",
    "WorkspaceStore",
    "access_policy",
    "add_user",
    "apply_corrections",
    "factset_from_rows",
    "hash_password",
    "load_users",
    "row_from_fact",
    "verify_password",
]
