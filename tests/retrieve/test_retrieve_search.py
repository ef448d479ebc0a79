"""Search behaviour on a tiny fictional corpus: filters, folded queries, snippets, API shapes."""

from __future__ import annotations

import pytest

from assistant.ingest.types import SectionKind
from assistant.retrieve import (
    EmptyQueryError,
    HybridRetriever,
    SearchFilters,
    document_text,
    get_chunk,
    index_paths,
    search,
)


@pytest.fixture
def indexed(index, corpus):
    report = index_paths([corpus], index, root=corpus.parent)
    assert report.ok, report.failed
    return index


def test_query_without_diacritics_finds_the_passage(indexed):
    for mode in ("bm25", "hybrid"):
        hits = search("ty le ho so truc tuyen toan trinh", indexed, k=3, mode=mode)
        assert "87%" in hits[0].text, (mode, [h.text for h in hits])
    top = search("ty le ho so truc tuyen toan trinh", indexed, k=1)[0]
    marked = top.snippet.plain_marked
    # Folded terms mark every syllable that folds to them, whatever its diacritics.
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình»" in marked
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình</mark>" in top.snippet_html
    assert "đạt 87%" in marked  # not a term: left unmarked


def test_dense_search_reads_a_query_typed_without_diacritics_after_restoration(indexed):
    query = "ty le ho so truc tuyen toan trinh"
    assert indexed.restored_query(query) == "tỷ lệ hồ sơ trực tuyến toàn trình"
    hits = search(query, indexed, k=3, mode="dense")
    assert any("87%" in h.text for h in hits), [h.text for h in hits]


def test_accented_query_highlights_only_the_same_syllables(indexed):
    hit = search("chữ ký số", indexed, k=1)[0]
    assert "«chữ ký số»" in hit.snippet.plain_marked
    marked = [hit.snippet.text[a:b].lower() for a, b in hit.snippet.spans]
    assert all("số" in m or "ký" in m or "chữ" in m for m in marked)


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_blank_query_is_a_clear_vietnamese_error(indexed, query):
    with pytest.raises(EmptyQueryError) as err:
        search(query, indexed)
    assert isinstance(err.value, ValueError)
    assert "Câu tìm kiếm đang trống" in str(err.value)


def test_filters_apply_to_both_rankings(indexed):
    query = "hướng dẫn người dân kỹ năng số, hồ sơ, dữ liệu hộ tịch"
    for mode in ("bm25", "dense", "hybrid"):
        hoa_an = search(query, indexed, SearchFilters(commune="hoa an"), k=10, mode=mode)
        assert hoa_an and all(h.commune == "Hòa An" for h in hoa_an), mode
        limits = search(query, indexed, SearchFilters(kind="han_che"), k=10, mode=mode)
        assert limits and all(h.kind == SectionKind.HAN_CHE.value for h in limits), mode
        plans = search(query, indexed, SearchFilters(is_directive=True), k=10, mode=mode)
        assert plans and all(h.source.endswith("hoa_an_ke_hoach.md") for h in plans), mode
        y2025 = search(query, indexed, SearchFilters(year=2025), k=10, mode=mode)
        assert y2025 and all(h.source.endswith("minh_khe_bao_cao.md") for h in y2025), mode
        assert search(query, indexed, SearchFilters(commune="Không Tồn Tại"), mode=mode) == []


def test_invalid_kind_lists_valid_choices():
    with pytest.raises(ValueError, match="Các giá trị hợp lệ: ket_qua"):
        SearchFilters(kind="khong_co")


def test_hit_span_points_into_the_document_text(indexed):
    hit = search("loa truyền thanh thông minh", indexed, k=1)[0]
    full = document_text(hit.doc_id, indexed)
    assert full[hit.span[0] : hit.span[1]] == hit.text
    assert get_chunk(hit.chunk_id, indexed).text == hit.text


def test_langchain_retriever_returns_documents_with_metadata(indexed):
    retriever = HybridRetriever(index=indexed, k=2, filters=SearchFilters(commune="Minh Khê"))
    docs = retriever.invoke("chữ ký số cá nhân")
    assert 1 <= len(docs) <= 2
    for d in docs:
        assert d.metadata["commune"] == "Minh Khê"
        assert {"chunk_id", "source", "section_path", "kind", "span", "score"} <= set(d.metadata)
    assert "chữ ký số" in docs[0].page_content
