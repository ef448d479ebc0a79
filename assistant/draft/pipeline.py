"""The drafting pipeline (issue 5 §2).

request → retrieve passages of the same section kind → select candidate sentences → prompt
(templates in ``prompts/``, within a token budget) → generate (stream) → clean style → numeric
guard → if ungrounded: one regeneration with the guard's findings → else make grounded (repair,
remove, restore facts with the composer's sentences, flag) → ``Draft``.

Without an LLM (backend "composer", or the LLM unavailable) the composer writes the draft and the
same guard still runs. ``Drafter.stream`` yields text chunks and then the final ``Draft``; the
final text replaces what was streamed (the guard may have changed it).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.draft.backends import LLMHandle, LLMTimeout, LLMUnavailable, is_connection_error, make_llm
from assistant.draft.composer import Composition, compose
from assistant.draft.grounding import check, enforce_commune, factset_for, findings_text, make_grounded
from assistant.draft.sources import foreign_commune_names, retrieve_passages, select_candidates
from assistant.draft.style import clean_output
from assistant.draft.templates import Templates, load_templates
from assistant.draft.types import (
    DANH_GIA_CHUNG,
    DANH_GIA_PARTS,
    SECTION_TITLES,
    Candidate,
    Citation,
    Draft,
    DraftRequest,
    Passage,
)

# Overhead of the chat template per message (<|im_start|>role … <|im_end|>), Qwen2.5.
CHAT_TEMPLATE_TOKENS_PER_MESSAGE = 5
PASSAGES_PER_SECTION = 5
PASSAGES_PER_PART = 3  # "Đánh giá chung": three kinds share the prompt budget
CANDIDATES_IN_PROMPT = 4
DEFAULT_LENGTH = "một đoạn văn 3 đến 5 câu"
DANH_GIA_LENGTH = "ba đoạn, mỗi đoạn 2 đến 4 câu"
REGENERATING_NOTICE = "\n\n[Đang viết lại để bỏ số liệu không có căn cứ…]\n\n"


@dataclass
class PromptParts:
    messages: list[BaseMessage]
    tokens: int
    candidates_used: list[Candidate] = field(default_factory=list)


def requested_length(request: DraftRequest) -> str:
    """The officer's length wish ("khoảng 2 đoạn", "150-200 chữ") or the default for the section."""
    match = re.search(r"(khoảng\s+)?\d+\s*(?:-|đến)?\s*\d*\s*(đoạn|chữ|câu|từ)", request.request_text)
    if match:
        return match.group(0)
    return DANH_GIA_LENGTH if request.section == DANH_GIA_CHUNG else DEFAULT_LENGTH


def _quote(text: str) -> str:
    """Sources are quoted data: strip characters that could close the quote or fake a role tag."""
    return re.sub(r"[<>«»\"]", "", text).strip()


def build_prompt(
    request: DraftRequest, candidates: list[Candidate], templates: Templates, count_tokens, budget: int
) -> PromptParts:
    """System + user messages for one section; candidates are dropped from the end to fit ``budget``."""
    guidance = templates.guidance.get(request.section, "")
    facts = "\n".join(f"- {f.name}: {f.phrase}" for f in request.facts) or "- (không có số liệu)"
    notes = "\n".join(f"- {n}" for n in request.notes) or "- (không có)"
    revision = ""
    if request.revision and request.previous_text:
        revision = (f"\nBản trước: «{_quote(request.previous_text)}»\n"
                    f"Viết lại bản trước theo yêu cầu của cán bộ: {request.revision}.")
    system = templates.fill(templates.system, subject=request.subject)
    used = list(candidates[:CANDIDATES_IN_PROMPT])
    while True:
        sources = "\n".join(f"[{c.marker}] «{_quote(c.text)}»" for c in used) or "(không có)"
        user = templates.fill(
            templates.section, title=SECTION_TITLES[request.section], period=request.period or "kỳ này",
            subject=request.subject, topic=request.topic, guidance=guidance, facts=facts, notes=notes,
            sources=sources, length=requested_length(request), revision=revision,
        )
        tokens = count_tokens(system) + count_tokens(user) + 3 * CHAT_TEMPLATE_TOKENS_PER_MESSAGE
        if tokens <= budget or not used:
            return PromptParts([SystemMessage(system), HumanMessage(user)], tokens, used)
        used = used[:-1]


