"""The loaders' common output: a flat sequence of paragraphs and tables, and its rendering.

Every loader (docx, pdf, txt/md) turns its file into ``Block``s; ``render_blocks`` lays them out as
``Document.text`` (paragraphs separated by a blank line, table rows one per line with tab-separated
cells) and returns each block's span, which the structure parser and the chunker rely on.

``blocks_from_text`` is the plain-text/markdown front end, including the repair of hard-wrapped
PDF extractions (seed 002: sentences broken mid-line, blank lines inside sentences).
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass, field

from assistant.ingest.normalize import TERMINAL_PUNCTUATION, clean_line, is_noise_line, strip_markup

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass
class Paragraph:
    text: str  # one line, markup removed
    md_level: int | None = None  # markdown "#" count, when the source marked it
    bold: bool = False  # the whole paragraph is bold (a heading cue)
    style_level: int | None = None  # docx "Heading N" style level; 0 for "Title"

    @property
    def marked(self) -> bool:
        """The source itself flags this paragraph as a heading candidate."""
        return self.md_level is not None or self.bold or self.style_level is not None


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)


Block = Paragraph | Table


@dataclass
class PlacedBlock:
    block: Block
    start: int
    end: int


def render_blocks(blocks: list[Block]) -> tuple[str, list[PlacedBlock]]:
    """Lay the blocks out as one text and return it with each block's [start, end) span."""
    parts: list[str] = []
    placed: list[PlacedBlock] = []
    pos = 0
    for block in blocks:
        rendered = render_block(block)
        if not rendered.strip():
            continue
        if parts:
            parts.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        parts.append(rendered)
        placed.append(PlacedBlock(block, pos, pos + len(rendered)))
        pos += len(rendered)
    return "".join(parts), placed


def render_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    return "\n".join(render_row(row) for row in block.rows)


def render_row(row: list[str]) -> str:
    return "\t".join(row)


# --- plain text / markdown ---------------------------------------------------------------------

_STRUCTURAL_START = re.compile(
    r"^(?:[-+•*]\s|\(?\d+\)|\d+(?:\.\d+)*\.?\s|[IVXLC]+\.\s|[A-ZĐ]\.\s|[a-zđ]\)(?:\s|(?=[^\W\d_]))|Phần\s|PHẦN\s|Kính gửi|Nơi nhận)"
)
_TABLE_RULE_CELL = re.compile(r"^[-:|=\s]*$")  # "-----" separator rows of text tables


def _is_table_line(line: str) -> bool:
    return "\t" in line and bool(line.strip())


