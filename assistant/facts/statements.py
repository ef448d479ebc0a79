"""The statement reader: a report passage → a small tree of indicator statements.

Public API (exported from ``assistant.facts``):

- ``read_statements(text) -> list[Statement]``: every exact quantity of the body (tables are
  read by ``indicators``) as a ``Statement`` — its label (the noun phrase that names it), value
  in base unit, unit, period, span, line and section — linked into a tree:
  ``Statement.parent`` is the index of the total it is a part of, ``Statement.rate_of`` (for a
  percentage) the index of the count it qualifies, so the rate's base is that count's parent.
- ``Statement.role``: ``total`` (has parts), ``part``, ``remainder`` (a part named "còn lại",
  "chưa", "còn thiếu"), ``rate``, ``change`` (tăng/giảm …), ``ratio`` (a percentage of another
  figure: "bằng 104,8% so với cùng kỳ", "đạt 95% kế hoạch"), ``value`` (stands alone).
- ``children(statements, i)`` lists the parts of statement ``i``.

How a passage is read (one pass over the quantities, a stack of open scopes):
- a scope of parts opens after a count with "trong đó", "trong số đó", "bao gồm", "gồm",
  "cụ thể" (the rest of the sentence; a "Trong đó:" opening the next sentence or line covers
  the rest of the paragraph; one ending a line covers the bullet lines under it), with a
  parenthesis right after a count ("215 người (nam 120, nữ 95)"), and after a count whose
  label starts with "Tổng" (the rest of its sentence). Scopes nest: a part with its own
  "trong đó" or parenthesis owns the counts inside (parts of parts are not read flat); a
  "+" bullet under a "-" bullet is a part of the "-" bullet's count;
- a count belongs to the innermost open scope when its unit agrees with the scope owner's;
- a percentage qualifies the count right before it ("4.207 hồ sơ (đạt 79,21%)", "…: 1.104
  hồ sơ, chiếm tỷ lệ 20,79%") or right after it ("đạt 95% (1.409 hồ sơ)"); after "tăng",
  "giảm", "vượt", "so với" it is a ``change``, not a share;
- a label is cut at the connectives that separate two indicators ("và", ",", ";", "trong
  đó"): in "830 hộ đã có điện thoại thông minh và 400 hộ chưa có" the two labels are "hộ
  đã có điện thoại thông minh" and "hộ chưa có".

Written by hand: no parser of Vietnamese administrative prose exists; the vocabulary of
connectives is small and listed here, the rest is punctuation and layout.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal

from assistant.facts.indicators import OTHER_PERIOD, period_of
from assistant.facts.layout import Sentences, Table, find_tables, unwrap
from assistant.facts.numbers import NumberMention, find_numbers, unit_after

__all__ = ["Statement", "read_statements", "children", "fold", "label_key", "ReadText", "read_text"]

ROLES = ("total", "part", "remainder", "rate", "change", "ratio", "value")

_OPENER = re.compile(r"\b(?:trong đó|trong số đó|bao gồm|gồm|cụ thể(?: như sau)?)\b\s*(?:có\s+)?[:,]?", re.I)
_REMAINDER = re.compile(r"\b(?:còn lại|chưa|còn thiếu|còn)\b", re.I)
# A sentence about a target, not a result ("phấn đấu đạt 95%", "dự kiến"), and headings
# whose figures are of another period or a plan ("Lũy kế", "PHƯƠNG HƯỚNG, NHIỆM VỤ").
_AHEAD = re.compile(r"phấn đấu|dự kiến|định hướng|thời gian tới|giai đoạn tới", re.I)
_CONTEXT_OTHER = re.compile(r"lũy kế|luỹ kế|cùng kỳ|phương hướng|nhiệm vụ[^\n]{0,40}(?:tới|tiếp theo)", re.I)
_RATIO_AFTER = re.compile(r"[ \t]*\)?[ \t]*(?:so với|kế hoạch|dự toán|chỉ tiêu|mục tiêu|cùng kỳ)", re.I)
_CHANGE_BEFORE = re.compile(r"(?:tăng|giảm|vượt|cao hơn|thấp hơn|gấp)\s*(?:thêm\s*)?$", re.I)
_COMPARISON = re.compile(r"so với|tăng|giảm|cùng kỳ|năm trước|kỳ trước|lũy kế|luỹ kế|kế hoạch|vượt", re.I)
_APPROX_BEFORE = re.compile(r"(?:trên|khoảng|gần|hơn|dưới|tới|tối đa|tối thiểu|ít nhất|xấp xỉ|~)\s*$", re.I)
_RANGE = re.compile(r"^\s*(?:[-–]|đến)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–]|đến)\s*$")
# Words around a number that are no part of the indicator's name.
_LEAD = re.compile(
    r"^(?:[\s\-+•*#:,;=$]|\\|và|với|trong đó|trong số đó|bao gồm|gồm|cụ thể|đạt|là|có|được|chiếm|bằng|"
    r"tổng cộng|khoảng|gần|trên|hơn|riêng|ngoài ra|số liệu)+",
    re.I,
)
_TRAIL = re.compile(r"(?:[\s:=,;$\\]|\blà\b|\bđạt\b|\bđược\b|\bcó\b|\bchiếm\b|\bbằng\b|\btỷ lệ\b|\btỉ lệ\b)+$", re.I)
_BOUNDARY = re.compile(r"[,;()\n]|\bvà\b|\btrong đó\b|\bgồm\b|\.(?=\s)")
_BULLET = re.compile(r"[ \t]*([-+•*]|[a-zđ]\)|\d{1,2}\))[ \t]")
_HEADING = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?[ \t]*((?:[IVXLC]+|\d{1,2}(?:\.\d{1,2})*|[A-Z]|[a-zđ]))[.)][ \t]", re.M)


@dataclass(frozen=True)
class Statement:
    """One stated figure of a passage (see module docstring)."""

    index: int
    label: str  # the noun phrase naming it ("hồ sơ đã số hóa")
    value: Decimal  # base unit (scale word folded in); a fraction's numerator
    written: str  # the number as written ("4.207", "79,21%")
    unit: str | None  # base unit; "%" for rates
    decimals: int
    role: str  # one of ROLES
    start: int
    end: int
    line: int  # 1-based line of the original text
    section: str  # nearest heading label before it ("II.1", "3.2", "a")
    period: str  # ``indicators.period_of`` key of its sentence ("first:5"), "" when none
    sentence: tuple[int, int]
    parent: int | None = None  # index of the total it is a part of
    rate_of: int | None = None  # for a rate: index of the count it qualifies
    denominator: Decimal | None = None  # "1409/1483": the fraction's own base
    other_period: bool = False  # its sentence speaks of cùng kỳ, lũy kế, a plan…
    partial: bool = False  # its parts were announced with "trong đó có": a few notable ones, not all
    in_parenthesis: bool = False  # its parts are in the parenthesis right after it ("215 người (nam …, nữ …)")
    approximate: bool = False  # "trên 90%", "60 - 65%"
    scale: Decimal = Decimal(1)

    @property
    def is_rate(self) -> bool:
        return self.unit == "%"

    def to_dict(self) -> dict:
        return {"index": self.index, "label": self.label, "value": str(self.value), "written": self.written,
                "unit": self.unit, "role": self.role, "start": self.start, "end": self.end, "line": self.line,
                "section": self.section, "period": self.period, "parent": self.parent, "rate_of": self.rate_of,
                "denominator": None if self.denominator is None else str(self.denominator)}


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d): how labels are compared."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


_STOP = frozenset(fold(w) for w in (
    "số lượng tổng các những của được trong kỳ báo cáo là đạt có tỷ tỉ lệ với theo tại cho đến hết hiện nay "
    "đó cùng xã ubnd thì đã và").split())


def label_key(label: str) -> frozenset[str]:
    """Content words of a label, folded; "đã"/"chưa"/"còn lại" are kept apart by ``_polarity``."""
    words = re.findall(r"[^\W_]+", fold(label))  # numbers stay: "Mức 1" is not "Mức 2"
    return frozenset(w for w in words if w not in _STOP)


@dataclass
class ReadText:
    """A text read once: unwrapped text, sentences, tables, quantities and statements."""

    original: str
    text: str
    sentences: Sentences
    statements: list[Statement]
    line_starts: list[int]
    headings: list[tuple[int, str]]
    mentions: list[NumberMention]  # every number of the unwrapped text (``find_numbers``)
    body_mentions: list[NumberMention]  # those outside tables
    tables: list[Table]
    # The body's quantities without the numbers that name a thing or a date ("mức độ 2", "thôn 3",
    # "ngày 20 tháng 6 năm 2026"): what the text rules compare.
    quantities: list[NumberMention] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)

    def section_of(self, pos: int) -> str:
        i = bisect.bisect_right([h[0] for h in self.headings], pos)
        return self.headings[i - 1][1] if i else ""


def read_statements(text: str) -> list[Statement]:
    """The statements of ``text`` (see module docstring)."""
    return read_text(text).statements


def children(statements: list[Statement], index: int) -> list[Statement]:
    return [s for s in statements if s.parent == index]


def read_text(text: str) -> ReadText:
    flat = unwrap(text)
    line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
    headings = _headings(text)
    sentences = Sentences(flat)
    tables = find_tables(text)
    every = find_numbers(flat)
    body = _outside(every, tables)
    reader = _Reader(flat, sentences, [m for m in body if m.is_quantity], line_starts, headings)
    statements = reader.read()
    return ReadText(text, flat, sentences, statements, line_starts, headings, every, body, tables, reader.mentions)


def _outside(mentions: list[NumberMention], tables: list[Table]) -> list[NumberMention]:
    """Mentions outside every table (tables are sorted and disjoint: one bisection each)."""
    starts = [t.start for t in tables]
    out = []
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        if i < 0 or m.start > tables[i].end:
            out.append(m)
    return out


def _headings(text: str) -> list[tuple[int, str, str]]:
    """(offset, label, context) of section headings, nested labels joined ("II" then "1" → "II.1");
    the context is the heading's line and its top-level heading's line (where "Lũy kế", "tháng 5"
    or "PHƯƠNG HƯỚNG" tell which period the figures below belong to)."""
    out: list[tuple[int, str, str]] = []
    roman, roman_line = "", ""
    for match in _HEADING.finditer(text):
        label = match.group(1)
        line_end = text.find("\n", match.start())
        line = text[match.start(): line_end if line_end >= 0 else len(text)]
        if len(line) > 220 or "\t" in line:  # a numbered paragraph or a table row, not a heading
            continue
        if re.fullmatch(r"[IVXLC]+", label):
            roman, roman_line = label, line
            out.append((match.start(), label, line))
        elif roman and re.fullmatch(r"\d{1,2}(?:\.\d{1,2})*", label):
            out.append((match.start(), f"{roman}.{label}", f"{roman_line} {line}"))
        else:
            out.append((match.start(), label, f"{roman_line} {line}"))
    return out


@dataclass
class _Scope:
    owner: int  # statement index
    end: int
    depth: int  # parenthesis depth of the scope's parts
    bullets: bool = False  # parts are bullet lines: one part per line, its first count
    lines: set = None  # line starts that already gave their part

    def __post_init__(self) -> None:
        self.lines = set()


class _Reader:
    def __init__(self, text: str, sentences: Sentences, mentions: list[NumberMention], line_starts, headings):
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.line_starts = line_starts
        self.heading_starts = [h[0] for h in headings]
        self.headings = headings
        self.out: list[Statement] = []
        self.scopes: list[_Scope] = []
        self._parens = self._paren_depths()

    # ---------------------------------------------------------------- layout helpers

    def sentence(self, pos: int) -> tuple[int, int]:
        """The sentence holding ``pos``, cut at blank lines: after ``unwrap`` joined the hard
        wraps, a blank line left is a paragraph break even without a full stop."""
        start, end = self.sentences.around(pos)
        before = self.text.rfind("\n\n", start, pos)
        after = self.text.find("\n\n", pos, end)
        return (before + 2 if before >= 0 else start), (after if after >= 0 else end)

    def _paren_depths(self) -> tuple[list[int], list[int]]:
        """Offsets of "(" and ")" so the depth at a position is a bisection."""
        opens = [m.start() for m in re.finditer(r"\(", self.text)]
        closes = [m.start() for m in re.finditer(r"\)", self.text)]
        return opens, closes

    def depth(self, pos: int) -> int:
        """Parenthesis depth at ``pos`` within its sentence."""
        s = self.sentence(pos)[0]
        opens, closes = self._parens
        o = bisect.bisect_left(opens, pos) - bisect.bisect_left(opens, s)
        c = bisect.bisect_left(closes, pos) - bisect.bisect_left(closes, s)
        return max(0, o - c)

    def paragraph_end(self, pos: int) -> int:
        """End of the paragraph holding ``pos``: a blank line, a heading or a bullet line."""
        match = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-+•*#]|\d+(?:\.\d+)*[.)]\s|[IVX]+\.))").search(self.text, pos)
        return match.start() if match else len(self.text)

    def bullet_run_end(self, pos: int) -> int:
        """End of the bullet lines right after ``pos`` (a line ending in "trong đó:").

        The run is the lines whose marker is the first line's, and any lines of another marker
        nested between them; it ends at a heading, a non-bullet line or a bullet of the parent
        marker."""
        lines = list(re.finditer(r"\n([^\n]*)", self.text[pos:]))
        first, end = None, pos
        for match in lines:
            line = match.group(1)
            if not line.strip():
                continue
            bullet = _BULLET.match(line)
            if bullet is None:
                break
            marker = _marker_class(bullet.group(1))
            if first is None:
                first = marker
            elif marker != first and _LEVEL.get(marker, 0) <= _LEVEL.get(first, 0):
                break
            end = pos + match.end(1)
        return end

    def line_start(self, pos: int) -> int:
        return self.text.rfind("\n", 0, pos) + 1

    def bullet_of(self, pos: int) -> str | None:
        match = _BULLET.match(self.text, self.line_start(pos))
        return _marker_class(match.group(1)) if match else None

    # ---------------------------------------------------------------- reading

    def names_a_thing(self, m: NumberMention) -> bool:
        """A number that is part of a name or a date, not a quantity: "Mức 1:", "thôn 3:",
        "ngày 20 tháng 6 năm 2026", "6 tháng đầu năm"."""
        if m.kind == "number" and m.unit is None and m.decimals == 0 and m.value < 1000 \
                and re.match(r"[ \t]*[:)]|[ \t]+\d", self.text[m.end:m.end + 3]):
            word = re.search(r"([^\W\d_]+)[ \t]+$", self.text[max(0, m.start - 30):m.start])
            if word and fold(word.group(1)) not in _NAME_BREAKERS:
                return True
        if m.kind == "number" and m.unit is None and m.decimals == 0 and m.value < 100:
            word = re.search(r"([^\W\d_]+)[ \t]+$", self.text[max(0, m.start - 20):m.start])
            if word and fold(word.group(1)) in _NAMING_NOUNS:
                return True  # "mức 2", "mức độ 2", "thôn 3", "đợt 2": a name, not a count
        if m.unit == "tháng" and re.match(r"\s*(?:đầu|cuối)\s+năm", self.text[m.end:m.end + 12]):
            return True
        return any(s <= m.start < e for s, e in self._date_spans)

    def read(self) -> list[Statement]:
        self._date_spans = [x.span() for x in _DATE_WORDS.finditer(self.text)]
        self.mentions = [m for m in self.mentions if not self.names_a_thing(m)]
        self._starts = [x.start for x in self.mentions]
        ms = self.mentions
        kinds = {}
        for i, m in enumerate(ms):
            kinds[i] = "rate" if m.unit == "%" and m.kind in ("percent", "word") else "count"
        for i, m in enumerate(ms):
            if m.kind not in ("number", "percent", "fraction", "word"):
                continue
            self._pop(m.start)
            if kinds[i] == "rate":
                self._rate(i, m)
            else:
                self._count(i, m)
        return self.out

    def _pop(self, pos: int) -> None:
        while self.scopes and self.scopes[-1].end <= pos:
            self.scopes.pop()

    def _new(self, m: NumberMention, label: str, role: str, **extra) -> Statement:
        sentence = self.sentence(m.start)
        s_text = self.text[sentence[0]:sentence[1]]
        i = bisect.bisect_right(self.heading_starts, m.start)
        st = Statement(
            index=len(self.out), label=label, value=m.base_value, written=m.text, unit=m.unit, decimals=m.decimals,
            role=role, start=m.start, end=m.end, line=bisect.bisect_right(self.line_starts, m.start),
            section=self.headings[i - 1][1] if i else "", sentence=sentence,
            period=period_of(s_text) or period_of(self.headings[i - 1][2] if i else ""),
            other_period=bool(OTHER_PERIOD.search(self._clause_window(m)) or _AHEAD.search(s_text)
                              or (i and _CONTEXT_OTHER.search(self.headings[i - 1][2]))),
            approximate=self._approximate(m),
            scale=m.scale, denominator=m.denominator * m.scale if m.kind == "fraction" and m.denominator else None,
            **extra)
        self.out.append(st)
        return st

    def _clause_window(self, m: NumberMention) -> str:
        """The clause around a number (to its sentence's , ; bounds): where "cùng kỳ", "lũy kế"
        make it another period's figure."""
        s, e = self.sentence(m.start)
        left = max(self.text.rfind(c, s, m.start) for c in ";(")
        right = [p for p in (self.text.find(c, m.end, e) for c in ";)") if p >= 0]
        return self.text[max(s, left + 1):min(right) if right else e]

    def _approximate(self, m: NumberMention) -> bool:
        before, after = self.text[max(0, m.start - 14):m.start], self.text[m.end:m.end + 8]
        return bool(m.comparator or _APPROX_BEFORE.search(before) or _RANGE.match(after) or _RANGE_BEFORE.search(before))

    def label_before(self, m: NumberMention) -> str:
        s = self.sentence(m.start)[0]
        prev = self._prev_end(m)
        start = max(s, prev, m.start - 140)
        chunk = self.text[start:m.start]
        cuts = [x.end() for x in _BOUNDARY.finditer(chunk)]
        label = chunk[cuts[-1]:] if cuts else chunk
        # "Nhận xét: Tỷ lệ … đạt": a colon inside the clause closes a heading word.
        inner = label.rstrip(" :\t").rfind(":")
        if inner >= 0:
            label = label[inner + 1:]
        return _clean(label)

    def label_after(self, m: NumberMention) -> str:
        end = min(len(self.text), m.end + 100)
        nxt = self._next_start(m)
        if nxt is not None:
            end = min(end, nxt)
        chunk = self.text[m.end:end]
        chunk = re.sub(r"^[\s$\\%]*", "", chunk)
        cut = _BOUNDARY.search(chunk)
        chunk = chunk[:cut.start()] if cut else chunk
        chunk = re.split(r"[.:]", chunk)[0]
        return _clean(chunk)

    def _mention_at(self, st: Statement) -> NumberMention:
        return self.mentions[bisect.bisect_left(self._starts, st.start)]

    def _prev_end(self, m: NumberMention) -> int:
        i = bisect.bisect_left(self._starts, m.start)
        return self.mentions[i - 1].end if i > 0 else 0

    def _next_start(self, m: NumberMention) -> int | None:
        i = bisect.bisect_right(self._starts, m.start)
        return self._starts[i] if i < len(self._starts) else None

    def _label(self, m: NumberMention) -> str:
        before = self.label_before(m)
        unit = self.text[m.end:unit_after(self.text, m.end)[2]].strip() if m.unit and m.unit != "%" else ""
        if label_key(before):
            if unit and fold(unit) not in fold(before):
                return f"{before} ({unit})"
            return before
        after = self.label_after(m)
        return after or unit or before

    def _rate_before(self, m: NumberMention) -> Statement | None:
        """"đã số hóa đạt 42,20% (2.927 hồ sơ)": the rate right before a parenthesized count."""
        last = self.out[-1] if self.out else None
        if last is not None and last.role == "rate" and last.rate_of is None \
                and re.fullmatch(r"[ \t]*\([ \t]*", self.text[last.end:m.start]):
            return last
        return None

    def _count(self, i: int, m: NumberMention) -> None:
        rate = self._rate_before(m)
        label = self._label(m)
        if rate is not None:
            label = re.sub(r"^tỷ lệ\s+", "", rate.label)
        parent = self._parent_for(m, self.depth(m.start) - (1 if rate is not None else 0))
        role = "value"
        if parent is not None:
            role = "remainder" if _REMAINDER.search(self.label_before(m) + " " + label) else "part"
        if _CHANGE_BEFORE.search(self.text[max(0, m.start - 14):m.start]):
            role, parent = "change", None
        earlier = self._remainder_of(m, label) if parent is None and role != "change" else None
        if earlier is not None:
            total, done = earlier
            parent, role = total.index, "remainder"
            for d in done:
                self.out[d.index] = _with(d, parent=total.index, role="part")
        st = self._new(m, label, role, parent=parent)
        if rate is not None:
            self.out[rate.index] = _with(rate, rate_of=st.index, label="tỷ lệ " + label)
        if parent is not None and self.out[parent].role == "value":
            self.out[parent] = _with(self.out[parent], role="total")
        if role != "change":
            self._open_scopes(st, m)

    def _alternate_owner(self, owner: Statement, m: NumberMention) -> Statement | None:
        """"Toàn xã có 1.250 hộ với 4.800 người, trong đó 830 hộ …": the parts' total is the
        earlier count of their own unit in the owner's clause chain, not the count before "trong đó"."""
        if m.unit is None:
            return None
        for s in reversed(self.out[:owner.index]):
            if s.sentence != owner.sentence or s.is_rate:
                break
            if s.unit is not None and _family(s.unit) == _family(m.unit) and s.parent is None:
                if s.role == "value":
                    self.out[s.index] = _with(s, role="total")
                return s
        return None

    def _remainder_of(self, m: NumberMention, label: str) -> tuple[Statement, list[Statement]] | None:
        """"Chỉ tiêu được giao: 120 hộ; đã thực hiện: 95 hộ, còn lại: 25 hộ" without "trong
        đó": a "còn lại" count after a "đã" count after a total in one sentence makes the two
        parts of the total."""
        if not re.search(r"\bcòn lại\b|\bcòn thiếu\b", self.label_before(m) + " " + label, re.I):
            return None
        sentence = self.sentence(m.start)
        in_sentence = []
        for s in reversed(self.out):
            if s.sentence != sentence:
                break
            in_sentence.insert(0, s)
        same = [s for s in in_sentence if s.role in ("value", "total") and not s.is_rate and s.parent is None
                and (s.unit is None or m.unit is None or s.unit == m.unit) and s.denominator is None]
        if len(same) < 2:
            return None
        total, done = same[0], same[1:]
        if not total.value:
            return None  # "nhu cầu 0 tỷ đồng; đã phân bổ 0,556 tỷ đồng": nothing to split
        totalish = re.search(r"giao|kế hoạch|\btổng\b|chỉ tiêu|nhu cầu|\bcần\b", total.label, re.I)
        if not totalish and not all(re.search(r"\bđã\b|hiện có|thực hiện|bố trí", d.label, re.I) for d in done):
            return None
        return total, done

    def _unit_ok(self, owner: Statement, m: NumberMention) -> bool:
        if owner.denominator is not None:
            return False  # "34/34 (…: 34/34, …: 0)": a fraction's details are no parts of it
        if m.kind == "fraction" and m.denominator * m.scale != owner.value:
            return False  # a fraction is a part only of its own denominator ("18/20" of 20)
        a, b = _family(owner.unit), _family(m.unit)
        if "%" in (a, b):
            return False
        return a is None or b is None or a == b

    def _parent_for(self, m: NumberMention, depth: int) -> int | None:
        for scope in reversed(self.scopes):
            owner = self.out[scope.owner]
            if depth < scope.depth:
                continue
            if depth > scope.depth:
                return None  # inside a parenthesis no scope opened: a detail, not a part
            if not self._unit_ok(owner, m):
                alternate = self._alternate_owner(owner, m)
                return alternate.index if alternate is not None else None
            if scope.bullets:
                line = self.line_start(m.start)
                if line in scope.lines or self.bullet_of(m.start) is None:
                    return None
                scope.lines.add(line)
            return scope.owner
        return None

    def _open_scopes(self, st: Statement, m: NumberMention) -> None:
        """The scopes a count opens (module docstring): trong đó / gồm, its own parenthesis,
        "Tổng …" to the sentence end, "Trong đó:" opening the next sentence."""
        s_start, s_end = st.sentence
        after_unit = unit_after(self.text, m.end)[2] if m.unit else m.end
        rest = self.text[after_unit:s_end]
        depth = self.depth(m.start)
        scope_end = self.scopes[-1].end if self.scopes else len(self.text)
        opener = _opener_after(rest)
        own = re.match(r"[ \t]*(?:[^\W\d_]+[ \t]*){0,3}\(", rest)
        if own:
            close = self.text.find(")", after_unit + own.end())
            inside = self.text[after_unit + own.end():close] if close > 0 else ""
            if close > 0 and not _COMPARISON.search(inside):
                self.scopes.append(_Scope(st.index, close, depth + 1))
                self.out[st.index] = st = _with(st, in_parenthesis=True)
        if opener:
            pos = after_unit + opener.end()
            if re.search(r"\bcó\s*$", opener.group(0).rstrip(" :,")):
                self.out[st.index] = st = _with(st, partial=True)
            if re.match(r"[ \t]*:?[ \t]*(?:\n|$)", self.text[pos:pos + 3] + "\n"):
                self.scopes.append(_Scope(st.index, self.bullet_run_end(pos), depth, bullets=True))
            else:
                self.scopes.append(_Scope(st.index, max(min(s_end, scope_end), pos + 1), depth))
            return
        if re.match(r"(?:[\s\-+•*#]|\*\*)*tổng\b", self.label_before(m), re.I) and not own:
            end = s_end
            nxt = re.match(r"[.\s]*(?:Trong đó|Trong số đó|Cụ thể|Bao gồm)\s*:?", self.text[s_end:s_end + 40])
            if nxt:
                end = self.paragraph_end(s_end + nxt.end())
            self.scopes.append(_Scope(st.index, min(max(end, s_end), max(scope_end, end)), depth))
            return
        # "… 8 cuộc họp. Trong đó: …" — the next sentence announces the parts of the last count.
        nxt = re.match(r"[.\s]*(?:Trong đó|Trong số đó|Cụ thể|Bao gồm)\s*:?", self.text[s_end:s_end + 40])
        later = self._next_start(m)
        if nxt and (later is None or later >= s_end) and m.unit:
            self.scopes.append(_Scope(st.index, self.paragraph_end(s_end + nxt.end()), depth))
            return
        # "- Tổng số …: 12, trong đó:" handled above; a bullet line ending in ":" after a count.
        line_end = self.text.find("\n", m.end)
        line_end = len(self.text) if line_end < 0 else line_end
        tail = self.text[m.end:line_end]
        if tail.rstrip().endswith(":") and not re.search(r"\d", tail) and self.bullet_of(m.start) is not None:
            self.scopes.append(_Scope(st.index, self.bullet_run_end(line_end), depth, bullets=True))

    def _rate(self, i: int, m: NumberMention) -> None:
        before = self.text[max(0, m.start - 30):m.start]
        if _CHANGE_BEFORE.search(before) or re.search(r"(?:so với|kế hoạch)[^,;.]{0,30}$", before, re.I):
            self._new(m, "thay đổi " + self.label_before(m), "change")
            return
        if _RATIO_AFTER.match(self.text, m.end):
            # "5.240 triệu đồng, bằng 104,8% so với cùng kỳ": a ratio to another figure, no share
            counted = self.out[-1] if self.out and self.out[-1].sentence == self.sentence(m.start) else None
            self._new(m, "so sánh " + self.label_before(m), "ratio",
                      rate_of=counted.index if counted is not None and not counted.is_rate else None)
            return
        target = self._rated_count(m)
        if target is not None:
            base = self.out[target]
            self._new(m, "tỷ lệ " + (base.label or self.label_after(m)), "rate", rate_of=target)
            return
        self._new(m, self._label_rate(m), "rate")

    def _label_rate(self, m: NumberMention) -> str:
        before = self.label_before(m)
        if label_key(before):
            return before
        return "tỷ lệ " + self.label_after(m)

    def _rated_count(self, m: NumberMention) -> int | None:
        """The count a percentage qualifies (module docstring), or None."""
        if self.out:
            last = self.out[-1]
            gap = self.text[last.end:m.start]
            if last.role not in ("rate", "change") and last.sentence == self.sentence(m.start) \
                    and len(gap) <= 60 and not re.search(r"[;]|\btrong đó\b|\bvà\b", gap) \
                    and not re.search(r"\d", gap):
                words = re.sub(r"[\s,:=()$\\≈]|approx", " ", gap).split()
                unit_words = fold(self.text[last.end:unit_after(self.text, last.end)[2]]).split()
                # "7.204 hồ sơ đã chỉnh lý, bằng 99,05%": the words naming the count are no gap
                unit_words += fold(self.label_after(self._mention_at(last))).split()
                rest = [w for w in words if fold(w) not in unit_words]
                if re.fullmatch(r"(?:(?:đạt|chiếm|bằng|tỷ|tỉ|lệ|là|với|khoảng|tương|ứng|đạt tỷ lệ)\s*)*",
                                " ".join(rest), re.I) or len(rest) <= 1:
                    return last.index
        return None  # a rate before its count ("đạt 95% (1.409 hồ sơ)") is attached by ``_rate_before``


def _opener_after(rest: str) -> re.Match | None:
    """"trong đó"/"gồm" after a count, with only words and the count's own rate between
    ("6, tỷ lệ 50%, trong đó: …", "4.197 hồ sơ; trong đó …"), within 70 characters."""
    match = _OPENER.search(rest, 0, 90)
    if match is None:
        return None
    gap = re.sub(r"\d+(?:[.,]\d+)*\s*\\?%", "", rest[:match.start()])
    if len(gap) > 70 or re.search(r"\d|\.\s", gap):
        return None
    return match


_DATE_WORDS = re.compile(r"ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4}", re.I)
_NAMING_NOUNS = frozenset(fold(w) for w in "mức độ thôn tổ khu đợt xóm đội khóa cấp loại nhóm hạng phiên kỳ đoạn "
                          "phụ lục biểu mẫu".split())
_NAME_BREAKERS = frozenset(fold(w) for w in "là đạt được có gồm chiếm bằng tổng số giao còn lại thiếu chưa đã và với "
                           "trên khoảng gần hơn".split())

# Nouns that count people: "2.256 cán bộ, công chức, trong đó 17 người …" counts one thing.
_PEOPLE = frozenset({"người", "cán bộ", "công chức", "viên chức", "học sinh", "đảng viên", "thành viên", "lao động",
                     "trẻ", "hội viên", "đoàn viên"})


def _family(unit: str | None) -> str | None:
    return "người" if unit in _PEOPLE else unit


# Bullet markers by kind ("a)" and "b)" are one list); a "+" list nests under a "-" or "a)" one.
_LEVEL = {"-": 1, "a)": 1, "1)": 1, "+": 2}


def _marker_class(marker: str) -> str:
    if marker in "-•*":
        return "-"
    if marker.endswith(")"):
        return "1)" if marker[0].isdigit() else "a)"
    return marker


def _with(st: Statement, **changes) -> Statement:
    return replace(st, **changes)


def _clean(label: str) -> str:
    label = re.sub(r"\s+", " ", label.replace("**", " ")).strip()
    for _ in range(3):
        label = _LEAD.sub("", label).strip()
        label = _TRAIL.sub("", label).strip()
    return label
