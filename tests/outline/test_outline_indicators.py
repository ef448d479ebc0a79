"""Indicator forms: column roles, group rows, a two-row header with merged cells."""

from __future__ import annotations

from pathlib import Path

from docx import Document as new_docx

from assistant.ingest import load_document
from assistant.outline.indicators import column_role, indicator_tables


def test_column_roles_from_the_header_words() -> None:
    roles = {h: column_role(h) for h in (
        "STT", "TT", "Chỉ tiêu", "Nội dung", "Đơn vị tính", "ĐVT", "Kế hoạch năm 2026", "Chỉ tiêu giao",
        "Dự toán giao", "Kết quả 6 tháng", "Thực hiện", "Thực hiện kỳ trước", "Cùng kỳ năm trước",
        "Tỷ lệ (%)", "Ghi chú", "Chi tieu", "Don vi tinh")}
    assert roles == {
        "STT": "numbering", "TT": "numbering", "Chỉ tiêu": "name", "Nội dung": "name", "Đơn vị tính": "unit",
        "ĐVT": "unit", "Kế hoạch năm 2026": "target", "Chỉ tiêu giao": "target", "Dự toán giao": "target",
        "Kết quả 6 tháng": "result", "Thực hiện": "result", "Thực hiện kỳ trước": "previous",
        "Cùng kỳ năm trước": "previous", "Tỷ lệ (%)": "ratio", "Ghi chú": "note", "Chi tieu": "name",
        "Don vi tinh": "unit",
    }


def test_two_row_header_with_merged_cells(tmp_path: Path, settings) -> None:
    d = new_docx()
    d.add_paragraph("Biểu số liệu kèm theo")
    t = d.add_table(rows=5, cols=6)
    for i, v in enumerate(["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả", "", "Ghi chú"]):
        t.cell(0, i).text = v
    t.cell(0, 3).merge(t.cell(0, 4))
    for c in (0, 1, 2, 5):
        t.cell(0, c).merge(t.cell(1, c))
    t.cell(1, 3).text, t.cell(1, 4).text = "Kỳ báo cáo", "Cùng kỳ năm trước"
    for r, row in enumerate([["A", "Thủ tục hành chính", "", "", "", ""], ["1", "Hồ sơ tiếp nhận", "Hồ sơ", "412", "380", ""],
                             ["2", "Hồ sơ trực tuyến", "Hồ sơ", "301", "244", ""]], start=2):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    d.save(tmp_path / "bieu.docx")
    (table,) = indicator_tables(load_document(tmp_path / "bieu.docx", settings))
    assert table.columns == ("STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Ghi chú")
    assert [(i.group, i.name, i.unit, i.previous) for i in table.indicators] == [
        ("Thủ tục hành chính", "Hồ sơ tiếp nhận", "Hồ sơ", "380"), ("Thủ tục hành chính", "Hồ sơ trực tuyến", "Hồ sơ", "244")]
    assert table.results == ("412", "301")


def test_a_table_that_is_not_an_indicator_form_is_ignored(make_text, settings) -> None:
    text = ("Danh sách cán bộ phụ trách\n\nHọ và tên\tChức vụ\tĐiện thoại\nNguyễn Văn An\tCông chức\t0912\n"
            "Trần Thị Bình\tCông chức\t0913\n")
    assert indicator_tables(load_document(make_text("ds.txt", text), settings)) == []
