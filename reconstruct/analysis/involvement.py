"""Involvement periods per organisation (explicit or inferred), activity per quarter, and the
number of organisations involved at each moment."""

from __future__ import annotations

import numpy as np
import pandas as pd

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
