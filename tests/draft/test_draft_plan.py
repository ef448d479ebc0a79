"""Understanding a request as a plan (issue 9 §1), on requests written for these tests in voices the
clause classifier was not tuned on: instructions end in the plan, never in the draft."""

import pytest

from assistant.draft.pipeline import Drafter
from assistant.draft.types import DraftRequest
from assistant.draft.understand import build_plan
from assistant.draft.validate import leaked_instructions

HELD_OUT = [
    # (section, message, instruction phrases that must not reach the draft, a statement that must)
    ("han_che", "Anh chị soạn giúp em đoạn hạn chế về chữ ký số nhé, ngắn gọn thôi: còn 5 cán bộ chưa có chữ ký số "
                "cá nhân; phần mềm quản lý văn bản hay lỗi khi ký. Đừng nêu tên phần mềm.",
     ["soạn giúp em", "ngắn gọn thôi", "Đừng nêu tên phần mềm"], "còn 5 cán bộ chưa có chữ ký số"),
    ("ket_qua", "viet giup minh phan ket qua so hoa ho so: da so hoa 1.320 ho so, dat 94,5%. viet 1 doan thoi",
     ["viet giup minh", "viet 1 doan thoi"], "1.320"),
    ("giai_phap", "Cho tôi mấy ý giải pháp, gạch đầu dòng: tiếp tục mở lớp kỹ năng số tại 4 thôn còn lại; "
                  "giao công chức văn hóa xã theo dõi, báo cáo hằng tháng.",
     ["Cho tôi mấy ý giải pháp", "gạch đầu dòng"], "mở lớp kỹ năng số"),
]


@pytest.mark.parametrize("section, message, instructions, statement", HELD_OUT)
def test_instructions_stay_in_the_plan_and_out_of_the_draft(settings, make_facts, section, message, instructions,
                                                            statement):
    facts = make_facts(("Hồ sơ được số hóa", "1.320", "hồ sơ"), ("Tỷ lệ số hóa", "94,5", "%"),
                       ("Cán bộ chưa có chữ ký số", "5", "người"), ("Thôn còn lại", "4", "thôn"))
    request = DraftRequest(section, "chuyển đổi số", "xã Hòa Bình Tây", "quý I/2026", facts=facts, message=message)
    plan = build_plan(request)
    assert plan.instructions, "the classifier found no instruction"
    draft = Drafter(settings, index=None, backend="composer").draft(request)
    low = draft.text.lower()
    for phrase in instructions:
        assert phrase.lower() not in low, (phrase, draft.text)
    assert statement.lower() in low or statement in draft.text, draft.text
    assert not leaked_instructions(draft.text, plan.instructions, plan.commune)


def test_form_and_recipients_are_read_from_the_request(make_facts):
    request = DraftRequest("kien_nghi", "kinh phí", "xã Hòa Bình Tây", "quý I/2026",
                           message="Viết kiến nghị gửi UBND tỉnh và Sở Tài chính, 3 câu thôi: đề nghị hỗ trợ kinh "
                                   "phí nâng cấp đường truyền tại trụ sở.")
    plan = build_plan(request)
    assert set(plan.recipients) == {"UBND tỉnh", "Sở Tài chính"}
    assert plan.form.sentences is not None and plan.form.sentences[0] <= 3 <= plan.form.sentences[1]
    bullets = build_plan(DraftRequest("nguyen_nhan", "x", "xã A", message="liệt kê các nguyên nhân theo gạch đầu dòng: "
                                                                          "người dân ít dùng điện thoại thông minh"))
    assert bullets.form.layout == "bullets"


def test_a_target_typed_in_the_table_is_attached_to_its_indicator(make_facts):
    facts = make_facts(("Tỷ lệ hồ sơ trực tuyến", "71,4", "%"), ("Chỉ tiêu hồ sơ trực tuyến", "80", "%"))
    plan = build_plan(DraftRequest("han_che", "dịch vụ công", "xã A", "quý I/2026", facts=facts))
    rate = next(f for f in plan.facts if f.name == "Tỷ lệ hồ sơ trực tuyến")
    assert rate.target == 80
    assert [i.fact_ids for i in plan.items] == [(rate.id,)]  # the target is not an item of its own
