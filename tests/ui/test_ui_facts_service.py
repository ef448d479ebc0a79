"""The facts screens' adapter: saving the edited table and importing must not lose what was stored."""

from __future__ import annotations

import pytest

from assistant.workspace import FactRow
from ui.facts_service import FactsService, rows_from_compact, rows_from_table, table_from_rows

STORED = [
    FactRow("Hồ sơ tiếp nhận", "1.254", "hồ sơ", "1.000", "6 tháng đầu năm 2026", "Cổng DVC", "imported", "ho-so-1"),
    FactRow("Tỷ lệ đúng hạn", "99,2", "%", "≥ 98", "6 tháng đầu năm 2026", "", "imported", "ty-le-2"),
]


def test_saving_the_table_keeps_each_rows_period_source_and_id() -> None:
    shown = table_from_rows(STORED)
    shown[0][1] = "1.260"  # the officer corrects a value…
    shown.append(["Máy ký số", "14", "máy", "", ""])  # …and adds a row
    rows = rows_from_table(shown, STORED)
    assert rows[0] == FactRow("Hồ sơ tiếp nhận", "1.260", "hồ sơ", "1.000", "6 tháng đầu năm 2026", "Cổng DVC",
                              "imported", "ho-so-1")
    assert rows[1] == STORED[1]
    assert rows[2] == FactRow("Máy ký số", "14", "máy")
    # The main screen's three columns keep the same metadata and the target/note.
    assert rows_from_compact([[r.name, r.value, r.unit] for r in STORED], STORED) == STORED


def test_an_import_that_reads_no_rows_keeps_the_table(settings) -> None:
    service = FactsService(settings)
    outcome = service.apply_import(STORED, [], ["Dòng 2: không đọc được giá trị «mười hai»."], mode="replace")
    assert outcome.rows is None
    assert "giữ nguyên" in outcome.summary and "mười hai" in outcome.summary
    new = [FactRow("Máy ký số", "14", "máy", source="imported")]
    replaced = service.apply_import(STORED, new, [], mode="replace")
    assert replaced.rows == new and replaced.summary.startswith("✓ Đã nhập 1 chỉ tiêu")
    assert service.apply_import(STORED, new, [], mode="append").rows == STORED + new
    with pytest.raises(ValueError, match="update"):
        service.apply_import(STORED, new, [], mode="merge")


def test_an_unreadable_file_gives_a_vietnamese_message_without_the_exception_text(settings, tmp_path) -> None:
    bad = tmp_path / "so_lieu.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    rows, messages = FactsService(settings).import_file(bad, "Tân Hòa", "2026")
    assert rows == [] and len(messages) == 1
    assert "so_lieu.xlsx" in messages[0] and "Error" not in messages[0]


def test_import_file_reports_the_facts_package_reason(tmp_path):
    """A broken file's message names the real problem (from FactFileError), not a generic one."""
    from assistant.settings import load_settings
    from ui.facts_service import FactsService

    empty = tmp_path / "so_lieu.csv"
    empty.write_bytes(b"")
    service = FactsService(load_settings(env={}, config_path=tmp_path / "none.toml", data_dir=tmp_path / "d"))
    rows, messages = service.import_file(empty, "Tân Hòa", "năm 2026")
    assert rows == []
    assert "so_lieu.csv" in messages[0] and "rỗng" in messages[0]


# ---------------------------------------------------------------- kỳ này / kỳ trước / kế hoạch (issue 11 §2)

ACROSS = [FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ", previous="1.911", source="carried", group="Một cửa"),
          FactRow("Máy tính mới", "", "máy", target="10", previous="4", note="chờ mua sắm", source="carried")]


def test_the_table_shows_kỳ_này_kế_hoạch_and_kỳ_trước_and_saving_keeps_them() -> None:
    from ui.facts_service import COMPACT_HEADERS, FACT_HEADERS, compact_table

    assert FACT_HEADERS == ["Chỉ tiêu", "Kỳ này", "Đơn vị", "Kế hoạch", "Kỳ trước", "Ghi chú"]
    shown = table_from_rows(ACROSS)
    assert shown[1] == ["Máy tính mới", "", "máy", "10", "4", "chờ mua sắm"]
    shown[1][1] = "9"  # the officer fills kỳ này
    rows = rows_from_table(shown, ACROSS)
    assert rows[1] == FactRow("Máy tính mới", "9", "máy", target="10", previous="4", note="chờ mua sắm",
                              source="carried")
    assert rows[0] == ACROSS[0]  # the group, not shown, is kept
    # The compose screen's table: three columns, and saving from it keeps kế hoạch and kỳ trước.
    assert COMPACT_HEADERS == ["Chỉ tiêu", "Kỳ này", "Đơn vị"]
    compact = compact_table(ACROSS)
    assert compact == [["Hồ sơ tiếp nhận", "2.148", "hồ sơ"], ["Máy tính mới", "", "máy"]]
    compact[1][1] = "9"
    assert rows_from_compact(compact, ACROSS) == rows


