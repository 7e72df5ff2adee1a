"""Swimlane rows: organisations grouped under domain headers, the family lane on top."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from reconstruct.figures.style import FAMILY_LABEL
from reconstruct.mapping import FAMILY
from reconstruct.schema import DOMAIN_LABELS, DOMAINS


@dataclass
class Lanes:
    """Rows of the swimlane: organisation lanes grouped under domain header rows."""

    names: list[str]  # tick text per row, top to bottom
    row_of: dict[str, int]  # organisation -> row
    domain_rows: dict[str, tuple[int, int]]  # domain -> (header row, last row)
    header_rows: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len(self.names)


def build_lanes(events: pd.DataFrame, periods: pd.DataFrame) -> Lanes:
    """Lane order: the family first, then per domain (report order) each organisation by its
    first involvement (or first event)."""
    names: list[str] = []
    row_of: dict[str, int] = {}
    domain_rows: dict[str, tuple[int, int]] = {}
    headers: set[int] = set()
    dated = events.assign(t0=events["date_start"].fillna(events["date_end"]))
    if (events["organisation"] == FAMILY).any():
        row_of[FAMILY] = 0
        names.append(FAMILY_LABEL)
    first = dated.groupby("organisation")["t0"].min()
    if len(periods):
        first = (
            pd.concat([periods.groupby("organisation")["start"].min(), first])
            .groupby(level=0)
            .min()
        )
    both = pd.concat([events[["organisation", "domain"]], periods[["organisation", "domain"]]])
    org_domain = (
        both.dropna(subset=["organisation"])
        .groupby("organisation")["domain"]
        .agg(lambda s: s.dropna().mode().iloc[0] if s.notna().any() else None)
    )
    for domain in [*DOMAINS, None]:
        orgs = [
            o
            for o, d in org_domain.items()
            if o != FAMILY and (d == domain or (domain is None and d not in DOMAINS))
        ]
        if not orgs:
            continue
        orgs.sort(key=lambda o: (pd.isna(first.get(o)), first.get(o, pd.NaT), o))
        header = len(names)
        headers.add(header)
        names.append(DOMAIN_LABELS.get(domain, "Leefgebied onbekend"))
        for o in orgs:
            row_of[o] = len(names)
            names.append(o)
        domain_rows[domain or ""] = (header, len(names) - 1)
    return Lanes(names, row_of, domain_rows, headers)


def lanes_domain(lanes: Lanes, organisation: str) -> str | None:
    row = lanes.row_of.get(organisation)
    for domain, (first, last) in lanes.domain_rows.items():
        if row is not None and first <= row <= last:
            return domain or None
    return "gezin" if organisation == FAMILY else None
