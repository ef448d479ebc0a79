"""Held-out-style checks: cases beyond the dev set, on the seeds and on four hand-written reports
of fictional communes (``cases/report_*.txt``), plus one focused test per generalized rule.

The case files follow ``../shared/eval/numbers_dev.jsonl``: ``numbers_extra.jsonl`` quotes the
seeds (read from ../shared, skipped when absent); ``numbers_synthetic.jsonl`` quotes the reports
in ``cases/``, with planted inconsistencies and correct figures that look suspicious (rounding,
fewer decimals, "trên 90%", ranges, lũy kế, other periods, targets, similar indicator names).
"""

from pathlib import Path

import pytest

from assistant.facts import check_consistency, find_numbers
from assistant.facts.evaluate import run_cases, summarize
from assistant.facts.layout import block_bounds, unwrap

CASES = Path(__file__).parent / "cases"  # not "data/": .gitignore ignores every data/ folder


def rules(text):
    return sorted(f.rule for f in check_consistency(text))


def assert_all_right(summary):
    wrong = [c["id"] for c in summary["cases"] if c["flagged"] != c["expected_inconsistent"]]
    assert not wrong and summary["recall"] == 1.0 and summary["false_positives"] == 0, wrong


def test_extra_seed_cases(seeds_dir):
    assert_all_right(summarize(run_cases(CASES / "numbers_extra.jsonl", Path(seeds_dir))))


def test_synthetic_report_cases():
    results = run_cases(CASES / "numbers_synthetic.jsonl", CASES)
    assert not [r.id for r in results if r.problem]  # every quote is found verbatim
    summary = summarize(results)
    assert sum(c["expected_inconsistent"] for c in summary["cases"]) >= 20
    assert_all_right(summary)


# ---------------------------------------------------------------- PDF hard wraps


def test_unwrap_keeps_offsets_and_joins_continuations():
    text = "giải quyết 1.180/1.205 \n\nhồ sơ, đạt \n\n4\n\n97,1%; xong.\n- Mục mới\n2. Tiêu đề\nthấp"
    flat = unwrap(text)
    assert len(flat) == len(text)
    assert "1.205   " in flat and "\n" not in flat[:flat.index("97,1%")]
    assert "\n- Mục mới\n2. Tiêu đề" in flat  # bullets and headings are not continuations


def test_percent_after_a_hard_wrap_and_page_number_is_checked():
    text = "Số hồ sơ đã giải quyết đúng hạn 1.180/1.205 \n\nhồ sơ, đạt \n\n12\n\n97,1%; không có hồ sơ trễ hạn."
    finding = check_consistency(text)[0]
    assert finding.rule == "percent_fraction" and "1.180/1.205 × 100 = 97,93%" in finding.message


def test_number_opening_a_wrapped_line_is_a_quantity_page_number_is_not():
    found = {m.text: m.kind for m in find_numbers("kinh phí chuyển đổi số\n850 triệu đồng;\n  7  \n1. Mục")}
    assert found["850"] == "number" and found["7"] == "label" and found["1."] == "label"


# ---------------------------------------------------------------- parts and totals


def test_bullet_parts_take_each_line_first_count_and_fraction_over_total():
    text = ("Tổng số nhiệm vụ được giao: 20, trong đó:\n\n"
            "- (1) Số nhiệm vụ đã hoàn thành: 18/20 (trong hạn: 17/20, quá hạn: 1 nhiệm vụ);\n\n"
            "- (2) Số nhiệm vụ quá hạn chưa hoàn thành: 0 nhiệm vụ;\n\n"
            "- (3) Số nhiệm vụ đang thực hiện trong hạn: 3 nhiệm vụ\n\nII. VỀ CHUYỂN ĐỔI SỐ")
    assert [f.message for f in check_consistency(text)] == ["18 + 0 + 3 = 21, khác tổng 20"]
    assert not rules(text.replace(": 3 nhiệm vụ", ": 2 nhiệm vụ"))


