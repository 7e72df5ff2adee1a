"""Page "Presentatie": compose the chapters for a reflection meeting, and present them full screen.

`/presentatie` is the editor: the chapters of the case's presentation.yaml (title, caption, the
view in words, its snapshot), reordered, edited, refreshed or deleted, the pseudonymisation
options of the presentation, and the presentation as one HTML file. `/presentatie?hoofdstuk=1`
presents: the top bar hidden, a large title and caption, the chapter's timeline pseudonymised
as the options say, drawn as the HTML file draws it. ArrowRight / ArrowLeft (PageDown / PageUp)
step, Home / End jump, F toggles full screen, Escape returns to the editor (the keys and the
fitting of lane labels to the screen live in assets/presentation.js).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import dash
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from reconstruct import app_state, auth
from reconstruct.case import CaseError
from reconstruct.chapters import (
    PresentationOptions,
    chapters_or_default,
    describe_view,
    drop_snapshot,
    load_chapters,
    load_options,
    missing_references,
    save_chapters,
    save_options,
    snapshot_changes,
    take_snapshot,
    view_figure,
    with_snapshots,
)
from reconstruct.datewords import vocabulary
from reconstruct.images import presentation_layout
from reconstruct.schema import EVENT_TYPE_LABELS
from reconstruct.standalone import SCREEN_HEIGHT, write_standalone

GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "displaylogo": False}
OPTION_LABELS = {
    "pseudonymise": " Pseudonimiseren: gezinsleden en professionals als rol (aanbevolen)",
    "hide_text": " Vrije tekst verbergen, behalve de teksten die u vrijgaf",
    "coarsen_dates": " Datums per maand in plaats van per dag",
}
KEYS_HINT = "← → bladeren · Home / End · F: volledig scherm · Esc: terug naar de lijst"


def _findings() -> list[dict]:
    """The findings a chapter can show: every one the inspector did not reject."""
    found = app_state.findings()
    return found[found["state"] != "rejected"].to_dict(orient="records")


def _date(day) -> str:
    return f"{day.day} {vocabulary()['labels']['months_full'][day.month - 1]} {day.year}"


def _privacy(options: PresentationOptions) -> str:
    if not options.pseudonymise:
        return "Niet gepseudonimiseerd: bevat persoonsgegevens"
    return (
        "Gepseudonimiseerd"
        + (" · vrije tekst verborgen" if options.hide_text else "")
        + (" · datums per maand" if options.coarsen_dates else "")
    )


# ------------------------------------------------------------------------- presenting


def chapter_view(number: int) -> dict:
    """Chapter `number` (1-based, clipped to the chapters there are) as it is presented:
    title, caption, figure, counter, all pseudonymised as the presentation's options say.
    Snapshot chapters show their snapshot."""
    case = app_state.current_case()
    chapters = with_snapshots(case, chapters_or_default(case))
    number = max(1, min(len(chapters), int(number or 1)))
    chapter = chapters[number - 1]
    ps = load_options(case).pseudonymiser(case)
    safe = ps.text if ps else (lambda t: t)
    state = chapter.state
    findings = _findings() if state.finding else []
    fig = view_figure(case, app_state.events(), state, ps, findings)
    chosen = chapter.frozen.finding if chapter.frozen and chapter.frozen.finding else None
    chosen = chosen or next((f for f in findings if f["finding_id"] == state.finding), {})
    return {
        "number": number,
        "count": len(chapters),
        "title": safe(chapter.title),
        "caption": safe(chapter.caption or chosen.get("sentence", "")),
        "figure": presentation_layout(fig, None, SCREEN_HEIGHT),
        "counter": f"Hoofdstuk {number} van {len(chapters)}",
    }


def _presenting(number) -> html.Div:
    try:
        _findings()  # analysed once now (seconds), so that stepping through stays quick
        view, options = chapter_view(int(number or 1)), load_options(app_state.current_case())
    except (CaseError, ValueError) as err:
        return html.Div([html.P(str(err), className="error"), dcc.Link("Terug", href="/")])
    foot = [
        html.Span(_privacy(options), className="" if options.pseudonymise else "warn"),
        html.Span(
            [
                html.Button("◀", id="present-prev", title="Vorig hoofdstuk", className="step"),
                html.Button("▶", id="present-next", title="Volgend hoofdstuk", className="step"),
                html.Button(id="present-first", hidden=True),
                html.Button(id="present-last", hidden=True),
            ]
        ),
        html.Span(KEYS_HINT),
    ]
    return html.Div(
        [
            html.Div(
                [
                    html.H1(view["title"], id="present-title"),
                    html.Span(view["counter"], id="present-counter", className="present-counter"),
                ],
                className="present-head",
            ),
            html.P(view["caption"], id="present-caption", className="present-caption"),
            dcc.Graph(
                id="present-graph",
                figure=view["figure"],
                config=GRAPH_CONFIG,
                responsive=True,
                className="present-plot",
                style={"height": "100%"},
            ),
            html.Div(foot, className="present-foot"),
            dcc.Store(id="present-index", data=view["number"]),
            dcc.Store(id="present-meta", data={"count": view["count"]}),
            dcc.Store(id="present-fit"),
            dcc.Location(id="present-leave", refresh="callback-nav"),
        ],
        id="present-root",
        className="present-root",
        **{"data-editor": dash.get_relative_path("/presentatie")},
    )


@callback(
    Output("present-title", "children"),
    Output("present-caption", "children"),
    Output("present-graph", "figure"),
    Output("present-counter", "children"),
    Input("present-index", "data"),
    prevent_initial_call=True,
)
def show_chapter(number):
    """Another chapter chosen (keys, buttons) -> its title, caption, figure and counter."""
    view = chapter_view(number)
    return view["title"], view["caption"], view["figure"], view["counter"]


# The keys (assets/presentation.js) press these buttons; the address bar follows.
dash.clientside_callback(
    """
    function(prev, next, first, last, i, meta) {
        const steps = {'present-prev': i - 1, 'present-next': i + 1, 'present-first': 1,
                       'present-last': meta.count};
        const to = Math.max(1, Math.min(meta.count,
                                        steps[dash_clientside.callback_context.triggered_id]));
        if (to === i) return dash_clientside.no_update;
        window.history.replaceState(null, '', window.location.pathname + '?hoofdstuk=' + to);
        return to;
    }
    """,
    Output("present-index", "data"),
    Input("present-prev", "n_clicks"),
    Input("present-next", "n_clicks"),
    Input("present-first", "n_clicks"),
    Input("present-last", "n_clicks"),
    State("present-index", "data"),
    State("present-meta", "data"),
    prevent_initial_call=True,
)


# Once the graph is drawn, assets/presentation.js fits its lane labels to this screen.
dash.clientside_callback(
    """
    function(figure) {
        const tryFit = n => {
            const gd = document.querySelector('#present-graph .js-plotly-plot');
            if (gd && gd._fullLayout && gd.on) window.reconstructPresentFit(gd);
            else if (n > 0) setTimeout(() => tryFit(n - 1), 100);
        };
        tryFit(100);
        return dash_clientside.no_update;
    }
    """,
    Output("present-fit", "data"),
    Input("present-graph", "figure"),
)


# ---------------------------------------------------------------------------- editing


def _event_words(events, event_id: str) -> str:
    """'maart 2012 · (gezin) · Gebeurtenis': the highlighted event as the editor names it."""
    row = events[events["event_id"] == event_id]
    if row.empty:
        return f"{event_id} (niet in de gegevens)"
    e = row.iloc[0]
    kind = EVENT_TYPE_LABELS.get(e["event_type"], e["event_type"])
    return f"{e['date_raw'] or '?'} · {e['organisation']} · {kind}"


def _chapter_card(i: int, chapter, events, findings: dict, count: int):
    """One chapter in the editor; component ids carry its position (0-based)."""
    case = app_state.current_case()
    state = chapter.state
    what = [html.Div(["Weergave: ", describe_view(state) or "de hele tijdlijn"])]
    if state.event:
        table = chapter.frozen.events if chapter.frozen is not None else events
        what.append(html.Div(f"Omcirkeld: {_event_words(table, state.event)}"))
    if state.finding:
        f = (chapter.frozen.finding if chapter.frozen else None) or findings.get(state.finding)
        what.append(html.Div(f"Bevinding: {f['sentence'] if f else state.finding}"))
    if chapter.snapshot and chapter.taken and chapter.frozen is not None:
        status = [html.Span(f"momentopname van {_date(chapter.taken)}", className="snapshot")]
    elif chapter.snapshot:
        status = []
    else:
        status = [html.Span("toont steeds de actuele gegevens", className="live")]
    warning = snapshot_changes(case, chapter, events)
    if warning:
        status.append(html.Span(warning, className="warn"))

    def button(label, action, title, disabled=False):
        return html.Button(
            label,
            id={"type": "chapter-action", "action": action, "index": i},
            title=title,
            disabled=disabled,
            className="button small" + (" secondary" if action in ("up", "down") else ""),
        )

    link = state.to_query()
    return html.Li(
        [
            html.Div(
                [
                    html.Span(f"{i + 1}", className="chapter-number"),
                    dcc.Input(
                        id={"type": "chapter-title", "index": i},
                        value=chapter.title,
                        className="chapter-title",
                    ),
                    button("↑", "up", "Naar boven", i == 0),
                    button("↓", "down", "Naar beneden", i == count - 1),
                ],
                className="chapter-row",
            ),
            dcc.Textarea(
                id={"type": "chapter-caption", "index": i},
                value=chapter.caption,
                placeholder="Bijschrift (wat de deelnemers moeten zien)",
                className="chapter-caption",
            ),
            html.Div(what, className="chapter-view"),
            html.P(status, className="chapter-status"),
            html.Div(
                [
                    button("Opslaan", "save", "Titel en bijschrift opslaan"),
                    button(
                        "Vernieuwen" if chapter.snapshot else "Vastleggen",
                        "refresh",
                        "Momentopname van de actuele gegevens maken",
                    ),
                    dcc.ConfirmDialogProvider(
                        html.Button("Verwijderen", className="button small danger"),
                        id={"type": "chapter-delete", "index": i},
                        message=f"Hoofdstuk {i + 1} '{chapter.title}' verwijderen?",
                    ),
                    dcc.Link("presenteer vanaf hier", href=f"/presentatie?hoofdstuk={i + 1}"),
                    dcc.Link("open op de tijdlijn", href="/?" + link if link else "/"),
                ],
                className="chapter-actions",
            ),
        ],
        className="chapter-card",
    )


def chapter_list():
    """The editor's list of chapters, with warnings for references that are gone."""
    case = app_state.current_case()
    try:
        chapters = with_snapshots(case, load_chapters(case))
    except CaseError as err:
        return [html.P(str(err), className="error")]
    if not chapters:
        return [
            html.P(
                "Nog geen hoofdstukken. Kies op de Tijdlijn een weergave en klik op "
                "'Voeg toe aan presentatie'. Zonder hoofdstukken toont de presentatie de hele "
                "tijdlijn.",
                className="hint",
            )
        ]
    events, findings = app_state.events(), _findings()
    by_id = {f["finding_id"]: f for f in findings}
    live = [c for c in chapters if c.frozen is None]
    warnings = missing_references(live, events, findings)
    return [
        *(html.P(w, className="warn") for w in warnings),
        html.Ol(
            [_chapter_card(i, c, events, by_id, len(chapters)) for i, c in enumerate(chapters)],
            className="chapter-list",
        ),
    ]


