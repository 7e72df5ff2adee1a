"""Small helpers the analyses share: dated events, effective subtypes, text cues, summaries."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from reconstruct.analysis.base import run_memo, shared
from reconstruct.analysis.text import column_memo, search, texts_of
from reconstruct.analysis.text import fold as _fold
from reconstruct.dates import describe
from reconstruct.mapping import FAMILY
from reconstruct.schema import PERSON_SEPARATOR

READ = (
    "event_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_raw",
    "organisation",
    "organisation_raw",
    "domain",
    "persons",
    "event_type",
    "subtype",
    "severity",
    "description",
    "duplicate_of",
    "suggested_event_type",
    "suggested_subtype",
    "suggested_severity",
)
"""The columns the built-in analyses read (not the provenance: file, row, raw record)."""


def dated(
    events: pd.DataFrame, *, keep_duplicates: bool = False, columns: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Events with a usable interval as columns t0 (first day) and t1 (last day), sorted by t0.

    Duplicates (events with `duplicate_of`) are left out unless asked for, so an event recorded
    by two organisations counts once. `columns` keeps only those (of the ones there), which
    makes every selection from the result cheaper; the built-ins ask for READ. Within one
    `run_analyses` the table is built once and shared (copy-on-write: changing it changes
    nobody else's).
    """
    key = ("dated", keep_duplicates, columns)
    table = shared(events, key, lambda: _dated(events, keep_duplicates, columns))
    return table.copy(deep=False)


def _dated(events: pd.DataFrame, keep_duplicates: bool, columns) -> pd.DataFrame:
    if columns is not None:
        events = events[[c for c in events.columns if c in columns]]
    ev = events if keep_duplicates else events[events["duplicate_of"].isna()]
    t0 = ev["date_start"].fillna(ev["date_end"])
    t1 = ev["date_end"].fillna(ev["date_start"])
    keep = np.flatnonzero(t0.notna().to_numpy())
    order = keep[np.argsort(t0.to_numpy()[keep], kind="stable")]
    if len(order) and order[-1] == len(order) - 1 and np.all(np.diff(order) == 1):
        # Already in date order with the undated last, as an event table is: a slice, no copy.
        rows = slice(0, len(order))
        return ev.iloc[rows].assign(t0=t0.iloc[rows], t1=t1.iloc[rows])
    return ev.iloc[order].assign(t0=t0.iloc[order], t1=t1.iloc[order])


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


def text_matches(events: pd.DataFrame, pattern: str) -> pd.Series:
    """True where the description matches `pattern` (a regex on accent-free lower-case text)."""
    return pd.Series(search(events["description"], pattern), index=events.index, dtype=bool)


def organisations(events: pd.DataFrame) -> list[str]:
    """Distinct organisations (not the family lane), in order of appearance."""
    seen = [o for o in events["organisation"].dropna() if o != FAMILY]
    return list(dict.fromkeys(seen))


def persons(events: pd.DataFrame) -> list[str]:
    """The pseudonyms in the rows' `persons` cells, in order of first mention."""
    return persons_in(events["persons"].tolist())


def persons_in(cells) -> list[str]:
    """The pseudonyms in `persons` cells, in order of first mention (empty cells skipped)."""
    names: list[str] = []
    for cell in cells:
        if cell is None or (not isinstance(cell, str) and pd.isna(cell)):
            continue
        for p in str(cell).split(PERSON_SEPARATOR):
            if p and p not in names:
                names.append(p)
    return names


