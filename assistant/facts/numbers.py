"""Vietnamese numbers: parse, format, and find number mentions in text.

Conventions (Nghị định 30/2020/NĐ-CP, Phụ lục I, and common administrative practice):
``.`` groups thousands, ``,`` is the decimal separator — ``1.484`` is one thousand four
hundred eighty-four, ``84,03%`` is 84.03 percent. Values are ``Decimal`` so that the
written precision survives (``99,9`` keeps one decimal).

Public functions
----------------
- ``parse_number(text) -> Decimal``: one number as written (``1.484``, ``84,03``, ``02``).
  Raises ``NumberFormatError`` (Vietnamese message) for malformed forms such as
  ``1,014.000.000`` instead of guessing.
- ``format_number(value, decimals=None) -> str``: back to Vietnamese form (``1.247``, ``84,03``).
- ``format_quantity(value, unit, decimals=None) -> str``: ``84,03%``, ``1.247 hồ sơ``.
- ``parse_quantity(text) -> Quantity``: number plus unit with scale words folded in, so
  ``0,556 tỷ đồng`` and ``556 triệu đồng`` give the same ``Quantity``.
- ``find_numbers(text) -> list[NumberMention]``: every number mention with its span, kind
  (number, percent, fraction, rank, date, year, citation, label, code, word), written
  precision and unit. Used by the consistency checker and the guard.
- ``round_to(value, decimals)``: half-up rounding, as people round by hand.

Written by hand (no library parses Vietnamese administrative number forms with spans,
document codes and dates); the unit vocabulary is in ``units.py``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from assistant.facts.units import UNIT_PATTERN, normalize_unit, split_scale


class NumberFormatError(ValueError):
    """A number written in a form that cannot be read without guessing."""


def round_to(value: Decimal, decimals: int) -> Decimal:
    """Round half-up to ``decimals`` places (how a percentage is rounded by hand)."""
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_of(value: Decimal) -> int:
    """Number of digits after the decimal point a Decimal carries (0 for integers)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class ParsedNumber:
    """A parsed number plus how it was written."""

    value: Decimal
    decimals: int  # digits after the decimal separator as written
    nonstandard: str = ""  # Vietnamese note when the form is readable but not the VN convention


def read_number(text: str) -> ParsedNumber:
    """Parse one number and describe how it was written; see ``parse_number``."""
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    sign = ""
    if raw[:1] in "-−":
        sign, raw = "-", raw[1:]
    if not raw or not re.fullmatch(r"[\d.,]+", raw) or not raw[0].isdigit() or not raw[-1].isdigit():
        raise NumberFormatError(f"«{text}» không phải là một số")
    if _DIGITS.match(raw):
        return ParsedNumber(Decimal(sign + raw), 0)
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        # Vietnamese: 1.234.567,89 — every dot before the single comma, groups of three.
        if commas == 1 and raw.index(",") > raw.rindex(".") and _thousands_ok(raw.split(",")[0], "."):
            whole, frac = raw.split(",")
            return ParsedNumber(Decimal(sign + whole.replace(".", "") + "." + frac), len(frac))
        raise NumberFormatError(
            f"«{text}» viết sai dấu phân cách (dấu chấm phân cách hàng nghìn, dấu phẩy phân cách "
            "thập phân); cần kiểm tra lại, không tự đoán giá trị"
        )
    if commas:
        if commas == 1:
            whole, frac = raw.split(",")
            return ParsedNumber(Decimal(sign + whole + "." + frac), len(frac))
        raise NumberFormatError(
            f"«{text}» có nhiều dấu phẩy: theo cách viết Việt Nam, dấu phẩy chỉ phân cách phần thập phân"
        )
    # Dots only.
    if _thousands_ok(raw, "."):
        return ParsedNumber(Decimal(sign + raw.replace(".", "")), 0)
    if dots == 1:
        whole, frac = raw.split(".")
        return ParsedNumber(
            Decimal(sign + whole + "." + frac),
            len(frac),
            f"«{text}» dùng dấu chấm làm dấu thập phân; theo cách viết Việt Nam phải là "
            f"«{whole},{frac}»",
        )
    raise NumberFormatError(f"«{text}» có nhóm chữ số không đúng (dấu chấm phải ngăn nhóm 3 chữ số)")


def _thousands_ok(text: str, sep: str) -> bool:
    groups = text.split(sep)
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 and g.isdigit() for g in groups[1:]) and len(groups) > 1


