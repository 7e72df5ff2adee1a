"""Checks on an uploaded file's bytes before any reader opens it: size, emptiness, what it
really is, zip bombs and damage in workbooks, binary data and encodings in text files.

Every refusal is an UploadError whose Dutch message names the file, and the line where there
is one: "jgz.csv, regel 12: geen geldige cp1252-tekst (byte 0x81)".
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from pathlib import Path

from reconstruct.sources import readers
from reconstruct.sources.text import decode

MAX_UNCOMPRESSED_BYTES = 512 * 2**20
"""A workbook may unpack to at most this much (declared sizes, which zipfile enforces)."""
MAX_RATIO = 200
"""Largest compression ratio of one workbook part above 1 MB (text XML compresses ~10-30x)."""
MAX_ZIP_MEMBERS = 10_000
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode category Cc) other than tab, newlines and form feed."""
_SIGNATURES = (
    (b"PK\x03\x04", "een ZIP-bestand (of een Excel-werkmap met de verkeerde extensie)"),
    (b"\xd0\xcf\x11\xe0", "een oud Office-bestand (.xls of .doc) of een beveiligde werkmap"),
    (b"%PDF", "een PDF-document"),
    (b"\x89PNG", "een afbeelding (PNG)"),
    (b"\xff\xd8\xff", "een afbeelding (JPEG)"),
    (b"GIF8", "een afbeelding (GIF)"),
    (b"MZ", "een programma (.exe)"),
    (b"\x7fELF", "een programma"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"7z\xbc\xaf", "een 7-Zip-archief"),
)


class UploadError(ValueError):
    """An upload that cannot be used; the message (Dutch) names the file and the reason."""


def extensions() -> list[str]:
    """Every file extension a registered reader reads ('.csv', '.xlsx', ...)."""
    return sorted({e for cls in readers().values() for e in cls.EXTENSIONS})


def _number(value: float) -> str:
    """12345.6 -> '12.346' (Dutch thousands separator)."""
    return f"{value:,.0f}".replace(",", ".")


def too_large(name: str, size: int, limit: int) -> str:
    return (
        f"{name}: het bestand is {_number(size / 2**20)} MB; de grens is "
        f"{_number(limit / 2**20)} MB per bestand. Vraag de organisatie om een extract per "
        "periode, of splits het bestand."
    )


def check_bytes(name: str, data: bytes, encoding: str | None = None, *, limit: int) -> None:
    """Raise UploadError unless `data` can be handed to the reader for `name`'s extension;
    `encoding` is the one a profile prescribes (else it is detected as the readers do)."""
    if len(data) > limit:
        raise UploadError(too_large(name, len(data), limit))
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise UploadError(
            f"{name}: oude Excel-indeling (.xls) wordt niet gelezen; open het in Excel en sla "
            "het op als Excel-werkmap (.xlsx)"
        )
    if suffix not in extensions():
        raise UploadError(
            f"{name}: bestanden met extensie '{suffix or '(geen)'}' worden niet gelezen "
            f"(wel: {', '.join(extensions())})"
        )
    if not data:
        raise UploadError(f"{name}: het bestand is leeg (0 bytes)")
    if suffix in WORKBOOK_EXTENSIONS:
        check_workbook(name, data)
    else:
        check_text(name, data, encoding)


