"""The Tìm kiếm screen's result list: "cũng có trong" for a passage several files contain."""

from __future__ import annotations

from ui.screens.search import hits_html


def _hit(**extra) -> dict:
    base = {"title": "Báo cáo xã Đông Phú", "source": "corpus/xa_dong_phu.md", "doc_type": "BÁO CÁO",
            "commune": "Đông Phú", "date": "2026-06-05", "section_path": "I. KẾT QUẢ", "kind": "ket_qua",
            "snippet_html": "Bộ phận <mark>Một cửa</mark>"}
    return {**base, **extra}


def test_other_sources_are_shown_escaped() -> None:
    html = hits_html([_hit(also_in=["corpus/a.md"], also_in_text="cũng có trong: xa_tay_phu.md, <b>x</b>.md")])
    assert "cũng có trong: xa_tay_phu.md, &lt;b&gt;x&lt;/b&gt;.md" in html
    assert "<mark>Một cửa</mark>" in html


def test_a_passage_in_one_file_has_no_note() -> None:
    assert "cũng có trong" not in hits_html([_hit(also_in=[], also_in_text="")])
    assert "cũng có trong" not in hits_html([_hit()])  # a hit kept from before the field existed