class Drafter:
    """Drafts sections for one settings/index/backend. Keep one per process (it holds the loaded model).

    ``index`` is what ``assistant.retrieve.search`` accepts (a CorpusIndex); None = no corpus.
    ``llm`` may be given directly (tests, the evaluation's shared model); otherwise it is made lazily
    from ``backend`` (default ``settings.llm_backend``).
    """

    def __init__(self, settings, index: Any = None, backend: str | None = None, llm: LLMHandle | None = None,
                 templates: Templates | None = None):
        self.settings = settings
        self.index = index
        self.backend = backend or settings.llm_backend
        self.templates = templates or load_templates()
        self._llm = llm
        self._llm_notice = ""

    # -- LLM ------------------------------------------------------------------------------------
    def llm(self) -> LLMHandle | None:
        """The chat model, or None (composer); a failure is remembered as a notice for the draft."""
        if self._llm is None and self.backend != "composer":
            try:
                self._llm = make_llm(self.settings, self.backend)
                self._llm_notice = ""
            except LLMUnavailable as exc:
                self._llm_notice = str(exc)
        return self._llm

    # -- steps ------------------------------------------------------------------------------------
    def _retrieve(self, request: DraftRequest) -> tuple[list[Passage], dict[str, list[Candidate]], list[str]]:
        kinds = DANH_GIA_PARTS if request.section == DANH_GIA_CHUNG else (request.section,)
        k = PASSAGES_PER_PART if request.section == DANH_GIA_CHUNG else PASSAGES_PER_SECTION
        passages: list[Passage] = []
        candidates: dict[str, list[Candidate]] = {}
        notices: list[str] = []
        query = " ".join(x for x in (request.topic, request.revision) if x) or request.request_text
        for kind in kinds:
            result = retrieve_passages(query, kind, self.index, k=k)
            if result.notice and result.notice not in notices:
                notices.append(result.notice)
            # Renumber so markers are unique across the parts of "Đánh giá chung".
            offset = len(passages)
            part = [Passage(**{**p.__dict__, "marker": p.marker + offset}) for p in result.passages]
            passages += part
            candidates[kind] = select_candidates(part, request.topic or query, kind, request.commune_name)
        return passages, candidates, notices

    def stream(self, request: DraftRequest) -> Iterator[str | Draft]:
        """Yield text chunks while drafting, then the final ``Draft`` (whose text is authoritative)."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        passages, candidates, notices = self._retrieve(request)
        timings["retrieve_s"] = time.perf_counter() - t0
        factset = factset_for(request)
        composition = compose(request, candidates, self.templates)
        llm = self.llm()
        if self._llm_notice:
            notices.append(self._llm_notice)

        text, mode, prompt_tokens, regenerated, ungrounded_before = "", "composer", 0, False, 0
        if llm is not None:
            pool = [c for kind_pool in candidates.values() for c in kind_pool]
            prompt = build_prompt(request, pool, self.templates, llm.count_tokens, self.settings.prompt_budget_tokens)
            prompt_tokens = prompt.tokens
            try:
                raw = yield from self._generate(llm, prompt.messages, timings, t0)
                text = self._clean(raw, request, passages)
                report = check(text, factset)
                ungrounded_before = len(report.ungrounded)
                if not report.ok:
                    regenerated = True
                    yield REGENERATING_NOTICE
                    retry = prompt.messages + [
                        # The model's own attempt and the guard's findings, so it can correct itself.
                        AIMessage(text),
                        HumanMessage(self.templates.fill(self.templates.regenerate, findings=findings_text(report))),
                    ]
                    raw = yield from self._generate(llm, retry, timings, t0)
                    text = self._clean(raw, request, passages)
                mode = llm.mode
            except Exception as exc:  # noqa: BLE001 - classified below
                if not is_connection_error(exc):
                    raise
                notices.append(
                    f"Máy chủ LLM ngừng phản hồi khi đang soạn ({type(exc).__name__}); "
                    "bản nháp được soạn bằng bộ soạn mẫu (không dùng LLM)."
                )
                text = ""
        if not text:
            if llm is not None and mode != "composer":
                notices.append("LLM không trả về nội dung dùng được; bản nháp được soạn bằng bộ soạn mẫu.")
            text = composition.text
            mode = "composer"
            yield text
            ungrounded_before = len(check(text, factset).ungrounded)

        t_guard = time.perf_counter()
        report = check(text, factset)
        grounded = make_grounded(text, report, factset, request, composition.fact_sentences)
        if request.section == DANH_GIA_CHUNG and mode != "composer":
            grounded.text = self._ensure_parts(grounded.text, composition)
            grounded.report = check(grounded.text, factset)
        elif request.commune_name not in grounded.text:
            # The model forgot the subject: the composer's opening names "UBND xã …" and the period.
            grounded.text = f"{composition.text.split('. ')[0].rstrip('.')}. {grounded.text}"
            grounded.report = check(grounded.text, factset)
        timings["guard_s"] = time.perf_counter() - t_guard
        timings["total_s"] = time.perf_counter() - t0
        timings.setdefault("ttft_s", timings["total_s"] if mode == "composer" else timings.get("ttft_s", 0.0))

        by_marker = {p.marker: p for p in passages}
        used = sorted({int(m) for m in re.findall(r"\[(\d+)\]", grounded.text)} & set(by_marker))
        yield Draft(
            section=request.section,
            title=SECTION_TITLES[request.section],
            text=grounded.text,
            mode=mode,
            citations=[Citation.of(by_marker[m]) for m in used],
            guard=grounded.report.to_dict(),
            ungrounded_before=ungrounded_before,
            ungrounded_after=len(grounded.report.ungrounded),
            flagged=grounded.flagged,
            notices=notices,
            timings={k: round(v, 3) for k, v in timings.items()},
            prompt_tokens=prompt_tokens,
            regenerated=regenerated,
        )

    def draft(self, request: DraftRequest) -> Draft:
        """Draft without streaming."""
        result = None
        for item in self.stream(request):
            result = item
        assert isinstance(result, Draft)
        return result

    # -- helpers ----------------------------------------------------------------------------------
    def _generate(self, llm: LLMHandle, messages: list[BaseMessage], timings: dict[str, float], t0: float):
        """Stream one generation (yielding chunks); returns the raw text. Enforces llm_timeout_s overall."""
        deadline = time.perf_counter() + self.settings.llm_timeout_s
        pieces: list[str] = []
        start = time.perf_counter()
        for chunk in llm.model.stream(messages):
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                if "ttft_s" not in timings:
                    timings["ttft_s"] = time.perf_counter() - t0
                pieces.append(piece)
                yield piece
            if time.perf_counter() > deadline:
                raise LLMTimeout(f"quá {self.settings.llm_timeout_s:g} giây")
        timings["generate_s"] = timings.get("generate_s", 0.0) + time.perf_counter() - start
        return "".join(pieces)

    def _clean(self, raw: str, request: DraftRequest, passages: list[Passage]) -> str:
        # The small model sometimes echoes an instruction line of the prompt; it is not draft text.
        guidance = self.templates.guidance.get(request.section, "")
        if guidance:
            raw = raw.replace(guidance, "")
        labels = tuple(f"{SECTION_TITLES[k]}:" for k in DANH_GIA_PARTS) + ("Hạn chế:",)
        text = clean_output(raw, request.subject, {p.marker for p in passages},
                            keep_labels=labels if request.section == DANH_GIA_CHUNG else ())
        return enforce_commune(text, request, foreign_commune_names(passages, request.commune_name))

    def _ensure_parts(self, text: str, composition: Composition) -> str:
        """"Đánh giá chung" must have its three labelled parts; a missing one comes from the composer."""
        paragraphs = text.split("\n")
        out = []
        composed = {p.split(":", 1)[0]: p for p in composition.text.split("\n")}
        for kind in DANH_GIA_PARTS:
            title = SECTION_TITLES[kind]
            alt = ("Hạn chế",) if kind == "han_che" else ()
            found = next((p for p in paragraphs if p.startswith((f"{title}:",) + tuple(f"{a}:" for a in alt))), None)
            out.append(found or composed.get(title, ""))
        return "\n".join(p for p in out if p)
