"""Text normalization: line-level repairs for the display text, and canonical forms for matching.

* ``clean_line`` / ``strip_markup`` / ``is_noise_line`` / ``clean_latex`` — the character- and
  line-level repairs the loaders apply (LaTeX residue, invisible characters, markdown/HTML markup,
  page numbers and signature timestamps) without changing wording or tone-mark placement, so
  verbatim quotes still match. Paragraph-level repair (re-joining hard-wrapped lines) and layout
  live in ``blocks``, which builds ``Document.text`` from these.
* ``canonical_tone`` — one tone-mark placement (hóa/hoá, thủy/thuỷ ...) for lexical matching.
* ``fold_diacritics`` — lower case without any diacritics, for queries typed without them.
"""

from __future__ import annotations

import re
import unicodedata

# --- line-level clean-up -------------------------------------------------------------------

# Digital-signature stamps that PDF extraction leaves behind, e.g. "\t\t2025-11-03T16:25:33+0700".
_TIMESTAMP_LINE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?\s*$")
# A page number alone on its line ("4", "- 4 -", "Trang 4").
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,3}(?:\s*-)?\s*$")
# Invisible characters that break matching: zero-width space/joiners, soft hyphen, BOM.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\u00ad\ufeff"), None)
_SPACE_LIKE = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u3000"), " ")

# LaTeX left by PDF-to-markdown converters: "$\geq 98$", "$2996/3270 = 91,62\%$".
_LATEX_COMMANDS = {
    r"\geq": "≥", r"\ge": "≥", r"\leq": "≤", r"\le": "≤", r"\neq": "≠", r"\approx": "≈",
    r"\times": "×", r"\cdot": "·", r"\pm": "±", r"\div": "÷", r"\%": "%", r"\,": " ", r"\;": " ",
    r"\ ": " ", r"\rightarrow": "→", r"\to": "→",
}
_LATEX_COMMAND_RE = re.compile("|".join(re.escape(k) for k in sorted(_LATEX_COMMANDS, key=len, reverse=True)))
# An inline math span: "$...$" whose body is formula-like (digits, operators, commands), never money.
_INLINE_MATH = re.compile(r"\$([^$\n]{1,120}?)\$")
_MATH_BODY = re.compile(r"^[\s\d.,:;/=+\-*()%<>≥≤×·±÷≈≠→a-zA-Z\\{}^_]*$")

# Markup that markdown / HTML extractions add around text.
_HTML_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|sup|sub|br)\b[^>]*>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")
_MD_BOLD = re.compile(r"\*\*")
_MD_ITALIC_WRAP = re.compile(r"^\*(?!\*)(.+?)(?<!\*)\*$")

TERMINAL_PUNCTUATION = ".:;!?…"


def clean_latex(text: str) -> str:
    """Turn inline LaTeX residue into plain symbols: ``$\\geq 98$`` → ``≥ 98``, ``\\%`` → ``%``."""

    def _math(m: re.Match[str]) -> str:
        body = m.group(1)
        if "\\" not in body and not re.search(r"[=<>/]", body):
            return m.group(0)  # "$5" prices and the like stay untouched
        if not _MATH_BODY.match(body):
            return m.group(0)
        return _LATEX_COMMAND_RE.sub(lambda c: _LATEX_COMMANDS[c.group(0)], body).strip()

    text = _INLINE_MATH.sub(_math, text)
    return text.replace(r"\%", "%")


def strip_markup(line: str) -> tuple[str, int | None, bool]:
    """Remove markdown/HTML emphasis from one line.

    Returns (text, markdown heading level or None, whether the whole line was bold).
    """
    level = None
    m = _MD_HEADING.match(line)
    if m:
        level = len(m.group(1))
        line = line[m.end():]
    stripped = line.strip()
    bold = bool(stripped) and (
        (stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4)
        or (stripped.lower().startswith("<b>") and stripped.lower().endswith("</b>"))
    )
    line = _HTML_TAG.sub("", line)
    line = _MD_BOLD.sub("", line)
    italic = _MD_ITALIC_WRAP.match(line.strip())
    if italic:
        line = italic.group(1)
    return line, level, bold


def clean_line(line: str) -> str:
    """Character-level repairs that never change wording."""
    line = line.translate(_INVISIBLE).translate(_SPACE_LIKE)
    return clean_latex(line)


def is_noise_line(line: str) -> bool:
    """Page numbers and signature timestamps: extraction artefacts, not content."""
    return bool(_TIMESTAMP_LINE.match(line) or _PAGE_NUMBER_LINE.match(line))


# --- matching forms ---------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style placement "oá, oè, uý" on an open syllable → new style "óa, òe, úy" (Quy định chính tả
# SGK/Bộ GD&ĐT 1984 vs. the older habit; seed reports mix both). "qu" + "y" keeps its tone: "quý".
_OLD_STYLE = re.compile(
    rf"(?<![qQ])([oO])([aAeE])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
    rf"|(?<![qQ])([uU])([yY])([{_TONES}])(?![^\W\d_]|[\u0300-\u036f])"
)


def canonical_tone(text: str) -> str:
    """NFC text with one tone-mark placement: hoá→hóa, thuỷ→thủy, uỷ→ủy, oà→òa (``quý`` untouched)."""
    decomposed = unicodedata.normalize("NFD", text)

    def _move(m: re.Match[str]) -> str:
        if m.group(1):
            return m.group(1) + m.group(3) + m.group(2)
        return m.group(4) + m.group(6) + m.group(5)

    return unicodedata.normalize("NFC", _OLD_STYLE.sub(_move, decomposed))


def fold_diacritics(text: str) -> str:
    """Lower case without diacritics, đ→d: "Thủ tục hành chính" → "thu tuc hanh chinh"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
