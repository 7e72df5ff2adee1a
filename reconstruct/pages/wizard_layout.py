"""The mapping wizard's form (see reconstruct.pages.wizard for its callbacks): how the upload
is read, which column is what, the value map, the preview and the save button, filled with
the best guess from reconstruct.upload_wizard."""

from __future__ import annotations

import dash_ag_grid as dag
from dash import ALL, dcc, html

from reconstruct import app_state
from reconstruct.profiles import INVOLVEMENT
from reconstruct.schema import DOMAIN_LABELS, DOMAINS, EVENT_TYPE_LABELS, EVENT_TYPES
from reconstruct.upload import Upload
from reconstruct.upload_wizard import (
    AUTO,
    COLUMN,
    FIXED,
    initial_form,
    organisation_names,
    preview_rows,
    read_upload,
)

TYPE_OPTIONS = [{"label": EVENT_TYPE_LABELS[t], "value": t} for t in EVENT_TYPES] + [
    {"label": "Periode van betrokkenheid (begin en eind)", "value": INVOLVEMENT}
]
ENCODINGS = [("automatisch", AUTO), ("UTF-8", "utf-8"), ("Windows-1252", "cp1252")] + [
    ("Latin-1", "latin-1"),
    ("UTF-16", "utf-16"),
]
SEPARATORS = [("automatisch", AUTO), ("puntkomma ;", ";"), ("komma ,", ",")] + [
    ("tab", "\t"),
    ("verticale streep |", "|"),
]
# (form key, component id) of every simple field; the value maps are pattern-matched.
FIELDS = [
    ("encoding", "wizard-encoding"),
    ("separator", "wizard-separator"),
    ("header_row", "wizard-header-row"),
    ("sheets", "wizard-sheets"),
    ("date", "wizard-date"),
    ("date_end", "wizard-date-end"),
    ("org_mode", "wizard-org-mode"),
    ("organisation", "wizard-org-column"),
    ("organisation_fixed", "wizard-org-fixed"),
    ("domain", "wizard-domain"),
    ("description", "wizard-description"),
    ("event_type", "wizard-type"),
    ("default_type", "wizard-default-type"),
    ("persons", "wizard-persons"),
    ("default_persons", "wizard-default-persons"),
    ("record_id", "wizard-record-id"),
    ("name", "wizard-name"),
    ("source", "wizard-source"),
]
READ_FIELDS = FIELDS[:4]
COLUMN_PICKERS = [
    "wizard-date",
    "wizard-date-end",
    "wizard-org-column",
    "wizard-description",
    "wizard-type",
    "wizard-persons",
    "wizard-record-id",
]
TYPE_MAP = {"type": "wizard-type-map", "index": ALL}
SUBTYPE_MAP = {"type": "wizard-subtype-map", "index": ALL}
FORMS: dict[str, dict] = {}
"""The last form per upload token, so a wizard reopened after a failed import keeps it."""


def form_of(values, type_values, type_map, subtype_map) -> dict:
    """The form dict from the callback's field values (in FIELDS order) and value maps."""
    form = {key: value for (key, _id), value in zip(FIELDS, values, strict=True)}
    form.update(type_values=type_values or [], type_map=type_map, subtype_map=subtype_map)
    return form


def _field(label: str, control, hint: str | None = None, wide: bool = False):
    children = [html.Label(label), control]
    if hint:
        children.append(html.Span(hint, className="hint"))
    return html.Div(children, className="wizard-field" + (" wide" if wide else ""))


def column_options(options: list[str]) -> list[dict]:
    return [{"label": c, "value": c} for c in options]


def _dropdown(id_, columns, value, multi=False, placeholder="(geen)"):
    return dcc.Dropdown(
        id=id_, options=column_options(columns), value=value, multi=multi, placeholder=placeholder
    )


def value_rows(values: list[str], types: list[str], subs: list[str]):
    """The value map: per value of the type column, an event type and a subtype."""
    if not values:
        return html.P(
            "Kies een kolom met de soort gebeurtenis om de waarden te vertalen; zonder soortkolom "
            "krijgt elke rij de standaardsoort.",
            className="hint",
        )
    head = html.Tr([html.Th("Waarde in de bron"), html.Th("Soort gebeurtenis"), html.Th("Subtype")])
    rows = [
        html.Tr(
            [
                html.Td(value, className="wizard-value"),
                html.Td(
                    dcc.Dropdown(
                        id={"type": "wizard-type-map", "index": i},
                        options=TYPE_OPTIONS,
                        value=types[i] if i < len(types) else None,
                        clearable=True,
                        placeholder="standaardsoort",
                    )
                ),
                html.Td(
                    dcc.Input(
                        id={"type": "wizard-subtype-map", "index": i},
                        value=subs[i] if i < len(subs) else "",
                        placeholder="zoals geschreven",
                        className="wizard-input",
                    )
                ),
            ]
        )
        for i, value in enumerate(values)
    ]
    return html.Table([html.Thead(head), html.Tbody(rows)], className="wizard-values")


