"""``assistant eval drafting``: run drafting tasks and measure grounding, coverage and speed.

Task format and pass criteria: ``../shared/eval/README.md`` (drafting_dev.jsonl). Metrics per task
and overall (issue 5 §4): ungrounded_before, ungrounded_after, must_mention_coverage,
must_not_hits, citations_valid, ttft_s, total_s, prompt_tokens. Overall counts are sums, the
other metrics means.

Systems: ``composer`` and ``llamacpp``/``openai`` run the product pipeline; ``naive`` is the
baseline — the top-5 chunks for the request stuffed into one prompt with the request, the same LLM,
and the same guard remedy afterwards (so "before" shows what the prompt design buys).
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from langchain_core.messages import HumanMessage, SystemMessage

from assistant.draft.backends import LLMHandle, make_llm
from assistant.draft.composer import compose
from assistant.draft.grounding import check, enforce_commune, factset_for, make_grounded
from assistant.draft.pipeline import Drafter
from assistant.draft.sanitize import nfc
from assistant.draft.sources import foreign_commune_names, passage_of
from assistant.draft.style import clean_output
from assistant.draft.templates import load_templates
from assistant.draft.types import SECTION_TITLES, Citation, Draft, DraftRequest, FactLine
from assistant.draft.understand import officer_notes
from assistant.settings import Settings

SYSTEMS = ("composer", "llamacpp", "openai", "naive")
METRICS = ("ungrounded_before", "ungrounded_after", "must_mention_coverage", "must_not_hits", "citations_valid",
           "ttft_s", "total_s", "prompt_tokens")
SUMMED = ("ungrounded_before", "ungrounded_after", "must_not_hits")
NAIVE_K = 5


class DraftEvalError(ValueError):
    """Bad evaluation input; the message is Vietnamese."""


@dataclass
class DraftingTask:
    id: str
    request: DraftRequest
    must_mention: list[str]
    must_not: list[str]


@dataclass
class TaskResult:
    id: str
    ungrounded_before: int
    ungrounded_after: int
    must_mention_coverage: float
    must_not_hits: int
    citations_valid: float
    ttft_s: float
    total_s: float
    prompt_tokens: int
    text: str = ""
    mode: str = ""
    missing: list[str] = field(default_factory=list)
    must_not_found: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # e.g. why an LLM rewrite was rejected


def load_tasks(path: Path) -> list[DraftingTask]:
    if not path.is_file():
        raise DraftEvalError(f"Không tìm thấy tệp nhiệm vụ {path}")
    tasks = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            request = DraftRequest(
                section=raw["section"], topic=raw.get("topic", ""), commune=raw["commune"], period=raw.get("period", ""),
                facts=[FactLine(x["name"], x["value"], x.get("unit", "")) for x in raw.get("numbers", [])],
                notes=officer_notes(raw.get("request", "")), request_text=raw.get("request", ""),
            )
            tasks.append(DraftingTask(raw["id"], request, raw.get("must_mention", []), raw.get("must_not", [])))
        except (json.JSONDecodeError, KeyError, ValueError) as exc:
            raise DraftEvalError(f"{path}, dòng {n}: nhiệm vụ không hợp lệ ({exc})") from exc
    if not tasks:
        raise DraftEvalError(f"{path} không có nhiệm vụ nào")
    return tasks


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text))


def score(task: DraftingTask, draft: Draft, passages_retrieved: set[str]) -> TaskResult:
    """Metrics of one draft. A citation is valid when its marker resolves to a retrieved passage."""
    text = _ws(draft.text)
    missing = [m for m in task.must_mention if _ws(m) not in text]
    found = [m for m in task.must_not if _ws(m) in text]
    markers = re.findall(r"\[(\d+)\]", draft.text)
    resolved = {c.marker: c for c in draft.citations}
    valid = [m for m in markers if int(m) in resolved and resolved[int(m)].chunk_id in passages_retrieved]
    return TaskResult(
        id=task.id, ungrounded_before=draft.ungrounded_before, ungrounded_after=draft.ungrounded_after,
        must_mention_coverage=1 - len(missing) / max(1, len(task.must_mention)), must_not_hits=len(found),
        citations_valid=len(valid) / len(markers) if markers else 1.0, ttft_s=draft.timings.get("ttft_s", 0.0),
        total_s=draft.timings.get("total_s", 0.0), prompt_tokens=draft.prompt_tokens, text=draft.text,
        mode=draft.mode, missing=missing, must_not_found=found, notices=list(draft.notices),
    )


def overall(results: list[TaskResult]) -> dict[str, float]:
    out: dict[str, float] = {}
    for metric in METRICS:
        values = [getattr(r, metric) for r in results]
        out[metric] = sum(values) if metric in SUMMED else round(sum(values) / max(1, len(values)), 4)
    return out


def eval_index(corpus_dir: Path, settings: Settings, cache_root: Path = Path(".eval_cache")) -> Any:
    """The retrieval evaluation's cached index of ``corpus_dir`` (shared cache), never the user's index."""
    from assistant.retrieve.evaluation import EvalError
    from assistant.retrieve.evaluation import eval_index as retrieval_eval_index

    try:
        return retrieval_eval_index(corpus_dir, settings, cache_root)
    except EvalError as exc:
        raise DraftEvalError(str(exc)) from None


class NaiveDrafter:
    """The baseline: top-5 chunks for the request + the request, one prompt, the same LLM and guard."""

    def __init__(self, settings: Settings, index: Any, llm: LLMHandle):
        self.settings, self.index, self.llm = settings, index, llm
        self.templates = load_templates()

    def draft(self, request: DraftRequest) -> Draft:
        from assistant.retrieve import search

        t0 = time.perf_counter()
        hits = search(request.request_text or request.topic, self.index, k=NAIVE_K) if self.index is not None else []
        passages = [passage_of(hit, marker) for marker, hit in enumerate(hits, start=1)]
        chunks = "\n\n".join(f"[{p.marker}] {p.text}" for p in passages)
        user = self.templates.fill(self.templates.naive, chunks=chunks, request=request.request_text)
        messages = [SystemMessage("Bạn là trợ lý soạn báo cáo hành chính tiếng Việt."), HumanMessage(user)]
        tokens = sum(self.llm.count_tokens(m.content) for m in messages)
        pieces, ttft = [], None
        for chunk in self.llm.model.stream(messages):
            if chunk.content and ttft is None:
                ttft = time.perf_counter() - t0
            pieces.append(chunk.content if isinstance(chunk.content, str) else "")
        text = clean_output("".join(pieces), request.subject, {p.marker for p in passages})
        text = enforce_commune(text, request, foreign_commune_names(passages, request.commune_name))
        factset = factset_for(request)
        before = check(text, factset)
        grounded = make_grounded(text, before, factset, request, compose(request, [], self.templates).fact_sentences)
        by_marker = {p.marker: p for p in passages}
        used = sorted({int(m) for m in re.findall(r"\[(\d+)\]", grounded.text)} & set(by_marker))
        total = time.perf_counter() - t0
        return Draft(request.section, SECTION_TITLES[request.section], grounded.text, f"naive:{self.llm.name}",
                     [Citation.of(by_marker[m]) for m in used], grounded.report.to_dict(), len(before.ungrounded),
                     len(grounded.report.ungrounded), grounded.flagged, [],
                     {"ttft_s": round(ttft or total, 3), "total_s": round(total, 3)}, tokens)


def evaluate_drafting(
    tasks_path: Path, corpus_dir: Path | None, settings: Settings, system: str = "composer",
    cache_root: Path = Path(".eval_cache"), progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Run every task with ``system``; returns {"system", "tasks": [...], "overall": {...}}."""
    if system not in SYSTEMS:
        raise DraftEvalError(f"Hệ thống không hợp lệ: {system!r}. Các giá trị hợp lệ: {', '.join(SYSTEMS)}")
    tasks = load_tasks(tasks_path)
    index = eval_index(corpus_dir, settings, cache_root) if corpus_dir is not None else None
    if system == "naive":
        llm = make_llm(settings, settings.llm_backend if settings.llm_backend != "composer" else "llamacpp")
        drafter: Any = NaiveDrafter(settings, index, llm)
    else:
        drafter = Drafter(settings, index=index, backend=system)
    results = []
    for task in tasks:
        if progress:
            progress(f"{task.id} …")
        draft = drafter.draft(task.request)
        retrieved = _retrievable(index, draft) if index is not None else set()
        results.append(score(task, draft, retrieved))
    return {"system": system, "tasks": [asdict(r) for r in results], "overall": overall(results)}


def _retrievable(index: Any, draft: Draft) -> set[str]:
    """Chunk ids of the draft's citations that exist in the evaluation index (a citation must resolve)."""
    from assistant.retrieve import get_chunk

    return {c.chunk_id for c in draft.citations if get_chunk(c.chunk_id, index) is not None}


def format_table(result: dict[str, Any]) -> str:
    head = f"{'task':<12}" + "".join(f"{m:>22}" for m in METRICS)
    rows = [head]
    for r in result["tasks"]:
        rows.append(f"{r['id']:<12}" + "".join(f"{r[m]:>22}" for m in METRICS))
    rows.append(f"{'overall':<12}" + "".join(f"{result['overall'][m]:>22}" for m in METRICS))
    return "\n".join(rows)
