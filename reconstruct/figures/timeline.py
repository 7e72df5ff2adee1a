"""The timeline figure: swimlane plus concurrency and signal strips on one time axis."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from reconstruct.analysis.care_avoidance import episodes as care_avoidance_episodes
from reconstruct.analysis.involvement import concurrency, involvement_periods, quarterly_activity
from reconstruct.figures import style
from reconstruct.figures.lanes import build_lanes
from reconstruct.figures.overlays import (
    _episodes_from_findings,
    _finding_overlays,
    _highlight,
    _n_kids,
)
from reconstruct.figures.strips import (
    _ages,
    _concurrency_strip,
    _domain_bands,
    _episode_spans,
    _signal_strip,
)
from reconstruct.figures.style import FAMILY_EVENT, FONT, LANE_PX, flush_shapes
from reconstruct.figures.traces import _bar_traces, _marker_traces
from reconstruct.mapping import FAMILY


@dataclass
class TimelineOptions:
    show_ages: bool = True
    highlight: str | None = None  # event_id to ring
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None
    persons: list = field(default_factory=list)  # case.Person, for the children's ages
    episodes: pd.DataFrame | None = None  # care-avoidance episodes (default: computed)
    findings: list[dict] | None = None  # findings to draw as overlays (see _finding_overlays)
    selected_finding: str | None = None  # its period and evidence are highlighted


def build_timeline(
    events: pd.DataFrame,
    options: TimelineOptions | None = None,
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """The swimlane figure for `events` (already filtered), with the concurrency and signal
    strips below it on the same time axis. `periods` defaults to the involvement periods of
    `events`; pass those of the whole case to keep bars when filtering markers away."""
    options = options or TimelineOptions()
    ev = events.assign(row=events.index.to_numpy()).reset_index(drop=True)
    ev = ev.assign(
        t0=ev["date_start"].fillna(ev["date_end"]),
        t1=ev["date_end"].fillna(ev["date_start"]),
    )
    periods = involvement_periods(ev) if periods is None else periods
    lanes = build_lanes(ev, periods)
    drawn = ev[ev["t0"].notna() & ev["organisation"].isin(lanes.row_of) & ev["duplicate_of"].isna()]
    conc = concurrency(periods)
    n_lanes = max(len(lanes), 1)
    swim_px = n_lanes * LANE_PX + 40
    height = swim_px + 170 + 150 + 150 + (14 * _n_kids(options.persons) if options.show_ages else 0)
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=[swim_px / height, 150 / height, 150 / height],
    )
    for tr in _bar_traces(periods, quarterly_activity(ev), lanes):
        fig.add_trace(tr, row=1, col=1)
    family = (drawn["organisation"] == FAMILY) & drawn["event_type"].isin(["contact", "note"])
    drawn = drawn.assign(event_type=drawn["event_type"].where(~family, FAMILY_EVENT))
    for tr in _marker_traces(drawn, lanes, rich=len(drawn) <= style.HOVER_TEXT_LIMIT):
        fig.add_trace(tr, row=1, col=1)
    _domain_bands(fig, lanes)
    eps = options.episodes
    if eps is None and options.findings is not None:
        eps = _episodes_from_findings(options.findings)
    if eps is None:
        eps = care_avoidance_episodes(ev)
    _episode_spans(fig, eps)
    if options.findings:
        _finding_overlays(fig, options.findings, ev, lanes, options.selected_finding)
    _concurrency_strip(fig, conc)
    _signal_strip(fig, drawn)
    if options.show_ages:
        _ages(fig, options.persons, drawn)
    if options.highlight is not None:
        _highlight(fig, ev, lanes, options.highlight)
    fig.update_yaxes(
        row=1,
        col=1,
        tickmode="array",
        tickvals=list(range(len(lanes))),
        ticktext=[
            f"<b>{n}</b>" if i in lanes.header_rows else n for i, n in enumerate(lanes.names)
        ],
        range=[len(lanes) - 0.5, -0.7],
        showgrid=False,
        zeroline=False,
        fixedrange=True,
        tickfont={"size": 14},
    )
    fig.update_xaxes(
        type="date",
        showgrid=True,
        gridcolor="#E6E9EE",
        dtick="M12",
        tickformat="%Y",
        tickfont={"size": 13},
    )
    fig.update_xaxes(row=3, col=1, title_text=None)
    if options.x_range:
        fig.update_xaxes(range=[options.x_range[0], options.x_range[1]])
    fig.update_layout(
        height=height,
        barmode="overlay",
        bargap=0,
        template="plotly_white",
        font={"family": FONT, "size": 14, "color": "#1f2933"},
        margin={
            "l": 10,
            "r": 20,
            "t": 70,
            "b": 30 + (14 * _n_kids(options.persons) + 8 if options.show_ages else 0),
        },
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "font": {"size": 13},
            "itemsizing": "constant",
            "traceorder": "normal",
        },
        hoverlabel={"font": {"size": 14}, "align": "left"},
        dragmode="zoom",
        uirevision="timeline",
        clickmode="event",
    )
    flush_shapes(fig)
    return fig
