"""The composer: a deterministic drafter that needs no LLM (issue 5 §1, "No LLM").

It assembles a section from templates in ``prompts/composer.toml``: an opening sentence, the
officer's numbers as written, the officer's own notes, up to two candidate sentences from prior
reports (already adapted to the commune, each cited ``[n]``) and a closing sentence. Every number
it writes is one the officer gave, so its drafts pass the guard by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Template

from assistant.draft.grounding import mentions_fact
from assistant.draft.templates import Templates
from assistant.draft.types import DANH_GIA_CHUNG, DANH_GIA_PARTS, POLARITY, SECTION_TITLES, Candidate, DraftRequest, FactLine

CANDIDATES_PER_SECTION = 2


@dataclass
class Composition:
    text: str
    markers: list[int] = field(default_factory=list)  # citations used, in order
    fact_sentences: dict[str, str] = field(default_factory=dict)  # fact name → sentence stating it


def lower_first(text: str) -> str:
    """"Thủ tục hành chính" → "thủ tục hành chính"; acronyms ("TTHC", "VNeID") are kept."""
    text = text.strip()
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def upper_first(text: str) -> str:
    text = text.strip()
    return text[0].upper() + text[1:] if text else text


def _sentence(text: str) -> str:
    text = upper_first(text.strip().rstrip(".;,"))
    return f"{text}." if text else ""


def _fact_phrase(line: FactLine, templates: Templates, name: str, kind: str = "") -> str:
    key = "plain"
    if line.unit.startswith("%"):
        key = "percent_critical" if POLARITY.get(kind) == "critical" else "percent"
    return templates.fill(Template(templates.composer["fact_item"][key]), name=name, phrase=line.phrase)


def fact_sentence(line: FactLine, templates: Templates) -> str:
    """One fact as a full sentence, used when a draft lost it and for "add a number" in chat."""
    return _sentence(_fact_phrase(line, templates, line.name))


def _part(kind: str, request: DraftRequest, candidates: list[Candidate], templates: Templates,
          with_facts: bool = True, with_notes: bool = True) -> Composition:
    parts = templates.composer[kind]
    values = {
        "subject": request.subject,
        "period": request.period or "kỳ báo cáo",
        "topic": lower_first(request.topic) or "các nhiệm vụ được giao",
    }
    notes = [n for n in request.notes if n.strip()] if with_notes else []
    uncovered = [f for f in request.facts if not any(mentions_fact(n, f) for n in notes)] if with_facts else []
    items = [_fact_phrase(f, templates, lower_first(f.name), kind) for f in uncovered]

    sentences = [_sentence(templates.fill(Template(parts["opening"]), **values))]
    if items:
        sentences.append(_sentence(templates.fill(Template(parts["facts"]), **values, facts="; ".join(items))))
    if notes:
        joined = "; ".join(lower_first(n.strip().rstrip(".;")) for n in notes)
        # Without a numbers sentence before it, the notes take its place ("Cụ thể: …").
        slot, key = ("notes", "notes") if items else ("facts", "facts")
        sentences.append(_sentence(templates.fill(Template(parts[slot]), **values, **{key: joined})))
    markers = []
    for candidate in candidates[:CANDIDATES_PER_SECTION]:
        sentences.append(f"{candidate.text.rstrip('.')} [{candidate.marker}].")
        markers.append(candidate.marker)
    if parts.get("closing"):
        sentences.append(_sentence(templates.fill(Template(parts["closing"]), **values)))
    return Composition(" ".join(s for s in sentences if s), markers)


def compose(
    request: DraftRequest, candidates: dict[str, list[Candidate]] | list[Candidate], templates: Templates
) -> Composition:
    """Draft ``request.section`` without an LLM. ``candidates`` per part kind for "Đánh giá chung"."""
    fact_sentences = {f.name: fact_sentence(f, templates) for f in request.facts}
    if request.section != DANH_GIA_CHUNG:
        pool = candidates if isinstance(candidates, list) else candidates.get(request.section, [])
        result = _part(request.section, request, pool, templates)
        result.fact_sentences = fact_sentences
        return result
    # Đánh giá chung: numbers go to ưu điểm, the officer's notes to hạn chế, then nguyên nhân.
    by_kind = candidates if isinstance(candidates, dict) else {k: candidates for k in DANH_GIA_PARTS}
    paragraphs, markers = [], []
    for kind in DANH_GIA_PARTS:
        part = _part(kind, request, by_kind.get(kind, []), templates,
                     with_facts=kind == "uu_diem", with_notes=kind == "han_che")
        paragraphs.append(f"{SECTION_TITLES[kind]}: {part.text}")
        markers += part.markers
    return Composition("\n".join(paragraphs), markers, fact_sentences)
