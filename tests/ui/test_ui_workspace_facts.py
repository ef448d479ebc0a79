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


# ---------------------------------------------------------------- kỳ này / kỳ trước / kế hoạch (issue 11 §2)

PERIOD, BEFORE = "6 tháng đầu năm 2026", "6 tháng đầu năm 2025"
ACROSS = [FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ", previous="1.911"),
          FactRow("Hồ sơ số hóa", "1.930", "hồ sơ", target="2.000"),
          FactRow("Máy tính mới", "", "máy", target="10", previous="4"),
          FactRow("Tỷ lệ hồ sơ trực tuyến", "84,2", "%", target="90", previous="81")]


def test_a_rows_kỳ_trước_is_a_fact_of_the_previous_period_and_an_empty_kỳ_này_is_pending() -> None:
    from assistant.facts import derive_facts
    from assistant.workspace.facts import pending_rows

    facts, errors = factset_from_rows(ACROSS, "Tân Hòa", PERIOD, previous_period=BEFORE)
    assert errors == []  # "Máy tính mới" has no kỳ này yet: not a bad row
    assert pending_rows(ACROSS) == ["Máy tính mới"]
    assert [(f.name, f.period) for f in facts if f.period == BEFORE] == [
        ("Hồ sơ tiếp nhận", BEFORE), ("Máy tính mới", BEFORE), ("Tỷ lệ hồ sơ trực tuyến", BEFORE)]
    assert not [f for f in facts if f.name == "Máy tính mới" and f.period == PERIOD]
    formulas = {d.formula for d in derive_facts(facts)}
    assert {"(2.148 − 1.911)/1.911 × 100 = 12,40%", "84,2 − 81 = 3,2", "1.930/2.000 × 100 = 96,50%"} <= formulas
    # Without a named previous period the label is "kỳ trước".
    plain, _ = factset_from_rows(ACROSS, "Tân Hòa", PERIOD)
    assert {f.period for f in plain} == {PERIOD, "kỳ trước"}


def test_an_imported_form_keeps_one_row_per_indicator_in_the_files_order() -> None:
    from assistant.facts.io import import_pasted_table
    from assistant.workspace.facts import rows_from_import

    text = ("TT\tChỉ tiêu\tĐơn vị tính\tKế hoạch\tKỳ trước\tKỳ này\tGhi chú\n"
            "1\tMáy tính mới\tmáy\t10\t4\t\tchờ mua sắm\n"
            "2\tHồ sơ tiếp nhận\thồ sơ\t\t1.911\t2.148\t\n"
            "3\tHồ sơ số hóa\thồ sơ\t2.000\t\t1.930\t\n")
    rows = rows_from_import(import_pasted_table(text, "Tân Hòa", PERIOD))
    assert [(r.name, r.value, r.target, r.previous, r.note) for r in rows] == [
        ("Máy tính mới", "", "10", "4", "chờ mua sắm"), ("Hồ sơ tiếp nhận", "2.148", "", "1.911", ""),
        ("Hồ sơ số hóa", "1.930", "2.000", "", "")]


def test_a_chat_correction_never_writes_last_periods_value_into_kỳ_này() -> None:
    from assistant.workspace.facts import corrections_of

    facts, _ = factset_from_rows(ACROSS, "Tân Hòa", PERIOD, previous_period=BEFORE)
    corrected = corrections_of(list(facts), PERIOD)
    assert ("Máy tính mới", "4", "máy") not in corrected and ("Hồ sơ tiếp nhận", "1.911", "hồ sơ") not in corrected
    out = apply_corrections(ACROSS, corrected)
    assert [(r.name, r.value, r.previous) for r in out] == [
        ("Hồ sơ tiếp nhận", "2.148", "1.911"), ("Hồ sơ số hóa", "1.930", ""),
        ("Tỷ lệ hồ sơ trực tuyến", "84,2", "81"), ("Máy tính mới", "", "4")]


def test_the_previous_period_comes_from_the_reports_skeleton() -> None:
    from assistant.workspace import ReportInfo
    from assistant.workspace.facts import previous_period_of

    info = ReportInfo(1, "lan", "Báo cáo", "Tân Hòa", PERIOD, skeleton={"previous_period": BEFORE})
    assert previous_period_of(info) == BEFORE
    assert previous_period_of(ReportInfo(2, "lan", "Báo cáo", "Tân Hòa", PERIOD)) == ""
