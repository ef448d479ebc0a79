"""Checks of what the drafter writes (issue 9 §4, §6).

``check_sentence`` decides whether an LLM rewrite of one composer sentence may replace it: the
numeric guard grounds it, it keeps every figure as written and the commune's name, adds no
figure, stays in the sentence's stance, and carries none of what the embedded model was seen to
do (first person, speculation, markdown, prompt echo, a cut-off end, another script).

``check_draft`` reads a whole section as the officer would and lists what makes it unusable:
the officer's instructions in the text, label chains ("Cụ thể: Ý chính: …"), chat openers, first
or second person, markdown, the wrong form (bullets / prose / sentence count), a kiến nghị that
does not name its recipients, causes in the wrong order, a shortfall stated in an ưu điểm, a
target stated as a result. Each problem is one Vietnamese phrase.
"""

from __future__ import annotations

import re

from assistant.draft.plan import DraftPlan, is_target
from assistant.draft.realize import Sentence
from assistant.draft.sanitize import nfc
from assistant.facts import find_numbers, format_number, guard

# Speculative or conversational phrasing: not administrative style (seen in the model's drafts).
SPECULATIVE = ("có thể thấy rằng", "có thể thấy", "điều này có thể là do", "có thể là do", "điều này cho thấy",
               "có lẽ", "dường như", "sẽ giúp", "nhìn chung thì")
# Praise that must not appear in a critical sentence, and criticism in a positive one.
PRAISE = ("đạt kết quả tốt", "kết quả tốt", "kết quả tích cực", "hiệu quả cao", "tốt đẹp", "nổi bật", "xuất sắc",
          "thành công", "được đánh giá cao", "đáng ghi nhận", "đáng khích lệ", "vượt chỉ tiêu", "hoàn thành tốt",
          "ấn tượng")
CRITICISM = ("còn hạn chế", "tồn tại, hạn chế", "yếu kém", "bất cập", "chưa đáp ứng", "còn thấp", "còn nhiều khó khăn",
             "vướng mắc", "mới đạt", "chưa đạt", "thấp hơn chỉ tiêu")
# The prompt's own words coming back in the answer.
PROMPT_ECHO = ("câu gốc", "viết lại", "chỉ trả lời", "yêu cầu:", "văn phong")
CHAT_OPENERS = re.compile(r"^\s*(dưới đây là|sau đây là|vâng|dạ|chắc chắn|tôi xin|mình xin|đây là (bản|đoạn))",
                          re.IGNORECASE | re.MULTILINE)
_PERSON = re.compile(r"(?<!\w)(chúng tôi|chúng ta|chúng em|chúng mình|tôi|mình|bạn|anh chị|các bạn)(?!\w)", re.IGNORECASE)
_MARKDOWN = re.compile(r"\*\*|__|`|^\s*#|^\s*[*•+]\s|^\s*\d+[.)]\s", re.MULTILINE)
_BULLET_LINE = re.compile(r"^\s*-\s+\S", re.MULTILINE)
# "Cụ thể: Ý chính: …", "Số liệu: …" — a label and a colon, twice in one sentence, or a dump opener.
_LABEL_CHAIN = re.compile(r"(?:^|[.:;]\s*)[^\W\d][^.:;\n]{0,40}:\s*[^\W\d][^.:;\n]{0,40}:\s", re.MULTILINE)
_DUMP_OPENER = re.compile(r"\b(Cụ thể|Số liệu|Tình hình|Bối cảnh|Ý chính)\s*:", re.IGNORECASE)
_FOREIGN_SCRIPT = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]")
_CONNECTOR_OPENING = re.compile(r"^(bên cạnh đó|ngoài ra|đồng thời|tuy nhiên|do đó|vì vậy)\b", re.IGNORECASE)
_TARGET_WORDS = re.compile(r"chỉ tiêu|kế hoạch|mục tiêu|phấn đấu", re.IGNORECASE)
LENGTH_RATIO = (0.5, 1.8)


def _ws(text: str) -> str:
    return re.sub(r"\s+", " ", nfc(text)).strip().lower()


def _new_phrases(text: str, original: str, phrases: tuple[str, ...]) -> list[str]:
    """Phrases present in ``text`` (case-insensitive) but not in ``original``; longest match only."""
    low, orig = text.lower(), original.lower()
    found: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        if phrase in low and phrase not in orig and not any(phrase in f for f in found):
            found.append(phrase)
    return found


