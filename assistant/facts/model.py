"""The officer's facts: ``Fact``, ``FactSet`` (one report: commune + period) and ``DerivedFact``.

A fact's id is stable: derived from its normalized name and period, so re-importing the same
table or re-entering the same indicator finds the same fact. Values are ``Decimal`` in the
unit as written (``0,556`` with unit ``tỷ đồng``); ``base_value`` folds the scale word in.
A fact given as a fraction (``14/41 máy``) keeps ``denominator``.

Everything here serializes to plain JSON (``to_dict``/``from_dict``) because the UI stores
fact sets in SQLite.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from assistant.facts.numbers import decimals_of, format_number, format_quantity
from assistant.facts.units import base_quantity, normalize_unit

SOURCES = ("entered", "imported", "extracted")


def normalize_name(name: str) -> str:
    """Lower-case, NFC, single spaces, no trailing punctuation: the key names are compared by."""
    text = unicodedata.normalize("NFC", name).lower()
    text = re.sub(r"<[^>]+>|[*_`]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" .:;,-–+")


def make_fact_id(name: str, period: str = "") -> str:
    """Stable id: ``f-`` + 10 hex digits of sha1(normalized name | normalized period)."""
    key = f"{normalize_name(name)}|{normalize_name(period)}"
    return "f-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _dec(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


@dataclass(frozen=True)
class Fact:
    """One indicator value the officer gave (entered, imported from a table, or extracted)."""

    name: str
    value: Decimal
    unit: str | None = None
    period: str = ""
    target: Decimal | None = None
    target_op: str = ""  # "≥" when the target reads "≥ 98"
    note: str = ""
    source: str = "entered"
    denominator: Decimal | None = None  # 14/41 máy → value 14, denominator 41
    group: str = ""  # section row of an indicator table ("Phát triển hạ tầng")
    id: str = ""
    part_of: str = ""  # name of the whole this fact is part of ("2.148 hồ sơ, trong đó 1.693 …")

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"nguồn «{self.source}» không hợp lệ; chọn một trong: {', '.join(SOURCES)}")
        object.__setattr__(self, "unit", normalize_unit(self.unit))
        if not self.id:
            object.__setattr__(self, "id", make_fact_id(self.name, self.period))

    @property
    def decimals(self) -> int:
        return decimals_of(self.value)

    @property
    def base(self) -> tuple[Decimal, str | None]:
        """(value, unit) with the scale word folded in: (0,556, tỷ đồng) → (556000000, đồng)."""
        return base_quantity(self.value, self.unit)

    def display(self) -> str:
        """The value as a Vietnamese reader expects it: ``84,03%``, ``14/41 máy``."""
        if self.denominator is not None:
            text = f"{format_number(self.value)}/{format_number(self.denominator)}"
            return f"{text} {self.unit}" if self.unit and self.unit != "%" else text
        return format_quantity(self.value, self.unit)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "value": str(self.value),
            "unit": self.unit,
            "period": self.period,
            "target": None if self.target is None else str(self.target),
            "target_op": self.target_op,
            "note": self.note,
            "source": self.source,
            "denominator": None if self.denominator is None else str(self.denominator),
            "group": self.group,
            "part_of": self.part_of,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Fact":
        return cls(
            name=data["name"],
            value=Decimal(str(data["value"])),
            unit=data.get("unit"),
            period=data.get("period", "") or "",
            target=_dec(data.get("target")),
            target_op=data.get("target_op", "") or "",
            note=data.get("note", "") or "",
            source=data.get("source", "entered") or "entered",
            denominator=_dec(data.get("denominator")),
            group=data.get("group", "") or "",
            id=data.get("id", "") or "",
            part_of=data.get("part_of", "") or "",
        )


@dataclass
class FactSet:
    """The facts of one report: a commune and a period (``6 tháng đầu năm 2026``)."""

    commune: str = ""
    period: str = ""
    facts: list[Fact] = field(default_factory=list)

    def add(self, fact: Fact) -> Fact:
        """Add a fact; a fact without a period takes the report's period. Same id replaces."""
        if not fact.period and self.period:
            fact = replace(fact, period=self.period, id="" if fact.id == make_fact_id(fact.name) else fact.id)
        self.facts = [f for f in self.facts if f.id != fact.id] + [fact]
        return fact

    def get(self, fact_id: str) -> Fact | None:
        return next((f for f in self.facts if f.id == fact_id), None)

    def by_name(self, name: str) -> list[Fact]:
        key = normalize_name(name)
        return [f for f in self.facts if normalize_name(f.name) == key]

    def __iter__(self):
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)

    def to_dict(self) -> dict:
        return {"commune": self.commune, "period": self.period, "facts": [f.to_dict() for f in self.facts]}

    @classmethod
    def from_dict(cls, data: dict) -> "FactSet":
        facts = [Fact.from_dict(item) for item in data.get("facts", [])]
        return cls(commune=data.get("commune", "") or "", period=data.get("period", "") or "", facts=facts)


DERIVED_KINDS = ("ratio", "percent_of_target", "gap", "difference", "change", "sum")


@dataclass(frozen=True)
class DerivedFact:
    """A number computed from facts, with the formula shown in Vietnamese.

    ``exact`` is the unrounded value; ``value`` is rounded to ``decimals`` places (half-up),
    the rounding the formula states. ``inputs`` are the ids of the facts used.
    """

    id: str
    kind: str
    name: str
    value: Decimal
    exact: Decimal
    unit: str | None
    formula: str
    inputs: tuple[str, ...]
    decimals: int

    def display(self) -> str:
        return format_quantity(self.value, self.unit)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "value": str(self.value),
            "exact": str(self.exact),
            "unit": self.unit,
            "formula": self.formula,
            "inputs": list(self.inputs),
            "decimals": self.decimals,
        }
