"""Assembling a report from the officer's accepted drafts: skeleton placement, citations, indicator table."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterable, Sequence

from assistant.facts.derive import derive_facts
from assistant.facts.model import Fact, FactSet, normalize_name
from assistant.facts.numbers import format_number
from assistant.ingest.kinds import inline_label
from assistant.ingest.types import SectionKind
from assistant.report.markers import rewrite_markers
from assistant.report.model import (
    CellValue,
    Citation,
    IndicatorRow,
    IndicatorTable,
    Report,
    ReportHeader,
    ReportSection,
    default_skeleton,
    find_section,
)

# The drafting package's composite kind: "Đánh giá chung" = ưu điểm + hạn chế + nguyên nhân drafted
# as one text of labelled paragraphs (same value as ``assistant.draft.types.DANH_GIA_CHUNG``; not
# imported so the model does not depend on the drafting pipeline).
EVALUATION_KIND = "danh_gia_chung"
EVALUATION_PARTS = (SectionKind.UU_DIEM.value, SectionKind.HAN_CHE.value, SectionKind.NGUYEN_NHAN.value)


@dataclass(frozen=True)
class AcceptedSection:
    """A drafted section the officer accepted into the report.

    ``text`` is the draft as saved (paragraphs separated by line breaks); its ``[n]`` markers
    are numbered from 1 within this section and ``citations`` says what each points to.
    """

    kind: str  # a SectionKind value, or EVALUATION_KIND
    text: str
    title: str = ""
    citations: tuple[Citation, ...] = ()
    path: str = ""  # the outline section it fills ("I/2", see ``find_section``); "" = placed by its kind


@dataclass
class AssembledReport:
    report: Report
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the officer



def split_paragraphs(text: str) -> list[str]:
    """A draft's paragraphs: one per non-blank line (drafts separate paragraphs by line breaks)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_evaluation(text: str) -> list[tuple[str, list[str]]]:
    """An "Đánh giá chung" draft cut at its inline labels: [(kind, paragraphs), …] in text order.

    A paragraph opening with "Ưu điểm:", "Hạn chế:"/"Tồn tại, hạn chế:" or "Nguyên nhân:" (the
    labels the drafting prompt and composer write; recognised by the ingest classifier so the
    same vocabulary applies) starts a part and loses its label, which becomes the heading II.1,
    II.2 or II.3. Paragraphs before the first label have kind "" (they stay under II.).
    """
    parts: list[tuple[str, list[str]]] = []
    kind = ""
    for paragraph in split_paragraphs(text):
        label = inline_label(paragraph)
        if label is not None and label.kind.value in EVALUATION_PARTS:
            kind = label.kind.value
            parts.append((kind, []))
            body = paragraph.split(":", 1)[1].strip()
            if body:
                parts[-1][1].append(body[0].upper() + body[1:])
            continue
        if not parts or parts[-1][0] != kind:
            parts.append((kind, []))
        parts[-1][1].append(paragraph)
    return [(k, ps) for k, ps in parts if ps]


def indicator_table(facts: FactSet | Iterable[Fact], title: str = IndicatorTable.title, *,
                    period: str | None = None) -> IndicatorTable | None:
    """The appendix table of the officer's indicators; a fact's ``group`` becomes a group row (I, II, …).

    Ratios keep the officer's form ("1.067/1.254"); a target with an operator keeps it ("≥ 98").
    A fact of the same name for another period than ``period`` (by default the FactSet's period)
    is that indicator's kỳ trước: it fills the row's ``previous`` and the so sánh column
    (``_comparison``, the facts package's derived change and % of plan). An indicator that only
    has a kỳ trước fact (kỳ này not entered yet) is a row with an empty kỳ này.
    """
    current_period = normalize_name(period if period is not None else getattr(facts, "period", ""))
    facts = list(facts)
    earlier: dict[str, Fact] = {}  # indicator name → its fact of another period (kỳ trước)
    if current_period:
        for fact in facts:
            if fact.period and normalize_name(fact.period) != current_period:
                earlier.setdefault(normalize_name(fact.name), fact)
    now = {normalize_name(f.name) for f in facts if earlier.get(normalize_name(f.name)) is not f}
    rows: list[IndicatorRow] = []
    group, groups, n = None, 0, 0
    for fact in facts:
        key = normalize_name(fact.name)
        old = earlier.get(key)
        if old is fact and key in now:
            continue  # written in the row of its kỳ này fact
        if fact.group and fact.group != group:
            groups += 1
            rows.append(IndicatorRow(tt=_roman(groups), name=fact.group, is_group=True))
        group = fact.group
        n += 1
        if old is fact:  # kỳ này not entered yet
            rows.append(IndicatorRow(tt=str(n), name=fact.name, unit=fact.unit or "", previous=_cell(fact)))
            continue
        target: CellValue = fact.target
        if fact.target is not None and fact.target_op:
            target = f"{fact.target_op} {format_number(fact.target)}"
        rows.append(IndicatorRow(tt=str(n), name=fact.name, unit=fact.unit or "", target=target, result=_cell(fact),
                                 previous=None if old is None else _cell(old),
                                 comparison=_comparison(fact, old, current_period)))
    return IndicatorTable(title=title, rows=rows) if n else None


