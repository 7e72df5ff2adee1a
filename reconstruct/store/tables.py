"""The case database as the code uses it now: SQLAlchemy Core tables (schema version 2).

`migrations.py` builds this layout step by step; a test checks that a migrated database has
exactly these tables and columns. Times are UTC. Nothing here is ever deleted: events that left
their source are marked `removed_import`, edits and annotations stay with them.
"""

from __future__ import annotations

import sqlalchemy as sa

from reconstruct.schema import COLUMNS

SCHEMA_VERSION = 2

metadata = sa.MetaData()

_EVENT_TYPES = {
    "date_start": sa.DateTime,
    "date_end": sa.DateTime,
    "severity": sa.SmallInteger,
    "suggested_severity": sa.SmallInteger,
    "source_row": sa.Integer,
}

schema_version = sa.Table(
    "schema_version",
    metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.DateTime, nullable=False),
    sa.Column("description", sa.Text),
)

store_state = sa.Table(
    "store_state",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("case_name", sa.Text),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("events", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    sa.Column("note", sa.Text),
)

source_blobs = sa.Table(
    "source_blobs",
    metadata,
    sa.Column("content_hash", sa.Text, primary_key=True),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("source_key", sa.Text),
    sa.Column("content_hash", sa.Text, sa.ForeignKey("source_blobs.content_hash")),
    sa.Column("size", sa.BigInteger),
    sa.Column("received", sa.Date),
    sa.Column("organisations", sa.Text),
    sa.Column("reader", sa.Text),
    sa.Column("profile", sa.Text),
    sa.Column("events", sa.Integer),
    sa.Column("file_order", sa.Integer),
    sa.Column("current", sa.Boolean, nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False),
    sa.Column("replaced_import", sa.Integer, sa.ForeignKey("imports.id")),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    *[sa.Column(c, _EVENT_TYPES.get(c, sa.Text)) for c in COLUMNS if c != "event_id"],
    sa.Column("origin", sa.Text, nullable=False),  # 'source' or 'manual'
    sa.Column("position", sa.Integer),  # row number in the last import (ties keep this order)
    sa.Column("first_import", sa.Integer, sa.ForeignKey("imports.id")),
    sa.Column("removed_import", sa.Integer, sa.ForeignKey("imports.id")),
    sa.Column("created_by", sa.Text),
    sa.Column("created_at", sa.DateTime),
    sa.Column("resolution", sa.Text),  # v2: 'moved' or 'dismissed' for a vanished event
    sa.Column("resolved_to", sa.Text),  # v2
)

overlay = sa.Table(
    "overlay",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changes", sa.Text, nullable=False),  # JSON: field -> value
    sa.Column("deleted", sa.Boolean, nullable=False),
    sa.Column("delete_reason", sa.Text),
    sa.Column("updated_by", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

annotations = sa.Table(
    "annotations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.event_id"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

tags = sa.Table(
    "tags",
    metadata,
    sa.Column("event_id", sa.Text, sa.ForeignKey("events.event_id"), primary_key=True),
    sa.Column("tag", sa.Text, primary_key=True),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)

audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("event_id", sa.Text),
    sa.Column("field", sa.Text),
    sa.Column("old", sa.Text),  # JSON
    sa.Column("new", sa.Text),  # JSON
    sa.Column("detail", sa.Text),
)

users = sa.Table(  # v2: this case's access list
    "users",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("created_by", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)

saved_views = sa.Table(  # v2
    "saved_views",
    metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("query", sa.Text, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime, nullable=False),
)
