"""Which indicator a value belongs to, in which period and unit: the basis of the two-values rule.

A report states an indicator in its body ("Cấp kết quả điện tử: 1409/1483 hồ sơ, tỷ lệ: 95%")
and again in an appendix table (indicator rows ``Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả``,
grid tables whose header names the column, status tables whose rows are counted by status).
``Named`` is such a value with the words that name it, its base unit and its period.

Rules (they decide when two values are "the same indicator", see ``same_indicator``):
- names are compared as sets of content words (``name_tokens``: lower case, digits and
  function words such as "số lượng", "tỷ lệ", "được" removed); the body shortens the formal
  table name, so a body name matches a table name when all its words (at least 3) are in it;
- a value is never compared across units (52 tổ vs 2.340 lượt) or across periods
  (``period_of``: "tháng 5", "5 tháng đầu năm", "quý II", "năm 2025" are different periods;
  cumulative "lũy kế", "cùng kỳ", targets "mục tiêu/kế hoạch" are not the period's figure).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

from assistant.facts.layout import Table
from assistant.facts.model import normalize_name
from assistant.facts.numbers import decimals_of, read_number
from assistant.facts.units import base_quantity

_STOP = frozenset(
    "số lượng tổng các những của được trong kỳ báo cáo là đạt có tỷ lệ tỉ và với theo tại cho đến hết "
    "hiện nay đó tháng đầu năm cuối quý lũy luỹ kế xã ubnd".split()
)
# Columns and sentences about another period or a target: never the period's result.
OTHER_PERIOD = re.compile(r"lũy kế|luỹ kế|cùng kỳ|năm trước|kỳ trước|kế hoạch|mục tiêu|chỉ tiêu giao|so với", re.I)

_PERIODS = (  # most specific first; the first match names the period
    ("first", re.compile(r"(\d{1,2})\s+tháng\s+đầu\s+năm", re.I)),
    ("last", re.compile(r"(\d{1,2})\s+tháng\s+cuối\s+năm", re.I)),
    ("quarter", re.compile(r"\bquý\s+([IV]{1,3}|\d)\b", re.I)),
    ("month", re.compile(r"(?<!từ )\btháng\s+0?(\d{1,2})\b(?!\s*(?:đầu|cuối))", re.I)),
    ("year", re.compile(r"(?<!từ )\bnăm\s+((?:19|20)\d{2})\b", re.I)),
)


def period_of(text: str) -> str:
    """The reporting period a text speaks of, as a key (``month:5``, ``first:5``, ``year:2025``),
    or "" when it names none. A range opened with "từ" ("từ tháng 01/2026 đến …") is no period."""
    for kind, pattern in _PERIODS:
        match = pattern.search(text)
        if match:
            return f"{kind}:{match.group(1).upper()}"
    return ""


def periods_compatible(a: str, b: str) -> bool:
    """Unknown periods are compatible with anything; known ones must be equal."""
    return not a or not b or a == b


# Abbreviations of administrative reports, read as the words they stand for (a table writes
# "BHYT" where the body writes "bảo hiểm y tế").
_ABBREVIATIONS = {
    "bhyt": "bảo hiểm y tế", "bhxh": "bảo hiểm xã hội", "tthc": "thủ tục hành chính", "dvc": "dịch vụ công",
    "dvctt": "dịch vụ công trực tuyến", "cđs": "chuyển đổi số", "cds": "chuyển đổi số",
    "khcn": "khoa học công nghệ", "đmst": "đổi mới sáng tạo", "cntt": "công nghệ thông tin",
    "hcc": "hành chính công", "attt": "an toàn thông tin", "ntm": "nông thôn mới", "cbcc": "cán bộ công chức",
    "cbccvc": "cán bộ công chức viên chức", "pakn": "phản ánh kiến nghị",
}


@lru_cache(maxsize=8192)  # a pure function of the name; two_values asks for the same names many times
def name_tokens(name: str) -> frozenset[str]:
    """Content words of an indicator name (see module docstring), abbreviations spelled out."""
    words = re.findall(r"[^\W\d_]+", normalize_name(name))
    expanded = " ".join(_ABBREVIATIONS.get(w, w) for w in words).split()
    return frozenset(w for w in expanded if w not in _STOP)


@dataclass(frozen=True)
class Named:
    """A value with the indicator name it is given under, where it was found.

    ``tokens`` are the content words of ``label``; ``alternatives`` are other readings of a body
    name (the words after a count: "1.205 hồ sơ trực tuyến"); ``unit`` is the base unit (None
    when unknown).
    """

    tokens: frozenset[str]
    label: str
    value: Decimal  # base unit
    decimals: int
    percent: bool
    spans: tuple[tuple[int, int], ...]
    where: str  # "body" or "table"
    table: int = -1  # start offset of the table it comes from
    unit: str | None = None
    period: str = ""
    alternatives: tuple[str, ...] = ()


def same_indicator(a: Named, b: Named) -> bool:
    """Rules of the module docstring: name, unit, period; one table's rows are all different."""
    if a.percent != b.percent or set(a.spans) & set(b.spans):
        return False
    if a.unit and b.unit and a.unit != b.unit:
        return False
    if not periods_compatible(a.period, b.period):
        return False
    if a.where == b.where == "table":
        return a.table != b.table and a.tokens == b.tokens and len(a.tokens) >= 3
    if a.where != b.where:
        body, table = (a, b) if a.where == "body" else (b, a)
        return any(_shortens(name, table.label) for name in (body.label, *body.alternatives))
    return a.tokens == b.tokens and len(a.tokens) >= 3


