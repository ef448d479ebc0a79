"""What a directive asks of the report besides its outline: deadline, recipient, issuer, subject.

* deadline: "gửi về … trước ngày 25/6/2026", "chậm nhất ngày 25 tháng 6 năm 2026", in a sentence
  that sends something (gửi/báo cáo); a date without its year takes the directive's year;
* recipient: what follows "gửi (báo cáo) về/đến …" up to the deadline or the end of the clause,
  parentheses kept whole ("UBND tỉnh (qua Sở Nội vụ)");
* issuer: the organ lines of the header ("ỦY BAN NHÂN DÂN TỈNH LAM SƠN" / "SỞ KHOA HỌC VÀ CÔNG
  NGHỆ"), written as the body writes them when it does, else in sentence case.

Patterns run on a same-length diacritics folding, so directives typed without diacritics are
read too and every span maps back to the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from assistant.ingest.types import Document
from assistant.outline.periods import fold_same_length
from assistant.outline.tree import TextParagraph, paragraphs
from assistant.outline.types import DirectiveReference

_DATE_NUMERIC = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?"
_DATE_WORDS = r"(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?"
_CLOCK = r"(?:\d{1,2}\s*(?:gio|h)(?:\s*\d{2}(?:\s*phut)?)?,?\s+)?"  # "trước 16 giờ 00 ngày …"
_DEADLINE = re.compile(
    r"(?:truoc|cham nhat(?:\s+la)?(?:\s+vao)?|han cuoi|han chot|khong muon hon|trong thoi han den)\s+"
    rf"{_CLOCK}(?:ngay\s+)?(?:{_DATE_NUMERIC}|{_DATE_WORDS})"
)
_SENDS = re.compile(r"\b(?:gui|nop|bao cao)\b")
_RECIPIENT = re.compile(
    r"\bgui\s+(?:(?:bao cao|ket qua|so lieu|bang van ban|ban giay|ban dien tu|va|ve|den|len|cho)\s+){0,4}")
_RECIPIENT_STOP = re.compile(
    r"\s+(?:truoc|cham nhat|trong thoi han|de tong hop|de theo doi|dong thoi|bang van ban|qua he thong|"
    r"qua dia chi|va gui|theo dia chi|theo dung|han cuoi)\b|[,;.:]\s|[,;.:]?$"
)
_NATIONAL = re.compile(r"^(?:cong hoa|doc lap|so\s*:|so\s+\d)")  # not "SỞ NỘI VỤ" (folded "so noi vu")
_PLACE_WORDS = ("tinh", "huyen", "xa", "phuong", "thi xa", "thanh pho", "quan", "dac khu", "thi tran")
_TYPE_NAMES = {
    "CÔNG VĂN": "Công văn", "KẾ HOẠCH": "Kế hoạch", "HƯỚNG DẪN": "Hướng dẫn", "THÔNG BÁO": "Thông báo",
    "CHỈ THỊ": "Chỉ thị", "QUYẾT ĐỊNH": "Quyết định", "CHƯƠNG TRÌNH": "Chương trình", "NGHỊ QUYẾT": "Nghị quyết",
}


@dataclass(frozen=True)
class Request:
    deadline: date | None
    recipient: str  # as written: "Sở Khoa học và Công nghệ (qua Phòng Chuyển đổi số)"
    sentence: str  # the sentence both were read from, for the officer to check


def _sentences(paras: list[TextParagraph]) -> list[str]:
    out = []
    for p in paras:
        out += [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", p.text) if s.strip()]
    return out


def _date(m: re.Match[str], default_year: int | None) -> date | None:
    groups = [g for g in m.groups()]
    d, mo, y = (groups[0], groups[1], groups[2]) if groups[0] else (groups[3], groups[4], groups[5])
    year = int(y) if y else default_year
    if year is None:
        return None
    try:
        return date(year, int(mo), int(d))
    except ValueError:
        return None


def read_request(doc: Document, exclude: tuple[int, int] | None = None) -> Request:
    """The deadline and recipient of the report the directive asks for.

    ``exclude``: the span of the prescribed outline, whose guidance ("gửi kèm …") is not the request.
    """
    deadline_found: tuple[date, str] | None = None
    recipient_found: tuple[str, str] | None = None
    paras = [p for p in paragraphs(doc.text) if not (exclude and exclude[0] <= p.start < exclude[1])]
    for sentence in _sentences(paras):
        folded = fold_same_length(sentence)
        if not _SENDS.search(folded):
            continue
        m = _DEADLINE.search(folded)
        deadline = _date(m, doc.year) if m else None
        recipient = _recipient(sentence, folded)
        if deadline and recipient:
            return Request(deadline, recipient, sentence)  # the sentence that says both is the request
        if deadline and deadline_found is None:
            deadline_found = (deadline, sentence)
        if recipient and recipient_found is None:
            recipient_found = (recipient, sentence)
    return Request(
        deadline_found[0] if deadline_found else None,
        recipient_found[0] if recipient_found else "",
        " ".join(dict.fromkeys(x[1] for x in (deadline_found, recipient_found) if x)),
    )


def _recipient(sentence: str, folded: str) -> str:
    """The first "gửi … về X" whose X is a name ("gửi kèm", "gửi bằng thư" are not)."""
    for m in _RECIPIENT.finditer(folded):
        name = _name_at(sentence, folded, m.end())
        if name:
            return name
    return ""


def _name_at(sentence: str, folded: str, start: int) -> str:
    depth, i = 0, start
    while i < len(folded):
        ch = folded[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            stop = _RECIPIENT_STOP.match(folded, i)
            if stop:
                break
        i += 1
    text = sentence[start:i].strip().rstrip(",;.:").strip()
    return text if text[:1].isupper() else ""


def issuer(doc: Document, preamble: list[str]) -> str:
    """The issuing organ in running text: "Sở Khoa học và Công nghệ tỉnh Lam Sơn"."""
    organ_lines = []
    for line in preamble:
        folded = fold_same_length(line).strip()
        if _NATIONAL.match(folded) or re.search(r"ngay\s+\d", folded):
            break
        if _is_caps(line):
            organ_lines.append(line.strip())
    if not organ_lines:
        return ""
    organ = organ_lines[-1]
    parent = organ_lines[-2] if len(organ_lines) >= 2 else ""
    if fold_same_length(organ).startswith(_PLACE_WORDS) and fold_same_length(parent).startswith("uy ban nhan dan"):
        organ, parent = f"{parent} {organ}", ""  # "ỦY BAN NHÂN DÂN" / "HUYỆN SÔNG MÃ": one name on two lines
    name = _as_written(doc.text, organ) or _cased(doc.text, organ)
    if parent and not _has_place(name):
        place = re.search(r"\b(TỈNH|THÀNH PHỐ|HUYỆN)\s+(.+)$", parent)
        if place:
            name = f"{name} {place.group(1).lower()} {place.group(2).title()}"
    return name


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _has_place(name: str) -> bool:
    folded = fold_same_length(name)
    return any(re.search(rf"\b{w}\s+[a-z]", folded) for w in _PLACE_WORDS)


def _as_written(text: str, caps: str) -> str:
    """The first occurrence of ``caps`` in the body not written in capitals (case and tone aside)."""
    folded_text, wanted = fold_same_length(text), fold_same_length(caps)
    for m in re.finditer(re.escape(wanted), folded_text):
        found = text[m.start(): m.end()]
        if not _is_caps(found):
            return found
    return ""


def _cased(text: str, caps: str) -> str:
    """ "SỞ NỘI VỤ TỈNH ĐÔNG HẢI": the organ as the body writes it ("Sở Nội vụ"), then its place."""
    m = re.search(r"\s(TỈNH|HUYỆN|XÃ|PHƯỜNG|THÀNH PHỐ|ĐẶC KHU)\s+(.+)$", caps)
    if m and m.start() > 0:
        head = _as_written(text, caps[: m.start()])
        if head:
            return f"{head} {m.group(1).lower()} {m.group(2).title()}"
    return _sentence_case(caps)


def _sentence_case(caps: str) -> str:
    """ "ỦY BAN NHÂN DÂN TỈNH LAM SƠN" → "Ủy ban nhân dân tỉnh Lam Sơn" (place names title-cased)."""
    words = caps.lower().split()
    out, proper = [], False
    for i, w in enumerate(words):
        out.append(w.capitalize() if i == 0 or proper else w)
        if fold_same_length(w) in ("tinh", "huyen", "xa", "phuong", "quan", "pho"):
            proper = True
    return " ".join(out)


def directive_reference(doc: Document, issuer_name: str) -> DirectiveReference:
    subject = re.sub(r"^(?:V/[vV]|Về việc)\s*:?\s*", "", doc.title).strip().rstrip(".")
    issued = date.fromisoformat(doc.date) if doc.date else None
    # a "V/v …" subject is the mark of a công văn, whatever its số ký hiệu says
    doc_type = _TYPE_NAMES.get(doc.doc_type) or ("Công văn" if subject != doc.title.strip().rstrip(".") else "")
    return DirectiveReference(
        doc_type=doc_type or doc.doc_type.capitalize() or "Văn bản",
        number=doc.number, issued=issued, issuer=issuer_name, subject=subject,
    )
