"""The inspector's edits as an overlay: checking edited values, and applying the overlay to the
imported events to give the effective event table.

An overlay row holds, per event, only the fields the inspector changed (`changes`, field ->
value), whether the event is soft-deleted, and a version. Source rows are never rewritten: the
effective table is computed, so a re-import keeps every edit of an event that still exists.

Besides EDITABLE_FIELDS, `changes` may hold the inspector's decisions on what the import
proposed: `duplicate_of` (merged as a duplicate, or None: unlinked; it wins over the link a
re-import makes) and `suggestion_rejected` (the lexicon suggestion the inspector turned down;
while the import still suggests exactly that, the effective table leaves it out).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from reconstruct.case import Case, PersonMatcher
from reconstruct.dates import parse_date
from reconstruct.merge import order
from reconstruct.schema import (
    DOMAIN_LABELS,
    DOMAINS,
    EVENT_TYPE_LABELS,
    EVENT_TYPES,
    PERSON_SEPARATOR,
    WARNING_SEPARATOR,
    coerce_dtypes,
    validate,
)

log = logging.getLogger(__name__)

EDITABLE_FIELDS = (
    "date_raw",
    "organisation",
    "domain",
    "persons",
    "event_type",
    "subtype",
    "severity",
    "description",
)
"""Fields an inspector may edit; `date_raw` is re-parsed into date_start, date_end and
date_precision (reconstruct.dates.parse_date)."""

LINK = "duplicate_of"
"""Overlay key of a duplicate link set (merge) or cleared (unlink) by the inspector."""
REJECTED = "suggestion_rejected"
"""Overlay key of a rejected suggestion: {"event_type", "subtype", "severity"}."""
SUGGESTED = ("suggested_event_type", "suggested_subtype", "suggested_severity", "suggested_terms")
OVERLAY_KEYS = (*EDITABLE_FIELDS, LINK, REJECTED)
"""Everything an overlay's `changes` may hold."""


class FieldError(ValueError):
    """An edited value that cannot be used; the message names the field (never the text)."""


@dataclass
class FieldContext:
    """What checking a value needs from the case: its persons and organisations registry."""

    persons: PersonMatcher = field(default_factory=lambda: PersonMatcher([]))
    pseudonyms: tuple[str, ...] = ()
    registry: object | None = None

    @classmethod
    def from_case(cls, case: Case | None) -> FieldContext:
        if case is None:
            return cls()
        from reconstruct.organisations import OrganisationRegistry, RegistryError

        try:
            registry = OrganisationRegistry.load(case.organisations_file)
        except RegistryError:
            registry = None  # names are then kept as typed
        return cls(PersonMatcher(case.persons), tuple(p.pseudonym for p in case.persons), registry)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value, ctx) -> str | None:
    return None if _blank(value) else str(value).strip()


def _organisation(value, ctx: FieldContext) -> str | None:
    if _blank(value):
        return None
    value = str(value).strip()
    if ctx.registry is not None:
        found = ctx.registry.resolve(value).organisation
        if found:
            return found
    return value


def _choice(name: str, allowed: tuple[str, ...], labels: dict[str, str], required: bool):
    by_label = {v.casefold(): k for k, v in labels.items()} | {k.casefold(): k for k in allowed}

    def check(value, ctx) -> str | None:
        if _blank(value):
            if required:
                raise FieldError(f"{name} mag niet leeg zijn (kies {', '.join(allowed)})")
            return None
        key = by_label.get(str(value).strip().casefold())
        if key is None:
            raise FieldError(f"{name} '{value}' bestaat niet (kies {', '.join(allowed)})")
        return key

    return check


def _persons(value, ctx: FieldContext) -> str | None:
    if _blank(value):
        return None
    found, unknown = ctx.persons.split(str(value))
    if unknown:
        known = ", ".join(ctx.pseudonyms) or "geen: vul case.yaml aan"
        raise FieldError(
            f"persons: onbekende persoon {', '.join(repr(u) for u in unknown)}; "
            f"gebruik namen of pseudoniemen uit case.yaml ({known})"
        )
    return PERSON_SEPARATOR.join(found) or None


