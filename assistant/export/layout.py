"""Page setup and text styles of an administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I).

Every number here is one value picked inside the decree's range; the table
"rule → value → where checked" is ``docs/nd30_layout.md``. Other modules read
sizes from :data:`ND30` instead of repeating literals.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.styles.style import ParagraphStyle

from assistant.export.ooxml import remove_color, set_rpr_fonts, set_rpr_language, set_rpr_size_cs


@dataclass(frozen=True)
class Nd30Layout:
    # Phụ lục I, mục I.1–I.3: A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm.
    page_width_mm: float = 210
    page_height_mm: float = 297
    margin_top_mm: float = 20
    margin_bottom_mm: float = 20
    margin_left_mm: float = 30
    margin_right_mm: float = 15
    header_distance_mm: float = 10  # the page number sits in the top margin (mục I.7)
    # Mục I.4: Times New Roman, Unicode, black.
    font: str = "Times New Roman"
    language: str = "vi-VN"
    # Mục II (sizes per element; ranges in brackets).
    national_title_pt: float = 12.5  # Quốc hiệu [12–13], upper case, bold — 12.5 fits one line in the column
    motto_pt: float = 13.5  # Tiêu ngữ [13–14], bold; one size above the Quốc hiệu as in the decree's sample
    organ_pt: float = 12.5  # tên cơ quan [12–13], upper case (issuing body bold)
    doc_number_pt: float = 13  # số, ký hiệu [13]
    place_date_pt: float = 14  # địa danh, ngày tháng [13–14], italic
    doc_type_pt: float = 14  # tên loại "BÁO CÁO" [13–14], upper case, bold
    title_pt: float = 14  # trích yếu [13–14], bold
    body_pt: float = 14  # nội dung [13–14]
    recipients_pt: float = 14  # kính gửi, same as body
    cc_heading_pt: float = 12  # "Nơi nhận:" [12], bold italic
    cc_item_pt: float = 11  # nơi nhận items [11]
    authority_pt: float = 14  # quyền hạn ký, chức vụ [13–14], upper case, bold
    signer_name_pt: float = 14  # họ tên người ký [13–14], bold
    page_number_pt: float = 14  # số trang [13–14], upright, centred in the top margin
    table_pt: float = 13  # indicator table text (not fixed by the decree; one step below body)
    # Body paragraphs: first-line indent 1–1.27 cm, ≥ 6 pt between paragraphs, line spacing 1–1.5 lines.
    first_line_indent_cm: float = 1.0
    paragraph_space_pt: float = 6
    line_spacing: float = 1.15
    # Header block columns (sum = text width 165 mm): organ on the left, Quốc hiệu on the right.
    header_left_mm: float = 65
    header_right_mm: float = 100
    # Closing block: nơi nhận left, signature right.
    closing_left_mm: float = 80
    closing_right_mm: float = 85
    signature_space_pt: float = 72  # blank space for signature and seal

    @property
    def text_width_mm(self) -> float:
        return self.page_width_mm - self.margin_left_mm - self.margin_right_mm


ND30 = Nd30Layout()

# Heading level → (bold, italic), all at body size: 1 roman "I." (bold, upper case), 2 "1." (bold),
# 3 "1.1." (bold italic), 4 "a)" (italic). Read by the styles below and by the body's explicit runs.
HEADING_WEIGHTS = {1: (True, False), 2: (True, False), 3: (True, True), 4: (False, True)}


def setup_page(doc: DocxDocument, layout: Nd30Layout = ND30) -> None:
    """A4 portrait, decree margins, page number header from page 2 (``different_first_page``)."""
    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(layout.page_width_mm)
        section.page_height = Mm(layout.page_height_mm)
        section.top_margin = Mm(layout.margin_top_mm)
        section.bottom_margin = Mm(layout.margin_bottom_mm)
        section.left_margin = Mm(layout.margin_left_mm)
        section.right_margin = Mm(layout.margin_right_mm)
        section.header_distance = Mm(layout.header_distance_mm)
        section.footer_distance = Mm(layout.header_distance_mm)
        section.gutter = Mm(0)
        section.different_first_page_header_footer = True


def setup_styles(doc: DocxDocument, layout: Nd30Layout = ND30) -> None:
    """Times New Roman everywhere (document defaults, Normal, Heading 1–4), black, Vietnamese proofing.

    Body headings use the real "Heading 1..4" styles so the document outline,
    navigation pane and the corpus loader all see the section tree; the
    numbering stays literal text in the heading (no auto-numbering).
    """
    # Document defaults (w:docDefaults/w:rPrDefault) cover text outside any style, e.g. table cells.
    rpr_default = doc.styles.element.find(qn("w:docDefaults"))
    if rpr_default is not None:
        rpr = rpr_default.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_rpr_fonts(rpr, layout.font)
        set_rpr_language(rpr, layout.language)

    normal = doc.styles["Normal"]
    _style_font(normal, layout, layout.body_pt, bold=False, italic=False)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(layout.paragraph_space_pt)
    pf.line_spacing = layout.line_spacing
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = True

    for level, (bold, italic) in HEADING_WEIGHTS.items():
        style = doc.styles[f"Heading {level}"]
        _style_font(style, layout, layout.body_pt, bold=bold, italic=italic)
        hpf = style.paragraph_format
        hpf.space_before = Pt(layout.paragraph_space_pt)
        hpf.space_after = Pt(layout.paragraph_space_pt)
        hpf.line_spacing = layout.line_spacing
        hpf.first_line_indent = Cm(layout.first_line_indent_cm)
        hpf.left_indent = Cm(0)
        hpf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        hpf.keep_with_next = True


def _style_font(style: ParagraphStyle, layout: Nd30Layout, size_pt: float, *, bold: bool, italic: bool) -> None:
    font = style.font
    font.name = layout.font
    font.size = Pt(size_pt)
    font.bold = bold
    font.italic = italic
    rpr = style.element.get_or_add_rPr()
    set_rpr_fonts(rpr, layout.font)
    set_rpr_size_cs(rpr, size_pt)
    remove_color(rpr)
    set_rpr_language(rpr, layout.language)
