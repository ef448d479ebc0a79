"""Ingestion: files → ``Document`` (normalized text, metadata, section tree) → ``Chunk``s.

Public API (the contract with ``assistant.retrieve``):

* ``load_document(path, settings, source=None) -> Document`` — raises ``IngestError`` with a
  Vietnamese message naming the file and the reason for any file it cannot read;
* ``chunk_document(doc, settings) -> list[Chunk]``;
* ``SUPPORTED_SUFFIXES``; ``normalize.canonical_tone`` / ``normalize.fold_diacritics`` for analyzers.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from assistant.ingest.blocks import Paragraph, render_block, render_blocks
from assistant.ingest.chunking import chunk_document
from assistant.ingest.guards import SUPPORTED_SUFFIXES, check_docx_archive, check_size, check_suffix
from assistant.ingest.loaders import LOADERS
from assistant.ingest.metadata import extract_metadata
from assistant.ingest.normalize import canonical_tone, fold_diacritics, normalize_text
from assistant.ingest.structure import build_tree
from assistant.ingest.types import Chunk, Document, IngestError, Section, SectionKind
from assistant.settings import Settings

__all__ = [
    "SUPPORTED_SUFFIXES", "Chunk", "Document", "IngestError", "Section", "SectionKind",
    "canonical_tone", "chunk_document", "fold_diacritics", "load_document", "normalize_text",
]


def load_document(path: Path, settings: Settings, source: str | None = None) -> Document:
    """Read, check, parse and describe one file."""
    path = Path(path)
    name = source or str(path)
    suffix = check_suffix(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IngestError(name, f"không đọc được tệp ({exc.strerror or exc})") from None
    check_size(Path(name), size, settings.max_file_mb)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(name, f"không đọc được tệp ({exc.strerror or exc})") from None
    if suffix == ".docx":
        check_docx_archive(Path(name), data)

    try:
        blocks, raw = LOADERS[suffix](Path(name), data)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(name, "cấu trúc tệp lồng nhau quá sâu, không đọc được") from None

    text, placed = render_blocks(blocks)
    if not text.strip():
        raise IngestError(name, "tệp không có nội dung văn bản")
    root = build_tree(placed, len(text))
    body_start = min((c.span[0] for c in root.children), default=len(text))
    paragraph_spans = [p for p in placed if isinstance(p.block, Paragraph)]
    meta = extract_metadata(
        [render_block(p.block) for p in paragraph_spans],
        preamble_count=sum(1 for p in paragraph_spans if p.start < body_start),
    )
    return Document(
        source=name,
        content_hash=hashlib.sha256(data).hexdigest(),
        text=text,
        doc_type=meta.doc_type,
        is_directive=meta.is_directive,
        commune=meta.commune,
        province=meta.province,
        date=meta.date,
        year=meta.year,
        period=meta.period,
        title=meta.title,
        number=meta.number,
        signer=meta.signer,
        root=root,
        raw_text=raw,
    )