def check_workbook(name: str, data: bytes) -> None:
    """A real, undamaged .xlsx that unpacks to a sane size, before openpyxl opens it."""
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UploadError(
                f"{name}: dit is een met een wachtwoord beveiligde werkmap of een oud .xls-"
                "bestand; sla het op als gewone Excel-werkmap (.xlsx) zonder wachtwoord"
            )
        kind = "tekst (misschien een CSV-bestand met de extensie .xlsx)" if _texty(data) else ""
        raise UploadError(
            f"{name}: geen geldige Excel-werkmap" + (f"; het bestand is {kind}" if kind else "")
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise UploadError(f"{name}: beschadigde Excel-werkmap (geen geldig ZIP-archief)") from err
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ZIP_MEMBERS:
            raise UploadError(f"{name}: de werkmap bevat {len(infos)} onderdelen; geweigerd")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UploadError(
                f"{name}: de werkmap zou uitgepakt {_number(total / 2**20)} MB worden (grens "
                f"{MAX_UNCOMPRESSED_BYTES / 2**20:.0f} MB): mogelijk een zipbom; geweigerd"
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > 2**20 and ratio > MAX_RATIO:
                raise UploadError(
                    f"{name}: onderdeel {info.filename} pakt {_number(ratio)} keer zo groot uit: "
                    "mogelijk een zipbom; geweigerd"
                )
            if info.flag_bits & 0x1:
                raise UploadError(
                    f"{name}: de werkmap is versleuteld; sla hem op zonder wachtwoord"
                )
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
            raise UploadError(f"{name}: geen Excel-werkmap (xl/workbook.xml ontbreekt)")
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(info) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError) as err:
                raise UploadError(
                    f"{name}: beschadigde Excel-werkmap (onderdeel {info.filename}: {err})"
                ) from err
            except Exception as err:  # zlib.error and the like: damaged compressed data
                raise UploadError(
                    f"{name}: beschadigde Excel-werkmap (onderdeel {info.filename})"
                ) from err
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise UploadError(
                    f"{name}: onderdeel {info.filename} bevat een DOCTYPE (XML-entiteiten); "
                    "een werkmap uit Excel heeft dat nooit; geweigerd"
                )


def _texty(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" not in sample and all(b >= 9 for b in sample)


def _line_of(text_or_bytes, position: int) -> int:
    newline = b"\n" if isinstance(text_or_bytes, bytes) else "\n"
    return text_or_bytes[:position].count(newline) + 1


def check_text(name: str, data: bytes, encoding: str | None = None) -> str:
    """The decoded text of a text extract, or an UploadError: another kind of file under a
    text extension, binary data, bytes the encoding cannot mean, control characters (the
    sign of a wrong encoding), or UTF-8 text where the profile prescribes a one-byte code."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise UploadError(f"{name}: geen tekstbestand maar {kind}")
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in data:
        pos = data.index(b"\x00")
        raise UploadError(
            f"{name}, regel {_line_of(data, pos)}: bevat NUL-bytes: een binair bestand of "
            "UTF-16 zonder BOM, geen tekst die gelezen kan worden"
        )
    try:
        text, used = decode(data, encoding)
    except UnicodeDecodeError as err:
        raise UploadError(
            f"{name}, regel {_line_of(data, err.start)}: geen geldige {encoding or err.encoding}-"
            f"tekst (byte 0x{data[err.start]:02X}); het bestand heeft een andere codering"
            + (" dan het profiel opgeeft" if encoding else "")
        ) from err
    except LookupError as err:
        raise UploadError(f"{name}: onbekende codering '{encoding}' in het profiel") from err
    control = _CONTROL.search(text)
    if control:
        pos = control.start()
        raise UploadError(
            f"{name}, regel {_line_of(text, pos)}: bevat een stuurteken (U+{ord(text[pos]):04X}): "
            f"verkeerde codering (gelezen als {used}) of geen tekstbestand"
        )
    if encoding and encoding.lower().replace("_", "-") in (
        "cp1252",
        "windows-1252",
        "latin-1",
        "latin1",
        "iso-8859-1",
        "iso-8859-15",
    ):
        try:
            as_utf8 = data.decode("utf-8")
        except UnicodeDecodeError:
            return text
        found = re.search(r"[^\x00-\x7f]", as_utf8)
        if found:
            wide = found.start()
            raise UploadError(
                f"{name}, regel {_line_of(as_utf8, wide)}: het bestand is UTF-8 "
                f"('{as_utf8[wide]}'), maar het profiel zegt {encoding}; pas read.encoding in "
                "het profiel aan of koppel de kolommen opnieuw"
            )
    return text
