"""``assistant eval drafting``: run drafting tasks and measure grounding, coverage, usability, speed.

Task format and pass criteria: ``../shared/eval/README.md`` (drafting_dev.jsonl), including the
optional usability fields ``instructions``, ``format``, ``address`` and ``order``. The checks here
follow that README's definitions literally and do not call the drafter's own validator, so the
evaluation cannot be satisfied by the code it measures. Per task and overall: ungrounded numbers
before/after the guard, must_mention coverage, must_not hits, citations valid, instruction leaks,
form errors, recipient misses, order errors, style errors (label chains, chat openers, first or
second person, markdown), LLM sentences accepted/tried, time to first text, total time, prompt
tokens. Counts are summed overall, the other metrics averaged.

Revision tasks (``--revisions``, format in ``tests/draft/cases/revisions.jsonl``) draft a section,
then send the officer's revision messages to the chat with that section selected and check
each result: the figures kept, shorter, bullets, the point added, the last sentence gone.

Systems: ``composer`` and ``llamacpp``/``openai`` run the product pipeline; ``naive`` is the
baseline of ``baseline.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from assistant.draft.backends import make_llm
from assistant.draft.baseline import NaiveDrafter
from assistant.draft.chat import ChatSession, ChatState
from assistant.draft.pipeline import Drafter, collect
from assistant.draft.sanitize import nfc
from assistant.draft.types import Draft, DraftRequest
from assistant.facts.io import rows_to_factset
from assistant.settings import Settings

SYSTEMS = ("composer", "llamacpp", "openai", "naive")
METRICS = ("ungrounded_before", "ungrounded_after", "must_mention_coverage", "must_not_hits", "citations_valid",
           "instruction_leaks", "form_errors", "recipient_misses", "order_errors", "style_errors",
           "llm_accepted", "llm_tried", "ttft_s", "total_s", "prompt_tokens")
SUMMED = ("ungrounded_before", "ungrounded_after", "must_not_hits", "instruction_leaks", "form_errors",
          "recipient_misses", "order_errors", "style_errors", "llm_accepted", "llm_tried")
SHORT = {"ungrounded_before": "ungr_b", "ungrounded_after": "ungr_a", "must_mention_coverage": "mention",
         "must_not_hits": "must_not", "citations_valid": "cit_ok", "instruction_leaks": "leaks",
         "form_errors": "form", "recipient_misses": "recip", "order_errors": "order", "style_errors": "style",
         "llm_accepted": "llm_ok", "llm_tried": "llm_try", "ttft_s": "ttft_s", "total_s": "total_s",
         "prompt_tokens": "tokens"}


class DraftEvalError(ValueError):
    """Bad evaluation input; the message is Vietnamese."""


@dataclass
class DraftingTask:
    id: str
    request: DraftRequest
    must_mention: list[str]
    must_not: list[str]
    instructions: list[str] = field(default_factory=list)
    format: str = ""
    address: list[list[str]] = field(default_factory=list)
    order: list[str] = field(default_factory=list)


@dataclass
class TaskResult:
    id: str
    ungrounded_before: int
    ungrounded_after: int
    must_mention_coverage: float
    must_not_hits: int
    citations_valid: float
    instruction_leaks: int
    form_errors: int
    recipient_misses: int
    order_errors: int
    style_errors: int
    llm_accepted: int
    llm_tried: int
    ttft_s: float
    total_s: float
    prompt_tokens: int
    text: str = ""
    mode: str = ""
    problems: list[str] = field(default_factory=list)  # what the checks found, in words
    notices: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # the validator's reasons (LLM sentences rejected)


def task_of(raw: dict[str, Any]) -> DraftingTask:
    """One task line; the numbers go through the same parser as the officer's table (``rows_to_factset``)."""
    rows = [{"name": x["name"], "value": x["value"], "unit": x.get("unit", "")} for x in raw.get("numbers", [])]
    parsed = rows_to_factset(rows, raw["commune"], raw.get("period", ""), first_row=1, source="entered")
    if parsed.errors:
        raise ValueError("; ".join(map(str, parsed.errors)))
    request = DraftRequest(section=raw["section"], topic=raw.get("topic", ""), commune=raw["commune"],
                           period=raw.get("period", ""), facts=list(parsed.facts), message=raw.get("request", ""))
    return DraftingTask(raw["id"], request, raw.get("must_mention", []), raw.get("must_not", []),
                        raw.get("instructions", []), raw.get("format", ""), raw.get("address", []),
                        raw.get("order", []))