def sub_count_of(a: Named, b: Named) -> tuple[Named, Named] | None:
    """(part, whole) when a body count is a sub-count of a table count: its name is the table's
    plus "đúng hạn"/"trong hạn" ("Số nhiệm vụ đang thực hiện đúng hạn" ⊂ "nhiệm vụ đang thực hiện")."""
    if a.where == b.where or a.percent or b.percent or not periods_compatible(a.period, b.period):
        return None
    body, table = (a, b) if a.where == "body" else (b, a)
    if not _SUB_QUALIFIER.search(body.label):
        return None
    core = _SUB_QUALIFIER.sub("", body.label)
    return (body, table) if _shortens(core, table.label) and name_tokens(core) == table.tokens else None


def matched_label(named: Named, other: Named) -> str:
    """The reading of ``named``'s name that matched ``other`` (for messages)."""
    if named.where == "body" and other.where == "table":
        label = next((name for name in (named.label, *named.alternatives) if _shortens(name, other.label)),
                     named.label)
        return " ".join(label.split())
    return " ".join(named.label.split())


# Words that split an indicator into sub-indicators: a table name carrying one the body name
# lacks is a narrower indicator ("hồ sơ trực tuyến toàn trình" is not "hồ sơ trực tuyến").
_QUALIFIERS = re.compile(r"toàn trình|một phần|trực tiếp|trực tuyến|đúng hạn|trễ hạn|quá hạn|trong hạn|"
                         r"\bchưa\b|\bđang\b|\bmới\b", re.I)


def _shortens(body_name: str, table_name: str) -> bool:
    """A body name is a shortening of a table name: its content words (at least 3) are all in
    the table name, and the table name adds no qualifier that makes it a narrower indicator."""
    words = name_tokens(body_name)
    if len(words) < 3 or not words <= name_tokens(table_name):
        return False
    body_qualifiers = {q.lower() for q in _QUALIFIERS.findall(normalize_name(body_name))}
    return all(q.lower() in body_qualifiers for q in _QUALIFIERS.findall(normalize_name(table_name)))


# ---------------------------------------------------------------- tables


def cell_number(row: list, idx: int) -> Decimal | None:
    """The number in a cell (``$`` of LaTeX residue dropped), None when it holds none."""
    if idx >= len(row) or not row[idx].text:
        return None
    try:
        return read_number(row[idx].text.replace("$", "")).value
    except ValueError:
        return None


def header_names(table: Table) -> list[str]:
    """Column names: header rows (before the first row with a number outside column 0),
    merged cells forward-filled, sub-header words appended."""
    header_rows = []
    for row in table.rows:
        if any(cell_number(row, i) is not None for i in range(1, len(row))) or (
                header_rows and row[0].text):  # a numbered row (STT) is data
            break
        header_rows.append(row)
        if len(header_rows) == 2:
            break
    width = max(len(r) for r in table.rows)
    names = [""] * width
    for row in header_rows:
        last = ""
        for i in range(width):
            text = row[i].text if i < len(row) else ""
            if row is header_rows[0]:
                last = text or last
                names[i] = last
            elif text:
                names[i] = f"{names[i]} | {text}"
    return names


_STATUS = re.compile(r"^(đã hoàn thành|hoàn thành|chưa thực hiện|chưa hoàn thành|đang triển khai thực hiện|"
                     r"đang thực hiện|đang triển khai|không thực hiện)", re.I)
