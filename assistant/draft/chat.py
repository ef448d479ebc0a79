"""Chat: a conversation that keeps the current report and understands a few intents (issue 5 §3).

Intents are recognised by rules, so chat works with the composer; the LLM, when present, writes
and revises drafts. ``ChatSession.send(message)`` is a generator: it yields text chunks of the
reply, then one ``ChatReply``. ``ChatState`` is plain data (``to_dict``/``from_dict``) so the UI
can keep it in SQLite between requests.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from assistant.draft.composer import fact_sentence
from assistant.draft.grounding import check, factset_for, mentions_fact
from assistant.draft.pipeline import Drafter
from assistant.draft.sanitize import nfc, sentence_spans
from assistant.draft.sources import retrieve_passages, select_candidates
from assistant.draft.types import DANH_GIA_CHUNG, DANH_GIA_PARTS, SECTION_TITLES, Citation, Draft, DraftRequest, FactLine
from assistant.draft.understand import detect_commune, detect_period, detect_section, detect_topic, officer_notes

INTENTS = ("draft", "revise", "set_fact", "search", "check", "help")

HELP = (
    "Tôi có thể: soạn một mục (ví dụ: \"viết phần hạn chế về hạ tầng số\"); sửa bản vừa soạn "
    "(\"ngắn hơn\", \"thêm ý về an toàn thông tin\", \"bỏ câu cuối\", \"viết lại trang trọng hơn\"); "
    "thêm hoặc sửa số liệu (\"sửa: hồ sơ toàn trình là 1.701\"); tìm trong kho báo cáo "
    "(\"tìm các báo cáo nói về thanh toán không dùng tiền mặt\"); kiểm tra số liệu (\"kiểm tra số liệu\")."
)

_SET_FACT = re.compile(
    r"^\s*(?:sửa|cập nhật|thêm số liệu|thêm|đổi)\s*:?\s*(?P<name>.+?)\s+(?:là|=|thành|:)\s*(?P<value>\d[\d.,/]*)\s*(?P<unit>.*)$",
    re.IGNORECASE,
)
_SEARCH = re.compile(r"^\s*(?:tìm|tra cứu|tìm kiếm)\b\s*(?P<query>.*)$", re.IGNORECASE)
_CHECK = re.compile(r"\bkiểm tra\b.*\b(số liệu|con số|báo cáo)\b", re.IGNORECASE)
_REVISE = re.compile(
    r"\b(ngắn hơn|ngắn gọn hơn|rút gọn|dài hơn|thêm ý|bổ sung ý|bỏ câu|xóa câu|xoá câu|trang trọng hơn|viết lại|sửa lại)\b",
    re.IGNORECASE,
)
_ADD_POINT = re.compile(r"\b(?:thêm|bổ sung) ý (?:về )?(?P<topic>.+)$", re.IGNORECASE)
_DRAFT_VERB = re.compile(r"\b(viết|soạn|thảo|dự thảo)\b", re.IGNORECASE)


@dataclass
class ChatState:
    """The report being written: header facts, drafted sections and the conversation."""

    commune: str = ""
    period: str = ""
    topic: str = ""
    facts: list[FactLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # section kind → Draft.to_dict()
    last_section: str = ""
    history: list[dict[str, str]] = field(default_factory=list)  # {"role": "user"|"assistant", "content": …}

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ChatState":
        data = dict(data)
        data["facts"] = [FactLine(**f) for f in data.get("facts", [])]
        return cls(**data)

    def draft(self, section: str) -> Draft | None:
        return Draft.from_dict(self.sections[section]) if section in self.sections else None


@dataclass
class ChatReply:
    intent: str
    text: str
    draft: Draft | None = None
    hits: list[dict[str, Any]] = field(default_factory=list)  # search results: source, section path, snippet
    findings: list[str] = field(default_factory=list)  # guard / consistency findings, Vietnamese


def detect_intent(message: str, state: ChatState) -> str:
    """One of ``INTENTS``, by rules in priority order (a correction beats a draft request)."""
    if _SET_FACT.match(message):
        return "set_fact"
    if _SEARCH.match(message):
        return "search"
    if _CHECK.search(message):
        return "check"
    if state.last_section and _REVISE.search(message) and not _names_other_section(message, state):
        return "revise"
    if detect_section(message) or _DRAFT_VERB.search(message):
        return "draft"
    return "help"


def _names_other_section(message: str, state: ChatState) -> bool:
    section = detect_section(message)
    return bool(section and section != state.last_section and _DRAFT_VERB.search(message))


def fact_lines_from_text(text: str, period: str) -> list[FactLine]:
    """The officer's numbers stated in running text (``assistant.facts.extract_facts``)."""
    from assistant.facts import extract_facts

    return [FactLine.of(fact) for fact in extract_facts(text, period)]