def _column_def(name: str, rows: list[dict]) -> dict:
    """Short columns as wide as their longest value; long texts share the rest and wrap."""
    longest = max([len(name)] + [len(str(r.get(name) or "")) for r in rows])
    if longest > 40:
        return {
            "field": name,
            "headerName": name,
            "flex": 3,
            "minWidth": 260,
            "wrapText": True,
            "autoHeight": True,
            "cellClass": "cell-wrap",
        }
    width = min(max(7 * longest + 34, 64), 200)
    return {"field": name, "headerName": name, "width": width, "minWidth": width}


def grid(id_: str, rows: list[dict], height: int = 330):
    """A read-only preview table (the first rows of the source, or the first events)."""
    columns = list(rows[0]) if rows else []
    return dag.AgGrid(
        id=id_,
        rowData=rows,
        columnDefs=[_column_def(c, rows) for c in columns],
        defaultColDef={"resizable": True, "sortable": False},
        dashGridOptions={"animateRows": False},
        style={"height": f"{height}px"},
        className="ag-theme-quartz",
    )


def detected_text(up: Upload, raw) -> str:
    d = raw.detected
    parts = []
    if d.get("encoding"):
        parts.append(f"codering {d['encoding']}")
    if d.get("separator"):
        sep = {"\t": "tab", ";": "puntkomma", ",": "komma", "|": "verticale streep"}
        parts.append(f"scheidingsteken {sep.get(d['separator'], repr(d['separator']))}")
    if d.get("header_row"):
        hr = d["header_row"]
        rows = ", ".join(f"{s}: {n}" for s, n in hr.items()) if isinstance(hr, dict) else hr
        parts.append(f"kopregel {rows}")
    if d.get("title_rows"):
        parts.append(f"{len(d['title_rows'])} titelregel(s) erboven")
    rejected = f", {len(raw.rejected)} afgewezen" if raw.rejected else ""
    return f"Gevonden: {', '.join(parts) or 'standaardindeling'}. {len(raw.frame)} rijen{rejected}."


