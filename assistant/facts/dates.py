"""Dates and document references are figures too: ``check_dates(text, read=None) -> list[Finding]``.

Rules (keys of ``findings.RULES``); every finding names both places (section and line):
- ``date_conflict``: the same document (same số ký hiệu, which carries the issuer:
  ``12-NQ/TW``, ``39/KH-UBND``) cited with two different dates in one report;
- ``date_after_report``: a cited document dated after the report's own date (the
  "<Địa danh>, ngày … tháng … năm …" line; a blank day counts as the month's last day),
  or a data cut-off ("tính đến ngày …", "số liệu/lũy kế … đến ngày …", "từ đầu năm … đến hết
  ngày …") after it; without a
  report date, after the end of the period in the title (a deadline — "thực hiện đến ngày …" —
  looks ahead and is not checked);
- ``period_mismatch``: the period of the title (the lines under "BÁO CÁO") differs from the
  period the body says it reports on ("Trong 6 tháng đầu năm 2026, …", "… báo cáo kết quả
  tháng 5 năm 2026 như sau").
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from assistant.facts.findings import Finding

_DATE = r"(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*((?:19|20)\d{2})"
_DATE_WORDS = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})"
_CODE = re.compile(r"(?<![\w/])(\d+(?:/\d{4})?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*(?:\s?[-/]\s?[A-ZĐ][\wĐđ]*)*)")
_CITED_DATE = re.compile(r"^[\s,;(]*(?:ban hành\s+)?ngày\s+(?:" + _DATE + r"|" + _DATE_WORDS + r")", re.I)
# A data cut-off, not a deadline ("thực hiện đến ngày 31/12/2026" looks ahead and is no figure):
# "tính đến ngày …", "số liệu / lũy kế … đến ngày …", "từ đầu năm … đến hết ngày …".
_CUTOFF = re.compile(r"(?:tính\s+(?:đến|tới)|(?:số liệu|lũy kế|luỹ kế|từ đầu năm)[^.;\n]{0,40}?(?:đến|tới))\s+"
                     r"(?:hết\s+)?ngày\s+(?:" + _DATE + r"|" + _DATE_WORDS + r")", re.I)
_REPORT_DATE = re.compile(r"^[^\n\d]{2,40},\s*ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})?\s*năm\s+((?:19|20)\d{2})",
                          re.M | re.I)
_PERIOD = re.compile(
    r"(?P<n>\d{1,2})\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+(?P<y1>(?:19|20)\d{2})"
    r"|quý\s+(?P<q>[IV]{1,3}|\d)\s*(?:/|năm)\s*(?P<y2>(?:19|20)\d{2})"
    r"|tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y3>(?:19|20)\d{2})"
    r"|năm\s+(?P<y4>(?:19|20)\d{2})",
    re.I,
)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass(frozen=True)
class Period:
    kind: str  # "first", "last", "quarter", "month", "year"
    n: int
    year: int
    text: str
    start: int  # offset in the text
    end: int

    @property
    def key(self) -> tuple:
        return (self.kind, self.n, self.year)

    @property
    def last_day(self) -> date:
        month = {"first": self.n, "last": 12, "quarter": self.n * 3, "month": self.n, "year": 12}[self.kind]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


def find_periods(text: str, start: int = 0, end: int | None = None) -> list[Period]:
    out = []
    for m in _PERIOD.finditer(text, start, len(text) if end is None else end):
        if m.group("n"):
            kind, n, year = ("first" if m.group("half").lower() == "đầu" else "last"), int(m.group("n")), m.group("y1")
        elif m.group("q"):
            q = m.group("q").upper()
            kind, n, year = "quarter", _ROMAN.get(q) or int(q), m.group("y2")
        elif m.group("m"):
            kind, n, year = "month", int(m.group("m")), m.group("y3")
        else:
            kind, n, year = "year", 12, m.group("y4")
        if kind in ("first", "last", "month") and not 1 <= n <= 12 or kind == "quarter" and not 1 <= n <= 4:
            continue
        out.append(Period(kind, n, int(year), " ".join(m.group(0).split()), m.start(), m.end()))
    return out


def _to_date(groups: tuple) -> date | None:
    values = [g for g in groups if g]
    if len(values) != 3:
        return None
    day, month, year = (int(v) for v in values)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _show(d: date) -> str:
    return f"{d.day:02d}/{d.month}/{d.year}" if d.day < 10 else f"{d.day}/{d.month}/{d.year}"


class DateChecker:
    def __init__(self, text: str, read=None) -> None:
        from assistant.facts.statements import read_text

        self.text = text
        self.read = read if read is not None else read_text(text)
        self.flat = self.read.text
        self.findings: list[Finding] = []

    def place(self, pos: int) -> str:
        section = self.read.section_of(pos)
        line = self.read.line_of(pos)
        return f"mục {section}, dòng {line}" if section else f"dòng {line}"

    def add(self, rule: str, message: str, spans) -> None:
        self.findings.append(Finding(rule, message, tuple(sorted(set(spans)))))

    def run(self) -> list[Finding]:
        report = self.report_date()
        title = self.title_period()
        limit = report[0] if report else (title.last_day if title else None)
        self.citations(limit, report is not None)
        self.cutoffs(limit, report is not None)
        if title is not None:
            self.body_period(title)
        return self.findings

    # ---------------------------------------------------------------- the report's own date and period

    def report_date(self) -> tuple[date, tuple[int, int]] | None:
        """The date line near the top; a blank day is the month's last day."""
        match = _REPORT_DATE.search(self.flat, 0, min(len(self.flat), 1500))
        if match is None or not match.group(2):
            return None
        year, month = int(match.group(3)), int(match.group(2))
        if not 1 <= month <= 12:
            return None
        day = int(match.group(1)) if match.group(1) else calendar.monthrange(year, month)[1]
        try:
            return date(year, month, day), match.span()
        except ValueError:
            return None

    def title_bounds(self) -> tuple[int, int] | None:
        match = re.search(r"^[#*\s]*BÁO CÁO[*\s]*$", self.flat[:3000], re.M)
        if match is None:
            return None
        rest = self.flat[match.end():]
        stop = re.search(r"\n[ \t]*(?:Kính gửi|Thực hiện|Căn cứ|Phần\s+\d|[IVX]+\.|A\.|#)", rest)
        end = match.end() + (stop.start() if stop else min(len(rest), 600))
        return match.end(), min(end, match.end() + 600)

    def title_period(self) -> Period | None:
        bounds = self.title_bounds()
        if bounds is None:
            return None
        periods = find_periods(self.flat, *bounds)
        return periods[0] if periods else None

    # ---------------------------------------------------------------- citations and cut-offs

    def citations(self, limit: date | None, dated_report: bool) -> None:
        seen: dict[str, tuple[date, int, int]] = {}
        codes = [m for m in self.read.mentions if m.kind == "citation" and re.search(r"[-/]", m.text)]
        for mention in codes:  # document codes as ``find_numbers`` read them, once for the whole checker
            match = _CODE.match(self.flat, mention.start)
            if match is None:
                continue
            after = self.flat[match.end():match.end() + 40]
            cited = _CITED_DATE.match(after)
            if cited is None:
                continue
            when = _to_date(cited.groups())
            if when is None:
                continue
            code = re.sub(r"\s+", "", match.group(1)).upper()
            span = (match.start(), match.end() + cited.end())
            doc = self.doc_name(match.start()) + f"số {match.group(1).replace(' ', '')}"
            if code in seen and seen[code][0] != when:
                first, s0, e0 = seen[code]
                self.add("date_conflict", f"{doc} ghi ngày {_show(first)} ở {self.place(s0)} nhưng ngày "
                         f"{_show(when)} ở {self.place(span[0])}", [(s0, e0), span])
            seen.setdefault(code, (when, *span))
            if limit is not None and when > limit:
                self.add("date_after_report", f"{doc} ngày {_show(when)} ở {self.place(span[0])} sau "
                         f"{'ngày báo cáo' if dated_report else 'kỳ báo cáo'} ({_show(limit)})", [span])

    def doc_name(self, pos: int) -> str:
        before = self.flat[max(0, pos - 30):pos]
        match = re.search(r"(Nghị quyết|Nghị định|Thông tư|Quyết định|Kế hoạch|Công văn|Chỉ thị|Thông báo(?: kết luận)?|"
                          r"Kết luận|Báo cáo|Hướng dẫn|Chương trình|Đề án|Văn bản)\s*(?:số)?\s*:?\s*$", before, re.I)
        return (match.group(1)[:1].upper() + match.group(1)[1:] + " ") if match else "Văn bản "

    def cutoffs(self, limit: date | None, dated_report: bool) -> None:
        if limit is None:
            return
        for match in _CUTOFF.finditer(self.flat):
            when = _to_date(match.groups())
            if when is not None and when > limit:
                self.add("date_after_report", f"Mốc số liệu «{' '.join(match.group(0).split())}» ở {self.place(match.start())} "
                         f"sau {'ngày báo cáo' if dated_report else 'kỳ báo cáo'} ({_show(limit)})", [match.span()])

    # ---------------------------------------------------------------- title vs body period

    def body_period(self, title: Period) -> None:
        bounds = self.title_bounds()
        start = bounds[1] if bounds else 0
        pattern = re.compile(r"(?:^|\n)[ \t]*(?:[-+]\s*)?Trong\s+(?P<p>[^,\n]{3,40}?),|"
                             r"báo cáo\s+(?:kết quả|tình hình)[^.\n]{0,120}?(?P<q>(?:\d{1,2}\s+tháng\s+(?:đầu|cuối)\s+năm|"
                             r"quý\s+[IV]{1,3}|tháng\s+\d{1,2})\s*(?:/|năm)?\s*(?:19|20)\d{2})[^.\n]{0,40}?như sau", re.I)
        for match in pattern.finditer(self.flat, start):
            group = "p" if match.group("p") else "q"
            periods = find_periods(self.flat, match.start(group), match.end(group))
            if not periods:
                continue
            body = periods[0]
            if body.key != title.key and body.kind == title.kind:
                self.add("period_mismatch", f"Tiêu đề ghi kỳ «{title.text}» ({self.place(title.start)}) nhưng nội dung "
                         f"ghi «{body.text}» ({self.place(body.start)})", [(title.start, title.end), (body.start, body.end)])
            return  # the first sentence that names the period is the body's period


def check_dates(text: str, read=None) -> list[Finding]:
    return DateChecker(text, read).run()
