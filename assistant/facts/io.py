"""Import and export of fact sets: .csv, .xlsx (openpyxl), JSON, and pasted report tables.

Columns (Vietnamese or English headers accepted, case-insensitive):
``Chỉ tiêu``/name, ``Kỳ này``/``Kết quả``/``Giá trị``/value, ``Đơn vị tính``/unit, ``Kỳ``/period,
``Kế hoạch``/``Mục tiêu``/target, ``Kỳ trước``/``Cùng kỳ``/previous, ``Ghi chú``/note, ``Mã``/id,
``Nhóm``/group. A kỳ trước value is a second fact of the same indicator for the previous period
(``rows_to_factset``); a row with only kỳ trước or kế hoạch is pending, not an error. Values are written the
Vietnamese way (``1.247``, ``84,03``, ``14/41``, ``≥ 98``). A pasted table is the
tab-separated text copied from a report appendix (``TT | Chỉ tiêu | Đơn vị tính | Mục tiêu |
Kết quả``); ``<b>`` section rows (``I  Phát triển hạ tầng``) become the ``group`` of the rows
below them.

Bad rows never stop an import: each gets a row-numbered Vietnamese message in
``ImportResult.errors`` and the good rows still load. A file that cannot be read at all
(empty, corrupt workbook, invalid JSON, binary) raises ``FactFileError`` — a ``ValueError``
whose Vietnamese message names the file and the problem.

Text files (.csv/.txt/.tsv) are decoded by ``read_text``: UTF-8 (BOM or not), UTF-16 with a
BOM, else Windows-1258 (the legacy Vietnamese code page; its combining tone marks composed to
NFC). It is written here rather than imported from ``assistant.ingest.encoding`` because facts
depends on nothing but settings (design.md); ingest's decoder also sniffs BOM-less UTF-16,
which spreadsheet exports do not produce.

JSON is ``{"commune", "period", "facts": [...]}`` (or just the list of facts); each fact has
``name`` and ``value`` and optionally the other ``Fact.to_dict`` fields. Values are JSON numbers
or strings written the Vietnamese way (``"1.247"``, ``"84,03"``, ``"14/41"``), which is how
``export_json`` writes them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from assistant.facts.model import Fact, FactSet, normalize_name
from assistant.facts.numbers import NumberFormatError, format_number, read_number
from assistant.settings import Settings

COLUMNS = ("id", "name", "value", "unit", "period", "target", "note", "group")
HEADERS_VI = {"id": "Mã", "name": "Chỉ tiêu", "value": "Kết quả", "unit": "Đơn vị tính", "period": "Kỳ",
              "target": "Mục tiêu", "note": "Ghi chú", "group": "Nhóm", "previous": "Kỳ trước"}
# Matched in this order, a header's first fitting alias wins (it may also be the alias followed by more
# words: "Kỳ trước (6 tháng đầu năm 2025)"): "previous" comes before "value" so "Thực hiện kỳ trước"
# is not read as "Thực hiện", and "value" before "period" so "Kỳ này" is not read as "Kỳ".
_ALIASES = {
    "name": ("chỉ tiêu", "tên chỉ tiêu", "name", "nội dung"),
    "previous": ("kỳ trước", "cùng kỳ", "thực hiện kỳ trước", "thực hiện cùng kỳ", "kết quả kỳ trước",
                 "previous"),
    "value": ("kỳ này", "thực hiện kỳ này", "kết quả", "giá trị", "value", "số liệu", "thực hiện"),
    "unit": ("đơn vị tính", "đơn vị", "đvt", "unit"),
    "period": ("kỳ", "kỳ báo cáo", "period"),
    "target": ("mục tiêu", "kế hoạch", "target"),
    "note": ("ghi chú", "note"),
    "id": ("mã", "id"),
    "group": ("nhóm", "group"),
}
FORMATS = (".csv", ".xlsx", ".json", ".txt", ".tsv")
_DEFAULT_MAX_ROWS = Settings.facts_import_max_rows  # the settings' defaults, for callers without settings
_DEFAULT_MAX_COLS = Settings.facts_import_max_cols


class FactFileError(ValueError):
    """A fact file that cannot be read at all; the message names the file and the problem."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"Không đọc được tệp số liệu «{Path(path).name}»: {problem}")
        self.path = Path(path)
        self.problem = problem


