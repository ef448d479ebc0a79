"""Reading the outline a directive prescribes, in the styles directives are written in."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.ingest.types import SectionKind as K
from assistant.outline import ReportSkeleton, read_skeleton

CORPUS_DIRECTIVE = "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx"


def _tree(skeleton: ReportSkeleton) -> list[tuple[int, str, K]]:
    return [(depth, s.heading, s.kind) for depth, s in skeleton.walk()]


def test_corpus_directive_appendix_outline_and_form(corpus_dir: Path, settings) -> None:
    sk = read_skeleton(corpus_dir / CORPUS_DIRECTIVE, settings)
    assert sk.origin == "directive"
    assert _tree(sk) == [
        (0, "I. KẾT QUẢ THỰC HIỆN", K.KET_QUA),
        (1, "1. Công tác lãnh đạo, chỉ đạo", K.KET_QUA),
        (1, "2. Kết quả thực hiện các nhiệm vụ", K.KET_QUA),
        (2, "a) Hạ tầng số và an toàn thông tin", K.KET_QUA),
        (2, "b) Dịch vụ công trực tuyến", K.KET_QUA),
        (2, "c) Dữ liệu dân cư và Đề án 06", K.KET_QUA),
        (0, "II. ĐÁNH GIÁ CHUNG", K.KHAC),
        (1, "1. Ưu điểm", K.UU_DIEM),
        (1, "2. Tồn tại, hạn chế", K.HAN_CHE),
        (1, "3. Nguyên nhân", K.NGUYEN_NHAN),
        (0, "III. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026", K.GIAI_PHAP),
        (0, "IV. ĐỀ XUẤT, KIẾN NGHỊ", K.KIEN_NGHI),
    ]
    # The directive's own body (căn cứ, mục đích yêu cầu, thời hạn) is not part of the outline.
    assert not any("Mục đích" in s.title or "Thời hạn" in s.title for _, s in sk.walk())
    guidance = {s.title: s.guidance for _, s in sk.walk()}
    assert guidance["Dịch vụ công trực tuyến"].startswith("Số hồ sơ tiếp nhận")
    assert "khách quan và chủ quan" in guidance["Nguyên nhân"]

    assert sk.deadline == date(2026, 6, 25)
    assert sk.recipients == ("UBND tỉnh (qua Sở Khoa học và Công nghệ)",)
    assert sk.period == "6 tháng đầu năm 2026"
    assert sk.report_type == "so_ket_6_thang"
    assert sk.title == "Kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026"

    ref = sk.directive
    assert ref is not None and (ref.doc_type, ref.number, ref.issued) == ("Công văn", "2145/UBND-KGVX", date(2026, 6, 2))
    assert ref.issuer == "Ủy ban nhân dân tỉnh Lam Sơn"
    assert ref.opening_line == (
        "Thực hiện Công văn số 2145/UBND-KGVX ngày 02/06/2026 của Ủy ban nhân dân tỉnh Lam Sơn về việc báo cáo "
        "kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026"
    )

    assert sk.columns == ("STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", "Kết quả 6 tháng", "Ghi chú")
    rows = [(i.group, i.numbering, i.name, i.unit, i.target) for i in sk.indicators]
    assert rows[0] == ("Dịch vụ công trực tuyến", "1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "≥ 80")
    assert rows[-1] == ("Dữ liệu dân cư (Đề án 06)", "6", "Tài khoản định danh điện tử mức độ 2 được kích hoạt",
                        "Tài khoản", "")
    assert len(rows) == 6 and {r[0] for r in rows} == {"Dịch vụ công trực tuyến", "Hạ tầng và nhân lực số",
                                                       "Dữ liệu dân cư (Đề án 06)"}
    assert sk.notes == ()


def test_numbered_headings_in_the_body_plain_text(make_text, settings, outline_fixtures) -> None:
    path = make_text("cong-van-cchc.txt", outline_fixtures.BODY_HEADINGS_TXT)
    sk = read_skeleton(path, settings)
    assert [s.heading for _, s in sk.walk()] == [
        "1. Công tác chỉ đạo, điều hành cải cách hành chính",
        "2. Kết quả cải cách thủ tục hành chính",
        "3. Khó khăn, vướng mắc và nguyên nhân",
        "4. Kiến nghị, đề xuất",
    ]
    kinds = [s.kind for _, s in sk.walk()]
    assert kinds[1:] == [K.KET_QUA, K.HAN_CHE, K.KIEN_NGHI]
    assert sk.sections[1].guidance.startswith("Số thủ tục đang thực hiện")
    # The deadline sits in "IV. TỔ CHỨC THỰC HIỆN", outside the outline: still found.
    assert sk.deadline == date(2026, 9, 20)
    assert sk.recipients == ("Sở Nội vụ",)
    assert (sk.period, sk.report_type) == ("quý III/2026", "tien_do_quy")
    assert sk.title == "Kết quả công tác cải cách hành chính quý III/2026"
    assert sk.directive is not None and sk.directive.issuer == "Ủy ban nhân dân tỉnh Nam Đồng"
    assert "Không thấy biểu mẫu chỉ tiêu trong văn bản." in sk.notes


def test_inline_list_markdown(make_text, settings, outline_fixtures) -> None:
    sk = read_skeleton(make_text("cong-van-thien-tai.md", outline_fixtures.INLINE_LIST_MD), settings)
    assert [(s.numbering, s.title, s.kind) for s in sk.sections] == [
        ("(1)", "Tình hình thiệt hại do thiên tai trên địa bàn thôn", K.KHAC),
        ("(2)", "Kết quả khắc phục hậu quả, hỗ trợ hộ bị thiệt hại", K.KET_QUA),
        ("(3)", "Tồn tại, hạn chế và nguyên nhân", K.HAN_CHE),
        ("(4)", "Đề xuất, kiến nghị với UBND xã", K.KIEN_NGHI),
    ]
    assert sk.deadline == date(2026, 11, 25)
    assert sk.recipients == ("Văn phòng UBND xã",)
    assert sk.directive is not None and sk.directive.issuer == "Ủy ban nhân dân xã Tân Lập"
    assert (sk.period, sk.report_type) == ("năm 2026", "tong_ket_nam")


def test_appendix_headings_without_diacritics_and_a_tab_form(make_text, settings, outline_fixtures) -> None:
    sk = read_skeleton(make_text("cong-van-ngan-sach.txt", outline_fixtures.NO_DIACRITICS_TXT), settings)
    assert _tree(sk) == [
        (0, "I. KET QUA THU NGAN SACH 6 THANG DAU NAM 2026", K.KET_QUA),
        (1, "1. Thu thue, phi, le phi", K.KET_QUA),
        (1, "2. Thu khac ngan sach", K.KET_QUA),
        (0, "II. DANH GIA", K.KHAC),
        (1, "1. Uu diem", K.UU_DIEM),
        (1, "2. Han che, nguyen nhan", K.HAN_CHE),
        (0, "III. GIAI PHAP 6 THANG CUOI NAM", K.GIAI_PHAP),
    ]
    assert [(i.name, i.unit, i.target) for i in sk.indicators] == [
        ("Thu thue", "Trieu dong", "1.200"), ("Thu phi, le phi", "Trieu dong", "300")]
    assert sk.deadline == date(2026, 6, 20) and sk.recipients == ("Sở Tài chính",)


def test_numbered_paragraphs_and_bullet_list_under_a_contents_heading(make_docx, settings) -> None:
    """A .docx whose "nội dung báo cáo" items are list paragraphs, not headings (they end in ";")."""
    path = make_docx("ke-hoach-kiem-tra.docx", [
        ("p", "ỦY BAN NHÂN DÂN XÃ HƯNG ĐẠO"),
        ("p", "Số: 14/KH-UBND"),
        ("p", "Hưng Đạo, ngày 03 tháng 3 năm 2026"),
        ("p", "KẾ HOẠCH"),
        ("p", "Kiểm tra công tác văn thư, lưu trữ quý I/2026"),
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("p", "Đánh giá việc chấp hành quy định về văn thư, lưu trữ tại các bộ phận chuyên môn."),
        ("h", "II. NỘI DUNG BÁO CÁO"),
        ("p", "Các bộ phận báo cáo theo các nội dung sau:"),
        ("p", "1. Kết quả thực hiện công tác văn thư: số văn bản đi, đến, văn bản điện tử;"),
        ("p", "2. Kết quả công tác lưu trữ: hồ sơ đã lập, nộp lưu;"),
        ("p", "3. Khó khăn, vướng mắc: nêu cụ thể;"),
        ("p", "4. Đề xuất, kiến nghị."),
        ("h", "III. TỔ CHỨC THỰC HIỆN"),
        ("p", "Các bộ phận gửi báo cáo về Văn phòng - Thống kê trước ngày 25/3/2026."),
    ])
    sk = read_skeleton(path, settings)
    assert [(s.numbering, s.title, s.kind, s.guidance) for s in sk.sections] == [
        ("1.", "Kết quả thực hiện công tác văn thư", K.KET_QUA, "số văn bản đi, đến, văn bản điện tử"),
        ("2.", "Kết quả công tác lưu trữ", K.KET_QUA, "hồ sơ đã lập, nộp lưu"),
        ("3.", "Khó khăn, vướng mắc", K.HAN_CHE, "nêu cụ thể"),
        ("4.", "Đề xuất, kiến nghị", K.KIEN_NGHI, ""),
    ]
    assert sk.deadline == date(2026, 3, 25) and sk.recipients == ("Văn phòng - Thống kê",)
    assert sk.period == "quý I/2026"


def test_contents_announced_then_listed_in_bullets(make_text, settings) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\n\nXÃ PHÚ LỘC\n\nSố: 52/UBND-VP\nV/v báo cáo tình hình thực hiện tháng 4/2026\n\n"
        "Phú Lộc, ngày 20 tháng 4 năm 2026\n\n"
        "Kính gửi: Các ban, ngành, đoàn thể xã.\n\n"
        "Để phục vụ giao ban tháng, đề nghị các ban, ngành báo cáo tập trung vào các nội dung sau:\n\n"
        "- Kết quả thực hiện nhiệm vụ trong tháng;\n\n- Những khó khăn, vướng mắc;\n\n"
        "- Nhiệm vụ trọng tâm tháng tới.\n\n"
        "Báo cáo gửi về Văn phòng HĐND và UBND xã trước ngày 28/4/2026.\n"
    )
    sk = read_skeleton(make_text("cong-van-giao-ban.txt", text), settings)
    assert [(s.title, s.kind) for s in sk.sections] == [
        ("Kết quả thực hiện nhiệm vụ trong tháng", K.KET_QUA),
        ("Những khó khăn, vướng mắc", K.HAN_CHE),
        ("Nhiệm vụ trọng tâm tháng tới", K.GIAI_PHAP),
    ]
    assert (sk.period, sk.report_type) == ("tháng 4/2026", "tien_do_thang")
    assert sk.deadline == date(2026, 4, 28)


def test_directive_without_an_outline_falls_back_to_the_default_one(corpus_dir: Path, settings) -> None:
    sk = read_skeleton(corpus_dir / "ke-hoach-xa-hoa-phong-chuyen-doi-so-2026.docx", settings)
    assert sk.origin == "directive"
    assert [s.heading for s in sk.sections][:2] == ["I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2026", "II. ĐÁNH GIÁ CHUNG"]
    assert any("đề cương mặc định" in n for n in sk.notes)
    # The plan's own headings (mục đích, chỉ tiêu, tổ chức thực hiện) are not taken as the outline.
    assert not any("MỤC ĐÍCH" in s.title for _, s in sk.walk())


def test_skeleton_json_round_trip(corpus_dir: Path, settings) -> None:
    sk = read_skeleton(corpus_dir / CORPUS_DIRECTIVE, settings)
    assert ReportSkeleton.from_dict(sk.to_dict()) == sk


def test_markdown_appendix_heading_clock_deadline_and_recipient_after_another_gui(make_text, settings) -> None:
    text = (
        "# ỦY BAN NHÂN DÂN TỈNH HÀ TÂY NAM\n\nSố: 1402/UBND-VX\n\nV/v báo cáo tổng kết công tác giảm nghèo năm 2026\n\n"
        "Hà Tây Nam, ngày 20 tháng 11 năm 2026\n\nKính gửi: UBND các xã, phường.\n\n"
        "UBND tỉnh đề nghị UBND các xã, phường xây dựng báo cáo tổng kết (theo đề cương gửi kèm), gửi báo cáo "
        "bằng văn bản về Sở Nông nghiệp và Môi trường trước 16 giờ 00 ngày 10/12/2026.\n\n"
        "## Phụ lục: ĐỀ CƯƠNG BÁO CÁO\n\n### I. Kết quả thực hiện\n\n#### 1. Kết quả giảm nghèo\n\n"
        "#### 2. Kết quả thực hiện chính sách\n\n### II. Tồn tại, hạn chế và nguyên nhân\n\n"
        "### III. Phương hướng, nhiệm vụ năm 2027\n\n### IV. Kiến nghị\n"
    )
    sk = read_skeleton(make_text("giam-ngheo.md", text), settings)
    assert [(d, s.heading, s.kind) for d, s in sk.walk()] == [
        (0, "I. Kết quả thực hiện", K.KET_QUA), (1, "1. Kết quả giảm nghèo", K.KET_QUA),
        (1, "2. Kết quả thực hiện chính sách", K.KET_QUA), (0, "II. Tồn tại, hạn chế và nguyên nhân", K.HAN_CHE),
        (0, "III. Phương hướng, nhiệm vụ năm 2027", K.GIAI_PHAP), (0, "IV. Kiến nghị", K.KIEN_NGHI),
    ]
    assert sk.deadline == date(2026, 12, 10) and sk.recipients == ("Sở Nông nghiệp và Môi trường",)
    assert (sk.title, sk.report_type) == ("Tổng kết công tác giảm nghèo năm 2026", "tong_ket_nam")


def test_semicolon_list_of_a_department_cong_van(make_text, settings) -> None:
    """A Sở's công văn (số ký hiệu without a type code ingestion knows), contents as a "…; …" list."""
    text = (
        "SỞ NỘI VỤ TỈNH ĐÔNG HẢI\n\nSố: 77/SNV-CCHC\nV/v báo cáo công tác cải cách hành chính 6 tháng đầu năm 2026\n\n"
        "Đông Hải, ngày 2 tháng 6 năm 2026\n\nKính gửi: Ủy ban nhân dân các xã, phường.\n\n"
        "Đề nghị UBND các xã, phường báo cáo các nội dung sau: kết quả cải cách thủ tục hành chính; kết quả cải "
        "cách tổ chức bộ máy; khó khăn, vướng mắc; đề xuất, kiến nghị. Báo cáo gửi Sở Nội vụ chậm nhất là ngày "
        "15 tháng 6 năm 2026.\n"
    )
    sk = read_skeleton(make_text("cchc.txt", text), settings)
    assert sk.origin == "directive"
    assert [(s.title, s.kind) for s in sk.sections] == [
        ("Kết quả cải cách thủ tục hành chính", K.KET_QUA), ("Kết quả cải cách tổ chức bộ máy", K.KET_QUA),
        ("Khó khăn, vướng mắc", K.HAN_CHE), ("Đề xuất, kiến nghị", K.KIEN_NGHI),
    ]
    assert sk.deadline == date(2026, 6, 15) and sk.recipients == ("Sở Nội vụ",)
    assert sk.directive is not None
    assert sk.directive.opening_line.startswith("Thực hiện Công văn số 77/SNV-CCHC ngày 02/06/2026 của Sở Nội vụ tỉnh Đông Hải")