def _merge_facts(current: list[FactLine], new: list[FactLine]) -> list[FactLine]:
    by_name = {f.name.lower(): f for f in current}
    for f in new:
        by_name[f.name.lower()] = f
    return list(by_name.values())


def _replace_value(text: str, old: str, new: str) -> str:
    """Replace a number written exactly as ``old`` ("1.693"), not inside a longer number."""
    return re.sub(rf"(?<![\d.,]){re.escape(old)}(?![\d]|[.,]\d)", new, text)


def _match_fact(name: str, facts: list[FactLine]) -> FactLine | None:
    """The fact whose name best matches ``name`` (word overlap); None if nothing shares half the words."""
    words = set(nfc(name).lower().split())
    best, best_score = None, 0.0
    for f in facts:
        other = set(f.name.lower().split())
        score = len(words & other) / max(1, len(words | other))
        if score > best_score:
            best, best_score = f, score
    return best if best_score >= 0.5 else None


def _keep_numbered_sentences(text: str) -> str:
    """A shorter draft without an LLM: per paragraph, the opening sentence and every sentence with a number."""
    out = []
    for paragraph in text.split("\n"):
        sentences = [paragraph[a:b] for a, b in sentence_spans(paragraph)] or [paragraph]
        out.append(" ".join([sentences[0]] + [x for x in sentences[1:] if re.search(r"\d", re.sub(r"\[\d+\]", "", x))]))
    return "\n".join(out)


def _without_last_sentence(text: str) -> str:
    """The draft minus its last sentence (a last one-sentence paragraph goes whole)."""
    paragraphs = text.split("\n")
    spans = sentence_spans(paragraphs[-1])
    if len(spans) > 1:
        paragraphs[-1] = paragraphs[-1][: spans[-2][1]]
    elif len(paragraphs) > 1:
        paragraphs.pop()
    return "\n".join(paragraphs)


