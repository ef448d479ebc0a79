"""Accepting uploaded files into the corpus: type and size limits, safe names, no overwrite surprises.

The browser sends a temporary file path and the name the user's machine gave it; that
name is untrusted (``../../etc/passwd``, ``C:\\x\\y.docx``, control characters, a name
that differs only by Unicode normalization). We keep only its final component,
normalize it to NFC, replace anything that is not a letter, digit, space, dot, dash
or underscore, and store it inside the uploads folder — verified with ``resolve()``.
Content checks (corrupt files, zip bombs, encodings) stay with the ingestion package.

The corpus is shared, so an upload records its uploader: another user's file of the same name
is never replaced, and only its uploader may delete it.

Crash safety (issue 12, item 7): the owner check and the record are one transaction
(``claim(name, uploader)`` = ``WorkspaceStore.claim_upload``) taken *before* the file is written;
the file is written to a temp file in the same folder, fsynced, then moved over the old one
with ``os.replace`` (atomic on POSIX), so a ``kill -9`` leaves the old version or the new one,
never a truncated file. A crash after the claim leaves a record without a file, or a temp file:
``recover_uploads`` at start removes both.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Callable

from assistant.ingest import SUPPORTED_SUFFIXES

log = logging.getLogger(__name__)

ALLOWED_SUFFIXES = SUPPORTED_SUFFIXES  # what the loaders read; one list for uploads and indexing
_UNSAFE = re.compile(r"[^\w .\-]", re.UNICODE)
_MAX_NAME = 120
TEMP_PREFIX = ".tai-len-"  # temp files being written; never indexed (dot files), removed at start


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


def write_atomically(source: Path, target: Path) -> None:
    """Copy ``source`` over ``target`` so that ``target`` is always a complete old or new version."""
    tmp = target.with_name(f"{TEMP_PREFIX}{os.getpid()}-{os.urandom(4).hex()}{target.suffix}")
    try:
        with open(source, "rb") as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the rename itself survives a power cut
    finally:
        os.close(dir_fd)


def accept_upload(temp_path: Path, original_name: str, uploads_dir: Path, max_mb: float, *,
                  uploader: str = "", claim: Callable[[str, str], str | None] = lambda name, who: None,
                  release: Callable[[str], None] = lambda name: None) -> UploadResult:
    """Copy one uploaded file into ``uploads_dir`` if its type and size are acceptable.

    ``claim(file name, uploader)`` records the uploader atomically and returns None, or returns
    the other user who owns that name (then nothing is written); ``release(file name)`` undoes a
    fresh claim when writing fails. The single-user setup passes neither.
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
    previous = claim(target.name, uploader)
    if previous is not None:
        return UploadResult(shown, None, f"Bỏ qua {shown}: kho đã có tệp {target.name} do người dùng «{previous}» "
                                         "tải lên; hãy đổi tên tệp rồi tải lên lại.")
    try:
        write_atomically(Path(temp_path), target)
    except OSError:
        log.exception("saving upload %s failed", target.name)
        if not replaced:
            release(target.name)
        return UploadResult(shown, None, f"Bỏ qua {shown}: không lưu được tệp vào kho (ổ đĩa đầy hoặc không có "
                                         "quyền ghi); chi tiết đã ghi vào nhật ký máy chủ.")
    saved_as = f" (lưu thành {target.name})" if target.name != shown else ""
    return UploadResult(shown, target, f"Đã nhận {shown}{saved_as}" + (", thay bản cũ cùng tên." if replaced else "."))


def recover_uploads(uploads_dir: Path, recorded: Callable[[], list[str]], forget: Callable[[str], None]) -> list[str]:
    """At start: delete temp files of interrupted uploads and records of files that were never written.

    Returns what was cleaned (for the log). ``recorded()`` lists the recorded file names.
    """
    cleaned = []
    if uploads_dir.is_dir():
        for leftover in uploads_dir.glob(f"{TEMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)
            cleaned.append(leftover.name)
    for name in recorded():
        if not (uploads_dir / name).exists():
            forget(name)
            cleaned.append(name)
    if cleaned:
        log.warning("recovered after an interrupted upload: %s", ", ".join(cleaned))
    return cleaned


def limit_batch(files: list, max_files: int) -> tuple[list, list[UploadResult]]:
    """At most ``max_files`` files per upload; the others are refused with a message each."""
    kept, extra = files[:max_files], files[max_files:]
    refused = [UploadResult(Path(name).name, None, f"Bỏ qua {Path(name).name}: mỗi lần chỉ tải lên tối đa "
                                                   f"{max_files} tệp; hãy tải tệp này ở lượt sau.")
               for _, name in extra]
    return kept, refused


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
