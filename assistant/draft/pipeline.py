"""The drafting pipeline (issue 9): understand → plan → realize → check, as in a data-to-text
generator.

request → ``build_plan`` (clauses classified, form and recipients read, facts folded, items with
the section's stance) → prior passages of the same kind retrieved → ``realize`` writes one
sentence per item; prior sentences are cited only in hạn chế / nguyên nhân / giải pháp and only
on topic, and are offered as suggestions everywhere (``Draft.suggestions``) → with an LLM, each
item sentence is polished on its own and validated on its own (``polish_sentence``), kept or
replaced by the composer's sentence → ``lay_out`` gives the form asked → ``check_draft`` and the
numeric guard.

Every drafting call is a generator that yields text chunks (sentences already validated) and
*returns* its ``Draft``; ``collect`` runs one to the end, ``Streamed`` iterates one and keeps
the result.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Generator, Generic, Iterator, TypeVar

from langchain_core.messages import BaseMessage

from assistant.draft.backends import LLMHandle, LLMTimeout, LLMUnavailable, is_connection_error, make_llm
from assistant.draft.layout import lay_out
from assistant.draft.plan import DraftPlan
from assistant.draft.polish import polish_messages, tidy_sentence
from assistant.draft.realize import Sentence, realize
from assistant.draft.sources import ON_TOPIC_COSINE, rank_by_topic, retrieve_passages, select_candidates
from assistant.draft.templates import Templates, load_templates
from assistant.draft.types import DANH_GIA_CHUNG, SECTION_TITLES, Candidate, Citation, Draft, DraftRequest, Passage
from assistant.draft.understand import assessment_plans, build_plan
from assistant.draft.validate import check_draft, check_sentence
from assistant.facts import guard

PASSAGES_PER_SECTION = 5
SUGGESTIONS = 3
# Kinds where a prior report's sentence may stand in the draft (cited): a shortfall, cause, action
# others share is worth saying; what the commune *achieved* comes only from the officer (§3).
CITED_KINDS = {"han_che": 1, "nguyen_nhan": 1, "giai_phap": 2}
POLISHED_ROLES = ("item",)
T = TypeVar("T")

DraftStream = Generator[str, None, Draft]


class Streamed(Generic[T]):
    """Iterate a generator's chunks; its return value is ``result`` afterwards."""

    def __init__(self, generator: Generator[str, None, T]):
        self._generator = generator
        self.result: T | None = None

    def __iter__(self) -> Iterator[str]:
        self.result = yield from self._generator


def collect(generator: Generator[str, None, T]) -> T:
    """Run a drafting generator to its end and return its result (the chunks are dropped)."""
    streamed = Streamed(generator)
    for _ in streamed:
        pass
    return streamed.result


