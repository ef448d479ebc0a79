"""PLACEHOLDER until the clause classifier lands (same API)."""
from __future__ import annotations
import re, unicodedata
from dataclasses import dataclass

@dataclass(frozen=True)
class Clause:
    text: str
    span: tuple[int, int]
    label: str
    p_instruction: float

@dataclass(frozen=True)
class Form:
    layout: str = ""
    paragraphs: int | None = None
    sentences: tuple[int, int] | None = None
    words: tuple[int, int] | None = None
    shorter: bool = False
    order: tuple[str, ...] = ()
    no_extra_numbers: bool = False
    exclude: tuple[str, ...] = ()

_DIRECTIVE = re.compile(
    r"^(viết|giúp|soạn|hãy|đừng|không thêm|chỉ dùng|chia|văn phong|khoảng|ngắn|nhé|cho báo cáo|liệt kê|đề xuất giải pháp|mục|phần|ưu điểm về|báo cáo)|"
    r"\b(viết|giúp mình|giúp em|giúp tôi|văn phong|số liệu khác|đoạn văn|\d+\s*-\s*\d+ (chữ|câu)|khoảng \d+ đoạn|mình đưa|gạch đầu dòng|một đoạn)\b",
    re.IGNORECASE)

def split_clauses(message):
    message = unicodedata.normalize("NFC", message)
    out = []
    for m in re.finditer(r"[^.;:!?\n]+(?:[.](?=\d)[^.;:!?\n]*)*", message):
        t = m.group(0).strip(" ,")
        if t:
            s = message.find(t, m.start())
            out.append((t, (s, s + len(t))))
    return out

def classify_clauses(message):
    out = []
    for t, span in split_clauses(message):
        for part in re.split(r"\s*\((gạch đầu dòng)\)\s*", t):
            if not part.strip():
                continue
            inst = bool(_DIRECTIVE.search(part)) or part == "gạch đầu dòng" or len(part.split()) < 3
            out.append(Clause(part.strip(), span, "instruction" if inst else "content", 0.9 if inst else 0.1))
    return out

def read_form(clauses):
    text = " ".join(c.text for c in clauses).lower()
    layout = "bullets" if re.search(r"gạch đầu dòng|liệt kê", text) and "không gạch" not in text else ("paragraphs" if re.search(r"đoạn văn|không gạch", text) else "")
    m = re.search(r"(\d+)\s*-\s*(\d+)\s*câu", text)
    sentences = (int(m.group(1)), int(m.group(2))) if m else None
    m = re.search(r"(\d+)\s*-\s*(\d+)\s*chữ", text)
    words = (int(m.group(1)), int(m.group(2))) if m else None
    paragraphs = 1 if "một đoạn" in text else (2 if re.search(r"2 đoạn", text) else None)
    order = ()
    if "khách quan" in text and "chủ quan" in text:
        order = ("chủ quan", "khách quan") if text.find("chủ quan") < text.find("khách quan") else ("khách quan", "chủ quan")
    return Form(layout, paragraphs, sentences, words, bool(re.search(r"ngắn", text)), order,
                bool(re.search(r"không thêm số|chỉ dùng số", text)), ())

def read_recipients(clauses):
    out = []
    for c in clauses:
        for m in re.finditer(r"(?:gửi|kiến nghị|đề nghị)\s+((?:Sở|UBND|Ủy ban|Bộ|Phòng)\s+[^\s,.;:]+(?:\s+[^\s,.;:]+)?)", c.text):
            out.append(m.group(1))
    return tuple(dict.fromkeys(out))
