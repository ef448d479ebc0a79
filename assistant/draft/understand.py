"""Understand an officer's request (issue 9 §1): the message, the fact table and the report's
fields become a ``DraftPlan``.

The message is cut into clauses and each is classified instruction / content by the clause
classifier (``clauses.py``, a model trained on a labelled clause set, not a word list). Instruction
clauses tell the form, the recipients and what to leave out; they never reach the draft. Content
clauses are the officer's statements: each becomes a ``ContentItem`` with the facts whose values
it states. Facts of the table that no statement covers become items of their own when they fit
the section's stance (``select_table_facts``).

Section, commune, period and topic named in the message are read by small patterns of the
domain (``detect_*``): they fill what the report's fields leave empty.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from assistant.draft.clauses import Clause, Form, classify_clauses, is_request_head, read_form, read_recipients
from assistant.draft.plan import (
    STANCE_OF_KIND, ContentItem, DraftPlan, counts_shortfall, fold_indicators, is_target, name_words,
    rate_parts,
)
from assistant.draft.sanitize import UPPER, nfc
from assistant.draft.types import DANH_GIA_CHUNG, DraftRequest, fact_value_text
from assistant.facts import Fact, FactSet

# Keywords naming a section, most specific first; matched on the lower-cased message.
SECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("đánh giá chung", DANH_GIA_CHUNG),
    ("kết quả", "ket_qua"),
    ("ưu điểm", "uu_diem"),
    ("mặt làm được", "uu_diem"),
    ("tồn tại", "han_che"),
    ("hạn chế", "han_che"),
    ("khó khăn", "han_che"),
    ("nguyên nhân", "nguyen_nhan"),
    ("giải pháp", "giai_phap"),
    ("nhiệm vụ", "giai_phap"),
    ("kiến nghị", "kien_nghi"),
)
# A verb that names a section only when no section noun does ("đề xuất giải pháp" is a giải pháp).
SECTION_VERBS: tuple[tuple[str, str], ...] = (("đề xuất", "kien_nghi"), ("đề nghị", "kien_nghi"))

_QUOTED = re.compile(r"[\"“”'‘’«»]([^\"“”'‘’«»]{3,60})[\"“”'‘’«»]")
_COMMUNE = re.compile(rf"(?<!\w)xã\s+((?:[{UPPER}][^\s,.;:()\"“”]*)(?:\s+[{UPPER}][^\s,.;:()\"“”]*)*)")
PERIOD = re.compile(
    r"(\d+ tháng (?:đầu |cuối )?năm \d{4}|quý [IV]+/\d{4}|quý [IV]+ năm \d{4}|tháng \d{1,2}/\d{4}|năm \d{4})",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\bvề\s+(.+?)(?=\s+(?:(?:cho|trong|của UBND|của xã|của Ủy ban|quý)\b|năm \d|\d+ tháng|tháng \d)|[.;:(]|$)",
    re.IGNORECASE,
)
# A request for a kiến nghị names what is asked ("đề nghị …", "kiến nghị …"); the rest is context.
_REQUEST_VERB = re.compile(r"^(đề nghị|kiến nghị|đề xuất|kính đề nghị|xin|mong|rất mong)\b", re.IGNORECASE)
MAX_TABLE_ITEMS = 8


def detect_section(message: str) -> str | None:
    """The section a message asks for: a quoted title wins ("Tồn tại, hạn chế"), then the first keyword."""
    text = nfc(message).lower()
    for quoted in _QUOTED.findall(text):
        for keyword, kind in SECTION_KEYWORDS:
            if keyword in quoted:
                return kind
    found = [(text.find(k), kind) for k, kind in SECTION_KEYWORDS if k in text]
    found = found or [(text.find(k), kind) for k, kind in SECTION_VERBS if k in text]
    return min(found)[1] if found else None


def detect_commune(message: str) -> str:
    match = _COMMUNE.search(nfc(message))
    return f"xã {match.group(1)}" if match else ""


def detect_period(message: str) -> str:
    match = PERIOD.search(nfc(message))
    return match.group(1) if match else ""


def detect_topic(message: str) -> str:
    match = _TOPIC.search(nfc(message))
    return match.group(1).strip(" ,") if match else ""


def mentions_value(text: str, fact: Fact) -> bool:
    """Whether ``text`` states the fact's value as the officer writes it ("2.148", "14/41", "78,82")."""
    value = re.escape(fact_value_text(fact))
    # "2.131/2.148" states the fact 2.131 (a numerator), but "14/41" does not state 41.
    return re.search(rf"(?<![\d.,/]){value}(?![\d]|[.,]\d)", text) is not None


