"""Indicators across periods (issue 11 §2): kỳ trước facts, the change derived from them, the
"chưa cập nhật" flag of the guard, and the kỳ này / kỳ trước / kế hoạch import columns."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.facts.derive import derive_facts
from assistant.facts.guard import GuardReport, guard
from assistant.facts.io import import_pasted_table, rows_to_factset
from assistant.facts.model import Fact, FactSet

PERIOD = "6 tháng đầu năm 2026"
BEFORE = "6 tháng đầu năm 2025"


def _facts(*rows: dict, previous_period: str = BEFORE) -> FactSet:
    result = rows_to_factset(list(rows), "Tân Hòa", PERIOD, first_row=1, source="entered",
                             previous_period=previous_period)
    assert not result.errors, result.errors
    return result.facts


def test_a_previous_value_is_a_fact_of_the_previous_period_and_the_change_is_derived() -> None:
    facts = _facts({"name": "Hồ sơ tiếp nhận", "value": "2.148", "unit": "hồ sơ", "previous": "1.911"},
                   {"name": "Tỷ lệ hồ sơ trực tuyến", "value": "84,2", "unit": "%", "previous": "81"})
    old = [f for f in facts if f.period == BEFORE]
    assert [(f.name, f.value) for f in old] == [("Hồ sơ tiếp nhận", Decimal(1911)), ("Tỷ lệ hồ sơ trực tuyến", Decimal(81))]
    changes = {(d.name, d.display()): d.formula for d in derive_facts(facts) if d.kind == "change"}
    assert changes == {
        (f"Hồ sơ tiếp nhận: thay đổi so với {BEFORE}", "237 hồ sơ"): "2.148 − 1.911 = 237",
        ("Hồ sơ tiếp nhận: tăng/giảm (%)", "12,40%"): "(2.148 − 1.911)/1.911 × 100 = 12,40%",
        # a rate changes by points, never by a percent of a percent
        (f"Tỷ lệ hồ sơ trực tuyến: thay đổi so với {BEFORE}", "3,2 điểm"): "84,2 − 81 = 3,2",
    }


@pytest.mark.parametrize("previous_period, now", [("", PERIOD), ("quý IV/2025", "quý I/2026"),
                                                   ("cùng kỳ năm 2025", PERIOD)])
def test_the_reports_own_period_is_the_later_one_whatever_the_labels_sort_as(previous_period, now) -> None:
    """"kỳ trước" and "quý IV/2025" sort after "6 tháng…" and "quý I/2026" as text: the change would flip."""
    facts = FactSet("Tân Hòa", now)
    result = rows_to_factset([{"name": "Hồ sơ tiếp nhận", "value": "2.148", "unit": "hồ sơ", "previous": "1.911"}],
                             "Tân Hòa", now, first_row=1, previous_period=previous_period)
    facts.facts = list(result.facts)
    changes = [d for d in derive_facts(facts) if d.kind == "change"]
    assert [d.formula for d in changes] == ["2.148 − 1.911 = 237", "(2.148 − 1.911)/1.911 × 100 = 12,40%"]
    assert changes[0].name.endswith(f"so với {previous_period or 'kỳ trước'}")


def test_two_indicators_of_two_periods_are_never_combined() -> None:
    facts = _facts({"name": "Hồ sơ tiếp nhận", "value": "2.148", "unit": "hồ sơ", "previous": "1.911"},
                   {"name": "Hồ sơ số hóa", "value": "1.930", "unit": "hồ sơ"})
    formulas = [d.formula for d in derive_facts(facts)]
    assert "1.930 − 1.911 = 19" not in formulas and "1.911 + 1.930 = 3.841" not in formulas
    assert "2.148 − 1.930 = 218" in formulas  # this period's pair still derives


def test_a_row_without_kỳ_này_but_with_kỳ_trước_or_kế_hoạch_is_pending_not_an_error() -> None:
    result = rows_to_factset([{"name": "Máy tính mới", "value": "", "unit": "máy", "target": "10", "previous": "4"},
                              {"name": "Hồ sơ tiếp nhận", "value": "2.148", "unit": "hồ sơ"},
                              {"name": "Số thôn", "value": "", "unit": "thôn"}], "Tân Hòa", PERIOD, first_row=1)
    assert [str(e) for e in result.errors] == ["Dòng 3: chỉ tiêu «Số thôn» chưa có giá trị"]
    assert [(p.name, p.target, p.previous, p.position) for p in result.pending] == [("Máy tính mới", "10", "4", 0)]
    assert [(f.name, f.period) for f in result.facts] == [("Máy tính mới", "kỳ trước"), ("Hồ sơ tiếp nhận", PERIOD)]


def test_an_unreadable_kỳ_trước_is_reported_and_the_row_still_counts() -> None:
    result = rows_to_factset([{"name": "Hồ sơ tiếp nhận", "value": "2.148", "previous": "hai nghìn"}],
                             "Tân Hòa", PERIOD, first_row=1)
    assert [f.value for f in result.facts] == [Decimal(2148)]
    assert len(result.errors) == 1 and "kỳ trước" in str(result.errors[0]) and "Dòng 1" in str(result.errors[0])


@pytest.mark.parametrize("headers", [
    ("TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Thực hiện kỳ trước", "Thực hiện kỳ này"),
    ("TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Cùng kỳ năm 2025", "Kỳ này"),
    ("TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Kỳ trước (6 tháng đầu năm 2025)", "Kết quả"),
])
def test_import_reads_the_kế_hoạch_kỳ_trước_and_kỳ_này_columns(headers) -> None:
    text = "\t".join(headers) + "\n1\tHồ sơ tiếp nhận\thồ sơ\t2.000\t1.911\t2.148\n2\tMáy tính mới\tmáy\t10\t4\t\n"
    result = import_pasted_table(text, "Tân Hòa", PERIOD)
    assert not result.errors
    now = result.facts.by_name("Hồ sơ tiếp nhận")
    assert [(f.value, f.target, f.period) for f in now] == [(Decimal(2148), Decimal(2000), PERIOD),
                                                            (Decimal(1911), None, "kỳ trước")]
    assert [(p.name, p.target, p.previous, p.position) for p in result.pending] == [("Máy tính mới", "10", "4", 2)]


# ---------------------------------------------------------------- chưa cập nhật

def _two_periods(now: str = "2.148") -> FactSet:
    return _facts({"name": "Hồ sơ tiếp nhận", "value": now, "unit": "hồ sơ", "previous": "1.911"},
                  {"name": "Máy tính mới", "value": "", "unit": "máy", "target": "10", "previous": "4"},
                  {"name": "Tỷ lệ hồ sơ trực tuyến", "value": "84,2", "unit": "%", "previous": "81"})


def _status(text: str, facts: FactSet, number: str) -> str:
    report = guard(text, facts)
    return next(m.status for m in report.mentions if m.text.startswith(number))


def test_last_periods_value_stated_as_this_periods_is_flagged_when_kỳ_này_differs() -> None:
    facts = _two_periods()
    text = "Bộ phận Một cửa tiếp nhận 1.911 hồ sơ. Tỷ lệ hồ sơ trực tuyến đạt 81%."
    report = guard(text, facts)
    assert [m.text for m in report.stale] == ["1.911", "81%"]
    assert "kỳ này: 2.148 hồ sơ" in report.stale[0].reason and BEFORE in report.stale[0].reason
    assert report.ok  # a warning for the officer, not an invented number: repair leaves it alone


def test_last_periods_value_is_flagged_when_kỳ_này_is_not_entered() -> None:
    report = guard("Xã đã trang bị 4 máy tính mới.", _two_periods())
    assert [(m.text, m.status) for m in report.mentions] == [("4", "stale")]
    assert "kỳ này: chưa nhập" in report.mentions[0].reason


def test_a_comparison_with_last_period_is_not_flagged() -> None:
    facts = _two_periods()
    for text in ("Tiếp nhận 2.148 hồ sơ, tăng 12,4% so với 6 tháng đầu năm 2025 (1.911 hồ sơ).",
                 "Tiếp nhận 2.148 hồ sơ, cùng kỳ năm trước là 1.911 hồ sơ.",
                 "So với 1.911 hồ sơ của 6 tháng đầu năm 2025, số hồ sơ tăng 237 hồ sơ.",
                 "Tỷ lệ trực tuyến tăng 3,2 điểm phần trăm, từ 81% lên mức mới."):
        report = guard(text, facts)
        assert not report.stale, (text, report.to_dict())
        assert report.ok
    # The comparison belongs to the sentence: the next sentence stating 1.911 alone is flagged again.
    text = "Tiếp nhận 2.148 hồ sơ, tăng 237 hồ sơ. Năm nay tiếp nhận 1.911 hồ sơ."
    assert [m.text for m in guard(text, facts).stale] == ["1.911"]


def test_an_unchanged_indicator_is_not_flagged() -> None:
    facts = _two_periods(now="1.911")
    report = guard("Bộ phận Một cửa tiếp nhận 1.911 hồ sơ.", facts)
    assert [(m.text, m.status) for m in report.mentions] == [("1.911", "grounded")]


def test_without_a_previous_period_nothing_is_stale() -> None:
    facts = FactSet("Tân Hòa", PERIOD, [Fact("Hồ sơ tiếp nhận", Decimal(1911), "hồ sơ", period=PERIOD)])
    assert not guard("Tiếp nhận 1.911 hồ sơ.", facts).stale


def test_a_stale_mention_survives_the_reports_json() -> None:
    report = guard("Xã đã trang bị 4 máy tính mới.", _two_periods())
    data = report.to_dict()
    assert [m["text"] for m in data["stale"]] == ["4"] and data["ok"] is True
    back = GuardReport.from_dict(data)
    assert back.mentions == report.mentions and len(back.stale) == 1
