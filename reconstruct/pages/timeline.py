"""Page "Tijdlijn" (home): the swimlane of organisations over time, its filters and details."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from reconstruct import app_state
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.case import CaseError
from reconstruct.chapters import add_chapter
from reconstruct.figures import TimelineOptions, build_timeline
from reconstruct.filters import FilterState, apply, structural
from reconstruct.pages.detail import event_detail
from reconstruct.schema import DOMAIN_LABELS, DOMAINS, PERSON_SEPARATOR

TYPE_CHOICES = [
    ("signal", "Signalen"),
    ("care_avoidance", "Zorgmijding"),
    ("referral", "Meldingen / verwijzingen"),
    ("consultation", "Overleg"),
    ("risk_assessment", "Risicotaxaties"),
    ("measure", "Maatregelen"),
    ("placement", "Plaatsingen"),
    ("agreement", "Afspraken"),
    ("calamity", "Calamiteit"),
    ("contact", "Contacten"),
    ("note", "Notities"),
    ("involvement_start", "Start betrokkenheid"),
    ("involvement_end", "Einde betrokkenheid"),
]
GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "tijdlijn", "scale": 2},
}


def _years(events: pd.DataFrame) -> tuple[int, int]:
    t = pd.concat([events["date_start"], events["date_end"]]).dropna()
    if t.empty:
        return 2000, 2020
    return int(t.min().year), int(t.max().year)


def _persons(events: pd.DataFrame) -> list[str]:
    case = app_state.current_case()
    known = [p.pseudonym for p in case.persons]
    used = set(PERSON_SEPARATOR.join(events["persons"].dropna()).split(PERSON_SEPARATOR)) - {""}
    return [p for p in known if p in used] + sorted(used - set(known))


def _filters(events: pd.DataFrame, state: FilterState) -> html.Div:
    first, last = _years(events)
    orgs = sorted(events["organisation"].dropna().unique())
    return html.Aside(
        [
            html.Label("Periode", htmlFor="timeline-period"),
            dcc.RangeSlider(
                id="timeline-period",
                min=first,
                max=last,
                step=1,
                value=[state.start_year or first, state.end_year or last],
                marks={
                    y: str(y) for y in range(first, last + 1) if (y - first) % 5 == 0 or y == last
                },
                tooltip={"placement": "bottom", "always_visible": False},
                allowCross=False,
            ),
            html.Label("Leefgebied"),
            dcc.Checklist(
                id="timeline-domains",
                options=[{"label": DOMAIN_LABELS[d], "value": d} for d in DOMAINS],
                value=state.domains,
                className="checklist",
            ),
            html.Label("Organisatie", htmlFor="timeline-orgs"),
            dcc.Dropdown(
                id="timeline-orgs",
                options=orgs,
                value=state.organisations,
                multi=True,
                placeholder="Alle organisaties",
            ),
            html.Label("Persoon", htmlFor="timeline-persons"),
            dcc.Dropdown(
                id="timeline-persons",
                options=_persons(events),
                value=state.persons,
                multi=True,
                placeholder="Alle personen",
            ),
            html.Label("Soort gebeurtenis", htmlFor="timeline-types"),
            dcc.Dropdown(
                id="timeline-types",
                options=[{"label": lbl, "value": v} for v, lbl in TYPE_CHOICES],
                value=state.types,
                multi=True,
                placeholder="Alle soorten",
            ),
            html.Label("Minimale ernst", htmlFor="timeline-severity"),
            dcc.Slider(
                id="timeline-severity",
                min=0,
                max=3,
                step=1,
                value=state.min_severity or 0,
                marks={0: "alle", 1: "1", 2: "2", 3: "3"},
            ),
            html.Label("Zoeken in tekst", htmlFor="timeline-search"),
            dcc.Input(
                id="timeline-search",
                type="search",
                value=state.text,
                debounce=0.4,
                placeholder="bijv. blauwe plekken",
                className="search",
            ),
            dcc.Checklist(
                id="timeline-options",
                options=[{"label": " leeftijden van de kinderen", "value": "ages"}],
                value=["ages"],
                className="checklist",
            ),
            dcc.Link("Alle filters wissen", href="/", id="timeline-reset", className="reset"),
        ],
        className="filters",
    )


def layout(**query):
    events = app_state.events()
    state = FilterState.from_query(query)
    return html.Div(
        [
            _filters(events, state),
            html.Section(
                [
                    html.Div(
                        [
                            html.Div(id="timeline-summary", className="lead"),
                            _add_chapter_control(),
                        ],
                        className="timeline-head",
                    ),
                    dcc.Loading(
                        dcc.Graph(id="timeline-graph", config=GRAPH_CONFIG, clear_on_unhover=True),
                        delay_show=400,
                    ),
                ],
                className="timeline-main",
            ),
            html.Aside(
                event_detail(app_state.events(), state.event) if state.event else _detail_hint(),
                id="timeline-detail",
                className="detail",
            ),
            dcc.Store(id="timeline-selected", data=state.event),
            dcc.Store(id="timeline-finding", data=state.finding),
        ],
        className="timeline-page",
    )


def _add_chapter_control():
    return html.Div(
        [
            html.Label("Presentatie:", htmlFor="timeline-chapter-title"),
            dcc.Input(
                id="timeline-chapter-title",
                type="text",
                placeholder="titel (standaard: de weergave)",
                className="chapter-title-input",
            ),
            html.Button("Voeg toe aan presentatie", id="timeline-add-chapter", className="button"),
            html.Span(id="timeline-add-message", className="hint", role="status"),
        ],
        className="add-chapter",
    )


@callback(
    Output("timeline-add-message", "children"),
    Output("timeline-chapter-title", "value"),
    Input("timeline-add-chapter", "n_clicks"),
    State("filter-store", "data"),
    State("timeline-chapter-title", "value"),
    prevent_initial_call=True,
)
def add_to_presentation(n_clicks, query, title):
    """The view on screen (filters, selected event and finding) -> a new presentation chapter
    with a snapshot of what it shows."""
    if not n_clicks:
        return no_update, no_update
    try:
        number = add_chapter(
            app_state.current_case(),
            app_state.events(),
            query or "",
            title,
            app_state.findings().to_dict(orient="records"),
        )
    except CaseError as err:
        return html.Span(str(err), className="error"), no_update
    return [
        f"Toegevoegd als hoofdstuk {number} · ",
        dcc.Link("naar de presentatie", href="/presentatie"),
    ], ""


def _detail_hint():
    return html.P(
        "Klik op een gebeurtenis voor de volledige tekst en de herkomst.", className="hint"
    )


_PERIODS: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}


def _periods(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Involvement periods of the chosen domains and organisations, cached per table: they do
    not change with the period, type, severity or text filters, which change most often."""
    # Keyed by the table object itself (kept alive by the cache entry, so its id is not reused).
    key = (id(events), tuple(state.domains), tuple(state.organisations))
    hit = _PERIODS.get(key)
    if hit is None or hit[0] is not events:
        if len(_PERIODS) > 32:
            _PERIODS.clear()
        hit = _PERIODS[key] = (events, involvement_periods(structural(events, state)))
    return hit[1]


