"""The whole report as drafting requests (assistant/draft/whole.py): outline leaves, fact routing by
the bundled e5 model, what each assessment section may state, and the request never carrying the
directive's guidance as content."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from assistant.draft.whole import facts_for, leaf_sections, report_subject, report_tasks, route_facts
from assistant.facts.model import Fact
from assistant.ingest.types import SectionKind
from assistant.outline import ReportSkeleton, SkeletonSection
from assistant.retrieve.embeddings import bundled_e5

K = SectionKind


def _skeleton() -> ReportSkeleton:
    results = SkeletonSection("I.", "KẾT QUẢ THỰC HIỆN", K.KET_QUA, children=(
        SkeletonSection("1.", "Thu ngân sách và đầu tư công", K.KET_QUA, guidance="Nêu số thu, tỷ lệ giải ngân."),
        SkeletonSection("2.", "Giáo dục và y tế", K.KET_QUA, guidance="Số trường đạt chuẩn, số người có thẻ BHYT."),
    ))
    assessment = SkeletonSection("II.", "ĐÁNH GIÁ CHUNG", K.KHAC, children=(
        SkeletonSection("", "Ưu điểm", K.UU_DIEM),
        SkeletonSection("", "Hạn chế", K.HAN_CHE, guidance="Nêu cụ thể từng tồn tại, có địa chỉ."),
    ))
    return ReportSkeleton("", "directive", title="Báo cáo kết quả thực hiện nhiệm vụ kinh tế - xã hội quý III/2026",
                          period="quý III/2026", sections=(
                              results, assessment,
                              SkeletonSection("III.", "NHIỆM VỤ TRỌNG TÂM QUÝ IV/2026", K.GIAI_PHAP),
                              SkeletonSection("IV.", "KIẾN NGHỊ", K.KIEN_NGHI)))


FACTS = [
    Fact("Tỷ lệ giải ngân vốn đầu tư công", Decimal("58.2"), "%", target=Decimal("75"), target_op="≥", id="gn"),
    Fact("Số trường học đạt chuẩn quốc gia", Decimal("4"), "trường", id="tr"),
    Fact("Tổng thu ngân sách trên địa bàn", Decimal("12450"), "triệu đồng", id="thu"),
    Fact("Tỷ lệ người dân tham gia bảo hiểm y tế", Decimal("93.1"), "%", target=Decimal("92"), id="bhyt"),
    Fact("Tổng thu ngân sách trên địa bàn", Decimal("11800"), "triệu đồng", period="quý III/2025", id="thu0"),
]


def test_leaves_are_addressed_like_the_report_model_reads_them() -> None:
    paths = [leaf.path for leaf in leaf_sections(_skeleton())]
    assert paths == ["I/1", "I/2", "II/#1", "II/#2", "III", "IV"]


def test_facts_go_to_the_section_they_belong_to() -> None:
    places = ["Thu ngân sách và đầu tư công. Nêu số thu, tỷ lệ giải ngân",
              "Giáo dục và y tế. Số trường đạt chuẩn, số người có thẻ BHYT"]
    routed = route_facts(FACTS[:4], places, bundled_e5().embed_documents)
    assert {f.id for f in routed[0]} == {"gn", "thu"}
    assert {f.id for f in routed[1]} == {"tr", "bhyt"}


def test_each_section_gets_a_request_of_its_kind_without_the_guidance() -> None:
    tasks = report_tasks(_skeleton(), FACTS, commune="Tân Hòa", period="quý III/2026")
    by_path = {t.path: t for t in tasks}
    assert [t.request.section for t in tasks] == ["ket_qua", "ket_qua", "uu_diem", "han_che", "giai_phap", "kien_nghi"]
    assert {f.id for f in by_path["I/1"].request.facts} == {"gn", "thu", "thu0"}  # last period travels along
    assert all("Nêu" not in t.request.message and "địa chỉ" not in t.request.message for t in tasks)
    assert {f.id for f in by_path["II/#1"].request.facts} == {"bhyt"}  # the target met
    assert {f.id for f in by_path["II/#2"].request.facts} == {"gn"}  # the target missed
    assert {f.id for f in by_path["III"].request.facts} == {"gn"}
    assert by_path["IV"].request.facts == []
    # A heading naming another period is about that period; a kind-only heading about the report's subject.
    assert by_path["III"].request.period == "quý IV/2026"
    assert by_path["II/#1"].request.topic == "nhiệm vụ kinh tế - xã hội"
    assert by_path["I/2"].request.topic == "Giáo dục và y tế"


def test_the_subject_of_a_report_is_its_title_without_the_document_head_and_period() -> None:
    subject = lambda title: report_subject(ReportSkeleton("", "default", title=title))  # noqa: E731
    assert subject("Kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026") == \
        "chuyển đổi số, phát triển chính quyền số"
    assert subject("Báo cáo kết quả thực hiện Đề án 06 quý III/2025") == "Đề án 06"
    assert subject("Tình hình cải cách hành chính năm 2026") == "cải cách hành chính"


def test_assessment_sections_state_only_facts_of_their_stance() -> None:
    assert {f.id for f in facts_for("uu_diem", FACTS[:4])} == {"bhyt"}
    assert facts_for("nguyen_nhan", FACTS[:4]) == []
    no_targets = [FACTS[1], FACTS[2]]
    assert facts_for("uu_diem", no_targets) == no_targets  # nothing to compare with: every achievement


def test_a_section_about_the_next_period_states_this_periods_figures_as_current(settings) -> None:
    """"NHIỆM VỤ TRỌNG TÂM QUÝ IV/2026" is drafted from quý III's results: the giải pháp for the missed
    target names this period's rate and the target, and the guard calls neither "chưa cập nhật"."""
    from assistant.draft import Drafter

    facts = [f if f.period else replace(f, period="quý III/2026") for f in FACTS]  # as the table gives them
    tasks = {t.path: t for t in report_tasks(_skeleton(), facts, commune="Tân Hòa", period="quý III/2026")}
    request = tasks["III"].request
    assert (request.period, request.figures_period) == ("quý IV/2026", "quý III/2026")
    draft = Drafter(settings, index=None, backend="composer").draft(request)
    assert "58,2" in draft.text, draft.text
    statuses = {m["text"]: m["status"] for m in draft.guard["mentions"]}
    assert "stale" not in statuses.values(), statuses


