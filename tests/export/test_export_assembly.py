"""Assembling a report from accepted drafts: skeleton placement, "Đánh giá chung" split, citations, header, table.

Texts are written for a fictional commune (Tân Hòa) in the style of the drafts the composer
produces: labelled paragraphs for "Đánh giá chung", per-draft citation markers from [1].
"""

from __future__ import annotations

from decimal import Decimal

from assistant.export import ExportOptions, export_report
from assistant.facts.model import Fact
from assistant.ingest import load_document
from assistant.report import (
    EVALUATION_KIND,
    AcceptedSection,
    Citation,
    ReportHeader,
    assemble_report,
    find_section,
    indicator_table,
    report_header,
    split_evaluation,
)
from assistant.settings import CommuneHeader

EVALUATION = (
    "Ưu điểm: UBND xã Tân Hòa đã tiếp nhận 1.254 hồ sơ, trong đó 1.067 hồ sơ nộp trực tuyến [1].\n"
    "Tồn tại, hạn chế: việc ký số hồ sơ còn chậm do thiết bị chưa đầy đủ [2].\n"
    "Người dân ở thôn xa còn gặp khó khăn khi thanh toán trực tuyến.\n"
    "Nguyên nhân: hạ tầng mạng ở một số thôn chưa ổn định [1]."
)
SOURCE_A = Citation(1, "bao-cao-tan-hoa-quy-1.md", "II. ĐÁNH GIÁ CHUNG > 1. Ưu điểm", (10, 90))
SOURCE_B = Citation(2, "bao-cao-tan-hoa-thang-4.docx", "I. ĐÁNH GIÁ CHUNG > 1. Tồn tại, hạn chế", (5, 60))


def _evaluation() -> AcceptedSection:
    return AcceptedSection(EVALUATION_KIND, EVALUATION, "Đánh giá chung", (SOURCE_A, SOURCE_B))


def test_danh_gia_chung_lands_in_its_three_subsections() -> None:
    report = assemble_report(ReportHeader(), [_evaluation()]).report
    assert [s.title for s in report.sections] == ["II. ĐÁNH GIÁ CHUNG"]
    evaluation = report.sections[0]
    assert evaluation.paragraphs == []  # nothing left at the II. level
    assert [(c.label, c.heading, c.kind) for c in evaluation.children] == [
        ("1.", "Ưu điểm", "uu_diem"), ("2.", "Hạn chế", "han_che"), ("3.", "Nguyên nhân", "nguyen_nhan")]
    assert find_section(report, "II/1").paragraphs == [
        "UBND xã Tân Hòa đã tiếp nhận 1.254 hồ sơ, trong đó 1.067 hồ sơ nộp trực tuyến [1]."]
    # The label becomes the heading; the body starts with a capital; unlabelled lines follow their part.
    assert find_section(report, "II/2").paragraphs == [
        "Việc ký số hồ sơ còn chậm do thiết bị chưa đầy đủ [2].",
        "Người dân ở thôn xa còn gặp khó khăn khi thanh toán trực tuyến."]
    assert find_section(report, "II/3").paragraphs == ["Hạ tầng mạng ở một số thôn chưa ổn định [1]."]


def test_split_evaluation_accepts_the_short_label_and_a_lead_paragraph() -> None:
    parts = split_evaluation("Năm 2026 xã tiếp tục cải cách.\nHạn chế:\ncòn chậm.\nNguyên nhân: thiếu máy.")
    assert parts == [("", ["Năm 2026 xã tiếp tục cải cách."]), ("han_che", ["còn chậm."]),
                     ("nguyen_nhan", ["Thiếu máy."])]