def _severity(value, ctx) -> int | None:
    if _blank(value):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= 3:
        raise FieldError(f"severity '{value}' is geen ernst 0-3 (of leeg)")
    return number


_CHECKS = {
    "date_raw": _text,
    "organisation": _organisation,
    "domain": _choice("domain", DOMAINS, DOMAIN_LABELS, required=False),
    "persons": _persons,
    "event_type": _choice("event_type", EVENT_TYPES, EVENT_TYPE_LABELS, required=True),
    "subtype": _text,
    "severity": _severity,
    "description": _text,
}


def check_changes(changes: Mapping[str, object], ctx: FieldContext) -> dict[str, object]:
    """Edited values in their stored form (canonical names, pseudonyms, ints); raises
    FieldError for an unknown field or a value that does not fit."""
    out = {}
    for name, value in changes.items():
        if name not in _CHECKS:
            raise FieldError(
                f"'{name}' is geen bewerkbaar veld (wel: {', '.join(EDITABLE_FIELDS)})"
            )
        out[name] = _CHECKS[name](value, ctx)
    return out


def date_columns(date_raw: str | None) -> dict[str, object]:
    """date_start, date_end, date_precision and the parse warning for a date as written."""
    parsed = parse_date(date_raw)
    return {
        "date_start": pd.Timestamp(parsed.start) if parsed.start is not None else None,
        "date_end": pd.Timestamp(parsed.end) if parsed.end is not None else None,
        "date_precision": parsed.precision,
        "date_warning": parsed.warning,
    }


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str | dict | list) and pd.isna(value))


def suggestion_of(row: Mapping) -> dict | None:
    """The lexicon's suggestion in a row (stored or effective) as stored by a rejection:
    event_type, subtype, severity (None when missing); None when nothing is suggested."""
    if _missing(row.get("suggested_event_type")):
        return None
    sub, sev = row.get("suggested_subtype"), row.get("suggested_severity")
    return {
        "event_type": str(row["suggested_event_type"]),
        "subtype": None if _missing(sub) else str(sub),
        "severity": None if _missing(sev) else int(sev),
    }


def _apply_changes(row: dict, changes: Mapping[str, object]) -> dict:
    row = dict(row)
    for name, value in changes.items():
        if name == REJECTED:
            if value and suggestion_of(row) == value:
                row.update(dict.fromkeys(SUGGESTED))
            continue
        row[name] = value
    if "date_raw" in changes:
        dates = date_columns(changes["date_raw"])
        warning = dates.pop("date_warning")
        row.update(dates)
        if warning:
            old = row.get("warnings")
            old = None if old is None or pd.isna(old) else str(old)
            row["warnings"] = WARNING_SEPARATOR.join(w for w in (old, warning) if w)
    return row


def _typed(values: pd.Series, dtype) -> pd.Series:
    """Edited values in a column's dtype (as coerce_dtypes makes it), for assigning."""
    if str(dtype).startswith("datetime64"):
        return pd.to_datetime(values).astype(dtype)
    if isinstance(dtype, pd.core.dtypes.dtypes.BaseMaskedDtype):  # Int8, Int64
        return pd.to_numeric(values).astype(dtype)
    return values.astype("str").where(values.notna(), None)


def prepare(stored: pd.DataFrame) -> pd.DataFrame:
    """Stored rows (the event columns and `position`, as read) in import order and in the
    event table's dtypes; manual events (no position) last. The input of apply_overlay."""
    out = stored.sort_values("position", kind="stable", na_position="last")
    return coerce_dtypes(out.reset_index(drop=True))


_REORDER = {"date_raw", "event_type"}
"""Edits that can move an event: its date, or becoming an involvement end (sorted last)."""


