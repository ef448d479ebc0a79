"""The numeric guard: is every number in a draft one the officer gave (or follows from them)?

``guard(draft_text, facts, context=None) -> GuardReport`` classifies each number mention
(``numbers.find_numbers``: digits in every form and spelled-out counts like "hai lớp",
"một trăm phần trăm") as
- ``grounded``: equals a fact, a part of a fact (numerator, denominator, target) or a
  derived fact (``derive.derive_facts``) within the rounding it is written with — 78,8% is
  grounded by 1.693/2.148 = 78,8163…%, 79% too, 78,9% is not;
- ``reference``: part of a document citation or date (``57-NQ/TW``, ``Kế hoạch số 39/KH-UBND
  ngày 30/01/2026``, ``Đề án 06``), the report period (``6 tháng đầu năm 2026``), a section
  label at a line start (``1.``, ``a)``, ``II.``), a name such as ``5G``;
- ``ungrounded``: anything else — a year the officer never gave, a number from another
  report, a changed value, a number written against the Vietnamese convention (``84.03%``)
  or malformed (``1,014.000.000``);
- ``stale`` ("chưa cập nhật"): equals only last period's value of an indicator (a fact of the same
  name for another period than the report's) while kỳ này differs or is not entered yet — last
  period's report copied forward. A sentence that also states that indicator's kỳ này value or a
  figure derived from last period's value (the change) uses it as a comparison: not stale.

``repair(draft_text, report) -> RepairResult`` replaces an ungrounded number only when it
is a near miss (one digit changed, added, dropped or two swapped; or the separator swapped)
of exactly one known value; every other ungrounded number is marked ``[cần kiểm tra]`` for
the officer. It never invents a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from assistant.facts.derive import derive_facts, unit_family
from assistant.facts.findings import agrees
from assistant.facts.model import DerivedFact, Fact, FactSet, normalize_name
from assistant.facts.numbers import NumberMention, find_numbers, format_number, round_to
from assistant.facts.units import MEASURE_UNITS

STATUSES = ("grounded", "reference", "ungrounded", "stale")
MARK = " [cần kiểm tra]"


@dataclass(frozen=True)
class GuardContext:
    """What else a draft may cite: extra years (e.g. of a directive's deadline the officer
    approved), extra reference strings (document codes given by the officer) and periods besides
    the facts' own (the period a section writes about: "6 tháng cuối năm 2026" in a report of
    6 tháng đầu năm, named by the report's outline)."""

    allowed_years: tuple[int, ...] = ()
    references: tuple[str, ...] = ()
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class GuardMention:
    start: int
    end: int
    text: str
    kind: str
    status: str
    value: str
    fact_id: str = ""
    fact_label: str = ""  # "Hồ sơ tiếp nhận = 2.148" or a derived formula
    reason: str = ""  # Vietnamese, for reference/ungrounded
    suggestion: str = ""  # for ungrounded: the corrected text when exactly one known value is a near miss
    suggestion_fact_id: str = ""
    near_misses: int = 0  # how many known values this number nearly equals

    def to_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class GuardReport:
    mentions: list[GuardMention] = field(default_factory=list)

    @property
    def ungrounded(self) -> list[GuardMention]:
        return [m for m in self.mentions if m.status == "ungrounded"]

    @property
    def grounded(self) -> list[GuardMention]:
        return [m for m in self.mentions if m.status == "grounded"]

    @property
    def stale(self) -> list[GuardMention]:
        """Numbers that are last period's value of an indicator whose kỳ này differs or is empty."""
        return [m for m in self.mentions if m.status == "stale"]

    @property
    def ok(self) -> bool:
        """No ungrounded number; a stale one is a warning for the officer, not an invented number."""
        return not self.ungrounded

    def to_dict(self) -> dict:
        return {"ok": self.ok, "mentions": [m.to_dict() for m in self.mentions],
                "ungrounded": [m.to_dict() for m in self.ungrounded], "stale": [m.to_dict() for m in self.stale]}

    @classmethod
    def from_dict(cls, data: dict) -> "GuardReport":
        return cls([GuardMention(**m) for m in data.get("mentions", [])])


@dataclass(frozen=True)
class _Known:
    """One value a draft may state: a fact's value or part, or a derived value."""

    value: Decimal  # base unit (scale folded in)
    exact: Decimal  # for derived values: unrounded
    unit: str | None
    fact_id: str
    label: str
    decimals: int  # precision of the known value; a mention may not claim more
    inputs: tuple[str, ...] = ()  # for derived values: the ids of the facts they come from


