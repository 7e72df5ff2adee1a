"""Uploaded extracts: checked before anything is kept, staged, and matched to a profile.

    checked = inspect_upload(case, "JGZ export 2020.csv", data)   # never raises for bad input
    checked.status  # "ready": a profile (file name or header) fits; "wizard"; "refused"

A bad upload (0 bytes, too large, a zip bomb, a corrupt workbook, a binary file, a wrong
encoding; see upload_checks) gets a Dutch message naming the file and, where there is one, the
line, and leaves nothing behind. An accepted one is staged in the case's hidden `.uploads/`
folder until reconstruct.upload_import puts it into sources/.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shutil
import time
import unicodedata
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reconstruct.case import Case
from reconstruct.profiles import (
    Profile,
    ProfileError,
    complete_profile,
    load_profiles,
    profile_for,
)
from reconstruct.sources import ReadOptions, SourceError, reader_for
from reconstruct.sources.header import normalise_header
from reconstruct.upload_checks import UploadError, check_bytes, check_text, extensions, too_large

MAX_FILE_BYTES = 50 * 2**20
"""Largest extract accepted, per file (checked before its content is decoded)."""
MAX_BATCH_BYTES = 100 * 2**20
"""Largest set of files in one upload."""
MAX_REQUEST_BYTES = MAX_BATCH_BYTES * 4 // 3 + 2**20
"""For Flask's MAX_CONTENT_LENGTH: one upload arrives base64-encoded in one callback request."""
STAGING = ".uploads"
UPLOAD_FILE = ".upload.json"
STALE_SECONDS = 24 * 3600

READY, WIZARD, REFUSED = "ready", "wizard", "refused"
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10))} | {
    f"LPT{i}" for i in range(10)
}
MAX_NAME = 100


# --------------------------------------------------------------------------- file names


def sanitise_filename(name: str) -> str:
    """A safe file name for sources/: no folders, no control characters, only letters, digits,
    `. _ -` (accents dropped), no leading dot, at most 100 characters, extension kept
    (lower case). 'C:\\\\map\\\\Café export (2).CSV' -> 'Cafe_export_2.csv'."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = "".join(c for c in base if c.isprintable())
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)
    stem = re.sub(r"([._-])[._-]+", r"\1", stem).strip("._- ")
    ext = re.sub(r"[^A-Za-z0-9]", "", ext).lower()[:10]
    if not stem:
        stem = "bestand"
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = "bestand_" + stem
    stem = stem[: MAX_NAME - len(ext) - 1]
    return f"{stem}.{ext}" if ext else stem


def unique_name(name: str, taken) -> str:
    """`name`, or `name-2`, `name-3`... so it is none of `taken` (ignoring case)."""
    folded = {t.casefold() for t in taken}
    if name.casefold() not in folded:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    n = 2
    while True:
        candidate = f"{stem}-{n}" + (f".{ext}" if ext else "")
        if candidate.casefold() not in folded:
            return candidate
        n += 1


def decode_content(name: str, content: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a dcc.Upload `contents` value ('data:...;base64,...'); its size is checked
    before it is decoded."""
    b64 = content.split(",", 1)[1] if content.startswith("data:") else content
    size = len(b64) * 3 // 4 - b64[-2:].count("=")
    if size > limit:
        raise UploadError(too_large(name, size, limit))
    try:
        return base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as err:
        raise UploadError(
            f"{name}: de upload is onvolledig aangekomen; probeer het opnieuw"
        ) from err


# --------------------------------------------------------------------------- checking


@dataclass
class Upload:
    """One uploaded file after checking: what it is, how it will be read, where it will go.

    status: `ready` (can be imported), `wizard` (readable, but needs a mapping), `refused`."""

    name: str
    safe_name: str
    size: int
    status: str
    message: str
    token: str | None = None
    reader: str | None = None
    profile: str | None = None  # profile file name, or "automatisch (kolomkoppen)"
    matched_by: str | None = None  # "bestandsnaam", "kolomkoppen", "kolomkoppen herkend"
    target: str | None = None  # path under sources/
    replaces: str | None = None
    columns: list[str] = field(default_factory=list)
    rows: int = 0
    rejected: int = 0
    detected: dict = field(default_factory=dict)
    add_match: bool = False  # add `target` to the profile's `match` on import

    def to_dict(self) -> dict:
        return json.loads(json.dumps(asdict(self), default=str))

    def copy(self) -> Upload:
        return Upload(**self.to_dict())


def staging_dir(case: Case) -> Path:
    return case.root / STAGING


def _token_dir(case: Case, token: str | None) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        raise UploadError("onbekende upload")
    return staging_dir(case) / token


def staged_path(case: Case, token: str) -> Path:
    """The staged file of an upload (its folder holds that file and the hidden UPLOAD_FILE)."""
    folder = _token_dir(case, token)
    files = [p for p in folder.glob("*") if p.is_file() and not p.name.startswith(".")]
    if len(files) != 1:
        raise UploadError("deze upload is er niet meer; upload het bestand opnieuw")
    return files[0]