def parse_number(text: str) -> Decimal:
    """Parse a Vietnamese-written number: ``1.484`` → 1484, ``84,03`` → 84.03, ``02`` → 2.

    A single dot followed by other than three digits (``99.82``) is read as a decimal point
    (seen in real reports); ``read_number`` tells you it was non-standard. Raises
    ``NumberFormatError`` for forms that need guessing (``1,014.000.000``).
    """
    return read_number(text).value


def format_number(value: Decimal | int | float | str, decimals: int | None = None) -> str:
    """Format in Vietnamese: thousands with ``.``, decimals with ``,`` (``1.247``, ``84,03``).

    ``decimals=None`` keeps the value's own precision (``Decimal('99.90')`` → ``99,90``).
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if decimals is not None:
        number = round_to(number, decimals)
    sign = "-" if number < 0 else ""
    text = format(abs(number), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = sign + ".".join(groups)
    return f"{out},{frac}" if frac else out


def format_quantity(value: Decimal, unit: str | None, decimals: int | None = None) -> str:
    """``84,03%`` for percent, ``1.247 hồ sơ`` otherwise, the number alone without a unit."""
    text = format_number(value, decimals)
    if not unit:
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


@dataclass(frozen=True)
class Quantity:
    """A value in its base unit: money in đồng, percentages in %, counts in their noun."""

    value: Decimal
    unit: str | None


def parse_quantity(text: str) -> Quantity:
    """Parse ``"0,556 tỷ đồng"`` → Quantity(556000000, 'đồng'); ``"84,03 %"`` → (84.03, '%')."""
    match = re.match(r"\s*(-?\d[\d.,]*)\s*(.*?)\s*$", text.replace("\\%", "%"))
    if not match:
        raise NumberFormatError(f"«{text}» không có số")
    value = parse_number(match.group(1))
    scale, unit = split_scale(match.group(2))
    return Quantity(value * scale, normalize_unit(unit))


# ---------------------------------------------------------------- mentions in text

KINDS = ("number", "percent", "fraction", "rank", "date", "year", "citation", "label", "code", "word")


@dataclass(frozen=True)
class NumberMention:
    """One number as it appears in a text.

    ``value`` is in the written scale (``0,556`` for ``0,556 tỷ đồng``); ``base_value`` folds
    the scale word in (556000000 đồng). Fractions and ranks keep ``denominator``.
    ``kind`` is one of ``KINDS``; citations, dates, labels and codes are not quantities.
    """

    start: int
    end: int
    text: str
    kind: str
    value: Decimal
    decimals: int = 0
    unit: str | None = None
    scale: Decimal = Decimal(1)
    denominator: Decimal | None = None
    denominator_decimals: int = 0
    comparator: str = ""  # "≥", "≤", ">", "<" when written (≥ 98)
    leading_zero: bool = False
    nonstandard: str = ""  # note when written against the VN convention
    malformed: str = ""  # reason when the number could not be read (value is 0)

    @property
    def base_value(self) -> Decimal:
        return self.value * self.scale

    @property
    def is_quantity(self) -> bool:
        return self.kind in ("number", "percent", "fraction", "rank", "word") and not self.malformed

    def to_dict(self) -> dict:
        data = asdict(self)
        for key in ("value", "scale", "denominator"):
            if data[key] is not None:
                data[key] = str(data[key])
        return data


_NUM = r"\d+(?:[.,]\d+)*"
_DOC_TYPES = (
    r"Nghị quyết|Nghị định|Thông tư(?: liên tịch)?|Quyết định|Kế hoạch|Công văn|Chỉ thị|Đề án|"
    r"Chương trình(?: hành động)?|Báo cáo|Thông báo|Hướng dẫn|Luật|Văn bản|Kết luận|Chiến lược|"
    r"Tờ trình|Công điện|Nghị quyết liên tịch|Quy định|Quy chế|Dự án"
)
# A document code: 57-NQ/TW, 39/KH-UBND, 30/2020/NĐ-CP, 07-\nTB/CQTTBCĐ, 01- CTr/TU, Số: 12/BC-UBND.
_CODE_RE = re.compile(
    r"(?<![\w/])\d+(?:/\d{2,4})?\s*[-/]\s*[A-ZĐ][A-Za-zĐđ]*(?:\s?[-/]\s?[A-ZĐ][\wĐđ]*)*"
)
# A document named by its type and number: "Kế hoạch số 12", "Thông tư 01/2023", or a programme
# known by its number ("Đề án 06", "Chương trình 02", "Nghị quyết 57 tại …"). Without "số" or a
# year the type must be capitalized (a name) or the number zero-padded (06, 02); either way no unit
# or % may follow (``_quantity_after``): "vượt kế hoạch 5%", "dự án 12 tỷ đồng" are quantities.
_DOC_REF_RE = re.compile(  # the lookahead on the types' first letters skips most positions cheaply
    rf"(?=[nNtTqQkKcCđĐbBhHlLvVdD])(?P<type>{_DOC_TYPES})\s+(?:(?P<so>số)\s+)?(?P<num>\d+(?:/(?:19|20)\d{{2}})?)(?!\d|[.,/]\d)",
    re.IGNORECASE,
)
_STRUCT_REF_RE = re.compile(
    r"\b(?:Phần|Mục|Phụ lục|Điều|Khoản|khoản|điểm|Chương|Biểu|Bảng|mẫu|Mẫu)[ \t]+(?:số[ \t]+)?(\d+[a-z]?)\b"
)
_TECH_RE = re.compile(r"(?<![\w.,])(?:\d\.0|\d+G)(?![\w])")  # 4.0, 5G: names, not quantities
# A section label: at a line start (after markdown "#" or bold markers, never after a bullet),
# each level 1–2 digits ("1.", "1.2.", "1.1 ", "3)") or a letter ("a)") or roman ("II."), then
# heading text. "1.701 hồ sơ", "- 15 hồ sơ" and "2.999 hồ sơ" are counts, not labels: PDF
# extracts hard-wrap sentences, so any number can start a line. ``_is_label`` also refuses a
# label followed by a lower-case unit ("3) hồ sơ"). A number alone on its line is a page
# number (see _PAGE_RE).
_LABEL_RE = re.compile(
    r"^[ \t]*(?:#+[ \t]*)?(?:\*{1,3}|_)?[ \t]*"
    r"(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}[.)]|[a-zđ]\)|[IVXLC]+\.)"
    r"(?=(?:\*{1,3}|_)?[ \t]*(?:\*{1,3}|_)?[ \t]*[^\W\d_])",
    re.MULTILINE,
)
# An inline enumerator "(1) tuyên truyền; (2) …" — not "(15) hồ sơ", a count in parentheses.
_ENUMERATOR_RE = re.compile(r"\((\d{1,2})\)(?=[ \t]*[^\W_])")
_PAGE_RE = re.compile(r"^ *(\d{1,3}) *$", re.MULTILINE)
_DATE3_RE = re.compile(r"(?<![\d/.,])(\d{1,2})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{4})(?![\d/])")
# "5/2026", "quý I/2026" (the word before needs no matching: the claim starts at the number).
_MONTH_YEAR_RE = re.compile(r"(?<![\d/.,])(\d{1,2}|[IV]{1,3})\s*/\s*((?:19|20)\d{2})(?![\d/]|[.,]\d)", re.IGNORECASE)
_DAY_MONTH_RE = re.compile(r"\b(ngày|đến|từ)\s+(\d{1,2})/(\d{1,2})(?![\d/])", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(năm|Năm|NĂM)\s+((?:19|20)\d{2})\b")
_NUMBER_RE = re.compile(
    rf"(?P<cmp>(?:≥|≤|>=|<=|\\geq|\\leq|\\ge|\\le|>|<)\s*)?"
    rf"(?<![\w])(?P<num>{_NUM})(?P<glued>[^\W\d_]+²?)?"
    rf"(?:(?P<frac>\s*/\s*(?P<den>{_NUM}))(?![\w/]))?"
    rf"(?P<pct>\s*\\?%)?"
)
_WORD_NUMBERS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
}
_WORD_RE = re.compile(
    r"(?<![\w])((?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín) trăm|(?:hai|ba|bốn|năm|sáu|bảy|tám|chín) mươi"
    r"(?: (?:một|mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?|mười(?: (?:một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?"
    r"|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)(?=\s+(?:phần trăm|" + UNIT_PATTERN + r")(?![\w]))",
    re.IGNORECASE,
)


def words_to_int(words: str) -> int:
    """``"hai mươi lăm"`` → 25, ``"một trăm"`` → 100 (numbers up to 999 as written in reports)."""
    parts = words.lower().split()
    if parts[-1:] == ["trăm"]:
        return _WORD_NUMBERS[parts[0]] * 100
    if parts[0] == "mười":
        return 10 + (_WORD_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0)
    if len(parts) >= 2 and parts[1] == "mươi":
        unit = {"mốt": 1, "tư": 4}.get(parts[2], _WORD_NUMBERS.get(parts[2], 0)) if len(parts) > 2 else 0
        return _WORD_NUMBERS[parts[0]] * 10 + unit
    return _WORD_NUMBERS[parts[0]]


_UNIT_AFTER_RE = re.compile(r"[ \t]*(" + UNIT_PATTERN + r")(?![\w])", re.IGNORECASE)


def unit_after(text: str, pos: int) -> tuple[str | None, Decimal, int]:
    """Unit written right after ``pos``: (normalized unit, scale, end of the unit)."""
    match = _UNIT_AFTER_RE.match(text, pos)
    if not match:
        return None, Decimal(1), pos
    scale, unit = split_scale(match.group(1))
    return normalize_unit(unit), scale, match.end()


class _Claims:
    """Non-overlapping claimed spans kept sorted by start, so a claim is checked against its two
    neighbours by bisection (O(log n)) instead of against every earlier claim."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def reserve(self, start: int, end: int) -> bool:
        """Claim [start, end) unless it overlaps an earlier claim."""
        i = bisect.bisect_right(self._starts, start)
        if i > 0 and self._ends[i - 1] > start:
            return False
        if i < len(self._starts) and self._starts[i] < end:
            return False
        self._starts.insert(i, start)
        self._ends.insert(i, end)
        return True