def _cell(fact: Fact) -> CellValue:
    if fact.denominator is not None:
        return f"{format_number(fact.value)}/{format_number(fact.denominator)}"
    return fact.value


def _comparison(fact: Fact, previous: Fact | None, period: str) -> str:
    """The so sánh cell: "+12,4%" (or "+3,2 điểm" for a rate) against kỳ trước, "96,5% KH" against
    kế hoạch; the figures are ``derive_facts``' own (with their formula), only the sign is added."""
    pair = FactSet(period=period, facts=[fact] + ([previous] if previous is not None else []))
    derived = derive_facts(pair)
    parts = []
    if previous is not None:
        changes = [d for d in derived if d.kind == "change" and d.inputs == (previous.id, fact.id)]
        change = next((d for d in changes if d.unit == "%"), None) or next(iter(changes), None)
        if change is not None:
            sign = "+" if fact.value > previous.value else "-" if fact.value < previous.value else ""
            unit = " điểm" if change.unit == "điểm" else "%" if change.unit == "%" else (
                f" {change.unit}" if change.unit else "")
            parts.append(f"{sign}{_trimmed(change.value)}{unit}")
    of_target = next((d for d in derived if d.kind == "percent_of_target" and d.inputs == (fact.id,)), None)
    if of_target is not None:
        parts.append(f"{_trimmed(of_target.value)}% KH")
    return "; ".join(parts)


def _trimmed(value: Decimal) -> str:
    """"12,4" for the derived 12,40 (rounded to 2 places; the zero says nothing in a table cell)."""
    return format_number(value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize())


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def assemble_report(
    header: ReportHeader,
    sections: Sequence[AcceptedSection],
    *,
    period: str = "",
    table: IndicatorTable | None = None,
    outline: Report | None = None,
) -> AssembledReport:
    """Place accepted drafts on the report's outline and number their citations across the report.

    ``outline`` is the report's own skeleton (``assistant.outline.report_from_skeleton``: a directive's
    prescribed outline or last period's); without one, :func:`default_skeleton` (I. kết quả / II. đánh
    giá chung: 1. ưu điểm, 2. hạn chế, 3. nguyên nhân / III. nhiệm vụ, giải pháp / IV. kiến nghị).
    A draft with a ``path`` goes to that section; otherwise under the first heading of its kind, in
    the given order; an "Đánh giá chung" draft is split into its parts (:func:`split_evaluation`).
    Markers are renumbered report-wide in order of first use; two drafts citing the same passage
    share one number; a marker without a citation is dropped. On the default skeleton, headings
    left empty are removed; an outline keeps every heading (the check screen lists empty ones).
    """
    report = deepcopy(outline) if outline is not None else default_skeleton(header, period=period)
    report.header = header
    by_kind: dict[str, ReportSection] = {}
    for s in report.walk():
        by_kind.setdefault(s.kind, s)
    evaluation = next((s for s in report.walk() if {c.kind for c in s.children} & set(EVALUATION_PARTS)), None)
    fallback = report.sections[0] if report.sections else None
    notes: list[str] = []
    citations: list[Citation] = []
    numbers: dict[tuple, int] = {}  # one number per cited passage

    for accepted in sections:
        mapping: dict[int, int] = {}
        for c in accepted.citations:
            key = (c.source, c.section_path, c.span, c.quote)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(replace(c, marker=numbers[key]))
            mapping[c.marker] = numbers[key]
        text = _renumber(accepted.text, mapping)
        target = _placed(report, accepted.path) if accepted.path else None
        if target is None and accepted.kind == EVALUATION_KIND:
            for kind, paragraphs in split_evaluation(text):
                place = by_kind.get(kind) or evaluation or fallback
                if place is not None:
                    place.paragraphs.extend(paragraphs)
            continue
        target = target or by_kind.get(accepted.kind)
        if target is None:
            if fallback is None:  # an outline with no heading at all: the draft gets one of its own
                fallback = ReportSection("", accepted.title or accepted.kind, accepted.kind)
                report.sections.append(fallback)
            else:
                name = accepted.title or accepted.kind
                notes.append(f"Mục «{name}» không có chỗ trong khung báo cáo; đã đặt vào phần {fallback.title}")
            target = fallback
        target.paragraphs.extend(split_paragraphs(text))

    if not sections:
        notes.append("Chưa có mục nào được đưa vào báo cáo.")
    kept = report.sections if outline is not None else _prune(report.sections)
    report = replace(report, sections=kept, citations=citations, table=table)
    return AssembledReport(report, notes)


def _placed(report: Report, path: str) -> ReportSection | None:
    try:
        return find_section(report, path)
    except KeyError:  # the outline changed since the draft was made: place it by its kind
        return None


def _renumber(text: str, mapping: dict[int, int]) -> str:
    return rewrite_markers(text, mapping.get)


def _prune(sections: list[ReportSection]) -> list[ReportSection]:
    kept = []
    for s in sections:
        s.children = _prune(s.children)
        if s.paragraphs or s.children:
            kept.append(s)
    return kept
