"""Decode the bytes of a .txt/.md file: UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern),
Windows-1258 (the legacy Vietnamese code page).

A small rule set rather than a statistical detector (charset-normalizer, chardet): the candidate
encodings are few, strict UTF-8 decoding is a reliable test, and statistical detectors confuse
CP1258 with CP1252 — which decodes Vietnamese without error into the wrong letters.
"""

from __future__ import annotations

import codecs
import unicodedata

# Share of control characters (other than tab/newline/CR/form feed) above which bytes are binary.
MAX_CONTROL_RATIO = 0.01


class UndecodableText(ValueError):
    """The bytes are not text in any supported encoding; ``reason`` is Vietnamese."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL in every other byte of an ASCII-heavy sample."""
    sample = data[:4000]
    if len(sample) < 8:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    return controls / len(text)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (NFC text, encoding name). Raise ``UndecodableText`` for binary data."""
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif guess := _looks_utf16(data):
        candidates = [guess]
    else:
        candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_ratio(text) > MAX_CONTROL_RATIO or "\x00" in text:
            break
        # CP1258 writes most tones as combining marks after the base letter: compose them.
        return unicodedata.normalize("NFC", text), encoding
    raise UndecodableText(
        "không phải tệp văn bản (nội dung nhị phân hoặc bảng mã không hỗ trợ; hỗ trợ UTF-8, UTF-16, Windows-1258)"
    )
