"""Turning one source's raw records into canonical events, through its mapping profile.

Every step works on unique values (dates, organisations, names, types) so that a source of
10^6 rows costs the distinct values, not the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype
from pandas.arrays import ArrowStringArray

from reconstruct.case import PersonMatcher
from reconstruct.dates import parse_dates
from reconstruct.organisations import OrganisationRegistry
from reconstruct.profiles import INVOLVEMENT, Profile
from reconstruct.schema import EVENT_TYPES, PERSON_SEPARATOR, WARNING_SEPARATOR
from reconstruct.sources.base import RESERVED, ROW, SHEET, WARNING, RawTable, is_blank

FAMILY = "(gezin)"
"""Organisation name of the family's own life events (births, moves, a partner moving in)."""

DESCRIPTION_JOIN = " — "


@dataclass
class SourceContext:
    """What mapping needs besides the table: where it came from and the case's vocabularies."""

    source_file: str  # path relative to the case's sources/ folder
    source_key: str  # stable identity of the source for event ids
    registry: OrganisationRegistry
    persons: PersonMatcher


def _text(value) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, list | tuple):
        parts = [str(v).strip() for v in value if not is_blank(v)]
        return ", ".join(parts) or None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | pd.Timestamp):
        return (
            value.date().isoformat()
            if value == value.replace(hour=0, minute=0, second=0, microsecond=0)
            else value.isoformat()
        )
    return str(value).strip()


def _warning(value) -> str | None:
    return value if isinstance(value, str) and value else None


_HASHABLE = frozenset({"string", "empty", "integer", "floating", "boolean", "datetime", "date"})
"""Columns whose values can be grouped by equality without merging values that read or
serialise differently (not mixed ints and floats or bools: 1 == 1.0 == True)."""


def _distinct(values, func) -> tuple[np.ndarray, list]:
    """`func` once per distinct value: (codes, results) with results[codes[i]] = func(values[i]).

    Missing values (None, NaN) are one group, given None. Columns that cannot be grouped
    safely (lists, mixed types, -0.0) are done value by value."""
    arr = np.asarray(values, dtype=object)
    kind = infer_dtype(arr, skipna=True) if len(arr) else "empty"
    if kind == "floating":
        floats = pd.to_numeric(pd.Series(arr), errors="coerce").to_numpy(dtype=float)
        kind = "mixed" if np.any((floats == 0) & np.signbit(floats)) else kind
    if kind in _HASHABLE:
        codes, uniques = pd.factorize(arr)
        results = [func(u) for u in uniques]
        results.append(func(None))
        return np.where(codes < 0, len(uniques), codes), results
    return np.arange(len(arr)), [func(v) for v in arr]


def _take(codes: np.ndarray, results: list, item: int | None = None) -> np.ndarray:
    """The results (or their `item`) per row, as an object array."""
    table = np.empty(len(results), dtype=object)
    for i, r in enumerate(results):
        table[i] = r if item is None else r[item]
    return table[codes]


def _per_row(values, func) -> np.ndarray:
    return _take(*_distinct(values, func))


_TEXT_KINDS = ("string", "empty")


@dataclass
class _Strings:
    """The strings of a column that holds only strings and missing values (None, NaN)."""

    where: np.ndarray  # their positions
    values: list[str]
    blank: np.ndarray  # per string: empty or only whitespace (what is_blank says)


def _infers_str() -> bool:
    """Whether pandas makes `str` columns of strings (pandas 3 does, unless told not to)."""
    return pd.Series(["x"]).dtype != object


def _strings(arr: np.ndarray) -> _Strings | None:
    """A text column's strings, None for any other column. Per column, not a Python call per
    cell: grouping nearly distinct descriptions by hashing them costs more than the work."""
    if (infer_dtype(arr, skipna=True) if len(arr) else "empty") not in _TEXT_KINDS:
        return None
    if infer_dtype(arr, skipna=False) == "string":  # no missing value: the usual text column
        where, values = np.arange(len(arr)), arr.tolist()
    else:
        where = np.flatnonzero(~pd.isna(arr))
        values = arr[where].tolist()
    n = len(values)
    try:  # strip() drops exactly the characters isspace() accepts
        blank = np.fromiter(map(str.isspace, values), dtype=bool, count=n)
    except TypeError:  # a missing value pd.isna does not see as one: value by value
        return None
    blank |= np.fromiter(map(len, values), dtype=np.int64, count=n) == 0
    return _Strings(where, values, blank)