def state_from_inputs(
    period, domains, orgs, persons, types, severity, text, selected=None, bounds=None
) -> FilterState:
    first, last = bounds or (None, None)
    start, end = period or [None, None]
    return FilterState(
        start_year=None if start == first else start,
        end_year=None if end == last else end,
        domains=list(domains or []),
        organisations=list(orgs or []),
        persons=list(persons or []),
        types=list(types or []),
        min_severity=severity or None,
        text=(text or "").strip(),
        event=selected,
    )


@callback(
    Output("timeline-graph", "figure"),
    Output("timeline-summary", "children"),
    Output("filter-store", "data"),
    Input("timeline-period", "value"),
    Input("timeline-domains", "value"),
    Input("timeline-orgs", "value"),
    Input("timeline-persons", "value"),
    Input("timeline-types", "value"),
    Input("timeline-severity", "value"),
    Input("timeline-search", "value"),
    Input("timeline-options", "value"),
    Input("timeline-selected", "data"),
    Input("timeline-finding", "data"),
)
def update_timeline(
    period, domains, orgs, persons, types, severity, text, options, selected, finding=None
):
    """Filters -> figure, a one-line summary and the query string that reproduces the view."""
    events = app_state.events()
    state = state_from_inputs(
        period, domains, orgs, persons, types, severity, text, selected, _years(events)
    )
    state.finding = finding
    shown = apply(events, state)
    found = app_state.findings()
    periods = _periods(events, state)
    x_range = None
    if state.start_year or state.end_year:
        first, last = _years(events)
        x_range = (
            pd.Timestamp(year=state.start_year or first, month=1, day=1),
            pd.Timestamp(year=(state.end_year or last) + 1, month=1, day=1),
        )
    fig = build_timeline(
        shown,
        TimelineOptions(
            show_ages="ages" in (options or []),
            highlight=state.event,
            x_range=x_range,
            persons=app_state.current_case().persons,
            findings=found.to_dict(orient="records"),
            selected_finding=state.finding,
        ),
        periods=periods,
    )
    summary = (
        f"{len(shown)} van {len(events)} gebeurtenissen · "
        f"{shown['organisation'].nunique()} organisaties"
    )
    if len(shown) < len(events):
        summary += " (gefilterd)"
    return fig, summary, state.to_query()


@callback(
    Output("timeline-detail", "children"),
    Output("timeline-selected", "data"),
    Input("timeline-graph", "clickData"),
    prevent_initial_call=True,
)
def show_detail(click):
    """A click on a marker -> the event's full text and provenance, fetched on the server."""
    if not click or not click.get("points"):
        return no_update, no_update
    point = click["points"][0]
    custom = point.get("customdata")
    if custom is None:
        return no_update, no_update
    row = custom[0] if isinstance(custom, list) else custom
    events = app_state.events()
    if not isinstance(row, int) or row not in events.index:
        return _detail_hint(), None
    event_id = events.at[row, "event_id"]
    return event_detail(events, event_id), event_id


dash.clientside_callback(
    """
    function(query) {
        if (window.location.pathname === '/' || window.location.pathname === '') {
            const url = query ? '/?' + query : '/';
            if (url !== window.location.pathname + window.location.search) {
                window.history.replaceState(null, '', url);
            }
        }
        return window.dash_clientside.no_update;
    }
    """,
    Output("timeline-graph", "id"),
    Input("filter-store", "data"),
    prevent_initial_call=True,
)


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/", name="Tijdlijn", order=0, title="Tijdlijn", layout=layout)
