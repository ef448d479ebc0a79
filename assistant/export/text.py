"""Text that is safe to write into a .docx, and runs with explicit formatting.

Every string that reaches the document goes through :func:`xml_safe`: text
pasted from PDFs carries control characters that XML 1.0 forbids, and
python-docx/lxml refuse them (or, worse, other tools write a file Word
cannot open).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from assistant.export.layout import ND30, Nd30Layout
from assistant.export.ooxml import set_run_fonts
from assistant.facts.numbers import format_number

# XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
# Tab/newline are allowed by XML but handled by the caller; surrogates cannot be encoded at all.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"[ \t]*(?:\r\n|\r|\n|\u2028|\u2029)[ \t]*")


def xml_safe(text: str) -> str:
    """NFC text without XML-invalid characters; hard line breaks inside a paragraph become spaces."""
    text = unicodedata.normalize("NFC", text or "")
    text = _INVALID_XML.sub("", text)
    return _LINE_BREAKS.sub(" ", text)


def count_invalid_chars(text: str) -> int:
    return len(_INVALID_XML.findall(text or ""))


def add_run(
    paragraph: Paragraph,
    text: str,
    size_pt: float,
    *,
    bold: bool = False,
    italic: bool = False,
    layout: Nd30Layout = ND30,
) -> Run:
    """A run with explicit font, size and weight (never inherited, so every element is checkable)."""
    run = paragraph.add_run(xml_safe(text))
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    run.font.italic = italic
    run.font.name = layout.font
    set_run_fonts(run, layout.font)
    return run


def set_line_format(
    paragraph: Paragraph,
    align,
    *,
    space_before: float | None = 0,
    space_after: float | None = 0,
    line_spacing: float | None = 1.0,
    keep_with_next: bool | None = None,
) -> Paragraph:
    """Alignment and spacing of a line outside the body text (header, table, closing, captions).

    No first-line indent; ``None`` leaves a value to the paragraph style (Normal: 6 pt after,
    body line spacing).
    """
    pf = paragraph.paragraph_format
    pf.alignment = align
    pf.first_line_indent = Cm(0)
    if space_before is not None:
        pf.space_before = Pt(space_before)
    if space_after is not None:
        pf.space_after = Pt(space_after)
    if line_spacing is not None:
        pf.line_spacing = line_spacing
    if keep_with_next is not None:
        pf.keep_with_next = keep_with_next
    return paragraph


def format_cell(value: Decimal | str | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_number(value)  # "1.247", "84,03": the facts package's one formatter
    return xml_safe(value)
