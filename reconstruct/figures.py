"""Pure figure builders: event table -> plotly swimlane of organisations over time. No Dash here.

Time is sent as epoch milliseconds (float64 arrays, which plotly serialises as compact typed
arrays); each marker's customdata is its row number in the table given, so a click can fetch the
details on the server. Hover text is rich for ordinary cases and trimmed above HOVER_TEXT_LIMIT
markers so that 10^5 events stay a small payload.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from reconstruct.analysis.care_avoidance import episodes as care_avoidance_episodes
from reconstruct.analysis.involvement import (
    concurrency,
    involvement_periods,
    peak,
    quarterly_activity,
)
from reconstruct.dates import describe
from reconstruct.mapping import FAMILY
from reconstruct.schema import DOMAIN_LABELS, DOMAINS, EVENT_TYPE_LABELS

DOMAIN_COLOURS = {
    "gezondheid": "#3B75AF",
    "onderwijs": "#E3A21A",
    "gezin": "#519E3E",
    "veiligheid": "#8E5EA2",
    "wonen": "#8C6D31",
    "werk_inkomen": "#3A9E9E",
}
NO_DOMAIN = "#8A8A8A"
FAMILY_LABEL = "Gezin (levensgebeurtenissen)"
DAY_MS = 86_400_000.0
HOVER_TEXT_LIMIT = 20_000
SHORT_TEXT = 90
EPISODE_COLOUR = "rgba(255, 140, 0, 0.13)"
LANE_PX = 30
FONT = "Segoe UI, Noto Sans, DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class MarkerStyle:
    label: str
    symbol: str
    colour: str
    size: int
    types: tuple[str, ...]


MARKERS = (
    MarkerStyle("Calamiteit", "star", "#111111", 22, ("calamity",)),
    MarkerStyle("Signaal van onveiligheid", "circle", "#C62828", 11, ("signal",)),
    MarkerStyle("Zorgmijding", "x", "#EF6C00", 11, ("care_avoidance",)),
    MarkerStyle("Melding / verwijzing", "triangle-right", "#6A1B9A", 12, ("referral",)),
    MarkerStyle("Overleg / zorgconferentie", "diamond", "#00838F", 11, ("consultation",)),
    MarkerStyle("Risicotaxatie", "square", "#1A237E", 10, ("risk_assessment",)),
    MarkerStyle("Maatregel / plaatsing", "hexagon", "#37474F", 12, ("measure", "placement")),
    MarkerStyle("Afspraak", "hourglass", "#2E7D32", 10, ("agreement",)),
    MarkerStyle("Gebeurtenis in het gezin", "circle", "#37474F", 9, ("family_event",)),
    MarkerStyle("Contact / notitie", "circle", "#9E9E9E", 5, ("contact", "note")),
)
FAMILY_EVENT = "family_event"
"""Drawing category of the family's own life events (a birth, a move), always shown."""
SIGNAL_SHADES = {0: "#EF9A9A", 1: "#E57373", 2: "#C62828", 3: "#7F0000"}


@dataclass
class Lanes:
    """Rows of the swimlane: organisation lanes grouped under domain header rows."""

    names: list[str]  # tick text per row, top to bottom
    row_of: dict[str, int]  # organisation -> row
    domain_rows: dict[str, tuple[int, int]]  # domain -> (header row, last row)
    header_rows: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.names)


def build_lanes(events: pd.DataFrame, periods: pd.DataFrame) -> Lanes:
    """Lane order: the family first, then per domain (report order) each organisation by its
    first involvement (or first event)."""
    names: list[str] = []
    row_of: dict[str, int] = {}
    domain_rows: dict[str, tuple[int, int]] = {}
    headers: set[int] = set()
    dated = events.assign(t0=events["date_start"].fillna(events["date_end"]))
    if (events["organisation"] == FAMILY).any():
        row_of[FAMILY] = 0
        names.append(FAMILY_LABEL)
    first = dated.groupby("organisation")["t0"].min()
    if len(periods):
        first = (
            pd.concat([periods.groupby("organisation")["start"].min(), first])
            .groupby(level=0)
            .min()
        )
    both = pd.concat([events[["organisation", "domain"]], periods[["organisation", "domain"]]])
    org_domain = (
        both.dropna(subset=["organisation"])
        .groupby("organisation")["domain"]
        .agg(lambda s: s.dropna().mode().iloc[0] if s.notna().any() else None)
    )
    for domain in [*DOMAINS, None]:
        orgs = [
            o
            for o, d in org_domain.items()
            if o != FAMILY and (d == domain or (domain is None and d not in DOMAINS))
        ]
        if not orgs:
            continue
        orgs.sort(key=lambda o: (pd.isna(first.get(o)), first.get(o, pd.NaT), o))
        header = len(names)
        headers.add(header)
        names.append(DOMAIN_LABELS.get(domain, "Leefgebied onbekend"))
        for o in orgs:
            row_of[o] = len(names)
            names.append(o)
        domain_rows[domain or ""] = (header, len(names) - 1)
    return Lanes(names, row_of, domain_rows, headers)


