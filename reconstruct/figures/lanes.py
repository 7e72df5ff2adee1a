"""Swimlane rows: organisations grouped under domain headers, the family lane on top."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
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
    dated = events.assign(t0=events["date_start"].fillna(events["date_end"]))
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
    family = bool((events["organisation"] == FAMILY).any())
    return _lanes(dict(org_domain.items()), first.to_dict(), family)


def lanes_of(data, rows: np.ndarray, periods: pd.DataFrame) -> Lanes:
    """`build_lanes` of the rows at positions `rows` of a prepared table (figures.data)."""
    codes = data.org[rows]
    known = codes >= 0
    codes, t0, domain = codes[known], data.t0[rows][known], data.domain[rows][known]
    n_orgs, n_domains = len(data.orgs), len(data.domain_names)
    # Earliest day per organisation (its events, then its involvement periods).
    first = np.full(n_orgs, np.iinfo(np.int64).max, dtype=np.int64)  # max: no dated row
    dated = ~np.isnat(t0)
    np.minimum.at(first, codes[dated], t0[dated].astype(np.int64))
    present = np.zeros(n_orgs, dtype=bool)
    present[codes] = True
    # The domain an organisation is drawn under: the one most of its rows (and periods) name.
    with_domain = domain >= 0
    counts = (
        np.bincount(
            codes[with_domain] * n_domains + domain[with_domain], minlength=n_orgs * n_domains
        ).reshape(n_orgs, n_domains)
        if n_domains
        else np.zeros((n_orgs, 0), dtype=np.int64)
    )
    names = data.orgs.tolist()
    none = np.iinfo(np.int64).max
    days = first.astype("datetime64[ms]")
    org_first: dict = {}
    org_counts: dict = {}
    for i in np.flatnonzero(present).tolist():
        org_first[names[i]] = pd.Timestamp(days[i]) if first[i] != none else pd.NaT
        org_counts[names[i]] = dict(
            zip(data.domain_names.tolist(), counts[i].tolist(), strict=True)
        )
    for org, dom, start in zip(
        periods["organisation"], periods["domain"], periods["start"], strict=True
    ):
        if not isinstance(org, str):
            continue
        held = org_first.get(org, pd.NaT)
        org_first[org] = start if pd.isna(held) or start < held else held
        tally = org_counts.setdefault(org, {})
        if isinstance(dom, str):
            tally[dom] = tally.get(dom, 0) + 1
    org_domain = {}
    for org in sorted(org_counts):
        tally = {d: n for d, n in org_counts[org].items() if n}
        org_domain[org] = min(tally, key=lambda d: (-tally[d], d)) if tally else None
    family = bool(data.family[rows].any())
    return _lanes(org_domain, org_first, family)


def _lanes(org_domain: dict, first: dict, family: bool) -> Lanes:
    """Lanes from each organisation's domain and first day (organisations in name order)."""
    names: list[str] = []
    row_of: dict[str, int] = {}
    domain_rows: dict[str, tuple[int, int]] = {}
    headers: set[int] = set()
    if family:
        row_of[FAMILY] = 0
        names.append(FAMILY_LABEL)
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
