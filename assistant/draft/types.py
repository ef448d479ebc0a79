"""Boundary types of the drafting package: what a request carries and what a draft returns.

Everything here is JSON-serializable through ``to_dict``/``from_dict`` so the UI can keep drafts
and chat state in SQLite without knowing the pipeline's internals.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.facts import Fact, FactSet, format_number

# Section kinds the drafter writes (values of assistant.ingest.types.SectionKind) plus the composite
# "Đánh giá chung" = ưu điểm + hạn chế + nguyên nhân drafted in one request.
DRAFTABLE_KINDS = ("ket_qua", "uu_diem", "han_che", "nguyen_nhan", "giai_phap", "kien_nghi")
DANH_GIA_CHUNG = "danh_gia_chung"
DANH_GIA_PARTS = ("uu_diem", "han_che", "nguyen_nhan")
SECTION_CHOICES = DRAFTABLE_KINDS + (DANH_GIA_CHUNG,)

SECTION_TITLES = {
    "ket_qua": "Kết quả thực hiện",
    "uu_diem": "Ưu điểm",
    "han_che": "Tồn tại, hạn chế",
    "nguyen_nhan": "Nguyên nhân",
    "giai_phap": "Nhiệm vụ, giải pháp",
    "kien_nghi": "Kiến nghị, đề xuất",
    DANH_GIA_CHUNG: "Đánh giá chung",
}


# The tone of each section kind (prompts/polish.toml [polarity]; enforced by validate.py):
# limitations and causes are critical, results and strengths positive, tasks and requests directive.
POLARITY = {
    "ket_qua": "positive",
    "uu_diem": "positive",
    "han_che": "critical",
    "nguyen_nhan": "critical",
    "giai_phap": "directive",
    "kien_nghi": "directive",
}


def check_section(section: str) -> str:
    """Return ``section`` if draftable, else raise ValueError listing the valid choices (Vietnamese)."""
    if section not in SECTION_CHOICES:
        valid = ", ".join(f"{k} ({SECTION_TITLES[k]})" for k in SECTION_CHOICES)
        raise ValueError(f"Không soạn được mục {section!r}. Các mục hợp lệ: {valid}")
    return section


def fact_phrase(fact: Fact) -> str:
    """The fact's value with its unit, written the Vietnamese way ("78,82%", "2.148 hồ sơ", "14/41 máy")."""
    if fact.denominator is not None and fact.unit == "%":
        return f"{format_number(fact.value)}/{format_number(fact.denominator)}"
    return fact.display()


def fact_value_text(fact: Fact) -> str:
    """The value alone as the officer wrote it: "2.148", "14/41", "78,82"."""
    text = format_number(fact.value)
    return f"{text}/{format_number(fact.denominator)}" if fact.denominator is not None else text


@dataclass
class DraftRequest:
    """What to draft.

    ``facts`` are the officer's facts, parsed once (table, import or chat) into ``assistant.facts.Fact``;
    ``message`` is the officer's chat request, which ``understand.build_plan`` turns into a plan;
    ``notes`` are statements given outside a message (the CLI's ``--note``, earlier chat turns).
    """

    section: str
    topic: str
    commune: str  # "xã Minh Khê Thượng" or "Minh Khê Thượng"
    period: str = ""
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    message: str = ""
    # The period the officer's figures are of, when the section writes about another: "Nhiệm vụ 6
    # tháng cuối năm" is drafted from the results of 6 tháng đầu năm, which are then this period's
    # figures, not last period's ("chưa cập nhật"). "" = ``period``.
    facts_period: str = ""
    # False for a sub-section among siblings of a whole report: no opening or closing (``Form.frame``).
    frame: bool = True

    def __post_init__(self) -> None:
        check_section(self.section)

    @property
    def commune_name(self) -> str:
        """The commune's name without the leading "xã"."""
        name = self.commune.strip()
        for prefix in ("xã ", "Xã ", "XÃ "):
            if name.startswith(prefix):
                return name[len(prefix):].strip()
        return name

    @property
    def subject(self) -> str:
        """The grammatical subject of administrative sentences: "UBND xã …"."""
        return f"UBND xã {self.commune_name}"

    @property
    def figures_period(self) -> str:
        return self.facts_period or self.period

    def factset(self) -> FactSet:
        return FactSet(commune=self.commune, period=self.figures_period, facts=list(self.facts))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["facts"] = [f.to_dict() for f in self.facts]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DraftRequest":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["facts"] = [Fact.from_dict(f) for f in data.get("facts", [])]
        return cls(**data)


@dataclass(frozen=True)
class Passage:
    """A retrieved passage shown to the drafter as source ``[marker]``."""

    marker: int
    chunk_id: str
    doc_id: str
    source: str
    title: str
    commune: str
    section_path: str
    kind: str
    span: tuple[int, int]
    text: str
    score: float = 0.0


@dataclass(frozen=True)
class Candidate:
    """A sentence from a passage, already adapted to the officer's commune, usable as a model idea."""

    text: str
    marker: int
    score: float


@dataclass(frozen=True)
class Citation:
    """``[marker]`` in a draft → the passage it points to (document, section path, character span)."""

    marker: int
    chunk_id: str
    doc_id: str
    source: str
    section_path: str
    span: tuple[int, int]

    @classmethod
    def of(cls, passage: Passage) -> "Citation":
        return cls(passage.marker, passage.chunk_id, passage.doc_id, passage.source, passage.section_path, passage.span)


@dataclass
class Draft:
    """A drafted section and how it was produced."""

    section: str
    title: str
    text: str
    mode: str  # "composer" or "llm:<backend>/<model>"
    citations: list[Citation] = field(default_factory=list)
    guard: dict[str, Any] = field(default_factory=dict)  # the guard's report, serialized
    ungrounded_before: int = 0  # ungrounded numbers in the first generation
    ungrounded_after: int = 0  # after regeneration / replacement (0 unless flagged for the officer)
    flagged: list[str] = field(default_factory=list)  # Vietnamese notes for the officer
    notices: list[str] = field(default_factory=list)  # e.g. "máy chủ LLM không phản hồi, dùng bộ soạn mẫu"
    timings: dict[str, float] = field(default_factory=dict)  # plan_s, retrieve_s, ttft_s, generate_s, total_s
    prompt_tokens: int = 0
    plan: dict[str, Any] = field(default_factory=dict)  # the DraftPlan it was written from (revisions)
    sentences: list[dict[str, Any]] = field(default_factory=list)  # realize.Sentence as dicts, in order
    suggestions: list[dict[str, Any]] = field(default_factory=list)  # prior sentences offered: text + Citation
    polish: dict[str, int] = field(default_factory=dict)  # LLM sentences tried / accepted
    log: list[str] = field(default_factory=list)  # the validator's reasons, for the evaluation (not shown)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types (tuples as lists), so a stored and reloaded draft compares equal."""
        return json.loads(json.dumps(asdict(self), ensure_ascii=False))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Draft":
        data = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        data["citations"] = [Citation(**{**c, "span": tuple(c["span"])}) for c in data.get("citations", [])]
        return cls(**data)
