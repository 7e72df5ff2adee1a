"""The mapping wizard on page "Bronnen": an upload of unknown format becomes a profile.

Opened from the upload results ("Kolommen koppelen"): how the file is read (encoding,
separator, header row, sheets; detected, editable) with its first rows; which column is the
date, the organisation (or one fixed name), the text, the type and the persons; what each type
value means; the first events the mapping makes, with their dates and precision; then the
profile is saved in the case's profiles/ and the file imported. The logic lives in
reconstruct.upload_wizard; these callbacks only move form values.
"""

from __future__ import annotations

from dash import ALL, Input, Output, State, callback, ctx, html, no_update

from reconstruct import app_state, auth
from reconstruct.pages.wizard_layout import (
    COLUMN_PICKERS,
    FIELDS,
    FORMS,
    READ_FIELDS,
    SUBTYPE_MAP,
    TYPE_MAP,
    build,
    column_options,
    detected_text,
    form_of,
    grid,
    value_rows,
)
from reconstruct.profiles import ProfileError
from reconstruct.upload import Upload, UploadError, pending_upload
from reconstruct.upload_wizard import (
    FIXED,
    distinct_values,
    event_rows,
    mapped_preview,
    preview_rows,
    read_upload,
    suggest_types,
    summary_text,
)


def _pending(data: dict | None) -> Upload:
    """The upload the wizard is for, as the server staged it (the page holds only its token)."""
    return pending_upload(app_state.current_case(), (data or {}).get("token"))


def _read_form(values) -> dict:
    return {key: value for (key, _id), value in zip(READ_FIELDS, values, strict=True)}


@callback(
    Output("wizard-detected", "children"),
    Output("wizard-preview-box", "children"),
    *[Output(i, "options") for i in COLUMN_PICKERS],
    *[Input(i, "value") for _key, i in READ_FIELDS],
    State("wizard-upload", "data"),
    prevent_initial_call=True,
)
def reread(*args):
    """Read the file again with the options chosen: what was found, the first rows, and the
    columns every picker offers."""
    up = _pending(args[-1])
    try:
        raw = read_upload(app_state.current_case(), up, _read_form(args[:-1]))
    except UploadError as err:
        return html.Span(str(err), className="warn"), no_update, *[no_update] * len(COLUMN_PICKERS)
    options = column_options(raw.columns)
    return (
        detected_text(up, raw),
        grid("wizard-preview", preview_rows(raw), 300),
        *[options] * len(COLUMN_PICKERS),
    )


@callback(
    Output("wizard-values", "children"),
    Output("wizard-type-values", "data"),
    Input("wizard-type", "value"),
    *[Input(i, "value") for _key, i in READ_FIELDS],
    State("wizard-default-type", "value"),
    State("wizard-upload", "data"),
    prevent_initial_call=True,
)
def type_values(column, *args):
    """The value map for the chosen type column, each value's type guessed by the lexicon."""
    up, default = _pending(args[-1]), args[-2]
    try:
        raw = read_upload(app_state.current_case(), up, _read_form(args[:-2]))
    except UploadError:
        return no_update, no_update
    values = distinct_values(raw, column)
    types, subs = suggest_types(values, default)
    return value_rows(values, types, subs), values


@callback(
    Output("wizard-mapped-box", "children"),
    Output("wizard-summary", "children"),
    Output("wizard-yaml", "children"),
    *[Input(i, "value") for _key, i in FIELDS],
    Input("wizard-type-values", "data"),
    Input(TYPE_MAP, "value"),
    Input(SUBTYPE_MAP, "value"),
    State("wizard-upload", "data"),
)
def preview(*args):
    """The events the mapping makes of the first rows, a summary, and the profile as YAML."""
    from reconstruct.upload_wizard import profile_from_form, profile_yaml

    n = len(FIELDS)
    form = form_of(args[:n], *args[n : n + 3])
    up = _pending(args[-1])
    case = app_state.current_case()
    try:
        events, summary = mapped_preview(case, up, form)
        columns = read_upload(case, up, form).columns
        text = profile_yaml(profile_from_form(form, up, columns), up)
    except (ProfileError, UploadError) as err:
        return no_update, html.Span(str(err), className="warn"), no_update
    return grid("wizard-mapped", event_rows(events), 360), summary_text(summary), text


@callback(
    Output("sources-job", "data", allow_duplicate=True),
    Output("sources-poll", "disabled", allow_duplicate=True),
    Output("wizard-message", "children"),
    Output("wizard-panel", "children", allow_duplicate=True),
    Output("sources-results", "children", allow_duplicate=True),
    Input("wizard-save", "n_clicks"),
    *[State(i, "value") for _key, i in FIELDS],
    State("wizard-type-values", "data"),
    State(TYPE_MAP, "value"),
    State(SUBTYPE_MAP, "value"),
    State("wizard-upload", "data"),
    State("sources-replace", "value"),
    prevent_initial_call=True,
)
def save(n_clicks, *args):
    """Save the profile and import the file with it, in the background (the page polls)."""
    from reconstruct.upload_import import start_job, upload_work
    from reconstruct.upload_wizard import plan_profile

    if not n_clicks:
        return no_update, no_update, no_update, no_update, no_update
    n = len(FIELDS)
    form = form_of(args[:n], *args[n : n + 3])
    up, replace = _pending(args[-2]), bool(args[-1])
    case = app_state.current_case()
    FORMS[up.token] = form
    try:
        planned, file_name, text = plan_profile(case, up, form, replace)
    except (ProfileError, UploadError) as err:
        return no_update, no_update, html.Span(str(err), className="warn"), no_update, no_update
    work = upload_work(
        case,
        app_state.store(),
        [],
        user=auth.current_user(),
        planned=[planned],
        new_profiles={file_name: text},
    )
    job = start_job(work)
    return {"id": job}, False, f"Profiel {file_name} wordt opgeslagen…", [], []


@callback(
    Output("wizard-org-fixed", "style"),
    Output("wizard-org-column-box", "style"),
    Input("wizard-org-mode", "value"),
    prevent_initial_call=True,
)
def organisation_mode(mode):
    """One fixed name for the file, or a column: show the control that applies."""
    hidden = {"display": "none"}
    return ({}, hidden) if mode == FIXED else (hidden, {})


@callback(
    Output("wizard-panel", "children", allow_duplicate=True),
    Input("wizard-cancel", "n_clicks"),
    prevent_initial_call=True,
)
def cancel(n_clicks):
    return [] if n_clicks else no_update


@callback(
    Output("wizard-panel", "children", allow_duplicate=True),
    Input({"type": "sources-map", "token": ALL}, "n_clicks"),
    State("sources-pending", "data"),
    prevent_initial_call=True,
)
def open_wizard(clicks, pending):
    """ "Kolommen koppelen" on an upload: the wizard for that file."""
    trigger = ctx.triggered_id
    if not trigger or not any(clicks or []):
        return no_update
    for item in pending or []:
        if item.get("token") == trigger["token"]:
            try:
                return build(pending_upload(app_state.current_case(), item["token"]))
            except UploadError as err:
                return html.P(str(err), className="warn")
    return html.P("Deze upload is er niet meer; upload het bestand opnieuw.", className="warn")