class _Cells:
    """The raw columns of one table, each column's strings found once."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self._strings: dict[str, _Strings | None] = {}

    def array(self, name: str) -> np.ndarray:
        return self.frame[name].to_numpy(dtype=object)

    def strings(self, name: str) -> _Strings | None:
        if name not in self._strings:
            self._strings[name] = _strings(self.array(name))
        return self._strings[name]


def _object_array(values: list) -> np.ndarray:
    """A list as a 1-d object array (np.array would make a string array of strings)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _objects(n: int, where: np.ndarray, values: list) -> np.ndarray:
    """An object array of None with `values` at `where`."""
    out = np.full(n, None, dtype=object)
    if len(where):
        filled = np.empty(len(where), dtype=object)
        filled[:] = values
        out[where] = filled
    return out


def _blank(arr: np.ndarray, found: _Strings | None | bool = False) -> np.ndarray:
    """is_blank per value, as a bool array (`found`: the column's strings, when known)."""
    found = _strings(arr) if found is False else found
    if not isinstance(found, _Strings):
        return _per_row(arr, is_blank).astype(bool)
    out = np.ones(len(arr), dtype=bool)
    out[found.where] = found.blank
    return out


def _texts(arr: np.ndarray, found: _Strings | None | bool = False) -> np.ndarray:
    """_text per value, as an object array (`found`: the column's strings, when known)."""
    found = _strings(arr) if found is False else found
    if not isinstance(found, _Strings):
        return _per_row(arr, _text)
    out = _objects(len(arr), found.where, list(map(str.strip, found.values)))
    out[found.where[found.blank]] = None  # what strips to nothing
    return out


def _column(cells: _Cells, names: list[str]) -> np.ndarray:
    """The first non-blank value among `names` per row (object array, None when blank)."""
    n = len(cells.frame)
    out = np.full(n, None, dtype=object)
    blank = np.ones(n, dtype=bool)
    for name in names:
        col = cells.array(name)
        take = blank & ~_blank(col, cells.strings(name))
        out[take] = col[take]
        blank &= ~take
    return out


def _join(parts: list[np.ndarray], separator: str) -> np.ndarray:
    """Per row, the strings of `parts` (each None or a non-empty string) joined by
    `separator`; None when there are none."""
    out = parts[0].copy()
    for part in parts[1:]:
        has_out, has_part = out != None, part != None  # noqa: E711  (elementwise)
        both = np.flatnonzero(has_out & has_part)
        joined = np.where(has_out, out, part)
        if len(both):
            # a comprehension, not numpy's object add: that is several times slower
            joined[both] = _object_array(
                [a + separator + b for a, b in zip(out[both], part[both], strict=True)]
            )
        out = joined
    return out


def _joined(cells: _Cells, names: list[str]) -> tuple[object, list[np.ndarray]]:
    """(description, its parts: the texts of the columns `names`). The description is
    joined in Arrow when it has parts to join: it is only stored, and a million Python
    strings holding the dash (which is outside Latin-1) cost more to make and to convert
    than the parts."""
    if not names:
        return np.full(len(cells.frame), None, dtype=object), []
    parts = [_texts(cells.array(n), cells.strings(n)) for n in names]
    if len(parts) == 1 or not _infers_str():
        return _as_str(_join(parts, DESCRIPTION_JOIN)), parts
    arrays = [pa.array(p, type=_LARGE, from_pandas=True) for p in parts]
    out = arrays[0]
    for part in arrays[1:]:
        both = pc.binary_join_element_wise(out, part, pa.scalar(DESCRIPTION_JOIN, _LARGE))
        out = pc.coalesce(both, out, part)  # as _join: both, else the one there is
    if out.null_count == len(out):  # pandas keeps a column of only None as object
        return np.full(len(cells.frame), None, dtype=object), parts
    return _str_array(out), parts


_JSON_ESCAPE = re.compile(r'[\x00-\x1f\\"]')
"""What json.dumps(..., ensure_ascii=False) escapes in a string."""


def _json_value(v) -> str | None:
    """A cell as JSON (as in _record_texts), None for a blank cell."""
    if is_blank(v):
        return None
    if isinstance(v, str) and not _JSON_ESCAPE.search(v):
        return '"' + v + '"'  # what json.dumps gives, without its overhead
    v = _text(v) if isinstance(v, dt.datetime | dt.date) else v
    return json.dumps(v, ensure_ascii=False, default=str)


