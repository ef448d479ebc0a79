"""A built-in sample report (fictional commune) that exercises every element of the export.

Two-line organ name, several recipients, blank day/month, every heading level
(I., 1., 1.1., a)), an empty-free body long enough for a second page, an
indicator table with group rows, citations, a "KT." signature.
"""

from __future__ import annotations

from decimal import Decimal

from assistant.ingest.types import SectionKind as K
from assistant.report import (
    Citation,
    IndicatorRow,
    IndicatorTable,
    Report,
    ReportDate,
    ReportSection,
    header_from_settings,
)
from assistant.settings import CommuneHeader


def sample_report(commune: CommuneHeader | None = None) -> Report:
    header = header_from_settings(
        commune or CommuneHeader(),
        doc_number="Số:      /BC-UBND",
        date=ReportDate(year=2026),
        title="Kết quả thực hiện cải cách hành chính, chuyển đổi số 6 tháng đầu năm 2026 "
        "và nhiệm vụ trọng tâm 6 tháng cuối năm",
        recipients=("Ủy ban nhân dân tỉnh", "Sở Nội vụ tỉnh", "Sở Khoa học và Công nghệ tỉnh"),
        cc=("Như trên;", "Thường trực Đảng ủy xã;", "Thường trực HĐND xã;", "Lưu: VT, VP."),
        authority=("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"),
        signer_title="PHÓ CHỦ TỊCH",
        signer_name="Trần Văn Minh",
    )
    sections = [
        ReportSection(
            "I.",
            "KẾT QUẢ THỰC HIỆN",
            K.KET_QUA.value,
            paragraphs=[
                "Thực hiện Kế hoạch số 12/KH-UBND ngày 15/01/2026 của UBND xã về cải cách hành chính "
                "và chuyển đổi số năm 2026, UBND xã Minh Khê báo cáo kết quả 6 tháng đầu năm như sau:",
            ],
            children=[
                ReportSection(
                    "1.",
                    "Công tác chỉ đạo, điều hành",
                    K.KET_QUA.value,
                    paragraphs=[
                        "UBND xã ban hành 04 kế hoạch, 06 văn bản chỉ đạo triển khai nhiệm vụ; phân công "
                        "cụ thể cho từng công chức phụ trách, gắn với tiến độ và sản phẩm đầu ra [1].",
                    ],
                ),
                ReportSection(
                    "2.",
                    "Kết quả cụ thể",
                    K.KET_QUA.value,
                    children=[
                        ReportSection(
                            "2.1.",
                            "Giải quyết thủ tục hành chính",
                            K.KET_QUA.value,
                            paragraphs=[
                                "Bộ phận Một cửa tiếp nhận 1.484 hồ sơ, trong đó 1.247 hồ sơ nộp trực tuyến, "
                                "đạt 84,03%; giải quyết đúng hạn 1.480 hồ sơ, không có hồ sơ quá hạn [2].",
                                "Tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt 96,5%; "
                                "100% kết quả được trả qua hệ thống điện tử khi người dân đề nghị.",
                            ],
                            children=[
                                ReportSection(
                                    "a)",
                                    "Lĩnh vực hộ tịch",
                                    K.KET_QUA.value,
                                    paragraphs=[
                                        "Đăng ký khai sinh 212 trường hợp, khai tử 64 trường hợp, kết hôn "
                                        "58 cặp; liên thông khai sinh, thường trú, cấp thẻ bảo hiểm y tế cho "
                                        "trẻ dưới 6 tuổi đạt 100%.",
                                    ],
                                ),
                                ReportSection(
                                    "b)",
                                    "Lĩnh vực chứng thực",
                                    K.KET_QUA.value,
                                    paragraphs=[
                                        "Chứng thực bản sao từ bản chính 2.315 bản; chứng thực chữ ký 146 "
                                        "trường hợp, bảo đảm đúng quy định.",
                                    ],
                                ),
                            ],
                        ),
                        ReportSection(
                            "2.2.",
                            "Chuyển đổi số",
                            K.KET_QUA.value,
                            paragraphs=[
                                "Tổ công nghệ số cộng đồng của 9 thôn hướng dẫn người dân cài đặt, kích hoạt "
                                "định danh điện tử mức độ 2 và sử dụng dịch vụ công trực tuyến; "
                                "thanh toán không dùng tiền mặt được mở rộng tại chợ xã và trường học.",
                            ],
                        ),
                    ],
                ),
            ],
        ),
        ReportSection(
            "II.",
            "ĐÁNH GIÁ CHUNG",
            K.KHAC.value,
            children=[
                ReportSection(
                    "1.",
                    "Ưu điểm",
                    K.UU_DIEM.value,
                    paragraphs=[
                        "Công tác chỉ đạo được triển khai kịp thời, có trọng tâm; tỷ lệ hồ sơ trực tuyến "
                        "tăng rõ so với cùng kỳ; thái độ phục vụ của công chức Bộ phận Một cửa được người "
                        "dân đánh giá hài lòng.",
                    ],
                ),
                ReportSection(
                    "2.",
                    "Hạn chế",
                    K.HAN_CHE.value,
                    paragraphs=[
                        "Một số thủ tục còn phải nộp bản giấy kèm theo; kỹ năng sử dụng dịch vụ công trực "
                        "tuyến của một bộ phận người cao tuổi còn hạn chế; hạ tầng mạng tại hai thôn vùng "
                        "ven biển chưa ổn định [3].",
                    ],
                ),
                ReportSection(
                    "3.",
                    "Nguyên nhân",
                    K.NGUYEN_NHAN.value,
                    paragraphs=[
                        "Kinh phí đầu tư thiết bị còn hạn hẹp; việc kết nối, chia sẻ dữ liệu giữa các hệ "
                        "thống chuyên ngành chưa đồng bộ; công tác tuyên truyền có lúc chưa sâu rộng.",
                    ],
                ),
            ],
        ),
        ReportSection(
            "III.",
            "NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM",
            K.GIAI_PHAP.value,
            paragraphs=[
                "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính; nâng tỷ lệ hồ sơ trực tuyến toàn "
                "trình; đẩy mạnh hoạt động của Tổ công nghệ số cộng đồng; bảo đảm an toàn thông tin "
                "trong vận hành các hệ thống.",
            ],
        ),
        ReportSection(
            "IV.",
            "KIẾN NGHỊ",
            K.KIEN_NGHI.value,
            paragraphs=[
                "Đề nghị UBND tỉnh quan tâm bố trí kinh phí nâng cấp hạ tầng mạng cho các thôn vùng ven "
                "biển và tổ chức tập huấn kỹ năng số cho công chức cấp xã.",
            ],
        ),
    ]
    table = IndicatorTable(
        title="Biểu: Kết quả thực hiện một số chỉ tiêu 6 tháng đầu năm 2026",
        rows=[
            IndicatorRow(tt="I", name="Cải cách hành chính", is_group=True),
            IndicatorRow("1", "Hồ sơ tiếp nhận", "hồ sơ", None, Decimal("1484")),
            IndicatorRow("2", "Tỷ lệ hồ sơ nộp trực tuyến", "%", Decimal("80"), Decimal("84.03")),
            IndicatorRow("3", "Tỷ lệ hồ sơ giải quyết đúng hạn", "%", "≥ 98", Decimal("99.73")),
            IndicatorRow(tt="II", name="Chuyển đổi số", is_group=True),
            IndicatorRow("4", "Tỷ lệ số hóa hồ sơ, kết quả", "%", Decimal("90"), Decimal("96.5")),
            IndicatorRow("5", "Kinh phí đầu tư thiết bị", "đồng", Decimal("150000000"), Decimal("126500000")),
        ],
    )
    citations = [
        Citation(1, "Kế hoạch số 12/KH-UBND xã Minh Khê", "I. MỤC ĐÍCH, YÊU CẦU", (0, 240), "phân công cụ thể"),
        Citation(2, "Báo cáo số 88/BC-UBND xã Hòa Phong", "I. KẾT QUẢ > 2. Thủ tục hành chính", (1200, 1480)),
        Citation(3, "Báo cáo số 41/BC-UBND xã Đông Sơn", "II. ĐÁNH GIÁ CHUNG > 2. Hạn chế", (3050, 3310)),
    ]
    return Report(header=header, sections=sections, table=table, citations=citations)
