"""The Report's JSON form (``report_to_dict`` / ``report_from_dict``) and its validation.

The JSON carries a ``version`` field; its schema is documented in ``docs/report_schema.md``.
Loading validates everything and raises :class:`ReportValidationError` listing *all* problems in
Vietnamese, each prefixed with the JSON path of the offending value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from assistant.ingest.types import SectionKind
from assistant.report.model import (
    SCHEMA_VERSION,
    CellValue,
    Citation,
    IndicatorRow,
    IndicatorTable,
    Report,
    ReportDate,
    ReportHeader,
    ReportSection,
)

SUPPORTED_VERSIONS = (1,)


class ReportValidationError(ValueError):
    """Invalid report JSON; ``errors`` are Vietnamese messages, each starting with a JSON path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("Báo cáo không hợp lệ:\n" + "\n".join(f"- {e}" for e in errors))



def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": report.version,
        "header": header_to_dict(report.header),
        "opening": report.opening,
        "sections": [_section_to_dict(s) for s in report.sections],
        "table": None
        if report.table is None
        else {"title": report.table.title, "rows": [_row_to_dict(r) for r in report.table.rows]},
        "citations": [
            {
                "marker": c.marker,
                "source": c.source,
                "section_path": c.section_path,
                "span": list(c.span) if c.span else None,
                "quote": c.quote,
            }
            for c in report.citations
        ],
    }


def header_to_dict(h: ReportHeader) -> dict[str, Any]:
    return {
        "organ_parent": h.organ_parent,
        "organ": h.organ,
        "parent_is_governing_body": h.parent_is_governing_body,
        "doc_number": h.doc_number,
        "place": h.place,
        "date": {"day": h.date.day, "month": h.date.month, "year": h.date.year},
        "doc_type": h.doc_type,
        "title": h.title,
        "recipients": list(h.recipients),
        "cc": list(h.cc),
        "authority": list(h.authority),
        "signer_title": h.signer_title,
        "signer_name": h.signer_name,
    }


def _section_to_dict(s: ReportSection) -> dict[str, Any]:
    return {
        "label": s.label,
        "heading": s.heading,
        "kind": s.kind,
        "paragraphs": list(s.paragraphs),
        "children": [_section_to_dict(c) for c in s.children],
    }


def _cell_to_json(v: CellValue) -> Any:
    """A number as a JSON number with its written digits ("84.10" stays 84.10); text as written.

    ``int`` and ``float`` are used where they hold the value exactly (so ``report_to_dict`` stays
    plain JSON for ``json.dumps``); otherwise the Decimal itself is kept and :func:`report_to_json`
    writes its digits. Loading parses numbers back to Decimal (``parse_float=Decimal``).
    """
    if not isinstance(v, Decimal):
        return v
    if v.as_tuple().exponent >= 0 and v == v.to_integral_value():
        return int(v)
    if v.is_finite() and str(v) == repr(float(v)):
        return float(v)
    return v


def _row_to_dict(r: IndicatorRow) -> dict[str, Any]:
    return {
        "tt": r.tt,
        "name": r.name,
        "unit": r.unit,
        "target": _cell_to_json(r.target),
        "result": _cell_to_json(r.result),
        "previous": _cell_to_json(r.previous),
        "comparison": r.comparison,
        "is_group": r.is_group,
    }


def report_to_json(report: Report) -> str:
    # The json module cannot write a Decimal as a number: it gets a placeholder string, replaced by
    # the Decimal's own digits. "\u0000" cannot start a real value: export strips control characters.
    text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2, default=_decimal_placeholder)
    return _DECIMAL_PLACEHOLDER.sub(r"\1", text)


_DECIMAL_PLACEHOLDER = re.compile(r'"\\u0000(-?[0-9.E+-]+)\\u0000"')


def _decimal_placeholder(o: Any) -> str:
    if isinstance(o, Decimal):
        return f"\x00{o}\x00"
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def report_from_json(text: str, defaults: ReportHeader | None = None) -> Report:
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ReportValidationError([f"JSON không đọc được (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}"]) from None
    return report_from_dict(data, defaults)


