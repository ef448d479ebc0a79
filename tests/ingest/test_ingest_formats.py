"""The .docx, .pdf and .md loaders on real files: the sample corpus and documents built here."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document as new_docx

from assistant.ingest import SUPPORTED_SUFFIXES, chunk_document, load_document
from assistant.ingest.structure import iter_sections, section_paths
from assistant.ingest.types import SectionKind


def _paths(doc) -> dict[str, SectionKind]:
    paths = section_paths(doc.root)
    return {paths[id(s)]: s.kind for s in iter_sections(doc.root) if s is not doc.root}


def test_corpus_has_every_format_and_a_directive(corpus_dir: Path, settings) -> None:
    files = sorted(p for p in corpus_dir.iterdir() if p.suffix in SUPPORTED_SUFFIXES)
    assert 4 <= len(files) <= 6
    assert {".docx", ".pdf", ".md"} <= {p.suffix for p in files}
    docs = [load_document(p, settings) for p in files]
    assert any(d.is_directive and d.doc_type in ("KẾ HOẠCH", "CÔNG VĂN") for d in docs)
    assert all(d.commune and d.year for d in docs)


def test_docx_with_header_table_headings_labels_and_indicator_table(corpus_dir: Path, settings) -> None:
    doc = load_document(corpus_dir / "bao-cao-xa-hoa-phong-6-thang-2026.docx", settings)
    # metadata read through the two-column administrative header table
    assert (doc.doc_type, doc.number, doc.date, doc.commune, doc.province, doc.signer) == (
        "BÁO CÁO", "118/BC-UBND", "2026-06-25", "Hòa Phong", "Lam Sơn", "Lê Văn Thành")
    assert doc.period == "6 tháng đầu năm 2026"
    kinds = _paths(doc)
    assert kinds["II. KẾT QUẢ THỰC HIỆN > 2. Kết quả cụ thể > a) Dịch vụ công trực tuyến"] is SectionKind.KET_QUA
    assert kinds["III. ĐÁNH GIÁ CHUNG > Tồn tại, hạn chế"] is SectionKind.HAN_CHE
    assert kinds["III. ĐÁNH GIÁ CHUNG > Nguyên nhân"] is SectionKind.NGUYEN_NHAN
    # numbered tasks under IV. are list items of a giai_phap section, not headings
    assert not any(p.startswith("IV. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026 >") for p in kinds)
    chunks = chunk_document(doc, settings)
    table = [c for c in chunks if "\t" in c.text]
    assert table and table[0].text.startswith("TT\tChỉ tiêu\tĐơn vị\tKế hoạch năm 2026\tThực hiện 6 tháng")
    assert "Tỷ lệ hồ sơ nộp trực tuyến\t%\t90\t91,31" in table[0].text
    assert table[0].section_path == "II. KẾT QUẢ THỰC HIỆN > 2. Kết quả cụ thể > b) Đề án 06 và dữ liệu dân cư"


def test_pdf_text_layer(corpus_dir: Path, settings) -> None:
    doc = load_document(corpus_dir / "bao-cao-xa-an-thinh-quy-3-2025.pdf", settings)
    assert (doc.doc_type, doc.number, doc.commune, doc.period, doc.signer) == (
        "BÁO CÁO", "87/BC-UBND", "An Thịnh", "quý III/2025", "Trần Thị Hạnh")
    kinds = _paths(doc)
    assert kinds["II. HẠN CHẾ VÀ NGUYÊN NHÂN > 2. Nguyên nhân"] is SectionKind.NGUYEN_NHAN
    # wrapped PDF lines are re-joined into the sentence
    assert "trong đó 655 hồ sơ trực tuyến, đạt 88,27%." in doc.text


def test_markdown_and_plain_text_directive(corpus_dir: Path, settings) -> None:
    md = load_document(corpus_dir / "bao-cao-xa-minh-khe-de-an-06.md", settings)
    assert _paths(md)["II. ĐÁNH GIÁ > Giải pháp khắc phục"] is SectionKind.GIAI_PHAP
    assert "**" not in md.text and "<b>" not in md.text
    cv = load_document(corpus_dir / "cong-van-xa-minh-khe-dich-vu-cong.txt", settings)
    assert (cv.doc_type, cv.is_directive, cv.number, cv.title) == (
        "CÔNG VĂN", True, "215/UBND-VP", "V/v đẩy mạnh dịch vụ công trực tuyến toàn trình")
    assert _paths(cv) == {}, "the numbered requests of a công văn are a list, not headings"


def test_docx_body_order_styles_and_automatic_numbering(tmp_path: Path, settings) -> None:
    doc = new_docx()
    doc.add_paragraph("BÁO CÁO", style="Title")
    doc.add_paragraph("Kết quả chuyển đổi số quý I/2026 của xã Tân Lạc")
    doc.add_paragraph("Tình hình chung", style="Heading 1")
    doc.add_paragraph("Xã Tân Lạc có 9 thôn.")
    table = doc.add_table(rows=2, cols=3)
    for i, v in enumerate(["TT", "Chỉ tiêu", "Kết quả"]):
        table.cell(0, i).text = v
    for i, v in enumerate(["1", "Hồ sơ trực tuyến", "88%"]):
        table.cell(1, i).text = v
    doc.add_paragraph("Hạn chế", style="Heading 1")
    doc.add_paragraph("Máy tính cũ.", style="List Number")
    doc.add_paragraph("Thiếu cán bộ chuyên trách.", style="List Number")
    doc.add_paragraph("Sau bảng và danh sách.")
    path = tmp_path / "tan-lac.docx"
    doc.save(path)

    parsed = load_document(path, settings)
    text = parsed.text
    # the table sits between the paragraphs around it (python-docx's doc.paragraphs would skip it)
    assert text.index("Xã Tân Lạc có 9 thôn.") < text.index("TT\tChỉ tiêu\tKết quả") < text.index("Hạn chế")
    assert "1. Máy tính cũ." in text and "2. Thiếu cán bộ chuyên trách." in text
    assert _paths(parsed) == {"Tình hình chung": SectionKind.DAC_DIEM, "Hạn chế": SectionKind.HAN_CHE}
    assert parsed.title == "Kết quả chuyển đổi số quý I/2026 của xã Tân Lạc"


@pytest.mark.parametrize("name", ["bao-cao-xa-hoa-phong-6-thang-2026.docx", "bao-cao-xa-minh-khe-de-an-06.md"])
def test_loading_is_deterministic(corpus_dir: Path, settings, name: str) -> None:
    a = load_document(corpus_dir / name, settings)
    b = load_document(corpus_dir / name, settings)
    assert a.text == b.text and a.doc_id == b.doc_id
    assert [c.id for c in chunk_document(a, settings)] == [c.id for c in chunk_document(b, settings)]
