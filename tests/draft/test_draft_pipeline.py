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


def test_a_planted_wrong_number_is_regenerated_then_removed(settings, han_che_request):
    wrong = ("UBND xã Hòa Bình Tây còn 12/35 máy tính đã dùng trên 6 năm, chiếm 34,29%. "
             "Năm 2019 xã đã có 87% thôn phủ sóng. Còn 2 thôn có vùng lõm sóng.")
    still_wrong = "UBND xã Hòa Bình Tây còn 12/35 máy tính cũ. Xã có 46 máy tính trong năm 2019."
    drafter = Drafter(settings, index=None, llm=_scripted(wrong, still_wrong))
    items = list(drafter.stream(han_che_request))
    draft = items[-1]
    assert isinstance(draft, Draft)
    assert draft.ungrounded_before == 2 and draft.regenerated
    assert draft.ungrounded_after == 0 and draft.guard["ok"]
    assert "46" not in draft.text and "2019" not in draft.text
    for fact in han_che_request.facts:  # the composer's sentence restores facts the model lost
        assert fact.value in draft.text
    assert any("Đã bỏ câu" in f for f in draft.flagged)
    assert "".join(i for i in items[:-1]).startswith("UBND xã Hòa Bình Tây còn 12/35")  # it streamed


def test_danh_gia_chung_has_three_labelled_parts(settings, draft_index, han_che_request):
    request = DraftRequest(**{**han_che_request.to_dict(), "section": "danh_gia_chung", "facts": han_che_request.facts})
    draft = Drafter(settings, index=draft_index, backend="composer").draft(request)
    paragraphs = draft.text.split("\n")
    assert [p.split(":")[0] for p in paragraphs] == ["Ưu điểm", "Tồn tại, hạn chế", "Nguyên nhân"]
    assert draft.ungrounded_after == 0
    assert len({c.marker for c in draft.citations}) == len(draft.citations)