_BLANK, _QUOTE, _AS_IS = 0, 1, 2
"""How a cell goes into its record: left out, a string needing no escapes put between
quotes, or its JSON text as it is."""


_KEPT_BYTES = bytes(b for b in range(256) if b >= 0x20 and b not in b'"\\')
"""The Latin-1 bytes json.dumps writes as they are; deleting them leaves what it escapes."""


def _escaped(values: list[str]) -> list[int]:
    """The numbers of the values json.dumps escapes a character of: found in the column's
    text joined, not by a regex call per value."""
    # Latin-1 bytes keep every character json.dumps escapes; the others become '?'
    raw = "".join(values).encode("latin-1", "replace")
    if not raw.translate(None, _KEPT_BYTES):
        return []
    data = np.frombuffer(raw, dtype=np.uint8)
    hits = np.flatnonzero((data < 0x20) | (data == ord('"')) | (data == ord("\\")))
    ends = np.cumsum(np.fromiter(map(len, values), dtype=np.int64, count=len(values)))
    return np.unique(np.searchsorted(ends, hits, side="right")).tolist()


def _json_cells(arr: np.ndarray, found: _Strings | None) -> tuple[np.ndarray, np.ndarray]:
    """(how, payload) per cell of one column, see _BLANK, _QUOTE, _AS_IS."""
    how = np.zeros(len(arr), dtype=np.int64)
    if found is None:
        payload = _per_row(arr, _json_value)
        how[payload != None] = _AS_IS  # noqa: E711  (elementwise)
        return how, payload
    filled = ~found.blank
    where = found.where[filled]
    values = (
        [v for v, f in zip(found.values, filled.tolist(), strict=True) if f]
        if found.blank.any()
        else list(found.values)
    )
    how[where] = _QUOTE
    escaped = _escaped(values)
    if escaped:
        for i in escaped:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        how[where[escaped]] = _AS_IS
    return how, _objects(len(arr), where, values)


_LARGE = pa.large_string()


def _str_array(values: pa.Array | pa.ChunkedArray):
    """Arrow strings as pandas' `str` dtype: what a column of Python strings becomes."""
    return ArrowStringArray(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


def _as_str(values):
    """`values` (a Series or a sequence) as pandas makes them in a new frame: a `str` array
    when they are strings and missing values, else as they are. Arrow converts long strings
    faster than pandas' inference does."""
    if isinstance(values, pd.Series):
        values = values.array if values.dtype == "str" else values.to_numpy()
        if not isinstance(values, np.ndarray):
            return values
    if not len(values) or not _infers_str():
        return values
    arr = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    # pandas makes `str` of strings with missing values, but keeps only-missing as object
    if arr.dtype != object or infer_dtype(arr, skipna=True) != "string" or pd.isna(arr).all():
        return values
    return _str_array(pa.array(arr, type=_LARGE, from_pandas=True))


def _record_texts(table: _Cells) -> list[str]:
    """Each raw record as compact JSON, exactly the source's columns, blanks left out.

    Rows are grouped by which cells they have and built with one %-template per group."""
    frame = table.frame
    cols = [c for c in frame.columns if c not in RESERVED]
    if not cols:
        return ["{}"] * len(frame)
    prefixes = [json.dumps(c, ensure_ascii=False).replace("%", "%%") + ": " for c in cols]
    cells = [_json_cells(table.array(c), table.strings(c)) for c in cols]
    pattern = np.zeros(len(frame), dtype=np.int64)
    for how, _ in cells:
        pattern = pattern * 3 + how
        if len(cells) > 30:  # keep the number small: renumber the patterns seen so far
            pattern = pd.factorize(pattern)[0].astype(np.int64)
    codes, _ = pd.factorize(pattern)
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.diff(codes[order])) + 1
    out = np.empty(len(frame), dtype=object)
    for rows in np.split(order, bounds):
        if not len(rows):
            continue
        first = rows[0]
        present = [k for k, (how, _) in enumerate(cells) if how[first] != _BLANK]
        if not present:
            out[rows] = "{}"
            continue
        pieces = [prefixes[k] + ('"%s"' if cells[k][0][first] == _QUOTE else "%s") for k in present]
        template = "{" + ", ".join(pieces) + "}"
        columns = [cells[k][1][rows].tolist() for k in present]
        out[rows] = _object_array([template % t for t in zip(*columns, strict=True)])
    return out.tolist()


