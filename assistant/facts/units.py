"""Units of the indicators in commune reports, and their normalization.

Scale words (nghìn/ngàn, triệu, tỷ) are folded into the value, so ``0,556 tỷ đồng`` and
``556 triệu đồng`` are both 556.000.000 đồng. Synonyms map to one name (``đ`` → ``đồng``,
``TTHC`` → ``thủ tục``, ``km2`` → ``km²``). The vocabulary is the one seen in the reports'
indicator tables (Đơn vị tính column) and bodies; unknown units pass through lower-cased.
"""

from __future__ import annotations

import re
from decimal import Decimal

SCALES: dict[str, Decimal] = {
    "nghìn": Decimal(1_000),
    "ngàn": Decimal(1_000),
    "triệu": Decimal(1_000_000),
    "tr": Decimal(1_000_000),
    "tỷ": Decimal(1_000_000_000),
    "tỉ": Decimal(1_000_000_000),
}

SYNONYMS: dict[str, str] = {
    "đ": "đồng",
    "vnđ": "đồng",
    "vnd": "đồng",
    "k": "đồng",  # only reached through the "k" scale below
    "tthc": "thủ tục",
    "thủ tục hành chính": "thủ tục",
    "km2": "km²",
    "m2": "m²",
    "phần trăm": "%",
    "dvc": "dịch vụ công",
    "dịch vụ công trực tuyến": "dịch vụ công",
    "dvctt": "dịch vụ công",
    "cuộc họp": "cuộc",
    "phiên họp": "cuộc",
    "buổi": "buổi",
    "tỷ lệ": "%",
}

# Units that may follow a number in running text; longest first so "tỷ đồng" wins over "tỷ".
UNIT_WORDS: tuple[str, ...] = tuple(
    sorted(
        {
            "tỷ đồng", "tỉ đồng", "triệu đồng", "nghìn đồng", "ngàn đồng", "đồng", "đ", "VNĐ",
            "tỷ", "tỉ", "triệu", "nghìn", "ngàn", "%", "phần trăm",
            "km²", "km2", "ha", "m²", "m2", "km", "m",
            "điểm", "hồ sơ", "thủ tục hành chính", "thủ tục", "TTHC", "dịch vụ công trực tuyến",
            "dịch vụ công", "DVCTT", "DVC", "người", "hộ", "thửa", "doanh nghiệp", "hợp tác xã",
            "cuộc họp", "phiên họp", "cuộc", "buổi", "nhiệm vụ", "lớp", "lượt", "tổ", "thành viên",
            "máy tính", "máy", "thôn", "xóm", "bản", "xã", "văn bản", "mô hình", "sản phẩm",
            "tài khoản", "camera", "trạm", "cơ sở", "trường", "học sinh", "cán bộ", "công chức",
            "đảng viên", "phản ánh", "kiến nghị", "giao dịch", "tin", "bài", "tin bài", "chữ ký số",
            "Mbps", "Gbps", "Gb/s", "Mb/s", "tháng", "ngày", "lần", "đơn vị", "cơ quan", "dự án",
            "đề tài", "sáng kiến", "hội nghị", "chỉ tiêu", "di tích", "điểm cầu", "thiết bị", "hệ thống",
        },
        key=len,
        reverse=True,
    )
)
# Multi-word units may be split by a hard wrap: unwrapped, "hồ \nsơ" reads "hồ  sơ".
UNIT_PATTERN = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in UNIT_WORDS)

# Units of measure (as opposed to count nouns): a value in one is never a value in another.
MEASURE_UNITS = frozenset({"%", "đồng", "km²", "ha", "m²", "km", "m", "điểm", "mbps", "gbps", "gb/s", "mb/s",
                           "tháng", "ngày"})


def split_scale(unit_text: str) -> tuple[Decimal, str]:
    """``"tỷ đồng"`` → (10⁹, "đồng"); ``"triệu"`` → (10⁶, ""); ``"hồ sơ"`` → (1, "hồ sơ")."""
    words = unit_text.strip().split()
    if words and words[0].lower() in SCALES:
        rest = " ".join(words[1:])
        if words[0].lower() == "tr" and rest and rest.lower() not in ("đồng", "đ"):
            return Decimal(1), unit_text.strip()
        return SCALES[words[0].lower()], rest
    if unit_text.strip().lower() == "k":
        return Decimal(1_000), "đồng"
    return Decimal(1), unit_text.strip()


def normalize_unit(unit: str | None) -> str | None:
    """One spelling per unit: lower case, synonyms folded; empty → None."""
    if unit is None:
        return None
    text = re.sub(r"\s+", " ", unit.strip().replace("\\%", "%"))
    if not text:
        return None
    key = text.lower()
    if key in SYNONYMS:
        return SYNONYMS[key]
    return key


def base_quantity(value: Decimal, unit: str | None) -> tuple[Decimal, str | None]:
    """Fold a scale word in a unit string: (0,556, "tỷ đồng") → (556000000, "đồng")."""
    scale, rest = split_scale(unit or "")
    return value * scale, normalize_unit(rest) if rest else (None if scale != 1 else normalize_unit(unit))
