"""The workspace's fact rows ↔ the facts package: what the officer typed, as facts, and back.

Rows keep the officer's text ("1.067/1.254", "≥ 98"); the facts package parses them
(``rows_to_factset``) and a row it cannot read becomes a row-numbered Vietnamese message
while the other rows still count (issue 3, "bad rows"). A row's kỳ trước is a fact of the same
name for the previous period, so the change and % of plan are derived (issue 11 §2); a row
whose kỳ này is still empty is "chưa nhập kỳ này" (``pending_rows``), not an error.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from assistant.facts.io import PREVIOUS_PERIOD, ImportResult, rows_to_factset
from assistant.facts.model import Fact, FactSet, normalize_name
from assistant.facts.numbers import format_number
from assistant.ingest.normalize import fold_diacritics
from assistant.workspace.models import FactRow, ReportInfo


def factset_from_rows(rows: Sequence[FactRow], commune: str, period: str,
                      previous_period: str = "") -> tuple[FactSet, list[str]]:
    """The rows as a FactSet (row numbers as the officer sees them, from 1) and messages for bad rows.

    A row with kỳ trước also gives a fact of the same name for ``previous_period`` ("kỳ trước" when
    the report does not name it); a row with an empty kỳ này gives no current fact and no message.
    """
    table = [{"name": r.name, "value": r.value, "unit": r.unit, "target": r.target, "note": r.note,
              "previous": r.previous, "group": r.group} for r in rows]
    result = rows_to_factset(table, commune, period, first_row=1, source="entered", previous_period=previous_period)
    return result.facts, [str(e) + "." for e in result.errors]


def pending_rows(rows: Sequence[FactRow]) -> list[str]:
    """Names of the rows "chưa nhập kỳ này": kỳ này empty while kỳ trước or kế hoạch is given."""
    return [r.name.strip() for r in rows
            if r.name.strip() and not r.value.strip() and (r.previous.strip() or r.target.strip())]


def previous_period_of(report: ReportInfo | Mapping[str, Any] | None) -> str:
    """The previous period a report's skeleton names ("6 tháng đầu năm 2025"), or ""."""
    skeleton = getattr(report, "skeleton", report) or {}
    return str(skeleton.get("previous_period") or "") if isinstance(skeleton, Mapping) else ""


def row_from_fact(fact: Fact) -> FactRow:
    """A fact as the officer reads it in the table (Vietnamese number forms)."""
    value = value_text(fact)
    target = "" if fact.target is None else f"{fact.target_op}{format_number(fact.target)}"
    return FactRow(name=fact.name, value=value, unit=fact.unit or "", target=target, period=fact.period,
                   note=fact.note, source=fact.source, fact_id=fact.id, group=fact.group)


def value_text(fact: Fact) -> str:
    """A fact's value as the officer types it: "1.693", "14/41"."""
    return format_number(fact.value) if fact.denominator is None else (
        f"{format_number(fact.value)}/{format_number(fact.denominator)}")


def rows_from_import(result: ImportResult, previous_period: str = "") -> list[FactRow]:
    """An imported table as rows, one per indicator: its kỳ trước fact goes back into the row's
    ``previous`` (facts of ``previous_period`` or "kỳ trước"), and pending rows keep their place."""
    labels = {normalize_name(PREVIOUS_PERIOD), normalize_name(previous_period)} - {""}
    is_previous = [normalize_name(f.period) in labels and normalize_name(f.period) != normalize_name(result.facts.period)
                   for f in result.facts]
    previous = {normalize_name(f.name): value_text(f) for f, prev in zip(result.facts, is_previous) if prev}
    pending = sorted(result.pending, key=lambda p: p.position)
    rows: list[FactRow] = []
    used: set[str] = set()

    def add_pending(upto: int) -> None:
        while pending and pending[0].position <= upto:
            p = pending.pop(0)
            used.add(normalize_name(p.name))
            rows.append(FactRow(p.name, "", p.unit, p.target, note=p.note, source="imported", previous=p.previous,
                                group=p.group))

    for i, (fact, prev) in enumerate(zip(result.facts, is_previous)):
        add_pending(i)
        key = normalize_name(fact.name)
        if not prev:
            rows.append(replace(row_from_fact(fact), previous=previous.get(key, "")))
            used.add(key)
        elif key not in used and not any(normalize_name(f.name) == key and not p
                                         for f, p in zip(result.facts, is_previous)):
            rows.append(FactRow(fact.name, "", fact.unit or "", source="imported", previous=value_text(fact),
                                group=fact.group))
            used.add(key)
    add_pending(len(result.facts))
    return rows


