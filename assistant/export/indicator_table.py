"""The indicator table "TT | Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả", or, when any row has a
kỳ trước value, "TT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Kỳ trước | Kỳ này | So sánh" (issue 11 §5).

A real Word table with single borders, a header row repeated on every page
(``w:tblHeader``), group rows spanning the table, and numbers right-aligned
in Vietnamese format ("1.247", "84,03").
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from docx.table import Table, _Cell

from assistant.export.layout import ND30, Nd30Layout
from assistant.export.ooxml import cant_split_row, mark_header_row, table_borders_single, table_fixed_layout
from assistant.export.text import add_run, format_cell, set_line_format, xml_safe
from assistant.report import IndicatorTable

COLUMNS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả")
COLUMN_WIDTHS_MM = (12, 73, 25, 27, 28)  # sums to the 165 mm text width
_ALIGN = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.RIGHT,
)
PERIOD_COLUMNS = ("TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Kỳ trước", "Kỳ này", "So sánh")
PERIOD_COLUMN_WIDTHS_MM = (10, 55, 18, 20, 20, 20, 22)  # sums to the 165 mm text width
_PERIOD_ALIGN = _ALIGN[:4] + (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER)


def table_layout(table_model: IndicatorTable) -> tuple[tuple[str, ...], tuple[int, ...], tuple]:
    """(headers, widths in mm, alignments): the kỳ trước layout when any row has a kỳ trước value."""
    if any(r.previous is not None and not r.is_group for r in table_model.rows):
        return PERIOD_COLUMNS, PERIOD_COLUMN_WIDTHS_MM, _PERIOD_ALIGN
    return COLUMNS, COLUMN_WIDTHS_MM, _ALIGN
# Word opens far larger tables, but a report table of more rows is a data dump: export the first
# rows and say so, instead of a file that takes minutes to open on a commune's office PC.
MAX_ROWS = 2000


def _row_cells(table: Table, row) -> list[_Cell]:
    """Cells of one row without python-docx's ``row.cells``, which rebuilds the whole grid (O(n²))."""
    return [_Cell(tc, table) for tc in row._tr.tc_lst]


def _write(cell: _Cell, text: str, align, layout: Nd30Layout, *, bold: bool = False) -> None:
    p = set_line_format(cell.paragraphs[0], align, space_before=2, space_after=2)
    add_run(p, text, layout.table_pt, bold=bold, layout=layout)


def add_indicator_table(
    doc: DocxDocument, table_model: IndicatorTable, warnings: list[str], layout: Nd30Layout = ND30
) -> None:
    rows = table_model.rows
    if len(rows) > MAX_ROWS:
        warnings.append(
            f"Bảng chỉ tiêu có {len(rows)} dòng; chỉ xuất {MAX_ROWS} dòng đầu, "
            f"{len(rows) - MAX_ROWS} dòng còn lại không đưa vào văn bản."
        )
        rows = rows[:MAX_ROWS]

    if table_model.title.strip():
        # Italic, not bold: a bold-only line would read as a new section heading to the corpus loader.
        p = set_line_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.CENTER, space_before=6,
                            space_after=None, line_spacing=None, keep_with_next=True)
        add_run(p, table_model.title, layout.body_pt, italic=True, layout=layout)

    columns, widths, aligns = table_layout(table_model)
    table = doc.add_table(rows=len(rows) + 1, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table_fixed_layout(table)
    table_borders_single(table)
    for col, width in zip(table.columns, widths):
        col.width = Mm(width)

    tr_rows = list(table.rows)
    header = tr_rows[0]
    mark_header_row(header)
    cant_split_row(header)
    for cell, name, width in zip(_row_cells(table, header), columns, widths):
        cell.width = Mm(width)
        _write(cell, name, WD_ALIGN_PARAGRAPH.CENTER, layout, bold=True)

    for model_row, row in zip(rows, tr_rows[1:]):
        cant_split_row(row)
        cells = _row_cells(table, row)
        for cell, width in zip(cells, widths):
            cell.width = Mm(width)
        if model_row.is_group:
            _write(cells[0], xml_safe(model_row.tt), WD_ALIGN_PARAGRAPH.CENTER, layout, bold=True)
            merged = cells[1].merge(cells[-1])
            _write(merged, xml_safe(model_row.name), WD_ALIGN_PARAGRAPH.LEFT, layout, bold=True)
            continue
        values = [xml_safe(model_row.tt), xml_safe(model_row.name), xml_safe(model_row.unit),
                  format_cell(model_row.target)]
        if len(columns) == len(PERIOD_COLUMNS):
            values += [format_cell(model_row.previous), format_cell(model_row.result), xml_safe(model_row.comparison)]
        else:
            values.append(format_cell(model_row.result))
        for cell, value, align in zip(cells, values, aligns):
            _write(cell, value, align, layout)

    # A paragraph after the table keeps it apart from the closing block.
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
