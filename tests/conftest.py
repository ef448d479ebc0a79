"""Fixtures shared by every test area."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = PROJECT_ROOT.parent / "shared"
SEEDS_DIR = SHARED_DIR / "seeds"
EVAL_DIR = SHARED_DIR / "eval"
CORPUS_DIR = PROJECT_ROOT / "corpus"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with a private data directory, read from an empty environment."""
    return load_settings(env={}, config_path=tmp_path / "none.toml", data_dir=tmp_path / "data")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"../shared/seeds không có ở {SEEDS_DIR}: bỏ qua các kiểm thử trên báo cáo thật")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    if not EVAL_DIR.is_dir():
        pytest.skip(f"../shared/eval không có ở {EVAL_DIR}")
    return EVAL_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS_DIR


def seed_path(name_prefix: str) -> Path:
    """The seed file whose name starts with ``name_prefix`` ("002"), or skip."""
    matches = sorted(SEEDS_DIR.glob(f"{name_prefix}*")) if SEEDS_DIR.is_dir() else []
    if not matches:
        pytest.skip(f"seed {name_prefix} không có trong {SEEDS_DIR}")
    return matches[0]
