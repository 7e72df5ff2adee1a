"""Decoding text files honestly: BOMs first, then UTF-8, then Windows-1252, then Latin-1."""

from __future__ import annotations

import codecs
from pathlib import Path

from reconstruct.sources.base import SourceError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# cp1252 leaves five bytes undefined; latin-1 decodes anything, so it is the last resort.
_FALLBACKS = ("utf-8", "cp1252", "latin-1")
# Codecs that decode every ASCII byte as that character: pure ASCII data takes a faster path.
_ASCII_SUPERSETS = frozenset({"ascii", "utf-8", "utf-8-sig", "cp1252", "iso8859-1", "iso8859-15"})


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Return (text, encoding used). With `encoding` given, decode strictly with it."""
    if encoding:
        enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
        if data.isascii() and codecs.lookup(enc).name in _ASCII_SUPERSETS:
            return data.decode("ascii"), encoding  # the same text (cp1252 decodes slowly)
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


def decode_or_error(path: Path, data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """decode, with a wrong or unknown encoding reported as a SourceError naming the file
    (a profile's encoding is a guess someone made; ingest reports SourceErrors per file)."""
    try:
        return decode(data, encoding)
    except (UnicodeDecodeError, LookupError) as err:
        raise SourceError(f"{path.name}: kan niet lezen met codering {encoding}: {err}") from err


def read_text_or_error(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """read_text, with a wrong or unknown encoding reported as a SourceError naming the file."""
    return decode_or_error(path, path.read_bytes(), encoding)


def utf8_of(data: bytes, text: str, encoding: str) -> bytes:
    """`text` as UTF-8: the file's own bytes (less a BOM) when they are that already."""
    name = codecs.lookup(encoding).name
    if name in ("utf-8", "utf-8-sig") or (name in _ASCII_SUPERSETS and data.isascii()):
        return data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    return text.encode("utf-8")
