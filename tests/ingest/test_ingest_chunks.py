"""Chunk invariants on every seed and corpus document, and the sentence splitter."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from assistant.ingest import SUPPORTED_SUFFIXES, chunk_document, load_document
from assistant.ingest.sentences import group_sentences, sentence_spans
from assistant.ingest.structure import iter_sections, section_paths

CHROMA_TYPES = (str, int, float, bool)
REQUIRED_METADATA = {"doc_id", "source", "doc_type", "is_directive", "commune", "province", "year", "date",
                     "title", "section_path", "kind", "span_start", "span_end"}


def _check(doc, chunks, settings) -> None:
    assert chunks, doc.source
    paths = section_paths(doc.root)
    sections = {paths[id(s)]: s for s in iter_sections(doc.root)}
    previous_end = 0
    for ordinal, chunk in enumerate(chunks):
        assert chunk.id == f"{doc.doc_id}:{ordinal}"
        start, end = chunk.span
        assert 0 <= start < end <= len(doc.text)
        assert start >= previous_end, "chunks do not overlap"
        previous_end = end
        # the span's text is the chunk text (tables repeat their header in front of later pieces)
        assert chunk.text.endswith(doc.text[start:end]) and doc.text[start:end].strip()
        # never spans two sections: the span lies inside its section and in none of its children
        section = sections[chunk.section_path]
        assert section.span[0] <= start and end <= section.span[1]
        assert all(end <= c.span[0] or start >= c.span[1] for c in section.children)
        assert chunk.kind is section.kind
        # never cuts a sentence: a chunk ends at a paragraph/table end or after sentence punctuation
        after = doc.text[end:end + 2]
        assert after in ("", "\n\n") or after.startswith("\n") or doc.text[end - 1] in ".!?…;:\"”)", chunk.text[-40:]
        if "\t" not in chunk.text:
            assert len(chunk.text) <= settings.chunk_max_chars or len(sentence_spans(chunk.text)) == 1
        else:
            assert chunk.text.count("\n") <= settings.table_rows_per_chunk + 1
        meta = chunk.metadata
        assert REQUIRED_METADATA <= set(meta)
        assert all(isinstance(v, CHROMA_TYPES) for v in meta.values())
        assert (meta["span_start"], meta["span_end"], meta["kind"]) == (start, end, chunk.kind.value)
        assert isinstance(meta["year"], int)


def test_chunk_invariants_on_seeds(parsed_seeds, settings) -> None:
    for doc, chunks in parsed_seeds.values():
        _check(doc, chunks, settings)


def test_chunk_invariants_on_corpus_and_small_limits(corpus_dir: Path, settings) -> None:
    tight = settings.replace(chunk_max_chars=160, table_rows_per_chunk=2)
    for path in sorted(corpus_dir.iterdir()):
        if path.suffix in SUPPORTED_SUFFIXES:
            doc = load_document(path, tight)
            _check(doc, chunk_document(doc, tight), tight)


def test_tiny_paragraphs_of_one_section_are_packed(parsed_seeds) -> None:
    doc, chunks = next(v for k, v in parsed_seeds.items() if k.startswith("003"))
    appendix_rows = [c for c in chunks if c.section_path.startswith("Phần 1") and len(c.text) < 40]
    assert len(appendix_rows) <= 2


def test_sentence_spans_cover_the_text_and_respect_abbreviations() -> None:
    text = "TM. ỦY BAN NHÂN DÂN ký. Tỷ lệ đạt 99,9%. 100% cán bộ được cấp chữ ký số! Hết"
    spans = sentence_spans(text)
    assert [text[s:e].strip() for s, e in spans] == [
        "TM. ỦY BAN NHÂN DÂN ký.", "Tỷ lệ đạt 99,9%.", "100% cán bộ được cấp chữ ký số!", "Hết"]


@given(st.lists(st.sampled_from(["Xã đạt 100%.", "Tổ công nghệ số hỗ trợ dân", " ", "ký số. ", "Hạn chế: máy cũ; "]),
                max_size=30), st.integers(min_value=10, max_value=200))
def test_sentence_groups_partition_the_text(parts: list[str], max_chars: int) -> None:
    text = "".join(parts)
    groups = group_sentences(text, max_chars)
    assert "".join(text[s:e] for s, e in groups) == text
    for s, e in groups:
        assert e - s <= max_chars or len(sentence_spans(text[s:e])) == 1
