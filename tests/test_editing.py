"""Editing on page "Gebeurtenissen", its callbacks' work called as plain functions on a private
copy of the demo case: cells saved from the version shown, conflicts refused, the toolbar's
actions, undo, a manual event, and the history in the detail panel."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import DEMO


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from app import create_app

    case = tmp_path_factory.mktemp("editing") / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns("derived"))
    return create_app(case)


@pytest.fixture(autouse=True)
def anna(monkeypatch):
    monkeypatch.setenv("RECONSTRUCT_USER", "anna")


def _events():
    from reconstruct import app_state

    return app_state.events()


def _store():
    from reconstruct import app_state

    return app_state.store()


def _row(event_id, include_deleted=False):
    table = _store().events(include_deleted=include_deleted)
    return table.set_index("event_id").loc[event_id]


def _text(component) -> str:
    return str(component)


def _cell(event_id, field, value):
    return {"colId": field, "value": value, "data": {"event_id": event_id}, "rowId": event_id}


def test_a_cell_is_saved_from_the_version_the_grid_showed(app):
    from reconstruct.pages.editing import CONFLICT, save_cells, versions

    eid = _events()["event_id"].iloc[40]
    said = _text(save_cells([_cell(eid, "severity", "3")], versions()))
    assert "Opgeslagen: ernst" in said and "versie 1" in said
    assert _row(eid)["severity"] == 3
    shown = versions()
    _store().edit(eid, {"description": "bert was eerder"}, user="bert", expect_version=1)
    said = _text(save_cells([_cell(eid, "description", "anna's tekst")], shown))
    assert CONFLICT in said
    assert _row(eid)["description"] == "bert was eerder"  # not overwritten
    said = _text(save_cells([_cell(eid, "description", "anna's tekst")], versions()))
    assert "versie 3" in said and _row(eid)["description"] == "anna's tekst"


@pytest.mark.parametrize(
    "field, value, expected",
    [
        ("persons", "Onbekende Buurman", "onbekende persoon"),
        ("event_type", "", "mag niet leeg"),
        ("date_raw", "in de zomervakantie", "niet herkend"),
        ("date_raw", "voorjaar 2010", "Opgeslagen: datum"),
        ("domain", "Wonen", "Opgeslagen: leefgebied"),
        ("event_type", "Signaal", "Opgeslagen: soort"),
        ("source_file", "x.csv", ""),  # not an editable column: ignored
    ],
)
def test_cell_values_are_checked_and_dates_reparsed(app, field, value, expected):
    from reconstruct.pages.editing import save_cells, versions

    eid = _events()["event_id"].iloc[50]
    said = _text(save_cells([_cell(eid, field, value)], versions()))
    assert expected in said
    if field == "date_raw" and value == "voorjaar 2010":
        assert _row(eid)["date_precision"] == "season"


def test_grid_rows_show_versions_edits_labels_and_notes(app):
    from reconstruct.pages.events import grid_rows

    eid = _events()["event_id"].iloc[60]
    _store().edit(eid, {"date_raw": "mei 2014"}, user="anna", expect_version=0)
    _store().tag(eid, "kernmoment", user="anna")
    _store().annotate(eid, "navragen", user="anna")
    [row] = [r for r in grid_rows(_events(), _store().overlay_info()) if r["event_id"] == eid]
    assert row["version"] == 1 and row["date_text"] == "mei 2014"
    assert {"date_raw", "date_text"} <= set(row["edited"])
    assert row["tags"] == "kernmoment" and row["status"] == "bewerkt, 1 notitie"


def test_delete_needs_a_reason_and_restore_and_undo_bring_it_back(app):
    from reconstruct.pages.editing import act, versions
    from reconstruct.pages.events import refresh_grid

    eid = _events()["event_id"].iloc[70]
    rows = [{"event_id": eid}]
    message, done = act("delete", rows, versions(), reason=" ")
    assert not done and "reden" in _text(message)
    message, done = act("delete", rows, versions(), reason="hoort bij een andere casus")
    assert done and "Verwijderd" in _text(message)
    assert eid not in set(_events()["event_id"])
    shown, _ = refresh_grid(1, ["ja"], "")
    assert next(r for r in shown if r["event_id"] == eid)["status"].startswith("verwijderd")
    message, done = act("restore", rows, versions())
    assert done and eid in set(_events()["event_id"])
    message, done = act("undo", [], versions())
    assert done and "teruggezet" in _text(message)
    assert _store().history(eid)["delete_reason"] == "hoort bij een andere casus"
    act("undo", [], versions())
    assert eid in set(_events()["event_id"])


def test_merge_two_rows_then_unlink(app):
    from reconstruct.pages.editing import act, versions

    table = _events()
    firsts = set(table["duplicate_of"].dropna())
    free = table[table["duplicate_of"].isna() & ~table["event_id"].isin(firsts)]
    early, late = free["event_id"].iloc[80], free["event_id"].iloc[81]
    message, done = act("merge", [{"event_id": early}], versions())
    assert not done and "precies twee" in _text(message)
    message, done = act("merge", [{"event_id": late}, {"event_id": early}], versions())
    assert done and f"{late} is nu een dubbel van {early}" in _text(message)
    assert _row(late)["duplicate_of"] == early
    message, done = act("unlink", [{"event_id": late}, {"event_id": early}], versions())
    assert done and "Ontkoppeld" in _text(message) and "niet als dubbel" in _text(message)
    assert _store().history(late)["duplicate_of"]["current"] is None


def test_confirm_and_reject_a_suggestion(app):
    from reconstruct.pages.editing import act, versions
    from reconstruct.pages.events import grid_rows

    table = _events()
    offered = table[
        table["suggested_event_type"].notna()
        & (table["suggested_event_type"] != table["event_type"])
    ]["event_id"]
    a, b = offered.iloc[10], offered.iloc[11]
    rows = {r["event_id"]: r for r in grid_rows(_events(), _store().overlay_info())}
    assert rows[a]["suggestion"] and rows[b]["suggestion"]
    assert act("confirm", [{"event_id": a}], versions())[1]
    assert act("reject", [{"event_id": b}], versions())[1]
    rows = {r["event_id"]: r for r in grid_rows(_events(), _store().overlay_info())}
    assert rows[a]["suggestion"] is None and rows[b]["suggestion"] is None
    assert _row(a)["event_type"] == table.set_index("event_id").loc[a, "suggested_event_type"]


def test_notes_labels_and_messages_without_a_selection(app):
    from reconstruct.pages.editing import act, versions

    eid = _events()["event_id"].iloc[90]
    assert "Selecteer" in _text(act("annotate", [], versions(), note="x")[0])
    assert "notitie" in _text(act("annotate", [{"event_id": eid}], versions(), note=" ")[0])
    assert act("annotate", [{"event_id": eid}], versions(), note="navragen bij JGZ")[1]
    assert act("tag", [{"event_id": eid}], versions(), tag="kernmoment")[1]
    h = _store().history(eid)
    assert h["tags"] == ["kernmoment"] and h["annotations"][0]["actor"] == "anna"
    message, done = act("untag", [{"event_id": eid}], versions(), tag="kernmoment")
    assert done and "weggehaald" in _text(message)


def test_add_an_event_from_an_interview(app):
    from reconstruct.pages.editing import add

    before = len(_events())
    message, done = add({"description": "", "event_type": "contact"})
    assert not done and "description" in _text(message)
    message, done = add(
        {
            "date_raw": "20-11-2014",
            "organisation": "amk",
            "event_type": "contact",
            "severity": 2,
            "persons": ["Moeder", "Kind A"],
            "description": "Gesprek: zorgen om de weekenden thuis.",
        },
        source="",
        who="J. de Vries (AMK)",
        when="2026-11-20",
    )
    assert done, _text(message)
    events = _events()
    assert len(events) == before + 1  # the timeline reads this same table
    row = events[events["description"] == "Gesprek: zorgen om de weekenden thuis."].iloc[0]
    assert row["source_file"] == "gesprek met professional" and row["organisation"] == "AMK"
    assert row["persons"] == "Moeder; Kind A" and row["severity"] == 2
    assert '"wie": "J. de Vries (AMK)"' in row["source_text"]


def test_the_detail_panel_shows_the_history(app):
    from reconstruct.pages.events import show_detail

    eid = _events()["event_id"].iloc[100]
    _store().edit(eid, {"severity": 2}, user="bert", expect_version=0)
    _store().annotate(eid, "eerst navragen", user="bert")
    panel, cls = show_detail([{"event_id": eid}], None)
    text = _text(panel)
    assert cls == "events-page"
    for part in (
        "Historie",
        "Anders dan uit de bron",
        "ernst",
        "bert",
        "wijziging",
        "eerst navragen",
    ):
        assert part in text, part
    assert show_detail([], None) == (None, "events-page no-detail")


def test_the_timeline_detail_shows_the_history_too(app):
    from reconstruct.pages.timeline import show_detail

    events = _events()
    row = 110
    eid = events.at[row, "event_id"]
    _store().edit(
        eid, {"description": "Nieuwe lezing van het dossier"}, user="bert", expect_version=0
    )
    events = _events()
    row = int(events.index[events["event_id"] == eid][0])
    children, selected = show_detail({"points": [{"customdata": [row]}]})
    assert selected == eid
    assert "Nieuwe lezing van het dossier" in _text(children) and "Historie" in _text(children)


def test_the_acting_user_comes_from_the_login_when_there_is_one(app, monkeypatch):
    from reconstruct.pages.editing import _actor

    assert _actor() == "anna"  # the inspector's own machine: $RECONSTRUCT_USER
    monkeypatch.setattr("reconstruct.auth.current_user", lambda: "inspecteur-jansen")
    assert _actor() == "inspecteur-jansen"


def test_column_defs_offer_dutch_choices_and_keep_the_picker(app):
    from reconstruct.pages.events import COLUMNS, column_defs

    defs = {d["field"]: d for d in column_defs()}
    assert "Signaal" in defs["event_type"]["cellEditorParams"]["values"]
    assert "Werk en inkomen" in defs["domain"]["cellEditorParams"]["values"]
    assert "AMK" in defs["organisation"]["cellEditorParams"]["values"]
    assert defs["description"]["editable"] and "editable" not in defs["source_file"]
    assert len(column_defs(["organisation"])) == len(COLUMNS)
