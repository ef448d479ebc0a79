"""Prompt and composer templates, read from the ``prompts/`` directory at the project root.

Templates are files so that a commune can adjust wording without touching code. They use
``string.Template`` ($name) rather than str.format because the values (retrieved passages, the
officer's notes) may contain braces.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

DEFAULT_PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class Templates:
    naive: Template  # the naive-RAG baseline's prompt (evaluation only)
    composer: dict[str, dict[str, str]]  # section kind → {opening, facts, notes, closing}; "fact_item"
    polish: dict  # prompts/polish.toml: system, user, retry, [polarity], [instructions], [example.<tone>]

    def fill(self, template: Template, **values: object) -> str:
        return template.safe_substitute(**{k: str(v) for k, v in values.items()}).strip()


@lru_cache(maxsize=4)
def load_templates(prompts_dir: Path = DEFAULT_PROMPTS_DIR) -> Templates:
    """Read every template once; a missing file is a packaging error worth a clear message."""

    def read(name: str) -> str:
        path = prompts_dir / name
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise FileNotFoundError(f"Thiếu tệp mẫu câu lệnh {path}: cài lại thư mục prompts/ của dự án.") from None

    composer = tomllib.loads(read("composer.toml"))
    return Templates(
        naive=Template(read("naive.txt")),
        composer=composer,
        polish=tomllib.loads(read("polish.toml")),
    )
