"""Optional re-ranking of the fused candidates by a local cross-encoder.

No Vietnamese-capable cross-encoder is published offline on PyPI, so this is a hook: set
``Settings.reranker_path`` to a sentence-transformers ``CrossEncoder`` directory to enable it;
empty means no re-ranking. As with embeddings, hub ids are never loaded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


class CrossEncoderReranker:
    def __init__(self, model_dir: Path):
        if not model_dir.is_dir():
            raise ValueError(f"reranker_path={str(model_dir)!r} không phải thư mục mô hình cross-encoder cục bộ.")
        self.model_dir = model_dir
        self._model: Any = None

    def scores(self, query: str, passages: list[str]) -> list[float]:
        if self._model is None:
            os.environ["HF_HUB_OFFLINE"] = "1"
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(str(self.model_dir), device="cpu", local_files_only=True)
        return [float(s) for s in self._model.predict([(query, p) for p in passages], show_progress_bar=False)]

    def rerank(self, query: str, items: list[tuple[str, str]]) -> list[str]:
        """Ids of ``items`` ((id, text) pairs) ordered by cross-encoder score."""
        if not items:
            return []
        scored = zip(self.scores(query, [text for _, text in items]), range(len(items)))
        return [items[i][0] for _, i in sorted(scored, key=lambda si: (-si[0], si[1]))]


def make_reranker(reranker_path: str) -> CrossEncoderReranker | None:
    return CrossEncoderReranker(Path(reranker_path).expanduser()) if reranker_path.strip() else None
