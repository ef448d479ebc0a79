"""Chat and drafts for one report workspace, persisted as they happen.

The drafting package's ``ChatSession`` understands the officer (draft a section, revise it,
correct a number, search, check); this adapter makes the *workspace* the source of truth
around it. Each turn:

1. the session's ``ChatState`` is loaded and synchronised from the workspace (commune,
   period, facts table, the current text of each drafted section — the officer may have
   edited it by hand);
2. the reply streams, marked as unchecked while it streams;
3. the turn is saved in one transaction (``WorkspaceStore.save_chat_turn``): the user's
   message, a new or revised draft, corrected facts, re-guarded sections, the session state
   and the assistant's message — a crash leaves either all of it or none.

So what the chat shows as finished is on disk. One lock keeps the LLM a single resource
even for callers outside Gradio's queue. Everything shown in the chat (a Markdown component)
from the corpus or the model is passed through ``render.escape_markdown``: a document or a
prompt-injected model cannot add links or remote images to another officer's page.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Iterator

from assistant.draft import ChatReply, ChatSession, ChatState, Draft, Drafter, Streamed, collect
from assistant.draft.whole import SectionTask, outline_periods
from assistant.draft.plan import fold_indicators
from assistant.draft.types import SECTION_TITLES
from assistant.facts import guard
from assistant.facts.guard import GuardContext
from assistant.outline import ReportSkeleton
from assistant.settings import Settings
from assistant.workspace import ChatTurn, DraftRecord, DraftWrite, WorkspaceStore
from assistant.workspace.facts import factset_from_rows, previous_period_of, row_from_fact
from ui.corpus_service import CorpusService
from ui.render import escape_markdown
from ui.errors import user_message
from ui.facts_service import FactsService

log = logging.getLogger(__name__)

# Shown above text while it streams (issue 12, item 6): each sentence appears once validated, but the
# whole section is checked (form, recipients, guard) only when it is complete.
STREAMING_NOTE = "*(đang soạn — bản nháp hoàn chỉnh hiện ở khung bên phải)*\n\n"


def mode_label(mode: str) -> str:
    """How the UI names the producer of a draft (issue 6: "the mode that produced it is shown")."""
    if mode == "composer":
        return "Bộ soạn mẫu (không dùng LLM)"
    if mode.startswith("llm:"):
        return f"LLM ({mode[4:]})"
    return mode or "—"


@dataclass(frozen=True)
class ChatEvent:
    reply: str  # the assistant's message so far (the final one replaces the streamed text)
    final: bool = False
    status: str = ""
    draft_id: int | None = None
    facts_changed: bool = False


def _citations(draft: Draft) -> list[dict]:
    return [{**c.__dict__, "span": list(c.span)} for c in draft.citations]


def _draft_of(record: DraftRecord, previous: dict | None) -> dict:
    """The session's view of a saved section: the workspace's text, citations and guard win."""
    base = dict(previous or {})
    base.update({
        "section": record.section_kind, "title": record.title, "text": record.text, "guard": record.guard,
        "citations": [{**c, "span": list(c.get("span") or (0, 0))} for c in record.citations
                      if set(c) >= {"marker", "chunk_id", "doc_id", "source", "section_path", "span"}],
    })
    base.setdefault("mode", "composer")
    return Draft.from_dict({k: v for k, v in base.items() if k in Draft.__dataclass_fields__}).to_dict()


class DraftingService:
    def __init__(self, settings: Settings, store: WorkspaceStore, corpus: CorpusService, facts: FactsService):
        self.settings = settings
        self.store = store
        self.facts = facts
        self.drafter = Drafter(settings, index=corpus.index)
        self._llm_lock = threading.Lock()

    # -- state sync ---------------------------------------------------------------------------
    def _latest_drafts(self, owner: str, report_id: int, selected: DraftRecord | None = None) -> dict[str, DraftRecord]:
        """The draft the session works on for each kind: the latest, or the one on screen. A whole
        report may hold several sections of one kind ("1. Dịch vụ công", "2. Hạ tầng số")."""
        latest: dict[str, DraftRecord] = {}
        for record in self.store.list_drafts(owner, report_id):  # ordered by id: later wins
            latest[record.section_kind] = record
        if selected is not None:
            latest[selected.section_kind] = selected
        return latest

    def _load_state(self, owner: str, report_id: int, selected: DraftRecord | None = None) -> ChatState:
        saved = self.store.load_chat_state(owner, report_id)
        try:
            state = ChatState.from_dict(saved) if saved else ChatState()
        except (TypeError, KeyError, ValueError):  # state from an older version: start afresh
            log.warning("chat state of report %s not readable; starting a new one", report_id)
            state = ChatState()
        report = self.store.get_report(owner, report_id)
        state.commune = report.commune or state.commune
        state.period = report.period or state.period
        facts, _ = factset_from_rows(self.store.get_facts(owner, report_id), state.commune, state.period,
                                     previous_period_of(report))
        state.facts = list(facts)  # the table's rows through the one parser (targets and periods kept)
        latest = self._latest_drafts(owner, report_id, selected)
        state.sections = {kind: _draft_of(rec, state.sections.get(kind)) for kind, rec in latest.items()}
        if state.last_section not in state.sections:
            state.last_section = ""
        return state

    def _turn(self, owner: str, report_id: int, message: str, state: ChatState, reply: ChatReply,
              text: str, selected: DraftRecord | None = None) -> ChatTurn:
        """The reply's effects as one ``ChatTurn`` (the store writes it in one transaction)."""
        latest = self._latest_drafts(owner, report_id, selected)
        draft = None
        if reply.draft is not None:
            d = reply.draft
            existing = latest.get(d.section) if reply.intent == "revise" else None
            if selected is not None and selected.section_kind == d.section:
                existing = selected  # the section on screen is the one written, new or revised (an outline's)
            draft = DraftWrite(d.section, d.title or SECTION_TITLES.get(d.section, d.section), d.text,
                               mode_label(d.mode), _citations(d), d.guard,
                               draft_id=existing.id if existing else None,
                               status=existing.status if existing else "draft",
                               section_path=existing.section_path if existing else "")
        corrected, updates = None, {}
        if reply.intent == "set_fact":
            corrected = tuple((row.name, row.value, row.unit) for row in map(row_from_fact, state.facts))
            # The session re-guarded every section (and replaced a corrected value in its text).
            for kind, data in state.sections.items():
                record = latest.get(kind)
                if record is not None and (data["text"] != record.text or data.get("guard") != record.guard):
                    updates[record.id] = (data["text"], data.get("guard") or {})
        state_dict = state.to_dict()
        state_dict["history"] = state_dict.get("history", [])[-20:]  # the workspace keeps the full chat
        return ChatTurn(message, text, draft, corrected, updates, state_dict)

    # -- one chat turn -----------------------------------------------------------------------
    def chat(self, owner: str, report_id: int, message: str, draft_id: int | None = None) -> Iterator[ChatEvent]:
        """One turn; ``draft_id`` is the section on screen, which a revision applies to."""
        selected = self.store.get_draft(owner, report_id, draft_id) if draft_id is not None else None
        state = self._load_state(owner, report_id, selected)
        session = ChatSession(self.drafter, state)
        section = selected.section_kind if selected is not None else None
        shown, reply = "", None
        with self._llm_lock:
            try:
                streamed = Streamed(session.send(message, section=section))
                for chunk in streamed:
                    shown += chunk
                    yield ChatEvent(STREAMING_NOTE + escape_markdown(shown))
                reply = streamed.result
            except Exception as exc:  # the officer gets a message, the app keeps running
                log.exception("chat turn failed")
                text = user_message("Không xử lý được yêu cầu", exc)
                self.store.save_chat_turn(owner, report_id, ChatTurn(message, text))
                yield ChatEvent(text, final=True, status="⚠ Có lỗi khi xử lý yêu cầu.")
                return
        assert reply is not None
        text = escape_markdown(reply.text)
        if reply.draft is not None:
            text += "\n\nBản nháp đã lưu ở khung bên phải."
        turn = self._turn(owner, report_id, message, session.state, reply, text, selected)
        draft_id = self.store.save_chat_turn(owner, report_id, turn)
        if draft_id is None and turn.draft_updates:  # a correction: show the last re-guarded section
            draft_id = list(turn.draft_updates)[-1]
        facts_changed = turn.corrected_facts is not None
        if reply.draft is not None:
            status = ("✓ Đã lưu bản nháp." if reply.draft.ungrounded_after == 0
                      else f"⚠ Đã lưu bản nháp; {reply.draft.ungrounded_after} con số cần kiểm tra.")
        else:
            status = "✓ Đã cập nhật số liệu." if facts_changed else ""
        yield ChatEvent(text, final=True, status=status, draft_id=draft_id, facts_changed=facts_changed)

    def draft_section(self, owner: str, report_id: int, task: SectionTask, draft_id: int | None = None) -> DraftRecord:
        """Draft one section of the outline (``assistant.draft.whole``) and save it under its place;
        ``draft_id`` is that section's earlier draft, which the new one replaces."""
        with self._llm_lock:
            draft = collect(self.drafter.stream(task.request))
        # Nothing of the officer's to say (no fact, no statement, no prior passage cited): an opening and
        # a closing around nothing would read as filler, so the section stays empty with its suggestions.
        text = draft.text if draft.plan.get("items") or task.request.facts or draft.citations else ""
        return self.store.save_draft(
            owner, report_id, section_kind=task.request.section, title=task.heading, text=text,
            mode=mode_label(draft.mode), citations=_citations(draft), guard=draft.guard, draft_id=draft_id,
            section_path=task.path, suggestions=draft.suggestions)

    def edit(self, owner: str, report_id: int, draft_id: int, text: str) -> DraftRecord:
        """Save the officer's edit and re-run the guard on it (nothing is written if the text is unchanged)."""
        draft = self.store.get_draft(owner, report_id, draft_id)
        if text == draft.text:
            return draft
        return self.store.update_draft_text(owner, report_id, draft_id, text, self._guard(owner, report_id, text))

    def _guard(self, owner: str, report_id: int, text: str) -> dict:
        """The guard as the drafter runs it: targets and previous values attached to their indicators;
        the periods the report's outline names may be cited ("6 tháng cuối năm 2026")."""
        report = self.store.get_report(owner, report_id)
        facts, _ = factset_from_rows(self.store.get_facts(owner, report_id), report.commune, report.period,
                                     previous_period_of(report))
        periods = outline_periods(ReportSkeleton.from_dict(report.skeleton)) if report.skeleton else ()
        return guard(text, fold_indicators(facts, report.period).facts, GuardContext(periods=periods)).to_dict()

    # -- suggestions from prior reports ("Gợi ý từ báo cáo trước") ------------------------------
    def suggestions(self, owner: str, report_id: int, draft_id: int | None) -> list[dict]:
        """Prior-report sentences offered for the section on screen (kept with the chat state)."""
        if draft_id is None:
            return []
        record = self.store.get_draft(owner, report_id, draft_id)
        offered = record.suggestions  # a section of "Soạn toàn bộ" keeps its own
        if not offered:  # a chat draft: the session keeps them with its section
            saved = self.store.load_chat_state(owner, report_id) or {}
            offered = ((saved.get("sections") or {}).get(record.section_kind) or {}).get("suggestions", [])
        return [s for s in offered if s.get("text", "").rstrip(".") not in record.text]

    def add_suggestion(self, owner: str, report_id: int, draft_id: int, index: int) -> DraftRecord:
        """Append suggestion ``index`` to the draft, cited with the next marker, and re-check the numbers."""
        record = self.store.get_draft(owner, report_id, draft_id)
        offered = self.suggestions(owner, report_id, draft_id)
        if not 0 <= index < len(offered):
            raise ValueError("Gợi ý không còn trong danh sách; hãy chọn lại.")
        chosen = offered[index]
        marker = max([int(c.get("marker", 0)) for c in record.citations] + [0]) + 1
        text = f"{record.text.rstrip()} {chosen['text'].rstrip('.')} [{marker}]."
        citation = {k: chosen[k] for k in ("chunk_id", "doc_id", "source", "section_path", "span") if k in chosen}
        return self.store.save_draft(
            owner, report_id, section_kind=record.section_kind, title=record.title, text=text, mode=record.mode,
            citations=record.citations + [{**citation, "marker": marker}], guard=self._guard(owner, report_id, text),
            draft_id=record.id, status=record.status, section_path=record.section_path,
            suggestions=record.suggestions)