def _known_values(facts: FactSet) -> list[_Known]:
    known: list[_Known] = []
    for fact in facts:
        base, unit = fact.base
        if (unit is None and unit_family(fact) == "%") or (unit or "").startswith("%"):
            unit = "%"  # "Tỷ lệ …" typed without a unit, or "% dân số", is still a rate, never a count
        scale = base / fact.value if fact.value else Decimal(1)
        label = f"{fact.name} = {fact.display()}"
        known.append(_Known(base, base, unit, fact.id, label, fact.decimals))
        if fact.denominator is not None:
            known.append(_Known(fact.denominator * scale, fact.denominator * scale, unit, fact.id, label, 0))
        if fact.target is not None:
            known.append(_Known(fact.target * scale, fact.target * scale, unit, fact.id,
                                f"{fact.name}: mục tiêu {format_number(fact.target)}", fact.decimals))
    for fact in facts:  # "Máy tính đã sử dụng trên 7 năm": the 7 belongs to the indicator's name
        for number in re.findall(r"(?<![\d.,])\d+(?!\d|[.,]\d|\s*%)", fact.name):  # whole numbers, not rates
            known.append(_Known(Decimal(number), Decimal(number), None, fact.id, f"tên chỉ tiêu «{fact.name}»", 0))
    for d in derive_facts(facts):
        base, unit = _derived_base(d, facts)
        known.append(_Known(base, d.exact * (base / d.value if d.value else 1), unit, d.id, d.formula, 28, d.inputs))
    return known


def _derived_base(d: DerivedFact, facts: FactSet) -> tuple[Decimal, str | None]:
    if d.unit == "%" or not d.inputs:
        return d.value, d.unit
    first = facts.get(d.inputs[0])
    if first is None or not first.value or (d.unit == "điểm" and first.unit != "điểm"):
        return d.value, d.unit  # a gap or change of a rate is in points, not in the rate's unit
    base, unit = first.base
    return d.value * (base / first.value), unit


def _years(text: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}


def _unit_ok(mention_unit: str | None, known_unit: str | None) -> bool:
    """Measures (%, đồng, km², điểm, Mbps…) must agree; count nouns are interchangeable
    ("163 thành viên" for a fact counted in "người"); a bare number matches any count."""
    if mention_unit in MEASURE_UNITS or known_unit in MEASURE_UNITS:
        return mention_unit == known_unit or (mention_unit is None and known_unit != "%")
    return True


def _matches(value: Decimal, decimals: int, unit: str | None, known: _Known) -> bool:
    """Equal within the rounding the mention is written with (and not more precise than known)."""
    if not _unit_ok(unit, known.unit):
        return False
    if decimals > known.decimals:
        return known.value == value
    return round_to(known.exact, decimals) == value


def guard(draft_text: str, facts: FactSet, context: GuardContext | None = None) -> GuardReport:
    """Classify every number mention of ``draft_text`` against ``facts`` (see module docstring)."""
    context = context or GuardContext()
    known = _known_values(facts)
    years = _years(facts.period) | set(context.allowed_years)
    for period in [f.period for f in facts] + list(context.periods):
        years |= _years(period)
    period_spans = _period_spans(draft_text, [facts.period] + [f.period for f in facts] + list(context.periods))
    reference_spans = [m.span() for ref in context.references if ref
                       for m in re.finditer(re.escape(ref), draft_text)]
    mentions = find_numbers(draft_text)
    citations = [m for m in mentions if m.kind == "citation"]
    out = []
    for m in mentions:
        judged = _classify(m, draft_text, known, years, period_spans + reference_spans, citations)
        if judged.status == "ungrounded" and m.kind in ("number", "percent"):
            candidates = _near_misses(m, known)
            judged = replace(judged, near_misses=len(candidates))
            if len(candidates) == 1:
                (new_text, fact_id), = candidates.items()
                judged = replace(judged, suggestion=new_text, suggestion_fact_id=fact_id)
        out.append(judged)
    return GuardReport(_mark_stale(draft_text, _check_rates(draft_text, out), mentions, known, facts))


