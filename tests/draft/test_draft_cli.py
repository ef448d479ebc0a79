"""The ``assistant draft`` and ``assistant eval drafting`` commands (composer, fictional data)."""

import json

from assistant.cli import main

TASK = {
    "id": "t-01", "section": "han_che", "topic": "Hạ tầng số", "commune": "xã Hòa Bình Tây", "period": "quý I/2026",
    "numbers": [{"name": "Máy tính đã dùng trên 6 năm", "value": "12/35", "unit": "máy"},
                {"name": "Tỷ lệ máy tính cũ", "value": "34,29", "unit": "%"}],
    "request": "Viết phần \"Tồn tại, hạn chế\" về hạ tầng số: 12/35 máy tính đã dùng trên 6 năm (34,29%).",
    "must_mention": ["Hòa Bình Tây", "12/35", "34,29%"], "must_not": ["46 máy", "Sơn Lâm", "Đồi Mây", "100%"],
}


def test_draft_command_with_a_facts_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    facts = tmp_path / "so-lieu.txt"
    facts.write_text("Tiếp nhận 1.250 hồ sơ, trong đó 980 hồ sơ toàn trình.", encoding="utf-8")
    code = main(["draft", "--section", "ket_qua", "--topic", "dịch vụ công trực tuyến", "--facts", str(facts),
                 "--commune", "xã Hòa Bình Tây", "--period", "quý I/2026", "--backend", "composer", "--json"])
    assert code == 0
    draft = json.loads(capsys.readouterr().out)
    assert draft["mode"] == "composer" and "1.250" in draft["text"] and "980" in draft["text"]
    assert draft["ungrounded_after"] == 0


def test_draft_command_rejects_a_missing_facts_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    code = main(["draft", "--section", "han_che", "--topic", "x", "--facts", str(tmp_path / "none.csv"),
                 "--backend", "composer"])
    assert code == 2 and "Không tìm thấy tệp số liệu" in capsys.readouterr().err


def test_eval_drafting_json(tmp_path, monkeypatch, capsys, draft_corpus):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text(json.dumps(TASK, ensure_ascii=False) + "\n", encoding="utf-8")
    code = main(["eval", "drafting", "--tasks", str(tasks), "--corpus", str(draft_corpus), "--backend", "composer",
                 "--cache-dir", str(tmp_path / "cache"), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    metrics = {"ungrounded_before", "ungrounded_after", "must_mention_coverage", "must_not_hits", "citations_valid",
               "instruction_leaks", "form_errors", "recipient_misses", "order_errors", "style_errors",
               "llm_accepted", "llm_tried", "ttft_s", "total_s", "prompt_tokens"}
    assert set(result["overall"]) == metrics
    task = result["tasks"][0]
    assert metrics <= set(task)
    assert task["must_mention_coverage"] == 1.0 and task["must_not_hits"] == 0 and task["ungrounded_after"] == 0
    assert task["citations_valid"] == 1.0
    assert task["instruction_leaks"] == 0 and task["form_errors"] == 0 and task["style_errors"] == 0


def test_eval_counts_a_leaked_instruction_and_a_wrong_form(tmp_path, monkeypatch, capsys):
    """The evaluation's own checks (not the drafter's validator) catch what a draft must not do."""
    from assistant.draft.evaluation import score, task_of
    from assistant.draft.types import Draft

    task = task_of({**TASK, "instructions": ["Viết phần"], "format": "bullets", "address": [["Sở Nội vụ"]],
                    "order": ["chủ quan", "khách quan"]})
    draft = Draft("han_che", "Tồn tại, hạn chế",
                  "Viết phần hạn chế. Cụ thể: Ý chính: khách quan rồi chủ quan, 12/35 máy, 34,29%.", "composer")
    result = score(task, draft, set())
    assert (result.instruction_leaks, result.form_errors, result.recipient_misses, result.order_errors) == (1, 1, 1, 1)
    assert result.style_errors == 1  # the label chain "Cụ thể: Ý chính:"
