"""Generate the sample corpus in ``corpus/``: six short documents of fictional communes and their province.

    .venv/bin/python scripts/make_sample_corpus.py [--out corpus] [--no-pdf]

Written in the style of commune reports on Nghị quyết 57-NQ/TW, Đề án 06, chuyển đổi số and
dịch vụ công trực tuyến (all names, numbers and sentences are invented):

* ``bao-cao-xa-hoa-phong-6-thang-2026.docx`` — report with the two-column administrative header
  table, a heading hierarchy (I. / 1. / a)), inline labels and an indicator table;
* ``bao-cao-xa-an-thinh-quy-3-2025.pdf`` — report, built as .docx and converted with
  ``soffice --headless --convert-to pdf`` (Debian ``libreoffice-writer-nogui``);
* ``bao-cao-xa-minh-khe-de-an-06.md`` — markdown report with ``#`` headings and a tab table;
* ``ke-hoach-xa-hoa-phong-chuyen-doi-so-2026.docx`` — a directive (KẾ HOẠCH);
* ``cong-van-xa-minh-khe-dich-vu-cong.txt`` — a directive (CÔNG VĂN) in plain text;
* ``cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx`` — a province's công văn asking
  communes for a report, with the outline it prescribes (Phụ lục I "ĐỀ CƯƠNG BÁO CÁO") and the
  indicator form (Phụ lục II, biểu mẫu table), read by ``assistant outline``.

Documents are described once as a list of blocks and rendered to each format, so the corpus can
be regenerated identically; the .pdf needs LibreOffice (skipped with a message if absent).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from assistant.export.ooxml import table_borders_off  # noqa: E402


@dataclass
class Header:
    organ_parent: str
    organ: str
    number: str
    place_date: str
    doc_type: str
    title: str
    recipients: list[str]


@dataclass
class Signature:
    cc: list[str]
    authority: list[str]
    name: str


# Blocks: ("h", text) heading (bold), ("p", text) paragraph, ("table", rows), ("c", text) centred bold
# line, ("i", text) centred italic line, ("break",) page break. A Header with an empty doc_type is a
# công văn: its "V/v …" title goes under the number, as Nghị định 30/2020 lays it out.
Block = tuple


HOA_PHONG_REPORT = (
    Header(
        "ỦY BAN NHÂN DÂN TỈNH LAM SƠN", "ỦY BAN NHÂN DÂN XÃ HÒA PHONG", "Số: 118/BC-UBND",
        "Hòa Phong, ngày 25 tháng 6 năm 2026", "BÁO CÁO",
        "Kết quả thực hiện Nghị quyết số 57-NQ/TW và chuyển đổi số 6 tháng đầu năm 2026 trên địa bàn xã Hòa Phong",
        ["Sở Khoa học và Công nghệ tỉnh Lam Sơn"],
    ),
    [
        ("p", "Thực hiện Kế hoạch số 41/KH-UBND ngày 20/01/2026 của UBND xã về triển khai Nghị quyết số 57-NQ/TW "
              "năm 2026, UBND xã Hòa Phong báo cáo kết quả 6 tháng đầu năm 2026 như sau:"),
        ("h", "I. ĐẶC ĐIỂM TÌNH HÌNH"),
        ("p", "Xã Hòa Phong được thành lập khi sắp xếp chính quyền địa phương 2 cấp, gồm 14 thôn với 5.230 hộ "
              "và 19.870 nhân khẩu. Bộ phận Một cửa của xã tiếp nhận hồ sơ của người dân ba xã cũ nên khối lượng "
              "công việc tăng gần gấp đôi so với năm 2025."),
        ("h", "II. KẾT QUẢ THỰC HIỆN"),
        ("h", "1. Công tác lãnh đạo, chỉ đạo"),
        ("p", "UBND xã đã ban hành 06 văn bản chỉ đạo về chuyển đổi số và Đề án 06; kiện toàn Tổ công nghệ số "
              "cộng đồng ở 14/14 thôn với 98 thành viên. Chủ tịch UBND xã trực tiếp phụ trách nhiệm vụ chuyển đổi "
              "số, họp giao ban định kỳ vào thứ Hai đầu tháng."),
        ("h", "2. Kết quả cụ thể"),
        ("h", "a) Dịch vụ công trực tuyến"),
        ("p", "Trong 6 tháng đầu năm 2026, Bộ phận Một cửa tiếp nhận 1.864 hồ sơ thủ tục hành chính, trong đó "
              "1.702 hồ sơ nộp trực tuyến, đạt 91,31%; số hồ sơ giải quyết đúng hạn là 1.851 hồ sơ, đạt 99,30%. "
              "Tỷ lệ thanh toán trực tuyến phí, lệ phí đạt 87,5%."),
        ("h", "b) Đề án 06 và dữ liệu dân cư"),
        ("p", "Công an xã phối hợp các thôn kích hoạt 11.240 tài khoản định danh điện tử mức độ 2, bằng 82% số "
              "công dân đủ điều kiện. Dữ liệu hộ tịch được đối soát, làm sạch 3.415 trường hợp sai lệch."),
        ("p", "Bảng chỉ tiêu chuyển đổi số 6 tháng đầu năm 2026:"),
        ("table", [
            ["TT", "Chỉ tiêu", "Đơn vị", "Kế hoạch năm 2026", "Thực hiện 6 tháng"],
            ["1", "Tỷ lệ hồ sơ nộp trực tuyến", "%", "90", "91,31"],
            ["2", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "98", "99,30"],
            ["3", "Tỷ lệ thanh toán trực tuyến", "%", "80", "87,5"],
            ["4", "Tài khoản định danh điện tử mức độ 2", "tài khoản", "12.500", "11.240"],
            ["5", "Hồ sơ được số hóa", "%", "100", "96,4"],
        ]),
        ("h", "III. ĐÁNH GIÁ CHUNG"),
        ("p", "- Ưu điểm: Lãnh đạo xã quan tâm chỉ đạo sát sao; tỷ lệ hồ sơ trực tuyến vượt kế hoạch năm; Tổ công "
              "nghệ số cộng đồng hoạt động đều ở tất cả các thôn."),
        ("p", "- Tồn tại, hạn chế: Tỷ lệ số hóa hồ sơ mới đạt 96,4%, chưa đạt chỉ tiêu 100%; một số máy tính "
              "tại Bộ phận Một cửa đã cũ, thường xuyên treo khi ký số; người cao tuổi còn ngại dùng ứng dụng VNeID."),
        ("p", "- Nguyên nhân: Kinh phí cho hạ tầng công nghệ thông tin năm 2026 chỉ được bố trí 210 triệu đồng; "
              "cán bộ phụ trách công nghệ thông tin phải kiêm nhiệm văn phòng; đường truyền internet ở 3 thôn "
              "vùng đồi chưa ổn định."),
        ("h", "IV. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026"),
        ("p", "1. Hoàn thành số hóa 100% hồ sơ thủ tục hành chính còn tồn trước ngày 30/9/2026."),
        ("p", "2. Thay thế 04 máy tính tại Bộ phận Một cửa, nâng băng thông đường truyền lên 300 Mb/s."),
        ("p", "3. Tổ chức 14 buổi hướng dẫn người cao tuổi sử dụng VNeID tại nhà văn hóa các thôn."),
        ("h", "V. KIẾN NGHỊ, ĐỀ XUẤT"),
        ("p", "Đề nghị Sở Khoa học và Công nghệ hỗ trợ xã 02 bộ máy quét tài liệu tốc độ cao và mở lớp tập huấn "
              "an toàn thông tin cho cán bộ cấp xã trong quý III/2026."),
        ("p", "Trên đây là báo cáo kết quả thực hiện 6 tháng đầu năm 2026 của UBND xã Hòa Phong./."),
    ],
    Signature(["Như trên;", "Đảng ủy xã;", "Lưu: VT."], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Văn Thành"),
)

AN_THINH_REPORT = (
    Header(
        "ỦY BAN NHÂN DÂN TỈNH LAM SƠN", "ỦY BAN NHÂN DÂN XÃ AN THỊNH", "Số: 87/BC-UBND",
        "An Thịnh, ngày 02 tháng 10 năm 2025", "BÁO CÁO",
        "Tình hình triển khai Đề án 06 và dịch vụ công trực tuyến quý III/2025",
        ["UBND tỉnh Lam Sơn"],
    ),
    [
        ("h", "I. KẾT QUẢ ĐẠT ĐƯỢC"),
        ("p", "Quý III/2025, xã An Thịnh tiếp nhận 742 hồ sơ, trong đó 655 hồ sơ trực tuyến, đạt 88,27%. "
              "Xã đã số hóa 731 hồ sơ và trả 704 kết quả điện tử. Mô hình \"Chợ không dùng tiền mặt\" được "
              "mở rộng ra 2 chợ với 146 tiểu thương sử dụng mã QR."),
        ("p", "Công an xã thu nhận 1.052 hồ sơ định danh điện tử; 100% cán bộ, công chức xã sử dụng chữ ký số "
              "cá nhân trong xử lý văn bản."),
        ("h", "II. HẠN CHẾ VÀ NGUYÊN NHÂN"),
        ("h", "1. Hạn chế"),
        ("p", "Còn 27 hồ sơ trả kết quả chậm do phần mềm một cửa của tỉnh gián đoạn trong 3 ngày đầu tháng 8; "
              "một số thôn chưa có điểm phát wifi công cộng để người dân nộp hồ sơ."),
        ("h", "2. Nguyên nhân"),
        ("p", "Việc chuyển đổi dữ liệu sau sắp xếp đơn vị hành chính chưa hoàn tất; xã chưa có cán bộ chuyên trách "
              "công nghệ thông tin."),
        ("h", "III. GIẢI PHÁP TRONG QUÝ IV/2025"),
        ("p", "Phân công mỗi thôn 01 thành viên Tổ công nghệ số cộng đồng trực hỗ trợ người dân vào chiều thứ Sáu; "
              "phối hợp doanh nghiệp viễn thông lắp thêm 5 điểm wifi tại nhà văn hóa thôn."),
        ("h", "IV. KIẾN NGHỊ"),
        ("p", "Đề nghị UBND tỉnh sớm bố trí biên chế 01 công chức chuyên trách chuyển đổi số cho xã."),
    ],
    Signature(["Như trên;", "Lưu: VT."], ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trần Thị Hạnh"),
)

HOA_PHONG_PLAN = (
    Header(
        "ỦY BAN NHÂN DÂN TỈNH LAM SƠN", "ỦY BAN NHÂN DÂN XÃ HÒA PHONG", "Số: 41/KH-UBND",
        "Hòa Phong, ngày 20 tháng 01 năm 2026", "KẾ HOẠCH",
        "Triển khai Nghị quyết số 57-NQ/TW và chuyển đổi số trên địa bàn xã Hòa Phong năm 2026",
        [],
    ),
    [
        ("h", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("p", "Cụ thể hóa nhiệm vụ của cấp xã trong thực hiện Nghị quyết số 57-NQ/TW; bảo đảm rõ người, rõ việc, "
              "rõ thời hạn và rõ sản phẩm đối với từng nhiệm vụ chuyển đổi số."),
        ("h", "II. CHỈ TIÊU NĂM 2026"),
        ("p", "Tỷ lệ hồ sơ nộp trực tuyến đạt từ 90% trở lên; 100% hồ sơ thủ tục hành chính được số hóa; "
              "tỷ lệ thanh toán trực tuyến đạt từ 80% trở lên; 100% thôn có Tổ công nghệ số cộng đồng hoạt động."),
        ("h", "III. NHIỆM VỤ, GIẢI PHÁP"),
        ("p", "1. Nâng cấp trang thiết bị Bộ phận Một cửa, hoàn thành trong quý II/2026."),
        ("p", "2. Tập huấn kỹ năng số cho 100% cán bộ, công chức xã và thành viên Tổ công nghệ số cộng đồng."),
        ("p", "3. Làm sạch dữ liệu dân cư, hộ tịch phục vụ Đề án 06, hoàn thành trước ngày 30/6/2026."),
        ("h", "IV. TỔ CHỨC THỰC HIỆN"),
        ("p", "Công chức Văn phòng - Thống kê là đầu mối tham mưu, tổng hợp kết quả, báo cáo UBND xã trước "
              "ngày 20 hằng tháng. Công an xã chủ trì nhiệm vụ về Đề án 06."),
    ],
    Signature(["Các thôn;", "Lưu: VT."], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "Lê Văn Thành"),
)

MINH_KHE_MD = """Số: 64/BC-UBND

