"""Care avoidance: episodes of avoided help, and the pattern when they keep coming back.

`episodes` groups care-avoidance events by the gap between them (the timeline draws these).
The registered analysis `care_avoidance` reads care avoidance more widely: events typed
`care_avoidance` (or with a care-avoidance subtype), and contacts and notes whose text says it
("Sanne zegt de gezinsverzorging op", "afspraken vervallen", "niet opengedaan"); a cue right
after a negation ("nooit afgezegd") does not count, and involvement marks are never read (their
text describes a whole period). So its episodes can be wider than the timeline's orange spans,
which show typed events only. Each episode of at least `min_events` becomes a finding; when
`pattern_episodes` or more recur, one more finding names the pattern, with the help that was
started again after the family broke it off (same organisation, a later involvement period).

Theme: De aanpak / "De aanpak is vasthoudend". Care avoidance is what a persistent approach has
to withstand; the report's point is that each round of avoidance was met by closing the file
and, later, starting again, instead of by holding on.
"""

from __future__ import annotations

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    ById,
    count_nl,
    dated,
    event_type,
    fmt_span,
    join_nl,
    organisations,
    persons,
    subtype,
    text_cues,
    text_cues_where,
)
from reconstruct.analysis.involvement import MARKS, involvement_periods, period_evidence

EPISODE_GAP = pd.Timedelta(days=180)
"""Care-avoidance events closer together than this belong to one episode."""

EPISODE_COLUMNS = ["episode", "start", "end", "events", "organisations", "event_ids"]


def episodes(events: pd.DataFrame, gap: pd.Timedelta = EPISODE_GAP) -> pd.DataFrame:
    """One row per episode: its number, first and last day, how many events, which
    organisations, and the ids of the events that make it (the evidence)."""
    ev = events[(events["event_type"] == "care_avoidance") & events["duplicate_of"].isna()]
    ev = ev.assign(
        t0=ev["date_start"].fillna(ev["date_end"]), t1=ev["date_end"].fillna(ev["date_start"])
    ).dropna(subset=["t0"])
    if ev.empty:
        return pd.DataFrame(columns=EPISODE_COLUMNS)
    ev = ev.sort_values("t0", kind="stable")
    reach = ev["t1"].cummax().shift()
    new = (ev["t0"] - reach) > gap
    rows = []
    for n, (_, g) in enumerate(ev.groupby(new.cumsum()), start=1):
        rows.append(
            {
                "episode": n,
                "start": g["t0"].min(),
                "end": g["t1"].max(),
                "events": len(g),
                "organisations": sorted(set(g["organisation"].dropna())),
                "event_ids": g["event_id"].tolist(),
            }
        )
    return pd.DataFrame(rows, columns=EPISODE_COLUMNS)


# --- The registered analysis ------------------------------------------------------------------

THEME = ("De aanpak", "De aanpak is vasthoudend")

KINDS = {
    "no_show": "niet verschenen",
    "cancelled": "afgezegd",
    "door_closed": "deur dicht",
    "refused_entry": "niet binnengelaten",
    "broke_off": "hulp afgebroken",
    "declined": "hulp afgehouden",
    "other": "anders",
}
"""Kinds of care avoidance, with the Dutch words the sentences use."""

SUBTYPES = {
    "no_show": "no_show",
    "not_home": "door_closed",
    "cancelled": "cancelled",
    "door_closed": "door_closed",
    "closed_door": "door_closed",
    "refused_entry": "refused_entry",
    "broke_off": "broke_off",
    "broke_off_help": "broke_off",
    "dropped_out": "broke_off",
    "declined": "declined",
    "declined_help": "declined",
    "help_declined": "declined",
    "help_refused": "declined",
    "unreachable": "declined",
}
"""Subtypes (from a source or the lexicon) that are care avoidance, and their kind."""

CUES = {
    "broke_off": r"\bzegt (de |het |haar )?\w+ op\b|\bstopt (opnieuw |weer )?met\b|\bgestopt\b"
    r"|afgebroken|opgezegd|afgesloten (op verzoek|wegens (herhaald )?niet)"
    r"|na (\w+ )?gemiste \w+ afgesloten",
    "no_show": r"niet verschenen|niet verschijnen|verschijnt niet|niet (meer )?op (de )?afspraak"
    r"|niet (\w+ ){1,4}verschenen|\bkomt (regelmatig |vaak |meestal )?niet\b(?! mee)",
    "cancelled": r"\bbelt af\b|\bzegt (\w+ )?af\b|afgezegd|afspraken vervallen",
    "door_closed": r"niet opengedaan|niemand (thuis|doet open)|deur (\w+ )?(dicht|niet open)"
    r"|geen gehoor|afspraken niet thuis|was niet thuis",
    "refused_entry": r"niet binnen\b",
    "declined": r"weiger|wil(len)? geen (hulp|bemoeienis|pottenkijkers)|wil(len)? dat niet"
    r"|wil(len)? niet in\b|reageert niet|niet bereikbaar",
}
"""Text cues (regexes on accent-free lower-case text) per kind; the first that matches wins."""

ENDED = r"beeindigd|afgesloten|\bstopt\b|gestopt|afgebroken|opgezegd"
"""Help ended: together with any care-avoidance cue the event is help broken off."""

TEXT_TYPES = ("contact", "note")
"""Event types whose text is read for care avoidance (other types already say what they are)."""


def avoidance_mask(events: pd.DataFrame) -> pd.Series:
    """True for care-avoidance events: typed so (or a care-avoidance subtype), or a contact or
    note whose text says so. Involvement marks never count."""
    source = events["event_type"]
    typed = (event_type(events) == "care_avoidance") | subtype(events).isin(SUBTYPES)
    said = text_cues_where(events, source.isin(TEXT_TYPES), "|".join(CUES.values()))
    return (typed | said) & ~source.isin(MARKS)


