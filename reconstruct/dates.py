"""Dutch fuzzy dates -> (start, end, precision, raw): what was written, never more, never a guess.

Reads values such as "15-05-2014", "3 okt. 2011", "mei '14", "Q3 2012", "begin 2011",
"rond 2002", "van 1995 tot 2005", "jaren '90", Excel serials and real datetimes. Day first,
always. A part that was not written is never filled in from today's date: "15 mei" without a
year is reported, not completed. Impossible or unrecognised text becomes precision "unknown"
with a Dutch warning that quotes it. The vocabulary is data: resources/dates_nl.yaml.

`end` is the last day included, at midnight; `start` is midnight of the first day, or the real
moment when a time was written; an open end or start is None. The ranges chosen:

| written                          | start .. end (inclusive)                  | precision |
|----------------------------------|-------------------------------------------|-----------|
| voorjaar / lente 2010            | 1 Mar 2010 .. 31 May 2010                 | season    |
| zomer 2010                       | 1 Jun 2010 .. 31 Aug 2010                 | season    |
| najaar / herfst 2010             | 1 Sep 2010 .. 30 Nov 2010                 | season    |
| winter 2010 = winter 2010/2011   | 1 Dec 2010 .. 28 Feb 2011                 | season    |
| Q3 2012 / 3e kwartaal 2012       | 1 Jul 2012 .. 30 Sep 2012                 | quarter   |
| begin 2011                       | 1 Jan 2011 .. 30 Apr 2011                 | period    |
| medio / midden / half 2011       | 1 May 2011 .. 31 Aug 2011                 | period    |
| eind / einde / eind van 2011     | 1 Sep 2011 .. 31 Dec 2011                 | period    |
| begin / medio / eind mei 2014    | day 1-10 / 11-20 / 21-last of May 2014    | period    |
| eerste / tweede helft 2005       | 1 Jan .. 30 Jun / 1 Jul .. 31 Dec 2005    | period    |
| jaren '90 / jaren negentig       | 1 Jan 1990 .. 31 Dec 1999                 | period    |
| begin / medio / eind jaren '90   | 1990-1993 / 1994-1996 / 1997-1999         | period    |
| rond / ca. / circa / ± 2002      | 1 Jan 2001 .. 31 Dec 2003 (a year each side)  | period |
| rond mei 2014                    | 1 Apr 2014 .. 30 Jun 2014 (a month each side) | period |
| rond 15 mei 2014                 | 8 May 2014 .. 22 May 2014 (7 days each side)  | period |
| vanaf / sinds 2008, 2008 - heden | 1 Jan 2008 .. None                        | period    |
| na 2008                          | 1 Jan 2009 .. None                        | period    |
| tot / t/m 2005                   | None .. 31 Dec 2005                       | period    |
| voor / vóór 2005                 | None .. 31 Dec 2004                       | period    |
| 1993-2003, van 1995 tot 2005     | start of the first .. end of the second   | period    |

"rond" widens by a year when the expression spans a year or more, by a month when it spans a
month up to a year, by seven days otherwise. "tot" inside a range counts its end in, like
"t/m". A first range part without a year takes the second's ("mei - juli 2014"). Two-digit
years: yy < pivot_year -> 20yy, else 19yy (also "jaren 20"). A weekday that does not match
the date ("maandag 15 mei 2014", a Thursday) keeps the date and adds a warning. The grammar
that reads the text lives in `reconstruct.datewords`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reconstruct.datewords import (
    YEAR_RANGE,
    Rejected,
    Span,
    _patterns,
    midnight,
    normalize,
    number_span,
    read_text,
    vocabulary,
    year,
)

_BLANK_TEXT = {"", "nan", "nat", "none", "null"}  # what missing values become after str()


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """One parsed date value; `warning` (Dutch, quoting `raw`) is None when it parsed cleanly."""

    start: dt.datetime | None
    end: dt.datetime | None
    precision: str
    raw: str
    warning: str | None


def _message(kind: str, raw: str) -> str:
    return vocabulary()["messages"][kind].format(raw=raw)


def _unknown(raw: str, kind: str) -> ParsedDate:
    return ParsedDate(None, None, "unknown", raw, _message(kind, raw))


def _result(span: Span | None, raw: str) -> ParsedDate:
    if span is None:
        return _unknown(raw, "unrecognised")
    start, end, precision, wrong_weekday = span
    warning = None
    if wrong_weekday:
        weekday = vocabulary()["labels"]["weekdays"][wrong_weekday.weekday()]
        text = vocabulary()["messages"]["weekday"]
        warning = text.format(raw=raw, date=f"{wrong_weekday:%d-%m-%Y}", weekday=weekday)
    return ParsedDate(start, end, precision, raw, warning)


@lru_cache(maxsize=1 << 16)
def _parse_text(raw: str, pivot: int) -> ParsedDate:
    text = normalize(raw)
    if text in _BLANK_TEXT:
        return _unknown(raw, "blank")
    try:
        return _result(read_text(text, pivot), raw)
    except Rejected as err:
        return _unknown(raw, err.kind)


def _is_missing(value) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, np.datetime64) and np.isnat(value)


def parse_date(value, *, pivot_year: int = 30) -> ParsedDate:
    """Parse one value: text, a number (year or Excel serial), a date or datetime, or missing.

    "15-05-2014" -> ParsedDate(2014-05-15, 2014-05-15, "day", "15-05-2014", None).
    Never raises for bad input: problems come back as precision "unknown" plus a warning.
    """
    if _is_missing(value):
        return _unknown("", "blank")
    if isinstance(value, str):
        return _fast(value, pivot_year) or _parse_text(value.strip(), pivot_year)
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):
        raw = str(value)
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None)
        start = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
        return ParsedDate(start, midnight(start), "day", raw, None)
    if isinstance(value, dt.date):
        start = dt.datetime(value.year, value.month, value.day)
        return ParsedDate(start, start, "day", str(value), None)
    if isinstance(value, bool | np.bool_):
        return _unknown(str(value), "unrecognised")
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        raw = str(int(number)) if number.is_integer() else str(value)
        return _result(number_span(number), raw)
    return _parse_text(str(value).strip(), pivot_year)


_NUMERIC_DAY = re.compile(
    r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})|(\d{4})([-/.])(\d{1,2})\6(\d{1,2})", re.ASCII
)
_NAMED_DAY = re.compile(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", re.ASCII)
_NAMED_MONTH = re.compile(r"([A-Za-z]+)\.? (\d{4})", re.ASCII)
_NUMERIC_MONTH = re.compile(r"(\d{1,2})[-/.](\d{4})|(\d{4})-(\d{1,2})", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)


def _fast(value: str, pivot: int) -> ParsedDate | None:
    """The most common forms read without the grammar, which reads them the same way: a day
    ("15-05-2014", "1-2-03", "2014-05-15", "15 mei 2014", "3 okt. 2011"), a month ("mei 2014",
    "05-2014") or a year ("2014"). None for anything else, or anything doubtful."""
    raw = value.strip()
    try:
        if m := _NUMERIC_DAY.fullmatch(raw):
            d, mo, y = (m[1], m[3], m[4]) if m[1] else (m[8], m[7], m[5])
            day = dt.datetime(year(y, pivot), int(mo), int(d))
            return ParsedDate(day, day, "day", raw, None)
        if m := _NAMED_DAY.fullmatch(raw):
            if month := vocabulary()["months"].get(m[2].lower()):
                day = dt.datetime(year(m[3], pivot), month, int(m[1]))
                return ParsedDate(day, day, "day", raw, None)
            return None
        if (m := _NAMED_MONTH.fullmatch(raw)) or (m := _NUMERIC_MONTH.fullmatch(raw)):
            if m.re is _NAMED_MONTH:
                month, y = vocabulary()["months"].get(m[1].lower()), m[2]
            else:
                month, y = int(m[1] or m[4]), m[2] or m[3]
            if not month or not 1 <= month <= 12:
                return None
            first = dt.datetime(year(y, pivot), month, 1)
            last = first.replace(day=calendar.monthrange(first.year, month)[1])
            return ParsedDate(first, last, "month", raw, None)
        if _YEAR.fullmatch(raw):
            y = year(raw, pivot)
            return ParsedDate(dt.datetime(y, 1, 1), dt.datetime(y, 12, 31), "year", raw, None)
    except (ValueError, Rejected):
        return None  # the grammar says why
    return None


# The forms that fill real extracts, read for a whole column at once (RE2 via pyarrow, then
# numpy): the same values `_fast` or the grammar give them, checked in
# tests/test_dates_column.py. Anything not matched exactly, or not a real date, is left to
# parse_date, which also gives every warning (a weekday that does not match the date, too).
# (pattern, precision); the first match wins.
_SEPARATED = r"(?P<s1>[-/.])(?P<m>\d{1,2})(?P<s2>[-/.])"  # RE2 has no backreference: compared after
_TIME = r"(?:[Tt ](?P<hh>\d{1,2}):(?P<mi>\d{2})(?::(?P<ss>\d{2}))?)?"
_COLUMN_FORMS = (
    (rf"^(?P<d>\d{{1,2}}){_SEPARATED}(?P<y>\d{{4}}|\d{{2}}){_TIME}$", "day"),
    (rf"^(?P<y>\d{{4}}){_SEPARATED}(?P<d>\d{{1,2}}){_TIME}$", "day"),
    (rf"^(?P<wd>[A-Za-z]+)\.?,? (?P<d>\d{{1,2}}){_SEPARATED}(?P<y>\d{{4}}|\d{{2}}){_TIME}$", "day"),
    (r"^(?P<d>\d{1,2}) (?P<mon>[A-Za-z]+)\.? (?P<y>\d{4})$", "day"),
    (r"^(?P<mon>[A-Za-z]+)\.? (?P<y>\d{4})$", "month"),
    (r"^(?P<m>\d{1,2})[-/.](?P<y>\d{4})$", "month"),
    (r"^(?P<y>\d{4})-(?P<m>\d{1,2})$", "month"),
    (r"^(?P<y>\d{4})$", "year"),
)
_MS_PER = {"hh": 3_600_000, "mi": 60_000, "ss": 1_000}
_TIME_MAX = {"hh": 23, "mi": 59, "ss": 59}


def _ints(found: pa.StructArray, name: str) -> np.ndarray:
    """One group's digits as int64; an optional group that matched nothing ("") is 0."""
    text = found.field(name)
    return pc.cast(pc.if_else(pc.equal(text, ""), "0", text), pa.int64()).to_numpy()


