"""Mapping profiles: how one organisation's export is read and which columns mean what.

A profile is a YAML file in the case's `profiles/` folder (format documented in README):

    name: JGZ contactmomenten export
    source: jgz
    match: ["jgz_*.csv"]
    header: [Datum contact, Soort contact, Betreft, Medewerker, Verslag]   # optional
    read: {encoding: cp1252, separator: ";", header_row: 1}
    columns: {date: Datum contact, description: [Soort contact, Verslag], persons: Betreft}
    values: {event_type: {"Niet verschenen": care_avoidance}}
    defaults: {organisation: JGZ, domain: gezondheid, event_type: contact}

Without a profile the common Dutch and English headers (resources/headers.yaml) are used.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reconstruct.schema import DOMAINS, EVENT_TYPES
from reconstruct.sources.base import ReadOptions
from reconstruct.sources.header import field_for_header, header_synonyms

FIELDS = (
    "date",
    "date_end",
    "organisation",
    "description",
    "event_type",
    "subtype",
    "severity",
    "persons",
    "record_id",
)
VALUE_MAP_FIELDS = ("event_type", "subtype", "severity", "organisation", "domain")
DEFAULT_FIELDS = ("organisation", "domain", "event_type", "subtype", "severity", "persons")
INVOLVEMENT = "involvement"
"""A default/mapped event type meaning: this row is a period, emit start and end events."""

_TOP_KEYS = {
    "name",
    "source",
    "match",
    "header",
    "read",
    "columns",
    "values",
    "defaults",
    "description",
}
_READ_KEYS = {"format", "encoding", "separator", "header_row", "sheets"}


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file and the key."""


@dataclass
class Profile:
    name: str
    source: str | None = None
    match: list[str] = field(default_factory=list)
    format: str | None = None
    read: ReadOptions = field(default_factory=ReadOptions)
    columns: dict[str, list[str]] = field(default_factory=dict)
    values: dict[str, dict[str, object]] = field(default_factory=dict)
    defaults: dict[str, object] = field(default_factory=dict)
    path: Path | None = None
    automatic: bool = False
    header: list[str] = field(default_factory=list)
    """The extract's columns when the profile was made: recognises the next extract of the
    same organisation whatever its file name (reconstruct.upload)."""

    def matches(self, filename: str) -> bool:
        return any(fnmatch.fnmatch(filename.lower(), pat.lower()) for pat in self.match)

    def map_value(self, field_name: str, value: object) -> tuple[bool, object]:
        """(found, mapped) for a cell through `values[field_name]`, case-insensitive."""
        table = self.values.get(field_name)
        if not table or value is None:
            return False, None
        key = str(value).strip().casefold()
        for k, v in table.items():
            if str(k).strip().casefold() == key:
                return True, v
        return False, None