def test_nested_breakdown_in_a_bullet_is_not_a_sibling_part():
    text = ("- Tổng số nhiệm vụ được giao: 9, trong đó:\n\n+ Số nhiệm vụ đã hoàn thành: 5, tỷ lệ 55,56%, trong "
            "đó: đúng hạn: 4, quá hạn: 1.\n\n+ Số nhiệm vụ đang thực hiện: 4.\n\n- Đánh giá: tốt.")
    assert not rules(text)
    assert rules(text.replace("thực hiện: 4.", "thực hiện: 5.")) == ["parts_total"]


def test_money_parts_in_mixed_scales():
    text = "Tổng kinh phí được phân bổ năm 2025: 1,2 tỷ đồng, trong đó: chuyển đổi số 850 triệu đồng; khác 300 triệu đồng."
    assert [f.message for f in check_consistency(text)] == ["0,85 + 0,3 = 1,15 tỷ đồng, khác tổng 1,2 tỷ đồng"]
    assert not rules(text.replace("300 triệu", "350 triệu"))


def test_partial_breakdown_is_not_a_parts_claim():
    assert not rules("Hiện có 26 doanh nghiệp đang hoạt động, trong đó có 2 doanh nghiệp công nghệ số và "
                     "1 hợp tác xã ứng dụng truy xuất nguồn gốc.")


# ---------------------------------------------------------------- rates


def test_rate_stated_as_a_count_is_a_unit_mismatch():
    assert rules("Toàn xã có 1.245 hộ; tỷ lệ hộ có kết nối cáp quang đạt 1.108 hộ.") == ["unit_mismatch"]
    assert not rules("Tỷ lệ thôn có wifi trên tổng số 14 thôn đạt 100%.")  # the base of a rate
    assert not rules("Tỷ lệ cung cấp dịch vụ công trực tuyến toàn trình đạt: 9,5/10 điểm.")  # a score


def test_fraction_written_in_words():
    text = "Số hồ sơ được số hóa 1.150 hồ sơ trên tổng số 1.318 hồ sơ, đạt 88,5%."
    assert "1.150/1.318 × 100 = 87,25%" in check_consistency(text)[0].message
    assert not rules(text.replace("88,5%", "87,3%"))  # 87,25… rounded half-up to one decimal


def test_growth_over_100_percent_is_not_a_rate():
    assert not rules("Tỷ lệ thanh toán trực tuyến đạt 87,5% (tăng 12,3%). So với năm 2024, số hồ sơ tăng 125%.")


# ---------------------------------------------------------------- same indicator, two values

APPENDIX = ("TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả 6 tháng đầu năm 2026\n"
            "1\tTỷ lệ hồ sơ giải quyết đúng hạn\t%\t100\t98,5\n"
            "2\tTỷ lệ hồ sơ trực tuyến toàn trình\t%\t80\t78,82\n"
            "3\tKinh phí bố trí cho chuyển đổi số\ttriệu đồng\t700\t0,35\n")


def test_other_period_is_not_a_second_value():
    assert not rules("Riêng tháng 6/2026, tỷ lệ hồ sơ giải quyết đúng hạn đạt 100%.\n\n" + APPENDIX)
    assert rules("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 97%.\n\n" + APPENDIX) == ["two_values"]


def test_broader_indicator_is_not_the_narrower_table_row():
    assert not rules("Tỷ lệ hồ sơ trực tuyến đạt 100%.\n\n" + APPENDIX)


def test_bounds_and_ranges_are_not_compared():
    assert not rules("Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 90%.\n\n" + APPENDIX)
    assert not rules("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 96 - 98%.\n\n" + APPENDIX)


def test_table_unit_scale_is_folded_in():
    finding = check_consistency("Xã được bố trí kinh phí 350 triệu đồng cho chuyển đổi số.\n\n" + APPENDIX)[0]
    assert finding.rule == "two_values" and "350.000 đồng" in finding.message
    assert "350.000.000 đồng" in finding.message


def test_counts_of_different_units_are_different_indicators():
    text = ("Thành lập 52 tổ công nghệ số cộng đồng. Trong 6 tháng đầu năm, 52 tổ công nghệ số cộng đồng "
            "đã hỗ trợ 2.340 lượt người dân.")
    assert not rules(text)


