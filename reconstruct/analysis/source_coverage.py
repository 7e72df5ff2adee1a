"""Source coverage: stretches in which an organisation was involved but its dossier is silent.

For every recorded involvement period (the `explicit` ones: an `involvement_start`, from the
inspectors' overview or a dossier), the calendar months that none of the organisation's own
entries touches are found; a run of at least `min_gap_months` such months is a gap. An open
period runs to the end of the case (`case_end`, else the last date in the table). When an
organisation has no entries at all, the entries of an organisation of the same sector that has
entries but no recorded periods of its own stand in for it (the overview says "Consultatiebureau",
the extract is the JGZ's); periods that share one dossier are judged together. A gap in the
dossier of a standing relationship (GP, hospital, school, landlord, budget manager: sectors in
`standing_sectors`, or for a name the registry does not know, domains in `standing_domains`)
weighs less (severity 0) than one in the dossier of help (1): such a dossier records mainly the
exceptions. A gap says the dossier is silent, not that nothing happened: a
dossier may be missing, partly received, or unreliable after a system conversion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    Grouped,
    Spans,
    count_nl,
    dated,
    day,
    fmt_date,
    fmt_span,
    join_nl,
    persons,
    persons_in,
    registry_profile,
)
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.mapping import FAMILY

NAME = "source_coverage"
MARKS = ("involvement_start", "involvement_end")


def _month(t: pd.Timestamp) -> int:
    return t.year * 12 + t.month - 1


def _covered_months(rows: pd.DataFrame) -> set[int]:
    """Every month (as `_month` counts) that one of the rows touches, from t0 to t1."""
    first = _months(rows["t0"])
    count = _months(rows["t1"]) - first + 1
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return set(np.unique(np.repeat(first, count) + offsets).tolist())


def _months(days: pd.Series) -> np.ndarray:
    """`_month` of each day."""
    return days.to_numpy(dtype="datetime64[ms]").astype("datetime64[M]").astype("int64") + 1970 * 12


def _from_month(m: int, last: bool = False) -> pd.Timestamp:
    start = pd.Timestamp(year=m // 12, month=m % 12 + 1, day=1)
    return start + pd.offsets.MonthEnd(0) if last else start


@register(
    NAME,
    "Perioden waarin een organisatie volgens het overzicht betrokken was, maar haar dossier geen "
    "enkele vermelding bevat: het dossier zwijgt (ontbreekt, is onvolledig of onbetrouwbaar na "
    "een systeemconversie), wat niet betekent dat er niets gebeurde.",
    parameters={
        "min_gap_months": 12,
        "case_end": None,
        "standing_sectors": [
            "huisarts",
            "ziekenhuis",
            "onderwijs",
            "wonen",
            "schuldhulp",
            "inkomen",
            "armoede",
        ],
        "standing_domains": ["wonen", "werk_inkomen"],
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """One finding per gap (kind `gap`), or per period of an organisation without any entry
    (kind `no_dossier`)."""
    ev = dated(events, keep_duplicates=True, columns=READ)
    if ev.empty:
        return []
    ev = ev[["event_id", "organisation", "event_type", "persons", "t0", "t1"]]
    entries = ev[~ev["event_type"].isin(MARKS) & ev["organisation"].notna()]
    marks = ev[ev["event_type"].isin(MARKS)]
    case_end = pd.Timestamp(params["case_end"]) if params["case_end"] else ev["t1"].max()
    periods = involvement_periods(events, case_end=case_end)
    explicit = periods[(periods["kind"] == "explicit") & (periods["organisation"] != FAMILY)]
    stand_in = _stand_ins(entries, explicit)
    undated = events.loc[events["date_start"].isna() & events["date_end"].isna(), ["organisation"]]
    minimum = int(params["min_gap_months"])
    out = []
    by_org = Grouped(entries)
    spans = (Spans(entries), Spans(entries, None))  # per organisation, and all of them
    for span in _spans(explicit, stand_in, marks):
        span["standing"] = _standing(span["source"], explicit, params)
        own = by_org[span["source"]]
        if own.empty:
            out.append(_no_dossier(span, marks, undated))
            continue
        covered = _covered_months(own)
        dossier = _Dossier(own)
        run_start = None
        for m in range(_month(span["start"]), _month(span["end"]) + 2):
            empty = m <= _month(span["end"]) and m not in covered
            if empty and run_start is None:
                run_start = m
            elif not empty and run_start is not None:
                if m - run_start >= minimum:
                    out.append(_gap(span, dossier, spans, undated, run_start, m - 1))
                run_start = None
    return out


def _spans(explicit: pd.DataFrame, stand_in: dict, marks: pd.DataFrame) -> list[dict]:
    """Periods to check, per dossier: overlapping periods that one dossier covers are merged
    (the JGZ extract for both the Consultatiebureau and the GGD)."""
    spans: list[dict] = []
    ordered = explicit.assign(source=explicit["organisation"].map(lambda o: stand_in.get(o, o)))
    orgs = marks["organisation"].to_numpy(dtype=object)
    kinds = marks["event_type"].to_numpy(dtype=object)
    t0 = marks["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = marks["t1"].to_numpy(dtype="datetime64[ms]")
    ids = marks["event_id"].to_numpy(dtype=object)
    for source, g in ordered.groupby("source", sort=False):
        current = None
        for p in g.sort_values("start").itertuples():
            own = orgs == p.organisation
            start_mark = ids[own & (kinds == "involvement_start") & (t0 == day(p.start))]
            end_mark = ids[own & (kinds == "involvement_end") & (t1 == day(p.end))]
            bounds = [*start_mark[:1], *end_mark[:1]]
            if current is not None and p.start <= current["end"]:
                current["end"] = max(current["end"], p.end)
                current["open_end"] = current["open_end"] or p.open_end
                current["orgs"] = list(dict.fromkeys([*current["orgs"], p.organisation]))
                current["bounds"] += bounds
                continue
            current = {
                "source": source,
                "orgs": [p.organisation],
                "start": p.start,
                "end": p.end,
                "open_end": bool(p.open_end),
                "bounds": bounds,
            }
            spans.append(current)
    return sorted(spans, key=lambda s: (s["start"], s["source"]))


def _standing(org: str, explicit: pd.DataFrame, params: dict) -> bool:
    """A standing relationship, whose dossier records mainly the exceptions."""
    sector = registry_profile(org)[1]
    if sector:
        return sector in set(params["standing_sectors"])
    domains = set(explicit.loc[explicit["organisation"] == org, "domain"].dropna())
    return bool(domains & set(params["standing_domains"]))


def _stand_ins(entries: pd.DataFrame, explicit: pd.DataFrame) -> dict[str, str]:
    """Organisation without entries -> the one organisation of its sector whose entries stand
    in for its dossier (it has entries and no recorded periods of its own)."""
    with_entries = set(entries["organisation"].unique())
    recorded = set(explicit["organisation"])
    out = {}
    for org in recorded - with_entries:
        sector = registry_profile(org)[1]
        if not sector:
            continue
        candidates = [
            o for o in with_entries - recorded if o != FAMILY and registry_profile(o)[1] == sector
        ]
        if len(candidates) == 1:
            out[org] = candidates[0]
    return out


def _involved(span: dict) -> str:
    who = join_nl(span["orgs"])
    verb = "was" if len(span["orgs"]) == 1 else "waren"
    if span["open_end"]:
        when = f"vanaf {fmt_date(span['start'])} (zonder einddatum)"
    else:
        when = fmt_span(span["start"], span["end"])
    return f"{who} {verb} volgens het overzicht betrokken {when}"


class _Dossier:
    """One dossier's entries (in date order) as arrays, for the gaps found in it."""

    def __init__(self, own: pd.DataFrame) -> None:
        self.t0 = own["t0"].to_numpy(dtype="datetime64[ms]")
        self.t1 = own["t1"].to_numpy(dtype="datetime64[ms]")
        self.ids = own["event_id"].to_numpy(dtype=object)
        self.persons = own["persons"].to_numpy(dtype=object)


