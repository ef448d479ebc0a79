"""Word .docx: the body in document order — paragraphs *and* tables.

python-docx's ``Document.paragraphs`` skips every table, so the body element's children are walked
directly. Heading styles and all-bold paragraphs are kept as heading cues; automatic list numbering
(which python-docx does not render) is rendered from numbering.xml so that "1." / "a)" headings
typed with Word's numbering are recognised like typed ones. Two-column layout tables (the
administrative header "ỦY BAN NHÂN DÂN | CỘNG HÒA …" and the signature block) are flattened into
paragraphs so metadata extraction reads them as lines, not as a data table.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from assistant.ingest.blocks import Block, Paragraph, Table
from assistant.ingest.normalize import clean_line
from assistant.ingest.types import IngestError

_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_LAYOUT_MARKERS = ("CỘNG HÒA", "CỘNG HOÀ", "Độc lập", "Số:", "Nơi nhận", "TM.", "KT.")


def load_docx(path: Path, data: bytes) -> tuple[list[Block], str]:
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - lxml/zip/KeyError on damaged parts all mean "corrupt"
        raise IngestError(str(path), f"tệp .docx bị hỏng, không mở được ({type(exc).__name__})") from None
    # python-docx resolves a paragraph's style on every ``para.style`` by scanning all style
    # elements for the default one (several times per paragraph here): 3 s for a 30-page file.
    # The file is only read, so one lookup per (style id, type) for this document is enough.
    document.part.get_style = functools.lru_cache(maxsize=None)(document.part.get_style)
    numbering = _Numbering(document)
    blocks: list[Block] = []
    for child in _body_children(document.element.body):
        if child.tag == qn("w:p"):
            para = _paragraph(DocxParagraph(child, document), numbering)
            if para is not None:
                blocks.append(para)
        elif child.tag == qn("w:tbl"):
            blocks.extend(_table(DocxTable(child, document), numbering))
    if not blocks:
        raise IngestError(str(path), "tệp .docx không có nội dung văn bản")
    raw = "\n".join(b.text if isinstance(b, Paragraph) else "\n".join("\t".join(r) for r in b.rows) for b in blocks)
    return blocks, raw


def _body_children(body):
    """Body children in order, descending into content controls (w:sdt) that wrap paragraphs."""
    for child in body.iterchildren():
        if child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_children(content)
        else:
            yield child


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return clean_line(text).strip()


def _paragraph(para: DocxParagraph, numbering: "_Numbering") -> Paragraph | None:
    text = _clean(para.text)
    if not text:
        return None
    style_name = para.style.name if para.style is not None else ""
    style_level = None
    if style_name.lower() == "title":
        style_level = 0
    elif m := _HEADING_STYLE.search(style_name):
        style_level = int(m.group(1))
    label = numbering.label(para)
    if label:
        text = f"{label} {text}"
    return Paragraph(text, style_level=style_level, bold=_all_bold(para))


def _all_bold(para: DocxParagraph) -> bool:
    style_bold = bool(para.style is not None and para.style.font.bold)
    runs = [r for r in para.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _unique_cells(row) -> list:
    """Cells of a row with horizontally merged cells (repeated by python-docx) counted once."""
    seen: set[int] = set()
    cells = []
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        cells.append(cell)
    return cells


def _table(table: DocxTable, numbering: "_Numbering") -> list[Block]:
    rows = [_unique_cells(row) for row in table.rows]
    width = max((len(r) for r in rows), default=0)
    flat = " ".join(c.text for r in rows for c in r)
    if width <= 2 and any(marker in flat for marker in _LAYOUT_MARKERS) or width == 1:
        # Layout table: read it as the paragraphs a reader sees, cell by cell.
        out: list[Block] = []
        for row in rows:
            for cell in row:
                for p in cell.paragraphs:
                    para = _paragraph(p, numbering)
                    if para is not None:
                        out.append(para)
        return out
    data_rows = [[_clean(c.text) for c in row] for row in rows]
    data_rows = [r for r in data_rows if any(r)]
    return [Table(data_rows)] if data_rows else []


# --- automatic numbering ------------------------------------------------------------------------

_ROMAN_PAIRS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = []
    for value, numeral in _ROMAN_PAIRS:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def _format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26]
    if fmt == "upperLetter":
        return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 1) % 26]
    # Roman numerals exist for 1..3999; outside that (a damaged start value) Word-like decimal.
    if fmt == "lowerRoman" and 0 < n < 4000:
        return _roman(n).lower()
    if fmt == "upperRoman" and 0 < n < 4000:
        return _roman(n)
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """Renders Word list labels ("1.", "a)", "I.") the way Word displays them (ECMA-376 §17.9)."""

    document: object
    levels: dict[tuple[str, int], _Level] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        try:
            root = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                ilvl = _int_or_none(lvl.get(qn("w:ilvl")))
                level = _parse_level(lvl)
                if ilvl is not None and level is not None:
                    levels[ilvl] = level
            abstract[an.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, level in abstract.get(ref.get(qn("w:val")), {}).items():
                self.levels[(num.get(qn("w:numId")), ilvl)] = level

    def label(self, para: DocxParagraph) -> str:
        num_pr = _num_pr(para)
        if num_pr is None:
            return ""
        num_id, ilvl = num_pr
        level = self.levels.get((num_id, ilvl))
        if level is None or num_id == "0":
            return ""
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts its sub-lists

        def _sub(m: re.Match[str]) -> str:
            lvl = int(m.group(1)) - 1
            lvl_def = self.levels.get((num_id, lvl))
            return _format_number(counters.get(lvl, 1), lvl_def.fmt if lvl_def else "decimal")

        return re.sub(r"%(\d)", _sub, level.text).strip()


def _num_pr(para: DocxParagraph) -> tuple[str, int] | None:
    for ppr in (para._p.pPr, para.style.element.pPr if para.style is not None else None):
        if ppr is None:
            continue
        num_pr = ppr.find(qn("w:numPr"))
        if num_pr is None:
            continue
        num_id = num_pr.find(qn("w:numId"))
        if num_id is None:
            continue
        ilvl_el = num_pr.find(qn("w:ilvl"))
        ilvl = _int_or_none(ilvl_el.get(qn("w:val"))) if ilvl_el is not None else 0
        return (num_id.get(qn("w:val")), ilvl) if ilvl is not None else None
    return None


def _parse_level(lvl) -> _Level | None:
    """One ``w:lvl`` definition, or None when its start value is not an integer (no label then)."""
    fmt = lvl.find(qn("w:numFmt"))
    text = lvl.find(qn("w:lvlText"))
    start_el = lvl.find(qn("w:start"))
    start = _int_or_none(start_el.get(qn("w:val"))) if start_el is not None else 1
    if start is None:
        return None
    return _Level(
        fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
        text.get(qn("w:val"), "") if text is not None else "",
        start,
    )


def _int_or_none(value: str | None) -> int | None:
    """ST_DecimalNumber attributes of numbering.xml; files from other generators or hand edits can
    hold anything there, and a bad value must cost only the list label, not the document."""
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        return None
