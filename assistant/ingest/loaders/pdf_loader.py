"""PDF text layer via pypdf; the lines are hard-wrapped by construction, so they are re-joined.

Scanned PDFs (no text layer) are rejected with a message asking for OCR rather than indexed empty.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from pypdf import PdfReader

from assistant.ingest.blocks import Block, blocks_from_text
from assistant.ingest.types import IngestError

# pypdf logs recoverable structure problems as warnings; they are not the officer's concern.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def load_pdf(path: Path, data: bytes) -> tuple[list[Block], str]:
    if not data.lstrip()[:5].startswith(b"%PDF-"):
        raise IngestError(str(path), "tệp .pdf bị hỏng (thiếu phần đầu %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
            except Exception:
                raise IngestError(str(path), "tệp .pdf được đặt mật khẩu, không đọc được") from None
        pages = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on damaged files; all mean "corrupt"
        raise IngestError(str(path), f"tệp .pdf bị hỏng, không đọc được ({type(exc).__name__})") from None
    raw = "\n\n".join(pages)
    if not raw.strip():
        raise IngestError(str(path), "tệp .pdf không có lớp văn bản (bản scan ảnh): cần nhận dạng chữ (OCR) trước")
    return blocks_from_text(raw, wrapped=True), raw
