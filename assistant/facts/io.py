"""Import and export of fact sets: .csv, .xlsx (openpyxl), JSON, and pasted report tables.

Columns (Vietnamese or English headers accepted, case-insensitive):
``Chỉ tiêu``/name, ``Kết quả``/``Giá trị``/value, ``Đơn vị tính``/unit, ``Kỳ``/period,
``Mục tiêu``/target, ``Ghi chú``/note, ``Mã``/id, ``Nhóm``/group. Values are written the
Vietnamese way (``1.247``, ``84,03``, ``14/41``, ``≥ 98``). A pasted table is the
tab-separated text copied from a report appendix (``TT | Chỉ tiêu | Đơn vị tính | Mục tiêu |
Kết quả``); ``<b>`` section rows (``I  Phát triển hạ tầng``) become the ``group`` of the rows
below them.

Bad rows never stop an import: each gets a row-numbered Vietnamese message in
``ImportResult.errors`` and the good rows still load.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from assistant.facts.model import Fact, FactSet
from assistant.facts.numbers import NumberFormatError, format_number, read_number

COLUMNS = ("id", "name", "value", "unit", "period", "target", "note", "group")
HEADERS_VI = {"id": "Mã", "name": "Chỉ tiêu", "value": "Kết quả", "unit": "Đơn vị tính", "period": "Kỳ",
              "target": "Mục tiêu", "note": "Ghi chú", "group": "Nhóm"}
_ALIASES = {
    "name": ("chỉ tiêu", "tên chỉ tiêu", "name", "nội dung"),
    "value": ("kết quả", "giá trị", "value", "số liệu", "thực hiện"),
    "unit": ("đơn vị tính", "đơn vị", "đvt", "unit"),
    "period": ("kỳ", "kỳ báo cáo", "period"),
    "target": ("mục tiêu", "kế hoạch", "target"),
    "note": ("ghi chú", "note"),
    "id": ("mã", "id"),
    "group": ("nhóm", "group"),
}
FORMATS = (".csv", ".xlsx", ".json", ".txt", ".tsv")


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the officer sees it in the file
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.row}: {self.message}"


@dataclass
class ImportResult:
    facts: FactSet
    errors: list[RowError] = field(default_factory=list)


def _column_of(header: str) -> str | None:
    key = re.sub(r"<[^>]+>|\*", "", header).strip().lower()
    for column, names in _ALIASES.items():
        if any(key == n or key.startswith(n + " ") for n in names):
            return column
    return None


def _parse_value(text: str) -> tuple[Decimal, Decimal | None]:
    """``"1.247"`` → (1247, None); ``"14/41"`` → (14, 41)."""
    clean = text.strip().replace("$", "").replace("\\%", "").rstrip("%").strip()
    if "/" in clean:
        num, den = clean.split("/", 1)
        return read_number(num).value, read_number(den).value
    return read_number(clean).value, None


def _parse_target(text: str) -> tuple[Decimal | None, str]:
    clean = text.strip().replace("$", "").replace("\\geq", "≥").replace(">=", "≥").replace("\\leq", "≤")
    if not clean:
        return None, ""
    op = clean[0] if clean[0] in "≥≤" else ""
    return read_number(clean.lstrip("≥≤ ").rstrip("% ")).value, op


def rows_to_factset(rows: list[dict[str, str]], commune: str = "", period: str = "", first_row: int = 2,
                    source: str = "imported") -> ImportResult:
    """Build facts from column→text rows; ``first_row`` is the file row number of rows[0]."""
    result = ImportResult(FactSet(commune, period))
    for number, row in enumerate(rows, start=first_row):
        name = (row.get("name") or "").strip()
        value_text = (row.get("value") or "").strip()
        if not name and not value_text:
            continue
        if not name:
            result.errors.append(RowError(number, "thiếu tên chỉ tiêu"))
            continue
        if not value_text:
            result.errors.append(RowError(number, f"chỉ tiêu «{name}» chưa có giá trị"))
            continue
        try:
            value, denominator = _parse_value(value_text)
        except NumberFormatError as exc:
            result.errors.append(RowError(number, f"chỉ tiêu «{name}»: giá trị {exc}"))
            continue
        try:
            target, op = _parse_target(row.get("target") or "")
        except NumberFormatError as exc:
            result.errors.append(RowError(number, f"chỉ tiêu «{name}»: mục tiêu {exc}; đã bỏ qua mục tiêu"))
            target, op = None, ""
        unit = (row.get("unit") or "").strip() or None
        if unit is None and value_text.rstrip().endswith("%"):
            unit = "%"
        result.facts.add(Fact(name=name, value=value, unit=unit, period=(row.get("period") or "").strip(),
                              target=target, target_op=op, note=(row.get("note") or "").strip(), source=source,
                              denominator=denominator, group=(row.get("group") or "").strip(),
                              id=(row.get("id") or "").strip()))
    return result


def _table_rows(lines: list[list[str]], first_row: int = 1) -> tuple[list[dict[str, str]], list[int], list[RowError]]:
    """Header detection + ``<b>`` section rows for a list of cell lists."""
    header_index = next((i for i, cells in enumerate(lines) if any(_column_of(c) == "name" for c in cells)), None)
    if header_index is None:
        return [], [], [RowError(first_row, "không tìm thấy dòng tiêu đề có cột «Chỉ tiêu»; các cột hợp lệ: "
                                 + ", ".join(HEADERS_VI.values()))]
    columns = [_column_of(c) for c in lines[header_index]]
    rows, numbers, group = [], [], ""
    for i, cells in enumerate(lines[header_index + 1:], start=header_index + 1):
        if not any(c.strip() for c in cells) or any(_column_of(c) == "name" for c in cells):
            continue  # blank, or the header repeated after a page break
        if any("<b>" in c for c in cells):
            texts = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
            group = next((t for t in texts[1:] if t), group)
            continue
        row = {col: (cells[k] if k < len(cells) else "") for k, col in enumerate(columns) if col}
        if group and not row.get("group"):
            row["group"] = group
        rows.append(row)
        numbers.append(first_row + i)
    return rows, numbers, []


def _from_lines(lines: list[list[str]], commune: str, period: str) -> ImportResult:
    rows, numbers, errors = _table_rows(lines)
    result = ImportResult(FactSet(commune, period), errors)
    for row, number in zip(rows, numbers):
        part = rows_to_factset([row], commune, period, first_row=number)
        result.errors += part.errors
        for fact in part.facts:
            result.facts.add(fact)
    return result


def import_pasted_table(text: str, commune: str = "", period: str = "") -> ImportResult:
    """Facts from a tab-separated table pasted from a report (header row with «Chỉ tiêu»)."""
    lines = [line.split("\t") if line.strip() else [] for line in text.splitlines()]
    return _from_lines(lines, commune, period)


def import_csv(path: Path, commune: str = "", period: str = "") -> ImportResult:
    text = Path(path).read_text(encoding="utf-8-sig")
    dialect = "excel-tab" if "\t" in text.splitlines()[0] else "excel"
    return _from_lines(list(csv.reader(io.StringIO(text), dialect)), commune, period)


def import_xlsx(path: Path, commune: str = "", period: str = "") -> ImportResult:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True, data_only=True).active
    lines = [["" if v is None else _cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    return _from_lines(lines, commune, period)


def _cell_text(value) -> str:
    """Excel numbers come as int/float: write them the Vietnamese way before parsing."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(Decimal(str(value)).normalize() if isinstance(value, float) else Decimal(value))
    return str(value)


