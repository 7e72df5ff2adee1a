"""Care-avoidance episodes: care-avoidance events grouped by the gap between them."""

from __future__ import annotations

import pandas as pd

EPISODE_GAP = pd.Timedelta(days=180)
"""Care-avoidance events closer together than this belong to one episode."""

EPISODE_COLUMNS = ["episode", "start", "end", "events", "organisations", "event_ids"]


def episodes(events: pd.DataFrame, gap: pd.Timedelta = EPISODE_GAP) -> pd.DataFrame:
    """One row per episode: its number, first and last day, how many events, which
    organisations, and the ids of the events that make it (the evidence)."""
    ev = events[(events["event_type"] == "care_avoidance") & events["duplicate_of"].isna()]
    ev = ev.assign(
        t0=ev["date_start"].fillna(ev["date_end"]), t1=ev["date_end"].fillna(ev["date_start"])
    ).dropna(subset=["t0"])
    if ev.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    ev = ev.sort_values("t0", kind="stable")
    reach = ev["t1"].cummax().shift()
    new = (ev["t0"] - reach) > gap
    rows = []
    for n, (_, g) in enumerate(ev.groupby(new.cumsum()), start=1):
        rows.append(
            {
                "episode": n,
                "start": g["t0"].min(),
                "end": g["t1"].max(),
                "events": len(g),
                "organisations": sorted(set(g["organisation"].dropna())),
                "event_ids": g["event_id"].tolist(),
            }
        )
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)
