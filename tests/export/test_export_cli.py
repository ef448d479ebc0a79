"""``assistant export``: sample, REPORT.json, single section, final version, bad input."""

from __future__ import annotations

import json

from docx import Document

import argparse

import pytest

from assistant.cli import export as export_cli
from assistant.export import sample_report
from assistant.report import report_to_dict


@pytest.fixture
def main(settings):
    """Run ``assistant export`` through its own parser, independent of other areas' CLI modules."""

    def run(argv: list[str]) -> int:
        parser = argparse.ArgumentParser(prog="assistant")
        export_cli.register(parser.add_subparsers(dest="command", required=True))
        args = parser.parse_args(argv)
        return args.handler(args, settings)

    return run


def test_export_sample(main, tmp_path, capsys):
    out = tmp_path / "mau.docx"
    assert main(["export", "--sample", "--out", str(out)]) == 0
    assert "Đã xuất bản làm việc" in capsys.readouterr().out
    assert any(p.text == "BÁO CÁO" for p in Document(str(out)).paragraphs)


def test_export_json_final_single_section(main, tmp_path, capsys):
    src = tmp_path / "report.json"
    data = report_to_dict(sample_report())
    del data["header"]["organ"]  # missing header fields come from settings
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "han_che.docx"
    assert main(["export", str(src), "--out", str(out), "--final", "--section", "II/2"]) == 0
    doc = Document(str(out))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["2. Hạn chế"]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "chưa ổn định." in body and "[3]" not in body
    assert doc.tables[0].cell(0, 0).paragraphs[1].text == "XÃ MINH KHÊ"


def test_bad_inputs_exit_non_zero_with_vietnamese_messages(main, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"sections": [{"label": "I.", "heading": "A", "kind": "sai"}]}', encoding="utf-8")
    out = tmp_path / "x.docx"
    assert main(["export", str(bad), "--out", str(out)]) == 2
    assert "sections[0].kind: Loại mục không hợp lệ: 'sai'" in capsys.readouterr().err
    assert not out.exists()

    assert main(["export", str(tmp_path / "missing.json"), "--out", str(out)]) == 2
    assert "Không tìm thấy tệp báo cáo" in capsys.readouterr().err

    assert main(["export", "--sample", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "đuôi .docx" in capsys.readouterr().err

    assert main(["export", "--sample", "--out", str(out), "--section", "IX"]) == 2
    assert "Không có mục 'IX'. Các mục hiện có:" in capsys.readouterr().err