def chapter_action(action: str, index: int, title: str | None = None, caption=None) -> str:
    """Apply an editor action to chapter `index` (0-based) of the case and save: 'up', 'down',
    'save' (title and caption), 'refresh' (take the snapshot again) or 'delete'. Returns the
    Dutch confirmation."""
    case = app_state.current_case()
    chapters = load_chapters(case)
    if not 0 <= index < len(chapters):
        return "Dit hoofdstuk bestaat niet meer; de lijst is bijgewerkt."
    chapter = chapters[index]
    if action in ("up", "down"):
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(chapters):
            return ""
        chapters[index], chapters[other] = chapters[other], chapter
        message = f"'{chapter.title}' is nu hoofdstuk {other + 1}."
    elif action == "save":
        if not (title or "").strip():
            return "Een hoofdstuk heeft een titel; niet opgeslagen."
        chapter.title, chapter.caption = title.strip(), (caption or "").strip()
        message = f"Hoofdstuk {index + 1} opgeslagen."
    elif action == "refresh":
        take_snapshot(case, chapter, app_state.events(), _findings())
        message = f"Momentopname van hoofdstuk {index + 1} vernieuwd ({_date(chapter.taken)})."
    elif action == "delete":
        chapters.pop(index)
        message = f"Hoofdstuk {index + 1} '{chapter.title}' verwijderd."
    else:
        raise ValueError(f"unknown action {action!r}")
    save_chapters(case, chapters)
    if action == "delete":
        drop_snapshot(case, chapter)
    return message


