"""The validator: whole-draft usability checks (issue 9 §6) and the per-sentence check of an LLM rewrite."""

import pytest

from assistant.draft.clauses import Form
from assistant.draft.plan import DraftPlan
from assistant.draft.realize import Sentence
from assistant.draft.validate import check_draft, check_sentence
from assistant.facts import FactSet


def _plan(kind="han_che", facts=(), **form):
    return DraftPlan(kind, "hạ tầng số", "xã Hòa Bình Tây", "quý I/2026", form=Form(**form),
                     facts=FactSet("xã Hòa Bình Tây", "quý I/2026", list(facts)),
                     instructions=("viết ngắn gọn giúp mình", "không thêm số liệu khác"))


GOOD = ("Bên cạnh những kết quả đạt được, UBND xã Hòa Bình Tây vẫn còn một số hạn chế về hạ tầng số. "
        "Xã còn 2 thôn có vùng lõm sóng. Đường truyền tại trụ sở chưa ổn định.")


def test_a_usable_draft_has_no_problem(make_facts):
    assert check_draft(GOOD, _plan(facts=make_facts(("Thôn còn vùng lõm sóng", "2", "thôn")))) == []


@pytest.mark.parametrize("text, plan_args, problem", [
    (GOOD + " Viết ngắn gọn giúp mình.", {}, "chép lời dặn"),
    ("Cụ thể: Ý chính: xã còn 2 thôn có vùng lõm sóng.", {}, "«nhãn: …»"),
    ("Dưới đây là phần hạn chế. " + GOOD, {}, "trò chuyện"),
    (GOOD + " Chúng tôi sẽ khắc phục.", {}, "ngôi thứ nhất"),
    ("**Hạn chế**: " + GOOD, {}, "markdown"),
    (GOOD, {"layout": "bullets"}, "gạch đầu dòng"),
    ("Hạn chế như sau:\n- Xã còn 2 thôn có vùng lõm sóng;\n- Đường truyền chưa ổn định.", {"layout": "paragraphs"},
     "gạch đầu dòng khi không"),
    (GOOD, {"sentences": (6, 7)}, "có 3 câu"),
    ("Về khách quan, đường truyền hay mất. Về chủ quan, cán bộ kiêm nhiệm.", {"order": ("chủ quan", "khách quan")},
     "thứ tự"),
])
def test_each_unusable_shape_is_named(text, plan_args, problem):
    problems = check_draft(text, _plan(**plan_args))
    assert any(problem in p for p in problems), problems


def test_kien_nghi_must_name_its_recipients():
    plan = _plan("kien_nghi")
    plan.recipients = ("Sở Nội vụ",)
    assert any("Sở Nội vụ" in p for p in check_draft("Đề nghị cấp trên quan tâm bố trí biên chế.", plan))
    assert not check_draft("Đề nghị Sở Nội vụ quan tâm bố trí biên chế.", plan)


def test_shortfall_in_uu_diem_and_target_as_result(make_facts):
    plan = _plan("uu_diem", facts=make_facts(("Chỉ tiêu hồ sơ trực tuyến", "95", "%"), ("Tỷ lệ hồ sơ", "88,4", "%")))
    assert any("ưu điểm nêu hạn chế" in p for p in check_draft("Tỷ lệ hồ sơ mới đạt 88,4%.", plan))
    assert any("như kết quả" in p for p in check_draft("Xã đạt 88,4% và 95% hồ sơ trực tuyến.", plan))
    assert not any("như kết quả" in p for p in check_draft("Tỷ lệ hồ sơ đạt 88,4% (chỉ tiêu 95%).", plan))


ORIGINAL = Sentence("Xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%), cấu hình thấp.", "item", stance="shortfall")


@pytest.mark.parametrize("answer, problem", [
    ("Xã còn 12/35 máy tính đã sử dụng trên 6 năm, cấu hình thấp.", "làm mất hoặc đổi số liệu"),
    ("Xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%), năm 2019 mới mua 3 máy.", "có số không có"),
    ("Chúng tôi còn 12/35 máy tính đã dùng trên 6 năm (34,29%), cấu hình thấp.", "ngôi thứ nhất"),
    ("Xã đã đạt kết quả tốt, dù 12/35 máy tính đã dùng trên 6 năm (34,29%).", "lại khen"),
    ("Câu gốc: Xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%).", "chép lại lời yêu cầu"),
    ("Xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%), cấu hình", "chưa hoàn chỉnh"),
    ("Bên cạnh đó, xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%), cấu hình thấp.", "từ nối"),
    ("Xã còn 12/35 máy tính đã dùng trên 6 năm (34,29%)), cấu hình thấp.", "ngoặc không cân đối"),
])
def test_a_sentence_rewrite_is_rejected_for_what_the_model_does_wrong(make_facts, answer, problem):
    facts = make_facts(("Máy tính đã dùng trên 6 năm", "12/35", "máy"), ("Tỷ lệ máy tính cũ", "34,29", "%"))
    problems = check_sentence(answer, ORIGINAL, _plan(facts=facts))
    assert any(problem in p for p in problems), problems


def test_a_faithful_sentence_rewrite_is_accepted(make_facts):
    facts = make_facts(("Máy tính đã dùng trên 6 năm", "12/35", "máy"), ("Tỷ lệ máy tính cũ", "34,29", "%"))
    answer = "Trên địa bàn xã còn 12/35 máy tính đã sử dụng trên 6 năm (34,29%), cấu hình thấp."
    assert check_sentence(answer, ORIGINAL, _plan(facts=facts)) == []
