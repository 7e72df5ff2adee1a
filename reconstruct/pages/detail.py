"""The detail panel of one event: full text, date as written, provenance, its duplicates and
its history (the values as imported, every change and by whom, notes and labels)."""

from __future__ import annotations

import json

import pandas as pd
from dash import html

from reconstruct.dates import describe
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS, WARNING_SEPARATOR
from reconstruct.store import StoreError
from reconstruct.store.history import ACTION_LABELS, FIELD_LABELS
from reconstruct.store.overlay import EDITABLE_FIELDS, REJECTED
from reconstruct.store.report import local_time

_UNSET = object()


def _val(v) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return "—"
    return str(v)


def _when(r) -> str:
    s = r["date_start"] if pd.notna(r["date_start"]) else None
    e = r["date_end"] if pd.notna(r["date_end"]) else None
    return describe(s, e, r["date_precision"])


def _suggested(r, history=None) -> str:
    if history and history.get("suggestion_rejected"):
        return _value(REJECTED, history["suggestion_rejected"])
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


def event_detail(events: pd.DataFrame, event_id: str | None, history=_UNSET):
    """Dash components describing `event_id` (a hint when it is not in the table). `history`
    is Store.history(event_id); by default it is read from the app's store (None: left out)."""
    hit = events[events["event_id"] == event_id] if event_id else events.iloc[0:0]
    if hit.empty:
        return html.P("Gebeurtenis niet gevonden (bronnen opnieuw ingelezen?).", className="hint")
    r = hit.iloc[0]
    if history is _UNSET:
        history = _read_history(event_id)
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
        ("Voorgesteld (lexicon)", _suggested(r, history)),
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
    if history:
        children += history_section(history)
    return html.Div(children)


def _read_history(event_id: str) -> dict | None:
    from reconstruct import app_state

    try:
        return app_state.store().history(event_id)
    except (RuntimeError, StoreError):  # no case open, or an event the store does not know
        return None


def _value(field: str | None, v) -> str:
    """A stored value as the inspector reads it: labels for types and domains, '(leeg)'."""
    if v is None or v == "":
        return "(leeg)"
    if field == "event_type":
        return EVENT_TYPE_LABELS.get(v, v)
    if field == "domain":
        return DOMAIN_LABELS.get(v, v)
    if field == REJECTED and isinstance(v, dict):
        text = EVENT_TYPE_LABELS.get(v["event_type"], v["event_type"])
        text += f" · {v['subtype']}" if v.get("subtype") else ""
        text += f" · ernst {v['severity']}" if v.get("severity") is not None else ""
        return text + " (afgewezen)"
    if isinstance(v, bool):
        return "verwijderd" if v else "zichtbaar"
    text = str(v)
    return text if len(text) <= 120 else text[:119] + "…"


def _change(c: dict) -> html.Li:
    """One audit entry: when, who, what (field: old -> new)."""
    action = ACTION_LABELS.get(c["action"], c["action"])
    if c["action"] == "undo" and c.get("detail"):
        undone = ACTION_LABELS.get(c["detail"].split(" ")[0], c["detail"])
        action = f"ongedaan gemaakt ({undone})"
    what: list = []
    if c["field"]:
        label = FIELD_LABELS.get(c["field"], c["field"])
        what = [f"{label}: ", html.Span(_value(c["field"], c["old"]), className="old")]
        what += [" → ", html.Span(_value(c["field"], c["new"]), className="new")]
    elif c["action"] == "delete":
        what = [f"reden: {c['detail']}"]
    elif c["action"] in ("annotate", "tag", "untag"):
        what = [_value(None, c["new"] if c["new"] is not None else c["old"])]
    elif c["action"] == "add":
        what = [f"bron: {c['detail']}"]
    elif c["action"] == "undo" and c["old"] is not None and c["new"] is None:
        what = [_value(None, c["old"])]
    return html.Li(
        [
            html.Span(f"{local_time(c['at'])[:16]} · {c['actor']} · ", className="when"),
            html.B(action),
            *([" — ", *what] if what else []),
        ]
    )


def history_section(h: dict) -> list:
    """The history part of the panel (Store.history): deleted or not, the fields changed from
    the source's values, every change, notes and labels."""
    out = [html.H4("Historie")]
    if h["deleted"]:
        out.append(html.P(f"Verwijderd: {h['delete_reason']}", className="warn"))
    origin = "handmatig ingevoerd" if h["origin"] == "manual" else "uit de bron"
    changed = [
        (f, h["source"][f], h["current"][f])
        for f in EDITABLE_FIELDS
        if h["source"][f] != h["current"][f]
    ]
    link = h.get("duplicate_of") or {}
    if link.get("decided") and link["source"] != link["current"]:
        changed.append(("duplicate_of", link["source"], link["current"]))
    if changed:
        out.append(html.P(f"Anders dan {origin}:", className="hint"))
        out.append(
            html.Div(
                [
                    html.Div(
                        [
                            html.B(FIELD_LABELS[f]),
                            html.Div(["was: ", html.Span(_value(f, was), className="old")]),
                            html.Div(["nu: ", html.Span(_value(f, now), className="new")]),
                        ],
                        className="history-field",
                    )
                    for f, was, now in changed
                ],
                className="history-fields",
            )
        )
    else:
        out.append(html.P(f"Zoals {origin}, versie {h['version']}.", className="hint"))
    if h["changes"]:
        out.append(
            html.Ul([_change(c) for c in h["changes"]], className="history", id="detail-history")
        )
    else:
        out.append(html.P("Nog geen wijzigingen.", className="hint", id="detail-history"))
    if h["annotations"]:
        out += [
            html.H4("Notities"),
            html.Ul(
                [
                    html.Li(f"{n['text']} ({n['actor']}, {local_time(n['at'])[:16]})")
                    for n in h["annotations"]
                ],
                id="detail-notes",
            ),
        ]
    if h["tags"]:
        out += [
            html.H4("Labels"),
            html.Div([html.Span(t, className="tag") for t in h["tags"]], id="detail-tags"),
        ]
    return out
