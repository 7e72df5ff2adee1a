"""Canonical organisations: a YAML registry of names, aliases, lineage and domains, and a resolver.

`resources/organisations.yaml` holds national and generic names; a case adds its local ones in its
own `organisations.yaml` (same format). Resolving a raw name, first rule that applies:
1. exact: the normalised name equals a canonical name, full name or alias (spaces ignored);
2. fuzzy: a close spelling (rapidfuzz ratio or token_sort_ratio >= 90, no rival organisation
   within 5 points), or a known name with extra words before or after it ("AMK Groningen",
   "Martini Ziekenhuis") that name no other organisation; both always carry a Dutch warning;
3. unresolved: organisation None and a warning; the caller keeps the raw name.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from rapidfuzz import fuzz, process

from reconstruct.schema import DOMAIN_LABELS, DOMAINS

SHIPPED_PATH = Path(__file__).parent / "resources" / "organisations.yaml"
CASE_FILENAME = "organisations.yaml"
FUZZY_THRESHOLD = 90.0
AMBIGUITY_MARGIN = 5.0
"""A fuzzy match is refused when another organisation scores within this many points."""
MIN_FUZZY_LENGTH = 5
"""Shorter normalised names (abbreviations such as 'amk', 'ggd') only ever match exactly."""
LEADING_WORDS = frozenset({"stichting", "de", "het"})
LEGAL_SUFFIXES = frozenset({"bv", "nv", "vof", "cv", "ua"})
BEFORE_NAME_STOP = frozenset(
    {"van", "voor", "tegen", "de", "der", "des", "den", "het", "en", "of", "met", "bij", "geen"}
)
"""'Vrienden van de Politie' is not the police: extra words before a name may not end so."""
AFTER_NAME_STOP = frozenset({"en", "of", "and", "met", "plus", "zonder"})
"""'Reclassering en Lentis' names two organisations: extra words after a name may not start so."""
_DOMAIN_KEYS = {k: k for k in DOMAINS} | {v.casefold(): k for k, v in DOMAIN_LABELS.items()}
_DROPPED = re.compile(r"[.'`´‘’]")
_SEPARATOR = re.compile(r"[\W_]+")


@dataclasses.dataclass(frozen=True)
class Organisation:
    """One registry entry; `origin` is the YAML file that last defined or extended it."""

    canonical: str
    full_name: str | None
    aliases: tuple[str, ...]
    sector: str | None
    domain: str | None
    predecessor: str | None
    successor: str | None
    coordinating: bool
    description: str | None
    origin: str


@dataclasses.dataclass(frozen=True)
class Resolution:
    """How one raw name was resolved; `organisation` is a canonical name or None."""

    raw: str
    organisation: str | None
    domain: str | None
    sector: str | None
    method: str
    score: float
    warning: str | None


FIELDS = tuple(f.name for f in dataclasses.fields(Organisation) if f.name != "origin")
"""The keys an entry in a registry file may have."""
_KINDS = {"aliases": (list, "een lijst"), "coordinating": (bool, "true of false")}


class RegistryError(ValueError):
    """A registry file is invalid; the message names the file, the entry and the reason."""


def _fold(word: str) -> str:
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return _SEPARATOR.sub("", word.casefold())


def _tokens(raw: str) -> list[tuple[str, str]]:
    """Split a name into (as written, normalised) word pairs. '&' becomes 'en'; dots and
    apostrophes vanish ('A.M.K.' -> 'AMK'); other punctuation separates words; words are
    casefolded and lose accents; a leading 'stichting'/'de'/'het', a trailing 'bv'/'nv'... go."""
    text = _DROPPED.sub("", unicodedata.normalize("NFC", raw).replace("&", " en "))
    pairs = [(w, _fold(w)) for w in _SEPARATOR.split(text)]
    pairs = [(w, f) for w, f in pairs if f]
    while len(pairs) > 1 and pairs[0][1] in LEADING_WORDS:
        pairs.pop(0)
    while len(pairs) > 1 and pairs[-1][1] in LEGAL_SUFFIXES:
        pairs.pop()
    return pairs


def normalise(name: str) -> str:
    """Return the matching key of a name: 'Stichting A.M.K. B.V.' -> 'amk'."""
    return " ".join(f for _, f in _tokens(name))


def _error(origin: str, number: int, canonical: object, reason: str) -> RegistryError:
    label = f"{canonical!r}" if canonical else "zonder canonical"
    return RegistryError(f"{origin}: vermelding {number} ({label}): {reason}")


def _check_entry(entry: object, origin: str, number: int) -> dict:
    """Validate one YAML entry and return its fields, cleaned; raise RegistryError otherwise."""
    canonical = entry.get("canonical") if isinstance(entry, Mapping) else None
    if not isinstance(canonical, str) or not canonical.strip():
        raise _error(origin, number, None, "'canonical' ontbreekt of is leeg")

    def fail(reason: str) -> RegistryError:
        return _error(origin, number, canonical, reason)

    unknown = sorted(str(k) for k in entry if k not in FIELDS)
    if unknown:
        raise fail(f"onbekende sleutel(s) {', '.join(unknown)} (toegestaan: {', '.join(FIELDS)})")
    fields = {}
    for key in FIELDS:
        kind, word = _KINDS.get(key, (str, "tekst"))
        value = entry.get(key)
        if value is not None and not isinstance(value, kind):
            raise fail(f"'{key}' moet {word} zijn, niet {type(value).__name__} {value!r}")
        fields[key] = (value.strip() or None) if isinstance(value, str) else value
    if any(not isinstance(a, str) or not a.strip() for a in fields["aliases"] or []):
        raise fail("elke alias moet tekst zijn")
    fields["aliases"] = [a.strip() for a in fields["aliases"] or []]
    if fields["domain"] is not None:
        fields["domain"] = _DOMAIN_KEYS.get(fields["domain"].casefold())
        if fields["domain"] is None:
            raise fail(f"onbekend leefgebied {entry['domain']!r} (kies uit {', '.join(DOMAINS)})")
    return fields


def _read_entries(path: Path) -> list:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: geen geldige YAML: {exc}") from exc
    data = (data.get("organisations") or []) if isinstance(data, Mapping) else data
    if not isinstance(data, list):
        raise RegistryError(f"{path}: 'organisations' moet een lijst met vermeldingen zijn")
    return data


class OrganisationRegistry:
    """Canonical organisations with their names; resolves raw names from dossiers and extracts."""

    def __init__(self, organisations: Iterable[Organisation]):
        self._orgs = {o.canonical: o for o in organisations}
        self._index: dict[str, tuple[str, str]] = {}  # normalised name -> (canonical, method)
        compact: dict[str, set[str]] = {}  # the same without spaces: 'jeugdggz'
        for org in self._orgs.values():
            for name in filter(None, (org.full_name, *org.aliases, org.canonical)):
                key = normalise(name)
                self._index[key] = (org.canonical, "exact" if name == org.canonical else "alias")
                compact.setdefault(key.replace(" ", ""), set()).add(org.canonical)
        self._compact = {k: v.pop() for k, v in compact.items() if len(v) == 1}
        self._choices = list(self._index)
        self._cache: dict[str, Resolution] = {}

    # --- building -----------------------------------------------------------------------------

    @classmethod
    def load(cls, *extra: Path | str) -> OrganisationRegistry:
        """Read the shipped registry, then each extra file (a case's organisations.yaml, or the
        case folder holding one); a missing extra file is skipped."""
        batches = [(str(SHIPPED_PATH), _read_entries(SHIPPED_PATH))]
        for item in extra:
            path = Path(item) / CASE_FILENAME if Path(item).is_dir() else Path(item)
            if path.is_file():
                batches.append((str(path), _read_entries(path)))
        return cls._from_batches(batches)

    @classmethod
    def from_entries(cls, entries: list[dict], origin: str = "<memory>") -> OrganisationRegistry:
        """Build a registry from entries shaped like the YAML, e.g. in tests."""
        return cls._from_batches([(origin, entries)])

    @classmethod
    def _from_batches(cls, batches: list[tuple[str, list]]) -> OrganisationRegistry:
        records: dict[str, dict] = {}  # canonical -> merged fields and where they were set
        owners: dict[str, str] = {}  # normalised name -> canonical of the organisation it names
        known: dict[str, str] = {}  # normalised canonical -> canonical; such an entry extends it
        for origin, entries in batches:
            for number, entry in enumerate(entries, start=1):
                fields = _check_entry(entry, origin, number)
                canonical = known.setdefault(normalise(fields["canonical"]), fields["canonical"])
                record = records.setdefault(canonical, {"aliases": [], "coordinating": False})
                names = (fields["canonical"], fields["full_name"], *fields.pop("aliases"))
                for name in filter(None, names):
                    if (key := normalise(name)) and owners.setdefault(key, canonical) == canonical:
                        if name not in (canonical, *record["aliases"], fields["full_name"]):
                            record["aliases"].append(name)
                        continue
                    reason = f"naam {name!r} is leeg of hoort al bij {owners.get(key)!r}"
                    raise _error(origin, number, canonical, reason)
                record |= {k: v for k, v in fields.items() if v is not None}
                record |= {"canonical": canonical, "origin": origin, "at": (origin, number)}
                for field in ("predecessor", "successor"):
                    if fields[field]:
                        record[f"{field}_at"] = (origin, number)
        for record in records.values():
            for field, word in (("predecessor", "voorganger"), ("successor", "opvolger")):
                target = owners.get(normalise(record.get(field) or ""))
                if record.get(field) and target in (None, record["canonical"]):
                    reason = f"{word} {record[field]!r} staat niet in het register"
                    raise _error(*record[f"{field}_at"], record["canonical"], reason)
                record[field] = target
        keys = (*FIELDS, "origin")
        registry = cls(
            Organisation(**{k: r.get(k) for k in keys} | {"aliases": tuple(r["aliases"])})
            for r in records.values()
        )
        for r in records.values():
            chain, loop = registry._chain(r["canonical"])
            if loop:
                reason = f"voorgangers en opvolgers vormen een kring ({' -> '.join(chain)})"
                where = r.get("predecessor_at") or r.get("successor_at") or r["at"]
                raise _error(*where, r["canonical"], reason)
        return registry

    # --- container ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._orgs)

    def __iter__(self) -> Iterator[Organisation]:
        return iter(self._orgs.values())

    def __contains__(self, canonical: object) -> bool:
        return canonical in self._orgs

    def get(self, canonical: str) -> Organisation | None:
        """The organisation with exactly this canonical name, or None."""
        return self._orgs.get(canonical)

    def coordinating(self) -> set[str]:
        """Canonical names of organisations that may act as coordinator (regisseur) of a family."""
        return {o.canonical for o in self if o.coordinating}

    def lineage(self, canonical: str) -> list[str]:
        """Canonical names from oldest predecessor to newest successor, e.g. ['BVA', 'AMK',
        'Veilig Thuis']; [] for an unknown name. A link missing on one side is taken from the
        other side when exactly one organisation names this one as predecessor or successor."""
        return self._chain(canonical)[0]

    def _chain(self, canonical: str) -> tuple[list[str], str | None]:
        """The lineage, and the organisation where it loops back on itself (None if it does not)."""
        if canonical not in self._orgs:
            return [], None
        chain = [canonical]
        for forward in (False, True):
            current: str | None = canonical
            while (current := self._link(current, forward)) is not None:
                if current in chain:
                    return chain, current
                chain = [*chain, current] if forward else [current, *chain]
        return chain, None

    def _link(self, canonical: str, forward: bool) -> str | None:
        own, back = ("successor", "predecessor") if forward else ("predecessor", "successor")
        others = [o.canonical for o in self if getattr(o, back) == canonical]
        return getattr(self._orgs[canonical], own) or (others[0] if len(others) == 1 else None)

    # --- resolving ----------------------------------------------------------------------------

    def resolve(self, raw: str | None) -> Resolution:
        """Resolve one raw organisation name (see the module docstring for the rules)."""
        if raw is None or (not isinstance(raw, str) and pd.isna(raw)):
            return Resolution("", None, None, None, "empty", 0.0, None)
        raw = str(raw)
        if raw not in self._cache:
            self._cache[raw] = self._resolve(raw)
        return self._cache[raw]

    def resolve_many(self, values: Iterable) -> pd.DataFrame:
        """Resolve a column of raw names, each distinct value once. Returns a frame with the
        input's index (a Series keeps its own) and columns raw, organisation, domain, sector,
        method, score, warning; the text columns are object dtype with None when missing."""
        series = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype=object)
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        # a missing value (code -1) picks the trailing empty resolution
        results = [self.resolve(u) for u in uniques] + [self.resolve(None)]
        codes = np.where(codes < 0, len(results) - 1, codes)
        # object columns holding None, as the rest of the tool expects; taking from small
        # per-value arrays avoids inferring a str dtype over a million rows
        frame = {"raw": series.array}
        for column in ("organisation", "domain", "sector", "method", "warning"):
            per_value = np.array([getattr(r, column) for r in results], dtype=object)
            frame[column] = pd.Series(per_value[codes], index=series.index, dtype=object)
        frame["score"] = np.array([r.score for r in results], dtype=float)[codes]
        columns = ["raw", "organisation", "domain", "sector", "method", "score", "warning"]
        return pd.DataFrame(frame, index=series.index, columns=columns)

    def _found(self, raw: str, canonical: str, method: str, score: float, note: str | None = None):
        org = self._orgs[canonical]
        warning = f"organisatie '{raw}' herkend als '{canonical}' ({note})" if note else None
        return Resolution(raw, canonical, org.domain, org.sector, method, round(score, 1), warning)

    def _unresolved(self, raw: str, detail: str = "") -> Resolution:
        warning = f"organisatie '{raw}' staat niet in het register{detail}"
        return Resolution(raw, None, None, None, "unresolved", 0.0, warning)

    def _exact(self, key: str) -> tuple[str, str] | None:
        if key in self._index:
            return self._index[key]
        canonical = self._compact.get(key.replace(" ", ""))
        return (canonical, "alias") if canonical else None

    def _fuzzy(self, key: str) -> tuple[str | None, float, list[str]]:
        """Best organisation and score for `key`, or (None, 0, rivals) when none or ambiguous."""
        best: dict[str, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio) if len(key) >= MIN_FUZZY_LENGTH else ():
            cutoff = FUZZY_THRESHOLD - AMBIGUITY_MARGIN
            for name, score, _ in process.extract(
                key, self._choices, scorer=scorer, score_cutoff=cutoff, limit=None
            ):
                org = self._index[name][0]
                best[org] = max(best.get(org, 0.0), score)
        ranked = sorted(best.items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < FUZZY_THRESHOLD:
            return None, 0.0, []
        rivals = [org for org, score in ranked[1:] if score > ranked[0][1] - AMBIGUITY_MARGIN]
        return (None, 0.0, [ranked[0][0], *rivals]) if rivals else (*ranked[0], [])

    def _mentions(self, words: list[str]) -> set[str]:
        """Organisations named exactly by a run of consecutive words, ignoring a run that lies
        inside a longer named run ('jeugdzorg' inside 'bureau jeugdzorg')."""
        spans: list[tuple[int, int, str]] = []
        for length in range(len(words), 0, -1):
            for i in range(len(words) - length + 1):
                j = i + length
                if any(a <= i and j <= b for a, b, _ in spans):
                    continue
                if hit := self._exact(" ".join(words[i:j])):
                    spans.append((i, j, hit[0]))
        return {canonical for _, _, canonical in spans}

    def _part(self, words: list[str], shown: list[str], fuzzy: bool) -> tuple | None:
        """A known name followed or preceded by other words (a place, a brand), longest name
        first, provided those other words name no other organisation; (score, canonical, note)."""
        n = len(words)
        spans = sorted(
            [(0, j) for j in range(1, n)] + [(i, n) for i in range(1, n)],
            key=lambda span: span[0] - span[1],
        )
        for i, j in spans:
            if i and words[i - 1] in BEFORE_NAME_STOP or j < n and words[j] in AFTER_NAME_STOP:
                continue
            part = " ".join(words[i:j])
            if fuzzy:
                canonical, score, _ = self._fuzzy(part)
            else:
                canonical = (self._exact(part) or (None,))[0]
                score = fuzz.WRatio(" ".join(words), part)
            if canonical and self._mentions(words[:i] + words[j:]) <= {canonical}:
                note = f"toevoeging '{' '.join(shown[:i] + shown[j:])}' genegeerd"
                return score, canonical, f"gelijkenis {score:.0f}%, {note}" if fuzzy else note
        return None

    def _resolve(self, raw: str) -> Resolution:
        pairs = _tokens(raw)
        if not pairs:
            return Resolution(raw, None, None, None, "empty", 0.0, None)
        shown = [w for w, _ in pairs]
        words = [f for _, f in pairs]
        key = " ".join(words)
        if hit := self._exact(key):
            return self._found(raw, hit[0], hit[1], 100.0, None)
        # a known name plus a place usually beats a whole-name fuzzy match, a close typo of a
        # longer name ('Consultatiebureau voor Alcohol en Drugz') does not: take the higher score
        candidates = [self._part(words, shown, fuzzy=False)]
        canonical, score, rivals = self._fuzzy(key)
        if canonical:
            candidates.append((score, canonical, f"gelijkenis {score:.0f}%"))
        best = max((c for c in candidates if c), key=lambda c: c[0], default=None)
        best = best or self._part(words, shown, fuzzy=True)
        if best:
            return self._found(raw, best[1], "fuzzy", best[0], best[2])
        mentioned = self._mentions(words)
        if len(mentioned) > 1:
            names = ", ".join(f"'{m}'" for m in sorted(mentioned))
            return self._unresolved(raw, f" als één organisatie (noemt {names})")
        if rivals:
            names = " en ".join(f"'{r}'" for r in rivals[:3])
            return self._unresolved(raw, f" (lijkt evenveel op {names})")
        return self._unresolved(raw)
