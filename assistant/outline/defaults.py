"""Default outlines per report type, read from ``prompts/outlines/<type>.toml``.

Files, so that a commune can adjust its usual outline without touching code. ``$period`` in a
title becomes the report's period, ``$PERIOD`` the same in capitals (for "I. KẾT QUẢ THỰC HIỆN
NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2026"); with no period the placeholder is dropped.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

from assistant.ingest.types import SectionKind
from assistant.outline.types import REPORT_TYPES, ReportSkeleton, SkeletonSection
from assistant.report.header import title_with_period

DEFAULT_OUTLINES_DIR = Path(__file__).resolve().parents[2] / "prompts" / "outlines"


class UnknownReportType(ValueError):
    def __init__(self, report_type: str):
        super().__init__(f"Loại báo cáo không hợp lệ: {report_type!r}. Các loại có đề cương mặc định: "
                         f"{', '.join(REPORT_TYPES)}")


@lru_cache(maxsize=8)
def _read(report_type: str, outlines_dir: Path) -> dict[str, Any]:
    if report_type not in REPORT_TYPES:
        raise UnknownReportType(report_type)
    path = outlines_dir / f"{report_type}.toml"
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"Thiếu tệp đề cương mặc định {path}: cài lại thư mục prompts/outlines/ của dự án.") from None


def outline_name(report_type: str, outlines_dir: Path = DEFAULT_OUTLINES_DIR) -> str:
    """ "so_ket_6_thang" → "Sơ kết 6 tháng"."""
    return str(_read(report_type, outlines_dir).get("name", report_type))


def _fill(text: str, period: str) -> str:
    filled = Template(text).safe_substitute(period=period, PERIOD=period.upper())
    return " ".join(filled.split())


def _section(data: dict[str, Any], period: str) -> SkeletonSection:
    return SkeletonSection(
        numbering=str(data.get("numbering", "")), title=_fill(str(data["title"]), period),
        kind=SectionKind.parse(str(data.get("kind", "khac"))),
        children=tuple(_section(c, period) for c in data.get("children", ())),
        guidance=_fill(str(data.get("guidance", "")), period),
    )


def default_outline(report_type: str, period: str = "", topic: str = "",
                    outlines_dir: Path = DEFAULT_OUTLINES_DIR) -> ReportSkeleton:
    """The default skeleton of ``report_type``; ``topic`` ("Kết quả chuyển đổi số") makes the trích yếu."""
    data = _read(report_type, outlines_dir)
    title = title_with_period(topic, period) if topic else _fill(str(data.get("title", "")), period)
    return ReportSkeleton(
        source="", origin="default", report_type=report_type, title=title, period=period,
        sections=tuple(_section(s, period) for s in data.get("sections", ())),
        columns=tuple(str(c) for c in data.get("columns", ())),
    )
