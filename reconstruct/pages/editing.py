"""Editing on page "Gebeurtenissen": cells saved with optimistic versions, the actions on the
selected rows (delete, restore, merge, unlink, confirm or reject a suggestion, note, label),
undo, and the form that adds an event (say from an interview).

Every change goes through the case store (`app_state.store()`) as the acting user (`_actor`)
and ends with a new `events-refresh` token: the grid re-reads the rows and their versions, the
detail panel its history; the timeline reads the changed table on its next view. The work
itself is done by plain functions (save_cells, act, add), so tests call them without Dash;
the controls are laid out in pages/editing_layout.py.
"""

from __future__ import annotations

import time

from dash import Input, Output, State, callback, ctx, html, no_update

from reconstruct import app_state
from reconstruct.dates import parse_date
from reconstruct.store import (
    EDITABLE_FIELDS,
    AccessError,
    ConflictError,
    FieldError,
    NotFoundError,
    StoreError,
    resolve_user,
)
from reconstruct.store.history import FIELD_LABELS

CONFLICT = "Iemand anders heeft deze gebeurtenis intussen gewijzigd; ververs en probeer opnieuw."
DEFAULT_SOURCE = "gesprek met professional"
ACTIONS = {
    "events-delete": "delete",
    "events-restore": "restore",
    "events-merge": "merge",
    "events-unlink": "unlink",
    "events-confirm": "confirm",
    "events-reject": "reject",
    "events-annotate": "annotate",
    "events-tag-add": "tag",
    "events-tag-remove": "untag",
    "events-undo": "undo",
}
"""Toolbar button id -> action."""


def _actor() -> str:
    """Who acts in the app: the signed-in user (reconstruct.auth), or on the inspector's own
    machine resolve_user() ($RECONSTRUCT_USER or the login name). The one place to change."""
    from reconstruct import auth

    return auth.current_user() or resolve_user()


def _token() -> int:
    return time.time_ns()


def _ok(text: str):
    return html.Span(text, className="ok")


def _error(text: str):
    return html.Span(text, className="error")


def _why(err: Exception) -> str:
    """A store error as the inspector reads it in the app."""
    if isinstance(err, ConflictError):
        return CONFLICT
    if isinstance(err, AccessError):
        return f"Geen toegang: {err}"
    return f"Niet opgeslagen: {err}"


def choices() -> dict[str, list[str]]:
    """What the editors offer: the organisations (registry and case), the persons."""
    store, case = app_state.store(), app_state.current_case()
    names = set(app_state.events()["organisation"].dropna())
    if store.fields.registry is not None:
        names |= {o.canonical for o in store.fields.registry}
    return {
        "organisation": sorted(names, key=str.casefold),
        "persons": [p.pseudonym for p in case.persons],
    }


def versions(info=None) -> dict[str, int]:
    """Each changed event's version (absent: 0), as the grid shows it; `info` is
    Store.overlay_info() when already read."""
    info = app_state.store().overlay_info() if info is None else info
    return {e: int(v) for e, v in zip(info["event_id"], info["version"], strict=True) if v}


# --- the work, as plain functions -----------------------------------------------------------


def save_cells(changes: list[dict], shown: dict[str, int] | None) -> list:
    """Edited grid cells (dash-ag-grid's cellValueChanged) -> saved from the version the row
    showed; returns the message. A conflict or a bad value saves nothing (the refresh that
    follows puts the stored value back in the cell)."""
    shown = dict(shown or {})
    store, user = app_state.store(), _actor()
    said = []
    for c in changes or []:
        field, event_id = c.get("colId"), (c.get("data") or {}).get("event_id")
        if field not in EDITABLE_FIELDS or not event_id:
            continue
        value = c["value"] if "value" in c else c.get("newValue")  # dash-ag-grid sends "value"
        label = FIELD_LABELS.get(field, field)
        try:
            before = shown.get(event_id, 0)
            version = store.edit(event_id, {field: value}, user=user, expect_version=before)
        except (StoreError, FieldError) as err:
            said.append(_error(f"{label}: {_why(err)}"))
            continue
        if version == before:
            said.append(html.Span(f"{label} van {event_id}: niets gewijzigd. "))
            continue
        shown[event_id] = version
        text = f"Opgeslagen: {label} van {event_id} (versie {version})."
        if field == "date_raw" and value and parse_date(value).precision == "unknown":
            text += " De datum is niet herkend: het tijdstip is nu onbekend."
        said.append(_ok(text))
    return said


