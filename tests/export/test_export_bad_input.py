"""Bad input never produces a file Word cannot open: control characters, huge text, empty sections, huge tables."""

from __future__ import annotations

import zipfile
from decimal import Decimal

from docx import Document
from lxml import etree

from assistant.export import ExportOptions, export_report
from assistant.export.indicator_table import MAX_ROWS
from assistant.export.render import docx_to_pdf
from assistant.export.text import xml_safe
from assistant.report import IndicatorRow, IndicatorTable, Report, ReportSection, default_skeleton


def _assert_well_formed(path):
    """Every XML part parses: the check Word performs first when it opens a file."""
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                etree.fromstring(zf.read(name))


def _hostile_report() -> Report:
    control = "Tỷ lệ\x00 hồ sơ\x0b đạt\x1f 84,03%\x0c [1]\ufffe\ud800 và\r\nxuống dòng"
    report = default_skeleton()
    report.header = report.header.__class__(title="Báo cáo\x07 thử", recipients=("UBND\x01 tỉnh",))
    report.sections[0].paragraphs = [control, "Rất dài. " * 20000, "", "   "]
    report.sections[0].children = [ReportSection("1.", "Mục trống\x08", "ket_qua")]
    report.table = IndicatorTable(
        title="Bảng\x02 lớn",
        rows=[IndicatorRow(str(i), f"Chỉ tiêu\x03 {i}", "hồ sơ", Decimal(i), Decimal(i) / 3) for i in range(MAX_ROWS + 50)],
    )
    return report


def test_xml_safe_strips_invalid_characters_and_keeps_text():
    assert xml_safe("a\x00b\x0bc\x1fd\ufffee\ud800f") == "abcdef"
    assert xml_safe("dòng một\r\ndòng hai\ntab\tgiữ") == "dòng một dòng hai tab\tgiữ"
    assert xml_safe("hoa\u0300") == "hoà"  # NFC


def test_hostile_report_gives_a_valid_docx_and_warnings(tmp_path):
    result = export_report(_hostile_report(), tmp_path / "bad.docx", ExportOptions())
    _assert_well_formed(result.path)
    doc = Document(str(result.path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tỷ lệ hồ sơ đạt 84,03% [1] và xuống dòng" in text
    assert "Báo cáo thử" in text and "UBND tỉnh" in text
    joined = "\n".join(result.warnings)
    assert "đã bỏ" in joined and "ký tự điều khiển" in joined
    assert "Mục 1. Mục trống chưa có nội dung." in joined
    assert f"chỉ xuất {MAX_ROWS} dòng đầu, 50 dòng còn lại" in joined
    table = next(t for t in doc.tables if t.cell(0, 0).text == "TT")
    assert len(table.rows) == MAX_ROWS + 1


def test_libreoffice_opens_the_hostile_export(tmp_path):
    report = _hostile_report()
    report.table.rows = report.table.rows[:300]  # keep the conversion quick; size is covered above
    # LibreOffice 7.4 takes minutes to lay out one justified 180 KB paragraph; 18 KB keeps the
    # conversion quick while the paragraph still spans pages (its export is covered above).
    report.sections[0].paragraphs[1] = "Rất dài. " * 2000
    result = export_report(report, tmp_path / "bad.docx", ExportOptions(final=True))
    pdf = docx_to_pdf(result.path, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_empty_report_still_exports(tmp_path):
    result = export_report(Report(), tmp_path / "empty.docx")
    _assert_well_formed(result.path)
    assert Document(str(result.path)).tables  # header and closing are there


def test_failed_export_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous")

    def boom(self, path):
        raise OSError("đĩa đầy")

    monkeypatch.setattr("docx.document.Document.save", boom)
    try:
        export_report(default_skeleton(), target)
    except OSError:
        pass
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.docx"]
