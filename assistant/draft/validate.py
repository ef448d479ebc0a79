"""Validate an LLM rewrite of a grounded draft before it may replace that draft.

The LLM only polishes text the composer (or the officer's previous draft) already grounded, so
the rewrite is accepted only if it kept what made the original trustworthy (issue 5 §2 "Style",
§4 targets) and avoids what the embedded 1.5B model was seen to do on the dev tasks:
- the numeric guard finds no ungrounded number ("0.455" for 455, invented years);
- every officer fact the original stated is still stated, as written; the commune still named,
  the topic still written as in the original; each value still next to its own unit;
- citation markers are a subset of the original's (and required ones, e.g. a point the officer
  just asked to add, are kept);
- no first person, no speculation ("có thể thấy rằng", "Điều này có thể là do"), no markdown or
  bullets, no "Tên: số" lists, no text cut off by the token limit, no echo of the prompt, no run
  of words copied from the few-shot example;
- the section's tone: no praise in hạn chế/nguyên nhân, no criticism in kết quả/ưu điểm — counted
  only when the phrase is not already in the original (prior reports' sentences may use them);
- a length within the bounds the caller sets (shorter for "ngắn hơn").
Each problem is a Vietnamese phrase, listed back to the model in the one regeneration and to the
officer in the fallback notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.draft.grounding import check, mentions_fact
from assistant.draft.sanitize import nfc
from assistant.draft.types import POLARITY, FactLine
from assistant.facts import FactSet

# Speculative or conversational phrasing: not administrative style (seen in the model's drafts).
SPECULATIVE = ("có thể thấy rằng", "có thể thấy", "điều này có thể là do", "có thể là do", "điều này cho thấy",
               "có lẽ", "dường như", "sẽ giúp", "nhìn chung thì")
# Praise that must not appear in a critical section, and criticism in a positive one.
PRAISE = ("đạt kết quả tốt", "kết quả tốt", "kết quả tích cực", "hiệu quả cao", "tốt đẹp", "nổi bật", "xuất sắc",
          "thành công", "được đánh giá cao", "đáng ghi nhận", "đáng khích lệ", "vượt chỉ tiêu", "hoàn thành tốt",
          "ấn tượng")
# Not bare "hạn chế": "góp phần hạn chế văn bản giấy" is praise.
# The prompt's own words coming back in the answer (seen: "Yêu cầu: Biên tập đoạn văn trên…").
PROMPT_ECHO = ("yêu cầu:", "chỉ trả lời", "đoạn văn đã viết lại", "biên tập đoạn văn", "đoạn văn gốc", "bản gốc")
# Words copied from the few-shot example are counted in runs of this many (seen: the example's
# "Công tác chuyển đổi số" replacing the officer's topic).
EXAMPLE_NGRAM = 6  # syllables: about three Vietnamese words
CRITICISM = ("còn hạn chế", "tồn tại, hạn chế", "yếu kém", "bất cập", "chưa đáp ứng", "còn thấp", "còn nhiều khó khăn",
             "vướng mắc")
_FIRST_PERSON = re.compile(r"(?<!\w)(chúng tôi|chúng ta|chúng em|tôi|mình)(?!\w)", re.IGNORECASE)
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*#|^\s*[-*•+]\s|^\s*\d+[.)]\s", re.MULTILINE)
# "Tỷ lệ hồ sơ: 78,82%" — a label, a colon, then a number.
_NAME_VALUE = re.compile(r"\w\s*:\s*\d")
_MARKER = re.compile(r"\[(\d+)\]")
_FOREIGN_SCRIPT = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")


@dataclass(frozen=True)
class Expectations:
    """What a rewrite of ``original`` must keep. ``min_chars``/``max_chars`` bound its length."""

    original: str
    kind: str  # section kind of this paragraph: decides the tone
    facts: tuple[FactLine, ...]  # officer facts the rewrite must still state
    commune_name: str
    allowed_markers: frozenset[int]
    required_markers: frozenset[int] = frozenset()
    min_chars: int = 0
    max_chars: int = 10_000
    example: str = ""  # the few-shot answer shown to the model; its wording must not leak in
    phrases: tuple[str, ...] = ()  # wording that must survive verbatim (the section's topic)

    @classmethod
    def of(cls, original: str, kind: str, facts: list[FactLine], commune_name: str,
           ratio: tuple[float, float] = (0.6, 1.5), required_markers: frozenset[int] = frozenset(),
           example: str = "", phrases: tuple[str, ...] = ()) -> "Expectations":
        """Expectations for rewriting ``original``: the facts, markers and commune it states, length × ``ratio``."""
        markers = frozenset(int(m) for m in _MARKER.findall(original))
        return cls(
            original=original, kind=kind, facts=tuple(f for f in facts if mentions_fact(original, f)),
            commune_name=commune_name if commune_name in original else "", allowed_markers=markers,
            required_markers=required_markers, min_chars=int(len(original) * ratio[0]),
            max_chars=int(len(original) * ratio[1]) + 20, example=example,
            phrases=tuple(p for p in phrases if p and p.lower() in original.lower()),
        )


@dataclass
class Validation:
    problems: list[str] = field(default_factory=list)  # Vietnamese, one phrase each
    ungrounded: int = 0  # ungrounded numbers the guard found

    @property
    def ok(self) -> bool:
        return not self.problems


def _new_phrases(text: str, original: str, phrases: tuple[str, ...]) -> list[str]:
    """Phrases present in ``text`` (case-insensitive) but not in ``original``; longest match only."""
    low, orig = text.lower(), original.lower()
    found: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if phrase in low and phrase not in orig and not any(phrase in f for f in found):
            found.append(phrase)
    return found


def _ngrams(text: str, n: int) -> set[str]:
    """Runs of ``n`` syllables inside one clause (never across ". ; :" — that would pair unrelated words)."""
    out: set[str] = set()
    for clause in re.split(r"[.;:!?\n]", text.lower()):
        words = re.findall(r"\w+", clause)
        out |= {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}
    return out


def _misplaced_units(text: str, facts: tuple[FactLine, ...]) -> list[str]:
    """Facts whose value is followed by another fact's unit ("402 hồ sơ" when 402 counts thủ tục)."""
    units = {f.unit for f in facts if f.unit and not f.unit.startswith("%")}
    out = []
    for f in facts:
        if not f.unit or f.unit.startswith("%"):
            continue
        for other in units - {f.unit}:
            if f.unit.startswith(other) or other.startswith(f.unit):
                continue
            # "286 lượt người dân" is fine: the value's own unit comes first.
            pattern = rf"(?<![\d.,]){re.escape(f.value)}\s+(?!{re.escape(f.unit)}(?!\w))(?:\w+\s+)?{re.escape(other)}(?!\w)"
            if re.search(pattern, text):
                out.append(f"«{f.value} {other}» (số liệu là {f.value} {f.unit})")
    return out


