"""A skeleton as the shared Report model: empty sections to draft into, the indicator table to fill.

The drafting step and the export work on ``assistant.report.Report``; this builds one from a
skeleton so a report can start from a directive or last period's report. The header comes from
the commune's settings (``report_header``) with the skeleton's trích yếu and kính gửi. The Report's
indicator table has no kỳ trước column: last period's values stay on the skeleton
(``SkeletonIndicator.previous``) for the facts screen to offer.
"""

from __future__ import annotations

from assistant.outline.types import ReportSkeleton, SkeletonSection
from assistant.report.header import commune_name, report_header
from assistant.report.model import IndicatorRow, IndicatorTable, Report, ReportSection
from assistant.settings import CommuneHeader


def _section(section: SkeletonSection) -> ReportSection:
    return ReportSection(section.numbering, section.title, section.kind.value,
                         children=[_section(c) for c in section.children])


def _table(skeleton: ReportSkeleton) -> IndicatorTable | None:
    if not skeleton.indicators:
        return None
    rows: list[IndicatorRow] = []
    group, groups = None, 0
    for n, indicator in enumerate(skeleton.indicators, start=1):
        if indicator.group and indicator.group != group:
            groups += 1
            rows.append(IndicatorRow(tt=_roman(groups), name=indicator.group, is_group=True))
        group = indicator.group
        rows.append(IndicatorRow(tt=indicator.numbering or str(n), name=indicator.name, unit=indicator.unit,
                                 target=indicator.target or None))
    return IndicatorTable(rows=rows)


def _roman(n: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")[n - 1] if 0 < n <= 10 else str(n)


def report_from_skeleton(skeleton: ReportSkeleton, commune: CommuneHeader, commune_name: str = "") -> Report:
    """The report to write, laid out as the skeleton says (nothing drafted yet)."""
    overrides = {"recipients": list(skeleton.recipients)} if skeleton.recipients else {}
    header = report_header(commune, commune=commune_name, title=skeleton.title, period=skeleton.period,
                           overrides=overrides)
    return Report(header=header, opening=opening_paragraph(skeleton, header.organ),
                  sections=[_section(s) for s in skeleton.sections], table=_table(skeleton))


def opening_paragraph(skeleton: ReportSkeleton, organ: str) -> str:
    """The căn cứ sentence of a report that answers a directive: "Thực hiện Công văn số … ngày … của
    … về việc …, Ủy ban nhân dân xã Tân Hòa báo cáo như sau:"; "" when the skeleton names none.
    ``organ`` is the header's organ line ("XÃ TÂN HÒA"), so the sentence names the issuing commune."""
    if skeleton.directive is None:
        return ""
    name = commune_name(organ)
    who = f"Ủy ban nhân dân {name.unit} {name.name}".strip()
    return f"{skeleton.directive.opening_line}, {who} báo cáo như sau:"
