"""Upload acceptance: names from the browser are untrusted; type and size limits give Vietnamese reasons."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from ui.uploads import accept_upload, safe_filename


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd.md", "passwd.md"),
        ("..\\..\\Windows\\báo cáo.DOCX", "báo cáo.docx"),
        ("/abs/path/ke-hoach.pdf", "ke-hoach.pdf"),
        ("bao\x00cao\u202e.txt", "baocao.txt"),
        ("...", "tai_lieu"),
        ("tờ trình; rm -rf *.md", "tờ trình_ rm -rf _.md"),
    ],
)
def test_safe_filename_keeps_only_a_harmless_last_component(name: str, expected: str) -> None:
    assert safe_filename(name) == expected


def test_names_are_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Báo cáo quý I.md")
    assert safe_filename(decomposed) == unicodedata.normalize("NFC", "Báo cáo quý I.md")


def test_accept_upload_stays_inside_the_uploads_folder(tmp_path: Path) -> None:
    src = tmp_path / "src.md"
    src.write_text("# Báo cáo\n\nNội dung.\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    result = accept_upload(src, "../../../outside.md", uploads, max_mb=1)
    assert result.accepted and result.saved_path == (uploads / "outside.md").resolve()
    assert not (tmp_path.parent / "outside.md").exists()
    again = accept_upload(src, "outside.md", uploads, max_mb=1)
    assert again.accepted and "thay bản cũ" in again.message


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("virus.exe", b"MZ", "định dạng không được hỗ trợ"),
        ("rong.pdf", b"", "tệp rỗng"),
        ("lon.txt", b"x" * (1024 * 1024 + 1), "vượt giới hạn 1 MB"),
    ],
)
def test_refused_uploads_say_why(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    src = tmp_path / "src"
    src.write_bytes(content)
    result = accept_upload(src, name, tmp_path / "uploads", max_mb=1)
    assert not result.accepted and reason in result.message and name in result.message


def test_a_name_uploaded_by_another_user_is_not_overwritten(tmp_path: Path) -> None:
    from assistant.workspace import WorkspaceStore

    store = WorkspaceStore(tmp_path / "ws.sqlite3")
    src = tmp_path / "src.md"
    src.write_text("# Báo cáo của Lan\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    first = accept_upload(src, "bao-cao.md", uploads, max_mb=1, uploader="lan", claim=store.claim_upload)
    assert first.accepted and store.upload_owner("bao-cao.md") == "lan"  # recorded with the check
    other = tmp_path / "other.md"
    other.write_text("# Báo cáo của Hùng\n", encoding="utf-8")
    refused = accept_upload(other, "bao-cao.md", uploads, max_mb=1, uploader="hung", claim=store.claim_upload)
    assert not refused.accepted and "đổi tên" in refused.message
    assert (uploads / "bao-cao.md").read_text(encoding="utf-8") == "# Báo cáo của Lan\n"
    again = accept_upload(other, "bao-cao.md", uploads, max_mb=1, uploader="lan", claim=store.claim_upload)
    assert again.accepted and "thay bản cũ" in again.message


def test_only_the_uploader_deletes_an_upload_and_corpus_files_stay_on_disk() -> None:
    from ui.uploads import deletion_refusal

    assert deletion_refusal("a.md", uploaded=True, uploader="lan", requester="lan", single_user=False) is None
    refusal = deletion_refusal("a.md", uploaded=True, uploader="lan", requester="hung", single_user=False)
    assert refusal is not None and "lan" in refusal
    # An upload with no recorded uploader: only in the single-user setup.
    assert deletion_refusal("a.md", uploaded=True, uploader=None, requester="local", single_user=True) is None
    assert deletion_refusal("a.md", uploaded=True, uploader=None, requester="hung", single_user=False) is not None
    # Files of corpus/ may be taken out of the index by anyone (the message says the file stays).
    assert deletion_refusal("b.md", uploaded=False, uploader=None, requester="hung", single_user=False) is None
