"""Citation markers in report paragraphs: "[3]", "[1, 2]", "[1; 4]", "[1-3]" (one parser for the package).

The drafting pipeline writes "[n]" and "[n, m]"; officers editing a draft also write ranges
("[1-3]", "[1–3]"). Assembly renumbers them report-wide, a single-section export keeps the
citations they use, and the final version drops them (``assistant.export.citations``).
Numbers have at most three digits so a year in brackets ("[2025]") is never taken for a marker.
"""

from __future__ import annotations

import re
from typing import Callable

_ITEM = r"\d{1,3}(?:\s*[-–]\s*\d{1,3})?"
# One bracketed marker; group 1 is its inside ("1, 2", "1-3").
MARKER_RE = re.compile(rf"\[({_ITEM}(?:\s*[,;]\s*{_ITEM})*)\]")


def marker_numbers(inside: str) -> list[int]:
    """The numbers a marker's inside names, in order, ranges expanded: "1, 3-5" → [1, 3, 4, 5]."""
    numbers: list[int] = []
    for item in re.split(r"\s*[,;]\s*", inside.strip()):
        bounds = [int(n) for n in re.split(r"\s*[-–]\s*", item)]
        low, high = bounds[0], bounds[-1]
        numbers.extend(range(low, high + 1) if low <= high else (low, high))  # "[3-1]": both, as written
    return numbers


def cited_numbers(text: str) -> list[int]:
    """Every number cited in ``text``, in order of appearance (repeats kept)."""
    return [n for m in MARKER_RE.finditer(text) for n in marker_numbers(m.group(1))]


def rewrite_markers(text: str, renumber: Callable[[int], int | None]) -> str:
    """Each marker with its numbers passed through ``renumber`` (None drops a number).

    The result lists unique numbers ascending ("[2, 3]"); a marker left with none is removed
    together with the spaces before it, so "chưa rõ [9]." becomes "chưa rõ.".
    """

    def sub(m: re.Match) -> str:
        kept = sorted({new for n in marker_numbers(m.group(1)) if (new := renumber(n)) is not None})
        return f" [{', '.join(map(str, kept))}]" if kept else ""

    return re.sub(r"[ \t]*" + MARKER_RE.pattern, sub, text)
