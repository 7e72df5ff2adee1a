"""The editing controls of page "Gebeurtenissen": the toolbar for the selected rows (with undo,
the show-deleted toggle and the message line) and the form "Gebeurtenis toevoegen". Their
callbacks are in pages/editing.py."""

from __future__ import annotations

import datetime as dt

from dash import dcc, html

from reconstruct.pages.editing import DEFAULT_SOURCE, choices, last_action_text
from reconstruct.schema import DOMAIN_LABELS, EVENT_TYPE_LABELS


def _button(label: str, id_: str, kind: str = "secondary") -> html.Button:
    return html.Button(label, id=id_, className=f"button small {kind}", n_clicks=0)


def toolbar(shown_versions: dict[str, int]) -> html.Div:
    """Buttons for the selected rows, undo, the show-deleted toggle and the message line."""
    return html.Div(
        [
            html.Div(
                [
                    html.Span("Selectie:", className="toolbar-label"),
                    _button("Verwijderen", "events-delete", "danger"),
                    dcc.Input(
                        id="events-delete-reason",
                        placeholder="reden (verplicht)",
                        className="toolbar-input",
                        debounce=False,
                    ),
                    _button("Herstellen", "events-restore"),
                    html.Span(className="toolbar-sep"),
                    _button("Samenvoegen als dubbel", "events-merge"),
                    _button("Ontkoppelen", "events-unlink"),
                    html.Span(className="toolbar-sep"),
                    _button("Suggestie overnemen", "events-confirm"),
                    _button("Suggestie afwijzen", "events-reject"),
                ],
                className="toolbar-row",
            ),
            html.Div(
                [
                    dcc.Input(id="events-note", placeholder="notitie", className="toolbar-input"),
                    _button("Notitie toevoegen", "events-annotate"),
                    html.Span(className="toolbar-sep"),
                    dcc.Input(
                        id="events-tag",
                        placeholder="label, bijv. kernmoment",
                        className="toolbar-input",
                    ),
                    _button("Label toevoegen", "events-tag-add"),
                    _button("Label weghalen", "events-tag-remove"),
                    html.Span(className="toolbar-sep"),
                    dcc.Checklist(
                        id="events-show-deleted",
                        options=[{"label": " toon verwijderde", "value": "ja"}],
                        value=[],
                        className="toolbar-check",
                    ),
                    html.Span(className="toolbar-sep"),
                    _button("Ongedaan maken", "events-undo", "primary"),
                    html.Span(last_action_text(), id="events-last-action", className="hint"),
                ],
                className="toolbar-row",
            ),
            html.Div(
                "Dubbelklik op een cel om te bewerken; met de vakjes selecteert u meer rijen.",
                id="events-message",
                className="message",
                role="status",
            ),
            dcc.Store(id="events-refresh"),
            dcc.Store(id="events-versions", data=shown_versions),
        ],
        className="events-toolbar",
    )


def _field(label: str, control, id_: str, wide: bool = False) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=id_), control],
        className="add-field wide" if wide else "add-field",
    )


def add_form() -> html.Details:
    """The form "Gebeurtenis toevoegen": what happened, when, where, and where it came from."""
    c = choices()
    labels = [{"label": v, "value": k} for k, v in EVENT_TYPE_LABELS.items()]
    return html.Details(
        [
            html.Summary("Gebeurtenis toevoegen (bijvoorbeeld uit een gesprek)"),
            html.Div(
                [
                    _field(
                        "Datum zoals geschreven",
                        dcc.Input(
                            id="events-add-date", placeholder="bijv. 20-11-2014 of voorjaar 2010"
                        ),
                        "events-add-date",
                    ),
                    _field(
                        "Organisatie",
                        html.Div(
                            [
                                dcc.Input(id="events-add-organisation", list="events-add-orgs"),
                                html.Datalist(
                                    [html.Option(value=o) for o in c["organisation"]],
                                    id="events-add-orgs",
                                ),
                            ]
                        ),
                        "events-add-organisation",
                    ),
                    _field(
                        "Leefgebied",
                        dcc.Dropdown(
                            id="events-add-domain",
                            options=[{"label": v, "value": k} for k, v in DOMAIN_LABELS.items()],
                            placeholder="van de organisatie",
                        ),
                        "events-add-domain",
                    ),
                    _field(
                        "Soort",
                        dcc.Dropdown(
                            id="events-add-type", options=labels, value="contact", clearable=False
                        ),
                        "events-add-type",
                    ),
                    _field("Subtype", dcc.Input(id="events-add-subtype"), "events-add-subtype"),
                    _field(
                        "Ernst",
                        dcc.Dropdown(
                            id="events-add-severity", options=[0, 1, 2, 3], placeholder="geen"
                        ),
                        "events-add-severity",
                    ),
                    _field(
                        "Personen",
                        dcc.Dropdown(id="events-add-persons", options=c["persons"], multi=True),
                        "events-add-persons",
                    ),
                    _field(
                        "Omschrijving",
                        dcc.Textarea(id="events-add-description", className="add-text"),
                        "events-add-description",
                        wide=True,
                    ),
                    _field(
                        "Bron",
                        dcc.Input(id="events-add-source", value=DEFAULT_SOURCE),
                        "events-add-source",
                    ),
                    _field(
                        "Met wie",
                        dcc.Input(id="events-add-who", placeholder="bijv. J. de Vries (AMK)"),
                        "events-add-who",
                    ),
                    _field(
                        "Wanneer (gesprek)",
                        dcc.Input(id="events-add-when", value=dt.date.today().isoformat()),
                        "events-add-when",
                    ),
                    html.Div(_button("Toevoegen", "events-add", "primary"), className="add-field"),
                ],
                className="add-form",
            ),
        ],
        className="add-event",
        id="events-add-details",
    )
