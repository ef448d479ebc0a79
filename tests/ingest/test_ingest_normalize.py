"""Normalization: tone canonicalization, folding, LaTeX residue, extraction noise, hard wraps."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, strategies as st

from assistant.ingest.blocks import blocks_from_text, render_blocks
from assistant.ingest.normalize import canonical_tone, clean_latex, fold_diacritics


def display_text(raw: str) -> str:
    """What ``Document.text`` holds for a plain-text/markdown file with this content."""
    return render_blocks(blocks_from_text(raw))[0]


@pytest.mark.parametrize(
    ("old", "new"),
    [("hoá", "hóa"), ("Thuỷ", "Thủy"), ("uỷ ban", "ủy ban"), ("oà", "òa"), ("HOÁ", "HÓA"), ("khoẻ", "khỏe"),
     ("số hoá hồ sơ", "số hóa hồ sơ")],
)
def test_canonical_tone_maps_old_style_to_one_form(old: str, new: str) -> None:
    assert canonical_tone(old) == new
    assert canonical_tone(new) == new


@pytest.mark.parametrize("word", ["quý", "hoàn thành", "toán", "thuyết", "khuyến", "Quỳnh"])
def test_canonical_tone_leaves_closed_syllables_and_qu_alone(word: str) -> None:
    assert canonical_tone(word) == word


def test_canonical_tone_composes_cp1258_style_combining_marks() -> None:
    decomposed = unicodedata.normalize("NFD", "Ủy ban nhân dân")
    assert canonical_tone(decomposed) == "Ủy ban nhân dân"


def test_fold_diacritics() -> None:
    assert fold_diacritics("Tỷ lệ hồ sơ TRỰC TUYẾN, Đề án 06") == "ty le ho so truc tuyen, de an 06"
    assert fold_diacritics("hoá") == fold_diacritics("hóa")


@given(st.text(alphabet="aăâeêioôơuưyAĂÂEÊIOÔƠUƯYđĐhqtkn \u0300\u0301\u0303\u0309\u0323", max_size=40))
def test_matching_forms_are_idempotent(text: str) -> None:
    once = canonical_tone(text)
    assert canonical_tone(once) == once
    assert fold_diacritics(once) == fold_diacritics(text)


def test_latex_residue_becomes_plain_symbols() -> None:
    assert clean_latex(r"%	$\geq 98$	100") == "%	≥ 98	100"
    assert clean_latex(r"có $2996/3270 = 91,62\%$ hồ sơ") == "có 2996/3270 = 91,62% hồ sơ"
    assert clean_latex("giá $5 và $7") == "giá $5 và $7"  # not math


def test_normalize_drops_page_numbers_and_signature_timestamps() -> None:
    raw = (
        "Công tác rà soát được thực hiện chủ động, hỗ trợ hiệu quả trong cải cách hành chính và phát triển \n\n\n\n"
        "4\n\nkinh tế – xã hội tại địa phương.\n\nPhạm Văn An\n\n\n\t\t2025-11-03T16:25:33+0700\n\n\n"
        "\t\t2025-11-04T07:55:39+0700\n"
    )
    text = display_text(raw)
    assert "phát triển kinh tế – xã hội tại địa phương." in text
    assert "2025-11-03T" not in text and "\n4\n" not in text
    assert text.endswith("Phạm Văn An")


def test_normalize_rejoins_blank_line_inside_sentence_and_strips_markup() -> None:
    raw = "## **I. KẾT QUẢ**\n\n- Trách nhiệm: Ủy ban nhân dân xã chịu trách nhiệm trong quá trình thực\n\nhiện; tham gia góp ý.\n"
    assert display_text(raw) == "I. KẾT QUẢ\n\n- Trách nhiệm: Ủy ban nhân dân xã chịu trách nhiệm trong quá trình thực hiện; tham gia góp ý."


def test_normalize_keeps_tab_tables_and_drops_bold_tags_and_repeated_header() -> None:
    raw = (
        "TT\tChỉ tiêu\tKết quả\n<b>I</b>\t<b>Hạ tầng</b>\t\n1.\tPhủ sóng 5G\t72,5\n\n"
        "<b>TT</b>\t<b>Chỉ tiêu</b>\t<b>Kết quả</b>\n2.\tCáp quang đến thôn\t100\n"
    )
    assert display_text(raw) == "TT\tChỉ tiêu\tKết quả\nI\tHạ tầng\n1.\tPhủ sóng 5G\t72,5\n2.\tCáp quang đến thôn\t100"


def test_normalize_keeps_original_tone_placement() -> None:
    assert "số hoá" in display_text("Đã thực hiện số hoá tài liệu lưu trữ.")