def test_the_check_lists_rows_without_kỳ_này_and_the_derived_change_with_its_formula(settings) -> None:
    check = FactsService(settings).check(ACROSS, "Tân Hòa", "6 tháng đầu năm 2026", "6 tháng đầu năm 2025")
    assert check.row_errors == [] and check.pending == ["Máy tính mới"]
    assert "Chưa nhập kỳ này (1 chỉ tiêu): «Máy tính mới»" in check.warnings_markdown
    assert ["Hồ sơ tiếp nhận: tăng/giảm (%)", "12,40%", "(2.148 − 1.911)/1.911 × 100 = 12,40%"] in check.derived
    assert ["Hồ sơ tiếp nhận: thay đổi so với 6 tháng đầu năm 2025", "237 hồ sơ", "2.148 − 1.911 = 237"] in check.derived


def test_a_stale_number_is_counted_in_the_guard_view(settings) -> None:
    service = FactsService(settings)
    text = "Xã đã trang bị 4 máy tính mới."
    report = service.guard(text, ACROSS, "Tân Hòa", "6 tháng đầu năm 2026", "6 tháng đầu năm 2025")
    view = service.guard_view(text, report)
    assert (view.ungrounded, view.stale) == (0, 1)
    assert "<mark class='guard-stale'" in view.html


def test_importing_a_form_with_kỳ_trước_and_an_empty_kỳ_này(settings, tmp_path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện cùng kỳ", "Thực hiện kỳ này"])
    sheet.append([1, "Hồ sơ tiếp nhận", "hồ sơ", 2000, 1911, 2148])
    sheet.append([2, "Máy tính mới", "máy", 10, 4, None])
    path = tmp_path / "bieu_mau.xlsx"
    book.save(path)
    rows, messages = FactsService(settings).import_file(path, "Tân Hòa", "6 tháng đầu năm 2026")
    assert messages == []
    assert [(r.name, r.value, r.unit, r.target, r.previous) for r in rows] == [
        ("Hồ sơ tiếp nhận", "2.148", "hồ sơ", "2.000", "1.911"), ("Máy tính mới", "", "máy", "10", "4")]


def test_importing_kỳ_này_fills_the_carried_rows_by_name(settings) -> None:
    """A report started from a directive has its rows (kế hoạch, kỳ trước); the officer's sheet brings
    kỳ này under slightly different spellings: the rows are filled, nothing carried is lost."""
    carried = [
        FactRow("Tỷ lệ hồ sơ trực tuyến toàn trình", "", "%", "80", previous="71,3", group="Dịch vụ công",
                source="carried"),
        FactRow("Số hồ sơ tiếp nhận", "", "hồ sơ", previous="2.950", source="carried"),
        FactRow("Số cuộc họp trực tuyến", "", "cuộc", previous="12", source="carried"),
        FactRow("Số hồ sơ trả kết quả", "", "hồ sơ", previous="2.900", source="carried"),
    ]
    sheet = [
        FactRow("tỷ lệ hồ sơ trực tuyến toàn trình (%)", "86,5", "%", source="imported"),  # case + punctuation
        FactRow("Số hồ sơ tiếp nhân", "3.412", "hồ sơ", source="imported"),  # a typo in a diacritic
        FactRow("Số hồ sơ trả kết quả đúng hạn", "3.390", "hồ sơ", source="imported"),  # another indicator
    ]
    outcome = FactsService(settings).apply_import(carried, sheet, [])
    by_name = {r.name: r for r in outcome.rows}
    rate = by_name["Tỷ lệ hồ sơ trực tuyến toàn trình"]
    assert (rate.value, rate.target, rate.previous, rate.group) == ("86,5", "80", "71,3", "Dịch vụ công")
    assert by_name["Số hồ sơ tiếp nhận"].value == "3.412"
    assert by_name["Số hồ sơ tiếp nhận"].previous == "2.950"
    # Different indicators are not merged even when their names share most words.
    assert by_name["Số hồ sơ trả kết quả"].value == ""
    assert by_name["Số hồ sơ trả kết quả đúng hạn"].value == "3.390"
    assert [r.name for r in outcome.rows][:4] == [r.name for r in carried]  # the table's order is kept
    assert "cập nhật kỳ này cho 2 chỉ tiêu có sẵn" in outcome.summary
    assert "thêm 1 chỉ tiêu mới" in outcome.summary
    assert "«Số hồ sơ tiếp nhân» → «Số hồ sơ tiếp nhận»" in outcome.summary  # approximate: shown to check
    assert "Số cuộc họp trực tuyến" in outcome.summary  # not in the sheet: kept and named
