"""Numbers that follow from the officer's facts, each with its formula and rounding.

``derive_facts(factset) -> list[DerivedFact]`` computes, for facts in the same base unit:
- ratio of part to whole in percent (``1.693/2.148 × 100 = 78,82%``), also for a fact
  given as a fraction (``14/41`` → 34,15%);
- percent of target (``72,5/90 × 100 = 80,56%``);
- the remainder's share (``(2.148 − 1.693)/2.148 × 100 = 21,18%``);
- difference (``2.148 − 1.693 = 455``) and sum of two parts (``38 + 364 = 402``);
- change versus a previous period when the same indicator appears with two periods
  (absolute and in percent).
Percentages are rounded half-up to 2 decimals (the reports' usual precision); ``exact``
keeps the unrounded value so a reader that writes fewer decimals can be checked too.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import permutations

from assistant.facts.model import DerivedFact, Fact, FactSet, normalize_name
from assistant.facts.numbers import format_number, round_to

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


def derive_facts(factset: FactSet | list[Fact]) -> list[DerivedFact]:
    """All derived facts of a fact set (see module docstring); deterministic order."""
    facts = list(factset)
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
    for part, whole in permutations(facts, 2):
        (pv, pu), (wv, wu) = part.base, whole.base
        if pu != wu or pu == "%" or part.denominator is not None or whole.denominator is not None:
            continue
        same_indicator = normalize_name(part.name) == normalize_name(whole.name)
        if same_indicator and part.period != whole.period:
            derived.extend(_change(previous=part, current=whole))
            continue
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


def _change(previous: Fact, current: Fact) -> list[DerivedFact]:
    """Change of one indicator between two periods; the later period is the one listed second."""
    if previous.period > current.period:  # lexical order is enough to pick one direction only
        return []
    inputs = (previous.id, current.id)
    diff = current.value - previous.value
    out = [
        _plain("change", f"{current.name}: thay đổi so với {previous.period}", abs(diff), current.unit,
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
