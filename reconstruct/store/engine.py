"""Where a case's database is and how to connect: SQLite in the case folder, or a server URL.

SQLite runs in WAL mode with `synchronous=FULL` and foreign keys on; every write transaction
starts with `BEGIN IMMEDIATE`, so writers queue (up to BUSY_SECONDS) instead of failing halfway,
and a committed transaction survives a killed process. PostgreSQL URLs are used through psycopg 3.
SQL parameters are never written to logs or error messages (`hide_parameters`): they hold case
data.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

DB_FILE = "case.db"
DB_ENV = "RECONSTRUCT_DB"
USER_ENV = "RECONSTRUCT_USER"
BUSY_SECONDS = 30
WRITE_OPTION = "reconstruct_write"
"""Execution option that marks a connection whose transaction will write."""


def database_url(case_root: Path | str, db: str | None = None) -> str:
    """The URL for a case: `db` when given, else $RECONSTRUCT_DB, else CASE/case.db (SQLite).

    A bare `postgresql://` or `postgres://` URL is given the psycopg 3 driver; a plain path is
    taken as an SQLite file.
    """
    db = db or os.environ.get(DB_ENV) or None
    if db is None:
        return f"sqlite:///{Path(case_root).resolve() / DB_FILE}"
    for prefix in ("postgresql://", "postgres://"):
        if db.startswith(prefix):
            return "postgresql+psycopg://" + db[len(prefix) :]
    if "://" not in db:
        return f"sqlite:///{Path(db).resolve()}"
    return db


def has_database(case_root: Path | str, db: str | None = None) -> bool:
    """Whether the case has a database to read: a server URL, or an existing case.db."""
    url = database_url(case_root, db)
    if not url.startswith("sqlite"):
        return True
    path = sa.engine.make_url(url).database
    return bool(path) and Path(path).exists()


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    return sa.engine.make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> sa.Engine:
    """An engine for `url` with this project's connection settings."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, hide_parameters=True, connect_args={"timeout": BUSY_SECONDS})

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):
            # Let SQLAlchemy's "begin" event issue BEGIN itself (the documented pysqlite recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={BUSY_SECONDS * 1000}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn):
            write = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return sa.create_engine(url, hide_parameters=True, pool_pre_ping=True)


def resolve_user(user: str | None = None) -> str:
    """Who acts: `user`, else $RECONSTRUCT_USER, else the login name of the operating system."""
    name = user or os.environ.get(USER_ENV)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            name = f"uid-{os.getuid()}"
    return name.strip()
