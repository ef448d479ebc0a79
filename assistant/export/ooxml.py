"""Small WordprocessingML helpers for what python-docx has no API for.

Each function does one XML edit, in the style of python-docx's own ``oxml``
layer, so the modules above work with paragraphs, runs and tables only.
Element names and attributes follow ECMA-376 Part 1 (§17.3 paragraphs and runs,
§17.4 tables, §17.10 headers, §17.16 fields).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _get_or_add(parent, tag: str):
    """The first child ``tag`` of ``parent``, created (appended) when missing."""
    child = parent.find(qn(tag))
    if child is None:
        child = OxmlElement(tag)
        parent.append(child)
    return child


def set_rpr_fonts(rpr, font_name: str) -> None:
    """Set ascii/hAnsi/eastAsia/cs fonts on a ``w:rPr`` and drop theme fonts.

    Theme attributes win over explicit names in Word, and Vietnamese text is
    laid out with the eastAsia/cs slots by some renderers, so all four are set.
    """
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in _THEME_FONT_ATTRS:
        if rfonts.get(qn(attr)) is not None:
            del rfonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font_name)


def set_rpr_size_cs(rpr, size_pt: float) -> None:
    """Complex-script size (``w:szCs``) next to ``w:sz``, so both scripts get the same size."""
    _get_or_add(rpr, "w:szCs").set(qn("w:val"), str(int(round(size_pt * 2))))


def set_rpr_language(rpr, lang: str) -> None:
    """Proofing language (``w:lang``), so Word does not underline Vietnamese as misspelt English."""
    el = _get_or_add(rpr, "w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)


def set_run_fonts(run: Run, font_name: str) -> None:
    set_rpr_fonts(run._r.get_or_add_rPr(), font_name)


def remove_color(rpr) -> None:
    """Drop ``w:color`` (the default template colours headings blue; ND30 text is black)."""
    color = rpr.find(qn("w:color"))
    if color is not None:
        rpr.remove(color)


def _set_table_borders(table: Table, **attributes: str) -> None:
    """Replace the table's ``w:tblBorders`` with the same attributes on every edge."""
    tbl_pr = table._tbl.tblPr
    borders = tbl_pr.find(qn("w:tblBorders"))
    if borders is not None:
        tbl_pr.remove(borders)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        for name, value in attributes.items():
            el.set(qn(f"w:{name}"), value)
        borders.append(el)
    tbl_pr.append(borders)


def table_borders_off(table: Table) -> None:
    """Borders ``nil`` on the table and every cell (a layout table must print no lines)."""
    _set_table_borders(table, val="nil")


def table_borders_single(table: Table, size_eighths: int = 4) -> None:
    """Single black lines on every edge (data tables; no dependency on the "Table Grid" style)."""
    _set_table_borders(table, val="single", sz=str(size_eighths), space="0", color="000000")


def table_fixed_layout(table: Table) -> None:
    """``w:tblLayout type=fixed``: column widths are kept instead of autofit to content."""
    el = _get_or_add(table._tbl.tblPr, "w:tblLayout")
    el.set(qn("w:type"), "fixed")


def mark_header_row(row) -> None:
    """``w:tblHeader`` on a row: Word and LibreOffice repeat it at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def cant_split_row(row) -> None:
    """``w:cantSplit``: a row is not broken across pages."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def paragraph_bottom_rule(paragraph: Paragraph, size_eighths: int = 6) -> None:
    """A solid line under the paragraph, as wide as the paragraph minus its indents.

    The short rules under the organ name, the Tiêu ngữ and the trích yếu are
    drawn this way: indents set the rule's length and keep it centred.
    """
    p_pr = paragraph._p.get_or_add_pPr()
    p_bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    p_bdr.append(bottom)
    # CT_PPr is a sequence; pBdr must precede spacing/ind/jc, so insert it right after pStyle/keepNext etc.
    successors = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")
    for tag in successors:
        anchor = p_pr.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(p_bdr)
            return
    p_pr.append(p_bdr)


def add_page_field(paragraph: Paragraph, size_pt: float, font_name: str) -> Run:
    """Append a ``PAGE`` field (complex field: begin / instrText / separate / result / end).

    The cached result "2" is what a reader sees before fields update; Word and
    LibreOffice recompute it on open.
    """

    def run_with(*children) -> Run:
        run = paragraph.add_run()
        run.font.size = Pt(size_pt)
        set_run_fonts(run, font_name)
        for child in children:
            run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(begin)
    run_with(instr)
    run_with(separate)
    result = paragraph.add_run("2")
    result.font.size = Pt(size_pt)
    set_run_fonts(result, font_name)
    return run_with(end)


def set_cell_margins(table: Table, left_twips: int, right_twips: int) -> None:
    """Default left/right cell padding of a table (``w:tblCellMar``)."""
    mar = _get_or_add(table._tbl.tblPr, "w:tblCellMar")
    for edge, value in (("left", left_twips), ("right", right_twips)):
        el = _get_or_add(mar, f"w:{edge}")
        el.set(qn("w:w"), str(value))
        el.set(qn("w:type"), "dxa")