def test_word_heading_styles_and_a_tasks_heading(tmp_path: Path, settings) -> None:
    from docx import Document as new_docx

    d = new_docx()
    for text in ("ỦY BAN NHÂN DÂN", "TỈNH TRƯỜNG GIANG", "Số: 903/UBND-TH",
                 "V/v báo cáo kết quả thực hiện nhiệm vụ quý II/2026", "Trường Giang, ngày 5 tháng 6 năm 2026",
                 "Kính gửi: UBND các xã.",
                 "UBND tỉnh đề nghị UBND các xã báo cáo theo đề cương gửi kèm; báo cáo gửi về Văn phòng UBND tỉnh "
                 "trước ngày 30/6/2026.", "Nơi nhận:", "- Như trên;"):
        d.add_paragraph(text)
    d.add_heading("ĐỀ CƯƠNG BÁO CÁO", level=1)
    for heading in ("I. Kết quả thực hiện nhiệm vụ quý II/2026", "II. Khó khăn, vướng mắc", "III. Nhiệm vụ quý III/2026",
                    "IV. Kiến nghị"):
        d.add_heading(heading, level=2)
        d.add_paragraph("Nêu cụ thể.")
    d.save(tmp_path / "styles.docx")
    sk = read_skeleton(tmp_path / "styles.docx", settings)
    assert [(s.heading, s.kind) for s in sk.sections] == [
        ("I. Kết quả thực hiện nhiệm vụ quý II/2026", K.KET_QUA), ("II. Khó khăn, vướng mắc", K.HAN_CHE),
        ("III. Nhiệm vụ quý III/2026", K.GIAI_PHAP), ("IV. Kiến nghị", K.KIEN_NGHI),
    ]
    assert all(s.guidance == "Nêu cụ thể." for s in sk.sections)
    assert (sk.deadline, sk.recipients) == (date(2026, 6, 30), ("Văn phòng UBND tỉnh",))


