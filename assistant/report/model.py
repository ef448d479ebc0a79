"""The Report model shared by drafting, export and the UI: header, section tree, indicator table, citations.

A report is a header (the thể thức fields of Nghị định 30/2020/NĐ-CP, Phụ lục I),
a tree of sections whose numbering labels are plain text the officer can edit
("I.", "1.", "1.1.", "a)"), an optional indicator table and the citations behind
the ``[n]`` markers in the paragraphs (``assistant.report.markers``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Iterator

from assistant.ingest.types import SectionKind
from assistant.report.markers import cited_numbers

SCHEMA_VERSION = 1


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
    """One row of the indicator table. A group row (``is_group``) is a bold sub-heading spanning the row.

    ``target`` is kế hoạch, ``result`` kỳ này, ``previous`` kỳ trước; ``comparison`` is the so sánh
    text the facts package derived ("+12,4%", "+3,2 điểm", "96,5% KH").
    """

    tt: str = ""
    name: str = ""
    unit: str = ""
    target: CellValue = None
    result: CellValue = None
    is_group: bool = False
    previous: CellValue = None
    comparison: str = ""


@dataclass
class IndicatorTable:
    """The "TT | Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả" table; with a kỳ trước value in any row,
    "TT | Chỉ tiêu | Đơn vị tính | Kế hoạch | Kỳ trước | Kỳ này | So sánh"."""

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
    # The paragraph before section I. that names what the report answers ("Thực hiện Công văn số …
    # của …, Ủy ban nhân dân xã … báo cáo như sau:"); empty when it answers no document.
    opening: str = ""
    sections: list[ReportSection] = field(default_factory=list)
    table: IndicatorTable | None = None
    citations: list[Citation] = field(default_factory=list)
    version: int = SCHEMA_VERSION

    def walk(self) -> Iterator[ReportSection]:
        for section in self.sections:
            yield from section.walk()



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
    """The section at ``path``: labels separated by "/" or ">" ("II/2", "II. > 2."); "#n" is the
    n-th heading of its level (from 1), for headings without numbering.

    Raises ``KeyError`` with a Vietnamese message listing the valid paths.
    """
    wanted = [normalize_label(p) for p in re.split(r"[/>]", path) if p.strip()]
    level = report.sections
    found: ReportSection | None = None
    for part in wanted:
        if part.startswith("#") and part[1:].isdigit():
            n = int(part[1:])
            found = level[n - 1] if 0 < n <= len(level) else None
        else:
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

    Citations are kept only for the numbers that section cites (lists and ranges included).
    """
    section = find_section(report, path)
    used = {n for s in section.walk() for p in s.paragraphs for n in cited_numbers(p)}
    return replace(report, sections=[section], table=None, citations=[c for c in report.citations if c.marker in used])
