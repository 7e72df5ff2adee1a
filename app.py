"""Reconstruct's Dash app: the app, its navigation bar and page container. No data work here.

python app.py --case data/demo [--host 127.0.0.1] [--port 8050] [--login]

On 127.0.0.1 the inspector works alone; on any other address (or with --login) every visitor
signs in with an account from the case's access list (reconstruct/auth.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import dash
from dash import Dash, Input, Output, dcc, html

ROOT = Path(__file__).resolve().parent
DEFAULT_CASE = ROOT / "data" / "demo"


def create_app(
    case_path: Path | str = DEFAULT_CASE,
    *,
    login: bool = False,
    timeout_minutes: int | None = None,
) -> Dash:
    """Build the app for one case folder (ingested on first open). With `login`, every
    request needs a signed-in user of the case's access list (sessions end after
    `timeout_minutes` idle)."""
    from reconstruct import app_state, auth, logs

    logs.install()  # no search texts or names from request addresses in the server log
    case = app_state.open_case(case_path)
    app = Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(ROOT / "assets"),
        compress=True,
        title=f"Reconstruct — {case.name}",
        suppress_callback_exceptions=True,
    )
    if login:
        auth.setup(app.server, timeout_minutes=timeout_minutes or auth.TIMEOUT_MINUTES)
    # Pages register themselves on import; import after the app exists.
    from reconstruct.pages import (  # noqa: F401
        events,
        exports,
        findings,
        presentation,
        sources,
        timeline,
    )

    _share_page_callbacks()
    from reconstruct.upload import MAX_REQUEST_BYTES

    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES  # larger requests: 413

    # A function, so every page load shows the case that is open now (see the case picker).
    app.layout = _layout
    app.clientside_callback(
        """
        function(query) {
            const q = query ? '?' + query : '';
            return ['/' + q, '/gebeurtenissen' + q];
        }
        """,
        Output("nav-tijdlijn", "href"),
        Output("nav-gebeurtenissen", "href"),
        Input("filter-store", "data"),
    )
    return app


@dash.callback(
    Output("view-recorded", "data"),
    Input("_pages_location", "pathname"),
)
def record_view(pathname):
    """Every page shown is a view of the case, in its audit log (the path only)."""
    from reconstruct import auth

    auth.record("page_view", pathname or "/")
    return pathname


def _account():
    from reconstruct import auth

    if not auth.enabled():
        return None
    return html.Div(
        [
            html.Span(auth.current_user(), className="account-name", id="account-name"),
            html.A("Afmelden", href="/logout", className="nav-link", id="logout-link"),
        ],
        className="account",
    )


_PAGE_CALLBACKS: tuple | None = None


def _share_page_callbacks() -> None:
    """Give every app of this process the pages' callbacks. Dash hands the callbacks registered
    with `dash.callback` to the first app that serves a request and then empties its global
    lists, so a second app (the tests make one per case) would have none."""
    from dash import _callback

    global _PAGE_CALLBACKS
    if _PAGE_CALLBACKS is None:
        _PAGE_CALLBACKS = (
            list(_callback.GLOBAL_CALLBACK_LIST),
            dict(_callback.GLOBAL_CALLBACK_MAP),
            list(_callback.GLOBAL_INLINE_SCRIPTS),
        )
    elif not _callback.GLOBAL_CALLBACK_LIST:
        callbacks, mapping, scripts = _PAGE_CALLBACKS
        _callback.GLOBAL_CALLBACK_LIST.extend(callbacks)
        _callback.GLOBAL_CALLBACK_MAP.update(mapping)
        _callback.GLOBAL_INLINE_SCRIPTS.extend(scripts)


def _layout():
    from reconstruct import app_state

    case = app_state.current_case()
    nav = [
        dcc.Link(
            page["name"],
            href=page["relative_path"],
            className="nav-link",
            id=f"nav-{page['name'].lower()}",
        )
        for page in sorted(dash.page_registry.values(), key=lambda p: p.get("order", 99))
    ]
    return html.Div(
        [
            html.Header(
                [
                    html.Div([html.Span("Reconstruct", className="brand"), _case_picker(case)]),
                    html.Nav(nav, className="nav"),
                    _account(),
                ],
                className="topbar",
            ),
            html.Main(dash.page_container, className="content"),
            # The timeline's filters as a query string, carried to the event table.
            dcc.Store(id="filter-store", storage_type="session"),
            dcc.Location(id="app-location", refresh=True),
            dcc.Store(id="view-recorded"),
        ]
    )


def find_cases(folder: Path) -> list[Path]:
    """Case folders (with a case.yaml) directly under `folder`, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "case.yaml").is_file())


def _may_open(path: Path) -> bool:
    """Whether the signed-in user is on the access list of the case at `path` (always, on
    the inspector's own machine)."""
    from reconstruct import auth
    from reconstruct.store import has_database, open_store

    if not auth.enabled():
        return True
    if not has_database(path):
        return False  # a case nobody has opened yet: it has no access list to check
    with open_store(path) as store:
        return store.role_of(auth.current_user()) is not None


def _case_picker(case):
    from reconstruct.case import CaseError, load_case

    options = []
    for path in find_cases(case.root.resolve().parent):
        try:
            if path.resolve() == case.root.resolve() or _may_open(path):
                options.append({"label": load_case(path).name, "value": str(path)})
        except CaseError:
            continue  # a broken sibling case must not take this one down
    if len(options) < 2:
        return html.Span(case.name, className="case-name", id="case-name")
    return dcc.Dropdown(
        id="case-picker",
        options=options,
        value=str(case.root.resolve()),
        clearable=False,
        className="case-picker",
    )


@dash.callback(
    Output("app-location", "href"),
    Input("case-picker", "value"),
    prevent_initial_call=True,
)
def pick_case(path):
    """Switch the app to another case of the data folder and start at its timeline."""
    from reconstruct import app_state

    if not path or Path(path).resolve() == app_state.current_case().root.resolve():
        return dash.no_update
    if not _may_open(Path(path)):
        return dash.no_update
    app_state.open_case(path)
    return "/"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reconstruct: tijdlijn van een casus")
    parser.add_argument("--case", type=Path, default=DEFAULT_CASE, help="casusmap")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true")
    parser.add_argument(
        "--login", action="store_true", help="aanmelden verplicht (altijd buiten 127.0.0.1)"
    )
    parser.add_argument(
        "--timeout", type=int, default=None, metavar="MIN", help="sessie verloopt na MIN minuten"
    )
    args = parser.parse_args(argv)
    from reconstruct import auth

    login = args.login or auth.needs_login(args.host)
    app = create_app(args.case, login=login, timeout_minutes=args.timeout)
    if login:
        from reconstruct import app_state

        if app_state.store().users().empty:
            sys.exit(
                f"Aanmelden is verplicht op {args.host}, maar de casus heeft nog geen "
                "gebruikers. Voeg eerst een beheerder toe: python -m reconstruct users add "
                f"{args.case} NAAM --role admin"
            )
        if args.debug:
            sys.exit("--debug is niet toegestaan buiten 127.0.0.1 (de debugger voert code uit)")
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
