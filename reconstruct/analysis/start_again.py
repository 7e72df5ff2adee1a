"""Start-again: the same kind of help started again and again, each time without looking back.

A start is an involvement period recorded in the dossiers (an `involvement_start`); for an
organisation without recorded periods, an entry that says help started ("gestart", "hervat",
"opnieuw aangemeld", "intake"). Starts are counted per organisation, and per kind of help (the
sector in the organisations registry) when several organisations together reach the threshold
while none does alone. A restart "after a break-off" follows a period in which the family kept
the help at a distance (care avoidance) or broke it off. Investigations and enforcement
(reporting centre, police, justice, probation, the Raad) are not help and are left out. The
reconstruction ends at the calamity: later starts do not count.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    Grouped,
    count_nl,
    dated,
    day,
    event_type,
    fmt_date,
    join_nl,
    persons_in,
    registry_profile,
    text_matches,
    text_matches_where,
)
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.mapping import FAMILY

NAME = "start_again"
START_TEXT = r"\b(gestart|hervat|opnieuw aangemeld|aangemeld)\b|^start\b|\bintake\b"
BREAK_TEXT = (
    r"opgezegd|zegt .{0,40}\bop\b|afgebroken|\bstopt\b|gestopt|no-?shows?"
    r"|niet (verschenen|verschijnen|thuis|opengedaan)|weiger"
)
"""The family ended or kept off the help: said it up, broke it off, did not show up."""
EVAL_TEXT = r"evaluat|terugblik|eerdere hulp|vorige (keer|hulp|periode)|resultaten van"
MARKS = ("involvement_start", "involvement_end")
COLUMNS = [
    "event_id",
    "organisation",
    "event_type",
    "suggested_event_type",
    "date_precision",
    "date_raw",
    "description",
    "persons",
    "t0",
    "t1",
]
"""What the analysis reads of the event table."""
_SECTOR_LABELS = {"ggz": "GGZ", "jgz": "JGZ"}


def _when(row) -> str:
    """The start's date for a sentence: month when known, the year, else as written."""
    if row["date_precision"] in ("day", "month"):
        return fmt_date(row["t0"])
    if row["date_precision"] == "year":
        return str(row["t0"].year)
    raw = row["date_raw"]
    return str(raw) if isinstance(raw, str) and raw else fmt_date(row["t0"])


def _excluded(org: str, params: dict) -> bool:
    canonical, sector, _ = registry_profile(org)
    names = set(params["exclude_organisations"])
    return org in names or canonical in names or sector in set(params["exclude_sectors"])


class _Entries:
    """The dated table as arrays, with what its texts say (help started, kept off or broken off,
    evaluated), and its rows per organisation."""

    def __init__(self, ev: pd.DataFrame) -> None:
        kind = event_type(ev)
        self.ev = ev
        self.t0 = ev["t0"].to_numpy(dtype="datetime64[ms]")
        self.kinds = ev["event_type"].to_numpy(dtype=object)
        self.ids = ev["event_id"].to_numpy(dtype=object)
        self.says_start = (
            text_matches_where(ev, ~ev["event_type"].isin(MARKS), START_TEXT)
            | (kind == "involvement_start")
        ).to_numpy()
        self.breaks = ((kind == "care_avoidance") | text_matches(ev, BREAK_TEXT)).to_numpy()
        self.evaluates = text_matches(ev, EVAL_TEXT).to_numpy()
        self.calamity = ev.loc[kind == "calamity", "t0"].min()
        self.by_org = Grouped(ev)
        self._persons: list | None = None

    def persons(self, rows: np.ndarray) -> list[str]:
        if self._persons is None:
            self._persons = self.ev["persons"].tolist()
        return persons_in(self._persons[i] for i in rows.tolist())


def _starts(e: _Entries, periods: pd.DataFrame, org: str, merge: pd.Timedelta) -> list[dict]:
    """Each start of help by `org`: its event row, the period it opens (or None), and the ids of
    entries saying the same start."""
    own = e.by_org.positions(org)
    worded = own[~np.isin(e.kinds[own], MARKS) & e.says_start[own]]
    marks = own[e.kinds[own] == "involvement_start"]
    explicit = periods[(periods["organisation"] == org) & (periods["kind"] == "explicit")]
    out = []
    if len(explicit):
        for p in explicit.itertuples():
            at = marks[e.t0[marks] == day(p.start)]
            if not len(at):
                continue
            near = worded[np.abs(e.t0[worded] - day(p.start)) <= merge.to_timedelta64()]
            ids = [e.ids[at[0]], *e.ids[near]]
            out.append({"row": e.ev.iloc[at[0]], "start": p.start, "end": p.end, "ids": ids})
        return out
    for i in worded.tolist():
        start = pd.Timestamp(e.t0[i])
        if out and start - out[-1]["start"] <= merge:
            out[-1]["ids"].append(e.ids[i])
            continue
        out.append({"row": e.ev.iloc[i], "start": start, "end": None, "ids": [e.ids[i]]})
    return out


