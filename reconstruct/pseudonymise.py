"""Pseudonymisation for meetings and exports: names to roles, free text hidden, dates coarsened.

The mapping lives in the case and only the inspector can reverse it: family members and their
pseudonyms in `case.yaml`, professionals (name -> role) and the event ids whose free text the
inspector released in `pseudonyms.yaml`. Neither file is ever exported. Matching is by name as
written, case-insensitive, on word boundaries, with possessives ("Sannes", "Noa's"); names
nobody listed are caught only when they carry a title or initials ("mw. De Vries",
"J. Jansen"), and then become "[naam]".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

import pandas as pd
import yaml

from reconstruct.case import Case, CaseError, Person
from reconstruct.datewords import vocabulary

PSEUDONYMS_FILE = "pseudonyms.yaml"
HIDDEN = "[tekst verborgen]"
UNKNOWN_NAME = "[naam]"
FAMILY_NAME = "[familienaam]"
TEXT_COLUMNS = (
    "organisation",
    "organisation_raw",
    "persons",
    "description",
    "source_file",
    "source_sheet",
    "warnings",
    "suggested_terms",
)
"""Columns whose names are replaced; `source_text` (JSON) is handled value by value.
`date_raw`, ids, types and subtypes stay as they are."""

TITLE = r"(?:mw|mevr|mevrouw|dhr|de\s+heer|dr|drs|mr|ir)\.?\s+"
PARTICLES = {"van", "de", "der", "den", "het", "'t", "ter", "ten", "te", "in", "op", "von"}
_TITLE_WORDS = {"mw", "mevr", "mevrouw", "dhr", "heer", "dr", "drs", "mr", "ir"}
_PARTICLE = r"(?:(?:[Vv]an|[Dd]e[nr]?|[Tt]e[nr]?|[Hh]et|'t|[Ii]n|[Vv]on)\s+)"
_GENERIC = (
    rf"(?i:{TITLE})(?-i:(?:[A-Z]\.\s?)*{_PARTICLE}*[A-Z][\w'-]+)"
    rf"|(?-i:(?:[A-Z]\.){{1,2}}\s?(?:(?:van|de[nr]?|te[nr]?|het)\s+)*[A-Z][a-zà-ÿ][\w'-]*)"
)
"""A name nobody listed, recognisable by its title or initials: 'mw. De Vries', 'J. Jansen'."""
_START = r"(?<![^\W_])(?<!\.)"
_END = r"(?![^\W_])"
_POSSESSIVE = r"(?P<poss>['’]s|s)?"
_FREE_WORDS = 4
_FREE_CHARS = 40


@dataclass(frozen=True)
class Professional:
    """A professional named in the dossiers, shown by role ("GGZ-verpleegkundige")."""

    name: str
    role: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PseudonymSettings:
    """The case's pseudonyms.yaml: professionals and the events whose text may be shown."""

    professionals: tuple[Professional, ...] = ()
    released: frozenset[str] = frozenset()


def load_pseudonyms(case: Case) -> PseudonymSettings:
    """Read `pseudonyms.yaml` from the case folder (absent = nothing listed, nothing released);
    raise CaseError naming the file and key on bad content."""
    path = case.root / PSEUDONYMS_FILE
    if not path.is_file():
        return PseudonymSettings()
    try:
        data = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as err:
        raise CaseError(f"{path}: ongeldige YAML ({err})") from err
    if not isinstance(data, dict):
        raise CaseError(f"{path}: verwacht sleutels professionals en released")
    unknown = set(data) - {"professionals", "released"}
    if unknown:
        raise CaseError(f"{path}: onbekende sleutel(s) {', '.join(sorted(unknown))}")
    professionals = []
    for i, p in enumerate(data.get("professionals") or [], start=1):
        if not isinstance(p, dict) or not p.get("name") or not p.get("role"):
            raise CaseError(f"{path}: professionals[{i}]: elke professional heeft name en role")
        aliases = p.get("aliases") or []
        aliases = [aliases] if isinstance(aliases, str) else aliases
        professionals.append(
            Professional(str(p["name"]), str(p["role"]), tuple(str(a) for a in aliases))
        )
    released = data.get("released") or []
    if not isinstance(released, list) or not all(
        isinstance(r, str) and r.startswith("ev-") for r in released
    ):
        raise CaseError(f"{path}: released is een lijst van gebeurtenis-ids (ev-...)")
    return PseudonymSettings(tuple(professionals), frozenset(released))


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'’-]+\.?", name)


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?|[A-Z]", word))


