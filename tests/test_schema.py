"""The declared event schema: lazy validation reports every failure at once."""

from __future__ import annotations

import pandas as pd

from reconstruct.schema import COLUMNS, coerce_dtypes, empty_events, validate


def _event(**kw):
    base = {
        "event_id": "ev-0123456789abcdef",
        "date_start": pd.Timestamp("2014-05-15"),
        "date_end": pd.Timestamp("2014-05-15"),
        "date_precision": "day",
        "event_type": "contact",
        "source_file": "a.csv",
        "source_row": 2,
    }
    base.update(kw)
    return base


def test_empty_table_has_every_column_and_is_valid():
    ev = empty_events()
    assert list(ev.columns) == list(COLUMNS)
    assert validate(ev).empty


def test_lazy_validation_lists_every_problem():
    ev = coerce_dtypes(
        pd.DataFrame(
            [
                _event(),
                _event(event_id="ev-1", domain="zorg", severity=5),
                _event(
                    event_id="ev-0123456789abcdee",
                    event_type="signaal",
                    date_end=pd.Timestamp("2014-01-01"),
                ),
                _event(event_id="ev-0123456789abcded", date_start=None, date_end=None),
            ]
        )
    )
    failures = validate(ev)
    found = set(zip(failures["column"].fillna("*"), failures["event_id"].fillna("?"), strict=True))
    assert ("event_id", "ev-1") in found
    assert ("domain", "ev-1") in found
    assert ("severity", "ev-1") in found
    assert ("event_type", "ev-0123456789abcdee") in found
    checks = " ".join(failures["check"])
    assert "date_end_not_before_start" in checks
    assert "dated_unless_unknown" in checks
    assert set(failures["source_file"].dropna()) == {"a.csv"}
