"""Incremental, crash-safe indexing of files into the registry, Chroma and BM25.

Protocol for one document (atomic as seen by search):

1. one SQLite transaction replaces the source's registry rows with the new document and chunk
   rows, status ``pending`` (search only shows ``done`` documents);
2. the source's old vectors are deleted from Chroma and the new ones added, ids = chunk ids;
3. status becomes ``done``.

A run killed anywhere leaves at worst a ``pending`` row; every run starts by finishing those from
the stored chunk rows (delete the source's vectors, re-add, mark done) — no file is re-read. BM25
is rebuilt once per batch from the registry, and on load if its generation is stale.

A change of embedding backend drops the collections of other identities and marks every document
``pending``, which re-embeds the whole corpus through the same recovery path (never a mixed index).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from assistant.retrieve.corpus_index import META_EMBEDDING_IDENTITY, CorpusIndex
from assistant.retrieve.parse_child import ParseCrash, ParseTimeout, ParseWorker
from assistant.retrieve.records import (
    STATUS_DONE,
    STATUS_PENDING,
    ChunkRecord,
    DocumentRecord,
    chunk_record,
    document_metadata,
)
from assistant.retrieve.store import stale_collections
from assistant.settings import Settings

Progress = Callable[[int, int, str], None]

STATUS_INDEXED, STATUS_UNCHANGED, STATUS_REMOVED, STATUS_FAILED = "indexed", "unchanged", "removed", "failed"
_ADD_BATCH = 64  # chunks per Chroma write


@dataclass(frozen=True)
class FileResult:
    source: str
    status: str  # indexed | unchanged | removed | failed
    reason: str = ""  # Vietnamese, for failures and notes
    chunks: int = 0
    doc_id: str = ""


@dataclass
class IndexReport:
    results: list[FileResult] = field(default_factory=list)
    recovered: list[str] = field(default_factory=list)  # sources finished after an interrupted run

    def with_status(self, status: str) -> list[FileResult]:
        return [r for r in self.results if r.status == status]

    @property
    def failed(self) -> list[FileResult]:
        return self.with_status(STATUS_FAILED)

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def chunks_indexed(self) -> int:
        return sum(r.chunks for r in self.with_status(STATUS_INDEXED))


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _supported_suffixes() -> frozenset[str]:
    from assistant.ingest import SUPPORTED_SUFFIXES

    return frozenset(SUPPORTED_SUFFIXES)


def _source_name(path: Path, base: Path) -> str:
    """Path relative to ``base`` when inside it (stable across runs), else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(base.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


def _expand(paths: list[Path]) -> tuple[list[Path], list[Path], list[Path]]:
    """(files to index, directories scanned, missing paths). Hidden files and dirs are skipped."""
    suffixes = _supported_suffixes()
    files: list[Path] = []
    dirs: list[Path] = []
    missing: list[Path] = []
    for p in paths:
        if p.is_dir():
            dirs.append(p)
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if f.is_file() and not any(part.startswith(".") for part in rel) and f.suffix.lower() in suffixes:
                    files.append(f)
        elif p.is_file():
            files.append(p)
        else:
            missing.append(p)
    return list(dict.fromkeys(files)), dirs, missing


def _write_vectors(index: CorpusIndex, source: str, chunks: list[ChunkRecord]) -> None:
    store = index.store
    store.delete(where={"source": source})
    for start in range(0, len(chunks), _ADD_BATCH):
        batch = chunks[start : start + _ADD_BATCH]
        store.add_texts(
            texts=[c.embed_text for c in batch],
            metadatas=[c.metadata for c in batch],
            ids=[c.chunk_id for c in batch],
        )


def _sync_embedding_identity(index: CorpusIndex) -> None:
    """On a backend change: drop other identities' collections and queue a full re-embedding."""
    registry = index.registry
    previous = registry.get_meta(META_EMBEDDING_IDENTITY)
    if previous == index.identity:
        return
    for name in stale_collections(index.client, index.identity):
        index.client.delete_collection(name)
    index.reopen_store()
    if previous:
        registry.mark_all(STATUS_PENDING)
    registry.set_meta(META_EMBEDDING_IDENTITY, index.identity)


def _finish_pending(index: CorpusIndex, progress: Progress | None) -> list[str]:
    pending = index.registry.list_documents(STATUS_PENDING)
    for i, doc in enumerate(pending, start=1):
        if progress:
            progress(i, len(pending), doc.source)
        _write_vectors(index, doc.source, index.registry.chunks_of(doc.source))
        index.registry.set_status(doc.source, STATUS_DONE)
    return [d.source for d in pending]


def _index_file(index: CorpusIndex, path: Path, source: str, parser: ParseWorker) -> FileResult:
    from assistant.ingest.types import IngestError

    registry = index.registry
    previous = registry.get_document(source)
    try:
        content_hash = file_hash(path)
    except OSError as exc:
        return FileResult(source, STATUS_FAILED, f"không đọc được tệp ({exc.strerror or exc})")
    if previous and previous.content_hash == content_hash and previous.status == STATUS_DONE:
        return FileResult(source, STATUS_UNCHANGED, chunks=previous.n_chunks, doc_id=previous.doc_id)
    try:  # in a child process with a time limit: one stalling file must not stop the batch
        parsed = parser.parse(path, source)
        doc, chunks = parsed.document, parsed.chunks
    except (IngestError, ParseTimeout, ParseCrash) as exc:
        return FileResult(source, STATUS_FAILED, exc.message)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:  # a loader bug must not stop the batch
        return FileResult(source, STATUS_FAILED, f"lỗi khi đọc tệp: {type(exc).__name__}: {exc}")
    if not chunks:
        return FileResult(source, STATUS_FAILED, "tệp không có nội dung văn bản để lập chỉ mục")
    twins = [d for d in registry.find_documents(doc.doc_id) if d.source != source]
    if twins:
        return FileResult(source, STATUS_UNCHANGED, f"nội dung trùng với tệp đã lập chỉ mục {twins[0].source}")

    records = [chunk_record(doc, c, i) for i, c in enumerate(chunks)]
    record = DocumentRecord(
        source=source, doc_id=doc.doc_id, content_hash=doc.content_hash, status=STATUS_PENDING,
        n_chunks=len(records), size_bytes=path.stat().st_size, indexed_at="", metadata=document_metadata(doc),
    )
    registry.begin_document(record, doc.text, records)
    _write_vectors(index, source, records)
    registry.set_status(source, STATUS_DONE)
    return FileResult(source, STATUS_INDEXED, chunks=len(records), doc_id=doc.doc_id)


def _remove(index: CorpusIndex, doc: DocumentRecord) -> FileResult:
    index.store.delete(where={"source": doc.source})
    index.registry.remove(doc.source)
    return FileResult(doc.source, STATUS_REMOVED, chunks=doc.n_chunks, doc_id=doc.doc_id)


def index_paths(
    paths: list[Path],
    settings: "Settings | CorpusIndex",
    progress: Progress | None = None,
    root: Path | None = None,
) -> IndexReport:
    """Index files and folders; skip unchanged files; drop files gone from an indexed folder.

    ``root`` is the base for the stored source names (default: the working directory).
    ``progress(i, total, source)`` is called before each file.
    """
    index = CorpusIndex.of(settings)
    with index.writing():  # searches meanwhile see the last complete snapshot
        return _index_batch([Path(p) for p in paths], index, progress, root or Path.cwd())


def _index_batch(paths: list[Path], index: CorpusIndex, progress: Progress | None, base: Path) -> IndexReport:
    report = IndexReport()
    _sync_embedding_identity(index)
    report.recovered = _finish_pending(index, progress)

    files, dirs, missing = _expand(paths)
    for p in missing:
        source = _source_name(p, base)
        known = index.registry.get_document(source)
        report.results.append(
            _remove(index, known) if known else FileResult(source, STATUS_FAILED, "không tìm thấy tệp hoặc thư mục")
        )
    wanted = {_source_name(f, base) for f in files}
    for doc in index.registry.list_documents():
        location = Path(doc.source) if os.path.isabs(doc.source) else base / doc.source
        in_scanned_dir = any(location.resolve().is_relative_to(d.resolve()) for d in dirs)
        if in_scanned_dir and doc.source not in wanted and not location.exists():
            report.results.append(_remove(index, doc))

    with ParseWorker(index.settings) as parser:  # one child for the batch, started on the first changed file
        for i, path in enumerate(files, start=1):
            source = _source_name(path, base)
            if progress:
                progress(i, len(files), source)
            report.results.append(_index_file(index, path, source, parser))
    return report  # the BM25 snapshot is rebuilt when ``writing()`` ends


def remove_document(doc_id_or_source: str, settings: "Settings | CorpusIndex") -> list[str]:
    """Remove a document (by doc id or source) from the index; returns the removed sources."""
    index = CorpusIndex.of(settings)
    with index.writing():
        return [_remove(index, doc).source for doc in index.registry.find_documents(doc_id_or_source)]


def list_documents(settings: "Settings | CorpusIndex") -> list[DocumentRecord]:
    return CorpusIndex.of(settings).registry.list_documents()