def read_text(path: Path) -> str:
    """The text of a .csv/.txt/.tsv fact file (see module docstring for the encodings)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise FactFileError(path, f"không mở được tệp ({exc.strerror or exc})") from exc
    if data.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return unicodedata.normalize("NFC", text)
    raise FactFileError(path, "không phải tệp văn bản (bảng mã hỗ trợ: UTF-8, UTF-16, Windows-1258)")


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based, as the officer sees it in the file (the item's position in a JSON list)
    message: str
    where: str = "Dòng"  # "Chỉ tiêu thứ" for JSON items, which have no row

    def __str__(self) -> str:
        return f"{self.where} {self.row}: {self.message}"


@dataclass(frozen=True)
class PendingRow:
    """A row whose kỳ này is still empty but that has a kỳ trước or kế hoạch (a form carried over
    from last period): not an error, not a fact yet. ``position`` is where it stands among the
    facts (the number of facts read before it), so the table keeps the file's order."""

    name: str
    unit: str = ""
    target: str = ""
    previous: str = ""
    note: str = ""
    group: str = ""
    position: int = 0


@dataclass
class ImportResult:
    facts: FactSet
    errors: list[RowError] = field(default_factory=list)
    pending: list[PendingRow] = field(default_factory=list)  # rows "chưa nhập kỳ này"


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


PREVIOUS_PERIOD = "kỳ trước"  # the period of a row's kỳ trước value when the report does not name it


def rows_to_factset(rows: list[dict[str, str]], commune: str = "", period: str = "", first_row: int = 2,
                    source: str = "imported", previous_period: str = "") -> ImportResult:
    """Build facts from column→text rows; ``first_row`` is the file row number of rows[0].

    A row's ``previous`` (kỳ trước) becomes a second fact of the same name for the previous period
    (``previous_period``, else "kỳ trước"), so the change between the two is derived. A row with
    no value but a kỳ trước or kế hoạch is ``ImportResult.pending`` ("chưa nhập kỳ này"), not an error.
    """
    result = ImportResult(FactSet(commune, period))
    label = previous_period.strip() or PREVIOUS_PERIOD
    if normalize_name(label) == normalize_name(period):  # the same period twice would be one fact
        label = PREVIOUS_PERIOD
    for number, row in enumerate(rows, start=first_row):
        name = (row.get("name") or "").strip()
        value_text = (row.get("value") or "").strip()
        previous_text = (row.get("previous") or "").strip()
        target_text = (row.get("target") or "").strip()
        if not name and not value_text and not previous_text:
            continue
        if not name:
            result.errors.append(RowError(number, "thiếu tên chỉ tiêu"))
            continue
        unit = (row.get("unit") or "").strip() or None
        group = (row.get("group") or "").strip()
        if not value_text:
            if previous_text or target_text:
                result.pending.append(PendingRow(name, unit or "", target_text, previous_text,
                                                 (row.get("note") or "").strip(), group, len(result.facts)))
                _add_previous(result, number, name, previous_text, unit, label, source, group)
            else:
                result.errors.append(RowError(number, f"chỉ tiêu «{name}» chưa có giá trị"))
            continue
        parsed = _value_or_error(result, number, name, value_text, "giá trị")
        if parsed is None:
            continue
        value, denominator = parsed
        try:
            target, op = _parse_target(target_text)
        except NumberFormatError as exc:
            result.errors.append(RowError(number, f"chỉ tiêu «{name}»: mục tiêu {exc}; đã bỏ qua mục tiêu"))
            target, op = None, ""
        if unit is None and value_text.rstrip().endswith("%"):
            unit = "%"
        result.facts.add(Fact(name=name, value=value, unit=unit, period=(row.get("period") or "").strip(),
                              target=target, target_op=op, note=(row.get("note") or "").strip(), source=source,
                              denominator=denominator, group=group, id=(row.get("id") or "").strip()))
        _add_previous(result, number, name, previous_text, unit, label, source, group)
    return result


