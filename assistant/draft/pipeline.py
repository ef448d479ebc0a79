"""The drafting pipeline (issue 5 §2): compose, then polish.

request → retrieve passages of the same section kind → select candidate sentences → the composer
writes a grounded, cited draft (the officer's numbers as written + the best candidate sentences)
→ with an LLM: ask it to rewrite that draft into fluent administrative Vietnamese (``polish``,
streamed) → ``validate`` the rewrite (numeric guard, facts kept, markers a subset, tone, banned
phrases, length) → on failure one regeneration listing the problems → still failing: keep the
composer's draft with a Vietnamese notice saying why. ``Draft.mode`` says which text was kept.

Chat revisions ("ngắn hơn", "trang trọng hơn", "thêm ý về …") go through the same rewrite and
validation (``Drafter.rewrite``). ``Drafter.stream`` yields text chunks and then the final
``Draft``; the final text is authoritative (a rejected rewrite was streamed but is not kept).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Generator, Iterator

from langchain_core.messages import BaseMessage

from assistant.draft.backends import LLMHandle, LLMTimeout, LLMUnavailable, is_connection_error, make_llm
from assistant.draft.composer import compose
from assistant.draft.grounding import check, factset_for
from assistant.draft.polish import (
    LENGTH_RATIO,
    PolishJob,
    example_answer,
    polish_prompt,
    retry_messages,
    split_cited_tail,
    split_paragraphs,
)
from assistant.draft.sources import retrieve_passages, select_candidates
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
from assistant.draft.validate import Expectations, validate
from assistant.facts import FactSet

PASSAGES_PER_SECTION = 5
PASSAGES_PER_PART = 3  # "Đánh giá chung": three kinds share the retrieval
REGENERATING_NOTICE = "\n\n[Bản vừa viết chưa đạt yêu cầu, đang viết lại…]\n\n"


@dataclass
class PolishOutcome:
    """What one paragraph's rewrite produced: the kept text and how it was decided."""

    text: str
    accepted: bool  # the LLM's rewrite was kept (else ``text`` is the original)
    problems: list[str] = field(default_factory=list)  # why the last rewrite was rejected
    ungrounded_first: int = 0  # ungrounded numbers in the first rewrite
    prompt_tokens: int = 0
    regenerated: bool = False