def _check_rates(draft_text: str, mentions: list[GuardMention]) -> list[GuardMention]:
    """The draft read as statements (``statements.read_statements``, the consistency checker's
    reader): a rate attached to a count with a base in the draft ("1.693 hồ sơ toàn trình, đạt
    78,8%" after "2.148 hồ sơ, trong đó") must equal count / base. A rate grounded only by some
    derived value but contradicting that arithmetic becomes ungrounded; an ungrounded rate that
    equals the arithmetic of two grounded counts becomes grounded, with the formula."""
    from assistant.facts.statements import read_statements

    by_start = {m.start: i for i, m in enumerate(mentions)}
    statements = read_statements(draft_text)
    for st in statements:
        if st.role != "rate" or st.rate_of is None or st.start not in by_start:
            continue
        counted = statements[st.rate_of]
        base = counted.denominator or (statements[counted.parent].value if counted.parent is not None else None)
        if not base or counted.start not in by_start:
            continue
        base_start = counted.start if counted.denominator else statements[counted.parent].start
        inputs = [mentions[by_start[p]] for p in (counted.start, base_start) if p in by_start]
        i = by_start[st.start]
        mention = mentions[i]
        exact = counted.value / base * 100
        formula = f"{format_number(counted.value)}/{format_number(base)} × 100 = {format_number(round_to(exact, 2))}%"
        agrees_ = agrees(exact, st.value, st.decimals)
        inputs_grounded = len(inputs) == 2 and all(m.status == "grounded" for m in inputs)
        if not inputs_grounded:
            continue  # a wrong count is flagged itself; its rate is judged once the count is right
        if mention.status == "grounded" and not agrees_ and mention.fact_id.startswith("d-"):
            mentions[i] = replace(mention, status="ungrounded", fact_id="", fact_label="",
                                  reason=f"tỷ lệ không khớp số liệu trong câu: {formula}")
        elif mention.status == "ungrounded" and agrees_ and not mention.reason.startswith("«") and not mention.suggestion:
            mentions[i] = replace(mention, status="grounded", fact_id=inputs[0].fact_id, fact_label=formula, reason="")
    return mentions


# ---------------------------------------------------------------- chưa cập nhật

# Sentence ends: ".", "!", "?" or ";" before a space or the end (not the dot of "1.254"), or a line break.
_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, pos)]
    after = _SENTENCE_END.search(text, pos)
    return (starts[-1] if starts else 0), (after.start() if after else len(text))


def _mark_stale(text: str, judged: list[GuardMention], mentions: list[NumberMention], known: list[_Known],
                facts: FactSet) -> list[GuardMention]:
    """Grounded numbers that only last period's value grounds become ``stale`` (module docstring).

    Last period's facts: a period other than the report's. A number is stale when every known value
    it matches is one of those facts' own (not a derived figure, not a current fact: kỳ này equal to
    kỳ trước grounds it as current). It is a comparison, not stale, when its sentence has another
    number grounded by the same indicator's current fact or by a figure derived from that old fact.
    """
    report_period = normalize_name(facts.period)
    if not report_period:
        return judged
    old = {f.id: f for f in facts if f.period and normalize_name(f.period) != report_period}
    if not old:
        return judged
    current = {}  # indicator name → its fact of the report's period
    for f in facts:
        if f.id not in old:
            current.setdefault(normalize_name(f.name), f)

    def hits(i: int) -> list[_Known]:
        m = mentions[i]
        if m.kind in ("fraction", "rank"):
            return [k for k in known if _matches(m.value * m.scale, m.decimals, m.unit, k)]
        return [k for k in known if _matches(m.base_value, m.decimals, m.unit, k)]

    out = list(judged)
    for i, g in enumerate(judged):
        if g.status != "grounded" or g.kind not in ("number", "percent", "word", "fraction"):
            continue
        matched = hits(i)
        if not matched or any(k.fact_id not in old for k in matched):
            continue
        fact = old[matched[0].fact_id]
        now = current.get(normalize_name(fact.name))
        related = {k.fact_id for k in matched}
        start, end = _sentence_bounds(text, g.start)
        compared = any(
            j != i and judged[j].status == "grounded" and start <= judged[j].start < end
            and any((now is not None and k.fact_id == now.id) or related & set(k.inputs) for k in hits(j))
            for j in range(len(judged))
        )
        if compared:
            continue
        shown = "chưa nhập" if now is None else now.display()
        out[i] = replace(g, status="stale", reason=f"bằng số liệu {fact.period} của «{fact.name}» "
                         f"({fact.display()}), kỳ này: {shown} — chưa cập nhật")
    return out


def _period_spans(text: str, periods: list[str]) -> list[tuple[int, int]]:
    spans = []
    for period in {p.strip() for p in periods if p and p.strip()}:
        pattern = r"\s+".join(re.escape(w) for w in period.split())
        spans += [m.span() for m in re.finditer(pattern, text, re.IGNORECASE)]
    return spans


def _mention(m: NumberMention, status: str, value: str, fact_id: str = "", label: str = "", reason: str = "") -> GuardMention:
    return GuardMention(m.start, m.end, m.text, m.kind, status, value, fact_id, label, reason)