@register(
    NAME,
    "Dezelfde soort hulp die drie keer of vaker opnieuw is gestart (bij dezelfde organisatie "
    "of in dezelfde sector), vaak nadat het gezin de vorige hulp afhield of afbrak, zonder dat "
    "de eerdere hulp werd geëvalueerd.",
    parameters={
        "min_starts": 3,
        "merge_days": 90,
        "exclude_sectors": ["meldpunt", "politie", "justitie", "reclassering"],
        "exclude_organisations": ["Raad voor de Kinderbescherming", "Leerplicht"],
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """One finding per organisation (kind `organisation`) or kind of help (kind `sector`) with
    at least `min_starts` starts of help before the calamity."""
    ev = dated(events, keep_duplicates=True, columns=READ)
    if ev.empty:
        return []
    ev = ev[[c for c in COLUMNS if c in ev]]
    entries = _Entries(ev)
    calamity = entries.calamity
    periods = involvement_periods(events)
    merge = pd.Timedelta(days=int(params["merge_days"]))
    minimum = int(params["min_starts"])
    per_org: dict[str, list[dict]] = {}
    for org in dict.fromkeys(ev["organisation"].dropna().unique()):
        if org == FAMILY or _excluded(org, params):
            continue
        # A start dated "april 2019" may lie after a calamity of 14 April: only starts
        # wholly before the calamity count.
        starts = [
            s for s in _starts(entries, periods, org, merge) if not s["row"]["t1"] >= calamity
        ]
        if starts:
            per_org[org] = starts
    findings = []
    for org, starts in per_org.items():
        if len(starts) >= minimum:
            own = entries.by_org.positions(org)
            findings.append(_finding(entries, own, org, [org], starts, "organisation"))
    by_sector: dict[str, list[str]] = {}
    for org in per_org:
        sector = registry_profile(org)[1]
        if sector:
            by_sector.setdefault(sector, []).append(org)
    for sector, orgs in by_sector.items():
        if len(orgs) < 2 or any(len(per_org[o]) >= minimum for o in orgs):
            continue
        starts = sorted((s for o in orgs for s in per_org[o]), key=lambda s: s["start"])
        merged: list[dict] = []
        for s in starts:
            if merged and s["start"] - merged[-1]["start"] <= merge:
                merged[-1]["ids"] += s["ids"]
            else:
                merged.append({**s, "ids": list(s["ids"])})
        if len(merged) >= minimum:
            label = _SECTOR_LABELS.get(sector, sector)
            own = np.sort(np.concatenate([entries.by_org.positions(o) for o in orgs]))
            label = f"{label} ({join_nl(orgs)})"
            findings.append(_finding(entries, own, label, orgs, merged, "sector"))
    return sorted(findings, key=lambda f: f.period_start)


def _finding(e: _Entries, own: np.ndarray, label: str, orgs: list[str], starts, kind: str):
    """The finding for `starts` of the organisations `orgs` (`own`: their row positions)."""
    broke: list[str] = []
    breaks = 0
    t0 = e.t0[own]
    for prev, nxt in zip(starts, starts[1:], strict=False):
        until = (prev["end"] + pd.Timedelta(days=31)) if prev["end"] is not None else nxt["start"]
        window = (t0 >= day(prev["start"])) & (t0 <= day(min(until, nxt["start"])))
        hit = e.ids[own[window & e.breaks[own]]]
        if len(hit):
            breaks += 1
            broke += hit[-2:].tolist()
    evaluating = e.evaluates[own]
    evaluated = any(
        (
            evaluating
            & (t0 >= day(s["start"] - pd.Timedelta(days=60)))
            & (t0 <= day(s["start"] + pd.Timedelta(days=120)))
        ).any()
        for s in starts[1:]
    )
    n = len(starts)
    dates = [_when(s["row"]) for s in starts]
    sentence = f"Hulp van {label} is {count_nl(n, 'keer', 'keer')} gestart ({join_nl(dates)})"
    if breaks == n - 1:
        sentence += (
            "; elke nieuwe start kwam nadat het gezin de vorige hulp had afgehouden of afgebroken"
        )
    elif breaks:
        sentence += (
            f"; {breaks} van de {n - 1} nieuwe starts {'volgde' if breaks == 1 else 'volgden'} "
            "op hulp die het gezin had "
            "afgehouden of afgebroken"
        )
    sentence += "."
    if not evaluated:
        sentence += (
            " Bij geen van de nieuwe starts staat in het dossier een evaluatie van de eerdere hulp."
        )
    ids = [i for s in starts for i in s["ids"]] + broke
    rows = own[np.isin(e.ids[own], list(set(ids)))]
    return Finding(
        analysis=NAME,
        period_start=starts[0]["start"],
        period_end=max(s["end"] if s["end"] is not None else s["start"] for s in starts),
        sentence=sentence,
        theme="De aanpak",
        criterion="De aanpak is samenhangend",
        severity=3 if n >= 4 else 2,
        evidence=list(dict.fromkeys(ids)),
        organisations=list(orgs),
        persons=e.persons(rows),
        kind=kind,
    )
