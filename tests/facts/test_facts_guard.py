"""Guard: correct drafts raise no flag; every planted error is flagged."""

import re
from decimal import Decimal

import pytest

from assistant.facts import Fact, FactSet, GuardReport, guard, repair


def factset(commune, period, rows) -> FactSet:
    facts = FactSet(commune, period)
    for name, value, unit, *den in rows:
        facts.add(Fact(name, Decimal(value), unit, denominator=Decimal(den[0]) if den else None))
    return facts


DRAFTS = [
    (factset("xã Minh Khê Thượng", "6 tháng đầu năm 2026", [
        ("Tổng số TTHC cấp xã", "402", "thủ tục"), ("TTHC trực tuyến toàn trình", "38", "thủ tục"),
        ("TTHC trực tuyến một phần", "364", "thủ tục"), ("Hồ sơ tiếp nhận", "2148", "hồ sơ"),
        ("Tỷ lệ hồ sơ nộp trực tuyến", "100", "%"), ("Hồ sơ trực tuyến toàn trình", "1693", "hồ sơ"),
        ("Hồ sơ được số hóa", "2131", "hồ sơ")]),
     "1. Kết quả thực hiện\n"
     "Thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị và Kế hoạch số 39/KH-UBND ngày 30/01/2026 của UBND xã, "
     "trong 6 tháng đầu năm 2026, UBND xã Minh Khê Thượng đã tổ chức cung cấp 402 thủ tục hành chính, trong đó "
     "38 thủ tục trực tuyến toàn trình và 364 thủ tục trực tuyến một phần [1].\n"
     "a) Xã tiếp nhận 2.148 hồ sơ, 100% hồ sơ được nộp trực tuyến; trong đó 1.693 hồ sơ trực tuyến toàn trình, "
     "đạt 78,82%, còn 455 hồ sơ trực tuyến một phần (chiếm 21,18%). Công tác số hóa đạt 2.131/2.148 hồ sơ "
     "(99,21%), bám sát yêu cầu của Đề án 06 và Nghị định 30/2020/NĐ-CP [2]."),
    (factset("xã Yên Thái Bắc", "năm 2025", [
        ("Số Tổ công nghệ số cộng đồng", "37", "tổ"), ("Số thành viên", "163", "người"),
        ("Lớp tập huấn", "6", "lớp"), ("Lượt người dân được tập huấn", "286", "lượt"),
        ("Lượt hỗ trợ VNeID", "1540", "lượt")]),
     "II. Ưu điểm\n"
     "Trong năm 2025, 37 Tổ công nghệ số cộng đồng với 163 thành viên đã hoạt động hiệu quả, bám sát "
     "Thông tư 01/2023 và Kế hoạch số 12/KH-UBND của UBND xã. Các tổ đã tổ chức sáu lớp tập huấn cho 286 lượt "
     "người dân; hỗ trợ 1.540 lượt người dân cài đặt, kích hoạt VNeID, góp phần phát triển công dân số trên "
     "nền tảng 5G và mô hình Chợ 4.0 [1]."),
    (factset("xã Phước Hòa Nam", "quý I/2026", [
        ("Máy tính đã sử dụng trên 7 năm", "14", "máy", "41"), ("Tỷ lệ phủ sóng 5G trên dân số", "48.6", "%"),
        ("Thôn còn vùng lõm sóng", "3", "thôn"), ("Băng thông tại trụ sở", "150", "Mbps")]),
     "b) Tồn tại, hạn chế\n"
     "Trong quý I/2026, hạ tầng số của xã Phước Hòa Nam còn hạn chế: 14/41 máy tính của cán bộ đã sử dụng trên "
     "7 năm (34,15%), 27 máy còn lại cấu hình chưa đồng đều; tỷ lệ phủ sóng 5G mới đạt 48,6% dân số; còn ba thôn "
     "có vùng lõm sóng di động; đường truyền tại trụ sở chỉ đạt 150 Mbps, chưa đáp ứng yêu cầu họp trực tuyến "
     "theo Quyết định số 06/QĐ-TTg ngày 06/01/2022 [2]."),
]


@pytest.mark.parametrize("facts,draft", DRAFTS)
def test_correct_drafts_have_no_false_flags(facts, draft):
    report = guard(draft, facts)
    assert report.ok, [(m.text, m.reason) for m in report.ungrounded]
    assert report.grounded
    assert GuardReport.from_dict(report.to_dict()).to_dict() == report.to_dict()


def plant(draft: str, old: str, new: str) -> str:
    assert old in draft
    return draft.replace(old, new, 1)


