"""The officer's numbers as the screens need them: table ↔ FactRow ↔ FactSet, checks, guard views.

The workspace stores each row as typed (``FactRow``); the facts package gets a
``FactSet`` built from those rows. A row that cannot be read becomes a row-numbered
Vietnamese message and the other rows still count (issue 3, "bad rows"). A row's kỳ trước is
a fact of the previous period (the change is derived from it); a row whose kỳ này is still
empty is listed as "chưa nhập kỳ này" (issue 11 §2).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Sequence

from assistant.facts.consistency import check_consistency
from assistant.facts.derive import derive_facts
from assistant.facts.findings import Finding
from assistant.facts.guard import GuardContext, GuardReport, guard
from assistant.facts.io import FORMATS as IMPORT_FORMATS
from assistant.facts.io import FactFileError, export_facts, import_facts, import_pasted_table
from assistant.facts.model import FactSet
from assistant.settings import Settings
from assistant.workspace import FactRow
from assistant.workspace.facts import factset_from_rows, merge_rows, pending_rows, rows_from_import
from ui import render
from ui.scratch import scratch_dir

log = logging.getLogger(__name__)

# How an import meets the table; the screen's radio shows these labels.
IMPORT_MODES = {
    "update": "Điền kỳ này vào chỉ tiêu có sẵn (khớp theo tên), thêm chỉ tiêu mới",
    "replace": "Thay toàn bộ bảng",
    "append": "Thêm vào cuối bảng",
}
FACT_HEADERS = ["Chỉ tiêu", "Kỳ này", "Đơn vị", "Kế hoạch", "Kỳ trước", "Ghi chú"]
DERIVED_HEADERS = ["Số liệu suy ra", "Giá trị", "Cách tính"]


def table_from_rows(rows: Sequence[FactRow]) -> list[list[str]]:
    return [[r.name, r.value, r.unit, r.target, r.previous, r.note] for r in rows]


def _table_cells(table: Any, width: int = len(FACT_HEADERS)) -> list[list[str]]:
    """The Dataframe's value (pandas frame, gradio_client dict or list of lists) → non-blank rows of cells."""
    if table is None:
        return []
    if hasattr(table, "values") and hasattr(table, "columns"):
        records = table.fillna("").values.tolist()
    elif isinstance(table, dict):  # gradio_client sends {"headers": …, "data": …}
        records = table.get("data") or []
    else:
        records = list(table)
    out = []
    for rec in records:
        cells = [str(c).strip() if c is not None else "" for c in list(rec)[:width]]
        cells += [""] * (width - len(cells))
        if any(cells):
            out.append(cells)
    return out


def rows_from_table(table: Any, stored: Sequence[FactRow] = ()) -> list[FactRow]:
    """The "Số liệu" table as edited → rows; blank rows dropped.

    The table shows six columns (``FACT_HEADERS``); what it does not show (period, source, the facts
    package's id) is taken from the stored row of the same name, so saving never drops it.
    """
    by_name = {r.name: r for r in stored}
    rows = []
    for name, value, unit, target, previous, note in _table_cells(table):
        old = by_name.get(name)
        rows.append(replace(old, name=name, value=value, unit=unit, target=target, previous=previous, note=note)
                    if old else FactRow(name, value, unit, target, note=note, previous=previous))
    return rows


COMPACT_HEADERS = FACT_HEADERS[:3]  # the main screen's narrow table: Chỉ tiêu, Kỳ này, Đơn vị


def compact_table(rows: Sequence[FactRow]) -> list[list[str]]:
    return [[r.name, r.value, r.unit] for r in rows]


def rows_from_compact(table: Any, stored: Sequence[FactRow]) -> list[FactRow]:
    """The main screen's 3-column table → rows; each indicator keeps what the table does not show
    (kế hoạch, kỳ trước, ghi chú, period, source; matched by name)."""
    by_name = {r.name: r for r in stored}
    rows = []
    for name, value, unit in _table_cells(table, len(COMPACT_HEADERS)):
        old = by_name.get(name)
        rows.append(replace(old, name=name, value=value, unit=unit) if old else FactRow(name, value, unit))
    return rows


