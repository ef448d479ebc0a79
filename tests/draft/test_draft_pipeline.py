"""The drafting pipeline on a real index: same-kind retrieval, borrowed claims, per-sentence LLM polish."""

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.draft.backends import LLMHandle
from assistant.draft.chat import ChatSession, ChatState
from assistant.draft.pipeline import Drafter, Streamed, collect
from assistant.draft.types import DraftRequest


def test_han_che_cites_only_on_topic_same_kind_passages_and_ignores_planted_instructions(
    settings, draft_index, han_che_request, planted_markers
):
    draft = Drafter(settings, index=draft_index, backend="composer").draft(han_che_request)
    assert draft.mode == "composer" and draft.ungrounded_after == 0
    for citation in draft.citations:
        assert f"[{citation.marker}]" in draft.text
        chunk = draft_index.chunk(citation.chunk_id)
        assert chunk is not None and str(getattr(chunk.kind, "value", chunk.kind)) == "han_che"
        assert "doi-may" not in citation.source  # the planted document is never a source
    for marker in planted_markers:
        assert marker not in draft.text
    assert "Sơn Lâm" not in draft.text and "46 máy" not in draft.text


def test_another_communes_glowing_strengths_are_never_asserted_as_ours(settings, draft_index, make_facts):
    """Sơn Lâm's report praises its own signing and its Tổ công nghệ số; Hòa Bình Tây's ưu điểm states
    only Hòa Bình Tây's figures, and offers Sơn Lâm's sentences as suggestions."""
    request = DraftRequest("uu_diem", "chuyển đổi số, văn bản điện tử, tổ công nghệ số cộng đồng", "xã Hòa Bình Tây",
                           "quý II/2026", facts=make_facts(("Văn bản đi được ký số", "412", "văn bản")))
    draft = Drafter(settings, index=draft_index, backend="composer").draft(request)
    assert "412 văn bản" in draft.text
    assert "[" not in draft.text and not draft.citations
    for borrowed in ("ký số và gửi nhận kịp thời", "hoạt động thường xuyên", "nền nếp"):
        assert borrowed not in draft.text
    assert draft.suggestions and all("Sơn Lâm" not in s["text"] for s in draft.suggestions)


def _scripted(*replies: str) -> LLMHandle:
    model = GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))
    return LLMHandle(model=model, backend="scripted", name="scripted", count_tokens=lambda t: len(t) // 4)


def test_each_sentence_is_polished_and_validated_on_its_own(settings, han_che_request):
    composer = Drafter(settings, index=None, backend="composer").draft(han_che_request)
    items = [s for s in composer.sentences if s["role"] == "item"]
    assert len(items) >= 3
    good = items[0]["text"].replace("Có ", "Hiện có ", 1)
    replies = [good, "Năm 2019 xã đã có 87% thôn phủ sóng.", "Chúng tôi thấy đường truyền tốt."]
    replies += [s["text"] for s in items[3:]]
    streamed = Streamed(Drafter(settings, index=None, llm=_scripted(*replies)).stream(han_che_request))
    chunks = list(streamed)
    draft = streamed.result
    assert draft.polish == {"tried": len(items), "accepted": len(items) - 2}
    assert "2019" not in draft.text and "Chúng tôi" not in draft.text
    # Rejected: the composer's sentence stays (a connector may lower its first letter).
    assert items[1]["text"][1:] in draft.text and items[2]["text"][1:] in draft.text
    assert draft.ungrounded_after == 0 and draft.mode == "llm:scripted/scripted+composer"
    assert "2019" not in "".join(chunks)  # a rejected rewrite is never shown, even while streaming
    assert any("có số không có trong số liệu" in line for line in draft.log)
    assert len(" ".join(draft.notices)) < 120  # one short sentence for the officer, the log is for the eval


def test_a_target_entered_in_chat_survives_to_the_guard(settings):
    session = ChatSession(Drafter(settings, index=None, backend="composer"),
                          ChatState(commune="xã Hòa Bình Tây", period="quý II/2026"))
    reply = collect(session.send("Viết phần hạn chế về văn bản điện tử: tỷ lệ văn bản ký số đạt 81,5%, "
                                 "chỉ tiêu văn bản ký số là 90%."))
    draft = reply.draft
    assert "90%" in draft.text and "chỉ tiêu" in draft.text and draft.guard["ok"], draft.text
    assert "8,5 điểm phần trăm" in draft.text  # derived from the chat's target by the facts package


def test_danh_gia_chung_has_labelled_parts_with_unique_markers(settings, draft_index, han_che_request):
    request = DraftRequest(**{**han_che_request.__dict__, "section": "danh_gia_chung"})
    draft = Drafter(settings, index=draft_index, backend="composer").draft(request)
    labels = [p.split(":")[0] for p in draft.text.split("\n")]
    assert labels[0] == "Ưu điểm" or labels[0] == "Tồn tại, hạn chế"
    assert "Tồn tại, hạn chế" in labels and draft.ungrounded_after == 0
    assert len({c.marker for c in draft.citations}) == len(draft.citations)
