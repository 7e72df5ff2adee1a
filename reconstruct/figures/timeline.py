"""The timeline figure: swimlane plus concurrency and signal strips on one time axis.

The figure is assembled as plain dicts from a prepared table (figures.data) and handed to
plotly without validation: at 10^5 events validating every property costs more than the rest
of the figure together. What plotly would otherwise check is fixed here: trace types, axes and
the subplot grid come from one `make_subplots` per shape of figure (cached).
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from reconstruct.analysis.care_avoidance import episodes as care_avoidance_episodes
from reconstruct.analysis.periods import (
    concurrency,
    involvement_periods,
    quarter_bounds,
)
from reconstruct.figures.data import TimelineData
from reconstruct.figures.lanes import lanes_of
from reconstruct.figures.overlays import (
    _episodes_from_findings,
    _n_kids,
    finding_overlays,
    highlight,
)
from reconstruct.figures.strips import (
    SIGNAL_AXIS,
    ages,
    concurrency_strip,
    domain_bands,
    episode_spans,
    signal_strip,
)
from reconstruct.figures.style import FONT, LANE_PX
from reconstruct.figures.traces import activity_bars, activity_image, bar_traces, marker_traces


@dataclass
class TimelineOptions:
    show_ages: bool = True
    highlight: str | None = None  # event_id to ring
    x_range: tuple[pd.Timestamp, pd.Timestamp] | None = None
    persons: list = field(default_factory=list)  # case.Person, for the children's ages
    episodes: pd.DataFrame | None = None  # care-avoidance episodes (default: computed)
    findings: list[dict] | None = None  # findings to draw as overlays (see finding_overlays)
    selected_finding: str | None = None  # its period and evidence are highlighted
    activity_image: bool = False  # quarterly activity as one image (faster in a browser)


def build_timeline(
    events: pd.DataFrame,
    options: TimelineOptions | None = None,
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """The swimlane figure for `events` (already filtered), with the concurrency and signal
    strips below it on the same time axis. `periods` defaults to the involvement periods of
    `events`; pass those of the whole case to keep bars when filtering markers away."""
    return timeline_figure(TimelineData(events), None, options, periods)


def timeline_figure(
    data: TimelineData,
    shown: np.ndarray | None = None,
    options: TimelineOptions | None = None,
    periods: pd.DataFrame | None = None,
) -> go.Figure:
    """`build_timeline` of the rows of a prepared table that `shown` flags (all without it):
    the same figure, without filtering the table itself."""
    options = options or TimelineOptions()
    shown = np.ones(data.n, dtype=bool) if shown is None else np.asarray(shown, dtype=bool)
    rows = np.flatnonzero(shown)
    if periods is None:
        periods = involvement_periods(data.events.iloc[rows])
    lanes = lanes_of(data, rows, periods)
    lane_codes = data.code_of(lanes.row_of)
    drawn = rows[data.dated[rows] & np.isin(data.org[rows], lane_codes) & ~data.duplicate[rows]]
    n_lanes = max(len(lanes), 1)
    kids = _n_kids(options.persons) if options.show_ages else 0
    swim_px = n_lanes * LANE_PX + 40
    height = swim_px + 170 + 150 + 150 + 14 * kids
    layout = _grid(swim_px, height)

    activity = activity_image if options.activity_image else activity_bars
    data_traces = bar_traces(periods, lanes) + activity(_activity(data, rows), lanes)
    data_traces += marker_traces(data, drawn, lanes)
    shapes = domain_bands(lanes)
    eps = options.episodes
    if eps is None and options.findings is not None:
        eps = _episodes_from_findings(options.findings)
    if eps is None:
        eps = _episodes(data, rows)
    spans, legend = episode_spans(eps)
    shapes += spans
    data_traces += legend
    if options.findings:
        marks, rings = finding_overlays(
            options.findings, data, shown, lanes, options.selected_finding
        )
        shapes += marks
        data_traces += rings
    strip, conc_axis = concurrency_strip(concurrency(periods))
    data_traces += strip
    data_traces += signal_strip(data, drawn)
    notes: list[dict] = []
    if options.show_ages and len(drawn):
        first = pd.Timestamp(data.t0[drawn].min())
        last = pd.Timestamp(data.t1[drawn].max())
        # The births' lines cross the subplots that hold something.
        used = {(t["xaxis"], t["yaxis"]) for t in data_traces}
        axes = [k for k in ("", "2", "3") if (f"x{k}", f"y{k}") in used]
        lines, notes = ages(options.persons, first, last, axes)
        shapes = lines + shapes  # below the bands and spans
    if options.highlight is not None:
        data_traces += highlight(data, shown, lanes, options.highlight)

    layout["yaxis"].update(
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
    layout["yaxis2"].update(conc_axis)
    layout["yaxis3"].update(SIGNAL_AXIS)
    for axis in ("xaxis", "xaxis2", "xaxis3"):
        layout[axis].update(
            type="date",
            showgrid=True,
            gridcolor="#E6E9EE",
            dtick="M12",
            tickformat="%Y",
            tickfont={"size": 13},
        )
        if options.x_range:
            layout[axis]["range"] = [options.x_range[0], options.x_range[1]]
    for axis in ("xaxis", "xaxis2", "xaxis3", "yaxis", "yaxis2", "yaxis3"):
        # The labels fit in the margins: measuring each one to hide overflow costs a layout
        # pass per label when the figure is drawn.
        layout[axis]["ticklabeloverflow"] = "allow"
    if notes:
        layout["annotations"] = notes
    layout.update(
        shapes=shapes,
        height=height,
        barmode="overlay",
        bargap=0,
        template=_template(),
        font={"family": FONT, "size": 14, "color": "#1f2933"},
        margin={"l": 10, "r": 20, "t": 70, "b": 30 + (14 * kids + 8 if options.show_ages else 0)},
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
    grid_ref, grid_str = _grid_refs()
    return go.Figure(
        {"data": data_traces, "layout": layout, "_grid_ref": grid_ref, "_grid_str": grid_str},
        _validate=False,
    )


@functools.lru_cache(maxsize=64)
def _grid_layout(swim_px: int, height: int) -> dict:
    fig = make_subplots(
        rows=3,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.035,
        row_heights=[swim_px / height, 150 / height, 150 / height],
    )
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    return layout


def _grid(swim_px: int, height: int) -> dict:
    """The layout of the three stacked subplots on one shared time axis (a fresh copy)."""
    return copy.deepcopy(_grid_layout(swim_px, height))


@functools.cache
def _template() -> dict:
    """The plotly_white template as plotly.js reads it (it knows no templates by name)."""
    return pio.templates["plotly_white"].to_plotly_json()


@functools.cache
def _grid_refs():
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True)
    return fig._grid_ref, fig._grid_str


def _activity(data: TimelineData, rows: np.ndarray) -> pd.DataFrame:
    """`quarterly_activity` of the rows: events per organisation and quarter (organisations in
    name order, quarters in time order)."""
    rows = rows[data.activity[rows]]
    if not len(rows):
        return pd.DataFrame(columns=["organisation", "quarter_start", "quarter_end", "events"])
    quarters = data.quarter[rows]
    low = int(quarters.min())
    span = int(quarters.max()) - low + 1
    counts = np.bincount(data.org[rows] * span + (quarters - low), minlength=len(data.orgs) * span)
    cells = np.flatnonzero(counts)
    start, end = quarter_bounds(cells % span + low)
    return pd.DataFrame(
        {
            "organisation": data.orgs[cells // span],
            "quarter_start": start,
            "quarter_end": end,
            "events": counts[cells],
        }
    )


def _episodes(data: TimelineData, rows: np.ndarray) -> pd.DataFrame:
    """Care-avoidance episodes of the rows (care_avoidance.episodes, on the arrays)."""
    rows = rows[(data.types[rows] == "care_avoidance") & ~data.duplicate[rows] & data.dated[rows]]
    if not len(rows):
        return care_avoidance_episodes(data.events.iloc[:0])
    rows = rows[np.argsort(data.t0[rows], kind="stable")]
    t0, t1 = data.t0[rows], data.t1[rows]
    reach = np.maximum.accumulate(t1)[:-1]
    cuts = np.flatnonzero((t0[1:] - reach) > np.timedelta64(180, "D")) + 1
    first = np.concatenate([[0], cuts])
    last = np.concatenate([cuts, [len(rows)]])
    return pd.DataFrame(
        {
            "start": [pd.Timestamp(t0[a]) for a in first.tolist()],
            "end": [
                pd.Timestamp(t1[a:b].max())
                for a, b in zip(first.tolist(), last.tolist(), strict=True)
            ],
        }
    )