def _value_or_error(result: ImportResult, number: int, name: str, text: str, what: str,
                    then: str = "") -> tuple[Decimal, Decimal | None] | None:
    """A cell's number (and denominator), or None with the row's error recorded ("giá trị …", "kỳ trước …")."""
    try:
        return _parse_value(text)
    except NumberFormatError as exc:
        result.errors.append(RowError(number, f"chỉ tiêu «{name}»: {what} {exc}{then}"))
        return None


def _add_previous(result: ImportResult, number: int, name: str, text: str, unit: str | None, period: str,
                  source: str, group: str) -> None:
    """The row's kỳ trước value as a fact of ``period``; an unreadable one is reported, the row still counts."""
    parsed = _value_or_error(result, number, name, text, "kỳ trước", "; đã bỏ qua kỳ trước") if text else None
    if parsed is None:
        return
    value, denominator = parsed
    if unit is None and text.endswith("%"):
        unit = "%"
    result.facts.add(Fact(name=name, value=value, unit=unit, period=period, source=source,
                          denominator=denominator, group=group))


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
        result.pending += [replace(p, position=len(result.facts) + p.position) for p in part.pending]
        for fact in part.facts:
            result.facts.add(fact)
    return result


def import_pasted_table(text: str, commune: str = "", period: str = "") -> ImportResult:
    """Facts from a tab-separated table pasted from a report (header row with «Chỉ tiêu»)."""
    lines = [line.split("\t") if line.strip() else [] for line in text.splitlines()]
    return _from_lines(lines, commune, period)


def import_csv(path: Path, commune: str = "", period: str = "") -> ImportResult:
    text = read_text(path)
    if not text.strip():
        raise FactFileError(path, "tệp rỗng, không có dòng tiêu đề nào")
    first_line = next(line for line in text.splitlines() if line.strip())
    dialect = "excel-tab" if "\t" in first_line else "excel"
    try:
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise FactFileError(path, f"không đọc được dạng bảng CSV ({exc})") from exc
    return _from_lines(lines, commune, period)


def import_xlsx(path: Path, commune: str = "", period: str = "", max_rows: int | None = None,
                max_cols: int | None = None) -> ImportResult:
    """Facts from the first sheet, streamed row by row (openpyxl read-only mode).

    At most ``max_rows`` sheet rows and ``max_cols`` columns are read (defaults: the settings
    ``facts_import_max_rows`` / ``facts_import_max_cols``); beyond them a Vietnamese message says
    what was left out and the first rows still load. The sheet's declared size is ignored: a
    corrupt or hostile ``<dimension ref="A1:XFD1048576">`` would otherwise pad every row to
    16 384 cells, and a million-row sheet never loads whole into memory.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    max_rows = max(1, max_rows or _DEFAULT_MAX_ROWS)
    max_cols = max(1, max_cols or _DEFAULT_MAX_COLS)
    lines: list[list[str]] = []
    more_rows = more_cols = False
    book = None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.active
        sheet.reset_dimensions()  # rows as stored, not as the (untrusted) dimension tag claims
        for row in sheet.iter_rows(max_col=max_cols + 1, values_only=True):
            if len(lines) == max_rows:
                more_rows = any(v is not None for v in row) or more_rows
                if more_rows:
                    break
                continue  # trailing blank rows do not count as "more"
            if len(row) > max_cols and row[max_cols] is not None:
                more_cols = True
            lines.append(["" if v is None else _cell_text(v) for v in row[:max_cols]])
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FactFileError(path, "không phải bảng Excel .xlsx hợp lệ (tệp hỏng hoặc sai định dạng); hãy mở bằng "
                            "Excel, lưu lại dạng .xlsx rồi thử lại") from exc
    finally:
        if book is not None:
            book.close()  # read-only mode keeps the archive open until closed
    if not any(any(c.strip() for c in line) for line in lines):
        raise FactFileError(path, "trang tính đầu tiên không có dữ liệu")
    result = _from_lines(lines, commune, period)
    if more_cols:
        result.errors.append(RowError(1, f"trang tính có hơn {max_cols} cột; chỉ đọc {max_cols} cột đầu, "
                                         "các cột sau bị bỏ qua"))
    if more_rows:
        result.errors.append(RowError(max_rows + 1, f"trang tính có hơn {max_rows} dòng; chỉ nhập {max_rows} dòng "
                                                    "đầu, các dòng từ đây trở đi bị bỏ qua (hãy tách thành nhiều tệp "
                                                    "nhỏ hơn)"))
    return result


def _cell_text(value) -> str:
    """Excel numbers come as int/float: write them the Vietnamese way before parsing."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(Decimal(str(value)).normalize() if isinstance(value, float) else Decimal(value))
    return str(value)


