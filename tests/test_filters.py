"""Filter state: URL round trip and every filter combined on the demo events."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.filters import FilterState, apply, structural


@pytest.mark.parametrize(
    "state",
    [
        FilterState(),
        FilterState(start_year=2003, end_year=2010),
        FilterState(domains=["gezondheid", "veiligheid"], organisations=["AMK", "Politie"]),
        FilterState(
            persons=["Kind A", "Moeder"],
            types=["signal"],
            min_severity=2,
            text="blauwe plekken",
            event="ev-0123456789abcdef",
        ),
    ],
)
def test_query_round_trip(state):
    assert FilterState.from_query(state.to_query()) == state
    assert FilterState.from_query("?" + state.to_query()) == state


def test_query_is_readable_and_bad_values_are_ignored():
    q = FilterState(start_year=2003, domains=["gezin", "wonen"]).to_query()
    assert q == "van=2003&domein=gezin%2Cwonen"
    assert FilterState.from_query({"van": "abc", "ernst": "2"}) == FilterState(min_severity=2)


@pytest.fixture(scope="module")
def events():
    from reconstruct.case import load_case
    from reconstruct.ingest import ingest_case
    from tests.conftest import DEMO

    return ingest_case(load_case(DEMO)).events


def test_each_filter_narrows_and_they_combine(events):
    n = len(events)
    by_domain = apply(events, FilterState(domains=["veiligheid"]))
    assert 0 < len(by_domain) < n and set(by_domain["domain"]) == {"veiligheid"}
    by_type = apply(events, FilterState(types=["signal"]))
    assert set(by_type["event_type"]) == {"signal"}
    severe = apply(events, FilterState(min_severity=3))
    assert (severe["severity"] >= 3).all() and len(severe)
    kid = apply(events, FilterState(persons=["Kind B"]))
    assert kid["persons"].str.contains("Kind B").all()
    text = apply(events, FilterState(text="BLAUWE PLEKKEN"))
    assert text["description"].str.lower().str.contains("blauwe plekken").all() and len(text)
    both = apply(events, FilterState(domains=["veiligheid"], types=["signal"]))
    assert len(both) <= min(len(by_domain), len(by_type))
    assert set(both.index) == set(by_domain.index) & set(by_type.index)


def test_period_keeps_vague_events_that_overlap(events):
    ev = apply(events, FilterState(start_year=2006, end_year=2006))
    t0 = ev["date_start"].fillna(ev["date_end"])
    t1 = ev["date_end"].fillna(ev["date_start"])
    assert (t1 >= pd.Timestamp("2006-01-01")).all() and (t0 <= pd.Timestamp("2006-12-31")).all()
    assert (ev["date_precision"] != "day").any()
    assert not (ev["date_precision"] == "unknown").any()


def test_structural_filter_ignores_type_and_text(events):
    s = FilterState(domains=["gezin"], types=["signal"], text="zzz")
    assert len(structural(events, s)) == (events["domain"] == "gezin").sum()
