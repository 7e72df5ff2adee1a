"""Combining every source into one chronological table: stable ids, order, linked duplicates.

Duplicates are linked, never deleted: the later copy's `duplicate_of` names the first.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.duplicates import (  # noqa: F401  (the rule's constants, re-exported)
    DAY_TOLERANCE,
    MAX_SPAN,
    MAX_WINDOW,
    MIN_SHARED_WORDS,
    MIN_WEIGHTED_OVERLAP,
    NEAR_IDENTICAL,
    link_duplicates,
)
from reconstruct.mapping import event_ids
from reconstruct.schema import DATE_PRECISIONS, coerce_dtypes

PRECISION_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}


def _mapped(column: pd.Series, mapping: dict) -> pd.Series:
    """`column.map(mapping)` (NaN where missing), looked up once per distinct value: mapping a
    string column of 10^6 rows value by value takes a second."""
    codes, uniques = pd.factorize(column)
    values = np.array([mapping.get(u, np.nan) for u in uniques] + [np.nan], dtype=float)
    return pd.Series(values[codes], index=column.index)


def _positions(events: pd.DataFrame, source_order: dict[str, int]) -> np.ndarray | None:
    """The positions of `events` in the order of `order`, or None when a rank is missing (an
    unknown precision or file: `order` sorts those with pandas)."""
    ranks = _mapped(events["date_precision"], PRECISION_RANK)
    files = _mapped(events["source_file"], source_order)
    rows = events["source_row"]
    if ranks.isna().any() or files.isna().any() or rows.isna().any():
        return None
    # np.lexsort is stable and puts NaT last, as sort_values(na_position="last") does
    keys = (
        events["event_type"].eq("involvement_end").to_numpy(dtype=np.int8),
        rows.to_numpy(dtype=np.int64),
        files.to_numpy(dtype=np.int64),
        ranks.to_numpy(dtype=np.int64),
        events["date_start"].fillna(events["date_end"]).to_numpy(dtype="datetime64[ms]"),
    )
    return np.lexsort(keys)


def _take_in_place(events: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """`events.take(positions)` with a new RangeIndex, column by column into the same frame:
    each old column is let go once its reordered copy exists, so at 10^6 events the table is
    held about once, not twice."""
    for col in list(events.columns):
        events[col] = events[col].array.take(positions)
    events.index = pd.RangeIndex(len(events))
    return events


def order(events: pd.DataFrame, source_order: dict[str, int]) -> pd.DataFrame:
    """Chronological: by start (an open start sorts by its end), then precision, then source
    order (file order in sources/, then row). Undated events come last."""
    positions = _positions(events, source_order)
    if positions is not None:
        return events.take(positions).reset_index(drop=True)
    key = events["date_start"].fillna(events["date_end"])
    ranks = _mapped(events["date_precision"], PRECISION_RANK)
    files = _mapped(events["source_file"], source_order)
    rows = events["source_row"]
    ranked = events.assign(
        _k=key,
        _p=ranks,
        _f=files,
        _r=rows,
        _s=events["event_type"].eq("involvement_end").astype(int),
    )
    ranked = ranked.sort_values(["_k", "_p", "_f", "_r", "_s"], na_position="last", kind="stable")
    return ranked.drop(columns=["_k", "_p", "_f", "_r", "_s"]).reset_index(drop=True)


def merge(frames: list[pd.DataFrame], source_order: dict[str, int]) -> pd.DataFrame:
    """One chronological event table from per-source frames (as made by mapping.map_table).

    `frames` is emptied: the table is built from them, and at 10^6 events they must not be
    held beside it (the caller keeps no other reference)."""
    kept = [f for f in frames if len(f)]
    frames.clear()
    if not kept:
        from reconstruct.schema import empty_events

        return empty_events()
    events = pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0]
    del kept
    events = events.reset_index(drop=True)
    # identical records are numbered in source order (file order in sources/, then row); the
    # table itself is sorted once, by `order` (whose ties keep that order within a row)
    file_rank = _mapped(events["source_file"], source_order).to_numpy(dtype=np.int64)
    rows = pd.to_numeric(events["source_row"]).to_numpy(dtype=np.int64)
    first = events.get("_id0")  # hashed by the ingest's workers
    ids = event_ids(events["_idbase"], order=np.lexsort((rows, file_rank)), first=first)
    events = events.drop(columns=[c for c in ("_idbase", "_id0") if c in events])
    events.insert(0, "event_id", ids)
    events = coerce_dtypes(events)
    at = _positions(events, source_order)
    events = order(events, source_order) if at is None else _take_in_place(events, at)
    events["duplicate_of"] = link_duplicates(events)
    return coerce_dtypes(events)
