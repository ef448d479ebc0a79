"""The commune's previous report of a series → the skeleton of this period's report.

Each period's report is the previous one brought up to date: same section tree (with kinds),
same indicators — last period's values become the kỳ trước column —, same kính gửi, and the
trích yếu with the period replaced by the new one (the next period of the series unless given).
"""

from __future__ import annotations

import re

from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.types import Document
from assistant.outline.indicators import indicator_tables
from assistant.outline.periods import Period, find_period, replace_period, shifted
from assistant.outline.tree import from_sections, paragraphs
from assistant.outline.types import ReportSkeleton, SkeletonIndicator, SkeletonSection
from assistant.report.header import title_with_period

_KINH_GUI = re.compile(r"^k[ií]nh\s+g[uử]i\s*:?\s*", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^[-+•–]\s*")


def recipients_of(doc: Document) -> tuple[str, ...]:
    """The "Kính gửi:" recipients: on its line ("A; B.") or as the list lines after it ("- A;")."""
    assert doc.root is not None
    start = min((c.span[0] for c in doc.root.children), default=len(doc.text))
    paras = paragraphs(doc.text, 0, start) or paragraphs(doc.text)[:40]
    for i, p in enumerate(paras):
        folded = fold_diacritics(p.text)
        if not folded.startswith("kinh gui"):
            continue
        rest = _KINH_GUI.sub("", p.text).strip()
        items = [rest] if rest else []
        for q in paras[i + 1:]:
            if not _LIST_ITEM.match(q.text):
                break
            items.append(_LIST_ITEM.sub("", q.text))
        out = [x.strip().rstrip(";,.").strip() for item in items for x in item.split(";")]
        return tuple(x for x in out if x)
    return ()


def _renamed(section: SkeletonSection, old: Period | None, new: str) -> SkeletonSection:
    """The section with the periods in its heading moved on as the report's period moved: with
    quý III/2025 → quý IV/2025, "I. KẾT QUẢ … QUÝ III/2025" → "QUÝ IV/2025" and "III. NHIỆM VỤ
    QUÝ IV/2025" → "QUÝ I/2026"; with 6 tháng đầu năm 2026 → 2027, "6 THÁNG CUỐI NĂM 2026" → 2027."""
    title = section.title
    found, new_period = find_period(title), find_period(new)
    if found and old and new_period:
        moved = shifted(found, old, new_period)
        if moved is None and (found.kind, found.year, found.number) == (old.kind, old.year, old.number):
            moved = new_period  # "5 tháng đầu năm" → "6 tháng đầu năm": another kind, same place
        if moved is not None:
            title = replace_period(title, moved.text.upper() if title.isupper() else moved.text)
    children = tuple(_renamed(c, old, new) for c in section.children)
    return SkeletonSection(section.numbering, title, section.kind, children, "")


def skeleton_from_report(doc: Document, period: str = "") -> ReportSkeleton:
    """``period`` is the new report's period; by default the one after the previous report's."""
    assert doc.root is not None
    # Only the trích yếu says which period a report covers (ingestion's ``period`` may come from the
    # date line: "ngày … tháng … năm 2026" is not "năm 2026").
    in_title = find_period(doc.title)
    old = in_title
    new_period = " ".join(period.split()) or (old.next().text if old else "")
    notes: list[str] = []
    if not new_period:
        notes.append("Không xác định được kỳ báo cáo của báo cáo trước: hãy nhập kỳ báo cáo mới.")
    title = doc.title
    if in_title and new_period:
        title = replace_period(doc.title, new_period)
    elif new_period:
        title = title_with_period(doc.title, new_period)

    sections = tuple(_renamed(s, old, new_period) for s in from_sections(doc.text, doc.root.children, list_items=False))
    tables = indicator_tables(doc)
    indicators: tuple[SkeletonIndicator, ...] = ()
    columns: tuple[str, ...] = ()
    if tables:
        table = tables[0]
        indicators = tuple(
            SkeletonIndicator(i.name, i.unit, i.group, i.target, previous=result or i.previous, numbering=i.numbering)
            for i, result in zip(table.indicators, table.results)
        )
        columns = table.columns
    else:
        notes.append("Báo cáo trước không có bảng chỉ tiêu: bảng kỳ này bắt đầu trống.")
    typed = find_period(new_period) or old
    return ReportSkeleton(
        source=doc.source, origin="previous_report", report_type=typed.report_type if typed else "",
        title=title, recipients=recipients_of(doc), period=new_period, previous_period=old.text if old else "",
        sections=sections,
        indicators=indicators, columns=columns, notes=tuple(notes),
    )
