"""Turning one source's raw records into canonical events, through its mapping profile.

Every step works on unique values (dates, organisations, names, types) so that a source of
10^6 rows costs the distinct values, not the rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

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


def _column(frame: pd.DataFrame, names: list[str]) -> pd.Series:
    """The first non-blank value among `names` per row (object Series, None when blank)."""
    out = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for name in names:
        col = frame[name]
        blank = out.isna()
        filled = col.map(lambda v: not is_blank(v)).astype(bool)
        out = out.where(~(blank & filled), col)
    return out


def _joined(frame: pd.DataFrame, names: list[str]) -> pd.Series:
    parts = [[_text(v) for v in frame[n]] for n in names]
    if not parts:
        return pd.Series([None] * len(frame), index=frame.index, dtype=object)
    rows = zip(*parts, strict=True)
    joined = [DESCRIPTION_JOIN.join(p for p in r if p) or None for r in rows]
    return pd.Series(joined, index=frame.index, dtype=object)


def _map_unique(series: pd.Series, func) -> pd.Series:
    """Apply `func` once per distinct value (values may be lists: keyed by their text)."""
    keys = series.map(
        lambda v: (
            json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, list | tuple) else v
        )
    )
    cache: dict = {}
    out = []
    for key, value in zip(keys, series, strict=True):
        try:
            hit = cache[key]
        except KeyError:
            hit = cache[key] = func(value)
        except TypeError:  # unhashable after all
            hit = func(value)
        out.append(hit)
    return pd.Series(out, index=series.index, dtype=object)


def _record_texts(frame: pd.DataFrame) -> list[str]:
    """Each raw record as compact JSON, exactly the source's columns, blanks left out."""
    cols = [c for c in frame.columns if c not in RESERVED]
    out = []
    for values in zip(*(frame[c] for c in cols), strict=True) if cols else [()] * len(frame):
        rec = {
            c: (_text(v) if isinstance(v, dt.datetime | dt.date) else v)
            for c, v in zip(cols, values, strict=True)
            if not is_blank(v)
        }
        out.append(json.dumps(rec, ensure_ascii=False, default=str, sort_keys=False))
    return out


def event_ids(base: list[str]) -> list[str]:
    """Stable ids from source identity and record content (`_idbase`), never from row order.

    Identical records in one source are told apart by their occurrence number.
    """
    occurrence = pd.Series(base).groupby(base).cumcount().tolist()
    return [
        "ev-" + hashlib.blake2b(f"{b}\x1f{n}".encode(), digest_size=8).hexdigest()
        for b, n in zip(base, occurrence, strict=True)
    ]


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

    def col(field: str) -> pd.Series:
        return (
            _column(frame, cols[field])
            if field in cols
            else pd.Series([None] * n, index=frame.index, dtype=object)
        )

    warnings: list[list[str]] = [[w] if isinstance(w, str) and w else [] for w in frame[WARNING]]

    def warn(series: pd.Series) -> None:
        for i, w in enumerate(series):
            if isinstance(w, str) and w:
                warnings[i].append(w)

    # Dates
    date_raw = col("date")
    starts = parse_dates(date_raw)
    warn(starts["warning"])
    has_end_col = "date_end" in cols
    end_raw = col("date_end")
    ends = parse_dates(end_raw) if has_end_col else None

    # Organisation and domain
    org_in = col("organisation").map(_text)
    org_default = profile.defaults.get("organisation")
    if org_default:
        org_in = org_in.fillna(str(org_default))
    family = org_in == FAMILY
    resolved = ctx.registry.resolve_many(org_in.where(~family, None))
    organisation = resolved["organisation"].where(resolved["organisation"].notna(), org_in)
    warn(resolved["warning"].where(~family, None))
    domain = resolved["domain"].astype(object)
    domain = domain.where(~family, "gezin")
    if "domain" in profile.values:
        mapped_domain = org_in.map(lambda v: profile.map_value("domain", v))
        domain = pd.Series(
            [m[1] if m[0] else d for m, d in zip(mapped_domain, domain, strict=True)], dtype=object
        )
    if profile.defaults.get("domain"):
        domain = pd.Series([profile.defaults["domain"]] * n, dtype=object).where(~family, "gezin")
    no_domain = domain.isna() & organisation.notna()
    warn(pd.Series(np.where(no_domain, "geen leefgebied bekend voor deze organisatie", None)))

    # Type, subtype, severity
    type_in = col("event_type")
    typed = _map_unique(type_in, lambda v: _event_type(profile, v))
    event_type = typed.map(lambda t: t[0])
    warn(typed.map(lambda t: t[1]))
    subtype = _map_unique(col("subtype"), lambda v: _subtype(profile, v))
    sev = _map_unique(col("severity"), lambda v: _severity(profile, v))
    severity = sev.map(lambda t: t[0])
    warn(sev.map(lambda t: t[1]))

    # Text and persons
    description = _joined(frame, cols.get("description", []))
    persons_split = _map_unique(col("persons"), ctx.persons.split)
    default_persons = [ctx.persons.lookup(p) or p for p in profile.defaults.get("persons", [])]
    mentions = _map_unique(description, ctx.persons.mentions)
    persons, person_warn = [], []
    for (found, unknown), mentioned in zip(persons_split, mentions, strict=True):
        names = list(found) or list(default_persons)
        names += [m for m in mentioned if m not in names]
        persons.append(PERSON_SEPARATOR.join(names) or None)
        person_warn.append(
            f"persoon '{', '.join(unknown)}' staat niet in case.yaml" if unknown else None
        )
    warn(pd.Series(person_warn))

    texts = _record_texts(frame)
    base = pd.DataFrame(
        {
            "date_start": starts["start"],
            "date_end": starts["end"],
            "date_precision": starts["precision"],
            "date_raw": date_raw.map(_text),
            "organisation": organisation,
            "organisation_raw": org_in,
            "domain": domain,
            "persons": persons,
            "event_type": event_type,
            "subtype": subtype,
            "severity": severity,
            "description": description,
            "source_file": ctx.source_file,
            "source_sheet": frame[SHEET],
            "source_row": frame[ROW],
            "source_text": texts,
        }
    )
    base["warnings"] = [WARNING_SEPARATOR.join(w) or None for w in warnings]
    base["_suffix"] = ""

    involvement = (base["event_type"] == INVOLVEMENT).to_numpy()
    if has_end_col:
        end_given = end_raw.map(lambda v: not is_blank(v)).to_numpy()
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
            base.loc[span, "date_raw"] = [
                f"{a} – {b}"
                for a, b in zip(date_raw[span].map(_text), end_raw[span].map(_text), strict=True)
            ]
    events = [base[~involvement]]
    if involvement.any():
        start_ev = base[involvement].copy()
        start_ev["event_type"] = "involvement_start"
        start_ev["_suffix"] = "start"
        events.append(start_ev)
        if has_end_col:
            assert ends is not None
            has_end = involvement & end_raw.map(lambda v: not is_blank(v)).to_numpy()
            end_ev = base[has_end].copy()
            e = ends[has_end]
            end_ev["date_start"] = e["start"]
            end_ev["date_end"] = e["end"]
            end_ev["date_precision"] = e["precision"]
            end_ev["date_raw"] = end_raw[has_end].map(_text)
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
