"""Parallel tracks: investigations or reports about the family by two organisations at once,
with no consultation or referral between them in the dossiers.

A track is an involvement period (recorded or inferred) of an organisation that investigates or
receives reports (`organisations`: the reporting centre under its names, the OGGZ, the Raad).
Two tracks of different organisations that overlap for at least `min_overlap_days` met when,
from `margin_days` before the overlap to `margin_days` after it, an entry of one names the
other, or one entry of anyone names both, in a clause without a negation. "Reclassering en
OGGZ niet bevraagd" is no consultation: such mentions are kept as evidence that the tracks did
not meet. Names are the canonical name, the spellings the sources used, the registry's full name
and aliases, and the extra `aliases`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    ById,
    Grouped,
    Spans,
    _registry,
    dated,
    day,
    event_type,
    fmt_date,
    fmt_span,
    join_nl,
    registry_profile,
)
from reconstruct.analysis.involvement import involvement_periods

NAME = "parallel_tracks"
MARKS = ("involvement_start", "involvement_end")
COLUMNS = ["event_id", "organisation", "event_type", "suggested_event_type", "persons", "t0", "t1"]
"""What a finding reads of the dated table (the texts are read once, up front)."""
NEGATION = re.compile(r"\b(niet|geen|nooit|zonder)\b")
CLAUSE = re.compile(r"[.;:!?\n\u2014]")
ABBREVIATION = re.compile(r"\b(?:[A-Za-z]\.){2,}")
"""A.M.K., O.G.G.Z.: their dots do not end a clause."""


def _fold(text: str) -> str:
    """Accent-free lower case without dots and apostrophes ("A.M.K." -> "amk")."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return re.sub(r"[.'`]", "", plain)


def _names(org: str, events: pd.DataFrame, extra: dict) -> re.Pattern:
    """A pattern that finds the organisation named in folded text."""
    return _pattern(_name_list(org, events, extra))


def _name_list(org: str, events: pd.DataFrame, extra: dict) -> list[str]:
    """The organisation's names as folded text, longest first."""
    names = {org, *events.loc[events["organisation"] == org, "organisation_raw"].dropna()}
    names |= set(extra.get(org, []))
    canonical = registry_profile(org)[0]
    entry = _registry().get(canonical) if canonical else None
    if entry is not None:
        names |= {entry.canonical, *(entry.aliases or ()), entry.full_name}
    return sorted({_fold(n) for n in names if n and len(_fold(n)) >= 2}, key=len, reverse=True)


def _pattern(folded: list[str]) -> re.Pattern:
    if not folded:
        return re.compile(r"(?!)")  # a name too short to find: never matches
    return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, folded)) + r")(?![a-z0-9])")


