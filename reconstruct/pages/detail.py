"""The detail panel of one event: full text, date as written, provenance and its duplicates."""

from __future__ import annotations

import json

import pandas as pd
from dash import html

from reconstruct.dates import describe
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS, WARNING_SEPARATOR


def _val(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "—"
    return str(v)


def _when(r) -> str:
    s = r["date_start"] if pd.notna(r["date_start"]) else None
    e = r["date_end"] if pd.notna(r["date_end"]) else None
    return describe(s, e, r["date_precision"])


def _suggested(r) -> str:
    t = r.get("suggested_event_type")
    if not isinstance(t, str):
        return "—"
    sub = r.get("suggested_subtype")
    terms = r.get("suggested_terms")
    return (
        EVENT_TYPE_LABELS.get(t, t)
        + (f" · {sub}" if isinstance(sub, str) else "")
        + (f" (termen: {terms})" if isinstance(terms, str) else "")
    )


def _ref(r) -> str:
    sheet = f" [{r['source_sheet']}]" if isinstance(r["source_sheet"], str) else ""
    return f"{r['organisation']} · {r['source_file']}{sheet}, rij {r['source_row']}"


def event_detail(events: pd.DataFrame, event_id: str | None):
    """Dash components describing `event_id` (a hint when it is not in the table)."""
    hit = events[events["event_id"] == event_id] if event_id else events.iloc[0:0]
    if hit.empty:
        return html.P("Gebeurtenis niet gevonden (bronnen opnieuw ingelezen?).", className="hint")
    r = hit.iloc[0]
    rows = [
        ("Datum", f"{_when(r)}  (precisie: {r['date_precision']})"),
        ("Datum zoals geschreven", _val(r["date_raw"])),
        (
            "Organisatie",
            _val(r["organisation"])
            + (
                f" (geschreven: {r['organisation_raw']})"
                if isinstance(r["organisation_raw"], str)
                and r["organisation_raw"] != r["organisation"]
                else ""
            ),
        ),
        ("Leefgebied", DOMAIN_LABELS.get(r["domain"], "—")),
        (
            "Soort",
            EVENT_TYPE_LABELS.get(r["event_type"], r["event_type"])
            + (f" · {r['subtype']}" if isinstance(r["subtype"], str) else ""),
        ),
        ("Ernst", _val(r["severity"])),
        ("Voorgesteld (lexicon)", _suggested(r)),
        ("Personen", _val(r["persons"])),
    ]
    children = [
        html.H3(EVENT_TYPE_LABELS.get(r["event_type"], r["event_type"]), id="detail-title"),
        html.P(_val(r["description"]), className="detail-text", id="detail-text"),
        html.Table([html.Tr([html.Th(k), html.Td(v)]) for k, v in rows], className="kv"),
        html.H4("Herkomst"),
        html.Table(
            [
                html.Tr([html.Th("Bron"), html.Td(_val(r["source_file"]), id="detail-source")]),
                html.Tr([html.Th("Tabblad"), html.Td(_val(r["source_sheet"]))]),
                html.Tr([html.Th("Rij"), html.Td(_val(r["source_row"]), id="detail-row")]),
                html.Tr([html.Th("Id"), html.Td(r["event_id"])]),
            ],
            className="kv",
        ),
    ]
    try:
        record = json.loads(r["source_text"]) if isinstance(r["source_text"], str) else {}
    except json.JSONDecodeError:
        record = {}
    if record:
        children += [
            html.H4("Oorspronkelijke regel"),
            html.Table(
                [html.Tr([html.Th(k), html.Td(str(v))]) for k, v in record.items()],
                className="kv source-record",
            ),
        ]
    if isinstance(r["warnings"], str):
        children += [
            html.H4("Waarschuwingen"),
            html.Ul([html.Li(w) for w in r["warnings"].split(WARNING_SEPARATOR)]),
        ]
    dups = []
    if isinstance(r["duplicate_of"], str):
        first = events[events["event_id"] == r["duplicate_of"]]
        if len(first):
            dups.append(html.Li(["Dubbel van: ", _ref(first.iloc[0])]))
    for _, d in events[events["duplicate_of"] == r["event_id"]].iterrows():
        dups.append(html.Li(["Ook vastgelegd door: ", _ref(d)]))
    if dups:
        children += [html.H4("Dubbele vastleggingen"), html.Ul(dups, id="detail-duplicates")]
    return html.Div(children)
