"""Compose, then polish: the prompt that asks the LLM to rewrite an already grounded draft.

The composer (or the officer's previous draft) supplies text whose numbers, facts and citations
are right; the LLM is asked only for fluent administrative Vietnamese in the section's tone, with
one tiny before/after example (``prompts/polish.toml``). ``validate.py`` then decides whether the
rewrite may replace the original. A short prompt is the point: the embedded 1.5B model follows a
~500-token rewrite prompt far better than a 1,000-token "write from sources" prompt (issue 5 §1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import Template
from typing import Callable

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.draft.sanitize import sentence_spans
from assistant.draft.templates import Templates
from assistant.draft.types import DANH_GIA_CHUNG, DANH_GIA_PARTS, POLARITY, SECTION_TITLES
from assistant.draft.validate import Expectations

_MARKER = re.compile(r"\[\d+\]")
# Why the LLM rewrites, and the length the rewrite may have relative to the original (min, max).
LENGTH_RATIO = {
    "draft": (0.6, 1.5),
    "shorter": (0.3, 0.9),
    "formal": (0.6, 1.5),
    "add_point": (0.6, 1.5),
    "other": (0.3, 2.0),
}
PURPOSES = tuple(LENGTH_RATIO)
# Output tokens allowed: the longest accepted rewrite (max ratio) plus a margin for a closing sentence.
MAX_TOKENS_MARGIN = 1.15
# Qwen2.5 chat template overhead per message (<|im_start|>role … <|im_end|>).
CHAT_TEMPLATE_TOKENS_PER_MESSAGE = 5


@dataclass(frozen=True)
class PolishJob:
    """One paragraph to rewrite: its section kind (tone), its label in "Đánh giá chung", and what to keep."""

    kind: str
    expected: Expectations
    label: str = ""  # "Ưu điểm: " inside "Đánh giá chung", else ""
    purpose: str = "draft"
    request: str = ""  # the officer's own words, for purpose "other"


@dataclass
class PolishPrompt:
    messages: list[BaseMessage]
    tokens: int  # prompt tokens, measured with the model's tokenizer
    max_tokens: int  # output cap for this rewrite
    with_example: bool


def split_paragraphs(section: str, text: str) -> list[tuple[str, str, str]]:
    """(kind, label, body) per paragraph: "Đánh giá chung" has one labelled paragraph per part."""
    if section != DANH_GIA_CHUNG:
        return [(section, "", text)]
    out = []
    titles = {f"{SECTION_TITLES[k]}: ": k for k in DANH_GIA_PARTS}
    for paragraph in text.split("\n"):
        label = next((t for t in titles if paragraph.startswith(t)), "")
        out.append((titles.get(label, "han_che"), label, paragraph[len(label):]))
    return out


def split_cited_tail(body: str) -> tuple[str, str]:
    """(head, tail): the tail starts at the first sentence carrying a citation marker "[n]".

    Without a marker, or when the very first sentence is cited, the whole body is the head.
    """
    for start, end in sentence_spans(body):
        if _MARKER.search(body[start:end]):
            return (body[:start].strip(), body[start:].strip()) if start > 0 else (body, "")
    return body, ""


def _tone(kind: str) -> str:
    return POLARITY.get(kind, "positive")


def example_answer(kind: str, templates: Templates) -> str:
    """The few-shot answer shown for ``kind``'s tone (the validator rejects rewrites copying it)."""
    return templates.polish["example"][_tone(kind)]["after"]


def polish_prompt(job: PolishJob, subject: str, templates: Templates, count_tokens: Callable[[str], int],
                  budget: int) -> PolishPrompt:
    """System rule + one before/after example + the text; the example is dropped if over ``budget``."""
    cfg = templates.polish
    tone = _tone(job.kind)
    polarity = templates.fill(Template(cfg["polarity"][tone]), title=SECTION_TITLES[job.kind])
    system = templates.fill(Template(cfg["system"]), subject=subject, polarity=polarity)
    instruction = templates.fill(Template(cfg["instructions"][job.purpose]), request=job.request)
    user = templates.fill(Template(cfg["user"]), text=job.expected.original, instruction=instruction)
    example = cfg["example"][tone]
    shot = [HumanMessage(templates.fill(Template(cfg["user"]), text=example["before"],
                                        instruction=templates.fill(Template(cfg["instructions"]["draft"])))),
            AIMessage(example["after"])]
    original_tokens = count_tokens(job.expected.original)
    max_tokens = int(original_tokens * LENGTH_RATIO[job.purpose][1] * MAX_TOKENS_MARGIN) + 16
    for messages in ([SystemMessage(system), *shot, HumanMessage(user)], [SystemMessage(system), HumanMessage(user)]):
        tokens = sum(count_tokens(str(m.content)) + CHAT_TEMPLATE_TOKENS_PER_MESSAGE for m in messages)
        if tokens <= budget:
            break
    return PolishPrompt(messages, tokens, max_tokens, with_example=len(messages) == 4)


def retry_messages(prompt: PolishPrompt, answer: str, problems: list[str], templates: Templates) -> list[BaseMessage]:
    """The first prompt, the model's answer and the validator's problems: one chance to correct itself."""
    retry = templates.fill(Template(templates.polish["retry"]), problems="; ".join(problems))
    return [*prompt.messages, AIMessage(answer), HumanMessage(retry)]
