"""Page "Bronnen": the ingest report, per source file what was read, kept, rejected and why."""

from __future__ import annotations

import dash
from dash import dash_table, html

from reconstruct import app_state


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
    return dash_table.DataTable(
        id="sources-files",
        data=rows,
        columns=[{"name": k, "id": k} for k in (rows[0] if rows else {"Bestand": ""})],
        style_cell={"fontFamily": "inherit", "padding": "6px", "textAlign": "left"},
        style_header={"fontWeight": "600"},
        style_data_conditional=[
            {
                "if": {"filter_query": "{Afgewezen} > 0", "column_id": "Afgewezen"},
                "color": "#b42318",
                "fontWeight": "600",
            },
        ],
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
            dash_table.DataTable(
                id="sources-rejected",
                data=[
                    {
                        "Bestand": r["file"],
                        "Tabblad": r.get("sheet") or "",
                        "Rij": r["row"],
                        "Reden": r["reason"],
                    }
                    for r in rejected
                ],
                columns=[{"name": k, "id": k} for k in ("Bestand", "Tabblad", "Rij", "Reden")],
                style_cell={"fontFamily": "inherit", "padding": "6px", "textAlign": "left"},
            ),
        ]
    return html.Div(children)


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(__name__, path="/bronnen", name="Bronnen", order=2, layout=layout)
