"""The guard panel's HTML: real guard reports on a fictional draft, escaping, stale spans."""

from __future__ import annotations

import re

from assistant.facts.guard import GuardMention, guard
from assistant.facts.io import rows_to_factset
from ui.render import guard_html

FACTS = rows_to_factset([{"name": "Hồ sơ tiếp nhận", "value": "1.254", "unit": "hồ sơ"},
                         {"name": "Hồ sơ nộp trực tuyến", "value": "1.067", "unit": "hồ sơ"}],
                        "Tân Hòa", "6 tháng đầu năm 2026").facts


def test_each_status_gets_its_class_and_the_ungrounded_reason_is_listed() -> None:
    text = ("UBND xã Tân Hòa tiếp nhận 1.524 hồ sơ, trong đó 1.067 hồ sơ nộp trực tuyến "
            "trong 6 tháng đầu năm 2026.")
    html = guard_html(text, guard(text, FACTS).mentions)
    red = re.search(r"<mark class='guard-ungrounded' title='([^']+)'>1\.524</mark><sup class='guard-ref'>1</sup>",
                    html)
    assert red, html
    assert re.search(r"<mark class='guard-grounded' title='Khớp số liệu: [^']*1\.067[^']*'>1\.067</mark>", html)
    assert "<mark class='guard-reference'" in html.split("guard-text", 1)[1]  # the period is a reference
    findings = re.findall(r"<li>(.*?)</li>", html)
    assert len(findings) == 1 and "1.524" in findings[0] and red.group(1) in findings[0]
    assert "⚠ 1 con số chưa có căn cứ" in html


def test_text_and_reasons_are_escaped() -> None:
    text = "<script>alert(1)</script> Có 12 hồ sơ \"lạ\" & 'khác'."
    mention = GuardMention(start=text.index("12"), end=text.index("12") + 2, text="12", kind="number",
                           status="ungrounded", value="12", reason="<b>không</b> khớp 'số liệu'")
    html = guard_html(text, [mention])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>không</b>" not in html and "&lt;b&gt;không&lt;/b&gt;" in html
    assert "title='&lt;b&gt;không&lt;/b&gt; khớp &#x27;số liệu&#x27;.'" in html
    assert "&quot;lạ&quot; &amp; &#x27;khác&#x27;" in html


def test_stale_spans_are_skipped_and_a_clean_draft_says_so() -> None:
    old = GuardMention(start=0, end=5, text="1.524", kind="number", status="ungrounded", value="1524")
    html = guard_html("Tân Hòa đã tiếp nhận 1.254 hồ sơ.", [old])
    assert "guard-findings" not in html and "Không có con số nào" in html
    text = "Tân Hòa đã tiếp nhận 1.254 hồ sơ."
    assert "✓ Cả 1 con số đều khớp" in guard_html(text, guard(text, FACTS).mentions)
    assert guard_html("", []) == ""


def test_last_periods_value_is_marked_chưa_cập_nhật_with_its_own_class_and_legend() -> None:
    facts = rows_to_factset([{"name": "Hồ sơ tiếp nhận", "value": "2.148", "unit": "hồ sơ", "previous": "1.911"},
                             {"name": "Hồ sơ nộp trực tuyến", "value": "1.067", "unit": "hồ sơ"}],
                            "Tân Hòa", "6 tháng đầu năm 2026", previous_period="6 tháng đầu năm 2025").facts
    text = "UBND xã tiếp nhận 1.911 hồ sơ, trong đó 1.076 hồ sơ nộp trực tuyến."
    html = guard_html(text, guard(text, facts).mentions)
    stale = re.search(r"<mark class='guard-stale' title='([^']+)'>1\.911</mark><sup class='guard-ref'>1</sup>", html)
    assert stale and "chưa cập nhật" in stale.group(1) and "2.148" in stale.group(1), html
    assert "<mark class='guard-ungrounded'" in html  # the typo is still its own finding (number 2)
    legend = html.split("guard-text", 1)[0]
    assert "<mark class='guard-stale'>chưa cập nhật</mark>" in legend
    findings = re.findall(r"<li>(.*?)</li>", html)
    assert len(findings) == 2 and "guard-stale" in findings[0] and "1.911" in findings[0]
    assert "1 con số chưa có căn cứ" in html and "1 con số là số liệu kỳ trước, chưa cập nhật" in html


def test_every_guard_class_has_a_css_rule() -> None:
    from ui.app import CSS
    from ui.render import GUARD_CLASSES

    for css in GUARD_CLASSES.values():
        assert f"mark.{css} {{" in CSS, css