Minh Khê, ngày 15 tháng 12 năm 2025

## **BÁO CÁO**

### **Kết quả thực hiện Đề án 06 năm 2025 trên địa bàn xã Minh Khê**

Kính gửi: Công an tỉnh Hà Lam.

## **I. KẾT QUẢ THỰC HIỆN**

### **1. Về dữ liệu dân cư**

Năm 2025, Công an xã Minh Khê đã rà soát, cập nhật 8.912 nhân khẩu vào Cơ sở dữ liệu quốc gia về dân cư; điều chỉnh 624 trường hợp thông tin sai lệch giữa sổ hộ tịch và dữ liệu dân cư.

### **2. Về định danh điện tử**

Toàn xã có 6.430 tài khoản định danh điện tử được kích hoạt, đạt 79% dân số từ 14 tuổi trở lên. Tổ công nghệ số cộng đồng tổ chức 22 đợt hỗ trợ lưu động tại các xóm.

## **II. ĐÁNH GIÁ**

- Ưu điểm: Dữ liệu dân cư được cập nhật thường xuyên; việc phối hợp giữa Công an xã và bộ phận tư pháp - hộ tịch chặt chẽ.

- Khó khăn, vướng mắc: Nhiều lao động làm ăn xa chưa về kích hoạt tài khoản; thiết bị đọc căn cước của xã thường xuyên lỗi kết nối.