def _numbers(text: str) -> list[str]:
    return [m.text for m in find_numbers(text) if m.kind not in ("citation", "label")]


def leaked_instructions(text: str, instructions: tuple[str, ...] | list[str], known: str = "") -> list[str]:
    """Instruction clauses (three words or more) that stand in ``text``, compared as the
    evaluation does: case-insensitive after collapsing whitespace. A clause that only names what the
    draft names anyway (``known``: the commune, the period, the topic) is no leak."""
    low, known = _ws(text), _ws(known)
    return [i for i in instructions if len(i.split()) >= 3 and _ws(i) in low and _ws(i).strip(" .,") not in known]


def _known(plan: DraftPlan) -> str:
    return " | ".join((plan.commune, plan.subject, plan.period, plan.topic))


def check_sentence(answer: str, original: Sentence, plan: DraftPlan) -> list[str]:
    """Why an LLM rewrite of ``original`` may not replace it; empty means accept."""
    text = nfc(answer).strip()
    if not text:
        return ["không có nội dung"]
    problems: list[str] = []
    report = guard(text, plan.facts)
    if report.ungrounded:
        problems.append("có số không có trong số liệu của xã: " + ", ".join(f"«{m.text}»" for m in report.ungrounded))
    before, after = _numbers(original.text), _numbers(text)
    if lost := [n for n in before if n not in after]:
        problems.append("làm mất hoặc đổi số liệu: " + ", ".join(f"«{n}»" for n in lost))
    if len(after) > len(before):
        problems.append("thêm số liệu")
    if plan.commune_name and plan.commune_name in original.text and plan.commune_name not in text:
        problems.append(f"không còn nêu tên xã «{plan.commune_name}»")
    person = {m.group(1).lower() for m in _PERSON.finditer(text)} - {
        m.group(1).lower() for m in _PERSON.finditer(original.text)}
    if person:
        problems.append("xưng ngôi thứ nhất hoặc thứ hai: " + ", ".join(f"«{p}»" for p in sorted(person)))
    if speculative := _new_phrases(text, original.text, SPECULATIVE):
        problems.append("dùng lời suy đoán, bình luận: " + ", ".join(f"«{p}»" for p in speculative))
    stance = original.stance
    if stance in ("shortfall", "cause", "context") and (praise := _new_phrases(text, original.text, PRAISE)):
        problems.append("câu nêu hạn chế nhưng lại khen: " + ", ".join(f"«{p}»" for p in praise))
    if stance == "achievement" and (critic := _new_phrases(text, original.text, CRITICISM)):
        problems.append("câu nêu kết quả nhưng lại nêu hạn chế: " + ", ".join(f"«{p}»" for p in critic))
    if echo := _new_phrases(text, original.text, PROMPT_ECHO):
        problems.append("chép lại lời yêu cầu: " + ", ".join(f"«{p}»" for p in echo))
    if leaked := leaked_instructions(text, plan.instructions, _known(plan)):
        problems.append("chép lời dặn của cán bộ: " + ", ".join(f"«{p}»" for p in leaked))
    if _MARKDOWN.search(text) or _BULLET_LINE.search(text):
        problems.append("dùng markdown hoặc gạch đầu dòng")
    if _CONNECTOR_OPENING.match(text) and not _CONNECTOR_OPENING.match(original.text):
        problems.append("mở đầu bằng từ nối")
    if _FOREIGN_SCRIPT.search(text) or re.search(r"[a-zA-Z]{3,}ing\b|\bthe\b", text):
        problems.append("có chữ không phải tiếng Việt")
    if not re.search(r"[.!?…]\s*$", text):
        problems.append("câu chưa hoàn chỉnh")
    if any(text.count(a) - text.count(b) != original.text.count(a) - original.text.count(b) for a, b in ("()", "“”", "«»")):
        problems.append("ngoặc không cân đối")
    if re.search(r"[.!?]\s+\S", text.rstrip(".!? ")):
        problems.append("viết thành nhiều câu")
    low, high = LENGTH_RATIO
    if not low * len(original.text) <= len(text) <= high * len(original.text) + 10:
        problems.append(f"độ dài {len(text)} ký tự, câu gốc {len(original.text)}")
    return problems


