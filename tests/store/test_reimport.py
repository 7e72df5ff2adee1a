"""Re-importing an updated extract keeps every edit, annotation and tag on events that still
exist, and lists those whose events vanished until the inspector resolves them."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from reconstruct.case import load_case
from reconstruct.ingest import ingest_case, write_result
from reconstruct.store import StoreError, open_store

JGZ = "jgz_contactmomenten.csv"


def _by_line(events: pd.DataFrame, line: int) -> str:
    hit = events[(events["source_file"] == JGZ) & (events["source_row"] == line)]
    assert len(hit) == 1
    return hit["event_id"].iloc[0]


def _change_extract(case_dir) -> None:
    """Line 3: other words in the report; line 4: gone (the file is cp1252, as received)."""
    path = case_dir / "sources" / JGZ
    lines = path.read_bytes().decode("cp1252").splitlines(keepends=True)
    assert "Consult 2 maanden" in lines[2]
    lines[2] = lines[2].replace("Consult 2 maanden", "Consult op 2 maanden")
    del lines[3]
    path.write_bytes("".join(lines).encode("cp1252"))


def _counts(store) -> dict:
    with store.engine.connect() as conn:
        return {
            name: conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar()
            for name in ("overlay", "annotations", "tags", "audit", "events")
        }


def test_reimport_keeps_every_edit_and_lists_the_vanished(case_dir, db):
    case = load_case(case_dir)
    assert write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        before = store.events()
        changed, gone, kept = (_by_line(before, n) for n in (3, 4, 6))
        for eid in (changed, gone, kept):
            store.edit(eid, {"severity": 2}, user="anna", expect_version=0)
            store.annotate(eid, f"notitie bij {eid}", user="anna")
            store.tag(eid, "nagaan", user="anna")
        store.delete(_by_line(before, 7), user="anna", reason="dubbel", expect_version=0)
        manual = store.add_event(
            {"description": "Uit gesprek met de wijkverpleegkundige"},
            user="anna",
            source="gesprek met professional",
        )
        work = _counts(store)

    _change_extract(case_dir)
    result = ingest_case(case)
    assert write_result(case, result, db=db, user="importeur")

    with open_store(case, db) as store:
        after = store.events()
        ids = set(after["event_id"])
        # the edited row got a new id, the deleted row is gone, the rest is as it was
        assert changed not in ids and gone not in ids
        assert kept in ids and manual in ids
        new_changed = _by_line(after, 3)
        assert "Consult op 2 maanden" in after.set_index("event_id").loc[new_changed, "description"]
        assert len(after) == len(result.events) - 1 + 1  # one soft-deleted, one manual
        row = after.set_index("event_id").loc[kept]
        assert row["severity"] == 2
        h = store.history(kept)
        assert h["tags"] == ["nagaan"] and len(h["annotations"]) == 1
        assert _by_line(before, 7) not in ids  # still soft-deleted
        # nothing was lost: every overlay row, note, tag and audit entry is still stored
        now = _counts(store)
        for name in ("overlay", "annotations", "tags", "events"):
            assert now[name] >= work[name], name
        assert now["audit"] == work["audit"] + 1  # the import itself
        vanished = {v["event_id"]: v for v in store.unresolved()}
        assert set(vanished) == {changed, gone}
        assert vanished[changed]["edited"] == ["severity"]
        assert vanished[changed]["annotations"] == 1
        assert vanished[changed]["tags"] == ["nagaan"]
        assert vanished[changed]["candidates"][0] == new_changed
        assert vanished[gone]["removed_import"] == store.imports()["id"].iloc[-1]
        assert store.history(gone)["present"] is False
        # edits of a vanished event are not silently applied to anything
        with pytest.raises(StoreError, match="niet meer in de bron"):
            store.edit(gone, {"severity": 1}, user="anna", expect_version=1)

        # the inspector resolves them: move one, dismiss the other
        store.resolve(changed, user="anna", to=new_changed)
        store.resolve(gone, user="anna")
        assert store.unresolved() == []
        moved = store.history(new_changed)
        assert moved["version"] == 1 and moved["tags"] == ["nagaan"]
        assert moved["moved_from"] == [changed]
        assert [c["action"] for c in moved["changes"]][:3] == ["edit", "annotate", "tag"]
        assert store.events().set_index("event_id").loc[new_changed, "severity"] == 2
        assert store.history(gone)["resolution"] == "dismissed"
        assert len(store.history(gone)["annotations"]) == 1  # kept with the vanished event
        with pytest.raises(StoreError, match="al opgelost"):
            store.resolve(gone, user="anna")


def test_reimport_keeps_the_sources_as_received(case_dir, db):
    case = load_case(case_dir)
    write_result(case, ingest_case(case), db=db, user="importeur")
    original = (case_dir / "sources" / JGZ).read_bytes()
    _change_extract(case_dir)
    write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        versions = store.sources(all_versions=True)
        jgz = versions[versions["file"] == JGZ]
        assert jgz["current"].tolist() == [False, True]
        old = jgz.iloc[0]
        assert store.source_content(old["content_hash"]) == original
        assert old["size"] == len(original)
        assert old["organisations"] == "JGZ"
        assert len(store.sources()) == len(list((case_dir / "sources").iterdir()))
        assert store.imports()[["added", "removed"]].iloc[-1].tolist() == [1, 2]


def test_unchanged_reimport_changes_nothing(store, demo_result):
    eid = store.events()["event_id"].iloc[0]
    store.edit(eid, {"severity": 3}, user="anna", expect_version=0)
    table = store.events()
    summary = store.import_result(demo_result, user="importeur")
    assert (summary.added, summary.changed, summary.removed, summary.vanished) == (0, 0, 0, [])
    assert store.events().equals(table)


def test_resolving_onto_an_edited_event_is_refused(case_dir, db):
    case = load_case(case_dir)
    write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        changed = _by_line(store.events(), 3)
        store.edit(changed, {"severity": 2}, user="anna", expect_version=0)
    _change_extract(case_dir)
    write_result(case, ingest_case(case), db=db, user="importeur")
    with open_store(case, db) as store:
        target = _by_line(store.events(), 3)
        store.edit(target, {"severity": 1}, user="bert", expect_version=0)
        with pytest.raises(StoreError, match="zelf al bewerkingen"):
            store.resolve(changed, user="anna", to=target)
        assert [v["event_id"] for v in store.unresolved()] == [changed]