def test_citations_are_renumbered_across_the_report_and_shared_passages_keep_one_number() -> None:
    results = AcceptedSection("ket_qua", "Xã đã số hóa 96,5% hồ sơ [1]. Cổng dịch vụ công hoạt động ổn định [2].",
                              citations=(Citation(1, "ke-hoach-cds.md", "II. NHIỆM VỤ", (0, 40)),
                                         Citation(2, "bao-cao-tan-hoa-quy-1.md",
                                                  "II. ĐÁNH GIÁ CHUNG > 1. Ưu điểm", (10, 90))))
    tasks = AcceptedSection("giai_phap", "Trang bị thêm thiết bị ký số [1] [7].",
                            citations=(Citation(1, "ke-hoach-cds.md", "III. GIẢI PHÁP", (50, 80)),))
    report = assemble_report(ReportHeader(), [results, _evaluation(), tasks]).report
    assert find_section(report, "I").paragraphs == [
        "Xã đã số hóa 96,5% hồ sơ [1]. Cổng dịch vụ công hoạt động ổn định [2]."]
    # SOURCE_A is results' [2] already: the evaluation's [1] becomes [2]; its [2] is new → [3].
    assert find_section(report, "II/1").paragraphs[0].endswith("trực tuyến [2].")
    assert find_section(report, "II/2").paragraphs[0].endswith("chưa đầy đủ [3].")
    # A marker without a citation ([7]) is dropped, not left dangling.
    assert find_section(report, "III").paragraphs == ["Trang bị thêm thiết bị ký số [4]."]
    assert [(c.marker, c.source, c.span) for c in report.citations] == [
        (1, "ke-hoach-cds.md", (0, 40)), (2, SOURCE_A.source, SOURCE_A.span), (3, SOURCE_B.source, SOURCE_B.span),
        (4, "ke-hoach-cds.md", (50, 80))]


def test_sections_follow_the_skeleton_and_unplaceable_kinds_get_a_note() -> None:
    drafts = [AcceptedSection("kien_nghi", "Đề nghị UBND tỉnh cấp thêm thiết bị ký số."),
              AcceptedSection("han_che", "Một số thôn chưa có sóng ổn định."),
              AcceptedSection("bai_hoc", "Cần phân công rõ người phụ trách.", title="Bài học kinh nghiệm")]
    result = assemble_report(ReportHeader(), drafts)
    assert [s.title for s in result.report.walk()] == ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG", "2. Hạn chế",
                                                       "IV. KIẾN NGHỊ"]
    assert find_section(result.report, "I").paragraphs == ["Cần phân công rõ người phụ trách."]
    assert result.notes == ["Mục «Bài học kinh nghiệm» không có chỗ trong khung báo cáo; đã đặt vào phần I. KẾT QUẢ THỰC HIỆN"]


def test_nothing_accepted_gives_an_empty_report_and_a_note() -> None:
    result = assemble_report(ReportHeader(), [], period="6 tháng đầu năm 2026")
    assert result.report.sections == [] and result.report.citations == []
    assert result.notes == ["Chưa có mục nào được đưa vào báo cáo."]


def test_report_header_adapts_the_settings_to_the_reports_commune_and_title() -> None:
    settings_header = CommuneHeader()  # Minh Khê
    header = report_header(settings_header, commune="Tân Hòa", title="Báo cáo cải cách hành chính",
                           period="6 tháng đầu năm 2026")
    assert (header.organ, header.place) == ("XÃ TÂN HÒA", "Tân Hòa")
    assert header.title == "Báo cáo cải cách hành chính 6 tháng đầu năm 2026"
    # The settings' own commune keeps its organ; a title that states the period is not extended.
    same = report_header(settings_header, commune="Minh Khê", title="Báo cáo 6 tháng đầu năm 2026",
                         period="6 tháng đầu năm 2026")
    assert (same.organ, same.title) == ("XÃ MINH KHÊ", "Báo cáo 6 tháng đầu năm 2026")
    # The officer's overrides win over the adapted values.
    mine = report_header(settings_header, commune="Tân Hòa", overrides={"organ": "XÃ TÂN HÒA (MỚI)",
                                                                         "recipients": ["UBND tỉnh", "Sở Nội vụ"]})
    assert mine.organ == "XÃ TÂN HÒA (MỚI)" and mine.recipients == ("UBND tỉnh", "Sở Nội vụ")


