"""Tiny fictional corpora for the retrieval tests (real model, real Chroma: keep them small)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieve import CorpusIndex

REPORT_HOA_AN = """\
**ỦY BAN NHÂN DÂN XÃ HÒA AN**

Số: 41/BC-UBND

Hòa An, ngày 12 tháng 6 năm 2026

# BÁO CÁO

## Kết quả chuyển đổi số 6 tháng đầu năm 2026 trên địa bàn xã Hòa An

### I. KẾT QUẢ THỰC HIỆN

1. Dịch vụ công trực tuyến

Tỷ lệ hồ sơ trực tuyến toàn trình của xã đạt 87%, tăng 12 điểm phần trăm so với cùng kỳ năm trước.

Bộ phận Một cửa bố trí hai máy tính để người dân tự nộp hồ sơ, có cán bộ đoàn thanh niên hỗ trợ.

2. Hạ tầng số

Xã đã lắp đặt hệ thống loa truyền thanh thông minh tại 9 thôn và nâng cấp đường truyền cáp quang tại trụ sở.

### II. TỒN TẠI, HẠN CHẾ

Một số thôn vùng cao sóng điện thoại yếu, người cao tuổi chưa quen thao tác trên điện thoại thông minh.

### III. GIẢI PHÁP

Phối hợp doanh nghiệp viễn thông lắp thêm trạm phát sóng; mở lớp hướng dẫn kỹ năng số cho người cao tuổi tại nhà văn hóa thôn.
"""

REPORT_MINH_KHE = """\
**ỦY BAN NHÂN DÂN XÃ MINH KHÊ**

Số: 18/BC-UBND

Minh Khê, ngày 3 tháng 7 năm 2025

# BÁO CÁO

## Tình hình cải cách hành chính năm 2025 của xã Minh Khê

### I. KẾT QUẢ

Xã tiếp nhận 1.240 hồ sơ thủ tục hành chính, trong đó 1.198 hồ sơ giải quyết đúng hạn.

Đội ngũ công chức được cấp chữ ký số cá nhân và sử dụng thư điện tử công vụ trong trao đổi văn bản.

### II. HẠN CHẾ

Phần mềm chuyên ngành chưa kết nối, công chức phải nhập lại dữ liệu hộ tịch trên nhiều hệ thống.
"""

PLAN_HOA_AN = """\
**ỦY BAN NHÂN DÂN XÃ HÒA AN**

Số: 22/KH-UBND

Hòa An, ngày 2 tháng 3 năm 2026

# KẾ HOẠCH

## Tổ chức phong trào Bình dân học vụ số năm 2026

### I. MỤC ĐÍCH, YÊU CẦU

Phổ cập kỹ năng số cơ bản cho người dân, ưu tiên hướng dẫn cài đặt ứng dụng định danh điện tử.

### II. NHIỆM VỤ

Các tổ công nghệ số cộng đồng đến từng hộ gia đình hướng dẫn thanh toán không dùng tiền mặt.
"""

SAMPLES = {"hoa_an_bao_cao.md": REPORT_HOA_AN, "minh_khe_bao_cao.md": REPORT_MINH_KHE, "hoa_an_ke_hoach.md": PLAN_HOA_AN}


def write_corpus(directory: Path, names: tuple[str, ...] = tuple(SAMPLES)) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / name).write_text(SAMPLES[name], encoding="utf-8")
    return directory


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture
def index(settings) -> CorpusIndex:
    return CorpusIndex(settings)
