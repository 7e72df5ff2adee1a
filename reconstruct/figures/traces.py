"""Traces of the swimlane, as plain dicts: involvement bars, quarterly activity, event markers.

Traces are built as dicts of numpy arrays and handed to plotly unvalidated (see timeline.py):
validating 10^5 points costs more than drawing them. Numbers go out as typed arrays (lane rows
as small integers, times as float64 epoch milliseconds); what a click needs (the row in the
table) as a plain list, because typed arrays arrive as null in Dash's clickData.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.dates import describe
from reconstruct.figures import style
from reconstruct.figures.lanes import Lanes, lanes_domain
from reconstruct.figures.style import DAY_MS, DOMAIN_COLOURS, MARKERS, NO_DOMAIN, SIGNAL_SCALE

SIGNAL_COLOURS = {"cmin": 0, "cmax": 3, "colorscale": SIGNAL_SCALE, "showscale": False}
SWIMLANE = {"xaxis": "x", "yaxis": "y"}


def _ms(series: pd.Series) -> np.ndarray:
    return series.astype("datetime64[ms]").astype("int64").to_numpy(dtype="float64")


def as_plain_list(values) -> np.ndarray:
    """An object array: plotly passes it through unvalidated and serialises it as a plain JSON
    list. (A numeric array would become a typed array, which arrives as null in clickData.)"""
    return np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=object)


def lane_rows(rows) -> np.ndarray:
    """Lane numbers as the smallest integer type (a typed array of 1 or 2 bytes a point)."""
    rows = np.asarray(rows, dtype=np.int64)
    return rows.astype(np.int8 if len(rows) == 0 or rows.max() < 127 else np.int16)


def _colour(domain) -> str:
    return DOMAIN_COLOURS.get(domain, NO_DOMAIN)


def severity_steps(severity: np.ndarray) -> np.ndarray:
    """Severity 0-3 per signal; a signal without a grade counts as 1."""
    return np.clip(np.nan_to_num(severity, nan=1.0).astype(np.int64), 0, 3).astype(np.int8)


def marker_traces(data, rows: np.ndarray, lanes: Lanes) -> list[dict]:
    """Markers per category for the drawn rows (positions in `data`, in table order); a vague
    date gets an open marker and a line over its interval. Hover texts are rich up to
    HOVER_TEXT_LIMIT drawn events; contacts and notes (hidden until their legend entry is
    clicked) keep them up to CONTACT_HOVER_LIMIT, else a click shows the details."""
    rich = len(rows) <= style.HOVER_TEXT_LIMIT
    lane_of = np.full(len(data.orgs) + 1, -1, dtype=np.int64)  # org code -> lane (-1: none)
    for i, name in enumerate(data.orgs.tolist()):
        lane_of[i] = lanes.row_of.get(name, -1)
    category = data.category[rows]
    order = np.argsort(category, kind="stable")
    bounds = np.searchsorted(category[order], np.arange(len(MARKERS) + 1))
    traces = []
    for k, mark in enumerate(MARKERS):
        sub = rows[order[bounds[k] : bounds[k + 1]]]
        if not len(sub):
            continue
        background = mark.types == ("contact", "note")
        if background and not rich:
            # At this size the quarterly shading shows contacts; their hidden markers would be
            # most of the payload (1.6 MB at 10^5 events). Filtering to fewer brings them back.
            continue
        wordy = rich and (not background or len(sub) <= style.CONTACT_HOVER_LIMIT)
        y = lane_of[data.org[sub]]
        start = data.t0_ms[sub]
        end = data.t1_ms[sub] + DAY_MS
        mid = start + (end - start) / 2
        exact = data.exact[sub]
        if mark.types == ("signal",):
            sev = severity_steps(data.severity[sub])
            size, colour = 7 + 3 * sev, sev
        else:
            size, colour = None, None
        for is_exact in (True, False):
            m = exact if is_exact else ~exact
            if not m.any():
                continue
            if not is_exact and not background:
                n = int(m.sum())
                gap = np.full(n, np.nan)
                traces.append(
                    {
                        "type": "scattergl",
                        "x": np.column_stack([start[m], end[m], gap]).ravel(),
                        "y": np.column_stack([y[m], y[m], gap]).ravel().astype(np.float32),
                        "mode": "lines",
                        "line": {"color": mark.colour, "width": 3},
                        "opacity": 0.45,
                        "hoverinfo": "skip",
                        "showlegend": False,
                        "legendgroup": mark.label,
                        "name": mark.label + " (periode)",
                        **SWIMLANE,
                    }
                )
            picked = sub[m]
            marker = {
                "symbol": mark.symbol if is_exact else f"{mark.symbol}-open",
                "size": np.full(len(picked), mark.size, dtype=np.int8) if size is None else size[m],
                "color": mark.colour if colour is None else colour[m],
                **({} if colour is None else SIGNAL_COLOURS),
                "line": {
                    "width": 1 if is_exact else 2,
                    "color": "white" if is_exact else mark.colour,
                },
            }
            trace = {
                "type": "scattergl",
                "x": mid[m],
                "y": lane_rows(y[m]),
                "mode": "markers",
                "name": mark.label,
                "legendgroup": mark.label,
                "showlegend": bool(is_exact or not exact.any()),
                # Contacts show as activity shading; their markers are a legend click away.
                "visible": "legendonly" if background else True,
                "marker": marker,
                "customdata": as_plain_list(data.row[picked]),
                **SWIMLANE,
            }
            if wordy:
                trace["hovertext"] = as_plain_list(data.hover(picked))
                trace["hovertemplate"] = "%{hovertext}<extra></extra>"
            else:
                trace["hovertemplate"] = (
                    f"%{{x|%d-%m-%Y}} · {mark.label}<br>klik voor details<extra></extra>"
                )
            traces.append(trace)
    return traces


_PERIOD_KINDS = (
    ("explicit", "Betrokkenheid (uit dossier)"),
    ("inferred", "Betrokkenheid (afgeleid)"),
)


def bar_traces(periods: pd.DataFrame, lanes: Lanes) -> list[dict]:
    """Involvement bars (solid: recorded, hatched: inferred)."""
    traces = []
    for kind, label in _PERIOD_KINDS:
        p = periods[(periods["kind"] == kind) & periods["organisation"].isin(lanes.row_of)]
        if p.empty:
            continue
        colours = [_colour(d) for d in p["domain"]]
        start = _ms(p["start"])
        width = _ms(p["end"]) + DAY_MS - start
        hover = [
            f"<b>{o}</b><br>{label}: {describe(s, None, 'day')} – "
            f"{'open' if oe else describe(e, None, 'day')}"
            f"{'<br>begin: ' + sr if isinstance(sr, str) else ''}"
            f"{'<br>einde: ' + er if isinstance(er, str) else ''}<br>{n} gebeurtenissen"
            for o, s, e, oe, sr, er, n in zip(
                p["organisation"],
                p["start"],
                p["end"],
                p["open_end"],
                p["start_raw"],
                p["end_raw"],
                p["events"],
                strict=True,
            )
        ]
        marker = {"color": colours, "opacity": 0.28, "line": {"color": colours, "width": 1.5}}
        if kind == "inferred":
            marker = {
                "color": "rgba(255,255,255,0)",
                "opacity": 0.8,
                "line": {"color": colours, "width": 1.5},
                "pattern": {"shape": "/", "fgcolor": colours, "size": 7, "solidity": 0.25},
            }
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": lane_rows(p["organisation"].map(lanes.row_of)),
                "base": start,
                "x": width,
                "width": 0.72,
                "marker": marker,
                "name": label,
                "hovertext": hover,
                "hovertemplate": "%{hovertext}<extra></extra>",
                "legendgroup": kind,
                **SWIMLANE,
            }
        )
    return traces


def activity_bars(activity: pd.DataFrame, lanes: Lanes) -> list[dict]:
    """The events per quarter inside the lanes (`activity`: organisation, quarter_start,
    quarter_end, events) as a bar per quarter in the lane's colour, darker for more events."""
    a = activity[activity["organisation"].isin(lanes.row_of)]
    if a.empty:
        return []
    domains = {o: _colour(lanes_domain(lanes, o)) for o in a["organisation"].unique()}
    start = _ms(a["quarter_start"])
    width = _ms(a["quarter_end"]) + DAY_MS - start
    counts = a["events"].to_numpy()
    first = a["quarter_start"].to_numpy(dtype="datetime64[M]").astype(np.int64)
    return [
        {
            "type": "bar",
            "orientation": "h",
            "y": lane_rows(a["organisation"].map(lanes.row_of)),
            "base": start,
            "x": width,
            "width": BAR,
            "marker": {
                "color": [domains[o] for o in a["organisation"]],
                "opacity": LEVELS[np.minimum(counts, len(LEVELS)) - 1],
                "line": {"width": 0},
            },
            "name": ACTIVITY,
            "hovertext": [
                f"<b>{o}</b><br>{n} gebeurtenissen in {m // 12 + 1970} Q{m % 12 // 3 + 1}"
                for o, n, m in zip(a["organisation"], counts.tolist(), first.tolist(), strict=True)
            ],
            "hovertemplate": "%{hovertext}<extra></extra>",
            **SWIMLANE,
        }
    ]


