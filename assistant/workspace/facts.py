"""The workspace's fact rows ↔ the facts package: what the officer typed, as facts, and back.

Rows keep the officer's text ("1.067/1.254", "≥ 98"); the facts package parses them
(``rows_to_factset``) and a row it cannot read becomes a row-numbered Vietnamese message
while the other rows still count (issue 3, "bad rows").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from assistant.facts.io import rows_to_factset
from assistant.facts.model import Fact, FactSet
from assistant.facts.numbers import format_number
from assistant.workspace.models import FactRow


def factset_from_rows(rows: Sequence[FactRow], commune: str, period: str) -> tuple[FactSet, list[str]]:
    """The rows as a FactSet (row numbers as the officer sees them, from 1) and messages for bad rows."""
    table = [{"name": r.name, "value": r.value, "unit": r.unit, "target": r.target, "note": r.note, "group": r.group}
             for r in rows]
    result = rows_to_factset(table, commune, period, first_row=1, source="entered")
    return result.facts, [str(e) + "." for e in result.errors]


def row_from_fact(fact: Fact) -> FactRow:
    """A fact as the officer reads it in the table (Vietnamese number forms)."""
    value = format_number(fact.value) if fact.denominator is None else (
        f"{format_number(fact.value)}/{format_number(fact.denominator)}")
    target = "" if fact.target is None else f"{fact.target_op}{format_number(fact.target)}"
    return FactRow(name=fact.name, value=value, unit=fact.unit or "", target=target, period=fact.period,
                   note=fact.note, source=fact.source, fact_id=fact.id, group=fact.group)


def apply_corrections(rows: Sequence[FactRow], corrected: Sequence[tuple[str, str, str]]) -> list[FactRow]:
    """The table after the chat corrected numbers ("sửa: hồ sơ toàn trình là 1.701").

    ``corrected`` is the full list of (name, value, unit) the drafting session now holds. A row
    of the same name (case-insensitive) takes the new value and keeps its target, period and note
    (and its unit when the correction gives none); a new name is a new row marked ``extracted``;
    rows the session does not mention stay as they were, after the corrected ones.
    """
    by_name = {r.name.lower(): r for r in rows}
    updated = []
    for name, value, unit in corrected:
        old = by_name.pop(name.lower(), None)
        if old is None:
            updated.append(FactRow(name, value, unit, source="extracted"))
        else:
            updated.append(replace(old, name=name, value=value, unit=unit or old.unit))
    return updated + list(by_name.values())
