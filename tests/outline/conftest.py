"""Fixtures for the outline tests: small directives and reports written here, as .docx/.txt/.md.

All names, numbers and sentences are invented, in the style of commune-level công văn and reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from docx import Document as new_docx

# Blocks: ("h", text) bold heading, ("p", text) paragraph, ("table", rows).
Blocks = list[tuple]


def write_docx(path: Path, blocks: Blocks) -> Path:
    doc = new_docx()
    for block in blocks:
        if block[0] == "table":
            rows = block[1]
            table = doc.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
        else:
            p = doc.add_paragraph()
            run = p.add_run(block[1])
            run.bold = block[0] == "h"
    doc.save(path)
    return path


@pytest.fixture
def make_docx(tmp_path: Path) -> Callable[[str, Blocks], Path]:
    return lambda name, blocks: write_docx(tmp_path / name, blocks)


@pytest.fixture
def make_text(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# A công văn whose outline is given as numbered headings in its body (section III), plain text.
BODY_HEADINGS_TXT = """ỦY BAN NHÂN DÂN
TỈNH NAM ĐỒNG

Số: 871/UBND-NC
V/v báo cáo kết quả công tác cải cách hành chính quý III/2026

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Nam Đồng, ngày 10 tháng 9 năm 2026

Kính gửi: Ủy ban nhân dân các xã, phường.

Thực hiện chỉ đạo của Bộ Nội vụ về chế độ báo cáo định kỳ, Ủy ban nhân dân tỉnh yêu cầu các xã, phường báo cáo như sau:

I. MỤC ĐÍCH, YÊU CẦU

Nắm chắc tình hình cải cách hành chính ở cơ sở, làm căn cứ chấm điểm chỉ số cải cách hành chính năm 2026.

II. THỜI GIAN, SỐ LIỆU

Số liệu tính từ ngày 15/6/2026 đến ngày 14/9/2026.

III. NỘI DUNG BÁO CÁO

1. Công tác chỉ đạo, điều hành cải cách hành chính

Nêu các văn bản đã ban hành và việc kiểm tra cải cách hành chính tại xã.

2. Kết quả cải cách thủ tục hành chính

Số thủ tục đang thực hiện, số hồ sơ tiếp nhận, tỷ lệ giải quyết đúng hạn.

3. Khó khăn, vướng mắc và nguyên nhân

4. Kiến nghị, đề xuất

IV. TỔ CHỨC THỰC HIỆN

Báo cáo gửi về Sở Nội vụ trước ngày 20/9/2026 để tổng hợp.

Nơi nhận:
- Như trên;
- Lưu: VT, NC.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Đặng Hữu Phước
"""

# A markdown công văn of a commune asking its villages, with the outline as an inline list.
INLINE_LIST_MD = """**ỦY BAN NHÂN DÂN XÃ TÂN LẬP**

Số: 96/UBND-VP

V/v báo cáo kết quả phòng, chống thiên tai năm 2026

Tân Lập, ngày 02 tháng 11 năm 2026

Kính gửi: Trưởng các thôn trên địa bàn xã.

Để tổng hợp báo cáo cấp trên, UBND xã đề nghị Trưởng các thôn báo cáo kết quả phòng, chống thiên tai năm 2026. Nội dung báo cáo gồm: (1) tình hình thiệt hại do thiên tai trên địa bàn thôn; (2) kết quả khắc phục hậu quả, hỗ trợ hộ bị thiệt hại; (3) tồn tại, hạn chế và nguyên nhân; (4) đề xuất, kiến nghị với UBND xã.

Báo cáo gửi về Văn phòng UBND xã chậm nhất ngày 25/11/2026.

Nơi nhận:

- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**

**Lò Văn Sơn**
"""

# A plain-text directive whose appendix headings were typed without diacritics, with a tab form.
NO_DIACRITICS_TXT = """ỦY BAN NHÂN DÂN
TỈNH BẮC SƠN

Số: 315/UBND-KT
V/v báo cáo kết quả thu ngân sách 6 tháng đầu năm 2026

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Bắc Sơn, ngày 01 tháng 6 năm 2026

Kính gửi: Ủy ban nhân dân các xã.

UBND tỉnh đề nghị UBND các xã báo cáo kết quả thu ngân sách theo đề cương kèm theo, gửi về Sở Tài chính trước ngày 20/6/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Vi Thị Hằng

PHU LUC

DE CUONG BAO CAO

I. KET QUA THU NGAN SACH 6 THANG DAU NAM 2026

1. Thu thue, phi, le phi

2. Thu khac ngan sach

II. DANH GIA

1. Uu diem

2. Han che, nguyen nhan

III. GIAI PHAP 6 THANG CUOI NAM

STT	Chi tieu	Don vi tinh	Du toan giao	Thuc hien 6 thang
1	Thu thue	Trieu dong	1.200	
2	Thu phi, le phi	Trieu dong	300	
"""


@pytest.fixture
def outline_fixtures():
    """The fixture texts above (conftest modules are not importable under --import-mode=importlib)."""
    import types

    return types.SimpleNamespace(
        BODY_HEADINGS_TXT=BODY_HEADINGS_TXT, INLINE_LIST_MD=INLINE_LIST_MD, NO_DIACRITICS_TXT=NO_DIACRITICS_TXT,
    )