ACTIVITY = "Contacten per kwartaal (donkerder = meer)"
LEVELS = np.round(0.25 + 0.75 * np.minimum(np.arange(1, 7) / 6.0, 1.0), 2)
"""Opacity of a quarter with 1, 2, ... 6 or more events."""
BAR = 0.32
"""Height of the activity blocks, in lanes."""


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha:g})"


def activity_image(activity: pd.DataFrame, lanes: Lanes) -> list[dict]:
    """`activity_bars` drawn as one heatmap (an image) instead of a bar per quarter: at 10^5
    events thousands of SVG elements fewer to draw in a browser, the same blocks (an export
    wants the vectors). Its cells are the quarters (x) and, per
    lane, a band BAR high around the lane with empty space between lanes (y); the colour of a
    cell is its lane's domain at the opacity of its count."""
    a = activity[activity["organisation"].isin(lanes.row_of)]
    if a.empty:
        return []
    rows = a["organisation"].map(lanes.row_of).to_numpy(dtype=np.int64)
    first = a["quarter_start"].to_numpy(dtype="datetime64[M]").astype(np.int64)
    quarter = first // 3
    low, high = int(quarter.min()), int(quarter.max())
    counts = a["events"].to_numpy()
    level = np.minimum(counts, len(LEVELS)) - 1
    palette = [*DOMAIN_COLOURS.values(), NO_DOMAIN]
    colour_of = {c: i for i, c in enumerate(palette)}
    domain = np.asarray(
        [colour_of[_colour(lanes_domain(lanes, o))] for o in a["organisation"]], dtype=np.int64
    )
    code = domain * len(LEVELS) + level
    n = len(palette) * len(LEVELS)
    scale = []
    for k in range(n):
        colour = _rgba(palette[k // len(LEVELS)], LEVELS[k % len(LEVELS)])
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    n_lanes = len(lanes)
    z = np.full((2 * n_lanes - 1, high - low + 1), np.nan)
    z[2 * rows, quarter - low] = code
    hover = np.full(z.shape, "", dtype=object)
    hover[2 * rows, quarter - low] = [
        f"<b>{o}</b><br>{c} gebeurtenissen in {m // 12 + 1970} Q{m % 12 // 3 + 1}"
        for o, c, m in zip(a["organisation"], counts.tolist(), first.tolist(), strict=True)
    ]
    edges = (np.arange(low, high + 2) * 3).astype("datetime64[M]").astype("datetime64[ms]")
    lane = np.arange(n_lanes, dtype=np.float64)
    start = _ms(a["quarter_start"])
    end = _ms(a["quarter_end"]) + DAY_MS
    # The legend entry: a bar trace of no thickness over the first block and the outer ones,
    # so the legend and the axis range are what a bar per block gave.
    keep = [0, int(np.argmin(start)), int(np.argmax(end))]
    return [
        {
            "type": "bar",
            "orientation": "h",
            "y": lane_rows(rows[keep]),
            "base": start[keep],
            "x": (end - start)[keep],
            "width": 0,
            "name": ACTIVITY,
            "legendgroup": "activity",
            "marker": {
                "color": [palette[d] for d in domain[keep]],
                "opacity": LEVELS[level[keep]],
                "line": {"width": 0},
            },
            "hoverinfo": "skip",
            **SWIMLANE,
        },
        {
            "type": "heatmap",
            "x": edges.astype(np.int64).astype(np.float64),
            "y": np.column_stack([lane - BAR / 2, lane + BAR / 2]).ravel(),
            "z": z,
            "zmin": -0.5,
            "zmax": n - 0.5,
            "zsmooth": False,
            "colorscale": scale,
            "showscale": False,
            "hoverongaps": False,
            "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>",
            "name": ACTIVITY,
            "legendgroup": "activity",
            "showlegend": False,
            **SWIMLANE,
        },
    ]
