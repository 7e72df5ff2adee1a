"""Page "Gebeurtenissen": the merged event table with its provenance, sortable, filterable and
editable (the editing lives in pages/editing.py and editing_layout.py), with the detail panel
of the selected row."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
import pandas as pd
from dash import Input, Output, State, callback, dcc, html

from reconstruct import app_state
from reconstruct.dates import describe
from reconstruct.filters import FilterState, apply
from reconstruct.pages import editing, editing_layout
from reconstruct.pages.detail import event_detail
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS

_EDIT = {"editable": {"function": "!params.data.deleted"}}
_SELECT = "agSelectCellEditor"

COLUMNS = [
    # Rows arrive in the table's chronological order (undated last); sorting is the user's.
    {"field": "date_start", "headerName": "Begin", "width": 110},
    {"field": "date_text", "headerName": "Datum", "width": 150, "hide": True},
    {"field": "date_raw", "headerName": "Datum zoals geschreven", "width": 140, **_EDIT},
    {"field": "date_precision", "headerName": "Precisie", "width": 95, "hide": True},
    {"field": "organisation", "headerName": "Organisatie", "width": 160, **_EDIT},
    {"field": "domain", "headerName": "Leefgebied", "width": 125, "hide": True, **_EDIT},
    {"field": "event_type", "headerName": "Soort", "width": 140, **_EDIT},
    {"field": "subtype", "headerName": "Subtype", "width": 130, "hide": True, **_EDIT},
    {
        "field": "severity",
        "headerName": "Ernst",
        "width": 90,
        "filter": "agNumberColumnFilter",
        **_EDIT,
    },
    {"field": "suggestion", "headerName": "Suggestie", "width": 150},
    {"field": "persons", "headerName": "Personen", "width": 130, **_EDIT},
    {
        "field": "description",
        "headerName": "Omschrijving",
        "flex": 1,
        "minWidth": 300,
        "wrapText": True,
        "autoHeight": True,
        "cellClass": "cell-wrap",
        "cellEditor": "agLargeTextCellEditor",
        "cellEditorPopup": True,
        "cellEditorParams": {"maxLength": 5000, "rows": 8, "cols": 60},
        **_EDIT,
    },
    {"field": "source_file", "headerName": "Bron", "width": 170},
    {"field": "source_row", "headerName": "Rij", "width": 65},
    {"field": "status", "headerName": "Status", "width": 120},
    {"field": "duplicate_of", "headerName": "Dubbel van", "width": 170, "hide": True},
    {"field": "tags", "headerName": "Labels", "width": 130, "hide": True},
    {
        "field": "warnings",
        "headerName": "Waarschuwingen",
        "width": 220,
        "wrapText": True,
        "autoHeight": True,
        "cellClass": "cell-wrap",
        "hide": True,
    },
    {"field": "event_id", "headerName": "Id", "width": 175, "hide": True},
]
"""The grid's columns; the editable ones get their editors from column_defs()."""


def column_defs(visible: list[str] | None = None) -> list[dict]:
    """COLUMNS with editors (the case's organisations, Dutch labels), cells the inspector
    edited marked, and only `visible` shown (default: the columns not hidden by default)."""
    shown = (
        set(visible) if visible is not None else {c["field"] for c in COLUMNS if not c.get("hide")}
    )
    choices = editing.choices()
    editors = {
        "organisation": {
            "cellEditor": _SELECT,
            "cellEditorParams": {"values": choices["organisation"]},
        },
        "domain": {
            "cellEditor": _SELECT,
            "cellEditorParams": {"values": ["", *DOMAIN_LABELS.values()]},
        },
        "event_type": {
            "cellEditor": _SELECT,
            "cellEditorParams": {"values": list(EVENT_TYPE_LABELS.values())},
        },
        "severity": {
            "cellEditor": _SELECT,
            "cellEditorParams": {"values": ["", "0", "1", "2", "3"]},
        },
    }
    edited = {
        "cell-edited": "params.data.edited && params.data.edited.includes(params.colDef.field)"
    }
    out = []
    for c in COLUMNS:
        d = {**c, **editors.get(c["field"], {}), "hide": c["field"] not in shown}
        if c.get("editable") or c["field"] == "duplicate_of":
            d["cellClassRules"] = edited
        out.append(d)
    return out


