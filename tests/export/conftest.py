"""Fixtures of the export tests: the sample report exported once per session, and its PDF rendering."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from assistant.export import ExportOptions, export_report, sample_report
from assistant.export.render import RenderError, docx_to_pdf


@pytest.fixture(scope="session")
def export_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("export")


@pytest.fixture(scope="session")
def working_docx(export_dir: Path) -> Path:
    return export_report(sample_report(), export_dir / "working.docx", ExportOptions()).path


@pytest.fixture(scope="session")
def final_docx(export_dir: Path) -> Path:
    return export_report(sample_report(), export_dir / "final.docx", ExportOptions(final=True)).path


@pytest.fixture(scope="session")
def working_doc(working_docx: Path):
    return Document(str(working_docx))


@pytest.fixture(scope="session")
def working_pdf(working_docx: Path, export_dir: Path) -> Path:
    # Not skipped when LibreOffice is missing: `make test` installs it and the rendering check is required.
    try:
        return docx_to_pdf(working_docx, export_dir / "pdf")
    except RenderError as exc:
        pytest.fail(str(exc))
