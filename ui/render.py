"""Presentation helpers: turn package results into escaped HTML/Markdown for the screens.

Only formatting lives here; every decision (what is a hit, what is ungrounded) comes
from the package. All text from documents is HTML-escaped before markup is added, so
a corpus file cannot inject script into the page; text shown through Markdown (the chat)
goes through ``escape_markdown`` so it cannot add links or remote images either.
"""

from __future__ import annotations

import html
import re
from typing import Sequence

from assistant.facts.guard import GuardMention


def escape(text: str) -> str:
    return html.escape(text or "", quote=True)


# Markdown punctuation that makes links, images, HTML or reference definitions (CommonMark §2.4:
# any ASCII punctuation may be backslash-escaped and then renders as itself).
_MD_ACTIVE = re.compile(r"([\\\[\]<>!])")  # emphasis (*, _) is harmless and the replies use it
# GFM turns bare "http://…" and "www.…" into links; an escaped slash or dot breaks the pattern
# while rendering the same characters.
_BARE_LINK = re.compile(r"(?i)(?<=[a-z])(:)(//)|\b(www)(\.)")


def escape_markdown(text: str) -> str:
    """Untrusted text (corpus passages, model output) shown verbatim in a Markdown component.

    A document uploaded by one officer, or a prompt-injected model, must not make another
    officer's browser fetch a URL (``![](http://…?leak)``, ``<img src=…>``) or show a link.
    """
    escaped = _MD_ACTIVE.sub(r"\\\1", text or "")
    return _BARE_LINK.sub(lambda m: f"{m[1]}\\/\\/" if m[1] else f"{m[3]}\\.", escaped)


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


# Guard statuses (assistant.facts.guard.STATUSES) → CSS class and the legend's Vietnamese wording.
GUARD_CLASSES = {"ungrounded": "guard-ungrounded", "stale": "guard-stale", "grounded": "guard-grounded",
                 "reference": "guard-reference"}
GUARD_LEGEND = {"ungrounded": "chưa có căn cứ", "stale": "chưa cập nhật", "grounded": "khớp số liệu",
                "reference": "ngày, số hiệu, kỳ báo cáo"}


def _guard_title(m: GuardMention) -> str:
    if m.status == "grounded":
        return f"Khớp số liệu: {m.fact_label}" if m.fact_label else "Khớp số liệu đã nhập"
    if m.status == "reference":
        return m.reason or "Ngày tháng, số hiệu văn bản hoặc kỳ báo cáo: không cần đối chiếu"
    return _finding(m)


def _finding(m: GuardMention) -> str:
    default = "số liệu kỳ trước, kỳ này chưa cập nhật" if m.status == "stale" else "không khớp số liệu nào đã nhập"
    text = f"{m.reason or default}".rstrip(".") + "."
    return text + (f" Gợi ý: «{m.suggestion}»." if m.suggestion else "")


def guard_html(text: str, mentions: Sequence[GuardMention]) -> str:
    """The draft with its numbers marked by the guard, then the ungrounded and the "chưa cập nhật"
    (last period's value, ``stale``) ones listed with the reason.

    Plain HTML instead of ``gr.HighlightedText``: the text wraps between words (HighlightedText
    split syllables), colours come from our classes, and every explanation is both a tooltip
    (``title``) and a numbered list item, so keyboard and screen-reader users get it too.
    Mentions whose span no longer matches ``text`` (a stale report) are skipped.
    """
    if not text:
        return ""
    valid = sorted((m for m in mentions if text[m.start:m.end] == m.text), key=lambda m: m.start)
    pieces: list[str] = []
    findings: list[GuardMention] = []
    pos = 0
    for m in valid:
        if m.start < pos:
            continue  # overlapping spans: the first wins
        pieces.append(escape(text[pos:m.start]))
        css = GUARD_CLASSES.get(m.status, "guard-reference")
        ref = ""
        if m.status in ("ungrounded", "stale"):
            findings.append(m)
            ref = f"<sup class='guard-ref'>{len(findings)}</sup>"
        pieces.append(f"<mark class='{css}' title='{escape(_guard_title(m))}'>{escape(m.text)}</mark>{ref}")
        pos = m.end
    pieces.append(escape(text[pos:]))

    grounded = sum(1 for m in valid if m.status == "grounded")
    ungrounded = sum(1 for m in findings if m.status == "ungrounded")
    stale = len(findings) - ungrounded
    if findings:
        parts = ([f"{ungrounded} con số chưa có căn cứ (tô đỏ)"] if ungrounded else []) + (
            [f"{stale} con số là số liệu kỳ trước, chưa cập nhật (tô vàng)"] if stale else [])
        summary = f"⚠ {', '.join(parts)} — kiểm tra lại trước khi đưa vào báo cáo:"
    elif grounded:
        summary = f"✓ Cả {grounded} con số đều khớp số liệu đã nhập."
    else:
        summary = "Không có con số nào cần đối chiếu trong bản nháp."
    legend = " ".join(f"<mark class='{GUARD_CLASSES[k]}'>{v}</mark>" for k, v in GUARD_LEGEND.items())
    items = "".join(f"<li><mark class='{GUARD_CLASSES[m.status]}'>{escape(m.text)}</mark> — {escape(_finding(m))}</li>"
                    for m in findings)
    return (
        f"<div class='guard-legend' aria-hidden='true'>{legend}</div>"
        f"<div class='guard-text'>{''.join(pieces)}</div>"
        f"<p class='guard-summary' role='status'>{escape(summary)}</p>"
        + (f"<ol class='guard-findings'>{items}</ol>" if items else "")
    )


_OUTLINE_MARKS = {"heading": ("", ""), "missing": ("○", "chưa soạn"), "draft": ("✎", "nháp"),
                  "accepted": ("✓", "đã đưa vào báo cáo")}


def outline_html(rows) -> str:
    """The report's outline (``ui.report_service.OutlineRow``s) with each section's state."""
    if not rows:
        return "<p>Báo cáo chưa có khung.</p>"
    items = []
    for row in rows:
        mark, text = ("○", "chưa có nội dung") if row.empty else _OUTLINE_MARKS.get(row.status, ("", row.status))
        state = f" <span class='outline-{row.status}'>{mark} {escape(text)}</span>" if text else ""
        weight = "font-weight:600;" if row.status == "heading" else ""
        items.append(f"<li style='margin-left:{row.depth * 1.1:.1f}em;{weight}' data-path='{escape(row.path)}'>"
                     f"{escape(row.heading)}{state}</li>")
    return f"<ul class='report-outline'>{''.join(items)}</ul>"