def test_body_count_named_by_the_words_after_it_matches_a_grid_column():
    grid = ("STT\tSố hồ sơ trực tuyến\t\tSố hồ sơ trực tiếp\t\n"
            "\tNăm 2025\tLũy kế từ 01/7/2025\tNăm 2025\tLũy kế từ 01/7/2025\n1\t1.250\t640\t113\t52\n")
    assert rules("Trong năm 2025, Trung tâm tiếp nhận 1.205 hồ sơ trực tuyến.\n\n" + grid) == ["two_values"]
    assert not rules("Trong năm 2025, Trung tâm tiếp nhận 1.250 hồ sơ trực tuyến.\n\n" + grid)
    assert not rules("Trong tháng 11/2025, Trung tâm tiếp nhận 98 hồ sơ trực tuyến.\n\n" + grid)


def test_sub_count_larger_than_the_status_count():
    tasks = "".join(f"{i}\tNhiệm vụ số {i}\t{status}\tGhi chú\n" for i, status in enumerate(
        ["Đã hoàn thành", "Đang triển khai thực hiện", "Chưa thực hiện", "Đã hoàn thành"], start=1))
    table = "STT\tTên nhiệm vụ\tKết quả\tGhi chú\n" + tasks
    assert rules("+ Số nhiệm vụ đang thực hiện đúng hạn: 3.\n\n" + table) == ["two_values"]
    assert not rules("+ Số nhiệm vụ đang thực hiện đúng hạn: 1.\n\n" + table)


# ---------------------------------------------------------------- evaluation blocks


def test_a_list_is_one_block_for_the_evaluation():
    text = "Mở đầu.\n\n- Tổng: 20, trong đó:\n\n+ a: 18;\n\n+ b: 3\n\n- Đánh giá: tốt."
    start = text.index("- Tổng")
    block = block_bounds(text, start, start + 10)
    assert text[slice(*block)] == "- Tổng: 20, trong đó:\n\n+ a: 18;\n\n+ b: 3"
    inner = text.index("+ b")
    assert block_bounds(text, inner, inner + 3) == block


# ---------------------------------------------------------------- found blind on report_an_thinh.txt


def test_parenthesis_after_a_count_is_its_breakdown():
    assert rules("Số trẻ em được cấp thẻ bảo hiểm y tế: 412 trẻ (nam 215 trẻ, nữ 201 trẻ).") == ["parts_total"]
    assert not rules("Tổng số lao động có việc làm mới: 215 người (nam 120 người, nữ 95 người).")
    assert not rules("Tiếp nhận 1.484 hồ sơ (tăng 120 hồ sơ so với cùng kỳ, bằng 1.364 hồ sơ năm trước).")


def test_remainder_sentence_is_reported_once():
    assert rules("Tổng số hộ nghèo đầu năm 125 hộ, đã thoát nghèo 32 hộ, còn lại 95 hộ nghèo.") == ["remainder"]


def test_abbreviation_in_a_table_name_matches_the_spelled_out_body_name():
    table = "TT\tChỉ tiêu\tĐVT\tKế hoạch\tThực hiện năm 2025\n4\tTỷ lệ người dân tham gia BHYT\t%\t95\t95,8\n"
    assert rules("Tỷ lệ tham gia bảo hiểm y tế đạt 96,61%.\n\n" + table) == ["two_values"]
    assert not rules("Tỷ lệ tham gia bảo hiểm y tế đạt 95,8%.\n\n" + table)


def test_comparison_column_is_result_over_plan():
    table = ("TT\tChỉ tiêu\tĐVT\tKế hoạch năm 2025\tThực hiện năm 2025\tSo sánh (%)\n"
             "1\tThu ngân sách trên địa bàn\ttriệu đồng\t5.000\t5.240\t104,8\n"
             "2\tSố hộ đạt danh hiệu gia đình văn hóa\thộ\t1.900\t1.850\t98,4\n")
    messages = [f.message for f in check_consistency(table)]
    assert messages == ["1.850/1.900 × 100 = 97,37%, khác 98,4% đã ghi ở cột «so sánh (%)»"]
