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

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    count_nl,
    dated,
    event_type,
    fmt_span,
    is_child,
    join_nl,
    person_list,
    registry_profile,
    text_matches,
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
    ev = dated(events, keep_duplicates=True)
    if ev.empty:
        return []
    etype = event_type(ev)
    failed = (etype == "care_avoidance") | text_matches(ev, FAILED_TEXT)
    # A note (or a signal noted during a visit) that says it was a visit or a talk is a contact.
    worded = ev["event_type"].isin(["note", "signal"]) & text_matches(ev, CONTACT_TEXT)
    contact = ((etype == "contact") | worded) & ~failed
    with_child = ev["persons"].map(lambda c: any(is_child(p, children) for p in person_list(c)))
    sees = contact & with_child & ~text_matches(ev, NOT_SEEN_TEXT)
    ev = ev.assign(_contact=contact, _failed=failed & ~ev["event_type"].isin(MARKS), _sees=sees)
    out = []
    for p in involvement_periods(events).itertuples():
        if p.organisation == FAMILY or _excluded(p.organisation, p.domain, params):
            continue
        own = ev[(ev["organisation"] == p.organisation) & (ev["t0"] >= p.start)]
        own = own[own["t0"] <= p.end]
        out += _stretches(own, p, children, params)
    return out


def _excluded(org: str, domain: object, params: dict) -> bool:
    sector = registry_profile(org)[1]
    return sector in set(params["exclude_sectors"]) or domain in set(params["exclude_domains"])


def _stretches(own: pd.DataFrame, p, children: tuple, params: dict) -> list[Finding]:
    marks = own[own["event_type"].isin(MARKS)]
    start_mark = marks[(marks["event_type"] == "involvement_start") & (marks["t0"] == p.start)]
    end_mark = marks[(marks["event_type"] == "involvement_end") & (marks["t1"] == p.end)]
    seen = own[own["_sees"]]
    anchors = [(p.start, start_mark)]
    anchors += [(t, seen.loc[[i]]) for i, t in seen["t0"].items()]
    anchors += [(p.end, end_mark)]
    clients = [c for c in _people(marks) if is_child(c, children)]
    out = []
    for (a, a_ev), (b, b_ev) in zip(anchors, anchors[1:], strict=False):
        if _months(a, b) < int(params["min_months"]):
            continue
        inside = own[(own["t0"] >= a) & (own["t0"] <= b) & ~own["_sees"]]
        met = inside[inside["_contact"]]
        if len(met) < int(params["min_contacts"]):
            continue
        tried = inside[inside["_failed"]]
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
        ids = [*a_ev["event_id"], *met["event_id"], *tried["event_id"], *b_ev["event_id"]]
        out.append(
            Finding(
                analysis=NAME,
                period_start=a,
                period_end=b,
                sentence=sentence,
                theme="Gezin centraal",
                criterion="Het gezin is bij elke stap van de aanpak betrokken",
                severity=3 if _months(a, b) >= 36 else 2,
                evidence=list(dict.fromkeys(ids)),
                organisations=[p.organisation],
                persons=list(dict.fromkeys([*_people(met), *clients])),
                kind="stretch",
            )
        )
    return out


def _months(a: pd.Timestamp, b: pd.Timestamp) -> int:
    """Whole calendar months from a to b (1 June 2009 to 1 June 2011 is 24)."""
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def _people(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(p for cell in rows["persons"] for p in person_list(cell)))
