"""The Report model shared by drafting, export and the UI, and what is built from it.

* ``model``    — the typed report: header, section tree, indicator table, citations; sections by path.
* ``markers``  — the ``[n]``/``[1, 2]``/``[1-3]`` citation markers in paragraphs.
* ``schema``   — the JSON form (``docs/report_schema.md``) and its Vietnamese validation errors.
* ``header``   — the header from the commune's settings, adapted to a report, with overrides.
* ``assembly`` — a report from the officer's accepted drafts on the standard skeleton.

Dependencies: ``assistant.ingest`` (SectionKind, the inline-label classifier used to split an
"Đánh giá chung" draft, diacritics folding for commune names), ``assistant.facts`` (facts for the
indicator table, Vietnamese number format) and ``assistant.settings`` (CommuneHeader).
"""

from assistant.report.assembly import (
    EVALUATION_KIND,
    EVALUATION_PARTS,
    AcceptedSection,
    AssembledReport,
    assemble_report,
    indicator_table,
    split_evaluation,
    split_paragraphs,
)
from assistant.report.header import (
    CommuneName,
    commune_name,
    header_from_settings,
    report_header,
    title_with_period,
)
from assistant.report.markers import MARKER_RE, cited_numbers, marker_numbers, rewrite_markers
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
    default_skeleton,
    find_section,
    normalize_label,
    section_paths,
    single_section_report,
)
from assistant.report.schema import (
    SUPPORTED_VERSIONS,
    ReportValidationError,
    header_to_dict,
    load_report,
    report_from_dict,
    report_from_json,
    report_to_dict,
    report_to_json,
    save_report,
)

__all__ = [
    "EVALUATION_KIND", "EVALUATION_PARTS", "MARKER_RE", "SCHEMA_VERSION", "SUPPORTED_VERSIONS",
    "AcceptedSection", "AssembledReport", "CellValue", "Citation", "CommuneName", "IndicatorRow", "IndicatorTable",
    "Report", "ReportDate", "ReportHeader", "ReportSection", "ReportValidationError",
    "assemble_report", "cited_numbers", "commune_name", "default_skeleton", "find_section", "header_from_settings",
    "header_to_dict", "indicator_table", "load_report", "marker_numbers", "normalize_label", "report_from_dict",
    "report_from_json", "report_header", "title_with_period", "report_to_dict", "report_to_json", "rewrite_markers", "save_report",
    "section_paths", "single_section_report", "split_evaluation", "split_paragraphs",
]