def facts_in(text: str, facts: list[Fact]) -> tuple[str, ...]:
    return tuple(f.id for f in facts if mentions_value(text, f))


# ---------------------------------------------------------------- cause sides

@lru_cache(maxsize=1)
def _side_model():
    from assistant.draft.sides import SideClassifier

    return SideClassifier.load()


def cause_side(text: str) -> str:
    """"khách quan" or "chủ quan" for a cause (``sides.py``: nearest prototypes on the embedding model)."""
    return _side_model().side(text)


# ---------------------------------------------------------------- items

def _statement(clause: Clause) -> str:
    return clause.text.strip(" ,.;:-–+*•")


def officer_items(kind: str, statements: list[str], facts: list[Fact]) -> list[ContentItem]:
    """The officer's statements as items of the section's stance (kiến nghị: request or context)."""
    stance = STANCE_OF_KIND.get(kind, "achievement")
    items = []
    for text in statements:
        if not text:
            continue
        item_stance = stance
        if kind == "kien_nghi" and not _REQUEST_VERB.match(text):
            item_stance = "context"
        side = cause_side(text) if kind == "nguyen_nhan" else ""
        items.append(ContentItem(text, facts_in(text, facts), item_stance, side, "officer"))
    return items


def _fits(kind: str, fact: Fact) -> bool:
    """Whether a table fact belongs to the section: strengths never carry a shortfall, hạn chế
    never lists a plain achievement (§2); kết quả reports every indicator, a missed target as such
    ("mới đạt 64,0%, thấp hơn chỉ tiêu 70%"), since the report's results leave none out."""
    if kind == "ket_qua":
        return True
    if kind == "uu_diem":
        return not counts_shortfall(fact)
    if kind == "han_che":
        return counts_shortfall(fact) or fact.denominator is not None or (
            (fact.unit or "").startswith("%") and fact.value < 100)
    return True


def select_table_facts(kind: str, topic: str, facts: FactSet, covered: set[str], absorbed: frozenset[str]) -> list[ContentItem]:
    """Items for the table's facts that no statement covers and that fit the section, the ones
    sharing most words with the topic first when there are many."""
    stance = STANCE_OF_KIND.get(kind, "achievement")
    if kind == "kien_nghi":
        stance = "context"
    # A rate with its part and whole is one item, unless a statement already covers one of them.
    groups = {rate: ids for rate, ids in rate_parts(list(facts)).items()
              if rate not in covered | absorbed and not set(ids) & covered}
    in_group = {fid for ids in groups.values() for fid in ids}
    pool = [f for f in facts if f.id not in covered | absorbed | in_group and not is_target(f)
            and (_fits(kind, f) or f.id in groups)]
    if kind == "giai_phap":  # the goal of a giải pháp is the target; the opening states it
        pool = [f for f in pool if f.target is None]
    if len(pool) > MAX_TABLE_ITEMS:
        words = name_words(topic)
        pool = sorted(pool, key=lambda f: -len(words & name_words(f.name)))[:MAX_TABLE_ITEMS]
    side = "khách quan" if kind == "nguyen_nhan" else ""
    return [ContentItem("", (f.id, *groups.get(f.id, ())), stance, side, "table") for f in pool]


def message_facts(message: str, period: str) -> list[Fact]:
    """Facts the officer stated in running text (``assistant.facts.extract_facts``)."""
    from assistant.facts import extract_facts

    return extract_facts(message, period)


# Words that address the assistant ("giúp mình", "nhé", "ạ"): a fragment with them is never content.
_ADDRESSING = re.compile(r"(?<!\w)(mình|em|tôi|anh|chị|bạn|giúp|nhé|nha|ạ|với nhé|cảm ơn|làm ơn)(?!\w)", re.IGNORECASE)


