"""kill -9 in the middle of indexing leaves a consistent index; the next run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from assistant.retrieve import CorpusIndex, index_paths, search
from assistant.retrieve.records import STATUS_DONE, STATUS_PENDING

from .conftest import write_corpus

PROJECT = Path(__file__).resolve().parents[2]

# The child indexes with the real model but stops inside the second embedding call (after the
# first chunk of the first document reached Chroma), so the kill lands at a known, worst-case point.
CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from langchain_core.embeddings import Embeddings
    from assistant.settings import load_settings
    from assistant.retrieve import CorpusIndex, index_paths, indexer
    from assistant.retrieve.embeddings import make_embeddings

    data_dir, corpus = Path(sys.argv[1]), Path(sys.argv[2])
    settings = load_settings(env={}, config_path=data_dir / "none.toml", data_dir=data_dir)
    real = make_embeddings(settings)

    class PausingEmbeddings(Embeddings):
        calls = 0
        def embed_documents(self, texts):
            PausingEmbeddings.calls += 1
            if PausingEmbeddings.calls == 2:
                print("PAUSED", flush=True)
                time.sleep(600)
            return real.embed_documents(texts)
        def embed_query(self, text):
            return real.embed_query(text)

    indexer._ADD_BATCH = 1  # one Chroma write per chunk
    index_paths([corpus], CorpusIndex(settings, embeddings=PausingEmbeddings()), root=corpus)
    """
)


def test_kill_9_mid_document_then_next_run_completes(settings, tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(settings.data_dir), str(corpus)],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "PAUSED", child.stderr.read()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    index = CorpusIndex(settings)
    docs = index.registry.list_documents()
    assert [d.status for d in docs] == [STATUS_PENDING]  # the interrupted document, nothing else
    interrupted = docs[0]
    assert index.store._collection.count() == 1  # one orphan vector reached Chroma
    # Consistent for readers: the half-written document is invisible to every ranking.
    assert index.snapshot().by_id == {}
    for mode in ("bm25", "dense", "hybrid"):
        assert search("hồ sơ", index, mode=mode) == []

    report = index_paths([corpus], index, root=corpus)
    assert report.recovered == [interrupted.source]
    assert report.ok
    assert {d.status for d in index.registry.list_documents()} == {STATUS_DONE}
    assert len(index.registry.list_documents()) == 3
    n_chunks = len(index.snapshot().by_id)
    assert index.store._collection.count() == n_chunks == sum(d.n_chunks for d in index.registry.list_documents())
    assert search("hồ sơ", index, k=3)