def name_parts(name: str) -> tuple[str | None, str | None, list[str]]:
    """'Sanne Veldhoen' -> ('Sanne', 'Veldhoen', ['Veldhoen']); 'J. de Vries' -> (None,
    'de Vries', ['Vries']); 'Brouwer-de Haan, M.' -> (None, 'Brouwer-de Haan', ['Brouwer',
    'Haan']). Titles and initials are never names of their own."""
    if "," in name:
        surname_part, _, rest = name.partition(",")
        firsts = [w for w in _words(rest) if not _is_initial(w)]
        words = _words(surname_part)
        first = firsts[0] if firsts else None
    else:
        words = [w for w in _words(name) if w.rstrip(".").casefold() not in _TITLE_WORDS]
        first = None
        if words and not _is_initial(words[0]) and len(words) > 1:
            first, words = words[0], words[1:]
    words = [w for w in words if not _is_initial(w)]
    surname = " ".join(words) or None
    core = [
        p
        for w in words
        for p in re.split(r"-", w)
        if p and p.casefold() not in PARTICLES and len(p) > 1
    ]
    return first, surname, core


def _identifying(spelling: str) -> bool:
    """'mw. Veldhoen', 'Jes' identify a person; 'moeder', 'partner van moeder' are roles."""
    return any(w[:1].isupper() for w in _words(spelling) if w.rstrip(".") not in _TITLE_WORDS)


def _name_only(spelling: str) -> bool:
    """True for 'Sanne Veldhoen', 'J. de Vries', 'mw. Veldhoen'; False for 'vader van Jesse',
    whose words are no names of their own."""
    return all(
        w[:1].isupper() or w.rstrip(".").casefold() in _TITLE_WORDS | PARTICLES
        for w in _words(spelling)
    )


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _alternation(words) -> str:
    unique = sorted({_norm(w) for w in words if w}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in unique) or "(?!)"


