"""Small hand-made event tables for the analysis tests, and the demo case's events (read once)."""

from __future__ import annotations

import functools
import itertools

import pandas as pd

from reconstruct.schema import coerce_dtypes

_ids = itertools.count()


def ev(
    org,
    start,
    etype="contact",
    text="tekst",
    persons="Moeder",
    end=None,
    sub=None,
    sev=None,
    domain="gezondheid",
    precision=None,
    dup=None,
):
    """One event row: `org` on `start` (to `end`), of type `etype`, about `persons`."""
    end = end or start
    i = next(_ids)
    return {
        "event_id": f"ev-{i:016x}",
        "date_start": pd.Timestamp(start),
        "date_end": pd.Timestamp(end),
        "date_precision": precision or ("day" if start == end else "period"),
        "date_raw": start,
        "organisation": org,
        "organisation_raw": org,
        "domain": domain,
        "persons": persons,
        "event_type": etype,
        "subtype": sub,
        "severity": sev,
        "description": text,
        "source_file": "t.csv",
        "source_row": i + 2,
        "duplicate_of": dup,
    }


def period(org, start, end=None, persons="Moeder", text="Betrokken.", domain="gezondheid"):
    """An explicit involvement period: an involvement_start (and an involvement_end) event."""
    rows = [ev(org, start, "involvement_start", text, persons, domain=domain, precision="month")]
    if end:
        rows.append(
            ev(org, end, "involvement_end", text, persons, domain=domain, precision="month")
        )
    return rows


def table(*rows) -> pd.DataFrame:
    """The rows (events or lists of events) as an event table in the contract's dtypes."""
    flat = []
    for r in rows:
        flat.extend(r if isinstance(r, list) else [r])
    return coerce_dtypes(pd.DataFrame(flat))


def run(analysis: str, events: pd.DataFrame, **params):
    """Run one registered analysis with its defaults updated by `params`; check it left the
    events alone and that every finding cites existing events."""
    from reconstruct.analysis.base import analyses

    a = analyses()[analysis]
    before = events.copy()
    found = a.run(events, {**a.parameters, **params}, {})
    assert events.equals(before), "an analysis never modifies events"
    ids = set(events["event_id"])
    for f in found:
        assert f.evidence and set(f.evidence) <= ids, f
        assert f.sentence.endswith("."), f.sentence
        assert 0 <= f.severity <= 3
    return found


@functools.cache
def _demo() -> pd.DataFrame:
    from reconstruct.case import load_case
    from reconstruct.ingest import ingest_case
    from tests.conftest import DEMO

    return ingest_case(load_case(DEMO)).events


def demo_events() -> pd.DataFrame:
    """The demo case's event table (ingested once per test session; a copy each time)."""
    return _demo().copy()


def by_id(events: pd.DataFrame, ids) -> pd.DataFrame:
    return events[events["event_id"].isin(list(ids))]