@lru_cache(maxsize=2)
def _names(section: str) -> tuple[pa.Array, np.ndarray]:
    names = vocabulary()[section]
    return pa.array(list(names), pa.string()), np.array([0, *names.values()], dtype=np.int64)


def _numbers(found: pa.StructArray, group: str, section: str) -> np.ndarray:
    """The number a month or weekday name stands for, 0 for a word that names none."""
    keys, numbers = _names(section)
    at = pc.index_in(pc.utf8_lower(found.field(group)), value_set=keys)
    return numbers[pc.fill_null(at, -1).to_numpy() + 1]


def _year_numbers(found: pa.StructArray, pivot: int) -> np.ndarray:
    """As datewords.year: two digits below `pivot` are 20yy, else 19yy."""
    y = _ints(found, "y")
    two = pc.utf8_length(found.field("y")).to_numpy() == 2
    return y + np.where(two, np.where(y < pivot, 2000, 1900), 0)


def _months_of(found: pa.StructArray) -> np.ndarray:
    """The month as written (a name or digits), 1 where the form has none (a bare year)."""
    if "mon" in found.type.names:
        return _numbers(found, "mon", "months")
    if "m" in found.type.names:
        return _ints(found, "m")
    return np.ones(len(found), dtype=np.int64)


def _read_form(found: pa.StructArray, precision: str, pivot: int):
    """-> (ok, start, end) for one form's matches; ok False where parse_date must decide."""
    names = found.type.names
    y, m = _year_numbers(found, pivot), _months_of(found)
    ok = (y >= YEAR_RANGE[0]) & (y <= YEAR_RANGE[1]) & (m >= 1) & (m <= 12)
    first = ((y - 1970) * 12 + np.clip(m, 1, 12) - 1).astype("datetime64[M]")
    after = (first + (12 if precision == "year" else 1)).astype("datetime64[D]")
    first_day = first.astype("datetime64[D]")
    if precision != "day":
        return ok, first_day.astype("datetime64[ms]"), (after - 1).astype("datetime64[ms]")
    d = _ints(found, "d")
    ok &= (d >= 1) & (first_day + (d - 1) < after)  # a real day of that month: no 31-02
    day = (first_day + np.clip(d - 1, 0, 30)).astype("datetime64[ms]")
    if "s1" in names:  # the two separators of a numeric day are one and the same
        ok &= pc.equal(found.field("s1"), found.field("s2")).to_numpy(zero_copy_only=False)
    if "wd" in names:  # a weekday that does not match gets a warning from parse_date
        iso_weekday = (first_day.astype(np.int64) + d - 1 + 3) % 7 + 1  # 1970-01-01: Thursday
        ok &= _numbers(found, "wd", "weekdays") == iso_weekday
    if "hh" not in names:
        return ok, day, day
    moment = np.zeros(len(found), dtype=np.int64)
    for part, ms in _MS_PER.items():
        value = _ints(found, part)
        ok &= value <= _TIME_MAX[part]
        moment += value * ms
    return ok, day + moment.astype("timedelta64[ms]"), day


