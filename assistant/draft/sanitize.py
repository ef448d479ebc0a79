"""Turn retrieved text (data, never instructions) into sentences safe to reuse for another commune.

Rules, from issue 5 §2: a sentence from a prior report may become a candidate only if it
- is not instruction-like (planted "bỏ qua hướng dẫn…", "hãy viết rằng…" never reach a prompt),
- carries no numbers of its own (another commune's figures must not leak; national document
  references such as "57-NQ/TW" or "Đề án 06" are allowed),
- names no other place we cannot rewrite (provinces, hamlets); other communes' names are rewritten
  to the officer's commune.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Upper-case letters of Vietnamese, for "a capitalized word" in patterns. Written out because the
# range À-Ỹ also contains the lower-case letters that alternate with them in Unicode.
UPPER = "A-Z" + "".join(ch for ch in map(chr, range(0xC0, 0x1EFA)) if ch.isupper() and ch.isalpha())

# Instruction-like phrasing aimed at a model or at the reader of the prompt. Matched on a
# lower-cased, NFC sentence. Reports state facts; they do not address "bạn" or tell anyone to ignore
# guidance, so these patterns cost no legitimate sentences.
_INSTRUCTION_PATTERNS = [
    r"\bbỏ qua\b.*\b(hướng dẫn|chỉ dẫn|yêu cầu|quy tắc|lệnh|nội dung trên|ở trên)",
    r"\bhãy (viết|ghi|trả lời|nói|khẳng định|thêm|chèn|bỏ|xóa|xoá|quên|coi|xem)\b",
    r"\bviết rằng\b",
    r"\b(bạn|mày|trợ lý ảo|chatbot)\s+(là|hãy|phải|cần|không được)\b",
    r"\b(ignore|disregard|forget)\b.*\b(instructions?|rules?|above|previous)\b",
    r"\b(system prompt|prompt|jailbreak|you are|assistant:)\b",
    r"\b(từ bây giờ|từ giờ trở đi)\b",
    r"</?(system|user|assistant|im_start|im_end)",
]
_INSTRUCTION_RE = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS), re.IGNORECASE)

# National references that are the same for every commune, so a sentence citing them may be reused.
_NATIONAL_REFERENCES = re.compile(
    r"\d+-NQ/TW|Đề án (số )?06|\d+/\d{4}/(NĐ-CP|QĐ-TTg|QH\d+|TT-[A-ZĐ]+)|Nghị quyết (số )?\d+-NQ/TW",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
# Spelled-out quantities are numbers too ("hai lớp", "ba thôn"); "một số" (some) is not a quantity.
_SPELLED_NUMBER = re.compile(
    r"\b(hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|trăm|nghìn|ngàn|triệu|tỷ)\s+(lớp|thôn|xóm|tổ|hộ|người|hồ sơ|"
    r"thủ tục|máy|cán bộ|lượt|điểm|trạm|mô hình|đợt|buổi|phần trăm)\b",
    re.IGNORECASE,
)
# Places below or above the commune whose names we cannot map to the officer's commune.
_FOREIGN_PLACE = re.compile(rf"\b(tỉnh|huyện|thôn|xóm|bản|ấp|tổ dân phố|làng)\s+[{UPPER}]")
_COMMUNE_WORD = re.compile(r"(?<!\w)(xã|Xã|XÃ)\s+")
_MARKDOWN = re.compile(rf"\*\*|__|`|^#+\s*|^\s*[-*•+]\s+|^\s*\d+[.)]\s+(?=[{UPPER}])", re.MULTILINE)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def is_instruction(sentence: str) -> bool:
    """True if the sentence reads like an instruction to a model rather than report content."""
    return bool(_INSTRUCTION_RE.search(nfc(sentence).lower()))


def has_own_numbers(sentence: str) -> bool:
    """True if the sentence states a quantity (digits or spelled out) other than a national reference."""
    stripped = _NATIONAL_REFERENCES.sub(" ", sentence)
    return bool(_DIGIT.search(stripped) or _SPELLED_NUMBER.search(stripped))


def _capitalized_run(text: str, start: int) -> int:
    """End offset of the run of capitalized words starting at ``start`` ("Phú Thịnh" in "Phú Thịnh đã")."""
    pos = start
    end = start
    for match in re.finditer(r"\S+", text[start:]):
        word = match.group(0)
        core = word.strip(",.;:()“”\"'")
        if not core or not core[0].isupper() or match.start() + start != pos:
            break
        end = start + match.start() + len(word.rstrip(",.;:()“”\"'"))
        pos = start + match.end() + 1  # the next word must follow after exactly one space
        if word != word.rstrip(",.;:()“”\"'"):
            break
    return end


def commune_names_in(text: str) -> set[str]:
    """Commune names written as "xã <Tên>" in ``text``."""
    names = set()
    for match in _COMMUNE_WORD.finditer(text):
        end = _capitalized_run(text, match.end())
        if end > match.end():
            names.add(text[match.end():end])
    return names


def adapt_to_commune(sentence: str, commune_name: str, foreign_names: set[str]) -> str:
    """Rewrite other communes' names to ``commune_name``; "Ủy ban nhân dân xã" becomes "UBND xã"."""
    out = sentence
    for name in sorted(foreign_names | commune_names_in(sentence), key=len, reverse=True):
        # A part of the officer's own name ("Đồng" of "Đồng Tiến Thượng", as in "xã Đồng tiến Thượng") is not foreign.
        if name and name not in commune_name:
            out = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", commune_name, out)
    out = re.sub(r"Ủy ban nhân dân xã|Uỷ ban nhân dân xã", "UBND xã", out)
    return out


def names_foreign_place(sentence: str) -> bool:
    return bool(_FOREIGN_PLACE.search(sentence))


@lru_cache(maxsize=1)
def _sent_tokenize():
    # underthesea's splitter knows Vietnamese abbreviations; imported lazily (the package is slow to load).
    from underthesea import sent_tokenize

    return sent_tokenize


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage: bullet items and lines are split first, then underthesea splits lines."""
    sentences: list[str] = []
    # PDF extractions hard-wrap lines; a line not ending a sentence continues on the next one.
    joined = re.sub(rf"(?<![.:;!?])\n(?=[^\W\d_{UPPER}])", " ", nfc(text))
    for line in joined.splitlines():
        line = _MARKDOWN.sub("", line).strip()
        if len(line) < 20:
            continue
        for sentence in _sent_tokenize()(line):
            sentence = sentence.strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def strip_label(sentence: str) -> str:
    """Drop an inline label such as "Tồn tại, hạn chế:" so the sentence reads as running text."""
    match = re.match(rf"^([{UPPER}][^:.;]{{0,40}}):\s+(.+)$", sentence)
    if match and len(match.group(2)) > 20:
        rest = match.group(2)
        return rest[0].upper() + rest[1:]
    return sentence


# A sentence ends at . ! ? followed by whitespace and a capital or an opening quote: "2.148" and
# "84,03" never end one because no whitespace follows their separator.
_SENTENCE_END = re.compile(rf"(?<=[.!?…])\s+(?=[{UPPER}\"“(\[])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of one paragraph of running text (our own drafts)."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        if text[start:match.start()].strip():
            spans.append((start, match.start()))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans
