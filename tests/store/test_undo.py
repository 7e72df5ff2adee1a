"""Undo from the audit log: every kind of action taken back, one action per step (an edit of
several fields is one), audited itself, and refused when someone else changed the event since."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.store import ConflictError, StoreError, open_store


def _row(store, event_id, include_deleted=False) -> pd.Series:
    return store.events(include_deleted=include_deleted).set_index("event_id").loc[event_id]


def test_undo_an_edit_of_several_fields_in_one_step(store):
    table = store.events()
    eid = table["event_id"].iloc[12]
    store.edit(eid, {"severity": 3, "date_raw": "mei 2014"}, user="anna", expect_version=0)
    store.edit(eid, {"description": "nieuwe tekst"}, user="anna", expect_version=1)
    assert store.last_action("anna")["fields"] == ["description"]
    [done] = store.undo(user="anna")
    assert done["action"] == "edit" and "omschrijving" in done["description"]
    assert _row(store, eid)["description"] == table.set_index("event_id").loc[eid, "description"]
    assert _row(store, eid)["severity"] == 3
    [done] = store.undo(user="anna")
    assert set(done["fields"]) == {"severity", "date_raw"}
    assert store.events().equals(table)  # back where it was, dates and order included
    assert store.overlay_info().set_index("event_id").loc[eid, "edited"] == []
    log = store.audit(event_id=eid)
    assert log["action"].tolist() == ["edit"] * 3 + ["undo"] * 3
    assert log["detail"].iloc[3].startswith("edit #")
    with pytest.raises(StoreError, match="niets"):
        store.undo(user="anna")


def test_undo_several_steps_of_every_kind(store):
    table = store.events()
    eid, other = table["event_id"].iloc[20], table["event_id"].iloc[21]
    dup = table[table["duplicate_of"].notna()].iloc[0]
    sug = table[
        table["suggested_event_type"].notna()
        & (table["suggested_event_type"] != table["event_type"])
        & table["duplicate_of"].isna()
    ]["event_id"].iloc[0]
    revision = store.revision()
    store.annotate(eid, "navragen", user="anna")
    store.tag(eid, "kernmoment", user="anna")
    store.tag(other, "weg", user="anna")
    store.tag(other, "weg", user="anna", remove=True)
    store.delete(eid, user="anna", reason="test", expect_version=0)
    store.restore(eid, user="anna", expect_version=1)
    store.unlink(dup["event_id"], user="anna", expect_version=0)
    store.merge(other, eid, user="anna", expect_version=0)
    store.confirm(sug, user="anna", expect_version=0)
    store.reject(sug, user="anna", expect_version=1)
    added = store.add_event({"description": "Gesprek met de huisarts"}, user="anna")
    done = store.undo(user="anna", steps=11)
    assert [d["action"] for d in done] == [
        "add",
        "reject",
        "confirm",
        "merge",
        "unlink",
        "restore",
        "delete",
        "untag",
        "tag",
        "tag",
        "annotate",
    ]
    assert _row(store, added, include_deleted=True)["deleted"]  # hidden, never removed
    assert store.events().equals(table)
    h = store.history(eid)
    assert h["tags"] == [] and h["annotations"] == [] and not h["deleted"]
    assert store.history(other)["tags"] == []
    assert store.revision() > revision
    assert store.last_action("anna") is None


def test_undoing_a_restore_deletes_again_with_the_reason(store):
    eid = store.events()["event_id"].iloc[3]
    store.delete(eid, user="anna", reason="verkeerde casus", expect_version=0)
    store.restore(eid, user="anna", expect_version=1)
    store.undo(user="anna")
    h = store.history(eid)
    assert h["deleted"] and h["delete_reason"] == "verkeerde casus"


def test_only_ones_own_actions_are_undone(store):
    table = store.events()
    a, b = table["event_id"].iloc[1], table["event_id"].iloc[2]
    store.edit(a, {"severity": 1}, user="anna", expect_version=0)
    store.edit(b, {"severity": 2}, user="bert", expect_version=0)
    [done] = store.undo(user="anna")
    assert done["event_id"] == a
    assert pd.isna(_row(store, a)["severity"]) and _row(store, b)["severity"] == 2


def test_undo_is_refused_when_someone_else_changed_the_event_since(store, case_dir, db):
    eid = store.events()["event_id"].iloc[4]
    store.edit(eid, {"severity": 1}, user="anna", expect_version=0)
    with open_store(case_dir, db) as other:
        other.edit(eid, {"description": "bert was hier"}, user="bert", expect_version=1)
        other.annotate(eid, "een notitie stoort niet", user="bert")
    before = (store.revision(), len(store.audit()))
    with pytest.raises(ConflictError, match=r"bert heeft .* intussen gewijzigd"):
        store.undo(user="anna")
    assert (store.revision(), len(store.audit())) == before
    assert _row(store, eid)["severity"] == 1
    # once bert took his change back, anna's undo goes through
    assert [d["action"] for d in store.undo(user="bert", steps=2)] == ["annotate", "edit"]
    store.undo(user="anna")
    assert pd.isna(_row(store, eid)["severity"])


def test_a_refusal_after_some_steps_says_how_many_were_undone(store):
    table = store.events()
    a, b = table["event_id"].iloc[6], table["event_id"].iloc[7]
    store.edit(a, {"severity": 2}, user="anna", expect_version=0)
    store.edit(a, {"severity": 3}, user="bert", expect_version=1)
    store.edit(b, {"severity": 2}, user="anna", expect_version=0)
    with pytest.raises(ConflictError, match="1 stap"):
        store.undo(user="anna", steps=2)
    assert pd.isna(_row(store, b)["severity"]) and _row(store, a)["severity"] == 3


def test_undo_of_a_label_someone_else_touched_is_refused(store):
    eid = store.events()["event_id"].iloc[8]
    store.tag(eid, "nagaan", user="anna")
    store.tag(eid, "ander", user="bert")
    store.tag(eid, "nagaan", user="bert", remove=True)
    with pytest.raises(ConflictError):
        store.undo(user="anna")
