"""The report body: numbered headings and justified paragraphs.

Numbering is literal text ("II.", "2.", "1.1.", "a)") in a real "Heading N"
paragraph: the officer edits it like any text, Word never renumbers it, and the
heading level is visible to the corpus loader and to Word's navigation pane.
"""

from __future__ import annotations

import re
from typing import Callable

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from assistant.export.layout import HEADING_WEIGHTS, ND30, Nd30Layout
from assistant.export.text import add_run, count_invalid_chars, xml_safe
from assistant.report import ReportSection

_ROMAN = re.compile(r"^[IVXLC]+\.?$")
_PART = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+\S+$|^[A-Z]\.$")
_ARABIC = re.compile(r"^\d+\.?$")
_DOTTED = re.compile(r"^\d+(?:\.\d+)+\.?$")
_LETTER = re.compile(r"^[a-zđ]\)$")


def heading_level(label: str, depth: int) -> int:
    """Heading level from the numbering form; ``depth`` (1-based) decides for unknown forms."""
    label = label.strip()
    if _ROMAN.match(label) or _PART.match(label):
        return 1
    if _ARABIC.match(label):
        return 2
    if _DOTTED.match(label):
        return 3 if label.rstrip(".").count(".") == 1 else 4
    if _LETTER.match(label):
        return 4
    return min(max(depth, 1), 4)


def heading_text(section: ReportSection, level: int) -> str:
    """Label and heading; the roman level is written upper case (the conventional weight)."""
    heading = xml_safe(section.heading).strip()
    if level == 1:
        heading = heading.upper()
    return f"{xml_safe(section.label).strip()} {heading}".strip()


def add_sections(
    doc: DocxDocument,
    sections: list[ReportSection],
    transform: Callable[[str], str],
    warnings: list[str],
    layout: Nd30Layout = ND30,
) -> None:
    """Write the section tree; ``transform`` rewrites paragraph text (citation markers)."""

    def visit(section: ReportSection, depth: int) -> None:
        level = heading_level(section.label, depth)
        bold, italic = HEADING_WEIGHTS[level]
        p = doc.add_paragraph(style=f"Heading {level}")
        add_run(p, heading_text(section, level), layout.body_pt, bold=bold, italic=italic, layout=layout)
        name = xml_safe(section.title) or "(không tên)"
        paragraphs = [t for t in section.paragraphs if xml_safe(t).strip()]
        if not paragraphs and not section.children:
            warnings.append(f"Mục {name} chưa có nội dung.")
        bad = sum(count_invalid_chars(t) for t in [section.label, section.heading, *paragraphs])
        if bad:
            warnings.append(f"Mục {name}: đã bỏ {bad} ký tự điều khiển không hợp lệ (thường do dán từ PDF).")
        for text in paragraphs:
            add_body_paragraph(doc, transform(xml_safe(text).strip()), layout)
        for child in section.children:
            visit(child, depth + 1)

    for section in sections:
        visit(section, 1)


def add_body_paragraph(doc: DocxDocument, text: str, layout: Nd30Layout = ND30):
    """Justified body text, first-line indent, 6 pt after, line spacing from the layout."""
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.first_line_indent = Cm(layout.first_line_indent_cm)
    pf.space_before = Pt(0)
    pf.space_after = Pt(layout.paragraph_space_pt)
    pf.line_spacing = layout.line_spacing
    add_run(p, text, layout.body_pt, layout=layout)
    return p
