"""Document metadata from the administrative header and signature block.

The layout follows Nghị định 30/2020/NĐ-CP (thể thức văn bản hành chính): issuing organ and
"Số: 12/BC-UBND" on the left, national motto and "<địa danh>, ngày … tháng … năm …" on the right,
then the document type in capitals (BÁO CÁO, KẾ HOẠCH …) and the trích yếu; công văn have no type
line but a "V/v …" subject and a số ký hiệu without a type code ("15/UBND-VP"). The signature block
ends with the signer's authority (TM./KT.), title and name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from assistant.ingest.normalize import fold_diacritics

DOC_TYPES = (
    "BÁO CÁO", "KẾ HOẠCH", "CÔNG VĂN", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "THÔNG BÁO", "CHỈ THỊ", "TỜ TRÌNH",
    "CHƯƠNG TRÌNH", "HƯỚNG DẪN", "ĐỀ ÁN", "KẾT LUẬN", "BIÊN BẢN", "THÔNG TƯ", "NGHỊ ĐỊNH",
)
# Types that direct work rather than report on it (issue 2 §3: indexed too, marked as directives).
DIRECTIVE_TYPES = frozenset(
    {"KẾ HOẠCH", "CÔNG VĂN", "QUYẾT ĐỊNH", "NGHỊ QUYẾT", "THÔNG BÁO", "CHỈ THỊ", "CHƯƠNG TRÌNH",
     "HƯỚNG DẪN", "ĐỀ ÁN", "KẾT LUẬN", "THÔNG TƯ", "NGHỊ ĐỊNH"}
)
# Type code in the số ký hiệu (Phụ lục III, Nghị định 30/2020): "12/BC-UBND" → BÁO CÁO.
_TYPE_CODES = {
    "BC": "BÁO CÁO", "KH": "KẾ HOẠCH", "QĐ": "QUYẾT ĐỊNH", "NQ": "NGHỊ QUYẾT", "TB": "THÔNG BÁO",
    "CT": "CHỈ THỊ", "TTr": "TỜ TRÌNH", "CTr": "CHƯƠNG TRÌNH", "HD": "HƯỚNG DẪN", "ĐA": "ĐỀ ÁN",
    "KL": "KẾT LUẬN", "BB": "BIÊN BẢN",
}

_NUMBER = re.compile(r"^Số\s*:\s*(\S+)")
_NUMBER_CODE = re.compile(r"/(?P<code>[A-Za-zĐđ]+)-")
_DATE = re.compile(
    r"(?P<place>[^\n,]{2,40}),\s*ngày\s+(?P<d>\d{1,2})?\s*tháng\s+(?P<m>\d{1,2})?\s*năm\s+(?P<y>\d{4})"
)
_COMMUNE = re.compile(r"\b(?:xã|Xã|XÃ)\s+")
_PROVINCE = re.compile(r"\b(?:tỉnh|Tỉnh|TỈNH)\s+")
_WORD = re.compile(r"[^\W\d_]+")
_PERIOD = re.compile(
    r"(\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}"
    r"|[Qq]uý\s+(?:[IV]+|\d)\s*(?:/|năm\s+)\d{4}"
    r"|tháng\s+\d{1,2}\s*/\s*\d{4}"
    r"|tháng\s+\d{1,2}\s+năm\s+\d{4}"
    r"|năm\s+\d{4})"
)
_AUTHORITY = re.compile(r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.)|^(?:PHÓ\s+)?(?:CHỦ TỊCH|TRƯỞNG BAN|BÍ THƯ|GIÁM ĐỐC|TRƯỞNG PHÒNG)\b")
_NOT_NAME_WORDS = {"Nơi", "Kính", "Lưu", "Như", "Ủy", "Thường", "Các", "Lãnh", "Sở", "Đảng", "Công"}
# Words that follow "xã"/"XÃ" without being a commune name ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA").
_NOT_COMMUNE = {"Hội"}


@dataclass
class DocMetadata:
    doc_type: str = ""
    is_directive: bool = False
    commune: str = ""
    province: str = ""
    date: str = ""
    year: int | None = None
    period: str = ""
    title: str = ""
    number: str = ""
    signer: str = ""


def _title_case(name: str) -> str:
    return " ".join(w[:1] + w[1:].lower() for w in name.split())


def _names_after(keyword: re.Pattern[str], text: str, max_words: int) -> list[str]:
    """Proper names after a keyword: "xã Tân Cương" → "Tân Cương", "XÃ MINH KHÊ" → "Minh Khê"."""
    names = []
    for m in keyword.finditer(text):
        words: list[str] = []
        pos = m.end()
        while len(words) < max_words:
            w = _WORD.match(text, pos)
            if not w or not w.group(0)[0].isupper():
                break
            words.append(w.group(0))
            pos = w.end()
            if pos < len(text) and text[pos] == " ":
                pos += 1
            else:
                break
        if words:
            names.append(_title_case(" ".join(words)) if " ".join(words).isupper() else " ".join(words))
    return names


def _is_person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and (w[1:].islower() or len(w) == 1) for w in words)


def _most_common(names: list[str]) -> str:
    names = [n.strip() for n in names if n.strip() and n.split()[0] not in _NOT_COMMUNE]
    return Counter(names).most_common(1)[0][0] if names else ""


def extract_metadata(paragraphs: list[str], preamble_count: int | None = None) -> DocMetadata:
    """Metadata from the document's paragraphs (rendered, in order).

    ``preamble_count``: how many paragraphs precede the first heading; the trích yếu never
    extends past them.
    """
    meta = DocMetadata()
    head = paragraphs[:40]
    text = "\n".join(paragraphs)

    for line in head:
        m = _NUMBER.match(line.strip())
        if m:
            meta.number = m.group(1)
            break

    type_index = None
    for i, line in enumerate(head):
        candidate = line.strip().rstrip(":").strip()
        if candidate in DOC_TYPES:
            meta.doc_type, type_index = candidate, i
            break
    if not meta.doc_type and meta.number:
        code = _NUMBER_CODE.search(meta.number)
        if code:
            meta.doc_type = _TYPE_CODES.get(code.group("code"), "")
            if not meta.doc_type and code.group("code").upper() in {"UBND", "HĐND", "VP", "BCĐ"}:
                meta.doc_type = "CÔNG VĂN"  # "15/UBND-VP": no type code means a công văn
    meta.is_directive = meta.doc_type in DIRECTIVE_TYPES

    meta.title = _title(head[:preamble_count] if preamble_count is not None else head, type_index)

    place = ""
    for line in head:
        m = _DATE.search(line)
        if m:
            place = m.group("place").strip()
            meta.year = int(m.group("y"))
            if m.group("d") and m.group("m"):
                meta.date = f"{int(m.group('y')):04d}-{int(m.group('m')):02d}-{int(m.group('d')):02d}"
            break

    period = _PERIOD.search(meta.title) or _PERIOD.search("\n".join(head))
    if period:
        meta.period = re.sub(r"\s+", " ", period.group(1))
    if meta.year is None and period:
        meta.year = int(re.findall(r"\d{4}", period.group(1))[-1])

    meta.commune = _most_common(_names_after(_COMMUNE, text, 4))
    if not meta.commune and place and not place[:1].isdigit():
        meta.commune = place.strip()
    meta.province = _most_common(_names_after(_PROVINCE, text, 3))

    meta.signer = _signer(paragraphs)
    return meta


def _title(head: list[str], type_index: int | None) -> str:
    """The trích yếu: the paragraphs after the type line, or the "V/v …" of a công văn."""
    if type_index is None:
        for line in head:
            if line.strip().startswith(("V/v", "V/V", "Về việc")):
                return line.strip()
        return ""
    parts: list[str] = []
    for line in head[type_index + 1 : type_index + 4]:
        stripped = line.strip()
        folded = fold_diacritics(stripped)
        if folded.startswith(("kinh gui", "can cu", "thuc hien", "phan ")) or re.match(r"^([IVX]+|[A-Z]|\d+)\.\s", stripped):
            break
        stripped = re.split(r"\s+Kính gửi\s*:", stripped)[0]  # a PDF line join can glue it on
        if len(" ".join(parts + [stripped])) > 500:
            break
        parts.append(stripped)
    return " ".join(parts)


def _signer(paragraphs: list[str]) -> str:
    """The name under the last authority line (TM./KT./CHỦ TỊCH …) of the signature block."""
    last_authority = None
    for i, line in enumerate(paragraphs):
        if _AUTHORITY.match(line.strip()):
            last_authority = i
    if last_authority is None:
        return ""
    for line in paragraphs[last_authority + 1 : last_authority + 6]:
        candidate = line.strip()
        if _AUTHORITY.match(candidate):
            continue
        if _is_person_name(candidate) and candidate.split()[0] not in _NOT_NAME_WORDS:
            return candidate
    return ""
