"""The drafting plan (issue 9 §1–2): what the officer asked for, as data.

``understand.build_plan`` fills a ``DraftPlan`` from the chat message, the fact table and the
report's fields; ``realize`` writes it. The plan is the boundary between the two: everything
addressed to the assistant ends in ``instructions``/``form``/``recipients``, and only
``items`` — the officer's statements and facts, each with the section's stance — reach the text.

Stances (one per section kind, §2):
- ``achievement`` (kết quả, ưu điểm): what was done, with the figures; vượt/đạt chỉ tiêu;
- ``shortfall`` (hạn chế): mới đạt, còn, chưa; the gap to the target;
- ``cause`` (nguyên nhân): with its side, khách quan / chủ quan, in the order asked;
- ``action`` (giải pháp): the action, the unit in charge and the deadline as the officer gave them;
- ``request`` (kiến nghị): addressed to the recipients named; ``context`` items state why.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from assistant.draft.clauses import Form
from assistant.facts import Fact, FactSet
from assistant.facts.guard import GuardContext
from assistant.facts.model import normalize_name
from assistant.ingest.normalize import fold_diacritics

STANCES = ("achievement", "shortfall", "cause", "action", "request", "context")
STANCE_OF_KIND = {
    "ket_qua": "achievement",
    "uu_diem": "achievement",
    "han_che": "shortfall",
    "nguyen_nhan": "cause",
    "giai_phap": "action",
    "kien_nghi": "request",
}
SIDES = ("khách quan", "chủ quan")


@dataclass(frozen=True)
class ContentItem:
    """One thing the section says: an officer's statement (``text``) or a fact of the table
    (``text`` empty), with the ids of the facts it states."""

    text: str
    fact_ids: tuple[str, ...] = ()
    stance: str = "achievement"
    side: str = ""  # nguyên nhân: "khách quan" | "chủ quan"
    origin: str = "officer"  # "officer" (message, notes) | "table"

    def __post_init__(self) -> None:
        if self.stance not in STANCES:
            raise ValueError(f"stance «{self.stance}» không hợp lệ; chọn một trong: {', '.join(STANCES)}")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ContentItem":
        return cls(**{**data, "fact_ids": tuple(data.get("fact_ids", ()))})


@dataclass
class DraftPlan:
    """A section to write, understood. ``facts`` holds the officer's facts with each target and
    previous-period value attached to the indicator it belongs to (``fold_indicators``)."""

    kind: str
    topic: str
    commune: str
    period: str
    form: Form = field(default_factory=Form)
    recipients: tuple[str, ...] = ()
    items: list[ContentItem] = field(default_factory=list)
    facts: FactSet = field(default_factory=FactSet)
    instructions: tuple[str, ...] = ()  # the clauses addressed to the assistant: never written

    @property
    def commune_name(self) -> str:
        return re.sub(r"^(xã|Xã|XÃ)\s+", "", self.commune.strip())

    @property
    def subject(self) -> str:
        return f"UBND xã {self.commune_name}"

    def fact(self, fact_id: str) -> Fact | None:
        return self.facts.get(fact_id)

    @property
    def guard_context(self) -> GuardContext:
        """The section's own period may be named besides the facts' ("nhiệm vụ 6 tháng cuối năm")."""
        return GuardContext(periods=(self.period,) if self.period else ())

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "topic": self.topic, "commune": self.commune, "period": self.period,
            "form": asdict(self.form), "recipients": list(self.recipients),
            "items": [asdict(i) for i in self.items], "facts": self.facts.to_dict(),
            "instructions": list(self.instructions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "DraftPlan":
        return cls(
            kind=data["kind"], topic=data.get("topic", ""), commune=data.get("commune", ""),
            period=data.get("period", ""), form=form_of(data.get("form") or {}),
            recipients=tuple(data.get("recipients", ())),
            items=[ContentItem.from_dict(i) for i in data.get("items", [])],
            facts=FactSet.from_dict(data.get("facts") or {}), instructions=tuple(data.get("instructions", ())),
        )


def form_of(data: dict[str, Any]) -> Form:
    """A ``Form`` from its JSON (lists back to tuples; unknown keys from another version ignored)."""
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in Form.__dataclass_fields__}
    return Form(**values)


# ---------------------------------------------------------------- indicators: targets, previous periods

# A target's name opens with the word for a plan figure; the rest names the indicator it sets.
_TARGET_HEAD = re.compile(r"^((ty|ti) le )?(chi tieu|ke hoach|muc tieu)( giao| de ra| nam| phan dau)?\b\s*", re.I)
# A period written inside an indicator's name ("Tỷ lệ kích hoạt năm 2025"): a previous value.
_NAME_PERIOD = re.compile(
    r"\(?\b(\d+ tháng (?:đầu |cuối )?năm \d{4}|quý [IV]+/\d{4}|quý [IV]+ năm \d{4}|tháng \d{1,2}/\d{4}|"
    r"năm \d{4}|cùng kỳ(?: năm trước)?|kỳ trước)\b\)?",
    re.I,
)
# Function words that say nothing about which indicator a name means.
_STOP = frozenset("so luong tong cac nhung cua duoc trong ky la dat co ty le ti va voi theo tai cho den "
                  "hien nay do thang dau nam cuoi quy xa".split())
_TOKEN = re.compile(r"[^\W\d_]+")


def name_words(name: str) -> frozenset[str]:
    """Content words of an indicator name, diacritics folded ("Tỷ lệ hồ sơ" → {"ho", "so"})."""
    return frozenset(w for w in _TOKEN.findall(fold_diacritics(name.lower())) if w not in _STOP)


def is_target(fact: Fact) -> bool:
    """A fact that states a plan figure ("Chỉ tiêu hồ sơ công việc điện tử 95%")."""
    return bool(_TARGET_HEAD.match(fold_diacritics(fact.name.strip().lower())))


def target_subject(fact: Fact) -> str:
    """The indicator a target names, without its head word: "Chỉ tiêu hộ gia đình có …" → "hộ gia đình có …"."""
    folded = fold_diacritics(fact.name.strip().lower())
    match = _TARGET_HEAD.match(folded)
    return fact.name.strip()[match.end():].strip() if match else fact.name


def name_period(fact: Fact) -> str:
    """The period an indicator's name states ("năm 2025"), or ""."""
    match = _NAME_PERIOD.search(fact.name)
    return match.group(1) if match else ""


