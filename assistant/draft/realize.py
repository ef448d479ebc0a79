"""Realize a ``DraftPlan`` as report prose (issue 9 §3): one sentence per planned item.

- An officer's statement keeps their words and numbers; it becomes an administrative sentence:
  first person replaced by the commune ("mình" → "xã"), a subject given to a clause that opens
  with a verb or an adverb ("còn 3 thôn…" → "Xã còn 3 thôn…", read with underthesea's POS tagger),
  a copula and the unit given to a bare "label number" ("tổng số TTHC cấp xã 402" → "… là 402
  thủ tục"), and, in a kiến nghị, the recipient given to "đề nghị …".
- A fact of the table becomes a sentence of the section's stance (``fact_sentence``): a target
  stays a target ("mới đạt 88,4%, thấp hơn chỉ tiêu 95%"), a previous value gives the change, a
  fraction gives its rate and remainder. A derived figure is written only if the guard accepts it.
- An opening names the commune, the period and the topic (``prompts/composer.toml``); in a
  giải pháp it states the goal, in a nguyên nhân the problem, in a kiến nghị the recipients.
- ``layout`` gives the form asked: bullets ("- " lines after a lead-in), paragraphs, a sentence
  or word count (items merged or the closing added), never a "Cụ thể: X là N; Y là M" list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from string import Template

from assistant.draft.plan import ContentItem, DraftPlan, is_target, meets_target, name_words, target_subject
from assistant.draft.templates import Templates
from assistant.draft.types import Candidate, fact_phrase
from assistant.facts import Fact, FactSet, find_numbers, format_number, guard

@dataclass(frozen=True)
class Sentence:
    """One sentence of a draft and what it carries (the LLM polishes and the validator checks
    sentence by sentence)."""

    text: str
    role: str = "item"  # "opening" | "item" | "cited" | "closing"
    fact_ids: tuple[str, ...] = ()
    marker: int = 0  # [n] for a sentence taken from a prior report
    side: str = ""  # nguyên nhân: the side it states
    stance: str = ""  # the item's stance (plan.STANCES); "" for openings and closings


# ---------------------------------------------------------------- small text helpers

def upper_first(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    """The sentence's first word in lower case when it is a common word ("Giao Đoàn Thanh niên…" →
    "giao Đoàn Thanh niên…"); acronyms and names keep their case ("UBND", "Đề án 06", "Phong trào
    Bình dân…", "Bộ phận Một cửa"): a noun followed within two words by a capital or a digit is a name."""
    text = text.strip()
    words = text.split()
    if len(text) < 2 or not (text[0].isupper() and text[1].islower()):
        return text
    if first_tag(text) not in ("V", "R", "A", "E", "C", "P", "L", "M", "T"):
        if any(w[:1].isupper() for w in words[1:3]) or first_tag(text) == "Np" or _DOCUMENT_NAME.match(text):
            return text
    return text[0].lower() + text[1:]


# Names of documents and programmes written with their number ("Đề án 06", "Nghị quyết 57-NQ/TW").
_DOCUMENT_NAME = re.compile(r"^(Đề án|Nghị quyết|Chương trình|Kế hoạch|Quyết định|Công văn|Chỉ thị|Nghị định|Thông tư)"
                            r"\s+(số\s+)?\d")


def end_sentence(text: str, mark: str = ".") -> str:
    text = text.strip().rstrip(".;,:")
    return f"{text}{mark}" if text else ""


def _unit_suffix(unit: str | None) -> str:
    if not unit:
        return ""
    return unit if unit.startswith("%") else f" {unit}"


def _indicator(name: str) -> str:
    """An indicator's name as the subject of a sentence: a count reads "Số …" ("Lớp tập huấn" →
    "Số lớp tập huấn"); names that already say what they measure are kept."""
    folded = name.strip().lower()
    if re.match(r"^(số|tổng số|tỷ lệ|tỉ lệ|chỉ tiêu|kế hoạch|mục tiêu|mức|giá trị|kinh phí|băng thông|diện tích)\b", folded):
        return name.strip()
    return f"Số {lower_first(name)}"


# ---------------------------------------------------------------- officer statements

_FIRST_PERSON = re.compile(
    r"(?<!\w)(xã mình|xã em|xã tôi|xã chúng tôi|xã chúng em|bên mình|bên em|bọn mình|bọn em|chúng tôi|chúng em|"
    r"chúng mình|mình|tôi)(?!\w)", re.IGNORECASE)
_STARTS_DONE = re.compile(r"^(đã|đang|tiếp tục|thường xuyên|luôn|đều|cũng)\b", re.IGNORECASE)
_STATE_VERB = re.compile(r"^(có|được|đạt|chiếm|còn|chưa|mới|vẫn|thiếu|không)\b", re.IGNORECASE)
_RECIPIENT_WORD = re.compile(r"\b(Sở|UBND|Ủy ban|Bộ|Phòng|Ban|Cục|Chi cục|Trung tâm|Tỉnh ủy|Huyện ủy|Văn phòng)\b")


@lru_cache(maxsize=1)
def _pos_tagger():
    from underthesea import pos_tag

    return pos_tag


@lru_cache(maxsize=512)
def first_tag(text: str) -> str:
    """The POS tag of the first word (underthesea: V verb, R adverb, N noun, Np proper noun, M number…)."""
    words = text.split()
    if not words:
        return ""
    tagged = _pos_tagger()(" ".join(words[:8]))
    return tagged[0][1] if tagged else ""


@lru_cache(maxsize=512)
def has_verb(text: str) -> bool:
    return any(tag == "V" for _, tag in _pos_tagger()(text)) if text.strip() else False


def _replace_first_person(text: str) -> str:
    return _FIRST_PERSON.sub(lambda m: "xã" if m.group(1).lower().startswith("xã") or m.start() > 0 else "Xã", text)


_NOUN_TAGS = ("N", "Np", "Nc", "Ny", "Nu")
# "cấp xã", "cấp huyện": a level, not the verb "cấp" (grant), inside an indicator's name.
_LEVEL = re.compile(r"\bcấp (xã|huyện|tỉnh|thôn|trung ương)\b", re.IGNORECASE)


def _copula(text: str, facts: list[Fact], stance: str) -> str:
    """"tổng số TTHC cấp xã 402 (…)" → "tổng số TTHC cấp xã là 402 thủ tục (…)": a noun phrase followed
    by its number, with no verb between, takes "là" ("đạt" for a rate in praise) and the fact's unit."""
    mentions = [m for m in find_numbers(text) if m.is_quantity]
    if not mentions:
        return text
    first = mentions[0]
    label = text[:first.start].rstrip()
    if not label or label.endswith((":", "(", ",")) or len(label.split()) < 2:
        return text
    tags = _pos_tagger()(_LEVEL.sub("cấp_bậc", label))
    if not tags or tags[0][1] not in _NOUN_TAGS or tags[-1][1] not in _NOUN_TAGS or any(t == "V" for _, t in tags):
        return text
    fact = next((f for f in facts if re.match(re.escape(format_number(f.value)), text[first.start:])), None)
    verb = "đạt" if first.unit == "%" and stance == "achievement" else "là"
    unit = ""
    if fact is not None and fact.unit and first.unit is None and not fact.unit.startswith("%"):
        rest = text[first.end:].lstrip()
        if not rest.lower().startswith(fact.unit.lower()):
            unit = f" {fact.unit}"
    return f"{label} {verb} {text[first.start:first.end]}{unit}{text[first.end:]}"


# A time or place adverbial before the verb ("trong năm tổ chức 6 lớp…"): the subject goes after it.
_ADVERBIAL = re.compile(r"^(trong (?:năm|kỳ|quý|tháng|thời gian qua|\d+ tháng[^,]{0,20})|tại [^,]{2,30}?)\s+(?=\S)",
                        re.IGNORECASE)


def _with_subject(text: str, stance: str) -> str:
    """A clause that opens with a verb or an adverb gets the commune as its subject."""
    if stance == "achievement" and (m := _ADVERBIAL.match(text)) and first_tag(text[m.end():]) == "V":
        rest = _with_subject(text[m.end():], stance)
        return f"{upper_first(m.group(1))}, {lower_first(rest)}"
    tag = first_tag(text)
    if tag not in ("V", "R", "A") or text.lower().startswith(("xã ", "ubnd")):
        return text
    if stance == "achievement" and not _STATE_VERB.match(text):
        return ("UBND xã " if _STARTS_DONE.match(text) else "UBND xã đã ") + text
    return "Xã " + text


def _change_phrase(fact: Fact, previous: Fact) -> str:
    """", tăng 16,4 điểm phần trăm so với năm 2025" — the change a previous value gives."""
    diff = fact.value - previous.value
    if not diff:
        return f", bằng {previous.period}"
    unit = " điểm phần trăm" if (fact.unit or "").startswith("%") else _unit_suffix(fact.unit)
    return f", {'tăng' if diff > 0 else 'giảm'} {format_number(abs(diff))}{unit} so với {previous.period}"


def previous_of(fact: Fact, facts: FactSet) -> Fact | None:
    """The same indicator in an earlier period (``plan.fold_indicators`` names them alike)."""
    return next((f for f in facts if f.id != fact.id and f.name == fact.name and f.period
                 and f.period != fact.period), None)


def statement_sentence(item: ContentItem, plan: DraftPlan) -> str:
    """The officer's statement as an administrative sentence (see the module docstring)."""
    text = _replace_first_person(item.text.strip(" .;,"))
    facts = [f for f in (plan.fact(i) for i in item.fact_ids) if f is not None]
    text = _copula(text, facts, item.stance)
    if item.stance == "request":
        if plan.recipients and not _RECIPIENT_WORD.search(text):
            text = re.sub(r"^(kính đề nghị|đề nghị|kiến nghị|đề xuất)\s+", lambda m: f"{m.group(1)} {_join(plan.recipients)} ",
                          text, count=1, flags=re.IGNORECASE)
        return end_sentence(upper_first(text))
    if item.stance == "action":
        return end_sentence(upper_first(text))
    if text[:1].isdigit():
        # Administrative prose does not open a sentence with a figure.
        text = f"Có {text}" if item.stance in ("cause", "shortfall", "context") else f"Xã có {text}"
    elif item.stance == "context":
        text = text if re.match(r"^(hiện|trong|tính đến)\b", text, re.IGNORECASE) else f"Hiện nay, {lower_first(text)}"
    else:
        text = _with_subject(text, item.stance)
    derived = not plan.form.no_extra_numbers  # "đừng thêm số liệu khác": no gap, change or rate added
    if item.stance == "shortfall":
        text = _as_shortfall(text, facts, plan.facts, derived)
    if derived and item.stance == "achievement" and not re.search(r"\b(tăng|giảm)\b", text):
        for fact in facts:  # a figure with last period's value says how much it changed (§2)
            previous = previous_of(fact, plan.facts)
            if previous is not None:
                phrase = _change_phrase(fact, previous)
                candidate = _insert_after_value(text, fact, phrase)
                if candidate != text and grounded_in(candidate, plan.facts):
                    text = candidate
    return end_sentence(upper_first(text))


def _as_shortfall(text: str, facts: list[Fact], all_facts: FactSet, derived: bool = True) -> str:
    """A statement in hạn chế about a figure short of its target: "đạt 81,5%" reads "mới đạt 81,5%",
    and the gap follows the target when the officer did not state it (kept only if grounded)."""
    for fact in facts:
        if meets_target(fact) is not False:
            continue
        value = re.escape(format_number(fact.value))
        text = re.sub(rf"(?<!mới )(?<!chỉ )(?<!chưa )\bđạt (?={value})", "mới đạt ", text, count=1)
        if not derived or re.search(r"thấp hơn|chưa đạt|còn cách", text):
            continue
        gap = abs(fact.target - fact.value)
        unit = " điểm phần trăm" if (fact.unit or "").startswith("%") else _unit_suffix(fact.unit)
        target = Fact(fact.name, fact.target, fact.unit)
        candidate = _insert_after_value(text, target, f" (còn thấp hơn {format_number(gap)}{unit})")
        if candidate != text and grounded_in(candidate, all_facts):
            text = candidate
    return text


def _insert_after_value(text: str, fact: Fact, phrase: str) -> str:
    """``phrase`` after the clause that states ``fact``'s value (before the next ";" or ",", or a
    parenthesis that follows it)."""
    match = re.search(rf"(?<![\d.,]){re.escape(format_number(fact.value))}(%|\s*{re.escape(fact.unit or '')})?"
                      r"(\s*\([^)]*\))?", text)
    if not match:
        return text
    return text[:match.end()] + phrase + text[match.end():]


def _join(names: tuple[str, ...] | list[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


# ---------------------------------------------------------------- table facts

def _percent_text(part: Decimal, whole: Decimal) -> str:
    """part/whole in percent to one decimal, the way reports write a change or a share of plan ("12,4")."""
    from assistant.facts.numbers import round_to

    value = round_to(part / whole * Decimal(100), 1)
    return format_number(value.quantize(Decimal(1)) if value == value.to_integral_value() else value)


def _rate(part: Decimal, whole: Decimal) -> Decimal:
    from assistant.facts.numbers import round_to

    return round_to(part / whole * Decimal(100), 2)


def grounded_in(text: str, facts: FactSet) -> bool:
    """Whether the guard accepts every number of ``text`` (derived figures are written only then)."""
    return guard(text, facts).ok


def _negated(name: str) -> tuple[str, str] | None:
    """"Cán bộ chưa được cấp chữ ký số" → ("cán bộ", "chưa được cấp chữ ký số")."""
    match = re.match(r"^(.+?)\s+((?:chưa|không)\s+.+)$", name.strip())
    if not match or len(match.group(1).split()) > 4:
        return None
    return lower_first(match.group(1)), match.group(2)


def _remainder_phrase(fact: Fact) -> str:
    """"Văn bản đi được ký số" 1.146/1.203 → "còn 57 văn bản chưa được ký số" (a "được" name negates)."""
    remainder = fact.denominator - fact.value
    unit = _unit_suffix(fact.unit) if fact.unit and not fact.unit.startswith("%") else ""
    match = re.search(r"\bđược\b\s+(.+)$", fact.name)
    if match:
        return f"còn {format_number(remainder)}{unit} chưa được {match.group(1)}"
    return f"còn lại {format_number(remainder)}{unit}"


def fact_sentence(fact: Fact, stance: str, facts: FactSet, previous: Fact | None = None, derived: bool = True) -> str:
    """A table fact as a sentence of ``stance`` (see the module docstring); derived figures are
    written only when ``derived`` (the officer did not ask for "no other numbers") and the guard
    grounds them."""
    name = _indicator(fact.name)
    phrase = fact_phrase(fact)
    met = meets_target(fact)

    def first_grounded(*options: str) -> str:
        for option in options if derived else options[-1:]:
            if option and grounded_in(option, facts):
                return end_sentence(option)
        return end_sentence(options[-1])

    rate = (fact.unit or "").startswith("%")
    # Against last period (issue 11 §2): a count changes in percent ("tăng 12,4% so với 6 tháng đầu năm
    # 2025 (1.911 hồ sơ)"), a rate in points; each option is kept only if the guard grounds it.
    changes: list[str] = []
    if previous is not None and fact.denominator is None and previous.denominator is None:
        diff = fact.value - previous.value
        word = "tăng" if diff > 0 else "giảm"
        delta = f"{format_number(abs(diff))} điểm phần trăm" if rate else (
            f"{format_number(abs(diff))}{_unit_suffix(fact.unit)}")
        was = f"so với {previous.period} ({fact_phrase(previous)})"
        if diff == 0:
            changes = [f", bằng {previous.period}"]
        else:
            if not rate and previous.value:
                changes.append(f", {word} {_percent_text(abs(diff), previous.value)}% {was}")
            changes.append(f", {word} {delta} {was}")
    if fact.target is not None:
        target = f"{format_number(fact.target)}{_unit_suffix(fact.unit)}"
        gap = abs(fact.target - fact.value)
        gap_text = f"{format_number(gap)} điểm phần trăm" if rate else (
            f"{format_number(gap)}{_unit_suffix(fact.unit)}")
        # A count's share of its plan ("bằng 96,5% kế hoạch"); a rate's gap is in points instead.
        share = f", bằng {_percent_text(fact.value, fact.target)}% kế hoạch" if not rate and fact.target else ""
        if met:
            over = fact.value != fact.target
            options = [f"{name} đạt {phrase}, {'vượt' if over else 'đạt'} chỉ tiêu {target}"
                       + (f" ({gap_text})" if over else "") + share,
                       f"{name} đạt {phrase}, {'vượt' if over else 'đạt'} chỉ tiêu {target}"
                       + (f" ({gap_text})" if over else ""),
                       f"{name} đạt {phrase}, {'vượt' if over else 'đạt'} chỉ tiêu {target}"]
        elif stance == "achievement":  # a result below its target says so, without the hạn chế's "mới"
            options = [f"{name} đạt {phrase}{share}, chưa đạt chỉ tiêu {target} (còn thiếu {gap_text})",
                       f"{name} đạt {phrase}, chưa đạt chỉ tiêu {target} (còn thiếu {gap_text})",
                       f"{name} đạt {phrase}, chưa đạt chỉ tiêu {target}"]
        else:
            options = [f"{name} mới đạt {phrase}{share}, thấp hơn chỉ tiêu {target} là {gap_text}",
                       f"{name} mới đạt {phrase}, thấp hơn chỉ tiêu {target} là {gap_text}",
                       f"{name} mới đạt {phrase}, chưa đạt chỉ tiêu {target}"]
        options = [o for o in options if o]
        return first_grounded(*[options[0] + c for c in changes], *options)
    if changes:
        verb = "đạt" if stance == "achievement" else "ở mức"
        return first_grounded(*[f"{name} {verb} {phrase}{c}" for c in changes],
                              f"{name} {verb} {phrase} ({previous.period}: {fact_phrase(previous)})")
    if fact.denominator is not None and fact.denominator:
        rate = f"{format_number(_rate(fact.value, fact.denominator))}%"
        if stance == "shortfall" and re.search(r"\bđược\b", fact.name):
            return first_grounded(f"{name} mới đạt {phrase} ({rate}), {_remainder_phrase(fact)}",
                                  f"{name} mới đạt {phrase} ({rate})", f"{name} mới đạt {phrase}")
        verb = "đạt" if stance == "achievement" else "là"
        return first_grounded(f"{name} {verb} {phrase} ({rate})", f"{name} {verb} {phrase}")
    negated = _negated(fact.name)
    if negated and fact.unit and not fact.unit.startswith("%"):
        noun, predicate = negated
        return end_sentence(f"Vẫn còn {format_number(fact.value)} {noun} {predicate}")
    if (fact.unit or "").startswith("%"):
        verb = {"achievement": "đạt", "shortfall": "mới đạt"}.get(stance, "ở mức")
        if stance == "shortfall" and re.search(r"\b(cũ|chưa|còn|không|lỗi|hỏng)\b", fact.name.lower()):
            verb = "ở mức"
        return end_sentence(f"{name} {verb} {phrase}")
    return end_sentence(f"{name} là {phrase}")


def _predicate(part: Fact) -> str:
    """What the part counts, without its head noun: "Hồ sơ nộp trực tuyến" (hồ sơ) → "nộp trực tuyến"."""
    name, unit = part.name.strip(), (part.unit or "").strip()
    if unit and name.lower().startswith(unit.lower() + " "):
        return name[len(unit):].strip()
    return ""


def rate_sentence(rate: Fact, part: Fact, whole: Fact, stance: str, facts: FactSet, derived: bool = True) -> str:
    """A rate written with the counts it is the share of: "Số hồ sơ tiếp nhận là 1.254 hồ sơ; trong đó
    số hồ sơ nộp trực tuyến là 1.067 hồ sơ, đạt 85,09%" — in hạn chế the rate first, then what remains."""
    unit = _unit_suffix(part.unit)
    if stance == "shortfall":
        text = f"{_indicator(rate.name)} mới đạt {fact_phrase(rate)} ({format_number(part.value)}/{fact_phrase(whole)})"
        predicate = _predicate(part)
        remainder = format_number(whole.value - part.value)
        tail = f", còn {remainder}{unit} chưa {predicate}" if predicate else f", còn lại {remainder}{unit}"
        if derived and grounded_in(text + tail, facts):
            text += tail
        return end_sentence(text)
    verb = "đạt" if stance == "achievement" else "là"
    return end_sentence(f"{_indicator(whole.name)} là {fact_phrase(whole)}; trong đó {lower_first(_indicator(part.name))} "
                        f"là {fact_phrase(part)}, {verb} {fact_phrase(rate)}")


# ---------------------------------------------------------------- openings and closings

def _fill(templates: Templates, key: str, kind: str, **values: str) -> str:
    template = templates.composer.get(kind, {}).get(key, "")
    return end_sentence(templates.fill(Template(template), **values)) if template else ""


def topic_phrase(topic: str) -> str:
    return lower_first(topic.strip().rstrip(".")) or "các nhiệm vụ được giao"


def _problem(plan: DraftPlan, items: list[ContentItem]) -> str:
    """What a nguyên nhân explains, as the officer gave it: the table's figures on the topic or a
    statement of figures only ("chỉ 612/1.475 hồ sơ (41,49%)")."""
    parts = []
    for item in items:
        if item.origin == "table":
            fact = plan.fact(item.fact_ids[0])
            parts.append(lower_first(fact_sentence(fact, "shortfall", plan.facts).rstrip(".")))
        else:
            parts.append(item.text.strip(" .;,"))
    return "; ".join(parts)


def opening(plan: DraftPlan, templates: Templates, problem_items: list[ContentItem], sides: set[str]) -> str:
    """The section's first sentence; ``sides`` are the cause sides its items state (nguyên nhân)."""
    both = len(sides) > 1
    values = {
        "subject": plan.subject, "commune": f"xã {plan.commune_name}", "period": plan.period or "kỳ báo cáo",
        "topic": topic_phrase(plan.topic), "recipients": _join(plan.recipients) if plan.recipients else "",
        "causes": templates.composer.get("nguyen_nhan", {}).get("causes_both" if both else "causes_some", ""),
    }
    kind = plan.kind
    if kind == "giai_phap":
        goal = next((f for f in plan.facts if f.target is not None and not is_target(f)), None)
        if goal is not None:
            target_fact = next((t for t in plan.facts if is_target(t) and t.value == goal.target), None)
            subject = lower_first(target_subject(target_fact) if target_fact is not None else goal.name)
            current = f" (hiện đạt {fact_phrase(goal)})"
            target = f"{format_number(goal.target)}{_unit_suffix(goal.unit)}"
            values["goal"] = f"đạt chỉ tiêu {target} {subject}{current}".replace("  ", " ")
            return _fill(templates, "opening_goal", kind, **values)
    if kind == "nguyen_nhan" and problem_items:
        values["problem"] = _problem(plan, problem_items)
        return _fill(templates, "opening_problem", kind, **values)
    if kind == "kien_nghi" and plan.recipients:
        return _fill(templates, "opening_recipients", kind, **values)
    return _fill(templates, "opening", kind, **values)


# ---------------------------------------------------------------- the section

def _is_problem(item: ContentItem, plan: DraftPlan) -> bool:
    """A nguyên nhân item that states the problem, not a cause: the table's figures on the topic,
    or a statement that is only figures."""
    if item.origin == "table":
        fact = plan.fact(item.fact_ids[0])
        return fact is not None and bool(name_words(fact.name) & name_words(plan.topic))
    words = re.sub(r"[\d.,/%()]+", " ", item.text).split()
    return bool(item.fact_ids) and len(words) <= 3


def item_sentences(plan: DraftPlan) -> tuple[list[Sentence], list[ContentItem]]:
    """(sentences for the items, items that went into the opening as the problem)."""
    problem: list[ContentItem] = []
    out: list[Sentence] = []
    for item in plan.items:
        if plan.kind == "nguyen_nhan" and _is_problem(item, plan):
            problem.append(item)
            continue
        if item.origin == "table":
            fact = plan.fact(item.fact_ids[0])
            if fact is None:
                continue
            others = [plan.fact(i) for i in item.fact_ids[1:]]
            if len(others) == 2 and all(others):
                text = rate_sentence(fact, others[0], others[1], item.stance, plan.facts,
                                     derived=not plan.form.no_extra_numbers)
            else:
                text = fact_sentence(fact, item.stance, plan.facts, previous_of(fact, plan.facts),
                                     derived=not plan.form.no_extra_numbers)
        else:
            text = statement_sentence(item, plan)
        out.append(Sentence(text, "item", item.fact_ids, side=item.side, stance=item.stance))
    if plan.kind == "nguyen_nhan":
        out = _order_sides(out, plan.form.order)
    return out, problem


def _order_sides(sentences: list[Sentence], order: tuple[str, ...]) -> list[Sentence]:
    """Causes grouped by side, in the order asked (khách quan first when none is asked)."""
    wanted = [s for s in order if s in ("khách quan", "chủ quan")] or ["khách quan", "chủ quan"]
    wanted += [s for s in ("khách quan", "chủ quan") if s not in wanted]
    return sorted(sentences, key=lambda s: wanted.index(s.side) if s.side in wanted else len(wanted))


def realize(plan: DraftPlan, templates: Templates, cited: list[Candidate] | None = None) -> list[Sentence]:
    """The section's sentences in order: opening, items, cited sentences, closing."""
    items, problem = item_sentences(plan)
    sides = {s.side for s in items if s.side}
    sentences = [Sentence(opening(plan, templates, problem, sides), "opening",
                          tuple(fid for i in problem for fid in i.fact_ids))]
    sentences += items
    for candidate in cited or []:
        sentences.append(Sentence(end_sentence(f"{candidate.text.rstrip('.')} [{candidate.marker}]"), "cited",
                                  marker=candidate.marker))
    closing = _fill(templates, "closing", plan.kind, subject=plan.subject, commune=f"xã {plan.commune_name}",
                    period=plan.period or "kỳ báo cáo", topic=topic_phrase(plan.topic))
    if closing:
        sentences.append(Sentence(closing, "closing"))
    return [s for s in sentences if s.text]
