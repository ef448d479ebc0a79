"""The facts screens' adapter: saving the edited table and importing must not lose what was stored."""

from __future__ import annotations

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
    outcome = service.apply_import(STORED, [], ["Dòng 2: không đọc được giá trị «mười hai»."], append=False)
    assert outcome.rows is None
    assert "giữ nguyên" in outcome.summary and "mười hai" in outcome.summary
    new = [FactRow("Máy ký số", "14", "máy", source="imported")]
    replaced = service.apply_import(STORED, new, [], append=False)
    assert replaced.rows == new and replaced.summary.startswith("✓ Đã nhập 1 chỉ tiêu")
    assert service.apply_import(STORED, new, [], append=True).rows == STORED + new


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
