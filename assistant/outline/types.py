"""The report skeleton: what a new report starts from (issue 11 §1).

A skeleton is read from a directive that prescribes the report (its outline, indicator form,
deadline and recipient), carried over from the commune's previous report of the same series, or
taken from a default outline per report type. It is plain data: frozen dataclasses with a JSON
form (``to_dict``/``from_dict``) so the UI and the drafting step can keep it and show it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterator, Literal

from assistant.ingest.types import SectionKind

Origin = Literal["directive", "previous_report", "default"]
ORIGINS: tuple[str, ...] = ("directive", "previous_report", "default")

# Report types with a default outline (prompts/outlines/<type>.toml).
REPORT_TYPES: tuple[str, ...] = ("tien_do_thang", "tien_do_quy", "so_ket_6_thang", "tong_ket_nam")


@dataclass(frozen=True)
class SkeletonSection:
    """A heading of the outline, with the guidance the directive gave for it ("Nêu rõ …")."""

    numbering: str  # as written: "I.", "1.", "a)", "(1)", "" when the source gave none
    title: str  # heading text without its numbering
    kind: SectionKind = SectionKind.KHAC
    children: tuple["SkeletonSection", ...] = ()
    guidance: str = ""

    @property
    def heading(self) -> str:
        return f"{self.numbering} {self.title}".strip()

    def walk(self, depth: int = 0) -> Iterator[tuple[int, "SkeletonSection"]]:
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "numbering": self.numbering, "title": self.title, "kind": self.kind.value,
            "guidance": self.guidance, "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SkeletonSection":
        return cls(
            numbering=str(data.get("numbering", "")), title=str(data["title"]),
            kind=SectionKind.parse(str(data.get("kind", SectionKind.KHAC.value))),
            children=tuple(cls.from_dict(c) for c in data.get("children", ())),
            guidance=str(data.get("guidance", "")),
        )


@dataclass(frozen=True)
class SkeletonIndicator:
    """One row of the indicator table. Values are kept as written ("≥ 90%", "1.240")."""

    name: str
    unit: str = ""
    group: str = ""  # the group row above it ("I. Dịch vụ công trực tuyến" → "Dịch vụ công trực tuyến")
    target: str = ""  # kế hoạch / chỉ tiêu giao, when the source gives it
    previous: str = ""  # kỳ trước: the value of the previous report, when carried over
    numbering: str = ""  # the STT cell

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "unit": self.unit, "group": self.group, "target": self.target,
                "previous": self.previous, "numbering": self.numbering}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SkeletonIndicator":
        return cls(**{k: str(data.get(k, "")) for k in ("name", "unit", "group", "target", "previous", "numbering")})


@dataclass(frozen=True)
class DirectiveReference:
    """The directive a report answers, for the opening line "Thực hiện Công văn số … ngày … của …"."""

    doc_type: str  # "Công văn", "Kế hoạch", "Hướng dẫn" …
    number: str  # số ký hiệu: "512/SKHCN-CĐS"
    issued: date | None = None
    issuer: str = ""  # "Sở Khoa học và Công nghệ tỉnh Lam Sơn"
    subject: str = ""  # trích yếu without "V/v": "báo cáo kết quả chuyển đổi số 6 tháng đầu năm 2026"

    @property
    def opening_line(self) -> str:
        parts = [f"Thực hiện {self.doc_type} số {self.number}" if self.number else f"Thực hiện {self.doc_type}"]
        if self.issued:
            parts.append(f"ngày {self.issued.day:02d}/{self.issued.month:02d}/{self.issued.year}")
        if self.issuer:
            parts.append(f"của {self.issuer}")
        if self.subject:
            parts.append(f"về việc {self.subject}")
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {"doc_type": self.doc_type, "number": self.number,
                "issued": self.issued.isoformat() if self.issued else "", "issuer": self.issuer,
                "subject": self.subject, "opening_line": self.opening_line}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DirectiveReference":
        issued = str(data.get("issued") or "")
        return cls(doc_type=str(data.get("doc_type", "")), number=str(data.get("number", "")),
                   issued=date.fromisoformat(issued) if issued else None, issuer=str(data.get("issuer", "")),
                   subject=str(data.get("subject", "")))


@dataclass(frozen=True)
class ReportSkeleton:
    source: str  # the file read ("" for a default outline)
    origin: Origin
    report_type: str = ""  # one of REPORT_TYPES, "" when unknown
    title: str = ""  # trích yếu of the report to write
    recipients: tuple[str, ...] = ()  # kính gửi
    deadline: date | None = None
    directive: DirectiveReference | None = None
    period: str = ""  # "6 tháng đầu năm 2026"
    previous_period: str = ""  # the period of the kỳ trước values ("6 tháng đầu năm 2025"), when known
    sections: tuple[SkeletonSection, ...] = ()
    indicators: tuple[SkeletonIndicator, ...] = ()
    columns: tuple[str, ...] = ()  # the indicator table's column names as the source wrote them
    notes: tuple[str, ...] = ()  # Vietnamese remarks for the officer (what could not be read, fallbacks)

    def walk(self) -> Iterator[tuple[int, SkeletonSection]]:
        for section in self.sections:
            yield from section.walk()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source, "origin": self.origin, "report_type": self.report_type, "title": self.title,
            "recipients": list(self.recipients), "deadline": self.deadline.isoformat() if self.deadline else "",
            "directive": self.directive.to_dict() if self.directive else None, "period": self.period,
            "previous_period": self.previous_period,
            "sections": [s.to_dict() for s in self.sections],
            "indicators": [i.to_dict() for i in self.indicators], "columns": list(self.columns),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ReportSkeleton":
        origin = str(data.get("origin", ""))
        if origin not in ORIGINS:
            raise ValueError(f"Nguồn khung báo cáo không hợp lệ: {origin!r}. Các giá trị hợp lệ: {', '.join(ORIGINS)}")
        deadline = str(data.get("deadline") or "")
        directive = data.get("directive")
        return cls(
            source=str(data.get("source", "")), origin=origin,  # type: ignore[arg-type]
            report_type=str(data.get("report_type", "")), title=str(data.get("title", "")),
            recipients=tuple(str(r) for r in data.get("recipients", ())),
            deadline=date.fromisoformat(deadline) if deadline else None,
            directive=DirectiveReference.from_dict(directive) if directive else None,
            period=str(data.get("period", "")), previous_period=str(data.get("previous_period", "")),
            sections=tuple(SkeletonSection.from_dict(s) for s in data.get("sections", ())),
            indicators=tuple(SkeletonIndicator.from_dict(i) for i in data.get("indicators", ())),
            columns=tuple(str(c) for c in data.get("columns", ())),
            notes=tuple(str(n) for n in data.get("notes", ())),
        )