_PLACE_NOUNS = frozenset({"xã", "thôn", "xóm", "bản"})


def _quantity_after(text: str, pos: int) -> bool:
    """A unit or % right after ``pos``: the number there counts something ("5%", "30 ngày",
    "12 tỷ đồng"). "ngày" before a date ("số 12 ngày 30/01/2026") is the date, not a unit, and
    "xã" before a name ("Đề án 06 xã Liên Minh") is part of the name."""
    if re.match(r"[ \t]*(?:\\?%|phần trăm)", text[pos:pos + 12], re.IGNORECASE):
        return True
    unit, _scale, end = unit_after(text, pos)
    if unit == "ngày" and re.match(r"[ \t]*\d", text[end:end + 3]):
        return False
    name = re.match(r"[ \t]+(\w)", text[end:end + 3])
    if unit in _PLACE_NOUNS and name and name.group(1).isupper():
        return False  # "Đề án 06 xã Liên Minh": a place name follows, not a count of communes
    return unit is not None


def _is_label(text: str, end: int) -> bool:
    """A label is followed by heading text; a lower-case unit after it ("3) hồ sơ") makes it a
    count. Headings start upper-case, so "1. Hồ sơ tiếp nhận" stays a heading."""
    after = re.match(r"(?:\*{1,3}|_)?[ \t]*(?:\*{1,3}|_)?[ \t]*(\w)", text[end:end + 12])
    return not (after and after.group(1).islower() and _quantity_after(text, end))


