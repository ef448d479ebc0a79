"""The app's API through gradio_client: search, facts, streamed drafting, guard on edit, export, uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from gradio_client import Client, handle_file
from gradio_client.exceptions import AppError

from assistant.workspace import LOCAL_USER

FACTS = {
    "headers": ["Chỉ tiêu", "Giá trị", "Đơn vị", "Mục tiêu", "Ghi chú"],
    "data": [
        ["Hồ sơ tiếp nhận", "1.254", "hồ sơ", "", ""],
        ["Hồ sơ nộp trực tuyến", "1.067", "hồ sơ", "", ""],
        ["Tỷ lệ hồ sơ nộp trực tuyến", "85,09", "%", "", ""],
    ],
}
REQUEST = "Viết phần tồn tại, hạn chế về dịch vụ công trực tuyến"


@pytest.fixture(scope="module")
def client(local_app) -> Client:
    c = Client(local_app.url, verbose=False)
    c.predict(api_name="/load_workspace")
    c.predict("Báo cáo chuyển đổi số", "Tân Hòa", "6 tháng đầu năm 2026", api_name="/save_report_fields")
    c.predict(FACTS, api_name="/save_facts")
    return c


def _drafted(local_app, client: Client):
    """Run the chat once per module (drafting is the slow part) and return the saved draft."""
    store = local_app.app.services.store
    (report,) = store.list_reports(LOCAL_USER)
    if not store.list_drafts(LOCAL_USER, report.id):
        job = client.submit(REQUEST, [], None, api_name="/chat")
        list(job)  # consume the stream
        assert job.status().success, job.exception()
    draft = store.list_drafts(LOCAL_USER, report.id)[-1]
    if draft.section_kind == "han_che" and not draft.citations:
        # A hạn chế states the officer's figures; a prior report's sentence comes in when the
        # officer adds one of the "Gợi ý từ báo cáo trước" (then it is cited like any source).
        panel = client.predict(draft.id, api_name="/select_section")
        assert panel[-1]["choices"], "the prior report's hạn chế is offered as a suggestion"
        client.predict(0, draft.id, api_name="/add_suggestion")
    return report, store.list_drafts(LOCAL_USER, report.id)[-1]


def test_search_highlights_and_filters(client: Client) -> None:
    *_, hits = client.predict("hồ sơ trực tuyến", "", "", "", "", api_name="/search")
    assert hits, "the fixture corpus mentions online applications"
    assert "<mark>" in hits[0]["snippet_html"]
    *_, limited = client.predict("người dân ngại thủ tục trên môi trường mạng", "", "", "", "han_che",
                                 api_name="/search")
    assert limited and {h["kind"] for h in limited} == {"han_che"}
    # typed without diacritics, as officers often do
    *_, folded = client.predict("nguoi cao tuoi ngai thuc hien thu tuc", "", "", "", "", api_name="/search")
    assert any("người cao tuổi" in h["text"] for h in folded)


def test_blank_search_gives_vietnamese_message(client: Client) -> None:
    with pytest.raises(AppError, match="Câu tìm kiếm đang trống"):
        client.predict("   ", "", "", "", "", api_name="/search")


def test_search_context_marks_the_passage(client: Client) -> None:
    client.predict("đường truyền internet thôn vùng sâu", "", "", "", "", api_name="/search")
    html = client.predict(0, api_name="/search_context")
    assert "<mark id='cited-passage'>" in html and "Tân Hòa" in html


def test_facts_are_checked_and_derived(client: Client) -> None:
    table, findings, derived, status = client.predict(FACTS, api_name="/save_facts")
    assert [row[1] for row in table["data"]] == ["1.254", "1.067", "85,09"]
    assert any("1.067/1.254" in row[2] for row in derived["data"])
    bad = {"headers": FACTS["headers"], "data": FACTS["data"] + [["Số thôn", "abc", "thôn", "", ""]]}
    _, findings, _, _ = client.predict(bad, api_name="/save_facts")
    assert "Dòng 4" in findings
    client.predict(FACTS, api_name="/save_facts")


def test_chat_streams_a_grounded_draft_with_citations(local_app, client: Client) -> None:
    job = client.submit(REQUEST, [], None, api_name="/chat")
    updates = list(job)
    assert job.status().success, job.exception()
    assert len(updates) >= 2, "the reply is streamed (at least the 'đang soạn' state, then the draft)"
    history = job.outputs()[-1][1]
    assert history[-1]["role"] == "assistant" and "Tân Hòa" in history[-1]["content"][0]["text"]
    report, draft = _drafted(local_app, client)
    assert draft.section_kind == "han_che" and draft.status == "draft"
    assert draft.guard["ok"] is True and "1.254" in draft.text
    assert draft.mode.startswith("Bộ soạn mẫu")
    assert draft.citations and re.search(r"\[\d+\]", draft.text)
    assert draft.guard["ok"] is True  # the added suggestion was re-checked with the draft
    # the chat is persisted on both sides of the turn
    roles = [m.role for m in local_app.app.services.store.chat_history(LOCAL_USER, report.id)]
    assert roles[-2:] == ["user", "assistant"]


def test_citation_opens_source_in_context(local_app, client: Client) -> None:
    _, draft = _drafted(local_app, client)
    panel = client.predict(draft.id, api_name="/select_section")
    assert panel[1] == draft.text
    html = client.predict(0, draft.id, api_name="/open_citation")
    assert "<mark id='cited-passage'>" in html
    assert draft.citations[0]["section_path"].split(" > ")[-1] in html


def test_edit_reruns_guard_and_flags_a_planted_number(local_app, client: Client) -> None:
    _, draft = _drafted(local_app, client)
    assert "85,09%" in draft.text
    planted = draft.text.replace("85,09%", "85,90%", 1)  # two digits swapped
    html = client.predict(planted, draft.id, api_name="/edit_draft")
    # The planted number is marked red with the guard's reason as tooltip, and listed under the text.
    flagged = re.search(r"<mark class='guard-ungrounded' title='([^']+)'>85,90%</mark>", html)
    assert flagged and "85,09%" in flagged.group(1)  # the near miss is suggested
    assert re.search(r"<ol class='guard-findings'><li><mark class='guard-ungrounded'>85,90%</mark> — ", html)
    assert re.search(r"<mark class='guard-grounded' title='Khớp số liệu: [^']+'>1\.067/1\.254</mark>", html)
    saved = local_app.app.services.store.get_draft(LOCAL_USER, draft.report_id, draft.id)
    assert saved.text == planted and saved.guard["ok"] is False
    html = client.predict(draft.text, draft.id, api_name="/edit_draft")  # restore
    assert "guard-findings" not in html and "đều khớp" in html


def test_export_docx_working_and_final(local_app, client: Client) -> None:
    _, draft = _drafted(local_app, client)
    client.predict(draft.id, api_name="/accept_draft")
    path, notes, preview = client.predict("working", api_name="/export_docx")
    text = _docx_text(Path(path))
    assert "BÁO CÁO" in text and "Tân Hòa" in text
    assert "1.254" in text and "85,09" in text
    assert re.search(r"\[\d+\]", text) and "TÀI LIỆU THAM KHẢO" in text
    final_path, _, _ = client.predict("final", api_name="/export_docx")
    final_text = _docx_text(Path(final_path))
    assert "1.254" in final_text and not re.search(r"\[\d+\]", final_text)


def test_upload_indexes_good_files_and_explains_bad_ones(local_app, client: Client, tmp_path: Path) -> None:
    good = tmp_path / "bao-cao-xa-tan-hoa-an-toan-thong-tin.md"
    good.write_text("# BÁO CÁO\n\n## 1. An toàn thông tin\n\nXã Tân Hòa đã cài đặt phần mềm diệt virus "
                    "bản quyền cho toàn bộ máy tính của Bộ phận Một cửa.\n", encoding="utf-8")
    bad = tmp_path / "chay-thu.exe"
    bad.write_bytes(b"MZ\x00\x00")
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    large = tmp_path / "qua-lon.txt"  # the test app allows 2 MB per file
    large.write_text("Dòng văn bản thử nghiệm dung lượng.\n" * 70_000, encoding="utf-8")
    files = [handle_file(p) for p in (good, bad, empty, large)]
    progress, outcomes, documents, _, banner = client.predict(files, api_name="/upload")
    rows = {row[0]: row for row in outcomes["data"]}
    assert rows["bao-cao-xa-tan-hoa-an-toan-thong-tin.md"][1] == "✓"
    assert "định dạng không được hỗ trợ" in rows["chay-thu.exe"][2]
    assert "tệp rỗng" in rows["rong.txt"][2]
    assert "vượt giới hạn 2 MB" in rows["qua-lon.txt"][2]
    assert any(r[0] == "bao-cao-xa-tan-hoa-an-toan-thong-tin.md" for r in documents["data"])
    assert "3 văn bản" in banner
    *_, hits = client.predict("phần mềm diệt virus bản quyền", "", "", "", "", api_name="/search")
    assert hits and hits[0]["source"].endswith("bao-cao-xa-tan-hoa-an-toan-thong-tin.md")
    saved = local_app.settings.data_dir / "uploads" / "bao-cao-xa-tan-hoa-an-toan-thong-tin.md"
    assert saved.is_file()


def _docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def test_correcting_a_number_in_chat_updates_facts_and_drafts(local_app, client: Client) -> None:
    report, draft = _drafted(local_app, client)
    job = client.submit("sửa: hồ sơ tiếp nhận là 1.260", [], None, api_name="/chat")
    list(job)
    assert job.status().success, job.exception()
    outputs = job.outputs()[-1]
    assert "1.260" in outputs[1][-1]["content"][0]["text"]
    store = local_app.app.services.store
    facts = {f.name: f.value for f in store.get_facts(LOCAL_USER, report.id)}
    assert facts["Hồ sơ tiếp nhận"] == "1.260"
    redrafted = store.get_draft(LOCAL_USER, report.id, draft.id)
    assert "1.254" not in redrafted.text and "1.260" in redrafted.text  # the corrected value replaced the old one


def test_tabbing_through_the_empty_draft_box_is_not_an_error(client: Client) -> None:
    client.predict("", None, api_name="/edit_draft")  # the blur of an empty box: no "chưa có mục" error
    with pytest.raises(AppError, match="Chưa có mục nào được chọn"):
        client.predict("Văn bản gõ khi chưa chọn mục", None, api_name="/edit_draft")


def test_accepted_danh_gia_chung_is_exported_as_three_subsections(local_app, client: Client) -> None:
    """Runs last in this module: it adds a second draft to the shared workspace."""
    job = client.submit("Viết phần đánh giá chung về dịch vụ công trực tuyến: người cao tuổi còn ngại nộp hồ sơ "
                        "qua mạng; do đường truyền ở các thôn xa chưa ổn định.", [], None, api_name="/chat")
    list(job)
    assert job.status().success, job.exception()
    report, draft = _drafted(local_app, client)
    assert draft.section_kind == "danh_gia_chung"
    client.predict(draft.id, api_name="/accept_draft")
    path, _, preview = client.predict("final", api_name="/export_docx")
    assert re.search(r"\*\*1\. Ưu điểm\*\*.*\*\*2\. Hạn chế\*\*.*\*\*3\. Nguyên nhân\*\*", preview, re.S)
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ["1. Ưu điểm", "2. Hạn chế", "3. Nguyên nhân"] == [h for h in headings if h[:2] in ("1.", "2.", "3.")]
    assert not any(p.text.startswith(("Ưu điểm:", "Tồn tại, hạn chế:", "Nguyên nhân:")) for p in doc.paragraphs)
