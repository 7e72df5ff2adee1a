"""Page "Bevindingen": the patterns found, per toetsingskader theme, each with its evidence."""

from __future__ import annotations

import tempfile
from pathlib import Path

import dash
import pandas as pd
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from reconstruct import app_state, auth
from reconstruct.analysis.base import THEMES
from reconstruct.filters import FilterState
from reconstruct.findings import STATE_LABELS, set_review
from reconstruct.findings_report import _period, records, write
from reconstruct.schema import EVENT_TYPE_LABELS

SEVERITY_LABELS = {0: "info", 1: "laag", 2: "middel", 3: "hoog"}


def _evidence_table(f: dict, events: pd.DataFrame):
    by_id = events.set_index("event_id")
    rows = []
    for eid in f["evidence"]:
        if eid not in by_id.index:
            rows.append(
                html.Tr(
                    [
                        html.Td("—"),
                        html.Td("—"),
                        html.Td("—"),
                        html.Td(f"gebeurtenis {eid} niet meer in de tabel"),
                        html.Td(""),
                    ]
                )
            )
            continue
        e = by_id.loc[eid]
        sheet = f" [{e['source_sheet']}]" if isinstance(e["source_sheet"], str) else ""
        rows.append(
            html.Tr(
                [
                    html.Td(e["date_raw"] if isinstance(e["date_raw"], str) else "—"),
                    html.Td(e["organisation"]),
                    html.Td(EVENT_TYPE_LABELS.get(e["event_type"], e["event_type"])),
                    html.Td(e["description"] if isinstance(e["description"], str) else ""),
                    html.Td(f"{e['source_file']}{sheet}, rij {e['source_row']}"),
                ]
            )
        )
    return html.Table(
        [
            html.Thead(
                html.Tr([html.Th(h) for h in ("Datum", "Organisatie", "Soort", "Tekst", "Bron")])
            ),
            html.Tbody(rows),
        ],
        className="evidence",
    )


def _finding(f: dict, events: pd.DataFrame, query: str):
    fid = f["finding_id"]
    state = f.get("state") or "open"
    link = FilterState.from_query(query)
    link.event = None
    href = "/?" + "&".join(x for x in (link.to_query(), f"bevinding={fid}") if x)
    return html.Details(
        [
            html.Summary(
                [
                    html.Span(
                        SEVERITY_LABELS.get(f["severity"], ""),
                        className=f"badge sev-{f['severity']}",
                    ),
                    html.Span(f["sentence"], className="finding-sentence"),
                    html.Span(
                        f"{_period(f)} · {STATE_LABELS.get(state, state)}",
                        className="finding-meta",
                        id={"type": "finding-state-label", "id": fid},
                    ),
                ]
            ),
            html.P(
                [
                    html.B("Criterium: "),
                    f["criterion"],
                    html.Span(" · analyse: "),
                    html.Code(f["analysis"]),
                    html.Span(" · "),
                    dcc.Link(
                        "toon op de tijdlijn", href=href, id={"type": "finding-show", "id": fid}
                    ),
                ],
                className="finding-meta",
            ),
            _evidence_table(f, events),
            html.Div(
                [
                    dcc.RadioItems(
                        id={"type": "finding-state", "id": fid},
                        options=[
                            {"label": f" {STATE_LABELS[s]}", "value": s}
                            for s in ("open", "confirmed", "rejected")
                        ],
                        value=state,
                        inline=True,
                        className="radio",
                    ),
                    dcc.Textarea(
                        id={"type": "finding-note", "id": fid},
                        value=f.get("note") or "",
                        placeholder="Toelichting",
                        className="note",
                    ),
                    html.Button(
                        "Opslaan", id={"type": "finding-save", "id": fid}, className="button"
                    ),
                ],
                className="review",
            ),
        ],
        className=f"finding state-{state}",
        id={"type": "finding", "id": fid},
    )


