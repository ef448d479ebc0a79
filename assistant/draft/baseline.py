"""The naive-RAG baseline of ``assistant eval drafting`` (evaluation only, never the product path).

The top-5 chunks for the officer's request are stuffed into one prompt with the request, the
same LLM writes the section, and the remedies the first drafting round used make it grounded
afterwards: output cleaning (``clean_output``), other communes' names rewritten
(``enforce_commune``), ungrounded sentences removed and lost facts restored (``make_grounded``).
The evaluation reports its numbers "before" those remedies, so the table shows what the
product's plan-then-realize design buys.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.draft.backends import LLMHandle
from assistant.draft.realize import fact_sentence
from assistant.draft.sanitize import adapt_to_commune, commune_names_in, nfc, sentence_spans
from assistant.draft.sources import foreign_commune_names, passage_of
from assistant.draft.templates import load_templates
from assistant.draft.types import SECTION_TITLES, Citation, Draft, DraftRequest
from assistant.draft.understand import mentions_value
from assistant.facts import FactSet, GuardReport, guard, repair

NAIVE_K = 5

# A heading: markdown "#", a roman label, a bold-only line, a line ending in ":" (an announced list),
# or a short line without final punctuation ("Kết quả thực hiện").
_HEADING = re.compile(r"^\s*(#+\s*.*|[IVX]+\.\s.*|\*\*[^*]+\*\*:?\s*|[^.!?]{1,120}:\s*|[^.!?:;,\d]{1,60})$")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|[a-zđ]\))\s+")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*", re.MULTILINE)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+[.,;:!?。，]?")
_FIRST_PERSON = re.compile(r"\b([Cc]húng (?:tôi|ta|em)|[Tt]ôi|[Mm]ình)\b")
_MARKER = re.compile(r"\s*\[(\d+)\]")


def _join_bullets(lines: list[str]) -> list[str]:
    """Bullet items become sentences of one paragraph; other lines stay paragraphs."""
    out: list[str] = []
    bullets: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            item = _BULLET.sub("", line).strip().rstrip(";.,:")
            if item:
                bullets.append(item[0].upper() + item[1:] + ".")
            continue
        if bullets:
            out.append(" ".join(bullets))
            bullets = []
        out.append(line)
    if bullets:
        out.append(" ".join(bullets))
    return out


def clean_output(text: str, subject: str, valid_markers: set[int], keep_labels: tuple[str, ...] = ()) -> str:
    """Administrative prose from raw model output. ``keep_labels`` ("Ưu điểm:" …) survive as paragraph starts."""
    text = _MARKUP.sub("", nfc(text)).replace("\r", "")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    kept = []
    for line in lines:
        if any(line.lower().startswith(label.lower()) for label in keep_labels):
            kept.append(line)
        elif _HEADING.match(line) and not _BULLET.match(line):
            continue  # a heading or a dangling "Cụ thể:" line
        else:
            kept.append(line)
    paragraphs = []
    for paragraph in _join_bullets(kept):
        paragraph = _CJK.sub("", paragraph)  # the model sometimes drifts into Chinese: drop that text
        paragraph = _FIRST_PERSON.sub(subject, paragraph)
        paragraph = _MARKER.sub(lambda m: f" [{m.group(1)}]" if int(m.group(1)) in valid_markers else "", paragraph)
        paragraph = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"[ \t]+", " ", paragraph)).strip()
        if paragraph:
            paragraphs.append(paragraph)
    # Only the last paragraph can have been cut by the token limit; earlier ones just lack a full stop.
    paragraphs = [p if p[-1] in ".!?…" else p + "." for p in paragraphs[:-1]] + paragraphs[-1:]
    return drop_unfinished("\n".join(paragraphs))


def drop_unfinished(text: str) -> str:
    """Remove a last sentence the token limit cut off (no final punctuation)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…" or re.search(r"\[\d+\]$", text):
        return text
    last_end = max(text.rfind(". "), text.rfind(".\n"), text.rfind("]. "))
    if last_end > 0:
        return text[: last_end + 1].rstrip()
    return text + "."


@dataclass
class GroundingResult:
    text: str
    report: GuardReport
    flagged: list[str] = field(default_factory=list)


