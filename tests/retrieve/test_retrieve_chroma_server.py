"""Chroma server mode (CHROMA_HOST): against a real `chroma run` started here."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import chromadb
import pytest

from assistant.retrieve import CorpusIndex, index_paths, search
from assistant.retrieve.store import collection_name

from .conftest import write_corpus

CHROMA_BIN = Path(sys.executable).parent / "chroma"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    if not CHROMA_BIN.exists():
        pytest.skip(f"không có lệnh chroma ở {CHROMA_BIN}")
    port = _free_port()
    proc = subprocess.Popen(
        [str(CHROMA_BIN), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 90
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:
                if proc.poll() is not None or time.time() > deadline:
                    pytest.fail("chroma run không khởi động được")
                time.sleep(0.5)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_index_and_search_through_a_chroma_server(settings, tmp_path, chroma_server):
    server_settings = settings.replace(chroma_host="127.0.0.1", chroma_port=chroma_server)
    corpus = write_corpus(tmp_path / "corpus", ("hoa_an_bao_cao.md", "minh_khe_bao_cao.md"))
    index = CorpusIndex(server_settings)
    report = index_paths([corpus], index)
    assert report.ok
    assert not server_settings.chroma_dir.exists()  # nothing embedded on local disk

    remote = chromadb.HttpClient(host="127.0.0.1", port=chroma_server)
    collection = remote.get_collection(collection_name(index.identity))
    assert collection.count() == len(index.snapshot().by_id) > 0

    # A second app instance sharing the server (and the registry) finds the same passages.
    other = CorpusIndex(server_settings)
    hits = search("loa truyen thanh thong minh", other, k=2, mode="dense")
    assert hits and hits[0].source.endswith("hoa_an_bao_cao.md")
