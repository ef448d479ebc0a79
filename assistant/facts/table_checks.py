"""Parts and rates inside a table: ``check_tables(text, tables) -> list[Finding]``.

A table row named "Tổng …"/"Cộng"/"Tổng cộng" is a total; its parts are the rows numbered
under it ("1" then "1.1", "1.2"; or rows opened with "-", "+", "Trong đó") or, for a total at
the bottom, every data row above it. Per column:
- ``parts_total``: a count column's parts add up to the total row;
- ``rate_base``: a rate column ("Tỷ lệ (%)", "%") equals the row's count over the total's
  count, at the precision written; after two count columns ("Số hộ | Đã lắp cáp quang |
  Tỷ lệ"), the second over the first on each row, once most rows follow that relation.
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.facts.findings import Finding, agrees
from assistant.facts.indicators import cell_number, header_names
from assistant.facts.layout import Table
from assistant.facts.numbers import format_number, round_to

_TOTAL_ROW = re.compile(r"^(?:tổng(?: số| cộng)?|cộng)\b", re.I)
_SUB = re.compile(r"^(?:[-+•]|trong đó)", re.I)


def _fmt(v: Decimal) -> str:
    return format_number(v.quantize(Decimal(1)) if v == v.to_integral_value() else v)


def _name_cell(row) -> int:
    """The first cell with words (the row's name)."""
    return next((i for i, c in enumerate(row) if re.search(r"[^\W\d_]", c.text)), -1)


def _number_label(row) -> str:
    return row[0].text.strip().rstrip(".") if row and re.fullmatch(r"\d+(?:\.\d+)*\.?", row[0].text.strip()) else ""


def _parts(rows: list, t: int) -> list[int]:
    """Indices of the part rows of total row ``t`` (module docstring)."""
    label = _number_label(rows[t])
    parts = []
    for j in range(t + 1, len(rows)):
        name = rows[j][_name_cell(rows[j])].text if _name_cell(rows[j]) >= 0 else ""
        sub = _number_label(rows[j])
        if label and sub.startswith(label + "."):
            parts.append(j)
        elif not label and _SUB.match(name):
            parts.append(j)
        else:
            break
    if parts:
        return parts
    if t == len(rows) - 1 and t >= 2:  # "Tổng cộng" at the bottom: every data row above
        data = [j for j in range(t) if any(cell_number(rows[j], i) is not None for i in range(1, len(rows[j])))]
        header_free = [j for j in data if _name_cell(rows[j]) >= 0 and not _TOTAL_ROW.match(
            rows[j][_name_cell(rows[j])].text)]
        return header_free if len(header_free) >= 2 else []
    return []


def check_tables(text: str, tables: list[Table]) -> list[Finding]:
    findings: list[Finding] = []
    for table in tables:
        header = [h.lower() for h in header_names(table)]
        rows, spans = table.rows, table.line_spans
        for t, row in enumerate(rows):
            name_i = _name_cell(row)
            if name_i < 0 or not _TOTAL_ROW.match(row[name_i].text):
                continue
            parts = _parts(rows, t)
            if len(parts) < 2:
                continue
            width = max(len(r) for r in rows)
            count_cols: list[int] = []
            for c in range(name_i + 1, width):
                is_rate = c < len(header) and re.search(r"%|tỷ lệ|tỉ lệ", header[c])
                total = cell_number(row, c)
                values = [cell_number(rows[j], c) for j in parts]
                if total is None or any(v is None for v in values):
                    continue
                if is_rate:
                    if len(count_cols) == 1:  # one count column: the rate is each row's share of the total
                        findings += _rates(rows, t, parts, count_cols[0], c, header, spans)
                    elif len(count_cols) >= 2:  # "Số hộ | Đã lắp | Tỷ lệ": the rate relates two columns
                        findings += _column_ratio(rows, [t] + parts, count_cols[-2], count_cols[-1], c, header, spans)
                    continue
                count_cols.append(c)
                if sum(values) != total:
                    findings.append(Finding(
                        "parts_total", f"Bảng, cột «{header[c] if c < len(header) else c}»: "
                        f"{' + '.join(_fmt(v) for v in values)} = {_fmt(sum(values))}, khác dòng «{row[name_i].text}» "
                        f"{_fmt(total)}", tuple(sorted({spans[t]} | {spans[j] for j in parts})),
                        suggestion=_sum_fix(rows, t, parts, c, header)))
    return findings


def _sum_fix(rows, t, parts, c, header) -> str:
    """The total is the parts' sum when the rate column agrees with that sum."""
    values = [cell_number(rows[j], c) for j in parts]
    total_sum = sum(values)
    for r in range(c + 1, len(header)):
        if not re.search(r"%|tỷ lệ|tỉ lệ", header[r]):
            continue
        rates = [cell_number(rows[j], r) for j in parts]
        texts = [rows[j][r].text if r < len(rows[j]) else "" for j in parts]
        if total_sum and all(x is not None for x in rates) and all(
                agrees(v / total_sum * 100, x, _decimals(s)) for v, x, s in zip(values, rates, texts)):
            return f"Tổng có lẽ là {_fmt(total_sum)} (= tổng các dòng): khớp cả cột tỷ lệ"
    return ""


def _decimals(cell_text: str) -> int:
    match = re.search(r",(\d+)", cell_text)
    return len(match.group(1)) if match else 0


def _column_ratio(rows, indices, whole_col, part_col, rate_col, header, spans) -> list[Finding]:
    """Rate column = part column / whole column × 100 on each row, once most rows show that
    relation (a table may relate its columns otherwise; then nothing is claimed)."""
    checked = []
    for j in indices:
        whole, part, written = (cell_number(rows[j], c) for c in (whole_col, part_col, rate_col))
        if whole and part is not None and written is not None:
            decimals = _decimals(rows[j][rate_col].text)
            checked.append((j, part, whole, written, agrees(part / whole * 100, written, decimals), decimals))
    if sum(ok for *_, ok, _d in checked) * 2 <= len(checked):
        return []
    return [Finding("rate_base", f"Bảng, cột «{header[rate_col]}»: {_fmt(part)} / {_fmt(whole)} = "
                    f"{format_number(round_to(part / whole * 100, max(2, d)))}%, báo cáo ghi {format_number(written)}%",
                    (spans[j],)) for j, part, whole, written, ok, d in checked if not ok]


def _rates(rows, t, parts, count_col, rate_col, header, spans) -> list[Finding]:
    total = cell_number(rows[t], count_col)
    if not total:
        return []
    out = []
    values = [cell_number(rows[j], count_col) for j in parts]
    total_sum = sum(values)
    for j, value in zip(parts, values):
        written = cell_number(rows[j], rate_col)
        decimals = _decimals(rows[j][rate_col].text)
        exact = value / total * 100
        if written is None or agrees(exact, written, decimals):
            continue
        message = (f"Bảng, cột «{header[rate_col]}»: {_fmt(value)} / {_fmt(total)} = "
                   f"{format_number(round_to(exact, max(2, decimals)))}%, báo cáo ghi {format_number(written)}%")
        suggestion = ""
        if total_sum != total and total_sum and agrees(value / total_sum * 100, written, decimals):
            message += f" (khớp {_fmt(value)} / {_fmt(total_sum)})"
            suggestion = f"Tổng có lẽ là {_fmt(total_sum)}: tỷ lệ được tính trên {_fmt(total_sum)}"
        out.append(Finding("rate_base", message, (spans[t], spans[j]), suggestion=suggestion))
    return out
