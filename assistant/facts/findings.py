"""What the consistency checker reports: ``Finding`` and the rules it can name.

Kept apart from the checkers so the text rules (``text_rules``) and the fact-set rules
(``consistency``) share one vocabulary and one rounding convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from assistant.facts.numbers import round_to

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
    rule: str  # a key of RULES
    message: str  # Vietnamese, with the arithmetic
    spans: tuple[tuple[int, int], ...] = ()  # into the checked text; empty for fact sets
    fact_ids: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return RULES[self.rule]

    def to_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "message": self.message,
                "spans": [list(s) for s in self.spans], "fact_ids": list(self.fact_ids)}


def agrees(exact: Decimal, written: Decimal, decimals: int) -> bool:
    """A value written with ``decimals`` places agrees with ``exact`` when it is its half-up
    rounding or its truncation (officers do both: 99,93… written 99,9; 95,01… written 95)."""
    truncated = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
    return round_to(exact, decimals) == written or truncated == written
