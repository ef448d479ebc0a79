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


def test_add_point_appends_a_cited_same_kind_sentence_without_llm(settings, draft_index):
    # The first draft is composed without a corpus, so the point to add cannot already be in it.
    session = ChatSession(Drafter(settings, index=None, backend="composer"))
    session.reply("Viết phần \"Tồn tại, hạn chế\" về kinh phí cho báo cáo quý I/2026 của UBND xã Hòa Bình Tây. "
                  "Tình hình: 12/35 máy tính đã dùng trên 6 năm.")
    before = session.state.draft("han_che")
    session.drafter = Drafter(settings, index=draft_index, backend="composer")
    reply = session.reply("thêm ý về an toàn thông tin")
    draft = reply.draft
    assert draft.text.startswith(before.text) and len(draft.text) > len(before.text)
    new = [c for c in draft.citations if c.marker not in {b.marker for b in before.citations}]
    assert len(new) == 1 and f"[{new[0].marker}]" in draft.text
    chunk = draft_index.chunk(new[0].chunk_id)
    assert str(getattr(chunk.kind, "value", chunk.kind)) == "han_che"
    assert "an toàn thông tin" in draft.text[len(before.text):]
    assert "Sơn Lâm" not in draft.text and "Khe Trúc" not in draft.text and draft.guard["ok"]


def test_llm_revision_goes_through_validation_and_falls_back(settings, draft_index):
    """"ngắn hơn": a rewrite that is not shorter is rejected twice; the rule-based shortening is kept."""
    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from assistant.draft.backends import LLMHandle

    session = ChatSession(Drafter(settings, index=draft_index, backend="composer"))
    session.reply(ASK)
    previous = session.state.draft("ket_qua")
    model = GenericFakeChatModel(messages=iter([AIMessage(previous.text), AIMessage(previous.text + " Tôi thấy tốt.")]))
    session.drafter = Drafter(settings, index=draft_index, llm=LLMHandle(model, "scripted", "scripted", lambda t: len(t) // 4))
    reply = session.reply("ngắn hơn")
    draft = reply.draft
    assert draft.mode == "composer" and draft.regenerated
    assert any("quá dài" in n for n in draft.notices)
    assert len(draft.text) < len(previous.text) and "1.250" in draft.text and "980" in draft.text
