"""Reporting periods: recognise one in a title, name the report type it implies, give the next one.

The forms are those of commune reports: "tháng 5/2026" / "tháng 5 năm 2026", "quý III/2025" /
"quý 3 năm 2025", "6 tháng đầu năm 2026" / "6 tháng cuối năm 2026", cumulative "5 tháng đầu năm
2026" / "9 tháng năm 2026", "năm 2025". The first period in a title is the report's ("… 5 tháng đầu
năm 2026; nhiệm vụ … 6 tháng cuối năm 2026"). Matching is on the diacritics-folded text so "6 thang dau nam 2026" is read too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.normalize import fold_diacritics

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_ROMAN_OF = {v: k for k, v in _ROMAN.items()}

# Folded patterns, most specific first; matched on a same-length folding so spans map back.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("half", re.compile(r"\b6\s+thang\s+(dau|cuoi)\s+nam\s+(\d{4})\b")),
    ("months", re.compile(r"\b([1-9]|1[01])\s+thang\s+(?:dau\s+)?nam\s+(\d{4})\b")),
    ("quarter", re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam\s+)\s*(\d{4})\b")),
    ("month", re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|nam\s+)\s*(\d{4})\b")),
    ("year", re.compile(r"\bnam\s+(\d{4})\b")),
)


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, half, months (cumulative "9 tháng năm 2026"), year
    year: int
    number: int = 0  # month 1–12, quarter 1–4, half 1 (đầu) / 2 (cuối), months 1–11
    span: tuple[int, int] = (0, 0)  # where it was found in the text read

    @property
    def text(self) -> str:
        if self.kind == "month":
            return f"tháng {self.number}/{self.year}"
        if self.kind == "quarter":
            return f"quý {_ROMAN_OF[self.number]}/{self.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.number == 1 else 'cuối'} năm {self.year}"
        if self.kind == "months":
            return f"{self.number} tháng đầu năm {self.year}"
        return f"năm {self.year}"

    @property
    def report_type(self) -> str:
        """The default outline for a report of this period (``types.REPORT_TYPES``)."""
        if self.kind == "months":
            return "tien_do_quy" if self.number % 3 == 0 else "tien_do_thang"
        return {"month": "tien_do_thang", "quarter": "tien_do_quy", "half": "so_ket_6_thang",
                "year": "tong_ket_nam"}[self.kind]

    def next(self) -> "Period":
        """The period of the next report of the same series (a 6-month report is yearly)."""
        if self.kind == "month":
            return Period("month", self.year + self.number // 12, self.number % 12 + 1)
        if self.kind == "quarter":
            return Period("quarter", self.year + self.number // 4, self.number % 4 + 1)
        if self.kind == "months":  # cumulative reports follow their monthly or quarterly series
            step = 3 if self.number % 3 == 0 else 1
            following = self.number + step
            if following >= 12:
                return Period("year", self.year)
            return Period("half", self.year, 1) if following == 6 else Period("months", self.year, following)
        return Period(self.kind, self.year + 1, self.number)


_MONTHS_PER = {"month": 1, "months": 1, "quarter": 3, "half": 6}


def _ordinal(p: Period) -> int:
    """Months since year 0 at the period's end, to move periods of one kind by the same step."""
    return p.year * 12 + (12 if p.kind == "year" else p.number * _MONTHS_PER[p.kind])


def shifted(period: Period, old: Period, new: Period) -> Period | None:
    """``period`` moved as ``old`` moved to ``new`` (same kind only): with last report's quý III/2025
    → this report's quý IV/2025, "quý IV/2025" becomes "quý I/2026"; None for another kind."""
    if not (period.kind == old.kind == new.kind):
        return None
    target = _ordinal(period) + _ordinal(new) - _ordinal(old)
    if period.kind == "year":
        return Period("year", target // 12 - 1)
    step = _MONTHS_PER[period.kind]
    year, end_month = divmod(target - step, 12)  # the month the period starts in, 0-based
    return Period(period.kind, year, end_month // step + 1)


def fold_same_length(text: str) -> str:
    """``fold_diacritics`` keeping positions: index i of the result is character i of ``text``.

    Folding NFC Vietnamese keeps the length, so the whole text is folded at once; a text where it
    does not (a decomposed or unusual character) is folded one character at a time.
    """
    folded = fold_diacritics(text)
    if len(folded) == len(text):
        return folded
    return "".join((fold_diacritics(ch) or ch)[:1] for ch in text)


def find_period(text: str) -> Period | None:
    """The period stated first in ``text`` (at one place, the most specific reading of it)."""
    folded = fold_same_length(text)
    found: list[Period] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            period = _period(kind, m)
            if period is not None:
                found.append(period)
                break
    return min(found, key=lambda p: (p.span[0], -(p.span[1] - p.span[0])), default=None)


def _period(kind: str, m: re.Match[str]) -> Period | None:
    if kind == "half":
        return Period(kind, int(m.group(2)), 1 if m.group(1) == "dau" else 2, m.span())
    if kind == "months":
        return Period(kind, int(m.group(2)), int(m.group(1)), m.span())
    if kind == "quarter":
        token = m.group(1).upper()
        return Period(kind, int(m.group(2)), _ROMAN.get(token) or int(token), m.span())
    if kind == "month":
        month = int(m.group(1))
        return Period(kind, int(m.group(2)), month, m.span()) if 1 <= month <= 12 else None
    return Period(kind, int(m.group(1)), 0, m.span())


def replace_period(text: str, new: str) -> str:
    """``text`` with its period replaced by ``new`` (e.g. last report's trích yếu, this period)."""
    found = find_period(text)
    if found is None:
        return text
    start, end = found.span
    return f"{text[:start]}{new}{text[end:]}"