@dataclass(frozen=True)
class ImportOutcome:
    rows: list[FactRow] | None  # the table to save; None: keep the stored table as it is
    summary: str  # Vietnamese, with the row messages


@dataclass(frozen=True)
class FactsCheck:
    factset: FactSet
    row_errors: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    derived: list[list[str]] = field(default_factory=list)  # [name, value, formula]
    pending: list[str] = field(default_factory=list)  # indicators "chưa nhập kỳ này"

    @property
    def warnings_markdown(self) -> str:
        lines = [f"- ⚠ {e}" for e in self.row_errors] + [f"- ! {f}" for f in self.findings]
        if self.pending:
            shown = ", ".join(f"«{render.escape(n)}»" for n in self.pending[:10])
            more = f" và {len(self.pending) - 10} chỉ tiêu khác" if len(self.pending) > 10 else ""
            lines.insert(0, f"- ⚠ Chưa nhập kỳ này ({len(self.pending)} chỉ tiêu): {shown}{more}.")
        if not lines:
            return f"✓ {len(self.factset)} chỉ tiêu, không phát hiện số liệu mâu thuẫn." if len(self.factset) else ""
        return "**Cảnh báo số liệu:**\n" + "\n".join(lines)


@dataclass(frozen=True)
class ReportCheck:
    """A report's consistency findings for the screen: ``html`` lists them, each a link to its
    place in the report text shown below the list (the numbers of the finding marked)."""

    html: str
    findings: int
    error: str = ""  # Vietnamese, when the report could not be read


def report_check_html(text: str, findings: Sequence[Finding]) -> str:
    """Findings sorted by place, each an anchor to ``#so-lieu-N``; then the report with every
    finding's spans marked ``<mark id="so-lieu-N">`` (first span) so the link opens the place."""
    if not findings:
        return "<p class='facts-ok'>✓ Không phát hiện số liệu mâu thuẫn.</p>"
    ordered = sorted(findings, key=lambda f: (f.spans[0][0] if f.spans else 0))
    items = []
    marks: list[tuple[int, int, int]] = []  # (start, end, finding number)
    for n, f in enumerate(ordered, start=1):
        where = f" — {render.escape(f.where)}" if f.where else ""
        fix = f"<br><em>Gợi ý: {render.escape(f.suggestion)}</em>" if f.suggestion else ""
        items.append(f"<li><a href='#so-lieu-{n}'><strong>{render.escape(f.title)}</strong>{where}</a>: "
                     f"{render.escape(f.message)}{fix}</li>")
        marks += [(start, end, n) for start, end in f.spans]
    anchors: dict[int, list[int]] = {}  # text offset → findings whose place starts there
    for n, f in enumerate(ordered, start=1):
        if f.spans and f.spans[0][0] <= len(text):
            anchors.setdefault(f.spans[0][0], []).append(n)
    spans: dict[tuple[int, int], list[int]] = {}
    for start, end, n in marks:
        spans.setdefault((start, end), []).append(n)
    cuts = sorted(set(anchors) | {p for span in spans for p in span})
    pieces, pos, open_end = [], 0, None
    for cut in cuts:
        pieces.append(render.escape(text[pos:cut]))
        pos = cut
        if open_end == cut:
            pieces.append("</mark>")
            open_end = None
        pieces += [f"<span id='so-lieu-{n}'></span>" for n in anchors.get(cut, [])]
        span = next(((st, en) for st, en in spans if st == cut), None)
        if span and open_end is None:
            pieces.append(f"<mark class='guard-ungrounded' title='Phát hiện {', '.join(map(str, spans[span]))}'>")
            open_end = span[1]
    if open_end is not None:
        pieces.append(render.escape(text[pos:open_end]) + "</mark>")
        pos = open_end
    pieces.append(render.escape(text[pos:]))
    return (f"<p>⚠ {len(ordered)} điểm cần kiểm tra (bấm vào từng điểm để xem chỗ trong báo cáo):</p>"
            f"<ol class='facts-findings'>{''.join(items)}</ol>"
            f"<div class='facts-report' style='white-space: pre-wrap; max-height: 32em; overflow-y: auto'>"
            f"{''.join(pieces)}</div>")


