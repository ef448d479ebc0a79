"""Per-file time limit of the indexing worker (issue 12 §8): a stalling file is killed and reported."""

from __future__ import annotations

import time
from pathlib import Path

from assistant.retrieve import CorpusIndex, IndexWorker, list_documents, search

from .conftest import write_corpus

# One 6 MB paragraph: a legal file (under max_file_mb) that the structure pass needs ~2 s to read
# on the 2-core machine, far above the limit set below; a real input, no test hook in the parser.
SLOW_TEXT = "chuyển đổi số " * 300_000
LIMIT_S = 0.3


def test_a_file_over_the_time_limit_is_skipped_with_a_message_and_nothing_else_is_lost(settings, tmp_path: Path):
    corpus = write_corpus(tmp_path / "corpus", ("hoa_an_bao_cao.md",))
    slow = corpus / "tep_cham.txt"
    slow.write_text("Bản đầu: kế hoạch lắp đặt loa truyền thanh thông minh tại nhà văn hóa thôn.\n", encoding="utf-8")
    worker = IndexWorker(CorpusIndex(settings.replace(index_file_timeout_s=LIMIT_S)), root=tmp_path)
    try:
        first = worker.wait(worker.submit([corpus]).id, timeout=300)
        assert {Path(r.source).name: r.status for r in first.results} == {
            "hoa_an_bao_cao.md": "indexed", "tep_cham.txt": "indexed"}

        slow.write_text(SLOW_TEXT, encoding="utf-8")  # the officer replaces it with the stalling version
        write_corpus(corpus, ("minh_khe_bao_cao.md",))  # and adds a normal file in the same batch
        started = time.monotonic()
        job = worker.wait(worker.submit([corpus]).id, timeout=120)
        elapsed = time.monotonic() - started
    finally:
        worker.stop()

    assert job.state == "done"
    by_name = {Path(r.source).name: r for r in job.results}
    assert by_name["tep_cham.txt"].status == "failed"
    assert by_name["tep_cham.txt"].reason == (
        f"tệp tep_cham.txt quá thời gian xử lý {LIMIT_S:g} giây; đã bỏ qua tệp này")
    assert by_name["minh_khe_bao_cao.md"].status == "indexed"  # the rest of the batch went on
    assert by_name["hoa_an_bao_cao.md"].status == "unchanged"
    assert elapsed < 60  # the parse was cut, not waited for (it would be minutes on a slow file)

    # Nothing else lost: the previous version of the stalled file is still indexed and found.
    index = worker.index
    assert {Path(d.source).name for d in list_documents(index)} == {
        "hoa_an_bao_cao.md", "minh_khe_bao_cao.md", "tep_cham.txt"}
    hits = search("loa truyền thanh thông minh nhà văn hóa thôn", index, k=3)
    assert any(Path(h.source).name == "tep_cham.txt" and "Bản đầu" in h.text for h in hits)
    assert not any("chuyển đổi số chuyển đổi số" in h.text for h in search("chuyển đổi số", index, k=10))


def test_normal_files_parse_in_the_child_like_in_process(settings, tmp_path: Path):
    """The child returns the same document and chunks as a parse in this process."""
    from assistant.retrieve.parse_child import ParseWorker, parse_here

    corpus = write_corpus(tmp_path / "corpus")
    with ParseWorker(settings) as parser:
        for path in sorted(corpus.iterdir()):
            here, there = parse_here(path, settings, path.name), parser.parse(path, path.name)
            assert there.document.text == here.document.text and there.document.doc_id == here.document.doc_id
            assert [c.text for c in there.chunks] == [c.text for c in here.chunks]
