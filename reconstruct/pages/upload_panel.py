"""The upload panel of page "Bronnen": drop extracts, watch the progress, see what each file
became. The files are checked and imported in a background thread (reconstruct.upload_import)
that the panel polls; a file of unknown format gets "Kolommen koppelen" (the wizard)."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from reconstruct import app_state, auth
from reconstruct.upload import (
    MAX_BATCH_BYTES,
    MAX_FILE_BYTES,
    READY,
    REFUSED,
    WIZARD,
    UploadError,
    decode_content,
    too_large,
)
from reconstruct.upload_import import job_status, refused_upload, start_job, upload_work

POLL_MS = 400
STATUS = {READY: "ingelezen", WIZARD: "kolommen koppelen", REFUSED: "geweigerd"}
# The browser leaves out files over the limit before sending anything, and says which.
SPLIT_UPLOAD = f"""
function(contents, names) {{
    if (!contents) {{ return window.dash_clientside.no_update; }}
    const files = [], refused = [];
    let total = 0;
    contents.forEach(function(c, i) {{
        const b64 = c.slice(c.indexOf(',') + 1);
        const size = Math.floor(b64.length * 3 / 4);
        if (size > {MAX_FILE_BYTES} || total + size > {MAX_BATCH_BYTES}) {{
            refused.push({{name: names[i], size: size}});
        }} else {{
            total += size;
            files.push({{name: names[i], content: c}});
        }}
    }});
    return {{files: files, refused: refused}};
}}
"""


# ------------------------------------------------------------------------- upload


def upload_section():
    mb, batch = MAX_FILE_BYTES // 2**20, MAX_BATCH_BYTES // 2**20
    return html.Section(
        [
            html.H3("Extracten toevoegen"),
            dcc.Upload(
                html.Div(
                    [
                        html.Strong("Sleep extracten hierheen"),
                        html.Span(" of klik om bestanden te kiezen"),
                        html.Div(
                            "CSV of TSV, Excel (.xlsx), JSON, JSON Lines of een tekstjournaal; "
                            f"hoogstens {mb} MB per bestand, {batch} MB per keer",
                            className="hint",
                        ),
                    ]
                ),
                id="sources-upload",
                multiple=True,
                className="upload-drop",
                className_active="upload-drop upload-active",
            ),
            dcc.Checklist(
                id="sources-replace",
                options=[
                    {
                        "label": " Een nieuwe versie van een bekende bron vervangt het eerdere "
                        "bestand (bewerkingen, notities en labels blijven bewaard)",
                        "value": "replace",
                    }
                ],
                value=["replace"],
                className="upload-replace",
            ),
            html.Div(id="sources-progress", className="upload-progress"),
            html.Div(id="sources-results", role="status"),
            dcc.Store(id="sources-upload-data"),
            dcc.Store(id="sources-job"),
            dcc.Store(id="sources-pending", data=[]),
            dcc.Interval(id="sources-poll", interval=POLL_MS, disabled=True),
        ],
        className="upload-section",
    )


def progress_bar(progress: dict | None):
    """The progress of an upload: a bar and 'Bestand 2 van 3 controleren: ... · 1.234 rijen'."""
    if not progress:
        return []
    fraction = max(0.0, min(1.0, float(progress.get("fraction") or 0)))
    rows = progress.get("rows") or 0
    detail = f" · {rows:,} rijen gelezen".replace(",", ".") if rows else ""
    return [
        html.Progress(
            value=f"{fraction:.3f}", max="1", id="sources-progress-bar", className="upload-bar"
        ),
        html.Span(f"{progress.get('step') or ''}{detail}", id="sources-progress-text"),
    ]


def _results_table(uploads: list[dict], imported_ok: bool | None):
    head = html.Tr(
        [html.Th(c) for c in ("Bestand", "Opgeslagen als", "Status", "Profiel", "Rijen", "")]
    )
    rows = []
    for up in uploads:
        status = up["status"]
        label = STATUS[status]
        if status == READY and imported_ok is False:
            label = "niet ingelezen"
        action = ""
        if status == WIZARD or (status == READY and imported_ok is False and up.get("token")):
            action = html.Button(
                "Kolommen koppelen",
                id={"type": "sources-map", "token": up["token"]},
                className="button small",
            )
        rows.append(
            html.Tr(
                [
                    html.Td(up["name"]),
                    html.Td(
                        (up.get("target") or "niet opgeslagen")
                        + (" (vervangt de vorige versie)" if up.get("replaces") else "")
                    ),
                    html.Td(label, className=f"upload-status status-{status}"),
                    html.Td(up.get("profile") or "-"),
                    html.Td(up.get("rows") or ""),
                    html.Td(action),
                ]
            )
        )
        rows.append(
            html.Tr(html.Td(up["message"], colSpan=6, className="upload-message"), className="sub")
        )
    return html.Table([html.Thead(head), html.Tbody(rows)], className="upload-table")


def render_result(result: dict | None):
    """What an upload did: per file its status and message, then the import: per file the
    rows and events (new, kept, gone), rejected rows, and events whose work needs resolving."""
    if not result:
        return []
    if result.get("error"):
        return html.P(f"De upload is mislukt: {result['error']}", className="warn")
    outcome = result.get("outcome")
    ok = outcome["ok"] if outcome else None
    children = [_results_table(result.get("uploads") or [], ok)]
    if outcome is None:
        return children
    children.append(html.P(outcome["message"], className="message" if ok else "warn"))
    if not ok:
        return children
    for f in outcome["files"]:
        children.append(
            html.P(
                f"{f['file']}{' (nieuwe versie)' if f['replaces'] else ''}: {f['rows_read']} "
                f"rijen gelezen, {f['rows_rejected']} afgewezen, {f['rows_with_warnings']} met "
                f"waarschuwing; {f['events']} gebeurtenissen: {f['new']} nieuw, {f['kept']} "
                f"behouden, {f['gone']} verdwenen uit de bron.",
                className="upload-file-result",
            )
        )
    children.append(
        html.P(
            f"In de hele casus: {outcome['added']} gebeurtenissen toegevoegd, "
            f"{outcome['changed']} gewijzigd, {outcome['removed']} niet meer in de bron.",
            className="hint",
        )
    )
    if outcome["vanished"]:
        children.append(
            html.P(
                f"{len(outcome['vanished'])} verdwenen gebeurtenis(sen) hadden uw bewerkingen, "
                "notities of labels: zie 'Verdwenen uit de bron' hieronder.",
                className="warn",
            )
        )
    if outcome["rejected"]:
        children += [
            html.H4("Afgewezen rijen in de upload"),
            _rejected_table(
                [
                    {
                        "Bestand": r["file"],
                        "Tabblad": r.get("sheet") or "",
                        "Rij": r["row"],
                        "Reden": r["reason"],
                    }
                    for r in outcome["rejected"]
                ]
            ),
        ]
    return children


@callback(
    Output("sources-job", "data"),
    Output("sources-poll", "disabled"),
    Output("sources-progress", "children"),
    Output("sources-results", "children"),
    Output("sources-upload", "contents"),
    Input("sources-upload-data", "data"),
    State("sources-replace", "value"),
    prevent_initial_call=True,
)
def start_upload(data, replace):
    """Files arrived: refuse what is too large or incomplete, check and import the rest in
    the background."""
    if not data or not (data.get("files") or data.get("refused")):
        return no_update, no_update, no_update, no_update, no_update
    refused = [
        refused_upload(r["name"], too_large(r["name"], r["size"], MAX_FILE_BYTES), r["size"])
        if r["size"] > MAX_FILE_BYTES
        else refused_upload(
            r["name"], f"{r['name']}: samen met de andere bestanden te groot; upload het apart"
        )
        for r in data.get("refused") or []
    ]
    files = []
    for item in data.get("files") or []:
        try:
            files.append((item["name"], decode_content(item["name"], item["content"])))
        except UploadError as err:
            refused.append(refused_upload(item["name"], str(err)))
    work = upload_work(
        app_state.current_case(),
        app_state.store(),
        files,
        user=auth.current_user(),
        replace=bool(replace),
        refused=refused,
    )
    job = start_job(work)
    # Emptied, so that choosing the same file again is an upload again.
    return {"id": job}, False, progress_bar(job_status(job)["progress"]), [], None


@callback(
    Output("sources-progress", "children", allow_duplicate=True),
    Output("sources-poll", "disabled", allow_duplicate=True),
    Output("sources-results", "children", allow_duplicate=True),
    Output("sources-pending", "data"),
    Input("sources-poll", "n_intervals"),
    State("sources-job", "data"),
    prevent_initial_call=True,
)
def poll(_n, job):
    """The running upload's progress; once done, its results and the refreshed report."""
    status = job_status((job or {}).get("id"))
    if status is None:
        return [], True, no_update, no_update
    if not status["progress"]["done"]:
        return progress_bar(status["progress"]), False, no_update, no_update
    result = status["result"] or {}
    outcome = result.get("outcome") or {}
    pending = [
        u
        for u in result.get("uploads") or []
        if u.get("token") and (u["status"] == WIZARD or not outcome.get("ok", True))
    ]
    return (
        progress_bar(status["progress"]),
        True,
        render_result(result),
        pending,
    )


def _rejected_table(rows: list[dict], limit: int = 200):
    """Every rejected row of the upload (file, sheet, row, reason); past `limit`, a count."""
    cells = ("Bestand", "Tabblad", "Rij", "Reden")
    body = [html.Tr([html.Td(r[c]) for c in cells]) for r in rows[:limit]]
    if len(rows) > limit:
        more = f"en nog {len(rows) - limit} rijen: zie 'Afgewezen rijen' hieronder"
        body.append(html.Tr(html.Td(more, colSpan=4, className="hint")))
    return html.Table(
        [html.Thead(html.Tr([html.Th(c) for c in cells])), html.Tbody(body)],
        className="upload-table upload-rejected",
        id="sources-upload-rejected",
    )


dash.clientside_callback(
    SPLIT_UPLOAD,
    Output("sources-upload-data", "data"),
    Input("sources-upload", "contents"),
    State("sources-upload", "filename"),
    prevent_initial_call=True,
)