def span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first day, last day) covered by events that have t0/t1 (see `dated`)."""
    return events["t0"].min(), events["t1"].max()


def fmt_date(t: pd.Timestamp) -> str:
    """'mei 2014' style for sentences (month names from the shared date vocabulary)."""
    return _month(t.year, t.month)


@functools.lru_cache(maxsize=4096)
def _month(year: int, month: int) -> str:
    first = pd.Timestamp(year=year, month=month, day=1)
    return describe(first, first + pd.offsets.MonthEnd(0), "month")


def text_cues(events: pd.DataFrame, pattern: str, reach: int = 3) -> pd.Series:
    """Like `text_matches`, but a match counts only when none of the `reach` words before it is
    a negation (niet, geen, nooit, zonder): "geen zorgmelding opgemaakt" is no report,
    "niet nagevraagd of" is no check."""
    return pd.Series(search(events["description"], pattern, reach), index=events.index, dtype=bool)


def fmt_day(t: pd.Timestamp) -> str:
    """'19 april 2004' style for sentences."""
    return f"{t.day} {fmt_date(t)}"


def fmt_when(t0: pd.Timestamp, t1: pd.Timestamp, precision: str | None = None) -> str:
    """An event's date for a sentence: the day when it is known to the day, else the month,
    else the year, else the interval ('2002', 'maart 2008', 'van mei tot augustus 2011')."""
    if precision == "day" or t0 == t1:
        return fmt_day(t0)
    if t0.to_period("M") == t1.to_period("M"):
        return fmt_date(t0)
    if t0.year == t1.year and (t0.month, t0.day, t1.month, t1.day) == (1, 1, 12, 31):
        return str(t0.year)
    return f"{fmt_date(t0)} - {fmt_date(t1)}"


def fmt_span(t0: pd.Timestamp, t1: pd.Timestamp) -> str:
    """'van maart 2002 tot mei 2003', 'van maart tot december 2002', or 'in maart 2002'."""
    if t0.to_period("M") == t1.to_period("M"):
        return f"in {fmt_date(t0)}"
    if t0.year == t1.year:
        return f"van {fmt_date(t0).split()[0]} tot {fmt_date(t1)}"
    return f"van {fmt_date(t0)} tot {fmt_date(t1)}"


def months_between(t0: pd.Timestamp, t1: pd.Timestamp) -> int:
    """Whole calendar months from t0 to t1 (19 April 2004 to 19 April 2006: 24)."""
    return (t1.year - t0.year) * 12 + t1.month - t0.month - (t1.day < t0.day)


def months_apart(t0: np.ndarray, t1: np.ndarray) -> np.ndarray:
    """`months_between` for arrays of datetime64 days."""
    m0, m1 = t0.astype("datetime64[M]"), t1.astype("datetime64[M]")
    day0 = (t0.astype("datetime64[D]") - m0.astype("datetime64[D]")).astype("int64")
    day1 = (t1.astype("datetime64[D]") - m1.astype("datetime64[D]")).astype("int64")
    return (m1 - m0).astype("int64") - (day1 < day0)


def join_nl(items) -> str:
    """'A', 'A en B', 'A, B en C'."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " en " + items[-1]


def count_nl(n: int, one: str, many: str) -> str:
    """'1 organisatie', '3 organisaties'; small numbers in words as Dutch reports write them."""
    words = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht"}
    if n == 1:
        return f"één {one}"
    return f"{words.get(n, n)} {many}"


@functools.cache
def _registry():
    from reconstruct.organisations import OrganisationRegistry

    return OrganisationRegistry.load()


@functools.lru_cache(maxsize=4096)
def registry_profile(name: str) -> tuple[str | None, str | None, bool]:
    """(canonical name, sector, may coordinate) of an organisation name as the shipped registry
    knows it; a case's local name ('Sociaal Wijkteam Noorderhaven') resolves through the
    registry's matching ('Wijkteam'). (None, None, False) when the registry does not know it."""
    reg = _registry()
    res = reg.resolve(name)
    if res.organisation is None:
        return None, None, False
    org = reg.get(res.organisation)
    return res.organisation, res.sector, bool(org and org.coordinating)


def person_list(cell: object) -> list[str]:
    """The pseudonyms in one `persons` cell, in order ([] for an empty cell)."""
    if not isinstance(cell, str):
        return []
    return [p for p in cell.split(PERSON_SEPARATOR) if p]


def is_child(pseudonym: str, children: list[str] | tuple[str, ...] = ()) -> bool:
    """True for one of the family's children: listed in `children`, or, when that list is empty,
    a pseudonym starting with "Kind" (the convention of case.yaml: Kind A, Kind B...)."""
    return pseudonym in children if children else pseudonym.startswith("Kind")


def fold(text: object) -> str:
    """Text as the cues see it: accent-free and lower-case ('' for an empty cell)."""
    return _fold(text) if isinstance(text, str) else ""


def severity(events: pd.DataFrame) -> pd.Series:
    """The severity a source gave, else the lexicon's suggestion (when ingest added one)."""
    out = events["severity"]
    if "suggested_severity" in events:
        out = out.fillna(events["suggested_severity"])
    return out


class Grouped:
    """The rows of a table per value of one column (in table order), without scanning the whole
    table for each value: `grouped[value]` is `events[events[column] == value]`."""

    def __init__(self, events: pd.DataFrame, column: str = "organisation") -> None:
        self.events = events
        self._rows = column_memo(events[column], "groups", _groups)
        self._empty = np.zeros(0, dtype=int)

    def positions(self, value) -> np.ndarray:
        """Row positions (ascending) of `value` in the table."""
        return self._rows.get(value, self._empty)

    def __getitem__(self, value) -> pd.DataFrame:
        return self.events.iloc[self.positions(value)]

    def __iter__(self):
        return iter(self._rows)


def _positions(column: pd.Series) -> tuple[bool, dict]:
    """(all values distinct, value -> position, or value -> positions when not)."""
    ids = column.tolist()
    at: dict = dict(zip(ids, range(len(ids)), strict=True))
    if len(at) == len(ids):
        return True, at
    at = {}
    for i, e in enumerate(ids):
        at.setdefault(e, []).append(i)
    return False, at


