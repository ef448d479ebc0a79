"""One loader per file type; each turns the file's bytes into ``Block``s and a raw text."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from assistant.ingest.blocks import Block
from assistant.ingest.loaders.docx_loader import load_docx
from assistant.ingest.loaders.pdf_loader import load_pdf
from assistant.ingest.loaders.text_loader import load_text

# (path, bytes) -> (blocks, raw text before normalization)
Loader = Callable[[Path, bytes], tuple[list[Block], str]]

LOADERS: dict[str, Loader] = {".docx": load_docx, ".pdf": load_pdf, ".txt": load_text, ".md": load_text}