def _parse_column_fast(texts: list[str], pivot: int):
    """Read the common forms of `texts` at once -> (positions read, start, end, precision).

    Each form is matched against the values not read yet, and its groups extracted only
    from those it matches (extraction costs several times a match)."""
    values = pa.array(texts, pa.string())
    left = np.arange(len(texts))  # the positions of `values`
    positions, starts, ends, precisions = [], [], [], []
    for pattern, precision in _COLUMN_FORMS:
        hit = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
        if not hit.any():
            continue
        found = pc.extract_regex(values.filter(hit), pattern)
        ok, start, end = _read_form(found, precision, pivot)
        positions.append(left[hit][ok])
        starts.append(start[ok])
        ends.append(end[ok])
        precisions.append(np.full(int(ok.sum()), precision, dtype=object))
        keep = np.ones(len(left), dtype=bool)
        keep[np.flatnonzero(hit)[ok]] = False
        values, left = values.filter(keep), left[keep]
    if not positions:
        empty = np.array([], dtype="datetime64[ms]")
        return np.array([], dtype=np.intp), empty, empty, np.array([], dtype=object)
    return tuple(np.concatenate(x) for x in (positions, starts, ends, precisions))


def parse_dates(values, *, pivot_year: int = 30) -> pd.DataFrame:
    """Parse a column of dates, each distinct value once.

    Takes a Series (its index is kept) or a list / array (RangeIndex). Returns a frame with
    start and end (datetime64[ms]), precision and raw (str), warning (object: str or None).
    The common written forms are read for all distinct values at once; the rest, one by one
    with parse_date (a column of 10^6 rows has some 10^5 distinct dates).
    """
    if isinstance(values, pd.Series):
        index, data = values.index, values
    else:
        data = np.empty(len(values), dtype=object)
        data[:] = list(values)
        index = pd.RangeIndex(len(data))
    codes, uniques = pd.factorize(data)
    n = len(uniques)
    starts = np.full(n + 1, np.datetime64("NaT"), dtype="datetime64[ms]")
    ends = starts.copy()
    precision, raw, warning = (np.empty(n + 1, dtype=object) for _ in range(3))
    items = np.empty(n + 1, dtype=object)  # the trailing None stands for every missing value
    items[:n] = np.asarray(uniques, dtype=object)
    if isinstance(uniques.dtype, pd.StringDtype):  # a text column: no need to look
        is_text = np.arange(n + 1) < n
    else:
        is_text = np.fromiter((type(v) is str for v in items), dtype=bool, count=n + 1)
    texts = np.flatnonzero(is_text)
    slow = np.ones(n + 1, dtype=bool)
    if len(texts):
        at, start, end, prec = _parse_column_fast(items[texts].tolist(), pivot_year)
        at = texts[at]
        starts[at], ends[at], precision[at], raw[at] = start, end, prec, items[at]
        slow[at] = False
    for i in np.flatnonzero(slow).tolist():
        parsed = parse_date(items[i], pivot_year=pivot_year)
        if parsed.start is not None:
            starts[i] = parsed.start
        if parsed.end is not None:
            ends[i] = parsed.end
        precision[i], raw[i], warning[i] = parsed.precision, parsed.raw, parsed.warning
    # factorize codes missing values as -1, which indexes the trailing entry parsed from None
    codes = np.where(codes < 0, n, codes)
    out = pd.DataFrame(
        {
            "start": starts.take(codes),
            "end": ends.take(codes),
            "precision": pd.array(precision, dtype="str").take(codes),
            "raw": pd.array(raw, dtype="str").take(codes),
            "warning": pd.Series(warning.take(codes), dtype=object),  # keeps None, not NaN
        }
    )
    out.index = index  # set, not aligned: a duplicated source index stays as it is
    return out


