"""Page numbers: Arabic, centred in the top margin, not shown on the first page (Phụ lục I, mục I.7)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from assistant.export.layout import ND30, Nd30Layout
from assistant.export.ooxml import add_page_field


def add_page_numbers(doc: DocxDocument, layout: Nd30Layout = ND30) -> None:
    """PAGE field in the default header; an empty first-page header (``w:titlePg`` set by setup_page)."""
    for section in doc.sections:
        section.different_first_page_header_footer = True
        first = section.first_page_header
        first.is_linked_to_previous = False  # creates an explicit, empty first-page header part
        header = section.header
        header.is_linked_to_previous = False
        p = header.paragraphs[0]
        pf = p.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
        pf.first_line_indent = Cm(0)
        pf.space_after = Pt(0)
        add_page_field(p, layout.page_number_pt, layout.font)
