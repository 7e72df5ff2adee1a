"""Confirming or rejecting the lexicon's suggested type: an audited edit, and a rejection that
is no longer offered, also after a re-import, until the suggestion itself changes."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.case import load_case
from reconstruct.ingest import ingest_case, write_result
from reconstruct.schema import validate
from reconstruct.store import ConflictError, StoreError, open_store


def _row(store, event_id) -> pd.Series:
    return store.events().set_index("event_id").loc[event_id]


def _suggested(table: pd.DataFrame, with_severity: bool = True) -> pd.Series:
    differs = table["suggested_event_type"].notna() & (
        table["suggested_event_type"] != table["event_type"]
    )
    has = table["suggested_severity"].notna()
    return table[differs & (has if with_severity else ~has)].iloc[0]


def test_confirm_copies_the_suggestion_as_an_edit(store):
    ev = _suggested(store.events())
    assert store.confirm(ev["event_id"], user="anna", expect_version=0) == 1
    row = _row(store, ev["event_id"])
    assert (row["event_type"], row["subtype"], row["severity"]) == (
        ev["suggested_event_type"],
        ev["suggested_subtype"],
        ev["suggested_severity"],
    )
    log = store.audit(event_id=ev["event_id"])
    assert set(log["action"]) == {"confirm"} and "event_type" in set(log["field"])
    assert set(log["detail"]) == {"versie 1"}
    h = store.history(ev["event_id"])
    assert h["current"]["event_type"] == ev["suggested_event_type"]
    assert h["source"]["event_type"] == ev["event_type"]
    assert validate(store.events()).empty


def test_confirm_without_a_suggested_severity_keeps_the_events_own(store):
    table = store.events()
    ev = _suggested(table, with_severity=False)
    store.edit(ev["event_id"], {"severity": 1}, user="anna", expect_version=0)
    store.confirm(ev["event_id"], user="anna", expect_version=1)
    row = _row(store, ev["event_id"])
    assert row["event_type"] == ev["suggested_event_type"] and row["severity"] == 1


def test_reject_hides_the_suggestion_and_confirm_withdraws_the_rejection(store):
    ev = _suggested(store.events())
    eid = ev["event_id"]
    assert store.reject(eid, user="anna", expect_version=0) == 1
    row = _row(store, eid)
    assert pd.isna(row["suggested_event_type"]) and pd.isna(row["suggested_terms"])
    assert row["event_type"] == ev["event_type"]  # the event itself is unchanged
    h = store.history(eid)
    assert h["suggestion"]["event_type"] == ev["suggested_event_type"]
    assert h["suggestion_rejected"] == h["suggestion"]
    assert store.reject(eid, user="anna", expect_version=1) == 1  # already rejected
    store.confirm(eid, user="bert", expect_version=1)
    row = _row(store, eid)
    assert row["event_type"] == ev["suggested_event_type"]
    assert row["suggested_event_type"] == ev["suggested_event_type"]
    assert store.history(eid)["suggestion_rejected"] is None


def test_without_a_suggestion_or_from_a_stale_version_it_is_refused(store):
    table = store.events()
    plain = table[table["suggested_event_type"].isna()]["event_id"].iloc[0]
    for action in (store.confirm, store.reject):
        with pytest.raises(StoreError, match="geen voorgestelde soort"):
            action(plain, user="anna", expect_version=0)
    eid = _suggested(table)["event_id"]
    store.edit(eid, {"description": "andere woorden"}, user="anna", expect_version=0)
    with pytest.raises(ConflictError):
        store.reject(eid, user="bert", expect_version=0)


def test_a_rejection_survives_a_reimport_until_the_suggestion_changes(case_dir, db):
    case = load_case(case_dir)
    assert write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        ev = _suggested(store.events())
        store.reject(ev["event_id"], user="anna", expect_version=0)
    result = ingest_case(case)
    assert write_result(case, result, db=db, user="importeur")
    with open_store(case, db) as store:
        assert pd.isna(_row(store, ev["event_id"])["suggested_event_type"])
        # The same event with another suggestion (a new lexicon, say) is offered again.
        changed = result.events.copy()
        at = changed.index[changed["event_id"] == ev["event_id"]][0]
        changed.loc[at, "suggested_severity"] = 3 if ev["suggested_severity"] != 3 else 1
        store.import_events(changed, user="importeur")
        row = _row(store, ev["event_id"])
        assert row["suggested_event_type"] == ev["suggested_event_type"]
