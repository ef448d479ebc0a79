"""Each section kind's stance (issue 9 §2) on facts and statements written for these tests: a case
per stance that fails if the stance is wrong. Composer only, no corpus (fast, deterministic)."""

import pytest

from assistant.draft.pipeline import Drafter
from assistant.draft.types import DraftRequest
from assistant.draft.validate import check_draft
from assistant.draft.plan import DraftPlan
from assistant.facts import guard


@pytest.fixture
def compose(settings):
    drafter = Drafter(settings, index=None, backend="composer")

    def run(section, facts, message="", topic="chuyển đổi số", commune="xã Hòa Bình Tây", period="quý II/2026"):
        draft = drafter.draft(DraftRequest(section, topic, commune, period, facts=facts, message=message))
        plan = DraftPlan.from_dict(draft.plan)
        assert guard(draft.text, plan.facts).ok, draft.guard
        return draft, plan

    return run


def test_han_che_writes_a_target_as_a_target_with_the_gap(compose, make_facts):
    facts = make_facts(("Tỷ lệ văn bản xử lý trên môi trường điện tử", "86,5", "%"),
                       ("Chỉ tiêu văn bản xử lý điện tử", "92", "%"), period="quý II/2026")
    draft, plan = compose("han_che", facts)
    assert "mới đạt 86,5%" in draft.text and "chỉ tiêu 92%" in draft.text
    assert "5,5 điểm phần trăm" in draft.text  # the derived gap, grounded by the guard
    assert not check_draft(draft.text, plan), check_draft(draft.text, plan)


def test_han_che_states_the_remainder_of_a_fraction(compose, make_facts):
    draft, _ = compose("han_che", make_facts(("Hồ sơ được số hóa", "812/860", "hồ sơ")))
    assert "812/860" in draft.text and "còn 48 hồ sơ chưa được số hóa" in draft.text


def test_uu_diem_never_carries_a_shortfall_from_the_table(compose, make_facts):
    facts = make_facts(("Số tổ công nghệ số cộng đồng", "24", "tổ"), ("Hộ chưa có điện thoại thông minh", "640", "hộ"))
    draft, plan = compose("uu_diem", facts)
    assert "24 tổ" in draft.text and "640" not in draft.text and "chưa có điện thoại" not in draft.text
    assert not check_draft(draft.text, plan)


def test_ket_qua_says_by_how_much_a_target_is_exceeded(compose, make_facts):
    facts = make_facts(("Tỷ lệ hồ sơ nộp trực tuyến", "97,2", "%"), ("Kế hoạch hồ sơ nộp trực tuyến", "90", "%"))
    draft, _ = compose("ket_qua", facts)
    assert "đạt 97,2%, vượt chỉ tiêu 90%" in draft.text and "7,2 điểm phần trăm" in draft.text


def test_an_improvement_on_last_period_is_written_as_a_change(compose, make_facts):
    facts = make_facts(("Tỷ lệ người dân có tài khoản định danh mức 2", "83,1", "%"),
                       ("Tỷ lệ có tài khoản định danh năm 2025", "69,5", "%"), period="năm 2026")
    draft, _ = compose("uu_diem", facts, period="năm 2026")
    assert "83,1%" in draft.text and "tăng 13,6 điểm phần trăm so với năm 2025" in draft.text


def test_nguyen_nhan_groups_causes_by_side_in_the_order_asked(compose):
    message = ("Viết phần nguyên nhân, nêu chủ quan trước rồi đến khách quan: bà con ở vùng cao ít dùng điện thoại "
               "thông minh; cán bộ văn phòng kiêm nhiệm quá nhiều việc nên chưa hướng dẫn thường xuyên; "
               "đường truyền Internet ở các thôn xa hay mất.")
    draft, plan = compose("nguyen_nhan", [], message=message)
    text = draft.text
    assert "Về chủ quan" in text and "Về khách quan" in text
    assert text.index("Về chủ quan") < text.index("kiêm nhiệm") < text.index("Về khách quan") < text.index("vùng cao")


def test_giai_phap_opens_with_the_goal_and_keeps_who_does_what(compose, make_facts):
    facts = make_facts(("Chỉ tiêu hộ dùng ví điện tử", "70", "%"), ("Tỷ lệ hộ dùng ví điện tử", "58,3", "%"))
    message = ("Đề xuất giải pháp quý IV/2026: giao Hội Phụ nữ xã chủ trì hướng dẫn cài ví điện tử tại 11 thôn; "
               "phối hợp Bưu điện xã mở 3 điểm hỗ trợ trước ngày 30/11/2026.")
    draft, plan = compose("giai_phap", facts + make_facts(("Số thôn", "11", "thôn"), ("Điểm hỗ trợ", "3", "điểm")),
                          message=message, period="quý IV/2026")
    first = draft.text.split(". ")[0]
    assert first.startswith("Để đạt chỉ tiêu 70%") and "hiện đạt 58,3%" in first
    assert "Giao Hội Phụ nữ xã chủ trì" in draft.text and "30/11/2026" in draft.text


def test_kien_nghi_addresses_the_recipients_named(compose, make_facts):
    message = ("Kiến nghị gửi Sở Tài chính: xã còn thiếu 6 máy tính cho Bộ phận Một cửa; đề nghị bố trí kinh phí "
               "mua sắm trong năm 2026.")
    draft, plan = compose("kien_nghi", make_facts(("Máy tính còn thiếu", "6", "máy")), message=message)
    assert plan.recipients == ("Sở Tài chính",)
    assert "Đề nghị Sở Tài chính bố trí kinh phí" in draft.text
    assert "cấp trên" not in draft.text
    assert not check_draft(draft.text, plan)