- Giải pháp khắc phục: Hẹn lịch kích hoạt tài khoản vào dịp Tết Nguyên đán; đề nghị cấp trên thay thế thiết bị đọc căn cước.

## **III. KIẾN NGHỊ**

Đề nghị Công an tỉnh cấp bổ sung 02 thiết bị đọc căn cước gắn chip cho xã Minh Khê.

Bảng tổng hợp kết quả năm 2025:

TT	Nội dung	Kết quả
<b>1</b>	<b>Nhân khẩu được cập nhật</b>	<b>8.912</b>
2	Trường hợp sai lệch đã điều chỉnh	624
3	Tài khoản định danh điện tử kích hoạt	6.430

Nơi nhận:

- Như trên;
- Lưu: VT.

**TM. ỦY BAN NHÂN DÂN**
**CHỦ TỊCH**

**Phạm Quốc Bảo**
"""

MINH_KHE_CONG_VAN = """ỦY BAN NHÂN DÂN
XÃ MINH KHÊ

Số: 215/UBND-VP
V/v đẩy mạnh dịch vụ công trực tuyến toàn trình

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Minh Khê, ngày 08 tháng 9 năm 2025

Kính gửi: Trưởng các thôn trên địa bàn xã.

Để nâng tỷ lệ hồ sơ trực tuyến toàn trình từ 61% hiện nay lên ít nhất 80% trong quý IV/2025, UBND xã Minh Khê đề nghị các thôn thực hiện một số nội dung sau:

1. Phối hợp Tổ công nghệ số cộng đồng hướng dẫn người dân nộp hồ sơ trên Cổng dịch vụ công quốc gia, nhất là các thủ tục đăng ký khai sinh, chứng thực và đăng ký thường trú.

2. Thông báo trên loa truyền thanh thôn ít nhất 02 lần mỗi tuần về lợi ích của thanh toán phí, lệ phí trực tuyến.

3. Tổng hợp khó khăn, vướng mắc của người dân khi sử dụng dịch vụ công trực tuyến, gửi về Văn phòng UBND xã trước ngày 25 hằng tháng.

UBND xã yêu cầu Trưởng các thôn nghiêm túc triển khai thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Phạm Quốc Bảo
"""


LAM_SON_DIRECTIVE = (
    Header(
        "ỦY BAN NHÂN DÂN", "TỈNH LAM SƠN", "Số: 2145/UBND-KGVX",
        "Lam Sơn, ngày 02 tháng 6 năm 2026", "",
        "V/v báo cáo kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026",
        ["Ủy ban nhân dân các xã, phường trên địa bàn tỉnh"],
    ),
    [
        ("p", "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, "
              "công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia;"),
        ("p", "Căn cứ Kế hoạch số 37/KH-UBND ngày 14/02/2026 của UBND tỉnh về chuyển đổi số tỉnh Lam Sơn năm 2026;"),
        ("p", "Để có cơ sở đánh giá tình hình và tổng hợp báo cáo Ban Chỉ đạo tỉnh, Chủ tịch UBND tỉnh đề nghị "
              "Ủy ban nhân dân các xã, phường thực hiện một số nội dung sau:"),
        ("h", "1. Mục đích, yêu cầu"),
        ("p", "Đánh giá đúng thực chất kết quả chuyển đổi số của cấp xã trong 6 tháng đầu năm 2026; số liệu phải "
              "có nguồn, đối chiếu được với Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh; không báo "
              "cáo chung chung, không sao chép nội dung của kỳ trước."),
        ("h", "2. Nội dung và hình thức báo cáo"),
        ("p", "Báo cáo xây dựng theo Đề cương tại Phụ lục I; số liệu các chỉ tiêu điền theo Biểu mẫu tại Phụ lục II "
              "kèm theo Công văn này. Số liệu tính từ ngày 01/01/2026 đến hết ngày 15/6/2026."),
        ("h", "3. Thời hạn gửi báo cáo"),
        ("p", "Báo cáo của UBND các xã, phường (kèm biểu số liệu) gửi về UBND tỉnh (qua Sở Khoa học và Công nghệ) "
              "trước ngày 25/6/2026, đồng thời gửi bản điện tử qua Hệ thống quản lý văn bản và điều hành."),
        ("p", "Giao Sở Khoa học và Công nghệ tổng hợp, tham mưu UBND tỉnh báo cáo Ban Chỉ đạo tỉnh trước ngày "
              "05/7/2026. Trong quá trình thực hiện, nếu có vướng mắc, các địa phương liên hệ Phòng Chuyển đổi số "
              "thuộc Sở Khoa học và Công nghệ để được hướng dẫn."),
        ("p", "Ủy ban nhân dân tỉnh đề nghị các địa phương nghiêm túc triển khai thực hiện./."),
    ],
    Signature(["Như trên;", "Ban Chỉ đạo chuyển đổi số tỉnh (b/c);", "Chủ tịch, các PCT UBND tỉnh;",
               "Sở Khoa học và Công nghệ;", "Lưu: VT, KGVX."],
              ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "Trịnh Minh Đức"),
    [
        ("break",),
        ("c", "Phụ lục I"),
        ("c", "ĐỀ CƯƠNG BÁO CÁO"),
        ("c", "Kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026 của xã, phường"),
        ("i", "(Kèm theo Công văn số 2145/UBND-KGVX ngày 02/6/2026 của UBND tỉnh Lam Sơn)"),
        ("h", "I. KẾT QUẢ THỰC HIỆN"),
        ("h", "1. Công tác lãnh đạo, chỉ đạo"),
        ("p", "Nêu các văn bản chỉ đạo, kế hoạch đã ban hành; việc kiện toàn Ban Chỉ đạo, Tổ công nghệ số cộng "
              "đồng; việc phân công người đứng đầu trực tiếp phụ trách chuyển đổi số."),
        ("h", "2. Kết quả thực hiện các nhiệm vụ"),
        ("h", "a) Hạ tầng số và an toàn thông tin"),
        ("p", "Trang thiết bị của Bộ phận Một cửa, đường truyền, chữ ký số; các sự cố mất an toàn thông tin "
              "(nếu có) và cách xử lý."),
        ("h", "b) Dịch vụ công trực tuyến"),
        ("p", "Số hồ sơ tiếp nhận, tỷ lệ hồ sơ trực tuyến toàn trình, tỷ lệ thanh toán trực tuyến, tỷ lệ số hóa "
              "hồ sơ; so sánh với chỉ tiêu giao tại Kế hoạch số 37/KH-UBND."),
        ("h", "c) Dữ liệu dân cư và Đề án 06"),
        ("p", "Kết quả làm sạch dữ liệu dân cư, hộ tịch; số tài khoản định danh điện tử mức độ 2 được kích hoạt."),
        ("h", "II. ĐÁNH GIÁ CHUNG"),
        ("h", "1. Ưu điểm"),
        ("h", "2. Tồn tại, hạn chế"),
        ("p", "Nêu cụ thể từng tồn tại, có địa chỉ; không nêu chung chung."),
        ("h", "3. Nguyên nhân"),
        ("p", "Phân tích rõ nguyên nhân khách quan và chủ quan."),
        ("h", "III. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026"),
        ("h", "IV. ĐỀ XUẤT, KIẾN NGHỊ"),
        ("p", "Kiến nghị cụ thể với UBND tỉnh, các sở, ngành (nếu có)."),
        ("break",),
        ("c", "Phụ lục II"),
        ("c", "BIỂU MẪU SỐ LIỆU CHUYỂN ĐỔI SỐ 6 THÁNG ĐẦU NĂM 2026"),
        ("i", "(Kèm theo Công văn số 2145/UBND-KGVX ngày 02/6/2026 của UBND tỉnh Lam Sơn)"),
        ("table", [
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2026", "Kết quả 6 tháng", "Ghi chú"],
            ["I", "Dịch vụ công trực tuyến", "", "", "", ""],
            ["1", "Tỷ lệ hồ sơ trực tuyến toàn trình", "%", "≥ 80", "", ""],
            ["2", "Tỷ lệ thanh toán trực tuyến", "%", "≥ 70", "", ""],
            ["3", "Tỷ lệ hồ sơ thủ tục hành chính được số hóa", "%", "100", "", ""],
            ["II", "Hạ tầng và nhân lực số", "", "", "", ""],
            ["4", "Tổ công nghệ số cộng đồng đang hoạt động", "Tổ", "", "", ""],
            ["5", "Cán bộ, công chức được cấp chữ ký số cá nhân", "Người", "", "", ""],
            ["III", "Dữ liệu dân cư (Đề án 06)", "", "", "", ""],
            ["6", "Tài khoản định danh điện tử mức độ 2 được kích hoạt", "Tài khoản", "", "", ""],
        ]),
    ],
)


# --- .docx rendering ------------------------------------------------------------------------------

def _run(paragraph, text: str, bold: bool = False, italic: bool = False, size: float = 13) -> None:
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = "Times New Roman"


def _cell_lines(cell, lines: list[tuple[str, bool]], align=WD_ALIGN_PARAGRAPH.CENTER) -> None:
    first = True
    for text, bold in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = align
        _run(p, text, bold=bold, size=12.5)


def build_docx(header: Header, blocks: list[Block], signature: Signature, out: Path,
               appendix: list[Block] = ()) -> None:
    doc = new_docx()
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    # Two-column administrative header (Nghị định 30/2020, Phụ lục I).
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table_borders_off(table)
    _cell_lines(table.cell(0, 0), [(header.organ_parent, False), (header.organ, True)])
    _cell_lines(table.cell(0, 1), [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True), ("Độc lập - Tự do - Hạnh phúc", True)])
    cong_van = not header.doc_type
    _cell_lines(table.cell(1, 0), [(header.number, False)] + ([(header.title, False)] if cong_van else []))
    _cell_lines(table.cell(1, 1), [(header.place_date, False)])
    table.cell(1, 1).paragraphs[0].runs[0].italic = True

    if not cong_van:
        for text, bold, size in ((header.doc_type, True, 14), (header.title, True, 13)):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, text, bold=bold, size=size)
    if header.recipients:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(p, "Kính gửi: " + "; ".join(header.recipients) + ".")

    _add_blocks(doc, blocks)

    # Signature block: "Nơi nhận" left, authority and signer right (a borderless layout table).
    sig = doc.add_table(rows=1, cols=2)
    table_borders_off(sig)
    _cell_lines(sig.cell(0, 0), [("Nơi nhận:", True)] + [("- " + x, False) for x in signature.cc], WD_ALIGN_PARAGRAPH.LEFT)
    _cell_lines(sig.cell(0, 1), [(x, True) for x in signature.authority] + [("", False), (signature.name, True)])
    _add_blocks(doc, appendix)
    doc.save(out)


def _add_blocks(doc, blocks: list[Block]) -> None:
    for block in blocks:
        if block[0] == "h":
            p = doc.add_paragraph()
            _run(p, block[1], bold=True)
        elif block[0] == "p":
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1)
            _run(p, block[1])
        elif block[0] == "table":
            rows = block[1]
            t = doc.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = "Table Grid"
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    cell = t.cell(r, c)
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER if c != 1 else WD_ALIGN_PARAGRAPH.LEFT
                    _run(cell.paragraphs[0], value, bold=(r == 0), size=12)
        elif block[0] in ("c", "i"):
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(p, block[1], bold=block[0] == "c", italic=block[0] == "i")
        elif block[0] == "break":
            doc.add_page_break()


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("không tìm thấy soffice: apt-get install -y libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=180,
        )
    return out_dir / (docx_path.stem + ".pdf")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice conversion")
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    build_docx(*HOA_PHONG_REPORT, out / "bao-cao-xa-hoa-phong-6-thang-2026.docx")
    build_docx(*HOA_PHONG_PLAN, out / "ke-hoach-xa-hoa-phong-chuyen-doi-so-2026.docx")
    (out / "bao-cao-xa-minh-khe-de-an-06.md").write_text(MINH_KHE_MD, encoding="utf-8")
    (out / "cong-van-xa-minh-khe-dich-vu-cong.txt").write_text(MINH_KHE_CONG_VAN, encoding="utf-8")
    build_docx(*LAM_SON_DIRECTIVE[:3], out / "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx",
               appendix=LAM_SON_DIRECTIVE[3])
    if not args.no_pdf:
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "bao-cao-xa-an-thinh-quy-3-2025.docx"
            build_docx(*AN_THINH_REPORT, source)
            pdf = to_pdf(source, Path(tmp))
            shutil.copyfile(pdf, out / pdf.name)
    for path in sorted(out.iterdir()):
        print(f"{path.name}\t{path.stat().st_size} B")
    return 0


if __name__ == "__main__":
    sys.exit(main())