def _family(fact: Fact) -> str:
    unit = (fact.unit or "").strip()
    if unit.startswith("%") or fold_diacritics(fact.name.lower()).startswith(("ty le", "ti le")):
        return "%"
    return unit


def _best_partner(fact: Fact, others: list[Fact], words: frozenset[str]) -> Fact | None:
    """The indicator ``fact`` (a target or a previous value) belongs to: the same unit family and
    the most shared content words; when none share a word, the only candidate of that family."""
    same = [o for o in others if _family(o) == _family(fact)]
    if not same:
        return None
    scored = sorted(((len(words & name_words(o.name)), i, o) for i, o in enumerate(same)), key=lambda t: (-t[0], t[1]))
    if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][2]
    return same[0] if len(same) == 1 else None


@dataclass(frozen=True)
class Folded:
    """``facts`` with targets and previous values attached; ``absorbed`` are the ids of the facts
    that became a target or a previous value of another (they are not written on their own)."""

    facts: FactSet
    absorbed: frozenset[str]
    previous: dict[str, str]  # current fact id → id of its previous-period fact


def fold_indicators(facts: FactSet, report_period: str) -> Folded:
    """Attach each target to the indicator it sets and each previous-period value to its indicator.

    "Chỉ tiêu hồ sơ công việc điện tử 95%" becomes the target of "Tỷ lệ hồ sơ công việc xử lý trên
    môi trường điện tử 88,4%"; "Tỷ lệ kích hoạt năm 2025 74,8%" becomes the previous value of
    "Tỷ lệ kích hoạt định danh điện tử mức 2 91,2%" (a fact of the same name and the earlier
    period, so the facts package derives the change and the guard accepts it).
    A fact whose period is another than the report's (a row's kỳ trước, issue 11 §2) is already
    such a previous value: it is never written on its own, as if it were this period's figure.
    """
    all_facts = list(facts)
    report_key = normalize_name(report_period)
    other = [f for f in all_facts if report_key and f.period and normalize_name(f.period) != report_key]
    targets = [f for f in all_facts if is_target(f) and f not in other]
    earlier = [f for f in all_facts if f not in targets and f not in other and name_period(f)
               and fold_diacritics(name_period(f).lower()) != fold_diacritics(report_period.lower())]
    current = [f for f in all_facts if f not in targets and f not in earlier and f not in other]
    out = FactSet(commune=facts.commune, period=facts.period, facts=list(all_facts))
    absorbed: set[str] = {f.id for f in other}
    previous: dict[str, str] = {}
    for old in other:
        now = next((c for c in current if normalize_name(c.name) == normalize_name(old.name)), None)
        if now is not None:
            previous.setdefault(now.id, old.id)
    for target in targets:
        partner = _best_partner(target, [c for c in current if c.target is None], name_words(target_subject(target)))
        if partner is None:
            continue
        updated = replace(partner, target=target.value, target_op=target.target_op)
        out.facts = [updated if f.id == partner.id else f for f in out.facts]
        current = [updated if f.id == partner.id else f for f in current]
        absorbed.add(target.id)
    for old in earlier:
        words = name_words(_NAME_PERIOD.sub(" ", old.name))
        partner = _best_partner(old, current, words)
        if partner is None:
            continue
        # The same indicator name in the earlier period: what derive_facts pairs as a change.
        as_previous = Fact(name=partner.name, value=old.value, unit=partner.unit or old.unit,
                           period=name_period(old), source=old.source, denominator=old.denominator)
        out.facts = [f for f in out.facts if f.id != old.id] + [as_previous]
        absorbed.add(as_previous.id)
        previous[partner.id] = as_previous.id
    return Folded(out, frozenset(absorbed), previous)


