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
    "rate_base": "Tỷ lệ không khớp với tổng mà nó thuộc về",
    "complement": "Các tỷ lệ bổ sung cho nhau không cộng thành 100%",
    "comparison": "Mức tăng/giảm không khớp với hai số được so sánh",
    "date_conflict": "Một văn bản được dẫn với hai ngày khác nhau",
    "date_after_report": "Ngày tháng sau ngày hoặc kỳ của báo cáo",
    "period_mismatch": "Kỳ báo cáo ở tiêu đề khác kỳ trong nội dung",
}


@dataclass(frozen=True)
class Finding:
    rule: str  # a key of RULES
    message: str  # Vietnamese, with the arithmetic
    spans: tuple[tuple[int, int], ...] = ()  # into the checked text; empty for fact sets
    fact_ids: tuple[str, ...] = ()
    line: int = 0  # 1-based line of the first span in the checked text (0: unknown)
    section: str = ""  # heading label of that place ("II.1"), "" when none
    suggestion: str = ""  # Vietnamese: the fix that explains all the numbers, when one does

    @property
    def where(self) -> str:
        """"mục II.1, dòng 42" (Vietnamese), or "" for a fact set."""
        parts = ([f"mục {self.section}"] if self.section else []) + ([f"dòng {self.line}"] if self.line else [])
        return ", ".join(parts)

    @property
    def title(self) -> str:
        return RULES[self.rule]

    def to_dict(self) -> dict:
        return {"rule": self.rule, "title": self.title, "message": self.message,
                "spans": [list(s) for s in self.spans], "fact_ids": list(self.fact_ids),
                "line": self.line, "section": self.section, "suggestion": self.suggestion}

    @classmethod
    def from_dict(cls, data: dict) -> "Finding":
        return cls(data["rule"], data["message"], tuple(tuple(s) for s in data.get("spans", [])),
                   tuple(data.get("fact_ids", [])), int(data.get("line", 0) or 0), data.get("section", "") or "",
                   data.get("suggestion", "") or "")


def agrees(exact: Decimal, written: Decimal, decimals: int) -> bool:
    """A value written with ``decimals`` places agrees with ``exact`` when it is its half-up
    rounding or its truncation (officers do both: 99,93… written 99,9; 95,01… written 95)."""
    truncated = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_DOWN)
    return round_to(exact, decimals) == written or truncated == written
