"""Bridge between the drafter and the facts package: build the fact set, run the guard, and
make a draft grounded when regeneration did not.

Order of remedies (issue 5 §2): one regeneration with the guard's findings (the pipeline), then
here — unambiguous near misses repaired (``facts.repair``), other sentences carrying ungrounded
numbers removed, the composer's sentence added for each fact the draft no longer states, and
whatever is still ungrounded marked ``[cần kiểm tra]`` and flagged to the officer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.draft.sanitize import adapt_to_commune, commune_names_in, sentence_spans
from assistant.draft.types import DraftRequest, FactLine
from assistant.facts import GuardContext, GuardReport, guard, repair
from assistant.facts import Fact, FactSet
from assistant.facts import NumberFormatError, find_numbers, parse_number


def fact_from_line(line: FactLine, period: str = "") -> Fact | None:
    """``FactLine("Máy tính cũ", "14/41", "máy")`` → Fact(value=14, denominator=41); None if unreadable."""
    raw = line.value.strip().rstrip("%").strip()
    num, _, den = raw.partition("/")
    try:
        value = parse_number(num.strip())
        denominator = parse_number(den.strip()) if den else None
    except (NumberFormatError, ValueError):
        return None
    unit = line.unit or ("%" if line.value.strip().endswith("%") else None)
    return Fact(name=line.name, value=value, unit=unit, period=period, denominator=denominator, source="entered")


def factset_for(request: DraftRequest) -> FactSet:
    """The officer's facts plus every quantity stated in their own notes (source "extracted").

    Numbers the officer wrote in the message ("dùng trên 7 năm", "người từ 60 tuổi") are theirs,
    so a draft repeating them is grounded.
    """
    factset = FactSet(commune=request.commune, period=request.period)
    for line in request.facts:
        fact = fact_from_line(line, request.period)
        if fact is not None:
            factset.add(fact)
    for note in request.notes:
        for m in find_numbers(note):
            if not m.is_quantity:
                continue
            factset.add(Fact(name=f"{note} [{m.text}]", value=m.value * m.scale if m.unit != "%" else m.value,
                             unit=m.unit, period=request.period, denominator=m.denominator, source="extracted"))
    return factset


def check(text: str, factset: FactSet) -> GuardReport:
    return guard(text, factset, GuardContext())


def findings_text(report: GuardReport) -> str:
    """The ungrounded numbers as a short Vietnamese list for the regeneration prompt."""
    return "; ".join(f"«{m.text}» ({m.reason})" for m in report.ungrounded)


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


def mentions_fact(text: str, line: FactLine) -> bool:
    """Whether the draft states this fact's value as the officer wrote it."""
    value = line.value.strip()
    return re.search(rf"(?<![\d.,]){re.escape(value)}(?![\d]|[.,]\d)", text) is not None


def make_grounded(
    text: str, report: GuardReport, factset: FactSet, request: DraftRequest, fact_sentences: dict[str, str]
) -> GroundingResult:
    """Remove what the guard cannot ground; restore facts lost on the way with composer sentences.

    ``fact_sentences`` maps a fact's name to the composer's sentence stating it.
    """
    flagged: list[str] = []
    if report.ungrounded:
        repaired = repair(text, report)
        for r in repaired.replacements:
            fact = factset.get(r.fact_id)
            source = f" theo số liệu «{fact.name}»" if fact is not None else " theo số liệu đã cung cấp"
            flagged.append(f"Đã sửa «{r.old}» thành «{r.new}»{source}.")
        text = repaired.text
        report = check(text.replace(" [cần kiểm tra]", ""), factset)
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
    missing = [line for line in request.facts if not mentions_fact(text, line)]
    additions = [fact_sentences[line.name] for line in missing if line.name in fact_sentences]
    if additions:
        text = (text.rstrip() + " " + " ".join(additions)).strip()
    report = check(text, factset)
    if not report.ok:  # should not happen after the steps above; never let it pass silently
        marked = repair(text, report)
        text = marked.text
        flagged += [f"Số «{m.text}» cần cán bộ kiểm tra: {m.reason}." for m in marked.marked]
        report = check(text.replace(" [cần kiểm tra]", ""), factset)
    return GroundingResult(text, report, flagged)


def enforce_commune(text: str, request: DraftRequest, foreign: set[str]) -> str:
    """Rewrite any other commune's name the model wrote back to the officer's commune."""
    names = (foreign | commune_names_in(text)) - {request.commune_name}
    return adapt_to_commune(text, request.commune_name, names) if names else text
