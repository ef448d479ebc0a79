"""A directive (công văn, kế hoạch, hướng dẫn) → the skeleton of the report it asks for.

The directive's own body (căn cứ, mục đích yêu cầu, tổ chức thực hiện) is not the outline: the
outline is the part the directive *prescribes*, found in this order:

1. an outline section: a heading naming it ("ĐỀ CƯƠNG BÁO CÁO", "Phụ lục … đề cương", "II. NỘI
   DUNG BÁO CÁO", "Bố cục báo cáo") — its sub-headings, or the headings that follow it up to the
   next appendix when ingestion placed them beside it; else its numbered paragraphs; else an
   inline list in its text;
2. a title line "ĐỀ CƯƠNG BÁO CÁO" that ingestion left as a paragraph (an appendix after a body
   without headings): the headings after it, up to the next appendix;
3. an inline list anywhere in the body ("nội dung báo cáo gồm: (1) …; (2) …");
4. none: the default outline of the report type, with a note saying so.

The indicator form is the first indicator table (``indicators.py``) — in the outline's appendix
when there is one, else anywhere in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.kinds import classify_kind
from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.structure import iter_sections
from assistant.ingest.types import Document, Section, SectionKind
from assistant.outline.defaults import default_outline, outline_name
from assistant.outline.indicators import IndicatorTable, indicator_tables
from assistant.outline.periods import find_period
from assistant.outline.request import directive_reference, issuer, read_request
from assistant.outline.tree import (
    TextParagraph,
    from_inline_list,
    from_numbered_paragraphs,
    from_sections,
    outline_kind,
    own_text_span,
    paragraphs,
)
from assistant.outline.types import ReportSkeleton, SkeletonSection
from assistant.report.header import title_with_period

_APPENDIX = re.compile(r"\b(?:phu luc|bieu mau|bieu so|mau so)\b")


def outline_cue(heading: str) -> int:
    """How surely a heading names the prescribed outline: 2 đề cương, 1 nội dung/bố cục/mẫu báo cáo
    (not a "biểu mẫu", which is the indicator form), 0 not."""
    folded = fold_diacritics(heading)
    if "de cuong" in folded:
        return 2
    if "bao cao" in folded and re.search(r"\b(?:noi dung|bo cuc|ket cau|khung|(?<!bieu )mau)\b", folded):
        return 1
    return 0


def _rekind(section: SkeletonSection, parent: SectionKind | None = None) -> SkeletonSection:
    """Kinds again from the headings, once a title line no longer lends its kind to what was under it."""
    kind = outline_kind(section.heading, parent)
    children = tuple(_rekind(c, kind) for c in section.children)
    return SkeletonSection(section.numbering, section.title, kind, children, section.guidance)


def _flatten_wrappers(sections: list[SkeletonSection], titles: list[str]) -> list[SkeletonSection]:
    """Unnumbered title lines above the outline ("Kết quả … 6 tháng đầu năm 2026") are not sections."""
    out: list[SkeletonSection] = []
    for s in sections:
        if not s.numbering and s.children:
            titles.append(s.title)
            out.extend(_flatten_wrappers([_rekind(c) for c in s.children], titles))
        elif not s.numbering and not s.children and not s.guidance and s.kind is SectionKind.KHAC:
            titles.append(s.title)  # a title line alone
        else:
            out.append(s)
    return out


def _region_sections(root: Section, anchor: Section) -> list[Section]:
    """The headings that make the outline under or after ``anchor``.

    Sub-headings of the anchor when it has numbered ones; otherwise (an appendix title, which
    ingestion makes a top-level heading so the outline's "I." lands beside it) the following
    top-level headings up to the next appendix or outline heading.
    """
    if anchor.label or any(c.label for c in anchor.children):
        return anchor.children
    top = root.children
    if anchor not in top:
        return anchor.children
    out = []
    for s in top[top.index(anchor) + 1:]:
        folded = fold_diacritics(f"{s.label} {s.heading}")
        if _APPENDIX.search(folded[:40]) or outline_cue(s.heading):
            break
        out.append(s)
    return list(anchor.children) + out


def _region_end(sections: list[Section], default: int) -> int:
    return max((s.span[1] for s in sections), default=default)


def _ends_region(section: Section) -> bool:
    folded = fold_diacritics(f"{section.label} {section.heading}")
    return bool(_APPENDIX.search(folded[:40])) or bool(outline_cue(section.heading))


def _sections_after(sections: list[Section], pos: int) -> tuple[list[Section], bool]:
    """The outermost headings starting at or after ``pos``, up to the next appendix; (found, stopped)."""
    out: list[Section] = []
    for s in sections:
        if s.span[1] <= pos:
            continue
        if s.heading_span is not None and s.heading_span[0] >= pos:
            if _ends_region(s):
                return out, True
            out.append(s)
            continue
        inner, stopped = _sections_after(s.children, pos)
        out += inner
        if stopped:
            return out, True
    return out, False


def _cue_lines(doc: Document) -> list[TextParagraph]:
    """Title lines naming the outline ("ĐỀ CƯƠNG BÁO CÁO") that ingestion did not make headings —
    an appendix after a body without headings, where the plain-text parser has no heading yet."""
    assert doc.root is not None
    heading_starts = {s.heading_span[0] for s in iter_sections(doc.root) if s.heading_span}
    return [p for p in paragraphs(doc.text) if p.start not in heading_starts and len(p.text) <= 100
            and not p.text.rstrip().endswith((".", ";", ",")) and outline_cue(p.text) == 2]


@dataclass(frozen=True)
class FoundOutline:
    sections: tuple[SkeletonSection, ...]
    title_lines: tuple[str, ...]  # unnumbered lines above it ("Kết quả … 6 tháng đầu năm 2026")
    span: tuple[int, int] | None  # where it is in Document.text (None for an inline list)
    style: str  # headings, numbered, inline, labels; "" when none was found


def find_outline(doc: Document) -> FoundOutline:
    """The outline the directive prescribes (see the module docstring for the order of the styles)."""
    assert doc.root is not None
    anchors = [s for s in iter_sections(doc.root) if s is not doc.root and s.heading_span and outline_cue(s.heading)]
    anchors.sort(key=lambda s: -outline_cue(s.heading))
    for anchor in anchors:
        titles: list[str] = []  # title lines met under this anchor only
        region = _region_sections(doc.root, anchor)
        kind = anchor.kind if anchor.kind is not SectionKind.KHAC else None
        sections = _flatten_wrappers(from_sections(doc.text, region, kind), titles)
        span = (anchor.span[0], _region_end(region, anchor.span[1]))
        headings = any(s.heading_span for s in region)
        if headings and sum(1 for s in sections for _ in s.walk()) >= 2:
            return FoundOutline(tuple(sections), tuple(titles), span, "headings")
        # No sub-headings: the items are paragraphs (some may have opened inline-label sections).
        assert anchor.heading_span is not None
        own = paragraphs(doc.text, anchor.heading_span[1], own_text_span(anchor)[1] if headings else anchor.span[1])
        numbered = from_numbered_paragraphs(own, kind)
        if numbered:
            return FoundOutline(tuple(numbered), tuple(titles), span, "numbered")
        inline = from_inline_list(own)
        if inline:
            return FoundOutline(tuple(inline), tuple(titles), span, "inline")
        if len(sections) >= 2:
            return FoundOutline(tuple(sections), tuple(titles), span, "labels")
    for line in _cue_lines(doc):
        titles = []
        region, _ = _sections_after(doc.root.children, line.start + len(line.text))
        sections = _flatten_wrappers(from_sections(doc.text, region), titles)
        if sum(1 for s in sections for _ in s.walk()) >= 2:
            return FoundOutline(tuple(sections), tuple(titles), (line.start, _region_end(region, len(doc.text))), "headings")
    inline = from_inline_list(paragraphs(doc.text))
    if inline:
        return FoundOutline(tuple(inline), (), None, "inline")
    return FoundOutline((), (), None, "")


def _report_title(subject: str, title_lines: list[str]) -> str:
    """What the report is about: the directive's "V/v báo cáo …" without "báo cáo", else the outline's title line."""
    folded = fold_diacritics(subject)
    m = re.match(r"^(?:v/v\s+)?(?:de nghi\s+|yeu cau\s+|huong dan\s+)?(?:xay dung\s+)?bao cao\s+", folded)
    if m:
        rest = subject[m.end():].strip()
        return rest[:1].upper() + rest[1:]
    for line in title_lines:
        if find_period(line) or classify_kind(line) is SectionKind.KET_QUA:
            return line
    return subject[:1].upper() + subject[1:] if subject else ""


def _preamble(doc: Document) -> list[str]:
    assert doc.root is not None
    start = min((c.span[0] for c in doc.root.children), default=len(doc.text))
    return [p.text for p in paragraphs(doc.text, 0, start)]


def skeleton_from_directive(doc: Document) -> ReportSkeleton:
    found = find_outline(doc)
    sections, title_lines, region = list(found.sections), list(found.title_lines), found.span
    ref = directive_reference(doc, issuer(doc, _preamble(doc)))
    request = read_request(doc, exclude=region)
    if request.deadline is None and not request.recipient and region:
        request = read_request(doc)  # a directive that states the deadline only in its appendix

    period = find_period(ref.subject) or next((p for p in map(find_period, title_lines) if p), None) \
        or find_period(request.sentence)
    # not ingestion's ``period``: for a công văn it comes from the date line ("ngày … tháng 9 năm 2025")
    period_text = period.text if period else ""
    report_type = period.report_type if period else ""
    if "tong ket" in fold_diacritics(ref.subject):
        report_type = "tong_ket_nam"
    topic = _report_title(ref.subject, title_lines)

    notes: list[str] = []
    asks_for_report = bool(sections) or "bao cao" in fold_diacritics(ref.subject) or request.deadline is not None
    if not asks_for_report:
        notes.append("Văn bản không nêu yêu cầu báo cáo (không có đề cương, nội dung báo cáo hay thời hạn gửi): "
                     "hãy kiểm tra lại văn bản chỉ đạo.")
    if not period_text:
        notes.append("Văn bản không nêu kỳ báo cáo: hãy nhập kỳ báo cáo.")
    if not sections:
        fallback_type = report_type or "so_ket_6_thang"
        sections = list(default_outline(fallback_type, period_text).sections)
        notes.append(f"Văn bản không quy định đề cương báo cáo: dùng đề cương mặc định «{outline_name(fallback_type)}».")
    tables: list[IndicatorTable] = indicator_tables(doc, region[0]) if region else []
    tables = tables or indicator_tables(doc)
    if not tables:
        notes.append("Không thấy biểu mẫu chỉ tiêu trong văn bản.")
    elif len(tables) > 1:
        notes.append(f"Văn bản có {len(tables)} bảng chỉ tiêu: đã đọc bảng đầu tiên ({len(tables[0].indicators)} chỉ tiêu).")
    if request.deadline is None:
        notes.append("Không thấy thời hạn gửi báo cáo.")
    recipients = (request.recipient or ref.issuer,) if (request.recipient or ref.issuer) else ()
    if not request.recipient and ref.issuer:
        notes.append(f"Không thấy nơi nhận báo cáo: tạm ghi cơ quan ban hành ({ref.issuer}).")
    return ReportSkeleton(
        source=doc.source, origin="directive", report_type=report_type,
        title=title_with_period(topic, period_text) if topic else "",
        recipients=recipients, deadline=request.deadline, directive=ref, period=period_text,
        sections=tuple(sections),
        indicators=tuple(i for t in tables[:1] for i in t.indicators),
        columns=tables[0].columns if tables else (), notes=tuple(notes),
    )
