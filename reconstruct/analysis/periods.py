"""Involvement periods: the building blocks of the `involvement` analysis and of the timeline.

Involvement periods per organisation, explicit (from involvement_start/end events) or inferred
(first to last event); recorded activity per quarter; the number of organisations involved at
each moment and its peak; the stretches between change points; the events that make a period.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import shared
from reconstruct.analysis.common import by_organisation, day
from reconstruct.mapping import FAMILY

INFER_GAP = pd.Timedelta(days=730)
"""An inferred involvement is split where an organisation's dossier is silent this long."""
ACTIVITY_PRECISIONS = ("day", "month", "season", "quarter")
"""Only events placed within a quarter count towards that quarter's activity."""
DAY = pd.Timedelta(days=1)
MARKS = ("involvement_start", "involvement_end")

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


_PERIOD_INPUT = ["organisation", "domain", "event_type", "date_raw", "date_start", "date_end"]


def involvement_periods(events: pd.DataFrame, case_end: pd.Timestamp | None = None) -> pd.DataFrame:
    """One row per involvement period: organisation, domain, start, end (last day included),
    kind ("explicit" from involvement_start/end events, "inferred" from the first and last event),
    open_end (no end recorded), the dates as written, and the number of events inside.

    Explicit starts are paired with the next end of the same organisation; a start without an
    end stays open until the organisation's last event (or `case_end`). Organisations without
    explicit periods get inferred ones, split where the dossier is silent for INFER_GAP.
    Within one `run_analyses` they are worked out once and shared.
    """
    key = ("involvement_periods", None if case_end is None else pd.Timestamp(case_end))
    return shared(events, key, lambda: _involvement_periods(events, case_end)).copy()


def _points(events: pd.DataFrame) -> dict | None:
    """The dated events of organisations as arrays, grouped per organisation (in order of first
    appearance) and by date within each (ties in table order); None when there are none."""
    ev = _point(events[_PERIOD_INPUT])
    if ev.empty:
        return None
    codes, orgs = pd.factorize(ev["organisation"])
    t0 = ev["t0"].to_numpy(dtype="datetime64[ms]")
    order = np.lexsort((t0, codes))
    return {
        "orgs": orgs,
        "t0": t0,
        "t1": ev["t1"].to_numpy(dtype="datetime64[ms]"),
        "order": order,
        "bounds": np.searchsorted(codes[order], np.arange(len(orgs) + 1)),
        "kinds": ev["event_type"].to_numpy(dtype=object),
        "domains": ev["domain"].to_numpy(dtype=object),
        "raws": ev["date_raw"].tolist(),
    }


def _involvement_periods(events: pd.DataFrame, case_end) -> pd.DataFrame:
    points = shared(events, ("involvement_points",), lambda: _points(events))
    if points is None:
        return pd.DataFrame(columns=PERIOD_COLUMNS)
    orgs, t0, t1, order, bounds = (points[k] for k in ("orgs", "t0", "t1", "order", "bounds"))
    kinds, domains, raws = points["kinds"], points["domains"], points["raws"]
    rows, counted = [], []
    for k, org in enumerate(orgs):
        g = order[bounds[k] : bounds[k + 1]]
        gt0, gt1 = t0[g], t1[g]
        known = [d for d in domains[g] if isinstance(d, str)]
        domain = known[0] if known else None
        last = _ts(gt1.max())
        is_mark = np.isin(kinds[g], MARKS)
        before = len(rows)
        if is_mark.any():
            open_start = None
            for i in g[is_mark].tolist():
                mark = (_ts(t0[i]), _ts(t1[i]), raws[i])
                if kinds[i] == "involvement_start":
                    if open_start is not None:  # two starts in a row: the first stays open
                        rows.append(_period(org, domain, open_start, None, last, case_end))
                    open_start = mark
                elif open_start is not None:
                    rows.append(_period(org, domain, open_start, mark, last, case_end))
                    open_start = None
                else:  # an end without a start: from the first event of the dossier
                    rows.append(
                        {
                            "organisation": org,
                            "domain": domain,
                            "start": _ts(gt0[0]),
                            "end": mark[1],
                            "kind": "explicit",
                            "open_end": False,
                            "start_raw": None,
                            "end_raw": mark[2],
                        }
                    )
            if open_start is not None:
                rows.append(_period(org, domain, open_start, None, last, case_end))
        else:
            act = g[~is_mark]
            if not len(act):
                continue
            at0, at1 = t0[act], t1[act]
            cuts = np.flatnonzero(np.diff(at0) > INFER_GAP.to_timedelta64()) + 1
            for a, b in zip([0, *cuts.tolist()], [*cuts.tolist(), len(act)], strict=True):
                latest = a + int(np.argmax(at1[a:b]))
                rows.append(
                    {
                        "organisation": org,
                        "domain": domain,
                        "start": _ts(at0[a]),
                        "end": _ts(at1[a:b].max()),
                        "kind": "inferred",
                        "open_end": False,
                        "start_raw": raws[act[a]],
                        "end_raw": raws[act[latest]],
                    }
                )
        counted += [(gt0, gt1)] * (len(rows) - before)
    periods = pd.DataFrame(rows, columns=PERIOD_COLUMNS[:-1])
    periods["events"] = [
        int(((gt0 <= p.end.to_datetime64()) & (gt1 >= p.start.to_datetime64())).sum())
        for (gt0, gt1), p in zip(counted, periods.itertuples(), strict=True)
    ]
    return periods.sort_values(["start", "organisation"], kind="stable").reset_index(drop=True)


