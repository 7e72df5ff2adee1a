"""Page "Tijdlijn" (home): the swimlane of organisations over time, its filters and details.

What does not depend on the filters is worked out once per revision of the case's event table
(`_View`: the table prepared for the figure and for filtering, the years, the persons, the
involvement periods per choice of domains and organisations), so a filter change costs array
indexing. The case's findings (the overlays) come from the analyses; when those are still
running the timeline is drawn without them and redrawn once they are there.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Pending

import dash
import numpy as np
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from reconstruct import app_state
from reconstruct.analysis.periods import involvement_periods
from reconstruct.case import CaseError
from reconstruct.chapters import add_chapter
from reconstruct.figures import TimelineData, TimelineOptions, timeline_figure
from reconstruct.filters import FilterIndex, FilterState
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


FINDINGS_WAIT = 1.0
"""Seconds the timeline waits for the case's analyses before drawing without their overlays."""


def _years(events: pd.DataFrame) -> tuple[int, int]:
    t = pd.concat([events["date_start"], events["date_end"]]).dropna()
    if t.empty:
        return 2000, 2020
    return int(t.min().year), int(t.max().year)


def _persons(events: pd.DataFrame) -> list[str]:
    case = app_state.current_case()
    known = [p.pseudonym for p in case.persons]
    cells = events["persons"].dropna().unique()
    used = set(PERSON_SEPARATOR.join(cells).split(PERSON_SEPARATOR)) - {""}
    return [p for p in known if p in used] + sorted(used - set(known))


class _View:
    """What the timeline keeps of one event table (one revision of the case store)."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self.data = TimelineData(events)
        self.filters = FilterIndex(events)
        self.years = _years(events)
        self._periods: dict[tuple, pd.DataFrame] = {}

    def periods(self, state: FilterState) -> pd.DataFrame:
        """Involvement periods of the chosen domains and organisations: they do not change with
        the period, type, severity or text filters, which change most often."""
        key = (tuple(state.domains), tuple(state.organisations))
        if key not in self._periods:
            if len(self._periods) > 32:
                self._periods.clear()
            rows = self.filters.structural(state)
            self._periods[key] = involvement_periods(self.events[rows])
        return self._periods[key]


_VIEW: list[_View] = []
_LOCK = threading.Lock()


def _view(events: pd.DataFrame) -> _View:
    """The view of `events`, made when the table changed (app_state re-reads it per revision)."""
    with _LOCK:
        if not _VIEW or _VIEW[0].events is not events:
            _VIEW[:] = [_View(events)]
        return _VIEW[0]


class _Findings:
    """The case's findings for the overlays, from a worker thread: the timeline waits for them
    at most FINDINGS_WAIT seconds, draws without them when they take longer (a large case just
    opened or re-imported), and `poll_findings` redraws it once they are there."""

    def __init__(self) -> None:
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="findings")
        self.pending: Future | None = None
        self.drawn_without = False
        self.records: tuple[object, list[dict]] | None = None

    def get(self, wait: float = FINDINGS_WAIT) -> list[dict] | None:
        with _LOCK:
            if self.pending is None or self.pending.done():
                # Returns at once when app_state has them for the current revision.
                self.pending = self.pool.submit(app_state.findings)
            pending = self.pending
        try:
            frame = pending.result(timeout=wait)
        except Pending:
            self.drawn_without = True
            return None
        if self.records is None or self.records[0] is not frame:
            self.records = (frame, frame.to_dict(orient="records"))
        return self.records[1]

    def running(self) -> bool:
        return self.pending is not None and not self.pending.done()


_FINDINGS = _Findings()


def _filters(events: pd.DataFrame, state: FilterState) -> html.Div:
    first, last = _view(events).years
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
            dcc.Store(id="timeline-findings-ready"),
            dcc.Interval(id="timeline-findings-poll", interval=1000),
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
    Input("timeline-findings-ready", "data"),
)
def update_timeline(
    period,
    domains,
    orgs,
    persons,
    types,
    severity,
    text,
    options,
    selected,
    finding=None,
    ready=None,
):
    """Filters -> figure, a one-line summary and the query string that reproduces the view."""
    events = app_state.events()
    view = _view(events)
    state = state_from_inputs(
        period, domains, orgs, persons, types, severity, text, selected, view.years
    )
    state.finding = finding
    shown = view.filters.mask(state)
    found = _FINDINGS.get()
    x_range = None
    if state.start_year or state.end_year:
        first, last = view.years
        x_range = (
            pd.Timestamp(year=state.start_year or first, month=1, day=1),
            pd.Timestamp(year=(state.end_year or last) + 1, month=1, day=1),
        )
    fig = timeline_figure(
        view.data,
        shown,
        TimelineOptions(
            show_ages="ages" in (options or []),
            highlight=state.event,
            x_range=x_range,
            persons=app_state.current_case().persons,
            findings=found,
            selected_finding=state.finding,
            activity_image=True,
        ),
        periods=view.periods(state),
    )
    count = int(shown.sum())
    codes = view.data.org[shown]
    summary = (
        f"{count} van {len(events)} gebeurtenissen · "
        f"{len(np.unique(codes[codes >= 0]))} organisaties"
    )
    if count < len(events):
        summary += " (gefilterd)"
    return fig, summary, state.to_query()


@callback(
    Output("timeline-findings-ready", "data"),
    Output("timeline-findings-poll", "disabled"),
    Input("timeline-findings-poll", "n_intervals"),
    prevent_initial_call=True,
)
def poll_findings(n_intervals):
    """Redraw the timeline once the findings it was drawn without are there; then stop."""
    if _FINDINGS.running():
        return no_update, False
    if _FINDINGS.drawn_without:
        _FINDINGS.drawn_without = False
        return n_intervals, True
    return no_update, True


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
