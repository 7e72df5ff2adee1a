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
from pandas.api.types import infer_dtype

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


def _column(frame: pd.DataFrame, names: list[str]) -> np.ndarray:
    """The first non-blank value among `names` per row (object array, None when blank)."""
    out = np.full(len(frame), None, dtype=object)
    blank = np.ones(len(frame), dtype=bool)
    for name in names:
        col = frame[name].to_numpy(dtype=object)
        take = blank & ~_per_row(col, is_blank).astype(bool)
        out[take] = col[take]
        blank &= ~take
    return out


def _join(parts: list[np.ndarray], separator: str) -> np.ndarray:
    """Per row, the strings of `parts` (each None or a non-empty string) joined by
    `separator`; None when there are none."""
    out = parts[0].copy()
    for part in parts[1:]:
        has_out, has_part = out != None, part != None  # noqa: E711  (elementwise)
        both = has_out & has_part
        joined = np.where(has_out, out, part)
        joined[both] = out[both] + separator + part[both]
        out = joined
    return out


def _joined(frame: pd.DataFrame, names: list[str]) -> np.ndarray:
    if not names:
        return np.full(len(frame), None, dtype=object)
    return _join(
        [_per_row(frame[n].to_numpy(dtype=object), _text) for n in names], DESCRIPTION_JOIN
    )


_JSON_ESCAPE = re.compile(r'[\x00-\x1f\\"]')
"""What json.dumps(..., ensure_ascii=False) escapes in a string."""


def _fragment(key: str):
    """A JSON `"key": value` for one cell, None for a blank cell (as in _record_texts)."""
    prefix = json.dumps(key, ensure_ascii=False) + ": "

    def encode(v):
        if is_blank(v):
            return None
        if isinstance(v, str) and not _JSON_ESCAPE.search(v):
            return prefix + '"' + v + '"'  # what json.dumps gives, without its overhead
        v = _text(v) if isinstance(v, dt.datetime | dt.date) else v
        return prefix + json.dumps(v, ensure_ascii=False, default=str)

    return encode


def _record_texts(frame: pd.DataFrame) -> list[str]:
    """Each raw record as compact JSON, exactly the source's columns, blanks left out."""
    cols = [c for c in frame.columns if c not in RESERVED]
    if not cols:
        return ["{}"] * len(frame)
    parts = [_per_row(frame[c].to_numpy(dtype=object), _fragment(c)) for c in cols]
    inner = _join(parts, ", ")
    return ["{" + (x or "") + "}" for x in inner]


def event_ids(base, order: np.ndarray | None = None) -> list[str]:
    """Stable ids from source identity and record content (`_idbase`, a list or a Series),
    never from row order. Identical records in one source are told apart by their occurrence
    number, counted in the given `order` of the positions (default: as they come)."""
    base = base if isinstance(base, pd.Series) else pd.Series(base, dtype=object)
    codes = pd.factorize(base)[0]
    order = np.arange(len(codes)) if order is None else order
    occurrence = np.empty(len(codes), dtype=np.int64)
    occurrence[order] = pd.Series(codes[order]).groupby(codes[order]).cumcount().to_numpy()
    blake = hashlib.blake2b
    out: list[str] = []
    for start in range(0, len(base), 1 << 16):  # as Python strings a chunk at a time
        chunk = base.iloc[start : start + (1 << 16)].tolist()
        out += [
            "ev-" + blake(f"{b}\x1f{n}".encode(), digest_size=8).hexdigest()
            for b, n in zip(chunk, occurrence[start : start + len(chunk)].tolist(), strict=True)
        ]
    return out


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

    def col(field: str) -> np.ndarray:
        return _column(frame, cols[field]) if field in cols else nothing

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
    org_in = pd.Series(_per_row(col("organisation"), _text), dtype=object)
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
    description = _joined(frame, cols.get("description", []))
    persons_split = _per_row(col("persons"), ctx.persons.split)
    default_persons = [ctx.persons.lookup(p) or p for p in profile.defaults.get("persons", [])]
    mentions = _per_row(description, ctx.persons.mentions)
    persons, person_warn = np.empty(n, dtype=object), np.empty(n, dtype=object)
    done: dict[tuple[int, int], tuple] = {}  # results are shared per distinct value
    for i, (split, mentioned) in enumerate(zip(persons_split, mentions, strict=True)):
        key = (id(split), id(mentioned))
        if key not in done:
            found, unknown = split
            names = list(found) or list(default_persons)
            names += [m for m in mentioned if m not in names]
            done[key] = (
                PERSON_SEPARATOR.join(names) or None,
                f"persoon '{', '.join(unknown)}' staat niet in case.yaml" if unknown else None,
            )
        persons[i], person_warn[i] = done[key]
    warnings.append(person_warn)

    texts = _record_texts(frame)
    date_text = _per_row(date_raw, _text)
    base = pd.DataFrame(
        {
            "date_start": starts["start"].to_numpy(),
            "date_end": starts["end"].to_numpy(),
            "date_precision": starts["precision"].to_numpy(),
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
            "source_text": texts,
        }
    )
    base["warnings"] = _join(warnings, WARNING_SEPARATOR)
    base["_suffix"] = ""

    involvement = (base["event_type"] == INVOLVEMENT).to_numpy()
    if has_end_col:
        end_given = ~_per_row(end_raw, is_blank).astype(bool)
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
            end_text = _per_row(end_raw, _text)
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
            end_ev["date_raw"] = _per_row(end_raw, _text)[has_end]
            end_ev["event_type"] = "involvement_end"
            end_ev["_suffix"] = "end"
            end_ev["warnings"] = [
                WARNING_SEPARATOR.join(x for x in (w, ew) if isinstance(x, str) and x) or None
                for w, ew in zip(base.loc[has_end, "warnings"], e["warning"], strict=True)
            ]
            events.append(end_ev)
    out = pd.concat(events).sort_index(kind="stable")
    out["_idbase"] = [
        f"{ctx.source_key}\x1f{s or ''}\x1f{t}\x1f{x}"
        for s, t, x in zip(out["source_sheet"], out["source_text"], out["_suffix"], strict=True)
    ]
    return out.drop(columns="_suffix").reset_index(drop=True), n
