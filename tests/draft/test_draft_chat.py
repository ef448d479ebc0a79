"""Chat with the composer: intents by rules, corrections re-run the guard, state round-trips."""

import json

from assistant.draft.chat import ChatReply, ChatSession, ChatState, detect_intent
from assistant.draft.pipeline import Drafter

ASK = ("Viết phần \"Kết quả thực hiện\" về dịch vụ công trực tuyến cho báo cáo 6 tháng đầu năm 2026 "
       "của UBND xã Hòa Bình Tây. Số liệu: tiếp nhận 1.250 hồ sơ, trong đó 980 hồ sơ toàn trình.")


def test_intents_by_rules():
    state = ChatState(last_section="han_che")
    assert detect_intent("sửa: hồ sơ toàn trình là 1.701", state) == "set_fact"
    assert detect_intent("tìm các báo cáo nói về thanh toán không dùng tiền mặt", state) == "search"
    assert detect_intent("kiểm tra số liệu của báo cáo", state) == "check"
    assert detect_intent("ngắn hơn", state) == "revise"
    assert detect_intent("thêm ý về an toàn thông tin", state) == "revise"
    assert detect_intent("viết mục kiến nghị về kinh phí", state) == "draft"
    assert detect_intent("xin chào", ChatState()) == "help"


def test_conversation_drafts_corrects_revises_and_serializes(settings, draft_index):
    session = ChatSession(Drafter(settings, index=draft_index, backend="composer"))
    items = list(session.send(ASK))
    assert isinstance(items[-1], ChatReply) and items[-1].intent == "draft"
    assert any(isinstance(i, str) for i in items[:-1])  # text streamed before the final reply
    draft = items[-1].draft
    assert "980" in draft.text and "1.250" in draft.text and draft.mode == "composer"

    reply = session.reply("sửa: hồ sơ toàn trình là 1.001")
    assert reply.intent == "set_fact"
    text = session.state.sections["ket_qua"]["text"]
    assert "1.001" in text and "980" not in text
    assert session.state.sections["ket_qua"]["guard"]["ok"]

    before = session.state.sections["ket_qua"]["text"]
    session.reply("bỏ câu cuối")
    assert len(session.state.sections["ket_qua"]["text"]) < len(before)

    reply = session.reply("thêm ý về họp trực tuyến và văn bản điện tử")
    assert reply.intent == "revise"

    restored = ChatState.from_dict(json.loads(json.dumps(session.state.to_dict(), ensure_ascii=False)))
    assert restored == session.state


def test_search_intent_lists_passages(settings, draft_index):
    reply = ChatSession(Drafter(settings, index=draft_index, backend="composer")).reply(
        "tìm các báo cáo nói về kinh phí nâng cấp hạ tầng")
    assert reply.intent == "search" and reply.hits
    assert all("source" in h and "section_path" in h for h in reply.hits)
