"""Accepting uploaded files into the corpus: type and size limits, safe names, no overwrite surprises.

The browser sends a temporary file path and the name the user's machine gave it; that
name is untrusted (``../../etc/passwd``, ``C:\\x\\y.docx``, control characters, a name
that differs only by Unicode normalization). We keep only its final component,
normalize it to NFC, replace anything that is not a letter, digit, space, dot, dash
or underscore, and store it inside the uploads folder — verified with ``resolve()``.
Content checks (corrupt files, zip bombs, encodings) stay with the ingestion package.

The corpus is shared, so an upload records its uploader (``WorkspaceStore.record_upload``):
another user's file of the same name is never replaced, and only its uploader may delete it.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable

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


def accept_upload(temp_path: Path, original_name: str, uploads_dir: Path, max_mb: float, *,
                  uploader: str = "", owner_of: Callable[[str], str | None] = lambda name: None) -> UploadResult:
    """Copy one uploaded file into ``uploads_dir`` if its type and size are acceptable.

    ``owner_of(file name)`` says who uploaded an existing file (None: not recorded, e.g. the
    single-user setup); a file uploaded by someone other than ``uploader`` is not replaced.
    """
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
    # Same name from the same uploader = a revised version: replace it (re-indexing follows the content hash).
    replaced = target.exists()
    previous = owner_of(target.name) if replaced else None
    if previous is not None and previous != uploader:
        return UploadResult(shown, None, f"Bỏ qua {shown}: kho đã có tệp {target.name} do người dùng «{previous}» "
                                         "tải lên; hãy đổi tên tệp rồi tải lên lại.")
    shutil.copyfile(temp_path, target)
    saved_as = f" (lưu thành {target.name})" if target.name != shown else ""
    return UploadResult(shown, target, f"Đã nhận {shown}{saved_as}" + (", thay bản cũ cùng tên." if replaced else "."))


def deletion_refusal(name: str, *, uploaded: bool, uploader: str | None, requester: str,
                     single_user: bool) -> str | None:
    """Why ``requester`` may not delete document ``name`` (Vietnamese), or None if they may.

    An uploaded file is deleted with its index entry, so only its uploader may do it (or the
    single local user, for files uploaded before uploaders were recorded). A file of the corpus
    folder is only taken out of the index — it comes back on re-indexing — so anyone may.
    """
    if not uploaded or uploader == requester or (uploader is None and single_user):
        return None
    who = f"người dùng «{uploader}»" if uploader else "người dùng khác"
    return f"Không xóa được {name}: tệp do {who} tải lên; chỉ người tải lên mới xóa được."
