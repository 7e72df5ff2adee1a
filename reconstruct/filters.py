"""The filter state shared by the timeline and the event table, kept in the URL query string."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from urllib.parse import parse_qs, urlencode

import numpy as np
import pandas as pd

from reconstruct.schema import PERSON_SEPARATOR

# URL parameter names: short Dutch words, so a shared link reads as what it shows.
_PARAMS = {
    "start_year": "van",
    "end_year": "tot",
    "domains": "domein",
    "organisations": "org",
    "persons": "persoon",
    "types": "soort",
    "min_severity": "ernst",
    "text": "zoek",
    "event": "event",
    "finding": "bevinding",
}
_LISTS = ("domains", "organisations", "persons", "types")
_INTS = ("start_year", "end_year", "min_severity")


@dataclass
class FilterState:
    """What the inspector chose to see; empty lists and None mean 'everything'."""

    start_year: int | None = None
    end_year: int | None = None
    domains: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    min_severity: int | None = None
    text: str = ""
    event: str | None = None  # the selected event, highlighted on the timeline
    finding: str | None = None  # the selected finding: its period and evidence highlighted

    def to_query(self) -> str:
        """'van=2003&tot=2010&domein=gezondheid,veiligheid' (empty filters left out)."""
        pairs = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", []) or (f.name == "min_severity" and value == 0):
                continue
            pairs.append((_PARAMS[f.name], ",".join(value) if f.name in _LISTS else value))
        return urlencode(pairs)

    @classmethod
    def from_query(cls, query: str | dict | None) -> FilterState:
        """Parse a query string or Dash's layout(**query) dict; bad values are ignored."""
        if isinstance(query, str):
            raw = {k: v[-1] for k, v in parse_qs(query.lstrip("?")).items()}
        else:
            raw = {k: v for k, v in (query or {}).items() if isinstance(v, str)}
        state = cls()
        for name, param in _PARAMS.items():
            value = raw.get(param)
            if value in (None, ""):
                continue
            if name in _LISTS:
                setattr(state, name, [v for v in value.split(",") if v])
            elif name in _INTS:
                try:
                    setattr(state, name, int(value))
                except ValueError:
                    continue
            else:
                setattr(state, name, value)
        return state

    def without_selection(self) -> FilterState:
        return FilterState(
            **{
                f.name: getattr(self, f.name)
                for f in fields(self)
                if f.name not in ("event", "finding")
            }
        )


def structural(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Events of the chosen domains and organisations: what decides which lanes exist."""
    mask = pd.Series(True, index=events.index)
    if state.domains:
        mask &= events["domain"].isin(state.domains)
    if state.organisations:
        mask &= events["organisation"].isin(state.organisations)
    return events[mask]


def apply(events: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """Every filter combined. The period keeps events whose date interval overlaps it (a
    '2002' event stays in a 2002-2005 view); undated events drop out once a period is set."""
    return events[FilterIndex(events).mask(state)]


class FilterIndex:
    """An event table prepared for filtering: `mask(state)` is what `apply` keeps, as a boolean
    array, worked out on arrays (and for text and persons once per distinct value) instead of
    on the table. Build one per table and reuse it for every filter of that table."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self.n = len(events)
        start = events["date_start"].to_numpy(dtype="datetime64[ms]")
        end = events["date_end"].to_numpy(dtype="datetime64[ms]")
        self.t0 = np.where(np.isnat(start), end, start)
        self.t1 = np.where(np.isnat(end), start, end)
        self.severity = events["severity"].to_numpy(dtype="float64", na_value=np.nan)
        self._codes: dict[str, tuple[np.ndarray, list]] = {}
        self._hay: tuple[np.ndarray, pd.Series] | None = None
        self._persons: dict[tuple, np.ndarray] = {}

    def _column(self, column: str) -> tuple[np.ndarray, list]:
        """(codes, distinct values) of a column; missing values have code -1."""
        if column not in self._codes:
            codes, values = pd.factorize(self.events[column])
            self._codes[column] = (np.asarray(codes), values.tolist())
        return self._codes[column]

    def _isin(self, column: str, wanted) -> np.ndarray:
        codes, values = self._column(column)
        hit = np.append(pd.Series(values, dtype=object).isin(list(wanted)).to_numpy(), False)
        return hit[codes]  # code -1 (missing) reads the last entry: never wanted

    def structural(self, state: FilterState) -> np.ndarray:
        """`structural` as a mask."""
        mask = np.ones(self.n, dtype=bool)
        if state.domains:
            mask &= self._isin("domain", state.domains)
        if state.organisations:
            mask &= self._isin("organisation", state.organisations)
        return mask

    def mask(self, state: FilterState) -> np.ndarray:
        """`apply` as a mask: True for the events every filter keeps."""
        mask = self.structural(state)
        if state.start_year is not None or state.end_year is not None:
            # NaT compares False: undated events drop out.
            if state.start_year is not None:
                first = np.datetime64(f"{state.start_year:04d}-01-01", "ms")
                mask &= self.t1 >= first
            if state.end_year is not None:
                last = np.datetime64(f"{state.end_year:04d}-12-31", "ms")
                mask &= self.t0 <= last
        if state.types:
            mask &= self._isin("event_type", state.types)
        if state.min_severity:
            mask &= np.nan_to_num(self.severity, nan=-1.0) >= state.min_severity
        if state.persons:
            mask &= self._with_persons(tuple(state.persons))
        if state.text.strip():
            mask &= self._says(state.text.strip())
        return mask

    def _with_persons(self, wanted: tuple) -> np.ndarray:
        if wanted not in self._persons:
            codes, values = self._column("persons")
            names = set(wanted)
            hit = [
                isinstance(p, str) and bool(names & set(p.split(PERSON_SEPARATOR))) for p in values
            ]
            self._persons[wanted] = np.append(np.asarray(hit, dtype=bool), False)[codes]
        return self._persons[wanted]

    def _says(self, needle: str) -> np.ndarray:
        """Where description, organisation or subtype contain `needle`, in any case."""
        if self._hay is None:
            ev = self.events
            hay = (
                ev["description"].fillna("")
                + " "
                + ev["organisation"].fillna("")
                + " "
                + ev["subtype"].fillna("")
            )
            codes, values = pd.factorize(hay)
            self._hay = (np.asarray(codes), pd.Series(values, dtype=hay.dtype))
        codes, values = self._hay
        hit = values.str.contains(needle, case=False, regex=False).to_numpy(dtype=bool)
        return np.append(hit, False)[codes]
