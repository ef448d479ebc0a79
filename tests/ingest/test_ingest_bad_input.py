"""Every bad input is an IngestError with a Vietnamese reason naming the file — never a crash."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document as new_docx

from assistant.ingest import IngestError, load_document

VIETNAMESE = "Ủy ban nhân dân xã Minh Khê báo cáo kết quả chuyển đổi số quý I/2026.\n\nI. KẾT QUẢ\n\nTỷ lệ hồ sơ trực tuyến đạt 92%.\n"


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letter (with ^, ˘, ơ/ư horn) + a combining tone mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def _error(path: Path, settings, match: str) -> IngestError:
    with pytest.raises(IngestError) as info:
        load_document(path, settings)
    assert info.value.path == str(path)
    assert match in info.value.message, info.value.message
    assert str(path) in str(info.value)
    return info.value


def test_empty_file(tmp_path: Path, settings) -> None:
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    _error(path, settings, "tệp rỗng")


def test_binary_renamed_txt(tmp_path: Path, settings) -> None:
    path = tmp_path / "anh.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    _error(path, settings, "không phải tệp văn bản")


def test_corrupt_docx(tmp_path: Path, settings) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive" * 10)
    _error(path, settings, ".docx bị hỏng")


def test_docx_zip_without_document_part(tmp_path: Path, settings) -> None:
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "xin chào")
    _error(path, settings, "thiếu word/document.xml")


def test_zip_bomb_docx(tmp_path: Path, settings) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))  # 30 MB of zeros ≈ 30 kB compressed
    assert path.stat().st_size < 200_000
    _error(path, settings, "bom nén")


def test_corrupt_pdf(tmp_path: Path, settings) -> None:
    path = tmp_path / "hong.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage without xref")
    _error(path, settings, ".pdf")


def test_not_a_pdf(tmp_path: Path, settings) -> None:
    path = tmp_path / "gia.pdf"
    path.write_text("Đây không phải PDF", encoding="utf-8")
    _error(path, settings, "thiếu phần đầu %PDF")


def test_oversized_file(tmp_path: Path, settings) -> None:
    path = tmp_path / "lon.txt"
    path.write_text(VIETNAMESE * 400, encoding="utf-8")
    small = settings.replace(max_file_mb=0.01)
    _error(path, small, "vượt giới hạn 0.01 MB")
    assert load_document(path, settings).text  # under the default limit it loads


def test_unsupported_suffix_lists_valid_choices(tmp_path: Path, settings) -> None:
    path = tmp_path / "bang.xlsx"
    path.write_bytes(b"x")
    err = _error(path, settings, "không được hỗ trợ")
    assert ".docx, .pdf, .txt, .md" in err.message


def test_missing_file(tmp_path: Path, settings) -> None:
    _error(tmp_path / "khong-co.txt", settings, "không đọc được tệp")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig", "cp1258"])
def test_supported_encodings_decode_to_the_same_text(tmp_path: Path, settings, encoding: str) -> None:
    path = tmp_path / f"van-ban-{encoding}.txt"
    path.write_bytes(to_cp1258(VIETNAMESE) if encoding == "cp1258" else VIETNAMESE.encode(encoding))
    doc = load_document(path, settings)
    assert "Ủy ban nhân dân xã Minh Khê" in doc.text
    assert "Tỷ lệ hồ sơ trực tuyến đạt 92%." in doc.text
    assert doc.commune == "Minh Khê"


def test_cp1258_combining_tone_marks_are_composed(tmp_path: Path, settings) -> None:
    # Windows-1258 stores "ế" as "ê" + combining acute (0xEC): decoding must compose to NFC.
    data = to_cp1258("Kết quả thực hiện")
    assert b"\xec" in data  # the combining acute of CP1258 really is used
    path = tmp_path / "cp1258.txt"
    path.write_bytes(data)
    assert load_document(path, settings).text == "Kết quả thực hiện"


def test_a_batch_continues_after_bad_files(tmp_path: Path, settings) -> None:
    """The loop an indexer runs: bad files are reported, good ones still load."""
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.docx").write_bytes(b"not a zip")
    doc = new_docx()
    doc.add_paragraph("Xã Minh Khê hoàn thành 100% nhiệm vụ.")
    buf = io.BytesIO()
    doc.save(buf)
    (tmp_path / "c.docx").write_bytes(buf.getvalue())
    loaded, failed = [], []
    for path in sorted(tmp_path.iterdir()):
        try:
            loaded.append(load_document(path, settings))
        except IngestError as exc:
            failed.append(exc.path)
    assert [Path(p).name for p in failed] == ["a.txt", "b.docx"]
    assert [d.commune for d in loaded] == ["Minh Khê"]


# --- malformed parts inside a valid archive, encrypted PDFs ------------------------------------


def _docx_bytes(build) -> bytes:
    doc = new_docx()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _rewrite_part(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    """The same .docx with one byte string replaced inside one of its XML parts."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                assert old in content, f"{old!r} not in {part}"
                content = content.replace(old, new)
            target.writestr(info, content)
    return out.getvalue()


