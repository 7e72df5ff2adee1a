"""Page "Bronnen": add extracts (the upload panel, reconstruct.pages.upload_panel, and the
mapping wizard, reconstruct.pages.wizard) and see what every source file gave: rows read,
kept, rejected and why, and the events whose source row disappeared with the inspector's work.
"""

from __future__ import annotations

import dash
import dash_ag_grid as dag
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from reconstruct import app_state, auth
from reconstruct.pages import wizard  # noqa: F401  (registers the wizard's callbacks)
from reconstruct.pages.upload_panel import upload_section
from reconstruct.schema import EVENT_TYPE_LABELS, WARNING_SEPARATOR
from reconstruct.store import StoreError

WIDE = {"Bestand": 3, "Reden": 3, "Status": 3, "Waarschuwing": 3, "Werk": 3, "Profiel": 2}


def _grid(grid_id: str, rows: list[dict], columns: list[str]):
    # A header wraps between words, never inside one: its longest word sets the least width.
    defs = [
        {
            "field": c,
            "headerName": c,
            "flex": WIDE.get(c, 1),
            "minWidth": max(90, 8 * max(len(w) for w in c.split()) + 52),
        }
        for c in columns
    ]
    return dag.AgGrid(
        id=grid_id,
        rowData=rows,
        columnDefs=defs,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "resizable": True,
            "wrapText": True,
            "autoHeight": True,
            "cellClass": "cell-wrap",
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False},
        className="ag-theme-quartz",
    )


def _files_table(files: list[dict]):
    rows = [
        {
            "Bestand": f["file"],
            "Lezer": f.get("reader") or "-",
            "Profiel": f.get("profile") or "-",
            "Gelezen": f["rows_read"],
            "Bewaard": f["rows_kept"],
            "Afgewezen": f["rows_rejected"],
            "Met waarschuwing": f["rows_with_warnings"],
            "Gebeurtenissen": f["events"],
            "Dubbel gekoppeld": f["duplicates_linked"],
            "Status": "gelezen" if f["ok"] else f"FOUT: {f['error']}",
        }
        for f in files
    ]
    return _grid("sources-files", rows, list(rows[0]) if rows else ["Bestand"])


def _work(v: dict) -> str:
    work = []
    if v["deleted"]:
        work.append("verwijderd")
    if v["edited"]:
        work.append("bewerkt: " + ", ".join(v["edited"]))
    if v["annotations"]:
        work.append(f"{v['annotations']} notitie(s)")
    if v["tags"]:
        work.append("labels: " + ", ".join(v["tags"]))
    return "; ".join(work)


def _candidate_label(event) -> str:
    text = str(event.description or "")
    text = text if len(text) <= 70 else text[:69] + "…"
    return f"{event.date_raw or 'zonder datum'} · rij {event.source_row} · {text}"


def unresolved_section(message=None):
    """Events gone from their source that carry the inspector's edits, notes or tags: per
    event its work, and the present events of its file that may be its new version, to move
    the work to, or to close it."""
    vanished = app_state.store().unresolved()
    note = [message] if message else []
    if not vanished:
        return note
    present = app_state.events().set_index("event_id")
    rows = []
    for v in vanished:
        options = [
            {"label": _candidate_label(present.loc[c]), "value": c}
            for c in v["candidates"]
            if c in present.index
        ]
        rows.append(
            html.Tr(
                [
                    html.Td(v["date_raw"] or "zonder datum"),
                    html.Td(f"{v['source_file']}, rij {v['source_row']}"),
                    html.Td(EVENT_TYPE_LABELS.get(v["event_type"], v["event_type"] or "")),
                    html.Td(_work(v)),
                    html.Td(
                        dcc.Dropdown(
                            id={"type": "sources-resolve-to", "index": v["event_id"]},
                            options=options,
                            value=options[0]["value"] if options else None,
                            placeholder="geen kandidaat gevonden",
                            clearable=False,
                        ),
                        className="resolve-target",
                    ),
                    html.Td(
                        [
                            html.Button(
                                "Werk verplaatsen",
                                id={"type": "sources-move", "index": v["event_id"]},
                                className="button small",
                                disabled=not options,
                            ),
                            html.Button(
                                "Afsluiten",
                                id={"type": "sources-dismiss", "index": v["event_id"]},
                                className="button small secondary",
                            ),
                        ],
                        className="resolve-actions",
                    ),
                ]
            )
        )
    head = ("Datum", "Was", "Soort", "Uw werk", "Nieuwe versie in de bron", "")
    return [
        html.H3(f"Verdwenen uit de bron ({len(rows)})"),
        html.P(
            "Deze gebeurtenissen staan niet meer in de nieuwe versie van hun bron, maar hebben "
            "uw bewerkingen, notities of labels. Verplaats dat werk naar de nieuwe versie van de "
            "gebeurtenis, of sluit het af (het blijft dan in de geschiedenis).",
            className="hint",
        ),
        *note,
        html.Table(
            [html.Thead(html.Tr([html.Th(h) for h in head])), html.Tbody(rows)],
            className="upload-table resolve-table",
            id="sources-unresolved-table",
        ),
    ]