def load_report(path: Path, defaults: ReportHeader | None = None) -> Report:
    """Read REPORT.json. Header fields missing from the file come from ``defaults`` (the commune's settings)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ReportValidationError([f"{path}: tệp không phải văn bản UTF-8"]) from None
    return report_from_json(text, defaults)


def save_report(report: Report, path: Path) -> None:
    Path(path).write_text(report_to_json(report) + "\n", encoding="utf-8")


def report_from_dict(data: Any, defaults: ReportHeader | None = None) -> Report:
    """Validate and build a Report; raise :class:`ReportValidationError` listing every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise ReportValidationError([f"(gốc): cần một đối tượng JSON, nhận được {_type_vi(data)}"])
    _check_keys(data, {"version", "header", "opening", "sections", "table", "citations"}, "", errors)
    version = data.get("version", SCHEMA_VERSION)
    if version not in SUPPORTED_VERSIONS:
        errors.append(
            f"version: phiên bản {version!r} không được hỗ trợ; các phiên bản hợp lệ: "
            + ", ".join(map(str, SUPPORTED_VERSIONS))
        )
    header = header_from_dict(data.get("header") or {}, "header", errors, defaults or ReportHeader())
    opening = _text(data, "opening", "", errors)
    sections = [
        _section_from_dict(s, f"sections[{i}]", errors) for i, s in enumerate(_list(data, "sections", "", errors))
    ]
    table = None
    if data.get("table") is not None:
        table = _table_from_dict(data["table"], "table", errors)
    citations = [
        _citation_from_dict(c, f"citations[{i}]", errors) for i, c in enumerate(_list(data, "citations", "", errors))
    ]
    markers = [c.marker for c in citations if c is not None]
    dupes = sorted({m for m in markers if markers.count(m) > 1})
    if dupes:
        errors.append(f"citations: số hiệu trích dẫn bị trùng: {', '.join(map(str, dupes))}")
    if errors:
        raise ReportValidationError(errors)
    return Report(
        header=header,
        opening=opening,
        sections=[s for s in sections if s is not None],
        table=table,
        citations=[c for c in citations if c is not None],
        version=SCHEMA_VERSION,
    )


# ---- validation helpers (each appends Vietnamese messages to ``errors`` and returns a best-effort value)


def _type_vi(value: Any) -> str:
    names = {dict: "đối tượng", list: "danh sách", str: "chuỗi", bool: "true/false", int: "số", float: "số"}
    return names.get(type(value), "null" if value is None else type(value).__name__)