def remember(case: Case, up: Upload) -> None:
    """Keep what the check found beside the staged file: the page refers to an upload by its
    token only, so nothing the browser sends can choose a path."""
    (_token_dir(case, up.token) / UPLOAD_FILE).write_text(json.dumps(up.to_dict()), "utf-8")


def pending_upload(case: Case, token: str | None) -> Upload:
    """The staged upload with this token, as its check left it; UploadError when gone."""
    path = _token_dir(case, token) / UPLOAD_FILE
    if not path.is_file():
        raise UploadError("deze upload is er niet meer; upload het bestand opnieuw")
    return Upload(**json.loads(path.read_text("utf-8")))


def discard(case: Case, token: str | None) -> None:
    """Remove a staged upload (nothing else was kept of it)."""
    if token and re.fullmatch(r"[0-9a-f]{32}", token):
        shutil.rmtree(staging_dir(case) / token, ignore_errors=True)


def _clean_stale(case: Case) -> None:
    folder = staging_dir(case)
    if not folder.is_dir():
        return
    cutoff = time.time() - STALE_SECONDS
    for sub in folder.iterdir():
        if sub.is_dir() and sub.stat().st_mtime < cutoff:
            shutil.rmtree(sub, ignore_errors=True)


def _stage(case: Case, safe_name: str, data: bytes) -> str:
    token = uuid.uuid4().hex
    folder = staging_dir(case) / token
    folder.mkdir(parents=True)
    (folder / safe_name).write_bytes(data)
    return token


def read_staged(path: Path, profile: Profile | None, options: ReadOptions | None = None):
    """Read a staged file as ingest would; any failure becomes an UploadError (Dutch)."""
    try:
        reader = reader_for(path, profile.format if profile else None)
        return reader, reader.read(path, options or (profile.read if profile else ReadOptions()))
    except SourceError as err:
        raise UploadError(str(err)) from err
    except UnicodeDecodeError as err:
        raise UploadError(
            f"{path.name}: niet te lezen als {err.encoding} (byte 0x{err.object[err.start]:02X} "
            f"op positie {err.start}); kies een andere codering"
        ) from err
    except Exception as err:  # a broken file must never take the page down
        raise UploadError(
            f"{path.name}: kan niet gelezen worden ({type(err).__name__}: {err})"
        ) from err


def match_by_header(columns: list[str], reader: str, profiles: list[Profile]) -> list[Profile]:
    """Profiles made for an extract with these columns: the same header (`header`, ignoring
    order, case and accents) or, for profiles without one, every column the profile uses is
    present and they are at least half of the file's columns. A journal's columns are always
    `datum`, `tekst`, so they say nothing about its organisation: none for journals."""
    if reader == "journal" or not columns:
        return []
    have = {normalise_header(c) for c in columns}
    scored = []
    for p in profiles:
        if p.format and p.format != reader:
            continue
        used = {c for cols in p.columns.values() for c in cols}
        if not used <= set(columns):
            continue
        if p.header:
            if {normalise_header(h) for h in p.header} == have:
                scored.append((2.0, p))
        elif len(used) >= 2 and len(used) / len(have) >= 0.5:
            scored.append((len(used) / len(have), p))
    if not scored:
        return []
    best = max(s for s, _ in scored)
    return [p for s, p in scored if s == best]


def _profile_name(profile: Profile) -> str:
    return profile.path.name if profile.path else profile.name


def _existing(case: Case) -> list[str]:
    return [p.relative_to(case.sources_dir).as_posix() for p in case.source_files()]


def choose_target(
    case: Case,
    safe_name: str,
    profile: Profile | None,
    *,
    replace: bool,
    claimed: set[str] | None = None,
) -> tuple[str, str | None]:
    """(path under sources/, the file it replaces or None). With `replace`, an extract with
    the name of a file already there, or the only file its profile already reads, is the new
    version of that file and takes its name (so its event ids stay stable); otherwise the
    name is made unique."""
    existing = _existing(case)
    claimed = claimed or set()
    if replace:
        same = [e for e in existing if e.casefold() == safe_name.casefold()]
        mine = same or (
            [e for e in existing if profile.matches(Path(e).name)]
            if profile is not None and not profile.automatic
            else []
        )
        if len(mine) == 1 and mine[0] not in claimed:
            return mine[0], mine[0]
    return unique_name(safe_name, [*existing, *claimed]), None


