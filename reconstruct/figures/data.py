"""An event table prepared once for the timeline: the columns the figure reads, as arrays.

Every figure of a table (and every filter of it) reads these arrays instead of the table, so a
filtered view costs array indexing, not table filtering. Built once per table: the app keeps
one per revision of the case store (see pages/timeline.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.periods import ACTIVITY_PRECISIONS, MARKS, quarter_index
from reconstruct.dates import describe
from reconstruct.figures.style import FAMILY_EVENT, MARKERS, SHORT_TEXT
from reconstruct.mapping import FAMILY
from reconstruct.schema import EVENT_TYPE_LABELS


def _day_array(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ms]")


class TimelineData:
    """The arrays of one event table that the timeline needs, by row position."""

    def __init__(self, events: pd.DataFrame) -> None:
        self.events = events
        self.n = len(events)
        self.row = events.index.to_numpy()  # what a click sends back (customdata)
        start, end = _day_array(events["date_start"]), _day_array(events["date_end"])
        self.t0 = np.where(np.isnat(start), end, start)
        self.t1 = np.where(np.isnat(end), start, end)
        self.dated = ~np.isnat(self.t0)
        self.t0_ms = _ms(self.t0)
        self.t1_ms = _ms(self.t1)
        self.org, orgs = pd.factorize(events["organisation"], sort=True)
        self.orgs = np.asarray(orgs.tolist(), dtype=object)  # code -> name (-1: none)
        self.domains = events["domain"].to_numpy(dtype=object)
        self.domain, names = pd.factorize(events["domain"], sort=True)
        self.domain_names = np.asarray(names.tolist(), dtype=object)
        self.types = events["event_type"].to_numpy(dtype=object)
        self.precision = events["date_precision"].to_numpy(dtype=object)
        self.exact = self.precision == "day"
        self.severity = events["severity"].to_numpy(dtype="float64", na_value=np.nan)
        self.duplicate = events["duplicate_of"].notna().to_numpy()
        self.event_ids = events["event_id"].to_numpy(dtype=object)
        self.family = self.org == self._code_of(FAMILY)
        # The family's own contacts and notes are its life events, drawn in a category of their own.
        life = self.family & ((self.types == "contact") | (self.types == "note"))
        self.shown_type = np.where(life, FAMILY_EVENT, self.types)
        kinds, names = pd.factorize(self.shown_type)
        of = {t: i for i, style in enumerate(MARKERS) for t in style.types}
        lookup = np.asarray([of.get(t, -1) for t in names.tolist()] + [-1], dtype=np.int16)
        self.category = lookup[kinds]  # index in MARKERS, -1: not drawn
        self.activity = (
            (self.org >= 0)
            & ~self.family
            & self.dated
            & ~np.isin(self.types, MARKS)
            & np.isin(self.precision, ACTIVITY_PRECISIONS)
        )
        self.quarter = np.zeros(self.n, dtype="int64")
        if self.activity.any():
            self.quarter[self.activity] = quarter_index(
                self.t0[self.activity], self.t1[self.activity]
            )
        self._hover = np.full(self.n, None, dtype=object)
        self._position: dict | None = None

    def _code_of(self, organisation: str) -> int:
        hit = np.flatnonzero(self.orgs == organisation)
        return int(hit[0]) if len(hit) else -2  # -2 matches no row

    def code_of(self, organisations) -> np.ndarray:
        """Codes of organisation names (-2 for a name without rows)."""
        lookup = {o: i for i, o in enumerate(self.orgs.tolist())}
        return np.asarray([lookup.get(o, -2) for o in organisations], dtype=np.int64)

    def positions(self, event_ids) -> np.ndarray:
        """Row positions of event ids (every row of an id, ascending)."""
        if self._position is None:
            self._position = {}
            for i, e in enumerate(self.event_ids.tolist()):
                self._position.setdefault(e, []).append(i)
        found = sorted({i for e in event_ids for i in self._position.get(e, ())})
        return np.asarray(found, dtype=np.int64)

    def hover(self, rows: np.ndarray) -> np.ndarray:
        """The rich hover text of rows (organisation, type, severity, the date as written and
        the start of the text), made once per row."""
        todo = rows[self._hover[rows] == None]  # noqa: E711 - elementwise on an object array
        if len(todo):
            self._hover[todo] = _hover_texts(self, todo)
        return self._hover[rows]


def _ms(days: np.ndarray) -> np.ndarray:
    """Epoch milliseconds as float64 (NaN for no date): plotly's date axis reads them as is."""
    out = days.astype("int64").astype("float64")
    out[np.isnat(days)] = np.nan
    return out


def short(text) -> str:
    if not isinstance(text, str):
        return ""
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1] + "…"


def _hover_texts(data: TimelineData, rows: np.ndarray) -> list[str]:
    take = data.events.iloc[rows]
    return [
        f"<b>{org}</b><br>{EVENT_TYPE_LABELS.get(t, 'Gebeurtenis in het gezin')}"
        f"{' (ernst ' + str(int(sev)) + ')' if pd.notna(sev) else ''}<br>"
        f"{describe(s if pd.notna(s) else None, e if pd.notna(e) else None, p)}"
        f"{' — geschreven: ' + str(raw) if isinstance(raw, str) and p != 'day' else ''}"
        f"<br>{short(d)}"
        for org, t, sev, s, e, p, raw, d in zip(
            take["organisation"].fillna("?"),
            data.shown_type[rows],
            take["severity"],
            take["date_start"],
            take["date_end"],
            take["date_precision"],
            take["date_raw"],
            take["description"],
            strict=True,
        )
    ]
