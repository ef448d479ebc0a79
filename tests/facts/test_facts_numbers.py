from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from assistant.facts.numbers import (
    NumberFormatError, find_numbers, format_number, parse_number, parse_quantity, read_number,
)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False))
def test_parse_format_round_trip(x):
    assert parse_number(format_number(x)) == x


@pytest.mark.parametrize("text,value", [
    ("1.484", Decimal(1484)), ("84,03", Decimal("84.03")), ("0,556", Decimal("0.556")),
    ("370.000.000", Decimal(370000000)), ("02", Decimal(2)), ("1.234.567,5", Decimal("1234567.5")),
])
def test_parse_forms(text, value):
    assert parse_number(text) == value


def test_malformed_is_reported_not_guessed():
    with pytest.raises(NumberFormatError, match="1,014.000.000"):
        parse_number("1,014.000.000")
    mention = [m for m in find_numbers("kinh phí 1,014.000.000 đồng") if m.kind == "number"][0]
    assert mention.malformed and mention.value == 0


def test_dot_decimal_is_read_but_marked_nonstandard():
    parsed = read_number("99.82")
    assert parsed.value == Decimal("99.82") and "99,82" in parsed.nonstandard


def test_units_normalized():
    assert parse_quantity("0,556 tỷ đồng") == parse_quantity("556 triệu đồng")
    assert parse_quantity("370.000.000đ").value == Decimal(370000000)
    assert parse_quantity("84,03 %").unit == "%"


def test_format_vietnamese():
    assert format_number(Decimal(1247)) == "1.247"
    assert format_number(Decimal("84.03")) == "84,03"
    assert format_number(Decimal("78.8163"), 2) == "78,82"


def kinds(text):
    return [(m.kind, m.text) for m in find_numbers(text)]


def test_every_form_in_text():
    found = {m.text: m for m in find_numbers(
        "đạt 84,03 %; 3.317/3.323 giao dịch; 1247/1484; 10/10 điểm; 19,78/20 điểm; 18/18; ≥ 98; $\\geq 98$; "
        "họp 02 cuộc; 56,94 km²; 40.344 người; xếp thứ 16/166; $2996/3270 = 91,62\\%$")}
    assert found["84,03 %"].kind == "percent" and found["84,03 %"].value == Decimal("84.03")
    assert found["3.317/3.323"].denominator == Decimal(3323)
    assert found["10/10"].unit == "điểm" and found["19,78/20"].value == Decimal("19.78")
    assert found["18/18"].kind == "fraction"
    assert found["98"].comparator == "≥"
    assert found["02"].leading_zero and found["02"].unit == "cuộc"
    assert found["56,94"].unit == "km²"
    assert found["40.344"].value == 40344
    assert found["16/166"].kind == "rank"
    assert found["91,62\\%"].value == Decimal("91.62")


def test_references_dates_labels():
    got = kinds("1. Kết quả\nII. Nhiệm vụ\na) Theo Kế hoạch số 39/KH-UBND ngày 30/01/2026, Nghị quyết số "
                "57-NQ/TW, Nghị định 30/2020/NĐ-CP, Đề án 06, tháng 4/2026, năm 2025, phủ sóng 5G [3]")
    assert ("label", "1.") in got and ("label", "II.") in got and ("label", "a)") in got
    assert ("citation", "39/KH-UBND") in got and ("citation", "57-NQ/TW") in got
    assert ("citation", "30/2020/NĐ-CP") in got and ("citation", "06") in got
    assert ("date", "30/01/2026") in got and ("date", "4/2026") in got and ("year", "2025") in got
    assert ("code", "5G") in got
    assert not any(text == "3" for _, text in got)  # citation marker [3] is not a number


def test_spelled_out_counts():
    found = find_numbers("tổ chức hai lớp tập huấn, đạt một trăm phần trăm; một số nơi còn khó khăn")
    assert [(m.value, m.unit) for m in found] == [(2, "lớp"), (100, "%")]


def test_claims_refuse_overlaps_in_any_order():
    from assistant.facts.numbers import _Claims

    claims = _Claims()
    assert claims.reserve(10, 20) and claims.reserve(30, 40) and claims.reserve(0, 10) and claims.reserve(20, 30)
    assert not claims.reserve(5, 6) and not claims.reserve(19, 21) and not claims.reserve(39, 50)
    assert not claims.reserve(-5, 100)
    assert claims.reserve(40, 41)


def test_labels_and_citations_need_their_form():
    kinds = lambda text: [(m.text, m.kind) for m in find_numbers(text)]  # noqa: E731
    assert kinds("- 1.701 hồ sơ được tiếp nhận.") == [("1.701", "number")]
    assert kinds("2.999 hồ sơ được giải quyết.") == [("2.999", "number")]
    assert kinds("(15) hồ sơ") == [("15", "number")]
    assert kinds("vượt kế hoạch 5%") == [("5%", "percent")]
    assert [k for _, k in kinds("theo quy định 30 ngày, dự án 12 tỷ đồng, Báo cáo 123 hồ sơ")] == ["number"] * 3
    assert kinds("1. Kết quả\n1.2. Hồ sơ\n(1) tuyên truyền") == [("1.", "label"), ("1.2.", "label"), ("1", "label")]
    assert [k for _, k in kinds("Đề án 06, Kế hoạch số 12, Thông tư 01/2023, Nghị quyết 57-NQ/TW")] == ["citation"] * 4
