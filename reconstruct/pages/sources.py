"""Page "Bronnen": the ingest report, per source file what was read, kept, rejected and why."""

from __future__ import annotations

import dash
import dash_ag_grid as dag
from dash import html

from reconstruct import app_state
from reconstruct.schema import WARNING_SEPARATOR


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


def _grid(grid_id: str, rows: list[dict], columns: list[str]):
    defs = [
        {
            "field": c,
            "flex": 3
            if c in ("Bestand", "Reden", "Status", "Waarschuwing")
            else 2
            if c == "Profiel"
            else 1,
            "minWidth": 90,
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
        },
        dashGridOptions={"domLayout": "autoHeight", "animateRows": False},
        className="ag-theme-quartz",
    )


def layout(**_query):
    report = app_state.report()
    if report is None:
        return html.Div([html.H2("Bronnen"), html.P("Deze casus is nog niet ingelezen.")])
    files = report["files"]
    read = sum(f["rows_read"] for f in files)
    kept = sum(f["rows_kept"] for f in files)
    rejected = report["rejected"]
    children = [
        html.H2("Bronnen"),
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
    return html.Div(children)


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/bronnen", name="Bronnen", order=3, layout=layout)