def event_ids(base, order: np.ndarray | None = None, first=None) -> list[str]:
    """Stable ids from source identity and record content (`_idbase`, a list or a Series),
    never from row order. Identical records in one source are told apart by their occurrence
    number, counted in the given `order` of the positions (default: as they come). `first`:
    `first_event_ids(base)`, made earlier, so that only repeated records are hashed here."""
    base = base if isinstance(base, pd.Series) else pd.Series(base, dtype=object)
    codes = pd.factorize(base)[0]
    order = np.arange(len(codes)) if order is None else order
    occurrence = np.empty(len(codes), dtype=np.int64)
    occurrence[order] = pd.Series(codes[order]).groupby(codes[order]).cumcount().to_numpy()
    if first is None:
        out: list[str] = []
        for start in range(0, len(base), 1 << 16):  # as Python strings a chunk at a time
            chunk = base.iloc[start : start + (1 << 16)].tolist()
            out += map(_event_id, chunk, occurrence[start : start + len(chunk)].tolist())
        return out
    ids = np.asarray(first, dtype=object)
    again = np.flatnonzero(occurrence > 0)  # only a repeated record's id is not its first id
    if len(again):
        ids = ids.copy()
        ids[again] = list(map(_event_id, base.iloc[again].tolist(), occurrence[again].tolist()))
    return ids.tolist()


def first_event_ids(base) -> list[str]:
    """The id each record of `base` (`_idbase`) has as its first occurrence in its source:
    `event_ids` takes these (as `first`), so that the hashing can be done per file, in the
    worker that read it."""
    base = base if isinstance(base, pd.Series) else pd.Series(base, dtype=object)
    return [_event_id(b, 0) for b in base.tolist()]


def _event_id(base: str, occurrence: int) -> str:
    return "ev-" + hashlib.blake2b(f"{base}\x1f{occurrence}".encode(), digest_size=8).hexdigest()


def _event_type(profile: Profile, value) -> tuple[str, str | None]:
    default = profile.defaults.get("event_type")
    if not is_blank(value):
        found, mapped = profile.map_value("event_type", value)
        if found:
            return str(mapped), None
        text = str(value).strip()
        if text in EVENT_TYPES or text == INVOLVEMENT:
            return text, None
        if default:
            return str(default), None
        return "note", f"soort '{text}' niet vertaald naar een gebeurtenistype; 'note' gebruikt"
    return (str(default), None) if default else ("note", None)


def _subtype(profile: Profile, value) -> str | None:
    if is_blank(value):
        d = profile.defaults.get("subtype")
        return str(d) if d else None
    found, mapped = profile.map_value("subtype", value)
    return str(mapped) if found else _text(value)


def _severity(profile: Profile, value) -> tuple[int | None, str | None]:
    if is_blank(value):
        d = profile.defaults.get("severity")
        return (int(d) if d is not None else None), None
    found, mapped = profile.map_value("severity", value)
    candidate = mapped if found else value
    try:
        number = float(str(candidate).replace(",", "."))
    except ValueError:
        number = None
    if number is not None and number.is_integer() and 0 <= number <= 3:
        return int(number), None
    return None, f"ernst '{_text(value)}' is geen 0-3; leeg gelaten"


