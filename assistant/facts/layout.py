"""The layout of a report text the consistency checker needs: tables, sentences, blocks.

Seeds are plain-text extractions: tables are runs of tab-separated lines (header rows
first, ``<b>`` tags around bold cells, merged header cells left empty), body paragraphs may
be hard-wrapped (PDF), bullets start with ``-`` or ``+``. Everything keeps offsets into the
original text so findings can cite spans.
"""

from __future__ import annotations

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


def table_line_mask(text: str) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in find_tables(text)]


# A sentence ends at ". " before an upper-case letter or a bullet, at ";"-free line ends that
# start a bullet/heading, or at a blank line followed by a bullet/heading (PDF extracts keep
# blank lines inside sentences, so a blank line alone does not end one).
_SENTENCE_END = re.compile(
    r"\.(?=\s+[A-ZĐÀ-Ỹ\-+•*#(])|\.\s*$|\n(?=[ \t]*(?:[-+•*#]|\d+(?:\.\d+)*\.\s|[a-zđ]\)|[IVX]+\.))|\t",
    re.MULTILINE,
)


def sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` (see ``_SENTENCE_END``)."""
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, pos):
        start = match.end()
    end_match = _SENTENCE_END.search(text, pos)
    return start, end_match.start() if end_match else len(text)


def block_bounds(text: str, start: int, end: int, tables: list[Table] | None = None) -> tuple[int, int]:
    """The enclosing table, or the paragraph (run of non-blank lines) of a span."""
    for table in tables if tables is not None else find_tables(text):
        if table.start <= end and start <= table.end:
            return min(start, table.start), max(end, table.end)
    para_start = text.rfind("\n\n", 0, start)
    para_end = text.find("\n\n", end)
    return (0 if para_start < 0 else para_start + 2), (len(text) if para_end < 0 else para_end)