def _jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise DraftEvalError(f"Không tìm thấy tệp nhiệm vụ {path}")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                out.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise DraftEvalError(f"{path}, dòng {n}: JSON không hợp lệ ({exc})") from exc
    if not out:
        raise DraftEvalError(f"{path} không có nhiệm vụ nào")
    return out


def load_tasks(path: Path) -> list[DraftingTask]:
    tasks = []
    for n, raw in _jsonl(path):
        try:
            tasks.append(task_of(raw))
        except (KeyError, ValueError, TypeError) as exc:
            raise DraftEvalError(f"{path}, dòng {n}: nhiệm vụ không hợp lệ ({exc})") from exc
    return tasks


# ---------------------------------------------------------------- the README's checks

def ws(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text))


_BULLET = re.compile(r"^\s*- ", re.MULTILINE)
_LABEL_CHAIN = re.compile(r"[^\W\d][^.:;\n]{0,40}:\s*[^\W\d][^.:;\n]{0,40}:\s")
_CHAT_OPENER = re.compile(r"^\s*(dưới đây là|sau đây là|vâng|dạ,|chắc chắn rồi)", re.IGNORECASE | re.MULTILINE)
_PERSON = re.compile(r"(?<!\w)(mình|tôi|bạn)(?!\w)", re.IGNORECASE)
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*#", re.MULTILINE)


def instruction_leaks(task: DraftingTask, text: str) -> list[str]:
    low = ws(text).lower()
    return [i for i in task.instructions if ws(i).lower() in low]


def form_errors(task: DraftingTask, text: str) -> list[str]:
    bullets = len(_BULLET.findall(text))
    if task.format == "bullets" and bullets < 3:
        return [f"cần ≥ 3 dòng «- », có {bullets}"]
    if task.format == "paragraphs" and bullets:
        return [f"không được gạch đầu dòng, có {bullets}"]
    return []


def recipient_misses(task: DraftingTask, text: str) -> list[str]:
    return [" / ".join(group) for group in task.address if not any(name in text for name in group)]


def order_errors(task: DraftingTask, text: str) -> list[str]:
    if not task.order:
        return []
    low = text.lower()
    positions = [low.find(w.lower()) for w in task.order]
    return [] if all(p >= 0 for p in positions) and positions == sorted(positions) else [" → ".join(task.order)]


def style_errors(text: str) -> list[str]:
    out = []
    if _LABEL_CHAIN.search(text):
        out.append("chuỗi nhãn «…: …:»")
    if _CHAT_OPENER.search(text):
        out.append("mở đầu kiểu trò chuyện")
    if m := _PERSON.search(text):
        out.append(f"ngôi thứ nhất/thứ hai «{m.group(1)}»")
    if _MARKDOWN.search(text):
        out.append("markdown")
    return out


