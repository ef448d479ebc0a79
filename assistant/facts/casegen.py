"""A generator of labelled consistency cases: the same arithmetic in many surface forms.

``generate(split, seed=0) -> list[GeneratedCase]`` writes small reports (fictional communes,
sentences written here, modelled on the places of the seed reports that carry arithmetic: a
total and its parts, a rate, a remainder, a done/pending split, nested parts, a comparison with
last year, an indicator repeated in summary / detail / appendix) and plants errors of every
class: ``off_by`` (a part or total off by a few units), ``other_base`` (the rates computed on
another total), ``swap`` (two digits swapped), ``repeat`` (a repeated indicator with another
value), ``change`` (a change that is not the difference). Consistent cases include the traps a
checker must not fall for: truncated or one-decimal rates, partial "trong đó có" lists,
approximate "trên 90%", other-period figures.

The two splits use disjoint vocabularies (indicator names, units, communes) so that figures on
``measure`` say how the checker does on names it was not tuned on.
``write(directory, split, seed)`` writes one report per case and ``<split>.jsonl`` in the
format of ``../shared/eval/numbers_dev.jsonl`` so ``assistant eval numbers`` runs them.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from assistant.facts.findings import agrees  # the reports' rounding convention (half-up or truncated)
from assistant.facts.numbers import format_number, parse_number

SPLITS = ("tune", "measure")

# (total label, unit, done phrase, pending phrase, part labels for a 3-way split)
_VOCAB = {
    "tune": [
        ("hồ sơ cần số hóa", "hồ sơ", "đã số hóa", "chưa số hóa", ("cấp xã", "cấp huyện chuyển về", "tồn từ trước")),
        ("hộ gia đình trên địa bàn", "hộ", "đã có kết nối cáp quang", "chưa có kết nối cáp quang",
         ("thôn Đông", "thôn Trung", "thôn Đoài")),
        ("nhiệm vụ được giao", "nhiệm vụ", "đã hoàn thành", "chưa hoàn thành",
         ("đúng hạn", "quá hạn", "đang triển khai")),
        ("tài khoản định danh điện tử cần kích hoạt", "tài khoản", "đã kích hoạt", "chưa kích hoạt",
         ("mức 1", "mức 2", "chờ duyệt")),
        ("thủ tục hành chính thuộc thẩm quyền", "thủ tục", "đã cung cấp trực tuyến toàn trình",
         "chưa cung cấp trực tuyến toàn trình", ("toàn trình", "một phần", "trực tiếp")),
        ("hồ sơ tiếp nhận", "hồ sơ", "đã giải quyết", "chưa giải quyết",
         ("nộp trực tuyến", "nộp trực tiếp", "qua bưu chính")),
    ],
    "measure": [
        ("hồ sơ địa chính cần chỉnh lý", "hồ sơ", "đã chỉnh lý", "chưa chỉnh lý", ("đất ở", "đất nông nghiệp", "đất khác")),
        ("người trong độ tuổi lao động", "người", "đã có việc làm ổn định", "chưa có việc làm ổn định",
         ("nam", "nữ", "lao động phổ thông")),
        ("camera an ninh lắp đặt", "camera", "đã kết nối trung tâm giám sát", "chưa kết nối trung tâm giám sát",
         ("tại trục chính", "tại ngõ xóm", "tại trường học")),
        ("cán bộ, công chức, viên chức", "người", "đã được bồi dưỡng kỹ năng số", "chưa được bồi dưỡng kỹ năng số",
         ("khối Đảng", "khối chính quyền", "khối đoàn thể")),
        ("hộ kinh doanh cá thể", "hộ", "đã thanh toán không dùng tiền mặt", "chưa thanh toán không dùng tiền mặt",
         ("bán lẻ", "ăn uống", "dịch vụ khác")),
        ("học sinh tiểu học và trung học cơ sở", "học sinh", "đã có tài khoản học trực tuyến",
         "chưa có tài khoản học trực tuyến", ("tiểu học", "trung học cơ sở", "mầm non")),
    ],
}
_COMMUNES = {"tune": ["Hòa Bình", "Tân Lập", "Đông Sơn", "Quảng Phú"],
             "measure": ["Minh Khai", "Yên Thành", "Phước Sơn", "Nam Hồng"]}

FORMS = ("inline", "sentences", "bullets", "rate_first", "paren", "table", "wrapped", "done_pending",
         "remainder", "nested", "repeat", "change", "ratio")
ERRORS = ("off_by", "other_base", "swap")


@dataclass(frozen=True)
class GeneratedCase:
    id: str
    text: str  # the whole small report
    quote: str
    consistent: bool
    form: str
    error: str  # "" when consistent, else the planted class
    claim: str
    other_quotes: tuple[str, ...] = ()

    def to_json(self, seed_name: str) -> dict:
        data = {"id": self.id, "seed": seed_name, "quote": self.quote, "claim": self.claim,
                "computed": "", "consistent": self.consistent, "form": self.form, "error": self.error}
        if self.other_quotes:
            data["other_quotes"] = list(self.other_quotes)
        if "\n" in self.quote or any("\n" in q or "\t" in q for q in self.other_quotes) or "\t" in self.quote:
            data["normalize"] = True
        return data


def _n(value: int | Decimal) -> str:
    return format_number(Decimal(value))


def _rate(part: int, total: int, decimals: int = 2) -> str:
    exact = Decimal(part) / Decimal(total) * 100
    return format_number(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _swap(value: int, rng: random.Random) -> int:
    digits = list(str(value))
    pairs = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1] and not (i == 0 and digits[1] == "0")]
    if not pairs:
        return value + 9
    i = rng.choice(pairs)
    digits[i], digits[i + 1] = digits[i + 1], digits[i]
    return int("".join(digits))


class _Builder:
    def __init__(self, split: str, seed: int) -> None:
        self.split = split
        self.rng = random.Random(f"{split}-{seed}")
        self.vocab = _VOCAB[split]
        self.cases: list[GeneratedCase] = []

    def frame(self, body: str, detail: str = "") -> str:
        commune = self.rng.choice(_COMMUNES[self.split])
        year = 2026
        head = (f"{commune}, ngày 20 tháng 6 năm {year}\n\nBÁO CÁO\nKết quả thực hiện chuyển đổi số "
                f"6 tháng đầu năm {year}\n\nI. KẾT QUẢ THỰC HIỆN\n\n1. Công tác chỉ đạo\n\n"
                f"UBND xã {commune} đã ban hành kế hoạch triển khai và phân công nhiệm vụ cho các bộ phận.\n\n"
                f"2. Kết quả cụ thể\n\n{body}\n\n")
        tail = ("II. PHƯƠNG HƯỚNG, NHIỆM VỤ\n\nTiếp tục đẩy mạnh tuyên truyền, nâng cao chất lượng phục vụ "
                "người dân và doanh nghiệp.\n")
        return head + (f"{detail}\n\n" if detail else "") + tail

    def add(self, form: str, error: str, body: str, quote: str, claim: str, detail: str = "",
            others: tuple[str, ...] = ()) -> None:
        case_id = f"gen-{self.split}-{len(self.cases) + 1:03d}"
        self.cases.append(GeneratedCase(case_id, self.frame(body, detail), quote, not error, form, error, claim, others))

    # ------------------------------------------------------------ numbers for one case

    def split_numbers(self, error: str, k: int = 2, decimals: int = 2,
                      shown: int | None = None) -> tuple[int, list[int], int, list[int], str]:
        """(written total, written parts, total the rates are computed on, parts, description)."""
        total = self.rng.randint(120, 9800)
        cuts = sorted(self.rng.sample(range(1, total), k - 1))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [total])]
        base = total
        written_total, written_parts = total, list(parts)
        what = ""
        if error == "off_by":
            delta = self.rng.choice([-7, -5, -3, -2, 2, 3, 4, 6])
            if self.rng.random() < 0.5:
                written_total = total + delta
                base = written_total  # rates follow the written total; the parts do not add up
                what = f"tổng ghi {_n(written_total)}, các phần cộng {_n(total)}"
            else:
                i = self.rng.randrange(k)
                written_parts[i] = parts[i] + delta
                what = f"phần thứ {i + 1} ghi {_n(written_parts[i])} thay vì {_n(parts[i])}"
        elif error == "other_base":
            shift = self.rng.choice([-9, -7, 7, 9, 12, -12, 15])
            # the planted error must show at the precision written: grow the shift until a rate differs
            while all(agrees(Decimal(p) / total * 100, parse_number(_rate(p, total + shift, decimals)), decimals)
                      for p in parts[:shown]):
                shift *= 2
            base = total + shift
            what = f"tỷ lệ tính trên {_n(base)} thay vì {_n(total)}"
        elif error == "swap":
            i = self.rng.randrange(k)
            swapped = _swap(parts[i], self.rng)
            written_parts[i] = swapped
            what = f"phần thứ {i + 1} ghi {_n(swapped)} (đảo chữ số của {_n(parts[i])})"
        rate_parts = parts if error != "off_by" else written_parts
        return written_total, written_parts, base, rate_parts, what

    # ------------------------------------------------------------ forms

    def build(self, form: str, error: str) -> None:
        label, unit, done, pending, three = self.rng.choice(self.vocab)
        getattr(self, f"form_{form}")(label, unit, done, pending, three, error)

    # ------------------------------------------------------------ phrasing pools (both splits draw from them)

    def total_phrase(self, label: str, value: str, unit: str) -> str:
        return self.rng.choice([
            f"Tổng số {label}: {value} {unit}", f"Tổng số {label} là {value} {unit}",
            f"Toàn xã có {value} {label}", f"Số {label} trên địa bàn: {value} {unit}",
            f"Tổng cộng có {value} {label}", f"Tổng số {label} đến nay là {value} {unit}",
        ])

    def opener(self, error: str = "") -> str:
        """"trong đó có" announces notable parts, not all: only for consistent cases."""
        return self.rng.choice(["trong đó", "bao gồm", "gồm", "trong đó:"] + ([] if error else ["trong đó có"]))

    def rate_phrase(self, rate: str) -> str:
        return self.rng.choice([f" (đạt {rate}%)", f" ({rate}%)", f", đạt {rate}%", f", chiếm {rate}%",
                                f", tỷ lệ {rate}%", f", đạt tỷ lệ {rate}%", f" (chiếm {rate}%)", f", bằng {rate}%",
                                f" (tỷ lệ {rate}%)"])

    def part_phrase(self, name: str, value: str, unit: str) -> str:
        return self.rng.choice([f"{name} {value} {unit}", f"{name}: {value} {unit}", f"{name} là {value} {unit}",
                                f"{value} {unit} {name}", f"số {unit} {name} là {value} {unit}"])

    def sep(self) -> str:
        return self.rng.choice([", ", "; ", " và "])

    def form_inline(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error)
        first = self.part_phrase(done, _n(p[0]), unit) + self.rate_phrase(_rate(rp[0], base))
        second = self.part_phrase(pending, _n(p[1]), unit) + self.rate_phrase(_rate(rp[1], base))
        text = f"{self.total_phrase(label, _n(t), unit)}, {self.opener(error)} {first}{self.sep()}{second}."
        self.add("inline", error, text, text, what or "các phần cộng đúng tổng, tỷ lệ đúng")

    def form_sentences(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error)
        lead = self.rng.choice(["Trong đó:", "Trong đó,", "Cụ thể:", "Trong số đó,"])
        text = (f"Thực hiện rà soát, {self.total_phrase(label, _n(t), unit).lower()}. {lead} Tổng số {unit} {done} là: "
                f"{_n(p[0])} {unit}{self.rate_phrase(_rate(rp[0], base))}. Số {unit} còn lại {pending} là: "
                f"{_n(p[1])} {unit}{self.rate_phrase(_rate(rp[1], base))}.")
        self.add("sentences", error, text, text, what or "đúng")

    def form_bullets(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error, 3)
        top, sub = self.rng.choice([("-", "+"), ("-", "•"), ("", "-"), ("", "+")])
        lines = [f"{top + ' ' if top else ''}{self.total_phrase(label, _n(t), unit)}, "
                 f"{self.rng.choice(['trong đó:', 'cụ thể như sau:', 'bao gồm:', 'gồm:'])}"]
        for name, value, rv in zip(three, p, rp):
            lines.append(f"{sub} {name[:1].upper() + name[1:]}: {_n(value)} {unit}{self.rate_phrase(_rate(rv, base))};")
        text = "\n\n".join(lines)
        self.add("bullets", error, text, lines[0], what or "đúng", others=tuple(lines[1:]))

    def form_rate_first(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error)
        text = (f"Toàn xã có {_n(t)} {label}, trong đó {done} đạt {_rate(rp[0], base)}% ({_n(p[0])} {unit}), "
                f"{pending} chiếm {_rate(rp[1], base)}% ({_n(p[1])} {unit}).")
        self.add("rate_first", error, text, text, what or "đúng")

    def form_paren(self, label, unit, done, pending, three, error):
        if error == "other_base":
            error = "off_by"
        t, p, base, rp, what = self.split_numbers(error, 3)
        text = (f"Số {label} là {_n(t)} {unit} ({three[0]} {_n(p[0])} {unit}, {three[1]} {_n(p[1])} {unit}, "
                f"{three[2]} {_n(p[2])} {unit}).")
        self.add("paren", error, text, text, what or "đúng")

    def form_table(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error, 3)
        rows = [f"TT\tNội dung\tSố lượng ({unit})\tTỷ lệ (%)", f"1\tTổng số {label}\t{_n(t)}\t100"]
        for i, (name, value, rv) in enumerate(zip(three, p, rp), start=1):
            rows.append(f"1.{i}\t{name[:1].upper() + name[1:]}\t{_n(value)}\t{_rate(rv, base)}")
        text = "\n".join(rows)
        self.add("table", error, text, rows[1], what or "đúng", others=tuple(rows[2:]))

    def form_wrapped(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error)
        sentence = (f"Tổng số {label} trên địa bàn xã là {_n(t)} {unit}, trong đó {done} {_n(p[0])} {unit}, "
                    f"đạt {_rate(rp[0], base)}%; {pending} {_n(p[1])} {unit}, chiếm {_rate(rp[1], base)}%.")
        wrapped = "\n\n".join(textwrap.wrap(sentence, 62, break_long_words=False))
        self.add("wrapped", error, wrapped, wrapped, what or "đúng")

    def form_done_pending(self, label, unit, done, pending, three, error):
        if error == "other_base":
            error = "swap"
        t, p, base, rp, what = self.split_numbers(error)
        text = f"Xã có {_n(t)} {label}, trong đó {_n(p[0])} {unit} {done} và {_n(p[1])} {unit} {pending}."
        self.add("done_pending", error, text, text, what or "đúng")

    def form_remainder(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers(error, decimals=1, shown=1)
        text = (f"Chỉ tiêu được giao: {_n(t)} {unit}; {done}: {_n(p[0])} {unit} (đạt {_rate(rp[0], base, 1)}%), "
                f"còn lại: {_n(p[1])} {unit}.")
        self.add("remainder", error, text, text, what or "đúng")

    def form_nested(self, label, unit, done, pending, three, error):
        t, p, base, rp, what = self.split_numbers("", 2)
        sub_total = p[0]
        inner = False
        a = self.rng.randint(1, max(1, sub_total - 1))
        b = sub_total - a
        if error:
            if self.rng.random() < 0.5:
                b = b + self.rng.choice([-3, -2, 2, 3]) if b > 3 else b + 2
                what = f"{_n(a)} + {_n(b)} ≠ {_n(sub_total)}"
                inner = True
            else:
                p = [p[0], p[1] + self.rng.choice([-4, -1, 1, 5])]
                what = f"{_n(p[0])} + {_n(p[1])} ≠ {_n(t)}"
            error = "off_by"
        lines = [f"- Tổng số {label}: {_n(t)} {unit}, trong đó:",
                 f"+ Số {unit} {done}: {_n(p[0])} {unit}, tỷ lệ {_rate(p[0], t)}%, trong đó: {three[0]}: {_n(a)}, "
                 f"{three[1]}: {_n(b)}.",
                 f"+ Số {unit} {pending}: {_n(p[1])} {unit}."]
        quote, others = (lines[1], (lines[0], lines[2])) if inner else (lines[0], tuple(lines[1:]))
        self.add("nested", error, "\n\n".join(lines), quote, what or "đúng (các phần lồng nhau)", others=others)

    def form_repeat(self, label, unit, done, pending, three, error):
        value = self.rng.randint(150, 9000)
        other = value
        what = ""
        if error:
            other = _swap(value, self.rng) if error == "swap" else value + self.rng.choice([-12, -5, 3, 8, 40])
            what = f"cùng chỉ tiêu ghi {_n(value)} và {_n(other)}"
            error = "repeat"
        shape = self.rng.choice(["paragraph", "table", "rate"])
        summary = f"Trong kỳ, số {label} {done} là {_n(value)} {unit}, cơ bản đạt yêu cầu đề ra."
        if shape == "paragraph":
            detail = (f"3. Kết quả chi tiết\n\nTheo số liệu rà soát của các bộ phận chuyên môn, số {label} {done} "
                      f"đạt {_n(other)} {unit}, tập trung ở khu vực trung tâm xã.")
            other_quote = detail.split("\n\n")[1]
        elif shape == "table":
            row = f"1\tSố {label} {done}\t{unit}\t{_n(other)}"
            detail = f"PHỤ LỤC\n\nTT\tChỉ tiêu\tĐơn vị tính\tKết quả 6 tháng đầu năm 2026\n{row}"
            other_quote = row
        else:
            rate = Decimal(self.rng.randint(5000, 9990)) / 100
            other_rate = rate if not error else rate + Decimal(self.rng.choice([-110, -30, 10, 40])) / 100
            summary = f"Tỷ lệ {label} {done} đạt {format_number(rate)}%, vượt chỉ tiêu đề ra."
            detail = (f"3. Đánh giá chung\n\nQua tổng hợp, tỷ lệ {label} {done} đạt {format_number(other_rate)}%, "
                      f"cao nhất từ trước đến nay.")
            other_quote = detail.split("\n\n")[1]
            what = what and f"cùng tỷ lệ ghi {format_number(rate)}% và {format_number(other_rate)}%"
        self.add("repeat", error, summary, summary, what or "hai nơi ghi cùng một giá trị", detail=detail,
                 others=(other_quote,))

    def form_change(self, label, unit, done, pending, three, error):
        previous = self.rng.randint(120, 5000)
        current = previous + self.rng.randint(5, 900)
        change = current - previous
        what = ""
        if error:
            change = _swap(change, self.rng) if error == "swap" and change > 9 else change + self.rng.choice([-6, 4, 10])
            what = f"{_n(current)} − {_n(previous)} ≠ {_n(change)}"
            error = "change"
        text = self.rng.choice([
            f"Số {label} {done} trong kỳ đạt {_n(current)} {unit}, tăng {_n(change)} {unit} so với cùng kỳ "
            f"năm 2025 ({_n(previous)} {unit}).",
            f"Trong kỳ có {_n(current)} {unit} {done}, tăng {_n(change)} {unit} so với cùng kỳ năm trước "
            f"({_n(previous)} {unit}).",
            f"Số {label} {done}: {_n(current)} {unit} (cùng kỳ năm 2025: {_n(previous)} {unit}), tăng {_n(change)} {unit}.",
        ])
        self.add("change", error, text, text, what or "đúng")

    def form_ratio(self, label, unit, done, pending, three, error):
        plan = self.rng.randint(200, 6000)
        current = self.rng.randint(int(plan * 0.6), int(plan * 1.3))
        ratio = Decimal(current) / Decimal(plan) * 100
        decimals = self.rng.choice([1, 2])
        written = ratio.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        what = ""
        if error:
            written += Decimal(self.rng.choice([-3, -2, 2, 4])) * (Decimal(1) if decimals == 1 else Decimal("0.5"))
            what = f"{_n(current)} / {_n(plan)} × 100 ≠ {format_number(written)}%"
            error = "change"
        text = self.rng.choice([
            f"Số {label} {done} đạt {_n(current)} {unit}, bằng {format_number(written)}% so với cùng kỳ năm 2025 "
            f"({_n(plan)} {unit}).",
            f"Số {label} {done} đạt {_n(current)} {unit}, đạt {format_number(written)}% kế hoạch năm (kế hoạch giao "
            f"{_n(plan)} {unit}).",
        ])
        self.add("ratio", error, text, text, what or "đúng")

    # ------------------------------------------------------------ traps (consistent)

    def traps(self) -> None:
        label, unit, done, pending, three = self.rng.choice(self.vocab)
        t = self.rng.randint(300, 5000)
        p = self.rng.randint(int(t * 0.8), t - 1)
        exact = Decimal(p) / Decimal(t) * 100
        truncated = format_number(exact.quantize(Decimal("0.1"), rounding="ROUND_DOWN"))
        text = f"Số {unit} {done}: {_n(p)}/{_n(t)} {unit}, tỷ lệ: {truncated}%."
        self.add("trap_truncated", "", text, text, "tỷ lệ viết cắt bớt chữ số")
        small = self.rng.randint(1, max(1, t // 10))
        text = f"Hiện có {_n(t)} {label}, trong đó có {_n(small)} {unit} tiêu biểu được biểu dương."
        self.add("trap_partial", "", text, text, "trong đó chỉ nêu một phần")
        text = (f"Tỷ lệ {label} {done} đạt trên 90%. Số {unit} {done} cùng kỳ năm 2025 là {_n(p)} {unit}; "
                f"năm nay đạt {_n(t)} {unit}.")
        self.add("trap_other_period", "", text, text, "số cùng kỳ khác kỳ này")
        sub = self.rng.randint(int(p * 0.5), p - 1)
        text = (f"Tổng số {label}: {_n(t)} {unit}, trong đó {done} {_n(p)} {unit} (đạt {_rate(p, t)}%), trong đó "
                f"{three[0]} {_n(sub)} {unit} (chiếm {_rate(sub, p)}%).")
        self.add("trap_nested_rate", "", text, text, "tỷ lệ của phần lồng nhau tính trên phần cha")
        month = self.rng.randint(50, 400)
        text = (f"Riêng tháng 5/2026, số {label} {done} là {_n(month)} {unit}. Lũy kế 6 tháng đầu năm 2026, số "
                f"{label} {done} là {_n(p)} {unit}.")
        self.add("trap_two_periods", "", text, text, "hai kỳ khác nhau")
        people = self.rng.randint(t + 50, t * 3)
        text = (f"Toàn xã có {_n(t)} hộ với {_n(people)} người, trong đó {_n(p)} hộ {done} và "
                f"{_n(t - p)} hộ {pending}.")
        self.add("trap_other_unit", "", text, text, "số người không phải là phần của số hộ")
        first = self.rng.randint(1, t - 1)
        text = (f"Tổng số {label}: {_n(t)} {unit}, trong đó {three[0]} {_n(first)} {unit}, bằng 96,5% so với cùng "
                f"kỳ; {three[1]} {_n(t - first)} {unit}.")
        self.add("trap_ratio_in_list", "", text, text, "tỷ lệ so với cùng kỳ không phải tỷ trọng")
        a, b = self.rng.randint(t // 4, t // 2), self.rng.randint(t // 4, t // 2)
        text = (f"Toàn xã có {_n(t)} {label}, trong đó có {_n(a)} {unit} {three[0]}, {_n(b)} {unit} {three[1]} "
                f"được biểu dương.")
        self.add("trap_notable_parts", "", text, text, "«trong đó có» chỉ nêu một số phần")
        # two categories of different dimensions (a place or kind, and a status), clearly overlapping
        x, y = self.rng.randint(int(t * 0.6), t - 1), self.rng.randint(int(t * 0.6), t - 1)
        text = (f"Tổng số {label}: {_n(t)} {unit}, trong đó {three[0]} {_n(x)} {unit} (chiếm {_rate(x, t)}%); "
                f"{done} {_n(y)} {unit} (chiếm {_rate(y, t)}%).")
        self.add("trap_overlapping", "", text, text, "hai nhóm chồng lấn nhau")
        summary = f"Số {label} {done} là {_n(p)} {unit}."
        detail = (f"3. Số liệu chi tiết\n\nTT\tChỉ tiêu\tĐơn vị tính\tKết quả\n1\tSố {label} {done}\t{unit}\t{_n(p)}\n"
                  f"2\tSố {label} {pending}\t{unit}\t{_n(t - p)}")
        self.add("trap_repeat_same", "", summary, summary, "tóm tắt và phụ lục cùng giá trị", detail=detail)


def generate(split: str, seed: int = 0, per_form: int = 12) -> list[GeneratedCase]:
    """Cases of one split: for every form, consistent and erroneous variants; then the traps."""
    if split not in SPLITS:
        raise ValueError(f"phần «{split}» không có; chọn một trong: {', '.join(SPLITS)}")
    builder = _Builder(split, seed)
    for form in FORMS:
        for i in range(per_form):
            error = "" if i % 2 == 0 else ERRORS[(i // 2) % len(ERRORS)]
            builder.build(form, error)
    for _ in range(per_form // 2):
        builder.traps()
    return builder.cases


def write(directory: Path, split: str, seed: int = 0, per_form: int = 12) -> Path:
    """One report per case under ``directory/split/`` and ``directory/<split>.jsonl``."""
    cases = generate(split, seed, per_form)
    folder = Path(directory) / split
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for case in cases:
        name = f"{split}/{case.id}.txt"
        (Path(directory) / name).write_text(case.text, encoding="utf-8")
        lines.append(json.dumps(case.to_json(name), ensure_ascii=False))
    path = Path(directory) / f"{split}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