def map_table(raw: RawTable, profile: Profile, ctx: SourceContext) -> tuple[pd.DataFrame, int]:
    """Map a reader's table to canonical events. Returns (events, rows kept).

    A period row (event type `involvement`) yields an involvement_start and, when it has an
    end, an involvement_end; every other row yields one event.
    """
    frame = raw.frame.reset_index(drop=True)
    n = len(frame)
    cols = profile.columns
    nothing = np.full(n, None, dtype=object)

    cells = _Cells(frame)

    def col(field: str) -> np.ndarray:
        return _column(cells, cols[field]) if field in cols else nothing

    # every warning of a row, in this order, joined at the end
    warnings = [_per_row(frame[WARNING].to_numpy(dtype=object), _warning)]

    # Dates
    date_raw = col("date")
    starts = parse_dates(date_raw)
    warnings.append(starts["warning"].to_numpy(dtype=object))
    has_end_col = "date_end" in cols
    end_raw = col("date_end")
    ends = parse_dates(end_raw) if has_end_col else None

    # Organisation and domain
    org_in = pd.Series(_texts(col("organisation")), dtype=object)
    org_default = profile.defaults.get("organisation")
    if org_default:
        org_in = org_in.fillna(str(org_default))
    family = (org_in == FAMILY).to_numpy()
    resolved = ctx.registry.resolve_many(org_in.where(~family, None))
    organisation = resolved["organisation"].where(resolved["organisation"].notna(), org_in)
    warnings.append(resolved["warning"].where(~family, None).to_numpy(dtype=object))
    domain = resolved["domain"].astype(object).where(~family, "gezin")
    if "domain" in profile.values:
        codes, found = _distinct(org_in, lambda v: profile.map_value("domain", v))
        hit = _take(codes, found, 0).astype(bool)
        domain = domain.where(~hit, pd.Series(_take(codes, found, 1), dtype=object))
    if profile.defaults.get("domain"):
        domain = pd.Series([profile.defaults["domain"]] * n, dtype=object).where(~family, "gezin")
    no_domain = domain.isna().to_numpy() & organisation.notna().to_numpy()
    warnings.append(np.where(no_domain, "geen leefgebied bekend voor deze organisatie", None))

    # Type, subtype, severity
    codes, typed = _distinct(col("event_type"), lambda v: _event_type(profile, v))
    event_type = _take(codes, typed, 0)
    warnings.append(_take(codes, typed, 1))
    subtype = _per_row(col("subtype"), lambda v: _subtype(profile, v))
    codes, sev = _distinct(col("severity"), lambda v: _severity(profile, v))
    severity = _take(codes, sev, 0)
    warnings.append(_take(codes, sev, 1))

    # Text and persons
    description, parts = _joined(cells, cols.get("description", []))
    persons, person_warn = _persons(col("persons"), parts, profile, ctx.persons)
    warnings.append(person_warn)

    texts = _record_texts(cells)
    date_text = _texts(date_raw)
    base = pd.DataFrame(
        {
            "date_start": starts["start"].to_numpy(),
            "date_end": starts["end"].to_numpy(),
            "date_precision": _as_str(starts["precision"]),
            "date_raw": date_text,
            "organisation": organisation.to_numpy(dtype=object),
            "organisation_raw": org_in.to_numpy(dtype=object),
            "domain": domain.to_numpy(dtype=object),
            "persons": persons,
            "event_type": event_type,
            "subtype": subtype,
            "severity": severity,
            "description": description,
            "source_file": ctx.source_file,
            "source_sheet": frame[SHEET].to_numpy(dtype=object),
            "source_row": frame[ROW].to_numpy(dtype=object),
            "source_text": _as_str(texts),
        }
    )
    base["warnings"] = _join(warnings, WARNING_SEPARATOR)
    base["_suffix"] = ""

    involvement = (base["event_type"] == INVOLVEMENT).to_numpy()
    if has_end_col:
        end_given = ~_blank(end_raw)
        # A plain event with an end column spans from its start to its end.
        span = ~involvement & end_given
        if span.any():
            assert ends is not None
            base.loc[span, "date_end"] = ends.loc[span, "end"]
            base.loc[span, "date_precision"] = "period"
            base.loc[span, "warnings"] = [
                WARNING_SEPARATOR.join(x for x in (w, ew) if isinstance(x, str)) or None
                for w, ew in zip(base.loc[span, "warnings"], ends.loc[span, "warning"], strict=True)
            ]
            end_text = _texts(end_raw)
            base.loc[span, "date_raw"] = [
                f"{a} – {b}" for a, b in zip(date_text[span], end_text[span], strict=True)
            ]
    events = [base[~involvement]]
    if involvement.any():
        start_ev = base[involvement].copy()
        start_ev["event_type"] = "involvement_start"
        start_ev["_suffix"] = "start"
        events.append(start_ev)
        if has_end_col:
            assert ends is not None
            has_end = involvement & end_given
            end_ev = base[has_end].copy()
            e = ends[has_end]
            end_ev["date_start"] = e["start"]
            end_ev["date_end"] = e["end"]
            end_ev["date_precision"] = e["precision"]
            end_ev["date_raw"] = _texts(end_raw)[has_end]
            end_ev["event_type"] = "involvement_end"
            end_ev["_suffix"] = "end"
            end_ev["warnings"] = [
                WARNING_SEPARATOR.join(x for x in (w, ew) if isinstance(x, str) and x) or None
                for w, ew in zip(base.loc[has_end, "warnings"], e["warning"], strict=True)
            ]
            events.append(end_ev)
    out = pd.concat(events).sort_index(kind="stable")
    out["_idbase"] = _idbase(ctx.source_key, out)
    return out.drop(columns="_suffix").reset_index(drop=True), n


