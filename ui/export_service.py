"""The export screen's adapter: header form ↔ report header, assembly, .docx.

The rules live in the package: ``assistant.report.report_header`` (settings + the report's
commune, title and overrides) and ``assistant.report.assemble_report`` (skeleton, placement of
accepted drafts, citations renumbered report-wide, indicator table). This module only converts
workspace records into their inputs and the header into form fields.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from assistant.export import ExportOptions, export_report
from assistant.facts.numbers import format_number
from assistant.ingest.normalize import fold_diacritics
from assistant.outline import ReportSkeleton, opening_paragraph, report_from_skeleton
from assistant.report import (
    AcceptedSection,
    AssembledReport,
    Citation,
    Report,
    ReportHeader,
    assemble_report,
    header_from_settings,
    header_to_dict,
    indicator_table,
    report_header,
)
from assistant.settings import Settings
from assistant.workspace import NEW_REPORT_TITLE, DraftRecord, ReportInfo, WorkspaceStore
from assistant.workspace.facts import previous_period_of
from ui.facts_service import FactsService
from ui.scratch import scratch_dir

# Header fields the officer may override per report, with their labels on the export screen.
HEADER_FIELDS = {
    "organ_parent": "Cơ quan chủ quản / dòng trên",
    "organ": "Cơ quan ban hành",
    "doc_number": "Số, ký hiệu",
    "place": "Địa danh",
    "title": "Trích yếu",
    "recipients": "Kính gửi (mỗi dòng một nơi)",
    "cc": "Nơi nhận (mỗi dòng một nơi)",
    "authority": "Quyền hạn ký (TM./KT., mỗi dòng một dòng)",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Người ký",
}
LIST_FIELDS = ("recipients", "cc", "authority")


def file_stem(title: str) -> str:
    """An ASCII file name for the download ("Báo cáo quý I" → "bao_cao_quy_i")."""
    return re.sub(r"[^a-z0-9]+", "_", fold_diacritics(title)).strip("_")[:60] or "bao_cao"


def accepted_section(draft: DraftRecord) -> AcceptedSection:
    """A saved draft as the report model's input (the workspace keeps citations as plain dicts)."""
    citations = tuple(
        Citation(marker=int(c["marker"]), source=str(c.get("source", "")), section_path=str(c.get("section_path", "")),
                 span=tuple(c["span"]) if c.get("span") else None)
        for c in draft.citations if "marker" in c
    )
    return AcceptedSection(kind=draft.section_kind, text=draft.text, title=draft.title, citations=citations,
                           path=draft.section_path)


def report_text(report: Report) -> tuple[str, list[tuple[int, int, str]]]:
    """The assembled report as plain text — headings, paragraphs, then the appendix as a tab table —
    for the consistency checker, and (start, end, section title) of each section's paragraphs."""
    parts: list[str] = []
    places: list[tuple[int, int, str]] = []
    pos = 0
    if report.opening:  # the directive's number and date are checked with the rest
        parts.append(report.opening + "\n")
        places.append((0, len(parts[0]), "Phần mở đầu"))
        pos = len(parts[0])
    for section in report.walk():
        block = "\n".join([section.title, *section.paragraphs]) + "\n"
        places.append((pos, pos + len(block), section.title))
        parts.append(block)
        pos += len(block)
    if report.table is not None:
        lines = ["TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả"]
        for row in report.table.rows:
            cells = [row.tt, row.name, row.unit, _cell(row.target), _cell(row.result)]
            lines.append("\t".join(cells))
        parts.append("\n".join(lines) + "\n")
    return "".join(parts), places


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return format_number(value) if isinstance(value, Decimal) else str(value)


def _form_value(value: Any) -> str:
    return "\n".join(value) if isinstance(value, (list, tuple)) else str(value or "")


