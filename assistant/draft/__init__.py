"""Soạn thảo: grounded section drafts and chat on an offline LLM, with citations and the numeric guard.

Public API::

    drafter = Drafter(settings, index=CorpusIndex(settings))     # holds the index and the loaded model
    draft = drafter.draft(DraftRequest("han_che", "hạ tầng số", "xã Minh Khê", "quý I/2026", facts=[...]))
    for item in drafter.stream(request): ...                       # str chunks, then the final Draft
    session = ChatSession(drafter, ChatState.from_dict(saved))     # chat; session.send(msg) streams too
    ensure_model(settings)                                         # assemble/verify the embedded GGUF
"""

from assistant.draft.backends import LLMHandle, LLMUnavailable, make_llm
from assistant.draft.chat import ChatReply, ChatSession, ChatState, detect_intent
from assistant.draft.model_files import ModelFileError, ensure_model
from assistant.draft.pipeline import Drafter
from assistant.draft.types import (
    DANH_GIA_CHUNG, SECTION_CHOICES, SECTION_TITLES, Citation, Draft, DraftRequest, FactLine,
)

__all__ = [
    "DANH_GIA_CHUNG", "SECTION_CHOICES", "SECTION_TITLES", "ChatReply", "ChatSession", "ChatState", "Citation",
    "Draft", "DraftRequest", "Drafter", "FactLine", "LLMHandle", "LLMUnavailable", "ModelFileError",
    "detect_intent", "ensure_model", "make_llm",
]
