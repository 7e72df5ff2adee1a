"""Child not seen: long stretches in which an organisation met the family but none of the children.

Within each involvement period of an organisation, the stretches between its contacts that
include a child (or between the period's start or end and such a contact) are measured. A
stretch of at least `min_months` in which the organisation recorded at least `min_contacts`
contacts with the family, none with a child, is a finding. A contact is an event of type
`contact`, or a note that says so in words (huisbezoek, gesprek, consult...); a failed attempt
(niet thuis, niet verschenen, deur dicht) is not a contact, and a contact that says the
children were not seen does not count as seeing them. Organisations whose work does not
involve seeing the children (police, justice; housing and income) are left out.

The children are the `children` pseudonyms, or every pseudonym starting with "Kind" (the
convention of case.yaml).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    Spans,
    count_nl,
    dated,
    day,
    event_type,
    fmt_span,
    is_child,
    join_nl,
    map_cells,
    months_apart,
    person_list,
    registry_profile,
    text_matches,
    text_matches_where,
)
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.mapping import FAMILY

NAME = "child_not_seen"
CONTACT_TEXT = (
    r"huisbezoek|gesprek|gesproken|consult|\bbezoek|intake|telefonisch contact|kennismaking"
)
FAILED_TEXT = (
    r"niet (verschenen|verschijnt|thuis|open|opengedaan|bereikbaar)|niemand (thuis|doet open)"
    r"|deur (niet open|dicht)|geen gehoor|belt af|zegt .{0,20}af\b|afgezegd|afspraken? vervallen"
)
NOT_SEEN_TEXT = r"kind(eren)? niet (gezien|gesproken|thuis)|kinderen op school"
MARKS = ("involvement_start", "involvement_end")


@register(
    NAME,
    "Lange perioden waarin een organisatie wel contact had met het gezin, maar in geen enkel "
    "contact een van de kinderen zag of sprak.",
    parameters={
        "min_months": 12,
        "min_contacts": 2,
        "children": [],
        "exclude_sectors": ["politie", "justitie"],
        "exclude_domains": ["wonen", "werk_inkomen"],
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """One finding (kind `stretch`) per stretch without a child in any contact."""
    children = tuple(params["children"])
    ev = dated(events, keep_duplicates=True, columns=READ)
    if ev.empty:
        return []
    etype = event_type(ev)
    failed = (etype == "care_avoidance") | text_matches(ev, FAILED_TEXT)
    # A note (or a signal noted during a visit) that says it was a visit or a talk is a contact.
    worded = text_matches_where(ev, ev["event_type"].isin(["note", "signal"]), CONTACT_TEXT)
    contact = ((etype == "contact") | worded) & ~failed
    with_child = map_cells(
        ev["persons"], lambda c: any(is_child(p, children) for p in person_list(c))
    )
    sees = contact & with_child
    sees &= ~text_matches_where(ev, sees, NOT_SEEN_TEXT)
    ev = ev[["event_id", "organisation", "event_type", "persons", "t0", "t1"]].assign(
        _contact=contact, _failed=failed & ~ev["event_type"].isin(MARKS), _sees=sees
    )
    spans = Spans(ev)
    out = []
    for p in involvement_periods(events).itertuples():
        if p.organisation == FAMILY or _excluded(p.organisation, p.domain, params):
            continue
        own = spans.rows(p.organisation, after=p.start, until=p.end, after_inclusive=True)
        out += _stretches(own, p, children, params)
    return out


def _excluded(org: str, domain: object, params: dict) -> bool:
    sector = registry_profile(org)[1]
    return sector in set(params["exclude_sectors"]) or domain in set(params["exclude_domains"])


def _stretches(own: pd.DataFrame, p, children: tuple, params: dict) -> list[Finding]:
    kind = own["event_type"].to_numpy(dtype=object)
    t0 = own["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = own["t1"].to_numpy(dtype="datetime64[ms]")
    ids = own["event_id"].to_numpy(dtype=object)
    cells = own["persons"].to_numpy(dtype=object)
    sees, contact = own["_sees"].to_numpy(), own["_contact"].to_numpy()
    failed = own["_failed"].to_numpy()
    is_mark = np.isin(kind, MARKS)
    start_ids = ids[(kind == "involvement_start") & (t0 == day(p.start))].tolist()
    end_ids = ids[(kind == "involvement_end") & (t1 == day(p.end))].tolist()
    seen = np.flatnonzero(sees)
    # Anchors: the period's start, every contact that saw a child, the period's end.
    times = np.concatenate([[day(p.start)], t0[seen], [day(p.end)]]).astype("datetime64[D]")
    long = np.flatnonzero(months_apart(times[:-1], times[1:]) >= int(params["min_months"]))
    day0 = own["t0"]

    def anchor(i: int):
        if i == 0:
            return p.start, start_ids
        if i == len(times) - 1:
            return p.end, end_ids
        return day0.iloc[seen[i - 1]], [ids[seen[i - 1]]]

    clients = [c for c in _people(cells[is_mark]) if is_child(c, children)]
    out = []
    for i in long.tolist():
        (a, a_ev), (b, b_ev) = anchor(i), anchor(i + 1)
        inside = (t0 >= day(a)) & (t0 <= day(b)) & ~sees
        met = np.flatnonzero(inside & contact)
        if len(met) < int(params["min_contacts"]):
            continue
        tried = np.flatnonzero(inside & failed)
        whole = a == p.start and b == p.end
        where = "in de hele periode" if whole else fmt_span(a, b)
        attempts = ""
        if len(tried):
            attempts = f" en {count_nl(len(tried), 'vergeefse poging', 'vergeefse pogingen')}"
        sentence = (
            f"{p.organisation} was betrokken {fmt_span(p.start, p.end)}; {where} "
            f"({_months(a, b)} maanden) legde {p.organisation} "
            f"{count_nl(len(met), 'contact', 'contacten')} met het gezin{attempts} vast, maar in "
            "geen enkel contact is een van de kinderen gezien of gesproken."
        )
        if clients:
            sentence += f" De hulp betrof ook {join_nl(clients)}."
        evidence = [*a_ev, *ids[met].tolist(), *ids[tried].tolist(), *b_ev]
        out.append(
            Finding(
                analysis=NAME,
                period_start=a,
                period_end=b,
                sentence=sentence,
                theme="Gezin centraal",
                criterion="Het gezin is bij elke stap van de aanpak betrokken",
                severity=3 if _months(a, b) >= 36 else 2,
                evidence=list(dict.fromkeys(evidence)),
                organisations=[p.organisation],
                persons=list(dict.fromkeys([*_people(cells[met]), *clients])),
                kind="stretch",
            )
        )
    return out


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Whole calendar months from a to b (1 June 2009 to 1 June 2011 is 24)."""
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def _people(cells) -> list[str]:
    """The pseudonyms in `persons` cells, in order of appearance."""
    return list(dict.fromkeys(p for cell in cells for p in person_list(cell)))