def _numbered_list(doc) -> None:
    doc.add_paragraph("Hạn chế", style="Heading 1")
    doc.add_paragraph("Máy tính cũ.", style="List Number")
    doc.add_paragraph("Thiếu cán bộ chuyên trách.", style="List Number")


@pytest.mark.parametrize(
    ("part", "old", "new"),
    [
        ("word/numbering.xml", b'<w:start w:val="1"/>', b'<w:start w:val="one"/>'),  # start value
        ("word/numbering.xml", b'<w:lvl w:ilvl="0"', b'<w:lvl w:ilvl="zero"'),  # level index
        ("word/styles.xml", b'<w:numId w:val="5"/>', b'<w:ilvl w:val="?"/><w:numId w:val="5"/>'),  # list level
    ],
)
def test_docx_with_malformed_numbering_loads_without_list_labels(
    tmp_path: Path, settings, part: str, old: bytes, new: bytes
) -> None:
    path = tmp_path / "danh-so-hong.docx"
    path.write_bytes(_rewrite_part(_docx_bytes(_numbered_list), part, old, new))
    doc = load_document(path, settings)
    assert "Máy tính cũ." in doc.text and "Thiếu cán bộ chuyên trách." in doc.text
    assert "1. Máy tính cũ." not in doc.text  # the damaged list loses its label, not the document


def test_unexpected_parser_error_becomes_ingest_error_naming_the_file(tmp_path: Path, settings, caplog) -> None:
    """python-docx itself raises ValueError on a non-numeric gridSpan while reading table rows."""

    def merged_table(doc) -> None:
        doc.add_paragraph("Kết quả", style="Heading 1")
        table = doc.add_table(rows=2, cols=3)
        for i, value in enumerate(["TT", "Chỉ tiêu", "Kết quả"]):
            table.cell(0, i).text = value
        table.cell(1, 1).merge(table.cell(1, 2))

    path = tmp_path / "bang-hong.docx"
    data = _rewrite_part(_docx_bytes(merged_table), "word/document.xml", b'<w:gridSpan w:val="2"/>',
                         b'<w:gridSpan w:val="hai"/>')
    path.write_bytes(data)
    err = _error(path, settings, "không đọc được cấu trúc tệp bang-hong.docx")
    assert "ValueError" not in err.message  # the officer gets the reason, the log gets the detail
    assert any("ValueError" in r.getMessage() and "hai" in r.getMessage() for r in caplog.records)


@pytest.fixture(scope="module")
def sample_pdf(corpus_dir: Path) -> Path:
    return corpus_dir / "bao-cao-xa-an-thinh-quy-3-2025.pdf"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf_asks_to_remove_the_password(tmp_path: Path, settings, sample_pdf, algorithm) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(sample_pdf))
    writer.encrypt(user_password="matkhau", owner_password="quantri", algorithm=algorithm)
    path = tmp_path / "co-mat-khau.pdf"
    writer.write(path)
    err = _error(path, settings, "được bảo vệ bằng mật khẩu")
    assert "gỡ mật khẩu" in err.message and "hỏng" not in err.message


def test_pdf_restricted_only_by_owner_password_loads(tmp_path: Path, settings, sample_pdf) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(sample_pdf))
    writer.encrypt(user_password="", owner_password="quantri", algorithm="AES-256")
    path = tmp_path / "han-che-in.pdf"
    writer.write(path)
    assert load_document(path, settings).commune == "An Thịnh"