def test_indicator_table_keeps_groups_ratios_and_target_operators() -> None:
    facts = [
        Fact("Hồ sơ tiếp nhận", Decimal(1254), "hồ sơ", group="Cải cách hành chính"),
        Fact("Hồ sơ nộp trực tuyến", Decimal(1067), "hồ sơ", denominator=Decimal(1254), group="Cải cách hành chính"),
        Fact("Tỷ lệ hồ sơ đúng hạn", Decimal("99.2"), "%", target=Decimal(98), target_op="≥", group="Cải cách hành chính"),
        Fact("Tỷ lệ số hóa hồ sơ", Decimal("96.5"), "%", target=Decimal(90), group="Chuyển đổi số"),
    ]
    table = indicator_table(facts)
    assert [(r.tt, r.name, r.is_group) for r in table.rows] == [
        ("I", "Cải cách hành chính", True), ("1", "Hồ sơ tiếp nhận", False), ("2", "Hồ sơ nộp trực tuyến", False),
        ("3", "Tỷ lệ hồ sơ đúng hạn", False), ("II", "Chuyển đổi số", True), ("4", "Tỷ lệ số hóa hồ sơ", False)]
    assert table.rows[2].result == "1.067/1.254"
    assert table.rows[3].target == "≥ 98" and table.rows[3].result == Decimal("99.2")
    assert table.rows[5].target == Decimal(90)
    assert indicator_table([]) is None


def test_assembled_evaluation_survives_export_and_ingestion(tmp_path, settings) -> None:
    """The exported II.1–II.3 are read back by the corpus loader with their kinds (the report joins the corpus)."""
    report = assemble_report(ReportHeader(title="Báo cáo thử"), [_evaluation()]).report
    path = export_report(report, tmp_path / "r.docx", ExportOptions(final=True)).path
    doc = load_document(path, settings)
    evaluation = doc.root.children[0]
    assert evaluation.kind.value == "khac" and evaluation.heading.casefold() == "đánh giá chung"
    assert [(c.label, c.kind.value) for c in evaluation.children] == [
        ("1.", "uu_diem"), ("2.", "han_che"), ("3.", "nguyen_nhan")]


def test_report_header_strips_the_xa_prefix_and_compares_whole_names() -> None:
    settings_header = CommuneHeader()  # Minh Khê
    prefixed = report_header(settings_header, commune="xã Tân Hòa")
    assert (prefixed.organ, prefixed.place) == ("XÃ TÂN HÒA", "Tân Hòa")
    # "Minh" is another commune, not a part of "Minh Khê".
    other = report_header(settings_header, commune="Minh")
    assert (other.organ, other.place) == ("XÃ MINH", "Minh")
    # The settings' commune, typed with the prefix and another tone placement, keeps the settings.
    same = report_header(settings_header, commune="Xã Minh Khê")
    assert (same.organ, same.place) == ("XÃ MINH KHÊ", "Minh Khê")
    ward = report_header(settings_header, commune="phường An Lạc")
    assert (ward.organ, ward.place) == ("PHƯỜNG AN LẠC", "An Lạc")


def test_citation_lists_and_ranges_are_renumbered_and_unknown_numbers_dropped() -> None:
    first = AcceptedSection("ket_qua", "Đã số hóa hồ sơ [1].",
                            citations=(Citation(1, "ke-hoach-cds.md", "II. NHIỆM VỤ", (0, 40)),))
    lists = AcceptedSection("han_che", "Còn chậm [1, 2]. Thiết bị thiếu [1-3]. Chưa rõ [9; 8].",
                            citations=(Citation(1, "a.md", "I", (0, 1)), Citation(2, "b.md", "I", (0, 1)),
                                       Citation(3, "ke-hoach-cds.md", "II. NHIỆM VỤ", (0, 40))))
    report = assemble_report(ReportHeader(), [first, lists]).report
    assert find_section(report, "II/2").paragraphs == ["Còn chậm [2, 3]. Thiết bị thiếu [1, 2, 3]. Chưa rõ."]
    assert [c.source for c in report.citations] == ["ke-hoach-cds.md", "a.md", "b.md"]
