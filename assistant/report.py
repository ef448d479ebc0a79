"""The Report model shared by drafting, export and the UI.

A report is a header (the thể thức fields of Nghị định 30/2020/NĐ-CP, Phụ lục I),
a tree of sections whose numbering labels are plain text the officer can edit
("I.", "1.", "1.1.", "a)"), an optional indicator table and the citations behind
the ``[n]`` markers in the paragraphs.

The JSON form (``report_to_dict`` / ``report_from_dict``) carries a ``version``
field; its schema is documented in ``docs/report_schema.md``. Loading validates
everything and raises :class:`ReportValidationError` listing *all* problems in
Vietnamese, each prefixed with the JSON path of the offending value.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from assistant.facts.model import Fact
from assistant.facts.numbers import format_number
from assistant.ingest.kinds import inline_label
from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.types import SectionKind
from assistant.settings import CommuneHeader

SCHEMA_VERSION = 1
SUPPORTED_VERSIONS = (1,)

# A table cell value: a number (formatted Vietnamese style at export) or text kept as written ("≥ 98").
CellValue = Decimal | str | None


@dataclass(frozen=True)
class ReportDate:
    """"Minh Khê, ngày … tháng … năm 2026": day and month are often left blank until signing."""

    day: int | None = None
    month: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class ReportHeader:
    """Header and closing fields (thể thức) of the report.

    ``organ_parent`` and ``organ`` are the two lines of the organ block, top-left.
    For a commune People's Committee they are one name split in two lines
    ("ỦY BAN NHÂN DÂN" / "XÃ MINH KHÊ") and both are bold; when the first line
    is a separate governing body (cơ quan chủ quản) set ``parent_is_governing_body``
    and it is printed upright, not bold (Phụ lục I, mục II.2).
    """

    organ_parent: str = "ỦY BAN NHÂN DÂN"
    organ: str = "XÃ MINH KHÊ"
    parent_is_governing_body: bool = False
    doc_number: str = "Số:      /BC-UBND"
    place: str = "Minh Khê"
    date: ReportDate = field(default_factory=ReportDate)
    doc_type: str = "BÁO CÁO"
    title: str = ""  # trích yếu
    recipients: tuple[str, ...] = ()  # kính gửi
    cc: tuple[str, ...] = ("Như trên;", "Lưu: VT.")  # nơi nhận
    authority: tuple[str, ...] = ("TM. ỦY BAN NHÂN DÂN",)  # quyền hạn ký: "TM. …", "KT. CHỦ TỊCH"
    signer_title: str = "CHỦ TỊCH"  # chức vụ
    signer_name: str = ""  # người ký


@dataclass
class ReportSection:
    """A heading with its paragraphs and sub-sections.

    ``label`` is the numbering exactly as written ("II.", "2.", "1.1.", "a)");
    ``kind`` is a :class:`SectionKind` value so drafting and retrieval agree.
    """

    label: str
    heading: str
    kind: str = SectionKind.KHAC.value
    paragraphs: list[str] = field(default_factory=list)
    children: list["ReportSection"] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.label} {self.heading}".strip()

    def walk(self) -> Iterator["ReportSection"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class IndicatorRow:
    """One row of the indicator table. A group row (``is_group``) is a bold sub-heading spanning the row."""

    tt: str = ""
    name: str = ""
    unit: str = ""
    target: CellValue = None
    result: CellValue = None
    is_group: bool = False


@dataclass
class IndicatorTable:
    """The "TT | Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả" table."""

    title: str = "Kết quả thực hiện các chỉ tiêu"
    rows: list[IndicatorRow] = field(default_factory=list)


@dataclass
class Citation:
    """What the marker ``[marker]`` in a paragraph points to."""

    marker: int
    source: str  # document (file name or title)
    section_path: str = ""  # "II. ĐÁNH GIÁ CHUNG > 2. Hạn chế"
    span: tuple[int, int] | None = None  # [start, end) in the source's normalized text
    quote: str = ""


@dataclass
class Report:
    header: ReportHeader = field(default_factory=ReportHeader)
    sections: list[ReportSection] = field(default_factory=list)
    table: IndicatorTable | None = None
    citations: list[Citation] = field(default_factory=list)
    version: int = SCHEMA_VERSION

    def walk(self) -> Iterator[ReportSection]:
        for section in self.sections:
            yield from section.walk()


class ReportValidationError(ValueError):
    """Invalid report JSON; ``errors`` are Vietnamese messages, each starting with a JSON path."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("Báo cáo không hợp lệ:\n" + "\n".join(f"- {e}" for e in errors))


