"""Section kinds from the officer's vocabulary, and inline labelled paragraphs.

The rules follow the headings and inline labels of commune reports (issue 2 §3): "Ưu điểm",
"Tồn tại, hạn chế", "Khó khăn, vướng mắc", "Nguyên nhân", "Giải pháp (khắc phục)", "Nhiệm vụ
trọng tâm", "Kiến nghị, đề xuất", "Bài học kinh nghiệm", "Trách nhiệm", "Đặc điểm tình hình".

A heading/label is matched *at its start* (after numbering, bullets and filler words such as
"Về", "Một số", "Những") on its diacritics-folded form. Anchoring avoids the classic false
positives of a substring search: "Về tiếp nhận phản ánh, kiến nghị" is not a recommendation and
"Về việc thực thi nhiệm vụ được giao" is not a task list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.types import SectionKind

# Folded phrases; the first kind whose phrase starts the text wins (so "Tồn tại, hạn chế và
# nguyên nhân" is han_che, "Bài học kinh nghiệm và nhiệm vụ, giải pháp" is bai_hoc).
_KIND_PHRASES: list[tuple[SectionKind, tuple[str, ...]]] = [
    (SectionKind.UU_DIEM, ("uu diem", "mat duoc", "mat lam duoc", "diem manh")),
    (SectionKind.HAN_CHE, ("ton tai", "han che", "kho khan", "vuong mac", "bat cap", "yeu kem",
                           "diem nghen", "mat han che", "mat ton tai", "thieu sot")),
    (SectionKind.NGUYEN_NHAN, ("nguyen nhan",)),
    (SectionKind.GIAI_PHAP, ("giai phap", "bien phap", "nhiem vu trong tam", "nhiem vu, giai phap",
                             "nhiem vu va giai phap", "nhiem vu thoi gian toi", "nhiem vu trong thoi gian toi",
                             "nhiem vu nam", "nhiem vu:", "phuong huong", "ke hoach thoi gian toi",
                             "khac phuc", "muc tieu, nhiem vu", "noi dung, nhiem vu", "nhiem vu cu the")),
    (SectionKind.KIEN_NGHI, ("kien nghi", "de xuat", "de nghi")),
    (SectionKind.BAI_HOC, ("bai hoc",)),
    (SectionKind.DAC_DIEM, ("dac diem", "boi canh", "thuc trang", "tinh hinh chung", "khai quat")),
    (SectionKind.KET_QUA, ("ket qua", "tinh hinh, ket qua", "tinh hinh trien khai", "tinh hinh thuc hien",
                           "thanh tuu")),
]

# trach_nhiem is narrower than the other kinds: a heading *assigns* responsibility only when it is
# one of these phrases as a whole, or opens with one of the prefixes. A prefix match on "phân công"
# would take results headings such as "2. Về phân công trách nhiệm và xử lý nhiệm vụ có thời hạn"
# (seed 000, under "II. KẾT QUẢ …"), which report what was done and inherit ket_qua instead.
_RESPONSIBILITY_HEADINGS = frozenset(
    {"trach nhiem", "phan cong trach nhiem", "to chuc thuc hien", "vai tro nguoi dung dau"}
)
_RESPONSIBILITY_PREFIXES = ("trach nhiem cua ", "trach nhiem ve ")

# Display names of the kinds, for the UI, drafting and exports (one source).
KIND_LABELS: dict[SectionKind, str] = {
    SectionKind.KET_QUA: "Kết quả",
    SectionKind.UU_DIEM: "Ưu điểm",
    SectionKind.HAN_CHE: "Tồn tại, hạn chế",
    SectionKind.NGUYEN_NHAN: "Nguyên nhân",
    SectionKind.GIAI_PHAP: "Giải pháp, nhiệm vụ",
    SectionKind.KIEN_NGHI: "Kiến nghị, đề xuất",
    SectionKind.BAI_HOC: "Bài học kinh nghiệm",
    SectionKind.TRACH_NHIEM: "Trách nhiệm",
    SectionKind.DAC_DIEM: "Đặc điểm tình hình",
    SectionKind.KHAC: "Khác",
}

# Leading filler removed before matching (folded, longest first).
_FILLERS = ("ve viec", "ve", "mot so", "nhung", "cac", "viec", "danh gia", "nhan xet", "tong hop")
_LEADING_NOISE = re.compile(
    r"^(?:[-+•*–]\s*|\(?\d+(?:\.\d+)*[.)]?\s+|[ivxlc]+[.)]\s+|[a-z][.)]\s+|phan\s+(?:thu\s+)?\w+[.:]?\s+|[\s,.:;])+"
)


def _strip_numbering(text: str) -> str:
    """Folded text without its numbering, bullets and leading punctuation."""
    return _LEADING_NOISE.sub("", re.sub(r"\s+", " ", fold_diacritics(text).strip()))


def _folded_core(text: str) -> str:
    folded = _strip_numbering(text)
    while True:
        before = folded
        folded = _LEADING_NOISE.sub("", folded)
        for filler in _FILLERS:
            if folded.startswith(filler + " ") or folded.startswith(filler + ","):
                folded = folded[len(filler):].lstrip(" ,")
        if folded == before:
            return folded


def classify_kind(label_or_heading: str) -> SectionKind:
    """Kind of a heading ("IV. ĐÁNH GIÁ CHUNG", "2. Hạn chế") or inline label ("- Ưu điểm")."""
    if _assigns_responsibility(label_or_heading):
        return SectionKind.TRACH_NHIEM
    core = _folded_core(label_or_heading)
    for kind, phrases in _KIND_PHRASES:
        for phrase in phrases:
            if core.startswith(phrase):
                return kind
    # "Kết quả" may follow a short qualifier: "Tình hình, kết quả thực hiện", "Những kết quả nổi bật".
    if re.match(r"^(?:\w+\s){0,2}\w+, ket qua\b", core):
        return SectionKind.KET_QUA
    return SectionKind.KHAC


def _assigns_responsibility(text: str) -> bool:
    """ "Tổ chức thực hiện", "Trách nhiệm", "Trách nhiệm của …" — but not a "Về …" topic heading,
    which names what a results section reports on."""
    head = _strip_numbering(text).rstrip(" :.;")
    return head in _RESPONSIBILITY_HEADINGS or head.startswith(_RESPONSIBILITY_PREFIXES)


@dataclass(frozen=True)
class InlineLabel:
    """A paragraph that opens with "<label>: …" (``- Ưu điểm: Công tác …``)."""

    label: str  # as written, without the bullet: "Tồn tại, hạn chế"
    marker: str  # the bullet or numbering before it: "-", "+", "c)", ""
    kind: SectionKind
    has_body: bool  # text follows the colon on the same paragraph


_INLINE = re.compile(
    r"^(?P<marker>[-+•*–]|[a-zđ]\)|\d+[.)]|\(\d+\))?\s*(?P<label>[^:;.\d()\"“”]{2,70}?)\s*:\s*(?P<body>.*)$",
    re.DOTALL,
)
MAX_LABEL_WORDS = 6


def inline_label(paragraph: str) -> InlineLabel | None:
    """The inline label of a paragraph, if it has one of at most six words before a colon."""
    m = _INLINE.match(paragraph.strip())
    if not m:
        return None
    label = m.group("label").strip()
    if len(label.split()) > MAX_LABEL_WORDS or not label[:1].isalpha() or not label[:1].isupper():
        return None
    return InlineLabel(label, m.group("marker") or "", classify_kind(label), bool(m.group("body").strip()))
