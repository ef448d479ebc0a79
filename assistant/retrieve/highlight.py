"""Snippets with the query's terms marked, for the terminal and for HTML.

The query's words are marked, not every syllable they share with the text: runs of consecutive
query syllables ("hồ sơ", "trực tuyến toàn trình") are marked wherever they occur; a syllable
matched alone is marked only if it is a number or the query's only content syllable, so "tỷ lệ"
in the query does not mark the "lệ" of "lệ phí" nor "chuyển đổi số" every "số". Matching is
case-insensitive and, for a query typed without diacritics, diacritics-insensitive ("truc tuyen"
marks "trực tuyến"). Spans refer to the snippet text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.retrieve.analyzer import fold_char_preserving, highlight_terms, normalize_for_index

_SYLLABLE = re.compile(r"\w+", re.UNICODE)

ANSI_ON, ANSI_OFF = "\033[1;33m", "\033[0m"


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: tuple[tuple[int, int], ...]  # [start, end) of highlighted terms in ``text``

    def marked(self, before: str, after: str, escape=lambda s: s) -> str:
        out, pos = [], 0
        for start, end in self.spans:
            out += [escape(self.text[pos:start]), before, escape(self.text[start:end]), after]
            pos = end
        out.append(escape(self.text[pos:]))
        return "".join(out)

    @property
    def html(self) -> str:
        return self.marked("<mark>", "</mark>", html.escape)

    @property
    def ansi(self) -> str:
        return self.marked(ANSI_ON, ANSI_OFF)

    @property
    def plain_marked(self) -> str:
        """For terminals without colour and for logs: terms in «…»."""
        return self.marked("«", "»")


@dataclass(frozen=True)
class _QuerySyllable:
    text: str  # tone-canonical lower case, or folded when typed without diacritics
    plain: bool  # typed without diacritics: matches any syllable folding to it
    content: bool  # not a function word (``analyzer.highlight_terms``)


def _query_syllables(query: str) -> list[_QuerySyllable]:
    content = set(highlight_terms(query))
    out = []
    for syllable in _SYLLABLE.findall(normalize_for_index(query)):
        plain = fold_char_preserving(syllable) == syllable
        out.append(_QuerySyllable(syllable, plain, (syllable, plain) in content))
    return out


def match_spans(text: str, query: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(phrase spans, lone-syllable spans) of ``query`` in ``text``.

    A phrase is a run of text syllables equal to consecutive query syllables (a word or phrase of
    the query: "hồ sơ", "trực tuyến toàn trình", "Đề án 06") holding at least two content
    syllables. A lone span is a content syllable matched outside any phrase, or alone among
    function words ("của xã"). Syllables typed with diacritics match the same syllable (tone-canonical),
    typed without them any syllable that folds to them.
    """
    q = _query_syllables(query)
    if not q:
        return [], []
    toned = normalize_for_index(text)  # same length as text: NFC in, tone moves within a syllable
    folded = fold_char_preserving(toned)
    words = [(m.start(), m.end()) for m in _SYLLABLE.finditer(toned)]

    def same(i: int, j: int) -> bool:
        a, b = words[i]
        return (folded[a:b] if q[j].plain else toned[a:b]) == q[j].text

    phrases: list[tuple[int, int]] = []
    lone: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        best_len, best_j = 0, -1
        for j in range(len(q)):
            n = 0
            while i + n < len(words) and j + n < len(q) and same(i + n, j + n):
                n += 1
            if n > best_len:
                best_len, best_j = n, j
        if best_len == 0:
            i += 1
            continue
        content = [n for n in range(best_len) if q[best_j + n].content]
        if len(content) >= 2:
            phrases.append((words[i][0], words[i + best_len - 1][1]))
        elif len(content) == 1:
            lone.append(words[i + content[0]])  # "của xã": one content syllable among function words
        i += best_len
    return phrases, lone


def _worth_alone(syllable: str, query: list[_QuerySyllable]) -> bool:
    """May a syllable matched outside every phrase be marked? (rule chosen in docs/benchmarks.md)

    Numbers and codes ("87", "06") always; otherwise only when the query has a single content
    syllable — in a several-syllable query a lone "số", "lệ", "hồ" is a piece of another word.
    """
    return any(ch.isdigit() for ch in syllable) or sum(s.content for s in query) <= 1


def term_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans in ``text`` of the query's words and phrases (see :func:`match_spans`), merged when adjacent."""
    phrases, lone = match_spans(text, query)
    q = _query_syllables(query)
    found = phrases + [(a, b) for a, b in lone if _worth_alone(text[a:b], q)]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if spans and text[spans[-1][1] : start].strip() == "" and start >= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)  # "hồ sơ trực tuyến" becomes one mark
        elif not spans or start >= spans[-1][1]:
            spans.append((start, end))
    return spans


def make_snippet(text: str, query: str, width: int = 280) -> Snippet:
    """The ``width``-character window of ``text`` holding the most query terms."""
    flat = re.sub(r"\s+", " ", text).strip()
    spans = term_spans(flat, query)
    if len(flat) <= width:
        return Snippet(flat, tuple(spans))
    best_start, best_count = 0, -1
    for s, _ in spans or [(0, 0)]:
        start = max(0, s - width // 4)
        count = sum(1 for a, b in spans if a >= start and b <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    end = min(len(flat), best_start + width)
    # Widen to word boundaries so no syllable is cut.
    while best_start > 0 and not flat[best_start - 1].isspace():
        best_start -= 1
    while end < len(flat) and not flat[end].isspace():
        end += 1
    prefix = "… " if best_start > 0 else ""
    suffix = " …" if end < len(flat) else ""
    body = flat[best_start:end]
    shift = len(prefix) - best_start
    inside = tuple((a + shift, b + shift) for a, b in spans if a >= best_start and b <= end)
    return Snippet(prefix + body + suffix, inside)