def act(action: str, rows: list[dict] | None, shown, reason=None, note=None, tag=None):
    """A toolbar action on the selected `rows` -> (message, done). Versions are the ones the
    grid showed (`shown`), so someone else's change in between is never overwritten."""
    store, user, shown = app_state.store(), _actor(), dict(shown or {})
    rows = rows or []
    if action == "undo":
        try:
            [done] = store.undo(user=user)
        except (StoreError, FieldError) as err:
            return _error(f"Niet ongedaan gemaakt: {err}"), False
        return _ok(f"Ongedaan gemaakt: {done['description']}."), True
    if not rows:
        return _error("Selecteer eerst een of meer rijen."), False
    ids = [r["event_id"] for r in rows]
    if action == "merge":
        return _merge(store, user, ids, shown)
    if action == "delete" and not (reason or "").strip():
        return _error("Geef een reden voor het verwijderen."), False
    if action == "annotate" and not (note or "").strip():
        return _error("Typ eerst de notitie."), False
    if action in ("tag", "untag") and not (tag or "").strip():
        return _error("Typ eerst het label."), False
    calls = {
        "delete": lambda e, v: store.delete(e, user=user, reason=reason, expect_version=v),
        "restore": lambda e, v: store.restore(e, user=user, expect_version=v),
        "unlink": lambda e, v: store.unlink(e, user=user, expect_version=v),
        "confirm": lambda e, v: store.confirm(e, user=user, expect_version=v),
        "reject": lambda e, v: store.reject(e, user=user, expect_version=v),
        "annotate": lambda e, v: store.annotate(e, note, user=user),
        "tag": lambda e, v: store.tag(e, tag, user=user),
        "untag": lambda e, v: store.tag(e, tag, user=user, remove=True),
    }
    done, failed = [], []
    for event_id in ids:
        try:
            calls[action](event_id, shown.get(event_id, 0))
            done.append(event_id)
        except (StoreError, FieldError) as err:
            failed.append((event_id, err))
    return _report(action, done, failed, reason=reason, tag=tag), bool(done)


_DONE = {
    "delete": "Verwijderd",
    "restore": "Teruggezet",
    "unlink": "Ontkoppeld",
    "confirm": "Suggestie overgenomen",
    "reject": "Suggestie afgewezen",
    "annotate": "Notitie toegevoegd",
    "tag": "Label toegevoegd",
    "untag": "Label weggehaald",
}


def _report(action, done, failed, reason=None, tag=None):
    parts = []
    if done:
        what = f"{_DONE[action]}: {', '.join(done)}"
        if action == "delete":
            what += f" (reden: {reason.strip()}; 'toon verwijderde' en Herstellen zetten terug)"
        elif action in ("tag", "untag"):
            what += f" ('{tag.strip()}')"
        parts.append(_ok(what + "."))
    for event_id, err in failed:
        parts.append(_error(f" {event_id}: {_why(err)}"))
    return parts


def _merge(store, user, ids, shown):
    if len(ids) != 2:
        return _error("Selecteer precies twee rijen om samen te voegen."), False
    order = {e: i for i, e in enumerate(store.events(include_deleted=True)["event_id"])}
    first, dup = sorted(ids, key=lambda e: order.get(e, len(order)))
    try:
        version = store.merge(dup, first, user=user, expect_version=shown.get(dup, 0))
    except (StoreError, FieldError) as err:
        return _error(_why(err)), False
    return _ok(f"Samengevoegd: {dup} is nu een dubbel van {first} (versie {version})."), True


