"""The store's foundation: opening (and migrating) a case database, transactions, the revision
counter, access checks, the audit log and reading the effective event table."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from reconstruct.case import Case
from reconstruct.schema import COLUMNS
from reconstruct.store import tables as t
from reconstruct.store.engine import WRITE_OPTION, make_engine, safe_url
from reconstruct.store.migrations import SchemaError, migrate
from reconstruct.store.overlay import FieldContext, apply_overlay, check_table, prepare

log = logging.getLogger("reconstruct.store")

ROLES = ("viewer", "editor", "admin")
"""Roles in a case, each allowed what the ones before it may: read; edit; manage users."""
_UNSET = object()


class StoreError(Exception):
    """Something the store refuses or cannot do; the message is for the inspector (Dutch)."""


class ConflictError(StoreError):
    """Someone else saved the event since the version this edit started from."""


class AccessError(StoreError):
    """The acting user has no (sufficient) role in this case."""


class NotFoundError(StoreError):
    """No such event (or user, view) in this case."""


def now() -> dt.datetime:
    """The current time in UTC, without time zone (as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def to_json(value) -> str | None:
    """A value as stored in the audit log (JSON; dates as ISO text); None when not given."""
    if value is _UNSET:
        return None
    if isinstance(value, dt.datetime | dt.date | pd.Timestamp):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


class BaseStore:
    """One case database. Use as a context manager, or call close()."""

    def __init__(self, url: str, case: Case | None = None):
        self.url = url
        self.case = case
        self.engine = make_engine(url)
        self._fields: FieldContext | None = None
        self._cache: tuple[tuple, pd.DataFrame] | None = None  # stored rows, see events()
        try:
            migrate(self.engine)
            self._claim_case()
        except SchemaError as err:
            self.engine.dispose()
            raise StoreError(f"{safe_url(url)}: {err}") from err
        except sa.exc.SQLAlchemyError as err:
            self.engine.dispose()
            raise StoreError(
                f"de casusdatabase {safe_url(url)} kan niet geopend worden "
                f"({type(err.orig or err).__name__})"
            ) from err

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def fields(self) -> FieldContext:
        if self._fields is None:
            self._fields = FieldContext.from_case(self.case)
        return self._fields

    def _claim_case(self) -> None:
        # A server database holds one case; refuse to mix two cases in it.
        if self.case is None:
            return
        with self._read() as conn:
            owner = conn.execute(sa.select(t.store_state.c.case_name)).scalar()
        if owner is None:
            with self.engine.connect() as conn:
                conn.execution_options(**{WRITE_OPTION: True})
                with conn.begin():
                    conn.execute(sa.update(t.store_state).values(case_name=self.case.name))
        elif owner != self.case.name and not self.url.startswith("sqlite"):
            raise SchemaError(
                f"deze database hoort bij casus '{owner}', niet bij '{self.case.name}'"
            )

    # --- transactions -----------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self, actor: str, role: str = "editor") -> Iterator[Connection]:
        """A write transaction by `actor` (who needs `role`); bumps the revision. Everything in
        it is committed together or not at all."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._require(conn, actor, role)
                conn.execute(sa.update(t.store_state).values(revision=t.store_state.c.revision + 1))
                yield conn

    def revision(self) -> int:
        """A number that grows with every committed change (imports, edits, notes, users)."""
        with self.engine.connect() as conn:
            return int(conn.execute(sa.select(t.store_state.c.revision)).scalar_one())

    def schema_version(self) -> int:
        with self._read() as conn:
            return int(conn.execute(sa.select(sa.func.max(t.schema_version.c.version))).scalar())

    # --- access --------------------------------------------------------------------------------

    def _require(self, conn: Connection, actor: str, role: str) -> None:
        if not conn.execute(sa.select(sa.func.count()).select_from(t.users)).scalar():
            return  # no access list yet: a single inspector's own case
        has = conn.execute(sa.select(t.users.c.role).where(t.users.c.name == actor)).scalar()
        if has is None:
            raise AccessError(
                f"gebruiker '{actor}' staat niet op de toegangslijst van deze casus "
                "(zie 'users list'; kies een gebruiker met --user of $RECONSTRUCT_USER)"
            )
        if ROLES.index(has) < ROLES.index(role):
            raise AccessError(f"gebruiker '{actor}' heeft rol {has}; hiervoor is {role} nodig")

    def check_access(self, actor: str, role: str = "viewer") -> None:
        """Raise AccessError unless `actor` may act with `role` in this case."""
        with self._read() as conn:
            self._require(conn, actor, role)

    # --- audit ---------------------------------------------------------------------------------

    def _audit(
        self,
        conn: Connection,
        actor: str,
        action: str,
        event_id: str | None = None,
        field: str | None = None,
        old=_UNSET,
        new=_UNSET,
        detail: str | None = None,
    ) -> None:
        conn.execute(
            t.audit.insert().values(
                at=now(),
                actor=actor,
                action=action,
                event_id=event_id,
                field=field,
                old=to_json(old),
                new=to_json(new),
                detail=detail,
            )
        )

    def record(
        self,
        actor: str,
        action: str,
        detail: str | None = None,
        *,
        event_id: str | None = None,
        role: str = "viewer",
    ) -> None:
        """Write one entry in the audit log for something that changes nothing stored: a view
        of a page ("page_view"), an export ("export"), a sign-in ("login"). `actor` needs `role`
        (AccessError otherwise). The revision is left alone, so nobody's table is re-read."""
        with self.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                self._require(conn, actor, role)
                self._audit(conn, actor, action, event_id=event_id, detail=detail)

    def audit(self, event_id: str | None = None, limit: int | None = None) -> pd.DataFrame:
        """The audit log, oldest first: id, at (UTC), actor, action, event_id, field, old, new
        (decoded JSON), detail. With `limit`, the last `limit` entries."""
        q = sa.select(t.audit).order_by(t.audit.c.id.desc())
        if event_id:
            q = q.where(t.audit.c.event_id == event_id)
        if limit:
            q = q.limit(limit)
        with self._read() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
        for r in rows:
            for key in ("old", "new"):
                r[key] = json.loads(r[key]) if r[key] is not None else None
        cols = [c.name for c in t.audit.columns]
        return pd.DataFrame(rows[::-1], columns=cols)

    # --- reading events ------------------------------------------------------------------------

    def _stored(self, conn: Connection, where) -> pd.DataFrame:
        cols = [t.events.c[c] for c in COLUMNS] + [t.events.c.position]
        return pd.read_sql(sa.select(*cols).where(where), conn)

    def _overlay_frame(self, conn: Connection) -> pd.DataFrame:
        ov = pd.read_sql(
            sa.select(t.overlay.c.event_id, t.overlay.c.changes, t.overlay.c.deleted), conn
        )
        ov["changes"] = [json.loads(c) for c in ov["changes"]]
        ov["deleted"] = ov["deleted"].astype(bool)
        return ov

    def _source_order(self, conn: Connection) -> dict[str, int]:
        q = sa.select(t.sources.c.file, t.sources.c.file_order).where(t.sources.c.current)
        return {f: o for f, o in conn.execute(q)}

    def events(self, *, include_deleted: bool = False) -> pd.DataFrame:
        """The effective event table: imported and manual events with the edits applied, in
        the event table's columns, dtypes and order. Soft-deleted events only with
        `include_deleted` (then with a boolean column `deleted`)."""
        e = t.events.c
        with self._read() as conn:
            # The stored rows change only by an import or a new manual event: keep them.
            key = (
                conn.execute(sa.select(sa.func.max(t.imports.c.id))).scalar(),
                conn.execute(sa.select(sa.func.count()).where(e.removed_import.is_(None))).scalar(),
            )
            if self._cache is None or self._cache[0] != key:
                self._cache = (key, prepare(self._stored(conn, e.removed_import.is_(None))))
            stored = self._cache[1]
            overlay = self._overlay_frame(conn)
            order = self._source_order(conn)
        table = apply_overlay(stored, overlay, order, include_deleted=include_deleted)
        check_table(table)
        return table

    def has_events(self) -> bool:
        """Whether anything was ever imported into this case, or an event added by hand."""
        with self._read() as conn:
            for table in (t.imports, t.events):
                if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar():
                    return True
        return False

    def imports(self) -> pd.DataFrame:
        """Every import, oldest first: id, at (UTC), actor, events, added, changed, removed,
        note."""
        with self._read() as conn:
            return pd.read_sql(sa.select(t.imports).order_by(t.imports.c.id), conn)

    def integrity(self) -> list[str]:
        """Problems the database itself reports (SQLite integrity and foreign-key checks);
        empty when sound."""
        problems = []
        with self._read() as conn:
            if conn.dialect.name == "sqlite":
                result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
                problems += [r for r in result if r != "ok"]
                problems += [str(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            else:
                conn.execute(sa.text("SELECT 1"))
        return problems
