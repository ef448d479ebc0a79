"""The whole report (issue 11): start from an outline, draft every section, check before export.

* ``read_outline`` / ``default_outline`` give a ``ReportSkeleton`` (a directive of the corpus or an
  upload, last period's report, or a default outline per report type) for the officer to look at;
* ``start`` creates the workspace from it: trích yếu, kính gửi, the outline, and one indicator row
  per indicator the skeleton names (kế hoạch and kỳ trước filled, kỳ này left for the officer);
* ``draft_all`` drafts every section of the outline in order, one ``Progress`` per section, each
  saved as a draft the moment it is written (cancelling loses nothing already drafted);
* ``outline`` lists the outline with each section's state, ``check`` what to look at before export.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Iterator

from assistant.draft.whole import SectionTask, drafting_kind, leaf_sections, outline_places, report_tasks
from assistant.facts.consistency import check_consistency
from assistant.facts.guard import GuardReport
from assistant.ingest import IngestError
from assistant.ingest.metadata import DIRECTIVE_TYPES
from assistant.outline import (
    REPORT_TYPES,
    ReportSkeleton,
    UnknownReportType,
    default_outline,
    format_skeleton,
    outline_name,
    read_skeleton,
)
from assistant.settings import Settings
from assistant.workspace import DraftRecord, FactRow, ReportInfo, WorkspaceStore
from assistant.workspace.facts import previous_period_of
from ui.corpus_service import CorpusService
from ui.drafting_service import DraftingService
from ui.errors import user_message
from ui.export_service import ExportService, report_text
from ui.facts_service import FactsService

log = logging.getLogger(__name__)

# Blanks left to fill: "……", "...", "(…)", "[…]", "xxx" — real drafts go out with them.
_PLACEHOLDER = re.compile(r"…{2,}|\.{3,}|\[\s*…?\s*\]|\(\s*…\s*\)|(?<!\w)x{2,}(?!\w)", re.IGNORECASE)


class OutlineError(ValueError):
    """The outline could not be read; the message is Vietnamese and names the file."""


@dataclass(frozen=True)
class OutlineRow:
    """One heading of the report's outline, as the compose screen lists it."""

    path: str
    heading: str
    depth: int
    status: str  # "heading" (has sub-sections) | "missing" | "draft" | "accepted"
    draft_id: int | None = None
    empty: bool = False  # drafted, but with nothing to say yet


@dataclass(frozen=True)
class Progress:
    """After each section of "Soạn toàn bộ"."""

    done: int
    total: int
    heading: str
    draft_id: int | None = None
    message: str = ""  # Vietnamese: what happened to this section


@dataclass(frozen=True)
class CheckItem:
    """One thing to look at before export, with where to fix it."""

    category: str  # Vietnamese heading of its group ("Mục chưa soạn", "Số liệu không khớp", …)
    message: str
    draft_id: int | None = None  # the draft to open; None: the report as a whole (header, appendix)
    path: str = ""

    @property
    def label(self) -> str:
        return f"{self.category}: {self.message}"


def skeleton_of(info: ReportInfo) -> ReportSkeleton | None:
    return ReportSkeleton.from_dict(info.skeleton) if info.skeleton else None