def _paragraphs(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for paragraph in text.split("\n"):
        out.append((pos, paragraph))
        pos += len(paragraph) + 1
    return out


def make_grounded(
    text: str, report: GuardReport, factset: FactSet, request: DraftRequest, fact_sentences: dict[str, str]
) -> GroundingResult:
    """Remove what the guard cannot ground; restore facts lost on the way with composer sentences.

    ``fact_sentences`` maps a fact's id to the composer's sentence stating it.
    """
    flagged: list[str] = []
    if report.ungrounded:
        repaired = repair(text, report)
        for r in repaired.replacements:
            fact = factset.get(r.fact_id)
            source = f" theo số liệu «{fact.name}»" if fact is not None else " theo số liệu đã cung cấp"
            flagged.append(f"Đã sửa «{r.old}» thành «{r.new}»{source}.")
        text = repaired.text
        report = guard(text.replace(" [cần kiểm tra]", ""), factset)
        if not report.ok:
            bad_spans = [(m.start, m.end) for m in report.ungrounded]
            clean = text.replace(" [cần kiểm tra]", "")
            paragraphs: list[str] = []
            for para_start, paragraph in _paragraphs(clean):
                kept = []
                for start, end in sentence_spans(paragraph):
                    a, b = para_start + start, para_start + end
                    if any(a <= s < b for s, _ in bad_spans):
                        flagged.append(f"Đã bỏ câu có số liệu không có căn cứ: «{clean[a:b]}»")
                    else:
                        kept.append(clean[a:b])
                if kept:
                    paragraphs.append(" ".join(kept))
            text = "\n".join(paragraphs)
    missing = [fact for fact in request.facts if not mentions_value(text, fact)]
    additions = [fact_sentences[fact.id] for fact in missing if fact.id in fact_sentences]
    if additions:
        text = (text.rstrip() + " " + " ".join(additions)).strip()
    report = guard(text, factset)
    if not report.ok:  # should not happen after the steps above; never let it pass silently
        marked = repair(text, report)
        text = marked.text
        flagged += [f"Số «{m.text}» cần cán bộ kiểm tra: {m.reason}." for m in marked.marked]
        report = guard(text.replace(" [cần kiểm tra]", ""), factset)
    return GroundingResult(text, report, flagged)


def enforce_commune(text: str, request: DraftRequest, foreign: set[str]) -> str:
    """Rewrite any other commune's name the model wrote back to the officer's commune."""
    names = (foreign | commune_names_in(text)) - {request.commune_name}
    return adapt_to_commune(text, request.commune_name, names) if names else text


class NaiveDrafter:
    """The baseline: top-5 chunks for the request + the request, one prompt, the same LLM and guard."""

    def __init__(self, settings: Any, index: Any, llm: LLMHandle):
        self.settings, self.index, self.llm = settings, index, llm
        self.templates = load_templates()

    def draft(self, request: DraftRequest) -> Draft:
        from assistant.retrieve import search

        t0 = time.perf_counter()
        query = request.message or request.topic
        hits = search(query, self.index, k=NAIVE_K) if self.index is not None else []
        passages = [passage_of(hit, marker) for marker, hit in enumerate(hits, start=1)]
        chunks = "\n\n".join(f"[{p.marker}] {p.text}" for p in passages)
        user = self.templates.fill(self.templates.naive, chunks=chunks, request=request.message)
        messages = [SystemMessage("Bạn là trợ lý soạn báo cáo hành chính tiếng Việt."), HumanMessage(user)]
        tokens = sum(self.llm.count_tokens(m.content) for m in messages)
        pieces, ttft = [], None
        for chunk in self.llm.model.stream(messages):
            if chunk.content and ttft is None:
                ttft = time.perf_counter() - t0
            pieces.append(chunk.content if isinstance(chunk.content, str) else "")
        text = clean_output("".join(pieces), request.subject, {p.marker for p in passages})
        text = enforce_commune(text, request, foreign_commune_names(passages, request.commune_name))
        factset = request.factset()
        before = guard(text, factset)
        sentences = {f.id: fact_sentence(f, "achievement", factset) for f in factset}
        grounded = make_grounded(text, before, factset, request, sentences)
        by_marker = {p.marker: p for p in passages}
        used = sorted({int(m) for m in re.findall(r"\[(\d+)\]", grounded.text)} & set(by_marker))
        total = time.perf_counter() - t0
        return Draft(request.section, SECTION_TITLES[request.section], grounded.text, f"naive:{self.llm.name}",
                     [Citation.of(by_marker[m]) for m in used], grounded.report.to_dict(), len(before.ungrounded),
                     len(grounded.report.ungrounded), grounded.flagged, [],
                     {"ttft_s": round(ttft or total, 3), "total_s": round(total, 3)}, tokens)