_LEADING_SCAN = 80  # characters; no date expression is longer
_GAP = re.compile(r"[\s:;,]")  # a date expression ends before one of these
_BARE_NUMBER = re.compile(r"'?\d+(?:\.\d+)?")
_AFTER_BARE_YEAR = re.compile(r"\s*[:.]?\s*$|\s*:|\s+[-–—]")
_DATE_TRAIL = " \t:;,.-–—"
_LETTERS = re.compile(r"[a-z]+")
_PIECE = re.compile(r"[^\s:;,]+")


@lru_cache(maxsize=1)
def _date_letters() -> frozenset[str]:
    """Every run of letters the grammar can match: the vocabulary's words and the letters in
    the patterns' source (generous: group names and escapes count too)."""
    runs: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(k)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, str):
            runs.update(_LETTERS.findall(normalize(node)))

    walk({k: v for k, v in vocabulary().items() if k not in ("labels", "messages")})
    for pattern in _patterns().values():
        runs.update(_LETTERS.findall(pattern.pattern))
    return frozenset(runs)


@lru_cache(maxsize=1 << 16)
def _could_be_date(piece: str) -> bool:
    """Whether every run of letters in `piece` (normalised) is made of the grammar's own
    letter runs: if not, no date expression can contain it."""
    allowed = _date_letters()
    for run in _LETTERS.findall(normalize(piece)):
        reach = [True] + [False] * len(run)  # reach[i]: run[:i] splits into allowed runs
        for i in range(len(run)):
            if reach[i]:
                for j in range(i + 1, len(run) + 1):
                    if not reach[j] and run[i:j] in allowed:
                        reach[j] = True
        if not reach[-1]:
            return False
    return True


