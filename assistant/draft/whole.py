"""The whole report (issue 11 §3): one drafting request per section of the report's outline.

A skeleton (``assistant.outline.ReportSkeleton``) names the sections to write; each leaf section
(a heading with no sub-headings) becomes a ``SectionTask``: the drafting kind of the section, its
heading as the request, and the facts it should state. The directive's guidance ("Nêu rõ số hồ
sơ …, có địa chỉ") says what the *officer* must report: it steers where facts go but is never
handed to the drafter as content (the first whole-report drafts pasted it into the text).

Facts are routed, not copied everywhere: with several kết quả sections ("1. Dịch vụ công trực
tuyến", "2. Hạ tầng số"), each indicator goes to the section whose heading and guidance are nearest
to the indicator's name and group in the bundled e5 embedding space (cosine), so an indicator is
stated once, where it belongs. Ưu điểm sees the targets met (every fact when none has a target); hạn chế
only the shortfalls (an indicator below its target), giải pháp the targets not yet met; nguyên nhân
and kiến nghị none (a shortfall restated is not its cause): what they say comes from the officer
(chat) or prior reports (suggestions).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Sequence

from assistant.draft.plan import counts_shortfall, meets_target
from assistant.draft.types import DRAFTABLE_KINDS, DraftRequest
from assistant.facts.model import Fact
from assistant.outline.periods import find_period
from assistant.outline.types import ReportSkeleton, SkeletonSection
from assistant.report.model import normalize_label

# Kinds with no drafting recipe of their own are written as a statement of results: "Đặc điểm tình
# hình", "Công tác chỉ đạo" and unnamed headings report what was done.
_DRAFTED_AS = {"dac_diem": "ket_qua", "khac": "ket_qua", "trach_nhiem": "giai_phap", "bai_hoc": "uu_diem"}


@dataclass(frozen=True)
class SectionTask:
    """One section of the outline to draft."""

    path: str  # "I/1" ("I/#2" for an unnumbered heading), as ``assistant.report.find_section`` reads it
    heading: str  # "1. Kết quả cung cấp dịch vụ công trực tuyến"
    kind: str  # the section's kind in the outline (a SectionKind value)
    request: DraftRequest


def drafting_kind(kind: str) -> str:
    """The drafting recipe for a section of ``kind`` (one of ``DRAFTABLE_KINDS``)."""
    return kind if kind in DRAFTABLE_KINDS else _DRAFTED_AS.get(kind, "ket_qua")


@dataclass(frozen=True)
class OutlinePlace:
    """A heading of the outline with its address."""

    path: str  # "I/2/b"; "#n" for the n-th unnumbered heading of its level
    section: SkeletonSection
    depth: int

    @property
    def is_leaf(self) -> bool:
        return not self.section.children


def outline_places(skeleton: ReportSkeleton) -> list[OutlinePlace]:
    """Every heading of the outline in order, addressed as ``assistant.report.find_section`` reads it."""
    out: list[OutlinePlace] = []

    def visit(sections: Sequence[SkeletonSection], prefix: str, depth: int) -> None:
        for n, section in enumerate(sections, start=1):
            label = normalize_label(section.numbering) or f"#{n}"  # unnumbered: by position
            path = f"{prefix}/{label}" if prefix else label
            out.append(OutlinePlace(path, section, depth))
            visit(section.children, path, depth + 1)

    visit(skeleton.sections, "", 0)
    return out


def leaf_sections(skeleton: ReportSkeleton) -> list[OutlinePlace]:
    """The sections to write: headings without sub-headings, in outline order."""
    return [place for place in outline_places(skeleton) if place.is_leaf]


def section_message(section: SkeletonSection) -> str:
    """The request as an officer would type it (the guidance stays out: see the module docstring)."""
    return f"Viết mục «{section.heading}»."


# The head of a report's trích yếu that names the document, not its subject: "Báo cáo kết quả thực
# hiện chuyển đổi số …" is about "chuyển đổi số".
_TITLE_HEAD = re.compile(r"^(báo cáo\s+)?((sơ kết|tổng kết|kết quả|tình hình)(\s+(thực hiện|triển khai))?\s+)?",
                         re.IGNORECASE)


def report_subject(skeleton: ReportSkeleton) -> str:
    """What the report is about, from its trích yếu without the period ("chuyển đổi số, phát triển
    chính quyền số" from "Kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026")."""
    title = _without_period(skeleton.title)
    title = " ".join(title.split())
    subject = _TITLE_HEAD.sub("", title).strip(" ,.;-")
    # A subject that opened the trích yếu is capitalized only for that: "Chuyển đổi số …" → "chuyển đổi số …".
    return subject[:1].lower() + subject[1:] if subject == title.strip(" ,.;-") else subject


def _topic(section: SkeletonSection, skeleton: ReportSkeleton) -> str:
    """The subject the section writes about: its own heading, unless that only names the kind."""
    heading = _without_period(section.title).strip(" ,.;-")
    # A kết quả heading names its subject ("Dịch vụ công trực tuyến"); a short assessment heading only
    # names its kind ("Ưu điểm", "NHIỆM VỤ, GIẢI PHÁP") and writes about the report's subject.
    if drafting_kind(section.kind.value) != "ket_qua" and len(heading.split()) <= 5:
        return report_subject(skeleton) or heading
    return heading


def section_period(section: SkeletonSection, period: str) -> str:
    """The period a section is about: the one its heading names ("NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI
    NĂM 2026" looks ahead), else the report's."""
    found = find_period(section.title)
    return found.text if found is not None else period


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def outline_periods(skeleton: ReportSkeleton) -> tuple[str, ...]:
    """The periods the outline's headings name besides the report's: a draft may name them (the
    guard's ``GuardContext.periods``), since the officer's outline prescribes them."""
    found = [section_period(section, "") for _, section in skeleton.walk()]
    return tuple(dict.fromkeys(p for p in found if p and p != skeleton.period))


def _without_period(text: str) -> str:
    found = find_period(text)
    return f"{text[:found.span[0]]} {text[found.span[1]:]}".strip() if found else text


def facts_for(kind: str, facts: Sequence[Fact]) -> list[Fact]:
    """The facts an assessment section may state (see the module docstring)."""
    if kind == "uu_diem":  # the strengths: targets met, or every achievement when no target is set
        met = [f for f in facts if meets_target(f)]
        return met or list(facts)
    if kind == "han_che":
        return [f for f in facts if counts_shortfall(f)]
    if kind == "giai_phap":
        return [f for f in facts if meets_target(f) is False]
    return []


def route_facts(facts: Sequence[Fact], places: Sequence[str], embed) -> list[list[Fact]]:
    """Each fact to the place (a section's heading + guidance) nearest to its name and group.

    ``embed(texts) -> list[vector]`` is an embedding function (normalized vectors, e.g. e5's
    ``embed_documents``); with one place every fact goes there.
    """
    routed: list[list[Fact]] = [[] for _ in places]
    if not places or not facts:
        return routed
    if len(places) == 1:
        routed[0] = list(facts)
        return routed
    import numpy as np

    place_vectors = np.asarray(embed([f"passage: {p}" for p in places]))
    fact_vectors = np.asarray(embed([f"passage: {' '.join(filter(None, (f.group, f.name)))}" for f in facts]))
    scores = fact_vectors @ place_vectors.T
    nearest = scores.argmax(axis=1)
    # The directive's form groups its indicators ("Hạ tầng và nhân lực số"): a group goes to one
    # section, the one nearest to the group as a whole, rather than scattered by single names.
    members: dict[str, list[int]] = {}
    for i, fact in enumerate(facts):
        if fact.group:
            members.setdefault(fact.group, []).append(i)
    for rows in members.values():
        nearest[rows] = scores[rows].sum(axis=0).argmax()
    for fact, index in zip(facts, nearest):
        routed[int(index)].append(fact)
    return routed


def report_tasks(skeleton: ReportSkeleton, facts: Sequence[Fact], *, commune: str, period: str,
                 embed=None) -> list[SectionTask]:
    """The drafting requests for the whole report, in outline order.

    ``embed`` routes facts among several kết quả sections (default: the bundled e5 model).
    Facts of an earlier period (kỳ trước values) travel with their indicator.
    """
    leaves = leaf_sections(skeleton)
    results = [i for i, leaf in enumerate(leaves) if drafting_kind(leaf.section.kind.value) == "ket_qua"]
    current = [f for f in facts if not f.period or f.period == period]
    by_name: dict[str, list[Fact]] = {}
    for f in facts:
        if f not in current:
            by_name.setdefault(f.name, []).append(f)
    if embed is None and len(results) > 1:
        from assistant.retrieve.embeddings import bundled_e5

        embed = bundled_e5().embed_documents
    places = [f"{leaves[i].section.title}. {leaves[i].section.guidance}".strip(" .") for i in results]
    routed = dict(zip(results, route_facts(current, places, embed)))
    # Kết quả sub-sections under one heading (a), b), c)) are written without the opening and
    # closing each would repeat; a section alone under its parent keeps them.
    siblings = Counter(_parent(leaves[i].path) for i in results)
    tasks = []
    for i, leaf in enumerate(leaves):
        section = leaf.section
        kind = drafting_kind(section.kind.value)
        own = routed.get(i, []) if kind == "ket_qua" else facts_for(kind, current)
        own += [old for f in own for old in by_name.get(f.name, ())]
        writes_for = section_period(section, period)
        request = DraftRequest(section=kind, topic=_topic(section, skeleton), commune=commune, period=writes_for,
                               facts=own, message=section_message(section),
                               facts_period=period if writes_for != period else "",
                               frame=not (kind == "ket_qua" and _parent(leaf.path) and siblings[_parent(leaf.path)] > 1))
        tasks.append(SectionTask(leaf.path, section.heading, section.kind.value, request))
    return tasks
