"""A passage several files contain is shown once, naming the other files; score-0 results are not shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.retrieve import index_paths, search

SHARED = ("Bộ phận Một cửa bố trí hai máy tính để người dân tự nộp hồ sơ trực tuyến, có cán bộ đoàn "
          "thanh niên hỗ trợ vào sáng thứ Bảy hằng tuần.")


def _report(commune: str, number: str, results: str) -> str:
    return (f"**ỦY BAN NHÂN DÂN XÃ {commune.upper()}**\n\nSố: {number}/BC-UBND\n\n{commune}, ngày 5 tháng 6 năm 2026\n\n"
            f"# BÁO CÁO\n\n## Kết quả cải cách hành chính 6 tháng đầu năm 2026\n\n### I. KẾT QUẢ\n\n{results}\n\n"
            f"{SHARED}\n\n### II. HẠN CHẾ\n\nMột số thôn vùng cao sóng điện thoại yếu.\n")


@pytest.fixture
def three_communes(index, tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "xa_dong_phu.md").write_text(_report("Đông Phú", "31", "Xã tiếp nhận 640 hồ sơ."), encoding="utf-8")
    (corpus / "xa_tay_phu.md").write_text(_report("Tây Phú", "12", "Xã tiếp nhận 512 hồ sơ."), encoding="utf-8")
    (corpus / "xa_nam_phu.md").write_text(_report("Nam Phú", "7", "Xã tiếp nhận 233 hồ sơ."), encoding="utf-8")
    assert index_paths([corpus], index, root=corpus.parent).ok
    return index


def test_a_passage_in_several_files_shows_once_with_the_others(three_communes) -> None:
    hits = search("máy tính để người dân tự nộp hồ sơ trực tuyến", three_communes, k=5)
    shared = [h for h in hits if "hai máy tính" in h.text]
    assert len(shared) == 1, [h.source for h in hits]
    hit = shared[0]
    others = {"corpus/xa_dong_phu.md", "corpus/xa_tay_phu.md", "corpus/xa_nam_phu.md"} - {hit.source}
    assert set(hit.also_in) == others
    assert hit.also_in_text.startswith("cũng có trong: ") and all(Path(o).name in hit.also_in_text for o in others)
    # each commune's own header is its own passage: shown separately, with no "cũng có trong"
    headers = [h for h in hits if h.text.startswith("ỦY BAN NHÂN DÂN")]
    assert len({h.source for h in headers}) == len(headers) >= 2 and all(not h.also_in for h in headers)


def test_results_with_score_zero_are_not_shown(three_communes) -> None:
    query = "loa truyền thanh thông minh"
    ranked = three_communes.hybrid_ranking(query, None, 100)
    assert any(score == 0 for _, score in ranked)  # score fusion gives the last candidate of both rankings 0
    hits = search(query, three_communes, k=100)
    assert hits and all(h.score > 0 for h in hits)
    assert len(hits) == sum(1 for _, score in ranked if score > 0)


def test_cli_search_output_names_the_other_files(three_communes, capsys) -> None:
    from assistant.cli.corpus import _print_hits

    _print_hits(search("máy tính để người dân tự nộp hồ sơ trực tuyến", three_communes, k=3), color=False)
    out = capsys.readouterr().out
    assert "(cũng có trong: " in out and out.count("Bộ phận Một cửa bố trí hai") == 1
