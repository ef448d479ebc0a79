"""Parsing the real seed reports (../shared/seeds): quirks, heading trees, kinds, metadata, eval answers."""

from __future__ import annotations

from assistant.ingest.normalize import clean_latex
from assistant.ingest.structure import iter_sections, section_paths
from assistant.ingest.types import SectionKind

from .conftest import seed, ws


def _sections(doc) -> dict[str, object]:
    paths = section_paths(doc.root)
    return {paths[id(s)]: s for s in iter_sections(doc.root) if s is not doc.root}


def test_seed_002_hard_wraps_page_numbers_and_timestamps(parsed_seeds) -> None:
    doc, _ = seed(parsed_seeds, "002")
    # a sentence broken across a page number ("...phát triển\n\n\n\n4\n\nkinh tế – xã hội")
    assert "hỗ trợ hiệu quả trong cải cách hành chính và phát triển kinh tế – xã hội tại địa phương." in doc.text
    # a blank line inside a sentence ("Kết quả \n\nthực hiện 34/34")
    assert "Kết quả thực hiện 34/34 nhiệm vụ đã hoàn thành đạt 100%" in doc.text
    assert "T16:25:33" not in doc.text and "+0700" not in doc.text
    assert "\n4\n" not in doc.text
    assert doc.raw_text.count("+0700") == 7  # the raw text keeps what the loader read


def test_seed_002_heading_tree(parsed_seeds) -> None:
    doc, _ = seed(parsed_seeds, "002")
    sections = _sections(doc)
    assert "B. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN > II. VỀ HOÀN THIỆN THỂ CHẾ, CƠ CHẾ, CHÍNH SÁCH > 2. Tồn tại, hạn chế" in sections
    # a heading wrapped over two lines is one heading
    assert any(p.endswith("V. VỀ BẢO ĐẢM KINH PHÍ CHO KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI SỐ") for p in sections)
    assert sections["C. KIẾN NGHỊ, ĐỀ XUẤT"].kind is SectionKind.KIEN_NGHI
    letters = [s.label for p, s in sections.items() if p.startswith(
        "B. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN > III. VỀ CHUYỂN ĐỔI SỐ QUỐC GIA > 1. Tình hình, kết quả thực hiện > ")]
    assert letters == ["a)", "b)", "c)", "d)", "đ)", "e)"], "đ) sits between d) and e)"
    # the list of decisions under A. is body text, not headings
    assert not any("Quyết định số" in p for p in sections)


def test_seed_000_markdown_tree_and_kinds(parsed_seeds) -> None:
    doc, chunks = seed(parsed_seeds, "000")
    sections = _sections(doc)
    assert sections["IV. ĐÁNH GIÁ CHUNG > 2. Hạn chế"].kind is SectionKind.HAN_CHE
    assert sections["IV. ĐÁNH GIÁ CHUNG > 1. Ưu điểm"].kind is SectionKind.UU_DIEM
    assert sections["IV. ĐÁNH GIÁ CHUNG > 3. Nguyên nhân"].kind is SectionKind.NGUYEN_NHAN
    assert sections["V. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"].kind is SectionKind.GIAI_PHAP
    assert sections["VI. KIẾN NGHỊ, ĐỀ XUẤT"].kind is SectionKind.KIEN_NGHI
    assert sections["I. ĐẶC ĐIỂM TÌNH HÌNH, CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"].kind is SectionKind.DAC_DIEM
    # a "Về …" topic of the results part reports results, though it names "phân công trách nhiệm"
    results = "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU, NHIỆM VỤ"
    assert sections[results].kind is SectionKind.KET_QUA
    assert sections[f"{results} > 2. Về phân công trách nhiệm và xử lý nhiệm vụ có thời hạn"].kind is SectionKind.KET_QUA
    # "## **2. Công tác lãnh đạo**" uses the wrong markdown level: numbering wins
    assert "I. ĐẶC ĐIỂM TÌNH HÌNH, CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH > 2. Công tác lãnh đạo, chỉ đạo" in sections
    # numbered items under V. are list items, not headings
    assert not any(p.startswith("V. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI > ") for p in sections)
    assert {c.kind for c in chunks if c.section_path == "V. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI"} == {SectionKind.GIAI_PHAP}


def test_seed_001_inline_labels_become_subsections(parsed_seeds) -> None:
    doc, chunks = seed(parsed_seeds, "001")
    sections = _sections(doc)
    base = "I. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN NHIỆM VỤ TRỌNG TÂM > 3. Về bảo đảm nguồn nhân lực > 3.2. Nhận xét, đánh giá"
    assert sections[f"{base} > Ưu điểm"].kind is SectionKind.UU_DIEM
    assert sections[f"{base} > Tồn tại, hạn chế"].kind is SectionKind.HAN_CHE
    assert sections[f"{base} > Khó khăn, vướng mắc"].kind is SectionKind.HAN_CHE
    assert sections[f"{base} > Giải pháp"].kind is SectionKind.GIAI_PHAP
    assert sections[f"{base} > Trách nhiệm"].kind is SectionKind.TRACH_NHIEM
    hits = [c for c in chunks if c.section_path == f"{base} > Tồn tại, hạn chế"]
    assert len(hits) == 1 and hits[0].text.startswith("- Tồn tại, hạn chế: Trong kỳ báo cáo")
    # an unbulleted "Nguyên nhân: …" paragraph too
    assert any(p.endswith("4.1. Tình hình, kết quả thực hiện > Nguyên nhân") for p in sections)
    # "**1.2. …**" (bold only) and "##### 1.1." (markdown) are both headings at the same level
    assert any(p.endswith("1. Về công tác chỉ đạo, điều hành và tổ chức thực hiện > 1.2. Thống kê số cuộc họp/Phiên họp của Ban Chỉ đạo/Thường trực Ban Chỉ đạo/lãnh đạo Ban Chỉ đạo với Thường trực Tổ Giúp việc và các cơ quan liên quan") for p in sections)