# --------------------------------------------------------------------------- construction


def header_from_settings(commune: CommuneHeader, **overrides: Any) -> ReportHeader:
    """The report header for ``commune`` (``settings.header``), with per-report ``overrides``.

    ``CommuneHeader.authority`` is one line; a "KT." signature adds a second line,
    so overrides may give ``authority`` as a string or a sequence of lines.
    """
    base = ReportHeader(
        organ_parent=commune.organ_parent,
        organ=commune.organ,
        doc_number=commune.doc_number,
        place=commune.place,
        recipients=tuple(commune.recipients),
        cc=tuple(commune.cc),
        authority=(commune.authority,) if commune.authority else (),
        signer_title=commune.signer_title,
        signer_name=commune.signer_name,
    )
    if not overrides:
        return base
    data = header_to_dict(base)
    data.update({k: list(v) if isinstance(v, tuple) else v for k, v in overrides.items()})
    if isinstance(data.get("date"), ReportDate):
        d = data["date"]
        data["date"] = {"day": d.day, "month": d.month, "year": d.year}
    errors: list[str] = []
    header = _header_from_dict(data, "header", errors, base)
    if errors:
        raise ReportValidationError(errors)
    return header


def default_skeleton(header: ReportHeader | None = None, period: str = "") -> Report:
    """The usual outline of a periodic report of a commune.

    I. Kết quả thực hiện / II. Đánh giá chung (1. Ưu điểm, 2. Hạn chế, 3. Nguyên nhân) /
    III. Nhiệm vụ, giải pháp / IV. Kiến nghị — the structure of the seed reports.
    """
    suffix = f" {period}" if period else ""
    k = SectionKind
    return Report(
        header=header or ReportHeader(),
        sections=[
            ReportSection("I.", f"KẾT QUẢ THỰC HIỆN{suffix.upper()}", k.KET_QUA.value),
            ReportSection(
                "II.",
                "ĐÁNH GIÁ CHUNG",
                k.KHAC.value,
                children=[
                    ReportSection("1.", "Ưu điểm", k.UU_DIEM.value),
                    ReportSection("2.", "Hạn chế", k.HAN_CHE.value),
                    ReportSection("3.", "Nguyên nhân", k.NGUYEN_NHAN.value),
                ],
            ),
            ReportSection("III.", "NHIỆM VỤ, GIẢI PHÁP", k.GIAI_PHAP.value),
            ReportSection("IV.", "KIẾN NGHỊ", k.KIEN_NGHI.value),
        ],
    )


def normalize_label(label: str) -> str:
    """"II." → "II", "a)" → "a", "1.1." → "1.1": the comparable part of a numbering label."""
    return label.strip().rstrip(".)").strip()


def find_section(report: Report, path: str) -> ReportSection:
    """The section at ``path``: labels separated by "/" or ">" ("II/2", "II. > 2.").

    Raises ``KeyError`` with a Vietnamese message listing the valid paths.
    """
    wanted = [normalize_label(p) for p in re.split(r"[/>]", path) if p.strip()]
    level = report.sections
    found: ReportSection | None = None
    for part in wanted:
        found = next((s for s in level if normalize_label(s.label) == part), None)
        if found is None:
            break
        level = found.children
    if found is None or not wanted:
        raise KeyError(f"Không có mục {path!r}. Các mục hiện có: {', '.join(section_paths(report))}")
    return found


def section_paths(report: Report) -> list[str]:
    """All section paths in the "II/2" form accepted by :func:`find_section`."""
    out: list[str] = []

    def visit(sections: list[ReportSection], prefix: str) -> None:
        for s in sections:
            p = f"{prefix}/{normalize_label(s.label)}" if prefix else normalize_label(s.label)
            out.append(p)
            visit(s.children, p)

    visit(report.sections, "")
    return out


def single_section_report(report: Report, path: str) -> Report:
    """A copy of ``report`` holding only the section at ``path`` (with its sub-sections).

    Citations are kept only for the markers that section uses.
    """
    section = find_section(report, path)
    used = {int(m) for s in section.walk() for p in s.paragraphs for m in MARKER_RE.findall(p)}
    return replace(
        report,
        sections=[section],
        table=None,
        citations=[c for c in report.citations if c.marker in used],
    )


# Citation markers as the drafting pipeline writes them: "[3]" or "[1, 2]".
MARKER_RE = re.compile(r"\[(\d{1,3})\]")

# --------------------------------------------------------------------------- assembly

