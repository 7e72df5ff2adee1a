"""No coordinator: many organisations involved and nobody who could coordinate, or several.

At each moment the organisations involved come from their involvement periods (`involvement`).
An organisation may coordinate (be the family's regisseur) when the registry says so
(`coordinating: true`; a case's local name is matched to the registry, so "Sociaal Wijkteam
Noorderhaven" is a Wijkteam) or when it is listed in `coordinators`. Two findings follow:
- kind "none": at least `min_organisations` organisations involved at once and none that may
  coordinate, for at least `min_days`;
- kind "several": two or more organisations that may coordinate involved at once for at least
  `min_days`, so it is not self-evident who holds the regie (the report: "several organisations
  each assumed another one coordinated").
The dossiers' own coordination (events of subtype `coordination` or `case_conference`, notes of
a zorgoverleg) is read for each stretch and named in the sentence: consultations without a
coordinator are not coordination, and a stretch without any is worse.

Theme: Samenwerking / "Eén regisseur": the criterion is literally one coordinator, with the
power to decide and escalate.
"""

from __future__ import annotations

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    by_id,
    dated,
    event_type,
    fmt_span,
    join_nl,
    registry_profile,
    subtype,
    text_cues_where,
    text_matches_where,
)
from reconstruct.analysis.involvement import (
    DAY,
    involvement_periods,
    period_evidence,
    segments,
)
from reconstruct.analysis.signals import NOT_HELD
from reconstruct.mapping import FAMILY

THEME = ("Samenwerking", "Eén regisseur")
CONSULTATION_SUBTYPES = ("coordination", "case_conference")
CONSULTATION_CUES = r"zorgoverleg|zorgconferentie|ketenoverleg|casusoverleg|\bzat\b|coordineert"


def may_coordinate(organisation: str, extra=()) -> bool:
    """True when the organisation may act as the family's coordinator (registry or `extra`)."""
    return organisation in extra or registry_profile(organisation)[2]


def consultations(events: pd.DataFrame) -> pd.Series:
    """True for the dossiers' own coordination: consultations between organisations."""
    kind = event_type(events)
    typed = (kind == "consultation") & subtype(events).isin(CONSULTATION_SUBTYPES)
    readable = events["event_type"].isin(("consultation", "note"))
    held = typed | text_cues_where(events, readable, CONSULTATION_CUES)
    return held & ~text_matches_where(events, held, NOT_HELD)


def _stretches(segs: pd.DataFrame, keep) -> list[pd.DataFrame]:
    """Runs of touching segments for which keep(row) is true."""
    runs, current = [], []
    for i, r in segs.iterrows():
        if keep(r) and (not current or segs.loc[current[-1], "end"] + DAY == r["start"]):
            current.append(i)
        else:
            if current:
                runs.append(segs.loc[current])
            current = [i] if keep(r) else []
    if current:
        runs.append(segs.loc[current])
    return runs