def _sentence_count(text: str) -> int:
    body = re.sub(r"\[\d+\]", "", text)
    return len([s for s in re.split(r"(?<=[.!?])\s+(?=\S)|\n+", body) if re.search(r"\w", s)])


def form_problems(text: str, plan: DraftPlan) -> list[str]:
    """The wrong form: bullets asked but not given (or given when prose was asked), a sentence
    count off by more than one."""
    problems = []
    bullets = len(_BULLET_LINE.findall(text))
    if plan.form.layout == "bullets" and bullets < 3:
        problems.append("cán bộ yêu cầu gạch đầu dòng nhưng bản nháp không có đủ 3 dòng «- »")
    if plan.form.layout != "bullets" and bullets:
        problems.append("có gạch đầu dòng khi không được yêu cầu")
    if plan.form.sentences and plan.form.layout != "bullets":
        low, high = plan.form.sentences
        n = _sentence_count(text)
        if not low - 1 <= n <= high + 1:
            problems.append(f"có {n} câu, cán bộ yêu cầu {low}–{high} câu")
    if plan.form.paragraphs and plan.form.layout != "bullets":
        n = len([p for p in text.split("\n") if p.strip()])
        if n != plan.form.paragraphs:
            problems.append(f"có {n} đoạn, cán bộ yêu cầu {plan.form.paragraphs} đoạn")
    return problems


def check_draft(text: str, plan: DraftPlan) -> list[str]:
    """What makes the section unusable for the officer (see the module docstring)."""
    problems = []
    if leaked := leaked_instructions(text, plan.instructions, _known(plan)):
        problems.append("bản nháp chép lời dặn của cán bộ: " + ", ".join(f"«{p}»" for p in leaked))
    if _LABEL_CHAIN.search(text) or _DUMP_OPENER.search(text):
        problems.append("liệt kê dạng «nhãn: …» thay vì viết thành câu")
    if CHAT_OPENERS.search(text):
        problems.append("mở đầu kiểu trò chuyện")
    if person := sorted({m.group(1).lower() for m in _PERSON.finditer(text)}):
        problems.append("xưng ngôi thứ nhất hoặc thứ hai: " + ", ".join(f"«{p}»" for p in person))
    if _MARKDOWN.search(text):
        problems.append("dùng markdown")
    problems += form_problems(text, plan)
    if plan.kind == "kien_nghi":
        low = text.lower()
        if missing := [r for r in plan.recipients if r.lower() not in low]:
            problems.append("kiến nghị chưa nêu cơ quan được đề nghị: " + ", ".join(missing))
    if plan.form.order:
        low = text.lower()
        positions = [low.find(w.lower()) for w in plan.form.order]
        if missing := [w for w, p in zip(plan.form.order, positions) if p < 0]:
            problems.append("chưa có ý nào về " + ", ".join(f"«{w}»" for w in missing) + " như cán bộ yêu cầu")
        elif positions != sorted(positions):
            problems.append("các ý không theo thứ tự yêu cầu: " + " → ".join(plan.form.order))
    if plan.kind == "uu_diem" and (critic := [c for c in CRITICISM if c in text.lower()]):
        problems.append("mục ưu điểm nêu hạn chế: " + ", ".join(f"«{c}»" for c in critic))
    problems += target_problems(text, plan)
    low = text.lower()
    if excluded := [x for x in plan.form.exclude if x and x.lower() in low]:
        problems.append("có nội dung cán bộ dặn không nêu: " + ", ".join(f"«{x}»" for x in excluded))
    return problems


def target_problems(text: str, plan: DraftPlan) -> list[str]:
    """A target's value stated in a clause with no word saying it is a target ("chỉ tiêu 95%")."""
    out = []
    for fact in plan.facts:
        targets = [fact.value] if is_target(fact) else []
        if not targets:
            continue
        value = re.escape(format_number(fact.value))
        for match in re.finditer(rf"(?<![\d.,]){value}(?![\d]|[.,]\d)", text):
            clause_start = max(text.rfind(sep, 0, match.start()) for sep in (".", ";", ",", "\n", "("))
            window = text[max(0, clause_start):match.start()]
            if not _TARGET_WORDS.search(window):
                out.append(f"chỉ tiêu {format_number(fact.value)} được viết như kết quả đạt được")
                break
    return out
