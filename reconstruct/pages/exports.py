"""Page "Exporteren": the event table, the timeline as an image and the findings summary as
files, of the timeline's current view or of everything, pseudonymised or not by the inspector's
explicit choice. Every export is written in the case's audit log."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import dash
from dash import Input, Output, State, callback, dcc, html, no_update

from reconstruct import app_state, auth
from reconstruct.chapters import describe_view, normalise_view
from reconstruct.export import export_case, export_detail
from reconstruct.filters import FilterState
from reconstruct.images import SIZES, ImageExportError


@dataclass(frozen=True)
class Kind:
    key: str
    title: str
    text: str
    formats: dict[str, str]
    file: str
    pseudonymise_default: bool | None  # None: the inspector must choose
    sizes: bool = False


KINDS = (
    Kind(
        "tabel",
        "Gebeurtenistabel",
        "Alle kolommen met herkomst (bestand, rij, oorspronkelijke tekst). Excel krijgt ook een "
        "blad Herkomst en een blad Legenda. Formules in cellen worden onschadelijk gemaakt.",
        {"xlsx": "Excel", "csv": "CSV (puntkomma)", "json": "JSON"},
        "gebeurtenissen",
        None,
    ),
    Kind(
        "afbeelding",
        "Tijdlijn als afbeelding",
        "Voor een verslag of een dia: de tijdlijn zoals op het scherm, groot genoeg voor een "
        "beamer of op A3 geprint.",
        {"png": "PNG", "svg": "SVG", "pdf": "PDF"},
        "tijdlijn",
        True,
        sizes=True,
    ),
    Kind(
        "bevindingen",
        "Samenvatting van de bevindingen",
        "De bevindingen per thema van het toetsingskader, elk met de gebeurtenissen waarop ze "
        "steunen.",
        {"html": "HTML", "md": "Markdown"},
        "bevindingen",
        True,
    ),
)
BY_KEY = {k.key: k for k in KINDS}
SCOPES = {"weergave": "De huidige weergave van de tijdlijn", "alles": "Alle gebeurtenissen"}
PRIVACY = {
    "ja": "Gepseudonimiseerd: namen vervangen door rollen, vrije tekst verborgen",
    "nee": "Niet gepseudonimiseerd: het bestand bevat persoonsgegevens",
}


def _radio(kind: str, what: str, options: dict[str, str], value):
    return dcc.RadioItems(
        id={"type": f"export-{what}", "kind": kind},
        options=[{"label": v, "value": k} for k, v in options.items()],
        value=value,
        className="radio",
    )


def _section(kind: Kind):
    rows = [
        html.H3(kind.title),
        html.P(kind.text, className="hint"),
        html.Label("Formaat"),
        _radio(kind.key, "format", kind.formats, next(iter(kind.formats))),
        html.Label("Welke gebeurtenissen"),
        _radio(kind.key, "scope", SCOPES, "weergave"),
    ]
    if kind.sizes:
        rows += [
            html.Label("Afmeting"),
            _radio(kind.key, "size", {k: s.label for k, s in SIZES.items()}, "projector"),
        ]
    default = {True: "ja", False: "nee", None: None}[kind.pseudonymise_default]
    rows += [
        html.Label("Persoonsgegevens" + (" (kies bewust)" if default is None else "")),
        _radio(kind.key, "privacy", PRIVACY, default),
        html.Button("Downloaden", id=f"export-{kind.key}-button", className="button"),
        dcc.Loading(html.Div(id=f"export-{kind.key}-message", className="message", role="status")),
        dcc.Download(id=f"export-{kind.key}-download"),
    ]
    return html.Section(rows, className="export-card", id=f"export-{kind.key}")


def layout(**_query):
    return html.Div(
        [
            html.H2("Exporteren"),
            html.P(
                "Bestanden om te delen of te bewaren. Elke export komt in het auditlog van de "
                "casus: wie, wat, welke weergave en of hij gepseudonimiseerd is. De presentatie "
                "als los HTML-bestand downloadt u op de pagina Presentatie.",
                className="lead",
            ),
            html.P(id="export-view", className="hint"),
            html.Div([_section(k) for k in KINDS], className="export-grid"),
        ],
        className="exports-page",
    )


def view_text(query: str | None) -> str:
    state = FilterState.from_query(normalise_view(query or ""))
    shown = describe_view(state)
    return f"Huidige weergave van de tijdlijn: {shown or 'de hele tijdlijn, zonder filters'}."


@callback(Output("export-view", "children"), Input("filter-store", "data"))
def show_view(query):
    return view_text(query)


def run_export(
    key: str, fmt: str, scope: str, privacy: str | None, size: str | None, query: str | None
):
    """One export of the open case to a temporary file -> (dcc.Download data, message).
    Refused (None, reason) without an explicit choice on personal data."""
    kind = BY_KEY[key]
    if privacy not in PRIVACY:
        return None, html.Span(
            "Kies eerst of de export gepseudonimiseerd moet worden.", className="error"
        )
    view = normalise_view(query or "") if scope == "weergave" else ""
    case = app_state.current_case()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{kind.file}.{fmt}"
        try:
            result = export_case(
                case,
                out,
                "findings" if key == "bevindingen" else fmt,
                events=app_state.events(),
                pseudonymise=privacy == "ja",
                view=view,
                size=size or "projector",
                findings_frame=app_state.findings() if key == "bevindingen" else None,
            )
        except (ImageExportError, ValueError) as err:
            return None, html.Span(f"Export mislukt: {err}", className="error")
        auth.record("export", export_detail(result, view))
        data = dcc.send_file(str(out), filename=out.name)
    said = "gepseudonimiseerd" if result.pseudonymised else "met persoonsgegevens"
    notes = [f"{out.name}: {result.events} gebeurtenissen, {said}. Vastgelegd in het auditlog."]
    notes += [f"Let op: {w}" for w in result.warnings]
    return data, html.Div([html.Div(n) for n in notes])


def _register(kind: Kind) -> None:
    size_state = [State({"type": "export-size", "kind": kind.key}, "value")] if kind.sizes else []

    @callback(
        Output(f"export-{kind.key}-download", "data"),
        Output(f"export-{kind.key}-message", "children"),
        Input(f"export-{kind.key}-button", "n_clicks"),
        State({"type": "export-format", "kind": kind.key}, "value"),
        State({"type": "export-scope", "kind": kind.key}, "value"),
        State({"type": "export-privacy", "kind": kind.key}, "value"),
        *size_state,
        State("filter-store", "data"),
        prevent_initial_call=True,
    )
    def download(n_clicks, fmt, scope, privacy, *rest):
        if not n_clicks:
            return no_update, no_update
        size, query = (rest[0], rest[1]) if kind.sizes else (None, rest[0])
        data, message = run_export(kind.key, fmt, scope, privacy, size, query)
        return (data if data is not None else no_update), message


for _kind in KINDS:
    _register(_kind)

dash.register_page(__name__, path="/exporteren", name="Exporteren", order=5, layout=layout)
