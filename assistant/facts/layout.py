"""The layout of a report text the consistency checker needs: tables, sentences, blocks.

Seeds are plain-text extractions: tables are runs of tab-separated lines (header rows
first, ``<b>`` tags around bold cells, merged header cells left empty), body paragraphs may
be hard-wrapped (PDF: ``unwrap`` joins them without moving offsets), bullets start with ``-``
or ``+`` and a list hangs under a line ending in ":" (``list_bounds``). Everything keeps
offsets into the original text so findings can cite spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    text: str  # without <b> tags, stripped
    start: int
    end: int


@dataclass
class Table:
    start: int
    end: int
    rows: list[list[Cell]] = field(default_factory=list)
    line_spans: list[tuple[int, int]] = field(default_factory=list)


_TAG = re.compile(r"</?b>|\*\*")


def _cells(line: str, offset: int) -> list[Cell]:
    cells, pos = [], 0
    for raw in line.split("\t"):
        clean = _TAG.sub("", raw).strip()
        lead = len(raw) - len(raw.lstrip())
        cells.append(Cell(clean, offset + pos + lead, offset + pos + lead + len(raw.strip())))
        pos += len(raw) + 1
    return cells


def find_tables(text: str) -> list[Table]:
    """Runs of lines containing a tab; blank lines inside a run (page breaks in extracts)
    do not end it, any other line without a tab does."""
    tables: list[Table] = []
    current: Table | None = None
    offset = 0
    for line in text.split("\n"):
        if not line.strip() and current is not None:
            offset += len(line) + 1
            continue
        if "\t" in line:
            if current is None:
                current = Table(offset, offset + len(line))
                tables.append(current)
            current.rows.append(_cells(line, offset))
            current.line_spans.append((offset, offset + len(line)))
            current.end = offset + len(line)
        else:
            current = None
        offset += len(line) + 1
    return tables


# A sentence ends at ". " before an upper-case letter or a bullet, at ";"-free line ends that
# start a bullet/heading, or at a blank line followed by a bullet/heading (PDF extracts keep
# blank lines inside sentences, so a blank line alone does not end one).
_SENTENCE_END = re.compile(
    r"\.(?=\s+[A-ZĐÀ-Ỹ\-+•*#(])|\.\s*$|\n(?=[ \t]*(?:[-+•*#]|\d+(?:\.\d+)*\.\s|[a-zđ]\)|[IVX]+\.))|\t",
    re.MULTILINE,
)


class Sentences:
    """Sentence bounds of one text (see ``_SENTENCE_END``), computed once, looked up by offset."""

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self._bounds = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
        self._starts = [start for start, _ in self._bounds]

    def around(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence holding ``pos``."""
        i = bisect.bisect_left(self._starts, pos)
        start = max((end for _, end in self._bounds[max(0, i - 2):i] if end <= pos), default=0)
        end = self._starts[i] if i < len(self._starts) else self.length
        return start, end


# A line that opens a new block rather than continuing the previous line's sentence.
_BLOCK_START = re.compile(
    r"[ \t]*(?:[-+•*#|<]|\d+(?:\.\d+)*[.)](?:\s|$)|\(\w{1,3}\)|[a-zđ]\)|[IVXLC]+\.\s|[A-ZĐ]\.\s)"
)
_PAGE_NUMBER = re.compile(r"[ \t]*\d{1,3}[ \t]*")


def unwrap(text: str) -> str:
    """Join hard-wrapped lines of a PDF extraction, keeping every offset.

    A line break (with the blank and page-number lines after it) becomes spaces when the line
    before does not end a sentence (. ! ? :) and the next text line continues it: it starts
    with a lower-case letter or a digit that is not a section label. Table lines (with tabs)
    are never joined. Same length as ``text``, so spans found in the result cite the original.
    """
    chars = list(text)
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    for i, line in enumerate(lines[:-1]):
        if not line.strip() or "\t" in line or re.search(r"[.!?:]\s*$", line):
            continue
        j = i + 1
        while j < len(lines) and (not lines[j].strip() or _PAGE_NUMBER.fullmatch(lines[j])):
            j += 1
        if j == len(lines) or "\t" in lines[j] or _BLOCK_START.match(lines[j]):
            continue
        first = lines[j].lstrip()[:1]
        if first.islower() or first.isdigit():
            for k in range(offsets[i] + len(line), offsets[j]):
                chars[k] = " "
    return "".join(chars)


def block_bounds(text: str, start: int, end: int, tables: list[Table] | None = None) -> tuple[int, int]:
    """The enclosing table, or the paragraph (run of non-blank lines) of a span, widened to its
    list (``list_bounds``) when the paragraph introduces or belongs to one."""
    for table in tables if tables is not None else find_tables(text):
        if table.start <= end and start <= table.end:
            return min(start, table.start), max(end, table.end)
    para_start = text.rfind("\n\n", 0, start)
    para_end = text.find("\n\n", end)
    bounds = (0 if para_start < 0 else para_start + 2), (len(text) if para_end < 0 else para_end)
    return list_bounds(text, *bounds)


_BULLET = re.compile(r"[ \t]*([-+•])\s")


def list_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A line ending in ":" and the run of bullet lines after it (one marker, blank lines between,
    as in the seeds' "- Tổng số …, trong đó:" / "+ …" lists) form one block. A span on a bullet
    line widens to its run of sibling bullets and the line introducing them."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines[:-1]:
        offsets.append(offsets[-1] + len(line) + 1)
    first = bisect.bisect_right(offsets, start) - 1  # the line holding ``start``
    last = bisect.bisect_right(offsets, end) - 1

    def marker(i: int | None) -> str | None:
        match = _BULLET.match(lines[i]) if i is not None else None
        return match.group(1) if match else None

    def step(i: int, direction: int) -> int | None:
        """The next non-blank line from ``i`` in ``direction``."""
        i += direction
        while 0 <= i < len(lines) and not lines[i].strip():
            i += direction
        return i if 0 <= i < len(lines) else None

    def run_end(i: int, bullet: str) -> int:
        while marker(step(i, 1)) == bullet:
            i = step(i, 1)
        return i

    if lines[last].rstrip().endswith(":") and marker(step(last, 1)):
        last = run_end(step(last, 1), marker(step(last, 1)))
    elif marker(first):
        bullet = marker(first)
        while marker(step(first, -1)) == bullet:
            first = step(first, -1)
        intro = step(first, -1)
        if intro is not None and lines[intro].rstrip().endswith(":"):
            first = intro
        last = run_end(last, bullet)
    return min(start, offsets[first]), max(end, offsets[last] + len(lines[last]))
