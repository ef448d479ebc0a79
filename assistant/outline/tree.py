"""Outline trees: from ingestion's section tree, from numbered list paragraphs, from an inline list.

Three ways a directive writes the outline it prescribes:

* headings (``I. KẾT QUẢ …`` / ``1. …``) that ingestion already put in the section tree —
  :func:`from_sections` converts them, keeping each heading's own paragraphs as guidance;
* numbered paragraphs that ingestion left as body text (plain text, items ending in ``;``) —
  :func:`from_numbered_paragraphs` nests them by the order in which numbering styles appear
  (the rule ``ingest.structure`` uses for headings), reusing its label parser;
* an inline list ("nội dung báo cáo gồm: (1) kết quả …; (2) …") — :func:`from_inline_list`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.blocks import PARAGRAPH_SEPARATOR
from assistant.ingest.kinds import classify_kind
from assistant.ingest.normalize import fold_diacritics
from assistant.ingest.structure import parse_label
from assistant.ingest.types import Section, SectionKind
from assistant.outline.types import SkeletonSection

MAX_GUIDANCE_CHARS = 800
MAX_ITEM_TITLE_CHARS = 160


@dataclass(frozen=True)
class TextParagraph:
    text: str
    start: int


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[TextParagraph]:
    """Non-table paragraphs of ``Document.text`` within [start, end)."""
    out, pos = [], 0
    stop = len(text) if end is None else end
    for block in text.split(PARAGRAPH_SEPARATOR):
        if start <= pos < stop and block.strip() and "\t" not in block:
            out.append(TextParagraph(block.strip(), pos))
        pos += len(block) + len(PARAGRAPH_SEPARATOR)
    return out


def own_text_span(section: Section) -> tuple[int, int]:
    """[start, end) of the section's own paragraphs: after its heading, before its first child."""
    start = section.heading_span[1] if section.heading_span else section.span[0]
    end = section.children[0].span[0] if section.children else section.span[1]
    return start, max(start, end)


def _guidance(text: str, section: Section) -> str:
    start, end = own_text_span(section)
    body = "\n".join(p.text for p in paragraphs(text, start, end))
    if section.heading_span is None and ":" in body:
        body = body.split(":", 1)[1].strip()  # an inline label's paragraph: its text after "Ưu điểm:"
    return _clip(body)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_GUIDANCE_CHARS else text[:MAX_GUIDANCE_CHARS].rsplit(" ", 1)[0] + " …"


_TASKS_HEADING = re.compile(r"^(?:[ivxlc]+[.)]|\d+[.)]|[a-z][.)])?\s*(?:nhiem vu|phuong huong)\b")


def outline_kind(heading: str, parent: SectionKind | None = None) -> SectionKind:
    """The kind of an outline heading: ingestion's rule, the parent's kind when it says nothing, and
    one outline-only rule — a top-level heading opening with "Nhiệm vụ" ("III. Nhiệm vụ quý III/2026")
    is the tasks of the next period. (Ingestion's rule is narrower on purpose: in a report's body
    "Nhiệm vụ được giao …" under the results is a result; at the top of an outline it is not.)"""
    kind = classify_kind(heading)
    if kind is SectionKind.KHAC and parent is not None:
        return parent
    if kind is SectionKind.KHAC and _TASKS_HEADING.match(fold_diacritics(heading).strip()):
        return SectionKind.GIAI_PHAP
    return kind


def _kind(title: str, parent: SectionKind | None) -> SectionKind:
    return outline_kind(title, parent)


def from_sections(
    text: str, sections: list[Section], parent_kind: SectionKind | None = None, list_items: bool = True
) -> list[SkeletonSection]:
    """Skeleton sections for ingested ``sections`` (and their sub-trees), with guidance from ``text``.

    ``list_items``: numbered paragraphs of a heading without sub-headings are its sub-sections
    (a directive's outline); a report's numbered paragraphs are its content, not headings.
    """
    out = []
    for s in sections:
        kind = s.kind if s.kind is not SectionKind.KHAC else outline_kind(s.title, parent_kind)
        numbering = s.label if s.heading_span is not None else "-"
        children = from_sections(text, s.children, kind, list_items)
        guidance = _guidance(text, s)
        if list_items and not s.children and s.heading_span is not None:
            nested = from_numbered_paragraphs(paragraphs(text, *own_text_span(s)), kind)
            if len(nested) >= 2:
                children, guidance = nested, ""
        out.append(SkeletonSection(numbering, s.heading, kind, tuple(children), guidance))
    return out


@dataclass
class _Item:
    numbering: str
    title: str
    style: str
    guidance: list[str] = field(default_factory=list)
    children: list["_Item"] = field(default_factory=list)


def _split_title(rest: str) -> tuple[str, str]:
    """ "Kết quả thực hiện: nêu rõ …" → ("Kết quả thực hiện", "nêu rõ …"); a long item keeps its
    first clause as title and the rest as guidance."""
    rest = rest.strip().rstrip(";").strip()
    if ":" in rest:
        head, tail = rest.split(":", 1)
        if 0 < len(head) <= MAX_ITEM_TITLE_CHARS:
            return head.strip(), tail.strip()
    if len(rest) > MAX_ITEM_TITLE_CHARS:
        cut = re.search(r"[.;(]|\s[-–]\s", rest)
        if cut and 0 < cut.start() <= MAX_ITEM_TITLE_CHARS:
            return rest[: cut.start()].strip(), rest[cut.start():].lstrip(".;- –").strip()
    return rest.rstrip(".").strip(), ""


