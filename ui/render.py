"""Presentation helpers: turn package results into escaped HTML/Markdown for the screens.

Only formatting lives here; every decision (what is a hit, what is ungrounded) comes
from the package. All text from documents is HTML-escaped before markup is added, so
a corpus file cannot inject script into the page.
"""

from __future__ import annotations

import html
import re
from typing import Any, Iterable, Sequence

_MARK_OPEN = "\x00M\x00"
_MARK_CLOSE = "\x00/M\x00"


def escape(text: str) -> str:
    return html.escape(text or "", quote=True)


def highlight_marked(snippet: str) -> str:
    """Escape a snippet whose highlights are ``**term**`` or ``<mark>term</mark>``, keeping only the highlights."""
    text = re.sub(r"<mark>(.*?)</mark>", lambda m: _MARK_OPEN + m.group(1) + _MARK_CLOSE, snippet or "", flags=re.S)
    text = re.sub(r"\*\*(.+?)\*\*", lambda m: _MARK_OPEN + m.group(1) + _MARK_CLOSE, text, flags=re.S)
    text = escape(text)
    return text.replace(escape(_MARK_OPEN), "<mark>").replace(escape(_MARK_CLOSE), "</mark>")


def passage_in_context(text: str, span: tuple[int, int], window: int = 600) -> str:
    """The passage ``text[span]`` highlighted, with up to ``window`` characters either side."""
    start, end = max(0, span[0]), min(len(text), span[1])
    if start >= end:
        return f"<div class='context'>{escape(text[: 2 * window])}</div>"
    left = max(0, start - window)
    right = min(len(text), end + window)
    before = ("…" if left else "") + text[left:start]
    after = text[end:right] + ("…" if right < len(text) else "")
    return (
        "<div class='context'>"
        f"{escape(before)}<mark id='cited-passage'>{escape(text[start:end])}</mark>{escape(after)}"
        "</div>"
    )


def guard_highlights(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """``gr.HighlightedText`` value: the draft split into plain parts and (number, label) parts."""
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, label in sorted(spans):
        if start < pos or end > len(text):
            continue  # overlapping/out-of-range spans: show the first only
        if start > pos:
            parts.append((text[pos:start], None))
        parts.append((text[start:end], label))
        pos = end
    if pos < len(text):
        parts.append((text[pos:], None))
    return parts


def table_markdown(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A small Markdown table (cells escaped for pipes and newlines)."""

    def cell(value: Any) -> str:
        return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
