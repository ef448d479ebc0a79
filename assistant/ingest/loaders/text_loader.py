"""Plain text and markdown: decode, then parse lines into paragraphs and tab-separated tables."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.blocks import Block, blocks_from_text
from assistant.ingest.encoding import UndecodableText, decode_text
from assistant.ingest.types import IngestError


def load_text(path: Path, data: bytes) -> tuple[list[Block], str]:
    try:
        text, _encoding = decode_text(data)
    except UndecodableText as exc:
        raise IngestError(str(path), exc.reason) from None
    if not text.strip():
        raise IngestError(str(path), "tệp không có nội dung văn bản")
    return blocks_from_text(text), text