def _cells(line: str) -> list[str]:
    cells = [strip_markup(c)[0].strip() for c in line.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_wrapped(lines: list[str]) -> bool:
    """Does this text look like a hard-wrapped PDF extraction?

    Many non-empty lines of nearly the same width that do not end a sentence (seed 002: 55% of
    lines within 85–110% of the 75th-percentile width, against ≤ 1% in the markdown seeds).
    """
    widths = [len(l.rstrip()) for l in lines if l.strip() and "\t" not in l]
    if len(widths) < 15:
        return False
    p75 = sorted(widths)[int(len(widths) * 0.75)]
    if p75 > 120:
        return False
    band = sum(
        1
        for l in lines
        if l.strip() and "\t" not in l and 0.85 * p75 <= len(l.rstrip()) <= 1.1 * p75
        and l.rstrip()[-1] not in TERMINAL_PUNCTUATION
    )
    return band / len(widths) >= 0.25


def _wrap_width(lines: list[str]) -> int:
    widths = [len(l.rstrip()) for l in lines if l.strip() and "\t" not in l]
    return int(statistics.quantiles(widths, n=4)[2]) if len(widths) >= 4 else 80


def _continues(prev_line: str, nxt: str, wrapped: bool, width: int, wrap_marked: bool) -> bool:
    """Is ``nxt`` the continuation of the paragraph whose last physical line is ``prev_line``?

    ``wrap_marked``: the extraction leaves a trailing space on lines it wrapped (seed 002), so a
    full-width line *without* one ended its paragraph or heading.
    """
    prev = prev_line.rstrip()
    if not prev or prev[-1] in TERMINAL_PUNCTUATION:
        return False
    stripped = nxt.lstrip()
    if not stripped or _STRUCTURAL_START.match(stripped):
        return False
    first = stripped[0]
    if first.isalpha() and first.islower():
        return True  # a paragraph never starts in lower case: the line was broken mid-sentence
    if prev[-1] in ",-–":
        return True  # broken after a comma or inside "07-TB/CQTTBCĐ"
    if not wrapped:
        return False
    wrap_mark = prev_line != prev or not wrap_marked
    if first.isdigit():
        return wrap_mark  # "… ngày" / "19/6/2025 của …": a date or figure carried to the next line
    return len(prev) >= 0.8 * width and wrap_mark


def _marks_wraps(lines: list[str], width: int) -> bool:
    """Do most full-width lines keep a trailing space (a wrap mark of some PDF extractors)?"""
    full = [l for l in lines if l.strip() and "\t" not in l and len(l.rstrip()) >= 0.8 * width]
    return bool(full) and sum(1 for l in full if l != l.rstrip()) / len(full) >= 0.3


def blocks_from_text(raw: str, wrapped: bool | None = None) -> list[Block]:
    """Parse plain text or markdown into paragraphs and tables.

    ``wrapped`` forces (PDF text layers) or disables hard-wrap repair; ``None`` detects it.
    """
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [clean_line(l) for l in text.split("\n")]
    lines = _drop_noise(lines)
    if wrapped is None:
        wrapped = _is_wrapped(lines)
    width = _wrap_width(lines)
    wrap_marked = wrapped and _marks_wraps(lines, width)

    blocks: list[Block] = []
    i = 0
    n = len(lines)
    current: Paragraph | None = None
    current_last_line = ""
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _is_table_line(line):
            table, i = _read_table(lines, i)
            if table is not None:
                blocks.append(table)
                current = None
                continue
            line = line.replace("\t", " ")
        content, md_level, bold = strip_markup(line)
        content = content.strip()
        if not content:
            i += 1
            continue
        marked = md_level is not None or bold
        if (
            current is not None
            and not marked
            and not current.marked
            and _continues(current_last_line, content, wrapped, width, wrap_marked)
        ):
            current.text = f"{current.text.rstrip()} {content}"
        else:
            current = Paragraph(content, md_level=md_level, bold=bold)
            blocks.append(current)
        current_last_line = line.lstrip() if not marked else ""
        # A heading-marked line never absorbs the following lines.
        if marked:
            current = None
        i += 1
    return blocks


def _drop_noise(lines: list[str]) -> list[str]:
    """Blank out signature timestamps and page numbers that stand alone between blank lines."""
    out = list(lines)
    for i, line in enumerate(lines):
        if not line.strip() or not is_noise_line(line):
            continue
        if re.match(r"^\s*\d{4}-\d{2}-\d{2}T", line):
            out[i] = ""  # signature timestamp, often indented with tabs
            continue
        if "\t" in line:
            continue  # a number in a table cell ("\t413"), not a page number
        before = lines[i - 1].strip() if i > 0 else ""
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not before or not after:
            out[i] = ""
    return out


def _read_table(lines: list[str], i: int) -> tuple[Table | None, int]:
    """Read tab-separated rows from line ``i``; rows separated only by blank lines and with the
    same number of columns continue the table, a repeated header row (page break) is dropped."""
    rows: list[list[str]] = []
    width = len(lines[i].split("\t"))
    j = i
    n = len(lines)
    while j < n:
        line = lines[j]
        if _is_table_line(line):
            cells = _cells(line)
            if cells and not all(_TABLE_RULE_CELL.match(c) for c in cells):
                if not (rows and cells == rows[0]):
                    rows.append(cells)
            j += 1
            continue
        if not line.strip():
            k = j
            while k < n and not lines[k].strip():
                k += 1
            if k < n and _is_table_line(lines[k]) and len(lines[k].split("\t")) == width:
                j = k
                continue
        break
    if len(rows) == 1 and len(rows[0]) <= 1:
        return None, i  # a lone indented line, not a table
    if len(rows) == 1 and "\t" not in lines[i].strip():
        return None, i
    return Table(rows), j
