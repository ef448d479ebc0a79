"""Checks that run on a file's bytes before any parser touches them.

Each raises ``IngestError`` with a Vietnamese reason: empty file, file over the configured size,
unsupported type, and archives that would expand to far more than they weigh (zip bombs —
python-docx would inflate ``word/document.xml`` into memory without limit).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from assistant.ingest.types import IngestError

SUPPORTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
# A real .docx compresses text ~5–20×; 100× or hundreds of MB uncompressed is an attack or junk.
MAX_ZIP_RATIO = 100.0
MAX_ZIP_UNCOMPRESSED_MB = 200.0


def check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            str(path), f"định dạng '{suffix or '(không có đuôi)'}' không được hỗ trợ; chỉ nhận: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    return suffix


def check_size(path: Path, size_bytes: int, max_file_mb: float) -> None:
    if size_bytes == 0:
        raise IngestError(str(path), "tệp rỗng (0 byte)")
    limit = max_file_mb * 1024 * 1024
    if size_bytes > limit:
        raise IngestError(
            str(path), f"tệp quá lớn: {size_bytes / 1024 / 1024:.1f} MB, vượt giới hạn {max_file_mb:g} MB (max_file_mb)"
        )


def check_docx_archive(path: Path, data: bytes, max_uncompressed_mb: float = MAX_ZIP_UNCOMPRESSED_MB) -> None:
    """A .docx is a zip: verify it is one, holds word/document.xml and does not explode."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise IngestError(str(path), "tệp .docx bị hỏng (không phải tệp nén Office Open XML hợp lệ)") from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        total = sum(info.file_size for info in infos)
        compressed = sum(info.compress_size for info in infos) or 1
        if total > max_uncompressed_mb * 1024 * 1024 or total / compressed > MAX_ZIP_RATIO:
            raise IngestError(
                str(path),
                f"tệp .docx nghi là 'bom nén' (giải nén ra {total / 1024 / 1024:.0f} MB, gấp {total / compressed:.0f} lần): bỏ qua",
            )
        if "word/document.xml" not in names:
            raise IngestError(str(path), "tệp .docx bị hỏng (thiếu word/document.xml)")
