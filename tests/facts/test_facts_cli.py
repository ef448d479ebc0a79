"""``assistant check`` and ``assistant eval numbers`` as an officer runs them: real files, exit
status, Vietnamese messages on stderr, never a traceback."""

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from assistant.cli import build_parser

PROJECT = Path(__file__).resolve().parents[2]
REPORT = ("Trong 6 tháng đầu năm 2026, UBND xã Hòa Phong tiếp nhận 1.205 hồ sơ; số hồ sơ giải quyết "
          "đúng hạn 1.180/1.205 hồ sơ, đạt 95,1%.")


def run(argv: list[str], settings, capsys) -> tuple[int, str, str]:
    args = build_parser().parse_args(argv)
    code = args.handler(args, settings)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_docx_finds_inconsistent_percentage(tmp_path, settings, capsys):
    doc = Document()
    doc.add_heading("I. KẾT QUẢ THỰC HIỆN", level=1)
    doc.add_paragraph(REPORT)
    path = tmp_path / "bao_cao.docx"
    doc.save(path)
    code, out, err = run(["check", str(path)], settings, capsys)
    assert code == 1, err
    assert "1.180/1.205 × 100 = 97,93%" in out and "95,1%" in out


def test_check_cp1258_text_report(tmp_path, settings, capsys):
    path = tmp_path / "bao_cao.txt"
    tones = "\u0300\u0301\u0303\u0309\u0323"
    legacy = b"".join(
        (unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", ch) if c not in tones))
         + "".join(c for c in unicodedata.normalize("NFD", ch) if c in tones)).encode("cp1258")
        for ch in REPORT)
    path.write_bytes(legacy)
    code, out, err = run(["check", str(path)], settings, capsys)
    assert code == 1, err
    assert "97,93%" in out


@pytest.mark.parametrize("name,data,expected", [
    ("hong.pdf", b"%PDF-1.4 not really a pdf", "hong.pdf"),
    ("hong.docx", b"PK\x03\x04 broken", "hong.docx"),
    ("rong.csv", b"", "tệp rỗng"),
    ("so_lieu.json", '[{"name": "Hộ nghèo"}, {"value": "5"}]'.encode(), "Không nhập được chỉ tiêu nào"),
    ("bang.ods", b"x", "không được hỗ trợ"),
])
def test_check_unreadable_or_empty_input_exits_2_with_message(tmp_path, settings, capsys, name, data, expected):
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(["check", str(path)], settings, capsys)
    assert code == 2
    assert expected in err and not out
    assert "Traceback" not in err and "codec" not in err


def test_check_json_with_some_bad_rows(tmp_path, settings, capsys):
    path = tmp_path / "so_lieu.json"
    path.write_text(json.dumps([{"name": "Hồ sơ tiếp nhận", "value": "1.205"}, {"name": "Hộ nghèo"}],
                               ensure_ascii=False), encoding="utf-8")
    code, out, err = run(["check", str(path)], settings, capsys)
    assert code == 0
    assert "Không phát hiện số liệu mâu thuẫn" in out and "thiếu trường «value»" in err


def test_eval_numbers_reports_malformed_lines_and_runs_the_rest(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bao_cao.txt").write_text(REPORT + "\n", encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text("\n".join([
        json.dumps({"id": "c-1", "seed": "bao_cao.txt", "quote": "1.180/1.205 hồ sơ, đạt 95,1%", "consistent": False},
                   ensure_ascii=False),
        '{"id": "c-2", "seed": "bao_cao.txt", ',
        json.dumps({"id": "c-3", "quote": "1.205 hồ sơ"}, ensure_ascii=False),
        json.dumps({"id": "c-4", "seed": "bao_cao.txt", "quote": "tiếp nhận 1.205 hồ sơ", "consistent": True},
                   ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "assistant", "eval", "numbers", "--cases", str(cases),
                           "--corpus", str(corpus), "--json"], cwd=PROJECT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "dòng 2: không phải JSON hợp lệ" in done.stderr
    assert "dòng 3: thiếu trường «seed»" in done.stderr
    summary = json.loads(done.stdout)
    assert [c["id"] for c in summary["cases"]] == ["c-1", "c-4"]
    assert summary["recall"] == 1.0 and summary["false_positives"] == 0
