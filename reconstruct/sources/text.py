"""Decoding text files honestly: BOMs first, then UTF-8, then Windows-1252, then Latin-1."""

from __future__ import annotations

import codecs
from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 leaves five bytes undefined; latin-1 decodes anything, so it is the last resort.
_FALLBACKS = ("utf-8", "cp1252", "latin-1")


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). With `encoding` given, decode strictly with it."""
    if encoding:
        enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        return data.decode(enc), encoding
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc), enc
    for enc in _FALLBACKS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Read and decode a file; line endings are left as written (csv handles them)."""
    return decode(path.read_bytes(), encoding)