def _editor():
    case = app_state.current_case()
    try:
        options = load_options(case)
    except CaseError as err:
        return html.Div([html.H2("Presentatie"), html.P(str(err), className="error")])
    return html.Div(
        [
            html.H2("Presentatie"),
            html.P(
                "Het verhaal voor de reflectiebijeenkomst: hoofdstukken met een weergave van de "
                "tijdlijn en een bijschrift. Een hoofdstuk met een momentopname blijft tonen wat "
                "het toonde, ook als de gegevens later veranderen, tot u het vernieuwt.",
                className="lead",
            ),
            html.Div(
                [
                    dcc.Link("Presenteren", href="/presentatie?hoofdstuk=1", className="button"),
                    html.Button(
                        "Download als HTML-bestand",
                        id="presentation-download-button",
                        className="button secondary",
                    ),
                    dcc.Download(id="presentation-download"),
                ],
                className="exports",
            ),
            dcc.Checklist(
                id="presentation-options",
                options=[{"label": v, "value": k} for k, v in OPTION_LABELS.items()],
                value=[k for k in OPTION_LABELS if getattr(options, k)],
                className="checklist presentation-options",
            ),
            html.P(_privacy(options), id="presentation-privacy", className="hint"),
            html.Div(id="presentation-message", className="message", role="status"),
            html.Div(chapter_list(), id="presentation-list"),
        ],
        className="presentation-page",
    )


