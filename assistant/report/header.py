"""The header of a report: the commune's settings, adapted to the report, then the officer's overrides."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from assistant.ingest.normalize import fold_diacritics
from assistant.report.model import ReportDate, ReportHeader
from assistant.report.schema import ReportValidationError, header_from_dict, header_to_dict
from assistant.settings import CommuneHeader


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
    header = header_from_dict(data, "header", errors, base)
    if errors:
        raise ReportValidationError(errors)
    return header


# Administrative units a commune-level report is issued by (Luật Tổ chức chính quyền địa phương 2025:
# xã, phường, đặc khu); "thị trấn" still appears in older settings. A name without one is a xã.
_UNITS = ("xã", "phường", "đặc khu", "thị trấn")
_UNIT_RE = re.compile(rf"^\s*({'|'.join(_UNITS)})\s+", re.IGNORECASE)


@dataclass(frozen=True)
class CommuneName:
    unit: str  # "xã", "phường", …
    name: str  # "Tân Hòa"

    @property
    def organ(self) -> str:
        """The organ line of the header: "XÃ TÂN HÒA"."""
        return f"{self.unit} {self.name}".upper()

    def same_as(self, other: "CommuneName") -> bool:
        """Whole-name comparison, tone placement and case aside ("Minh" is not "Minh Khê")."""
        return (self.unit, fold_diacritics(self.name)) == (other.unit, fold_diacritics(other.name))


def commune_name(text: str) -> CommuneName:
    """ "xã Tân Hòa", "XÃ TÂN HÒA", "Tân Hòa" → CommuneName("xã", "Tân Hòa") (upper-case names become title case)."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    unit = "xã"
    match = _UNIT_RE.match(text)
    if match:
        unit, text = match.group(1).lower(), text[match.end():]
    return CommuneName(unit, text.title() if text.isupper() else text)


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
    organ ("XÃ …") and place. The trích yếu is :func:`title_with_period`. ``overrides`` (the officer's
    edits) win over both.
    """
    base = header_from_settings(commune_header)
    adapted: dict[str, Any] = {}
    if commune.strip():
        wanted = commune_name(commune)
        if not wanted.same_as(commune_name(base.organ)):
            adapted.update(organ=wanted.organ, place=wanted.name)
    if title.strip():
        adapted["title"] = title_with_period(title, period)
    adapted.update(overrides or {})
    return header_from_settings(commune_header, **adapted)


_WORD = re.compile(r"\S+")


def title_with_period(title: str, period: str) -> str:
    """The trích yếu: ``title`` followed by ``period``, never stating the period twice.

    A title that already holds the period is kept; one that ends with the start of it ("Báo cáo
    dịch vụ công 6 tháng" + "6 tháng đầu năm 2026") or with its end ("… năm 2026") is completed
    instead of repeated — the bug "… 6 tháng 6 tháng đầu năm 2026". Comparison is diacritics- and case-insensitive.
    """
    title, period = " ".join(title.split()), " ".join(period.split())
    if not period:
        return title
    if not title:
        return period
    folded_title, folded_period = fold_diacritics(title), fold_diacritics(period)
    if re.search(rf"(?<!\w){re.escape(folded_period)}(?!\w)", folded_title):
        return title
    words = [m.group(0).rstrip(",.;:") for m in _WORD.finditer(folded_title)]
    period_words = folded_period.split()
    for overlap in range(min(len(words), len(period_words) - 1), 0, -1):
        # the title ends with the period's start ("… 6 tháng") or, two words or more, its end ("… năm 2026")
        if words[-overlap:] == period_words[:overlap] or (overlap >= 2 and words[-overlap:] == period_words[-overlap:]):
            kept = title.split()[:-overlap]
            return " ".join(kept + [period])
    return f"{title} {period}"
