"""Decorations on the shared time axis, as plain dicts: domain bands, episode spans, the
concurrency and signal strips, the children's ages."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.periods import peak
from reconstruct.figures.lanes import Lanes
from reconstruct.figures.style import EPISODE_COLOUR
from reconstruct.figures.traces import SIGNAL_COLOURS, _colour, as_plain_list, severity_steps
from reconstruct.schema import DOMAIN_LABELS, DOMAINS

DAY = pd.Timedelta(days=1)


def domain_bands(lanes: Lanes) -> list[dict]:
    """A tinted band and a top rule per domain group of lanes."""
    shapes = []
    for domain, (first, last) in lanes.domain_rows.items():
        shapes.append(
            {
                "type": "rect",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": first - 0.5,
                "y1": last + 0.5,
                "fillcolor": _colour(domain or None),
                "opacity": 0.07,
                "line": {"width": 0},
                "layer": "below",
            }
        )
        shapes.append(
            {
                "type": "line",
                "xref": "x domain",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": first - 0.5,
                "y1": first - 0.5,
                "line": {"color": "#C5CCD6", "width": 1},
            }
        )
    return shapes


def episode_spans(eps: pd.DataFrame | None) -> tuple[list[dict], list[dict]]:
    """Care-avoidance episodes (start, end) shaded over the swimlane, and their legend entry."""
    if eps is None or eps.empty:
        return [], []
    shapes = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "y domain",
            "y0": 0,
            "y1": 1,
            "x0": start,
            "x1": end + DAY,
            "fillcolor": EPISODE_COLOUR,
            "line": {"width": 0},
            "layer": "below",
        }
        for start, end in zip(eps["start"], eps["end"], strict=True)
    ]
    legend = {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": "Periode van zorgmijding",
        "marker": {"symbol": "square", "size": 14, "color": "rgba(255, 140, 0, 0.35)"},
        "xaxis": "x",
        "yaxis": "y",
    }
    return shapes, [legend]


def concurrency_strip(conc: pd.DataFrame) -> tuple[list[dict], dict]:
    """The number of organisations involved over time (steps) with the peak marked, and the
    settings of its axis."""
    axis = {
        "title": {"text": "organisaties<br>betrokken", "font": {"size": 13}},
        "rangemode": "tozero",
        "fixedrange": True,
    }
    if conc.empty:
        return [], {}
    times = conc["time"].to_numpy(dtype="datetime64[ms]")
    traces = [
        {
            "type": "scatter",
            "x": np.datetime_as_string(times, unit="ms"),
            "y": conc["count"].to_numpy().astype(np.int16),
            "mode": "lines",
            "line": {"shape": "hv", "color": "#1f4e79", "width": 2},
            "fill": "tozeroy",
            "fillcolor": "rgba(31, 78, 121, 0.15)",
            "name": "Aantal betrokken organisaties",
            "hovertemplate": "%{x|%d-%m-%Y}: %{y} organisaties betrokken<extra></extra>",
            "showlegend": False,
            "xaxis": "x2",
            "yaxis": "y2",
        }
    ]
    top = peak(conc)
    if top:
        start, until, count = top
        traces.append(
            {
                "type": "scatter",
                "x": [start],
                "y": [count],
                "mode": "markers+text",
                "marker": {"size": 10, "color": "#C62828"},
                "text": [f"piek: {count} organisaties ({start:%m-%Y})"],
                "textposition": "middle right",
                "textfont": {"size": 13},
                "showlegend": False,
                "hoverinfo": "skip",
                "xaxis": "x2",
                "yaxis": "y2",
            }
        )
    return traces, axis


SIGNAL_AXIS = {
    "tickmode": "array",
    "tickvals": list(range(len(DOMAINS))),
    "ticktext": [DOMAIN_LABELS[d] for d in DOMAINS],
    "range": [len(DOMAINS) - 0.5, -0.5],
    "fixedrange": True,
    "showgrid": False,
    "tickfont": {"size": 12},
    "title": {"text": "signalen", "font": {"size": 13}},
}


def signal_strip(data, rows: np.ndarray) -> list[dict]:
    """A strip of the drawn signals (positions in `data`) per life domain."""
    sig = rows[data.types[rows] == "signal"]
    place = {d: i for i, d in enumerate(DOMAINS)}
    y = np.asarray([place.get(d, -1) for d in data.domains[sig]], dtype=np.int64)
    sig, y = sig[y >= 0], y[y >= 0]
    if not len(sig):
        return []
    sev = severity_steps(data.severity[sig])
    start, end = data.t0_ms[sig], data.t1_ms[sig] + 86_400_000.0
    return [
        {
            "type": "scattergl",
            "x": start + (end - start) / 2,
            "y": y.astype(np.int8),
            "mode": "markers",
            "showlegend": False,
            "marker": {
                "size": 6 + 2 * sev,
                "color": sev,
                **SIGNAL_COLOURS,
                "opacity": 0.8,
                "symbol": "line-ns-open",
                # An open symbol is drawn in the marker's colour: no colours of its own.
                "line": {"width": 3},
            },
            "customdata": as_plain_list(data.row[sig]),
            "hovertemplate": "%{x|%d-%m-%Y}: signaal<extra></extra>",
            "name": "Signalen per leefgebied",
            "xaxis": "x3",
            "yaxis": "y3",
        }
    ]


def _kids(persons: list) -> list:
    return [p for p in persons if p.birth_date and (p.role or "").lower().startswith("kind")]


def ages(
    persons: list, first: pd.Timestamp, last: pd.Timestamp, axes=("", "2", "3")
) -> tuple[list, list]:
    """The children's births (a dotted line over the subplots `axes`: "", "2", "3", and a
    label) and their ages every other year from `first` to `last`: (shapes, annotations)."""
    kids = _kids(persons)
    if not kids:
        return [], []
    shapes, notes = [], []
    previous = None
    shift = 0
    for p in sorted(kids, key=lambda k: k.birth_date):
        born = pd.Timestamp(p.birth_date)
        # Births close together get their labels on alternating heights.
        close = previous is not None and (born - previous).days < 4 * 365
        shift = 16 - shift if close else 0
        previous = born
        for axis in axes:
            shapes.append(
                {
                    "type": "line",
                    "x0": born.value / 1e6,
                    "x1": born.value / 1e6,
                    "xref": f"x{axis}",
                    "y0": 0,
                    "y1": 1,
                    "yref": f"y{axis} domain",
                    "line": {"color": "#52606d", "width": 1, "dash": "dot"},
                }
            )
        notes.append(
            {
                "x": born,
                "y": 1.0,
                "xref": "x",
                "yref": "y2 domain",
                "yanchor": "bottom",
                "xanchor": "left",
                "text": f"{p.pseudonym} geboren",
                "showarrow": False,
                "font": {"size": 12, "color": "#52606d"},
                "bgcolor": "white",
                "yshift": shift,
            }
        )
    notes.append(
        {
            "x": 0,
            "xref": "paper",
            "xanchor": "right",
            "y": 0,
            "yref": "y3 domain",
            "yanchor": "top",
            "yshift": -24,
            "text": "leeftijd",
            "showarrow": False,
            "font": {"size": 11, "color": "#7b8794"},
        }
    )
    for year in range(first.year + 1, last.year + 1, 2):
        ages_then = [
            f"{p.pseudonym.replace('Kind ', '')}: {year - p.birth_date.year}"
            for p in kids
            if p.birth_date.year < year
        ]
        if ages_then:
            notes.append(
                {
                    "x": pd.Timestamp(year=year, month=1, day=1),
                    "y": 0,
                    "xref": "x",
                    "yref": "y3 domain",
                    "yanchor": "top",
                    "text": "<br>".join(ages_then),
                    "showarrow": False,
                    "font": {"size": 11, "color": "#7b8794"},
                    "yshift": -24,
                }
            )
    return shapes, notes