def _as_list(value, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ProfileError(f"{where}: verwacht een kolomnaam of een lijst van kolomnamen")


def parse_profile(data: dict, where: str, path: Path | None = None) -> Profile:
    """Validate a profile's YAML content; every problem names `where` and the key."""
    if not isinstance(data, dict):
        raise ProfileError(f"{where}: een profiel is een YAML-object met sleutels")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ProfileError(f"{where}: onbekende sleutel(s) {', '.join(sorted(unknown))}")
    read = data.get("read") or {}
    unknown = set(read) - _READ_KEYS
    if unknown:
        raise ProfileError(f"{where}: read: onbekende sleutel(s) {', '.join(sorted(unknown))}")
    header_row = read.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise ProfileError(f"{where}: read.header_row moet een regelnummer vanaf 1 zijn")
    columns = {}
    for key, value in (data.get("columns") or {}).items():
        if key not in FIELDS:
            raise ProfileError(f"{where}: columns.{key} is geen veld (bekend: {', '.join(FIELDS)})")
        columns[key] = _as_list(value, f"{where}: columns.{key}")
    values = {}
    for key, table in (data.get("values") or {}).items():
        if key not in VALUE_MAP_FIELDS:
            raise ProfileError(f"{where}: values.{key} is geen vertaalbaar veld")
        if not isinstance(table, dict):
            raise ProfileError(f"{where}: values.{key} moet een tabel 'bronwaarde: waarde' zijn")
        for src, dst in table.items():
            _check_value(key, dst, f"{where}: values.{key}.{src}")
        values[key] = dict(table)
    defaults = dict(data.get("defaults") or {})
    for key, value in defaults.items():
        if key not in DEFAULT_FIELDS:
            raise ProfileError(f"{where}: defaults.{key} is geen veld met een standaardwaarde")
        if key != "persons":
            _check_value(key, value, f"{where}: defaults.{key}")
    if "persons" in defaults:
        defaults["persons"] = _as_list(defaults["persons"], f"{where}: defaults.persons")
    return Profile(
        name=str(data.get("name") or (path.stem if path else "profiel")),
        source=data.get("source"),
        match=_as_list(data.get("match"), f"{where}: match"),
        header=_as_list(data.get("header"), f"{where}: header"),
        format=read.get("format"),
        read=ReadOptions(
            encoding=read.get("encoding"),
            separator=read.get("separator"),
            header_row=header_row,
            sheets=_as_list(read.get("sheets"), f"{where}: read.sheets") or None,
        ),
        columns=columns,
        values=values,
        defaults=defaults,
        path=path,
    )


def _check_value(key: str, value, where: str) -> None:
    if key == "event_type" and value not in EVENT_TYPES + (INVOLVEMENT,):
        raise ProfileError(
            f"{where}: '{value}' is geen gebeurtenistype (bekend: {', '.join(EVENT_TYPES)}, "
            f"{INVOLVEMENT})"
        )
    if key == "domain" and value not in DOMAINS:
        raise ProfileError(f"{where}: '{value}' is geen leefgebied ({', '.join(DOMAINS)})")
    if key == "severity" and not (isinstance(value, int) and 0 <= value <= 3):
        raise ProfileError(f"{where}: ernst moet 0, 1, 2 of 3 zijn, niet '{value}'")


def load_profile(path: Path) -> Profile:
    """Read one profile YAML file."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as err:
        raise ProfileError(f"{path}: ongeldige YAML ({err})") from err
    return parse_profile(data, str(path), path)


def load_profiles(folder: Path) -> list[Profile]:
    """Every profile in a folder, in file-name order."""
    if not folder.is_dir():
        return []
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    return [load_profile(p) for p in files]


def profile_for(filename: str, profiles: list[Profile]) -> Profile | None:
    """The first profile whose `match` globs fit the file name; an error if two do."""
    hits = [p for p in profiles if p.matches(filename)]
    if len(hits) > 1:
        names = ", ".join(str(p.path.name if p.path else p.name) for p in hits)
        raise ProfileError(f"{filename}: meerdere profielen passen ({names})")
    return hits[0] if hits else None


def automatic_columns(columns: list[str]) -> dict[str, list[str]]:
    """Map recognised headers to fields; `description` collects all text columns."""
    mapped: dict[str, list[str]] = {}
    header_synonyms()  # load once
    for col in columns:
        f = field_for_header(col)
        if f is None:
            continue
        if f == "description":
            mapped.setdefault(f, []).append(col)
        elif f not in mapped:
            mapped[f] = [col]
    return mapped


def complete_profile(profile: Profile | None, columns: list[str]) -> Profile:
    """The profile to apply to a table: the given one, or one built from its headers.

    A given profile naming a column that is not in the file is an error.
    """
    if profile is None:
        return Profile(
            name="automatisch (kolomkoppen)", columns=automatic_columns(columns), automatic=True
        )
    missing = [c for cols in profile.columns.values() for c in cols if c not in columns]
    if missing:
        where = profile.path or profile.name
        raise ProfileError(
            f"{where}: kolom(men) {', '.join(repr(m) for m in missing)} niet in het bestand "
            f"(wel: {', '.join(columns)})"
        )
    return profile
