"""Chat: a conversation that keeps the current report and understands a few intents.

``ChatSession.send(message, section=None)`` is a generator: it yields text chunks of the reply
and returns a ``ChatReply``. ``section`` is the section the officer is looking at: a revision
("ngắn hơn", "thêm ý về an toàn thông tin") applies to it, or to the one the message names, or
to the last one drafted (issue 9 §7). ``ChatState`` is plain data so the UI can keep it in SQLite.

Revisions of form ("ngắn hơn", "bỏ câu cuối", "tách thành gạch đầu dòng", "viết thành đoạn
văn") re-lay the section's sentences and keep every figure; "thêm ý về X" adds the officer's
own statement or fact on X, else a cited same-kind prior passage on X, else says there is none;
"trang trọng hơn" / "viết lại" polish each sentence again with the LLM.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Generator

from assistant.draft.layout import lay_out, sentences_of
from assistant.draft.pipeline import Drafter
from assistant.draft.plan import STANCE_OF_KIND, ContentItem, DraftPlan, name_words
from assistant.draft.realize import Sentence, end_sentence, fact_sentence, statement_sentence
from assistant.draft.sanitize import nfc
from assistant.draft.sources import on_topic, retrieve_passages, select_candidates
from assistant.draft.types import (
    SECTION_TITLES, Citation, Draft, DraftRequest, Passage, fact_phrase, fact_value_text,
)
from assistant.draft.understand import (
    detect_commune, detect_period, detect_section, detect_topic, facts_in, mentions_value, message_facts,
)
from assistant.facts import Fact, FactSet, check_consistency, guard
from assistant.facts.io import rows_to_factset

INTENTS = ("draft", "revise", "set_fact", "search", "check", "help")

HELP = (
    "Tôi có thể: soạn một mục (ví dụ: \"viết phần hạn chế về hạ tầng số\"); sửa mục đang chọn "
    "(\"ngắn hơn\", \"thêm ý về an toàn thông tin\", \"bỏ câu cuối\", \"tách thành gạch đầu dòng\", "
    "\"viết lại trang trọng hơn\"); thêm hoặc sửa số liệu (\"sửa: hồ sơ toàn trình là 1.701\"); tìm trong kho "
    "báo cáo (\"tìm các báo cáo nói về thanh toán không dùng tiền mặt\"); kiểm tra số liệu (\"kiểm tra số liệu\")."
)

_SET_FACT = re.compile(
    r"^\s*(?:sửa|cập nhật|thêm số liệu|thêm|đổi)\s*:?\s*(?P<name>.+?)\s+(?:là|=|thành|:)\s*(?P<value>\d[\d.,/]*%?)\s*(?P<unit>.*)$",
    re.IGNORECASE,
)
_SEARCH = re.compile(r"^\s*(?:tìm|tra cứu|tìm kiếm)\b\s*(?P<query>.*)$", re.IGNORECASE)
_CHECK = re.compile(r"\bkiểm tra\b.*\b(số liệu|con số|báo cáo)\b", re.IGNORECASE)
# The revisions the chat knows; each names the change, never the content.
REVISIONS = (
    ("drop_last", re.compile(r"\b(bỏ|xóa|xoá) câu cuối\b", re.IGNORECASE)),
    ("add_point", re.compile(r"\b(?:thêm|bổ sung)\s+(?:ý|nội dung|câu)\s+(?:về\s+)?(?P<topic>.+)$", re.IGNORECASE)),
    ("bullets", re.compile(r"gạch đầu dòng|liệt kê từng ý|thành các ý", re.IGNORECASE)),
    ("prose", re.compile(r"đoạn văn|bỏ gạch|viết liền", re.IGNORECASE)),
    ("shorter", re.compile(r"ngắn (hơn|lại|gọn hơn)|rút gọn|gọn hơn|bớt", re.IGNORECASE)),
    ("formal", re.compile(r"trang trọng|chặt chẽ hơn|hành chính hơn", re.IGNORECASE)),
    ("rewrite", re.compile(r"\b(viết lại|sửa lại|soạn lại)\b", re.IGNORECASE)),
)
_DRAFT_VERB = re.compile(r"\b(viết|soạn|thảo|dự thảo|làm)\b", re.IGNORECASE)


def revision_of(message: str) -> tuple[str, str]:
    """(revision kind, its argument) for a revision request, or ("", "")."""
    for kind, pattern in REVISIONS:
        if match := pattern.search(message):
            return kind, (match.groupdict().get("topic") or "").strip(" .")
    return "", ""


@dataclass
class ChatState:
    """The report being written: header facts, drafted sections and the conversation."""

    commune: str = ""
    period: str = ""
    topic: str = ""
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the officer's statements from earlier messages
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # section kind → Draft.to_dict()
    last_section: str = ""
    history: list[dict[str, str]] = field(default_factory=list)  # {"role": "user"|"assistant", "content": …}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [f.to_dict() for f in self.facts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ChatState":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["facts"] = [Fact.from_dict(f) for f in data.get("facts", []) if "id" in f]
        return cls(**data)

    def draft(self, section: str) -> Draft | None:
        return Draft.from_dict(self.sections[section]) if section in self.sections else None

    def factset(self) -> FactSet:
        return FactSet(self.commune, self.period, list(self.facts))


@dataclass
class ChatReply:
    intent: str
    text: str
    draft: Draft | None = None
    hits: list[dict[str, Any]] = field(default_factory=list)  # search results: source, section path, snippet
    findings: list[str] = field(default_factory=list)  # guard / consistency findings, Vietnamese


def detect_intent(message: str, state: ChatState, section: str | None = None) -> str:
    """One of ``INTENTS``, by rules in priority order (a correction beats a draft request)."""
    if _SET_FACT.match(message):
        return "set_fact"
    if _SEARCH.match(message):
        return "search"
    if _CHECK.search(message):
        return "check"
    target = section or state.last_section
    if target in state.sections and revision_of(message)[0] and not _asks_new_section(message, target):
        return "revise"
    if detect_section(message) or _DRAFT_VERB.search(message):
        return "draft"
    return "help"


def _asks_new_section(message: str, current: str) -> bool:
    named = detect_section(message)
    return bool(named and named != current and _DRAFT_VERB.search(message) and not revision_of(message)[0])


def merge_facts(current: list[Fact], new: list[Fact]) -> list[Fact]:
    """``new`` facts replace the ones of the same id (same name and period)."""
    by_id = {f.id: f for f in current}
    for f in new:
        by_id[f.id] = f
    return list(by_id.values())


def _match_fact(name: str, facts: list[Fact]) -> Fact | None:
    """The fact whose name best matches ``name`` (content words); None if nothing shares half the words."""
    words = name_words(name)
    best, best_score = None, 0.0
    for f in facts:
        other = name_words(f.name)
        score = len(words & other) / max(1, len(words | other))
        if score > best_score:
            best, best_score = f, score
    return best if best_score >= 0.5 else None


def _replace_value(text: str, old: str, new: str) -> str:
    """Replace a number written exactly as ``old`` ("1.693"), not inside a longer number."""
    return re.sub(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", new, text)


class ChatSession:
    """One officer's conversation over one report. Give it a ``Drafter`` (holding index and model)."""

    def __init__(self, drafter: Drafter, state: ChatState | None = None):
        self.drafter = drafter
        self.state = state or ChatState()

    def send(self, message: str, section: str | None = None) -> Generator[str, None, ChatReply]:
        """Handle one message about ``section`` (the one on screen, if any): yield chunks, return the reply."""
        message = nfc(message).strip()
        self.state.history.append({"role": "user", "content": message})
        intent = detect_intent(message, self.state, section)
        outcome = getattr(self, f"_on_{intent}")(message, section)
        reply = (yield from outcome) if inspect.isgenerator(outcome) else outcome
        self.state.history.append({"role": "assistant", "content": reply.text})
        return reply

    # -- helpers -----------------------------------------------------------------------------------
    def _store(self, draft: Draft) -> None:
        self.state.sections[draft.section] = draft.to_dict()
        self.state.last_section = draft.section

    @staticmethod
    def describe(draft: Draft) -> str:
        mode = "bộ soạn mẫu (không dùng LLM)" if draft.mode == "composer" else draft.mode.removeprefix("llm:")
        return "\n".join([draft.text, f"\n(Chế độ soạn: {mode})", *draft.notices, *draft.flagged])

    def _target_section(self, message: str, section: str | None) -> str:
        named = detect_section(message)
        if named in self.state.sections and named != section and not revision_of(message)[0]:
            return named
        if section in self.state.sections:
            return section
        if named in self.state.sections:
            return named
        return self.state.last_section

    # -- intents ----------------------------------------------------------------------------------
    def _on_draft(self, message: str, section: str | None) -> Generator[str, None, ChatReply]:
        s = self.state
        s.commune = detect_commune(message) or s.commune
        s.period = detect_period(message) or s.period
        kind = detect_section(message) or section or s.last_section or "ket_qua"
        s.topic = detect_topic(message) or s.topic
        s.facts = merge_facts(s.facts, message_facts(message, s.period))
        if not s.commune:
            return ChatReply("draft", "Xin cho biết tên xã (ví dụ: \"xã Minh Khê\") để soạn báo cáo.")
        request = DraftRequest(section=kind, topic=s.topic, commune=s.commune, period=s.period, facts=list(s.facts),
                               message=message)
        draft = yield from self.drafter.stream(request)
        if draft.plan:  # "Đánh giá chung" keeps no single plan
            items = DraftPlan.from_dict(draft.plan).items
            s.notes = list(dict.fromkeys(s.notes + [i.text for i in items if i.origin == "officer"]))
        self._store(draft)
        return ChatReply("draft", self.describe(draft), draft=draft)

    def _on_revise(self, message: str, section: str | None) -> Generator[str, None, ChatReply]:
        kind = self._target_section(message, section)
        previous = self.state.draft(kind)
        plan = DraftPlan.from_dict(previous.plan) if previous.plan else DraftPlan(
            kind, self.state.topic, self.state.commune, self.state.period, facts=self.state.factset())
        plan.facts = FactSet(plan.facts.commune, plan.facts.period,
                             merge_facts(list(plan.facts), list(self.state.facts)))
        sentences = [Sentence(**s) for s in previous.sentences]
        if not sentences or lay_out(sentences, plan.form, self.drafter.templates, plan.kind) != previous.text:
            sentences = sentences_of(previous.text)  # edited by hand: its own sentences
        revision, argument = revision_of(message)
        notices: list[str] = []
        polish = False
        passages, citations = [], list(previous.citations)
        if revision == "drop_last" and sentences:
            dropped = sentences.pop()
            lost = [fact_phrase(f) for f in plan.facts if mentions_value(dropped.text, f)
                    and not any(mentions_value(x.text, f) for x in sentences)]
            if lost:
                notices.append("Câu vừa bỏ có số liệu " + ", ".join(f"«{x}»" for x in lost) + "; mục không còn nêu số liệu này.")
        elif revision == "add_point":
            sentence, passage, notice = self._point_about(argument, plan, sentences, previous)
            if sentence is not None:
                insert_at = next((i for i, s in enumerate(sentences) if s.role == "closing"), len(sentences))
                sentences.insert(insert_at, sentence)
                # The officer now wants more: an earlier "ngắn hơn" must not cut the point just added.
                plan.form = replace(plan.form, shorter=False, sentences=None, words=None)
            if passage is not None:
                passages.append(passage)
            if notice:
                notices.append(notice)
        elif revision == "bullets":
            plan.form = replace(plan.form, layout="bullets", sentences=None, paragraphs=None)
        elif revision == "prose":
            plan.form = replace(plan.form, layout="paragraphs")
        elif revision == "shorter":
            n = len(sentences)
            plan.form = replace(plan.form, shorter=True, words=None,
                                sentences=(1, max(1, n - 2 if n > 3 else n - 1)))
        else:  # formal / rewrite: each sentence polished again
            polish = True
            if self.drafter.llm() is None:
                notices.append("Bản nháp đã theo văn phong hành chính; cần LLM để viết lại theo yêu cầu này.")
        passages += [_passage_of_citation(c) for c in citations]
        draft = yield from self.drafter.write(plan, sentences=sentences, mode_without_llm=previous.mode,
                                              notices=notices, polish=polish, passages=passages)
        self._store(draft)
        return ChatReply("revise", self.describe(draft), draft=draft)

    def _point_about(self, topic: str, plan: DraftPlan, sentences: list[Sentence],
                     previous: Draft) -> tuple[Sentence | None, Any, str]:
        """A sentence about ``topic``: the officer's own statement or fact first, then a cited
        same-kind prior passage on it; (None, None, notice) when there is nothing on it."""
        words = name_words(topic)
        written = " ".join(s.text for s in sentences).lower()
        for note in self.state.notes:
            if words and words <= name_words(note) and note.lower()[:40] not in written:
                item = ContentItem(note, facts_in(note, list(plan.facts)), _stance(plan), origin="officer")
                return Sentence(statement_sentence(item, plan), "item", item.fact_ids, stance=item.stance), None, ""
        for fact in plan.facts:
            if words and words & name_words(fact.name) and not mentions_value(written, fact):
                return Sentence(fact_sentence(fact, _stance(plan), plan.facts), "item", (fact.id,),
                                stance=_stance(plan)), None, ""
        marker = max([c.marker for c in previous.citations] + [0]) + 1
        passages = retrieve_passages(topic, plan.kind, self.drafter.index, k=5).passages
        passages = [replace(p, marker=p.marker + marker - 1) for p in passages]
        candidates = on_topic(select_candidates(passages, topic, plan.kind, plan.commune_name, limit=4), topic,
                              self.drafter.index)
        candidates = [c for c in candidates if c.text.rstrip(".").lower() not in written]
        if not candidates:
            return None, None, f"Không có số liệu, ý của cán bộ hay đoạn báo cáo trước nào về «{topic}» để bổ sung."
        best = candidates[0]
        passage = next(p for p in passages if p.marker == best.marker)
        return (Sentence(end_sentence(f"{best.text.rstrip('.')} [{best.marker}]"), "cited", marker=best.marker),
                passage, "")

    def _on_set_fact(self, message: str, section: str | None) -> ChatReply:
        match = _SET_FACT.match(message)
        name, value, unit = match.group("name").strip(), match.group("value").rstrip(".,"), match.group("unit").strip()
        old = _match_fact(name, self.state.facts)
        row = {"name": old.name if old else name[:1].upper() + name[1:], "value": value,
               "unit": unit or (old.unit if old else "") or "", "period": old.period if old else ""}
        if old is not None and old.target is not None:
            row["target"] = f"{old.target_op}{old.target}".replace(".", ",")
        parsed = rows_to_factset([row], self.state.commune, self.state.period, first_row=1, source="entered")
        if parsed.errors or not parsed.facts.facts:
            return ChatReply("set_fact", f"Không đọc được số liệu «{value}»: {'; '.join(map(str, parsed.errors))}.")
        new = parsed.facts.facts[0]
        if old is not None:
            self.state.facts = [new if f.id == old.id else f for f in self.state.facts]
            said = f"Đã sửa «{old.name}»: {fact_phrase(old)} → {fact_phrase(new)}."
        else:
            self.state.facts.append(new)
            said = f"Đã thêm số liệu «{new.name}»: {fact_phrase(new)}."
        findings = []
        old_text = _value_text(old) if old is not None else ""
        for kind, data in list(self.state.sections.items()):
            draft = Draft.from_dict(data)
            text = draft.text
            if old_text and old_text != _value_text(new):
                # The officer corrected this value: every place the draft states it takes the new one.
                text = _replace_value(text, old_text, _value_text(new))
            plan = DraftPlan.from_dict(draft.plan) if draft.plan else None
            factset = FactSet(self.state.commune, self.state.period, merge_facts(list(plan.facts) if plan else [],
                                                                                 list(self.state.facts)))
            if plan is not None and old is not None:
                factset.facts = [f for f in factset.facts if f.id != old.id] + [new]
                plan.facts = factset
            report = guard(text, factset, plan.guard_context if plan else None)
            draft = replace(draft, text=text, guard=report.to_dict(), ungrounded_after=len(report.ungrounded),
                            plan=plan.to_dict() if plan else draft.plan,
                            sentences=[asdict(s) for s in sentences_of(text)])
            self.state.sections[kind] = draft.to_dict()
            findings += [f"Mục «{SECTION_TITLES[kind]}»: số «{m.text}» {m.reason}." for m in report.ungrounded]
            findings += [f"Mục «{SECTION_TITLES[kind]}»: {f.message}" for f in check_consistency(text)]
        lines = [said]
        if self.state.sections:
            lines.append("Đã kiểm tra lại số liệu của các mục đã soạn: " + (
                "không có số nào sai lệch." if not findings else f"{len(findings)} số cần xem lại."))
        lines += findings
        if findings:
            lines.append("Gợi ý câu thay thế: " + fact_sentence(new, "achievement", self.state.factset()))
        return ChatReply("set_fact", "\n".join(lines), findings=findings)

    def _on_search(self, message: str, section: str | None) -> Generator[str, None, ChatReply]:
        query = _SEARCH.match(message).group("query")
        query = re.sub(r"^(các|những)?\s*(báo cáo|văn bản|tài liệu)\s*(nói về|về|có)?\s*", "", query, flags=re.I)
        if not query.strip() or self.drafter.index is None:
            return ChatReply("search", "Hãy cho biết cần tìm nội dung gì." if not query.strip()
                             else "Chưa có kho báo cáo để tìm kiếm.")
        from assistant.retrieve import search

        try:
            hits = search(query, self.drafter.index, k=5)
        except Exception as exc:  # noqa: BLE001 - a search failure is a message, not a crash
            return ChatReply("search", f"Không tìm được: {exc}")
        rows = [{"source": h.source, "section_path": h.section_path, "kind": str(h.kind), "chunk_id": h.chunk_id,
                 "snippet": h.snippet.text if hasattr(h.snippet, "text") else h.text[:200]} for h in hits]
        lines = [f"Tìm thấy {len(rows)} đoạn về «{query}»:"] + [
            f"{i}. {r['source']} — {r['section_path']}: {r['snippet']}" for i, r in enumerate(rows, 1)]
        text = "\n".join(lines) if rows else f"Không thấy đoạn nào về «{query}»."
        yield text
        return ChatReply("search", text, hits=rows)

    def _on_check(self, message: str, section: str | None) -> ChatReply:
        findings = [f.message for f in check_consistency(self.state.factset())]
        for kind, data in self.state.sections.items():
            draft = Draft.from_dict(data)
            plan = DraftPlan.from_dict(draft.plan) if draft.plan else None
            report = guard(draft.text, plan.facts if plan else self.state.factset(), plan.guard_context if plan else None)
            findings += [f"Mục «{SECTION_TITLES[kind]}»: số «{m.text}» {m.reason}." for m in report.ungrounded]
            findings += [f"Mục «{SECTION_TITLES[kind]}»: {f.message}" for f in check_consistency(draft.text)]
        text = "Số liệu thống nhất, không phát hiện sai lệch." if not findings else "\n".join(
            [f"Phát hiện {len(findings)} điểm cần xem lại:"] + findings)
        return ChatReply("check", text, findings=findings)

    def _on_help(self, message: str, section: str | None) -> ChatReply:
        return ChatReply("help", HELP)


def _stance(plan: DraftPlan) -> str:
    return STANCE_OF_KIND.get(plan.kind, "achievement")


def _value_text(fact: Fact) -> str:
    return fact_value_text(fact)


def _passage_of_citation(c: Citation) -> Passage:
    """The passage a kept citation points to (its text is not needed to carry it over)."""
    return Passage(c.marker, c.chunk_id, c.doc_id, c.source, "", "", c.section_path, "", c.span, "")
