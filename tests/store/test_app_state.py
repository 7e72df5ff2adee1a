"""The app's case: its effective table, re-read when the store changes (from any process)."""

from __future__ import annotations

import shutil

from reconstruct import app_state
from reconstruct.case import load_case
from reconstruct.ingest import EVENTS_FILE, ingest_case
from reconstruct.store import open_store


def test_events_follow_the_store(case_dir, db):
    app_state.open_case(case_dir, db)
    table = app_state.events()
    assert len(table) == 426
    assert app_state.events() is table  # cached while nothing changed
    eid = table["event_id"].iloc[0]
    with open_store(case_dir, db) as other:  # say, another inspector's process
        other.edit(eid, {"severity": 3}, user="bert", expect_version=0)
    fresh = app_state.events()
    assert fresh is not table
    assert fresh.set_index("event_id").loc[eid, "severity"] == 3
    store = app_state.store()
    store.delete(eid, user="anna", reason="dubbel", expect_version=1)
    assert eid not in set(app_state.events()["event_id"])
    assert len(app_state.findings()) > 0


def test_a_case_with_only_an_old_table_keeps_showing_it(case_dir):
    case = load_case(case_dir)
    result = ingest_case(case)
    (case.derived_dir).mkdir(exist_ok=True)
    result.events.to_parquet(case.derived_dir / EVENTS_FILE, index=False)
    shutil.rmtree(case_dir / "profiles")  # the sources can no longer be read as before
    (case_dir / "profiles").mkdir()
    (case_dir / "profiles" / "kapot.yaml").write_text("name: [\n", "utf-8")
    app_state.open_case(case_dir)
    assert app_state.events().equals(result.events.reset_index(drop=True))
    # the store got the earlier table as an import
    assert app_state.store().imports()["note"].iloc[-1] == "derived/events.parquet"
