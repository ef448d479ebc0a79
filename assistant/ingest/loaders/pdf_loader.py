"""PDF text layer via pypdf; the lines are hard-wrapped by construction, so they are re-joined.

Scanned PDFs (no text layer) are rejected with a message asking for OCR rather than indexed empty.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from assistant.ingest.blocks import Block, blocks_from_text
from assistant.ingest.types import IngestError

# pypdf logs recoverable structure problems as warnings; they are not the officer's concern.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PASSWORD_PROTECTED = "tệp .pdf được bảo vệ bằng mật khẩu: hãy gỡ mật khẩu rồi tải lên lại"


def load_pdf(path: Path, data: bytes) -> tuple[list[Block], str]:
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise IngestError(str(path), "tệp .pdf bị hỏng (thiếu phần đầu %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        # Many PDFs are encrypted with an empty user password (only printing/copying restricted):
        # those open with "". pypdf reports a wrong password by returning NOT_DECRYPTED, not by
        # raising; reading pages anyway would fail later with FileNotDecryptedError.
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise IngestError(str(path), PASSWORD_PROTECTED)
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except DependencyError:
        # An encryption algorithm pypdf needs the `cryptography` package for.
        raise IngestError(str(path), "tệp .pdf được mã hóa theo cách chưa hỗ trợ: hãy bỏ mã hóa rồi tải lên lại") from None
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files; all mean "corrupt"
        raise IngestError(str(path), f"tệp .pdf bị hỏng, không đọc được ({type(exc).__name__})") from None
    raw = "\n\n".join(pages)
    if not raw.strip():
        raise IngestError(str(path), "tệp .pdf không có lớp văn bản (bản scan ảnh): cần nhận dạng chữ (OCR) trước")
    return blocks_from_text(raw, wrapped=True), raw