@register(
    "no_coordinator",
    "Periodes waarin veel organisaties tegelijk betrokken waren zonder organisatie die de regie "
    "kon voeren, of waarin meerdere mogelijke regisseurs tegelijk betrokken waren.",
    parameters={"min_organisations": 5, "min_days": 90, "coordinators": []},
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: stretches without a possible coordinator (kind "none") and stretches with
    several at once (kind "several").

    Parameters: `min_organisations` (5) from this many organisations at once a coordinator is
    needed; `min_days` (90) shorter stretches are left out (periods recorded by month or season
    leave small gaps and overlaps that mean nothing); `coordinators` ([]) extra organisation
    names that may coordinate, e.g. a case's local organisations marked `coordinating`.
    """
    extra = tuple(params.get("coordinators") or ())
    periods = involvement_periods(events)
    periods = periods[periods["organisation"] != FAMILY]
    segs = segments(periods)
    if segs.empty:
        return []
    segs = segs.assign(
        coordinators=segs["organisations"].map(
            lambda orgs: tuple(o for o in orgs if may_coordinate(o, extra))
        )
    )
    d = dated(events, keep_duplicates=True, columns=READ)
    talks = d[consultations(d)]
    min_days = int(params["min_days"])
    many = int(params["min_organisations"])
    out = []
    for run_ in _stretches(
        segs, lambda r: len(r["organisations"]) >= many and not r["coordinators"]
    ):
        start, end = run_["start"].min(), run_["end"].max()
        if (end - start).days + 1 >= min_days:
            out.append(_none(run_, start, end, periods, d, talks))
    for run_ in _stretches(segs, lambda r: len(r["coordinators"]) >= 2):
        start, end = run_["start"].min(), run_["end"].max()
        if (end - start).days + 1 >= min_days:
            out.append(_several(run_, start, end, periods, d, talks))
    return sorted(out, key=lambda f: f.period_start)


def _overlapping(periods, orgs, start, end):
    return periods[
        periods["organisation"].isin(orgs) & (periods["start"] <= end) & (periods["end"] >= start)
    ]


def _talk_summary(talks: pd.DataFrame, start, end) -> tuple[pd.DataFrame, str]:
    inside = talks[(talks["t0"] >= start) & (talks["t0"] <= end)]
    inside = inside[inside["duplicate_of"].isna()]
    if inside.empty:
        return inside, "er is in die periode geen overleg tussen organisaties vastgelegd"
    per = inside["organisation"].value_counts()
    listed = join_nl(f"{o} {n} keer" for o, n in per.items())
    return inside, f"vastgelegd overleg: {listed}"


def _none(run_, start, end, periods, d, talks) -> Finding:
    orgs = sorted({o for orgs in run_["organisations"] for o in orgs})
    counts = run_["organisations"].map(len)
    lo, hi = counts.min(), counts.max()
    n = f"{lo}" if lo == hi else f"{lo} tot {hi}"
    inside, talk = _talk_summary(talks, start, end)
    sentence = (
        f"{fmt_span(start, end).capitalize()} waren {n} organisaties tegelijk betrokken zonder "
        f"organisatie die de regie kon voeren; {talk}."
    )
    ids = [
        i
        for p in _overlapping(periods, orgs, start, end).itertuples()
        for i in period_evidence(d, p)
    ]
    ids = list(dict.fromkeys(ids + inside["event_id"].tolist()))
    severity = 2 + ((end - start).days >= 365 and inside.empty)
    return Finding(
        analysis="no_coordinator",
        period_start=start,
        period_end=end,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=severity,
        evidence=ids,
        organisations=orgs,
        persons=by_id(d).persons(ids),
        kind="none",
    )


def _several(run_, start, end, periods, d, talks) -> Finding:
    named = {o for cs in run_["coordinators"] for o in cs}
    first = periods[periods["organisation"].isin(named)].groupby("organisation")["start"].min()
    coords = first.sort_values(kind="stable").index.tolist()  # in order of coming in
    own = talks[talks["organisation"].isin(coords)]
    inside, talk = _talk_summary(own, start, end)
    when = fmt_span(start, end).capitalize()
    if len(coords) == 2:
        sentence = (
            f"{when} waren {join_nl(coords)} tegelijk betrokken, allebei organisaties die de regie "
            f"kunnen voeren; {talk}."
        )
    else:
        sentence = (
            f"{when} waren steeds twee of meer organisaties tegelijk betrokken die de regie "
            f"kunnen voeren ({join_nl(coords)}); {talk}."
        )
    ids = [
        i
        for p in _overlapping(periods, coords, start, end).itertuples()
        for i in period_evidence(d, p)
    ]
    ids = list(dict.fromkeys(ids + inside["event_id"].tolist()))
    return Finding(
        analysis="no_coordinator",
        period_start=start,
        period_end=end,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=2 if (end - start).days >= 365 else 1,
        evidence=ids,
        organisations=coords,
        persons=by_id(d).persons(ids),
        kind="several",
    )
