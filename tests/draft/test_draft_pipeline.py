"""The drafting pipeline on a real index: same-kind retrieval, citations, planted instructions, guard."""

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.draft.backends import LLMHandle
from assistant.draft.pipeline import Drafter
from assistant.draft.types import Draft, DraftRequest


def test_composer_draft_cites_same_kind_passages_and_ignores_planted_instructions(
    settings, draft_index, han_che_request, planted_markers
):
    draft = Drafter(settings, index=draft_index, backend="composer").draft(han_che_request)
    assert draft.mode == "composer"
    assert draft.citations, "a han_che passage of the corpus should be cited"
    for citation in draft.citations:
        assert f"[{citation.marker}]" in draft.text
        chunk = draft_index.chunk(citation.chunk_id)
        assert chunk is not None and str(getattr(chunk.kind, "value", chunk.kind)) == "han_che"
        assert "doi-may" not in citation.source  # the planted document is never a source
    for marker in planted_markers:
        assert marker not in draft.text
    assert draft.ungrounded_after == 0 and "Sơn Lâm" not in draft.text


def _scripted(*replies: str) -> LLMHandle:
    """LangChain's own fake chat model replaying fixed answers, to drive the guard path deterministically."""
    model = GenericFakeChatModel(messages=iter([AIMessage(r) for r in replies]))
    return LLMHandle(model=model, backend="scripted", name="scripted", count_tokens=lambda t: len(t) // 4)


GOOD_REWRITE = ("Công tác hạ tầng số, trang thiết bị công nghệ thông tin của UBND xã Hòa Bình Tây còn nhiều tồn tại, "
                "hạn chế. Thiết bị cũ nhiều, 12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%; còn 2 thôn có "
                "vùng lõm sóng. Đường truyền tại trụ sở hay chập chờn khi họp trực tuyến, ảnh hưởng đến tiến độ và "
                "hiệu quả triển khai nhiệm vụ.")


def test_a_rewrite_failing_validation_twice_falls_back_to_the_composer_with_the_reasons(settings, han_che_request):
    wrong = ("UBND xã Hòa Bình Tây còn 12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%. "
             "Năm 2019 xã đã có 87% thôn phủ sóng. Còn 2 thôn có vùng lõm sóng.")
    praising = ("Có thể thấy rằng công tác hạ tầng số của UBND xã Hòa Bình Tây đã đạt kết quả tốt, "
                "12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%, còn 2 thôn có vùng lõm sóng.")
    drafter = Drafter(settings, index=None, llm=_scripted(wrong, praising))
    items = list(drafter.stream(han_che_request))
    draft = items[-1]
    assert isinstance(draft, Draft)
    assert draft.mode == "composer" and draft.regenerated
    assert draft.ungrounded_before == 2 and draft.ungrounded_after == 0 and draft.guard["ok"]
    assert "2019" not in draft.text and "đạt kết quả tốt" not in draft.text
    assert draft.text.startswith("Bên cạnh những kết quả đạt được")  # the composer's own draft
    notice = " ".join(draft.notices)
    assert "chưa đạt yêu cầu" in notice and "«có thể thấy rằng»" in notice and "«đạt kết quả tốt»" in notice
    streamed = "".join(i for i in items[:-1])
    assert streamed.startswith("UBND xã Hòa Bình Tây còn 12/35") and "đang viết lại" in streamed


def test_a_rewrite_accepted_on_the_second_try_is_the_draft(settings, han_che_request):
    lost_fact = "UBND xã Hòa Bình Tây còn 12/35 máy tính đã dùng trên 6 năm. Đường truyền hay chập chờn."
    drafter = Drafter(settings, index=None, llm=_scripted(lost_fact, GOOD_REWRITE))
    draft = drafter.draft(han_che_request)
    assert draft.mode == "llm:scripted/scripted" and draft.regenerated
    assert draft.text == GOOD_REWRITE and not draft.notices
    assert 0 < draft.prompt_tokens <= settings.prompt_budget_tokens


def test_the_retry_prompt_lists_the_problems(settings, han_che_request):
    seen = []

    class Recording(GenericFakeChatModel):
        def _stream(self, messages, *args, **kwargs):
            seen.append(messages)
            return super()._stream(messages, *args, **kwargs)

    model = Recording(messages=iter([AIMessage("UBND xã Hòa Bình Tây còn 12/35 máy tính cũ."), AIMessage(GOOD_REWRITE)]))
    drafter = Drafter(settings, index=None, llm=LLMHandle(model, "scripted", "scripted", lambda t: len(t) // 4))
    drafter.draft(han_che_request)
    retry = seen[1][-1].content
    assert "làm mất số liệu" in retry and "34,29%" in retry


def test_danh_gia_chung_has_three_labelled_parts(settings, draft_index, han_che_request):
    request = DraftRequest(**{**han_che_request.to_dict(), "section": "danh_gia_chung", "facts": han_che_request.facts})
    draft = Drafter(settings, index=draft_index, backend="composer").draft(request)
    paragraphs = draft.text.split("\n")
    assert [p.split(":")[0] for p in paragraphs] == ["Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"]
    assert draft.ungrounded_after == 0
    assert len({c.marker for c in draft.citations}) == len(draft.citations)
