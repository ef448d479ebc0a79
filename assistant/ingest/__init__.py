"""Ingestion: files → ``Document`` (normalized text, metadata, section tree) → ``Chunk``s.

Public API (the contract with ``assistant.retrieve``):

* ``load_document(path, settings, source=None) -> Document`` — raises ``IngestError`` with a
  Vietnamese message naming the file and the reason for any file it cannot read;
* ``chunk_document(doc, settings) -> list[Chunk]``;
* ``SUPPORTED_SUFFIXES``; ``normalize.canonical_tone`` / ``normalize.fold_diacritics`` for analyzers.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from assistant.ingest.blocks import Paragraph, render_block, render_blocks
from assistant.ingest.chunking import chunk_document
from assistant.ingest.guards import SUPPORTED_SUFFIXES, check_docx_archive, check_size, check_suffix
from assistant.ingest.loaders import LOADERS
from assistant.ingest.metadata import extract_metadata
from assistant.ingest.normalize import canonical_tone, fold_diacritics
from assistant.ingest.structure import build_tree
from assistant.ingest.types import Chunk, Document, IngestError, Section, SectionKind
from assistant.settings import Settings

_log = logging.getLogger(__name__)

__all__ = [
    "SUPPORTED_SUFFIXES", "Chunk", "Document", "IngestError", "Section", "SectionKind",
    "canonical_tone", "chunk_document", "fold_diacritics", "load_document",
]


def load_document(path: Path, settings: Settings, source: str | None = None) -> Document:
    """Read, check, parse and describe one file.

    Every failure is an ``IngestError``: the checks and loaders raise their own specific reasons,
    and anything else a parser throws on a malformed file (lxml, pypdf, a bad attribute value) is
    turned into a generic "cannot read the structure" message, with the detail in the log, so one
    odd file never stops an indexing batch.
    """
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
        return _parse(name, suffix, data)
    except IngestError:
        raise
    except RecursionError:
        raise IngestError(name, "cấu trúc tệp lồng nhau quá sâu, không đọc được") from None
    except MemoryError:
        raise  # the process, not the file, is in trouble (the indexer stops on it too)
    except Exception as exc:  # noqa: BLE001 - see docstring: a parser bug or odd file must not crash the batch
        _log.warning("%s: unexpected %s while parsing: %s", name, type(exc).__name__, exc,
                     exc_info=_log.isEnabledFor(logging.DEBUG))
        raise IngestError(
            name,
            f"không đọc được cấu trúc tệp {Path(name).name}: tệp có thể bị hỏng hoặc do phần mềm "
            "không chuẩn tạo ra; hãy mở bằng Word hoặc LibreOffice, lưu lại rồi tải lên lại",
        ) from None


def _parse(name: str, suffix: str, data: bytes) -> Document:
    blocks, raw = LOADERS[suffix](Path(name), data)
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