def test_skeleton_as_a_report_to_draft_into(corpus_dir: Path, settings) -> None:
    from assistant.outline import report_from_skeleton
    from assistant.report import report_from_json, report_to_json

    sk = read_skeleton(corpus_dir / CORPUS_DIRECTIVE, settings)
    report = report_from_skeleton(sk, settings.header, commune_name="xã Hòa Phong")
    assert report.header.title == sk.title and report.header.recipients == sk.recipients
    assert report.header.organ == "XÃ HÒA PHONG"
    assert [(s.label, s.heading, s.kind) for s in report.sections][:2] == [
        ("I.", "KẾT QUẢ THỰC HIỆN", "ket_qua"), ("II.", "ĐÁNH GIÁ CHUNG", "khac")]
    assert [c.kind for c in report.sections[1].children] == ["uu_diem", "han_che", "nguyen_nhan"]
    rows = report.table.rows
    assert (rows[0].is_group, rows[0].tt, rows[0].name) == (True, "I", "Dịch vụ công trực tuyến")
    assert (rows[1].tt, rows[1].name, rows[1].unit, rows[1].target) == ("1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "≥ 80")
    assert report_from_json(report_to_json(report)).sections[0].heading == "KẾT QUẢ THỰC HIỆN"
    assert report.opening.startswith("Thực hiện Công văn số ") and report.opening.endswith(
        "Ủy ban nhân dân xã Hòa Phong báo cáo như sau:")
    assert report_from_json(report_to_json(report)).opening == report.opening

    # the empty report exports: headings, the form to fill, the trích yếu
    from docx import Document as open_docx

    from assistant.export import export_report

    out = settings.data_dir / "khung.docx"
    out.parent.mkdir(parents=True, exist_ok=True)
    export_report(report, out)
    text = "\n".join(p.text for p in open_docx(out).paragraphs)
    assert "KẾT QUẢ THỰC HIỆN" in text and sk.title in text


def test_two_forms_the_first_is_read_and_the_officer_told(make_text, settings) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\n\nXÃ ĐỒNG TÂM\n\nSố: 41/UBND-VP\nV/v báo cáo kết quả công tác y tế quý I/2026\n\n"
        "Đồng Tâm, ngày 10 tháng 3 năm 2026\n\n"
        "Đề nghị Trạm Y tế báo cáo các nội dung sau: kết quả khám chữa bệnh; khó khăn, vướng mắc. "
        "Báo cáo gửi về Văn phòng UBND xã trước ngày 25/3/2026.\n\n"
        "Biểu 01\n\nSTT\tChỉ tiêu\tĐơn vị tính\tKết quả\n1\tLượt khám bệnh\tLượt\t\n2\tTrẻ được tiêm chủng\tTrẻ\t\n\n"
        "Biểu 02\n\nSTT\tNội dung\tĐơn vị tính\tKết quả\n1\tCơ sở được kiểm tra\tCơ sở\t\n"
    )
    sk = read_skeleton(make_text("y-te.txt", text), settings)
    assert [i.name for i in sk.indicators] == ["Lượt khám bệnh", "Trẻ được tiêm chủng"]
    assert any("2 bảng chỉ tiêu" in n for n in sk.notes)


def test_outline_cues() -> None:
    from assistant.outline.directive import outline_cue

    assert [outline_cue(h) for h in ("ĐỀ CƯƠNG BÁO CÁO", "DE CUONG BAO CAO", "II. NỘI DUNG BÁO CÁO", "MẪU BÁO CÁO",
                                     "Bố cục báo cáo", "BIỂU MẪU BÁO CÁO", "I. MỤC ĐÍCH, YÊU CẦU",
                                     "III. TỔ CHỨC THỰC HIỆN", "Chế độ báo cáo")] == [2, 2, 1, 1, 1, 0, 0, 0, 0]
