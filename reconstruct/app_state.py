"""The case the app shows, loaded once and re-read when its stored table changes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconstruct.case import Case, load_case
from reconstruct.ingest import EVENTS_FILE, ingest_case, load_events, load_report, write_result


@dataclass
class _State:
    case: Case | None = None
    events: pd.DataFrame | None = None
    mtime: float | None = None
    findings: pd.DataFrame | None = None
    findings_key: tuple | None = None


_STATE = _State()


def open_case(path: Path | str) -> Case:
    """Make `path` the app's case; ingest it first when it has no stored table yet."""
    case = load_case(path)
    if not (case.derived_dir / EVENTS_FILE).exists():
        write_result(case, ingest_case(case))
    _STATE.case, _STATE.events, _STATE.mtime = case, None, None
    _STATE.findings, _STATE.findings_key = None, None
    return case


def current_case() -> Case:
    if _STATE.case is None:
        raise RuntimeError("no case opened; call open_case() first")
    return _STATE.case


def events() -> pd.DataFrame:
    """The current case's event table (cached until events.parquet changes)."""
    case = current_case()
    path = case.derived_dir / EVENTS_FILE
    mtime = path.stat().st_mtime if path.exists() else None
    if _STATE.events is None or mtime != _STATE.mtime:
        _STATE.events, _STATE.mtime = load_events(case), mtime
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
    key = (_STATE.mtime, review.stat().st_mtime if review.exists() else None)
    if _STATE.findings is None or key != _STATE.findings_key:
        _STATE.findings, _STATE.findings_key = analyse_case(case, ev), key
    return _STATE.findings
