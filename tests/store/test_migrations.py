"""Schema versions: an older case database opens in this version and is migrated; the migrated
layout is exactly the one the code uses; a newer or foreign database is refused."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from reconstruct.store import StoreError, open_store
from reconstruct.store import tables as t
from reconstruct.store.engine import database_url, make_engine
from reconstruct.store.migrations import LATEST, MIGRATIONS, migrate

# The layout version 1 wrote, as SQLite DDL: what a case from that release has on disk.
V1_SQLITE = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at DATETIME NOT NULL,
    description TEXT);
CREATE TABLE store_state (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL, case_name TEXT,
    created_at DATETIME NOT NULL);
CREATE TABLE imports (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, actor TEXT NOT NULL,
    events INTEGER NOT NULL, added INTEGER NOT NULL, changed INTEGER NOT NULL,
    removed INTEGER NOT NULL, note TEXT);
CREATE TABLE source_blobs (content_hash TEXT PRIMARY KEY, content BLOB NOT NULL);
CREATE TABLE sources (id INTEGER PRIMARY KEY, file TEXT NOT NULL, source_key TEXT,
    content_hash TEXT REFERENCES source_blobs (content_hash), size BIGINT, received DATE,
    organisations TEXT, reader TEXT, profile TEXT, events INTEGER, file_order INTEGER,
    current BOOLEAN NOT NULL, import_id INTEGER NOT NULL REFERENCES imports (id),
    replaced_import INTEGER REFERENCES imports (id));
CREATE TABLE events (event_id TEXT PRIMARY KEY, date_start DATETIME, date_end DATETIME,
    date_precision TEXT, date_raw TEXT, organisation TEXT, organisation_raw TEXT, domain TEXT,
    persons TEXT, event_type TEXT, subtype TEXT, severity SMALLINT, description TEXT,
    source_file TEXT, source_sheet TEXT, source_row INTEGER, source_text TEXT,
    duplicate_of TEXT, warnings TEXT, suggested_event_type TEXT, suggested_subtype TEXT,
    suggested_severity SMALLINT, suggested_terms TEXT, origin TEXT NOT NULL,
    position INTEGER, first_import INTEGER REFERENCES imports (id),
    removed_import INTEGER REFERENCES imports (id), created_by TEXT, created_at DATETIME);
CREATE TABLE overlay (event_id TEXT PRIMARY KEY REFERENCES events (event_id),
    version INTEGER NOT NULL, changes TEXT NOT NULL, deleted BOOLEAN NOT NULL,
    delete_reason TEXT, updated_by TEXT NOT NULL, updated_at DATETIME NOT NULL);
CREATE TABLE annotations (id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events (event_id), text TEXT NOT NULL,
    actor TEXT NOT NULL, at DATETIME NOT NULL);
CREATE TABLE tags (event_id TEXT NOT NULL REFERENCES events (event_id), tag TEXT NOT NULL,
    actor TEXT NOT NULL, at DATETIME NOT NULL, PRIMARY KEY (event_id, tag));
CREATE TABLE audit (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, actor TEXT NOT NULL,
    action TEXT NOT NULL, event_id TEXT, field TEXT, old TEXT, new TEXT, detail TEXT);
CREATE INDEX ix_events_source_file ON events (source_file);
CREATE INDEX ix_audit_event_id ON audit (event_id);
CREATE INDEX ix_annotations_event_id ON annotations (event_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""

V1_STATE = [
    "INSERT INTO schema_version VALUES (1, '2026-01-05 10:00:00', 'v1')",
    "INSERT INTO store_state VALUES (1, 4, NULL, '2026-01-05 10:00:00')",
]
V1_DATA = [
    "UPDATE store_state SET case_name = 'Demo — gezin Veldhoen (synthetisch)'",
    "INSERT INTO imports VALUES (1, '2026-01-05 10:00:00', 'anna', 1, 1, 0, 0, NULL)",
    "INSERT INTO sources (file, current, import_id, file_order) VALUES ('a.csv', TRUE, 1, 0)",
    "INSERT INTO events (event_id, date_start, date_end, date_precision, date_raw, "
    "organisation, event_type, description, source_file, source_row, origin, position, "
    "first_import) VALUES ('ev-00000000000000a1', '2014-05-15 00:00:00.000000', "
    "'2014-05-15 00:00:00.000000', 'day', '15-05-2014', 'AMK', 'contact', "
    "'Huisbezoek.', 'a.csv', 2, 'source', 0, 1)",
    "INSERT INTO overlay VALUES ('ev-00000000000000a1', 1, '{\"severity\": 2}', FALSE, NULL, "
    "'anna', '2026-01-06 09:00:00')",
    "INSERT INTO annotations VALUES (1, 'ev-00000000000000a1', 'nagaan', 'anna', "
    "'2026-01-06 09:01:00')",
    "INSERT INTO tags VALUES ('ev-00000000000000a1', 'belangrijk', 'anna', '2026-01-06 09:02:00')",
    "INSERT INTO audit (at, actor, action, event_id, field, old, new) VALUES "
    "('2026-01-06 09:00:00', 'anna', 'edit', 'ev-00000000000000a1', 'severity', 'null', '2')",
]


def _check_v1_data_survived(store) -> None:
    assert store.schema_version() == LATEST
    row = store.events().set_index("event_id").loc["ev-00000000000000a1"]
    assert row["severity"] == 2 and row["description"] == "Huisbezoek."
    h = store.history("ev-00000000000000a1")
    assert h["version"] == 1 and h["tags"] == ["belangrijk"]
    assert [c["actor"] for c in h["changes"]] == ["anna"]
    assert h["resolution"] is None  # a v2 column, empty for old rows
    # v2 features work on the migrated database
    store.save_view("v", "van=2014", user="anna")
    store.add_user("anna", "lang-genoeg", "admin", user="anna")
    assert store.role_of("anna") == "admin"


def test_a_version_1_sqlite_database_made_by_hand_is_migrated(case_dir):
    path = case_dir / "case.db"
    con = sqlite3.connect(path)
    con.executescript(V1_SQLITE)
    for statement in V1_STATE + V1_DATA:
        con.execute(statement)
    con.commit()
    con.close()
    with open_store(case_dir) as store:
        _check_v1_data_survived(store)
        versions = store.audit()  # the old audit entry is still first
        assert versions["action"].iloc[0] == "edit"
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version ORDER BY version").fetchall() == [
        (1,),
        (2,),
    ]


def test_a_version_1_database_is_migrated_on_both_backends(case_dir, db):
    engine = make_engine(database_url(case_dir, db))
    assert migrate(engine, target=1) == [1]
    with engine.begin() as conn:
        for statement in V1_DATA:
            conn.execute(sa.text(statement))
    engine.dispose()
    with open_store(case_dir, db) as store:
        _check_v1_data_survived(store)


def test_migrated_layout_is_the_one_the_code_uses(store):
    inspector = sa.inspect(store.engine)
    found = {
        name: {c["name"] for c in inspector.get_columns(name)}
        for name in inspector.get_table_names()
    }
    declared = {name: {c.name for c in table.columns} for name, table in t.metadata.tables.items()}
    assert found == declared
    assert [m[0] for m in MIGRATIONS] == list(range(1, LATEST + 1))
    assert t.SCHEMA_VERSION == LATEST == store.schema_version()


def test_a_newer_database_is_refused(store, case_dir, db):
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO schema_version VALUES (:v, '2030-01-01 00:00:00', 'later')"),
            {"v": LATEST + 1},
        )
    with pytest.raises(StoreError, match="werk Reconstruct bij"):
        open_store(case_dir, db)


def test_a_foreign_database_is_refused(case_dir):
    con = sqlite3.connect(case_dir / "case.db")
    con.execute("CREATE TABLE something_else (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="geen Reconstruct-casus"):
        open_store(case_dir)
