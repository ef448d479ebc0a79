"""Export a :class:`assistant.report.Report` as a .docx laid out per Nghị định 30/2020/NĐ-CP.

    from assistant.export import export_report, ExportOptions
    export_report(report, Path("bao_cao.docx"), ExportOptions(final=True))
"""

from assistant.export.citations import CitationMode
from assistant.export.document import ExportOptions, ExportResult, build_document, export_report
from assistant.export.sample import sample_report

__all__ = ["CitationMode", "ExportOptions", "ExportResult", "build_document", "export_report", "sample_report"]
