"""Query-side analysis: diacritic restoration from the corpus, question phrasing, BM25 text."""

from __future__ import annotations

from assistant.retrieve.analyzer import query_terms
from assistant.retrieve.diacritics import DiacriticRestorer
from assistant.retrieve.lexical import lexical_text
from assistant.retrieve.records import ChunkRecord

# Fictional commune texts: "ký số" and "kỹ năng" share folded syllables with other forms.
TEXTS = [
    "Tỷ lệ hồ sơ trực tuyến toàn trình của xã Hòa An đạt 87%.",
    "Cán bộ, công chức được cấp chữ ký số cá nhân; văn bản điện tử được ký số.",
    "Tổ công nghệ số cộng đồng hướng dẫn kỹ năng số cho người dân ở thôn.",
    "Phú Thịnh rà soát thủ tục hành chính, cập nhật dữ liệu dân cư.",
    "Kỹ năng sử dụng điện thoại thông minh của người cao tuổi còn hạn chế.",
]


def test_restores_domain_terms_from_the_corpus_vocabulary():
    restorer = DiacriticRestorer(TEXTS)
    assert restorer.restore("ty le ho so truc tuyen") == "tỷ lệ hồ sơ trực tuyến"
    assert restorer.restore("chu ky so cua can bo cong chuc") == "chữ ký số của cán bộ công chức"
    # Bigram context decides between forms of one folded syllable: "kỹ năng" vs "ký số".
    assert restorer.restore("ky nang so") == "kỹ năng số"


def test_keeps_typed_diacritics_unknown_syllables_and_punctuation():
    restorer = DiacriticRestorer(TEXTS)
    assert restorer.restore("Phú Thinh, xyz 2026?") == "phú thịnh, xyz 2026?"
    assert restorer.restore("") == ""


def test_question_phrasing_is_marked_but_content_homographs_are_not():
    terms = {t.token: t.question for t in query_terms("liên minh bảo đảm an toàn thế nào")}
    assert terms["thế"] and terms["nào"] and terms["thế_nào"] and terms["~the_nao"]
    assert not terms["bảo"] and not terms["bảo_đảm"] and not terms["an_toàn"]
    # Typed without diacritics: the folded question syllables are recognised too.
    plain = {t.token: t.question for t in query_terms("so hoa co khong")}
    assert plain["khong"] and plain["co"] and not plain["so_hoa"]


def _chunk(commune: str) -> ChunkRecord:
    meta = {"commune": commune} if commune else {}
    return ChunkRecord("d:0", "d", "a.md", 0, "Nội dung.", "I. KẾT QUẢ\nNội dung.", "I. KẾT QUẢ", "ket_qua", (0, 9), meta)


def test_bm25_text_carries_the_commune_name():
    assert lexical_text(_chunk("Hòa An")).startswith("xã Hòa An\nI. KẾT QUẢ")
    assert lexical_text(_chunk("")) == "I. KẾT QUẢ\nNội dung."
