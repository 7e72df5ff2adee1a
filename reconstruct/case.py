"""A case folder: case.yaml (name, period, persons), sources/, profiles/ and derived data."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

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
        self._scan: _MentionScan | None | bool = False  # built on first use

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
            pseudo = self._by_name[m.group(1).casefold()]
            if pseudo not in out:
                out.append(pseudo)
        return out

    def mentions_many(self, texts) -> tuple[np.ndarray, list[list[str]]]:
        """`mentions` of a column of texts: (codes, found) with found[codes[i]] equal to
        mentions(texts[i]).

        Descriptions are nearly all distinct, so working per distinct text saves nothing and a
        regex call per text costs ~10 us. Blocks of texts are scanned with numpy instead (see
        _MentionScan); a block the scan cannot read exactly (characters outside Latin-1 that
        could be part of a name, values that are not text) takes the per-text path."""
        texts = list(texts)
        if self._scan is False:
            self._scan = _MentionScan.build(self._names, self._by_name)
        keys = np.zeros(len(texts), dtype=np.int64)
        own: dict[int, list[str]] = {}  # negative key: a result of the per-text path
        own_keys: dict[tuple[str, ...], int] = {}
        for start in range(0, len(texts), _SCAN_BLOCK):
            block = texts[start : start + _SCAN_BLOCK]
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


_SCAN_BLOCK = 1 << 16
"""Texts scanned together: a joined block of ~10 MB keeps the numpy temporaries small."""

_PUNCTUATION = "\u2014\u2013\u2018\u2019\u201a\u201c\u201d\u201e\u2026\u2022\u20ac"
"""Characters outside Latin-1 common in Dutch dossier text (dashes, quotes, ellipsis, bullet,
euro); a scan reads each as '?' once build() has checked it is no word character and matches
no name character."""


@dataclass
class _MentionScan:
    """Finds what PersonMatcher._mention finds, in a block of texts at once.

    The texts are joined by NUL (no word character, in no name), encoded as Latin-1 bytes and
    folded to lower case; the regex's rules are then array operations: a match starts where
    no word character precedes, the alternatives (longest first) are tried in order at each
    position, a match is not followed by a word character, and scanning resumes after a
    match. This reads exactly as the regex only when every character reads the same, which
    build() checks once for all of Latin-1 (a character matches a name character under
    re.IGNORECASE exactly when their folded bytes are equal, folding keeps word characters,
    a matched text casefolds to the name) and keys() checks per block for the rest: the
    characters outside Latin-1 (read as '?') must all be known punctuation."""

    names: list[bytes]  # folded, in alternation order
    pseudo_of: list[int]  # per name: its pseudonym's number, 1-based
    pseudonyms: list[str]
    fold_array: np.ndarray  # per Latin-1 byte: its folded byte
    word: np.ndarray  # per Latin-1 byte: a word character
    flags: bytes  # translation table: 1 a byte folding to a name's first byte, 2 no word
    # character, 4 a byte folding to a name's second byte (names have two characters or more)
    pairs: np.ndarray  # per two folded bytes (first << 8 | second): some name starts so
    punctuation: str

    @classmethod
    def build(cls, names: list[str], by_name: dict[str, str]) -> _MentionScan | None:
        if not names or any(len(n) < 2 or "\x00" in n or "?" in n for n in names):
            return None
        try:
            raw = [n.encode("latin-1") for n in names]
        except UnicodeEncodeError:
            return None
        latin = [chr(i) for i in range(256)]
        folded = [c.lower() if len(c.lower()) == 1 and ord(c.lower()) < 256 else c for c in latin]
        is_word = [re.match(r"\w", c) is not None for c in latin]
        if any(is_word[ord(f)] != w for f, w in zip(folded, is_word, strict=True)):
            return None
        chars = []
        for p in sorted(set("".join(names))):
            rx = re.compile(re.escape(p), re.IGNORECASE)
            chars.append(rx)
            for c in latin:
                hit = rx.fullmatch(c) is not None
                if hit != (folded[ord(c)] == folded[ord(p)]) or (hit and c.casefold() != p):
                    return None
        punctuation = "".join(
            c
            for c in _PUNCTUATION
            if re.match(r"\w", c) is None and not any(rx.fullmatch(c) for rx in chars)
        )
        fold = bytes(ord(f) for f in folded)
        pseudonyms = list(dict.fromkeys(by_name[n] for n in names))
        folded_names = [r.translate(fold) for r in raw]
        firsts, seconds = {n[0] for n in folded_names}, {n[1] for n in folded_names}
        return cls(
            names=folded_names,
            pseudo_of=[pseudonyms.index(by_name[n]) + 1 for n in names],
            pseudonyms=pseudonyms,
            fold_array=np.frombuffer(fold, dtype=np.uint8),
            word=np.array(is_word, dtype=bool),
            flags=bytes(
                int(f in firsts) | 2 * (not w) | 4 * (f in seconds)
                for f, w in zip(fold, is_word, strict=True)
            ),
            pairs=np.isin(np.arange(1 << 16), [n[0] << 8 | n[1] for n in folded_names]),
            punctuation=punctuation,
        )

    def decode(self, key: int) -> list[str]:
        """The pseudonyms a key stands for (keys() writes them as digits, first one lowest)."""
        out, base = [], len(self.pseudonyms) + 1
        while key:
            key, digit = divmod(key, base)
            out.append(self.pseudonyms[digit - 1])
        return out

    def keys(self, texts: list) -> np.ndarray | None:
        """Per text a number for its mentions (0: none), or None when this block cannot be
        read exactly."""
        base = len(self.pseudonyms) + 1
        if base ** len(self.pseudonyms) >= 1 << 62:
            return None
        keep = np.flatnonzero(np.fromiter(map(bool, texts), dtype=bool, count=len(texts)))
        strs = [texts[i] for i in keep.tolist()]
        try:
            joined = "\x00".join(strs)  # refuses what is not text
        except TypeError:
            return None
        out = np.zeros(len(texts), dtype=np.int64)
        if not strs:
            return out
        try:
            data = joined.encode("latin-1")
        except UnicodeEncodeError:
            data = joined.encode("latin-1", "replace")
            replaced = data.count(b"?") - joined.count("?")
            for c in self.punctuation:
                if replaced <= 0:
                    break
                replaced -= joined.count(c)
            if replaced:
                return None
        del joined
        # where a name can start: its first byte, and no word character before it; bytes are
        # folded only where looked at (a whole-block numpy gather costs more than the scan)
        raw = np.frombuffer(data, dtype=np.uint8)
        flags = np.frombuffer(data.translate(self.flags), dtype=np.uint8)
        if len(flags) < 2:
            return out
        cand = np.flatnonzero(flags[1:-1] & (flags[:-2] >> 1) & (flags[2:] >> 2) & 1) + 1
        if flags[0] & 1 and flags[1] & 4:
            cand = np.concatenate([[0], cand])
        pos, which = self._matches(raw, cand)
        if not len(pos):
            return out
        lengths = np.array([len(n) for n in self.names])[which]
        ends = pos + lengths
        if np.any(pos[1:] < ends[:-1]):  # overlapping candidates: resume after each match
            taken, cur = [], 0
            for i, (p, e) in enumerate(zip(pos.tolist(), ends.tolist(), strict=True)):
                if p >= cur:
                    taken.append(i)
                    cur = e
            pos, which = pos[taken], which[taken]
        starts = np.zeros(len(strs), dtype=np.int64)
        np.cumsum(
            np.fromiter(map(len, strs[:-1]), dtype=np.int64, count=len(strs) - 1) + 1,
            out=starts[1:],
        )
        owner = np.searchsorted(starts, pos, side="right") - 1
        pseudo = np.array(self.pseudo_of, dtype=np.int64)[which]
        # the first mention of each pseudonym per text, in order, as digits of a number
        first = np.unique(owner * base + pseudo, return_index=True)[1]
        first.sort()
        owner, pseudo = owner[first], pseudo[first]
        rank = np.arange(len(owner)) - np.searchsorted(owner, owner, side="left")
        key = np.zeros(len(strs), dtype=np.int64)
        np.add.at(key, owner, pseudo * base**rank)
        out[keep] = key
        return out

    def _matches(self, raw, cand) -> tuple[np.ndarray, np.ndarray]:
        """(positions, name numbers) of every position where an alternative matches, the
        first alternative in order at each position, sorted by position."""
        n, fold = len(raw), self.fold_array
        # the first two (folded) bytes, as one number, narrow the candidates down at once
        cand = cand[cand + 1 < n]
        pair = fold[raw[cand]].astype(np.int64) << 8 | fold[raw[cand + 1]]
        keep = self.pairs[pair]
        cand, pair = cand[keep], pair[keep]
        by_pair: dict[int, np.ndarray] = {}
        pos, which = [], []
        for k, name in enumerate(self.names):
            key = name[0] << 8 | name[1]
            if key not in by_pair:
                by_pair[key] = cand[pair == key]
            at = by_pair[key]
            at = at[at + len(name) <= n]
            for j in range(2, len(name)):
                at = at[fold[raw[at + j]] == name[j]]
            end = at + len(name)
            at = at[(end == n) | ~self.word[raw[np.minimum(end, n - 1)]]]
            pos.append(at)
            which.append(np.full(len(at), k))
        pos_all, which_all = np.concatenate(pos), np.concatenate(which)
        # a stable sort by position keeps the alternation order among names at one position
        order = np.argsort(pos_all, kind="stable")
        pos_all, which_all = pos_all[order], which_all[order]
        first = np.ones(len(pos_all), dtype=bool)
        first[1:] = pos_all[1:] != pos_all[:-1]
        return pos_all[first], which_all[first]
