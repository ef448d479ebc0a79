"""Plain records kept for one report workspace.

They are deliberately package-neutral (strings, numbers, JSON-able dicts): the
workspace stores what the officer saw and typed, and the UI converts to the
facts/draft/report types at its boundary. That keeps old workspaces readable
when those packages change their classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DRAFT_STATUSES = ("draft", "accepted")
CHAT_ROLES = ("user", "assistant")
NEW_REPORT_TITLE = "Báo cáo mới"  # the title of a workspace the officer has not named yet (not a trích yếu)


@dataclass(frozen=True)
class ReportInfo:
    """One report workspace owned by one user (commune + reporting period)."""

    id: int
    owner: str
    title: str
    commune: str
    period: str
    header_overrides: dict[str, Any] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""
    # The outline the report follows (``assistant.outline.ReportSkeleton.to_dict()``), {} for a report
    # started blank: drafts are then placed on the default outline by their kind.
    skeleton: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FactRow:
    """One indicator as the officer entered it; ``value`` keeps the typed text ("1.693", "78,82%").

    ``value`` is kỳ này (empty until the officer fills it), ``target`` kế hoạch, ``previous`` kỳ trước
    (carried over from last period's report or typed).
    """

    name: str
    value: str
    unit: str = ""
    target: str = ""
    period: str = ""
    note: str = ""
    source: str = "entered"  # entered | imported | extracted | carried
    fact_id: str = ""  # the facts package's stable id when known
    previous: str = ""
    group: str = ""  # the group row above it in the indicator table ("Dịch vụ công trực tuyến")


@dataclass(frozen=True)
class DraftRecord:
    """A drafted section: text, how it was produced, its citations and guard findings."""

    id: int
    report_id: int
    section_kind: str
    title: str
    text: str
    status: str = "draft"  # draft | accepted
    mode: str = ""  # "LLM (…)" or "composer"
    citations: list[dict[str, Any]] = field(default_factory=list)
    guard: dict[str, Any] = field(default_factory=dict)
    updated_at: str = ""
    section_path: str = ""  # the outline section it fills ("I/2"), "" for a draft placed by its kind
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # prior sentences offered: text + citation


@dataclass(frozen=True)
class ChatMessage:
    role: str  # user | assistant
    content: str
    created_at: str = ""


@dataclass(frozen=True)
class SourceRecord:
    """A passage the officer chose ("dùng trong báo cáo") from search results."""

    id: int
    report_id: int
    chunk_id: str
    document: str
    section_path: str
    text: str
    span: tuple[int, int] | None = None


@dataclass(frozen=True)
class DraftWrite:
    """A draft to insert (``draft_id`` None) or to overwrite (a revision), as part of a chat turn."""

    section_kind: str
    title: str
    text: str
    mode: str = ""
    citations: list[dict[str, Any]] = field(default_factory=list)
    guard: dict[str, Any] = field(default_factory=dict)
    draft_id: int | None = None
    status: str = "draft"
    section_path: str = ""
    suggestions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class ChatTurn:
    """Everything one chat turn changes, written in one transaction (``WorkspaceStore.save_chat_turn``).

    ``corrected_facts``: the full (name, value, unit) list the session now holds (``apply_corrections``);
    ``draft_updates``: draft id → (text, guard) of sections the session re-guarded after a correction.
    """

    user_message: str
    assistant_message: str
    draft: DraftWrite | None = None
    corrected_facts: tuple[tuple[str, str, str], ...] | None = None
    draft_updates: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    chat_state: dict[str, Any] | None = None
