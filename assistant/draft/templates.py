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
    system: Template
    section: Template
    regenerate: Template
    naive: Template
    guidance: dict[str, str]  # section kind → one-line guidance for the model
    composer: dict[str, dict[str, str]]  # section kind → {opening, facts, notes, closing}; "fact_item"

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

    guidance = {p.stem: p.read_text(encoding="utf-8").strip() for p in sorted((prompts_dir / "sections").glob("*.txt"))}
    composer = tomllib.loads(read("composer.toml"))
    return Templates(
        system=Template(read("system.txt")),
        section=Template(read("section.txt")),
        regenerate=Template(read("regenerate.txt")),
        naive=Template(read("naive.txt")),
        guidance=guidance,
        composer=composer,
    )