def _ms(series: pd.Series) -> np.ndarray:
    return series.astype("datetime64[ms]").astype("int64").to_numpy(dtype="float64")


def _short(text) -> str:
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


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
        rows = sub["row"].tolist()
        hover = _hover_rows(sub) if rich else None
        if style.types == ("signal",):
            sev = sub["severity"].fillna(1).astype(int).clip(0, 3).to_numpy()
            size = 7 + 3 * sev
            colour = [SIGNAL_SHADES[int(s)] for s in sev]
        else:
            size = np.full(len(sub), style.size)
            colour = [style.colour] * len(sub)
        background = style.types == ("contact", "note")
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
                        "color": [colour[i] for i in idx],
                        "line": {
                            "width": 1 if is_exact else 2,
                            "color": "white" if is_exact else style.colour,
                        },
                    },
                    customdata=[[rows[i]] for i in idx],
                    hovertext=[hover[i] for i in idx] if hover else None,
                    hovertemplate=(
                        "%{hovertext}<extra></extra>"
                        if hover
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


def lanes_domain(lanes: Lanes, organisation: str) -> str | None:
    row = lanes.row_of.get(organisation)
    for domain, (first, last) in lanes.domain_rows.items():
        if row is not None and first <= row <= last:
            return domain or None
    return "gezin" if organisation == FAMILY else None


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
    for tr in _marker_traces(drawn, lanes, rich=len(drawn) <= HOVER_TEXT_LIMIT):
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
    return fig


def _domain_bands(fig: go.Figure, lanes: Lanes) -> None:
    for domain, (first, last) in lanes.domain_rows.items():
        fig.add_shape(
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
            row=1,
            col=1,
        )
        fig.add_shape(
            type="line",
            xref="x domain",
            yref="y",
            x0=0,
            x1=1,
            y0=first - 0.5,
            y1=first - 0.5,
            line={"color": "#C5CCD6", "width": 1},
            row=1,
            col=1,
        )


def _episode_spans(fig: go.Figure, eps: pd.DataFrame) -> None:
    if eps is None or eps.empty:
        return
    for e in eps.itertuples():
        fig.add_vrect(
            x0=e.start,
            x1=e.end + pd.Timedelta(days=1),
            fillcolor=EPISODE_COLOUR,
            line_width=0,
            layer="below",
            row=1,
            col=1,
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
                "color": [SIGNAL_SHADES[int(s)] for s in sev],
                "opacity": 0.8,
                "symbol": "line-ns-open",
                "line": {"width": 3, "color": [SIGNAL_SHADES[int(s)] for s in sev]},
            },
            customdata=[[r] for r in sig["row"]],
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


def _lanes_of(ev: pd.DataFrame, lanes: Lanes, evidence) -> list[int]:
    orgs = ev.loc[ev["event_id"].isin(list(evidence)), "organisation"]
    return sorted({lanes.row_of[o] for o in orgs if o in lanes.row_of})


def _finding_overlays(
    fig: go.Figure, findings: list[dict], ev: pd.DataFrame, lanes: Lanes, selected: str | None
) -> None:
    """Signal clusters boxed, parallel tracks linked, the selected finding highlighted."""
    boxed = linked = False
    for f in findings:
        if not f.get("period_start"):
            continue
        x0 = pd.Timestamp(f["period_start"])
        x1 = pd.Timestamp(f.get("period_end") or f["period_start"]) + pd.Timedelta(days=1)
        rows = _lanes_of(ev, lanes, f["evidence"])
        if not rows:
            continue
        if f["analysis"] == "signals_not_added_up":
            fig.add_shape(
                type="rect",
                xref="x",
                yref="y",
                x0=x0,
                x1=x1,
                y0=rows[0] - 0.48,
                y1=rows[-1] + 0.48,
                line={"color": "#C62828", "width": 2, "dash": "dot"},
                row=1,
                col=1,
            )
            boxed = True
        elif f["analysis"] == "parallel_tracks" and len(rows) >= 2:
            mid = x0 + (x1 - x0) / 2
            fig.add_shape(
                type="line",
                xref="x",
                yref="y",
                x0=mid,
                x1=mid,
                y0=rows[0],
                y1=rows[-1],
                line={"color": "#6A1B9A", "width": 3, "dash": "dash"},
                row=1,
                col=1,
            )
            linked = True
        if f.get("finding_id") == selected:
            fig.add_vrect(
                x0=x0,
                x1=x1,
                fillcolor="rgba(31, 78, 121, 0.10)",
                line={"color": "#1f4e79", "width": 2},
                layer="below",
                row=1,
                col=1,
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