class _Mentions:
    """Per organisation, which rows of a table name it in a clause without a negation (plain)
    and which only with one (negated): `_mentions` for every row, worked out per distinct text
    and only for texts that contain one of the names at all (found with RE2 in one pass)."""

    def __init__(self, rows: pd.DataFrame, events: pd.DataFrame, aliases: dict) -> None:
        self.codes, uniques = pd.factorize(rows["description"])
        self.texts = uniques.tolist()
        self.events, self.aliases = events, aliases
        self._folded: list[str] | None = None
        self._of: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def of(self, org: str) -> tuple[np.ndarray, np.ndarray]:
        if org not in self._of:
            self._of[org] = self._find(org)
        return self._of[org]

    def _find(self, org: str) -> tuple[np.ndarray, np.ndarray]:
        names = _name_list(org, self.events, self.aliases)
        plain = np.zeros(len(self.texts) + 1, dtype=bool)  # the last entry: no text
        neg = np.zeros(len(self.texts) + 1, dtype=bool)
        if names:
            rx = _pattern(names)
            for i in self._candidates(names):
                plain[i], neg[i] = _mentions(self.texts[i], rx)
        return plain[self.codes], neg[self.codes]

    def _candidates(self, names: list[str]) -> list[int]:
        """Texts whose folded whole contains a name: every clause's folded text is a part of
        it, so no text that names the organisation in some clause is left out."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if self._folded is None:
            self._folded = [_fold(t) if isinstance(t, str) else "" for t in self.texts]
        literal = "|".join(re.sub(r"([\\.^$|?*+()\[\]{}])", r"\\\1", n) for n in names)
        hits = pc.match_substring_regex(pa.array(self._folded, type=pa.large_string()), literal)
        return np.flatnonzero(hits.to_numpy(zero_copy_only=False)).tolist()


def _mentions(text: object, rx: re.Pattern) -> tuple[bool, bool]:
    """(named without a negation in some clause, named only with a negation)."""
    if not isinstance(text, str):
        return False, False
    plain = neg = False
    text = ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    for clause in CLAUSE.split(text):
        folded = _fold(clause)
        if rx.search(folded):
            if NEGATION.search(folded):
                neg = True
            else:
                plain = True
    return plain, neg and not plain


@functools.lru_cache(maxsize=4096)
def _same(a: str, b: str) -> bool:
    """One organisation, or one under an old and a new name (AMK and Veilig Thuis)."""
    if a == b:
        return True
    ca, cb = registry_profile(a)[0], registry_profile(b)[0]
    return bool(ca and cb and cb in _registry().lineage(ca))


def _label(kinds: set, org: str) -> str:
    """'een onderzoek door AMK', 'een melding bij OGGZ', or 'de betrokkenheid van ...' (for a
    track whose entries are of the event types `kinds`)."""
    if "risk_assessment" in kinds:
        return f"een onderzoek door {org}"
    if "referral" in kinds:
        return f"een melding bij {org}"
    return f"de betrokkenheid van {org}"


@register(
    NAME,
    "Twee onderzoeken of meldingen over het gezin bij verschillende organisaties (AMK of Veilig "
    "Thuis, OGGZ, Raad voor de Kinderbescherming) die tegelijk liepen, zonder dat in de dossiers "
    "overleg of een verwijzing tussen die twee te vinden is.",
    parameters={
        "organisations": [
            "BVA",
            "AMK",
            "Steunpunt Huiselijk Geweld",
            "Veilig Thuis",
            "OGGZ",
            "Raad voor de Kinderbescherming",
        ],
        "min_overlap_days": 14,
        "margin_days": 30,
        "aliases": {"Raad voor de Kinderbescherming": ["de Raad"]},
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """One finding (kind `pair`) per two overlapping tracks that never met."""
    wanted = set(params["organisations"])
    periods = involvement_periods(events)
    tracks = periods[
        periods["organisation"].map(lambda o: o in wanted or registry_profile(o)[0] in wanted)
    ]
    ev = dated(events, keep_duplicates=True, columns=READ)
    if ev.empty:
        return []
    is_mark = ev["event_type"].isin(MARKS).to_numpy()
    entries = Spans(ev.loc[~is_mark, ["t0"]], None)
    entry_pos = np.flatnonzero(~is_mark)
    mentions = _Mentions(ev, events, params["aliases"])
    narrow = [c for c in COLUMNS if c in ev]
    context = _Context(ev[narrow], is_mark, mentions)
    margin = pd.Timedelta(days=int(params["margin_days"]))
    out = []
    for (_, a), (_, b) in itertools.combinations(tracks.iterrows(), 2):
        if _same(a["organisation"], b["organisation"]):
            continue
        start, stop = max(a["start"], b["start"]), min(a["end"], b["end"])
        if (stop - start).days + 1 < int(params["min_overlap_days"]):
            continue
        window = entry_pos[
            entries.select(after=start - margin, until=stop + margin, after_inclusive=True)
        ]
        finding = _pair(context, window, a, b, start, stop)
        if finding is not None:
            out.append(finding)
    return out


class _Context:
    """What every pair of tracks is checked against: the dated table, its organisations, which
    rows are involvement marks, who names whom, and the rows per organisation."""

    def __init__(self, ev: pd.DataFrame, is_mark: np.ndarray, mentions: _Mentions) -> None:
        self.is_mark, self.mentions = is_mark, mentions
        self.orgs = ev["organisation"].to_numpy(dtype=object)
        self.ids = ev["event_id"].to_numpy(dtype=object)
        self.kinds = event_type(ev).to_numpy(dtype=object)
        self.t0 = ev["t0"].to_numpy(dtype="datetime64[ms]")
        self.t1 = ev["t1"].to_numpy(dtype="datetime64[ms]")
        self.by_org = Grouped(ev)
        self.by_id = ById(ev)


def _pair(c: _Context, window: np.ndarray, a, b, start, stop) -> Finding | None:
    """The finding for tracks `a` and `b` when no entry in `window` (row positions) shows that
    they met, else None."""
    first, second = a["organisation"], b["organisation"]
    plain_a, neg_a = c.mentions.of(first)
    plain_b, neg_b = c.mentions.of(second)
    org = c.orgs[window]
    met = ((org == first) & plain_b[window]) | ((org == second) & plain_a[window])
    if (met | (plain_a[window] & plain_b[window])).any():
        return None  # one names the other (consulted, referred), or a third party names both
    # Where either track names the other only to say it did not ask or did not know: evidence.
    lo, hi = day(min(a["start"], b["start"])), day(max(a["end"], b["end"]))
    rows = np.union1d(c.by_org.positions(first), c.by_org.positions(second))
    rows = rows[(c.t0[rows] >= lo) & (c.t0[rows] <= hi) & ~c.is_mark[rows]]
    negative = rows[
        ((c.orgs[rows] == first) & neg_b[rows]) | ((c.orgs[rows] == second) & neg_a[rows])
    ]
    tracks = []
    ids: list[str] = []
    for t in (a, b):
        own = c.by_org.positions(t["organisation"])
        own = own[(c.t0[own] <= day(t["end"])) & (c.t1[own] >= day(t["start"]))]
        marks = own[c.is_mark[own]]
        during = own[(c.t0[own] >= day(start)) & (c.t0[own] <= day(stop)) & ~c.is_mark[own]]
        ids += [*c.ids[marks], *c.ids[during]]
        kinds = set(c.kinds[own])
        tracks.append(f"{_label(kinds, t['organisation'])} ({fmt_span(t['start'], t['end'])})")
    ids += c.ids[negative].tolist()
    sentence = (
        f"{fmt_span(start, stop).capitalize()} liepen tegelijk {tracks[0]} en {tracks[1]}, "
        "zonder dat in de dossiers overleg of een verwijzing tussen die twee te vinden is."
    )
    if len(negative):
        said = [f"{c.orgs[i]} in {fmt_date(pd.Timestamp(c.t0[i]))}" for i in negative.tolist()]
        sentence += f" Waar de een de ander noemt, is het ontkennend ({join_nl(said)})."
    return Finding(
        analysis=NAME,
        period_start=start,
        period_end=stop,
        sentence=sentence,
        theme="Samenwerking",
        criterion="Toereikende informatie",
        severity=2,
        evidence=list(dict.fromkeys(ids)),
        organisations=[first, second],
        persons=c.by_id.persons(ids),
        kind="pair",
    )
