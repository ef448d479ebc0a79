"""Closing block: "Nơi nhận" bottom-left, signature bottom-right (Phụ lục I, mục II.7 and II.9)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from assistant.export.header_block import punctuate_list
from assistant.export.layout import ND30, Nd30Layout
from assistant.export.ooxml import cant_split_row, set_cell_margins, table_borders_off, table_fixed_layout
from assistant.export.text import add_run, set_line_format, xml_safe
from assistant.report import ReportHeader


def add_closing(doc: DocxDocument, header: ReportHeader, layout: Nd30Layout = ND30) -> None:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_fixed_layout(table)
    table_borders_off(table)
    set_cell_margins(table, 0, 0)
    row = table.rows[0]
    cant_split_row(row)  # the signature never starts on one page and ends on the next
    left, right = row.cells
    for cell, width in ((left, layout.closing_left_mm), (right, layout.closing_right_mm)):
        cell.width = Mm(width)
    for col, width in zip(table.columns, (layout.closing_left_mm, layout.closing_right_mm)):
        col.width = Mm(width)

    # Nơi nhận: "Nơi nhận:" 12 pt bold italic, then "- item" lines 11 pt.
    p = left.paragraphs[0]
    set_line_format(p, WD_ALIGN_PARAGRAPH.LEFT, space_before=6)
    add_run(p, "Nơi nhận:", layout.cc_heading_pt, bold=True, italic=True, layout=layout)
    items = [xml_safe(i).strip() for i in header.cc if xml_safe(i).strip()]
    for item in punctuate_list(items):
        item = item[1:].strip() if item.startswith("-") else item
        p = left.add_paragraph()
        set_line_format(p, WD_ALIGN_PARAGRAPH.LEFT)
        add_run(p, f"- {item}", layout.cc_item_pt, layout=layout)

    # Signature: authority lines and title upper case bold, space for the signature and seal, name bold.
    lines = [a for a in header.authority if xml_safe(a).strip()] + (
        [header.signer_title] if header.signer_title.strip() else []
    )
    first = True
    for line in lines:
        p = right.paragraphs[0] if first else right.add_paragraph()
        set_line_format(p, WD_ALIGN_PARAGRAPH.CENTER, space_before=6 if first else 0)
        add_run(p, line.upper(), layout.authority_pt, bold=True, layout=layout)
        first = False
    p = right.paragraphs[0] if first else right.add_paragraph()
    set_line_format(p, WD_ALIGN_PARAGRAPH.CENTER, space_before=layout.signature_space_pt)
    add_run(p, header.signer_name, layout.signer_name_pt, bold=True, layout=layout)
