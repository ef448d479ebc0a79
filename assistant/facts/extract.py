"""Rule-based extraction of facts from an officer's chat message (no LLM needed).

``extract_facts(text, period="") -> list[Fact]``: each quantity in the message becomes a
fact named from its clause — the words before the number (minus connectives such as
"trong đó", "đạt", "là"), its unit noun and the words after it up to the next , ; ( ) or
sentence end. A bare rate ("…, đạt 78,82%") is named after the count just before it
("Tỷ lệ hồ sơ toàn trình"); a part in parentheses after a total takes the total's noun
("Tổng số TTHC cấp xã 402 (toàn trình 38, …)" → "TTHC cấp xã toàn trình"). Such a part, and
a count after "trong đó"/"gồm" in the same clause chain, records its whole in ``Fact.part_of``
(the derived figures use it, see ``derive.related``). Citations,
dates, section labels and the period are not facts. An LLM may refine the names later.

Example: "tiếp nhận 2.148 hồ sơ, 100% nộp trực tuyến, trong đó 1.693 hồ sơ toàn trình,
đạt 78,82%" → Hồ sơ tiếp nhận = 2.148 hồ sơ; Tỷ lệ nộp trực tuyến = 100%; Hồ sơ toàn
trình = 1.693 hồ sơ; Tỷ lệ hồ sơ toàn trình = 78,82%.
"""

from __future__ import annotations

import re

from assistant.facts.model import Fact
from assistant.facts.numbers import NumberMention, unit_after, find_numbers

_CONNECTIVES = re.compile(
    r"^(?:và|với|trong đó|trong số đó|gồm|bao gồm|đạt|là|có|được|chiếm|còn|khoảng|gần|hơn|trên|tổng cộng|"
    r"số liệu|cụ thể|tỷ lệ|tỉ lệ|\s|:|-)+|(?:\s|:|=|là|đạt|được|có)+$",
    re.IGNORECASE,
)
_COUNT_UNITS = frozenset({"hồ sơ", "thủ tục", "người", "hộ", "thửa", "doanh nghiệp", "cuộc", "nhiệm vụ", "lớp",
                          "lượt", "tổ", "thành viên", "máy", "máy tính", "thôn", "xóm", "văn bản", "mô hình",
                          "tài khoản", "camera", "trạm", "sản phẩm", "giao dịch", "cơ sở", "cán bộ"})


def _clean(words: str) -> str:
    return re.sub(r"\s+", " ", _CONNECTIVES.sub("", words.strip())).strip()


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def extract_facts(text: str, period: str = "") -> list[Fact]:
    """Facts named from their clauses (see module docstring); source ``extracted``."""
    facts: list[Fact] = []
    period_spans = _period_spans(text, period)
    mentions = [m for m in find_numbers(text) if m.is_quantity and not _in_period(text, m, period_spans)]
    previous: Fact | None = None
    whole: tuple[Fact, int] | None = None  # the last count that is not itself a part, and its end
    parent_noun = ""
    for m in mentions:
        before_start = max(text.rfind(c, 0, m.start) for c in ",;.\n(:") + 1
        before = text[before_start:m.start]
        unit_words = m.unit if m.unit and m.unit != "%" else ""
        unit_end = unit_after(text, m.end)[2] if unit_words else m.end
        after_text = text[unit_end:]
        after = re.split(r"[,;().\n:]", after_text, maxsplit=1)[0]
        in_parens = text.rfind("(", 0, m.start) > text.rfind(")", 0, m.start)
        name = _name(m, _clean(before), unit_words, _clean(after), previous, parent_noun if in_parens else "")
        if not name:
            continue
        part_of, unit = "", _unit(m)
        if whole is not None and m.unit != "%" and (in_parens or _announces_parts(text[whole[1]:m.start])):
            part_of, unit = whole[0].name, unit or whole[0].unit  # "2.148 hồ sơ, trong đó 1.693 toàn trình"
        fact = Fact(name=_capital(name), value=m.value, unit=unit, period=period, source="extracted",
                    denominator=m.denominator if m.kind == "fraction" else None, part_of=part_of)
        facts.append(fact)
        if m.unit != "%":
            previous = fact
            if not part_of:
                whole = (fact, m.end)
            if re.match(r"tổng", before.strip(), re.I) or text[m.end:m.end + 4].lstrip().startswith("("):
                parent_noun = re.sub(r"^tổng số\s*", "", _clean(before), flags=re.I) or (m.unit or "")
    return facts


def _announces_parts(gap: str) -> bool:
    """The words between a count and a later one make the later a part: "…, trong đó …" within
    one clause chain (no sentence or ";" break)."""
    return bool(re.search(r"\b(?:trong đó|trong số đó|bao gồm|gồm)\b", gap, re.I)) and not re.search(r"[.;\n]", gap)


def _unit(m: NumberMention) -> str | None:
    if m.scale != 1:
        return {1000: "nghìn", 1000000: "triệu", 1000000000: "tỷ"}.get(int(m.scale), "") + " " + (m.unit or "")
    return m.unit


def _name(m: NumberMention, before: str, unit: str, after: str, previous: Fact | None, parent: str) -> str:
    if m.unit == "%":
        subject = " ".join(w for w in (before, after) if w)
        if not subject and previous is not None:
            subject = previous.name[:1].lower() + previous.name[1:]
        return f"tỷ lệ {subject}".strip() if subject else ""
    core = " ".join(w for w in (before, after) if w)
    if parent and not re.search(re.escape(parent), core, re.I):
        core = f"{parent} {core}".strip()
    if unit in _COUNT_UNITS and unit not in core.split(" ", 1)[0:1] and not core.lower().startswith(unit):
        return f"{unit} {core}".strip()
    return core or unit


def _period_spans(text: str, period: str) -> list[tuple[int, int]]:
    """Where ``period`` is written in ``text`` (any whitespace between its words); found once
    per message rather than once per number."""
    if not period:
        return []
    pattern = r"\s+".join(re.escape(w) for w in period.split())
    return [x.span() for x in re.finditer(pattern, text, re.I)]


def _in_period(text: str, m: NumberMention, period_spans: list[tuple[int, int]]) -> bool:
    if m.unit == "tháng" and re.match(r"\s*tháng\s+(?:đầu|cuối)", text[m.end:]):
        return True
    return any(s <= m.start < e for s, e in period_spans)
