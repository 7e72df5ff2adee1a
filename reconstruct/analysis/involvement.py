"""Involvement: periods per organisation, organisations at each moment, the peak, "op papier".

The building blocks (used by the timeline too): involvement periods per organisation, explicit
(from involvement_start/end events) or inferred (first to last event); recorded activity per
quarter; the number of organisations involved at each moment, and its peak.

The registered analysis `involvement` turns these into findings:
- the peak: the moment the most organisations were involved at once, with their names;
- "op papier": an organisation formally involved (an explicit, recorded period) whose dossier
  holds no real contact with the family for longer than `paper_months`. Failed attempts (no-show,
  door kept shut, cancelled) are no contact: the report's words are "op papier zorg of
  ondersteuning verleenden, maar ... het niet of nauwelijks lukte om bij het gezin binnen te
  komen". Only organisations that deliver care or support are judged (`help_sectors`, via the
  registry; `help_domains` for names the registry does not know): a GP, hospital, school,
  landlord or budget manager is a standing relationship whose dossier records only exceptions,
  so its silence says nothing. An organisation without a single recorded event in the case is
  skipped too: its dossier is missing, which is not the same as an empty one.

Theme: Samenwerking / "Benodigde partijen werken mee aan aanpak" for both. The inspector asks
whether the parties the family needs actually take part in one approach: the peak says how many
parties that approach had to hold together; an organisation open "op papier" counts as a party
(the others rely on it) while it does not take part. Continuïteit was the alternative for "op
papier", but the harm the report describes is the reliance of the others, not the length of
the help.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    count_nl,
    dated,
    fmt_date,
    fmt_span,
    join_nl,
    months_between,
    persons,
    registry_profile,
)
from reconstruct.mapping import FAMILY

INFER_GAP = pd.Timedelta(days=730)
"""An inferred involvement is split where an organisation's dossier is silent this long."""
ACTIVITY_PRECISIONS = ("day", "month", "season", "quarter")
"""Only events placed within a quarter count towards that quarter's activity."""
DAY = pd.Timedelta(days=1)

PERIOD_COLUMNS = [
    "organisation",
    "domain",
    "start",
    "end",
    "kind",
    "open_end",
    "start_raw",
    "end_raw",
    "events",
]


def _point(events: pd.DataFrame) -> pd.DataFrame:
    """Dated events with a usable interval: start (or end when open start) to end (or start)."""
    ev = events[events["organisation"].notna() & (events["organisation"] != FAMILY)]
    start = ev["date_start"].fillna(ev["date_end"])
    end = ev["date_end"].fillna(ev["date_start"])
    return ev.assign(t0=start, t1=end).dropna(subset=["t0"])