def test_seed_001_tables_keep_header_and_drop_latex(parsed_seeds) -> None:
    doc, chunks = seed(parsed_seeds, "001")
    assert "$\\geq" not in doc.text and "≥ 98" in doc.text
    assert "<b>" not in doc.text
    table_chunks = [c for c in chunks if c.section_path == "Phụ lục. TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU" and "\t" in c.text]
    assert len(table_chunks) >= 2
    for c in table_chunks:
        assert c.text.startswith("TT\tChỉ tiêu\tĐơn vị tính\tMục Tiêu\tKết quả tháng 4/2026\n")
    # the header repeated after the page break is dropped from the text itself
    assert doc.text.count("TT\tChỉ tiêu\tĐơn vị tính") == 1


def test_seed_003_parts_letters_and_appendix(parsed_seeds) -> None:
    doc, _ = seed(parsed_seeds, "003")
    sections = _sections(doc)
    assert "Phần 1 TÌNH HÌNH, KẾT QUẢ THỰC HIỆN > III. VỀ CHUYỂN ĐỔI SỐ > 1. Tình hình, kết quả thực hiện > a) Về thủ tục hành chính (TTHC) và cung cấp dịch vụ công trực tuyến (DVCTT)" in sections
    part3 = "Phần 3 BÀI HỌC KINH NGHIỆM VÀ NHIỆM VỤ, GIẢI PHÁP TRONG TÂM THÁNG 6 VÀ 6 THÁNG CUỐI NĂM 2026"
    assert sections[f"{part3} > I. MỘT SỐ BÀI HỌC KINH NGHIỆM"].kind is SectionKind.BAI_HOC
    assert sections[f"{part3} > II. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM"].kind is SectionKind.GIAI_PHAP
    assert sections[f"{part3} > III. ĐỀ XUẤT, KIẾN NGHỊ"].kind is SectionKind.KIEN_NGHI
    assert "CÁC PHỤ LỤC CHI TIẾT" in sections  # after the signature block
    assert "91,62%" in doc.text and "\\%" not in doc.text


def test_seed_metadata(parsed_seeds) -> None:
    expected = {
        "000": ("BÁO CÁO", "Thiệu Trung", "Thanh Hóa", "", 2026, "Trịnh Đình Tùng"),
        "001": ("BÁO CÁO", "Phú Thịnh", "Thái Nguyên", "2026-04-24", 2026, "Nguyễn Hữu Đông"),
        "002": ("BÁO CÁO", "Liên Minh", "", "", 2025, "Phạm Trí Dũng"),
        "003": ("BÁO CÁO", "Tân Cương", "Thái Nguyên", "", 2026, "Đông Đức Phương"),
    }
    for prefix, (doc_type, commune, province, date, year, signer) in expected.items():
        doc, _ = seed(parsed_seeds, prefix)
        assert (doc.doc_type, doc.commune, doc.province, doc.date, doc.year, doc.signer) == (
            doc_type, commune, province, date, year, signer), prefix
        assert doc.is_directive is False
    doc, _ = seed(parsed_seeds, "003")
    assert doc.period == "5 tháng đầu năm 2026"
    assert doc.title.startswith("Tình hình triển khai thực hiện Nghị quyết số 57-NQ/TW 5 tháng đầu năm 2026")
    assert doc.number == "/BC-UBND"
    doc, _ = seed(parsed_seeds, "002")
    assert doc.title.startswith("Tình hình, kết quả lãnh đạo, chỉ đạo và tổ chức thực hiện Nghị quyết số 57-NQ/TW")


def test_every_retrieval_answer_lies_inside_one_chunk(parsed_seeds, eval_records) -> None:
    """The chunker never cuts an answer sentence of the retrieval dev set."""
    for rec in eval_records("retrieval_dev.jsonl"):
        for alt in [rec] + rec.get("also", []):
            _, chunks = parsed_seeds[alt["seed"]]
            answer = ws(alt["answer"])
            assert any(answer in ws(c.text) for c in chunks), (rec["id"], alt["answer"])


def test_retrieval_answers_survive_clause_splitting(seeds_dir, settings, eval_records) -> None:
    """With a small chunk size the longest seed sentences are split at "; " / ", " — answers stay whole."""
    from assistant.ingest import chunk_document, load_document

    tight = settings.replace(chunk_max_chars=400)
    chunks = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        chunks[path.name] = chunk_document(load_document(path, tight, source=path.name), tight)
    for rec in eval_records("retrieval_dev.jsonl"):
        assert any(
            any(ws(alt["answer"]) in ws(c.text) for c in chunks[alt["seed"]]) for alt in [rec] + rec.get("also", [])
        ), rec["id"]


def test_numbers_quotes_survive_normalization(parsed_seeds, eval_records) -> None:
    for rec in eval_records("numbers_dev.jsonl"):
        doc, chunks = parsed_seeds[rec["seed"]]
        for quote in [rec["quote"]] + rec.get("other_quotes", []):
            q = ws(clean_latex(quote))
            assert q in ws(doc.text), (rec["id"], quote)
            assert any(q in ws(c.text) for c in chunks), (rec["id"], quote)
