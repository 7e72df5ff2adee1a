"""Combining every source into one chronological table: stable ids, order, linked duplicates.

Duplicates are linked, never deleted: the later copy's `duplicate_of` names the first.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from reconstruct.mapping import event_ids
from reconstruct.schema import DATE_PRECISIONS, coerce_dtypes

PRECISION_RANK = {p: i for i, p in enumerate(DATE_PRECISIONS)}
MAX_SPAN = pd.Timedelta(days=31)
"""Only events placed within a month can be matched; a year is too wide to call a match."""
DAY_TOLERANCE = pd.Timedelta(days=2)
"""Two organisations noting the same event a day or two apart still match."""
MIN_WEIGHTED_OVERLAP = 0.25
MIN_SHARED_WORDS = 3
NEAR_IDENTICAL = 88
"""Two organisations rarely use the same words for one event, so texts are compared by the
distinctive words they share (weighted by rarity in the case, so the family's names weigh
little): the shared weight over the smaller text's weight. Short, nearly identical texts
(token-set ratio >= NEAR_IDENTICAL) match too."""
MAX_WINDOW = 400
"""Candidates compared per event at most, so dense days cannot make dedupe quadratic."""

_STOP = frozenset(
    (
        "de het een en van in op met voor aan bij door naar over is zijn was waren wordt werd "
        "heeft hebben had dat die deze dit er niet ook als om te tot uit nog wel maar of zij ze "
        "hij haar hem ons wij we zich the and to"
    ).split()
)


def _words(text: str | None) -> frozenset[str]:
    if not text:
        return frozenset()
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    return frozenset(w for w in re.findall(r"[a-z0-9]{3,}", s) if w not in _STOP)


def order(events: pd.DataFrame, source_order: dict[str, int]) -> pd.DataFrame:
    """Chronological: by start (an open start sorts by its end), then precision, then source
    order (file order in sources/, then row). Undated events come last."""
    key = events["date_start"].fillna(events["date_end"])
    ranked = events.assign(
        _k=key,
        _p=events["date_precision"].map(PRECISION_RANK),
        _f=events["source_file"].map(source_order),
        _r=events["source_row"],
        _s=events["event_type"].eq("involvement_end").astype(int),
    )
    ranked = ranked.sort_values(["_k", "_p", "_f", "_r", "_s"], na_position="last", kind="stable")
    return ranked.drop(columns=["_k", "_p", "_f", "_r", "_s"]).reset_index(drop=True)


def link_duplicates(events: pd.DataFrame) -> pd.Series:
    """`duplicate_of` for an ordered table: the id of the first event each one duplicates.

    A pair matches when both are placed within MAX_SPAN, their date intervals lie within
    DAY_TOLERANCE of each other, and their descriptions share at least MIN_SHARED_WORDS
    distinctive words with a weighted overlap of MIN_WEIGHTED_OVERLAP (or are near-identical).
    Pairs come from different source files, or from one file when the records are word for
    word the same.
    """
    dup = pd.Series([None] * len(events), index=events.index, dtype=object)
    span = events["date_end"] - events["date_start"]
    cand = events[
        (span <= MAX_SPAN)
        & events["date_start"].notna()
        & events["description"].notna()
        & ~events["event_type"].isin(["involvement_start", "involvement_end"])
    ]
    if len(cand) < 2:
        return dup
    cand = cand.sort_values("date_start", kind="stable")
    starts = cand["date_start"].to_numpy()
    ends = cand["date_end"].fillna(cand["date_start"]).to_numpy()
    idx = cand.index.to_numpy()
    descs = cand["description"].tolist()
    words = [_words(d) for d in descs]
    df = Counter(w for ws in words for w in ws)
    idf = {w: math.log(len(words) / c) for w, c in df.items()}
    weight = [sum(idf[w] for w in ws) for ws in words]
    files = cand["source_file"].tolist()
    texts = cand["source_text"].tolist()
    parent = {i: i for i in idx}

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = np.timedelta64(DAY_TOLERANCE)
    for a in range(len(cand)):
        limit = ends[a] + tol
        for b in range(a + 1, min(len(cand), a + 1 + MAX_WINDOW)):
            if starts[b] > limit:
                break
            same_file = files[a] == files[b]
            if same_file and texts[a] != texts[b]:
                continue
            if not same_file and not _similar(a, b, words, weight, idf, descs):
                continue
            ra, rb = root(idx[a]), root(idx[b])
            if ra != rb:
                # The event earlier in table order is the one the others duplicate.
                first, other = (ra, rb) if ra < rb else (rb, ra)
                parent[other] = first
    for i in idx:
        r = root(i)
        if r != i:
            dup[i] = events.at[r, "event_id"]
    return dup


def _similar(a: int, b: int, words, weight, idf, descs) -> bool:
    shared = words[a] & words[b]
    if len(shared) >= MIN_SHARED_WORDS:
        smaller = min(weight[a], weight[b])
        if smaller > 0 and sum(idf[w] for w in shared) / smaller >= MIN_WEIGHTED_OVERLAP:
            return True
    return fuzz.token_set_ratio(descs[a], descs[b]) >= NEAR_IDENTICAL


def merge(frames: list[pd.DataFrame], source_order: dict[str, int]) -> pd.DataFrame:
    """One chronological event table from per-source frames (as made by mapping.map_table)."""
    frames = [f for f in frames if len(f)]
    if not frames:
        from reconstruct.schema import empty_events

        return empty_events()
    events = pd.concat(frames, ignore_index=True)
    events["_f"] = events["source_file"].map(source_order)
    events = events.sort_values(["_f", "source_row"], kind="stable").drop(columns="_f")
    events.insert(0, "event_id", event_ids(events["_idbase"].tolist()))
    events = events.drop(columns="_idbase")
    events = coerce_dtypes(events)
    events = order(events, source_order)
    events["duplicate_of"] = link_duplicates(events)
    return coerce_dtypes(events)