def avoidance_kind(events: pd.DataFrame) -> pd.Series:
    """The kind of each care-avoidance event (a key of KINDS); meant for rows of avoidance_mask."""
    out = pd.Series("other", index=events.index, dtype=object)
    for name, rx in reversed(CUES.items()):  # the first cue in CUES wins
        out = out.where(~text_cues(events, rx), name)
    ended = text_cues(events, ENDED) & (out != "other")
    out = out.where(~ended, "broke_off")
    # What the source said first, then these words, then the lexicon's suggestion.
    given = events["subtype"].map(SUBTYPES)
    suggested = subtype(events).map(SUBTYPES)
    out = out.where(out != "other", suggested.fillna("other"))
    return given.where(given.notna(), out)


def _restarts(events, broke: pd.DataFrame, dated_all: pd.DataFrame):
    """Help started again after the family broke it off: (organisation, break-off event id,
    id of the later period's first event) for the first later period of that organisation."""
    periods = involvement_periods(events)
    used, out = set(), []
    for b in broke.sort_values("t0").itertuples():
        later = periods[(periods["organisation"] == b.organisation) & (periods["start"] > b.t1)]
        if later.empty:
            continue
        p = next(later.itertuples())
        if (p.organisation, p.start) in used:
            continue
        used.add((p.organisation, p.start))
        first = period_evidence(dated_all, p)[:1]
        out.append((p.organisation, b.event_id, first[0] if first else None))
    return out


def _episode_sentence(g: pd.DataFrame, start, end, orgs) -> str:
    counts = g["kind"].value_counts()
    parts = [f"{n} keer {KINDS[k]}" for k, n in counts.items() if k != "other"] + (
        [f"{counts['other']} keer anders"] if "other" in counts else []
    )
    return (
        f"Zorgmijding {fmt_span(start, end)}: {len(g)} keer ({', '.join(parts)}) bij "
        f"{join_nl(orgs)}."
    )


@register(
    "care_avoidance",
    "Periodes waarin het gezin hulp afhield (niet verschenen, afgezegd, deur dicht, hulp "
    "afgebroken of geweigerd), en het patroon als die periodes steeds terugkeren en hulp "
    "daarna opnieuw wordt gestart.",
    parameters={"gap_days": 180, "min_events": 2, "pattern_episodes": 3},
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: each care-avoidance episode (kind "episode") and the recurring pattern (kind
    "pattern", evidence: every episode's events plus the restarts).

    Parameters: `gap_days` (180) events closer together belong to one episode; `min_events` (2)
    an episode needs this many events to be reported (one missed appointment is no episode);
    `pattern_episodes` (3) from this many episodes the pattern is reported.
    """
    d = dated(events, columns=READ)
    mask = avoidance_mask(d)
    av = d[mask].assign(kind=avoidance_kind(d[mask]))
    eps = episodes(
        av.assign(event_type="care_avoidance"), gap=pd.Timedelta(days=int(params["gap_days"]))
    )
    out: list[Finding] = []
    kept = []
    in_av = ById(av)
    for ep in eps.itertuples():
        if ep.events < int(params["min_events"]):
            continue
        g = in_av.rows(ep.event_ids)
        orgs = organisations(g)
        kinds = set(g["kind"])
        severity = 1 + (len(orgs) >= 2) + bool(kinds & {"broke_off", "refused_entry"})
        kept.append((ep, g, orgs))
        out.append(
            Finding(
                analysis="care_avoidance",
                period_start=ep.start,
                period_end=ep.end,
                sentence=_episode_sentence(g, ep.start, ep.end, orgs),
                theme=THEME[0],
                criterion=THEME[1],
                severity=min(severity, 3),
                evidence=list(ep.event_ids),
                organisations=orgs,
                persons=persons(g),
                kind="episode",
            )
        )
    if len(kept) >= int(params["pattern_episodes"]):
        out.append(_pattern(events, d, av, kept))
    return out


def _pattern(events, d, av, kept) -> Finding:
    allg = pd.concat([g for _, g, _ in kept])
    orgs = organisations(allg.sort_values("t0"))
    years = join_nl(
        str(ep.start.year) if ep.start.year == ep.end.year else f"{ep.start.year}-{ep.end.year}"
        for ep, _, _ in kept
    )
    first, last = kept[0][0].start, kept[-1][0].end
    sentence = (
        f"Zorgmijding keerde steeds terug: {count_nl(len(kept), 'periode', 'periodes')} "
        f"({years}), bij {len(orgs)} organisaties."
    )
    restarts = _restarts(
        events, allg[allg["kind"] == "broke_off"], dated(events, keep_duplicates=True, columns=READ)
    )
    evidence = [i for ep, _, _ in kept for i in ep.event_ids]
    if restarts:
        per: dict[str, int] = {}
        for org, broke_id, start_id in restarts:
            per[org] = per.get(org, 0) + 1
            evidence += [broke_id] + ([start_id] if start_id else [])
        listed = join_nl(f"{o} ({n} keer)" for o, n in per.items())
        sentence += f" Na afbreken werd de hulp opnieuw gestart bij {listed}."
    evidence = list(dict.fromkeys(evidence))
    rows = ById(d).rows(evidence)
    return Finding(
        analysis="care_avoidance",
        period_start=first,
        period_end=last,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=3 if restarts else 2,
        evidence=evidence,
        organisations=orgs,
        persons=persons(rows),
        kind="pattern",
    )
