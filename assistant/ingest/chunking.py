"""Structure-aware chunks of a parsed Document.

Rules (issue 2 §3): a chunk never spans two sections and never cuts a sentence; short paragraphs of
one section are packed together up to ``chunk_max_chars``; a longer paragraph is split at sentence
boundaries; a table is chunked by ``table_rows_per_chunk`` rows with its header row(s) repeated.
Every chunk carries its span in ``Document.text`` and flat, Chroma-safe metadata.

The chunker reads only the Document (text + section tree), so a Document restored from storage
chunks exactly like a freshly parsed one.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.ingest.blocks import PARAGRAPH_SEPARATOR
from assistant.ingest.sentences import group_sentences
from assistant.ingest.structure import iter_sections, section_paths
from assistant.ingest.types import Chunk, Document, Section
from assistant.settings import Settings


@dataclass
class _Piece:
    start: int
    end: int
    text: str
    section: Section


def _own_intervals(section: Section) -> list[tuple[int, int]]:
    """The parts of a section's span that belong to no child and are not its heading line."""
    holes = sorted(
        [c.span for c in section.children] + ([section.heading_span] if section.heading_span else [])
    )
    intervals, pos = [], section.span[0]
    for s, e in holes:
        if s > pos:
            intervals.append((pos, s))
        pos = max(pos, e)
    if pos < section.span[1]:
        intervals.append((pos, section.span[1]))
    return intervals


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Paragraph/table units (separated by a blank line) inside [start, end), trimmed."""
    units, pos = [], start
    while pos < end:
        sep = text.find(PARAGRAPH_SEPARATOR, pos, end)
        stop = end if sep == -1 else sep
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            units.append((s, e))
        pos = stop + len(PARAGRAPH_SEPARATOR) if sep != -1 else end
    return units


def _is_table(unit: str) -> bool:
    return all("\t" in line for line in unit.split("\n"))


def _header_rows(rows: list[str]) -> int:
    """1, or 2 when the second row is a sub-header (empty first cell, no numeric cells)."""
    if len(rows) > 2:
        cells = rows[1].split("\t")
        if not cells[0].strip() and not any(c.strip().replace(",", "").replace(".", "").isdigit() for c in cells):
            return 2
    return 1


def _table_pieces(doc_text: str, s: int, e: int, section: Section, rows_per_chunk: int, max_chars: int) -> list[_Piece]:
    lines, offsets, pos = doc_text[s:e].split("\n"), [], s
    for line in lines:
        offsets.append((pos, pos + len(line)))
        pos += len(line) + 1
    n_header = _header_rows(lines)
    header = "\n".join(lines[:n_header])
    body = list(range(n_header, len(lines)))
    if not body:
        return [_Piece(s, e, doc_text[s:e], section)]
    pieces: list[_Piece] = []
    group: list[int] = []
    for idx in body:
        size = len(header) + sum(len(lines[i]) + 1 for i in group) + len(lines[idx])
        if group and (len(group) >= rows_per_chunk or size > max_chars):
            pieces.append(_table_piece(doc_text, lines, offsets, header, group, section, first=not pieces))
            group = []
        group.append(idx)
    pieces.append(_table_piece(doc_text, lines, offsets, header, group, section, first=not pieces))
    return pieces


def _table_piece(doc_text, lines, offsets, header, group, section, first: bool) -> _Piece:
    start = offsets[0][0] if first else offsets[group[0]][0]
    end = offsets[group[-1]][1]
    text = doc_text[start:end] if first else header + "\n" + "\n".join(lines[i] for i in group)
    return _Piece(start, end, text, section)


def _section_pieces(doc: Document, section: Section, settings: Settings) -> list[_Piece]:
    text, max_chars = doc.text, settings.chunk_max_chars
    pieces: list[_Piece] = []
    for a, b in _own_intervals(section):
        pending: tuple[int, int] | None = None  # packed paragraphs awaiting a flush

        def flush() -> None:
            nonlocal pending
            if pending:
                pieces.append(_Piece(pending[0], pending[1], text[pending[0] : pending[1]], section))
            pending = None

        for s, e in _units(text, a, b):
            unit = text[s:e]
            if _is_table(unit):
                flush()
                pieces.extend(_table_pieces(text, s, e, section, settings.table_rows_per_chunk, max_chars))
            elif e - s > max_chars:
                flush()
                for ps, pe in group_sentences(unit, max_chars):
                    ps2, pe2 = s + ps, s + pe
                    while pe2 > ps2 and text[pe2 - 1].isspace():
                        pe2 -= 1
                    pieces.append(_Piece(ps2, pe2, text[ps2:pe2], section))
            elif pending and e - pending[0] <= max_chars:
                pending = (pending[0], e)
            else:
                flush()
                pending = (s, e)
        flush()
    return pieces


def chunk_document(doc: Document, settings: Settings) -> list[Chunk]:
    """Chunks in document order with stable ids ``f"{doc_id}:{ordinal}"``."""
    if doc.root is None:
        raise ValueError("Document chưa có cây mục (root): hãy tạo bằng load_document")
    paths = section_paths(doc.root)
    pieces: list[_Piece] = []
    for section in iter_sections(doc.root):
        pieces.extend(_section_pieces(doc, section, settings))
    pieces.sort(key=lambda p: (p.start, p.end))
    chunks = []
    for ordinal, piece in enumerate(pieces):
        path = paths[id(piece.section)]
        chunks.append(
            Chunk(
                id=f"{doc.doc_id}:{ordinal}",
                doc_id=doc.doc_id,
                source=doc.source,
                text=piece.text,
                section_path=path,
                kind=piece.section.kind,
                span=(piece.start, piece.end),
                metadata=chunk_metadata(doc, path, piece.section, piece.start, piece.end, ordinal),
            )
        )
    return chunks


def chunk_metadata(doc: Document, path: str, section: Section, start: int, end: int, ordinal: int) -> dict:
    """Flat str/int/bool values only: Chroma rejects None, lists and nested dicts."""
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "doc_type": doc.doc_type,
        "is_directive": doc.is_directive,
        "commune": doc.commune,
        "province": doc.province,
        "year": doc.year if doc.year is not None else -1,
        "date": doc.date,
        "period": doc.period,
        "title": doc.title,
        "number": doc.number,
        "section_path": path,
        "kind": section.kind.value,
        "span_start": start,
        "span_end": end,
        "ordinal": ordinal,
    }
