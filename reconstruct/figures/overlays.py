"""Findings drawn over the swimlane, and the selected event ringed (as plain dicts)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.figures.lanes import Lanes

DAY = pd.Timedelta(days=1)
DRAWN = ("signals_not_added_up", "parallel_tracks")
"""Analyses whose findings are drawn on the swimlane (the selected finding always is)."""


def _episodes_from_findings(findings: list[dict]) -> pd.DataFrame | None:
    """Care-avoidance episodes as the analysis found them (None when it did not run)."""
    rows = [
        f
        for f in findings
        if f.get("analysis") == "care_avoidance"
        and f.get("kind") == "episode"
        and f.get("period_start")
    ]
    if not any(f.get("analysis") == "care_avoidance" for f in findings):
        return None
    return pd.DataFrame(
        {
            "start": [pd.Timestamp(f["period_start"]) for f in rows],
            "end": [pd.Timestamp(f["period_end"] or f["period_start"]) for f in rows],
        }
    )


def _n_kids(persons: list) -> int:
    return sum(1 for p in persons if p.birth_date and (p.role or "").lower().startswith("kind"))


def _mid_days(data, rows: np.ndarray) -> np.ndarray:
    """The middle of each row's interval (t0 to t1 inclusive) as datetime64[ms]."""
    t0 = data.t0[rows]
    return t0 + (data.t1[rows] + np.timedelta64(1, "D") - t0) // 2


def finding_overlays(
    findings: list[dict], data, shown: np.ndarray, lanes: Lanes, selected: str | None
) -> tuple[list[dict], list[dict]]:
    """Signal clusters boxed, parallel tracks linked, the selected finding highlighted with its
    evidence ringed: (shapes, traces). `shown` flags the rows of `data` on the timeline; a
    finding is drawn over the lanes of its shown evidence."""
    shapes: list[dict] = []
    traces: list[dict] = []
    boxed = linked = False
    lane_of = {i: lanes.row_of[o] for i, o in enumerate(data.orgs.tolist()) if o in lanes.row_of}
    for f in findings:
        if not f.get("period_start"):
            continue
        drawn = f["analysis"] in DRAWN
        chosen = f.get("finding_id") == selected
        if not drawn and not chosen:
            continue
        evidence = data.positions(f["evidence"])
        evidence = evidence[shown[evidence]]
        rows = sorted({lane_of[c] for c in data.org[evidence].tolist() if c in lane_of})
        if not rows:
            continue
        x0 = pd.Timestamp(f["period_start"])
        x1 = pd.Timestamp(f.get("period_end") or f["period_start"]) + DAY
        if f["analysis"] == "signals_not_added_up":
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y",
                    "x0": x0,
                    "x1": x1,
                    "y0": rows[0] - 0.48,
                    "y1": rows[-1] + 0.48,
                    "line": {"color": "#C62828", "width": 2, "dash": "dot"},
                }
            )
            boxed = True
        elif f["analysis"] == "parallel_tracks" and len(rows) >= 2:
            mid = x0 + (x1 - x0) / 2
            shapes.append(
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "y",
                    "x0": mid,
                    "x1": mid,
                    "y0": rows[0],
                    "y1": rows[-1],
                    "line": {"color": "#6A1B9A", "width": 3, "dash": "dash"},
                }
            )
            linked = True
        if chosen:
            shapes.append(
                {
                    "type": "rect",
                    "xref": "x",
                    "yref": "y domain",
                    "y0": 0,
                    "y1": 1,
                    "x0": x0,
                    "x1": x1,
                    "fillcolor": "rgba(31, 78, 121, 0.10)",
                    "line": {"color": "#1f4e79", "width": 2},
                    "layer": "below",
                }
            )
            hits = evidence[np.isin(data.org[evidence], list(lane_of)) & data.dated[evidence]]
            if len(hits):
                traces.append(
                    {
                        "type": "scatter",
                        "x": np.datetime_as_string(_mid_days(data, hits), unit="ms"),
                        "y": np.asarray([lane_of[c] for c in data.org[hits]], dtype=np.int16),
                        "mode": "markers",
                        "name": "Bewijs van de bevinding",
                        "marker": {
                            "symbol": "circle-open",
                            "size": 22,
                            "color": "#1f4e79",
                            "line": {"width": 3},
                        },
                        "hoverinfo": "skip",
                        "xaxis": "x",
                        "yaxis": "y",
                    }
                )
    for flag, label, colour, symbol in (
        (boxed, "Signalen niet bij elkaar gebracht (kader)", "#C62828", "square-open"),
        (linked, "Parallelle sporen zonder overleg (lijn)", "#6A1B9A", "line-ns-open"),
    ):
        if flag:
            traces.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "markers",
                    "name": label,
                    "marker": {
                        "symbol": symbol,
                        "size": 14,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                    "xaxis": "x",
                    "yaxis": "y",
                }
            )
    return shapes, traces


def highlight(data, shown: np.ndarray, lanes: Lanes, event_id: str) -> list[dict]:
    """A ring around the selected event, when it is on the timeline."""
    hit = data.positions([event_id])
    hit = hit[shown[hit]][:1]
    if not len(hit):
        return []
    i = int(hit[0])
    organisation = data.orgs[data.org[i]] if data.org[i] >= 0 else None
    if organisation not in lanes.row_of or not data.dated[i]:
        return []
    return [
        {
            "type": "scatter",
            "x": [pd.Timestamp(_mid_days(data, hit)[0])],
            "y": [lanes.row_of[organisation]],
            "mode": "markers",
            "name": "Geselecteerd",
            "marker": {"symbol": "circle-open", "size": 28, "color": "#000", "line": {"width": 3}},
            "hoverinfo": "skip",
            "showlegend": False,
            "xaxis": "x",
            "yaxis": "y",
        }
    ]