PLANTED = [
    # (draft index, old, new, kind)
    (0, "1.693 hồ sơ", "1.639 hồ sơ", "changed digits"),
    (0, "78,82%", "78,62%", "changed digits"),
    (0, "78,82%", "78.82%", "swapped decimal separator"),
    (0, "402 thủ tục", "4.020 thủ tục", "changed digits"),
    (1, "163 thành viên", "136 thành viên", "changed digits"),
    (2, "48,6%", "48.6%", "swapped decimal separator"),
    (0, "(99,21%)", "(99,21%), tỷ lệ toàn trình cả năm 84,03%", "seed number pasted"),
    (1, "286 lượt", "286 lượt (1247/1484 hồ sơ trực tuyến toàn trình)", "seed number pasted"),
    (2, "còn ba thôn", "còn 72,5% dân số chưa phủ sóng, ba thôn", "seed number pasted"),
    (0, "Xã tiếp nhận", "So với năm 2024, xã tiếp nhận", "fabricated year"),
    (1, "Trong năm 2025,", "Trong năm 2025 và đến năm 2030,", "fabricated year"),
    (2, "trong quý I/2026", "từ tháng 3/2027", "fabricated year"),
    (1, "sáu lớp", "tám lớp", "spelled-out count changed"),
    # Invented counts dressed as labels or document numbers (line start, after a bullet, in parentheses).
    (0, "[2].", "[2].\n- 1.701 hồ sơ được giải quyết đúng hạn.", "count after a bullet, not a label"),
    (0, "[2].", "[2].\n2.999 hồ sơ được giải quyết.", "count at a line start, not a label"),
    (0, "[2].", "[2].\n12) hồ sơ quá hạn.", "count at a line start with a parenthesis, not a label"),
    (0, "(99,21%)", "(99,21%), còn (15) hồ sơ chưa số hóa", "count in parentheses, not an enumerator"),
    (0, "đạt 78,82%", "đạt 78,82%, vượt kế hoạch 5%", "percentage after «kế hoạch», not a citation"),
    (0, "Xã tiếp nhận", "Theo quy định 30 ngày, xã tiếp nhận", "duration after «quy định», not a citation"),
    (0, "bám sát yêu cầu", "với dự án 12 tỷ đồng, bám sát yêu cầu", "money after «dự án», not a citation"),
    (0, "[1].\n", "[1].\nBáo cáo 123 hồ sơ đã giải quyết.\n", "count after «Báo cáo», not a citation"),
]


@pytest.mark.parametrize("index,old,new,kind", PLANTED)
def test_planted_errors_are_flagged(index, old, new, kind):
    facts, draft = DRAFTS[index]
    if old not in draft:
        old = old[0].upper() + old[1:]
        new = new[0].upper() + new[1:]
    bad = plant(draft, old, new)
    report = guard(bad, facts)
    changed_at = bad.index(new)
    flagged = [m for m in report.ungrounded if changed_at <= m.start < changed_at + len(new)]
    assert flagged, f"{kind}: {new} not flagged"
    assert len(report.ungrounded) == len(flagged)  # nothing else is flagged


def test_labels_and_document_numbers_stay_references():
    facts, _ = DRAFTS[0]
    draft = ("II. KẾT QUẢ\n1.1. Hồ sơ tiếp nhận\n12) Tuyên truyền\n"
             "Xã tập trung (1) tuyên truyền, (2) đào tạo theo Chương trình 02 của Ban Chỉ đạo, kế hoạch 02 trên "
             "địa bàn, Kế hoạch số 12 ngày 03/02/2026, Thông tư 01/2023 và Đề án 06 xã Minh Khê Thượng; "
             "tiếp nhận 2.148 hồ sơ.")
    report = guard(draft, facts)
    assert report.ok, [(m.text, m.reason) for m in report.ungrounded]
    assert {m.text for m in report.mentions if m.status == "reference"} >= {"1.1.", "12)", "1", "2", "02", "12", "01/2023", "06"}


def test_repair_fixes_unique_near_miss_and_marks_the_rest():
    facts, draft = DRAFTS[0]
    bad = draft.replace("1.693 hồ sơ", "1.639 hồ sơ").replace("78,82%", "78.82%").replace(
        "(99,21%)", "(99,21%), năm 2024 đạt 87%")
    result = repair(bad, guard(bad, facts))
    assert "1.693 hồ sơ trực tuyến toàn trình" in result.text  # one digit swap of exactly one fact
    assert "78,82%" in result.text  # separator swapped back
    assert "87% [cần kiểm tra]" in result.text and "2024 [cần kiểm tra]" in result.text
    assert guard(result.text.replace(" [cần kiểm tra]", ""), facts).ungrounded  # the unknowns remain
    assert {r.new for r in result.replacements} == {"1.693", "78,82%"}


def test_repair_never_guesses_between_two_facts():
    facts = factset("xã A", "năm 2025", [("Hộ nghèo", "125", "hộ"), ("Hộ cận nghèo", "127", "hộ")])
    result = repair("Xã còn 126 hộ nghèo.", guard("Xã còn 126 hộ nghèo.", facts))
    assert result.text == "Xã còn 126 [cần kiểm tra] hộ nghèo." and not result.replacements


def test_a_period_the_outline_names_is_a_reference_not_a_figure():
    """A "nhiệm vụ 6 tháng cuối năm 2026" section of a 6 tháng đầu năm report names its own period."""
    from assistant.facts.guard import GuardContext

    facts = FactSet("Tân Hòa", "6 tháng đầu năm 2026", [
        Fact("Tỷ lệ thanh toán trực tuyến", Decimal("64.0"), "%", period="6 tháng đầu năm 2026", id="tt")])
    text = "Trong 6 tháng cuối năm 2026, phấn đấu nâng tỷ lệ thanh toán trực tuyến (hiện đạt 64,0%)."
    without = {m.text: m.status for m in guard(text, facts).mentions}
    assert without["6"] == "ungrounded"  # a period nobody named is not taken on trust
    named = {m.text: m.status for m in guard(text, facts, GuardContext(periods=("6 tháng cuối năm 2026",))).mentions}
    assert named["6"] == "reference" and named["64,0%"] == "grounded"