def score(task: DraftingTask, draft: Draft, passages_retrieved: set[str]) -> TaskResult:
    """Metrics of one draft. A citation is valid when its marker resolves to a retrieved passage."""
    text = ws(draft.text)
    missing = [m for m in task.must_mention if ws(m) not in text]
    found = [m for m in task.must_not if ws(m) in text]
    markers = re.findall(r"\[(\d+)\]", draft.text)
    resolved = {c.marker: c for c in draft.citations}
    valid = [m for m in markers if int(m) in resolved and resolved[int(m)].chunk_id in passages_retrieved]
    leaks, form = instruction_leaks(task, draft.text), form_errors(task, draft.text)
    recipients, order, style = recipient_misses(task, draft.text), order_errors(task, draft.text), style_errors(draft.text)
    problems = ([f"thiếu «{m}»" for m in missing] + [f"có «{m}» (không thuộc xã)" for m in found]
                + [f"chép lời dặn «{x}»" for x in leaks] + form + [f"chưa nêu {x}" for x in recipients]
                + [f"sai thứ tự {x}" for x in order] + style)
    return TaskResult(
        id=task.id, ungrounded_before=draft.ungrounded_before, ungrounded_after=draft.ungrounded_after,
        must_mention_coverage=1 - len(missing) / max(1, len(task.must_mention)), must_not_hits=len(found),
        citations_valid=len(valid) / len(markers) if markers else 1.0, instruction_leaks=len(leaks),
        form_errors=len(form), recipient_misses=len(recipients), order_errors=len(order), style_errors=len(style),
        llm_accepted=draft.polish.get("accepted", 0), llm_tried=draft.polish.get("tried", 0),
        ttft_s=draft.timings.get("ttft_s", 0.0), total_s=draft.timings.get("total_s", 0.0),
        prompt_tokens=draft.prompt_tokens, text=draft.text, mode=draft.mode, problems=problems,
        notices=list(draft.notices), log=list(draft.log),
    )


def overall(results: list[TaskResult]) -> dict[str, float]:
    out: dict[str, float] = {}
    for metric in METRICS:
        values = [getattr(r, metric) for r in results]
        out[metric] = sum(values) if metric in SUMMED else round(sum(values) / max(1, len(values)), 4)
    return out


# ---------------------------------------------------------------- revisions

CHECKS = ("keeps_numbers", "shorter", "bullets", "paragraphs", "mentions_any", "drops_last", "no_instruction")


def revision_checks(before: Draft, after: Draft, expect: dict[str, Any], message: str, reply: str = "") -> list[str]:
    """What a revision did wrong, by the checks its task names (``CHECKS``); ``reply`` is what the
    chat said (a "nothing on X" answer counts for ``mentions_any``)."""
    failed = []
    unknown = set(expect) - set(CHECKS)
    if unknown:
        raise DraftEvalError(f"Kiểm tra không hợp lệ: {', '.join(sorted(unknown))}. Hợp lệ: {', '.join(CHECKS)}")
    numbers = lambda t: re.findall(r"\d+(?:[.,/]\d+)*%?", re.sub(r"\[\d+\]", "", t))  # noqa: E731
    if expect.get("keeps_numbers") and (lost := [n for n in numbers(before.text) if n not in numbers(after.text)]):
        failed.append("mất số " + ", ".join(lost))
    if expect.get("shorter") and not len(after.text) < len(before.text):
        failed.append("không ngắn hơn")
    if expect.get("bullets") and len(_BULLET.findall(after.text)) < 3:
        failed.append("không thành gạch đầu dòng")
    if expect.get("paragraphs") and _BULLET.search(after.text):
        failed.append("vẫn còn gạch đầu dòng")
    if words := expect.get("mentions_any"):
        if not any(w.lower() in f"{after.text} {reply}".lower() for w in words):
            failed.append("không có ý về " + " / ".join(words))
    if expect.get("drops_last"):
        last = re.split(r"(?<=[.!?])\s+", before.text.strip())[-1]
        if last in after.text:
            failed.append("câu cuối vẫn còn")
    if expect.get("no_instruction") and ws(message).lower() in ws(after.text).lower():
        failed.append("chép lời yêu cầu vào bản nháp")
    return failed


