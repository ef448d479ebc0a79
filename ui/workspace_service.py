"""The open report as the screens read and change it: fields, facts table, chat history, draft panel.

Screens call these methods and only format what they return; every method takes the owner and
raises ``WorkspaceNotFound`` for a report that is not theirs (``ui.screens.common.guarded`` turns
it into a Vietnamese error on screen).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.workspace import NEW_REPORT_TITLE, DraftRecord, FactRow, ReportInfo, WorkspaceStore
from assistant.workspace.facts import previous_period_of
from ui import render
from ui.corpus_service import CorpusService
from ui.drafting_service import DraftingService
from ui.facts_service import FactsCheck, FactsService, compact_table, rows_from_compact, rows_from_table, table_from_rows


class InputMissing(ValueError):
    """The officer pressed a button before giving what it needs; the message says what (Vietnamese)."""


STATUS_TEXT = {"draft": "nháp", "accepted": "đã đưa vào báo cáo"}


def section_choices(drafts: list[DraftRecord]) -> list[tuple[str, int]]:
    return [(f"{d.title} — {STATUS_TEXT.get(d.status, d.status)} (#{d.id})", d.id) for d in drafts]


def citation_choices(draft: DraftRecord | None) -> list[tuple[str, int]]:
    if draft is None:
        return []
    return [(f"[{c['marker']}] {Path(c.get('source', '')).name} › {c.get('section_path', '')}", i)
            for i, c in enumerate(draft.citations)]


@dataclass(frozen=True)
class DraftPanel:
    """The right-hand panel of "Soạn báo cáo" for one draft (empty when the report has none)."""

    choices: list[tuple[str, int]] = field(default_factory=list)
    draft_id: int | None = None
    text: str = ""
    mode: str = ""  # Markdown line: title · producer · status
    guard_html: str = ""
    citations: list[tuple[str, int]] = field(default_factory=list)
    suggestions: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class FactsPanel:
    table: list[list[str]]
    warnings: str  # Markdown


@dataclass(frozen=True)
class FactsEditor:
    """The "Số liệu" screen for one report: the full table, its warnings, derived figures, a message."""

    table: list[list[str]]
    warnings: str  # Markdown
    derived: list[list[str]]  # [name, value, formula]
    message: str = ""  # Markdown: what the last save or import did


class WorkspaceService:
    def __init__(self, store: WorkspaceStore, facts: FactsService, drafting: DraftingService, corpus: CorpusService):
        self.store = store
        self.facts = facts
        self.drafting = drafting
        self.corpus = corpus

    # -- reports ----------------------------------------------------------------------------
    def report(self, owner: str, report_id: int) -> ReportInfo:
        return self.store.get_report(owner, report_id)

    def reports(self, owner: str) -> list[ReportInfo]:
        return self.store.list_reports(owner)

    def report_choices(self, owner: str) -> list[tuple[str, str]]:
        return [(f"{r.title}" + (f" — {r.commune}" if r.commune else "") + (f" ({r.period})" if r.period else ""),
                 str(r.id)) for r in self.reports(owner)]

    def latest_or_new(self, owner: str) -> ReportInfo:
        """The report the officer worked on last, or a new blank one on first use."""
        reports = self.reports(owner)
        return reports[0] if reports else self.store.create_report(owner, NEW_REPORT_TITLE)

    def new_report(self, owner: str) -> ReportInfo:
        return self.store.create_report(owner, NEW_REPORT_TITLE)

    def save_fields(self, owner: str, report_id: int, title: str, commune: str, period: str) -> ReportInfo:
        return self.store.update_report(owner, report_id, title=title, commune=commune, period=period)

    def history(self, owner: str, report_id: int) -> list[dict[str, str]]:
        return [{"role": m.role, "content": m.content} for m in self.store.chat_history(owner, report_id)]

    def add_source(self, owner: str, report_id: int, hit: dict[str, Any]) -> None:
        """A search result the officer keeps for this report ("dùng trong báo cáo")."""
        self.store.add_source(owner, report_id, chunk_id=hit["chunk_id"], document=hit["source"],
                              section_path=hit.get("section_path", ""), text=hit.get("text", ""),
                              span=tuple(hit["span"]) if hit.get("span") else None)

    # -- the facts table (compact form of "Soạn báo cáo") ------------------------------------------
    def facts_panel(self, owner: str, report_id: int) -> FactsPanel:
        rows = self.store.get_facts(owner, report_id)
        return FactsPanel(compact_table(rows), self._check(owner, report_id, rows).warnings_markdown)

    def save_compact_facts(self, owner: str, report_id: int, table: Any) -> str:
        """Save the compact table as edited (targets, kỳ trước and notes kept); the warnings after."""
        rows = rows_from_compact(table, self.store.get_facts(owner, report_id))
        self.store.replace_facts(owner, report_id, rows)
        return self._check(owner, report_id, rows).warnings_markdown + "\n\n✓ Đã lưu bảng số liệu."

    # -- the facts table ("Số liệu" screen) ----------------------------------------------------------
    def facts_editor(self, owner: str, report_id: int, message: str = "") -> FactsEditor:
        rows = self.store.get_facts(owner, report_id)
        check = self._check(owner, report_id, rows)
        return FactsEditor(table_from_rows(rows), check.warnings_markdown, check.derived, message)

    def save_facts(self, owner: str, report_id: int, table: Any) -> FactsEditor:
        """Save the table as edited; what it does not show (period, source, id) is kept by name."""
        self.store.replace_facts(owner, report_id, rows_from_table(table, self.store.get_facts(owner, report_id)))
        return self.facts_editor(owner, report_id, "✓ Đã lưu bảng số liệu.")

    def import_facts(self, owner: str, report_id: int, table: Any, path: str | None, text: str,
                     mode: str = "update") -> FactsEditor:
        """A file or a pasted table into the report's table (``facts_service.IMPORT_MODES``).

        The import meets the table as shown (edited, maybe not yet saved); an import that reads no
        row keeps the stored table and says why.
        """
        info = self.store.get_report(owner, report_id)
        previous = previous_period_of(info)
        if path:
            rows, messages = self.facts.import_file(Path(path), info.commune, info.period, previous)
        elif (text or "").strip():
            rows, messages = self.facts.import_text(text, info.commune, info.period, previous)
        else:
            raise InputMissing("Hãy chọn tệp hoặc dán bảng số liệu trước khi nhập.")
        shown = rows_from_table(table, self.store.get_facts(owner, report_id))
        outcome = self.facts.apply_import(shown, rows, messages, mode)
        if outcome.rows is not None:
            self.store.replace_facts(owner, report_id, outcome.rows)
        return self.facts_editor(owner, report_id, outcome.summary)

    def export_facts(self, owner: str, report_id: int, table: Any, fmt: str) -> Path:
        """The table as shown, as an .xlsx or .csv file to download."""
        info = self.store.get_report(owner, report_id)
        rows = rows_from_table(table, self.store.get_facts(owner, report_id))
        return self.facts.export_table(rows, info.commune, info.period, fmt, previous_period_of(info))

    def _check(self, owner: str, report_id: int, rows: list[FactRow]) -> FactsCheck:
        info = self.store.get_report(owner, report_id)
        return self.facts.check(rows, info.commune, info.period, previous_period_of(info))

    # -- drafts -----------------------------------------------------------------------------
    def draft_panel(self, owner: str, report_id: int, draft_id: int | None) -> DraftPanel:
        drafts = self.store.list_drafts(owner, report_id)
        current = next((d for d in drafts if d.id == draft_id), drafts[-1] if drafts else None)
        if current is None:
            return DraftPanel()
        offered = self.drafting.suggestions(owner, report_id, current.id)
        return DraftPanel(
            choices=section_choices(drafts), draft_id=current.id, text=current.text,
            mode=f"**{current.title}** · soạn bằng: {current.mode or '—'} · "
                 f"trạng thái: {STATUS_TEXT.get(current.status, current.status)}",
            guard_html=self.facts.guard_view(current.text, current.guard).html,
            citations=citation_choices(current),
            suggestions=[(f"{Path(o.get('source', '')).name}: {o['text']}", i) for i, o in enumerate(offered)],
        )

    def set_status(self, owner: str, report_id: int, draft_id: int | None, status: str) -> DraftPanel:
        if draft_id is None:
            raise ValueError("Chưa có mục nào được chọn.")
        self.store.set_draft_status(owner, report_id, int(draft_id), status)
        return self.draft_panel(owner, report_id, int(draft_id))

    def citation_html(self, owner: str, report_id: int, draft_id: int | None, index: int | None) -> str:
        """The cited passage in its document, marked, for the citation view."""
        if index is None or draft_id is None:
            return ""
        draft = self.store.get_draft(owner, report_id, int(draft_id))
        if not 0 <= int(index) < len(draft.citations):
            return ""
        c = draft.citations[int(index)]
        span = tuple(c.get("span") or (0, 0))
        text = self.corpus.context(c.get("doc_id", ""), span)
        head = (f"<p><b>[{c['marker']}] {render.escape(Path(c.get('source', '')).name)}</b><br>"
                f"<span class='path'>{render.escape(c.get('section_path', ''))}</span></p>")
        if text is None:
            return head + "<p>Văn bản nguồn không còn trong kho tài liệu.</p>"
        return head + render.passage_in_context(text, span)