def _idbase(source_key: str, events: pd.DataFrame):
    """Source key, sheet, record text and suffix joined by \\x1f: a head and a tail made once
    per distinct sheet and suffix, joined to the record texts in Arrow (a million long Python
    strings cost more to make and convert than the join)."""
    sheets = events["source_sheet"].to_numpy(dtype=object)
    sheet_codes, sheet_values = pd.factorize(sheets)
    text = events["source_text"]
    if (
        not len(events)
        or text.dtype != "str"
        or getattr(text.dtype, "storage", None) != "pyarrow"
        or ((sheet_codes < 0).any() and any(x is not None for x in sheets[sheet_codes < 0]))
    ):
        return [  # and a NaN sheet reads 'nan', not ''
            f"{source_key}\x1f{s or ''}\x1f{t}\x1f{x}"
            for s, t, x in zip(sheets, text, events["_suffix"], strict=True)
        ]
    heads = [f"{source_key}\x1f{s or ''}\x1f" for s in sheet_values] + [f"{source_key}\x1f\x1f"]
    tail_codes, tail_values = pd.factorize(events["_suffix"].to_numpy(dtype=object))
    tails = [f"\x1f{x}" for x in tail_values]
    head = pa.array(heads, pa.large_string()).take(
        np.where(sheet_codes < 0, len(heads) - 1, sheet_codes)
    )
    tail = pa.array(tails, pa.large_string()).take(tail_codes)
    joined = pc.binary_join_element_wise(
        head, text.array.__arrow_array__(), tail, pa.scalar("", pa.large_string())
    )
    return type(text.array)(joined, dtype=text.dtype)


def _mentions(parts: list[np.ndarray], matcher: PersonMatcher, n: int):
    """matcher.mentions of the description joined from `parts`, as (codes, found).

    Found per part and put together: the join is a space, punctuation no name holds, and a
    space, names neither start nor end with a space, so no match reaches into the join and
    the join bounds a word as the text's ends do. (The parts are mostly Latin-1 text; the
    description holds a dash from outside it, which the scan would have to check.)"""
    inner = DESCRIPTION_JOIN.strip()
    apart = (
        f" {inner} " == DESCRIPTION_JOIN
        and inner
        and not re.search(r"[\w\s]", inner)
        and not any(c in name for name in matcher.spellings() for c in inner)
    )
    if not apart or not parts:
        return matcher.mentions_many(_join(parts, DESCRIPTION_JOIN) if parts else [None] * n)
    codes, found = matcher.mentions_many(parts[0])
    for part in parts[1:]:
        more_codes, more = matcher.mentions_many(part)
        pair, pairs = pd.factorize(codes.astype(np.int64) * len(more) + more_codes)
        combined = []
        for key in pairs.tolist():
            first, second = found[key // len(more)], more[key % len(more)]
            combined.append(first + [m for m in second if m not in first])
        codes, found = pair, combined
    return codes, found


def _persons(
    cells: np.ndarray, parts: list[np.ndarray], profile: Profile, matcher: PersonMatcher
) -> tuple[np.ndarray, np.ndarray]:
    """(persons, warning) per row: the persons column's pseudonyms (or the profile's default
    persons), then whoever the description mentions; a warning names unknown persons. Worked
    out once per distinct (cell, mentions) pair."""
    split_codes, splits = _distinct(cells, matcher.split)
    mention_codes, mentioned = _mentions(parts, matcher, len(cells))
    default_persons = [matcher.lookup(p) or p for p in profile.defaults.get("persons", [])]
    pair = split_codes.astype(np.int64) * (len(mentioned) + 1) + mention_codes
    codes, uniques = pd.factorize(pair)
    persons, warning = np.empty(len(uniques), dtype=object), np.empty(len(uniques), dtype=object)
    for i, key in enumerate(uniques.tolist()):
        (found, unknown), names_mentioned = (
            splits[key // (len(mentioned) + 1)],
            mentioned[key % (len(mentioned) + 1)],
        )
        names = list(found) or list(default_persons)
        names += [m for m in names_mentioned if m not in names]
        persons[i] = PERSON_SEPARATOR.join(names) or None
        warning[i] = f"persoon '{', '.join(unknown)}' staat niet in case.yaml" if unknown else None
    return persons[codes], warning[codes]
