"""The case store: one database per case holding the sources as received, the imported events,
the inspector's edits as an overlay, annotations, tags, saved views, the access list and an
append-only audit log.

SQLite in the case folder (`CASE/case.db`) by default, PostgreSQL for a team server by URL
(`open_store(case, "postgresql://user@host/db")`), both through SQLAlchemy Core. The layout is
versioned (`migrations.py`): an older case database is brought up to date when opened.

    with open_store("data/demo") as store:
        table = store.events()                       # the effective event table
        v = store.version("ev-4e1e7285f5d820b2")
        store.edit("ev-4e1e7285f5d820b2", {"severity": 3}, user="inspecteur", expect_version=v)
        store.undo(user="inspecteur")                 # and take it back
"""

from __future__ import annotations

from pathlib import Path

from reconstruct.case import Case, load_case
from reconstruct.store.core import (
    ROLES,
    AccessError,
    BaseStore,
    ConflictError,
    NotFoundError,
    StoreError,
)
from reconstruct.store.duplicates import DuplicatesMixin
from reconstruct.store.edits import MANUAL_SOURCE, EditsMixin
from reconstruct.store.engine import DB_FILE, database_url, has_database, resolve_user
from reconstruct.store.history import HistoryMixin
from reconstruct.store.imports import ImportsMixin, ImportSummary
from reconstruct.store.overlay import EDITABLE_FIELDS, FieldError
from reconstruct.store.suggestions import SuggestionsMixin
from reconstruct.store.undo import UndoMixin
from reconstruct.store.users import UsersMixin

__all__ = [
    "DB_FILE",
    "EDITABLE_FIELDS",
    "MANUAL_SOURCE",
    "ROLES",
    "AccessError",
    "ConflictError",
    "FieldError",
    "ImportSummary",
    "NotFoundError",
    "Store",
    "StoreError",
    "has_database",
    "open_store",
    "resolve_user",
]


class Store(
    DuplicatesMixin,
    SuggestionsMixin,
    UndoMixin,
    EditsMixin,
    HistoryMixin,
    ImportsMixin,
    UsersMixin,
    BaseStore,
):
    """A case database; see the module docstring. Methods that change anything take the acting
    `user` and write the audit log in the same transaction."""


def open_store(case: Case | Path | str, db: str | None = None) -> Store:
    """Open (creating or migrating when needed) the store of a case folder: `db` (a database
    URL), else $RECONSTRUCT_DB, else CASE/case.db."""
    if not isinstance(case, Case):
        case = load_case(case)
    return Store(database_url(case.root, db), case)