_JSON_FIELDS = ("id", "name", "value", "unit", "period", "target", "target_op", "note", "denominator", "group",
                "part_of")


def import_json(path: Path) -> ImportResult:
    """Facts from a JSON file (schema in the module docstring); bad items become row errors."""
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as exc:
        raise FactFileError(path, f"JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}") from exc
    if isinstance(data, list):
        data = {"facts": data}
    if not isinstance(data, dict) or not isinstance(data.get("facts", []), list):
        raise FactFileError(path, 'JSON phải là {"commune": …, "period": …, "facts": [ … ]} hoặc một danh sách '
                            'chỉ tiêu, mỗi chỉ tiêu có «name» và «value»')
    result = ImportResult(FactSet(str(data.get("commune") or ""), str(data.get("period") or "")))
    for number, item in enumerate(data.get("facts", []), start=1):
        try:
            result.facts.add(_json_fact(item))
        except (ValueError, ArithmeticError) as exc:
            result.errors.append(RowError(number, str(exc), where="Chỉ tiêu thứ"))
    return result


def _json_text(value) -> str:
    """A JSON field as text; JSON numbers are exact already, so they are written the Vietnamese
    way before the Vietnamese parser reads them (2.5 → "2,5", never "2.5" → 25)."""
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(Decimal(str(value)))
    return str(value).strip()


def _json_fact(item) -> Fact:
    """One JSON fact; ``ValueError`` with a Vietnamese message naming the field at fault."""
    if not isinstance(item, dict):
        raise ValueError("phải là một đối tượng JSON có «name» và «value»")
    missing = [key for key in ("name", "value") if item.get(key) in (None, "")]
    if missing:
        raise ValueError("thiếu trường " + ", ".join(f"«{key}»" for key in missing))
    fields = {key: _json_text(item.get(key)) for key in _JSON_FIELDS}
    name = fields["name"]
    try:
        value, denominator = _parse_value(fields["value"])
        if fields["denominator"]:
            denominator = read_number(fields["denominator"]).value
    except NumberFormatError as exc:
        raise ValueError(f"«{name}»: giá trị {exc}") from exc
    try:
        target, op = _parse_target(fields["target"])
    except NumberFormatError as exc:
        raise ValueError(f"«{name}»: mục tiêu {exc}") from exc
    return Fact(name=name, value=value, unit=fields["unit"] or None, period=fields["period"], target=target,
                target_op=fields["target_op"] or op, note=fields["note"], source="imported",
                denominator=denominator, group=fields["group"], id=fields["id"], part_of=fields["part_of"])


def import_facts(path: Path, commune: str = "", period: str = "", settings: Settings | None = None) -> ImportResult:
    """Import by file extension: one of ``FORMATS``; ``settings`` gives the .xlsx limits."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return import_csv(path, commune, period)
    if suffix == ".xlsx":
        settings = settings or Settings()
        return import_xlsx(path, commune, period, settings.facts_import_max_rows, settings.facts_import_max_cols)
    if suffix == ".json":
        return import_json(path)
    if suffix in (".txt", ".tsv"):
        return import_pasted_table(read_text(path), commune, period)
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
    """``FactSet.to_dict`` with the numbers written the Vietnamese way, as ``import_json`` reads them."""
    data = facts.to_dict()
    for item, fact in zip(data["facts"], facts):
        item["value"] = format_number(fact.value)
        for key in ("target", "denominator"):
            if getattr(fact, key) is not None:
                item[key] = format_number(getattr(fact, key))
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


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
