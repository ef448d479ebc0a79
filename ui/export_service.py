"""Assemble a workspace into the shared ``Report`` model and export it as .docx.

Assembly (written here because no package function builds a Report from saved drafts
yet — reported to the lead): the usual skeleton (``default_skeleton``), each
*accepted* draft placed in the section of its kind, paragraphs split on blank
lines, citation markers renumbered report-wide (each draft numbers its sources
from [1]), the indicator table from the facts, and the header from
``settings.header`` with the report's overrides.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.draft.types import DANH_GIA_CHUNG
from assistant.export import ExportOptions, export_report
from assistant.facts.numbers import format_number
from assistant.report import (
    Citation,
    IndicatorRow,
    IndicatorTable,
    Report,
    ReportSection,
    default_skeleton,
    header_from_settings,
)
from assistant.settings import Settings
from assistant.workspace import WorkspaceStore
from ui.facts_service import FactsService

_MARKER = re.compile(r"\[(\d{1,3})\]")

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


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


def _prune(sections: list[ReportSection]) -> list[ReportSection]:
    kept = []
    for s in sections:
        s.children = _prune(s.children)
        if s.paragraphs or s.children:
            kept.append(s)
    return kept


def fold_key(text: str) -> str:
    """Lower case without diacritics, for comparing names written with different tone placement."""
    return _slug(text).lower()


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(c for c in folded if unicodedata.category(c) != "Mn")
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")[:60] or "bao_cao"


class ExportService:
    def __init__(self, settings: Settings, store: WorkspaceStore, facts: FactsService):
        self.settings = settings
        self.store = store
        self.facts = facts

    def header_values(self, owner: str, report_id: int) -> dict[str, str]:
        """The header fields as shown in the form: settings defaults overlaid by the report's overrides."""
        report = self.store.get_report(owner, report_id)
        header = header_from_settings(self.settings.header)
        values: dict[str, Any] = {name: getattr(header, name) for name in HEADER_FIELDS}
        if report.commune and fold_key(report.commune) not in fold_key(header.organ):
            # settings.header is one commune's; a report of another commune names its own organ and place.
            values["organ"] = f"XÃ {report.commune.upper()}"
            values["place"] = report.commune
        values["title"] = report.title if report.title != "Báo cáo mới" else ""
        if report.period and values["title"] and report.period not in values["title"]:
            values["title"] = f"{values['title']} {report.period}"
        values.update(report.header_overrides)
        return {k: "\n".join(v) if isinstance(v, (list, tuple)) else str(v or "") for k, v in values.items()}

    def save_header(self, owner: str, report_id: int, form: dict[str, str]) -> None:
        overrides: dict[str, Any] = {}
        for name, value in form.items():
            if name not in HEADER_FIELDS:
                raise ValueError(f"Trường «{name}» không có; hợp lệ: {', '.join(HEADER_FIELDS)}")
            value = (value or "").strip()
            overrides[name] = [line.strip() for line in value.splitlines() if line.strip()] if name in LIST_FIELDS else value
        header_from_settings(self.settings.header, **overrides)  # validates; raises ReportValidationError
        self.store.update_report(owner, report_id, header_overrides=overrides)

    def assemble(self, owner: str, report_id: int) -> tuple[Report, list[str]]:
        """The Report for a workspace and notes for the officer (e.g. nothing accepted yet)."""
        info = self.store.get_report(owner, report_id)
        form = self.header_values(owner, report_id)
        overrides = {k: ([x for x in v.splitlines() if x.strip()] if k in LIST_FIELDS else v) for k, v in form.items()}
        header = header_from_settings(self.settings.header, **overrides)
        report = default_skeleton(header, period=info.period)
        by_kind = {s.kind: s for s in report.walk()}
        evaluation = next(s for s in report.sections if s.label == "II.")
        notes: list[str] = []
        citations: list[Citation] = []
        accepted = [d for d in self.store.list_drafts(owner, report_id) if d.status == "accepted"]
        if not accepted:
            notes.append("Chưa có mục nào được đưa vào báo cáo: hãy bấm «Đưa vào báo cáo» ở màn hình Soạn báo cáo.")
        for draft in accepted:
            mapping: dict[int, int] = {}
            for c in draft.citations:
                mapping[int(c["marker"])] = len(citations) + 1
                span = c.get("span")
                citations.append(Citation(marker=mapping[int(c["marker"])], source=str(c.get("source", "")),
                                          section_path=str(c.get("section_path", "")),
                                          span=tuple(span) if span else None))
            text = _MARKER.sub(lambda m: f"[{mapping[int(m.group(1))]}]" if int(m.group(1)) in mapping else "",
                               draft.text)
            target = evaluation if draft.section_kind == DANH_GIA_CHUNG else by_kind.get(draft.section_kind)
            if target is None:
                notes.append(f"Mục «{draft.title}» không có chỗ trong khung báo cáo; đã đặt vào phần I.")
                target = report.sections[0]
            target.paragraphs.extend(_paragraphs(text))
        facts, _ = self.facts.factset(self.store.get_facts(owner, report_id), info.commune, info.period)
        table_rows = [
            IndicatorRow(
                tt=str(i), name=f.name, unit=f.unit or "",
                target=None if f.target is None else (f"{f.target_op} {format_number(f.target)}" if f.target_op else f.target),
                result=f.value if f.denominator is None else f"{format_number(f.value)}/{format_number(f.denominator)}",
            )
            for i, f in enumerate(facts, start=1)
        ]
        report = replace(report, sections=_prune(report.sections), citations=citations,
                         table=IndicatorTable(rows=table_rows) if table_rows else None)
        return report, notes

    def preview_markdown(self, owner: str, report_id: int) -> str:
        report, notes = self.assemble(owner, report_id)
        h = report.header
        lines = [f"**{h.organ_parent}** / **{h.organ}** — {h.doc_number}", "",
                 f"### {h.doc_type}", f"**{h.title}**" if h.title else "_(chưa có trích yếu)_", ""]
        if h.recipients:
            lines += ["Kính gửi: " + "; ".join(h.recipients), ""]
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
        report, notes = self.assemble(owner, report_id)
        info = self.store.get_report(owner, report_id)
        name = f"{_slug(info.title)}_{'ban_cuoi' if final else 'ban_lam_viec'}.docx"
        out = Path(tempfile.mkdtemp(prefix="xuat_")) / name
        result = export_report(report, out, ExportOptions(final=final))
        return result.path, notes + list(result.warnings)
