"""Workspace persistence: restart, kill -9, transactions and isolation between users."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from assistant.workspace import FactRow, WorkspaceNotFound, WorkspaceStore

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_everything_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "ws.sqlite"
    store = WorkspaceStore(db)
    report = store.create_report("lan", "Báo cáo CĐS 6 tháng", commune="Minh Khê", period="6 tháng đầu năm 2026")
    store.replace_facts("lan", report.id, [FactRow("Hồ sơ tiếp nhận", "2.148", "hồ sơ"), FactRow("Tỷ lệ", "78,82", "%")])
    draft = store.save_draft("lan", report.id, section_kind="han_che", title="Hạn chế", text="UBND xã Minh Khê …",
                             mode="composer", citations=[{"marker": 1, "document": "a.docx"}], guard={"ungrounded": []})
    store.set_draft_status("lan", report.id, draft.id, "accepted")
    store.append_chat("lan", report.id, "user", "Viết phần hạn chế")
    store.append_chat("lan", report.id, "assistant", "Đây là bản nháp.")
    store.save_chat_state("lan", report.id, {"last_kind": "han_che"})
    store.add_source("lan", report.id, chunk_id="d1:3", document="a.docx", section_path="II > 2. Hạn chế",
                     text="Đoạn trích", span=(10, 20))
    store.update_report("lan", report.id, header_overrides={"signer_name": "Nguyễn Văn A"})
    del store

    reopened = WorkspaceStore(db)
    (info,) = reopened.list_reports("lan")
    assert (info.commune, info.period, info.header_overrides) == (
        "Minh Khê", "6 tháng đầu năm 2026", {"signer_name": "Nguyễn Văn A"})
    assert [f.value for f in reopened.get_facts("lan", info.id)] == ["2.148", "78,82"]
    (saved,) = reopened.list_drafts("lan", info.id)
    assert saved.status == "accepted" and saved.citations == [{"marker": 1, "document": "a.docx"}]
    assert [m.role for m in reopened.chat_history("lan", info.id)] == ["user", "assistant"]
    assert reopened.load_chat_state("lan", info.id) == {"last_kind": "han_che"}
    assert reopened.list_sources("lan", info.id)[0].span == (10, 20)


def test_users_cannot_reach_each_others_workspaces(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    mine = store.create_report("lan", "Của Lan")
    store.create_report("hung", "Của Hùng")
    assert [r.title for r in store.list_reports("lan")] == ["Của Lan"]
    for call in (
        lambda: store.get_report("hung", mine.id),
        lambda: store.get_facts("hung", mine.id),
        lambda: store.chat_history("hung", mine.id),
        lambda: store.list_drafts("hung", mine.id),
        lambda: store.replace_facts("hung", mine.id, [FactRow("x", "1")]),
        lambda: store.append_chat("hung", mine.id, "user", "xin chào"),
        lambda: store.delete_report("hung", mine.id),
    ):
        with pytest.raises(WorkspaceNotFound):
            call()
    assert store.chat_history("lan", mine.id) == []  # nothing was written by the refused calls


def test_a_draft_id_from_another_report_is_refused(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    a = store.create_report("lan", "A")
    b = store.create_report("lan", "B")
    foreign = store.save_draft("hung", store.create_report("hung", "H").id, section_kind="han_che", title="t", text="x")
    with pytest.raises(WorkspaceNotFound):
        store.get_draft("lan", a.id, foreign.id)
    with pytest.raises(WorkspaceNotFound):
        store.save_draft("lan", b.id, section_kind="han_che", title="t", text="y", draft_id=foreign.id)
    assert store.get_draft("hung", foreign.report_id, foreign.id).text == "x"


def test_failed_change_rolls_back_whole_transaction(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    report = store.create_report("lan", "A")
    store.replace_facts("lan", report.id, [FactRow("Hồ sơ", "10")])
    with pytest.raises(Exception):
        # A None name violates NOT NULL after the DELETE already ran: the delete must be undone.
        store.replace_facts("lan", report.id, [FactRow("ok", "1"), FactRow(None, "2")])  # type: ignore[arg-type]
    assert [f.name for f in store.get_facts("lan", report.id)] == ["Hồ sơ"]


_WRITER = textwrap.dedent(
    """
    import sys
    from assistant.workspace import FactRow, WorkspaceStore
    store = WorkspaceStore(sys.argv[1])
    report = store.create_report("lan", "Ghi liên tục")
    i = 0
    while True:
        i += 1
        store.replace_facts("lan", report.id, [FactRow(f"Chỉ tiêu {i}", str(i))])
        store.append_chat("lan", report.id, "user", f"tin {i}")
        # Report each change only once it returned, as the UI shows "đã lưu" only then.
        print(i, flush=True)
    """
)


def test_kill_9_loses_nothing_reported_as_saved(tmp_path: Path) -> None:
    db = tmp_path / "ws.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(db)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    last_saved = 0
    deadline = time.monotonic() + 60
    assert proc.stdout is not None
    while last_saved < 40 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        last_saved = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert last_saved >= 40, "the writer subprocess did not make progress"

    store = WorkspaceStore(db)
    (report,) = store.list_reports("lan")
    (fact,) = store.get_facts("lan", report.id)
    # The row may be one ahead (written, killed before printing), never behind.
    assert int(fact.value) >= last_saved
    chat = store.chat_history("lan", report.id)
    assert len(chat) >= last_saved and chat[last_saved - 1].content == f"tin {last_saved}"


def test_status_change_and_text_edit_do_not_undo_each_other(tmp_path: Path) -> None:
    store = WorkspaceStore(tmp_path / "ws.sqlite")
    report = store.create_report("lan", "A")
    draft = store.save_draft("lan", report.id, section_kind="han_che", title="Hạn chế", text="bản đầu")
    store.set_draft_status("lan", report.id, draft.id, "accepted")
    store.update_draft_text("lan", report.id, draft.id, "bản sửa", {"ok": True})  # an edit that read "draft" earlier
    saved = store.get_draft("lan", report.id, draft.id)
    assert (saved.status, saved.text, saved.guard) == ("accepted", "bản sửa", {"ok": True})
    with pytest.raises(ValueError, match="Hợp lệ"):
        store.set_draft_status("lan", report.id, draft.id, "xong")
