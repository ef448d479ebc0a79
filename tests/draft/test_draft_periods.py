"""Drafts from a facts table with kỳ trước and kế hoạch (issue 11 §2): this period's value with its
change and its share of plan, never last period's value as this period's."""

from __future__ import annotations

import re

import pytest

from assistant.draft.pipeline import Drafter
from assistant.draft.types import DraftRequest
from assistant.facts.guard import guard
from assistant.workspace.facts import factset_from_rows
from assistant.workspace.models import FactRow

PERIOD, BEFORE = "6 tháng đầu năm 2026", "6 tháng đầu năm 2025"
ROWS = [FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ", previous="1.911"),
        FactRow("Hồ sơ giải quyết đúng hạn", "2.100", "hồ sơ", target="2.000", previous="1.850"),
        FactRow("Hồ sơ số hóa", "1.930", "hồ sơ", target="2.000"),
        FactRow("Tỷ lệ hồ sơ trực tuyến", "84,2", "%", target="90", previous="81"),
        FactRow("Máy tính mới", "", "máy", target="10", previous="4")]
TOPIC = "cải cách hành chính, dịch vụ công trực tuyến"


def _draft(settings, kind: str, previous_period: str = BEFORE):
    facts, errors = factset_from_rows(ROWS, "Tân Hòa", PERIOD, previous_period)
    assert not errors
    request = DraftRequest(kind, TOPIC, "xã Tân Hòa", PERIOD, facts=list(facts))
    draft = Drafter(settings, index=None, backend="composer").draft(request)
    report = guard(draft.text, facts)
    assert draft.ungrounded_after == 0 and report.ok and not report.stale, report.to_dict()
    return draft.text


def _sentence_with(text: str, number: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", text) if re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d,]|\.\d)", s)]


def test_ket_qua_states_this_periods_value_with_its_change_and_share_of_plan(settings) -> None:
    text = _draft(settings, "ket_qua")
    assert f"Số hồ sơ tiếp nhận đạt 2.148 hồ sơ, tăng 12,4% so với {BEFORE} (1.911 hồ sơ)" in text
    assert "đạt 2.100 hồ sơ, vượt chỉ tiêu 2.000 hồ sơ (100 hồ sơ), bằng 105% kế hoạch" in text
    assert f"tăng 13,5% so với {BEFORE} (1.850 hồ sơ)" in text
    # Last period's values appear only beside this period's, as the comparison.
    for old, now in (("1.911", "2.148"), ("1.850", "2.100")):
        assert all(now in s for s in _sentence_with(text, old)), text
    assert "4 máy" not in text  # kỳ này of "Máy tính mới" is not entered: nothing to state yet


def test_han_che_gives_a_rates_change_in_points_and_a_counts_share_of_plan(settings) -> None:
    text = _draft(settings, "han_che", previous_period="")
    lower = text.lower()  # a connector ("Bên cạnh đó, …") may lower a sentence's first letter
    assert "tỷ lệ hồ sơ trực tuyến mới đạt 84,2%, thấp hơn chỉ tiêu 90% là 5,8 điểm phần trăm, tăng 3,2 điểm " \
           "phần trăm so với kỳ trước (81%)" in lower
    assert "số hồ sơ số hóa mới đạt 1.930 hồ sơ, bằng 96,5% kế hoạch, thấp hơn chỉ tiêu 2.000 hồ sơ" in lower
    assert all("84,2%" in s for s in _sentence_with(text, "81%")), text


@pytest.mark.parametrize("kind", ["uu_diem", "ket_qua"])
def test_no_section_writes_kỳ_trước_as_its_own_figure(settings, kind) -> None:
    text = _draft(settings, kind)
    assert not re.search(r"đạt (1\.911|1\.850|81%)", text) and "là 4 máy" not in text
