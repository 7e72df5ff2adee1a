"""Decorations on the shared time axis: domain bands, episode spans, the concurrency and
signal strips, the children's ages."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from reconstruct.analysis.involvement import peak
from reconstruct.figures.lanes import Lanes
from reconstruct.figures.style import (
    DAY_MS,
    EPISODE_COLOUR,
    queue_shape,
)
from reconstruct.figures.traces import SIGNAL_COLOURS, _colour, _ms, as_plain_list
from reconstruct.schema import DOMAIN_LABELS, DOMAINS


def _domain_bands(fig: go.Figure, lanes: Lanes) -> None:
    for domain, (first, last) in lanes.domain_rows.items():
        queue_shape(
            fig,
            type="rect",
            xref="x domain",
            yref="y",
            x0=0,
            x1=1,
            y0=first - 0.5,
            y1=last + 0.5,
            fillcolor=_colour(domain or None),
            opacity=0.07,
            line={"width": 0},
            layer="below",
        )
        queue_shape(
            fig,
            type="line",
            xref="x domain",
            yref="y",
            x0=0,
            x1=1,
            y0=first - 0.5,
            y1=first - 0.5,
            line={"color": "#C5CCD6", "width": 1},
        )


def _episode_spans(fig: go.Figure, eps: pd.DataFrame) -> None:
    if eps is None or eps.empty:
        return
    for e in eps.itertuples():
        queue_shape(
            fig,
            type="rect",
            xref="x",
            yref="y domain",
            y0=0,
            y1=1,
            x0=e.start,
            x1=e.end + pd.Timedelta(days=1),
            fillcolor=EPISODE_COLOUR,
            line={"width": 0},
            layer="below",
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="Periode van zorgmijding",
            marker={"symbol": "square", "size": 14, "color": "rgba(255, 140, 0, 0.35)"},
        ),
        row=1,
        col=1,
    )


def _concurrency_strip(fig: go.Figure, conc: pd.DataFrame) -> None:
    if conc.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=conc["time"],
            y=conc["count"],
            mode="lines",
            line={"shape": "hv", "color": "#1f4e79", "width": 2},
            fill="tozeroy",
            fillcolor="rgba(31, 78, 121, 0.15)",
            name="Aantal betrokken organisaties",
            hovertemplate="%{x|%d-%m-%Y}: %{y} organisaties betrokken<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    top = peak(conc)
    if top:
        start, until, count = top
        fig.add_trace(
            go.Scatter(
                x=[start],
                y=[count],
                mode="markers+text",
                marker={"size": 10, "color": "#C62828"},
                text=[f"piek: {count} organisaties ({start:%m-%Y})"],
                textposition="middle right",
                textfont={"size": 13},
                showlegend=False,
                hoverinfo="skip",
            ),
            row=2,
            col=1,
        )
    fig.update_yaxes(
        row=2,
        col=1,
        title_text="organisaties<br>betrokken",
        rangemode="tozero",
        fixedrange=True,
        title_font={"size": 13},
    )


def _signal_strip(fig: go.Figure, ev: pd.DataFrame) -> None:
    sig = ev[ev["event_type"] == "signal"]
    fig.update_yaxes(
        row=3,
        col=1,
        tickmode="array",
        tickvals=list(range(len(DOMAINS))),
        ticktext=[DOMAIN_LABELS[d] for d in DOMAINS],
        range=[len(DOMAINS) - 0.5, -0.5],
        fixedrange=True,
        showgrid=False,
        tickfont={"size": 12},
        title_text="signalen",
        title_font={"size": 13},
    )
    if sig.empty:
        return
    y = sig["domain"].map({d: i for i, d in enumerate(DOMAINS)})
    sig = sig[y.notna()]
    sev = sig["severity"].fillna(1).astype(int).clip(0, 3).to_numpy()
    mid = _ms(sig["t0"]) + (_ms(sig["t1"]) + DAY_MS - _ms(sig["t0"])) / 2
    fig.add_trace(
        go.Scattergl(
            x=mid,
            y=y[y.notna()].to_numpy(dtype="float64"),
            mode="markers",
            showlegend=False,
            marker={
                "size": 6 + 2 * sev,
                "color": sev.astype("float64"),
                **SIGNAL_COLOURS,
                "opacity": 0.8,
                "symbol": "line-ns-open",
                "line": {
                    "width": 3,
                    "color": sev.astype("float64"),
                    "cmin": 0,
                    "cmax": 3,
                    "colorscale": SIGNAL_COLOURS["colorscale"],
                },
            },
            customdata=as_plain_list(sig["row"]),
            hovertemplate="%{x|%d-%m-%Y}: signaal<extra></extra>",
            name="Signalen per leefgebied",
        ),
        row=3,
        col=1,
    )


def _ages(fig: go.Figure, persons: list, ev: pd.DataFrame) -> None:
    kids = [p for p in persons if p.birth_date and (p.role or "").lower().startswith("kind")]
    if not kids or ev.empty:
        return
    previous = None
    shift = 0
    for p in sorted(kids, key=lambda k: k.birth_date):
        born = pd.Timestamp(p.birth_date)
        # Births close together get their labels on alternating heights.
        close = previous is not None and (born - previous).days < 4 * 365
        shift = 16 - shift if close else 0
        previous = born
        fig.add_vline(x=born.value / 1e6, line={"color": "#52606d", "width": 1, "dash": "dot"})
        fig.add_annotation(
            x=born,
            y=1.0,
            xref="x",
            yref="y2 domain",
            yanchor="bottom",
            xanchor="left",
            text=f"{p.pseudonym} geboren",
            showarrow=False,
            font={"size": 12, "color": "#52606d"},
            bgcolor="white",
            yshift=shift,
        )
    first, last = ev["t0"].min(), ev["t1"].max()
    fig.add_annotation(
        x=0,
        xref="paper",
        xanchor="right",
        y=0,
        yref="y3 domain",
        yanchor="top",
        yshift=-24,
        text="leeftijd",
        showarrow=False,
        font={"size": 11, "color": "#7b8794"},
    )
    for year in range(first.year + 1, last.year + 1, 2):
        jan = pd.Timestamp(year=year, month=1, day=1)
        ages = [
            f"{p.pseudonym.replace('Kind ', '')}: {year - p.birth_date.year}"
            for p in kids
            if p.birth_date.year < year
        ]
        if ages:
            fig.add_annotation(
                x=jan,
                y=0,
                xref="x",
                yref="y3 domain",
                yanchor="top",
                text="<br>".join(ages),
                showarrow=False,
                font={"size": 11, "color": "#7b8794"},
                yshift=-24,
            )
