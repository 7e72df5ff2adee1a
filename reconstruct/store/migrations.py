"""Schema migrations: a `schema_version` table and ordered, frozen migration functions.

Each migration takes an open write transaction and brings the database from the version before
it to its own; it is applied together with its `schema_version` row, so a crash leaves the
database at the previous version, never half-migrated. Migrations describe the layout as it was
at their version (their own table definitions), so later changes to `tables.py` never change
what an old migration does. To change the layout: add a function to MIGRATIONS, update
`tables.py` and SCHEMA_VERSION there; `tests/store/test_migrations.py` checks they agree.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

_V1_EVENT_COLUMNS = (
    ("date_start", sa.DateTime),
    ("date_end", sa.DateTime),
    ("date_precision", sa.Text),
    ("date_raw", sa.Text),
    ("organisation", sa.Text),
    ("organisation_raw", sa.Text),
    ("domain", sa.Text),
    ("persons", sa.Text),
    ("event_type", sa.Text),
    ("subtype", sa.Text),
    ("severity", sa.SmallInteger),
    ("description", sa.Text),
    ("source_file", sa.Text),
    ("source_sheet", sa.Text),
    ("source_row", sa.Integer),
    ("source_text", sa.Text),
    ("duplicate_of", sa.Text),
    ("warnings", sa.Text),
    ("suggested_event_type", sa.Text),
    ("suggested_subtype", sa.Text),
    ("suggested_severity", sa.SmallInteger),
    ("suggested_terms", sa.Text),
)

_PG_APPEND_ONLY = """
CREATE FUNCTION reconstruct_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION reconstruct_audit_append_only();
"""

_SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit "
    "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
)


def _v1(conn: Connection) -> None:
    """Sources, imported events, the overlay of edits, annotations, tags and the audit log."""
    md = sa.MetaData()
    col = sa.Column
    sa.Table(
        "store_state",
        md,
        col("id", sa.Integer, primary_key=True, autoincrement=False),
        col("revision", sa.Integer, nullable=False),
        col("case_name", sa.Text),
        col("created_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "imports",
        md,
        col("id", sa.Integer, primary_key=True),
        col("at", sa.DateTime, nullable=False),
        col("actor", sa.Text, nullable=False),
        col("events", sa.Integer, nullable=False),
        col("added", sa.Integer, nullable=False),
        col("changed", sa.Integer, nullable=False),
        col("removed", sa.Integer, nullable=False),
        col("note", sa.Text),
    )
    sa.Table(
        "source_blobs",
        md,
        col("content_hash", sa.Text, primary_key=True),
        col("content", sa.LargeBinary, nullable=False),
    )
    sa.Table(
        "sources",
        md,
        col("id", sa.Integer, primary_key=True),
        col("file", sa.Text, nullable=False),
        col("source_key", sa.Text),
        col("content_hash", sa.Text, sa.ForeignKey("source_blobs.content_hash")),
        col("size", sa.BigInteger),
        col("received", sa.Date),
        col("organisations", sa.Text),
        col("reader", sa.Text),
        col("profile", sa.Text),
        col("events", sa.Integer),
        col("file_order", sa.Integer),
        col("current", sa.Boolean, nullable=False),
        col("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
        col("replaced_import", sa.Integer, sa.ForeignKey("imports.id")),
    )
    sa.Table(
        "events",
        md,
        col("event_id", sa.Text, primary_key=True),
        *[col(name, kind) for name, kind in _V1_EVENT_COLUMNS],
        col("origin", sa.Text, nullable=False),
        col("position", sa.Integer),
        col("first_import", sa.Integer, sa.ForeignKey("imports.id")),
        col("removed_import", sa.Integer, sa.ForeignKey("imports.id")),
        col("created_by", sa.Text),
        col("created_at", sa.DateTime),
    )
    sa.Table(
        "overlay",
        md,
        col("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
        col("version", sa.Integer, nullable=False),
        col("changes", sa.Text, nullable=False),
        col("deleted", sa.Boolean, nullable=False),
        col("delete_reason", sa.Text),
        col("updated_by", sa.Text, nullable=False),
        col("updated_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "annotations",
        md,
        col("id", sa.Integer, primary_key=True),
        col("event_id", sa.Text, sa.ForeignKey("events.event_id"), nullable=False),
        col("text", sa.Text, nullable=False),
        col("actor", sa.Text, nullable=False),
        col("at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "tags",
        md,
        col("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
        col("tag", sa.Text, primary_key=True),
        col("actor", sa.Text, nullable=False),
        col("at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "audit",
        md,
        col("id", sa.Integer, primary_key=True),
        col("at", sa.DateTime, nullable=False),
        col("actor", sa.Text, nullable=False),
        col("action", sa.Text, nullable=False),
        col("event_id", sa.Text),
        col("field", sa.Text),
        col("old", sa.Text),
        col("new", sa.Text),
        col("detail", sa.Text),
    )
    md.create_all(conn)
    conn.execute(sa.text("CREATE INDEX ix_events_source_file ON events (source_file)"))
    conn.execute(sa.text("CREATE INDEX ix_audit_event_id ON audit (event_id)"))
    conn.execute(sa.text("CREATE INDEX ix_annotations_event_id ON annotations (event_id)"))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text(_PG_APPEND_ONLY))
    else:
        for statement in _SQLITE_APPEND_ONLY:
            conn.execute(sa.text(statement))
    conn.execute(
        sa.text(
            "INSERT INTO store_state (id, revision, case_name, created_at) VALUES (1, 0, NULL, :t)"
        ),
        {"t": _now()},
    )


def _v2(conn: Connection) -> None:
    """The case's access list (users with a role), saved views, and resolving vanished events."""
    md = sa.MetaData()
    sa.Table(
        "users",
        md,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    sa.Table(
        "saved_views",
        md,
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    md.create_all(conn)
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN resolution TEXT"))
    conn.execute(sa.text("ALTER TABLE events ADD COLUMN resolved_to TEXT"))


MIGRATIONS: tuple[tuple[int, str, Callable[[Connection], None]], ...] = (
    (1, "sources, events, overlay, annotations, tags, audit", _v1),
    (2, "users, saved views, resolving vanished events", _v2),
)
LATEST = MIGRATIONS[-1][0]


class SchemaError(RuntimeError):
    """The database cannot be used by this version (newer, or not a case store at all)."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def current_version(conn: Connection) -> int:
    """The version of the database (0 when empty); raises SchemaError for a foreign database."""
    names = set(sa.inspect(conn).get_table_names())
    if "schema_version" not in names:
        if names:
            raise SchemaError(
                f"de database bevat al tabellen ({', '.join(sorted(names)[:5])}) maar is geen "
                "Reconstruct-casus (geen schema_version)"
            )
        return 0
    found = conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar()
    return int(found or 0)


def _lock(conn: Connection) -> None:
    # Two processes opening a new case at once must not both migrate it.
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(7303012)"))
    # SQLite: the write transaction already began with BEGIN IMMEDIATE.


def migrate(engine: sa.Engine, target: int = LATEST) -> list[int]:
    """Bring the database up to `target`, one transaction per migration; returns the versions
    applied. Raises SchemaError when the database is newer than this program."""
    applied = []
    while True:
        with engine.connect() as conn:
            conn.execution_options(reconstruct_write=True)
            with conn.begin():
                _lock(conn)
                version = current_version(conn)
                if version > LATEST:
                    raise SchemaError(
                        f"de database heeft schemaversie {version}, dit programma kent tot "
                        f"{LATEST}: werk Reconstruct bij"
                    )
                if version >= target:
                    return applied
                if version == 0:
                    sa.Table(
                        "schema_version",
                        sa.MetaData(),
                        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
                        sa.Column("applied_at", sa.DateTime, nullable=False),
                        sa.Column("description", sa.Text),
                    ).create(conn)
                number, description, step = MIGRATIONS[version]
                step(conn)
                conn.execute(
                    sa.text(
                        "INSERT INTO schema_version (version, applied_at, description) "
                        "VALUES (:v, :t, :d)"
                    ),
                    {"v": number, "t": _now(), "d": description},
                )
                log.info("case database migrated to schema version %d", number)
                applied.append(number)
