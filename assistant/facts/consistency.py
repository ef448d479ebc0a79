"""Consistency checker: do the figures of a report (or a fact set) agree with each other?

``check_consistency(text_or_factset) -> list[Finding]``. Rules (``RULES``), each finding
citing its text spans and showing the arithmetic in Vietnamese:

- ``percent_fraction``: a percentage next to the fraction it comes from (``1409/1483 hồ sơ,
  tỷ lệ: 95%``) must equal it at the precision written (half-up or truncated: ``99,9`` for
  99,93… is right, ``95`` for 95,01… is right, ``96`` is not);
- ``parts_total``: parts listed after a total (``Tổng số …: T; …: a, …: b``, ``T …, trong đó …``,
  a sentence starting ``Trong đó:`` after a count, bullet lines after ``trong đó:``) must add
  up to it — a list that names only some parts is accepted when some of them add up exactly;
- ``two_values``: the same indicator with two values in one document — body against an
  appendix table (indicator tables ``Chỉ tiêu | Đơn vị tính | Mục tiêu | Kết quả``, grid
  tables with period sub-headers, status tables whose rows are counted by status) or two
  fact-set entries. Names match when one's content words contain the other's (see below);
  cumulative/previous-period/target columns are not compared with the period's figures;
  a body name matches a table name when its content words (≥ 3) are all in the table's
  (the body shortens the formal name); two body or two table names must be equal;
- ``remainder``: ``total − done = remaining`` (``giao / đã / còn thiếu`` columns or clauses);
- ``over_100``: a rate over 100% or a fraction whose part exceeds its whole;
- ``unit_mismatch``: a rate (``tỷ lệ``) not in %, or one indicator in incompatible units;
- ``malformed``: a number that cannot be read without guessing (``1,014.000.000``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from assistant.facts.layout import Table, find_tables, sentence_bounds
from assistant.facts.model import FactSet, normalize_name
from assistant.facts.numbers import (
    NumberMention, decimals_of, find_numbers, format_number, format_quantity, read_number, round_to,
)
from assistant.facts.units import normalize_unit

RULES = {
    "percent_fraction": "Tỷ lệ không khớp với phân số",
    "parts_total": "Các thành phần không cộng đúng tổng",
    "two_values": "Một chỉ tiêu có hai giá trị khác nhau",
    "remainder": "Số còn lại không bằng tổng trừ số đã thực hiện",
    "over_100": "Tỷ lệ vượt quá 100%",
    "unit_mismatch": "Đơn vị tính không phù hợp",
    "malformed": "Số viết sai định dạng",
}


@dataclass(frozen=True)
class Finding:
    rule: str
    message: str  # Vietnamese, with the arithmetic
    spans: tuple[tuple[int, int], ...] = ()  # into the checked text; empty for fact sets
    fact_ids: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return RULES[self.rule]

    def to_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "message": self.message,
                "spans": [list(s) for s in self.spans], "fact_ids": list(self.fact_ids)}


def check_consistency(source: str | FactSet) -> list[Finding]:
    """Findings for a report text or a fact set (see module docstring)."""
    if isinstance(source, FactSet):
        return _check_factset(source)
    return _TextChecker(source).run()


def _fmt(value: Decimal, unit: str | None = None) -> str:
    return format_quantity(value, "%" if unit == "%" else None)


def _agrees(exact: Decimal, written: Decimal, decimals: int) -> bool:
    """Written with ``decimals`` places: half-up or truncated rounding of ``exact`` both count."""
    truncated = exact.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_DOWN")
    return round_to(exact, decimals) == written or truncated == written


# ---------------------------------------------------------------- indicator names

_STOP = frozenset(
    "số lượng tổng các những của được trong kỳ báo cáo là đạt có tỷ lệ tỉ và với theo tại cho đến hết "
    "hiện nay đó tháng đầu năm cuối quý lũy luỹ kế".split()
)
_GENERIC_LABEL = re.compile(r"^\s*(?:tỷ lệ|tỉ lệ|đạt|trong đó|là|bằng|=|gồm)?\s*[:=]?\s*$", re.IGNORECASE)
_OTHER_PERIOD = re.compile(r"lũy kế|luỹ kế|cùng kỳ|năm trước|kỳ trước|kế hoạch|mục tiêu|chỉ tiêu giao|so với", re.I)


def name_tokens(name: str) -> frozenset[str]:
    words = re.findall(r"[^\W\d_]+", normalize_name(name))
    return frozenset(w for w in words if w not in _STOP)


@dataclass(frozen=True)
class Named:
    """A value with the indicator name it is given under, where it was found."""

    tokens: frozenset[str]
    label: str
    value: Decimal  # base unit
    decimals: int
    percent: bool
    spans: tuple[tuple[int, int], ...]
    where: str  # "body" or "table"
    table: int = -1  # start offset of the table it comes from


# ---------------------------------------------------------------- text rules


class _TextChecker:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tables = find_tables(text)
        in_table = [(t.start, t.end) for t in self.tables]
        self.mentions = [m for m in find_numbers(text) if not any(s <= m.start <= e for s, e in in_table)]
        self.findings: list[Finding] = []

    def add(self, rule: str, message: str, spans) -> None:
        finding = Finding(rule, message, tuple(sorted(set(spans))))
        if finding not in self.findings:
            self.findings.append(finding)

    def run(self) -> list[Finding]:
        self.malformed()
        self.percent_fraction()
        self.over_100()
        self.parts_total()
        self.remainder_text()
        for table in self.tables:
            self.remainder_table(table)
        self.two_values()
        return self.findings

    # -- helpers
    def quantities(self) -> list[NumberMention]:
        return [m for m in self.mentions if m.is_quantity]

    def between(self, a: NumberMention, b: NumberMention) -> str:
        return self.text[a.end:b.start]

    def label_before(self, m: NumberMention, limit: int = 120) -> str:
        """The clause before a number: back to the previous , ; ( ) newline or sentence start."""
        start = max(sentence_bounds(self.text, m.start)[0], m.start - limit)
        chunk = self.text[start:m.start]
        cut = max(chunk.rfind(c) for c in ",;()\n$")
        return chunk[cut + 1:] if cut >= 0 else chunk

    def label_after(self, m: NumberMention) -> str:
        chunk = self.text[m.end:m.end + 80]
        chunk = re.sub(r"^[\s$\\%]*", "", chunk)
        return re.split(r"[,;().\n$]", chunk)[0]

    # -- rules
    def malformed(self) -> None:
        for m in self.mentions:
            if m.malformed:
                self.add("malformed", m.malformed, [(m.start, m.end)])

    def percent_fraction(self) -> None:
        qs = self.quantities()
        for i, frac in enumerate(qs):
            if frac.kind != "fraction" or not frac.denominator:
                continue
            if frac.value > frac.denominator:
                self.add("over_100", f"{format_number(frac.value)}/{format_number(frac.denominator)}: phần "
                         f"({format_number(frac.value)}) lớn hơn tổng ({format_number(frac.denominator)})",
                         [(frac.start, frac.end)])
            pct = self._percent_near(qs, i)
            if pct is None:
                continue
            exact = frac.value / frac.denominator * 100
            if not _agrees(exact, pct.value, pct.decimals):
                shown = format_number(round_to(exact, max(2, pct.decimals)))
                self.add("percent_fraction",
                         f"{format_number(frac.value)}/{format_number(frac.denominator)} × 100 = {shown}%, "
                         f"khác {format_number(pct.value)}% đã ghi", [(frac.start, frac.end), (pct.start, pct.end)])

    def _percent_near(self, qs: list[NumberMention], i: int) -> NumberMention | None:
        frac = qs[i]
        if i + 1 < len(qs) and qs[i + 1].kind == "percent":
            gap = self.between(frac, qs[i + 1])
            if len(gap) <= 40 and not re.search(r"[;.\n]|trong đó", gap) and re.search(
                    r"^\s*[$]?\s*(?:=|\\approx|≈)|tỷ lệ|tỉ lệ|đạt|bằng|chiếm|^\W*$", gap, re.I) or (
                    len(gap) <= 40 and re.search(r"^[^;.\n]{0,25}(?:tỷ lệ|tỉ lệ)\W*$", gap, re.I)):
                return qs[i + 1]
        if i > 0 and qs[i - 1].kind == "percent":
            gap = self.between(qs[i - 1], frac)
            if re.fullmatch(r"\s*\(\s*", gap):
                return qs[i - 1]
        return None

    def over_100(self) -> None:
        for m in self.quantities():
            if m.kind == "percent" and m.value > 100 and not m.comparator:
                clause = self.label_before(m, 80)
                if re.search(r"tỷ lệ|tỉ lệ", clause, re.I) and not _OTHER_PERIOD.search(clause) and not re.search(
                        r"tăng|vượt|gấp", clause, re.I):
                    self.add("over_100", f"Tỷ lệ {format_number(m.value)}% lớn hơn 100%", [(m.start, m.end)])

    def parts_total(self) -> None:
        qs = [m for m in self.quantities() if m.kind in ("number", "word")]
        for i, total in enumerate(qs):
            scope_end = self._parts_scope(total)
            if scope_end is None:
                continue
            parts = [m for m in qs[i + 1:] if m.start < scope_end and _same_unit(m, total)]
            parts = self._stop_at_next_total(parts)
            if len(parts) < 2:
                continue
            values = [p.base_value for p in parts][:14]
            if any(sum(c) == total.base_value for r in range(1, len(values) + 1) for c in combinations(values, r)):
                continue
            terms = " + ".join(format_number(p.value) for p in parts)
            sum_shown = format_number(sum(p.value for p in parts)) if len({p.scale for p in parts}) == 1 else \
                format_number(sum(values))
            self.add("parts_total", f"{terms} = {sum_shown}, khác tổng {format_number(total.value)}",
                     [(total.start, total.end)] + [(p.start, p.end) for p in parts])

    def _parts_scope(self, total: NumberMention) -> int | None:
        """End of the text whose numbers are parts of ``total``, or None if it is no total."""
        s_start, s_end = sentence_bounds(self.text, total.start)
        before = self.text[s_start:total.start]
        after = self.text[total.end:s_end]
        announces = re.match(r"^\s*(?:[^\W\d_]+\s*){0,3}[,:(]?\s*(?:trong đó|bao gồm|gồm)\b", after, re.I)
        before = re.sub(r"(?:19|20)\d{2}", "YYYY", before)  # "Tổng kinh phí năm 2026: T"
        is_total = re.search(r"\btổng\b[^,;:\d]{0,80}[:\s]*$", before, re.I) or announces
        if not is_total:
            # "… 8 cuộc họp. Trong đó: …" — the next sentence announces the parts.
            nxt = re.match(r"[.\s]*(?:Trong đó|Cụ thể)\s*:?", self.text[s_end:s_end + 40])
            last_in_sentence = not any(
                m.start > total.end and m.start < s_end and m.kind in ("number", "word") for m in self.quantities())
            if nxt and last_in_sentence and total.unit:
                return sentence_bounds(self.text, s_end + nxt.end())[1]
            return None
        if re.search(r"(?:trong đó|gồm)\s*:?\s*$", after, re.I):
            return self._bullets_end(s_end)
        return s_end

    def _bullets_end(self, pos: int) -> int:
        """After "…, trong đó:" the parts are the following "+" bullet lines."""
        end = pos
        for match in re.finditer(r"\n([^\n]*)", self.text[pos:]):
            line = match.group(1).strip()
            if not line:
                continue
            if not line.startswith("+"):
                break
            end = pos + match.end()
        return end

    def _stop_at_next_total(self, parts: list[NumberMention]) -> list[NumberMention]:
        for k, part in enumerate(parts):
            if re.search(r"\btổng\b", self.label_before(part), re.I):
                return parts[:k]
        return parts

    def remainder_text(self) -> None:
        seen_sentences = set()
        for m in self.quantities():
            bounds = sentence_bounds(self.text, m.start)
            if bounds in seen_sentences:
                continue
            seen_sentences.add(bounds)
            in_sentence = [q for q in self.quantities() if bounds[0] <= q.start < bounds[1] and q.kind == "number"]
            roles = {}
            for q in in_sentence:
                label = self.label_before(q).lower()
                role = ("rest" if re.search(r"còn lại|còn thiếu|chưa", label) else
                        "total" if re.search(r"được giao|kế hoạch|tổng|chỉ tiêu", label) else
                        "done" if re.search(r"\bđã\b", label) else None)
                if role and role not in roles:
                    roles[role] = q
            if len(roles) == 3 and _same_unit(roles["total"], roles["done"]) and _same_unit(roles["total"], roles["rest"]):
                t, d, r = roles["total"], roles["done"], roles["rest"]
                if t.start < d.start < r.start and t.base_value - d.base_value != r.base_value:
                    self.add("remainder", f"{format_number(t.value)} − {format_number(d.value)} = "
                             f"{format_number(t.value - d.value)}, khác số còn lại {format_number(r.value)}",
                             [(t.start, t.end), (d.start, d.end), (r.start, r.end)])

    def remainder_table(self, table: Table) -> None:
        header = _header_names(table)
        cols = {}
        for idx, name in enumerate(header):
            low = name.lower()
            role = ("rest" if re.search(r"còn lại|còn thiếu|chưa", low) else
                    "done" if re.search(r"\bđã\b", low) else
                    "total" if re.search(r"được giao|kế hoạch|\btổng\b|chỉ tiêu|biên chế", low) else None)
            if role and role not in cols:
                cols[role] = idx
        if len(cols) < 3:
            return
        for row, span in zip(table.rows, table.line_spans):
            values = {role: _cell_number(row, idx) for role, idx in cols.items()}
            if any(v is None for v in values.values()):
                continue
            t, d, r = values["total"], values["done"], values["rest"]
            if t - d != r:
                self.add("remainder",
                         f"{header[cols['total']]} {format_number(t)} − {header[cols['done']]} {format_number(d)} = "
                         f"{format_number(t - d)}, khác {header[cols['rest']]} {format_number(r)}",
                         [table.line_spans[0], span])

    # -- same indicator, two values
    def two_values(self) -> None:
        named = self.body_named() + [n for t in self.tables for n in table_named(t)]
        for a, b in combinations(named, 2):
            if a.percent != b.percent or set(a.spans) & set(b.spans):
                continue
            if a.where == b.where == "table" and a.table == b.table:
                continue  # one table lists different indicators side by side
            if a.where != b.where:
                body, table = (a, b) if a.where == "body" else (b, a)
                # The body uses the short name of the table's formal one: body words ⊆ table words.
                if len(body.tokens) < 3 or not body.tokens <= table.tokens:
                    continue
            elif a.tokens != b.tokens or len(a.tokens) < 3:
                continue
            places = min(a.decimals, b.decimals)
            if round_to(a.value, places) == round_to(b.value, places):
                continue
            unit = "%" if a.percent else None
            place = {"body": "phần nội dung", "table": "bảng số liệu"}
            self.add("two_values", f"«{a.label.strip()}» ghi {_fmt(a.value, unit)} ({place[a.where]}), "
                     f"«{b.label.strip()}» ghi {_fmt(b.value, unit)} ({place[b.where]}): "
                     f"{_fmt(max(a.value, b.value), unit)} − {_fmt(min(a.value, b.value), unit)} = "
                     f"{_fmt(abs(a.value - b.value), unit)} chênh lệch cho cùng một chỉ tiêu", a.spans + b.spans)

    def body_named(self) -> list[Named]:
        out: list[Named] = []
        qs = self.quantities()
        for i, m in enumerate(qs):
            if m.kind not in ("number", "percent", "fraction") or m.comparator:
                continue
            s_start, s_end = sentence_bounds(self.text, m.start)
            if _OTHER_PERIOD.search(self.text[s_start:s_end]):
                continue
            label = self.label_before(m)
            if not name_tokens(label) and re.search(r"t[ỷỉ] lệ", label, re.I) and i > 0:
                # "Cấp kết quả điện tử: 1409/1483 hồ sơ, tỷ lệ: 95%": the rate of the clause before.
                prev = qs[i - 1]
                if prev.end >= s_start and m.start - prev.end < 60:
                    label = "tỷ lệ " + re.sub(r"^[\s\-+•*#]+", "", self.label_before(prev))
            if not name_tokens(label):
                # "2996/3270 = 91,62% hồ sơ trực tuyến toàn trình": the name follows.
                nxt = qs[i + 1] if i + 1 < len(qs) else None
                anchor = nxt if nxt and nxt.kind == "percent" and 0 <= nxt.start - m.end < 20 else m
                label = self.label_after(anchor)
            label = re.sub(r"^[\s\-+•*#]+|[:=]\s*$", "", label.strip()).strip()
            tokens = name_tokens(label)
            if not tokens:
                continue
            percent = m.kind == "percent"
            spans = ((m.start, m.end),)
            out.append(Named(tokens, label, m.base_value, m.decimals, percent, spans, "body"))
        out += self._sibling_totals(qs)
        return out

    def _sibling_totals(self, qs: list[NumberMention]) -> list[Named]:
        """Fractions sharing a denominator whose parts add up to it name the whole by their
        common words: 2996/3270 … toàn trình, 274/3270 … một phần → "hồ sơ trực tuyến" = 3270."""
        out = []
        fracs = [m for m in qs if m.kind == "fraction" and m.denominator]
        by_den: dict[tuple, list[NumberMention]] = {}
        for f in fracs:
            by_den.setdefault((sentence_bounds(self.text, f.start), f.denominator), []).append(f)
        for (_, den), group in by_den.items():
            if len(group) < 2 or sum(f.value for f in group) != den:
                continue
            labels = []
            for f in group:
                following = [q for q in qs if q.start >= f.end and q.start - f.end < 20 and q.kind == "percent"]
                anchor = following[0] if following else f
                labels.append(self.label_after(anchor).split())
            common = []
            for words in zip(*labels):
                if len(set(words)) != 1:
                    break
                common.append(words[0])
            tokens = name_tokens(" ".join(common))
            if len(tokens) >= 2:
                out.append(Named(tokens, " ".join(common), den, 0, False,
                                 tuple((f.start, f.end) for f in group), "body"))
        return out


def _same_unit(a: NumberMention, b: NumberMention) -> bool:
    if "%" in (a.unit, b.unit):
        return a.unit == b.unit
    return a.unit is None or b.unit is None or a.unit == b.unit


def _cell_number(row: list, idx: int) -> Decimal | None:
    if idx >= len(row) or not row[idx].text:
        return None
    try:
        return read_number(row[idx].text.replace("$", "")).value
    except ValueError:
        return None


def _header_names(table: Table) -> list[str]:
    """Column names: header rows (before the first row with a number outside column 0),
    merged cells forward-filled, sub-header words appended."""
    header_rows = []
    for row in table.rows:
        if any(_cell_number(row, i) is not None for i in range(1, len(row))) or (
                header_rows and row[0].text):  # a numbered row (STT) is data
            break
        header_rows.append(row)
        if len(header_rows) == 2:
            break
    width = max(len(r) for r in table.rows)
    names = [""] * width
    for row in header_rows:
        last = ""
        for i in range(width):
            text = row[i].text if i < len(row) else ""
            if row is header_rows[0]:
                last = text or last
                names[i] = last
            elif text:
                names[i] = f"{names[i]} | {text}"
    return names


_STATUS = re.compile(r"^(đã hoàn thành|hoàn thành|chưa thực hiện|chưa hoàn thành|đang triển khai thực hiện|"
                     r"đang thực hiện|đang triển khai|không thực hiện)", re.I)


def table_named(table: Table) -> list[Named]:
    """Indicator values in a table: indicator rows (Chỉ tiêu … Kết quả), grid columns with a
    number, and per-status counts of a status table (rows "Đã hoàn thành" …)."""
    header = [h.lower() for h in _header_names(table)]
    out: list[Named] = []
    name_col = next((i for i, h in enumerate(header) if re.search(r"chỉ tiêu|tên|nội dung", h)), None)
    result_col = next((i for i, h in enumerate(header) if re.search(r"kết quả|thực hiện", h)), None)
    unit_col = next((i for i, h in enumerate(header) if "đơn vị" in h), None)
    rows = table.rows
    if name_col is not None and result_col is not None and unit_col is not None:
        for row in rows:
            value = _cell_number(row, result_col)
            if value is None or name_col >= len(row):
                continue
            unit = normalize_unit(row[unit_col].text) if unit_col < len(row) else None
            cell = row[result_col]
            out.append(Named(name_tokens(row[name_col].text), row[name_col].text, value,
                             decimals_of(value), unit == "%", ((cell.start, cell.end),), "table", table.start))
        return out
    status_col = _status_column(table)
    if status_col is not None and name_col is not None:
        entity = re.sub(r"^tên\s+", "", header[name_col]).strip()
        data = [r for r in rows if r and re.fullmatch(r"\d+\.?", r[0].text)]
        counts: dict[str, int] = {}
        for row in data:
            match = _STATUS.match(row[status_col].text) if status_col < len(row) else None
            if match:
                counts[match.group(1).lower()] = counts.get(match.group(1).lower(), 0) + 1
        for status, count in counts.items():
            label = f"{entity} {status}"
            out.append(Named(name_tokens(label), f"số {label} (đếm trong bảng)", Decimal(count), 0, False,
                             ((table.start, table.end),), "table", table.start))
        return out
    # Grid: header names per column, values in the first data row with numbers.
    for row in rows:
        if not any(_cell_number(row, i) is not None for i in range(1, len(row))):
            continue
        for i, cell in enumerate(row[1:], start=1):
            value = _cell_number(row, i)
            if value is None or i >= len(header) or _OTHER_PERIOD.search(header[i]):
                continue
            out.append(Named(name_tokens(header[i]), header[i], value, decimals_of(value), "tỷ lệ" in header[i],
                             ((cell.start, cell.end),), "table", table.start))
    return out


def _status_column(table: Table) -> int | None:
    data = [r for r in table.rows if r and re.fullmatch(r"\d+\.?", r[0].text)]
    if len(data) < 3:
        return None
    width = max(len(r) for r in data)
    for i in range(1, width):
        hits = sum(1 for r in data if i < len(r) and _STATUS.match(r[i].text) and len(r[i].text) <= 40)
        if hits * 2 >= len(data):
            return i
    return None


# ---------------------------------------------------------------- fact sets


def _check_factset(facts: FactSet) -> list[Finding]:
    findings: list[Finding] = []
    items = list(facts)
    for fact in items:
        name = normalize_name(fact.name)
        if name.startswith(("tỷ lệ", "tỉ lệ")) and fact.unit not in ("%", None) and fact.denominator is None:
            findings.append(Finding("unit_mismatch", f"«{fact.name}» là tỷ lệ nhưng đơn vị tính là «{fact.unit}», "
                                    "không phải %", fact_ids=(fact.id,)))
        if fact.unit == "%" and fact.value > 100 and not re.search(r"so với|tăng|vượt|kế hoạch|mục tiêu", name):
            findings.append(Finding("over_100", f"«{fact.name}» = {format_number(fact.value)}%, lớn hơn 100%",
                                    fact_ids=(fact.id,)))
        if fact.denominator is not None and fact.value > fact.denominator:
            findings.append(Finding("over_100", f"«{fact.name}»: {format_number(fact.value)}/"
                                    f"{format_number(fact.denominator)}, phần lớn hơn tổng", fact_ids=(fact.id,)))
    for a, b in combinations(items, 2):
        if normalize_name(a.name) == normalize_name(b.name) and a.period == b.period:
            (av, au), (bv, bu) = a.base, b.base
            if au != bu and None not in (au, bu):
                findings.append(Finding("unit_mismatch", f"«{a.name}» có hai đơn vị: «{a.unit}» và «{b.unit}»",
                                        fact_ids=(a.id, b.id)))
            elif av != bv:
                findings.append(Finding("two_values", f"«{a.name}» ({a.period or 'cùng kỳ'}) có hai giá trị: "
                                        f"{a.display()} và {b.display()}", fact_ids=(a.id, b.id)))
        for frac, pct in ((a, b), (b, a)):
            if frac.denominator and pct.unit == "%" and re.sub(r"^t[ỷỉ] lệ\s+", "", normalize_name(pct.name)) == \
                    normalize_name(frac.name):
                exact = frac.value / frac.denominator * 100
                if not _agrees(exact, pct.value, pct.decimals):
                    findings.append(Finding(
                        "percent_fraction",
                        f"{format_number(frac.value)}/{format_number(frac.denominator)} × 100 = "
                        f"{format_number(round_to(exact, 2))}%, khác {format_number(pct.value)}% đã ghi",
                        fact_ids=(frac.id, pct.id)))
    return findings
