"""The heading tree of a report: which paragraphs are headings, and where each one belongs.

Vietnamese administrative reports number their headings with a fixed vocabulary (issue 2 §3):
``Phần 1`` › ``A.`` › ``I.`` › ``1.`` › ``1.1.`` › ``1.1.1.`` › ``a)``, plus markdown ``#`` and bold
lines in converted files. Authors combine these freely, so the hierarchy is not a fixed ranking
but the order in which the numbering styles are opened: a style already open closes everything
below it (a sibling), a new style nests under the current heading (the usual parser for legal
texts).

Two modes:

* markup mode (the file marks headings with ``#``/bold/heading styles): only marked paragraphs
  are headings — numbered lines in the body are list items;
* plain mode (PDF/plain text): a numbered paragraph is a heading only if it looks like one —
  short, not ending in ``;``/``,``, one sentence, not "Quyết định số …" — and its number continues
  the sequence (``2.`` after ``1.``; a new style must start at ``1.``/``a)``/``I.``/``A.``).

Paragraphs opening with a known inline label (``- Ưu điểm: …``, ``Nguyên nhân: …``) open a
sub-section of that kind, closed by the next heading or the next label at the same bullet level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.blocks import Paragraph, PlacedBlock
from assistant.ingest.kinds import InlineLabel, classify_kind, inline_label
from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.types import Section, SectionKind

MAX_HEADING_CHARS = 220
MAX_COLON_BODY_CHARS = 80

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
# Vietnamese list letters (a, b, c, d, đ, e, g, h, i, k ...); đ sits between d and e and is
# often skipped, so it gets a half step.
_LETTERS = "abcdeghiklmnopqrstuvxy"
_PART_WORDS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6}

_PART = re.compile(r"^(Phần|PHẦN)\s+(?:thứ\s+|THỨ\s+)?(\d+|[IVXLC]+|\w+)\s*[.:]?\s*(.*)$", re.DOTALL)
_NUM3 = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,2})\.?\s+(.+)$", re.DOTALL)
_NUM2 = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(.+)$", re.DOTALL)
_NUM1 = re.compile(r"^(\d{1,2})[.)]\s+(.+)$", re.DOTALL)
_ROMAN_RE = re.compile(r"^([IVXLC]{1,6})[.)]\s+(.+)$", re.DOTALL)
_UPPER = re.compile(r"^([A-ZĐ])[.)]\s+(.+)$", re.DOTALL)
_LOWER = re.compile(r"^([a-zđ])\)\s*(.+)$", re.DOTALL)
_DOC_REFERENCE = re.compile(
    r"^(?:Quyết định|Kế hoạch|Công văn|Nghị quyết|Thông báo|Chỉ thị|Báo cáo|Thông tư|Nghị định|Luật|"
    r"Hướng dẫn|Chương trình|Đề án|Tờ trình)(?:\s+hành động|\s+liên tịch)?(?:\s+số)?\s*:?\s*\d"
)
_SENTENCE_BREAK = re.compile(r"[.!?…]\s+[A-ZĐÀ-Ỹ]")
_APPENDIX_REF = re.compile(r"^Phụ lục\s+[IVXLC\d]+\.\s*", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:Nơi nhận|Trên đây là|Trên đây)\b")


@dataclass
class Label:
    style: str  # part, upper, roman, num1, num2, num3, lower, plain
    value: float  # ordinal for numbering continuity (0 when unknown)
    text: str  # as written: "IV.", "1.1.", "a)", "Phần 1"
    rest: str  # the heading text after the label


def _roman_value(s: str) -> int:
    total, prev = 0, 0
    for ch in reversed(s):
        v = _ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


def _letter_value(ch: str) -> float:
    ch = ch.lower()
    if ch == "đ":
        return _LETTERS.index("d") + 1.5
    return _LETTERS.index(ch) + 1.0 if ch in _LETTERS else 0.0


def parse_label(text: str, open_upper: float | None = None) -> Label | None:
    """The numbering label at the start of a paragraph, if any.

    ``open_upper`` is the value of the currently open ``A.``-style heading: "I." right after "H."
    is a letter, otherwise a roman numeral.
    """
    m = _PART.match(text)
    if m:
        token = m.group(2)
        if token.isdigit():
            value = float(token)
        elif re.fullmatch(r"[IVXLC]+", token):
            value = float(_roman_value(token))
        else:
            value = float(_PART_WORDS.get(token.lower(), 0))
        if value:
            return Label("part", value, text[: m.start(3)].strip(), m.group(3).strip())
    for style, rx in (("num3", _NUM3), ("num2", _NUM2)):
        m = rx.match(text)
        if m:
            groups = m.groups()
            return Label(style, float(groups[-2]), text[: m.start(len(groups))].strip(), groups[-1].strip())
    m = _NUM1.match(text)
    if m:
        return Label("num1", float(m.group(1)), text[: m.start(2)].strip(), m.group(2).strip())
    m = _ROMAN_RE.match(text)
    if m and re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", m.group(1)):
        letter_value = _letter_value(m.group(1)) if len(m.group(1)) == 1 else 0
        if not (open_upper is not None and letter_value == open_upper + 1):
            return Label("roman", float(_roman_value(m.group(1))), text[: m.start(2)].strip(), m.group(2).strip())
    m = _UPPER.match(text)
    if m and m.group(2)[:1].isupper():
        return Label("upper", _letter_value(m.group(1)), text[: m.start(2)].strip(), m.group(2).strip())
    m = _LOWER.match(text)
    if m:
        return Label("lower", _letter_value(m.group(1)), text[: m.start(2)].strip(), m.group(2).strip())
    return None


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.85


def _looks_like_heading_text(label: Label) -> bool:
    """Plain-mode cues that a numbered paragraph is a heading and not a list item."""
    rest = label.rest.strip()
    if not rest or len(rest) > MAX_HEADING_CHARS:
        return False
    if rest[-1] in ";,":
        return False
    if _DOC_REFERENCE.match(rest):
        return False
    # "Phụ lục IV. Bảng số liệu …" names an appendix; its dot is not a sentence end.
    if _SENTENCE_BREAK.search(_APPENDIX_REF.sub("", rest).rstrip(".")):
        return False
    if ":" in rest and len(rest.split(":", 1)[1].strip()) > MAX_COLON_BODY_CHARS:
        return False
    return rest[0].isupper() or rest[0].isdigit()


@dataclass
class _Open:
    style: str
    value: float
    section: Section


@dataclass
class _Pseudo:
    section: Section
    label: InlineLabel


@dataclass
class _Builder:
    text_length: int
    markup_mode: bool
    root: Section = field(init=False)
    stack: list[_Open] = field(default_factory=list)
    pseudo: _Pseudo | None = None
    in_body: bool = False
    closing: bool = False
    own_ends: dict[int, int] = field(default_factory=dict)  # id(section) -> end of its last block

    def __post_init__(self) -> None:
        self.root = Section(heading="", label="", level=0, kind=SectionKind.KHAC, span=(0, self.text_length))

    @property
    def current(self) -> Section:
        return self.stack[-1].section if self.stack else self.root

    def open_upper(self) -> float | None:
        for entry in reversed(self.stack):
            if entry.style == "upper":
                return entry.value
        return None

    # --- headings ---
    def heading_label(self, para: Paragraph, following: Paragraph | None = None) -> Label | None:
        """The label of ``para`` if it is a heading here, with style "plain" for unnumbered ones.

        ``following`` is the next paragraph: in plain mode, "1. …." directly followed by "2. …" is a
        list item, not a heading with an empty body.
        """
        text = para.text.strip()
        if _CLOSING.match(text):
            return None  # "Nơi nhận:" is bold in signature tables; it starts the closing block
        if self.closing and "phu luc" not in fold_diacritics(text):
            return None
        if para.style_level == 0:
            return None  # the document title
        label = parse_label(text, self.open_upper())
        if para.style_level is not None:
            return label or Label("plain", 0, "", text)
        if self.markup_mode:
            if not para.marked:
                return None
            if label:
                return label
            return Label("plain", 0, "", text) if self.in_body and len(text) <= MAX_HEADING_CHARS else None
        # plain mode
        if label is None:
            if self.in_body and _is_caps(text) and len(text) <= 150 and not text.rstrip().endswith((".", ";", ",")):
                return Label("plain", 0, "", text)
            return None
        if label.style == "part":
            return label
        if not _looks_like_heading_text(label):
            return None
        if label.rest.rstrip()[-1:] in ".;" and following is not None:
            nxt = parse_label(following.text.strip(), self.open_upper())
            if nxt is not None and nxt.style == label.style and nxt.value == label.value + 1:
                return None
        return label if self._continues_numbering(label) else None

    def _continues_numbering(self, label: Label) -> bool:
        for entry in reversed(self.stack):
            if entry.style == label.style:
                return 0 < label.value - entry.value <= 1
        return label.value == 1

    def open_heading(self, label: Label, heading_text: str, span: tuple[int, int]) -> Section:
        self.pseudo = None
        folded = fold_diacritics(heading_text)
        if label.style == "plain" and (_is_caps(heading_text) or "phu luc" in folded[:30]):
            self.stack.clear()  # an appendix or a capitalised part title starts at the top
        elif any(e.style == label.style for e in self.stack):
            while self.stack[-1].style != label.style:
                self.stack.pop()
            self.stack.pop()
        parent = self.current
        kind = classify_kind(f"{label.text} {heading_text}")
        if kind is SectionKind.KHAC and parent is not self.root:
            kind = parent.kind
        section = Section(
            heading=heading_text.strip().rstrip(":").strip(),
            label=label.text,
            level=parent.level + 1,
            kind=kind,
            span=span,
            heading_span=span,
        )
        parent.children.append(section)
        self.stack.append(_Open(label.style, label.value, section))
        self.own_ends[id(section)] = span[1]
        self.in_body = True
        self.closing = False
        return section

    # --- content ---
    def add_content(self, placed: PlacedBlock) -> None:
        block = placed.block
        if isinstance(block, Paragraph):
            text = block.text.strip()
            if self.in_body and _CLOSING.match(text):
                self.stack.clear()
                self.pseudo = None
                self.closing = True
            label = inline_label(text) if self.in_body and not self.closing else None
            if self.pseudo is not None and self._closes_pseudo(text, label):
                self.pseudo = None
            if label is not None and label.kind is not SectionKind.KHAC:
                parent = self.current
                section = Section(
                    heading=label.label,
                    label="",
                    level=parent.level + 1,
                    kind=label.kind,
                    span=(placed.start, placed.end),
                )
                parent.children.append(section)
                self.pseudo = _Pseudo(section, label)
        target = self.pseudo.section if self.pseudo is not None else self.current
        self.own_ends[id(target)] = max(self.own_ends.get(id(target), 0), placed.end)

    def _closes_pseudo(self, text: str, label: InlineLabel | None) -> bool:
        assert self.pseudo is not None
        opener = self.pseudo.label
        if label is not None and label.marker == opener.marker:
            return True
        return opener.has_body and bool(opener.marker) and text.startswith(opener.marker)

    def finish(self) -> Section:
        def close(section: Section) -> int:
            end = self.own_ends.get(id(section), section.span[1])
            for child in section.children:
                end = max(end, close(child))
            if section is not self.root:
                section.span = (section.span[0], end)
            return end

        close(self.root)
        return self.root


def build_tree(placed: list[PlacedBlock], text_length: int) -> Section:
    """Parse the heading tree over the rendered blocks; spans refer to the rendered text."""
    paragraphs = [p.block for p in placed if isinstance(p.block, Paragraph)]
    numbered_marked = sum(1 for p in paragraphs if p.marked and parse_label(p.text.strip()) is not None)
    builder = _Builder(text_length, markup_mode=numbered_marked >= 2)

    i = 0
    while i < len(placed):
        item = placed[i]
        block = item.block
        if isinstance(block, Paragraph):
            following = placed[i + 1].block if i + 1 < len(placed) else None
            label = builder.heading_label(block, following if isinstance(following, Paragraph) else None)
            if label is not None:
                heading_text = label.rest
                end = item.end
                # "Phần 1" alone on its line, its title on the next ("TÌNH HÌNH, KẾT QUẢ ...").
                if label.style == "part" and not heading_text and i + 1 < len(placed):
                    nxt = placed[i + 1].block
                    if isinstance(nxt, Paragraph) and len(nxt.text) <= 200:
                        heading_text = nxt.text.strip()
                        end = placed[i + 1].end
                        i += 1
                builder.open_heading(label, heading_text, (item.start, end))
                i += 1
                continue
        builder.add_content(item)
        i += 1
    return builder.finish()


def iter_sections(section: Section):
    """Depth-first, document order."""
    yield section
    for child in section.children:
        yield from iter_sections(child)


def section_paths(root: Section) -> dict[int, str]:
    """id(section) → "IV. ĐÁNH GIÁ CHUNG > 2. Hạn chế" (the root maps to "")."""
    paths: dict[int, str] = {}

    def walk(section: Section, prefix: list[str]) -> None:
        paths[id(section)] = " > ".join(prefix)
        for child in section.children:
            walk(child, prefix + [child.title])

    walk(root, [])
    return paths