def evaluate_revisions(path: Path, drafter: Drafter) -> list[dict[str, Any]]:
    """Each revision task: draft the base task, then apply its messages in turn with that section selected."""
    out = []
    for n, raw in _jsonl(path):
        try:
            task = task_of(raw["task"])
        except (KeyError, ValueError, TypeError) as exc:
            raise DraftEvalError(f"{path}, dòng {n}: nhiệm vụ không hợp lệ ({exc})") from exc
        state = ChatState(commune=task.request.commune, period=task.request.period, topic=task.request.topic,
                          facts=list(task.request.facts))
        session = ChatSession(drafter, state)
        current = collect(session.send(task.request.message)).draft
        for step in raw.get("revisions", []):
            reply = collect(session.send(step["message"], section=current.section))
            after = reply.draft or current
            failed = revision_checks(current, after, step.get("expect", {}), step["message"], reply.text)
            out.append({"id": raw.get("id", f"rev-{n}"), "message": step["message"], "ok": not failed,
                        "failed": failed, "before": current.text, "after": after.text})
            current = after
    return out


# ---------------------------------------------------------------- running

def eval_index(corpus_dir: Path, settings: Settings, cache_root: Path = Path(".eval_cache")) -> Any:
    """The retrieval evaluation's cached index of ``corpus_dir`` (shared cache), never the user's index."""
    from assistant.retrieve.evaluation import EvalError
    from assistant.retrieve.evaluation import eval_index as retrieval_eval_index

    try:
        return retrieval_eval_index(corpus_dir, settings, cache_root)
    except EvalError as exc:
        raise DraftEvalError(str(exc)) from None


def evaluate_drafting(
    tasks_path: Path, corpus_dir: Path | None, settings: Settings, system: str = "composer",
    cache_root: Path = Path(".eval_cache"), progress: Callable[[str], None] | None = None,
    revisions_path: Path | None = None,
) -> dict[str, Any]:
    """Run every task with ``system``; returns {"system", "tasks": [...], "overall": {...}, "revisions": [...]}."""
    if system not in SYSTEMS:
        raise DraftEvalError(f"Hệ thống không hợp lệ: {system!r}. Các giá trị hợp lệ: {', '.join(SYSTEMS)}")
    tasks = load_tasks(tasks_path)
    index = eval_index(corpus_dir, settings, cache_root) if corpus_dir is not None else None
    if system == "naive":
        llm = make_llm(settings, settings.llm_backend if settings.llm_backend != "composer" else "llamacpp")
        drafter: Any = NaiveDrafter(settings, index, llm)
    else:
        drafter = Drafter(settings, index=index, backend=system)
        drafter.warm_up()  # models load once, as in the running app; the timings are per draft
    results = []
    for task in tasks:
        if progress:
            progress(f"{task.id} …")
        draft = drafter.draft(task.request)
        retrieved = _retrievable(index, draft) if index is not None else set()
        results.append(score(task, draft, retrieved))
    result: dict[str, Any] = {"system": system, "tasks": [asdict(r) for r in results], "overall": overall(results)}
    if revisions_path is not None and isinstance(drafter, Drafter):
        result["revisions"] = evaluate_revisions(revisions_path, drafter)
    return result


def _retrievable(index: Any, draft: Draft) -> set[str]:
    """Chunk ids of the draft's citations that exist in the evaluation index (a citation must resolve)."""
    from assistant.retrieve import get_chunk

    return {c.chunk_id for c in draft.citations if get_chunk(c.chunk_id, index) is not None}


def format_table(result: dict[str, Any]) -> str:
    width = 9
    head = f"{'task':<10}" + "".join(f"{SHORT[m]:>{width}}" for m in METRICS)
    rows = [head]
    for r in result["tasks"]:
        rows.append(f"{r['id']:<10}" + "".join(f"{r[m]:>{width}}" for m in METRICS))
    rows.append(f"{'overall':<10}" + "".join(f"{result['overall'][m]:>{width}}" for m in METRICS))
    for r in result["tasks"]:
        if r["problems"]:
            rows.append(f"  {r['id']}: " + "; ".join(r["problems"]))
    if result.get("revisions"):
        ok = sum(1 for r in result["revisions"] if r["ok"])
        rows.append(f"revisions: {ok}/{len(result['revisions'])} đạt")
        rows += [f"  {r['id']} «{r['message']}»: " + "; ".join(r["failed"]) for r in result["revisions"] if not r["ok"]]
    return "\n".join(rows)
