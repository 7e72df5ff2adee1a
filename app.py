"""Reconstruct's Dash app: the app, its navigation bar and page container. No data work here.

python app.py --case data/demo [--host 127.0.0.1] [--port 8050]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import dash
from dash import Dash, Input, Output, dcc, html

ROOT = Path(__file__).resolve().parent
DEFAULT_CASE = ROOT / "data" / "demo"


def create_app(case_path: Path | str = DEFAULT_CASE) -> Dash:
    """Build the app for one case folder (ingested on first open)."""
    from reconstruct import app_state

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
    # Pages register themselves on import; import after the app exists.
    from reconstruct.pages import events, findings, presentation, sources, timeline  # noqa: F401

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
                ],
                className="topbar",
            ),
            html.Main(dash.page_container, className="content"),
            # The timeline's filters as a query string, carried to the event table.
            dcc.Store(id="filter-store", storage_type="session"),
            dcc.Location(id="app-location", refresh=True),
        ]
    )


def find_cases(folder: Path) -> list[Path]:
    """Case folders (with a case.yaml) directly under `folder`, by name."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if (p / "case.yaml").is_file())


def _case_picker(case):
    from reconstruct.case import CaseError, load_case

    options = []
    for path in find_cases(case.root.resolve().parent):
        try:
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
    app_state.open_case(path)
    return "/"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Reconstruct: tijdlijn van een casus")
    parser.add_argument("--case", type=Path, default=DEFAULT_CASE, help="casusmap")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    app = create_app(args.case)
    app.run(host=args.host, port=args.port, debug=args.debug)


if __name__ == "__main__":
    main()