def import_json(path: Path) -> ImportResult:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    result = ImportResult(FactSet(data.get("commune", ""), data.get("period", "")))
    for number, item in enumerate(data.get("facts", []), start=1):
        try:
            result.facts.add(Fact.from_dict(item))
        except (KeyError, ValueError, ArithmeticError) as exc:
            result.errors.append(RowError(number, f"chỉ tiêu thứ {number} không hợp lệ ({exc})"))
    return result


def import_facts(path: Path, commune: str = "", period: str = "") -> ImportResult:
    """Import by file extension: one of ``FORMATS``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return import_csv(path, commune, period)
    if suffix == ".xlsx":
        return import_xlsx(path, commune, period)
    if suffix == ".json":
        return import_json(path)
    if suffix in (".txt", ".tsv"):
        return import_pasted_table(Path(path).read_text(encoding="utf-8"), commune, period)
    raise ValueError(f"định dạng «{suffix}» không được hỗ trợ; chọn một trong: {', '.join(FORMATS)}")


def _export_rows(facts: FactSet) -> list[list[str]]:
    rows = [[HEADERS_VI[c] for c in COLUMNS]]
    for f in facts:
        value = f"{format_number(f.value)}/{format_number(f.denominator)}" if f.denominator is not None \
            else format_number(f.value)
        target = "" if f.target is None else f"{f.target_op}{format_number(f.target)}"
        rows.append([f.id, f.name, value, f.unit or "", f.period, target, f.note, f.group])
    return rows


def export_csv(facts: FactSet, path: Path) -> None:
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(_export_rows(facts))


def export_xlsx(facts: FactSet, path: Path) -> None:
    """Values are written as text so Excel keeps the Vietnamese form (``1.247``, ``84,03``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Số liệu"
    for row in _export_rows(facts):
        sheet.append(row)
    book.save(path)


def export_json(facts: FactSet, path: Path) -> None:
    Path(path).write_text(json.dumps(facts.to_dict(), ensure_ascii=False, indent=2), encoding="utf-8")


def export_pasted_table(facts: FactSet) -> str:
    """Tab-separated text in the report layout: TT, Chỉ tiêu, Đơn vị tính, Mục tiêu, Kết quả."""
    lines = ["TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả"]
    group = ""
    for number, f in enumerate(facts, start=1):
        if f.group and f.group != group:
            group = f.group
            lines.append(f"<b></b>\t<b>{group}</b>\t\t\t")
        target = "" if f.target is None else f"{f.target_op}{format_number(f.target)}"
        value = f"{format_number(f.value)}/{format_number(f.denominator)}" if f.denominator is not None \
            else format_number(f.value)
        lines.append(f"{number}.\t{f.name}\t{f.unit or ''}\t{target}\t{value}")
    return "\n".join(lines) + "\n"


def export_facts(facts: FactSet, path: Path) -> None:
    suffix = Path(path).suffix.lower()
    writers = {".csv": export_csv, ".xlsx": export_xlsx, ".json": export_json}
    if suffix in (".txt", ".tsv"):
        Path(path).write_text(export_pasted_table(facts), encoding="utf-8")
    elif suffix in writers:
        writers[suffix](facts, path)
    else:
        raise ValueError(f"định dạng «{suffix}» không được hỗ trợ; chọn một trong: {', '.join(FORMATS)}")
