"""Tests for reconstruct.dates: one large table of written dates, then the column, line and
describe helpers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reconstruct import dates
from reconstruct.dates import ParsedDate, describe, leading_date, parse_date, parse_dates
from reconstruct.datewords import vocabulary
from reconstruct.schema import DATE_PRECISIONS


def _dt(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


U = (None, None, "unknown")  # what every impossible or unrecognised value parses to

# (raw, expected start, expected end, expected precision)
CASES = [
    # --- day: numeric, day first always
    ("15-05-2014", "2014-05-15", "2014-05-15", "day"),
    ("15/05/2014", "2014-05-15", "2014-05-15", "day"),
    ("15.05.2014", "2014-05-15", "2014-05-15", "day"),
    ("15-5-2014", "2014-05-15", "2014-05-15", "day"),
    ("5-1-2014", "2014-01-05", "2014-01-05", "day"),
    ("05/01/2014", "2014-01-05", "2014-01-05", "day"),
    ("12-11-2013", "2013-11-12", "2013-11-12", "day"),
    ("1-2-03", "2003-02-01", "2003-02-01", "day"),
    ("1-2-45", "1945-02-01", "1945-02-01", "day"),
    ("31-12-29", "2029-12-31", "2029-12-31", "day"),
    ("31-12-30", "1930-12-31", "1930-12-31", "day"),
    ("29-02-2000", "2000-02-29", "2000-02-29", "day"),
    ("2014-05-15", "2014-05-15", "2014-05-15", "day"),
    ("2014/05/15", "2014-05-15", "2014-05-15", "day"),
    ("2014-5-3", "2014-05-03", "2014-05-03", "day"),
    # --- day with a time: the time stays in start, end is that day
    ("2014-05-15 13:45", "2014-05-15 13:45", "2014-05-15", "day"),
    ("2014-05-15T13:45:00", "2014-05-15 13:45", "2014-05-15", "day"),
    ("2014-05-15T13:45:30", "2014-05-15 13:45:30", "2014-05-15", "day"),
    ("2014-05-15 13:45:30.250", "2014-05-15 13:45:30", "2014-05-15", "day"),
    ("15-05-2014 09:30", "2014-05-15 09:30", "2014-05-15", "day"),
    ("15-05-2014 om 9.30 uur", "2014-05-15 09:30", "2014-05-15", "day"),
    ("15 mei 2014 14:00", "2014-05-15 14:00", "2014-05-15", "day"),
    # --- day with a month name
    ("15 mei 2014", "2014-05-15", "2014-05-15", "day"),
    ("3 okt. 2011", "2011-10-03", "2011-10-03", "day"),
    ("3 okt 2011", "2011-10-03", "2011-10-03", "day"),
    ("3 oktober 2011", "2011-10-03", "2011-10-03", "day"),
    ("3 OKTOBER 2011", "2011-10-03", "2011-10-03", "day"),
    ("3 okt.2011", "2011-10-03", "2011-10-03", "day"),
    ("15 mei '14", "2014-05-15", "2014-05-15", "day"),
    ("15 mei \u201914", "2014-05-15", "2014-05-15", "day"),
    ("15-mei-2014", "2014-05-15", "2014-05-15", "day"),
    ("15-mei-14", "2014-05-15", "2014-05-15", "day"),
    ("1 januari 2000", "2000-01-01", "2000-01-01", "day"),
    ("29 februari 2016", "2016-02-29", "2016-02-29", "day"),
    ("2 maart 1998", "1998-03-02", "1998-03-02", "day"),
    ("2 mrt. 1998", "1998-03-02", "1998-03-02", "day"),
    ("15 May 2014", "2014-05-15", "2014-05-15", "day"),
    ("3 Oct 2011", "2011-10-03", "2011-10-03", "day"),
    ("1e mei 2014", "2014-05-01", "2014-05-01", "day"),
    # --- day: weekdays are stripped (and checked, see test_wrong_weekday_is_a_warning)
    ("donderdag 15 mei 2014", "2014-05-15", "2014-05-15", "day"),
    ("Donderdag, 15 mei 2014", "2014-05-15", "2014-05-15", "day"),
    ("do 15-05-2014", "2014-05-15", "2014-05-15", "day"),
    ("do. 15-05-2014", "2014-05-15", "2014-05-15", "day"),
    ("ma 12-05-2014", "2014-05-12", "2014-05-12", "day"),
    ("maandag 12 mei 2014", "2014-05-12", "2014-05-12", "day"),
    # --- day: spacing, case, trailing dots, filler words, Excel serials as text
    ("  15-05-2014  ", "2014-05-15", "2014-05-15", "day"),
    ("15  mei   2014", "2014-05-15", "2014-05-15", "day"),
    ("15 mei 2014.", "2014-05-15", "2014-05-15", "day"),
    ("d.d. 15-05-2014", "2014-05-15", "2014-05-15", "day"),
    ("op 15 mei 2014", "2014-05-15", "2014-05-15", "day"),
    ("per 1 mei 2014", "2014-05-01", "2014-05-01", "day"),
    ("41774", "2014-05-15", "2014-05-15", "day"),
    ("41774.5", "2014-05-15 12:00", "2014-05-15", "day"),
    # --- month
    ("mei 2014", "2014-05-01", "2014-05-31", "month"),
    ("Mei 2014", "2014-05-01", "2014-05-31", "month"),
    ("MEI 2014", "2014-05-01", "2014-05-31", "month"),
    ("sept 2019", "2019-09-01", "2019-09-30", "month"),
    ("sep. 2019", "2019-09-01", "2019-09-30", "month"),
    ("september 2019", "2019-09-01", "2019-09-30", "month"),
    ("05-2014", "2014-05-01", "2014-05-31", "month"),
    ("5/2014", "2014-05-01", "2014-05-31", "month"),
    ("5-2014", "2014-05-01", "2014-05-31", "month"),
    ("05.2014", "2014-05-01", "2014-05-31", "month"),
    ("2014-05", "2014-05-01", "2014-05-31", "month"),
    ("mei '14", "2014-05-01", "2014-05-31", "month"),
    ("februari 2016", "2016-02-01", "2016-02-29", "month"),
    ("feb. 2015", "2015-02-01", "2015-02-28", "month"),
    ("mrt 2010", "2010-03-01", "2010-03-31", "month"),
    ("maart 2010", "2010-03-01", "2010-03-31", "month"),
    ("dec 1999", "1999-12-01", "1999-12-31", "month"),
    ("May 2014", "2014-05-01", "2014-05-31", "month"),
    ("mei-2014", "2014-05-01", "2014-05-31", "month"),
    ("in mei 2014", "2014-05-01", "2014-05-31", "month"),
    # --- year
    ("2014", "2014-01-01", "2014-12-31", "year"),
    ("2014.0", "2014-01-01", "2014-12-31", "year"),
    ("in 2014", "2014-01-01", "2014-12-31", "year"),
    ("'14", "2014-01-01", "2014-12-31", "year"),
    ("1800", "1800-01-01", "1800-12-31", "year"),
    ("2200", "2200-01-01", "2200-12-31", "year"),
    # --- season
    ("voorjaar 2010", "2010-03-01", "2010-05-31", "season"),
    ("lente 2010", "2010-03-01", "2010-05-31", "season"),
    ("zomer 2010", "2010-06-01", "2010-08-31", "season"),
    ("Zomer '10", "2010-06-01", "2010-08-31", "season"),
    ("najaar 2010", "2010-09-01", "2010-11-30", "season"),
    ("herfst 2010", "2010-09-01", "2010-11-30", "season"),
    ("winter 2010", "2010-12-01", "2011-02-28", "season"),
    ("winter 2010/2011", "2010-12-01", "2011-02-28", "season"),
    ("winter 2010 / 2011", "2010-12-01", "2011-02-28", "season"),
    ("winter 2010-2011", "2010-12-01", "2011-02-28", "season"),
    ("winter 2010/11", "2010-12-01", "2011-02-28", "season"),
    ("winter 2011", "2011-12-01", "2012-02-29", "season"),
    # --- quarter
    ("Q1 2012", "2012-01-01", "2012-03-31", "quarter"),
    ("Q2 2012", "2012-04-01", "2012-06-30", "quarter"),
    ("Q3 2012", "2012-07-01", "2012-09-30", "quarter"),
    ("Q4 2012", "2012-10-01", "2012-12-31", "quarter"),
    ("q3-2012", "2012-07-01", "2012-09-30", "quarter"),
    ("Q3 '12", "2012-07-01", "2012-09-30", "quarter"),
    ("3e kwartaal 2012", "2012-07-01", "2012-09-30", "quarter"),
    ("derde kwartaal 2012", "2012-07-01", "2012-09-30", "quarter"),
    ("eerste kwartaal 2012", "2012-01-01", "2012-03-31", "quarter"),
    ("4de kwartaal van 2012", "2012-10-01", "2012-12-31", "quarter"),
    ("2012 Q3", "2012-07-01", "2012-09-30", "quarter"),
    ("2012-Q3", "2012-07-01", "2012-09-30", "quarter"),
    # --- begin / medio / eind, halves
    ("begin 2011", "2011-01-01", "2011-04-30", "period"),
    ("Begin 2011", "2011-01-01", "2011-04-30", "period"),
    ("medio 2005", "2005-05-01", "2005-08-31", "period"),
    ("midden 2005", "2005-05-01", "2005-08-31", "period"),
    ("half 2005", "2005-05-01", "2005-08-31", "period"),
    ("eind 2009", "2009-09-01", "2009-12-31", "period"),
    ("eind van 2009", "2009-09-01", "2009-12-31", "period"),
    ("einde 2009", "2009-09-01", "2009-12-31", "period"),
    ("eind-2009", "2009-09-01", "2009-12-31", "period"),
    ("begin mei 2014", "2014-05-01", "2014-05-10", "period"),
    ("medio mei 2014", "2014-05-11", "2014-05-20", "period"),
    ("eind mei 2014", "2014-05-21", "2014-05-31", "period"),
    ("eind februari 2015", "2015-02-21", "2015-02-28", "period"),
    ("eerste helft 2005", "2005-01-01", "2005-06-30", "period"),
    ("tweede helft 2005", "2005-07-01", "2005-12-31", "period"),
    ("1e helft 2005", "2005-01-01", "2005-06-30", "period"),
    ("2e helft van 2005", "2005-07-01", "2005-12-31", "period"),
    ("eerste halfjaar 2005", "2005-01-01", "2005-06-30", "period"),
    ("H2 2005", "2005-07-01", "2005-12-31", "period"),
    # --- approximate: a year, a month or a week either side
    ("rond 2002", "2001-01-01", "2003-12-31", "period"),
    ("ca. 2002", "2001-01-01", "2003-12-31", "period"),
    ("ca 2002", "2001-01-01", "2003-12-31", "period"),
    ("circa 2002", "2001-01-01", "2003-12-31", "period"),
    ("omstreeks 2002", "2001-01-01", "2003-12-31", "period"),
    ("ongeveer 2002", "2001-01-01", "2003-12-31", "period"),
    ("± 2002", "2001-01-01", "2003-12-31", "period"),
    ("±2002", "2001-01-01", "2003-12-31", "period"),
    ("+/- 2002", "2001-01-01", "2003-12-31", "period"),
    ("plm. 2002", "2001-01-01", "2003-12-31", "period"),
    ("rond mei 2014", "2014-04-01", "2014-06-30", "period"),
    ("ca. jan 2014", "2013-12-01", "2014-02-28", "period"),
    ("rond zomer 2010", "2010-05-01", "2010-09-30", "period"),
    ("rond 15 mei 2014", "2014-05-08", "2014-05-22", "period"),
    # --- ranges
    ("1993-2003", "1993-01-01", "2003-12-31", "period"),
    ("1993 - 2003", "1993-01-01", "2003-12-31", "period"),
    ("1993–2003", "1993-01-01", "2003-12-31", "period"),
    ("1993 – 2003", "1993-01-01", "2003-12-31", "period"),
    ("1993\u20142003", "1993-01-01", "2003-12-31", "period"),
    ("van 1995 tot 2005", "1995-01-01", "2005-12-31", "period"),
    ("Van 1995 tot en met 2005", "1995-01-01", "2005-12-31", "period"),
    ("1995 t/m 2005", "1995-01-01", "2005-12-31", "period"),
    ("1995 tot 2005", "1995-01-01", "2005-12-31", "period"),
    ("tussen 1995 en 2005", "1995-01-01", "2005-12-31", "period"),
    ("2014-2014", "2014-01-01", "2014-12-31", "period"),
    ("mei 2014 - juli 2014", "2014-05-01", "2014-07-31", "period"),
    ("mei 2014 – juli 2014", "2014-05-01", "2014-07-31", "period"),
    ("mei - juli 2014", "2014-05-01", "2014-07-31", "period"),
    ("tussen mei en juli 2014", "2014-05-01", "2014-07-31", "period"),
    ("15 - 20 mei 2014", "2014-05-15", "2014-05-20", "period"),
    ("15-05-2014 - 20-06-2014", "2014-05-15", "2014-06-20", "period"),
    ("15-05-2014 t/m 20-06-2014", "2014-05-15", "2014-06-20", "period"),
    ("15-05-2014-20-06-2014", "2014-05-15", "2014-06-20", "period"),
    ("15-05 - 20-06-2014", "2014-05-15", "2014-06-20", "period"),
    ("van 15 mei 2014 tot 20 juni 2014", "2014-05-15", "2014-06-20", "period"),
    ("van begin 2011 tot eind 2012", "2011-01-01", "2012-12-31", "period"),
    ("Q1 2012 - Q3 2012", "2012-01-01", "2012-09-30", "period"),
    ("voorjaar 2010 - najaar 2010", "2010-03-01", "2010-11-30", "period"),
    ("rond 1995 - 2000", "1994-01-01", "2000-12-31", "period"),
    # --- open end / open start
    ("vanaf 2008", "2008-01-01", None, "period"),
    ("sinds 2008", "2008-01-01", None, "period"),
    ("Sinds mei 2014", "2014-05-01", None, "period"),
    ("vanaf 15-05-2014", "2014-05-15", None, "period"),
    ("2008 - heden", "2008-01-01", None, "period"),
    ("vanaf 2008 tot heden", "2008-01-01", None, "period"),
    ("na 2008", "2009-01-01", None, "period"),
    ("na mei 2014", "2014-06-01", None, "period"),
    ("tot 2005", None, "2005-12-31", "period"),
    ("tot en met 2005", None, "2005-12-31", "period"),
    ("t/m 2005", None, "2005-12-31", "period"),
    ("tot mei 2014", None, "2014-05-31", "period"),
    ("voor 2005", None, "2004-12-31", "period"),
    ("vóór 2005", None, "2004-12-31", "period"),
    ("Voor mei 2014", None, "2014-04-30", "period"),
    # --- decades
    ("jaren '90", "1990-01-01", "1999-12-31", "period"),
    ("jaren 90", "1990-01-01", "1999-12-31", "period"),
    ("jaren negentig", "1990-01-01", "1999-12-31", "period"),
    ("Jaren Negentig", "1990-01-01", "1999-12-31", "period"),
    ("de jaren 90", "1990-01-01", "1999-12-31", "period"),
    ("jaren 1990", "1990-01-01", "1999-12-31", "period"),
    ("1990s", "1990-01-01", "1999-12-31", "period"),
    ("'90s", "1990-01-01", "1999-12-31", "period"),
    ("jaren '00", "2000-01-01", "2009-12-31", "period"),
    ("jaren tachtig", "1980-01-01", "1989-12-31", "period"),
    ("begin jaren '90", "1990-01-01", "1993-12-31", "period"),
    ("medio jaren 90", "1994-01-01", "1996-12-31", "period"),
    ("eind jaren 90", "1997-01-01", "1999-12-31", "period"),
    ("eind van de jaren 80", "1987-01-01", "1989-12-31", "period"),
    # --- impossible: recognised form, values that cannot be a date
    ("31-02-2004", *U),
    ("2014-13-01", *U),
    ("29-02-2001", *U),
    ("00-00-0000", *U),
    ("32-01-2014", *U),
    ("15-13-2014", *U),
    ("13/2014", *U),
    ("2014-00", *U),
    ("Q5 2012", *U),
    ("derde helft 2005", *U),
    ("winter 2010/2012", *U),
    ("zomer 2010/2011", *U),
    ("jaren 95", *U),
    ("2014-05-15 25:00", *U),
    ("1799", *U),
    ("3014", *U),
    ("31-02-2004 - 05-05-2004", *U),
    # --- a range that ends before it starts
    ("2005 - 1995", *U),
    ("juli 2014 - mei 2014", *U),
    ("van 20-06-2014 tot 15-05-2014", *U),
    # --- a missing year is reported, never taken from today
    ("15 mei", *U),
    ("mei", *U),
    ("15 - 20 mei", *U),
    # --- unrecognised or empty
    ("onbekend", *U),
    ("?", *U),
    ("z.d.", *U),
    ("n.v.t.", *U),
    ("in de zomervakantie", *U),
    ("na de zomer", *U),
    ("99999", *U),
    ("12345678", *U),
    ("begin", *U),
    ("vanaf", *U),
    ("tussen 1995", *U),
    ("15 - 20", *U),
    ("1-2-3-4", *U),
    ("", *U),
    ("   ", *U),
    ("nan", *U),
]


@pytest.mark.parametrize(("raw", "start", "end", "precision"), CASES)
def test_parse_date_table(raw, start, end, precision):
    parsed = parse_date(raw)
    assert (parsed.start, parsed.end, parsed.precision) == (_dt(start), _dt(end), precision)
    assert parsed.raw == raw.strip()
    assert parsed.precision in DATE_PRECISIONS
    if precision == "unknown":
        assert parsed.warning == "geen datum" or f"'{raw.strip()}'" in parsed.warning
    else:
        assert parsed.warning is None


def test_table_is_large_and_has_no_duplicates():
    raws = [row[0] for row in CASES]
    assert len(raws) >= 130
    assert len(set(raws)) == len(raws)


WARNINGS = [
    ("31-02-2004", "onmogelijke datum '31-02-2004'"),
    ("2014-13-01", "onmogelijke datum '2014-13-01'"),
    ("onbekend", "datum niet herkend: 'onbekend'"),
    ("  onbekend ", "datum niet herkend: 'onbekend'"),
    ("?", "datum niet herkend: '?'"),
    ("z.d.", "datum niet herkend: 'z.d.'"),
    ("in de zomervakantie", "datum niet herkend: 'in de zomervakantie'"),
    ("", "geen datum"),
    ("2005 - 1995", "einde ligt vóór het begin: '2005 - 1995'"),
    ("15 mei", "jaartal ontbreekt: '15 mei'"),
    (
        "maandag 15 mei 2014",
        "weekdag klopt niet: 'maandag 15 mei 2014' (15-05-2014 is een donderdag)",
    ),
]


@pytest.mark.parametrize(("raw", "warning"), WARNINGS)
def test_warnings_are_dutch_and_quote_the_raw_text(raw, warning):
    assert parse_date(raw).warning == warning


def test_wrong_weekday_is_a_warning_but_the_date_is_kept():
    parsed = parse_date("maandag 15 mei 2014")
    assert (parsed.start, parsed.precision) == (dt.datetime(2014, 5, 15), "day")
    assert "donderdag" in parsed.warning


@pytest.mark.parametrize(
    ("value", "start", "end", "precision", "raw"),
    [
        (2014, "2014-01-01", "2014-12-31", "year", "2014"),
        (np.int64(2014), "2014-01-01", "2014-12-31", "year", "2014"),
        (2014.0, "2014-01-01", "2014-12-31", "year", "2014"),
        (41774, "2014-05-15", "2014-05-15", "day", "41774"),
        (41774.5, "2014-05-15 12:00", "2014-05-15", "day", "41774.5"),
        (41774.25, "2014-05-15 06:00", "2014-05-15", "day", "41774.25"),
        (10000, "1927-05-18", "1927-05-18", "day", "10000"),
        (123, None, None, "unknown", "123"),
        (2014.5, None, None, "unknown", "2014.5"),
        (99999, None, None, "unknown", "99999"),
        (True, None, None, "unknown", "True"),
        (None, None, None, "unknown", ""),
        (float("nan"), None, None, "unknown", ""),
        (np.nan, None, None, "unknown", ""),
        (pd.NaT, None, None, "unknown", ""),
        (pd.NA, None, None, "unknown", ""),
        (np.datetime64("NaT"), None, None, "unknown", ""),
        (pd.Timestamp("2014-05-15 13:45"), "2014-05-15 13:45", "2014-05-15", "day", None),
        (
            pd.Timestamp("2014-05-15 13:45", tz="Europe/Amsterdam"),
            "2014-05-15 13:45",
            "2014-05-15",
            "day",
            None,
        ),  # fmt: skip
        (dt.datetime(2014, 5, 15, 13, 45), "2014-05-15 13:45", "2014-05-15", "day", None),
        (dt.date(2014, 5, 15), "2014-05-15", "2014-05-15", "day", "2014-05-15"),
        (np.datetime64("2014-05-15"), "2014-05-15", "2014-05-15", "day", None),
    ],
)
def test_parse_date_non_text_values(value, start, end, precision, raw):
    parsed = parse_date(value)
    assert (parsed.start, parsed.end, parsed.precision) == (_dt(start), _dt(end), precision)
    if raw is not None:
        assert parsed.raw == raw
    assert (parsed.warning is None) == (precision != "unknown")
    if raw == "":
        assert parsed.warning == "geen datum"


@pytest.mark.parametrize(
    ("raw", "pivot", "year"),
    [("1-2-45", 30, 1945), ("1-2-45", 50, 2045), ("1-2-29", 30, 2029), ("1-2-30", 30, 1930),
     ("mei '20", 20, 1920), ("mei '19", 20, 2019), ("jaren 20", 30, 2020), ("jaren 20", 20, 1920)],
)  # fmt: skip
def test_pivot_year_decides_the_century(raw, pivot, year):
    assert parse_date(raw, pivot_year=pivot).start.year == year


def test_parsed_date_is_frozen_with_slots():
    parsed = parse_date("15-05-2014")
    assert isinstance(parsed, ParsedDate)
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.start = None
    assert not hasattr(parsed, "__dict__")


def test_nothing_is_filled_from_today():
    for name in ("dates.py", "datewords.py"):
        source = (Path(dates.__file__).parent / name).read_text(encoding="utf-8")
        assert "now(" not in source and "today(" not in source, name


def test_vocabulary_covers_every_month_weekday_and_season_label():
    words = vocabulary()
    assert set(words["months"].values()) == set(range(1, 13))
    assert set(words["weekdays"].values()) == set(range(1, 8))
    assert len(words["labels"]["months_full"]) == len(words["labels"]["months_short"]) == 12
    assert {first for first, _ in words["seasons"].values()} == set(words["labels"]["seasons"])
    assert set(words["messages"]) == {"blank", "unrecognised", "impossible", "reversed",
                                      "no_year", "weekday"}  # fmt: skip


# --------------------------------------------------------------------- parse_dates


def test_parse_dates_keeps_the_series_index_and_dtypes():
    values = pd.Series(["15-05-2014", None, "mei 2014", "onzin"], index=[10, 3, 7, 99])
    out = parse_dates(values)
    assert list(out.index) == [10, 3, 7, 99]
    assert list(out.columns) == ["start", "end", "precision", "raw", "warning"]
    assert out["start"].dtype == "datetime64[ms]" and out["end"].dtype == "datetime64[ms]"
    assert out.loc[7, "end"] == pd.Timestamp("2014-05-31")
    assert out.loc[10, "precision"] == "day" and out.loc[99, "precision"] == "unknown"
    assert out.loc[10, "warning"] is None
    assert out.loc[3, "warning"] == "geen datum" and out.loc[3, "raw"] == ""
    assert out.loc[99, "warning"] == "datum niet herkend: 'onzin'"


def test_parse_dates_keeps_a_duplicated_index_and_never_nan_warnings():
    out = parse_dates(pd.Series(["15-05-2014", None, "x", "mei 2014"], index=[4, 4, 0, 0]))
    assert list(out.index) == [4, 4, 0, 0]
    assert out["precision"].tolist() == ["day", "unknown", "unknown", "month"]
    assert out["warning"].dtype == object
    assert all(w is None or isinstance(w, str) for w in out["warning"])


def test_parse_dates_list_gives_range_index_and_mixed_types():
    values = ["15-05-2014", None, float("nan"), pd.NaT, pd.Timestamp("2014-05-15 13:45"),
              2014, 41774, 2014.0, dt.date(2014, 5, 15), "vanaf 2008", "tot 2005"]  # fmt: skip
    out = parse_dates(values)
    assert isinstance(out.index, pd.RangeIndex) and len(out) == len(values)
    assert out["precision"].tolist() == ["day", "unknown", "unknown", "unknown", "day", "year",
                                         "day", "year", "day", "period", "period"]  # fmt: skip
    assert out.loc[4, "start"] == pd.Timestamp("2014-05-15 13:45")
    assert out.loc[4, "end"] == pd.Timestamp("2014-05-15")
    assert pd.isna(out.loc[9, "end"]) and pd.isna(out.loc[10, "start"])
    assert out["warning"].tolist()[1:4] == ["geen datum"] * 3


def test_parse_dates_matches_parse_date_row_by_row():
    raws = [row[0] for row in CASES]
    out = parse_dates(raws)
    for i, raw in enumerate(raws):
        one = parse_date(raw)
        assert out.loc[i, "precision"] == one.precision, raw
        assert out.loc[i, "warning"] == one.warning, raw
        for col in ("start", "end"):
            expected = getattr(one, col)
            got = out.loc[i, col]
            assert (pd.isna(got) and expected is None) or got == pd.Timestamp(expected), raw


def test_parse_dates_parses_each_unique_value_once(monkeypatch):
    calls = []
    real = dates.parse_date

    def counting(value, **kwargs):
        calls.append(value)
        return real(value, **kwargs)

    monkeypatch.setattr(dates, "parse_date", counting)
    # forms left to parse_date (the common ones are read for the whole column at once, without
    # it: tests/test_dates_column.py)
    values = pd.Series(["15 mei '14", "mei '14", None, "'14"] * 2500)
    out = parse_dates(values)
    assert len(out) == 10_000
    assert len([c for c in calls if c is not None]) == 3
    assert out["precision"].value_counts().to_dict() == {
        "day": 2500, "month": 2500, "unknown": 2500, "year": 2500
    }  # fmt: skip


def test_parse_dates_edge_inputs():
    empty = parse_dates([])
    assert len(empty) == 0 and empty["start"].dtype == "datetime64[ms]"
    stamps = parse_dates(pd.Series(pd.to_datetime(["2014-05-15", None])))
    assert stamps["precision"].tolist() == ["day", "unknown"]
    numbers = parse_dates(np.array([2014, 41774]))
    assert numbers["precision"].tolist() == ["year", "day"]
    pivoted = parse_dates(["1-2-45"], pivot_year=50)
    assert pivoted.loc[0, "start"] == pd.Timestamp("2045-02-01")


# --------------------------------------------------------------------- leading_date

LINES = [
    ("15-05-2014: Huisbezoek bij moeder", ("15-05-2014", "Huisbezoek bij moeder")),
    ("mei 2014 - Gesprek met school", ("mei 2014", "Gesprek met school")),
    ("Begin 2011 Moeder belt af", ("Begin 2011", "Moeder belt af")),
    ("2 kinderen aanwezig", None),
    ("Zij vertelt dat...", None),
    ("2014: verhuizing", ("2014", "verhuizing")),
    ("2014 - verhuizing", ("2014", "verhuizing")),
    ("2014 – verhuizing", ("2014", "verhuizing")),
    ("2014", ("2014", "")),
    ("2014 was zwaar", None),
    ("van 1995 tot 2005: woonde bij oma", ("van 1995 tot 2005", "woonde bij oma")),
    ("12-03-2008: Huisbezoek. Sanne oogt moe.", ("12-03-2008", "Huisbezoek. Sanne oogt moe.")),
    ("3 okt. 2011 Telefonisch contact", ("3 okt. 2011", "Telefonisch contact")),
    ("ma 12-05-2014, huisbezoek", ("ma 12-05-2014", "huisbezoek")),
    ("2014-05-15 13:45 Huisbezoek", ("2014-05-15 13:45", "Huisbezoek")),
    ("15-05-2014:Huisbezoek", ("15-05-2014", "Huisbezoek")),
    ("15 mei 2014 - 2 kinderen aanwezig", ("15 mei 2014", "2 kinderen aanwezig")),
    ("Q3 2012: evaluatie", ("Q3 2012", "evaluatie")),
    ("winter 2010/2011 - geen school", ("winter 2010/2011", "geen school")),
    ("10000 euro schuld", None),
    ("15 mei belde moeder", None),
    ("Journaal GGZ — cliënt S. Veldhoen", None),
    ("Tot slot: moeder belt", None),
    ("31-02-2004: iets", None),
]


@pytest.mark.parametrize(("line", "expected"), LINES)
def test_leading_date(line, expected):
    assert leading_date(line) == expected


# --------------------------------------------------------------------- describe

DESCRIBED = [
    ("15-05-2014", "15-05-2014"),
    ("2014-05-15 13:45", "15-05-2014 13:45"),
    ("mei 2014", "mei 2014"),
    ("sep 2019", "september 2019"),
    ("voorjaar 2010", "voorjaar 2010"),
    ("herfst 2010", "najaar 2010"),
    ("winter 2010", "winter 2010/2011"),
    ("Q3 2012", "3e kwartaal 2012"),
    ("2002", "2002"),
    ("1993 - 2003", "1993 – 2003"),
    ("mei 2014 - juli 2014", "mei 2014 – jul 2014"),
    ("15-05-2014 - 20-06-2014", "15-05-2014 – 20-06-2014"),
    ("begin 2011", "jan 2011 – apr 2011"),
    ("rond 2002", "2001 – 2003"),
    ("vanaf 2008", "vanaf 2008"),
    ("sinds mei 2014", "vanaf mei 2014"),
    ("tot 2005", "tot 2005"),
    ("jaren '90", "1990 – 1999"),
    ("onbekend", "datum onbekend"),
]


@pytest.mark.parametrize(("raw", "expected"), DESCRIBED)
def test_describe(raw, expected):
    parsed = parse_date(raw)
    assert describe(parsed.start, parsed.end, parsed.precision) == expected


def test_describe_takes_timestamps_and_missing_values():
    assert describe(pd.Timestamp("2014-05-01"), pd.Timestamp("2014-07-31"), "period") == (
        "mei 2014 – jul 2014"
    )
    assert describe(np.datetime64("2014-05-15"), np.datetime64("2014-05-15"), "day") == "15-05-2014"
    assert describe(pd.NaT, pd.NaT, "unknown") == "datum onbekend"
    assert describe(None, pd.Timestamp("2004-12-31"), "period") == "tot 2004"


@pytest.mark.parametrize(("raw", "start", "end", "precision"), CASES)
def test_describe_never_fails_on_the_table(raw, start, end, precision):
    text = describe(_dt(start), _dt(end), precision)
    assert text and (precision != "unknown" or text == "datum onbekend")
