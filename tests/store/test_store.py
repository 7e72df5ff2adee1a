"""The case store through its Python API: the effective table, edits, versions, deletes,
manual events, annotations, tags, views and the audit log (SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
import re
import threading

import pandas as pd
import pytest
import sqlalchemy as sa

from reconstruct.schema import validate
from reconstruct.store import ConflictError, FieldError, StoreError, open_store

SECRET = "Geheimtekst-Vertrouwelijk-4711"


def _row(store, event_id, include_deleted=False):
    return store.events(include_deleted=include_deleted).set_index("event_id").loc[event_id]


def test_effective_table_equals_the_ingest_without_edits(store, demo_result):
    table = store.events()
    assert table.equals(demo_result.events.reset_index(drop=True))
    assert validate(table).empty


def test_edit_is_applied_with_dates_reparsed_and_values_normalised(store):
    eid = store.events()["event_id"].iloc[10]
    version = store.edit(
        eid,
        {"date_raw": "voorjaar 2010", "persons": "Sanne; Jesse", "severity": "2"},
        user="anna",
        expect_version=0,
    )
    assert version == 1
    row = _row(store, eid)
    assert (row["date_start"], row["date_end"]) == (
        pd.Timestamp("2010-03-01"),
        pd.Timestamp("2010-05-31"),
    )
    assert row["date_precision"] == "season"
    assert row["persons"] == "Moeder; Kind A"
    assert row["severity"] == 2
    table = store.events()
    assert validate(table).empty
    assert table["event_id"].tolist().index(eid) != 10  # moved to its new date


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"colour": "rood"}, "geen bewerkbaar veld"),
        ({"severity": "7"}, "ernst 0-3"),
        ({"severity": "hoog"}, "ernst 0-3"),
        ({"domain": "sport"}, "bestaat niet"),
        ({"event_type": ""}, "mag niet leeg"),
        ({"event_type": "party"}, "bestaat niet"),
        ({"persons": "Onbekende Buurman"}, "onbekende persoon"),
        ({"source_file": "x.csv"}, "geen bewerkbaar veld"),
    ],
)
def test_bad_edits_are_refused_and_nothing_is_written(store, changes, message):
    eid = store.events()["event_id"].iloc[0]
    before = (store.revision(), len(store.audit()))
    with pytest.raises(FieldError, match=message):
        store.edit(eid, changes, user="anna", expect_version=0)
    assert (store.revision(), len(store.audit())) == before
    assert store.version(eid) == 0


def test_labels_are_accepted_for_domain_and_type(store):
    eid = store.events()["event_id"].iloc[0]
    store.edit(
        eid, {"domain": "Werk en inkomen", "event_type": "Signaal"}, user="a", expect_version=0
    )
    row = _row(store, eid)
    assert (row["domain"], row["event_type"]) == ("werk_inkomen", "signal")


def test_editing_back_to_the_source_value_drops_the_override_but_keeps_history(store):
    eid = store.events()["event_id"].iloc[3]
    original = _row(store, eid)["description"]
    store.edit(eid, {"description": "andere tekst"}, user="anna", expect_version=0)
    store.edit(eid, {"description": original}, user="bert", expect_version=1)
    assert _row(store, eid)["description"] == original
    assert store.overlay_info().set_index("event_id").loc[eid, "edited"] == []
    h = store.history(eid)
    assert [(c["actor"], c["new"]) for c in h["changes"]] == [
        ("anna", "andere tekst"),
        ("bert", original),
    ]
    assert h["source"]["description"] == original and h["version"] == 2


def test_an_edit_that_changes_nothing_keeps_the_version(store):
    eid = store.events()["event_id"].iloc[3]
    same = _row(store, eid)["event_type"]
    assert store.edit(eid, {"event_type": same}, user="anna", expect_version=0) == 0
    assert store.audit(event_id=eid).empty


def test_second_save_from_the_same_version_is_refused(store, case_dir, db):
    eid = store.events()["event_id"].iloc[5]
    with open_store(case_dir, db) as other:
        v_anna, v_bert = store.version(eid), other.version(eid)
        store.edit(eid, {"severity": 1}, user="anna", expect_version=v_anna)
        with pytest.raises(ConflictError, match=r"intussen gewijzigd door anna.*versie 1"):
            other.edit(eid, {"severity": 3}, user="bert", expect_version=v_bert)
        assert _row(other, eid)["severity"] == 1
        assert store.audit(event_id=eid)["actor"].tolist() == ["anna"]
        other.edit(eid, {"severity": 3}, user="bert", expect_version=1)
    assert _row(store, eid)["severity"] == 3


def test_the_api_requires_the_version_an_edit_started_from(store):
    eid = store.events()["event_id"].iloc[0]
    with pytest.raises(TypeError):
        store.edit(eid, {"severity": 1}, user="anna")


def test_soft_delete_hides_keeps_and_restores(store):
    table = store.events()
    dup = table[table["duplicate_of"].notna()].iloc[0]
    first = dup["duplicate_of"]
    with pytest.raises(FieldError, match="reden"):
        store.delete(first, user="anna", reason=" ", expect_version=0)
    store.delete(first, user="anna", reason="dubbel ingevoerd", expect_version=0)
    shown = store.events()
    assert first not in set(shown["event_id"]) and len(shown) == len(table) - 1
    # its copies: the first remaining one is now the original, the others point at it
    copies = table.loc[table["duplicate_of"] == first, "event_id"].tolist()
    links = shown.set_index("event_id")["duplicate_of"]
    assert pd.isna(links[copies[0]])
    assert all(links[c] == copies[0] for c in copies[1:])
    assert validate(shown).empty
    everything = store.events(include_deleted=True)
    assert everything.set_index("event_id").loc[first, "deleted"]
    with pytest.raises(StoreError, match="al verwijderd"):
        store.delete(first, user="anna", reason="nogmaals", expect_version=1)
    store.restore(first, user="bert", expect_version=1)
    assert store.events().equals(table)
    assert store.audit(event_id=first)["action"].tolist() == ["delete", "restore"]


def test_manual_event_has_a_stable_looking_id_provenance_and_its_place(store):
    eid = store.add_event(
        {
            "date_raw": "15-05-2014",
            "event_type": "contact",
            "organisation": "amk",
            "description": "Gesprek: Sanne vertelde over de zorgen om Jesse.",
        },
        user="anna",
        source="gesprek met professional",
        who="J. de Vries (AMK)",
        when="2026-11-20",
    )
    assert re.fullmatch(r"ev-[0-9a-f]{16}", eid)
    table = store.events()
    assert validate(table).empty
    row = table.set_index("event_id").loc[eid]
    assert row["organisation"] == "AMK" and row["domain"] == "veiligheid"
    assert row["persons"] == "Moeder; Kind A"
    assert row["source_file"] == "gesprek met professional" and row["source_row"] == 1
    assert '"wie": "J. de Vries (AMK)"' in row["source_text"]
    dates = table["date_start"].fillna(table["date_end"])
    pos = table["event_id"].tolist().index(eid)
    assert dates.iloc[pos - 1] <= pd.Timestamp("2014-05-15") <= dates.iloc[pos + 1]
    again = store.add_event(
        {"description": "Tweede gesprek"}, user="anna", source="gesprek met professional"
    )
    assert again != eid
    assert _row(store, again)["date_precision"] == "unknown"
    assert _row(store, again)["source_row"] == 2
    with pytest.raises(FieldError, match="description"):
        store.add_event({"event_type": "contact"}, user="anna")
    # a manual event is edited like any other
    store.edit(eid, {"severity": 2}, user="bert", expect_version=0)
    assert _row(store, eid)["severity"] == 2
    assert store.history(eid)["origin"] == "manual"


def test_annotations_and_tags(store):
    eid = store.events()["event_id"].iloc[7]
    assert store.annotate(eid, "navragen bij JGZ", user="anna") >= 1
    assert store.tag(eid, "belangrijk", user="anna") is True
    assert store.tag(eid, "belangrijk", user="anna") is False
    assert store.tag(eid, "tijdlijn", user="anna") is True
    assert store.tag(eid, "tijdlijn", user="anna", remove=True) is True
    h = store.history(eid)
    assert h["tags"] == ["belangrijk"]
    assert [n["text"] for n in h["annotations"]] == ["navragen bij JGZ"]
    assert store.audit(event_id=eid)["action"].tolist() == ["annotate", "tag", "tag", "untag"]
    with pytest.raises(FieldError):
        store.annotate(eid, "  ", user="anna")


def test_saved_views(store):
    store.save_view("veiligheid", "http://127.0.0.1:8050/?van=2005&domein=veiligheid", user="a")
    store.save_view("veiligheid", "van=2006&domein=veiligheid", user="b")
    assert store.views()[["name", "query"]].values.tolist() == [
        ["veiligheid", "van=2006&domein=veiligheid"]
    ]
    with pytest.raises(ValueError, match="kleur"):
        store.save_view("fout", "kleur=rood", user="a")
    store.delete_view("veiligheid", user="a")
    assert store.views().empty


def test_audit_log_is_append_only(store):
    eid = store.events()["event_id"].iloc[0]
    store.edit(eid, {"severity": 1}, user="anna", expect_version=0)
    for statement in ("UPDATE audit SET actor = 'iemand anders'", "DELETE FROM audit"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), store.engine.begin() as conn:
            conn.execute(sa.text(statement))
    assert store.audit()["actor"].tolist()[-1] == "anna"


def test_revision_grows_with_every_change(store):
    eid = store.events()["event_id"].iloc[0]
    r0 = store.revision()
    store.annotate(eid, "x", user="a")
    r1 = store.revision()
    store.edit(eid, {"severity": 1}, user="a", expect_version=0)
    assert r0 < r1 < store.revision()


def test_no_case_text_in_log_messages(case_dir, db, demo_result, caplog):
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)  # even SQL echo
    try:
        with open_store(case_dir, db) as s:
            s.import_result(demo_result, user="importeur")
            eid = s.events()["event_id"].iloc[0]
            s.edit(eid, {"description": SECRET}, user="anna", expect_version=0)
            with pytest.raises(ConflictError):
                s.edit(eid, {"description": SECRET + "2"}, user="bert", expect_version=0)
            s.annotate(eid, SECRET, user="anna")
            s.add_event({"description": SECRET}, user="anna")
            s.events()
    finally:
        logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    assert caplog.records, "expected some log records"
    assert SECRET not in caplog.text
    assert "Sanne" not in caplog.text  # nor text from the sources


def test_a_server_database_holds_one_case(store, case_dir, db, tmp_path):
    if db is None:
        pytest.skip("an SQLite store lives in its own case folder")
    other = tmp_path / "ander"
    other.mkdir()
    (other / "case.yaml").write_text("name: Andere casus\n", "utf-8")
    with pytest.raises(StoreError, match="hoort bij casus"):
        open_store(other, db)


def test_simultaneous_saves_from_one_version_let_exactly_one_through(store, case_dir, db):
    eid = store.events()["event_id"].iloc[2]
    stores = [open_store(case_dir, db) for _ in range(4)]
    barrier = threading.Barrier(len(stores))
    outcome: list[str] = []

    def save(k: int) -> None:
        barrier.wait()
        try:
            stores[k].edit(eid, {"severity": k}, user=f"u{k}", expect_version=0)
            outcome.append("saved")
        except ConflictError:
            outcome.append("refused")

    threads = [threading.Thread(target=save, args=(k,)) for k in range(len(stores))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    for s in stores:
        s.close()
    assert sorted(outcome) == ["refused"] * (len(stores) - 1) + ["saved"]
    assert store.version(eid) == 1
    assert len(store.audit(event_id=eid)) == 1