def _suggestion(events: pd.DataFrame) -> list[str | None]:
    """The lexicon's suggestion where it differs from the event's own type, subtype or
    severity (a rejected one is already left out of the table)."""
    out = []
    cols = ["event_type", "subtype", "severity"]
    sug = ["suggested_event_type", "suggested_subtype", "suggested_severity"]
    for t, s, sev, st, ss, ssev in events[cols + sug].astype(object).itertuples(index=False):
        if not isinstance(st, str):
            out.append(None)
            continue
        has_sev = not pd.isna(ssev)
        differs = (
            st != t
            or (isinstance(ss, str) and ss != s)
            or (has_sev and (pd.isna(sev) or int(ssev) != int(sev)))
        )
        if not differs:
            out.append(None)
            continue
        text = EVENT_TYPE_LABELS.get(st, st) + (f" · {ss}" if isinstance(ss, str) else "")
        out.append(text + (f" · ernst {int(ssev)}" if has_sev else ""))
    return out


def grid_rows(events: pd.DataFrame, info: pd.DataFrame | None = None) -> list[dict]:
    """Rows for the grid: dates as ISO text, labels in Dutch, the date as a person reads it,
    and the inspector's work from `info` (Store.overlay_info): version, edited fields,
    deleted, labels, notes."""
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
            "suggestion": _suggestion(events),
            "persons": events["persons"],
            "description": events["description"],
            "source_file": events["source_file"],
            "source_row": events["source_row"].astype(object),
            "duplicate_of": events["duplicate_of"],
            "warnings": events["warnings"],
        }
    )
    out = out.astype(object).where(out.notna(), None)
    deleted = events["deleted"] if "deleted" in events else pd.Series(False, index=events.index)
    work = (info if info is not None else pd.DataFrame(columns=["event_id"])).set_index("event_id")
    rows = out.to_dict("records")
    for row, gone in zip(rows, deleted.tolist(), strict=True):
        w = work.loc[row["event_id"]] if row["event_id"] in work.index else None
        row["version"] = int(w["version"]) if w is not None else 0
        row["edited"] = [f for f in (w["edited"] if w is not None else []) if f != "date_raw"]
        if w is not None and "date_raw" in w["edited"]:
            row["edited"] += ["date_raw", "date_text", "date_start"]
        row["deleted"] = bool(gone)
        row["tags"] = ", ".join(w["tags"]) if w is not None and w["tags"] else None
        notes = int(w["annotations"]) if w is not None else 0
        status = ["verwijderd" if gone else None, "dubbel" if row["duplicate_of"] else None]
        status.append("bewerkt" if row["edited"] else None)
        status.append(f"{notes} notitie{'s' if notes > 1 else ''}" if notes else None)
        row["status"] = ", ".join(s for s in status if s) or None
    return rows