class ChatSession:
    """One officer's conversation over one report. Give it a ``Drafter`` (holding index and model)."""

    def __init__(self, drafter: Drafter, state: ChatState | None = None):
        self.drafter = drafter
        self.state = state or ChatState()

    def send(self, message: str) -> Iterator[str | ChatReply]:
        """Handle one message: yield reply text chunks, then the ``ChatReply``."""
        message = nfc(message).strip()
        self.state.history.append({"role": "user", "content": message})
        intent = detect_intent(message, self.state)
        handler = getattr(self, f"_on_{intent}")
        reply = None
        for item in handler(message):
            if isinstance(item, ChatReply):
                reply = item
            else:
                yield item
        assert reply is not None
        self.state.history.append({"role": "assistant", "content": reply.text})
        yield reply

    def reply(self, message: str) -> ChatReply:
        """Non-streaming ``send``."""
        return [item for item in self.send(message) if isinstance(item, ChatReply)][-1]

    # -- intents ----------------------------------------------------------------------------------
    def _request(self, section: str, topic: str, **extra: Any) -> DraftRequest:
        s = self.state
        return DraftRequest(section=section, topic=topic, commune=s.commune or "xã", period=s.period,
                            facts=list(s.facts), notes=list(s.notes), **extra)

    def _store(self, draft: Draft) -> None:
        self.state.sections[draft.section] = draft.to_dict()
        self.state.last_section = draft.section

    def _describe(self, draft: Draft) -> str:
        lines = [draft.text]
        mode = "bộ soạn mẫu (không dùng LLM)" if draft.mode == "composer" else draft.mode.removeprefix("llm:")
        lines.append(f"\n(Chế độ soạn: {mode})")
        lines += draft.notices + draft.flagged
        return "\n".join(lines)

    def _on_draft(self, message: str) -> Iterator[str | ChatReply]:
        s = self.state
        s.commune = detect_commune(message) or s.commune
        s.period = detect_period(message) or s.period
        section = detect_section(message) or s.last_section or "ket_qua"
        topic = detect_topic(message) or s.topic
        s.topic = topic
        s.facts = _merge_facts(s.facts, fact_lines_from_text(message, s.period))
        s.notes = officer_notes(message) or s.notes
        if not s.commune:
            yield ChatReply("draft", "Xin cho biết tên xã (ví dụ: \"xã Minh Khê\") để soạn báo cáo.")
            return
        draft = None
        for item in self.drafter.stream(self._request(section, topic, request_text=message)):
            if isinstance(item, Draft):
                draft = item
            else:
                yield item
        self._store(draft)
        yield ChatReply("draft", self._describe(draft), draft=draft)

    def _on_revise(self, message: str) -> Iterator[str | ChatReply]:
        """Revise the last draft; every LLM rewrite goes through ``Drafter.rewrite``'s validation.

        "bỏ câu cuối" is a deterministic cut; "thêm ý về X" retrieves a same-kind sentence about X and
        appends it with its citation (with or without LLM); "ngắn hơn" without LLM keeps the opening
        and the sentences carrying numbers; other wishes need the LLM (otherwise a notice).
        """
        previous = self.state.draft(self.state.last_section)
        text, lowered = previous.text, message.lower()
        request = self._request(previous.section, self.state.topic)
        citations, notices, required = list(previous.citations), [], frozenset()
        if re.search(r"\b(bỏ|xóa|xoá) câu cuối\b", lowered):
            cut = _without_last_sentence(text)
            lost = [f.phrase for f in request.facts if mentions_fact(text, f) and not mentions_fact(cut, f)]
            if lost:
                notices.append("Câu vừa bỏ có số liệu " + ", ".join(f"«{x}»" for x in lost) + "; mục không còn nêu số liệu này.")
            purpose, original, fallback = None, cut, cut
        elif match := _ADD_POINT.search(message):
            original, citation, notice = self._with_point(previous, match.group("topic").strip(" ."))
            if citation is not None:
                citations.append(citation)
                required = frozenset({citation.marker})
            notices += [notice] if notice else []
            purpose, fallback = "add_point", original
        elif re.search(r"ngắn|rút gọn", lowered):
            purpose, original, fallback = "shorter", text, _keep_numbered_sentences(text)
        elif re.search(r"trang trọng", lowered):
            purpose, original, fallback = "formal", text, text
        else:
            purpose, original, fallback = "other", text, text
        if purpose is None or (self.drafter.llm() is None and purpose in ("formal", "other")):
            if purpose is not None:
                notices.append("Bộ soạn mẫu đã dùng văn phong hành chính; cần LLM để viết lại theo yêu cầu này.")
            draft = self._regrounded(previous, fallback, citations)
            draft.notices += notices
            yield draft.text
        else:
            draft = None
            for item in self.drafter.rewrite(request, original, citations, purpose, officer_request=message,
                                             required_markers=required, notices=notices,
                                             mode_without_llm=previous.mode, fallback=fallback):
                if isinstance(item, Draft):
                    draft = item
                else:
                    yield item
        self._store(draft)
        yield ChatReply("revise", self._describe(draft), draft=draft)

    def _with_point(self, previous: Draft, topic: str) -> tuple[str, Citation | None, str]:
        """``previous.text`` plus the best same-kind sentence about ``topic`` from the corpus, cited.

        Returns (text, the new citation or None, a Vietnamese notice when nothing fitted).
        """
        kinds = DANH_GIA_PARTS if previous.section == DANH_GIA_CHUNG else (previous.section,)
        offset = max((c.marker for c in previous.citations), default=0)
        commune = DraftRequest("ket_qua", "", self.state.commune or "xã").commune_name
        best: tuple[float, str, Any, Any] | None = None
        for kind in kinds:
            passages = retrieve_passages(topic, kind, self.drafter.index, k=5).passages
            passages = [p.__class__(**{**p.__dict__, "marker": p.marker + offset}) for p in passages]
            for c in select_candidates(passages, topic, kind, commune, limit=4):
                if c.text.rstrip(".") not in previous.text and (best is None or c.score > best[0]):
                    best = (c.score, kind, c, next(p for p in passages if p.marker == c.marker))
        if best is None:
            return previous.text, None, f"Không tìm thấy ý phù hợp về «{topic}» trong kho báo cáo."
        _, kind, candidate, passage = best
        sentence = f"{candidate.text.rstrip('.')} [{candidate.marker}]."
        if previous.section != DANH_GIA_CHUNG:
            return f"{previous.text.rstrip()} {sentence}", Citation.of(passage), ""
        label = f"{SECTION_TITLES[kind]}: "
        paragraphs = [f"{p.rstrip()} {sentence}" if p.startswith(label) else p for p in previous.text.split("\n")]
        return "\n".join(paragraphs), Citation.of(passage), ""

    def _regrounded(self, previous: Draft, text: str, citations: list[Citation] | None = None) -> Draft:
        report = check(text, factset_for(self._request(previous.section, self.state.topic)))
        markers = {int(m) for m in re.findall(r"\[(\d+)\]", text)}
        pool = previous.citations if citations is None else citations
        return Draft(section=previous.section, title=previous.title, text=text, mode=previous.mode,
                     citations=[c for c in pool if c.marker in markers], guard=report.to_dict(),
                     ungrounded_before=len(report.ungrounded), ungrounded_after=len(report.ungrounded),
                     notices=list(previous.notices))

    def _on_set_fact(self, message: str) -> Iterator[str | ChatReply]:
        match = _SET_FACT.match(message)
        name, value, unit = match.group("name").strip(), match.group("value").rstrip(".,"), match.group("unit").strip()
        old = _match_fact(name, self.state.facts)
        if old is not None:
            new = FactLine(old.name, value, unit or old.unit)
            self.state.facts = [new if f is old else f for f in self.state.facts]
            said = f"Đã sửa «{old.name}»: {old.phrase} → {new.phrase}."
        else:
            new = FactLine(name[:1].upper() + name[1:], value, unit)
            self.state.facts.append(new)
            said = f"Đã thêm số liệu «{new.name}»: {new.phrase}."
        if old is not None and old.value != value:
            # The officer's earlier notes stated the old value; they must not keep grounding it.
            self.state.notes = [_replace_value(n, old.value, value) for n in self.state.notes]
        findings = []
        for section, data in list(self.state.sections.items()):
            draft = Draft.from_dict(data)
            text = draft.text
            if old is not None and old.value != value:
                # The officer corrected this value: every place the draft states it takes the new one.
                text = _replace_value(text, old.value, value)
            regrounded = self._regrounded(draft, text)
            self.state.sections[section] = regrounded.to_dict()
            findings += self._section_findings(section, regrounded.text)
        lines = [said]
        if self.state.sections:
            lines.append("Đã kiểm tra lại số liệu của các mục đã soạn: " + ("không có số nào sai lệch." if not findings
                                                                         else f"{len(findings)} số cần xem lại."))
        lines += findings
        if findings:
            lines.append("Gợi ý câu thay thế: " + fact_sentence(new, self.drafter.templates))
        yield ChatReply("set_fact", "\n".join(lines), findings=findings)

    def _section_findings(self, section: str, text: str) -> list[str]:
        """Guard findings (ungrounded numbers) and consistency findings (arithmetic) of one drafted section."""
        from assistant.facts import check_consistency

        title = SECTION_TITLES[section]
        report = check(text, factset_for(self._request(section, self.state.topic)))
        out = [f"Mục «{title}»: số «{m.text}» {m.reason}." for m in report.ungrounded]
        out += [f"Mục «{title}»: {f.message}" for f in check_consistency(text)]
        return out

    def _on_search(self, message: str) -> Iterator[str | ChatReply]:
        query = _SEARCH.match(message).group("query")
        query = re.sub(r"^(các|những)?\s*(báo cáo|văn bản|tài liệu)\s*(nói về|về|có)?\s*", "", query, flags=re.I)
        if not query.strip() or self.drafter.index is None:
            yield ChatReply("search", "Hãy cho biết cần tìm nội dung gì (kho báo cáo đang trống)." if not query.strip()
                            else "Chưa có kho báo cáo để tìm kiếm.")
            return
        from assistant.retrieve import search

        try:
            hits = search(query, self.drafter.index, k=5)
        except Exception as exc:  # noqa: BLE001 - a search failure is a message, not a crash
            yield ChatReply("search", f"Không tìm được: {exc}")
            return
        rows = [{"source": h.source, "section_path": h.section_path, "kind": str(h.kind), "chunk_id": h.chunk_id,
                 "snippet": h.snippet.text if hasattr(h.snippet, "text") else h.text[:200]} for h in hits]
        lines = [f"Tìm thấy {len(rows)} đoạn về «{query}»:"] + [
            f"{i}. {r['source']} — {r['section_path']}: {r['snippet']}" for i, r in enumerate(rows, 1)]
        text = "\n".join(lines) if rows else f"Không thấy đoạn nào về «{query}»."
        yield text
        yield ChatReply("search", text, hits=rows)

    def _on_check(self, message: str) -> Iterator[str | ChatReply]:
        from assistant.facts import check_consistency

        factset = factset_for(self._request("ket_qua", self.state.topic))
        findings = [f.message for f in check_consistency(factset)]
        for section, data in self.state.sections.items():
            findings += self._section_findings(section, data["text"])
        text = "Số liệu thống nhất, không phát hiện sai lệch." if not findings else "\n".join(
            [f"Phát hiện {len(findings)} điểm cần xem lại:"] + findings)
        yield ChatReply("check", text, findings=findings)

    def _on_help(self, message: str) -> Iterator[str | ChatReply]:
        yield ChatReply("help", HELP)