class ReportService:
    def __init__(self, settings: Settings, store: WorkspaceStore, corpus: CorpusService, facts: FactsService,
                 drafting: DraftingService, exporting: ExportService):
        self.settings = settings
        self.store = store
        self.corpus = corpus
        self.facts = facts
        self.drafting = drafting
        self.exporting = exporting

    # -- where a report starts from ---------------------------------------------------------
    def source_choices(self) -> list[tuple[str, str]]:
        """Corpus documents to start from: directives first, then reports (label, source path)."""
        docs = [d for d in self.corpus.documents() if d.status == "sẵn sàng"]
        order = lambda d: (0 if d.doc_type in DIRECTIVE_TYPES else 1, d.title)  # noqa: E731
        return [(f"{d.title or Path(d.source).name} ({Path(d.source).name})", d.source) for d in sorted(docs, key=order)]

    @staticmethod
    def report_type_choices() -> list[tuple[str, str]]:
        return [(outline_name(t), t) for t in REPORT_TYPES]

    def read_outline(self, source: str | Path, period: str = "") -> ReportSkeleton:
        """A directive's prescribed outline, or last period's report carried over."""
        path = Path(source)
        if not path.is_file():
            raise OutlineError(f"Không tìm thấy tệp «{path.name}»; hãy chọn lại văn bản hoặc tải tệp lên.")
        try:
            return read_skeleton(path, self.settings, period=period)
        except IngestError as exc:
            raise OutlineError(f"Không đọc được tệp {path.name}: {exc.message}") from None
        except Exception as exc:  # a reader bug must not take the screen down
            log.exception("outline of %s failed", path)
            raise OutlineError(user_message(f"Không đọc được khung báo cáo từ {path.name}", exc)) from None

    @staticmethod
    def default_outline(report_type: str, period: str = "", topic: str = "") -> ReportSkeleton:
        try:
            return default_outline(report_type, period=period, topic=topic)
        except UnknownReportType as exc:
            raise OutlineError(str(exc)) from None

    @staticmethod
    def describe(skeleton: ReportSkeleton) -> str:
        """What was read, for the officer to check before starting (``assistant outline`` prints the same,
        with the full path: the screen names only the file, not where the server keeps it)."""
        return format_skeleton(replace(skeleton, source=Path(skeleton.source).name if skeleton.source else ""))

    def start(self, owner: str, skeleton: ReportSkeleton, commune: str = "") -> ReportInfo:
        """A new workspace following ``skeleton``: its trích yếu and kính gửi, its outline, its indicators."""
        overrides = {"recipients": list(skeleton.recipients)} if skeleton.recipients else {}
        rows = [FactRow(i.name, "", i.unit, i.target, source="carried", previous=i.previous, group=i.group)
                for i in skeleton.indicators]
        return self.store.create_report(owner, skeleton.title or "Báo cáo mới", commune=commune or self.settings.header.place,
                                        period=skeleton.period, header_overrides=overrides,
                                        skeleton=skeleton.to_dict(), facts=rows)

    # -- the outline and its drafts -----------------------------------------------------------
    def _skeleton(self, info: ReportInfo) -> ReportSkeleton:
        """The report's outline; a report started blank follows the default one of a 6-month report."""
        return skeleton_of(info) or default_outline("so_ket_6_thang", period=info.period)

    def outline(self, owner: str, report_id: int) -> list[OutlineRow]:
        info = self.store.get_report(owner, report_id)
        skeleton = self._skeleton(info)
        drafts = self._drafts_by_path(owner, report_id, skeleton)
        rows: list[OutlineRow] = []
        for place in outline_places(skeleton):
            if not place.is_leaf:
                rows.append(OutlineRow(place.path, place.section.heading, place.depth, "heading"))
                continue
            draft = drafts.get(place.path)
            rows.append(OutlineRow(place.path, place.section.heading, place.depth,
                                   "missing" if draft is None else draft.status, draft.id if draft else None,
                                   draft is not None and not draft.text.strip()))
        return rows

    def _drafts_by_path(self, owner: str, report_id: int, skeleton: ReportSkeleton) -> dict[str, DraftRecord]:
        """The latest draft of each outline section (drafts are listed oldest first).

        A draft written in the chat before any section was chosen has no place yet; it fills the first
        section of its kind still without one, as the export places it (``assemble_report``).
        """
        drafts = self.store.list_drafts(owner, report_id)
        placed = {d.section_path: d for d in drafts if d.section_path}
        free = [leaf for leaf in leaf_sections(skeleton) if leaf.path not in placed]
        for draft in (d for d in drafts if not d.section_path):
            leaf = next((f for f in free if drafting_kind(f.section.kind.value) == draft.section_kind), None)
            if leaf is not None:
                placed[leaf.path] = draft
                free.remove(leaf)
        return placed

    def tasks(self, owner: str, report_id: int) -> list[SectionTask]:
        info = self.store.get_report(owner, report_id)
        facts, _ = self.facts.factset(self.store.get_facts(owner, report_id), info.commune, info.period,
                                      previous_period_of(info))
        return report_tasks(self._skeleton(info), list(facts), commune=info.commune, period=info.period)

    def draft_all(self, owner: str, report_id: int, redraft: bool = False) -> Iterator[Progress]:
        """Draft every section in outline order. A section that already has text (accepted, edited, or
        written in the chat with the officer's points) is kept unless ``redraft``: pressing the button
        again fills what is missing and never throws the officer's work away.

        Each section takes the LLM lock on its own, so another officer's chat (or this officer's)
        runs between two sections instead of waiting for the whole report.
        """
        info = self.store.get_report(owner, report_id)
        skeleton = self._skeleton(info)
        tasks = self.tasks(owner, report_id)
        yield Progress(0, len(tasks), "", message=f"Bắt đầu soạn {len(tasks)} mục.")
        for n, task in enumerate(tasks, start=1):
            # Re-read each time: the officer may accept or edit a section while the others are drafted.
            existing = self._drafts_by_path(owner, report_id, skeleton).get(task.path)
            if existing is not None and not redraft and (existing.status == "accepted" or existing.text.strip()):
                kept = "đã đưa vào báo cáo" if existing.status == "accepted" else "đã có bản nháp"
                yield Progress(n, len(tasks), task.heading, existing.id, f"{kept}, giữ nguyên")
                continue
            try:
                record = self.drafting.draft_section(owner, report_id, task, existing.id if existing else None)
            except Exception as exc:  # one section failing never stops the others
                log.exception("drafting section %s failed", task.path)
                yield Progress(n, len(tasks), task.heading, None, user_message("không soạn được mục này", exc))
                continue
            yield Progress(n, len(tasks), task.heading, record.id, "đã soạn" if record.text.strip() else
                           "chưa có nội dung: hãy nêu ý chính qua trò chuyện hoặc chọn gợi ý từ báo cáo trước")

    # -- check before export ----------------------------------------------------------------
    def check(self, owner: str, report_id: int, today: date | None = None) -> list[CheckItem]:
        """Everything the officer should see before the report goes out, each with its place."""
        today = today or date.today()
        info = self.store.get_report(owner, report_id)
        skeleton = self._skeleton(info)
        items: list[CheckItem] = []
        for row in self.outline(owner, report_id):
            if row.status == "missing":
                items.append(CheckItem("Mục chưa soạn", row.heading, None, row.path))
            elif row.empty:
                items.append(CheckItem("Mục chưa có nội dung", row.heading, row.draft_id, row.path))
            elif row.status == "draft":
                items.append(CheckItem("Mục chưa đưa vào báo cáo", row.heading, row.draft_id, row.path))
        accepted = [d for d in self.store.list_drafts(owner, report_id) if d.status == "accepted"]
        for draft in accepted:
            report = GuardReport.from_dict(draft.guard or {})
            for mention in report.mentions:
                if mention.status == "ungrounded":
                    items.append(CheckItem("Số liệu chưa có nguồn", f"«{mention.text}» trong mục {draft.title} "
                                           "không có trong bảng số liệu và không suy ra được", draft.id))
                elif mention.status == "stale":
                    items.append(CheckItem("Số liệu chưa cập nhật", f"«{mention.text}» trong mục {draft.title} "
                                           "bằng số kỳ trước trong khi kỳ này khác hoặc chưa nhập", draft.id))
            for match in _PLACEHOLDER.finditer(draft.text):
                items.append(CheckItem("Chỗ còn để trống", f"«{match.group(0)}» trong mục {draft.title}", draft.id))
        items += self._consistency(owner, report_id, accepted)
        for row in self.store.get_facts(owner, report_id):
            if not row.value.strip():
                items.append(CheckItem("Chỉ tiêu chưa nhập kỳ này", row.name))
        header = self.exporting.header(owner, report_id)
        if not header.title:
            items.append(CheckItem("Thể thức", "chưa có trích yếu"))
        if not header.recipients:
            items.append(CheckItem("Thể thức", "chưa có nơi nhận «Kính gửi»"))
        if skeleton.deadline is not None and skeleton.deadline < today:
            items.append(CheckItem("Đã quá hạn nộp", f"hạn {skeleton.deadline:%d/%m/%Y} theo văn bản chỉ đạo"))
        return items

    def _consistency(self, owner: str, report_id: int, accepted: list[DraftRecord]) -> list[CheckItem]:
        """The consistency checker over the assembled report (text and appendix together); each
        finding points to the draft its numbers are in."""
        assembled = self.exporting.assemble(owner, report_id)
        text, places = report_text(assembled.report)
        by_title = {d.title: d.id for d in accepted}
        out = []
        for finding in check_consistency(text):
            start = finding.spans[0][0] if finding.spans else -1
            heading = next((h for s, e, h in places if s <= start < e), "")
            where = f" (mục {heading})" if heading else " (phụ lục)" if start >= 0 else ""
            out.append(CheckItem("Số liệu không khớp", f"{finding.title}{where}: {finding.message}",
                                 by_title.get(heading)))
        return out


def describe_progress(progress: Progress) -> str:
    """ "Mục 3/10: 2. Hạ tầng số — đã soạn" for the progress line."""
    if not progress.heading:
        return progress.message
    return f"Mục {progress.done}/{progress.total}: {progress.heading} — {progress.message}"