# The drafting package's composite kind: "Đánh giá chung" = ưu điểm + hạn chế + nguyên nhân drafted
# as one text of labelled paragraphs (same value as ``assistant.draft.types.DANH_GIA_CHUNG``; not
# imported so the model does not depend on the drafting pipeline).
EVALUATION_KIND = "danh_gia_chung"
EVALUATION_PARTS = (SectionKind.UU_DIEM.value, SectionKind.HAN_CHE.value, SectionKind.NGUYEN_NHAN.value)


@dataclass(frozen=True)
class AcceptedSection:
    """A drafted section the officer accepted into the report.

    ``text`` is the draft as saved (paragraphs separated by line breaks); its ``[n]`` markers
    are numbered from 1 within this section and ``citations`` says what each points to.
    """

    kind: str  # a SectionKind value, or EVALUATION_KIND
    text: str
    title: str = ""
    citations: tuple[Citation, ...] = ()


@dataclass
class AssembledReport:
    report: Report
    notes: list[str] = field(default_factory=list)  # Vietnamese, for the officer


def report_header(
    commune_header: CommuneHeader,
    *,
    commune: str = "",
    title: str = "",
    period: str = "",
    overrides: dict[str, Any] | None = None,
) -> ReportHeader:
    """The header of one report: the commune's settings, adapted to the report, then the officer's overrides.

    ``settings.header`` describes one commune; a report written for another commune names its own
    organ ("XÃ …") and place. The trích yếu is the report's title followed by its period unless the
    title already states it. ``overrides`` (the officer's edits) win over both.
    """
    base = header_from_settings(commune_header)
    adapted: dict[str, Any] = {}
    if commune.strip() and fold_diacritics(commune.strip()) not in fold_diacritics(base.organ):
        adapted.update(organ=f"XÃ {commune.strip().upper()}", place=commune.strip())
    title, period = title.strip(), period.strip()
    if title:
        adapted["title"] = title if not period or fold_diacritics(period) in fold_diacritics(title) else f"{title} {period}"
    adapted.update(overrides or {})
    return header_from_settings(commune_header, **adapted)


