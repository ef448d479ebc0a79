"""The first-page header: organ and Quốc hiệu table, "BÁO CÁO", trích yếu, "Kính gửi".

Positions follow the decree's layout sketch (Phụ lục I, mục IV "Sơ đồ bố trí các
thành phần thể thức"): organ name and số ký hiệu top-left, Quốc hiệu/Tiêu ngữ
and địa danh/ngày top-right, tên loại and trích yếu centred below them.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph

from assistant.export.layout import ND30, Nd30Layout
from assistant.export.ooxml import paragraph_bottom_rule, set_cell_margins, table_borders_off, table_fixed_layout
from assistant.export.text import add_run, set_line_format, xml_safe
from assistant.report import ReportDate, ReportHeader

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BLANK_DATE_PART = "……"  # officers fill day and month by hand at signing

_PT_PER_MM = 72 / 25.4


def estimate_text_width_pt(text: str, size_pt: float) -> float:
    """Rough width of ``text`` in Times New Roman bold (em fractions measured on Liberation Serif Bold).

    Only used to size the short rules under header lines, where a few points
    do not matter; it avoids shipping font metrics.
    """
    em = 0.0
    for ch in text:
        if ch.isspace():
            em += 0.25
        elif ch.isupper():
            em += 0.68
        elif ch.isalnum():
            em += 0.45
        else:
            em += 0.33
    return em * size_pt


def _cell_paragraph(paragraph: Paragraph) -> Paragraph:
    return set_line_format(paragraph, WD_ALIGN_PARAGRAPH.CENTER)


def _centred_rule(paragraph: Paragraph, column_pt: float, rule_pt: float) -> None:
    """Turn an empty ``paragraph`` into a rule ``rule_pt`` long, centred in a column ``column_pt`` wide.

    The rule is the paragraph's bottom border; its indents set the length. It is a
    paragraph of its own so the indents never squeeze the text above it.
    """
    side = max(0.0, (column_pt - rule_pt) / 2)
    pf = paragraph.paragraph_format
    pf.left_indent = Pt(side)
    pf.right_indent = Pt(side)
    pf.first_line_indent = Pt(0)
    pf.space_before = Pt(0)
    pf.line_spacing = Pt(3)  # exact 3 pt line: the rule sits just under the text above
    paragraph.add_run("").font.size = Pt(2)
    paragraph_bottom_rule(paragraph)


def format_place_date(place: str, date: ReportDate) -> str:
    """"Minh Khê, ngày 05 tháng 3 năm 2026"; blank parts stay as dotted places.

    Day below 10 and months 1–2 are written with a leading zero (Phụ lục I, mục II.4.b).
    """
    day = f"{date.day:02d}" if date.day else BLANK_DATE_PART
    month = (f"{date.month:02d}" if date.month <= 2 else str(date.month)) if date.month else BLANK_DATE_PART
    year = str(date.year) if date.year else BLANK_DATE_PART
    text = f"ngày {day} tháng {month} năm {year}"
    return f"{place.strip()}, {text}" if place.strip() else text[0].upper() + text[1:]


def add_header_block(doc: DocxDocument, header: ReportHeader, layout: Nd30Layout = ND30) -> None:
    left_pt = layout.header_left_mm * _PT_PER_MM
    right_pt = layout.header_right_mm * _PT_PER_MM

    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_fixed_layout(table)
    table_borders_off(table)
    set_cell_margins(table, 0, 0)
    for row in table.rows:
        row.cells[0].width = Mm(layout.header_left_mm)
        row.cells[1].width = Mm(layout.header_right_mm)
    for col, width in zip(table.columns, (layout.header_left_mm, layout.header_right_mm)):
        col.width = Mm(width)

    # Top-left: organ name. The governing body line is upright; the issuing body is bold (mục II.2).
    organ_cell = table.cell(0, 0)
    lines = [
        (header.organ_parent, not header.parent_is_governing_body),
        (header.organ, True),
    ]
    lines = [(text.upper(), bold) for text, bold in lines if text.strip()]
    for i, (text, bold) in enumerate(lines):
        p = _cell_paragraph(organ_cell.paragraphs[0] if i == 0 else organ_cell.add_paragraph())
        add_run(p, text, layout.organ_pt, bold=bold, layout=layout)
    if lines:
        # Rule 1/3–1/2 of the organ line, centred (mục II.2): we take 1/2 of the longest line.
        longest = max(estimate_text_width_pt(t, layout.organ_pt) for t, _ in lines)
        _centred_rule(_cell_paragraph(organ_cell.add_paragraph()), left_pt, longest / 2)

    # Top-right: Quốc hiệu and Tiêu ngữ; rule under the Tiêu ngữ as long as the text (mục II.1).
    nat_cell = table.cell(0, 1)
    p = _cell_paragraph(nat_cell.paragraphs[0])
    add_run(p, NATIONAL_TITLE, layout.national_title_pt, bold=True, layout=layout)
    p = _cell_paragraph(nat_cell.add_paragraph())
    add_run(p, MOTTO, layout.motto_pt, bold=True, layout=layout)
    _centred_rule(_cell_paragraph(nat_cell.add_paragraph()), right_pt, estimate_text_width_pt(MOTTO, layout.motto_pt))

    # Second row: số ký hiệu (left) and địa danh, ngày (right, italic), on the same line.
    p = _cell_paragraph(table.cell(1, 0).paragraphs[0])
    p.paragraph_format.space_before = Pt(6)
    add_run(p, header.doc_number, layout.doc_number_pt, layout=layout)
    p = _cell_paragraph(table.cell(1, 1).paragraphs[0])
    p.paragraph_format.space_before = Pt(6)
    add_run(p, format_place_date(header.place, header.date), layout.place_date_pt, italic=True, layout=layout)

    # Tên loại and trích yếu, centred, bold; a short rule under the trích yếu (mục II.5).
    p = doc.add_paragraph()
    _title_paragraph(p, space_before=18)
    add_run(p, (header.doc_type or "BÁO CÁO").upper(), layout.doc_type_pt, bold=True, layout=layout)
    if header.title.strip():
        p = doc.add_paragraph()
        _title_paragraph(p, space_before=0)
        add_run(p, header.title, layout.title_pt, bold=True, layout=layout)
        text_pt = layout.text_width_mm * _PT_PER_MM
        line_pt = min(estimate_text_width_pt(xml_safe(header.title), layout.title_pt), text_pt * 0.9)
        # One paragraph-wide rule would be a full line; the rule is 1/3 of the line, centred.
        rule = doc.add_paragraph()
        _title_paragraph(rule, space_before=0)
        _centred_rule(rule, text_pt, max(line_pt / 3, 40))
        rule.paragraph_format.space_after = Pt(6)

    add_recipients(doc, header.recipients, layout)


def _title_paragraph(p: Paragraph, space_before: float) -> None:
    set_line_format(p, WD_ALIGN_PARAGRAPH.CENTER, space_before=space_before, keep_with_next=True)


def punctuate_list(items: list[str]) -> list[str]:
    """"; " after each recipient and "." after the last, unless the officer already punctuated them."""
    out = []
    for i, item in enumerate(items):
        item = item.strip()
        end = "." if i == len(items) - 1 else ";"
        out.append(item if item[-1:] in ".;:," else item + end)
    return out


def add_recipients(doc: DocxDocument, recipients: tuple[str, ...], layout: Nd30Layout = ND30) -> None:
    """"Kính gửi: X." on one centred line, or a list of "- X;" lines aligned after "Kính gửi:"."""
    items = [xml_safe(r) for r in recipients if xml_safe(r).strip()]
    if not items:
        return
    if len(items) == 1:
        p = doc.add_paragraph()
        _title_paragraph(p, space_before=6)
        p.paragraph_format.space_after = Pt(12)
        p.paragraph_format.keep_with_next = False
        add_run(p, f"Kính gửi: {punctuate_list(items)[0]}", layout.recipients_pt, layout=layout)
        return
    label_width = Cm(2.6)
    left = Cm(2.5)
    for i, item in enumerate(punctuate_list(items)):
        p = doc.add_paragraph()
        pf = p.paragraph_format
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.left_indent = left + label_width
        pf.first_line_indent = -label_width if i == 0 else Cm(0)
        pf.space_before = Pt(6 if i == 0 else 0)
        pf.space_after = Pt(12 if i == len(items) - 1 else 0)
        pf.line_spacing = 1.0
        pf.tab_stops.add_tab_stop(left + label_width)
        text = f"Kính gửi:\t- {item}" if i == 0 else f"- {item}"
        # add_run would turn the tab into a space via xml_safe; build the two runs explicitly.
        if i == 0:
            add_run(p, "Kính gửi:", layout.recipients_pt, layout=layout)
            p.add_run().add_tab()
            add_run(p, f"- {item}", layout.recipients_pt, layout=layout)
        else:
            add_run(p, text, layout.recipients_pt, layout=layout)
