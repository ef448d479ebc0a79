"""Carry-over from the commune's previous report of the same series."""

from __future__ import annotations

from pathlib import Path

from assistant.ingest.types import SectionKind as K
from assistant.outline import read_skeleton

PREVIOUS_REPORT = [
    ("p", "ỦY BAN NHÂN DÂN XÃ VĨNH AN"),
    ("p", "Số: 77/BC-UBND"),
    ("p", "Vĩnh An, ngày 28 tháng 9 năm 2025"),
    ("p", "BÁO CÁO"),
    ("p", "Kết quả công tác dân số quý III/2025"),
    ("p", "Kính gửi:"),
    ("p", "- Trung tâm Y tế khu vực Vĩnh An;"),
    ("p", "- Sở Y tế tỉnh Hà Nam Sơn."),
    ("h", "I. KẾT QUẢ THỰC HIỆN QUÝ III/2025"),
    ("h", "1. Công tác tuyên truyền"),
    ("p", "Tổ chức 12 buổi nói chuyện chuyên đề tại các thôn, 1. nội dung lồng ghép với sinh hoạt chi hội."),
    ("h", "2. Kết quả các chỉ tiêu"),
    ("table", [
        ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm", "Kết quả quý III", "Ghi chú"],
        ["I", "Dân số", "", "", "", ""],
        ["1", "Số trẻ sinh ra", "Trẻ", "", "41", ""],
        ["2", "Tỷ số giới tính khi sinh", "Bé trai/100 bé gái", "≤ 110", "108", ""],
        ["II", "Chăm sóc sức khỏe", "", "", "", ""],
        ["3", "Phụ nữ được sàng lọc trước sinh", "Người", "150", "37", ""],
    ]),
    ("h", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"),
    ("p", "Một số thôn chưa bố trí được cộng tác viên dân số."),
    ("h", "III. NHIỆM VỤ, GIẢI PHÁP QUÝ IV/2025"),
    ("p", "Tiếp tục truyền thông về mất cân bằng giới tính khi sinh."),
]


def test_carry_over_sections_indicators_and_header(make_docx, settings) -> None:
    sk = read_skeleton(make_docx("bao-cao-dan-so-quy-3.docx", PREVIOUS_REPORT), settings)
    assert sk.origin == "previous_report"
    assert sk.period == "quý IV/2025" and sk.report_type == "tien_do_quy"
    assert sk.title == "Kết quả công tác dân số quý IV/2025"
    assert sk.recipients == ("Trung tâm Y tế khu vực Vĩnh An", "Sở Y tế tỉnh Hà Nam Sơn")
    assert [(d, s.heading, s.kind) for d, s in sk.walk()] == [
        (0, "I. KẾT QUẢ THỰC HIỆN QUÝ IV/2025", K.KET_QUA),
        (1, "1. Công tác tuyên truyền", K.KET_QUA),
        (1, "2. Kết quả các chỉ tiêu", K.KET_QUA),
        (0, "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", K.HAN_CHE),
        # "next period" moves on too
        (0, "III. NHIỆM VỤ, GIẢI PHÁP QUÝ I/2026", K.GIAI_PHAP),
    ]
    assert all(not s.guidance for _, s in sk.walk())  # last period's text is not guidance
    assert [(i.group, i.name, i.unit, i.target, i.previous) for i in sk.indicators] == [
        ("Dân số", "Số trẻ sinh ra", "Trẻ", "", "41"),
        ("Dân số", "Tỷ số giới tính khi sinh", "Bé trai/100 bé gái", "≤ 110", "108"),
        ("Chăm sóc sức khỏe", "Phụ nữ được sàng lọc trước sinh", "Người", "150", "37"),
    ]
    assert sk.columns[4] == "Kết quả quý III"


def test_given_period_wins_and_the_corpus_markdown_report(corpus_dir: Path, settings) -> None:
    sk = read_skeleton(corpus_dir / "bao-cao-xa-minh-khe-de-an-06.md", settings, period="6 tháng đầu năm 2026")
    assert sk.title == "Kết quả thực hiện Đề án 06 6 tháng đầu năm 2026 trên địa bàn xã Minh Khê"
    assert sk.recipients == ("Công an tỉnh Hà Lam",)
    assert [i.previous for i in sk.indicators] == ["8.912", "624", "6.430"]
    kinds = {s.title: s.kind for _, s in sk.walk()}
    assert kinds["KẾT QUẢ THỰC HIỆN"] is K.KET_QUA and kinds["KIẾN NGHỊ"] is K.KIEN_NGHI
    assert kinds["Ưu điểm"] is K.UU_DIEM  # inline labels ("- Ưu điểm: …") are carried as sub-sections


def test_report_without_table_or_period_says_so(make_text, settings) -> None:
    text = ("BÁO CÁO\n\nVề công tác vệ sinh môi trường\n\nI. KẾT QUẢ\n\nCác thôn ra quân dọn vệ sinh.\n\n"
            "II. KIẾN NGHỊ\n\nĐề nghị hỗ trợ thùng rác.\n")
    sk = read_skeleton(make_text("bao-cao-ve-sinh.txt", text), settings)
    assert [s.kind for s in sk.sections] == [K.KET_QUA, K.KIEN_NGHI]
    assert sk.indicators == () and sk.period == ""
    assert any("kỳ báo cáo" in n for n in sk.notes) and any("bảng chỉ tiêu" in n for n in sk.notes)


def test_real_reports_carry_over(seeds_dir: Path, settings) -> None:
    """On the real commune reports of ../shared/seeds: each is a previous report whose top-level
    headings all come through, with kinds, and whose next period follows its trích yếu."""
    from assistant.ingest import load_document

    for path in sorted(seeds_dir.glob("*.txt")):
        doc = load_document(path, settings)
        sk = read_skeleton(path, settings)
        assert sk.origin == "previous_report", path.name
        assert [s.heading for s in sk.sections] == [c.title for c in doc.root.children], path.name
        assert any(s.kind is not K.KHAC for _, s in sk.walk()), path.name
        if sk.period:
            assert sk.period.split()[-1][-4:] >= str(doc.year or 0), path.name
