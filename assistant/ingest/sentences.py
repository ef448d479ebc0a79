"""Sentence boundaries with character offsets, for splitting long paragraphs without cutting one.

Written here rather than taken from underthesea's ``sent_tokenize`` because the chunker needs exact
offsets into the text (spans), and administrative prose has its own traps: "TM. ỦY BAN", "KT. CHỦ
TỊCH", "TP. Thanh Hóa", decimal numbers "99,9." and document numbers "Số 12/KH-UBND." — a boundary
is a sentence mark followed by whitespace and an upper-case letter, digit, quote or bullet, and not
preceded by a known abbreviation.
"""

from __future__ import annotations

import re

_CANDIDATE = re.compile(r"[.!?…]+[\"”’)\]]*\s+")
_ABBREVIATIONS = frozenset(
    {"TP", "Tp", "TS", "ThS", "Ths", "PGS", "GS", "KT", "TM", "TL", "TUQ", "Q", "TT", "BS", "KS", "CN", "St",
     "Nxb", "tr", "Th", "ông", "bà", "v.v", "P", "Ô"}
)
_OPENERS = "\"“(-+•–"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence; together they cover ``text`` (whitespace goes with the left)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        end = m.end()
        if end >= len(text):
            break
        nxt = text[end]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
            continue
        word = re.search(r"(\S+?)[.!?…]+$", text[start : m.start() + 1])
        if word and word.group(1).split("(")[-1] in _ABBREVIATIONS:
            continue
        spans.append((start, end))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def group_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive sentences packed into pieces of at most ``max_chars`` (a longer sentence stays whole)."""
    pieces: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        if pieces and e - pieces[-1][0] <= max_chars:
            pieces[-1] = (pieces[-1][0], e)
        else:
            pieces.append((s, e))
    return pieces
