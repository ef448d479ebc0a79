"""Accepting uploaded files into the corpus: type and size limits, safe names, no overwrite surprises.

The browser sends a temporary file path and the name the user's machine gave it; that
name is untrusted (``../../etc/passwd``, ``C:\\x\\y.docx``, control characters, a name
that differs only by Unicode normalization). We keep only its final component,
normalize it to NFC, replace anything that is not a letter, digit, space, dot, dash
or underscore, and store it inside the uploads folder — verified with ``resolve()``.
Content checks (corrupt files, zip bombs, encodings) stay with the ingestion package.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

from assistant.ingest import SUPPORTED_SUFFIXES

ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES  # what the loaders read; one list for uploads and indexing
_UNSAFE = re.compile(r"[^\w .\-]", re.UNICODE)
_MAX_NAME = 120


@dataclass(frozen=True)
class UploadResult:
    original_name: str
    saved_path: Path | None  # None when refused
    message: str  # Vietnamese, shown per file

    @property
    def accepted(self) -> bool:
        return self.saved_path is not None


def safe_filename(name: str) -> str:
    """The last path component of an untrusted name, NFC, with unsafe characters replaced by '_'."""
    base = PureWindowsPath(PurePosixPath(name).name).name  # strips both / and \ directories
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")  # control/format chars
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    stem = stem[: _MAX_NAME - len(suffix) - 1] or "tai_lieu"
    return f"{stem}.{suffix.lower()}" if suffix else stem


def accept_upload(temp_path: Path, original_name: str, uploads_dir: Path, max_mb: float) -> UploadResult:
    """Copy one uploaded file into ``uploads_dir`` if its type and size are acceptable."""
    shown = unicodedata.normalize("NFC", PureWindowsPath(PurePosixPath(original_name).name).name) or "(không tên)"
    name = safe_filename(original_name)
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        return UploadResult(shown, None, f"Bỏ qua {shown}: định dạng không được hỗ trợ "
                                         f"(chỉ nhận {', '.join(ALLOWED_SUFFIXES)}).")
    try:
        size = Path(temp_path).stat().st_size
    except OSError:
        return UploadResult(shown, None, f"Bỏ qua {shown}: không đọc được tệp tải lên.")
    if size == 0:
        return UploadResult(shown, None, f"Bỏ qua {shown}: tệp rỗng (0 byte).")
    if size > max_mb * 1024 * 1024:
        return UploadResult(shown, None, f"Bỏ qua {shown}: dung lượng {size / 1024 / 1024:.1f} MB vượt giới hạn "
                                         f"{max_mb:g} MB.")
    uploads_dir = uploads_dir.resolve()
    uploads_dir.mkdir(parents=True, exist_ok=True)
    target = uploads_dir / name
    if target.resolve().parent != uploads_dir:  # defence in depth; safe_filename already prevents it
        return UploadResult(shown, None, f"Bỏ qua {shown}: tên tệp không hợp lệ.")
    # Same name = a revised version of the same document: replace it (re-indexing follows the content hash).
    replaced = target.exists()
    shutil.copyfile(temp_path, target)
    saved_as = f" (lưu thành {target.name})" if target.name != shown else ""
    return UploadResult(shown, target, f"Đã nhận {shown}{saved_as}" + (", thay bản cũ cùng tên." if replaced else "."))
