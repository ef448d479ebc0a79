"""The search entry point used by the CLI, the UI and the drafting pipeline."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from assistant.retrieve.corpus_index import CorpusIndex
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.highlight import Snippet, make_snippet
from assistant.retrieve.records import ChunkRecord
from assistant.settings import Settings

Mode = Literal["hybrid", "bm25", "dense"]
MODES: tuple[str, ...] = ("hybrid", "bm25", "dense")


class EmptyQueryError(ValueError):
    """A blank query; the message is for the officer."""

    def __init__(self) -> None:
        super().__init__("Câu tìm kiếm đang trống: hãy nhập từ khóa hoặc câu hỏi, ví dụ \"tỷ lệ hồ sơ trực tuyến\".")


@dataclass(frozen=True)
class Hit:
    chunk_id: str
    doc_id: str
    source: str
    title: str
    commune: str
    date: str
    doc_type: str
    section_path: str
    kind: str
    text: str
    span: tuple[int, int]  # [start, end) in the document's normalized text (``document_text``)
    score: float
    snippet: Snippet  # .text, .spans, .html (<mark>), .ansi, .plain_marked
    # Other files holding the same passage (near-duplicates collapsed into this hit), best first.
    also_in: tuple[str, ...] = ()

    @property
    def snippet_html(self) -> str:
        return self.snippet.html

    @property
    def also_in_text(self) -> str:
        """ "cũng có trong: a.docx, b.pdf" ("" when the passage is in this file only)."""
        return f"cũng có trong: {', '.join(Path(s).name for s in self.also_in)}" if self.also_in else ""

    @classmethod
    def from_record(cls, record: ChunkRecord, score: float, query: str, also_in: tuple[str, ...] = ()) -> "Hit":
        meta = record.metadata
        return cls(
            chunk_id=record.chunk_id, doc_id=record.doc_id, source=record.source, title=str(meta.get("title", "")),
            commune=str(meta.get("commune", "")), date=str(meta.get("date", "")), doc_type=str(meta.get("doc_type", "")),
            section_path=record.section_path, kind=record.kind, text=record.text, span=record.span, score=score,
            snippet=make_snippet(record.text, query), also_in=also_in,
        )


def search(
    query: str,
    settings: "Settings | CorpusIndex",
    filters: SearchFilters | None = None,
    k: int = 10,
    mode: Mode = "hybrid",
) -> list[Hit]:
    """Ranked passages for ``query``. ``mode`` selects hybrid (the product), bm25 or dense only.

    Results with a score of 0 (nothing of the query matched) are not returned. In hybrid mode a
    passage several files contain is returned once, its ``also_in`` naming the other files.
    Raises ``EmptyQueryError`` (a ValueError) for a blank query.
    """
    if not query or not query.strip():
        raise EmptyQueryError()
    if mode not in MODES:
        raise ValueError(f"Chế độ tìm kiếm không hợp lệ: {mode!r}. Các giá trị hợp lệ: {', '.join(MODES)}")
    index = CorpusIndex.of(settings)
    snap = index.snapshot()  # one chunk set for the whole query, whatever a concurrent writer does
    duplicates: dict[str, list[str]] = {}
    if mode == "bm25":
        ranked = index.bm25_ranking(query, filters, k, snap)
    elif mode == "dense":
        ranked = index.dense_ranking(query, filters, k, snap)
    else:
        ranked = index.hybrid_ranking(query, filters, k, snap, duplicates=duplicates)
    by_id = snap.by_id
    return [
        Hit.from_record(by_id[cid], score, query, _other_sources(by_id[cid].source, duplicates.get(cid, ()), by_id))
        for cid, score in ranked[:k] if score > 0
    ]


def _other_sources(source: str, duplicate_ids, by_id: dict[str, ChunkRecord]) -> tuple[str, ...]:
    """Distinct files of the duplicates, other than the hit's own (a file repeating itself is not news)."""
    return tuple(dict.fromkeys(by_id[d].source for d in duplicate_ids if d in by_id and by_id[d].source != source))


def get_chunk(chunk_id: str, settings: "Settings | CorpusIndex") -> ChunkRecord | None:
    return CorpusIndex.of(settings).chunk(chunk_id)


def document_text(doc_id: str, settings: "Settings | CorpusIndex") -> str | None:
    """The normalized text of a document; chunk spans index into it (to show a hit in context)."""
    return CorpusIndex.of(settings).registry.document_text(doc_id)