def _is_doc_ref(match: re.Match, text: str) -> bool:
    """See ``_DOC_REF_RE``: "số", a year ("01/2023"), a capitalized type or a zero-padded number,
    and no unit or % after the number."""
    named = bool(match.group("so")) or "/" in match.group("num") or match.group("type")[0].isupper() \
        or match.group("num").startswith("0")
    return named and not _quantity_after(text, match.end("num"))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number mention in ``text`` with span, kind, value, precision and unit.

    Citation markers ``[1]`` are skipped: they belong to the draft's apparatus, not its
    numbers. Order of recognition (first claim wins): document codes and references,
    structural labels at line start, dates, technology names, quantities, spelled-out counts.
    """
    found: list[NumberMention] = []
    claims = _Claims()
    for marker in re.finditer(r"\[\d+(?:\s*[,–-]\s*\d+)*\]", text):
        claims.reserve(*marker.span())

    def add(kind: str, start: int, end: int, value: Decimal, **extra) -> None:
        if claims.reserve(start, end):
            found.append(NumberMention(start, end, text[start:end], kind, value, **extra))

    for match in _CODE_RE.finditer(text):
        add("citation", *match.span(), _first_int(match.group(0)))
    for match in _DOC_REF_RE.finditer(text):
        if _is_doc_ref(match, text):
            add("citation", *match.span("num"), _first_int(match.group("num")))
    for match in _STRUCT_REF_RE.finditer(text):
        if not _quantity_after(text, match.end(1)):
            add("label", *match.span(1), _first_int(match.group(1)))
    for match in _ENUMERATOR_RE.finditer(text):
        if _is_label(text, match.end()):
            add("label", *match.span(1), Decimal(match.group(1)))
    for match in _PAGE_RE.finditer(text):
        add("label", *match.span(1), Decimal(match.group(1)))
    for match in _LABEL_RE.finditer(text):
        if _is_label(text, match.end(1)):
            add("label", *match.span(1), Decimal(_first_int(match.group(1)) if match.group(1)[0].isdigit() else 0))
    for match in _DATE3_RE.finditer(text):
        day, month = int(match.group(1)), int(match.group(2))
        if 1 <= day <= 31 and 1 <= month <= 12:
            add("date", *match.span(), Decimal(match.group(3)))
    for match in _MONTH_YEAR_RE.finditer(text):
        lead = match.group(1)
        if lead.isdigit() and not 1 <= int(lead) <= 12:
            continue
        add("date", match.start(1), match.end(), Decimal(match.group(2)))
    for match in _DAY_MONTH_RE.finditer(text):
        if 1 <= int(match.group(2)) <= 31 and 1 <= int(match.group(3)) <= 12:
            add("date", match.start(2), match.end(), Decimal(0))
    for match in _YEAR_RE.finditer(text):
        add("year", *match.span(2), Decimal(match.group(2)))
    for match in _TECH_RE.finditer(text):
        add("code", *match.span(), Decimal(0))
    for match in _NUMBER_RE.finditer(text):
        _add_quantity(text, match, add)
    for match in _WORD_RE.finditer(text):
        unit, scale, unit_end = unit_after(text, match.end())
        value = Decimal(words_to_int(match.group(1)))
        if text[match.end():unit_end].strip().lower() == "phần trăm" or unit == "%":
            add("word", match.start(), unit_end, value, unit="%")
        else:
            add("word", *match.span(1), value, unit=unit, scale=scale)
    found.sort(key=lambda m: m.start)
    return found


def _first_int(text: str) -> Decimal:
    match = re.search(r"\d+", text)
    return Decimal(match.group(0)) if match else Decimal(0)


def _add_quantity(text: str, match: re.Match, add) -> None:
    num, glued = match.group("num"), match.group("glued")
    start = match.start("num")
    before = text[max(0, start - 2):start]
    if glued and not re.fullmatch(r"đ|ha|km²|km2|m²|m2|tr|k", glued, re.IGNORECASE):
        add("code", start, match.end("glued"), Decimal(0))  # H2, 3D, 10A: names, not quantities
        return
    if re.search(r"[^\W\d_]-$", before):
        add("code", start, match.end("num"), Decimal(0))  # Covid-19
        return
    comparator = {"\\geq": "≥", "\\ge": "≥", ">=": "≥", "\\leq": "≤", "\\le": "≤", "<=": "≤"}.get(
        (match.group("cmp") or "").strip(), (match.group("cmp") or "").strip()
    )
    extra: dict = {"comparator": comparator, "leading_zero": len(num) > 1 and num[0] == "0" and num[1].isdigit()}
    try:
        parsed = read_number(num)
    except NumberFormatError as exc:
        end = match.end("num")
        unit, scale, unit_end = unit_after(text, end)
        add("number", start, unit_end if unit else end, Decimal(0), unit=unit, malformed=str(exc))
        return
    extra["decimals"] = parsed.decimals
    extra["nonstandard"] = parsed.nonstandard
    end = match.end("num")
    if match.group("frac"):
        try:
            den = read_number(match.group("den"))
        except NumberFormatError as exc:
            add("fraction", start, match.end("frac"), parsed.value, malformed=str(exc))
            return
        preceding = text[max(0, start - 12):start].lower()
        kind = "rank" if re.search(r"(?:thứ|hạng)\s*$", preceding) else "fraction"
        end = match.end("frac")
        extra.update(denominator=den.value, denominator_decimals=den.decimals)
        extra["nonstandard"] = parsed.nonstandard or den.nonstandard
        unit, scale, unit_end = unit_after(text, end)
        add(kind, start, end, parsed.value, unit=unit, scale=scale, **extra)
        return
    if match.group("pct"):
        add("percent", start, match.end("pct"), parsed.value, unit="%", **extra)
        return
    if glued:
        scale, unit = split_scale(glued)
        add("number", start, match.end("glued"), parsed.value, unit=normalize_unit(unit), scale=scale, **extra)
        return
    unit, scale, unit_end = unit_after(text, end)
    if unit == "%":
        add("percent", start, unit_end, parsed.value, unit="%", **extra)
        return
    add("number", start, end, parsed.value, unit=unit, scale=scale, **extra)