def _path(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _check_keys(data: dict, allowed: set[str], prefix: str, errors: list[str]) -> None:
    for key in data:
        if key not in allowed:
            errors.append(
                f"{_path(prefix, key)}: trường không có trong lược đồ; các trường hợp lệ: {', '.join(sorted(allowed))}"
            )


def _text(data: dict, key: str, prefix: str, errors: list[str], default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        errors.append(f"{_path(prefix, key)}: cần chuỗi văn bản, nhận được {_type_vi(value)}")
        return default
    return unicodedata.normalize("NFC", value)


def _list(data: dict, key: str, prefix: str, errors: list[str]) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(f"{_path(prefix, key)}: cần danh sách, nhận được {_type_vi(value)}")
        return []
    return value


def _text_list(data: dict, key: str, prefix: str, errors: list[str], default: tuple[str, ...]) -> tuple[str, ...]:
    if key not in data or data[key] is None:
        return default
    value = data[key]
    if isinstance(value, str):  # one recipient given as a plain string
        value = [value]
    if not isinstance(value, list):
        errors.append(f"{_path(prefix, key)}: cần danh sách chuỗi, nhận được {_type_vi(value)}")
        return default
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(unicodedata.normalize("NFC", item))
        else:
            errors.append(f"{_path(prefix, key)}[{i}]: cần chuỗi văn bản, nhận được {_type_vi(item)}")
    return tuple(out)


def _int_or_none(data: dict, key: str, prefix: str, errors: list[str], lo: int, hi: int) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        errors.append(f"{_path(prefix, key)}: cần số nguyên từ {lo} đến {hi} hoặc để trống, nhận được {value!r}")
        return None
    return value


def header_from_dict(data: Any, prefix: str, errors: list[str], base: ReportHeader) -> ReportHeader:
    if not isinstance(data, dict):
        errors.append(f"{prefix}: cần một đối tượng, nhận được {_type_vi(data)}")
        return base
    _check_keys(data, set(header_to_dict(base)), prefix, errors)
    date = base.date
    if "date" in data and data["date"] is not None:
        d = data["date"]
        if isinstance(d, dict):
            dp = _path(prefix, "date")
            _check_keys(d, {"day", "month", "year"}, dp, errors)
            date = ReportDate(
                day=_int_or_none(d, "day", dp, errors, 1, 31),
                month=_int_or_none(d, "month", dp, errors, 1, 12),
                year=_int_or_none(d, "year", dp, errors, 1945, 2200),
            )
        else:
            errors.append(f"{_path(prefix, 'date')}: cần đối tượng {{day, month, year}}, nhận được {_type_vi(d)}")
    flag = data.get("parent_is_governing_body", base.parent_is_governing_body)
    if not isinstance(flag, bool):
        errors.append(f"{_path(prefix, 'parent_is_governing_body')}: cần true hoặc false")
        flag = base.parent_is_governing_body
    return ReportHeader(
        organ_parent=_text(data, "organ_parent", prefix, errors, base.organ_parent),
        organ=_text(data, "organ", prefix, errors, base.organ),
        parent_is_governing_body=flag,
        doc_number=_text(data, "doc_number", prefix, errors, base.doc_number),
        place=_text(data, "place", prefix, errors, base.place),
        date=date,
        doc_type=_text(data, "doc_type", prefix, errors, base.doc_type) or "BÁO CÁO",
        title=_text(data, "title", prefix, errors, base.title),
        recipients=_text_list(data, "recipients", prefix, errors, base.recipients),
        cc=_text_list(data, "cc", prefix, errors, base.cc),
        authority=_text_list(data, "authority", prefix, errors, base.authority),
        signer_title=_text(data, "signer_title", prefix, errors, base.signer_title),
        signer_name=_text(data, "signer_name", prefix, errors, base.signer_name),
    )


def _section_from_dict(data: Any, prefix: str, errors: list[str]) -> ReportSection | None:
    if not isinstance(data, dict):
        errors.append(f"{prefix}: cần một đối tượng mục, nhận được {_type_vi(data)}")
        return None
    _check_keys(data, {"label", "heading", "kind", "paragraphs", "children"}, prefix, errors)
    kind = _text(data, "kind", prefix, errors, SectionKind.KHAC.value) or SectionKind.KHAC.value
    try:
        kind = SectionKind.parse(kind).value
    except ValueError as exc:
        errors.append(f"{_path(prefix, 'kind')}: {exc}")
    paragraphs = list(_text_list(data, "paragraphs", prefix, errors, ()))
    children = [
        _section_from_dict(c, f"{prefix}.children[{i}]", errors)
        for i, c in enumerate(_list(data, "children", prefix, errors))
    ]
    label = _text(data, "label", prefix, errors)
    heading = _text(data, "heading", prefix, errors)
    if not label.strip() and not heading.strip():
        errors.append(f"{prefix}: mục cần có số thứ tự (label) hoặc tiêu đề (heading)")
    return ReportSection(label, heading, kind, paragraphs, [c for c in children if c is not None])


def _cell_from_json(value: Any, path: str, errors: list[str]) -> CellValue:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        errors.append(f"{path}: cần số hoặc chuỗi, nhận được true/false")
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        try:
            return Decimal(repr(value))
        except InvalidOperation:
            pass
    errors.append(f"{path}: cần số hoặc chuỗi, nhận được {_type_vi(value)}")
    return None


def _table_from_dict(data: Any, prefix: str, errors: list[str]) -> IndicatorTable | None:
    if not isinstance(data, dict):
        errors.append(f"{prefix}: cần một đối tượng bảng, nhận được {_type_vi(data)}")
        return None
    _check_keys(data, {"title", "rows"}, prefix, errors)
    rows = []
    for i, r in enumerate(_list(data, "rows", prefix, errors)):
        rp = f"{prefix}.rows[{i}]"
        if not isinstance(r, dict):
            errors.append(f"{rp}: cần một đối tượng dòng, nhận được {_type_vi(r)}")
            continue
        _check_keys(r, {"tt", "name", "unit", "target", "result", "previous", "comparison", "is_group"}, rp, errors)
        tt = r.get("tt", "")
        rows.append(
            IndicatorRow(
                tt=str(tt) if isinstance(tt, (int, Decimal)) and not isinstance(tt, bool) else _text(r, "tt", rp, errors),
                name=_text(r, "name", rp, errors),
                unit=_text(r, "unit", rp, errors),
                target=_cell_from_json(r.get("target"), f"{rp}.target", errors),
                result=_cell_from_json(r.get("result"), f"{rp}.result", errors),
                is_group=bool(r.get("is_group", False)),
                previous=_cell_from_json(r.get("previous"), f"{rp}.previous", errors),
                comparison=_text(r, "comparison", rp, errors),
            )
        )
    return IndicatorTable(title=_text(data, "title", prefix, errors, IndicatorTable.title), rows=rows)


def _citation_from_dict(data: Any, prefix: str, errors: list[str]) -> Citation | None:
    if not isinstance(data, dict):
        errors.append(f"{prefix}: cần một đối tượng trích dẫn, nhận được {_type_vi(data)}")
        return None
    _check_keys(data, {"marker", "source", "section_path", "span", "quote"}, prefix, errors)
    marker = data.get("marker")
    if isinstance(marker, Decimal) and marker == marker.to_integral_value():
        marker = int(marker)
    if not isinstance(marker, int) or isinstance(marker, bool) or marker < 1:
        errors.append(f"{_path(prefix, 'marker')}: cần số nguyên dương (số trong dấu [n]), nhận được {marker!r}")
        return None
    source = _text(data, "source", prefix, errors)
    if not source.strip():
        errors.append(f"{_path(prefix, 'source')}: trích dẫn [{marker}] thiếu tài liệu nguồn")
    span = data.get("span")
    parsed_span: tuple[int, int] | None = None
    if span is not None:
        if (
            isinstance(span, list)
            and len(span) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span)
            and 0 <= span[0] <= span[1]
        ):
            parsed_span = (span[0], span[1])
        else:
            errors.append(f"{_path(prefix, 'span')}: cần [đầu, cuối] là hai số nguyên 0 ≤ đầu ≤ cuối, nhận được {span!r}")
    return Citation(
        marker=marker,
        source=source,
        section_path=_text(data, "section_path", prefix, errors),
        span=parsed_span,
        quote=_text(data, "quote", prefix, errors),
    )