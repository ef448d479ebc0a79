"""What the index keeps about a document and a chunk, built from ingestion's Document/Chunk.

The registry stores these rows (SQLite), Chroma stores ``ChunkRecord.metadata`` with each vector,
and BM25 is rebuilt from the stored chunk texts without re-reading files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.ingest.types import Chunk, Document
from assistant.retrieve.filters import filter_key

# Status of a document row in the registry (see indexer module docstring for the protocol).
STATUS_PENDING = "pending"  # chunk rows written, vectors may be incomplete: redo on next run
STATUS_DONE = "done"


@dataclass(frozen=True)
class DocumentRecord:
    source: str
    doc_id: str
    content_hash: str
    status: str
    n_chunks: int
    size_bytes: int
    indexed_at: str
    metadata: dict[str, Any] = field(default_factory=dict)  # doc_type, commune, year, title, …

    @property
    def title(self) -> str:
        return str(self.metadata.get("title", ""))


@dataclass(frozen=True)
class ChunkRecord:
    chunk_id: str
    doc_id: str
    source: str
    ordinal: int
    text: str
    embed_text: str
    section_path: str
    kind: str
    span: tuple[int, int]
    metadata: dict[str, Any]  # flat, Chroma-safe; includes the filter keys


def document_metadata(doc: Document) -> dict[str, Any]:
    """Flat document metadata (no None values: Chroma rejects them)."""
    meta: dict[str, Any] = {
        "doc_type": doc.doc_type,
        "doc_type_key": filter_key(doc.doc_type),
        "is_directive": bool(doc.is_directive),
        "commune": doc.commune,
        "commune_key": filter_key(doc.commune),
        "province": doc.province,
        "date": doc.date,
        "period": doc.period,
        "title": doc.title,
        "number": doc.number,
        "signer": doc.signer,
    }
    if doc.year is not None:
        meta["year"] = int(doc.year)
    return meta


def chunk_record(doc: Document, chunk: Chunk, ordinal: int) -> ChunkRecord:
    meta: dict[str, Any] = {
        k: v for k, v in chunk.metadata.items() if isinstance(v, (str, int, float, bool)) and v is not None
    }
    meta.update(document_metadata(doc))
    meta.update(
        {
            "chunk_id": chunk.id,
            "doc_id": doc.doc_id,
            "source": doc.source,
            "section_path": chunk.section_path,
            "kind": chunk.kind.value,
            "span_start": int(chunk.span[0]),
            "span_end": int(chunk.span[1]),
        }
    )
    return ChunkRecord(
        chunk_id=chunk.id,
        doc_id=doc.doc_id,
        source=doc.source,
        ordinal=ordinal,
        text=chunk.text,
        embed_text=chunk.embed_text,
        section_path=chunk.section_path,
        kind=chunk.kind.value,
        span=(int(chunk.span[0]), int(chunk.span[1])),
        metadata=meta,
    )
