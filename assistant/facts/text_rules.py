"""Consistency rules over a report's text: ``check_text(text) -> list[Finding]``.

One method per rule (``TextChecker``); each finding cites its spans and shows the arithmetic:
- ``percent_fraction``: a percentage next to the fraction it comes from (``1409/1483 hồ sơ,
  tỷ lệ: 95%``, ``1.150 hồ sơ trên tổng số 1.318 hồ sơ, đạt 88,5%``) must equal it at the
  precision written (half-up or truncated); so must a table's comparison column (``So sánh
  (%)`` = Thực hiện / Kế hoạch × 100);
- ``over_100``: a rate over 100% (growth "tăng 125%" and "% kế hoạch" excepted) or a fraction
  whose part exceeds its whole;
- ``remainder``: table columns giao/kế hoạch/tổng − đã = còn lại/còn thiếu (per row);
- ``unit_mismatch``: a rate (``tỷ lệ …``) stated as a count (``1.108 hộ``) instead of a %;
- ``two_values``: the same indicator in the body and a table, or in two tables (see ``indicators``);
- ``malformed``: a number that cannot be read without guessing (``1,014.000.000``).

Sums, remainders and rates in running text, and an indicator repeated in the body, are read
as statements (``statements``) and checked on that tree (``statement_checks``); a table's
total row and its parts by ``table_checks``; dates and references by ``dates``. ``check_text``
runs them all and merges their findings (one per place and family).

The text is first unwrapped (``layout.unwrap``) so hard-wrapped PDF lines read as one
sentence; offsets are kept, so spans cite the original text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from decimal import Decimal
from itertools import combinations

from assistant.facts.dates import check_dates
from assistant.facts.findings import Finding, agrees
from assistant.facts.labels import LabelMatcher
from assistant.facts.indicators import (
    OTHER_PERIOD, Named, cell_number, header_names, matched_label, name_tokens, period_of, same_indicator,
    sub_count_of, table_named,
)
from assistant.facts.layout import Table
from assistant.facts.numbers import NumberMention, find_numbers, format_number, format_quantity, round_to
from assistant.facts.statement_checks import check_statements
from assistant.facts.statements import ReadText, read_text
from assistant.facts.table_checks import check_tables

_RATE = re.compile(r"\bt[ỷỉ] lệ\b", re.IGNORECASE)
# Words that make a value approximate or a bound, not a figure to compare: "trên 90%", "khoảng 60".
_APPROX_BEFORE = re.compile(r"(?:trên|khoảng|gần|hơn|dưới|tới|tối đa|tối thiểu|ít nhất|xấp xỉ|~)\s*$", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:[-–]|đến)\s*\d")
_RANGE_BEFORE = re.compile(r"\d\s*(?:[-–]|đến)\s*$")
# "<part> [unit] trên tổng số <whole>": a fraction written in words.
_OUT_OF = re.compile(r"[^\d,;.]{0,25}\b(?:trên|trong) tổng số\b[^\d,;.]{0,25}", re.I)
# Words that make a percentage over 100 legitimate: growth, comparison, share of a plan.
_GROWTH = re.compile(r"tăng|vượt|gấp|so với|kế hoạch|dự toán", re.I)


def check_text(text: str, matcher: LabelMatcher | None = None) -> list[Finding]:
    """All text rules of the module docstring and the statement-tree rules
    (``statement_checks``), merged (one finding per place and family), located (line, section)
    and sorted by place."""
    read = read_text(text)
    old = TextChecker(text, read)
    findings = merge(old.run(), check_statements(read, matcher) + check_tables(text, old.tables))
    findings += check_dates(text, read)
    located = [replace(f, line=f.line or (read.line_of(f.spans[0][0]) if f.spans else 0),
                       section=f.section or (read.section_of(f.spans[0][0]) if f.spans else ""))
               for f in findings]
    return sorted(located, key=lambda f: (f.spans[0][0] if f.spans else 0))


_FAMILY = {"parts_total": "sum", "remainder": "sum", "percent_fraction": "rate", "rate_base": "rate"}


def merge(old: list[Finding], new: list[Finding]) -> list[Finding]:
    """One finding per place and family (``_FAMILY``): a new finding with a suggestion replaces
    the old ones whose spans it covers; otherwise it is dropped when old ones already cover
    its spans (the old message stays)."""
    out = list(old)
    for f in new:
        family = _FAMILY.get(f.rule, f.rule)
        spans = set(f.spans)
        same = [o for o in out if _FAMILY.get(o.rule, o.rule) == family]
        covered = set().union(*[set(o.spans) for o in same]) if same else set()
        replaced = [o for o in same if set(o.spans) <= spans]
        if replaced and f.suggestion:
            out = [o for o in out if o not in replaced]
            out.append(f)
        elif not spans <= covered and not replaced:
            out.append(f)
    return out


def _fmt(value: Decimal, percent: bool, unit: str | None = None) -> str:
    """A compared value for a message: trailing zeros of scaled table values dropped (0,35 triệu
    đồng is shown 350.000 đồng, not 350.000,00)."""
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_quantity(value, "%" if percent else unit)


def _same_unit(a: NumberMention, b: NumberMention) -> bool:
    """A percentage matches only a percentage; a count matches a count of the same noun or a bare one."""
    if "%" in (a.unit, b.unit):
        return a.unit == b.unit
    return a.unit is None or b.unit is None or a.unit == b.unit


class TextChecker:
    """The rules over one text; ``run`` applies them all. Reading helpers name the clause a
    number belongs to; each rule method's docstring names its rule."""

    def __init__(self, text: str, read: ReadText | None = None) -> None:
        read = read if read is not None else read_text(text)  # unwrapped once, numbers found once
        self.read = read
        self.text = read.text
        self.sentences = read.sentences
        self.tables = read.tables
        self.mentions = read.body_mentions
        self.quantities = read.quantities
        self._starts = [q.start for q in self.quantities]
        self._ends = [q.end for q in self.quantities]
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, spans) -> None:
        finding = Finding(rule, message, tuple(sorted(set(spans))))
        if finding not in self.findings:
            self.findings.append(finding)

    def run(self) -> list[Finding]:
        self.malformed()
        self.percent_fraction()
        self.part_over_whole()
        self.rate_over_100()
        for table in self.tables:
            self.remainder_table(table)
            self.comparison_column(table)
        self.rate_not_in_percent()
        self.two_values()
        return self.findings

    # ------------------------------------------------------------ reading helpers

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences.around(pos)

    def previous_quantity(self, m: NumberMention) -> NumberMention | None:
        i = bisect.bisect_right(self._ends, m.start)
        return self.quantities[i - 1] if i > 0 else None

    def next_quantity(self, m: NumberMention) -> NumberMention | None:
        i = bisect.bisect_left(self._starts, m.end)
        return self.quantities[i] if i < len(self.quantities) else None

    def label_before(self, m: NumberMention, limit: int = 120) -> str:
        """The clause before a number: back to the previous , ; ( ) newline, sentence start or number."""
        start = max(self.sentence(m.start)[0], m.start - limit)
        previous = self.previous_quantity(m)
        if previous is not None and previous.end > start:
            start = previous.end
        chunk = self.text[start:m.start]
        cut = max(chunk.rfind(c) for c in ",;()\n$")
        label = chunk[cut + 1:] if cut >= 0 else chunk
        # "Nhận xét: Tỷ lệ … đạt 100%": a colon inside the clause closes a heading word, not the name.
        inner = label.rstrip(" :\t").rfind(":")
        return label[inner + 1:] if inner >= 0 else label

    def label_after(self, m: NumberMention) -> str:
        """The words after a number (its unit and what it counts), up to punctuation or the next number."""
        nxt = self.next_quantity(m)
        end = min(m.end + 80, nxt.start if nxt else len(self.text))
        chunk = re.sub(r"^[\s$\\%]*", "", self.text[m.end:end])
        return re.split(r"[,;().\n$:]", chunk)[0]

    def approximate(self, m: NumberMention) -> bool:
        """A bound or a range end ("trên 90%", "60 - 65%"): not a figure to compare."""
        before, after = self.text[max(0, m.start - 14):m.start], self.text[m.end:m.end + 8]
        return bool(m.comparator or _APPROX_BEFORE.search(before) or _RANGE_AFTER.match(after)
                    or _RANGE_BEFORE.search(before))

    def paren_depth(self, pos: int) -> int:
        start = self.sentence(pos)[0]
        chunk = self.text[start:pos]
        return chunk.count("(") - chunk.count(")")

    # ------------------------------------------------------------ malformed

    def malformed(self) -> None:
        """Rule ``malformed``: the number parser's own verdict (``numbers.read_number``)."""
        for m in self.mentions:
            if m.malformed:
                self.add("malformed", m.malformed, [(m.start, m.end)])

    # ------------------------------------------------------------ percent vs fraction

    def percent_fraction(self) -> None:
        """Rule ``percent_fraction``: a/b × 100 must agree with the percentage stated with it."""
        for i, frac in enumerate(self.quantities):
            if frac.kind == "fraction" and frac.denominator:
                self._check_rate(frac.value, frac.denominator, self._percent_of(i), [(frac.start, frac.end)])
        self.part_of_whole_in_words()

    def part_of_whole_in_words(self) -> None:
        """Rule ``percent_fraction`` for a fraction written in words: "1.180 hồ sơ trên tổng số
        1.205 hồ sơ, đạt 97,9%" reads as 1.180/1.205 (the same check as for ``a/b``)."""
        qs = self.quantities
        for i in range(len(qs) - 2):
            part, whole = qs[i], qs[i + 1]
            if part.kind != "number" or whole.kind != "number" or not whole.value or not _same_unit(part, whole):
                continue
            if not _OUT_OF.fullmatch(self.text[part.end:whole.start]):
                continue
            self._check_rate(part.value, whole.value, self._percent_of(i + 1), [(part.start, part.end),
                                                                                 (whole.start, whole.end)])

    def _check_rate(self, part: Decimal, whole: Decimal, pct: NumberMention | None, spans: list) -> None:
        if pct is None:
            return
        exact = part / whole * 100
        if not agrees(exact, pct.value, pct.decimals):
            shown = format_number(round_to(exact, max(2, pct.decimals)))
            self.add("percent_fraction", f"{format_number(part)}/{format_number(whole)} × 100 = {shown}%, "
                     f"khác {format_number(pct.value)}% đã ghi", spans + [(pct.start, pct.end)])

    def _percent_of(self, i: int) -> NumberMention | None:
        """The percentage that states fraction ``i`` as a rate: right after it in the same sentence
        ("= 91,62%", ", tỷ lệ: 95%", "hồ sơ, đạt 97,1%"), or right before it in "95% (1409/1483)"."""
        qs, frac = self.quantities, self.quantities[i]
        if i + 1 < len(qs) and qs[i + 1].kind == "percent" and not qs[i + 1].comparator:
            pct = qs[i + 1]
            gap = re.sub(r"\s+", " ", self.text[frac.end:pct.start])
            same_sentence = self.sentence(frac.start) == self.sentence(pct.start)
            if same_sentence and len(gap) <= 40 and not re.search(r"[;.]|trong đó", gap) and re.search(
                    r"^\s*[$]?\s*(?:=|\\approx|≈)|t[ỷỉ] lệ|đạt|bằng|chiếm|^\W*$", gap, re.I):
                return pct
        if i > 0 and qs[i - 1].kind == "percent" and re.fullmatch(r"\s*\(\s*", self.text[qs[i - 1].end:frac.start]):
            return qs[i - 1]
        return None

    # ------------------------------------------------------------ over 100

    def part_over_whole(self) -> None:
        """Rule ``over_100``: in a fraction the part cannot exceed the whole (scores excepted: a
        fraction in điểm is a score out of a maximum, the same rule applies)."""
        for m in self.quantities:
            if m.kind == "fraction" and m.denominator and m.value > m.denominator:
                self.add("over_100", f"{format_number(m.value)}/{format_number(m.denominator)}: phần "
                         f"({format_number(m.value)}) lớn hơn tổng ({format_number(m.denominator)})", [(m.start, m.end)])

    def rate_over_100(self) -> None:
        """Rule ``over_100``: a rate (``tỷ lệ …``) over 100% unless it is growth or a share of a plan."""
        for m in self.quantities:
            if m.kind != "percent" or m.value <= 100 or m.comparator:
                continue
            clause = self.label_before(m, 80)
            if _RATE.search(clause) and not OTHER_PERIOD.search(clause) and not _GROWTH.search(clause):
                self.add("over_100", f"Tỷ lệ {format_number(m.value)}% lớn hơn 100%", [(m.start, m.end)])

    # ------------------------------------------------------------ remainder (tables)

    def remainder_table(self, table: Table) -> None:
        """Rule ``remainder``: table columns giao/kế hoạch/tổng − đã = còn lại/còn thiếu/chưa, per row."""
        header = header_names(table)
        cols: dict[str, int] = {}
        for idx, name in enumerate(header):
            role = _remainder_role(name.lower(), column=True)
            if role and role not in cols:
                cols[role] = idx
        if len(cols) < 3:
            return
        for row, span in zip(table.rows, table.line_spans):
            values = {role: cell_number(row, idx) for role, idx in cols.items()}
            if any(v is None for v in values.values()):
                continue
            t, d, r = values["total"], values["done"], values["rest"]
            if t - d != r:
                self.add("remainder",
                         f"{header[cols['total']]} {format_number(t)} − {header[cols['done']]} {format_number(d)} = "
                         f"{format_number(t - d)}, khác {header[cols['rest']]} {format_number(r)}",
                         [table.line_spans[0], span])

    def comparison_column(self, table: Table) -> None:
        """Rule ``percent_fraction`` in a table: a comparison column ("So sánh (%)", "Đạt (%)")
        must equal result / plan × 100 (Thực hiện / Kế hoạch) at the precision written."""
        header = [h.lower() for h in header_names(table)]
        plan = next((i for i, h in enumerate(header) if re.search(r"kế hoạch|mục tiêu|dự toán", h)), None)
        result = next((i for i, h in enumerate(header) if re.search(r"kết quả|thực hiện", h)), None)
        ratio = next((i for i, h in enumerate(header) if re.search(r"so sánh|(?:đạt|tỷ lệ)\s*\(?%", h)), None)
        if None in (plan, result, ratio) or len({plan, result, ratio}) < 3:
            return
        for row, span in zip(table.rows, table.line_spans):
            planned, done, written = (cell_number(row, i) for i in (plan, result, ratio))
            if planned and done is not None and written is not None:
                pct = next(m for m in find_numbers(row[ratio].text) if m.is_quantity)
                exact = done / planned * 100
                if not agrees(exact, written, pct.decimals):
                    self.add("percent_fraction", f"{format_number(done)}/{format_number(planned)} × 100 = "
                             f"{format_number(round_to(exact, max(2, pct.decimals)))}%, khác "
                             f"{format_number(written)}% đã ghi ở cột «{header[ratio]}»",
                             [(row[ratio].start, row[ratio].end), span])

    # ------------------------------------------------------------ unit

    def rate_not_in_percent(self) -> None:
        """Rule ``unit_mismatch``: "tỷ lệ … đạt 1.108 hộ" — a rate given as a count. Not when the
        count is the base of a rate stated next to it ("tỷ lệ … trên tổng số 845 hồ sơ đạt 96%"),
        nor for scores (điểm: index criteria named "Tỷ lệ …" are scored in points)."""
        for m in self.quantities:
            if m.kind != "number" or m.unit in (None, "%", "điểm"):
                continue
            clause = self.label_before(m)
            if not _RATE.search(clause) or re.search(r"tổng số|trong số|trên|so với|\bcủa\b", clause, re.I):
                continue
            nxt = self.next_quantity(m)
            if nxt is not None and nxt.kind == "percent" and self.sentence(nxt.start) == self.sentence(m.start):
                continue
            self.add("unit_mismatch", f"«{clause.strip(' :')}» là tỷ lệ nhưng ghi {format_number(m.value)} {m.unit}, "
                     "không phải %", [(m.start, m.end)])

    # ------------------------------------------------------------ same indicator, two values

    def two_values(self) -> None:
        """Rule ``two_values``: pairs of values of the same indicator (``indicators.same_indicator``)
        that differ at the precision of the less precise one."""
        named = self.body_named() + [n for t in self.tables for n in table_named(t)]
        for a, b in combinations(named, 2):
            self._sub_count_over_whole(a, b)
            if a.where == b.where == "body":
                continue  # read as statements (``statement_checks.repeated``): labels, not word windows
            if not same_indicator(a, b):
                continue
            places = min(a.decimals, b.decimals)
            if round_to(a.value, places) == round_to(b.value, places):
                continue
            pct, unit = a.percent, a.unit or b.unit
            a_label, b_label = matched_label(a, b), matched_label(b, a)
            self.add("two_values", f"«{a_label}» ghi {_fmt(a.value, pct, unit)} ({self.place(a)}), "
                     f"«{b_label}» ghi {_fmt(b.value, pct, unit)} ({self.place(b)}): "
                     f"{_fmt(max(a.value, b.value), pct, unit)} − {_fmt(min(a.value, b.value), pct, unit)} = "
                     f"{_fmt(abs(a.value - b.value), pct, unit)} chênh lệch cho cùng một chỉ tiêu", a.spans + b.spans)

    def place(self, named: Named) -> str:
        """"phần nội dung, mục II.1, dòng 42" / "bảng số liệu, dòng 80": both places of a finding."""
        kind = {"body": "phần nội dung", "table": "bảng số liệu"}[named.where]
        pos = named.spans[0][0]
        section = self.read.section_of(pos)
        return f"{kind}, {'mục ' + section + ', ' if section else ''}dòng {self.read.line_of(pos)}"

    def _sub_count_over_whole(self, a: Named, b: Named) -> None:
        """Rule ``two_values`` for a sub-count (``indicators.sub_count_of``) larger than its whole."""
        pair = sub_count_of(a, b)
        if pair is None or pair[0].value <= pair[1].value:
            return
        part, whole = pair
        self.add("two_values", f"«{part.label}» ghi {format_number(part.value)} ({self.place(part)}), lớn hơn "
                 f"«{whole.label}» {format_number(whole.value)} ({self.place(whole)}): {format_number(part.value)} − "
                 f"{format_number(whole.value)} = {format_number(part.value - whole.value)} vượt quá tổng",
                 part.spans + whole.spans)

    def body_named(self) -> list[Named]:
        """Every exact value of the body with the name it is given under (see ``_body_name``)."""
        out: list[Named] = []
        for i, m in enumerate(self.quantities):
            if m.kind not in ("number", "percent", "fraction") or self.approximate(m):
                continue
            s_start, s_end = self.sentence(m.start)
            if OTHER_PERIOD.search(self.text[s_start:s_end]):
                continue
            label = self._body_name(i)
            tokens = name_tokens(label)
            if not tokens:
                continue
            alternatives = (self.label_after(m),) if m.unit and m.unit != "%" else ()
            out.append(Named(tokens, label, m.base_value, m.decimals, m.kind == "percent", ((m.start, m.end),),
                             "body", unit=None if m.unit == "%" else m.unit,
                             period=period_of(self.text[s_start:s_end]), alternatives=alternatives))
        out += self._sibling_totals()
        return out

    def _body_name(self, i: int) -> str:
        """The words naming value ``i``: the clause before it; for a bare rate (", tỷ lệ: 95%") the
        clause of the count before it; when the clause names nothing, the words after it."""
        qs, m = self.quantities, self.quantities[i]
        s_start = self.sentence(m.start)[0]
        label = self.label_before(m)
        if not name_tokens(label) and _RATE.search(label) and i > 0:
            prev = qs[i - 1]
            if prev.end >= s_start and m.start - prev.end < 60:
                label = "tỷ lệ " + re.sub(r"^[\s\-+•*#]+", "", self.label_before(prev))
        if not name_tokens(label):
            nxt = qs[i + 1] if i + 1 < len(qs) else None
            anchor = nxt if nxt and nxt.kind == "percent" and 0 <= nxt.start - m.end < 20 else m
            label = self.label_after(anchor)
        return re.sub(r"^[\s\-+•*#]+|[:=]\s*$", "", label.strip()).strip()

    def _sibling_totals(self) -> list[Named]:
        """Fractions of one sentence sharing a denominator whose parts add up to it name the whole
        by their common words: 2996/3270 … toàn trình, 274/3270 … một phần → "hồ sơ trực tuyến"."""
        out = []
        groups: dict[tuple, list[NumberMention]] = {}
        for f in self.quantities:
            if f.kind == "fraction" and f.denominator:
                groups.setdefault((self.sentence(f.start), f.denominator), []).append(f)
        for (bounds, den), group in groups.items():
            if len(group) < 2 or sum(f.value for f in group) != den:
                continue
            labels = []
            for f in group:
                following = [q for q in self.quantities if q.start >= f.end and q.start - f.end < 20 and q.kind == "percent"]
                labels.append(self.label_after(following[0] if following else f).split())
            common = []
            for words in zip(*labels):
                if len(set(words)) != 1:
                    break
                common.append(words[0])
            tokens = name_tokens(" ".join(common))
            if len(tokens) >= 2:
                out.append(Named(tokens, " ".join(common), den, 0, False, tuple((f.start, f.end) for f in group),
                                 "body", period=period_of(self.text[bounds[0]:bounds[1]])))
        return out


def _remainder_role(label: str, column: bool = False) -> str | None:
    """total / done / rest from the words naming a number (a clause or a column header)."""
    if re.search(r"còn lại|còn thiếu|chưa", label):
        return "rest"
    total = r"được giao|kế hoạch|\btổng\b|chỉ tiêu" + (r"|biên chế" if column else "")
    if column and re.search(r"\bđã\b", label):
        return "done"
    if re.search(total, label):
        return "total"
    return "done" if re.search(r"\bđã\b", label) else None