def leading_date(line: str) -> tuple[str, str] | None:
    """Split a journal line into (date as written, rest) when it starts with a date, else None.

    "15-05-2014: Huisbezoek bij moeder" -> ("15-05-2014", "Huisbezoek bij moeder").
    The longest date expression wins; a bare year counts only before ':', ' -' or line end.
    """
    text = line.lstrip()
    # a date cannot run past a word that no date expression holds ("Huisbezoek"), so it ends
    # before one of the separators ahead of that word, or at the end of a short line
    possible = len(text)
    for m in _PIECE.finditer(text, 0, _LEADING_SCAN):
        if not _could_be_date(m.group()):
            possible = m.start()
            break
    ends = [m.start() for m in _GAP.finditer(text, 0, min(possible, _LEADING_SCAN))]
    if possible == len(text) <= _LEADING_SCAN:
        ends.append(possible)
    for end in reversed(ends):
        candidate = text[:end].rstrip(_DATE_TRAIL)
        if not candidate:
            continue
        rest = text[len(candidate) :]
        if _BARE_NUMBER.fullmatch(candidate) and not (
            re.fullmatch(r"\d{4}|'\d{2}", candidate) and _AFTER_BARE_YEAR.match(rest)
        ):
            continue
        if _parse_text(candidate, 30).precision != "unknown":
            return candidate, rest.lstrip(_DATE_TRAIL)
    return None


def _moment(value) -> dt.datetime | None:
    if value is None or _is_missing(value):
        return None
    return pd.Timestamp(value).to_pydatetime()


def _endpoint(moment: dt.datetime, grain: str) -> str:
    if grain == "year":
        return str(moment.year)
    if grain == "month":
        return f"{vocabulary()['labels']['months_short'][moment.month - 1]} {moment.year}"
    return f"{moment:%d-%m-%Y}"


def _grain(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """The coarsest unit (year, month, day) on whose boundaries both ends of a period fall."""
    first_day = start is None or (start.day == 1 and start.time() == dt.time())
    last_day = end is None or end.day == calendar.monthrange(end.year, end.month)[1]
    if not (first_day and last_day):
        return "day"
    whole_years = (start is None or start.month == 1) and (end is None or end.month == 12)
    return "year" if whole_years else "month"


def describe(start, end, precision) -> str:
    """Dutch text for a parsed date, for hover texts: "mei 2014", "3e kwartaal 2012", ...

    Takes start / end as datetime, Timestamp, datetime64 or None / NaT, and a precision.
    """
    labels = vocabulary()["labels"]
    start, end = _moment(start), _moment(end)
    if precision == "unknown" or (start is None and end is None):
        return labels["unknown"]
    if start is None:
        return labels["open_start"].format(date=_endpoint(end, _grain(None, end)))
    if end is None:
        return labels["open_end"].format(date=_endpoint(start, _grain(start, None)))
    if precision == "day":
        return f"{start:%d-%m-%Y}" + (f" {start:%H:%M}" if start.time() != dt.time() else "")
    if precision == "month":
        return f"{labels['months_full'][start.month - 1]} {start.year}"
    if precision == "year":
        return str(start.year)
    if precision == "quarter":
        return labels["quarter"].format(n=(start.month - 1) // 3 + 1, year=start.year)
    if precision == "season" and start.month in labels["seasons"]:
        season = labels["seasons"][start.month]
        year = f"{start.year}/{end.year}" if end.year != start.year else str(start.year)
        return f"{season} {year}"
    grain = _grain(start, end)
    first, last = _endpoint(start, grain), _endpoint(end, grain)
    return first if first == last else labels["range"].format(start=first, end=last)
