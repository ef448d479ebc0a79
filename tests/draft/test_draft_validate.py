"""The validator that decides whether an LLM rewrite may replace the composer's grounded draft."""

import pytest

from assistant.draft.grounding import factset_for
from assistant.draft.types import DraftRequest, FactLine
from assistant.draft.validate import Expectations, validate

FACTS = [FactLine("Máy tính đã dùng trên 6 năm", "12/35", "máy"), FactLine("Tỷ lệ máy tính cũ", "34,29", "%")]
ORIGINAL = ("Công tác hạ tầng số của UBND xã Hòa Bình Tây vẫn còn một số tồn tại, hạn chế. Cụ thể: máy tính đã dùng "
            "trên 6 năm là 12/35 máy; tỷ lệ máy tính cũ ở mức 34,29%. Đường truyền tại một số thôn chưa ổn định [2].")
GOOD = ("Công tác hạ tầng số của UBND xã Hòa Bình Tây còn nhiều tồn tại, hạn chế. Trang thiết bị đã xuống cấp, "
        "12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%. Đường truyền tại một số thôn chưa ổn định [2].")


def _check(text: str, kind: str = "han_che", original: str = ORIGINAL, ratio=(0.6, 1.5)):
    request = DraftRequest(kind, "hạ tầng số", "xã Hòa Bình Tây", "quý I/2026", facts=FACTS)
    expected = Expectations.of(original, kind, FACTS, request.commune_name, ratio)
    return validate(text, expected, factset_for(request))


def test_a_faithful_rewrite_is_accepted():
    verdict = _check(GOOD)
    assert verdict.ok, verdict.problems


@pytest.mark.parametrize("bad, problem", [
    (GOOD.replace("12/35", "0.1235"), "có số không có trong số liệu"),
    (GOOD.replace("12/35 máy tính đã dùng trên 6 năm, ", ""), "làm mất số liệu: «12/35 máy»"),
    (GOOD.replace("xã Hòa Bình Tây", "xã"), "không còn nêu tên xã"),
    (GOOD.replace("[2]", "[5]"), "dấu trích dẫn không có trong bản gốc: [5]"),
    (GOOD + " Có thể thấy rằng xã cần thêm máy tính.", "suy đoán"),
    (GOOD + " Điều này có thể là do thiếu kinh phí.", "«điều này có thể là do»"),
    ("Chúng tôi nhận thấy " + GOOD[0].lower() + GOOD[1:], "ngôi thứ nhất"),
    ("- " + GOOD.replace(". ", ".\n- "), "markdown"),
    (GOOD.replace("12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%", "Máy tính cũ: 12/35 máy, tỷ lệ: 34,29%"), "tên: số"),
    (GOOD[:-4], "câu cuối chưa hoàn chỉnh"),
    (GOOD + " " + GOOD, "quá dài"),
])
def test_each_broken_rule_is_named(bad, problem):
    verdict = _check(bad)
    assert not verdict.ok
    assert any(problem in p for p in verdict.problems), verdict.problems


def test_polarity_praise_in_han_che_and_criticism_in_ket_qua():
    praised = GOOD + " Nhìn chung, công tác hạ tầng số đã đạt kết quả tốt."
    assert any("lại khen: «đạt kết quả tốt»" in p for p in _check(praised).problems)
    # The same sentence is fine in a positive section; a limitation there is not.
    positive = ("UBND xã Hòa Bình Tây đã đầu tư hạ tầng số; 12/35 máy tính đã được thay, tỷ lệ đạt 34,29%. "
                "Đường truyền được nâng cấp [2].")
    assert _check(positive + " Công tác này đạt kết quả tốt.", "ket_qua", positive).ok
    criticised = positive + " Tuy nhiên đường truyền còn nhiều khó khăn."
    assert any("lại nêu hạn chế" in p for p in _check(criticised, "ket_qua", positive).problems)


def test_phrases_already_in_the_original_are_not_held_against_the_rewrite():
    original = ORIGINAL + " Việc số hóa hồ sơ có thể thấy rõ qua phần mềm [2]."
    assert _check(GOOD + " Việc số hóa hồ sơ có thể thấy rõ qua phần mềm [2].", original=original).ok


def test_shorter_bounds_reject_a_rewrite_that_is_not_shorter():
    verdict = _check(ORIGINAL, ratio=(0.3, 0.9))
    assert any("quá dài" in p for p in verdict.problems)


def test_prompt_echo_example_copy_and_misplaced_units_are_rejected():
    facts = [FactLine("Tổng số TTHC", "402", "thủ tục"), FactLine("Hồ sơ tiếp nhận", "2.148", "hồ sơ")]
    original = "UBND xã Minh Khê có 402 thủ tục hành chính; tiếp nhận 2.148 hồ sơ trong kỳ."
    request = DraftRequest("ket_qua", "thủ tục hành chính", "xã Minh Khê", "quý I/2026", facts=facts)
    example = "Công tác chuyển đổi số của UBND xã Hòa Lạc Tây còn một số tồn tại."
    expected = Expectations.of(original, "ket_qua", facts, request.commune_name, example=example)

    def problems(text):
        return " ".join(validate(text, expected, factset_for(request)).problems)

    assert problems("UBND xã Minh Khê có 402 thủ tục hành chính và đã tiếp nhận 2.148 hồ sơ trong kỳ.") == ""
    assert "sai đơn vị: «402 hồ sơ»" in problems("UBND xã Minh Khê đã nhận 402 hồ sơ TTHC; tiếp nhận 2.148 hồ sơ.")
    assert "chép lại lời yêu cầu" in problems(original + "\nYêu cầu: Biên tập đoạn văn trên cho trôi chảy.")
    assert "ví dụ mẫu" in problems("Công tác chuyển đổi số của UBND xã Minh Khê có 402 thủ tục; tiếp nhận 2.148 hồ sơ.")


def test_a_value_followed_by_its_own_unit_is_not_misplaced():
    facts = [FactLine("Lượt người dân được tập huấn", "286", "lượt"), FactLine("Số thành viên", "163", "người")]
    original = "UBND xã Yên Khê có 163 người tham gia; tổ chức tập huấn cho 286 lượt người dân."
    request = DraftRequest("uu_diem", "kỹ năng số", "xã Yên Khê", "năm 2025", facts=facts)
    expected = Expectations.of(original, "uu_diem", facts, request.commune_name)
    assert validate("UBND xã Yên Khê tập huấn cho 286 lượt người dân, với 163 người tham gia tổ.", expected,
                    factset_for(request)).ok
    assert not validate("UBND xã Yên Khê tập huấn cho 286 người dân, với 163 người tham gia tổ.", expected,
                        factset_for(request)).ok


def test_a_garbled_topic_is_rejected():
    facts = [FactLine("Số tổ", "37", "tổ")]
    original = "Trong năm 2025, công tác tổ công nghệ số cộng đồng của UBND xã Yên Khê có 37 tổ hoạt động."
    request = DraftRequest("uu_diem", "Tổ công nghệ số cộng đồng", "xã Yên Khê", "năm 2025", facts=facts)
    expected = Expectations.of(original, "uu_diem", facts, request.commune_name, phrases=(request.topic,))
    garbled = "Trong năm 2025, công tác tổ chức nghệ số cộng đồng của UBND xã Yên Khê có 37 tổ hoạt động."
    assert any("«Tổ công nghệ số cộng đồng»" in p for p in validate(garbled, expected, factset_for(request)).problems)
    assert validate(original.replace("có 37", "duy trì 37"), expected, factset_for(request)).ok
