"""The Report model: JSON round trip, Vietnamese validation errors, skeleton, settings header, sections."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from assistant.export import sample_report
from assistant.ingest.types import SectionKind
from assistant.report import (
    Citation,
    IndicatorRow,
    IndicatorTable,
    Report,
    ReportDate,
    ReportSection,
    ReportValidationError,
    default_skeleton,
    find_section,
    header_from_settings,
    load_report,
    report_from_json,
    report_to_dict,
    report_to_json,
    save_report,
    section_paths,
    single_section_report,
)
from assistant.settings import CommuneHeader


def test_sample_report_survives_json_round_trip(tmp_path):
    report = sample_report()
    path = tmp_path / "r.json"
    save_report(report, path)
    again = load_report(path)
    assert again == report
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    # Numbers stay numbers in JSON and come back as exact Decimals.
    assert data["table"]["rows"][2]["result"] == 84.03
    assert again.table.rows[2].result == Decimal("84.03")


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
cells = st.one_of(
    st.none(),
    texts,
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)
sections = st.recursive(
    st.builds(
        ReportSection,
        label=st.sampled_from(["I.", "1.", "1.1.", "a)"]),
        heading=texts,
        kind=st.sampled_from([k.value for k in SectionKind]),
        paragraphs=st.lists(texts, max_size=3),
        children=st.just([]),
    ),
    lambda children: st.builds(
        ReportSection,
        label=st.sampled_from(["II.", "2.", "b)"]),
        heading=texts,
        kind=st.sampled_from([k.value for k in SectionKind]),
        paragraphs=st.lists(texts, max_size=2),
        children=st.lists(children, max_size=3),
    ),
    max_leaves=8,
)


@hsettings(max_examples=60, deadline=None)
@given(
    sections=st.lists(sections, max_size=4),
    rows=st.lists(st.builds(IndicatorRow, tt=texts, name=texts, unit=texts, target=cells, result=cells), max_size=4),
    day=st.one_of(st.none(), st.integers(1, 31)),
)
def test_json_round_trip_property(sections, rows, day):
    import unicodedata

    report = Report(
        header=header_from_settings(CommuneHeader(), date=ReportDate(day=day, year=2026)),
        sections=sections,
        table=IndicatorTable(rows=rows),
        citations=[Citation(1, "Báo cáo A", "I > 1.", (0, 5), "trích")],
    )
    again = report_from_json(report_to_json(report))
    # Loading normalizes text to NFC; compare against the NFC form of what was generated
    # (as text, so numbers must keep their written digits too).
    assert report_to_json(again) == unicodedata.normalize("NFC", report_to_json(report))


def test_validation_lists_every_problem_in_vietnamese():
    bad = {
        "version": 9,
        "header": {"date": {"day": 40, "month": "ba"}, "recipients": "UBND tỉnh", "signer": "x"},
        "sections": [
            {"label": "I.", "heading": "Kết quả", "kind": "ketqua"},
            {"label": "", "heading": ""},
            "không phải mục",
        ],
        "table": {"rows": [{"tt": 1, "name": "Hồ sơ", "result": True}]},
        "citations": [{"marker": 1, "source": ""}, {"marker": 1, "source": "B"}, {"marker": -2}],
    }
    with pytest.raises(ReportValidationError) as info:
        report_from_json(json.dumps(bad, ensure_ascii=False))
    errors = info.value.errors
    joined = "\n".join(errors)
    assert "version: phiên bản 9 không được hỗ trợ; các phiên bản hợp lệ: 1" in joined
    assert "header.date.day: cần số nguyên từ 1 đến 31" in joined
    assert "header.date.month" in joined
    assert "header.signer: trường không có trong lược đồ" in joined and "signer_name" in joined
    assert "sections[0].kind: Loại mục không hợp lệ: 'ketqua'. Các giá trị hợp lệ: ket_qua" in joined
    assert "sections[1]: mục cần có số thứ tự (label) hoặc tiêu đề (heading)" in joined
    assert "sections[2]: cần một đối tượng mục" in joined
    assert "table.rows[0].result: cần số hoặc chuỗi" in joined
    assert "citations[0].source: trích dẫn [1] thiếu tài liệu nguồn" in joined
    assert "citations: số hiệu trích dẫn bị trùng: 1" in joined
    assert "citations[2].marker: cần số nguyên dương" in joined


def test_invalid_json_text_is_reported_with_position():
    with pytest.raises(ReportValidationError) as info:
        report_from_json('{"version": 1,,}')
    assert "JSON không đọc được (dòng 1" in info.value.errors[0]


def test_default_skeleton_has_the_usual_outline_and_kinds():
    report = default_skeleton()
    outline = [(s.label, s.heading, s.kind) for s in report.walk()]
    assert outline == [
        ("I.", "KẾT QUẢ THỰC HIỆN", "ket_qua"),
        ("II.", "ĐÁNH GIÁ CHUNG", "khac"),
        ("1.", "Ưu điểm", "uu_diem"),
        ("2.", "Hạn chế", "han_che"),
        ("3.", "Nguyên nhân", "nguyen_nhan"),
        ("III.", "NHIỆM VỤ, GIẢI PHÁP", "giai_phap"),
        ("IV.", "KIẾN NGHỊ", "kien_nghi"),
    ]


def test_header_comes_from_settings_and_report_overrides_win():
    commune = CommuneHeader(organ="XÃ HÒA PHONG", place="Hòa Phong", signer_name="Lê Thị Lan", recipients=("UBND tỉnh",))
    header = header_from_settings(commune)
    assert (header.organ, header.place, header.signer_name, header.recipients) == (
        "XÃ HÒA PHONG",
        "Hòa Phong",
        "Lê Thị Lan",
        ("UBND tỉnh",),
    )
    # A REPORT.json that gives only some header fields keeps the commune's others.
    report = report_from_json(
        json.dumps({"header": {"signer_name": "Phạm Văn Bình", "authority": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"]}}),
        defaults=header,
    )
    assert report.header.signer_name == "Phạm Văn Bình"
    assert report.header.authority == ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH")
    assert report.header.organ == "XÃ HÒA PHONG"
    with pytest.raises(ReportValidationError, match="header.date.month"):
        header_from_settings(commune, date={"month": 13})


def test_find_and_export_single_section():
    report = sample_report()
    assert find_section(report, "II/2").heading == "Hạn chế"
    assert find_section(report, "I. > 2. > 2.1. > a)").heading == "Lĩnh vực hộ tịch"
    single = single_section_report(report, "II/2")
    assert [s.title for s in single.sections] == ["2. Hạn chế"]
    assert [c.marker for c in single.citations] == [3]
    assert single.table is None
    with pytest.raises(KeyError) as info:
        find_section(report, "V")
    assert "Các mục hiện có: I, I/1, I/2" in info.value.args[0]
    assert "II/2" in section_paths(report)


def test_single_section_keeps_citations_of_marker_lists_and_ranges():
    report = Report(
        sections=[ReportSection("I.", "KẾT QUẢ", "ket_qua", ["Đạt kế hoạch [1, 3]."]),
                  ReportSection("II.", "HẠN CHẾ", "han_che", ["Còn chậm [4-5]."])],
        citations=[Citation(n, f"nguon-{n}.md") for n in range(1, 6)],
    )
    assert [c.marker for c in single_section_report(report, "I").citations] == [1, 3]
    assert [c.marker for c in single_section_report(report, "II").citations] == [4, 5]


def test_numbers_keep_their_written_precision_through_json():
    table = IndicatorTable(rows=[IndicatorRow("1", "Tỷ lệ", "%", Decimal("80.0"), Decimal("84.10")),
                                 IndicatorRow("2", "Hồ sơ", "hồ sơ", None, Decimal("1484"))])
    text = report_to_json(Report(table=table))
    assert '"result": 84.10' in text and '"target": 80.0' in text and '"result": 1484' in text
    again = report_from_json(text).table.rows
    assert (str(again[0].result), str(again[0].target), str(again[1].result)) == ("84.10", "80.0", "1484")
    # The dict form stays JSON-ready wherever a JSON number can hold the value exactly.
    assert json.loads(json.dumps(report_to_dict(sample_report())))["table"]["rows"]