@callback(
    Output("sources-unresolved", "children", allow_duplicate=True),
    Input({"type": "sources-move", "index": ALL}, "n_clicks"),
    Input({"type": "sources-dismiss", "index": ALL}, "n_clicks"),
    State({"type": "sources-resolve-to", "index": ALL}, "value"),
    State({"type": "sources-resolve-to", "index": ALL}, "id"),
    prevent_initial_call=True,
)
def resolve(_moves, _dismisses, targets, ids):
    """Move a vanished event's work to the chosen present event, or close it."""
    trigger = ctx.triggered_id
    if not trigger or not (ctx.triggered and ctx.triggered[0].get("value")):
        return no_update
    event_id = trigger["index"]
    to = None
    if trigger["type"] == "sources-move":
        to = dict(zip([i["index"] for i in ids], targets, strict=True)).get(event_id)
    try:
        app_state.store().resolve(event_id, user=auth.current_user(), to=to)
    except StoreError as err:
        return unresolved_section(html.P(str(err), className="warn"))
    done = f"Werk verplaatst naar {to}." if to else f"{event_id} afgesloten."
    return unresolved_section(html.P(done, className="message"))


def report_section():
    report = app_state.report()
    if report is None:
        return [html.P("Deze casus is nog niet ingelezen.")]
    files = report["files"]
    read = sum(f["rows_read"] for f in files)
    kept = sum(f["rows_kept"] for f in files)
    rejected = report["rejected"]
    children = [
        html.H3("Ingelezen bronnen"),
        html.P(
            f"{len(files)} bestanden: {read} rijen gelezen = {kept} bewaard + "
            f"{len(rejected)} afgewezen.",
            className="lead",
        ),
        _files_table(files),
    ]
    for err in report.get("errors", []):
        children.append(html.P(f"FOUT: {err}", className="error"))
    if rejected:
        children += [
            html.H3("Afgewezen rijen"),
            _grid(
                "sources-rejected",
                [
                    {
                        "Bestand": r["file"],
                        "Tabblad": r.get("sheet") or "",
                        "Rij": r["row"],
                        "Reden": r["reason"],
                    }
                    for r in rejected
                ],
                ["Bestand", "Tabblad", "Rij", "Reden"],
            ),
        ]
    events = app_state.events()
    warned = events[events["warnings"].notna()].sort_values(["source_file", "source_row"])
    if len(warned):
        rows = [
            {
                "Bestand": r.source_file,
                "Tabblad": r.source_sheet if isinstance(r.source_sheet, str) else "",
                "Rij": int(r.source_row),
                "Waarschuwing": w,
            }
            for r in warned.itertuples()
            for w in r.warnings.split(WARNING_SEPARATOR)
        ]
        children += [
            html.H3("Bewaard met waarschuwing"),
            _grid("sources-warnings", rows, ["Bestand", "Tabblad", "Rij", "Waarschuwing"]),
        ]
    return children


def layout(**_query):
    return html.Div(
        [
            html.H2("Bronnen"),
            upload_section(),
            html.Div(id="wizard-panel"),
            html.Div(unresolved_section(), id="sources-unresolved"),
            html.Div(report_section(), id="sources-report"),
        ],
        className="sources-page",
    )


@callback(
    Output("sources-unresolved", "children"),
    Output("sources-report", "children"),
    Input("sources-results", "children"),
    prevent_initial_call=True,
)
def refresh(_results):
    """After an upload: the report and the vanished events as they are now."""
    return unresolved_section(), report_section()


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/bronnen", name="Bronnen", order=3, layout=layout)
