"""Arithmetic over the statement tree (``statements.read_text``): ``check_statements(read)``.

Rules (keys of ``findings.RULES``), each finding with the arithmetic in Vietnamese format
and, when one change explains every number involved, a ``suggestion``:
- ``parts_total``: the parts of a total add up to it. A list with a remainder ("còn lại",
  "chưa") or a done/pending split is complete and must add up exactly; a plain "trong đó"
  list may name only some parts (accepted when a sub-sum is exact or the parts stay under
  ``PARTIAL_SHARE`` of the total), one opened with "trong đó có" names notable parts (accepted
  below the total), and one whose parts exceed the total by more than ``OVERLAP_SHARE`` while
  each part's rate agrees with it over the total lists overlapping categories, and one whose parts
  fall short by more than ``SHORTFALL_SHARE`` and ``SHORTFALL_UNITS`` names some attributes;
- ``remainder``: total − done = remainder, for a total split in one part and its remainder;
- ``rate_base``: a rate equals its count over the count's parent (the total it is a part of,
  or a fraction's own denominator), at the precision written (half-up or truncated);
- ``complement``: the rates of a complete split add up to 100% (each rounding allowed);
- ``comparison``: "tăng/giảm D so với cùng kỳ (P)" after a count C: C − P = ±D, or in % (C − P)/P;
  "bằng R% so với cùng kỳ (P)", "đạt R% kế hoạch (P)": C / P × 100 = R;
- ``two_values``: the same indicator (same label meaning, unit, period) stated with two
  values in two sentences of one report: equal folded content words, or, with a
  ``labels.LabelMatcher`` that has an embedding function, a paraphrase.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations

from assistant.facts.findings import Finding, agrees
from assistant.facts.indicators import periods_compatible
from assistant.facts.numbers import format_number, round_to, unit_after
from assistant.facts.labels import LabelMatcher
from assistant.facts.statements import ReadText, Statement, label_key

PARTIAL_SHARE = Decimal("0.5")
# Parts of a list with no remainder that exceed the total by more than this, each with a rate that
# agrees with it over the total, are overlapping categories (nữ / qua đào tạo), not a partition.
OVERLAP_SHARE = Decimal("1.1")
# A list with no remainder whose parts fall short of the total by more than a tenth and more than a
# few units, with no rate on every part and not in a parenthesis right after the total (there it is
# a breakdown: "215 người (nam …, nữ …)"), names some attributes ("nữ", "đảng viên trẻ"), not all the
# parts: a mistyped or swapped part is off by less, or shows in its rate.
SHORTFALL_SHARE = Decimal("0.1")
SHORTFALL_UNITS = 3
_PREVIOUS = re.compile(r"cùng kỳ|năm trước|kỳ trước|tháng trước|quý trước|năm \d{4}", re.I)


def fmt(value: Decimal) -> str:
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return format_number(value)


def pct(value: Decimal, decimals: int) -> str:
    return format_number(round_to(value, max(2, decimals))) + "%"


class StatementChecker:
    def __init__(self, read: ReadText, matcher: LabelMatcher | None = None) -> None:
        self.read = read
        self.matcher = matcher
        self.st = read.statements
        self.kids: dict[int, list[Statement]] = {}
        self.rates: dict[int, list[Statement]] = {}
        for s in self.st:
            if s.parent is not None:
                self.kids.setdefault(s.parent, []).append(s)
            if s.rate_of is not None:
                self.rates.setdefault(s.rate_of, []).append(s)
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, spans, suggestion: str = "") -> None:
        self.findings.append(Finding(rule, message, tuple(sorted(set(spans))), suggestion=suggestion))

    def run(self) -> list[Finding]:
        self.parts_and_rates()
        self.comparisons()
        self.repeated()
        return self.findings

    # ---------------------------------------------------------------- parts, remainder, rates

    def base_of(self, s: Statement) -> Decimal | None:
        if s.denominator:
            return s.denominator
        if s.parent is not None and self.st[s.parent].value:
            return self.st[s.parent].value
        return None

    def parts_and_rates(self) -> None:
        for total_index, parts in self.kids.items():
            total = self.st[total_index]
            if total.approximate or any(p.approximate for p in parts):
                continue
            self._parts(total, parts)
            self._complement(total, parts)
        for s in self.st:
            if s.role == "rate" and s.rate_of is not None and not s.approximate:
                self._rate(s)

    def _parts(self, total: Statement, parts: list[Statement]) -> None:
        values = [p.value for p in parts]
        complete = any(p.role == "remainder" for p in parts)
        if len(parts) < 2 or sum(values) == total.value:
            return
        if not complete and _partial_ok(total.value, values):
            return
        if not complete and total.partial and sum(values) < total.value:
            return  # "46 doanh nghiệp, trong đó có 5 …, 21 …": notable parts, not all of them
        shortfall = total.value - sum(values)
        if not complete and shortfall > total.value * SHORTFALL_SHARE and shortfall > SHORTFALL_UNITS * total.scale \
                and not self._rates_of_all(parts) and not total.in_parenthesis:
            return  # "412 đảng viên, trong đó nữ 150, đảng viên trẻ 98": some attributes, not a partition
        if not complete and sum(values) > total.value * OVERLAP_SHARE and self._shares_agree(total, parts):
            return  # "4.120 lao động, trong đó nữ 1.980 (48,06%), qua đào tạo 2.760 (66,99%)": overlapping
        spans = [(total.start, total.end)] + [(p.start, p.end) for p in parts]
        scale = total.scale
        suggestion = self._fix(total, parts)
        if complete and len(parts) == 2 and parts[1].role == "remainder" and re.search(r"\bcòn\b", parts[1].label):
            done, rest = parts
            self.add("remainder", f"{fmt(total.value / scale)} − {fmt(done.value / scale)} = "
                     f"{fmt((total.value - done.value) / scale)}, báo cáo ghi số còn lại {fmt(rest.value / scale)}",
                     spans, suggestion)
            return
        terms = " + ".join(fmt(v / scale) for v in values)
        unit = f" {self.written_unit(total)}" if scale != 1 else ""  # parts were rescaled to the total's unit
        self.add("parts_total", f"{terms} = {fmt(sum(values) / scale)}{unit}, khác tổng {fmt(total.value / scale)}{unit}",
                 spans, suggestion)

    def written_unit(self, s: Statement) -> str:
        return " ".join(self.read.text[s.end:unit_after(self.read.text, s.end)[2]].split())

    def _rates_of_all(self, parts: list[Statement]) -> bool:
        return all(self.rates.get(p.index) for p in parts)

    def _shares_agree(self, total: Statement, parts: list[Statement]) -> bool:
        """Every part has a rate and each agrees with part / total: the writer took each share of
        this total on its own, so the parts are categories, not a partition."""
        rated = [self.rates.get(p.index, []) for p in parts]
        return all(len(r) == 1 for r in rated) and all(
            agrees(p.value / total.value * 100, r[0].value, r[0].decimals) for p, r in zip(parts, rated))

    def _fix(self, total: Statement, parts: list[Statement]) -> str:
        """The one change that explains every number: the total is the sum of the parts, or one
        part is the total minus the others — whichever makes all the parts' rates agree."""
        rated = [(p, r) for p in parts for r in self.rates.get(p.index, [])]
        if not rated:
            return ""
        total_sum = sum(p.value for p in parts)
        if total_sum and all(agrees(p.value / total_sum * 100, r.value, r.decimals) for p, r in rated):
            return (f"Tổng có lẽ là {fmt(total_sum / total.scale)} (= "
                    f"{' + '.join(fmt(p.value / total.scale) for p in parts)}): khớp cả các tỷ lệ đã ghi")
        fixes = []
        for p in parts:
            value = total.value - (total_sum - p.value)
            if value < 0:
                continue
            if all(agrees((value if q is p else q.value) / total.value * 100, r.value, r.decimals) for q, r in rated):
                fixes.append((p, value))
        if len(fixes) == 1:
            p, value = fixes[0]
            return f"«{p.label}» có lẽ là {fmt(value / total.scale)} (= tổng trừ các phần khác): khớp cả các tỷ lệ đã ghi"
        return ""

    def _complement(self, total: Statement, parts: list[Statement]) -> None:
        """Rates of a complete split add up to 100%."""
        if len(parts) < 2 or sum(p.value for p in parts) != total.value:
            return
        rated = [self.rates.get(p.index, []) for p in parts]
        if not all(len(r) == 1 for r in rated):
            return
        rates = [r[0] for r in rated]
        tolerance = sum(Decimal(1).scaleb(-r.decimals) for r in rates)
        total_rate = sum(r.value for r in rates)
        if abs(total_rate - 100) > tolerance:
            self.add("complement", f"{' + '.join(format_number(r.value) + '%' for r in rates)} = "
                     f"{format_number(total_rate)}%, khác 100% dù các phần cộng đúng tổng {fmt(total.value)}",
                     [(r.start, r.end) for r in rates])

    def _rate(self, r: Statement) -> None:
        counted = self.st[r.rate_of]
        base = self.base_of(counted)
        if base is None or r.value > 100 or counted.value > base:
            return
        exact = counted.value / base * 100
        if agrees(exact, r.value, r.decimals):
            return
        ancestor = self.st[counted.parent].parent if counted.parent is not None else None
        while ancestor is not None:  # a rate over a grander total ("40% of all") is no error
            if self.st[ancestor].value and agrees(counted.value / self.st[ancestor].value * 100, r.value, r.decimals):
                return
            ancestor = self.st[ancestor].parent
        scale = counted.scale
        message = (f"{fmt(counted.value / scale)} / {fmt(base / scale)} = {pct(exact, r.decimals)}, "
                   f"báo cáo ghi {format_number(r.value)}%")
        other = self._explaining_base(counted, r)
        if other is not None:
            message += f" (khớp {fmt(counted.value / scale)} / {fmt(other / scale)})"
        spans = [(r.start, r.end), (counted.start, counted.end)]
        if counted.parent is not None:
            parent = self.st[counted.parent]
            spans.append((parent.start, parent.end))
        suggestion = ""
        if other is not None and counted.parent is not None:
            suggestion = f"Tổng có lẽ là {fmt(other / scale)}: tỷ lệ này được tính trên {fmt(other / scale)}"
        self.add("rate_base", message, spans, suggestion)

    def _explaining_base(self, counted: Statement, r: Statement) -> Decimal | None:
        """A base that gives the written rate: the sum of the parts first, else the nearest whole
        number that does (there is one when the rate has enough decimals)."""
        if counted.parent is not None:
            total_sum = sum(p.value for p in self.kids.get(counted.parent, []))
            if total_sum and agrees(counted.value / total_sum * 100, r.value, r.decimals):
                return total_sum
        if not r.value or r.decimals < 2 or counted.value < 100:
            return None
        guess = (counted.value * 100 / r.value).to_integral_value()
        hits = [b for b in (guess - 1, guess, guess + 1) if b and agrees(counted.value / b * 100, r.value, r.decimals)]
        return hits[0] if len(hits) == 1 else None

    # ---------------------------------------------------------------- comparisons

    def ratios(self) -> None:
        """"C, bằng R% so với cùng kỳ (P)" / "đạt R% kế hoạch (P)": C / P × 100 = R, or, after
        "vượt"/"tăng", C / P × 100 − 100 = R."""
        text = self.read.text
        for r in self.st:
            if r.role != "ratio" or r.rate_of is None or r.approximate:
                continue
            c = self.st[r.rate_of]
            nxt = next((s for s in self.st[r.index + 1:] if not s.is_rate and s.role not in ("change", "ratio")), None)
            if nxt is None or nxt.sentence != r.sentence or not nxt.value or nxt.start - r.end > 70:
                continue
            gap = text[r.end:nxt.start]
            # the compared figure follows its own naming, with no other clause between
            if ";" in gap or not re.search(r"cùng kỳ|năm trước|kỳ trước|kế hoạch|dự toán|chỉ tiêu|mục tiêu", gap, re.I) \
                    or (nxt.unit and c.unit and nxt.unit != c.unit):
                continue
            p = nxt
            exact = c.value / p.value * 100
            if agrees(exact, r.value, r.decimals) or agrees(exact - 100, r.value, r.decimals):
                continue
            self.add("comparison", f"{fmt(c.value / c.scale)} / {fmt(p.value / p.scale)} = {pct(exact, r.decimals)}, "
                     f"báo cáo ghi {format_number(r.value)}%", [(c.start, c.end), (r.start, r.end), (p.start, p.end)])

    def comparisons(self) -> None:
        self.ratios()
        for d in self.st:
            if d.role != "change" or d.approximate:
                continue
            before = self.read.text[max(0, d.start - 14):d.start].lower()
            sign = -1 if re.search(r"giảm|thấp hơn", before) else 1
            if not re.search(r"tăng|giảm|cao hơn|thấp hơn", before):
                continue
            same = [s for s in self.st if s.sentence == d.sentence and s.role not in ("rate", "change")
                    and not s.is_rate]
            text = self.read.text
            # the previous period's figure: after the change ("… so với cùng kỳ (P)") or in a
            # parenthesis before it ("C (cùng kỳ năm 2025: P), tăng D")
            previous = [s for s in same if s.start >= d.end and _PREVIOUS.search(text[max(d.end, s.start - 40):s.end + 20])]
            previous += [s for s in same if s.end <= d.start and _PREVIOUS.search(text[max(0, s.start - 30):s.start])]
            current = [s for s in same if s.end <= d.start and s not in previous]
            if not current or not previous:
                continue
            c, p = current[-1], previous[0]
            if (c.unit and p.unit and c.unit != p.unit) or not p.value:
                continue
            spans = [(c.start, c.end), (d.start, d.end), (p.start, p.end)]
            if d.is_rate:
                exact = (c.value - p.value) / p.value * 100 * sign
                if not agrees(exact, d.value, d.decimals) and not agrees(-exact, -d.value, d.decimals):
                    self.add("comparison", f"({fmt(c.value)} − {fmt(p.value)}) / {fmt(p.value)} = "
                             f"{pct(exact * sign, d.decimals)}, báo cáo ghi {'tăng' if sign > 0 else 'giảm'} "
                             f"{format_number(d.value)}%", spans)
            elif (c.unit is None or d.unit is None or c.unit == d.unit) and (c.value - p.value) * sign != d.value:
                self.add("comparison", f"{fmt(c.value)} − {fmt(p.value)} = {fmt(c.value - p.value)}, báo cáo ghi "
                         f"{'tăng' if sign > 0 else 'giảm'} {fmt(d.value)}", spans)

    # ---------------------------------------------------------------- one indicator, two values

    def qualified_key(self, s: Statement) -> frozenset[str]:
        """A part is named relative to its total ("trực tuyến" of "hồ sơ tiếp nhận")."""
        key = label_key(s.label)
        if s.role == "rate" and s.rate_of is not None:
            return self.qualified_key(self.st[s.rate_of]) | {"%"}
        if s.parent is not None and len(key) < 3:
            key = key | label_key(self.st[s.parent].label)
        return key

    def qualified_label(self, s: Statement) -> str:
        """The label a matcher compares: a short part label gets its total's ("trực tuyến" of
        "hồ sơ tiếp nhận"), a rate its count's."""
        if s.role == "rate" and s.rate_of is not None:
            return "tỷ lệ " + self.qualified_label(self.st[s.rate_of])
        if s.parent is not None and len(label_key(s.label)) < 3:
            return f"{self.st[s.parent].label} {s.label}"
        return s.label

    def repeated(self) -> None:
        named = [(s, self.qualified_key(s)) for s in self.st
                 if not s.approximate and not s.other_period and s.role in ("value", "total", "part", "remainder", "rate")]
        groups: dict[tuple, list] = {}
        buckets: dict[str, list] = {}
        for s, key in named:
            bare = not s.is_rate and s.unit is None
            if len(key - {"%"}) >= (3 if bare else 2) and not (bare and s.label.isupper()):
                groups.setdefault(("%" if s.is_rate else s.unit or "", key), []).append(s)
                buckets.setdefault("%" if s.is_rate else s.unit or "", []).append((s, key))
        pairs = [pair for same in groups.values() for pair in combinations(same, 2)]
        if self.matcher is not None and self.matcher.embed is not None:
            pairs += self._paraphrase_pairs(buckets)
        self._two_values(pairs)

    def _paraphrase_pairs(self, buckets: dict[str, list]) -> list[tuple[Statement, Statement]]:
        """Pairs of one unit whose keys differ but overlap by half: the model decides."""
        candidates = []
        for items in buckets.values():
            for (a, ka), (b, kb) in combinations(items, 2):
                if ka != kb and len(ka & kb) * 2 >= min(len(ka), len(kb)) and a.value != b.value \
                        and a.sentence != b.sentence and self.matcher.comparable(*self._labels(a, b)):
                    candidates.append((a, b))
        self.matcher.prepare([x for a, b in candidates for x in self._labels(a, b)])
        return [(a, b) for a, b in candidates if self.matcher.same(*self._labels(a, b))]

    def _labels(self, a: Statement, b: Statement) -> tuple[str, str]:
        return self.qualified_label(a), self.qualified_label(b)

    def _two_values(self, pairs) -> None:
        seen: set[int] = set()
        for a, b in pairs:
            if a.index in seen or b.index in seen:
                continue
            if a.sentence == b.sentence or not periods_compatible(a.period, b.period):
                continue
            if _related(a, b, self.st):
                continue
            places = min(a.decimals, b.decimals)
            if round_to(a.value, places) == round_to(b.value, places):
                continue
            unit = "%" if a.is_rate else ""
            where_a, where_b = _place(a), _place(b)
            self.add("two_values", f"«{a.label}» ghi {fmt(a.value / a.scale)}{unit} ở {where_a}, "
                     f"«{b.label}» ghi {fmt(b.value / b.scale)}{unit} ở {where_b}: chênh lệch "
                     f"{fmt(abs(a.value - b.value) / a.scale)}{unit} cho cùng một chỉ tiêu",
                     [(a.start, a.end), (b.start, b.end)])
            seen.add(b.index)


