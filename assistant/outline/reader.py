"""Read a file into a report skeleton: a directive gives the outline it prescribes, a report its own.

Both go through the ingestion pipeline (``assistant.ingest.load_document``): one parser for every
format, the same section tree and kinds as the index.
"""

from __future__ import annotations

from pathlib import Path

from assistant.ingest import load_document
from assistant.ingest.types import Document
from assistant.outline.directive import skeleton_from_directive
from assistant.outline.previous import skeleton_from_report
from assistant.outline.types import ReportSkeleton
from assistant.settings import Settings


def looks_like_directive(doc: Document) -> bool:
    """A directive by its type, or a công văn whose số ký hiệu has no type code ingestion knows
    ("512/SKHCN-CĐS" of a Sở): not a report, and a "V/v …" subject."""
    return doc.is_directive or (doc.doc_type != "BÁO CÁO" and doc.title.startswith(("V/v", "V/V", "Về việc")))


def skeleton_from_document(doc: Document, period: str = "") -> ReportSkeleton:
    """A directive (công văn, kế hoạch, hướng dẫn …) or a previous report (anything else).

    ``period`` is the new report's period; it matters for a previous report (the next period of
    its series by default); a directive states the period it asks for.
    """
    if looks_like_directive(doc):
        return skeleton_from_directive(doc)
    return skeleton_from_report(doc, period)


def read_skeleton(path: Path, settings: Settings, period: str = "") -> ReportSkeleton:
    """Raises ``IngestError`` (Vietnamese message) for a file that cannot be read."""
    return skeleton_from_document(load_document(Path(path), settings), period)