def add(fields: dict, source=None, who=None, when=None):
    """The form's values -> a new event; returns (message, done)."""
    clean = {k: v for k, v in fields.items() if v not in (None, "", [])}
    if isinstance(clean.get("persons"), list):
        clean["persons"] = "; ".join(clean["persons"])
    try:
        event_id = app_state.store().add_event(
            clean,
            user=_actor(),
            source=(source or "").strip() or DEFAULT_SOURCE,
            who=(who or "").strip() or None,
            when=(when or "").strip() or None,
        )
    except (StoreError, FieldError) as err:
        return _error(_why(err)), False
    return _ok(f"Toegevoegd: {event_id} (bron: {(source or '').strip() or DEFAULT_SOURCE})."), True


def last_action_text() -> str:
    """The acting user's last action that "Ongedaan maken" would take back."""
    try:
        last = app_state.store().last_action(_actor())
    except (StoreError, NotFoundError):
        last = None
    return f"Laatste actie: {last['description']}" if last else "Nog niets om ongedaan te maken"


# --- callbacks ------------------------------------------------------------------------------


@callback(
    Output("events-message", "children", allow_duplicate=True),
    Output("events-refresh", "data", allow_duplicate=True),
    Input("events-grid", "cellValueChanged"),
    State("events-versions", "data"),
    prevent_initial_call=True,
)
def on_cells_changed(changes, shown):
    """Edited cells -> saved (or refused); the grid is refreshed either way."""
    return save_cells(changes, shown), _token()


@callback(
    Output("events-message", "children", allow_duplicate=True),
    Output("events-refresh", "data", allow_duplicate=True),
    Output("events-delete-reason", "value"),
    Output("events-note", "value"),
    Input("events-delete", "n_clicks"),
    Input("events-restore", "n_clicks"),
    Input("events-merge", "n_clicks"),
    Input("events-unlink", "n_clicks"),
    Input("events-confirm", "n_clicks"),
    Input("events-reject", "n_clicks"),
    Input("events-annotate", "n_clicks"),
    Input("events-tag-add", "n_clicks"),
    Input("events-tag-remove", "n_clicks"),
    Input("events-undo", "n_clicks"),
    State("events-grid", "selectedRows"),
    State("events-versions", "data"),
    State("events-delete-reason", "value"),
    State("events-note", "value"),
    State("events-tag", "value"),
    prevent_initial_call=True,
)
def on_action(*args):
    """A toolbar button -> the action on the selected rows (or undo)."""
    *clicks, rows, shown, reason, note, tag = args
    action = ACTIONS.get(ctx.triggered_id)
    if action is None or not any(clicks):
        return no_update, no_update, no_update, no_update
    message, done = act(action, rows, shown, reason=reason, note=note, tag=tag)
    return (
        message,
        _token(),
        "" if done and action == "delete" else no_update,
        "" if done and action == "annotate" else no_update,
    )


@callback(
    Output("events-message", "children", allow_duplicate=True),
    Output("events-refresh", "data", allow_duplicate=True),
    Output("events-add-description", "value"),
    Output("events-add-date", "value"),
    Input("events-add", "n_clicks"),
    State("events-add-date", "value"),
    State("events-add-organisation", "value"),
    State("events-add-domain", "value"),
    State("events-add-type", "value"),
    State("events-add-subtype", "value"),
    State("events-add-severity", "value"),
    State("events-add-persons", "value"),
    State("events-add-description", "value"),
    State("events-add-source", "value"),
    State("events-add-who", "value"),
    State("events-add-when", "value"),
    prevent_initial_call=True,
)
def on_add(n, date_raw, org, domain, kind, subtype, severity, persons, text, source, who, when):
    """The form -> a new event; its text and date are cleared for the next one."""
    if not n:
        return no_update, no_update, no_update, no_update
    fields = {
        "date_raw": date_raw,
        "organisation": org,
        "domain": domain,
        "event_type": kind,
        "subtype": subtype,
        "severity": severity,
        "persons": persons,
        "description": text,
    }
    message, done = add(fields, source, who, when)
    if not done:
        return message, no_update, no_update, no_update
    return message, _token(), "", ""


@callback(
    Output("events-last-action", "children"),
    Output("events-versions", "data"),
    Input("events-refresh", "data"),
    prevent_initial_call=True,
)
def after_change(_refresh):
    """After a change: what undo would take back now, and the versions the grid shows."""
    return last_action_text(), versions()