def meets_target(fact: Fact) -> bool | None:
    """Whether the fact reaches its target (None without one); "≤" targets are upper bounds."""
    if fact.target is None:
        return None
    value = fact.value if fact.denominator is None else fact.value / fact.denominator * Decimal(100)
    return value <= fact.target if fact.target_op.startswith("≤") else value >= fact.target


# Negative predicates inside an indicator's name: the fact counts a shortfall ("Hộ chưa có điện
# thoại thông minh", "Máy tính đã sử dụng trên 7 năm" is not; "Thôn còn vùng lõm sóng" is).
_NEGATIVE_NAME = re.compile(r"\b(chua|con thieu|thieu|con vung|con|loi|hong|xuong cap|khong dat|cham)\b")


def counts_shortfall(fact: Fact) -> bool:
    """A fact whose very name states a shortfall, or that falls short of its target."""
    if meets_target(fact) is False:
        return True
    return bool(_NEGATIVE_NAME.search(fold_diacritics(fact.name.lower())))


def rate_parts(facts: list[Fact]) -> dict[str, tuple[str, str]]:
    """Rates that are the share of one count in another: rate id → (part id, whole id), when
    part / whole × 100 rounds to the rate as written ("85,09%" = 1.067 / 1.254). The three are then
    written together ("1.067/1.254 hồ sơ, đạt 85,09%"), and in hạn chế with the remainder."""
    from assistant.facts.numbers import round_to

    counts = [f for f in facts if f.denominator is None and f.target is None and _family(f) not in ("%",) and f.value > 0]
    out: dict[str, tuple[str, str]] = {}
    for rate in facts:
        if _family(rate) != "%" or rate.denominator is not None:
            continue
        for part in counts:
            for whole in counts:
                if part is whole or part.value >= whole.value or (part.unit or "") != (whole.unit or ""):
                    continue
                if round_to(part.value / whole.value * Decimal(100), rate.decimals) == rate.value:
                    out.setdefault(rate.id, (part.id, whole.id))
    return out
