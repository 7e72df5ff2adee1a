"""Callbacks called as plain functions, on a private copy of the demo case."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import DEMO


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from app import create_app

    case = tmp_path_factory.mktemp("pages") / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns("derived"))
    return create_app(case)


def _all(app_):
    from reconstruct import app_state

    return app_state.events()


def test_update_timeline_filters_and_reports_query(app):
    from reconstruct.pages.timeline import update_timeline

    events = _all(app)
    fig, summary, query = update_timeline([2001, 2019], [], [], [], [], 0, "", ["ages"], None)
    assert summary.startswith(f"{len(events)} van {len(events)} gebeurtenissen")
    assert query == ""
    n_all = sum(len(t.x) for t in fig.data if t.type == "scattergl" and t.mode == "markers")
    fig2, summary2, query2 = update_timeline(
        [2005, 2012], ["veiligheid"], [], [], ["signal"], 2, "", [], None
    )
    n_some = sum(len(t.x) for t in fig2.data if t.type == "scattergl" and t.mode == "markers")
    assert 0 < n_some < n_all
    assert "(gefilterd)" in summary2
    assert query2 == "van=2005&tot=2012&domein=veiligheid&soort=signal&ernst=2"
    assert str(fig2.layout.xaxis.range[0]).startswith("2005-01-01")


def test_click_shows_provenance_and_duplicates(app):
    from reconstruct.pages.timeline import show_detail

    events = _all(app)
    dup = events[events["duplicate_of"].notna()].iloc[0]
    first_row = int(events.index[events["event_id"] == dup["duplicate_of"]][0])
    children, selected = show_detail({"points": [{"customdata": [first_row]}]})
    assert selected == dup["duplicate_of"]
    text = str(children)
    assert events.at[first_row, "source_file"] in text
    assert "Ook vastgelegd door" in text and dup["source_file"] in text
    assert "Oorspronkelijke regel" in text


def test_click_on_something_without_customdata_changes_nothing(app):
    from dash import no_update

    from reconstruct.pages.timeline import show_detail

    assert show_detail({"points": [{"x": 1}]}) == (no_update, no_update)


def test_events_page_applies_the_timeline_filters(app):
    from reconstruct.pages.events import layout, select_row

    page = layout(domein="wonen")
    grid = next(c for c in page.children if getattr(c, "id", None) == "events-grid")
    assert grid.rowData and {r["domain"] for r in grid.rowData} == {"Wonen"}
    link = select_row(
        [{"event_id": "ev-1", "date_text": "2004", "organisation": "X", "event_type": "Contact"}],
        "domein=wonen",
    )
    assert link[1].href == "/?domein=wonen&event=ev-1"


def test_sources_page_accounts_for_every_row(app):
    from reconstruct.pages.sources import layout

    text = str(layout())
    assert "rijen gelezen" in text and "lege rij" in text


def test_column_picker_hides_and_shows_columns(app):
    from reconstruct.pages.events import COLUMNS, choose_columns

    defs = choose_columns(["organisation", "description"])
    assert [d["field"] for d in defs if not d["hide"]] == ["organisation", "description"]
    assert len(defs) == len(COLUMNS)


def test_case_picker_lists_cases_of_the_data_folder_and_switches(app, tmp_path):
    import app as app_module
    from reconstruct import app_state
    from reconstruct.case import init_case

    current = app_state.current_case()
    other = init_case(current.root.parent / "tweede", "Tweede casus")
    try:
        picker = app_module._case_picker(current)
        assert {o["label"] for o in picker.options} >= {current.name, "Tweede casus"}
        assert app_module.pick_case(str(other.root)) == "/"
        assert app_state.current_case().name == "Tweede casus"
        assert len(app_state.events()) == 0
    finally:
        app_state.open_case(current.root)
        shutil.rmtree(other.root)
    assert app_module.find_cases(tmp_path) == []
