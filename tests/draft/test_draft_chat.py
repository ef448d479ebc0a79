"""Chat with the composer: intents, revisions applied to the section on screen (issue 9 §7),
corrections re-run the guard, state round-trips."""

import json

from assistant.draft.chat import ChatSession, ChatState, detect_intent
from assistant.draft.pipeline import Drafter, collect

KET_QUA = ("Viết phần \"Kết quả thực hiện\" về dịch vụ công trực tuyến cho báo cáo 6 tháng đầu năm 2026 "
           "của UBND xã Hòa Bình Tây. Số liệu: tiếp nhận 1.250 hồ sơ, trong đó 980 hồ sơ toàn trình; "
           "tổ chức 4 lớp hướng dẫn cho 210 lượt người dân; số hóa 1.180 hồ sơ.")
HAN_CHE = ("Viết phần hạn chế về hạ tầng số của xã Hòa Bình Tây quý I/2026: còn 12/35 máy tính đã dùng trên 6 năm; "
           "đường truyền tại trụ sở hay chập chờn khi họp trực tuyến; còn 2 thôn có vùng lõm sóng.")


def test_intents_by_rules():
    state = ChatState(last_section="han_che", sections={"han_che": {}})
    assert detect_intent("sửa: hồ sơ toàn trình là 1.701", state) == "set_fact"
    assert detect_intent("tìm các báo cáo nói về thanh toán không dùng tiền mặt", state) == "search"
    assert detect_intent("kiểm tra số liệu của báo cáo", state) == "check"
    assert detect_intent("ngắn hơn", state) == "revise"
    assert detect_intent("thêm ý về an toàn thông tin", state) == "revise"
    assert detect_intent("viết mục kiến nghị về kinh phí", state) == "draft"
    assert detect_intent("xin chào", ChatState()) == "help"


def _session(settings, index=None):
    return ChatSession(Drafter(settings, index=index, backend="composer"))


def test_a_revision_applies_to_the_section_on_screen_not_the_last_drafted(settings):
    session = _session(settings)
    collect(session.send(HAN_CHE))
    collect(session.send(KET_QUA))
    assert session.state.last_section == "ket_qua"
    han_che = session.state.draft("han_che").text
    ket_qua = session.state.draft("ket_qua").text
    reply = collect(session.send("ngắn hơn", section="han_che"))
    assert reply.draft.section == "han_che"
    assert session.state.draft("ket_qua").text == ket_qua  # untouched
    shorter = session.state.draft("han_che").text
    assert len(shorter) < len(han_che)
    for figure in ("12/35", "2 thôn"):
        assert figure in shorter


def test_form_revisions_keep_every_figure(settings):
    session = _session(settings)
    collect(session.send(KET_QUA))
    before = session.state.draft("ket_qua").text
    bullets = collect(session.send("tách thành gạch đầu dòng", section="ket_qua")).draft.text
    assert sum(line.startswith("- ") for line in bullets.split("\n")) >= 3
    for figure in ("1.250", "980", "4 lớp", "210", "1.180"):
        assert figure in before and figure in bullets
    prose = collect(session.send("viết thành đoạn văn", section="ket_qua")).draft.text
    assert "\n- " not in prose and "980" in prose
    cut = collect(session.send("bỏ câu cuối", section="ket_qua")).draft
    assert len(cut.text) < len(prose)


def test_add_point_uses_the_officers_facts_then_the_corpus_then_says_there_is_none(settings, draft_index):
    session = _session(settings, draft_index)
    collect(session.send(HAN_CHE))
    before = session.state.draft("han_che")
    reply = collect(session.send("thêm ý về an toàn thông tin", section="han_che"))
    draft = reply.draft
    assert "an toàn thông tin" in draft.text and len(draft.text) > len(before.text)
    new = [c for c in draft.citations if c.marker not in {b.marker for b in before.citations}]
    assert len(new) == 1 and f"[{new[0].marker}]" in draft.text
    chunk = draft_index.chunk(new[0].chunk_id)
    assert str(getattr(chunk.kind, "value", chunk.kind)) == "han_che"
    assert "Khe Trúc" not in draft.text and draft.guard["ok"]
    assert "vượt kế hoạch" not in draft.text  # no other commune's result put back
    nothing = collect(session.send("thêm ý về nuôi trồng thủy sản", section="han_che"))
    assert "Không có" in " ".join(nothing.draft.notices)
    assert nothing.draft.text == draft.text


def test_correction_regrounds_and_state_round_trips(settings):
    session = _session(settings)
    collect(session.send(KET_QUA))
    reply = collect(session.send("sửa: hồ sơ toàn trình là 1.001"))
    assert reply.intent == "set_fact"
    text = session.state.sections["ket_qua"]["text"]
    assert "1.001" in text and "980" not in text and session.state.sections["ket_qua"]["guard"]["ok"]
    restored = ChatState.from_dict(json.loads(json.dumps(session.state.to_dict(), ensure_ascii=False)))
    assert restored == session.state


def test_search_intent_lists_passages(settings, draft_index):
    reply = collect(_session(settings, draft_index).send("tìm các báo cáo nói về kinh phí nâng cấp hạ tầng"))
    assert reply.intent == "search" and reply.hits
    assert all("source" in h and "section_path" in h for h in reply.hits)
