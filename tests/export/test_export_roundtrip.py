"""Round trip: an exported report read back by the corpus loader has the same section tree and kinds.

A finished report joins the corpus for the next period, so what the exporter
writes (Heading 1–4 styles, literal numbering, bold/italic runs, "Nơi nhận"
closing) must be what ``assistant.ingest.load_document`` recognises.
"""

from __future__ import annotations

import pytest

from assistant.export import ExportOptions, export_report, sample_report
from assistant.export.citations import REFERENCES_TITLE
from assistant.report import Report, ReportSection, default_skeleton

ingest = pytest.importorskip("assistant.ingest", reason="the corpus loader (assistant.ingest) is not installed")
if not hasattr(ingest, "load_document"):
    pytest.skip("assistant.ingest.load_document is not available yet", allow_module_level=True)


def _expected(sections: list[ReportSection]) -> list[tuple]:
    # Headings compare case-insensitively: the roman level is printed upper case.
    return [(s.label, s.heading.casefold(), s.kind, _expected(s.children)) for s in sections]


def _ingested(sections) -> list[tuple]:
    return [(s.label, s.heading.casefold(), s.kind.value, _ingested(s.children)) for s in sections]


def _round_trip(report: Report, tmp_path, settings, final: bool):
    path = export_report(report, tmp_path / "report.docx", ExportOptions(final=final)).path
    return ingest.load_document(path, settings)


@pytest.mark.parametrize("build", [sample_report, default_skeleton], ids=["sample", "skeleton"])
def test_final_version_keeps_section_tree_and_kinds(build, tmp_path, settings):
    report = build()
    doc = _round_trip(report, tmp_path, settings, final=True)
    # Exactly the report's tree: the header block, table and closing lines add no sections.
    assert _ingested(doc.root.children) == _expected(report.sections)


def test_working_version_adds_only_the_reference_list(tmp_path, settings):
    report = sample_report()
    doc = _round_trip(report, tmp_path, settings, final=False)
    assert _ingested(doc.root.children) == _expected(report.sections) + [
        ("", REFERENCES_TITLE.casefold(), "khac", [])
    ]


def test_header_metadata_is_read_back(tmp_path, settings):
    doc = _round_trip(sample_report(), tmp_path, settings, final=True)
    assert doc.doc_type == "BÁO CÁO"
    assert doc.title.startswith("Kết quả thực hiện cải cách hành chính")
    assert doc.signer == "Trần Văn Minh"
