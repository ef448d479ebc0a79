"""Types that leave the ingestion stage: a parsed Document and its Chunks.

These are the contract between ``ingest`` and ``retrieve``; keep them small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


class SectionKind(str, Enum):
    """What a section of a report is about (the officer's vocabulary)."""

    KET_QUA = "ket_qua"  # kết quả thực hiện
    UU_DIEM = "uu_diem"  # ưu điểm
    HAN_CHE = "han_che"  # tồn tại, hạn chế, khó khăn, vướng mắc
    NGUYEN_NHAN = "nguyen_nhan"  # nguyên nhân
    GIAI_PHAP = "giai_phap"  # giải pháp, nhiệm vụ
    KIEN_NGHI = "kien_nghi"  # kiến nghị, đề xuất
    BAI_HOC = "bai_hoc"  # bài học kinh nghiệm
    TRACH_NHIEM = "trach_nhiem"  # trách nhiệm, phân công
    DAC_DIEM = "dac_diem"  # đặc điểm tình hình
    KHAC = "khac"

    @classmethod
    def parse(cls, value: str) -> "SectionKind":
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(k.value for k in cls)
            raise ValueError(f"Loại mục không hợp lệ: {value!r}. Các giá trị hợp lệ: {valid}") from None


@dataclass
class Section:
    """A node of the heading tree; ``span`` is [start, end) in Document.text."""

    heading: str  # heading text without its numbering label
    label: str  # numbering as written: "IV.", "2.", "1.1.", "a)", "Phần 1", "" for the root
    level: int  # 0 = document root
    kind: SectionKind
    span: tuple[int, int]
    children: list["Section"] = field(default_factory=list)
    # [start, end) of the heading line itself; None for the root and for sections opened by an
    # inline label ("- Ưu điểm: …"), whose label is part of their first paragraph.
    heading_span: tuple[int, int] | None = None

    @property
    def title(self) -> str:
        return f"{self.label} {self.heading}".strip()


@dataclass
class Document:
    source: str  # path as given to the indexer (relative to the corpus root when possible)
    content_hash: str  # sha256 of the file bytes
    text: str  # normalized text (NFC, re-joined lines); spans refer to it
    doc_type: str = ""  # BÁO CÁO, KẾ HOẠCH, CÔNG VĂN, ...
    is_directive: bool = False
    commune: str = ""  # "Thiệu Trung" (without "xã")
    province: str = ""
    date: str = ""  # ISO yyyy-mm-dd when known, else ""
    year: int | None = None
    period: str = ""  # "6 tháng đầu năm 2026", "quý III/2025", ...
    title: str = ""  # trích yếu
    number: str = ""  # số ký hiệu, e.g. "125/BC-UBND"
    signer: str = ""
    root: Section | None = None  # the section tree
    raw_text: str = ""  # the loader's text before normalization (kept for matching answers)

    @property
    def doc_id(self) -> str:
        return self.content_hash[:16]


@dataclass
class Chunk:
    id: str  # stable: f"{doc_id}:{ordinal}"
    doc_id: str
    source: str
    text: str  # what is embedded and shown (with section path as a short prefix only in `embed_text`)
    section_path: str  # "IV. ĐÁNH GIÁ CHUNG > 2. Hạn chế"
    kind: SectionKind
    span: tuple[int, int]  # [start, end) in Document.text
    metadata: dict[str, Any] = field(default_factory=dict)  # flat str/int/float/bool, Chroma-safe

    @property
    def embed_text(self) -> str:
        """Text given to the embedding model and BM25: section path gives context to short chunks."""
        return f"{self.section_path}\n{self.text}" if self.section_path else self.text


class IngestError(Exception):
    """A file that cannot be ingested. ``message`` is Vietnamese, for the officer."""

    def __init__(self, path: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