# One name per status, the words a body uses when it counts them.
_CANONICAL_STATUS = {"hoàn thành": "đã hoàn thành", "đang triển khai thực hiện": "đang thực hiện",
                     "đang triển khai": "đang thực hiện", "chưa hoàn thành": "chưa thực hiện"}
# "đang thực hiện đúng hạn" counts some of "đang thực hiện": a sub-count, never more than the whole.
_SUB_QUALIFIER = re.compile(r"\s*\b(?:đúng hạn|trong hạn)\b", re.I)


def table_named(table: Table) -> list[Named]:
    """Indicator values of one table, whichever of the three shapes it has."""
    header = [h.lower() for h in header_names(table)]
    return (_indicator_rows(table, header) or _status_counts(table, header) or _grid_values(table, header))


def _column(header: list[str], pattern: str) -> int | None:
    return next((i for i, h in enumerate(header) if re.search(pattern, h)), None)


def _indicator_rows(table: Table, header: list[str]) -> list[Named]:
    """``TT | Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả``: one value per row, from the result
    column, in the row's unit with its scale folded in (0,35 triệu đồng = 350.000 đồng)."""
    name_col = _column(header, r"chỉ tiêu|tên|nội dung")
    result_col = _column(header, r"kết quả|thực hiện")
    unit_col = _column(header, r"đơn vị|\bđvt\b")
    if name_col is None or result_col is None or unit_col is None:
        return []
    out = []
    for row in table.rows:
        value = cell_number(row, result_col)
        if value is None or name_col >= len(row):
            continue
        base, unit = base_quantity(value, row[unit_col].text if unit_col < len(row) else None)
        cell = row[result_col]
        out.append(Named(name_tokens(row[name_col].text), row[name_col].text, base, decimals_of(value), unit == "%",
                         ((cell.start, cell.end),), "table", table.start, None if unit == "%" else unit,
                         period_of(header[result_col])))
    return out


def _status_counts(table: Table, header: list[str]) -> list[Named]:
    """A task table whose rows carry a status ("Đã hoàn thành"): the number of rows per status."""
    status_col = _status_column(table)
    name_col = _column(header, r"chỉ tiêu|tên|nội dung")
    if status_col is None or name_col is None:
        return []
    entity = re.sub(r"^tên\s+", "", header[name_col]).strip()
    counts: dict[str, int] = {}
    for row in _data_rows(table):
        match = _STATUS.match(row[status_col].text) if status_col < len(row) else None
        if match:
            status = _CANONICAL_STATUS.get(match.group(1).lower(), match.group(1).lower())
            counts[status] = counts.get(status, 0) + 1
    period = period_of(header[status_col])
    return [Named(name_tokens(f"{entity} {status}"), f"số {entity} {status} (đếm trong bảng)", Decimal(count), 0,
                  False, ((table.start, table.end),), "table", table.start, None, period)
            for status, count in counts.items()]


def _grid_values(table: Table, header: list[str]) -> list[Named]:
    """A one-row grid (``Số hồ sơ trực tuyến | 5 tháng đầu năm | Lũy kế``): each value named by
    its column header; cumulative/target columns skipped. A grid with several numeric rows lists
    one entity per row (thôn, đơn vị), so its headers alone do not name the commune's figure."""
    numeric = [row for row in table.rows if any(cell_number(row, i) is not None for i in range(1, len(row)))]
    if len(numeric) != 1:
        return []
    out = []
    for i, cell in enumerate(numeric[0][1:], start=1):
        value = cell_number(numeric[0], i)
        if value is None or i >= len(header) or OTHER_PERIOD.search(header[i]):
            continue
        out.append(Named(name_tokens(header[i]), header[i], value, decimals_of(value), "tỷ lệ" in header[i],
                         ((cell.start, cell.end),), "table", table.start, None, period_of(header[i])))
    return out


def _data_rows(table: Table) -> list:
    return [r for r in table.rows if r and re.fullmatch(r"\d+\.?", r[0].text)]


def _status_column(table: Table) -> int | None:
    data = _data_rows(table)
    if len(data) < 3:
        return None
    width = max(len(r) for r in data)
    for i in range(1, width):
        hits = sum(1 for r in data if i < len(r) and _STATUS.match(r[i].text) and len(r[i].text) <= 40)
        if hits * 2 >= len(data):
            return i
    return None
