"""Fixtures for the ingestion tests: parsed seeds (cached per session) and the eval records."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from assistant.ingest import chunk_document, load_document
from assistant.settings import Settings


def ws(text: str) -> str:
    """The eval matcher's view of a text: markdown ** removed, whitespace collapsed."""
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


@pytest.fixture(scope="session")
def parsed_seeds(seeds_dir: Path):
    """{file name: (Document, chunks)} for every seed, parsed once."""
    settings = Settings()
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = load_document(path, settings, source=path.name)
        out[path.name] = (doc, chunk_document(doc, settings))
    return out


def seed(parsed_seeds, prefix: str):
    for name, value in parsed_seeds.items():
        if name.startswith(prefix):
            return value
    pytest.skip(f"seed {prefix} không có")


@pytest.fixture(scope="session")
def eval_records(eval_dir: Path):
    def read(name: str) -> list[dict]:
        return [json.loads(line) for line in (eval_dir / name).read_text(encoding="utf-8").splitlines() if line.strip()]

    return read
