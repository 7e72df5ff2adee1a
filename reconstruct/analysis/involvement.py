"""Involvement: periods per organisation, organisations at each moment, the peak, "op papier".

The building blocks (used by the timeline and other analyses too) live in `periods`: involvement
periods per organisation, explicit or inferred, activity per quarter, the number of
organisations involved at each moment and its peak; they are imported here under their old names.

The registered analysis `involvement` turns these into findings:
- the peak: the moment the most organisations were involved at once, with their names;
- "op papier": an organisation formally involved (an explicit, recorded period) whose dossier
  holds no real contact with the family for longer than `paper_months`. Failed attempts (no-show,
  door kept shut, cancelled) are no contact: the report's words are "op papier zorg of
  ondersteuning verleenden, maar ... het niet of nauwelijks lukte om bij het gezin binnen te
  komen". Only organisations that deliver care or support are judged (`help_sectors`, via the
  registry; `help_domains` for names the registry does not know): a GP, hospital, school,
  landlord or budget manager is a standing relationship whose dossier records only exceptions,
  so its silence says nothing. An organisation without a single recorded event in the case is
  skipped too: its dossier is missing, which is not the same as an empty one.

Theme: Samenwerking / "Benodigde partijen werken mee aan aanpak" for both. The inspector asks
whether the parties the family needs actually take part in one approach: the peak says how many
parties that approach had to hold together; an organisation open "op papier" counts as a party
(the others rely on it) while it does not take part. Continuïteit was the alternative for "op
papier", but the harm the report describes is the reliance of the others, not the length of
the help.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    ById,
    Grouped,
    count_nl,
    dated,
    day,
    fmt_date,
    fmt_span,
    join_nl,
    months_apart,
    months_between,
    persons,
    registry_profile,
)
from reconstruct.analysis.periods import (  # noqa: F401 - the building blocks, also from here
    ACTIVITY_PRECISIONS,
    DAY,
    INFER_GAP,
    MARKS,
    PERIOD_COLUMNS,
    concurrency,
    involvement_periods,
    peak,
    period_evidence,
    quarter_bounds,
    quarter_index,
    quarterly_activity,
    segments,
)
from reconstruct.mapping import FAMILY

# --- The registered analysis ------------------------------------------------------------------

THEME = ("Samenwerking", "Benodigde partijen werken mee aan aanpak")
HELP_SECTORS = (
    "thuiszorg",
    "ggz",
    "verslavingszorg",
    "cliëntondersteuning",
    "jeugdhulp",
    "welzijn",
    "wijkteam",
    "jeugdbescherming",
    "meldpunt",
    "reclassering",
    "nazorg",
    "opvang",
)
"""Registry sectors whose involvement is care or support to the family (judged for "op papier")."""
COLUMNS = [
    "event_id",
    "organisation",
    "event_type",
    "subtype",
    "suggested_event_type",
    "suggested_subtype",
    "description",
    "persons",
    "t0",
    "t1",
]
"""What the analysis reads of the event table (care avoidance included, for "op papier")."""


def _evidence_rows(events: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    return events[events["event_id"].isin(ids)]


def _peak_finding(events, periods, many: int) -> Finding | None:
    conc = concurrency(periods)
    pk = peak(conc)
    if pk is None:
        return None
    start, end, n = pk
    at = periods[(periods["start"] <= end) & (periods["end"] >= start)]
    orgs = sorted(set(at["organisation"]))
    by_org = Grouped(events)
    ids = [i for p in at.itertuples() for i in period_evidence(events, p, by_org[p.organisation])]
    ids = list(dict.fromkeys(ids))
    mid = start + (end - start) / 2
    when = (
        f"Rond {fmt_date(mid)}" if (end - start).days <= 62 else fmt_span(start, end).capitalize()
    )
    sentence = f"{when} waren {n} organisaties tegelijk betrokken: {join_nl(orgs)}."
    # The same number reached at other times (contiguous change points merged).
    others: list[tuple[pd.Timestamp, pd.Timestamp]] = []
    times = conc["time"].tolist() + [None]
    for i, c in enumerate(conc["count"]):
        if c != n or times[i] == start:
            continue
        t1 = times[i + 1] - DAY if times[i + 1] is not None else times[i]
        if others and others[-1][1] + DAY == times[i]:
            others[-1] = (others[-1][0], t1)
        else:
            others.append((times[i], t1))
    if others:
        spans = join_nl(fmt_span(a, b) for a, b in others)
        sentence += f" Ook {spans} waren het er {n}."
    rows = _evidence_rows(events, ids)
    return Finding(
        analysis="involvement",
        period_start=start,
        period_end=end,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=2 if n >= many else 1,
        evidence=ids,
        organisations=orgs,
        persons=persons(rows),
        kind="peak",
    )


def _judged(org: str, domain, params) -> bool:
    _, sector, _ = registry_profile(org)
    if sector is not None:
        return sector in params["help_sectors"]
    return isinstance(domain, str) and domain in params["help_domains"]


def _paper_findings(events, periods, params) -> list[Finding]:
    from reconstruct.analysis.care_avoidance import avoidance_mask  # it imports this module

    months = int(params["paper_months"])
    marks = events["event_type"].isin(MARKS)
    failed = avoidance_mask(events)
    with_dossier = set(events.loc[~marks, "organisation"].dropna().unique())
    events = events[["event_id", "organisation", "event_type", "persons", "t0", "t1"]]
    by_org = Grouped(events)
    by_id = ById(events)
    kinds = events["event_type"].to_numpy(dtype=object)
    t0 = events["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = events["t1"].to_numpy(dtype="datetime64[ms]")
    ids = events["event_id"].to_numpy(dtype=object)
    is_mark, failed = marks.to_numpy(), failed.to_numpy()
    out = []
    for p in periods[periods["kind"] == "explicit"].itertuples():
        if p.organisation not in with_dossier or not _judged(p.organisation, p.domain, params):
            continue
        own = by_org.positions(p.organisation)
        starts = own[(kinds[own] == "involvement_start") & (t0[own] == day(p.start))][:1]
        ends = own[(kinds[own] == "involvement_end") & (t1[own] == day(p.end))][:1]
        # Vague marks are read in favour of the organisation: the latest it can have started,
        # the earliest it can have ended.
        cursor = pd.Timestamp(t1[starts[0]]) if len(starts) else p.start
        stop = pd.Timestamp(t0[ends[0]]) if len(ends) and not p.open_end else p.end
        inside = own[(t1[own] >= day(p.start)) & (t0[own] <= day(p.end)) & ~is_mark[own]]
        contacts = inside[~failed[inside]]
        contacts = contacts[np.argsort(t0[contacts], kind="stable")]
        attempts = inside[failed[inside]]
        # Walk the contacts in order: the cursor is the latest day covered so far; a contact (or
        # the end) more than `months` after it closes a stretch without contact.
        begins = np.append(t0[contacts], day(stop))
        cursors = np.maximum.accumulate(np.append(day(cursor), np.append(t1[contacts], day(stop))))
        for k in np.flatnonzero(months_apart(cursors[:-1], begins) > months).tolist():
            a = cursor if k == 0 else max(cursor, pd.Timestamp(cursors[k]))
            b = stop if k == len(contacts) else pd.Timestamp(t0[contacts[k]])
            before = ids[starts].tolist() if k == 0 else [ids[contacts[k - 1]]]
            if k < len(contacts):
                after = [ids[contacts[k]]]
            else:
                after = ids[ends].tolist() if not p.open_end else []
            tried = attempts[(t0[attempts] > day(a)) & (t0[attempts] <= day(b))]
            out.append(_paper_finding(p, a, b, before, after, ids[tried].tolist(), by_id, months))
    return out


def _paper_finding(p, a, b, before, after, tried: list, by_id: ById, months) -> Finding:
    """The finding for a stretch from `a` to `b` without contact (`tried`: the ids of failed
    attempts in it)."""
    ids = list(dict.fromkeys(before + tried + after))
    if not ids:
        ids = period_evidence(by_id.events, p)
    n = months_between(a, b)
    sentence = (
        f"{p.organisation} was {fmt_span(a, b)} formeel betrokken zonder vastgelegd contact met "
        f"het gezin ({n} maanden)"
    )
    if len(tried) == 1:
        sentence += "; één poging om contact te krijgen mislukte"
    elif len(tried) > 1:
        sentence += (
            f"; {count_nl(len(tried), 'poging', 'pogingen')} om contact te krijgen mislukten"
        )
    sentence += "."
    _, _, coordinating = registry_profile(p.organisation)
    severity = 1 + (n >= 2 * months) + bool(coordinating)
    return Finding(
        analysis="involvement",
        period_start=a,
        period_end=b,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=min(severity, 3),
        evidence=ids,
        organisations=[p.organisation],
        persons=by_id.persons(ids),
        kind="paper",
    )


@register(
    "involvement",
    "Welke organisaties wanneer betrokken waren: het moment met de meeste organisaties tegelijk, "
    "en organisaties die formeel betrokken waren maar lange tijd geen contact met het gezin "
    "hadden ('op papier').",
    parameters={
        "paper_months": 12,
        "help_sectors": list(HELP_SECTORS),
        "help_domains": ["gezin", "veiligheid"],
        "peak_many": 10,
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: the peak of concurrent involvement (kind "peak") and every stretch longer than
    `paper_months` in which an organisation that gives care or support was formally involved
    without recorded contact (kind "paper").

    Parameters: `paper_months` (12) the silence that makes involvement "op papier";
    `help_sectors` registry sectors judged for "op papier"; `help_domains` (gezin, veiligheid)
    the domains judged for organisations the registry does not know; `peak_many` (10) from this
    many organisations at once the peak weighs heavier (severity 2 instead of 1).
    """
    d = dated(events, keep_duplicates=True, columns=READ)
    d = d[[c for c in COLUMNS if c in d]]
    d = d[d["organisation"].notna() & (d["organisation"] != FAMILY)]
    periods = involvement_periods(events)
    out = []
    pk = _peak_finding(d, periods, int(params["peak_many"]))
    if pk:
        out.append(pk)
    out += _paper_findings(d, periods, params)
    return out