def build(up: Upload):
    """The wizard for one staged upload, filled with the best guess (or the last form)."""
    case = app_state.current_case()
    form = FORMS.get(up.token) or initial_form(case, up)
    raw = read_upload(case, up, form)
    cols = raw.columns
    is_text = up.reader in ("csv",)
    persons = [p.pseudonym for p in case.persons]
    text_style = {} if is_text else {"display": "none"}
    sheets = (raw.detected.get("sheets") or []) if up.reader == "xlsx" else []
    read = html.Div(
        [
            html.Div(
                _field(
                    "Codering",
                    dcc.Dropdown(
                        id="wizard-encoding",
                        options=[{"label": a, "value": b} for a, b in ENCODINGS],
                        value=form["encoding"],
                        clearable=False,
                    ),
                ),
                style=text_style,
            ),
            html.Div(
                _field(
                    "Scheidingsteken",
                    dcc.Dropdown(
                        id="wizard-separator",
                        options=[{"label": a, "value": b} for a, b in SEPARATORS],
                        value=form["separator"],
                        clearable=False,
                    ),
                ),
                style=text_style,
            ),
            _field(
                "Kopregel (regelnummer)",
                dcc.Input(
                    id="wizard-header-row",
                    type="number",
                    min=1,
                    value=form["header_row"],
                    placeholder="automatisch",
                    className="wizard-input",
                ),
            ),
            html.Div(
                _field(
                    "Tabbladen", _dropdown("wizard-sheets", sheets, form["sheets"], True, "alle")
                ),
                style={} if up.reader == "xlsx" else {"display": "none"},
            ),
        ],
        className="wizard-grid",
    )
    org_names = organisation_names(case)
    mapping = html.Div(
        [
            _field(
                "Datum", _dropdown("wizard-date", cols, form["date"]), "verplicht voor de tijdlijn"
            ),
            _field(
                "Einddatum", _dropdown("wizard-date-end", cols, form["date_end"]), "bij perioden"
            ),
            _field(
                "Organisatie",
                html.Div(
                    [
                        dcc.RadioItems(
                            id="wizard-org-mode",
                            options=[
                                {"label": " één organisatie voor het hele bestand", "value": FIXED},
                                {"label": " uit een kolom", "value": COLUMN},
                            ],
                            value=form["org_mode"],
                            className="wizard-radio",
                        ),
                        dcc.Input(
                            id="wizard-org-fixed",
                            style={} if form["org_mode"] == FIXED else {"display": "none"},
                            value=form["organisation_fixed"],
                            list="wizard-org-names",
                            placeholder="naam van de organisatie",
                            className="wizard-input",
                        ),
                        html.Datalist(
                            id="wizard-org-names",
                            children=[html.Option(value=n) for n in org_names],
                        ),
                        html.Div(
                            _dropdown("wizard-org-column", cols, form["organisation"]),
                            id="wizard-org-column-box",
                            style={} if form["org_mode"] == COLUMN else {"display": "none"},
                        ),
                    ]
                ),
            ),
            _field(
                "Leefgebied",
                dcc.Dropdown(
                    id="wizard-domain",
                    options=[{"label": "volgens het organisatieregister", "value": AUTO}]
                    + [{"label": DOMAIN_LABELS[d], "value": d} for d in DOMAINS],
                    value=form["domain"],
                    clearable=False,
                ),
            ),
            _field(
                "Omschrijving",
                _dropdown("wizard-description", cols, form["description"], True),
                "meer kolommen worden samengevoegd met —",
                wide=True,
            ),
            _field("Soort (kolom)", _dropdown("wizard-type", cols, form["event_type"])),
            _field(
                "Standaardsoort",
                dcc.Dropdown(
                    id="wizard-default-type",
                    options=TYPE_OPTIONS,
                    value=form["default_type"],
                    clearable=False,
                ),
                "voor lege en niet vertaalde waarden",
            ),
            _field("Personen (kolom)", _dropdown("wizard-persons", cols, form["persons"])),
            _field(
                "Standaardpersonen",
                dcc.Dropdown(
                    id="wizard-default-persons",
                    options=column_options(persons),
                    value=form["default_persons"],
                    multi=True,
                    placeholder="(geen)",
                ),
                "wanneer een rij niemand noemt",
            ),
            _field("Kenmerk (kolom)", _dropdown("wizard-record-id", cols, form["record_id"])),
        ],
        className="wizard-grid",
    )
    save = html.Div(
        [
            _field(
                "Naam van het profiel",
                dcc.Input(id="wizard-name", value=form["name"], className="wizard-input wide"),
            ),
            _field(
                "Bronsleutel",
                dcc.Input(id="wizard-source", value=form["source"], className="wizard-input"),
                "houdt de gebeurtenissen herkenbaar bij een volgende versie",
            ),
        ],
        className="wizard-grid",
    )
    return html.Section(
        [
            html.H3(f"Kolommen koppelen: {up.name}"),
            dcc.Store(id="wizard-upload", data={"token": up.token}),
            dcc.Store(id="wizard-type-values", data=form["type_values"]),
            html.H4("1. Hoe het bestand gelezen wordt"),
            read,
            html.P(detected_text(up, raw), id="wizard-detected", className="hint"),
            html.Div(grid("wizard-preview", preview_rows(raw), 300), id="wizard-preview-box"),
            html.H4("2. Wat elke kolom betekent"),
            mapping,
            html.H4("3. Waarden vertalen"),
            html.Div(
                value_rows(form["type_values"], form["type_map"], form["subtype_map"]),
                id="wizard-values",
            ),
            html.H4("4. Voorbeeld: de eerste gebeurtenissen"),
            html.P(id="wizard-summary", className="wizard-summary"),
            html.Div(grid("wizard-mapped", [], 360), id="wizard-mapped-box"),
            html.H4("5. Opslaan als profiel en inlezen"),
            save,
            html.Details([html.Summary("Het profiel (YAML)"), html.Pre(id="wizard-yaml")]),
            html.Div(
                [
                    html.Button("Profiel opslaan en inlezen", id="wizard-save", className="button"),
                    html.Button("Annuleren", id="wizard-cancel", className="button secondary"),
                ],
                className="wizard-actions",
            ),
            html.Div(id="wizard-message", className="message", role="status"),
        ],
        className="wizard",
        id="wizard",
    )
