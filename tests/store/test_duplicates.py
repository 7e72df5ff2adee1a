"""Merging and unlinking duplicates: overlay edits of `duplicate_of` that are audited, versioned,
followed through chains and deletes, and win over the links a re-import makes."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.case import load_case
from reconstruct.ingest import ingest_case, write_result
from reconstruct.schema import validate
from reconstruct.store import ConflictError, FieldError, StoreError, open_store


def _links(store) -> pd.Series:
    return store.events().set_index("event_id")["duplicate_of"]


def _linked_pair(table: pd.DataFrame) -> tuple[str, str]:
    dup = table[table["duplicate_of"].notna()].iloc[0]
    return dup["event_id"], dup["duplicate_of"]


def _unlinked(table: pd.DataFrame, n: int = 0) -> str:
    firsts = set(table["duplicate_of"].dropna())
    free = table[table["duplicate_of"].isna() & ~table["event_id"].isin(firsts)]
    return free["event_id"].iloc[n]


def test_merge_links_and_unlink_separates_with_history(store):
    table = store.events()
    a, b = _unlinked(table, 3), _unlinked(table, 4)
    assert store.merge(b, a, user="anna", expect_version=0) == 1
    assert _links(store)[b] == a
    assert validate(store.events()).empty
    assert store.unlink(b, user="bert", expect_version=1) == 2
    assert pd.isna(_links(store)[b])
    log = store.audit(event_id=b)
    assert log["action"].tolist() == ["merge", "unlink"]
    log = log.astype(object).where(log.notna(), None)
    assert log[["field", "old", "new"]].values.tolist() == [
        ["duplicate_of", None, a],
        ["duplicate_of", a, None],
    ]
    h = store.history(b)
    assert h["duplicate_of"] == {"source": None, "current": None, "decided": True}
    assert store.overlay_info().set_index("event_id").loc[b, "edited"] == ["duplicate_of"]


def test_unlinking_an_automatic_link(store):
    table = store.events()
    dup, first = _linked_pair(table)
    store.unlink(dup, user="anna", expect_version=0)
    after = store.events()
    assert pd.isna(after.set_index("event_id").loc[dup, "duplicate_of"])
    assert after["duplicate_of"].notna().sum() == table["duplicate_of"].notna().sum() - 1
    with pytest.raises(StoreError, match="niet als dubbel gekoppeld"):
        store.unlink(dup, user="anna", expect_version=1)


def test_merging_a_group_follows_the_chain(store):
    table = store.events()
    dup, first = _linked_pair(table)
    other = _unlinked(table, 2)
    store.merge(first, other, user="anna", expect_version=0)
    links = _links(store)
    assert links[first] == other and links[dup] == other  # the copy follows its original
    assert pd.isna(links[other])
    assert validate(store.events()).empty


@pytest.mark.parametrize("what", ["self", "cycle", "deleted", "unknown"])
def test_impossible_merges_are_refused_and_nothing_is_written(store, what):
    table = store.events()
    dup, first = _linked_pair(table)
    other = _unlinked(table)
    if what == "deleted":
        store.delete(other, user="anna", reason="test", expect_version=0)
    before = len(store.audit())
    event, into, error, message = {
        "self": (other, other, FieldError, "zichzelf"),
        "cycle": (first, dup, StoreError, "ontkoppel dat eerst"),
        "deleted": (first, other, StoreError, "verwijderd"),
        "unknown": (first, "ev-0000000000000000", StoreError, "geen gebeurtenis"),
    }[what]
    with pytest.raises(error, match=message):
        store.merge(event, into, user="anna", expect_version=0)
    assert len(store.audit()) == before


def test_merge_from_a_stale_version_is_refused(store, case_dir, db):
    table = store.events()
    a, b = _unlinked(table, 0), _unlinked(table, 1)
    with open_store(case_dir, db) as other:
        store.edit(b, {"severity": 1}, user="anna", expect_version=0)
        with pytest.raises(ConflictError, match="intussen gewijzigd door anna"):
            other.merge(b, a, user="bert", expect_version=0)
    assert pd.isna(_links(store)[b])


def test_deleting_the_original_of_a_merged_event(store):
    table = store.events()
    a, b = _unlinked(table, 0), _unlinked(table, 1)
    store.merge(b, a, user="anna", expect_version=0)
    store.delete(a, user="anna", reason="dubbel", expect_version=0)
    shown = store.events()
    assert pd.isna(shown.set_index("event_id").loc[b, "duplicate_of"])
    assert validate(shown).empty


def test_confirming_an_automatic_link_keeps_it_after_reimport(store):
    dup, first = _linked_pair(store.events())
    assert store.merge(dup, first, user="anna", expect_version=0) == 1  # recorded as decided
    assert store.history(dup)["duplicate_of"]["decided"] is True
    assert store.merge(dup, first, user="anna", expect_version=1) == 1  # nothing new


def test_the_inspectors_decision_wins_over_a_reimport(case_dir, db):
    case = load_case(case_dir)
    assert write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        table = store.events()
        dup, first = _linked_pair(table)
        a, b = _unlinked(table, 0), _unlinked(table, 1)
        store.unlink(dup, user="anna", expect_version=0)
        store.merge(b, a, user="anna", expect_version=0)
    # Re-import: the linker links `dup` again and does not link `b`.
    assert write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        links = _links(store)
        assert pd.isna(links[dup]) and links[b] == a
        assert store.imports()["id"].iloc[-1] == 2
        assert store.audit(event_id=dup)["action"].tolist() == ["unlink"]