def involvement_periods(events: pd.DataFrame, case_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per involvement period: organisation, domain, start, end (last day included),
    kind ("explicit" from involvement_start/end events, "inferred" from the first and last event),
    open_end (no end recorded), the dates as written, and the number of events inside.

    Explicit starts are paired with the next end of the same organisation; a start without an
    end stays open until the organisation's last event (or `case_end`). Organisations without
    explicit periods get inferred ones, split where the dossier is silent for INFER_GAP.
    """
    ev = _point(events)
    if ev.empty:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    rows = []
    for org, g in ev.groupby("organisation", sort=False):
        g = g.sort_values("t0", kind="stable")
        domain = g["domain"].dropna().iloc[0] if g["domain"].notna().any() else None
        last = g["t1"].max()
        marks = g[g["event_type"].isin(["involvement_start", "involvement_end"])]
        activity = g[~g["event_type"].isin(["involvement_start", "involvement_end"])]
        if len(marks):
            open_start = None
            for r in marks.itertuples():
                if r.event_type == "involvement_start":
                    if open_start is not None:  # two starts in a row: the first stays open
                        rows.append(_period(org, domain, open_start, None, last, case_end, g))
                    open_start = r
                elif open_start is not None:
                    rows.append(_period(org, domain, open_start, r, last, case_end, g))
                    open_start = None
                else:  # an end without a start: from the first event of the dossier
                    first = g.iloc[0]
                    rows.append(
                        {
                            "organisation": org,
                            "domain": domain,
                            "start": first["t0"],
                            "end": r.t1,
                            "kind": "explicit",
                            "open_end": False,
                            "start_raw": None,
                            "end_raw": r.date_raw,
                        }
                    )
            if open_start is not None:
                rows.append(_period(org, domain, open_start, None, last, case_end, g))
        else:
            if activity.empty:
                continue
            gap = activity["t0"].diff() > INFER_GAP
            for _, part in activity.groupby(gap.cumsum()):
                rows.append(
                    {
                        "organisation": org,
                        "domain": domain,
                        "start": part["t0"].min(),
                        "end": part["t1"].max(),
                        "kind": "inferred",
                        "open_end": False,
                        "start_raw": part.iloc[0]["date_raw"],
                        "end_raw": part.loc[part["t1"].idxmax(), "date_raw"],
                    }
                )
    periods = pd.DataFrame(rows, columns=PERIOD_COLUMNS[:-1])
    periods["events"] = [
        int(
            (
                (ev["organisation"] == p.organisation) & (ev["t0"] <= p.end) & (ev["t1"] >= p.start)
            ).sum()
        )
        for p in periods.itertuples()
    ]
    return periods.sort_values(["start", "organisation"], kind="stable").reset_index(drop=True)


def _period(org, domain, start_ev, end_ev, last, case_end, g) -> dict:
    if end_ev is not None:
        end, open_end, end_raw = end_ev.t1, False, end_ev.date_raw
    else:
        end = max(last, case_end) if case_end is not None else last
        open_end, end_raw = True, None
    return {
        "organisation": org,
        "domain": domain,
        "start": start_ev.t0,
        "end": end,
        "kind": "explicit",
        "open_end": open_end,
        "start_raw": start_ev.date_raw,
        "end_raw": end_raw,
    }


def quarterly_activity(events: pd.DataFrame) -> pd.DataFrame:
    """Recorded activity per organisation and quarter: organisation, quarter_start, quarter_end,
    events. Involvement marks do not count; events dated vaguer than a quarter do not either."""
    ev = _point(events)
    ev = ev[
        ~ev["event_type"].isin(["involvement_start", "involvement_end"])
        & ev["date_precision"].isin(ACTIVITY_PRECISIONS)
    ]
    if ev.empty:
        return pd.DataFrame(columns=["organisation", "quarter_start", "quarter_end", "events"])
    mid = ev["t0"] + (ev["t1"] - ev["t0"]) / 2
    q = mid.dt.to_period("Q")
    counts = ev.groupby([ev["organisation"], q]).size().rename("events").reset_index()
    counts.columns = ["organisation", "quarter", "events"]
    counts["quarter_start"] = counts["quarter"].dt.start_time.astype("datetime64[ms]")
    counts["quarter_end"] = counts["quarter"].dt.end_time.dt.normalize().astype("datetime64[ms]")
    return counts[["organisation", "quarter_start", "quarter_end", "events"]]


def concurrency(periods: pd.DataFrame) -> pd.DataFrame:
    """The number of organisations involved at each moment, as steps: time, count.

    Each row is a change point; the count holds until the next row. An organisation with two
    overlapping periods counts once.
    """
    if periods.empty:
        return pd.DataFrame({"time": pd.Series([], dtype="datetime64[ms]"), "count": []})
    changes: dict[pd.Timestamp, list[tuple[str, int]]] = {}
    for p in periods.itertuples():
        changes.setdefault(p.start, []).append((p.organisation, 1))
        changes.setdefault(p.end + DAY, []).append((p.organisation, -1))
    active: dict[str, int] = {}
    times, counts = [], []
    for t in sorted(changes):
        for org, d in changes[t]:
            active[org] = active.get(org, 0) + d
            if active[org] == 0:
                del active[org]
        times.append(t)
        counts.append(len(active))
    return pd.DataFrame(
        {
            "time": pd.to_datetime(times).astype("datetime64[ms]"),
            "count": np.asarray(counts, dtype=int),
        }
    )


def peak(conc: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp, int] | None:
    """(from, until, count) of the first period with the most organisations involved."""
    if conc.empty or conc["count"].max() == 0:
        return None
    i = int(conc["count"].to_numpy().argmax())
    until = conc["time"].iloc[i + 1] - DAY if i + 1 < len(conc) else conc["time"].iloc[i]
    return conc["time"].iloc[i], until, int(conc["count"].iloc[i])


# --- The registered analysis ------------------------------------------------------------------

MARKS = ("involvement_start", "involvement_end")
THEME = ("Samenwerking", "Benodigde partijen werken mee aan aanpak")
HELP_SECTORS = (
    "thuiszorg",
    "ggz",
    "verslavingszorg",
    "cliëntondersteuning",
    "jeugdhulp",
    "welzijn",
    "wijkteam",
    "jeugdbescherming",
    "meldpunt",
    "reclassering",
    "nazorg",
    "opvang",
)
"""Registry sectors whose involvement is care or support to the family (judged for "op papier")."""


def segments(periods: pd.DataFrame) -> pd.DataFrame:
    """The time between change points of `periods` as rows: start, end (last day included) and
    the organisations involved throughout (a sorted tuple). Consecutive rows touch."""
    if periods.empty:
        return pd.DataFrame(columns=["start", "end", "organisations"])
    points = sorted(set(periods["start"]) | {e + DAY for e in periods["end"]})
    rows = []
    for a, b in zip(points, points[1:], strict=False):
        inside = periods[(periods["start"] <= a) & (periods["end"] >= a)]
        rows.append(
            {
                "start": a,
                "end": b - DAY,
                "organisations": tuple(sorted(set(inside["organisation"]))),
            }
        )
    return pd.DataFrame(rows, columns=["start", "end", "organisations"])


def period_evidence(events: pd.DataFrame, period) -> list[str]:
    """The ids of the events that make an involvement period: its start and end events when it
    was recorded (an open period ends at the organisation's last event), else the first and
    last event it was inferred from. `events` must be `dated(..., keep_duplicates=True)`."""
    own = events[events["organisation"] == period.organisation]
    kind = own["event_type"]  # as involvement_periods reads them
    ids: list[str] = []
    if period.kind == "explicit":
        ids += own.loc[(kind == "involvement_start") & (own["t0"] == period.start), "event_id"][
            :1
        ].tolist()
        if not period.open_end:
            ids += own.loc[(kind == "involvement_end") & (own["t1"] == period.end), "event_id"][
                :1
            ].tolist()
        else:
            ids += own.loc[own["t1"] == period.end, "event_id"][-1:].tolist()
    else:
        acts = own[~kind.isin(MARKS)]
        ids += acts.loc[acts["t0"] == period.start, "event_id"][:1].tolist()
        ids += acts.loc[acts["t1"] == period.end, "event_id"][-1:].tolist()
    if not ids:  # a period always has events; keep any that overlaps it
        inside = own[(own["t0"] <= period.end) & (own["t1"] >= period.start)]
        ids = inside["event_id"][:1].tolist()
    return list(dict.fromkeys(ids))


def _evidence_rows(events: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    return events[events["event_id"].isin(ids)]


def _peak_finding(events, periods, many: int) -> Finding | None:
    conc = concurrency(periods)
    pk = peak(conc)
    if pk is None:
        return None
    start, end, n = pk
    at = periods[(periods["start"] <= end) & (periods["end"] >= start)]
    orgs = sorted(set(at["organisation"]))
    ids = [i for p in at.itertuples() for i in period_evidence(events, p)]
    ids = list(dict.fromkeys(ids))
    mid = start + (end - start) / 2
    when = (
        f"Rond {fmt_date(mid)}" if (end - start).days <= 62 else fmt_span(start, end).capitalize()
    )
    sentence = f"{when} waren {n} organisaties tegelijk betrokken: {join_nl(orgs)}."
    # The same number reached at other times (contiguous change points merged).
    others: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    times = conc["time"].tolist() + [None]
    for i, c in enumerate(conc["count"]):
        if c != n or times[i] == start:
            continue
        t1 = times[i + 1] - DAY if times[i + 1] is not None else times[i]
        if others and others[-1][1] + DAY == times[i]:
            others[-1] = (others[-1][0], t1)
        else:
            others.append((times[i], t1))
    if others:
        spans = join_nl(fmt_span(a, b) for a, b in others)
        sentence += f" Ook {spans} waren het er {n}."
    rows = _evidence_rows(events, ids)
    return Finding(
        analysis="involvement",
        period_start=start,
        period_end=end,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=2 if n >= many else 1,
        evidence=ids,
        organisations=orgs,
        persons=persons(rows),
        kind="peak",
    )


def _judged(org: str, domain, params) -> bool:
    _, sector, _ = registry_profile(org)
    if sector is not None:
        return sector in params["help_sectors"]
    return isinstance(domain, str) and domain in params["help_domains"]


def _paper_findings(events, periods, params) -> list[Finding]:
    from reconstruct.analysis.care_avoidance import avoidance_mask  # it imports this module

    months = int(params["paper_months"])
    marks = events["event_type"].isin(MARKS)
    failed = avoidance_mask(events)
    with_dossier = set(events.loc[~marks, "organisation"].dropna())
    out = []
    for p in periods[periods["kind"] == "explicit"].itertuples():
        if p.organisation not in with_dossier or not _judged(p.organisation, p.domain, params):
            continue
        own = events[events["organisation"] == p.organisation]
        start_mark = own[(own["event_type"] == "involvement_start") & (own["t0"] == p.start)][:1]
        end_mark = own[(own["event_type"] == "involvement_end") & (own["t1"] == p.end)][:1]
        # Vague marks are read in favour of the organisation: the latest it can have started,
        # the earliest it can have ended.
        cursor = start_mark["t1"].iloc[0] if len(start_mark) else p.start
        stop = end_mark["t0"].iloc[0] if len(end_mark) and not p.open_end else p.end
        before = start_mark["event_id"].tolist()
        inside = own[(own["t1"] >= p.start) & (own["t0"] <= p.end) & ~marks.loc[own.index]]
        contacts = inside[~failed.loc[inside.index]].sort_values("t0", kind="stable")
        attempts = inside[failed.loc[inside.index]]
        bounds = [(c.t0, c.t1, [c.event_id]) for c in contacts.itertuples()]
        bounds.append((stop, stop, end_mark["event_id"].tolist() if not p.open_end else []))
        for t0, t1, after in bounds:
            if months_between(cursor, t0) > months:
                tried = attempts[(attempts["t0"] > cursor) & (attempts["t0"] <= t0)]
                out.append(_paper_finding(p, cursor, t0, before, after, tried, events, months))
            if t1 > cursor:
                cursor = t1
            before = after or before
    return out


def _paper_finding(p, a, b, before, after, tried, events, months) -> Finding:
    ids = list(dict.fromkeys(before + tried["event_id"].tolist() + after))
    if not ids:
        ids = period_evidence(events, p)
    n = months_between(a, b)
    sentence = (
        f"{p.organisation} was {fmt_span(a, b)} formeel betrokken zonder vastgelegd contact met "
        f"het gezin ({n} maanden)"
    )
    if len(tried) == 1:
        sentence += "; één poging om contact te krijgen mislukte"
    elif len(tried) > 1:
        sentence += (
            f"; {count_nl(len(tried), 'poging', 'pogingen')} om contact te krijgen mislukten"
        )
    sentence += "."
    _, _, coordinating = registry_profile(p.organisation)
    severity = 1 + (n >= 2 * months) + bool(coordinating)
    return Finding(
        analysis="involvement",
        period_start=a,
        period_end=b,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=min(severity, 3),
        evidence=ids,
        organisations=[p.organisation],
        persons=persons(_evidence_rows(events, ids)),
        kind="paper",
    )


@register(
    "involvement",
    "Welke organisaties wanneer betrokken waren: het moment met de meeste organisaties tegelijk, "
    "en organisaties die formeel betrokken waren maar lange tijd geen contact met het gezin "
    "hadden ('op papier').",
    parameters={
        "paper_months": 12,
        "help_sectors": list(HELP_SECTORS),
        "help_domains": ["gezin", "veiligheid"],
        "peak_many": 10,
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: the peak of concurrent involvement (kind "peak") and every stretch longer than
    `paper_months` in which an organisation that gives care or support was formally involved
    without recorded contact (kind "paper").

    Parameters: `paper_months` (12) the silence that makes involvement "op papier";
    `help_sectors` registry sectors judged for "op papier"; `help_domains` (gezin, veiligheid)
    the domains judged for organisations the registry does not know; `peak_many` (10) from this
    many organisations at once the peak weighs heavier (severity 2 instead of 1).
    """
    d = dated(events, keep_duplicates=True)
    d = d[d["organisation"].notna() & (d["organisation"] != FAMILY)]
    periods = involvement_periods(events)
    out = []
    pk = _peak_finding(d, periods, int(params["peak_many"]))
    if pk:
        out.append(pk)
    out += _paper_findings(d, periods, params)
    return out