def inspect_upload(
    case: Case,
    name: str,
    data: bytes,
    *,
    replace: bool = True,
    claimed: set[str] | None = None,
    limit: int = MAX_FILE_BYTES,
) -> Upload:
    """Check one uploaded file and find how to read it. Never raises for bad input: a refused
    upload says why in `message` and leaves nothing behind; an accepted one is staged."""
    safe = sanitise_filename(name)
    up = Upload(name=name, safe_name=safe, size=len(data), status=REFUSED, message="")
    try:
        profiles = load_profiles(case.profiles_dir)
        glob_hit = profile_for(safe, profiles)
        check_bytes(name, data, glob_hit.read.encoding if glob_hit else None, limit=limit)
    except (UploadError, ProfileError) as err:
        up.message = str(err)
        return up
    _clean_stale(case)
    up.token = _stage(case, safe, data)
    path = staged_path(case, up.token)
    try:
        _find_profile(case, up, path, profiles, glob_hit, replace, claimed)
    except (UploadError, ProfileError) as err:
        up.status, up.message = REFUSED, str(err).replace(str(path), name)
    if up.status == REFUSED:
        discard(case, up.token)
        up.token = None
    else:
        remember(case, up)
    return up


def _find_profile(case, up, path, profiles, glob_hit, replace, claimed) -> None:
    try:
        reader, raw = read_staged(path, glob_hit)
    except UploadError as err:
        if glob_hit is None:
            raise
        # The name fits a profile but the file does not (another sheet, other columns):
        # readable without it, it can be mapped anew.
        reader, raw = read_staged(path, None)
        up.reader = reader.NAME
        _describe(up, raw)
        up.status = WIZARD
        up.message = (
            f"{up.name}: past bij profiel {_profile_name(glob_hit)}, maar {err}. "
            "Koppel de kolommen opnieuw."
        )
        return
    up.reader = reader.NAME
    profile, up.matched_by = glob_hit, "bestandsnaam" if glob_hit else None
    if profile is None:
        hits = match_by_header(raw.columns, reader.NAME, profiles)
        if len(hits) > 1:
            names = ", ".join(_profile_name(p) for p in hits)
            up.status = WIZARD
            up.message = f"{up.name}: de kolommen passen bij meerdere profielen ({names}); kies"
        elif hits:
            profile, up.matched_by = hits[0], "kolomkoppen"
            if reader.NAME != "xlsx" and profile.read.encoding:
                check_text(up.name, path.read_bytes(), profile.read.encoding)
            reader, raw = read_staged(path, profile)
    _describe(up, raw)
    if not up.rows:
        why = f"; {up.rejected} rijen afgewezen" if up.rejected else ""
        raise UploadError(f"{up.name}: geen gegevensrijen onder de kopregel gevonden{why}")
    if up.status == WIZARD:
        return
    try:
        prof = complete_profile(profile, raw.columns)
    except ProfileError as err:
        up.status = WIZARD
        up.message = (
            f"{up.name}: past bij profiel {_profile_name(profile)}, maar de kolommen zijn "
            f"veranderd ({err}). Koppel de kolommen opnieuw."
        )
        return
    up.target, up.replaces = choose_target(
        case, up.safe_name, None if prof.automatic else prof, replace=replace, claimed=claimed
    )
    if prof.automatic:
        missing = [
            label
            for key, label in (("date", "datum"), ("organisation", "organisatie"))
            if not prof.columns.get(key)
        ]
        if not prof.columns.get("description"):
            missing.append("omschrijving")
        if missing:
            up.status = WIZARD
            up.message = (
                f"{up.name}: onbekend formaat: geen kolom voor {', '.join(missing)} herkend. "
                "Koppel de kolommen in de wizard."
            )
            return
        up.profile, up.matched_by = prof.name, "kolomkoppen herkend"
    else:
        up.profile = _profile_name(prof)
        up.add_match = not prof.matches(Path(up.target).name)
    up.status = READY
    up.message = f"{up.name}: {up.rows} rijen, gelezen met profiel {up.profile}" + (
        f"; vervangt {up.replaces}" if up.replaces else ""
    )


def _describe(up: Upload, raw) -> None:
    up.columns = list(raw.columns)
    up.rows = len(raw.frame)
    up.rejected = len(raw.rejected)
    up.detected = {k: v for k, v in raw.detected.items() if v not in (None, [], {})}


def plan_with_profile(case: Case, up: Upload, profile_file: str, replace: bool) -> Upload:
    """The upload once the wizard made profile `profile_file` (not yet written) for it: ready,
    stored under a name no other profile claims."""
    others = [p for p in load_profiles(case.profiles_dir) if p.path.name != profile_file]
    name, n = up.safe_name, 1
    while profile_for(name, others) is not None:
        n += 1
        name = f"{Path(up.safe_name).stem}-eigen{'' if n == 2 else n - 1}{Path(name).suffix}"
    up.safe_name = name
    up.target, up.replaces = choose_target(case, name, None, replace=replace)
    up.profile, up.matched_by, up.add_match = profile_file, "wizard", False
    up.status, up.message = READY, f"{up.name}: gekoppeld met profiel {profile_file}"
    return up


__all__ = [
    "MAX_BATCH_BYTES",
    "MAX_FILE_BYTES",
    "MAX_REQUEST_BYTES",
    "Upload",
    "UploadError",
    "check_bytes",
    "check_text",
    "decode_content",
    "extensions",
    "inspect_upload",
    "sanitise_filename",
]