def _related(a: Statement, b: Statement, st: list[Statement]) -> bool:
    """A statement and its own part, rate or total are different indicators; so are two parts
    (or two rates of parts) of one total."""
    def base(s: Statement) -> Statement:
        return st[s.rate_of] if s.rate_of is not None else s
    if base(a).parent is not None and base(a).parent == base(b).parent:
        return True
    def chain(s: Statement) -> set[int]:
        out, cur = set(), s
        while cur is not None:
            out.add(cur.index)
            nxt = cur.parent if cur.parent is not None else cur.rate_of
            cur = st[nxt] if nxt is not None else None
        return out
    return bool(chain(a) & chain(b)) and (a.index in chain(b) or b.index in chain(a))


def _place(s: Statement) -> str:
    return f"mục {s.section}, dòng {s.line}" if s.section else f"dòng {s.line}"


def _partial_ok(total: Decimal, values: list[Decimal]) -> bool:
    if sum(values) < total * PARTIAL_SHARE:
        return True
    capped = values[:14]
    return any(sum(c) == total for n in range(1, len(capped) + 1) for c in combinations(capped, n))


def check_statements(read: ReadText, matcher: LabelMatcher | None = None) -> list[Finding]:
    """The rules of the module docstring; ``matcher`` (``labels.LabelMatcher``) with an embedding
    function also pairs paraphrased labels of one indicator."""
    return StatementChecker(read, matcher).run()
