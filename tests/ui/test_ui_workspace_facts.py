"""Workspace fact rows ↔ facts package: parsing with row messages, back to the officer's forms, chat corrections."""

from __future__ import annotations

from decimal import Decimal

from assistant.workspace import FactRow, apply_corrections, factset_from_rows, row_from_fact


def test_rows_become_facts_and_a_bad_row_is_reported_by_its_number() -> None:
    rows = [FactRow("Hồ sơ tiếp nhận", "1.254", "hồ sơ"), FactRow("Hồ sơ trực tuyến", "mười hai", "hồ sơ"),
            FactRow("Tỷ lệ đúng hạn", "99,2", "%", target="≥ 98")]
    facts, errors = factset_from_rows(rows, "Tân Hòa", "6 tháng đầu năm 2026")
    assert [f.name for f in facts] == ["Hồ sơ tiếp nhận", "Tỷ lệ đúng hạn"]
    assert facts.by_name("Hồ sơ tiếp nhận")[0].value == Decimal(1254)
    assert len(errors) == 1 and "2" in errors[0]
    back = row_from_fact(facts.by_name("Tỷ lệ đúng hạn")[0])
    assert (back.value, back.unit, back.target) == ("99,2", "%", "≥98")


def test_corrections_keep_targets_and_untouched_rows() -> None:
    rows = [FactRow("Hồ sơ toàn trình", "1.071", "hồ sơ", target="1.000", note="Cổng DVC"),
            FactRow("Số thôn có wifi", "9/12", "thôn")]
    out = apply_corrections(rows, [("hồ sơ toàn trình", "1.701", ""), ("Máy ký số", "14", "máy")])
    assert out[0] == FactRow("hồ sơ toàn trình", "1.701", "hồ sơ", "1.000", "", "Cổng DVC", "entered")
    assert out[1] == FactRow("Máy ký số", "14", "máy", source="extracted")
    assert out[2] == rows[1]