@callback(
    Output("presentation-list", "children"),
    Output("presentation-message", "children"),
    Input({"type": "chapter-action", "action": ALL, "index": ALL}, "n_clicks"),
    Input({"type": "chapter-delete", "index": ALL}, "submit_n_clicks"),
    State({"type": "chapter-title", "index": ALL}, "value"),
    State({"type": "chapter-caption", "index": ALL}, "value"),
    prevent_initial_call=True,
)
def edit_chapters(_clicks, _deletes, titles, captions):
    """A chapter button pressed -> the action applied and saved, the list drawn again."""
    trigger = ctx.triggered_id
    if not trigger or not ctx.triggered or not ctx.triggered[0].get("value"):
        return no_update, no_update
    i = trigger["index"]
    action = trigger.get("action", "delete")
    try:
        message = chapter_action(
            action,
            i,
            titles[i] if i < len(titles) else None,
            captions[i] if i < len(captions) else None,
        )
    except CaseError as err:
        message = html.Span(str(err), className="error")
    return chapter_list(), message


@callback(
    Output("presentation-privacy", "children"),
    Input("presentation-options", "value"),
    prevent_initial_call=True,
)
def set_options(values):
    """The pseudonymisation options ticked -> stored in presentation.yaml."""
    options = PresentationOptions(**{k: k in (values or []) for k in OPTION_LABELS})
    save_options(app_state.current_case(), options)
    return _privacy(options) + " (opgeslagen)"


@callback(
    Output("presentation-download", "data"),
    Input("presentation-download-button", "n_clicks"),
    prevent_initial_call=True,
)
def download(n_clicks):
    """The presentation as one self-contained HTML file, as it is presented here."""
    if not n_clicks:
        return no_update
    case = app_state.current_case()
    chapters = with_snapshots(case, chapters_or_default(case))
    ps = load_options(case).pseudonymiser(case)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_standalone(
            case, app_state.events(), Path(tmp) / "presentatie.html", chapters, ps, _findings()
        )
        detail = {"format": "html", "file": "presentatie.html", "chapters": len(chapters)}
        detail["pseudonymised"] = ps is not None
        auth.record("export", json.dumps(detail, ensure_ascii=False))
        return dcc.send_file(str(path), filename="presentatie.html")


def layout(hoofdstuk=None, **_query):
    """The editor, or with ?hoofdstuk=N the presentation from chapter N."""
    return _editor() if hoofdstuk is None else _presenting(hoofdstuk)


# Registered after `layout` exists: pages are imported by app.py, not from a pages folder.
dash.register_page(
    __name__, path="/presentatie", name="Presentatie", order=4, title="Presentatie", layout=layout
)
