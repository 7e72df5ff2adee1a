"""Small helpers the analyses share: dated events, effective subtypes, text cues, summaries."""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from reconstruct.dates import describe
from reconstruct.mapping import FAMILY
from reconstruct.schema import PERSON_SEPARATOR


def dated(events: pd.DataFrame, *, keep_duplicates: bool = False) -> pd.DataFrame:
    """Events with a usable interval as columns t0 (first day) and t1 (last day), sorted by t0.

    Duplicates (events with `duplicate_of`) are left out unless asked for, so an event recorded
    by two organisations counts once.
    """
    ev = events if keep_duplicates else events[events["duplicate_of"].isna()]
    ev = ev.assign(
        t0=ev["date_start"].fillna(ev["date_end"]), t1=ev["date_end"].fillna(ev["date_start"])
    )
    return ev.dropna(subset=["t0"]).sort_values("t0", kind="stable")


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


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def text_matches(events: pd.DataFrame, pattern: str) -> pd.Series:
    """True where the description matches `pattern` (a regex on accent-free lower-case text)."""
    rx = re.compile(pattern)
    return events["description"].map(lambda t: bool(isinstance(t, str) and rx.search(_fold(t))))


def organisations(events: pd.DataFrame) -> list[str]:
    """Distinct organisations (not the family lane), in order of appearance."""
    seen = [o for o in events["organisation"].dropna() if o != FAMILY]
    return list(dict.fromkeys(seen))


def persons(events: pd.DataFrame) -> list[str]:
    names: list[str] = []
    for cell in events["persons"].dropna():
        for p in str(cell).split(PERSON_SEPARATOR):
            if p and p not in names:
                names.append(p)
    return names


def span(events: pd.DataFrame) -> tuple[pd.Timestamp, pd.Timestamp]:
    """(first day, last day) covered by events that have t0/t1 (see `dated`)."""
    return events["t0"].min(), events["t1"].max()


def fmt_date(t: pd.Timestamp) -> str:
    """'mei 2014' style for sentences (month names from the shared date vocabulary)."""
    first = t.normalize().replace(day=1)
    return describe(first, first + pd.offsets.MonthEnd(0), "month")


_NEGATION = re.compile(r"\b(niet|geen|nooit|zonder)\b")


def text_cues(events: pd.DataFrame, pattern: str, reach: int = 3) -> pd.Series:
    """Like `text_matches`, but a match counts only when none of the `reach` words before it is
    a negation (niet, geen, nooit, zonder): "geen zorgmelding opgemaakt" is no report,
    "niet nagevraagd of" is no check."""
    rx = re.compile(pattern)

    def hit(text) -> bool:
        if not isinstance(text, str):
            return False
        folded = _fold(text)
        for m in rx.finditer(folded):
            before = re.split(r"[.;:!?]", folded[: m.start()])[-1].split()[-reach:]
            if not any(_NEGATION.fullmatch(w.strip(",'\"()")) for w in before):
                return True
        return False

    return events["description"].map(hit).astype(bool)


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
