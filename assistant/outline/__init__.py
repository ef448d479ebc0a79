"""Report skeletons (issue 11 §1): start a report from a directive, the previous report, or a default.

Public API:

* ``read_skeleton(path, settings, period="") -> ReportSkeleton`` — a directive's prescribed outline,
  indicator form, deadline, recipient and reference, or a previous report carried over
  (``IngestError`` for an unreadable file);
* ``skeleton_from_document(doc, period="")`` — the same from an already ingested ``Document``;
* ``default_outline(report_type, period="", topic="")`` — the outline per report type
  (``REPORT_TYPES``: tien_do_thang, tien_do_quy, so_ket_6_thang, tong_ket_nam), from
  ``prompts/outlines/``;
* ``format_skeleton(skeleton)`` — the text ``assistant outline`` prints;
* ``report_from_skeleton(skeleton, settings.header)`` — the skeleton as the shared ``Report`` model
  (empty sections with kinds, the indicator table, trích yếu and kính gửi in the header);
* the types: ``ReportSkeleton``, ``SkeletonSection``, ``SkeletonIndicator``, ``DirectiveReference``.
"""

from __future__ import annotations

from assistant.outline.defaults import UnknownReportType, default_outline, outline_name
from assistant.outline.display import format_skeleton
from assistant.outline.periods import Period, find_period, replace_period
from assistant.outline.reader import read_skeleton, skeleton_from_document
from assistant.outline.to_report import opening_paragraph, report_from_skeleton
from assistant.outline.types import (
    ORIGINS,
    REPORT_TYPES,
    DirectiveReference,
    ReportSkeleton,
    SkeletonIndicator,
    SkeletonSection,
)

__all__ = [
    "ORIGINS", "REPORT_TYPES", "DirectiveReference", "Period", "ReportSkeleton", "SkeletonIndicator",
    "SkeletonSection", "UnknownReportType", "default_outline", "find_period", "format_skeleton",
    "opening_paragraph", "outline_name", "read_skeleton", "replace_period", "report_from_skeleton", "skeleton_from_document",
]