def layout(**query):
    frame = app_state.findings()
    events = app_state.events()
    recs = records(frame)
    q = FilterState.from_query(query).to_query()
    counts = {s: sum(1 for f in recs if (f.get("state") or "open") == s) for s in STATE_LABELS}
    children = [
        html.H2("Bevindingen"),
        html.P(
            f"{len(recs)} bevindingen: {counts['open']} open, {counts['confirmed']} bevestigd, "
            f"{counts['rejected']} verworpen. Elke bevinding toont het bewijs; bevestig of "
            "verwerp haar met een toelichting.",
            className="lead",
            id="findings-summary",
        ),
        html.Div(
            [html.Span("Exporteren: ")]
            + [
                html.Button(lbl, id={"type": "findings-export", "fmt": fmt}, className="button")
                for fmt, lbl in (
                    ("csv", "CSV"),
                    ("json", "JSON"),
                    ("md", "Markdown"),
                    ("html", "HTML"),
                )
            ]
            + [dcc.Download(id="findings-download")],
            className="exports",
        ),
    ]
    for theme, criteria in THEMES.items():
        group = [f for f in recs if f["theme"] == theme]
        if not group:
            continue
        group.sort(
            key=lambda f: (
                criteria.index(f["criterion"]),
                -f["severity"],
                f.get("period_start") or "",
            )
        )
        children.append(html.H3(f"{theme} ({len(group)})"))
        children += [_finding(f, events, q) for f in group]
    if not recs:
        children.append(html.P("Geen bevindingen.", className="hint"))
    return html.Div(children, className="findings-page")


@callback(
    Output({"type": "finding-state-label", "id": ALL}, "children"),
    Input({"type": "finding-save", "id": ALL}, "n_clicks"),
    State({"type": "finding-state", "id": ALL}, "value"),
    State({"type": "finding-note", "id": ALL}, "value"),
    State({"type": "finding-state-label", "id": ALL}, "children"),
    prevent_initial_call=True,
)
def save_review(_clicks, states, notes, labels):
    """Store the review of the finding whose 'Opslaan' was pressed."""
    trigger = ctx.triggered_id
    if not trigger or not any(_clicks):
        return [no_update] * len(labels)
    ids = [i["id"]["id"] for i in ctx.states_list[0]]
    k = ids.index(trigger["id"])
    frame = app_state.findings()
    row = frame[frame["finding_id"] == trigger["id"]]
    if row.empty:
        return [no_update] * len(labels)
    set_review(app_state.current_case(), row.iloc[0].to_dict(), states[k], notes[k] or "")
    out = [no_update] * len(labels)
    f = records(row)[0]
    out[k] = f"{_period(f)} · {STATE_LABELS[states[k]]} (opgeslagen)"
    return out


@callback(
    Output("findings-download", "data"),
    Input({"type": "findings-export", "fmt": ALL}, "n_clicks"),
    prevent_initial_call=True,
)
def export_findings(_clicks):
    """The findings as a file: CSV, JSON, Markdown or HTML."""
    trigger = ctx.triggered_id
    if not trigger or not any(_clicks):
        return no_update
    fmt = trigger["fmt"]
    case = app_state.current_case()
    with tempfile.TemporaryDirectory() as tmp:
        frame = app_state.findings()
        path = write(frame, app_state.events(), Path(tmp) / f"bevindingen.{fmt}", case.name)
        auth.record("export", _export_detail(fmt, len(frame)))
        return dcc.send_file(str(path), filename=f"bevindingen.{fmt}")


def _export_detail(fmt: str, findings: int) -> str:
    import json

    detail = {"format": f"findings-{fmt}", "file": f"bevindingen.{fmt}", "findings": findings}
    return json.dumps({**detail, "pseudonymised": False, "view": ""}, ensure_ascii=False)


dash.register_page(__name__, path="/bevindingen", name="Bevindingen", order=2, layout=layout)
