"""Plotly traces of the swimlane: involvement bars, quarterly activity and event markers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from reconstruct.dates import describe
from reconstruct.figures.lanes import Lanes, lanes_domain
from reconstruct.figures.style import (
    DAY_MS,
    DOMAIN_COLOURS,
    MARKERS,
    NO_DOMAIN,
    SHORT_TEXT,
    SIGNAL_SCALE,
)
from reconstruct.schema import EVENT_TYPE_LABELS


def _ms(series: pd.Series) -> np.ndarray:
    return series.astype("datetime64[ms]").astype("int64").to_numpy(dtype="float64")


def _short(text) -> str:
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


SIGNAL_COLOURS = {"cmin": 0, "cmax": 3, "colorscale": SIGNAL_SCALE, "showscale": False}


def as_plain_list(values) -> np.ndarray:
    """An object array: plotly passes it through unvalidated and serialises it as a plain JSON
    list. (A numeric array would become a typed array, which arrives as null in clickData; a
    Python list is validated element by element, which is slow at 10^5 points.)"""
    return np.asarray(list(values) if not isinstance(values, np.ndarray) else values, dtype=object)


def _colour(domain) -> str:
    return DOMAIN_COLOURS.get(domain, NO_DOMAIN)


def _hover_rows(ev: pd.DataFrame) -> list[str]:
    return [
        f"<b>{org}</b><br>{EVENT_TYPE_LABELS.get(t, 'Gebeurtenis in het gezin')}"
        f"{' (ernst ' + str(int(sev)) + ')' if pd.notna(sev) else ''}<br>"
        f"{describe(s if pd.notna(s) else None, e if pd.notna(e) else None, p)}"
        f"{' — geschreven: ' + str(raw) if isinstance(raw, str) and p != 'day' else ''}"
        f"<br>{_short(d)}"
        for org, t, sev, s, e, p, raw, d in zip(
            ev["organisation"].fillna("?"),
            ev["event_type"],
            ev["severity"],
            ev["date_start"],
            ev["date_end"],
            ev["date_precision"],
            ev["date_raw"],
            ev["description"],
            strict=True,
        )
    ]


def _marker_traces(ev: pd.DataFrame, lanes: Lanes, rich: bool) -> list[go.Scattergl]:
    """Markers per category; a vague date gets an open marker and a line over its interval."""
    traces = []
    for style in MARKERS:
        sub = ev[ev["event_type"].isin(style.types)]
        if sub.empty:
            continue
        y = sub["organisation"].map(lanes.row_of).to_numpy(dtype="float64")
        start = _ms(sub["t0"])
        end = _ms(sub["t1"]) + DAY_MS
        mid = start + (end - start) / 2
        exact = (sub["date_precision"] == "day").to_numpy()
        rows = sub["row"].to_numpy()
        hover = np.asarray(_hover_rows(sub), dtype=object) if rich else None
        if style.types == ("signal",):
            sev = sub["severity"].fillna(1).astype(int).clip(0, 3).to_numpy()
            size = 7 + 3 * sev
            colour = sev.astype("float64")
        else:
            size = np.full(len(sub), style.size)
            colour = None
        background = style.types == ("contact", "note")
        if background and not rich:
            # At this size the quarterly shading shows contacts; their hidden markers would be
            # most of the payload (1.6 MB at 10^5 events). Filtering to fewer brings them back.
            continue
        for is_exact in (True, False):
            m = exact if is_exact else ~exact
            if not m.any():
                continue
            if not is_exact and not background:
                xs = np.column_stack([start[m], end[m], np.full(m.sum(), np.nan)]).ravel()
                ys = np.column_stack([y[m], y[m], np.full(m.sum(), np.nan)]).ravel()
                traces.append(
                    go.Scattergl(
                        x=xs,
                        y=ys,
                        mode="lines",
                        line={"color": style.colour, "width": 3},
                        opacity=0.45,
                        hoverinfo="skip",
                        showlegend=False,
                        legendgroup=style.label,
                        name=style.label + " (periode)",
                    )
                )
            idx = np.flatnonzero(m)
            traces.append(
                go.Scattergl(
                    x=mid[m],
                    y=y[m],
                    mode="markers",
                    name=style.label,
                    legendgroup=style.label,
                    showlegend=is_exact or not exact.any(),
                    # Contacts show as activity shading; their markers are a legend click away.
                    visible="legendonly" if background else True,
                    marker={
                        "symbol": style.symbol if is_exact else f"{style.symbol}-open",
                        "size": size[m],
                        "color": style.colour if colour is None else colour[m],
                        **({} if colour is None else SIGNAL_COLOURS),
                        "line": {
                            "width": 1 if is_exact else 2,
                            "color": "white" if is_exact else style.colour,
                        },
                    },
                    customdata=as_plain_list(rows[idx]),
                    hovertext=as_plain_list(hover[idx]) if hover is not None else None,
                    hovertemplate=(
                        "%{hovertext}<extra></extra>"
                        if hover is not None
                        else f"%{{x|%d-%m-%Y}} · {style.label}<br>klik voor details<extra></extra>"
                    ),
                )
            )
    return traces


def _bar_traces(periods: pd.DataFrame, activity: pd.DataFrame, lanes: Lanes) -> list[go.Bar]:
    traces = []
    for kind, label in (
        ("explicit", "Betrokkenheid (uit dossier)"),
        ("inferred", "Betrokkenheid (afgeleid)"),
    ):
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
            go.Bar(
                orientation="h",
                y=p["organisation"].map(lanes.row_of).to_numpy(dtype="float64"),
                base=start,
                x=width,
                width=0.72,
                marker=marker,
                name=label,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                legendgroup=kind,
            )
        )
    a = activity[activity["organisation"].isin(lanes.row_of)]
    if not a.empty:
        dom = a["organisation"].map(lambda o: lanes_domain(lanes, o))
        start = _ms(a["quarter_start"])
        width = _ms(a["quarter_end"]) + DAY_MS - start
        opacity = (0.25 + 0.75 * np.minimum(a["events"].to_numpy() / 6.0, 1.0)).round(2)
        traces.append(
            go.Bar(
                orientation="h",
                y=a["organisation"].map(lanes.row_of).to_numpy(dtype="float64"),
                base=start,
                x=width,
                width=0.32,
                marker={
                    "color": [_colour(d) for d in dom],
                    "opacity": opacity,
                    "line": {"width": 0},
                },
                name="Contacten per kwartaal (donkerder = meer)",
                hovertext=[
                    f"<b>{o}</b><br>{n} gebeurtenissen in {q:%Y} Q{(q.month - 1) // 3 + 1}"
                    for o, n, q in zip(
                        a["organisation"], a["events"], a["quarter_start"], strict=True
                    )
                ],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    return traces