def validate(text: str, expected: Expectations, factset: FactSet) -> Validation:
    """Every rule the rewrite breaks (see the module docstring); an empty list means accept."""
    text = nfc(text).strip()
    problems: list[str] = []
    if not text:
        return Validation(["không có nội dung"])
    report = check(text, factset)
    if report.ungrounded:
        problems.append("có số không có trong số liệu của xã: " + ", ".join(f"«{m.text}»" for m in report.ungrounded))
    lost = [f for f in expected.facts if not mentions_fact(text, f)]
    if misplaced := [m for m in _misplaced_units(text, expected.facts) if m.split("»")[0][1:] not in expected.original]:
        problems.append("gắn số với sai đơn vị: " + ", ".join(misplaced))
    if lost:
        problems.append("làm mất số liệu: " + ", ".join(f"«{f.phrase}» ({f.name.lower()})" for f in lost))
    # The topic garbled ("tổ chức nghệ số cộng đồng" for "tổ công nghệ số cộng đồng") or replaced.
    if changed := [p for p in expected.phrases if p.lower() not in text.lower()]:
        problems.append("làm sai hoặc bỏ mất cụm từ: " + ", ".join(f"«{p}»" for p in changed))
    if expected.commune_name and expected.commune_name not in text:
        problems.append(f"không còn nêu tên xã «{expected.commune_name}»")
    markers = {int(m) for m in _MARKER.findall(text)}
    if markers - expected.allowed_markers:
        problems.append("có dấu trích dẫn không có trong bản gốc: "
                        + ", ".join(f"[{m}]" for m in sorted(markers - expected.allowed_markers)))
    if expected.required_markers - markers:
        problems.append("bỏ mất ý có dấu trích dẫn " + ", ".join(f"[{m}]" for m in sorted(expected.required_markers - markers)))
    person = {m.group(1).lower() for m in _FIRST_PERSON.finditer(text)} - {
        m.group(1).lower() for m in _FIRST_PERSON.finditer(expected.original)}
    if person:
        problems.append("xưng ngôi thứ nhất: " + ", ".join(f"«{p}»" for p in sorted(person)))
    if speculative := _new_phrases(text, expected.original, SPECULATIVE):
        problems.append("dùng lời suy đoán, bình luận: " + ", ".join(f"«{p}»" for p in speculative))
    tone = POLARITY.get(expected.kind)
    if tone == "critical" and (praise := _new_phrases(text, expected.original, PRAISE)):
        problems.append("mục nêu hạn chế nhưng lại khen: " + ", ".join(f"«{p}»" for p in praise))
    if tone == "positive" and (critic := _new_phrases(text, expected.original, CRITICISM)):
        problems.append("mục nêu kết quả nhưng lại nêu hạn chế: " + ", ".join(f"«{p}»" for p in critic))
    if echo := _new_phrases(text, expected.original, PROMPT_ECHO):
        problems.append("chép lại lời yêu cầu: " + ", ".join(f"«{p}»" for p in echo))
    if expected.example:
        copied = (_ngrams(text, EXAMPLE_NGRAM) & _ngrams(expected.example, EXAMPLE_NGRAM)) - _ngrams(
            expected.original, EXAMPLE_NGRAM)
        if copied:
            problems.append("chép câu của ví dụ mẫu: " + ", ".join(f"«{c}»" for c in sorted(copied)[:3]))
    if _MARKDOWN.search(text):
        problems.append("dùng markdown, gạch đầu dòng hoặc đánh số dòng")
    if len(_NAME_VALUE.findall(text)) > len(_NAME_VALUE.findall(expected.original)):
        problems.append("liệt kê dạng «tên: số» thay vì viết thành câu")
    if _FOREIGN_SCRIPT.search(text):
        problems.append("có chữ không phải tiếng Việt")
    if not re.search(r"[.!?…]\s*$|\]\s*\.?\s*$", text):
        problems.append("câu cuối chưa hoàn chỉnh")
    if len(text) < expected.min_chars:
        problems.append(f"quá ngắn ({len(text)} ký tự, cần ít nhất {expected.min_chars})")
    elif len(text) > expected.max_chars:
        problems.append(f"quá dài ({len(text)} ký tự, tối đa {expected.max_chars})")
    return Validation(problems, len(report.ungrounded))