def _gap(span: dict, own: _Dossier, entries: tuple[Spans, Spans], undated, first, last) -> Finding:
    source = span["source"]
    gap_start, gap_end = _from_month(first), _from_month(last, last=True)
    # The dossier's last entry before the gap and its first after it.
    before = np.flatnonzero(own.t1 < gap_start.to_datetime64())[-1:]
    after = np.flatnonzero(own.t0 > gap_end.to_datetime64())[:1]
    ids = [*own.ids[before], *own.ids[after]]
    if not len(before) or not len(after):
        ids += span["bounds"]
    # Entries of other organisations in the gap: all of them, less the dossier's and the family's.
    by_org, every = entries
    within = {"after": gap_start, "until": gap_end, "after_inclusive": True}
    others = len(every.select(**within)) - sum(
        len(by_org.select(org, **within)) for org in {source, FAMILY}
    )
    dossier = source if span["orgs"] == [source] else f"{source} (voor {join_nl(span['orgs'])})"
    sentence = (
        f"{_involved(span)}, maar het dossier van {dossier} bevat "
        f"{fmt_span(gap_start, gap_end)} ({last - first + 1} maanden) geen enkele vermelding. "
        "Het dossier zwijgt; dat betekent niet dat er niets gebeurde"
    )
    if others:
        sentence += (
            ": andere organisaties legden in die maanden "
            f"{count_nl(others, 'gebeurtenis', 'gebeurtenissen')} vast"
        )
    sentence += "."
    if span["standing"]:
        sentence += " Bij een vaste relatie als deze legt een dossier vooral uitzonderingen vast."
    lost = undated[undated["organisation"] == source]
    if len(lost):
        sentence += (
            f" Het dossier heeft {count_nl(len(lost), 'vermelding', 'vermeldingen')} zonder "
            "bruikbare datum."
        )
    return Finding(
        analysis=NAME,
        period_start=gap_start,
        period_end=gap_end,
        sentence=sentence,
        theme="Samenwerking",
        criterion="Toereikende informatie",
        severity=0 if span["standing"] else 1,
        evidence=list(dict.fromkeys(ids)),
        organisations=list(dict.fromkeys([*span["orgs"], source])),
        persons=persons_in(own.persons[np.concatenate([before, after])]),
        kind="gap",
    )


def _no_dossier(span: dict, marks, undated) -> Finding:
    orgs = span["orgs"]
    lost = undated[undated["organisation"].isin(orgs)]
    sentence = (
        f"{_involved(span)}, maar er is geen enkele gedateerde vermelding van "
        f"{join_nl(orgs)} in de dossiers: het dossier ontbreekt of is niet aangeleverd."
    )
    if len(lost):
        sentence += (
            f" Er zijn wel {count_nl(len(lost), 'vermelding', 'vermeldingen')} zonder bruikbare "
            "datum."
        )
    rows = marks[marks["event_id"].isin(span["bounds"])]
    return Finding(
        analysis=NAME,
        period_start=span["start"],
        period_end=span["end"],
        sentence=sentence,
        theme="Samenwerking",
        criterion="Toereikende informatie",
        severity=0 if span["standing"] else 1,
        evidence=list(dict.fromkeys(span["bounds"])),
        organisations=list(orgs),
        persons=persons(rows),
        kind="no_dossier",
    )
