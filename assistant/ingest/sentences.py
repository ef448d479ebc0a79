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


# A sentence this many times ``max_chars`` long is split at clause boundaries; a little over the
# limit is cheaper than a cut through a sentence (answers and quotes are sentences).
SPLIT_SENTENCE_FACTOR = 1.5
_SEMICOLON = re.compile(r";\s+")
_COMMA = re.compile(r",\s+")  # a space after it: never the decimal comma of "84,03%"


def _cut_after(text: str, start: int, end: int, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """[start, end) cut after each separator match (the separator and its space stay on the left)."""
    spans, pos = [], start
    for m in separator.finditer(text, start, end):
        if m.end() < end:
            spans.append((pos, m.end()))
            pos = m.end()
    spans.append((pos, end))
    return spans


def clause_spans(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Clauses of one over-long sentence: cut at "; ", and a clause still over ``max_chars`` at ", "."""
    clauses: list[tuple[int, int]] = []
    for s, e in _cut_after(text, start, end, _SEMICOLON):
        clauses.extend(_cut_after(text, s, e, _COMMA) if e - s > max_chars else [(s, e)])
    return clauses


def group_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Consecutive sentences packed into pieces of at most ``max_chars``.

    A sentence up to ``SPLIT_SENTENCE_FACTOR`` × ``max_chars`` stays whole even over the limit;
    a longer one (seed 001 has a ~1,000-character sentence listing plans and decisions) is split
    into its clauses, packed the same way, so no chunk grows without bound.
    """
    units: list[tuple[int, int]] = []
    for s, e in sentence_spans(text):
        if e - s > SPLIT_SENTENCE_FACTOR * max_chars:
            units.extend(clause_spans(text, s, e, max_chars))
        else:
            units.append((s, e))
    pieces: list[tuple[int, int]] = []
    for s, e in units:
        if pieces and e - pieces[-1][0] <= max_chars:
            pieces[-1] = (pieces[-1][0], e)
        else:
            pieces.append((s, e))
    return pieces
