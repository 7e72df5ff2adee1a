"""The case the app shows: its store, and the effective event table, re-read when the store's
revision changes (an import, an edit, a note: by this process or any other)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconstruct.case import Case, load_case
from reconstruct.ingest import EVENTS_FILE, ingest_case, load_report, write_result
from reconstruct.store import Store, open_store, resolve_user


@dataclass
class _State:
    case: Case | None = None
    store: Store | None = None
    events: pd.DataFrame | None = None
    revision: int | None = None
    findings: pd.DataFrame | None = None
    findings_key: tuple | None = None


_STATE = _State()


def open_case(path: Path | str, db: str | None = None) -> Case:
    """Make `path` the app's case, with its store (CASE/case.db, or the database URL `db` or
    $RECONSTRUCT_DB); ingest it first when the store has no events yet."""
    case = load_case(path)
    if _STATE.store is not None:
        _STATE.store.close()
    _STATE.case, _STATE.store = case, None
    store = open_store(case, db)
    if not store.has_events():
        result = ingest_case(case)
        parquet = case.derived_dir / EVENTS_FILE
        if not write_result(case, result, db=db) and parquet.exists():
            # The sources cannot be read now; keep showing the table of an earlier ingest.
            table = pd.read_parquet(parquet)
            store.import_events(table, user=resolve_user(), note=f"derived/{EVENTS_FILE}")
    _STATE.store, _STATE.events, _STATE.revision = store, None, None
    _STATE.findings, _STATE.findings_key = None, None
    return case


def current_case() -> Case:
    if _STATE.case is None:
        raise RuntimeError("no case opened; call open_case() first")
    return _STATE.case


def store() -> Store:
    """The store of the current case (for edits, annotations, tags, views and history)."""
    current_case()
    if _STATE.store is None:
        raise RuntimeError("the case store is not open")
    return _STATE.store


def events() -> pd.DataFrame:
    """The current case's effective event table (cached until the store's revision changes)."""
    current = store()
    revision = current.revision()
    if _STATE.events is None or revision != _STATE.revision:
        _STATE.events, _STATE.revision = current.events(), revision
    return _STATE.events


def report() -> dict | None:
    return load_report(current_case())


def findings() -> pd.DataFrame:
    """The findings of the current case with their review (re-run when the events or the
    review file change)."""
    from reconstruct.findings import REVIEW_FILE, analyse_case

    case = current_case()
    ev = events()
    review = case.root / REVIEW_FILE
    key = (_STATE.revision, review.stat().st_mtime if review.exists() else None)
    if _STATE.findings is None or key != _STATE.findings_key:
        _STATE.findings, _STATE.findings_key = analyse_case(case, ev), key
    return _STATE.findings
