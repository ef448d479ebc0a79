"""The form of a section (issue 9 §3, §7): sentences → text as bullets or paragraphs, with the
sentence or word count asked, and back (``sentences_of``) for revisions of an edited text.

Only the form changes here: every sentence that carries a figure is kept, so "ngắn hơn",
"tách thành gạch đầu dòng" or "4-5 câu" never drop one of the officer's numbers; what goes
first is the closing, then sentences taken from prior reports, then merging items.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.draft.clauses import Form
from assistant.draft.realize import Sentence, end_sentence, lower_first
from assistant.draft.sanitize import sentence_spans
from assistant.draft.templates import Templates

DEFAULT_SENTENCES_PER_PARAGRAPH = 6
_BULLET = re.compile(r"^\s*[-–+•*]\s+")


def word_count(text: str) -> int:
    return len(re.findall(r"\w+", re.sub(r"\[\d+\]", "", text)))


def _merge(a: Sentence, b: Sentence) -> Sentence:
    """Two item sentences as one: "A; b." (the second keeps its own words)."""
    text = f"{a.text.rstrip('.')}; {lower_first(b.text)}"
    return Sentence(end_sentence(text), a.role, a.fact_ids + b.fact_ids, a.marker or b.marker, a.side or b.side)


def _drop(sentences: list[Sentence], role: str) -> list[Sentence]:
    return [s for s in sentences if s.role != role]


def fit_length(sentences: list[Sentence], form: Form) -> list[Sentence]:
    """Drop or merge sentences until the count asked fits; a figure-carrying sentence stays."""
    out = list(sentences)
    if not form.frame:  # an opening that states a problem item carries a figure: it stays
        out = [s for s in out if s.role not in ("opening", "closing") or s.fact_ids]
    if form.shorter:
        out = _drop(_drop(out, "closing"), "cited")
    if form.sentences:
        low, high = form.sentences
        for role in ("closing", "cited"):
            if len(out) > high:
                out = _drop(out, role)
        while len(out) > high:
            items = [i for i, s in enumerate(out) if s.role == "item"]
            pairs = [(i, j) for i, j in zip(items, items[1:]) if j == i + 1 and out[i].side == out[j].side]
            if not pairs:
                break
            # Merge the pair with the fewest words so sentences stay balanced.
            i, j = min(pairs, key=lambda p: word_count(out[p[0]].text) + word_count(out[p[1]].text))
            out[i:j + 1] = [_merge(out[i], out[j])]
    if form.words:
        low, high = form.words
        for role in ("closing", "cited"):
            if sum(word_count(s.text) for s in out) > high:
                out = _drop(out, role)
    return out


def _with_connectors(sentences: list[Sentence], templates: Templates, kind: str, bullets: bool,
                     sides_asked: tuple[str, ...] = ()) -> list[str]:
    """Texts with the section's connectors: "Về khách quan, …" before the first cause of each side,
    "Bên cạnh đó, …" before some items of prose that follow an item of the same stance."""
    cfg = templates.composer.get("connectors", {})
    sides = cfg.get("sides", {})
    # Sides are named when causes of both are given, or when the officer asked for them (an absent
    # side is then flagged by the validator rather than invented).
    several_sides = len({s.side for s in sentences if s.side}) > 1 or bool(sides_asked)
    texts: list[str] = []
    seen_sides: set[str] = set()
    previous: Sentence | None = None
    n = 0
    for s in sentences:
        text = s.text
        if s.role == "item" and kind == "nguyen_nhan" and several_sides and s.side and s.side not in seen_sides:
            seen_sides.add(s.side)
            text = sides.get(s.side, "") + lower_first(text)
        elif s.role == "item" and not bullets and previous is not None and previous.stance == s.stance:
            turn = cfg.get(s.stance or stance_of(kind), [""]) or [""]
            n += 1
            connector = turn[n % len(turn)]
            if connector and not re.match(r"^(Về |Hiện nay|Trong |Tại )", text):
                text = connector + lower_first(text)
        previous = s if s.role == "item" else None
        texts.append(text)
    return texts


def stance_of(kind: str) -> str:
    from assistant.draft.plan import STANCE_OF_KIND

    return STANCE_OF_KIND.get(kind, "achievement")


def lay_out(sentences: list[Sentence], form: Form, templates: Templates, kind: str) -> str:
    """The section's text in the form asked (see the module docstring)."""
    sentences = fit_length(sentences, form)
    if not sentences:
        return ""
    bullets = form.layout == "bullets"
    texts = _with_connectors(sentences, templates, kind, bullets, form.order)
    if bullets:
        head, rest = (texts[0], texts[1:]) if sentences[0].role == "opening" else ("", texts)
        rest = [t for t, s in zip(rest, sentences[1:] if head else sentences) if s.role != "closing"]
        lines = []
        if head:
            lead = head.rstrip(".:")
            lead_in = templates.composer.get("connectors", {}).get("lead_in", ":")
            lines.append(lead + (":" if lead.endswith("sau") else lead_in))
        for i, text in enumerate(rest):
            last = i == len(rest) - 1
            lines.append("- " + text.rstrip(".;") + ("." if last else ";"))
        return "\n".join(lines)
    paragraphs = form.paragraphs or (1 if len(texts) <= DEFAULT_SENTENCES_PER_PARAGRAPH else 2)
    paragraphs = max(1, min(paragraphs, len(texts)))
    size = -(-len(texts) // paragraphs)
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    return "\n".join(" ".join(chunk) for chunk in chunks)


def sentences_of(text: str) -> list[Sentence]:
    """Sentences of a text as written (an edited or polished draft): bullets are sentences, the
    first sentence is the opening, a "[n]" marks a cited one."""
    out: list[Sentence] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        if _BULLET.match(line):
            body = _BULLET.sub("", line).strip().rstrip(";.")
            out.append(Sentence(end_sentence(body[:1].upper() + body[1:]), "item"))
            continue
        for start, end in sentence_spans(line):
            body = line[start:end].strip()
            if body.endswith(":"):
                body = body[:-1] + "."
            out.append(Sentence(body, "item"))
    if out:
        out[0] = replace(out[0], role="opening")
    out = [replace(s, role="cited", marker=int(m.group(1))) if (m := re.search(r"\[(\d+)\]", s.text)) else s
           for s in out]
    return out
