"""Per-sentence polish (issue 9 §4): the prompt that asks the LLM to rewrite one sentence.

The composer has already written a grounded sentence per planned item; the LLM only makes it
read better, one sentence at a time, with one before/after example of the item's stance
(``prompts/polish.toml``). ``validate.check_sentence`` then keeps or rejects the rewrite.
"""

from __future__ import annotations

import re
from string import Template
from typing import Callable

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from assistant.draft.plan import STANCE_OF_KIND, DraftPlan
from assistant.draft.realize import Sentence
from assistant.draft.templates import Templates
from assistant.draft.types import SECTION_TITLES

# Qwen2.5 chat template overhead per message (<|im_start|>role … <|im_end|>).
CHAT_TEMPLATE_TOKENS_PER_MESSAGE = 5


def stance_of(sentence: Sentence, plan: DraftPlan) -> str:
    return sentence.stance or STANCE_OF_KIND.get(plan.kind, "achievement")


def polish_messages(sentence: Sentence, plan: DraftPlan, templates: Templates,
                    count_tokens: Callable[[str], int]) -> tuple[list[BaseMessage], int]:
    """(messages, prompt tokens) for rewriting ``sentence``: system rule, one example, the sentence."""
    cfg = templates.polish
    stance = stance_of(sentence, plan)
    tone = templates.fill(Template(cfg["tone"][stance]), title=SECTION_TITLES[plan.kind])
    system = templates.fill(Template(cfg["system"]), subject=plan.subject, tone=tone)
    example = cfg["example"][stance]
    messages = [
        SystemMessage(system),
        HumanMessage(templates.fill(Template(cfg["user"]), sentence=example["before"])),
        AIMessage(example["after"]),
        HumanMessage(templates.fill(Template(cfg["user"]), sentence=sentence.text)),
    ]
    tokens = sum(count_tokens(str(m.content)) + CHAT_TEMPLATE_TOKENS_PER_MESSAGE for m in messages)
    return messages, tokens


def tidy_sentence(answer: str) -> str:
    """Harmless wrapping the model adds: quotes, a "Câu viết lại:" label, trailing lines.

    Nothing else is corrected: a rewrite that breaks a rule is rejected, not repaired.
    """
    text = answer.strip().split("\n")[0].strip()
    text = re.sub(r"^(câu (đã )?viết lại|câu mới|trả lời)\s*:\s*", "", text, flags=re.IGNORECASE)
    return text.strip().strip("«»\"“”").strip()
