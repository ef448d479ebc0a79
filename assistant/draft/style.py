"""Bring a model's output to administrative style (issue 5 §2, "Style").

Small models ignore some instructions; these rules enforce them after generation: no markdown or
bullets, no headings, no first person, no text in other scripts, no sentence cut off by the
token limit, and only citation markers that point at a source we actually gave.
"""

from __future__ import annotations

import re

from assistant.draft.sanitize import nfc

# A heading: markdown "#", a roman label, a bold-only line, a line ending in ":" (an announced list),
# or a short line without final punctuation ("Kết quả thực hiện").
_HEADING = re.compile(r"^\s*(#+\s*.*|[IVX]+\.\s.*|\*\*[^*]+\*\*:?\s*|[^.!?]{1,120}:\s*|[^.!?:;,\d]{1,60})$")
_BULLET = re.compile(r"^\s*(?:[-*•+]|\d+[.)]|[a-zđ]\))\s+")
_MARKUP = re.compile(r"\*\*|__|`|^#+\s*", re.MULTILINE)
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]+[.,;:!?。，]?")
_FIRST_PERSON = re.compile(r"\b([Cc]húng (?:tôi|ta|em)|[Tt]ôi|[Mm]ình)\b")
_MARKER = re.compile(r"\s*\[(\d+)\]")


def _join_bullets(lines: list[str]) -> list[str]:
    """Bullet items become sentences of one paragraph; other lines stay paragraphs."""
    out: list[str] = []
    bullets: list[str] = []
    for line in lines:
        if _BULLET.match(line):
            item = _BULLET.sub("", line).strip().rstrip(";.,:")
            if item:
                bullets.append(item[0].upper() + item[1:] + ".")
            continue
        if bullets:
            out.append(" ".join(bullets))
            bullets = []
        out.append(line)
    if bullets:
        out.append(" ".join(bullets))
    return out


def clean_output(text: str, subject: str, valid_markers: set[int], keep_labels: tuple[str, ...] = ()) -> str:
    """Administrative prose from raw model output. ``keep_labels`` ("Ưu điểm:" …) survive as paragraph starts."""
    text = _MARKUP.sub("", nfc(text)).replace("\r", "")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    kept = []
    for line in lines:
        if any(line.lower().startswith(label.lower()) for label in keep_labels):
            kept.append(line)
        elif _HEADING.match(line) and not _BULLET.match(line):
            continue  # a heading or a dangling "Cụ thể:" line
        else:
            kept.append(line)
    paragraphs = []
    for paragraph in _join_bullets(kept):
        paragraph = _CJK.sub("", paragraph)  # the model sometimes drifts into Chinese: drop that text
        paragraph = _FIRST_PERSON.sub(subject, paragraph)
        paragraph = _MARKER.sub(lambda m: f" [{m.group(1)}]" if int(m.group(1)) in valid_markers else "", paragraph)
        paragraph = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"[ \t]+", " ", paragraph)).strip()
        if paragraph:
            paragraphs.append(paragraph)
    # Only the last paragraph can have been cut by the token limit; earlier ones just lack a full stop.
    paragraphs = [p if p[-1] in ".!?…" else p + "." for p in paragraphs[:-1]] + paragraphs[-1:]
    return drop_unfinished("\n".join(paragraphs))


def drop_unfinished(text: str) -> str:
    """Remove a last sentence the token limit cut off (no final punctuation)."""
    text = text.rstrip()
    if not text or text[-1] in ".!?…" or re.search(r"\[\d+\]$", text):
        return text
    last_end = max(text.rfind(". "), text.rfind(".\n"), text.rfind("]. "))
    if last_end > 0:
        return text[: last_end + 1].rstrip()
    return text + "."
