"""The filter state shared by the timeline and the event table, kept in the URL query string."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from urllib.parse import parse_qs, urlencode

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
    ev = structural(events, state)
    mask = pd.Series(True, index=ev.index)
    if state.start_year is not None or state.end_year is not None:
        t0 = ev["date_start"].fillna(ev["date_end"])
        t1 = ev["date_end"].fillna(ev["date_start"])
        if state.start_year is not None:
            mask &= t1 >= pd.Timestamp(year=state.start_year, month=1, day=1)
        if state.end_year is not None:
            mask &= t0 <= pd.Timestamp(year=state.end_year, month=12, day=31)
    if state.types:
        mask &= ev["event_type"].isin(state.types)
    if state.min_severity:
        mask &= ev["severity"].fillna(-1) >= state.min_severity
    if state.persons:
        wanted = set(state.persons)
        mask &= ev["persons"].map(
            lambda p: isinstance(p, str) and bool(wanted & set(p.split(PERSON_SEPARATOR)))
        )
    if state.text.strip():
        needle = state.text.strip()
        hay = (
            ev["description"].fillna("")
            + " "
            + ev["organisation"].fillna("")
            + " "
            + ev["subtype"].fillna("")
        )
        mask &= hay.str.contains(needle, case=False, regex=False)
    return ev[mask]
