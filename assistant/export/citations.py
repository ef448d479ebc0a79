"""Citation markers "[n]" in the exported text, and the "Tài liệu tham khảo" list.

Working version: markers stay and the list of sources is printed after the
body (``references``), or only the markers stay (``markers``). Final version:
markers are removed (``drop``) — the default for ``--final``.
"""

from __future__ import annotations

import re
from enum import Enum

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH

from assistant.export.layout import ND30, Nd30Layout
from assistant.export.text import add_run, set_line_format
from assistant.report import MARKER_RE, Citation

# "[3]", "[1, 2]", "[1-3]", "[1][2]" with the space before them, so "đạt 95% [2]." becomes "đạt 95%.".
_MARKERS = re.compile(r"\s*" + MARKER_RE.pattern)
REFERENCES_TITLE = "TÀI LIỆU THAM KHẢO"


class CitationMode(str, Enum):
    REFERENCES = "references"  # keep [n] and add the list of sources at the end
    MARKERS = "markers"  # keep [n] only
    DROP = "drop"  # remove [n] (final version)

    @classmethod
    def parse(cls, value: str) -> "CitationMode":
        try:
            return cls(value)
        except ValueError:
            valid = ", ".join(m.value for m in cls)
            raise ValueError(f"Cách xử lý trích dẫn không hợp lệ: {value!r}. Các giá trị hợp lệ: {valid}") from None


def drop_markers(text: str) -> str:
    return _MARKERS.sub("", text)


def transform_for(mode: CitationMode):
    return drop_markers if mode is CitationMode.DROP else (lambda text: text)


def describe(citation: Citation) -> str:
    """"[2] Báo cáo số 45/BC-UBND xã Hòa Bình, mục II > 2. Hạn chế: “…”"."""
    parts = [citation.source.strip()]
    if citation.section_path.strip():
        parts.append(f"mục {citation.section_path.strip()}")
    text = ", ".join(p for p in parts if p)
    if citation.quote.strip():
        quote = citation.quote.strip()
        text += f": “{quote[:300]}{'…' if len(quote) > 300 else ''}”"
    return f"[{citation.marker}] {text}"


def add_reference_list(doc: DocxDocument, citations: list[Citation], layout: Nd30Layout = ND30) -> None:
    if not citations:
        return
    p = set_line_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.LEFT, space_before=12,
                        space_after=None, line_spacing=None, keep_with_next=True)
    add_run(p, REFERENCES_TITLE, layout.cc_heading_pt, bold=True, italic=True, layout=layout)
    for citation in sorted(citations, key=lambda c: c.marker):
        p = set_line_format(doc.add_paragraph(), WD_ALIGN_PARAGRAPH.JUSTIFY, space_before=None, space_after=2)
        add_run(p, describe(citation), layout.table_pt - 1, layout=layout)
