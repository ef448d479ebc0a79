"""``assistant outline FILE``: readable output, JSON, and bad input without a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DIRECTIVE = PROJECT_ROOT / "corpus" / "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx"


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_CONFIG", str(tmp_path / "none.toml"))


def test_prints_what_was_read(capsys) -> None:
    assert main(["outline", str(DIRECTIVE)]) == 0
    out = capsys.readouterr().out
    assert "văn bản chỉ đạo" in out
    assert "Thời hạn: 25/06/2026" in out
    assert "Kính gửi: UBND tỉnh (qua Sở Khoa học và Công nghệ)" in out
    assert "  II. ĐÁNH GIÁ CHUNG  [Khác]" in out
    assert "    2. Tồn tại, hạn chế  [Tồn tại, hạn chế]" in out
    assert "Bảng chỉ tiêu — cột: STT | Chỉ tiêu | Đơn vị tính | Kế hoạch năm 2026 | Kết quả 6 tháng | Ghi chú" in out
    assert "Tỷ lệ hồ sơ trực tuyến toàn trình (đơn vị: %; kế hoạch: ≥ 80)" in out
    assert "Căn cứ: Thực hiện Công văn số 2145/UBND-KGVX" in out


def test_json_output(capsys) -> None:
    assert main(["outline", str(DIRECTIVE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["origin"] == "directive" and data["deadline"] == "2026-06-25"
    assert data["sections"][0]["kind"] == "ket_qua" and len(data["indicators"]) == 6


def test_previous_report_with_period(tmp_path: Path, capsys) -> None:
    report = PROJECT_ROOT / "corpus" / "bao-cao-xa-minh-khe-de-an-06.md"
    assert main(["outline", str(report), "--period", "năm 2026"]) == 0
    out = capsys.readouterr().out
    assert "báo cáo kỳ trước" in out and "kỳ trước: 8.912" in out


@pytest.mark.parametrize(("name", "content", "message"), [
    ("hong.docx", b"PK\x03\x04 not really a zip", "tệp .docx bị hỏng"),
    ("bang.xlsx", b"data", "không được hỗ trợ"),
    ("rong.txt", b"", "tệp rỗng"),
])
def test_bad_files_give_a_vietnamese_message_and_a_non_zero_status(tmp_path: Path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["outline", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: không đọc được") and message in err


def test_missing_file_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "ASSISTANT_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "assistant", "outline", str(tmp_path / "khong-co.docx")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "không đọc được tệp" in done.stderr
