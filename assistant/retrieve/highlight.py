"""Snippets with the query's terms marked, for the terminal and for HTML.

Terms are matched diacritics-folded and case-insensitively at word boundaries, so a query typed
without diacritics still highlights "trực tuyến". Spans refer to the snippet text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from assistant.retrieve.analyzer import fold_char_preserving, highlight_terms, normalize_for_index

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


def term_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Spans in ``text`` of every query term (folded, whole words), merged when adjacent."""
    terms = highlight_terms(query)
    if not terms:
        return []
    toned = normalize_for_index(text)  # same length as text: NFC in, tone moves within a syllable
    folded = fold_char_preserving(toned)
    found: set[tuple[int, int]] = set()
    for term, plain in terms:
        haystack = folded if plain else toned
        for m in re.finditer(r"(?<!\w)" + re.escape(term) + r"(?!\w)", haystack):
            found.add(m.span())
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