def _classify(m: NumberMention, text: str, known: list[_Known], years: set[int],
              ref_spans: list[tuple[int, int]], citations: list[NumberMention]) -> GuardMention:
    shown = m.text
    if any(s <= m.start and m.end <= e for s, e in ref_spans):
        return _mention(m, "reference", shown, reason="kỳ báo cáo hoặc văn bản được dẫn")
    if m.kind in ("citation", "label", "code"):
        reasons = {"citation": "số hiệu văn bản", "label": "số thứ tự mục", "code": "tên gọi (5G, 4.0…)"}
        return _mention(m, "reference", shown, reason=reasons[m.kind])
    if m.kind in ("date", "year"):
        sentence_start = max(text.rfind(".", 0, m.start - 1), text.rfind("\n", 0, m.start))
        if any(sentence_start < c.end <= m.start and m.start - c.end <= 80 for c in citations):
            return _mention(m, "reference", shown, reason="ngày/năm của văn bản được dẫn")
        year = int(m.value)
        if m.kind == "date" and year == 0:  # day/month without a year: only inside a citation
            return _mention(m, "ungrounded", shown, reason="ngày tháng không có trong số liệu đã cung cấp")
        if year in years:
            return _mention(m, "reference", shown, reason="thuộc kỳ báo cáo")
        return _mention(m, "ungrounded", shown, reason=f"năm {year} không có trong số liệu và kỳ báo cáo đã cung cấp")
    if m.malformed:
        return _mention(m, "ungrounded", shown, reason=m.malformed)
    if m.nonstandard:
        return _mention(m, "ungrounded", shown, reason=m.nonstandard)
    if m.kind in ("fraction", "rank"):
        num = _find(m.value * m.scale, m.decimals, m.unit, known)
        den = _find((m.denominator or Decimal(0)) * m.scale, m.denominator_decimals, m.unit, known)
        if num and den:
            return _mention(m, "grounded", shown, num.fact_id, f"{num.label}; {den.label}")
        return _mention(m, "ungrounded", shown, reason="phân số không khớp số liệu đã cung cấp")
    hit = _find(m.base_value, m.decimals, m.unit, known)
    if hit:
        return _mention(m, "grounded", shown, hit.fact_id, hit.label)
    if m.kind == "word" and m.unit is None:
        return _mention(m, "reference", shown, reason="số đếm bằng chữ không kèm đơn vị")
    return _mention(m, "ungrounded", shown, reason="không khớp số liệu nào đã cung cấp hoặc suy ra được")


def _find(value: Decimal, decimals: int, unit: str | None, known: list[_Known]) -> _Known | None:
    return next((k for k in known if _matches(value, decimals, unit, k)), None)


# ---------------------------------------------------------------- repair


@dataclass(frozen=True)
class Replacement:
    start: int  # span in the original draft
    end: int
    old: str
    new: str
    fact_id: str


@dataclass
class RepairResult:
    text: str
    replacements: list[Replacement] = field(default_factory=list)
    marked: list[GuardMention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"text": self.text, "replacements": [r.__dict__ for r in self.replacements],
                "marked": [m.to_dict() for m in self.marked]}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one substitution, insertion, deletion or adjacent swap."""
    if a == b:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                   and a[diff[1]] == b[diff[0]])
    if abs(len(a) - len(b)) == 1:
        short, long_ = sorted((a, b), key=len)
        return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
    return False


def _near_misses(m: NumberMention, known: list[_Known]) -> dict[str, str]:
    """Corrected texts of ``m`` for each typed known value it nearly equals: {new text: fact id}.

    Derived percentages are computed, not typed, so they are not near-miss targets.
    """
    match = re.search(r"\d[\d.,]*", m.text)
    if match is None:
        return {}
    old = match.group(0)
    out: dict[str, str] = {}
    for k in known:
        if not _unit_ok(m.unit, k.unit):
            continue
        if m.nonstandard and _matches(m.base_value, m.decimals, m.unit, k):
            out[m.text[:match.start()] + old.replace(".", ",") + m.text[match.end():]] = k.fact_id
            continue  # 78.82% for a known 78,82%: only the separator is wrong
        if not k.fact_id.startswith("f-"):
            continue
        new = format_number(k.value / m.scale)
        swapped_separator = _digits(old) == _digits(new) and k.value != m.base_value
        if swapped_separator or _one_edit(_digits(old), _digits(new)):
            out[m.text[:match.start()] + new + m.text[match.end():]] = k.fact_id
    return out


def repair(draft_text: str, report: GuardReport) -> RepairResult:
    """Apply the guard's unambiguous suggestions; mark every other ungrounded number.

    A number is replaced only when it is a near miss of exactly one fact value (one digit
    changed, added, dropped or two swapped, or the decimal separator swapped); otherwise it
    is kept and followed by ``[cần kiểm tra]``. Spans in the result refer to the original draft.
    """
    pieces: list[str] = []
    cursor = 0
    result = RepairResult(text="")
    for mention in sorted(report.ungrounded, key=lambda m: m.start):
        pieces.append(draft_text[cursor:mention.start])
        if mention.suggestion:
            pieces.append(mention.suggestion)
            result.replacements.append(Replacement(mention.start, mention.end, mention.text, mention.suggestion,
                                                   mention.suggestion_fact_id))
        else:
            pieces.append(mention.text + MARK)
            result.marked.append(mention)
        cursor = mention.end
    pieces.append(draft_text[cursor:])
    result.text = "".join(pieces)
    return result