def apply_overlay(
    events: pd.DataFrame,
    overlay: pd.DataFrame,
    source_order: Mapping[str, int],
    *,
    include_deleted: bool = False,
) -> pd.DataFrame:
    """The effective event table: `events` (from prepare()) with the `overlay` (event_id,
    changes as dict, deleted) applied, in the table's order. `events` is not modified.

    Soft-deleted events are left out unless `include_deleted` (then a boolean column
    `deleted` is added); an event that duplicated a left-out one is linked to the first
    remaining copy instead, or becomes the original itself.
    """
    out = events.copy()
    by_id, hidden = {}, set()
    for r in overlay.itertuples(index=False):
        if r.changes:
            by_id[r.event_id] = r.changes
        if r.deleted:
            hidden.add(r.event_id)
    edited = out.index[out["event_id"].isin(by_id)]
    reorder = out["position"].isna().any()
    if len(edited):
        rows = [
            _apply_changes(row, by_id[row["event_id"]])
            for row in out.loc[edited].astype(object).to_dict("records")
        ]
        touched = set().union(*(by_id[r["event_id"]] for r in rows))
        reorder = reorder or bool(touched & _REORDER)
        if "date_raw" in touched:
            touched |= {"date_start", "date_end", "date_precision", "warnings"}
        if REJECTED in touched:
            touched = (touched - {REJECTED}) | set(SUGGESTED)
        for col in touched:
            values = pd.Series([r[col] for r in rows], index=edited, dtype=object)
            out.loc[edited, col] = _typed(values, out[col].dtype)
    gone = set() if include_deleted else hidden
    if gone or any(LINK in c for c in by_id.values()):
        # The import's own links already point at each group's first event.
        _settle_duplicates(out, gone)
    if include_deleted:
        out["deleted"] = out["event_id"].isin(hidden)
    elif hidden:
        out = out[~out["event_id"].isin(hidden)].reset_index(drop=True)
    if reorder:
        out = order(out, dict(source_order))
    return out.drop(columns="position").reset_index(drop=True)


def duplicate_roots(links: Mapping[str, str], rank: Mapping[str, int]) -> dict[str, str | None]:
    """Per linked event (event_id -> the event it duplicates), the first event of its group:
    chains are followed (B -> A -> C gives B -> C) and a cycle, which an inspector's merge and
    a re-import's link can make together, is broken at its member first in `rank`."""
    out: dict[str, str | None] = {}
    for eid in links:
        path, j = [eid], links[eid]
        while j in links and j not in path:
            path.append(j)
            j = links[j]
        if j in path:
            j = min(path[path.index(j) :], key=lambda e: rank.get(e, len(rank)))
        out[eid] = None if j == eid else j
    return out


def _settle_duplicates(events: pd.DataFrame, hidden: set[str]) -> None:
    """Make `duplicate_of` point at the first event of each group, in place: chains followed,
    cycles broken, and an event whose original is `hidden` (soft-deleted) or absent (gone from
    its source) is linked to the first remaining copy instead, or becomes the original."""
    has = events["duplicate_of"].notna()
    if not has.any():
        return
    ids = events["event_id"].tolist()
    rank = {e: i for i, e in enumerate(ids)}
    linked = events.loc[has, "event_id"].tolist()
    roots = duplicate_roots(dict(zip(linked, events.loc[has, "duplicate_of"], strict=True)), rank)
    kept = set(ids) - hidden
    orphans: dict[str, list[str]] = {}
    for eid, root in roots.items():
        if root is not None and root not in kept:
            orphans.setdefault(root, []).append(eid)
    for members in orphans.values():
        members = sorted((m for m in members if m in kept), key=rank.get) or members
        roots[members[0]] = None
        roots.update(dict.fromkeys(members[1:], members[0]))
    new = pd.Series([roots[e] for e in linked], index=events.index[has], dtype=object)
    differs = new.ne(events.loc[has, "duplicate_of"]) & ~(
        new.isna() & events.loc[has, "duplicate_of"].isna()
    )
    if differs.any():
        events.loc[differs[differs].index, "duplicate_of"] = new[differs]


def check_table(events: pd.DataFrame, what: str = "effective event table") -> pd.DataFrame:
    """Validate against the declared schema; failures are logged by column, check and event id
    only (never values), and returned."""
    failures = validate(events)
    for r in failures.itertuples():
        log.warning("%s: %s fails %s (%s)", what, r.column, r.check, r.event_id)
    return failures
