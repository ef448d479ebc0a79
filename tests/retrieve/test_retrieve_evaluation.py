"""The evaluation's query loader and matching rule (the eval itself is a command, not a test)."""

from __future__ import annotations

import json

import pytest

from assistant.retrieve.evaluation import EvalError, is_hit, load_queries

TEXT = "I. KẾT QUẢ\nXã Hòa An đạt 87% hồ sơ\ntrực tuyến toàn trình.\n"


def _write(tmp_path, records):
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    return path


def test_answer_span_resolves_against_the_corpus_file(tmp_path):
    (tmp_path / "hoa_an.txt").write_text(TEXT, encoding="utf-8")
    start = TEXT.index("87%")
    end = TEXT.index("toàn trình") + len("toàn trình")
    path = _write(tmp_path, [{"id": "x", "query": "ty le", "seed": "hoa_an.txt", "answer_span": [start, end]}])
    (record,) = load_queries(path, tmp_path)
    assert record.targets == (("hoa_an.txt", "87% hồ sơ\ntrực tuyến toàn trình"),)
    # Whitespace is collapsed on both sides: a chunk that re-joined the line still matches.
    assert is_hit("Xã Hòa An đạt 87% hồ sơ trực tuyến toàn trình.", "corpus/hoa_an.txt", record)
    assert not is_hit("Xã Hòa An đạt 87% hồ sơ trực tuyến toàn trình.", "corpus/other.txt", record)


@pytest.mark.parametrize("span", [[5, 4], [0, 10_000]])
def test_bad_answer_span_is_a_clear_error(tmp_path, span):
    (tmp_path / "hoa_an.txt").write_text(TEXT, encoding="utf-8")
    path = _write(tmp_path, [{"query": "q", "seed": "hoa_an.txt", "answer_span": span}])
    with pytest.raises(EvalError, match="dòng 1"):
        load_queries(path, tmp_path)
