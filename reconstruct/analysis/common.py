"""Small helpers the analyses share: dated events, effective subtypes, text cues, summaries."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

from reconstruct.mapping import FAMILY
from reconstruct.schema import PERSON_SEPARATOR


def dated(events: pd.DataFrame, *, keep_duplicates: bool = False) -> pd.DataFrame:
    """Events with a usable interval as columns t0 (first day) and t1 (last day), sorted by t0.

    Duplicates (events with `duplicate_of`) are left out unless asked for, so an event recorded
    by two organisations counts once.
    """
    ev = events if keep_duplicates else events[events["duplicate_of"].isna()]
    ev = ev.assign(
        t0=ev["date_start"].fillna(ev["date_end"]), t1=ev["date_end"].fillna(ev["date_start"])
    )
    return ev.dropna(subset=["t0"]).sort_values("t0", kind="stable")


def subtype(events: pd.DataFrame) -> pd.Series:
    """The subtype a source gave, else the lexicon's suggestion (when ingest added one)."""
    out = events["subtype"]
    if "suggested_subtype" in events:
        out = out.fillna(events["suggested_subtype"])
    return out


def event_type(events: pd.DataFrame) -> pd.Series:
    """The source's event type; a suggested type only where the source said just `note`."""
    out = events["event_type"]
    if "suggested_event_type" in events:
        out = out.where(
            ~((out == "note") & events["suggested_event_type"].notna()),
            events["suggested_event_type"],
        )
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def text_matches(events: pd.DataFrame, pattern: str) -> pd.Series:
    """True where the description matches `pattern` (a regex on accent-free lower-case text)."""
    rx = re.compile(pattern)
    return events["description"].map(lambda t: bool(isinstance(t, str) and rx.search(_fold(t))))


def organisations(events: pd.DataFrame) -> list[str]:
    """Distinct organisations (not the family lane), in order of appearance."""
    seen = [o for o in events["organisation"].dropna() if o != FAMILY]
    return list(dict.fromkeys(seen))


def persons(events: pd.DataFrame) -> list[str]:
    names: list[str] = []
    for cell in events["persons"].dropna():
        for p in str(cell).split(PERSON_SEPARATOR):
            if p and p not in names:
                names.append(p)
    return names


def span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first day, last day) covered by events that have t0/t1 (see `dated`)."""
    return events["t0"].min(), events["t1"].max()


def fmt_date(t: pd.Timestamp) -> str:
    """'mei 2014' style for sentences."""
    months = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ]
    return f"{months[t.month - 1]} {t.year}"