def table(query: str | None, show_deleted: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(all events, those the timeline's filters in `query` keep), with soft-deleted events
    (column `deleted`) when `show_deleted`."""
    if show_deleted:
        everything = app_state.store().events(include_deleted=True)
    else:
        everything = app_state.events()
    state = FilterState.from_query(query or "").without_selection()
    return everything, apply(everything, state)


def summary(everything: pd.DataFrame, events: pd.DataFrame, query: str | None) -> list:
    state = FilterState.from_query(query or "").without_selection()
    back = "/?" + state.to_query() if state.to_query() else "/"
    filtered = len(events) < len(everything)
    return [
        f"{len(events)} van {len(everything)} gebeurtenissen uit "
        f"{events['source_file'].nunique()} bronnen, "
        f"{int(events['duplicate_of'].notna().sum())} gekoppeld als dubbel"
        + (" — met de filters van de tijdlijn. " if filtered else ". "),
        dcc.Link("Terug naar de tijdlijn", href=back),
    ]


def layout(**query):
    state = FilterState.from_query(query).without_selection()
    everything, events = table(state.to_query())
    info = app_state.store().overlay_info()
    return html.Div(
        [
            html.H2("Gebeurtenissen"),
            html.P(
                summary(everything, events, state.to_query()),
                className="lead",
                id="events-summary",
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
            editing_layout.toolbar(editing.versions(info)),
            editing_layout.add_form(),
            html.Div(
                "Klik op een rij om de gebeurtenis op de tijdlijn te tonen.",
                id="events-selected",
                className="hint",
            ),
            dag.AgGrid(
                id="events-grid",
                rowData=grid_rows(events, info),
                columnDefs=column_defs(),
                defaultColDef={"sortable": True, "filter": True, "resizable": True},
                getRowId="params.data.event_id",
                rowClassRules={"row-deleted": "params.data.deleted"},
                dashGridOptions={
                    "animateRows": False,
                    "rowSelection": {
                        "mode": "multiRow",
                        "checkboxes": True,
                        "headerCheckbox": False,
                        "enableClickSelection": True,
                    },
                    "stopEditingWhenCellsLoseFocus": True,
                    "pagination": True,
                    "paginationPageSize": 100,
                    "sideBar": False,
                },
                style={"height": "70vh"},
                className="ag-theme-quartz",
            ),
            html.Aside(id="events-detail", className="detail"),
        ],
        className="events-page no-detail",
        id="events-page",
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
    row = rows[-1]
    state = FilterState.from_query(query or "")
    state.event = row["event_id"]
    more = f" ({len(rows)} rijen geselecteerd)" if len(rows) > 1 else ""
    return [
        f"Geselecteerd: {row['date_text']} · {row['organisation'] or '?'} · {row['event_type']} — ",
        dcc.Link("toon op de tijdlijn", href="/?" + state.to_query(), id="events-show-on-timeline"),
        more,
    ]


@callback(
    Output("events-detail", "children"),
    Output("events-page", "className"),
    Input("events-grid", "selectedRows"),
    Input("events-refresh", "data"),
    prevent_initial_call=True,
)
def show_detail(rows, _refresh):
    """The last selected row -> its detail panel beside the grid: text, provenance and
    history (no panel while nothing is selected, so the table has the whole width)."""
    if not rows:
        return None, "events-page no-detail"
    event_id = rows[-1]["event_id"]
    events = app_state.events()  # cached; a soft-deleted event is only in the full table
    if not events["event_id"].eq(event_id).any():
        events = app_state.store().events(include_deleted=True)
    return event_detail(events, event_id), "events-page"


@callback(
    Output("events-grid", "rowData"),
    Output("events-summary", "children"),
    Input("events-refresh", "data"),
    Input("events-show-deleted", "value"),
    State("events-query", "data"),
    prevent_initial_call=True,
)
def refresh_grid(_refresh, show_deleted, query):
    """After every change (by this page or, on the next one, anyone else): the rows as stored
    now, with their versions; the grid keeps its sorting, scrolling and selection (row ids)."""
    everything, events = table(query, bool(show_deleted))
    return grid_rows(events, app_state.store().overlay_info()), summary(everything, events, query)


@callback(
    Output("events-grid", "columnDefs"),
    Input("events-columns", "value"),
    prevent_initial_call=True,
)
def choose_columns(visible):
    """The column picker: show exactly the chosen columns, in the table's own order."""
    return column_defs(list(visible or []))


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/gebeurtenissen", name="Gebeurtenissen", order=1, layout=layout)