class Pseudonymiser:
    """Replaces names by pseudonyms or roles, hides unreleased free text, coarsens dates.

    >>> Pseudonymiser([Person("Sanne Veldhoen", "Moeder")]).text("Sannes zoon")
    'Moeders zoon'
    """

    def __init__(
        self,
        persons: list[Person],
        professionals: tuple[Professional, ...] = (),
        released: frozenset[str] = frozenset(),
        *,
        hide_text: bool = True,
        coarsen_dates: bool = False,
    ):
        self.persons = list(persons)
        self.released = frozenset(released)
        self.hide_text = hide_text
        self.coarsen_dates = coarsen_dates
        exact: dict[str, str] = {}
        parts: dict[str, set[str]] = {}
        names: set[str] = set()

        def part(word: str, target: str) -> None:
            parts.setdefault(_norm(word), set()).add(target)
            names.add(word)

        for who, target, spellings in [
            *((p, p.pseudonym, p.spellings) for p in persons),
            *((p, p.role, (p.name, *p.aliases)) for p in professionals),
        ]:
            for s in spellings:
                if not _identifying(s):
                    continue
                exact[_norm(s)] = target
                if not _name_only(s):
                    continue  # 'vader van Jesse': only as a whole, never 'vader' on its own
                first, surname, core = name_parts(s)
                if first and isinstance(who, Person):
                    part(first, target)  # a professional's first name alone is too common
                for w in (surname, *core) if surname else ():
                    part(w, target)
            names.update(s for s in spellings if _identifying(s))
        self._exact = exact
        self._parts = {k: v.pop() if len(v) == 1 else None for k, v in parts.items()}
        self._family_surnames = {
            _norm(w) for p in persons for w in (name_parts(p.name)[1], *name_parts(p.name)[2]) if w
        }
        self.names = sorted(
            {w for n in names for w in [n, *name_parts(n)[2]] if _identifying(w)},
            key=lambda w: (-len(w), w),
        )
        self._pattern = re.compile(
            _START
            + rf"(?:(?P<exact>{_alternation(exact)})"
            + rf"|(?P<prefix>(?i:{TITLE})|(?-i:(?:[A-Z]\.\s?){{1,3}}\s*))?"
            + rf"(?P<part>{_alternation(self._parts)})"
            + rf"|(?P<generic>{_GENERIC}))"
            + _POSSESSIVE
            + _END,
            re.IGNORECASE,
        )
        self._names_pattern = re.compile(
            _START + rf"(?:{_alternation(self.names)})(?:['’]?s)?" + _END, re.IGNORECASE
        )
        self._months = vocabulary()["labels"]["months_full"]

    @classmethod
    def from_case(cls, case: Case, hide_text: bool = True, coarsen_dates: bool = False):
        """The case's persons (case.yaml) and professionals/released texts (pseudonyms.yaml)."""
        settings = load_pseudonyms(case)
        return cls(
            case.persons,
            settings.professionals,
            settings.released,
            hide_text=hide_text,
            coarsen_dates=coarsen_dates,
        )

    # ------------------------------------------------------------------ text

    def _replacement(self, m: re.Match) -> str:
        if m.group("exact"):
            target = self._exact[_norm(m.group("exact"))]
        elif m.group("part"):
            word = m.group("part")
            if word.islower() and _norm(word) in vocabulary()["months"]:
                return m.group(0)  # 'mei', 'jan' as a date word, not as a name
            target = self._parts[_norm(word)]
            if target is None:
                target = FAMILY_NAME if _norm(word) in self._family_surnames else UNKNOWN_NAME
        else:
            target = UNKNOWN_NAME
        if m.group("poss"):
            vowel = target[-1:].lower() in "aeiouy]" or target[-1:].isupper()
            target += "'s" if vowel or target.endswith("s") else "s"
        return target

    def text(self, value):
        """Every name in `value` replaced; dates coarsened when chosen. None stays None."""
        if not isinstance(value, str) or not value:
            return value
        out = self._pattern.sub(self._replacement, value)
        return self.coarsen_text(out) if self.coarsen_dates else out

    def names_in(self, text) -> list[str]:
        """The listed names (full names, first names, surnames, aliases) found in `text`."""
        if not isinstance(text, str):
            return []
        return sorted({_norm(m.group(0)) for m in self._names_pattern.finditer(text)})

    def persons_for_figures(self) -> list[Person]:
        """The persons with only their pseudonym (birth month when dates are coarsened)."""
        return [
            replace(
                p,
                name=p.pseudonym,
                aliases=(),
                birth_date=p.birth_date.replace(day=1)
                if self.coarsen_dates and p.birth_date
                else p.birth_date,
            )
            for p in self.persons
        ]

    # ------------------------------------------------------------------ dates

    def _month(self, month: int, year: int | None = None) -> str:
        return self._months[month - 1] + (f" {year}" if year else "")

    def coarsen_text(self, text: str) -> str:
        """'15-05-2014', '2014-05-15', '15 mei 2014' -> 'mei 2014'."""
        months = vocabulary()["months"]

        def numeric(m):
            d, mo, y = (int(g) for g in m.group("d", "m", "y"))
            if not (1 <= d <= 31 and 1 <= mo <= 12):
                return m.group(0)
            y = y + (2000 if y < 30 else 1900) if y < 100 else y
            return self._month(mo, y)

        text = re.sub(
            r"(?<!\d)(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4}|\d{2})(?![\d:])",
            numeric,
            text,
        )
        text = re.sub(
            r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ][\d:.]+)?(?!\d)",
            numeric,
            text,
        )
        words = "|".join(sorted(months, key=len, reverse=True))
        return re.sub(
            rf"(?<!\w)\d{{1,2}}\s+(?P<w>{words})\.?(?P<y>\s+\d{{4}})?(?!\w)",
            lambda m: self._month(months[m.group("w").lower()]) + (m.group("y") or ""),
            text,
            flags=re.IGNORECASE,
        )

    def _coarsen(self, out: pd.DataFrame) -> None:
        start, end = out["date_start"], out["date_end"]
        new_start = start.dt.to_period("M").dt.start_time.astype(start.dtype)
        new_end = end.dt.to_period("M").dt.end_time.dt.normalize().astype(end.dtype)
        changed = start.ne(new_start) & start.notna() | end.ne(new_end) & end.notna()
        raws = []
        for s, e, raw, ch in zip(new_start, new_end, out["date_raw"], changed, strict=True):
            if not ch:
                raws.append(self.coarsen_text(raw) if isinstance(raw, str) else raw)
                continue
            first = self._month(s.month, s.year) if pd.notna(s) else None
            last = self._month(e.month, e.year) if pd.notna(e) else None
            if first and last:
                raws.append(first if first == last else f"{first} – {last}")
            else:
                raws.append(f"vanaf {first}" if first else f"tot {last}")
        out["date_start"], out["date_end"] = new_start, new_end
        out["date_raw"] = pd.Series(raws, index=out.index, dtype=out["date_raw"].dtype)
        out["date_precision"] = out["date_precision"].where(out["date_precision"] != "day", "month")

    # ------------------------------------------------------------------ tables

    def _free_text(self, value: str, description) -> bool:
        n_words = len(value.split())
        if n_words >= _FREE_WORDS or len(value) > _FREE_CHARS:
            return True
        return n_words >= 2 and isinstance(description, str) and value.strip() in description

    def _record(self, source_text, hide: bool, description):
        """The raw record (JSON) with names replaced value by value, free text hidden."""
        if not isinstance(source_text, str) or not source_text:
            return source_text
        try:
            record = json.loads(source_text)
        except ValueError:
            return HIDDEN if hide else self.text(source_text)
        return json.dumps(self._value(record, hide, description), ensure_ascii=False)

    def _value(self, value, hide: bool, description):
        if isinstance(value, dict):
            return {self.text(k): self._value(v, hide, description) for k, v in value.items()}
        if isinstance(value, list):
            return [self._value(v, hide, description) for v in value]
        if isinstance(value, str):
            return HIDDEN if hide and self._free_text(value, description) else self.text(value)
        return value

    def events(self, events: pd.DataFrame) -> pd.DataFrame:
        """A pseudonymised copy of an event table (same rows, index and ids); the input is
        never modified."""
        out = events.copy()
        hide = pd.Series(self.hide_text, index=out.index) & ~out["event_id"].isin(self.released)
        for col in TEXT_COLUMNS:
            if col in out:
                out[col] = out[col].map(self.text).astype(out[col].dtype)
        if "source_text" in out:
            out["source_text"] = pd.Series(
                [
                    self._record(t, bool(h), d)
                    for t, h, d in zip(
                        events["source_text"], hide, events["description"], strict=True
                    )
                ],
                index=out.index,
                dtype=out["source_text"].dtype,
            )
        for col in ("description", "suggested_terms"):  # the terms quote the text
            if col in out:
                out.loc[hide & out[col].notna(), col] = HIDDEN
        if self.coarsen_dates:
            self._coarsen(out)
        return out
