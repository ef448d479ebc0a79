"""The section-kind classifier on real headings and inline labels of the seed reports."""

from __future__ import annotations

import unicodedata

import pytest

from assistant.ingest.kinds import KIND_LABELS, classify_kind, inline_label
from assistant.ingest.types import SectionKind as K


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- Ưu điểm", K.UU_DIEM),
        ("- Tồn tại, hạn chế", K.HAN_CHE),
        ("- Khó khăn, vướng mắc", K.HAN_CHE),
        ("c) Nguyên nhân", K.NGUYEN_NHAN),
        ("- Giải pháp khắc phục", K.GIAI_PHAP),
        ("- Trách nhiệm", K.TRACH_NHIEM),
        ("Bài học kinh nghiệm", K.BAI_HOC),
        ("IV. ĐÁNH GIÁ CHUNG", K.KHAC),
        ("2. Hạn chế", K.HAN_CHE),
        ("3. Nguyên nhân tồn tại, hạn chế", K.NGUYEN_NHAN),
        ("I. ĐẶC ĐIỂM TÌNH HÌNH, CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", K.DAC_DIEM),
        ("B. TÌNH HÌNH, KẾT QUẢ THỰC HIỆN", K.KET_QUA),
        ("1. Những kết quả nổi bật trong công tác chỉ đạo", K.KET_QUA),
        ("V. NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI", K.GIAI_PHAP),
        ("2. Một số nhiệm vụ trọng tâm về thúc đẩy chuyển đổi số quốc gia", K.GIAI_PHAP),
        ("III. ĐỀ XUẤT, KIẾN NGHỊ", K.KIEN_NGHI),
        ("C. KIẾN NGHỊ, ĐỀ XUẤT", K.KIEN_NGHI),
        ("Phần 3 BÀI HỌC KINH NGHIỆM VÀ NHIỆM VỤ, GIẢI PHÁP", K.BAI_HOC),
        # false friends of a substring search
        ("3. Về tiếp nhận xử lý phản ánh, kiến nghị, sáng kiến, giải pháp", K.KHAC),
        ("2. Về việc thực thi nhiệm vụ được giao", K.KHAC),
        ("Tồn tai, han che", K.HAN_CHE),  # partly typed without diacritics
        # trách nhiệm only for headings that assign responsibility ...
        ("IV. TỔ CHỨC THỰC HIỆN", K.TRACH_NHIEM),
        ("3. Phân công trách nhiệm:", K.TRACH_NHIEM),
        ("a) Trách nhiệm của các thôn, tổ dân phố", K.TRACH_NHIEM),
        ("Vai trò người đứng đầu", K.TRACH_NHIEM),
        # ... not for "Về …" topics of a results part (they inherit the parent's kind)
        ("2. Về phân công trách nhiệm và xử lý nhiệm vụ có thời hạn", K.KHAC),
        ("1. Về công tác chỉ đạo, điều hành và tổ chức thực hiện", K.KHAC),
        ("Phân công cán bộ trực Bộ phận Một cửa", K.KHAC),
    ],
)
def test_classify_kind(text: str, kind: K) -> None:
    assert classify_kind(text) is kind


def test_inline_label_on_seed_paragraphs() -> None:
    label = inline_label("- Tồn tại, hạn chế: Cấp xã không có thẩm quyền trực tiếp hoàn thiện thể chế.")
    assert label is not None and label.kind is K.HAN_CHE and label.marker == "-" and label.has_body
    label = inline_label("Nguyên nhân: Theo phân cấp quản lý tài chính, cấp xã không có thẩm quyền.")
    assert label is not None and label.kind is K.NGUYEN_NHAN and label.marker == ""
    label = inline_label("c) Nguyên nhân:")
    assert label is not None and label.kind is K.NGUYEN_NHAN and not label.has_body
    # long lead-ins and figures are not labels
    assert inline_label("- Việc đề xuất nhiệm vụ, kinh phí cho KHCN, ĐMST, CDS trong năm 2026: Đến thời điểm báo cáo") is None
    assert inline_label("Tỷ lệ hồ sơ nộp trực tuyến toàn trình đạt: 100%") is None
    assert inline_label("Cơ quan chủ trì: UBND xã Tân Cương.").kind is K.KHAC


def test_every_kind_has_one_vietnamese_display_label() -> None:
    assert set(KIND_LABELS) == set(K)
    labels = list(KIND_LABELS.values())
    assert len(set(labels)) == len(labels)
    assert all(label and unicodedata.is_normalized("NFC", label) for label in labels)
    # a label names its kind: classifying the label gives the kind back (except the catch-all)
    assert all(classify_kind(label) is kind for kind, label in KIND_LABELS.items() if kind is not K.KHAC)
    assert KIND_LABELS.get("han_che") == "Tồn tại, hạn chế"  # str values index it too (chunk metadata)