@dataclass
class Polished:
    sentences: list[Sentence]
    tried: int = 0
    accepted: int = 0
    log: list[str] = field(default_factory=list)  # the validator's reasons, for the evaluation
    prompt_tokens: int = 0
    failed: str = ""  # a Vietnamese notice when the server stopped answering


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

    def warm_up(self) -> None:
        """Load once what the first draft would otherwise wait for: the POS tagger, the cause-side
        examples, the sentence splitter and the LLM (the app calls this at start, the eval before timing)."""
        from assistant.draft.clauses import classify_clauses
        from assistant.draft.realize import first_tag
        from assistant.draft.sanitize import split_sentences
        from assistant.draft.understand import cause_side

        classify_clauses("Viết phần kết quả. Xã tiếp nhận 1.250 hồ sơ.")
        first_tag("Xã tiếp nhận hồ sơ")
        cause_side("người dân ít dùng điện thoại thông minh")
        split_sentences("Xã tiếp nhận hồ sơ trực tuyến. Xã số hóa hồ sơ.")
        self.llm()

    # -- drafting ---------------------------------------------------------------------------------
    def stream(self, request: DraftRequest) -> DraftStream:
        """Draft ``request``: yields validated text, returns the ``Draft``."""
        t0 = time.perf_counter()
        if request.section == DANH_GIA_CHUNG:
            return (yield from self._assessment(request, t0))
        plan = build_plan(request)
        timings = {"plan_s": time.perf_counter() - t0}
        return (yield from self.write(plan, t0=t0, timings=timings))

    def _assessment(self, request: DraftRequest, t0: float) -> DraftStream:
        """"Đánh giá chung": each part drafted as its own section, then one labelled paragraph each."""
        parts: list[Draft] = []
        for plan in assessment_plans(request):
            if parts:
                yield "\n"
            yield f"{SECTION_TITLES[plan.kind]}: "
            parts.append((yield from self.write(plan, t0=t0)))
        if not parts:
            plan = build_plan(request)
            return (yield from self.write(plan, t0=t0))
        offset = 0
        for i, d in enumerate(parts):  # markers unique across the parts: [1] of the second part becomes [k+1]
            parts[i] = _shifted(d, offset)
            offset = max([c.marker for c in parts[i].citations] + [offset])
        text = "\n".join(f"{SECTION_TITLES[d.section]}: {d.text}" for d in parts)
        combined = parts[0]
        markers = {c.marker: c for d in parts for c in d.citations}
        first = DraftPlan.from_dict(parts[0].plan)
        report = guard(text, first.facts, first.guard_context)
        return replace(
            combined, section=DANH_GIA_CHUNG, title=SECTION_TITLES[DANH_GIA_CHUNG], text=text,
            citations=list(markers.values()), guard=report.to_dict(), ungrounded_after=len(report.ungrounded),
            ungrounded_before=len(report.ungrounded), notices=[n for d in parts for n in d.notices],
            flagged=[f for d in parts for f in d.flagged], sentences=[], plan={},
            suggestions=[s for d in parts for s in d.suggestions], log=[x for d in parts for x in d.log],
            polish={"tried": sum(d.polish.get("tried", 0) for d in parts),
                    "accepted": sum(d.polish.get("accepted", 0) for d in parts)},
            timings={**combined.timings, "total_s": round(time.perf_counter() - t0, 3)},
        )

    def draft(self, request: DraftRequest) -> Draft:
        return collect(self.stream(request))

    def sources(self, plan: DraftPlan, query: str = "") -> tuple[list[Passage], list[Candidate], list[Candidate], str]:
        """(passages, cited sentences, suggestions, notice) for ``plan``'s kind and topic."""
        query = query or plan.topic or " ".join(i.text for i in plan.items)[:200]
        result = retrieve_passages(query, plan.kind, self.index, k=PASSAGES_PER_SECTION)
        ranked = rank_by_topic(select_candidates(result.passages, query, plan.kind, plan.commune_name), query, self.index)
        # Only an on-topic sentence may stand in the draft; the officer judges the suggestions, so the
        # closest ones are offered even below the threshold.
        cited = [c for c, score in ranked if score >= ON_TOPIC_COSINE][:CITED_KINDS.get(plan.kind, 0)]
        suggestions = [c for c, _ in ranked if c not in cited][:SUGGESTIONS]
        return result.passages, cited, suggestions, result.notice

    def write(self, plan: DraftPlan, *, t0: float | None = None, timings: dict[str, float] | None = None,
              sentences: list[Sentence] | None = None, mode_without_llm: str = "composer",
              notices: list[str] | None = None, polish: bool = True,
              passages: list[Passage] | None = None, suggestions: list[Candidate] | None = None) -> DraftStream:
        """Realize (unless ``sentences`` are given), polish per sentence, lay out, check."""
        t0 = time.perf_counter() if t0 is None else t0
        timings = dict(timings or {})
        notices = list(notices or [])
        if sentences is None:
            t = time.perf_counter()
            passages, cited, suggestions, notice = self.sources(plan)
            timings["retrieve_s"] = time.perf_counter() - t
            if notice:
                notices.append(notice)
            sentences = realize(plan, self.templates, cited)
        passages = passages or []
        llm = self.llm() if polish else None
        if polish and self._llm_notice and self._llm_notice not in notices:
            notices.append(self._llm_notice)
        polished = yield from self._polish_all(llm, sentences, plan, timings, t0)
        if polished.failed:
            notices.append(polished.failed)
        text = lay_out(polished.sentences, plan.form, self.templates, plan.kind)
        mode = mode_without_llm
        if llm is not None and polished.accepted:
            mode = llm.mode if polished.accepted == polished.tried else f"{llm.mode}+composer"
        if llm is not None and polished.tried and polished.accepted < polished.tried:
            notices.append(f"LLM viết lại được {polished.accepted}/{polished.tried} câu; "
                           "các câu còn lại giữ bản của bộ soạn mẫu.")
        return self._finish(plan, text, polished, mode, passages, suggestions or [], notices, timings, t0)

    def _finish(self, plan: DraftPlan, text: str, polished: Polished, mode: str, passages: list[Passage],
                suggestions: list[Candidate], notices: list[str], timings: dict[str, float], t0: float) -> Draft:
        t = time.perf_counter()
        report = guard(text, plan.facts, plan.guard_context)
        problems = check_draft(text, plan)
        timings["guard_s"] = time.perf_counter() - t
        timings["total_s"] = time.perf_counter() - t0
        timings.setdefault("ttft_s", timings["total_s"])
        by_marker = {p.marker: p for p in passages}
        used = sorted({s.marker for s in polished.sentences if s.marker} & set(by_marker))
        return Draft(
            section=plan.kind, title=SECTION_TITLES[plan.kind], text=text, mode=mode,
            citations=[Citation.of(by_marker[m]) for m in used], guard=report.to_dict(),
            ungrounded_before=len(report.ungrounded), ungrounded_after=len(report.ungrounded),
            flagged=[f"Số «{m.text}» cần cán bộ kiểm tra: {m.reason}." for m in report.ungrounded]
            + [f"Cần xem lại: {p}." for p in problems],
            notices=notices, timings={k: round(v, 3) for k, v in timings.items()},
            prompt_tokens=polished.prompt_tokens, plan=plan.to_dict(),
            sentences=[asdict(s) for s in polished.sentences],
            suggestions=[{"text": c.text, **asdict(Citation.of(by_marker[c.marker]))}
                         for c in suggestions if c.marker in by_marker],
            polish={"tried": polished.tried, "accepted": polished.accepted}, log=polished.log + problems,
        )

    # -- per-sentence polish ----------------------------------------------------------------------
    def _polish_all(self, llm: LLMHandle | None, sentences: list[Sentence], plan: DraftPlan,
                    timings: dict[str, float], t0: float) -> Generator[str, None, Polished]:
        """Each item sentence rewritten by the LLM and validated alone; a rejected one keeps the
        composer's text. Yields every sentence once it is final."""
        out = Polished([])

        def shown(text: str) -> str:
            timings.setdefault("ttft_s", time.perf_counter() - t0)
            return text + " "

        for sentence in sentences:
            if llm is None or out.failed or sentence.role not in POLISHED_ROLES:
                out.sentences.append(sentence)
                yield shown(sentence.text)
                continue
            out.tried += 1
            try:
                new_text, tokens, problems = self._polish_one(llm, sentence, plan, timings)
            except Exception as exc:  # noqa: BLE001 - classified below
                if not is_connection_error(exc):
                    raise
                out.failed = "Máy chủ LLM ngừng phản hồi; các câu còn lại do bộ soạn mẫu viết."
                out.sentences.append(sentence)
                yield shown(sentence.text)
                continue
            out.prompt_tokens += tokens
            if problems:
                out.log.append(f"«{sentence.text[:60]}…»: " + "; ".join(problems))
                out.sentences.append(sentence)
            else:
                out.accepted += 1
                out.sentences.append(replace(sentence, text=new_text))
            yield shown(out.sentences[-1].text)
        return out

    def _polish_one(self, llm: LLMHandle, sentence: Sentence, plan: DraftPlan,
                    timings: dict[str, float]) -> tuple[str, int, list[str]]:
        """(rewritten sentence, prompt tokens, the validator's problems — empty means accept)."""
        messages, tokens = polish_messages(sentence, plan, self.templates, llm.count_tokens)
        max_tokens = int(llm.count_tokens(sentence.text) * 1.8) + 16
        answer = tidy_sentence(self._generate(llm, messages, timings, max_tokens))
        return answer, tokens, check_sentence(answer, sentence, plan)

    def _generate(self, llm: LLMHandle, messages: list[BaseMessage], timings: dict[str, float],
                  max_tokens: int) -> str:
        """One generation, not streamed to the officer (a sentence is shown once validated).
        Enforces ``llm_timeout_s`` overall."""
        deadline = time.perf_counter() + self.settings.llm_timeout_s
        pieces: list[str] = []
        start = time.perf_counter()
        for chunk in llm.model.stream(messages, max_tokens=min(max_tokens, self.settings.llm_max_tokens)):
            piece = chunk.content if isinstance(chunk.content, str) else ""
            if piece:
                pieces.append(piece)
            if time.perf_counter() > deadline:
                raise LLMTimeout(f"quá {self.settings.llm_timeout_s:g} giây")
        timings["generate_s"] = timings.get("generate_s", 0.0) + time.perf_counter() - start
        return "".join(pieces)


def _shifted(draft: Draft, offset: int) -> Draft:
    """The draft with every citation marker raised by ``offset`` (text and citations alike)."""
    if not offset:
        return draft
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{int(m.group(1)) + offset}]", draft.text)
    return replace(draft, text=text, citations=[replace(c, marker=c.marker + offset) for c in draft.citations])