def _groups(column: pd.Series) -> dict:
    """Value -> ascending row positions."""
    codes, values = pd.factorize(column)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(values) + 1))
    return {v: order[bounds[i] : bounds[i + 1]] for i, v in enumerate(values.tolist())}


class ById:
    """Lookups by event id in one table: the rows with given ids in table order, as
    `events[events["event_id"].isin(ids)]` gives them, without scanning the table each time."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self._unique, self._at = column_memo(events["event_id"], "ids", _positions)
        self._persons: list | None = None

    def positions(self, ids) -> list[int]:
        at = self._at
        if self._unique:
            return sorted({at[e] for e in ids if e in at})
        return sorted({i for e in ids for i in at.get(e, ())})

    def rows(self, ids) -> pd.DataFrame:
        return self.events.iloc[self.positions(ids)]

    def persons(self, ids) -> list[str]:
        """`persons(self.rows(ids))`."""
        if self._persons is None:
            self._persons = column_memo(self.events["persons"], "list", pd.Series.tolist)
        return persons_in(self._persons[i] for i in self.positions(ids))


def day(t) -> np.datetime64:
    """A moment as numpy datetime64[ms], the unit of `t0` and `t1` arrays."""
    return pd.Timestamp(t).to_datetime64().astype("datetime64[ms]")


class Spans:
    """Range queries on a table's start days (t0, as `dated` adds it), per organisation or over
    the whole table: positions of the rows (in table order) that start within a range."""

    def __init__(self, frame: pd.DataFrame, column: str | None = "organisation") -> None:
        self.frame = frame
        self.t0 = frame["t0"].to_numpy(dtype="datetime64[ms]")
        self.groups = Grouped(frame, column) if column else None
        self._all = np.argsort(self.t0, kind="stable")
        self._sorted = bool(np.all(self._all == np.arange(len(self._all))))

    def select(
        self,
        key=None,
        after=None,
        until=None,
        *,
        after_inclusive: bool = False,
        until_inclusive: bool = True,
    ) -> np.ndarray:
        """Positions of rows of `key` (any row without a column) with t0 after `after` and up
        to `until` (None: unbounded); by default after is exclusive and until inclusive."""
        pos = self.groups.positions(key) if self.groups is not None else np.arange(len(self.t0))
        if not self._sorted:
            pos = pos[np.argsort(self.t0[pos], kind="stable")]
        t = self.t0[pos]
        lo = 0
        if after is not None:
            lo = np.searchsorted(t, day(after), "left" if after_inclusive else "right")
        hi = len(t)
        if until is not None:
            hi = np.searchsorted(t, day(until), "right" if until_inclusive else "left")
        out = pos[lo:hi]
        return out if self._sorted else np.sort(out)

    def rows(self, key=None, after=None, until=None, **kw) -> pd.DataFrame:
        return self.frame.iloc[self.select(key, after, until, **kw)]


def map_cells(values: pd.Series, fn) -> pd.Series:
    """`values.map(fn)` for a boolean `fn`, calling it once per distinct value (missing values
    included: `fn` gets them as they are)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    missing = codes < 0
    tail = bool(fn(values[missing].iloc[0])) if missing.any() else False
    results = np.asarray([bool(fn(v)) for v in uniques.tolist()] + [tail], dtype=bool)
    return pd.Series(results[codes], index=values.index)  # code -1 (missing) is the tail


def text_matches_where(events: pd.DataFrame, where: pd.Series, pattern: str) -> pd.Series:
    """`where & text_matches(events, pattern)`, reading only the texts where `where` holds."""
    return _where(events, where, pattern, None)


def text_cues_where(
    events: pd.DataFrame, where: pd.Series, pattern: str, reach: int = 3
) -> pd.Series:
    """`where & text_cues(events, pattern, reach)`, reading only the texts where `where` holds."""
    return _where(events, where, pattern, reach)


def _where(events: pd.DataFrame, where: pd.Series, pattern: str, reach: int | None) -> pd.Series:
    rows = np.flatnonzero(np.asarray(where, dtype=bool))
    out = np.zeros(len(events), dtype=bool)
    if len(rows):
        out[rows] = texts_of(events["description"]).search(pattern, reach, rows)
    return pd.Series(out, index=events.index)


def _kept(events: pd.DataFrame, kind: str, make):
    """`make(events)`, kept for the rest of the current `run_analyses` while `events` is the
    same table object (held, so its id cannot be reused); made afresh outside a run."""
    memo = run_memo()
    if memo is None:
        return make(events)
    key = (kind, id(events))
    hit = memo.get(key)
    if hit is None or hit[0] is not events:
        hit = memo[key] = (events, make(events))
    return hit[1]


def by_organisation(events: pd.DataFrame) -> Grouped:
    """`Grouped(events)`, made once per table within a run."""
    return _kept(events, "by_organisation", Grouped)


def by_id(events: pd.DataFrame) -> ById:
    """`ById(events)`, made once per table within a run."""
    return _kept(events, "by_id", ById)
