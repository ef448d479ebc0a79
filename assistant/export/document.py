"""Report → .docx, in the order the decree lays a report out."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document

from assistant.export.body import add_body_paragraph, add_sections
from assistant.export.citations import CitationMode, add_reference_list, transform_for
from assistant.export.closing import add_closing
from assistant.export.header_block import add_header_block
from assistant.export.indicator_table import add_indicator_table
from assistant.export.layout import ND30, Nd30Layout, setup_page, setup_styles
from assistant.export.page_numbers import add_page_numbers
from assistant.report import Report


@dataclass(frozen=True)
class ExportOptions:
    """``final`` is the version for signing; ``citations`` overrides its default marker handling."""

    final: bool = False
    citations: CitationMode | None = None

    @property
    def citation_mode(self) -> CitationMode:
        if self.citations is not None:
            return self.citations
        return CitationMode.DROP if self.final else CitationMode.REFERENCES


@dataclass
class ExportResult:
    path: Path
    warnings: list[str] = field(default_factory=list)  # Vietnamese, for the officer


def build_document(report: Report, options: ExportOptions = ExportOptions(), layout: Nd30Layout = ND30):
    """The python-docx Document and the warnings met while building it."""
    warnings: list[str] = []
    doc = Document()
    setup_page(doc, layout)
    setup_styles(doc, layout)
    # The default template starts with no paragraphs in the body; the header table comes first.
    add_header_block(doc, report.header, layout)
    mode = options.citation_mode
    if report.opening.strip():
        add_body_paragraph(doc, report.opening.strip(), layout)
    add_sections(doc, report.sections, transform_for(mode), warnings, layout)
    if report.table is not None and report.table.rows:
        add_indicator_table(doc, report.table, warnings, layout)
    if mode is CitationMode.REFERENCES:
        add_reference_list(doc, report.citations, layout)
    add_closing(doc, report.header, layout)
    add_page_numbers(doc, layout)
    return doc, warnings


def export_report(report: Report, out: Path, options: ExportOptions = ExportOptions()) -> ExportResult:
    """Write ``report`` to ``out`` (.docx). The file is written whole or not at all (temp file + rename)."""
    out = Path(out)
    doc, warnings = build_document(report, options)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".docx", dir=out.parent)
    os.close(fd)
    try:
        doc.save(tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return ExportResult(out, warnings)