def _tidy(answer: str, label: str, commune_name: str) -> str:
    """Harmless slips the model makes around its rewrite: quotes, a repeated part label, blank lines,
    the commune's name in the wrong case ("Đồng tiến Thượng").

    Nothing else is corrected here: a rewrite that breaks a rule is rejected by ``validate``, not
    silently repaired, so the officer never gets a half-fixed text.
    """
    text = answer.strip().strip("«»\"“”").strip()
    if label and text.startswith(label.strip()):
        text = text[len(label.strip()):].strip()
    if commune_name:
        text = re.sub(rf"(?<!\w){re.escape(commune_name)}(?!\w)", commune_name, text, flags=re.IGNORECASE)
    return re.sub(r"\n\s*\n+", "\n", text)


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
        composition = compose(request, candidates, self.templates)
        yield from self.rewrite(request, composition.text, [Citation.of(p) for p in passages], "draft",
                                notices=notices, timings=timings, t0=t0)

    def draft(self, request: DraftRequest) -> Draft:
        """Draft without streaming."""
        result = None
        for item in self.stream(request):
            result = item
        assert isinstance(result, Draft)
        return result

    def rewrite(
        self, request: DraftRequest, original: str, citations: list[Citation], purpose: str, *,
        officer_request: str = "", required_markers: frozenset[int] = frozenset(), notices: list[str] | None = None,
        timings: dict[str, float] | None = None, t0: float | None = None, mode_without_llm: str = "composer",
        fallback: str | None = None,
    ) -> Iterator[str | Draft]:
        """Polish grounded ``original`` with the LLM (if any) and validate; yield chunks, then the ``Draft``.

        ``purpose`` is one of ``polish.PURPOSES``; ``citations`` are those ``original``'s markers may
        point to; ``required_markers`` must survive (a point the officer just asked to add). Without
        an LLM, or when the rewrite fails validation twice, ``fallback`` (default: ``original``) is
        kept, with ``mode_without_llm`` as its mode.
        """
        if purpose not in LENGTH_RATIO:
            raise ValueError(f"Mục đích viết lại không hợp lệ: {purpose!r}. Hợp lệ: {', '.join(LENGTH_RATIO)}")
        t0 = time.perf_counter() if t0 is None else t0
        timings = {} if timings is None else timings
        notices = list(notices or [])
        factset = factset_for(request)
        llm = self.llm()
        if self._llm_notice and self._llm_notice not in notices:
            notices.append(self._llm_notice)

        fallback = original if fallback is None else fallback
        text, mode, prompt_tokens, regenerated = fallback, mode_without_llm, 0, False
        ungrounded_before = len(check(fallback, factset).ungrounded)
        if llm is None:
            yield fallback
        else:
            paragraphs = split_paragraphs(request.section, original)
            fallbacks = [body for _, _, body in split_paragraphs(request.section, fallback)]
            if len(fallbacks) != len(paragraphs):
                fallbacks = [body for _, _, body in paragraphs]
            try:
                outcomes = []
                for (kind, label, body), kept in zip(paragraphs, fallbacks):
                    if outcomes:
                        yield "\n"
                    if label:
                        yield label
                    # A fresh draft: only the composer's own sentences (opening, numbers, notes) need polish;
                    # the cited sentences after them are prior reports' prose, kept verbatim. The 1.5B
                    # model rewrites a short paragraph faithfully but drops sentences of a long one.
                    head, tail = split_cited_tail(body) if purpose == "draft" else (body, "")
                    expected = Expectations.of(head, kind, request.facts, request.commune_name,
                                               LENGTH_RATIO[purpose], required_markers,
                                               example_answer(kind, self.templates), (request.topic.strip(),))
                    job = PolishJob(kind, expected, label, purpose, officer_request)
                    outcome = yield from self._polish(llm, job, request.subject, factset, timings, t0)
                    if tail:
                        yield " " + tail
                        outcome.text = f"{outcome.text} {tail}"
                    if not outcome.accepted:
                        outcome.text = kept
                    outcomes.append((label, outcome))
                text = "\n".join(label + o.text for label, o in outcomes)
                prompt_tokens = sum(o.prompt_tokens for _, o in outcomes)
                regenerated = any(o.regenerated for _, o in outcomes)
                ungrounded_before = sum(o.ungrounded_first for _, o in outcomes)
                accepted = [o.accepted for _, o in outcomes]
                mode = llm.mode if all(accepted) else (f"{llm.mode}+composer" if any(accepted) else mode_without_llm)
                for label, o in outcomes:
                    if not o.accepted:
                        where = f" (phần «{label.rstrip(': ')}»)" if label else ""
                        notices.append(f"Bản do LLM viết lại chưa đạt yêu cầu{where}: {'; '.join(o.problems)}. "
                                       + ("Dùng bản của bộ soạn mẫu." if purpose == "draft" else "Giữ bản sửa không qua LLM."))
            except Exception as exc:  # noqa: BLE001 - classified below
                if not is_connection_error(exc):
                    raise
                notices.append(f"Máy chủ LLM ngừng phản hồi khi đang soạn ({type(exc).__name__}); "
                               "bản nháp được soạn bằng bộ soạn mẫu (không dùng LLM).")
                text, mode = fallback, mode_without_llm
                yield "\n\n" + fallback

        t_guard = time.perf_counter()
        report = check(text, factset)
        timings["guard_s"] = time.perf_counter() - t_guard
        timings["total_s"] = time.perf_counter() - t0
        timings.setdefault("ttft_s", timings["total_s"])
        by_marker = {c.marker: c for c in citations}
        used = sorted({int(m) for m in re.findall(r"\[(\d+)\]", text)} & set(by_marker))
        yield Draft(
            section=request.section,
            title=SECTION_TITLES[request.section],
            text=text,
            mode=mode,
            citations=[by_marker[m] for m in used],
            guard=report.to_dict(),
            ungrounded_before=ungrounded_before,
            ungrounded_after=len(report.ungrounded),
            flagged=[f"Số «{m.text}» cần cán bộ kiểm tra: {m.reason}." for m in report.ungrounded],
            notices=notices,
            timings={k: round(v, 3) for k, v in timings.items()},
            prompt_tokens=prompt_tokens,
            regenerated=regenerated,
        )

    # -- helpers ----------------------------------------------------------------------------------
    def _polish(self, llm: LLMHandle, job: PolishJob, subject: str, factset: FactSet, timings: dict[str, float],
                t0: float) -> Generator[str, None, PolishOutcome]:
        """Rewrite one paragraph, validate, retry once with the problems; the original if both fail."""
        prompt = polish_prompt(job, subject, self.templates, llm.count_tokens, self.settings.prompt_budget_tokens)
        answer = _tidy((yield from self._generate(llm, prompt.messages, timings, t0, prompt.max_tokens)), job.label, job.expected.commune_name)
        verdict = validate(answer, job.expected, factset)
        first_ungrounded = verdict.ungrounded
        if verdict.ok:
            return PolishOutcome(answer.strip(), True, prompt_tokens=prompt.tokens, ungrounded_first=first_ungrounded)
        yield REGENERATING_NOTICE
        retry = retry_messages(prompt, answer, verdict.problems, self.templates)
        answer = _tidy((yield from self._generate(llm, retry, timings, t0, prompt.max_tokens)), job.label, job.expected.commune_name)
        verdict = validate(answer, job.expected, factset)
        if verdict.ok:
            return PolishOutcome(answer.strip(), True, prompt_tokens=prompt.tokens, ungrounded_first=first_ungrounded,
                                 regenerated=True)
        return PolishOutcome(job.expected.original, False, verdict.problems, first_ungrounded, prompt.tokens, True)

    def _generate(self, llm: LLMHandle, messages: list[BaseMessage], timings: dict[str, float], t0: float,
                  max_tokens: int) -> Generator[str, None, str]:
        """Stream one generation (yielding chunks); returns the raw text. Enforces llm_timeout_s overall."""
        deadline = time.perf_counter() + self.settings.llm_timeout_s
        pieces: list[str] = []
        start = time.perf_counter()
        for chunk in llm.model.stream(messages, max_tokens=min(max_tokens, self.settings.llm_max_tokens)):
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