def from_numbered_paragraphs(paras: list[TextParagraph], parent_kind: SectionKind | None = None) -> list[SkeletonSection]:
    """Numbered paragraphs ("1. …", "a) …", "- …" under a number) as an outline tree.

    A numbering style seen for the first time nests under the current item; one already open
    closes the items below it. Paragraphs without numbering are the guidance of the item above.
    Returns [] when fewer than two numbered items are found.
    """
    roots: list[_Item] = []
    stack: list[_Item] = []
    for p in paras:
        label = parse_label(p.text)
        bullet = re.match(r"^[-+•–]\s+(.+)$", p.text, re.DOTALL)
        if label is None and not (bullet and stack):
            if stack:
                stack[-1].guidance.append(p.text)
            continue
        style, numbering, rest = (label.style, label.text, label.rest) if label else ("bullet", "-", bullet.group(1))
        if style == "bullet" and not re.match(r"^[^:]{2,80}:", rest):
            stack[-1].guidance.append(p.text)  # a bullet of guidance, not a sub-heading ("- Ưu điểm: …" is one)
            continue
        title, guidance = _split_title(rest)
        item = _Item(numbering, title, style, [guidance] if guidance else [])
        while stack and any(s.style == style for s in stack):
            if stack.pop().style == style:
                break
        (stack[-1].children if stack else roots).append(item)
        stack.append(item)
    if sum(1 for _ in _walk(roots)) < 2:
        return []
    return [_freeze(i, parent_kind) for i in roots]


def _walk(items: list[_Item]):
    for i in items:
        yield i
        yield from _walk(i.children)


def _freeze(item: _Item, parent_kind: SectionKind | None) -> SkeletonSection:
    kind = _kind(item.title, parent_kind)
    return SkeletonSection(item.numbering, _capitalize(item.title), kind,
                           tuple(_freeze(c, kind) for c in item.children), _clip("\n".join(item.guidance)))


# "nội dung báo cáo gồm:", "báo cáo tập trung vào các nội dung sau:", "đề cương gồm các phần:" (folded).
# The announcement must be about the report ("báo cáo", "đề cương"): "đề nghị các thôn thực hiện
# một số nội dung sau:" lists tasks, not the contents of a report.
_INLINE_CUE = re.compile(
    r"(?:bao cao|de cuong)[^:.;]{0,100}?(?:gom|bao gom|sau day|sau|tap trung vao|cac phan|cac muc|nhu sau)"
    r"[^:.;]{0,30}:|noi dung (?:bao cao|de cuong)[^:.;]{0,60}:"
)
_INLINE_MARKER = re.compile(r"(?:(?<=\s)|^)(\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\))\s+")


def inline_list_cue(paragraph: str) -> int | None:
    """Where the items start in a paragraph announcing the report's contents, or None."""
    folded = "".join((fold_diacritics(ch) or ch)[:1] for ch in paragraph)
    m = _INLINE_CUE.search(folded)
    return m.end() if m else None


def from_inline_list(paras: list[TextParagraph]) -> list[SkeletonSection]:
    """The items of the first paragraph that announces the report's contents.

    Items follow the colon ("(1) …; (2) …", "a) …, b) …", or "…; …; …"), or, when the paragraph
    ends at the colon, are the list paragraphs right after it ("- …", "1. …").
    """
    for i, p in enumerate(paras):
        at = inline_list_cue(p.text)
        if at is None:
            continue
        # the list ends with its sentence: "… ; đề xuất, kiến nghị. Báo cáo gửi về …" is not an item
        tail = re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])", p.text[at:].strip(), maxsplit=1)[0]
        if tail:
            items = _inline_items(tail)
        else:
            items = []
            for q in paras[i + 1:]:
                m = re.match(r"^(?:[-+•–]|\(\d{1,2}\)|\d{1,2}[.)]|[a-zđ]\))\s+(.+)$", q.text, re.DOTALL)
                if not m:
                    break
                marker = q.text[: m.start(1)].strip()
                items.append((marker if marker not in "-+•–" else "-", m.group(1)))
        if len(items) >= 2:
            out = []
            for marker, body in items:
                title, guidance = _split_title(body)
                out.append(SkeletonSection(marker, _capitalize(title), outline_kind(title), (), _clip(guidance)))
            return out
    return []


def _inline_items(tail: str) -> list[tuple[str, str]]:
    marks = list(_INLINE_MARKER.finditer(tail))
    if len(marks) >= 2:
        items = []
        for m, nxt in zip(marks, marks[1:] + [None]):
            body = tail[m.end(): nxt.start() if nxt else len(tail)].strip().rstrip(";,.").strip()
            items.append((m.group(1), re.sub(r"\s+(?:và|va)$", "", body)))
        return [(n, b) for n, b in items if b]
    parts = [x.strip() for x in re.split(r";\s*", tail.rstrip(". ")) if x.strip()]
    return [("", re.sub(r"^(?:và|va)\s+", "", x)) for x in parts] if len(parts) >= 2 else []


def _capitalize(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text
