"""Understand an officer's message: which section, on what topic, for which commune and period,
and which of its clauses are the officer's own statements (notes) rather than instructions to us.

Rule-based so that it works without any LLM (issue 5 §3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.draft.sanitize import UPPER, nfc
from assistant.draft.types import DANH_GIA_CHUNG

# Keywords naming a section, most specific first; matched on the lower-cased message.
SECTION_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("đánh giá chung", DANH_GIA_CHUNG),
    ("kết quả", "ket_qua"),
    ("ưu điểm", "uu_diem"),
    ("mặt làm được", "uu_diem"),
    ("tồn tại", "han_che"),
    ("hạn chế", "han_che"),
    ("khó khăn", "han_che"),
    ("nguyên nhân", "nguyen_nhan"),
    ("giải pháp", "giai_phap"),
    ("nhiệm vụ", "giai_phap"),
    ("kiến nghị", "kien_nghi"),
    ("đề xuất", "kien_nghi"),
)

_QUOTED = re.compile(r"[\"“”'‘’«»]([^\"“”'‘’«»]{3,60})[\"“”'‘’«»]")
_COMMUNE = re.compile(rf"(?<!\w)xã\s+((?:[{UPPER}][^\s,.;:()\"“”]*)(?:\s+[{UPPER}][^\s,.;:()\"“”]*)*)")
_PERIOD = re.compile(
    r"(\d+ tháng (?:đầu|cuối) năm \d{4}|quý [IV]+/\d{4}|quý [IV]+ năm \d{4}|tháng \d{1,2}/\d{4}|năm \d{4})",
    re.IGNORECASE,
)
_TOPIC = re.compile(
    r"\bvề\s+(.+?)(?=\s+(?:(?:cho|trong|của UBND|của xã|của Ủy ban|quý)\b|năm \d|\d+ tháng|tháng \d)|[.;:(]|$)",
    re.IGNORECASE,
)
# Clauses addressed to the assistant (how to write), not statements about the commune.
_DIRECTIVE = re.compile(
    r"^(viết|giúp|soạn|hãy|đừng|không thêm|chỉ dùng|chia|văn phong|khoảng|ngắn gọn|nhé|cho báo cáo)|"
    r"\b(viết|giúp mình|giúp tôi|văn phong|số liệu khác|đoạn văn|\d+\s*-\s*\d+ chữ|khoảng \d+ đoạn|mình đưa)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(số liệu|tình hình|bối cảnh|thông tin|cụ thể|trong đó)\s*:\s*", re.IGNORECASE)


@dataclass
class Understanding:
    section: str | None = None
    topic: str = ""
    commune: str = ""
    period: str = ""
    notes: list[str] = field(default_factory=list)


def detect_section(message: str) -> str | None:
    """The section a message asks for: a quoted title wins ("Tồn tại, hạn chế"), then the first keyword."""
    text = nfc(message).lower()
    for quoted in _QUOTED.findall(text):
        for keyword, kind in SECTION_KEYWORDS:
            if keyword in quoted:
                return kind
    found = [(text.find(k), kind) for k, kind in SECTION_KEYWORDS if k in text]
    return min(found)[1] if found else None


def detect_commune(message: str) -> str:
    match = _COMMUNE.search(nfc(message))
    return f"xã {match.group(1)}" if match else ""


def detect_period(message: str) -> str:
    match = _PERIOD.search(nfc(message))
    return match.group(1) if match else ""


def detect_topic(message: str) -> str:
    match = _TOPIC.search(nfc(message))
    return match.group(1).strip(" ,") if match else ""


def officer_notes(message: str) -> list[str]:
    """The message's statements about the commune, as clauses without instructions to the assistant.

    "Tình hình: 14/41 máy tính đã dùng trên 7 năm; còn 3 thôn có vùng lõm sóng. Đừng thêm số liệu khác."
    → ["14/41 máy tính đã dùng trên 7 năm", "còn 3 thôn có vùng lõm sóng"].
    """
    notes: list[str] = []
    # "." ends a sentence only before whitespace: "2.148" is a Vietnamese thousands separator.
    for sentence in re.split(r"(?<=[.!?])\s+", nfc(message).strip()):
        sentence = sentence.rstrip(".!? ")
        sentence = re.sub(r"^[^:]{0,30}:\s*", lambda m: "" if _LABEL.match(m.group(0)) else m.group(0), sentence)
        for clause in sentence.split(";"):
            clause = _LABEL.sub("", clause.strip(" ,"))
            if len(clause.split()) < 3 or _DIRECTIVE.search(clause):
                continue
            notes.append(clause)
    return notes


def understand(message: str) -> Understanding:
    return Understanding(
        section=detect_section(message),
        topic=detect_topic(message),
        commune=detect_commune(message),
        period=detect_period(message),
        notes=officer_notes(message),
    )