def _sample_directive_report(settings):
    """The sample corpus's directive with a fourth kết quả section, and its six indicators filled."""
    from pathlib import Path

    from assistant.outline import read_skeleton
    from assistant.workspace import FactRow
    from assistant.workspace.facts import factset_from_rows

    corpus = Path(__file__).resolve().parents[2] / "corpus"
    skeleton = read_skeleton(corpus / "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx", settings)
    first, *rest = skeleton.sections
    tasks = first.children[1]
    extra = SkeletonSection("d)", "Chuyển đổi số trong giáo dục, y tế", K.KET_QUA)
    first = replace(first, children=(first.children[0], replace(tasks, children=tasks.children + (extra,))))
    skeleton = replace(skeleton, sections=(first, *rest))
    values = ["86,5", "64,0", "100", "9", "14", "3.412"]
    rows = [FactRow(i.name, v, i.unit, i.target, group=i.group) for i, v in zip(skeleton.indicators, values)]
    rows.append(FactRow("Số trường học sử dụng sổ điểm điện tử", "6", "trường"))
    facts, errors = factset_from_rows(rows, "Minh Khê", skeleton.period)
    assert not errors
    return skeleton, list(facts)


def test_a_group_of_the_directives_form_goes_to_one_section(settings) -> None:
    """"Tổ công nghệ số cộng đồng" alone is nearer "Chuyển đổi số trong giáo dục, y tế" by its words;
    its group "Hạ tầng và nhân lực số" goes, as a whole, to "a) Hạ tầng số và an toàn thông tin"."""
    skeleton, facts = _sample_directive_report(settings)
    tasks = {t.path: t for t in report_tasks(skeleton, facts, commune="Minh Khê", period=skeleton.period)}
    assert {f.name for f in tasks["I/2/a"].request.facts} == {
        "Tổ công nghệ số cộng đồng đang hoạt động", "Cán bộ, công chức được cấp chữ ký số cá nhân"}
    assert [f.name for f in tasks["I/2/d"].request.facts] == ["Số trường học sử dụng sổ điểm điện tử"]


def test_sub_sections_state_their_results_without_a_repeated_frame(settings) -> None:
    """a) … d) under "2. Kết quả thực hiện các nhiệm vụ" go straight to their figures, a result below
    its target included as such; the sections alone under their heading keep their opening."""
    from assistant.draft import Drafter

    skeleton, facts = _sample_directive_report(settings)
    tasks = {t.path: t for t in report_tasks(skeleton, facts, commune="Minh Khê", period=skeleton.period)}
    assert [p for p, t in tasks.items() if not t.request.frame] == ["I/2/a", "I/2/b", "I/2/c", "I/2/d"]
    drafter = Drafter(settings, index=None, backend="composer")
    results = drafter.draft(tasks["I/2/b"].request).text
    assert results.startswith("Tỷ lệ hồ sơ trực tuyến toàn trình đạt 86,5%"), results
    assert "tỷ lệ thanh toán trực tuyến đạt 64,0%, chưa đạt chỉ tiêu 70%" in results
    assert "góp phần nâng cao" not in results
    strengths = drafter.draft(tasks["II/1"].request).text
    assert strengths.startswith("Trong 6 tháng đầu năm 2026") and "64,0" not in strengths
