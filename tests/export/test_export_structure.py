"""Structural checks of the exported .docx, read back with python-docx (values: docs/nd30_layout.md)."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from assistant.export.layout import ND30

FONT = "Times New Roman"


def _close(a, b, tol=Mm(0.2)) -> bool:
    return abs(int(a) - int(b)) <= int(tol)


def _runs_with_text(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _all_paragraphs(doc):
    for p in doc.paragraphs:
        yield p
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _find(doc, text):
    return next(p for p in _all_paragraphs(doc) if p.text.strip().startswith(text))


def test_page_is_a4_portrait_with_decree_margins(working_doc):
    for s in working_doc.sections:
        assert _close(s.page_width, Mm(210)) and _close(s.page_height, Mm(297))
        assert Mm(20) - Mm(0.2) <= s.top_margin <= Mm(25) + Mm(0.2)
        assert Mm(20) - Mm(0.2) <= s.bottom_margin <= Mm(25) + Mm(0.2)
        assert Mm(30) - Mm(0.2) <= s.left_margin <= Mm(35) + Mm(0.2)
        assert Mm(15) - Mm(0.2) <= s.right_margin <= Mm(20) + Mm(0.2)


def test_every_run_is_times_new_roman_in_all_four_font_slots(working_doc):
    runs = [r for p in _all_paragraphs(working_doc) for r in _runs_with_text(p)]
    assert len(runs) > 50
    for run in runs:
        rfonts = run._r.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert rfonts.get(qn(slot)) == FONT, (run.text, slot)
        assert rfonts.get(qn("w:eastAsiaTheme")) is None
    for name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        rfonts = working_doc.styles[name].element.rPr.find(qn("w:rFonts"))
        assert rfonts.get(qn("w:eastAsia")) == FONT and rfonts.get(qn("w:asciiTheme")) is None
        assert working_doc.styles[name].font.color.rgb is None  # black, not the template's blue


def test_header_table_is_borderless_with_organ_left_and_national_title_right(working_doc):
    table = working_doc.tables[0]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    edges = {el.tag.split("}")[1]: el.get(qn("w:val")) for el in borders}
    assert edges == {e: "nil" for e in ("top", "left", "bottom", "right", "insideH", "insideV")}

    left = [p for p in table.cell(0, 0).paragraphs if p.text.strip()]
    assert [p.text for p in left] == ["ỦY BAN NHÂN DÂN", "XÃ MINH KHÊ"]
    for p in left:  # one issuing body in two lines: both bold, 12–13 pt
        assert all(r.bold and Pt(12) <= r.font.size <= Pt(13) for r in _runs_with_text(p))

    right = [p for p in table.cell(0, 1).paragraphs if p.text.strip()]
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(r.bold and Pt(12) <= r.font.size <= Pt(13) for r in _runs_with_text(right[0]))
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert all(r.bold and Pt(13) <= r.font.size <= Pt(14) for r in _runs_with_text(right[1]))
    # Short rules are paragraph bottom borders on their own paragraphs under the organ and the motto.
    for cell in (table.cell(0, 0), table.cell(0, 1)):
        ruled = [p for p in cell.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
        assert len(ruled) == 1 and not ruled[0].text.strip()

    number = table.cell(1, 0).paragraphs[0]
    assert number.text.startswith("Số:") and _runs_with_text(number)[0].font.size == Pt(13)
    date = table.cell(1, 1).paragraphs[0]
    assert date.text == "Minh Khê, ngày …… tháng …… năm 2026"
    assert all(r.italic and not r.bold and Pt(13) <= r.font.size <= Pt(14) for r in _runs_with_text(date))


def test_doc_type_title_and_several_recipients(working_doc):
    bc = _find(working_doc, "BÁO CÁO")
    assert bc.text == "BÁO CÁO" and bc.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold and Pt(13) <= r.font.size <= Pt(14) for r in _runs_with_text(bc))
    paragraphs = working_doc.paragraphs
    title = paragraphs[[p.text for p in paragraphs].index("BÁO CÁO") + 1]
    assert title.text.startswith("Kết quả thực hiện cải cách hành chính")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in _runs_with_text(title))
    recipients = [p.text for p in paragraphs if p.text.startswith(("Kính gửi", "- "))][:3]
    assert recipients == [
        "Kính gửi:\t- Ủy ban nhân dân tỉnh;",
        "- Sở Nội vụ tỉnh;",
        "- Sở Khoa học và Công nghệ tỉnh.",
    ]


def test_headings_keep_literal_numbering_and_conventional_weights(working_doc):
    headings = [(p.style.name, p.text) for p in working_doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "I. KẾT QUẢ THỰC HIỆN") in headings
    assert ("Heading 2", "2. Hạn chế") in headings
    assert ("Heading 3", "2.1. Giải quyết thủ tục hành chính") in headings
    assert ("Heading 4", "a) Lĩnh vực hộ tịch") in headings
    expected = {"Heading 1": (True, False), "Heading 2": (True, False), "Heading 3": (True, True), "Heading 4": (False, True)}
    for p in working_doc.paragraphs:
        if p.style.name in expected:
            for r in _runs_with_text(p):
                assert (bool(r.bold), bool(r.italic)) == expected[p.style.name], p.text
                assert r.font.size == Pt(ND30.body_pt)
            assert p._p.pPr.find(qn("w:numPr")) is None  # no Word auto-numbering


def test_body_paragraphs_are_justified_indented_and_spaced(working_doc):
    body = _find(working_doc, "Bộ phận Một cửa tiếp nhận")
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Cm(1) - Mm(0.2) <= body.paragraph_format.first_line_indent <= Cm(1.27) + Mm(0.2)
    assert body.paragraph_format.space_after >= Pt(6)
    assert 1.0 <= body.paragraph_format.line_spacing <= 1.5
    run = _runs_with_text(body)[0]
    assert Pt(13) <= run.font.size <= Pt(14) and not run.bold and not run.italic


def test_indicator_table_has_repeated_header_and_right_aligned_vietnamese_numbers(working_doc):
    table = next(t for t in working_doc.tables if t.cell(0, 0).text == "TT")
    assert [c.text for c in table.rows[0].cells] == ["TT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu", "Kết quả"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")).get(qn("w:val")) == "true"
    rows = {r.cells[1].text: r for r in table.rows[1:]}
    online = rows["Tỷ lệ hồ sơ nộp trực tuyến"]
    assert [c.text for c in online.cells[3:]] == ["80", "84,03"]
    assert rows["Hồ sơ tiếp nhận"].cells[4].text == "1.484"
    assert rows["Kinh phí đầu tư thiết bị"].cells[4].text == "126.500.000"
    for cell in online.cells[3:]:
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    group = rows["Cải cách hành chính"]  # a group row spans Chỉ tiêu … Kết quả
    assert len({id(c._tc) for c in group.cells}) == 2 and _runs_with_text(group.cells[1].paragraphs[0])[0].bold
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"single"}


def test_page_number_field_in_header_and_none_on_first_page(working_doc):
    section = working_doc.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in header_xml
    para = section.header.paragraphs[0]
    assert para.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(Pt(13) <= r.font.size <= Pt(14) for r in para.runs)
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText"))) and not first._element.xpath(".//w:fldSimple")


def test_closing_block_noi_nhan_left_signature_right(working_doc):
    closing = working_doc.tables[-1]
    left, right = closing.rows[0].cells
    noi_nhan = left.paragraphs[0]
    assert noi_nhan.text == "Nơi nhận:"
    assert all(r.bold and r.italic and r.font.size == Pt(12) for r in _runs_with_text(noi_nhan))
    items = [p for p in left.paragraphs[1:] if p.text.strip()]
    assert items[0].text == "- Như trên;" and items[-1].text == "- Lưu: VT, VP."
    assert all(r.font.size == Pt(11) and not r.bold for p in items for r in _runs_with_text(p))
    lines = [p for p in right.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Minh"]
    assert all(r.bold and Pt(13) <= r.font.size <= Pt(14) for p in lines for r in _runs_with_text(p))
    assert lines[-1].paragraph_format.space_before >= Pt(48)  # room for signature and seal
    borders = closing._tbl.tblPr.find(qn("w:tblBorders"))
    assert {el.get(qn("w:val")) for el in borders} == {"nil"}


def test_working_version_keeps_markers_and_lists_sources(working_doc):
    text = "\n".join(p.text for p in working_doc.paragraphs)
    assert "sản phẩm đầu ra [1]." in text
    assert "TÀI LIỆU THAM KHẢO" in text
    assert "[2] Báo cáo số 88/BC-UBND xã Hòa Phong, mục I. KẾT QUẢ > 2. Thủ tục hành chính" in text


def test_final_version_drops_markers_and_the_source_list(final_docx):
    doc = Document(str(final_docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "sản phẩm đầu ra." in text and "[1]" not in text and "[3]" not in text
    assert "TÀI LIỆU THAM KHẢO" not in text


def test_single_recipient_governing_body_and_dated_header(tmp_path):
    from assistant.export import export_report
    from assistant.export.header_block import format_place_date
    from assistant.report import ReportDate, ReportHeader, default_skeleton

    assert format_place_date("Minh Khê", ReportDate(5, 2, 2026)) == "Minh Khê, ngày 05 tháng 02 năm 2026"
    assert format_place_date("Minh Khê", ReportDate(15, 11, 2026)) == "Minh Khê, ngày 15 tháng 11 năm 2026"
    report = default_skeleton(
        ReportHeader(
            organ_parent="UBND huyện Sơn Hà",
            organ="Phòng Nội vụ",
            parent_is_governing_body=True,
            recipients=("UBND tỉnh",),
            date=ReportDate(5, 3, 2026),
        )
    )
    doc = Document(str(export_report(report, tmp_path / "one.docx").path))
    parent, organ = [p for p in doc.tables[0].cell(0, 0).paragraphs if p.text.strip()]
    assert parent.text == "UBND HUYỆN SƠN HÀ" and not any(r.bold for r in _runs_with_text(parent))
    assert organ.text == "PHÒNG NỘI VỤ" and all(r.bold for r in _runs_with_text(organ))
    assert doc.tables[0].cell(1, 1).paragraphs[0].text == "Minh Khê, ngày 05 tháng 3 năm 2026"
    kinh_gui = _find(doc, "Kính gửi")
    assert kinh_gui.text == "Kính gửi: UBND tỉnh." and kinh_gui.alignment == WD_ALIGN_PARAGRAPH.CENTER