def _ts(value) -> pd.Timestamp:
    return pd.Timestamp(value).as_unit("ms")


def _period(org, domain, start_mark, end_mark, last, case_end) -> dict:
    """An explicit period from its start mark (t0, t1, raw) to its end mark or open."""
    if end_mark is not None:
        end, open_end, end_raw = end_mark[1], False, end_mark[2]
    else:
        end = max(last, case_end) if case_end is not None else last
        open_end, end_raw = True, None
    return {
        "organisation": org,
        "domain": domain,
        "start": start_mark[0],
        "end": end,
        "kind": "explicit",
        "open_end": open_end,
        "start_raw": start_mark[2],
        "end_raw": end_raw,
    }


def quarterly_activity(events: pd.DataFrame) -> pd.DataFrame:
    """Recorded activity per organisation and quarter: organisation, quarter_start, quarter_end,
    events. Involvement marks do not count; events dated vaguer than a quarter do not either."""
    ev = events[["organisation", "event_type", "date_precision", "date_start", "date_end"]]
    ev = _point(ev)
    ev = ev[~ev["event_type"].isin(MARKS) & ev["date_precision"].isin(ACTIVITY_PRECISIONS)]
    if ev.empty:
        return pd.DataFrame(columns=["organisation", "quarter_start", "quarter_end", "events"])
    t0 = ev["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = ev["t1"].to_numpy(dtype="datetime64[ms]")
    counts = (
        pd.DataFrame({"organisation": ev["organisation"], "quarter": quarter_index(t0, t1)})
        .groupby(["organisation", "quarter"])
        .size()
        .rename("events")
        .reset_index()
    )
    start, end = quarter_bounds(counts["quarter"].to_numpy())
    return counts.assign(quarter_start=start, quarter_end=end)[
        ["organisation", "quarter_start", "quarter_end", "events"]
    ]


def quarter_index(t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
    """The quarter (counted from 1970 Q1) holding the middle of each interval [t0, t1]."""
    mid = t0 + (t1 - t0) // 2
    return mid.astype("datetime64[M]").astype("int64") // 3


def quarter_bounds(quarter: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day (datetime64[ms]) of each quarter index of `quarter_index`."""
    first = (np.asarray(quarter, dtype="int64") * 3).astype("datetime64[M]")
    start = first.astype("datetime64[D]")
    end = (first + np.timedelta64(3, "M")).astype("datetime64[D]") - np.timedelta64(1, "D")
    return start.astype("datetime64[ms]"), end.astype("datetime64[ms]")


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


def segments(periods: pd.DataFrame) -> pd.DataFrame:
    """The time between change points of `periods` as rows: start, end (last day included) and
    the organisations involved throughout (a sorted tuple). Consecutive rows touch."""
    if periods.empty:
        return pd.DataFrame(columns=["start", "end", "organisations"])
    points = sorted(set(periods["start"]) | {e + DAY for e in periods["end"]})
    starts = periods["start"].to_numpy(dtype="datetime64[ms]")
    ends = periods["end"].to_numpy(dtype="datetime64[ms]")
    orgs = periods["organisation"].to_numpy(dtype=object)
    rows = []
    for a, b in zip(points, points[1:], strict=False):
        at = a.to_datetime64()
        inside = orgs[(starts <= at) & (ends >= at)]
        rows.append({"start": a, "end": b - DAY, "organisations": tuple(sorted(set(inside)))})
    return pd.DataFrame(rows, columns=["start", "end", "organisations"])


def period_evidence(events: pd.DataFrame, period, own: pd.DataFrame | None = None) -> list[str]:
    """The ids of the events that make an involvement period: its start and end events when it
    was recorded (an open period ends at the organisation's last event), else the first and
    last event it was inferred from. `events` must be `dated(..., keep_duplicates=True)`;
    `own`, when given, holds its rows of the period's organisation (saves a scan)."""
    if own is None:
        own = by_organisation(events)[period.organisation]
    kind = own["event_type"].to_numpy(dtype=object)  # as involvement_periods reads them
    t0 = own["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = own["t1"].to_numpy(dtype="datetime64[ms]")
    every = own["event_id"].to_numpy(dtype=object)
    start, end = day(period.start), day(period.end)
    ids: list[str] = []
    if period.kind == "explicit":
        ids += every[(kind == "involvement_start") & (t0 == start)][:1].tolist()
        if not period.open_end:
            ids += every[(kind == "involvement_end") & (t1 == end)][:1].tolist()
        else:
            ids += every[t1 == end][-1:].tolist()
    else:
        acts = ~np.isin(kind, MARKS)
        ids += every[acts & (t0 == start)][:1].tolist()
        ids += every[acts & (t1 == end)][-1:].tolist()
    if not ids:  # a period always has events; keep any that overlaps it
        ids = every[(t0 <= end) & (t1 >= start)][:1].tolist()
    return list(dict.fromkeys(ids))
