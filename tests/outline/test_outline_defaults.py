"""Default outlines per report type, periods, and the trích yếu that never repeats its period."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest.types import SectionKind as K
from assistant.outline import REPORT_TYPES, UnknownReportType, default_outline, find_period, replace_period
from assistant.report import title_with_period


@pytest.mark.parametrize("report_type", REPORT_TYPES)
def test_every_report_type_has_the_usual_structure(report_type: str) -> None:
    sk = default_outline(report_type, period="quý II/2026")
    assert sk.origin == "default" and sk.report_type == report_type
    top = [s.kind for s in sk.sections]
    assert top == [K.KET_QUA, K.KHAC, K.GIAI_PHAP, K.KIEN_NGHI]
    assert [c.kind for c in sk.sections[1].children][:3] == [K.UU_DIEM, K.HAN_CHE, K.NGUYEN_NHAN]
    assert [s.numbering for s in sk.sections] == ["I.", "II.", "III.", "IV."]
    assert "QUÝ II/2026" in sk.sections[0].title
    assert "$" not in repr(sk.to_dict())
    assert sk.columns[:3] == ("STT", "Chỉ tiêu", "Đơn vị tính")


def test_default_without_period_drops_the_placeholder_and_topic_makes_the_title() -> None:
    sk = default_outline("so_ket_6_thang")
    assert sk.sections[0].title == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ"
    sk = default_outline("so_ket_6_thang", "6 tháng đầu năm 2026", topic="Kết quả công tác tư pháp 6 tháng")
    assert sk.title == "Kết quả công tác tư pháp 6 tháng đầu năm 2026"


def test_unknown_report_type_is_a_vietnamese_error() -> None:
    with pytest.raises(UnknownReportType, match="Loại báo cáo không hợp lệ"):
        default_outline("bao_cao_tuan")


def test_outline_files_are_nfc_vietnamese() -> None:
    import unicodedata

    root = Path(__file__).resolve().parents[2] / "prompts" / "outlines"
    files = sorted(root.glob("*.toml"))
    assert {f.stem for f in files} == set(REPORT_TYPES)
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, f.name


@pytest.mark.parametrize(("title", "period", "expected"), [
    ("Báo cáo dịch vụ công 6 tháng", "6 tháng đầu năm 2026", "Báo cáo dịch vụ công 6 tháng đầu năm 2026"),
    ("Báo cáo dịch vụ công 6 tháng đầu năm 2026", "6 tháng đầu năm 2026", "Báo cáo dịch vụ công 6 tháng đầu năm 2026"),
    ("Kết quả chuyển đổi số 6 thang dau nam 2026 của xã", "6 tháng đầu năm 2026",
     "Kết quả chuyển đổi số 6 thang dau nam 2026 của xã"),
    ("Kết quả công tác năm 2026", "6 tháng đầu năm 2026", "Kết quả công tác 6 tháng đầu năm 2026"),
    ("Kết quả cải cách hành chính quý", "quý III/2026", "Kết quả cải cách hành chính quý III/2026"),
    ("Kết quả cải cách hành chính", "quý III/2026", "Kết quả cải cách hành chính quý III/2026"),
    ("Tình hình kinh tế - xã hội", "", "Tình hình kinh tế - xã hội"),
    # "năm" alone at the end is the start of "năm 2026", not a repeated period
    ("Báo cáo tổng kết năm", "năm 2026", "Báo cáo tổng kết năm 2026"),
])
def test_title_never_repeats_the_period(title: str, period: str, expected: str) -> None:
    assert title_with_period(title, period) == expected


@pytest.mark.parametrize(("text", "kind", "following"), [
    ("Báo cáo tháng 12/2025", "month", "tháng 1/2026"),
    ("kết quả quý IV năm 2025", "quarter", "quý I/2026"),
    ("sơ kết 6 tháng đầu năm 2026", "half", "6 tháng đầu năm 2027"),
    ("ket qua 6 thang cuoi nam 2025", "half", "6 tháng cuối năm 2026"),
    ("tổng kết năm 2025", "year", "năm 2026"),
])
def test_periods_and_the_next_one(text: str, kind: str, following: str) -> None:
    period = find_period(text)
    assert period is not None and period.kind == kind
    assert period.next().text == following


def test_replace_period_keeps_the_rest_of_the_title() -> None:
    assert replace_period("Kết quả quý III/2025 trên địa bàn xã", "quý IV/2025") == "Kết quả quý IV/2025 trên địa bàn xã"
    assert find_period("tháng 13/2025") is None


def test_the_first_period_of_a_title_is_the_reports() -> None:
    title = "Tình hình thực hiện 5 tháng đầu năm 2026; nhiệm vụ trọng tâm tháng 6 và 6 tháng cuối năm 2026"
    period = find_period(title)
    assert period is not None and period.text == "5 tháng đầu năm 2026"
    assert period.next().text == "6 tháng đầu năm 2026" and period.report_type == "tien_do_thang"
    assert find_period("9 tháng năm 2026").next().text == "năm 2026"


def test_report_header_trich_yeu_does_not_repeat_the_period() -> None:
    """The bug of issue 11 §6: "Báo cáo dịch vụ công 6 tháng 6 tháng đầu năm 2026"."""
    from assistant.report import report_header
    from assistant.settings import CommuneHeader

    header = report_header(CommuneHeader(), title="Báo cáo dịch vụ công 6 tháng", period="6 tháng đầu năm 2026")
    assert header.title == "Báo cáo dịch vụ công 6 tháng đầu năm 2026"
    header = report_header(CommuneHeader(), title="Báo cáo dịch vụ công", period="6 tháng đầu năm 2026")
    assert header.title == "Báo cáo dịch vụ công 6 tháng đầu năm 2026"


@pytest.mark.parametrize(("period", "old", "new", "expected"), [
    ("quý IV/2025", "quý III/2025", "quý IV/2025", "quý I/2026"),
    ("6 tháng cuối năm 2026", "6 tháng đầu năm 2026", "6 tháng đầu năm 2027", "6 tháng cuối năm 2027"),
    ("tháng 12/2025", "tháng 11/2025", "tháng 12/2025", "tháng 1/2026"),
    ("năm 2026", "năm 2025", "năm 2026", "năm 2027"),
])
def test_periods_move_with_the_report(period: str, old: str, new: str, expected: str) -> None:
    from assistant.outline.periods import shifted

    moved = shifted(find_period(period), find_period(old), find_period(new))
    assert moved is not None and moved.text == expected
    assert shifted(find_period("quý II/2026"), find_period("năm 2025"), find_period("năm 2026")) is None
