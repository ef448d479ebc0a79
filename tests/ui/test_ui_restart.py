"""``python -m ui`` in a subprocess: the start refusal, and kill -9 losing nothing shown as saved."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from gradio_client import Client
from gradio_client.exceptions import AppError

from tests.ui.conftest import FIXTURES, free_port

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _env(root: Path, port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ, "PYTHONPATH": str(PROJECT_ROOT), "ASSISTANT_CONFIG": str(root / "none.toml"),
        "ASSISTANT_DATA_DIR": str(root / "data"), "ASSISTANT_CORPUS_DIR": str(root / "corpus"),
        "ASSISTANT_LLM_BACKEND": "composer", "ASSISTANT_UI_PORT": str(port), **extra,
    }


def _start(root: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=PROJECT_ROOT, env=_env(root, port),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise AssertionError("the app did not start within 120 s")


def _wait_until_indexed(client: Client) -> None:
    """Search answers only once the first-start indexing finished (it says so meanwhile)."""
    deadline = time.monotonic() + 180
    while True:
        try:
            client.predict("hồ sơ", "", "", "", "", api_name="/search")
            return
        except AppError as exc:
            assert "đang được lập chỉ mục" in str(exc)
            assert time.monotonic() < deadline, "first-start indexing did not finish"
            time.sleep(1)


def test_refuses_public_bind_without_users(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ui"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            env=_env(tmp_path, free_port(), ASSISTANT_UI_HOST="0.0.0.0"), timeout=120)
    assert result.returncode == 2
    assert "Từ chối khởi động" in result.stderr and "0.0.0.0" in result.stderr


def test_kill_9_keeps_the_workspace(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    port = free_port()
    proc = _start(tmp_path, port)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        _wait_until_indexed(client)
        client.predict(api_name="/load_workspace")
        client.predict("Báo cáo quý I", "Tân Hòa", "quý I/2026", api_name="/save_report_fields")
        client.predict({"headers": ["Chỉ tiêu", "Giá trị", "Đơn vị", "Mục tiêu", "Ghi chú"],
                        "data": [["Hồ sơ tiếp nhận", "912", "hồ sơ", "", ""]]}, api_name="/save_facts")
        job = client.submit("Viết phần tồn tại, hạn chế về dịch vụ công trực tuyến", [], None, api_name="/chat")
        list(job)
        final = job.outputs()[-1]
        assert "Đã lưu bản nháp" in final[2]  # the UI said "saved"
        draft_text = final[6]
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    proc = _start(tmp_path, port)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        (report,) = client.predict(api_name="/list_reports")
        assert (report["title"], report["commune"], report["period"]) == ("Báo cáo quý I", "Tân Hòa", "quý I/2026")
        loaded = client.predict(api_name="/load_workspace")
        text = repr(loaded)
        assert "912" in text and "Viết phần tồn tại, hạn chế" in text
        assert draft_text and draft_text in loaded
    finally:
        proc.terminate()
        proc.wait(timeout=30)