def corrections_of(facts: Sequence[Fact], period: str) -> tuple[tuple[str, str, str], ...]:
    """The (name, value, unit) list ``apply_corrections`` takes, from a chat session's facts: only the
    report period's facts — a kỳ trước fact of the same name must never become the row's kỳ này."""
    key = normalize_name(period)
    return tuple((f.name, value_text(f), f.unit or "") for f in facts
                 if not (key and f.period and normalize_name(f.period) != key))


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


@dataclass(frozen=True)
class MergedRows:
    """An import of kỳ này figures laid over the report's table (``merge_rows``)."""

    rows: list[FactRow]
    updated: int  # stored rows that took the imported kỳ này
    added: list[str]  # imported indicators the table did not have, appended
    approximate: list[tuple[str, str]]  # (stored name, imported name) matched though spelled differently
    missing: list[str]  # stored indicators the import did not mention, kept as they were


def _match_key(name: str) -> str:
    """Names compared without case, diacritics or punctuation: "Tỷ lệ hồ sơ (%)" ~ "ty le ho so"."""
    return " ".join(re.sub(r"[^\w%]+", " ", fold_diacritics(normalize_name(name))).split())


def merge_rows(stored: Sequence[FactRow], imported: Sequence[FactRow], min_similarity: float = 0.9) -> MergedRows:
    """Fill the stored table's rows from an import, by indicator name (issue 11 §2).

    A report started from a directive or last period's report already has its rows, with kế hoạch
    and kỳ trước; the officer's spreadsheet brings kỳ này. Each imported row updates the stored row
    of the same name (up to case and spaces; else the same without diacritics and punctuation; else
    the one unique name at least ``min_similarity`` alike by ``difflib`` with the same unit — those
    two reported as approximate so the officer can check them): its kỳ này, and unit / kế hoạch /
    kỳ trước / ghi chú where the import gives them. Rows of the table the import does not name keep their place and values; imported
    rows with no match are appended.
    """
    rows = list(stored)
    names = [normalize_name(r.name) for r in rows]  # exact, up to case and spaces
    keys = [_match_key(r.name) for r in rows]  # without diacritics and punctuation
    taken: set[int] = set()
    updated, added, approximate = 0, [], []
    for new in imported:
        name, key = normalize_name(new.name), _match_key(new.name)
        index = next((i for i, n in enumerate(names) if n == name and i not in taken), None)
        if index is None and key:
            index = next((i for i, k in enumerate(keys) if k == key and i not in taken), None)
            if index is None:
                scored = sorted(((difflib.SequenceMatcher(None, key, k).ratio(), i) for i, k in enumerate(keys)
                                 if i not in taken and _same_unit(rows[i].unit, new.unit)), reverse=True)
                if scored and scored[0][0] >= min_similarity and (len(scored) == 1 or scored[1][0] < min_similarity):
                    index = scored[0][1]
            if index is not None:
                approximate.append((rows[index].name, new.name))
        if index is None:
            rows.append(new)
            names.append(name)
            keys.append(key)
            taken.add(len(rows) - 1)
            added.append(new.name)
            continue
        old = rows[index]
        rows[index] = replace(old, value=new.value, unit=new.unit or old.unit, target=new.target or old.target,
                              previous=new.previous or old.previous, note=new.note or old.note,
                              group=old.group or new.group, source="imported")
        taken.add(index)
        updated += 1
    missing = [r.name for i, r in enumerate(rows) if i not in taken and r.name.strip()]
    return MergedRows(rows, updated, added, approximate, missing)


def _same_unit(a: str, b: str) -> bool:
    return not a.strip() or not b.strip() or normalize_name(a) == normalize_name(b)
