"""Soạn thảo: section drafts an officer would sign, grounded in their numbers (issue 9).

understand → plan → realize → check: ``understand.build_plan`` turns the request into a
``DraftPlan`` (instructions separated from content by the clause classifier), ``realize`` writes
one sentence per planned item in the section's stance, an LLM (optional) polishes sentence by
sentence, ``layout`` gives the form asked and ``validate`` + the numeric guard check the result.

Public API::

    drafter = Drafter(settings, index=CorpusIndex(settings))     # holds the index and the loaded model
    draft = drafter.draft(DraftRequest("han_che", "hạ tầng số", "xã Minh Khê", "quý I/2026", facts=[...]))
    streamed = Streamed(drafter.stream(request))                  # text chunks, then streamed.result
    session = ChatSession(drafter, ChatState.from_dict(saved))     # session.send(msg, section=…) streams too
    ensure_model(settings)                                         # assemble/verify the embedded GGUF
"""

from assistant.draft.backends import LLMHandle, LLMUnavailable, make_llm
from assistant.draft.chat import ChatReply, ChatSession, ChatState, detect_intent
from assistant.draft.model_files import ModelFileError, ensure_model
from assistant.draft.pipeline import Drafter, Streamed, collect
from assistant.draft.plan import ContentItem, DraftPlan
from assistant.draft.types import (
    DANH_GIA_CHUNG, SECTION_CHOICES, SECTION_TITLES, Citation, Draft, DraftRequest, fact_phrase,
)

__all__ = [
    "DANH_GIA_CHUNG", "SECTION_CHOICES", "SECTION_TITLES", "ChatReply", "ChatSession", "ChatState", "Citation",
    "ContentItem", "Draft", "DraftPlan", "DraftRequest", "Drafter", "LLMHandle", "LLMUnavailable",
    "ModelFileError", "Streamed", "collect", "detect_intent", "ensure_model", "fact_phrase", "make_llm",
]