class ExportService:
    def __init__(self, settings: Settings, store: WorkspaceStore, facts: FactsService):
        self.settings = settings
        self.store = store
        self.facts = facts

    def _header_of(self, info: ReportInfo, overrides: dict[str, Any] | None) -> ReportHeader:
        title = "" if info.title == NEW_REPORT_TITLE else info.title
        return report_header(self.settings.header, commune=info.commune, title=title, period=info.period,
                             overrides=overrides)

    def header(self, owner: str, report_id: int) -> ReportHeader:
        """The report's header: settings adapted to its commune, title and period, then the officer's overrides."""
        info = self.store.get_report(owner, report_id)
        return self._header_of(info, info.header_overrides)

    def header_values(self, owner: str, report_id: int) -> dict[str, str]:
        """The header fields as shown in the form."""
        data = header_to_dict(self.header(owner, report_id))
        return {name: _form_value(data[name]) for name in HEADER_FIELDS}

    def save_header(self, owner: str, report_id: int, form: dict[str, str]) -> None:
        """Keep as overrides only the fields that differ from the computed header.

        A field left as computed follows later changes of the report (commune, title, period) and
        of the settings; a field put back to the computed value loses its override. Overrides of
        fields the form does not show (e.g. the date) are kept.
        """
        info = self.store.get_report(owner, report_id)
        computed = header_to_dict(self._header_of(info, None))
        overrides = {k: v for k, v in info.header_overrides.items() if k not in HEADER_FIELDS}
        for name, value in form.items():
            if name not in HEADER_FIELDS:
                raise ValueError(f"Trường «{name}» không có; hợp lệ: {', '.join(HEADER_FIELDS)}")
            value = (value or "").strip()
            parsed = [line.strip() for line in value.splitlines() if line.strip()] if name in LIST_FIELDS else value
            if parsed != computed[name]:
                overrides[name] = parsed
        header_from_settings(self.settings.header, **overrides)  # validates; raises ReportValidationError
        self.store.update_report(owner, report_id, header_overrides=overrides)

    def assemble(self, owner: str, report_id: int) -> AssembledReport:
        """The Report of a workspace (accepted drafts in the order they were drafted) and notes for the officer."""
        info = self.store.get_report(owner, report_id)
        accepted = [accepted_section(d) for d in self.store.list_drafts(owner, report_id) if d.status == "accepted"]
        facts, _ = self.facts.factset(self.store.get_facts(owner, report_id), info.commune, info.period,
                                      previous_period_of(info))
        header = self._header_of(info, info.header_overrides)
        # A report started from a directive or last period's report keeps that outline, every heading.
        outline = None
        if info.skeleton:
            skeleton = ReportSkeleton.from_dict(info.skeleton)
            # The căn cứ sentence names the organ as the officer set it in the header.
            outline = replace(report_from_skeleton(skeleton, self.settings.header, info.commune),
                              opening=opening_paragraph(skeleton, header.organ))
        result = assemble_report(header, accepted, period=info.period, table=indicator_table(facts),
                                 outline=outline)
        if not accepted:
            result.notes[:] = ["Chưa có mục nào được đưa vào báo cáo: hãy bấm «Đưa vào báo cáo» "
                               "ở màn hình Soạn báo cáo."]
        return result

    def preview_markdown(self, owner: str, report_id: int) -> str:
        assembled = self.assemble(owner, report_id)
        report, notes = assembled.report, assembled.notes
        h = report.header
        lines = [f"**{h.organ_parent}** / **{h.organ}** — {h.doc_number}", "",
                 f"### {h.doc_type}", f"**{h.title}**" if h.title else "_(chưa có trích yếu)_", ""]
        if h.recipients:
            lines += ["Kính gửi: " + "; ".join(h.recipients), ""]
        if report.opening:
            lines += [report.opening, ""]
        for section in report.walk():
            lines += [f"**{section.title}**", ""]
            for paragraph in section.paragraphs:
                lines += [paragraph, ""]
        if report.table:
            lines.append(f"_Phụ lục: {len(report.table.rows)} chỉ tiêu._")
        if report.citations:
            lines.append(f"_Tài liệu tham khảo: {len(report.citations)} nguồn (chỉ in ở bản làm việc)._")
        lines += [f"> {n}" for n in notes]
        return "\n".join(lines)

    def export(self, owner: str, report_id: int, final: bool) -> tuple[Path, list[str]]:
        assembled = self.assemble(owner, report_id)
        info = self.store.get_report(owner, report_id)
        name = f"{file_stem(info.title)}_{'ban_cuoi' if final else 'ban_lam_viec'}.docx"
        out = scratch_dir(self.settings, "xuat_") / name
        result = export_report(assembled.report, out, ExportOptions(final=final))
        return result.path, assembled.notes + list(result.warnings)