def reattach_fragments(clauses: list[Clause], message: str) -> list[Clause]:
    """A comma fragment cut from a content clause as an instruction ("…(34,15%), cấu hình thấp") goes
    back to its clause when it tells nothing an instruction tells: no form, no recipient, no request
    head. "…, ngắn thôi" stays an instruction (it asks for a form)."""
    out: list[Clause] = []
    for clause in clauses:
        previous = out[-1] if out else None
        if (previous is not None and clause.label == "instruction" and previous.label == "content"
                and message[previous.span[1]:clause.span[0]].strip() == ","
                and read_form([clause]) == Form() and not read_recipients([clause]) and not is_request_head(clause.text)
                and not _ADDRESSING.search(clause.text)):
            span = (previous.span[0], clause.span[1])
            out[-1] = Clause(message[span[0]:span[1]], span, "content", previous.p_instruction)
            continue
        out.append(clause)
    return out


def build_plan(request: DraftRequest) -> DraftPlan:
    """The plan for ``request`` (see the module docstring)."""
    message = nfc(request.message or "")
    clauses = reattach_fragments(classify_clauses(message), message) if message.strip() else []
    instructions = [c for c in clauses if c.label == "instruction"]
    statements = [_statement(c) for c in clauses if c.label == "content"]
    statements += [nfc(n).strip(" .;") for n in request.notes if n.strip() and nfc(n).strip(" .;") not in statements]
    folded = fold_indicators(request.factset(), request.figures_period)
    facts = [f for f in folded.facts if f.id not in folded.absorbed]
    items = officer_items(request.section, statements, facts)
    covered = {fid for item in items for fid in item.fact_ids}
    # A statement stating a target value covers that target's indicator too.
    covered |= {f.id for f in facts if f.target is not None and any(
        re.search(rf"(?<![\d.,]){re.escape(fact_value_text(f))}", i.text) for i in items)}
    items += select_table_facts(request.section, request.topic, folded.facts, covered, folded.absorbed)
    form = read_form(instructions)
    if not request.frame:
        form = replace(form, frame=False)
    return DraftPlan(
        kind=request.section, topic=request.topic, commune=request.commune, period=request.period, form=form,
        recipients=tuple(read_recipients(clauses)), items=items, facts=folded.facts,
        instructions=tuple(c.text for c in instructions),
    )


# Which part of "Đánh giá chung" an officer's statement belongs to: a cause opens with its
# connective, a shortfall carries a negative predicate; everything else is a strength.
_CAUSAL = re.compile(r"^(do|vì|bởi|nguyên nhân|một phần do)\b", re.IGNORECASE)
_SHORTFALL = re.compile(r"\b(chưa|còn|hạn chế|khó khăn|thấp|thiếu|chậm|vướng mắc|bất cập)\b", re.IGNORECASE)


def assessment_plans(request: DraftRequest) -> list[DraftPlan]:
    """"Đánh giá chung" as three plans (ưu điểm, hạn chế, nguyên nhân), each with its statements
    and the table facts that fit it; a part with nothing to say is left out."""
    whole = build_plan(replace(request, section="uu_diem"))
    statements = {"uu_diem": [], "han_che": [], "nguyen_nhan": []}
    for item in whole.items:
        if item.origin != "officer":
            continue
        part = "nguyen_nhan" if _CAUSAL.match(item.text) else "han_che" if _SHORTFALL.search(item.text) else "uu_diem"
        statements[part].append(item.text)
    plans = []
    for kind in ("uu_diem", "han_che", "nguyen_nhan"):
        part = replace(request, section=kind, message="", notes=statements[kind])
        plan = build_plan(part)
        plan.form, plan.instructions = whole.form, whole.instructions
        if kind == "nguyen_nhan":
            plan.items = [i for i in plan.items if i.origin == "officer"]
        if plan.items:
            plans.append(plan)
    return plans


__all__ = ["assessment_plans", "build_plan", "detect_commune", "detect_period", "detect_section", "detect_topic",
           "mentions_value", "message_facts"]
