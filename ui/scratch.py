"""Short-lived folders for files the app hands to the browser (exports), cleaned as new ones are made.

``tempfile.mkdtemp`` folders were never removed: every export left one in /tmp. They now live
under ``data_dir/tmp`` (one place to look, same disk as the data); creating one first deletes
folders older than ``cache_max_age_h`` and, beyond ``MAX_FOLDERS``, the oldest — so the space
used is bounded without a background job. Gradio copies a returned file into its own cache,
which ``Blocks(delete_cache=…)`` cleans (ui/app.py).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings

MAX_FOLDERS = 200


def prune(root: Path, max_age_s: float, max_folders: int = MAX_FOLDERS, now: float | None = None) -> int:
    """Delete folders in ``root`` older than ``max_age_s``, then the oldest beyond ``max_folders``."""
    if not root.is_dir():
        return 0
    now = time.time() if now is None else now
    folders = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime)
    old = [p for p in folders if now - p.stat().st_mtime > max_age_s]
    young = [p for p in folders if p not in old]
    doomed = old + young[: max(0, len(young) - max_folders + 1)]  # +1: room for the one being made
    for path in doomed:
        shutil.rmtree(path, ignore_errors=True)
    return len(doomed)


def scratch_dir(settings: Settings, prefix: str) -> Path:
    """A new empty folder for one download, after pruning the old ones."""
    root = Path(settings.data_dir) / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    prune(root, settings.cache_max_age_h * 3600)
    return Path(tempfile.mkdtemp(prefix=prefix, dir=root))
