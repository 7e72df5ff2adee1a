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

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    dated,
    event_type,
    fmt_date,
    fmt_span,
    join_nl,
    persons,
    registry_profile,
)
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.organisations import OrganisationRegistry

NAME = "parallel_tracks"
MARKS = ("involvement_start", "involvement_end")
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
    names = {org, *events.loc[events["organisation"] == org, "organisation_raw"].dropna()}
    names |= set(extra.get(org, []))
    canonical = registry_profile(org)[0]
    entry = _registry().get(canonical) if canonical else None
    if entry is not None:
        names |= {entry.canonical, *(entry.aliases or ()), entry.full_name}
    folded = sorted({_fold(n) for n in names if n and len(_fold(n)) >= 2}, key=len, reverse=True)
    if not folded:
        return re.compile(r"(?!)")  # a name too short to find: never matches
    return re.compile(r"(?<![a-z0-9])(" + "|".join(map(re.escape, folded)) + r")(?![a-z0-9])")


@functools.cache
def _registry() -> OrganisationRegistry:
    return OrganisationRegistry.load()


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


def _same(a: str, b: str) -> bool:
    """One organisation, or one under an old and a new name (AMK and Veilig Thuis)."""
    if a == b:
        return True
    ca, cb = registry_profile(a)[0], registry_profile(b)[0]
    return bool(ca and cb and cb in _registry().lineage(ca))


def _other(names: dict, org: str) -> str:
    return next(o for o in names if o != org)


def _label(track: pd.DataFrame, org: str) -> str:
    """'een onderzoek door AMK', 'een melding bij OGGZ', or 'de betrokkenheid van ...'."""
    kinds = set(event_type(track))
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
    ev = dated(events, keep_duplicates=True)
    if ev.empty:
        return []
    entries = ev[~ev["event_type"].isin(MARKS)]
    margin = pd.Timedelta(days=int(params["margin_days"]))
    out = []
    for (_, a), (_, b) in itertools.combinations(tracks.iterrows(), 2):
        if _same(a["organisation"], b["organisation"]):
            continue
        start, stop = max(a["start"], b["start"]), min(a["end"], b["end"])
        if (stop - start).days + 1 < int(params["min_overlap_days"]):
            continue
        window = entries[(entries["t0"] >= start - margin) & (entries["t0"] <= stop + margin)]
        finding = _pair(events, ev, window, a, b, start, stop, params)
        if finding is not None:
            out.append(finding)
    return out


def _pair(events, ev, window, a, b, start, stop, params) -> Finding | None:
    rx = {o: _names(o, events, params["aliases"]) for o in (a["organisation"], b["organisation"])}
    for r in window.itertuples():
        named = {o: _mentions(r.description, p)[0] for o, p in rx.items()}
        if r.organisation in rx and named[_other(rx, r.organisation)]:
            return None  # one names the other: they consulted or referred
        if all(named.values()):
            return None  # a third party's entry names both: a meeting of the two
    # Where either track names the other only to say it did not ask or did not know: evidence.
    lo, hi = min(a["start"], b["start"]), max(a["end"], b["end"])
    both = ev[ev["organisation"].isin(list(rx)) & (ev["t0"] >= lo) & (ev["t0"] <= hi)]
    negative = [
        r
        for r in both[~both["event_type"].isin(MARKS)].itertuples()
        if _mentions(r.description, rx[_other(rx, r.organisation)])[1]
    ]
    tracks = []
    ids: list[str] = []
    for t in (a, b):
        own = ev[(ev["organisation"] == t["organisation"]) & (ev["t0"] <= t["end"])]
        own = own[own["t1"] >= t["start"]]
        marks = own[own["event_type"].isin(MARKS)]
        during = own[(own["t0"] >= start) & (own["t0"] <= stop) & ~own["event_type"].isin(MARKS)]
        ids += [*marks["event_id"], *during["event_id"]]
        tracks.append(f"{_label(own, t['organisation'])} ({fmt_span(t['start'], t['end'])})")
    ids += [r.event_id for r in negative]
    sentence = (
        f"{fmt_span(start, stop).capitalize()} liepen tegelijk {tracks[0]} en {tracks[1]}, "
        "zonder dat in de dossiers overleg of een verwijzing tussen die twee te vinden is."
    )
    if negative:
        said = [f"{r.organisation} in {fmt_date(r.t0)}" for r in negative]
        sentence += f" Waar de een de ander noemt, is het ontkennend ({join_nl(said)})."
    rows = ev[ev["event_id"].isin(ids)]
    return Finding(
        analysis=NAME,
        period_start=start,
        period_end=stop,
        sentence=sentence,
        theme="Samenwerking",
        criterion="Toereikende informatie",
        severity=2,
        evidence=list(dict.fromkeys(ids)),
        organisations=[a["organisation"], b["organisation"]],
        persons=persons(rows),
        kind="pair",
    )
