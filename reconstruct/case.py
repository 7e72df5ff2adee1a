"""A case folder: case.yaml (name, period, persons), sources/, profiles/ and derived data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from reconstruct.mention_scan import SCAN_BLOCK, MentionScan

CASE_FILE = "case.yaml"
SOURCES = "sources"
PROFILES = "profiles"
DERIVED = "derived"
ORGANISATIONS = "organisations.yaml"


class CaseError(ValueError):
    """A case folder or case.yaml that cannot be used; the message names file and key."""


@dataclass(frozen=True)
class Person:
    name: str
    pseudonym: str
    role: str | None = None
    birth_date: dt.date | None = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Case:
    root: Path
    name: str
    description: str | None = None
    period: tuple[dt.date | None, dt.date | None] = (None, None)
    persons: list[Person] = field(default_factory=list)

    @property
    def sources_dir(self) -> Path:
        return self.root / SOURCES

    @property
    def profiles_dir(self) -> Path:
        return self.root / PROFILES

    @property
    def derived_dir(self) -> Path:
        return self.root / DERIVED

    @property
    def organisations_file(self) -> Path:
        return self.root / ORGANISATIONS

    def source_files(self) -> list[Path]:
        """Every file under sources/ (recursively), in name order; hidden files skipped."""
        if not self.sources_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.sources_dir.rglob("*")
            if p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(self.sources_dir).parts)
        )


def _date(value, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as err:
        raise CaseError(f"{where}: '{value}' is geen datum (JJJJ-MM-DD)") from err


def load_case(root: Path | str) -> Case:
    """Read a case folder; raise CaseError naming case.yaml and the key on bad content."""
    root = Path(root)
    path = root / CASE_FILE
    if not path.is_file():
        raise CaseError(f"{root}: geen {CASE_FILE} gevonden (maak een casus met 'init')")
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except (yaml.YAMLError, ValueError) as err:  # ValueError: a date such as 2001-13-01
        raise CaseError(f"{path}: ongeldige YAML ({err})") from err
    if not isinstance(data, dict):
        raise CaseError(f"{path}: verwacht sleutels name, period, persons")
    period = data.get("period") or {}
    persons = []
    pseudonyms = set()
    for i, p in enumerate(data.get("persons") or [], start=1):
        where = f"{path}: persons[{i}]"
        if not isinstance(p, dict) or not p.get("name") or not p.get("pseudonym"):
            raise CaseError(f"{where}: elke persoon heeft een name en een pseudonym")
        if p["pseudonym"] in pseudonyms:
            raise CaseError(f"{where}: pseudoniem '{p['pseudonym']}' komt twee keer voor")
        pseudonyms.add(p["pseudonym"])
        aliases = p.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        persons.append(
            Person(
                name=str(p["name"]),
                pseudonym=str(p["pseudonym"]),
                role=p.get("role"),
                birth_date=_date(p.get("birth_date"), f"{where}.birth_date"),
                aliases=tuple(str(a) for a in aliases),
            )
        )
    return Case(
        root=root,
        name=str(data.get("name") or root.name),
        description=data.get("description"),
        period=(
            _date(period.get("start"), f"{path}: period.start"),
            _date(period.get("end"), f"{path}: period.end"),
        ),
        persons=persons,
    )


CASE_TEMPLATE = """\
# Casus: naam, onderzoeksperiode en de personen zoals bronnen ze schrijven.
# 'pseudonym' is wat bijeenkomsten en exports tonen.
name: {name}
period: {{start: null, end: null}}
persons: []
#  - name: Voornaam Achternaam      # zoals de dossiers de persoon noemen
#    pseudonym: Moeder
#    role: moeder
#    birth_date: 1980-01-31
#    aliases: [Voornaam, mw. Achternaam]
"""


def init_case(root: Path | str, name: str | None = None) -> Case:
    """Create the folder layout of a new case; never overwrites an existing case.yaml."""
    root = Path(root)
    if (root / CASE_FILE).exists():
        raise CaseError(f"{root}: hier staat al een casus ({CASE_FILE})")
    for sub in (SOURCES, PROFILES, DERIVED):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / CASE_FILE).write_text(CASE_TEMPLATE.format(name=name or root.name), "utf-8")
    return load_case(root)


class PersonMatcher:
    """Turns names as written ("Sanne", "mw. Veldhoen") into pseudonyms ("Moeder")."""

    def __init__(self, persons: list[Person]):
        self._by_name: dict[str, str] = {}
        for p in persons:
            for s in (*p.spellings, p.pseudonym):
                self._by_name[s.casefold().strip()] = p.pseudonym
        names = sorted(self._by_name, key=len, reverse=True)
        self._names = names  # in the order the alternation below tries them
        self._mention = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE
            )
            if names
            else None
        )
        self._scan: MentionScan | None | bool = False  # built on first use

    def spellings(self) -> list[str]:
        """Every name and alias (casefolded), longest first: what mentions() looks for."""
        return list(self._names)

    def lookup(self, name: str) -> str | None:
        return self._by_name.get(name.casefold().strip())

    def split(self, value) -> tuple[list[str], list[str]]:
        """(pseudonyms, unknown names) for a cell of names or a list of them.

        Names are separated by ; / & + ' en ' or newlines. Commas separate names too, except
        where the comma belongs to a known spelling ("Brouwer-de Haan, M."): the longest run of
        comma parts that is a known spelling wins.
        """
        if value is None:
            return [], []
        items = (
            value
            if isinstance(value, list | tuple)
            else re.split(r"\s*(?:[;/&+\n]|\sen\s)\s*", str(value))
        )
        found, unknown = [], []
        for item in items:
            for name, pseudo in self._names_in(str(item).strip()):
                if pseudo is None:
                    unknown.append(name)
                elif pseudo not in found:
                    found.append(pseudo)
        return found, unknown

    def _names_in(self, item: str) -> list[tuple[str, str | None]]:
        if not item:
            return []
        whole = self.lookup(item)
        if whole or "," not in item:
            return [(item, whole)]
        parts = [p.strip() for p in item.split(",")]
        out, i = [], 0
        while i < len(parts):
            for j in range(len(parts), i, -1):
                name = ", ".join(parts[i:j])
                pseudo = self.lookup(name)
                if pseudo or j == i + 1:
                    if name:
                        out.append((name, pseudo))
                    i = j
                    break
        return out

    def mentions(self, text: str | None) -> list[str]:
        """Pseudonyms of every person whose name or alias occurs in free text."""
        if not text or self._mention is None:
            return []
        out = []
        for m in self._mention.finditer(text):
            pseudo = self._by_name.get(m.group(1).casefold()) or self._matched(m.group(1))
            if pseudo not in out:
                out.append(pseudo)
        return out

    def _matched(self, written: str) -> str:
        """The pseudonym of the name the regex matched where its casefold differs from the
        name's ("ırıs", with dotless i, matches "Iris" under re.IGNORECASE)."""
        for name in self._names:  # in the alternation's order: the one the regex took
            if re.fullmatch(re.escape(name), written, re.IGNORECASE):
                return self._by_name[name]
        raise AssertionError(f"{written!r} matched no name")  # the regex matched one of them

    def mentions_many(self, texts) -> tuple[np.ndarray, list[list[str]]]:
        """`mentions` of a column of texts: (codes, found) with found[codes[i]] equal to
        mentions(texts[i]).

        Descriptions are nearly all distinct, so working per distinct text saves nothing and a
        regex call per text costs ~10 us. Blocks of texts are scanned with numpy instead (see
        MentionScan); a block the scan cannot read exactly (characters outside Latin-1 that
        could be part of a name, values that are not text) takes the per-text path."""
        texts = list(texts)
        if self._scan is False:
            self._scan = MentionScan.build(self._names, self._by_name)
        keys = np.zeros(len(texts), dtype=np.int64)
        own: dict[int, list[str]] = {}  # negative key: a result of the per-text path
        own_keys: dict[tuple[str, ...], int] = {}
        for start in range(0, len(texts), SCAN_BLOCK):
            block = texts[start : start + SCAN_BLOCK]
            found = self._scan.keys(block) if self._scan else None
            if found is None:
                found = np.empty(len(block), dtype=np.int64)
                for i, text in enumerate(block):
                    result = self.mentions(text)
                    key = own_keys.setdefault(tuple(result), -1 - len(own_keys))
                    own.setdefault(key, result)
                    found[i] = key
            keys[start : start + len(block)] = found
        codes, uniques = pd.factorize(keys)
        scan = self._scan
        out = [own[k] if k < 0 or not scan else scan.decode(k) for k in uniques.tolist()]
        return codes, out
