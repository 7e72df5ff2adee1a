"""Findings drawn over the swimlane, and the selected event ringed."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from reconstruct.figures.lanes import Lanes
from reconstruct.figures.style import queue_shape


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


def _lanes_of(org_of: dict, lanes: Lanes, evidence) -> list[int]:
    orgs = (org_of.get(e) for e in evidence)
    return sorted({lanes.row_of[o] for o in orgs if o in lanes.row_of})


def _finding_overlays(
    fig: go.Figure, findings: list[dict], ev: pd.DataFrame, lanes: Lanes, selected: str | None
) -> None:
    """Signal clusters boxed, parallel tracks linked, the selected finding highlighted."""
    boxed = linked = False
    org_of = dict(zip(ev["event_id"], ev["organisation"], strict=True))
    for f in findings:
        if not f.get("period_start"):
            continue
        x0 = pd.Timestamp(f["period_start"])
        x1 = pd.Timestamp(f.get("period_end") or f["period_start"]) + pd.Timedelta(days=1)
        rows = _lanes_of(org_of, lanes, f["evidence"])
        if not rows:
            continue
        if f["analysis"] == "signals_not_added_up":
            queue_shape(
                fig,
                type="rect",
                xref="x",
                yref="y",
                x0=x0,
                x1=x1,
                y0=rows[0] - 0.48,
                y1=rows[-1] + 0.48,
                line={"color": "#C62828", "width": 2, "dash": "dot"},
            )
            boxed = True
        elif f["analysis"] == "parallel_tracks" and len(rows) >= 2:
            mid = x0 + (x1 - x0) / 2
            queue_shape(
                fig,
                type="line",
                xref="x",
                yref="y",
                x0=mid,
                x1=mid,
                y0=rows[0],
                y1=rows[-1],
                line={"color": "#6A1B9A", "width": 3, "dash": "dash"},
            )
            linked = True
        if f.get("finding_id") == selected:
            queue_shape(
                fig,
                type="rect",
                xref="x",
                yref="y domain",
                y0=0,
                y1=1,
                x0=x0,
                x1=x1,
                fillcolor="rgba(31, 78, 121, 0.10)",
                line={"color": "#1f4e79", "width": 2},
                layer="below",
            )
            hits = ev[
                ev["event_id"].isin(list(f["evidence"]))
                & ev["organisation"].isin(lanes.row_of)
                & ev["t0"].notna()
            ]
            if len(hits):
                mid = hits["t0"] + (hits["t1"] + pd.Timedelta(days=1) - hits["t0"]) / 2
                fig.add_trace(
                    go.Scatter(
                        x=mid,
                        y=hits["organisation"].map(lanes.row_of),
                        mode="markers",
                        name="Bewijs van de bevinding",
                        marker={
                            "symbol": "circle-open",
                            "size": 22,
                            "color": "#1f4e79",
                            "line": {"width": 3},
                        },
                        hoverinfo="skip",
                    ),
                    row=1,
                    col=1,
                )
    for flag, label, colour, symbol in (
        (boxed, "Signalen niet bij elkaar gebracht (kader)", "#C62828", "square-open"),
        (linked, "Parallelle sporen zonder overleg (lijn)", "#6A1B9A", "line-ns-open"),
    ):
        if flag:
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=label,
                    marker={
                        "symbol": symbol,
                        "size": 14,
                        "color": colour,
                        "line": {"width": 2, "color": colour},
                    },
                ),
                row=1,
                col=1,
            )


def _n_kids(persons: list) -> int:
    return sum(1 for p in persons if p.birth_date and (p.role or "").lower().startswith("kind"))


def _highlight(fig: go.Figure, ev: pd.DataFrame, lanes: Lanes, event_id: str) -> None:
    hit = ev[ev["event_id"] == event_id]
    if hit.empty or hit.iloc[0]["organisation"] not in lanes.row_of or pd.isna(hit.iloc[0]["t0"]):
        return
    r = hit.iloc[0]
    x = r["t0"] + (r["t1"] + pd.Timedelta(days=1) - r["t0"]) / 2
    fig.add_trace(
        go.Scatter(
            x=[x],
            y=[lanes.row_of[r["organisation"]]],
            mode="markers",
            name="Geselecteerd",
            marker={"symbol": "circle-open", "size": 28, "color": "#000", "line": {"width": 3}},
            hoverinfo="skip",
            showlegend=False,
        ),
        row=1,
        col=1,
    )
