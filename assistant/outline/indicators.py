"""The indicator table of a directive's form (biểu mẫu) or of a previous report.

Tables come from the ingested ``Document.text`` (the loaders lay each table out as tab-separated
rows, one block between blank lines), so this reads what ingestion already parsed. A table is an
indicator table when its header row names the indicator (Chỉ tiêu / Nội dung) and at least one
of unit, target or result; each header cell gets a role from its diacritics-folded words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.blocks import PARAGRAPH_SEPARATOR
from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.types import Document
from assistant.outline.types import SkeletonIndicator

# (role, folded prefixes of the header cell); first match wins, so "chỉ tiêu giao" is a target
# before "chỉ tiêu" is a name, and "thực hiện kỳ trước" a previous value before "thực hiện" a result.
_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("numbering", ("stt", "tt", "so tt", "so thu tu")),
    ("target", ("chi tieu giao", "chi tieu ke hoach", "ke hoach", "muc tieu", "du toan", "kh ")),
    ("previous", ("ky truoc", "cung ky", "thuc hien ky truoc", "ket qua ky truoc", "nam truoc", "thang truoc",
                  "quy truoc")),
    ("ratio", ("ty le", "so sanh", "% so", "dat %")),
    ("unit", ("don vi tinh", "dvt", "don vi")),
    ("name", ("chi tieu", "noi dung", "ten chi tieu", "danh muc", "linh vuc")),
    ("result", ("ket qua", "thuc hien", "uoc thuc hien", "uoc", "so lieu", "ky bao cao", "ky nay", "luy ke")),
    ("note", ("ghi chu",)),
)
_GROUP_NUMBERING = re.compile(r"^(?:[IVXLC]+|[A-ZĐ])\.?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$|^\([A-Za-z0-9=+\-*/ ]{1,12}\)$")


@dataclass(frozen=True)
class TextTable:
    rows: tuple[tuple[str, ...], ...]
    start: int  # position in Document.text


@dataclass(frozen=True)
class IndicatorTable:
    columns: tuple[str, ...]  # header cells as written
    indicators: tuple[SkeletonIndicator, ...]
    results: tuple[str, ...]  # this period's value of each indicator ("" in a blank form)
    start: int


def document_tables(doc: Document) -> list[TextTable]:
    """Every table of the document, in order (blocks whose lines are tab-separated cells)."""
    tables, pos = [], 0
    for block in doc.text.split(PARAGRAPH_SEPARATOR):
        if "\t" in block:
            rows = tuple(tuple(cell.strip() for cell in line.split("\t")) for line in block.split("\n"))
            tables.append(TextTable(rows, pos))
        pos += len(block) + len(PARAGRAPH_SEPARATOR)
    return tables


def column_role(header: str) -> str:
    folded = " ".join(fold_diacritics(header).replace("(", " ").replace(")", " ").split()) + " "
    for role, prefixes in _ROLES:
        if any(folded.startswith(p if p.endswith(" ") else p + " ") or folded.startswith(p + "/") for p in prefixes):
            return role
    return ""


def indicator_table(table: TextTable) -> IndicatorTable | None:
    """The indicators of ``table``, or None when it is not an indicator table."""
    if len(table.rows) < 2:
        return None
    header, body = _header(table.rows)
    roles = [column_role(h) for h in header]
    if "name" not in roles or not {"unit", "target", "result", "previous"} & set(roles):
        return None
    col = {role: roles.index(role) for role in dict.fromkeys(r for r in roles if r)}
    indicators: list[SkeletonIndicator] = []
    results: list[str] = []
    group = ""
    for row in body:
        cells = list(row) + [""] * (len(header) - len(row))

        def cell(role: str) -> str:
            i = col.get(role)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        if all(_COLUMN_NUMBER.match(c.strip()) or not c.strip() for c in cells):
            continue  # the "(1) (2) (3)" row under the header, or an empty row
        name, numbering = cell("name"), cell("numbering")
        if not name:
            continue
        values = [cells[i] for r, i in col.items() if r not in ("name", "numbering", "note")]
        if _GROUP_NUMBERING.match(numbering) or (not numbering and not any(v.strip() for v in values)
                                                 and not cell("unit") and _is_group_title(name)):
            group = name
            continue
        indicators.append(SkeletonIndicator(
            name=name, unit=cell("unit"), group=group, target=cell("target"),
            previous=cell("previous"), numbering=numbering,
        ))
        results.append(cell("result"))
    if not indicators:
        return None
    return IndicatorTable(tuple(header), tuple(indicators), tuple(results), table.start)


def _header(rows: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """(header, data rows). A two-row header ("Kết quả" over "Kỳ báo cáo | Cùng kỳ năm trước") is
    read from its lower, widest row: python-docx repeats vertically merged cells ("STT" twice) and
    keeps a horizontally merged one once, so only the lower row has one name per column."""
    header, i = rows[0], 1
    while i < len(rows):
        row = rows[i]
        repeated = bool(row) and row[0] == rows[0][0]
        named = sum(1 for c in row if column_role(c)) >= 2 and not any(ch.isdigit() for ch in row[0])
        if not (repeated or named):
            break
        if len(row) >= len(header):
            header = row
        i += 1
    return header, rows[i:]


def _is_group_title(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def indicator_tables(doc: Document, start: int = 0, end: int | None = None) -> list[IndicatorTable]:
    """The indicator tables of ``doc`` within [start, end) of its text."""
    stop = len(doc.text) if end is None else end
    found = (indicator_table(t) for t in document_tables(doc) if start <= t.start < stop)
    return [t for t in found if t is not None]

