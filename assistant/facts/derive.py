"""Numbers that follow from the officer's facts, each with its formula and rounding.

``derive_facts(factset) -> list[DerivedFact]`` computes, only for *related* facts (``related``:
the same unit family and either a shared content word in their names or a part-of link from
extraction, "…, trong đó …"), since every derived value is one more number the guard accepts:
- ratio of part to whole in percent (``1.693/2.148 × 100 = 78,82%``), also for a fact
  given as a fraction (``14/41`` → 34,15%);
- percent of target (``72,5/90 × 100 = 80,56%``);
- the remainder's share (``(2.148 − 1.693)/2.148 × 100 = 21,18%``);
- difference (``2.148 − 1.693 = 455``) and sum of two parts (``38 + 364 = 402``);
- change versus a previous period when the same indicator appears with two periods
  (absolute and in percent; the report's own period is the later one). Two different indicators
  of two different periods are never combined.
Ratios are taken only where the part is smaller than the whole. With every pair derived, a
nine-fact set typed without units grounded a third of all whole percentages (34 of 101; now 11),
see ``tests/facts/test_facts_derive.py``.
Percentages are rounded half-up to 2 decimals (the reports' usual precision); ``exact``
keeps the unrounded value so a reader that writes fewer decimals can be checked too.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import permutations

from assistant.facts.indicators import name_tokens
from assistant.facts.model import DerivedFact, Fact, FactSet, normalize_name
from assistant.facts.numbers import format_number, round_to
from assistant.facts.units import MEASURE_UNITS

PERCENT_DECIMALS = 2
HUNDRED = Decimal(100)


def _id(kind: str, name: str, inputs: tuple[str, ...]) -> str:
    return "d-" + hashlib.sha1(f"{kind}|{name}|{'|'.join(inputs)}".encode()).hexdigest()[:10]


def _percent(kind: str, name: str, part: Decimal, whole: Decimal, inputs: tuple[str, ...], shown: tuple[str, str]) -> DerivedFact:
    exact = part / whole * HUNDRED
    value = round_to(exact, PERCENT_DECIMALS)
    formula = f"{shown[0]}/{shown[1]} × 100 = {format_number(value)}%"
    return DerivedFact(_id(kind, name, inputs), kind, name, value, exact, "%", formula, inputs, PERCENT_DECIMALS)


def _plain(kind: str, name: str, value: Decimal, unit: str | None, formula: str, inputs: tuple[str, ...]) -> DerivedFact:
    decimals = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
    return DerivedFact(_id(kind, name, inputs), kind, name, value, value, unit, formula, inputs, decimals)


def unit_family(fact: Fact) -> str:
    """``%`` (a rate, also "Tỷ lệ …" typed without a unit), a measure (đồng, km², điểm…), or
    ``count:<noun>`` (``count:`` for a bare number) so hồ sơ never meets thủ tục."""
    _, unit = fact.base
    if unit == "%" or (unit is None and fact.denominator is None
                       and normalize_name(fact.name).startswith(("tỷ lệ", "tỉ lệ"))):
        return "%"
    if unit in MEASURE_UNITS:
        return unit
    return f"count:{unit or ''}"


def _share_name(a: Fact, b: Fact) -> bool:
    """At least half of the shorter name's content words are in the other name: "Hồ sơ tiếp
    nhận" and "Hồ sơ trực tuyến toàn trình" (hồ sơ); not a long note that happens to say
    "toàn trình" about thủ tục."""
    ta, tb = name_tokens(a.name), name_tokens(b.name)
    shorter = min(len(ta), len(tb))
    return shorter > 0 and 2 * len(ta & tb) >= shorter


def related(a: Fact, b: Fact) -> bool:
    """Whether a ratio, difference or sum of two facts means something: the same unit family
    (``unit_family``), and a part-of link (``Fact.part_of``, from extraction) or names that share
    their content words (``_share_name``, words as ``indicators.name_tokens`` reads them:
    "TTHC trực tuyến toàn trình" and "Tổng số TTHC cấp xã" share "thủ tục hành chính")."""
    if unit_family(a) != unit_family(b):
        return False
    links = ((a.part_of, b.name), (b.part_of, a.name))
    return any(whole and normalize_name(whole) == normalize_name(name) for whole, name in links) or _share_name(a, b)


def derive_facts(factset: FactSet | list[Fact]) -> list[DerivedFact]:
    """All derived facts of a fact set (see module docstring); deterministic order."""
    facts = list(factset)
    report_period = normalize_name(factset.period) if isinstance(factset, FactSet) else ""
    derived: list[DerivedFact] = []
    for fact in facts:
        base, unit = fact.base
        if fact.denominator is not None and fact.denominator != 0:
            derived.append(
                _percent("ratio", f"Tỷ lệ {fact.name}", fact.value, fact.denominator, (fact.id,),
                         (format_number(fact.value), format_number(fact.denominator)))
            )
            derived.append(
                _plain("difference", f"{fact.name}: còn lại", fact.denominator - fact.value, unit,
                       f"{format_number(fact.denominator)} − {format_number(fact.value)} = "
                       f"{format_number(fact.denominator - fact.value)}", (fact.id,))
            )
        if fact.target is not None and fact.target != 0:
            derived.append(
                _percent("percent_of_target", f"{fact.name}: so với mục tiêu", fact.value, fact.target, (fact.id,),
                         (format_number(fact.value), format_number(fact.target)))
            )
            derived.append(_gap(fact))
    for part, whole in permutations(facts, 2):
        (pv, pu), (wv, wu) = part.base, whole.base
        if unit_family(part) == "%" == unit_family(whole) and part.period != whole.period \
                and normalize_name(part.name) == normalize_name(whole.name):
            derived.extend(_change(part, whole, report_period)[:1])  # a rate changes by points, not by %
            continue
        if unit_family(part) == "%" or part.denominator is not None or whole.denominator is not None \
                or not related(part, whole):
            continue
        same_indicator = normalize_name(part.name) == normalize_name(whole.name)
        if same_indicator and part.period != whole.period:
            derived.extend(_change(part, whole, report_period))
            continue
        if part.period and whole.period and normalize_name(part.period) != normalize_name(whole.period):
            continue  # last period's hồ sơ over this period's: no ratio, difference or sum means anything
        if 0 <= pv < wv:
            inputs = (part.id, whole.id)
            derived.append(
                _percent("ratio", f"Tỷ lệ {part.name} trên {whole.name}", pv, wv, inputs,
                         (format_number(part.value), format_number(whole.value)))
            )
            derived.append(
                _percent("ratio", f"Tỷ lệ còn lại ngoài {part.name} trên {whole.name}", wv - pv, wv, inputs,
                         (f"({format_number(whole.value)} − {format_number(part.value)})", format_number(whole.value)))
            )
            diff = whole.value - part.value if part.unit == whole.unit else wv - pv
            derived.append(
                _plain("difference", f"{whole.name} − {part.name}", diff, whole.unit if part.unit == whole.unit else wu,
                       f"{format_number(whole.value)} − {format_number(part.value)} = {format_number(diff)}", inputs)
            )
        if part.id < whole.id and part.unit == whole.unit:
            total = part.value + whole.value
            derived.append(
                _plain("sum", f"{part.name} + {whole.name}", total, part.unit,
                       f"{format_number(part.value)} + {format_number(whole.value)} = {format_number(total)}",
                       (part.id, whole.id))
            )
    return derived


def _gap(fact: Fact) -> DerivedFact:
    """How far a value is from its target: ``|95 − 88,4| = 6,6`` — for a rate in điểm (phần trăm)."""
    gap = abs(fact.target - fact.value)
    unit = "điểm" if unit_family(fact) == "%" else fact.unit
    return _plain("gap", f"{fact.name}: chênh lệch so với mục tiêu", gap, unit,
                  f"|{format_number(fact.target)} − {format_number(fact.value)}| = {format_number(gap)}", (fact.id,))


def _is_later(previous: Fact, current: Fact, report_period: str) -> bool:
    """Whether ``current`` is the later of two periods of one indicator: the report's own period is
    the later one ("kỳ trước" or "quý IV/2025" against "quý I/2026" do not sort by their text);
    between two other periods, lexical order is enough to pick one direction only."""
    if report_period and report_period in (normalize_name(previous.period), normalize_name(current.period)):
        return normalize_name(current.period) == report_period
    return previous.period <= current.period


def _change(previous: Fact, current: Fact, report_period: str = "") -> list[DerivedFact]:
    """Change of one indicator between two periods (``_is_later`` says which one is current)."""
    if not _is_later(previous, current, report_period):
        return []
    inputs = (previous.id, current.id)
    diff = current.value - previous.value
    unit = "điểm" if unit_family(current) == "%" else current.unit  # a rate changes by (percentage) points
    out = [
        _plain("change", f"{current.name}: thay đổi so với {previous.period}", abs(diff), unit,
               f"{format_number(current.value)} − {format_number(previous.value)} = {format_number(diff)}", inputs)
    ]
    if previous.value:
        exact = diff / previous.value * HUNDRED
        value = round_to(exact, PERCENT_DECIMALS)
        formula = (f"({format_number(current.value)} − {format_number(previous.value)})/"
                   f"{format_number(previous.value)} × 100 = {format_number(value)}%")
        out.append(DerivedFact(_id("change%", current.name, inputs), "change", f"{current.name}: tăng/giảm (%)", abs(value), abs(exact),
                               "%", formula, inputs, PERCENT_DECIMALS))
    return out