@dataclass(frozen=True)
class GuardView:
    html: str
    ungrounded: int  # for callers that report a count (the screen shows the HTML)
    stale: int = 0  # numbers "chưa cập nhật": last period's value while kỳ này differs or is empty


class FactsService:
    def __init__(self, settings: Settings):
        self.settings = settings

    def factset(self, rows: Sequence[FactRow], commune: str, period: str,
                previous_period: str = "") -> tuple[FactSet, list[str]]:
        """The table's rows as a FactSet (row numbers as shown, from 1) and messages for bad rows;
        kỳ trước values are facts of ``previous_period`` ("kỳ trước" when empty)."""
        return factset_from_rows(rows, commune, period, previous_period)

    def check(self, rows: Sequence[FactRow], commune: str, period: str, previous_period: str = "") -> FactsCheck:
        facts, errors = self.factset(rows, commune, period, previous_period)
        findings = [f"{f.title}: {f.message}" for f in check_consistency(facts)]
        limit = self.settings.derive_max_facts
        if len(facts) > limit:
            # Derivation pairs every indicator with every other: seconds on a few thousand rows, on
            # every refresh. Beyond the limit the officer is told instead.
            findings.append(f"Bảng có {len(facts)} chỉ tiêu, quá {limit} (derive_max_facts): "
                            "không tự suy ra tỷ lệ giữa các chỉ tiêu để ứng dụng không bị chậm.")
            derived: list[list[str]] = []
        else:
            derived = [[d.name, d.display(), d.formula] for d in derive_facts(facts)]
        return FactsCheck(facts, errors, findings, derived, pending_rows(rows))

    def check_report(self, path: Path | None = None, text: str = "") -> ReportCheck:
        """A report file (.docx/.pdf/.txt/.md, read by the corpus loader) or pasted text, checked
        for consistency; an unreadable file gives a Vietnamese message, never an exception."""
        if path:
            from assistant.ingest import IngestError, load_document

            try:
                text = load_document(Path(path), self.settings).text
            except IngestError as exc:
                message = f"Không đọc được tệp {Path(path).name}: {exc.message}"
                return ReportCheck(f"<p>⚠ {render.escape(message)}</p>", 0, message)
        if not (text or "").strip():
            message = "Hãy chọn tệp báo cáo hoặc dán nội dung báo cáo trước khi kiểm tra."
            return ReportCheck(f"<p>{render.escape(message)}</p>", 0, message)
        findings = check_consistency(text)
        return ReportCheck(report_check_html(text, findings), len(findings))

    def guard(self, text: str, rows: Sequence[FactRow], commune: str, period: str,
              previous_period: str = "") -> dict[str, Any]:
        facts, _ = self.factset(rows, commune, period, previous_period)
        return guard(text, facts, GuardContext()).to_dict()

    @staticmethod
    def guard_view(text: str, report: dict[str, Any] | None) -> GuardView:
        """The guard's findings on ``text`` (a saved report, whose spans refer to ``text``) as HTML."""
        mentions = GuardReport.from_dict(report or {}).mentions
        return GuardView(render.guard_html(text, mentions), sum(m.status == "ungrounded" for m in mentions),
                         sum(m.status == "stale" for m in mentions))

    # -- import / export -----------------------------------------------------------------
    def import_file(self, path: Path, commune: str, period: str,
                    previous_period: str = "") -> tuple[list[FactRow], list[str]]:
        """.xlsx/.csv/.json/.txt/.tsv → rows; bad rows become messages, good rows still load."""
        name, suffix = Path(path).name, Path(path).suffix.lower()
        if suffix not in IMPORT_FORMATS:
            return [], [f"Không nhập được tệp {name}: định dạng «{suffix or '(không có đuôi)'}» không được hỗ trợ; "
                        f"chọn một trong: {', '.join(IMPORT_FORMATS)}."]
        try:
            result = import_facts(Path(path), commune, period, settings=self.settings)
        except FactFileError as exc:  # names the file and the problem, in Vietnamese
            return [], [str(exc)]
        except Exception:  # a corrupt workbook raises zipfile/openpyxl errors, not only ValueError
            log.exception("facts import of %s failed", path)
            return [], [f"Không nhập được tệp {name}: tệp bị hỏng hoặc không phải bảng {suffix} hợp lệ. "
                        "Hãy mở tệp bằng Excel, lưu lại rồi thử lại, hoặc dán bảng vào ô bên cạnh."]
        return rows_from_import(result, previous_period), [str(e) + "." for e in result.errors]

    @staticmethod
    def apply_import(stored: Sequence[FactRow], imported: list[FactRow], messages: Sequence[str],
                     mode: str = "update") -> ImportOutcome:
        """What an import does to the table (``IMPORT_MODES``); an import with no rows changes nothing.

        "update" is the monthly case: the report already has its indicators (from the directive or
        last period, with kế hoạch and kỳ trước) and the file brings kỳ này, matched by name.
        """
        if mode not in IMPORT_MODES:
            raise ValueError(f"Cách nhập «{mode}» không có; chọn một trong: {', '.join(IMPORT_MODES)}.")
        details = "".join(f"\n- {render.escape(m)}" for m in messages)
        details = "\n" + details if details else ""  # the row messages, after the summary
        if not imported:
            return ImportOutcome(None, "⚠ Không nhập được chỉ tiêu nào; bảng hiện tại được giữ nguyên." + details)
        head = f"✓ Đã nhập {len(imported)} chỉ tiêu"
        if mode == "replace":
            return ImportOutcome(imported, head + ", thay bảng cũ." + details)
        if mode == "append":
            return ImportOutcome(list(stored) + imported, head + " vào cuối bảng." + details)
        merged = merge_rows(stored, imported)
        parts = [f"cập nhật kỳ này cho {merged.updated} chỉ tiêu có sẵn"] if merged.updated else []
        parts += [f"thêm {len(merged.added)} chỉ tiêu mới"] if merged.added else []
        lines = [head + ": " + ", ".join(parts) + "."]
        lines += [f"- Khớp gần đúng, hãy kiểm tra: «{render.escape(new)}» → «{render.escape(old)}»."
                  for old, new in merged.approximate]
        if merged.missing:
            shown = ", ".join(f"«{render.escape(n)}»" for n in merged.missing[:10])
            more = f" và {len(merged.missing) - 10} chỉ tiêu khác" if len(merged.missing) > 10 else ""
            lines.append(f"- Tệp không có {len(merged.missing)} chỉ tiêu của bảng, giữ nguyên: {shown}{more}.")
        return ImportOutcome(merged.rows, "\n".join(lines) + details)

    def import_text(self, text: str, commune: str, period: str,
                    previous_period: str = "") -> tuple[list[FactRow], list[str]]:
        """A table pasted from a report (tab-separated, as copied from Word/Excel)."""
        result = import_pasted_table(text or "", commune, period)
        return rows_from_import(result, previous_period), [str(e) + "." for e in result.errors]

    def export_table(self, rows: Sequence[FactRow], commune: str, period: str, fmt: str,
                     previous_period: str = "") -> Path:
        """Write the table as .xlsx or .csv (the facts package's format) into a temp file for download;
        a kỳ trước value is a row of its own with the previous period in the «Kỳ» column."""
        if fmt not in ("xlsx", "csv"):
            raise ValueError(f"Định dạng «{fmt}» không hỗ trợ; chọn xlsx hoặc csv.")
        facts, _ = self.factset(rows, commune, period, previous_period)
        out = scratch_dir(self.settings, "so_lieu_") / f"so_lieu.{fmt}"
        export_facts(facts, out)
        return out
