"""Page "Gebeurtenissen": the merged event table with its provenance, sortable and filterable."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from reconstruct import app_state
from reconstruct.dates import describe
from reconstruct.filters import FilterState, apply
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS

COLUMNS = [
    # Rows arrive in the table's chronological order (undated last); sorting is the user's.
    {"field": "date_start", "headerName": "Begin", "width": 115},
    {"field": "date_text", "headerName": "Datum", "width": 150},
    {"field": "date_raw", "headerName": "Datum zoals geschreven", "width": 150, "hide": True},
    {"field": "date_precision", "headerName": "Precisie", "width": 95},
    {"field": "organisation", "headerName": "Organisatie", "width": 190},
    {"field": "domain", "headerName": "Leefgebied", "width": 125},
    {"field": "event_type", "headerName": "Soort", "width": 150},
    {"field": "subtype", "headerName": "Subtype", "width": 130, "hide": True},
    {"field": "severity", "headerName": "Ernst", "width": 80, "filter": "agNumberColumnFilter"},
    {"field": "persons", "headerName": "Personen", "width": 150},
    {
        "field": "description",
        "headerName": "Omschrijving",
        "flex": 1,
        "minWidth": 300,
        "wrapText": True,
        "autoHeight": True,
        "cellClass": "cell-wrap",
    },
    {"field": "source_file", "headerName": "Bron", "width": 200},
    {"field": "source_row", "headerName": "Rij", "width": 70},
    {"field": "duplicate_of", "headerName": "Dubbel van", "width": 170},
    {
        "field": "warnings",
        "headerName": "Waarschuwingen",
        "width": 220,
        "wrapText": True,
        "autoHeight": True,
        "cellClass": "cell-wrap",
    },
    {"field": "event_id", "headerName": "Id", "width": 175, "hide": True},
]


def grid_rows(events: pd.DataFrame) -> list[dict]:
    """Rows for the grid: dates as ISO text, labels in Dutch, the date as a person reads it."""
    out = pd.DataFrame(
        {
            "event_id": events["event_id"],
            "date_start": events["date_start"].dt.strftime("%Y-%m-%d"),
            "date_text": [
                describe(s if pd.notna(s) else None, e if pd.notna(e) else None, p)
                for s, e, p in zip(
                    events["date_start"], events["date_end"], events["date_precision"], strict=True
                )
            ],
            "date_raw": events["date_raw"],
            "date_precision": events["date_precision"],
            "organisation": events["organisation"],
            "domain": events["domain"].map(DOMAIN_LABELS),
            "event_type": events["event_type"].map(EVENT_TYPE_LABELS),
            "subtype": events["subtype"],
            "severity": events["severity"].astype(object),
            "persons": events["persons"],
            "description": events["description"],
            "source_file": events["source_file"],
            "source_row": events["source_row"].astype(object),
            "duplicate_of": events["duplicate_of"],
            "warnings": events["warnings"],
        }
    )
    return out.astype(object).where(out.notna(), None).to_dict("records")


def layout(**query):
    everything = app_state.events()
    state = FilterState.from_query(query).without_selection()
    events = apply(everything, state)
    filtered = len(events) < len(everything)
    back = "/?" + state.to_query() if state.to_query() else "/"
    return html.Div(
        [
            html.H2("Gebeurtenissen"),
            html.P(
                [
                    f"{len(events)} van {len(everything)} gebeurtenissen uit "
                    f"{events['source_file'].nunique()} bronnen, "
                    f"{int(events['duplicate_of'].notna().sum())} gekoppeld als dubbel"
                    + (" — met de filters van de tijdlijn. " if filtered else ". "),
                    dcc.Link("Terug naar de tijdlijn", href=back),
                ],
                className="lead",
                id="events-summary",
            ),
            html.Div(
                "Klik op een rij om de gebeurtenis op de tijdlijn te tonen.",
                id="events-selected",
                className="hint",
            ),
            dcc.Store(id="events-query", data=state.to_query()),
            html.Div(
                [
                    html.Label("Kolommen", htmlFor="events-columns"),
                    dcc.Dropdown(
                        id="events-columns",
                        options=[{"label": c["headerName"], "value": c["field"]} for c in COLUMNS],
                        value=[c["field"] for c in COLUMNS if not c.get("hide")],
                        multi=True,
                    ),
                ],
                className="column-picker",
            ),
            dag.AgGrid(
                id="events-grid",
                rowData=grid_rows(events),
                columnDefs=COLUMNS,
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                getRowId="params.data.event_id",
                dashGridOptions={
                    "animateRows": False,
                    "rowSelection": {
                        "mode": "singleRow",
                        "checkboxes": False,
                        "enableClickSelection": True,
                    },
                    "pagination": True,
                    "paginationPageSize": 100,
                    "sideBar": False,
                },
                style={"height": "70vh"},
                className="ag-theme-quartz",
            ),
        ]
    )


@callback(
    Output("events-selected", "children"),
    Input("events-grid", "selectedRows"),
    State("events-query", "data"),
    prevent_initial_call=True,
)
def select_row(rows, query):
    """A clicked row -> a link that opens the timeline with this event ringed and detailed."""
    if not rows:
        return "Klik op een rij om de gebeurtenis op de tijdlijn te tonen."
    row = rows[0]
    state = FilterState.from_query(query or "")
    state.event = row["event_id"]
    return [
        f"Geselecteerd: {row['date_text']} · {row['organisation'] or '?'} · {row['event_type']} — ",
        dcc.Link("toon op de tijdlijn", href="/?" + state.to_query(), id="events-show-on-timeline"),
    ]


@callback(
    Output("events-grid", "columnDefs"),
    Input("events-columns", "value"),
    prevent_initial_call=True,
)
def choose_columns(visible):
    """The column picker: show exactly the chosen columns, in the table's own order."""
    shown = set(visible or [])
    return [{**c, "hide": c["field"] not in shown} for c in COLUMNS]


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/gebeurtenissen", name="Gebeurtenissen", order=1, layout=layout)
