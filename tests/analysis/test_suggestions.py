"""Analyses 1-6 read the lexicon's suggestions as well as the sources' own types and words: on
the demo with suggestions added (as ingest will add them) they find what they find without,
and at most a little more."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

import reconstruct.analysis.agreements  # noqa: F401  (registers the analyses)
import reconstruct.analysis.care_avoidance  # noqa: F401
import reconstruct.analysis.coordinator  # noqa: F401
import reconstruct.analysis.escalation  # noqa: F401
import reconstruct.analysis.involvement  # noqa: F401
import reconstruct.analysis.signals  # noqa: F401
from tests.analysis.rows import demo_events, run

SUGGESTED = ("suggested_event_type", "suggested_subtype", "suggested_severity", "suggested_terms")


@functools.cache
def _variants() -> tuple[pd.DataFrame, pd.DataFrame]:
    from reconstruct.lexicon import suggest_many

    events = demo_events()
    plain = events.drop(columns=[c for c in SUGGESTED if c in events])
    suggested = pd.concat([plain, suggest_many(plain["description"])], axis=1)
    return plain, suggested


def key(f):
    return (f.kind, f.period_start.year, f.period_end.year, f.organisations[0])


@pytest.mark.parametrize(
    "name",
    [
        "involvement",
        "care_avoidance",
        "signals_not_added_up",
        "escalation_not_made",
        "no_coordinator",
        "agreements_unchecked",
    ],
)
def test_suggestions_keep_what_the_sources_show(name):
    plain, suggested = _variants()
    without = {key(f) for f in run(name, plain)}
    with_ = {key(f) for f in run(name, suggested)}
    assert without <= with_, f"lost with suggestions: {without - with_}"
    assert len(with_ - without) <= 1, f"added by suggestions: {with_ - without}"
