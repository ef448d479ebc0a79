"""The indicator appendix across periods (issue 11 §5): kế hoạch / kỳ trước / kỳ này / so sánh,
built from the officer's rows (kỳ trước as facts of the previous period), kept in the report's JSON
and exported as a seven-column Word table."""

from __future__ import annotations

import json
from decimal import Decimal

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from assistant.export import ExportOptions, export_report, sample_report
from assistant.export.indicator_table import COLUMN_WIDTHS_MM, PERIOD_COLUMN_WIDTHS_MM
from assistant.report import indicator_table, load_report, save_report
from assistant.report.model import IndicatorRow
from assistant.workspace.facts import factset_from_rows
from assistant.workspace.models import FactRow

PERIOD, BEFORE = "6 tháng đầu năm 2026", "6 tháng đầu năm 2025"
ROWS = [FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ", previous="1.911", group="Dịch vụ công"),
        FactRow("Tỷ lệ hồ sơ trực tuyến", "84,2", "%", target="90", previous="81", group="Dịch vụ công"),
        FactRow("Hồ sơ số hóa", "1.930", "hồ sơ", target="2.000", group="Chuyển đổi số"),
        FactRow("Máy tính mới", "", "máy", previous="4", group="Chuyển đổi số"),
        FactRow("Văn bản ký số", "1.146/1.203", "văn bản", previous="980/1.100", group="Chuyển đổi số")]


def _table():
    facts, errors = factset_from_rows(ROWS, "Tân Hòa", PERIOD, previous_period=BEFORE)
    assert not errors
    return indicator_table(facts)


def test_each_indicator_is_one_row_with_kỳ_trước_kỳ_này_and_the_derived_comparison() -> None:
    table = _table()
    cells = [(r.tt, r.name, r.target, r.previous, r.result, r.comparison) for r in table.rows]
    assert cells == [
        ("I", "Dịch vụ công", None, None, None, ""),
        ("1", "Hồ sơ tiếp nhận", None, Decimal(1911), Decimal(2148), "+12,4%"),
        ("2", "Tỷ lệ hồ sơ trực tuyến", Decimal(90), Decimal(81), Decimal("84.2"), "+3,2 điểm; 93,56% KH"),
        ("II", "Chuyển đổi số", None, None, None, ""),
        ("3", "Hồ sơ số hóa", Decimal(2000), None, Decimal(1930), "96,5% KH"),
        ("4", "Máy tính mới", None, Decimal(4), None, ""),  # kỳ này not entered yet: never last period's value
        ("5", "Văn bản ký số", None, "980/1.100", "1.146/1.203", ""),  # a fraction keeps its form, no % change
    ]


def test_a_fall_has_a_minus_sign() -> None:
    rows = [FactRow("Hồ sơ trễ hạn", "12", "hồ sơ", previous="15"), FactRow("Tỷ lệ đúng hạn", "97", "%", previous="98,5")]
    facts, _ = factset_from_rows(rows, "Tân Hòa", PERIOD)
    assert [r.comparison for r in indicator_table(facts).rows] == ["-20%", "-1,5 điểm"]


def test_without_kỳ_trước_the_table_is_as_before() -> None:
    facts, _ = factset_from_rows([FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ")], "Tân Hòa", PERIOD)
    (row,) = indicator_table(facts).rows
    assert row == IndicatorRow("1", "Hồ sơ tiếp nhận", "hồ sơ", None, Decimal(2148))


def test_kỳ_trước_and_so_sánh_survive_the_reports_json(tmp_path) -> None:
    report = sample_report()
    report.table = _table()
    path = tmp_path / "r.json"
    save_report(report, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["table"]["rows"][2]["previous"] == 81 and data["table"]["rows"][2]["comparison"] == "+3,2 điểm; 93,56% KH"
    assert load_report(path) == report
    # A report written before these fields loads with their defaults.
    for row in data["table"]["rows"]:
        row.pop("previous"), row.pop("comparison")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert all(r.previous is None and r.comparison == "" for r in load_report(path).table.rows)


def test_the_exported_appendix_has_the_seven_columns(tmp_path) -> None:
    assert sum(PERIOD_COLUMN_WIDTHS_MM) == sum(COLUMN_WIDTHS_MM) == 165
    report = sample_report()
    report.table = _table()
    doc = Document(str(export_report(report, tmp_path / "bao_cao.docx", ExportOptions()).path))
    table = next(t for t in doc.tables if t.cell(0, 0).text == "TT")
    assert [c.text for c in table.rows[0].cells] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Kỳ trước",
                                                     "Kỳ này", "So sánh"]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["Hồ sơ tiếp nhận"] == ["1", "Hồ sơ tiếp nhận", "hồ sơ", "", "1.911", "2.148", "+12,4%"]
    assert rows["Tỷ lệ hồ sơ trực tuyến"][3:] == ["90", "81", "84,2", "+3,2 điểm; 93,56% KH"]
    assert rows["Máy tính mới"][3:] == ["", "4", "", ""]
    online = next(r for r in table.rows if r.cells[1].text == "Tỷ lệ hồ sơ trực tuyến")
    assert [c.paragraphs[0].alignment for c in online.cells[3:6]] == [WD_ALIGN_PARAGRAPH.RIGHT] * 3
    widths = [round(c.width / Mm(1)) for c in online.cells]
    assert widths == list(PERIOD_COLUMN_WIDTHS_MM)
    group = next(r for r in table.rows if r.cells[1].text == "Chuyển đổi số")  # spans Chỉ tiêu … So sánh
    assert len({id(c._tc) for c in group.cells}) == 2