def split_paragraphs(text: str) -> list[str]:
    """A draft's paragraphs: one per non-blank line (drafts separate paragraphs by line breaks)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def split_evaluation(text: str) -> list[tuple[str, list[str]]]:
    """An "Đánh giá chung" draft cut at its inline labels: [(kind, paragraphs), …] in text order.

    A paragraph opening with "Ưu điểm:", "Hạn chế:"/"Tồn tại, hạn chế:" or "Nguyên nhân:" (the
    labels the drafting prompt and composer write; recognised by the ingest classifier so the
    same vocabulary applies) starts a part and loses its label, which becomes the heading II.1,
    II.2 or II.3. Paragraphs before the first label have kind "" (they stay under II.).
    """
    parts: list[tuple[str, list[str]]] = []
    kind = ""
    for paragraph in split_paragraphs(text):
        label = inline_label(paragraph)
        if label is not None and label.kind.value in EVALUATION_PARTS:
            kind = label.kind.value
            parts.append((kind, []))
            body = paragraph.split(":", 1)[1].strip()
            if body:
                parts[-1][1].append(body[0].upper() + body[1:])
            continue
        if not parts or parts[-1][0] != kind:
            parts.append((kind, []))
        parts[-1][1].append(paragraph)
    return [(k, ps) for k, ps in parts if ps]


def indicator_table(facts: Iterable[Fact], title: str = IndicatorTable.title) -> IndicatorTable | None:
    """The appendix table of the officer's indicators; a fact's ``group`` becomes a group row (I, II, …).

    Ratios keep the officer's form ("1.067/1.254"); a target with an operator keeps it ("≥ 98").
    """
    rows: list[IndicatorRow] = []
    group, groups, n = None, 0, 0
    for fact in facts:
        if fact.group and fact.group != group:
            groups += 1
            rows.append(IndicatorRow(tt=_roman(groups), name=fact.group, is_group=True))
        group = fact.group
        n += 1
        target: CellValue = fact.target
        if fact.target is not None and fact.target_op:
            target = f"{fact.target_op} {format_number(fact.target)}"
        result: CellValue = fact.value
        if fact.denominator is not None:
            result = f"{format_number(fact.value)}/{format_number(fact.denominator)}"
        rows.append(IndicatorRow(tt=str(n), name=fact.name, unit=fact.unit or "", target=target, result=result))
    return IndicatorTable(title=title, rows=rows) if n else None


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def assemble_report(
    header: ReportHeader,
    sections: Sequence[AcceptedSection],
    *,
    period: str = "",
    table: IndicatorTable | None = None,
) -> AssembledReport:
    """Place accepted drafts on the standard skeleton and number their citations across the report.

    Skeleton: :func:`default_skeleton` (I. kết quả / II. đánh giá chung: 1. ưu điểm, 2. hạn chế,
    3. nguyên nhân / III. nhiệm vụ, giải pháp / IV. kiến nghị). Each section goes under the heading
    of its kind, in the given order; an "Đánh giá chung" draft is split into II.1–II.3
    (:func:`split_evaluation`). Markers are renumbered report-wide in order of first use; two drafts
    citing the same passage share one number; a marker without a citation is dropped. Headings
    left empty are removed.
    """
    report = default_skeleton(header, period=period)
    by_kind: dict[str, ReportSection] = {}
    for s in report.walk():
        by_kind.setdefault(s.kind, s)
    evaluation = report.sections[1]
    fallback = report.sections[0]
    notes: list[str] = []
    citations: list[Citation] = []
    numbers: dict[tuple, int] = {}  # one number per cited passage

    for accepted in sections:
        mapping: dict[int, int] = {}
        for c in accepted.citations:
            key = (c.source, c.section_path, c.span, c.quote)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(replace(c, marker=numbers[key]))
            mapping[c.marker] = numbers[key]
        text = _renumber(accepted.text, mapping)
        if accepted.kind == EVALUATION_KIND:
            for kind, paragraphs in split_evaluation(text):
                by_kind.get(kind, evaluation).paragraphs.extend(paragraphs)
            continue
        target = by_kind.get(accepted.kind)
        if target is None:
            name = accepted.title or accepted.kind
            notes.append(f"Mục «{name}» không có chỗ trong khung báo cáo; đã đặt vào phần {fallback.label}")
            target = fallback
        target.paragraphs.extend(split_paragraphs(text))

    if not sections:
        notes.append("Chưa có mục nào được đưa vào báo cáo.")
    report = replace(report, sections=_prune(report.sections), citations=citations, table=table)
    return AssembledReport(report, notes)


def _renumber(text: str, mapping: dict[int, int]) -> str:
    def sub(m: re.Match) -> str:
        new = mapping.get(int(m.group(1)))
        return f" [{new}]" if new is not None else ""

    return re.sub(r"[ \t]*" + MARKER_RE.pattern, sub, text)


def _prune(sections: list[ReportSection]) -> list[ReportSection]:
    kept = []
    for s in sections:
        s.children = _prune(s.children)
        if s.paragraphs or s.children:
            kept.append(s)
    return kept


# --------------------------------------------------------------------------- JSON


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "version": report.version,
        "header": header_to_dict(report.header),
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
    if isinstance(v, Decimal):
        # JSON numbers; loading parses them back to Decimal (parse_float=Decimal), so no binary drift.
        return int(v) if v == v.to_integral_value() and "E" not in str(v) else float(v)
    return v


def _row_to_dict(r: IndicatorRow) -> dict[str, Any]:
    return {
        "tt": r.tt,
        "name": r.name,
        "unit": r.unit,
        "target": _cell_to_json(r.target),
        "result": _cell_to_json(r.result),
        "is_group": r.is_group,
    }


def report_to_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=2)


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
    _check_keys(data, {"version", "header", "sections", "table", "citations"}, "", errors)
    version = data.get("version", SCHEMA_VERSION)
    if version not in SUPPORTED_VERSIONS:
        errors.append(
            f"version: phiên bản {version!r} không được hỗ trợ; các phiên bản hợp lệ: "
            + ", ".join(map(str, SUPPORTED_VERSIONS))
        )
    header = _header_from_dict(data.get("header") or {}, "header", errors, defaults or ReportHeader())
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


def _header_from_dict(data: Any, prefix: str, errors: list[str], base: ReportHeader) -> ReportHeader:
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
        _check_keys(r, {"tt", "name", "unit", "target", "result", "is_group"}, rp, errors)
        tt = r.get("tt", "")
        rows.append(
            IndicatorRow(
                tt=str(tt) if isinstance(tt, (int, Decimal)) and not isinstance(tt, bool) else _text(r, "tt", rp, errors),
                name=_text(r, "name", rp, errors),
                unit=_text(r, "unit", rp, errors),
                target=_cell_from_json(r.get("target"), f"{rp}.target", errors),
                result=_cell_from_json(r.get("result"), f"{rp}.result", errors),
                is_group=bool(r.get("is_group", False)),
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
