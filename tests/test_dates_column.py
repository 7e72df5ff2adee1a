"""parse_dates reads the common forms of a column at once (dates._parse_column_fast); these
tests hold it to exactly what parse_date says value by value, on edge cases and on a large
random set of date-like text."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

from reconstruct import dates
from reconstruct.dates import parse_date, parse_dates
from reconstruct.datewords import vocabulary


def _one_by_one(values, pivot_year: int = 30) -> pd.DataFrame:
    """parse_dates as it was before the column path: parse_date for every value."""
    parsed = [parse_date(v, pivot_year=pivot_year) for v in values]
    starts = np.full(len(parsed), np.datetime64("NaT"), dtype="datetime64[ms]")
    ends = starts.copy()
    for i, p in enumerate(parsed):
        if p.start is not None:
            starts[i] = p.start
        if p.end is not None:
            ends[i] = p.end
    return pd.DataFrame(
        {
            "start": starts,
            "end": ends,
            "precision": pd.array([p.precision for p in parsed], dtype="str"),
            "raw": pd.array([p.raw for p in parsed], dtype="str"),
            "warning": pd.Series([p.warning for p in parsed], dtype=object),
        }
    )


EDGES = [
    # calendar validity: only real days take the column path
    "29-02-2000", "29-02-1900", "29-02-2004", "29-02-2100", "31-02-2004", "30-02-2004",
    "31-04-2014", "31-12-2014", "00-01-2000", "1-13-2000", "32-01-2000", "2014-02-29",
    "2016-02-29", "2014-00-10", "2014-13-10", "2014-12-32", "2014-12-00", "2014-5-3",
    # years: 1800..2200 only, two digits by the pivot
    "0999", "1799", "1800", "2200", "2201", "0999-01-01", "01-01-0999", "01-01-1799",
    "15-05-14", "1-2-03", "1-2-29", "1-2-30", "31-12-99", "1-1-00", "15.5.14", "5/5/05",
    "01-01-014",
    # times
    "15-05-2014T13:45", "15-05-2014 13:45", "2014-05-15T13:45", "2014-05-15 13:45:59",
    "2014-05-15 24:00", "2014-05-15 23:60", "2014-05-15 23:59:60", "2014-05-15 9:05",
    "2014-05-15t13:45", "2014-05-15  13:45", "2014-05-15T13:45Z", "2014-05-15 13.45",
    "2014-05-15 13:45:30.250", "2014-05-15T13:45:00+01:00", "15-05-14 13:45",
    "2014-05-15 007:00", "2014-05-15 7:000", "15-05-2014 om 9.30 uur", "15-05-2014 09:30 uur",
    # spacing, mixed separators, other digits
    " 15-05-2014 ", "15-05-2014 ", " 2014", "2014 ", "15-05-2014\n", "15-05-2014\t",
    "\u00a015-05-2014", "15-05/2014", "15/05-2014", "2014-05/15", "\uff11\uff15-05-2014",
    "\u0662\u0660\u0661\u0664",
    # months and years
    "05-2014", "5-2014", "5/2014", "05.2014", "2014-05", "2014-5", "2014-13", "2014-00",
    "13-2014", "00-2014", "2014/05", "2014.05", "1993-03", "1993-2003", "2014.0", "14", "'14",
    "mei 2014", "Mei 2014", "MEI 2014", "mei. 2014", "mrt 1799", "mar 2014", "mon 2014",
    "January 2014", "Sept. 2019", "in 2014", "15 mei 2014", "3 okt. 2011", "31 feb 2014",
    "0 mei 2014", "15 foo 2014", "15  mei 2014", "1e mei 2014", "15 mei 2014 14:00",
    # weekdays: matching, wrong (a warning), unknown words, fillers and approximations
    "ma 12-05-2014", "Ma. 12-05-2014", "ma, 12-05-2014", "do 12-05-2014", "maandag 12-05-2014",
    "monday 12-05-2014", "ma 12-05-14", "ma 12-05-2014 10:00", "xx 12-05-2014",
    "op 12-05-2014", "ca 12-05-2014", "rond 12-05-2014", "ma 31-02-2014",
    # blanks and numbers as text
    "", " ", "nan", "NaT", "None", "null", "41774", "41774.5",
]  # fmt: skip


def _fuzz(n: int, seed: int) -> list[str]:
    r = random.Random(seed)
    words = [*vocabulary()["weekdays"], *vocabulary()["months"], "in", "op", "ca", "rond",
             "begin", "Q3", "xyz", "Ma.", "DO", "Zo,"]  # fmt: skip
    out = []
    for _ in range(n):
        d = r.choice([r.randint(0, 32), r.randint(1, 28)])
        m = r.choice([r.randint(0, 13), r.randint(1, 12)])
        y = r.choice([r.randint(1750, 2250), r.randint(1890, 2030), r.randint(0, 99), 1900])
        d = r.choice([f"{d}", f"{d:02d}"])
        m = r.choice([f"{m}", f"{m:02d}"])
        y = r.choice([f"{y}", f"{y:04d}", f"{y % 100:02d}", f"{y:03d}"])
        s1 = r.choice("-/.")
        s2 = s1 if r.random() < 0.9 else r.choice("-/.")
        time = ""
        if r.random() < 0.3:
            time = r.choice(["T", " ", "t", "  "]) + f"{r.randint(0, 25):0{r.randint(1, 2)}d}"
            time += f":{r.randint(0, 61):02d}" + (f":{r.randint(0, 61):02d}" * r.randint(0, 1))
        word = r.choice(words)
        text = r.choice(
            [
                f"{d}{s1}{m}{s2}{y}{time}",
                f"{y}{s1}{m}{s2}{d}{time}",
                f"{word} {d}{s1}{m}{s2}{y}{time}",
                f"{word}{r.choice(['', '.', ',', '.,'])} {d}-{m}-{y}",
                f"{m}{s1}{y}",
                f"{y}-{m}",
                y,
                f"{d} {word} {y}",
                f"{word} {y}",
            ]
        )
        if r.random() < 0.05:
            text = r.choice([" ", "\t", "\u00a0"]) + text
        if r.random() < 0.05:
            text += r.choice([" ", ".", "\n"])
        out.append(text)
    return out


@pytest.mark.parametrize("pivot_year", [30, 50])
def test_column_path_gives_what_parse_date_gives(pivot_year):
    values = EDGES + _fuzz(20_000, seed=pivot_year)
    pd.testing.assert_frame_equal(
        parse_dates(values, pivot_year=pivot_year), _one_by_one(values, pivot_year)
    )


def test_column_path_on_a_string_series_and_mixed_objects():
    values = EDGES + _fuzz(2_000, seed=3)
    series = pd.Series(values, dtype="str", index=np.arange(len(values))[::-1])
    expected = _one_by_one(values)
    expected.index = series.index
    pd.testing.assert_frame_equal(parse_dates(series), expected)
    others = [None, float("nan"), pd.NaT, pd.Timestamp("2014-05-15 13:45"), 2014, 41774, 2014.0,
              dt.date(2014, 5, 15), np.str_("15-05-2014"), dt.datetime(2014, 5, 15)]  # fmt: skip
    mixed = [*values[:300], *others]
    pd.testing.assert_frame_equal(parse_dates(pd.Series(mixed, dtype=object)), _one_by_one(mixed))


TAKEN = ["15-05-2014", "1-2-2014", "15/05/2014", "15.05.2014", "1-2-03", "2014-05-15",
         "2014-5-3", "2014-05-15T13:45", "2014-05-15 13:45:30", "15-05-2014 09:30",
         "15 mei 2014", "3 okt. 2011", "mei 2014", "05-2014", "2014-05", "2014", "29-02-2000",
         "ma 12-05-2014"]  # fmt: skip
LEFT = ["31-02-2004", "29-02-1900", "00-01-2000", "1-13-2000", " 15-05-2014 ", "1799",
        "2201", "15-05/2014", "2014-05-15 24:00", "do 12-05-2014", "begin 2011", "mei '14",
        "15 foo 2014", "41774"]  # fmt: skip


def test_column_path_takes_the_common_forms_and_leaves_the_rest():
    at = dates._parse_column_fast(TAKEN + LEFT, 30)[0]
    assert sorted(at.tolist()) == list(range(len(TAKEN)))


def test_column_path_never_calls_parse_date_for_common_forms(monkeypatch):
    calls = []
    real = dates.parse_date

    def counting(value, **kwargs):
        calls.append(value)
        return real(value, **kwargs)

    monkeypatch.setattr(dates, "parse_date", counting)
    out = parse_dates(TAKEN + LEFT)
    assert calls == [*LEFT, None]  # None: the entry every missing value takes
    assert (out["precision"][: len(TAKEN)] != "unknown").all()
