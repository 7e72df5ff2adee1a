"""Signals not added up: several organisations saw signs of unsafety, and none acted jointly.

Signals are events of type `signal`, and contacts and notes whose words name a sign of
unsafety (a bruise, a fracture, weight loss, a child afraid, violence at home: `CUES`; a cue
right after a negation does not count). Left out: the family's own lane (life events, not an
organisation's observation), signals graded below `min_severity` by their organisation, the
subtypes in `ignore_subtypes` (debts, eviction: problems on a life domain, not signs that a
child is unsafe), notes of a meeting or report that recap signals already recorded, and
everything after the calamity.

Signals less than `window_days` apart form one window, cut by any joint action. A window in
which at least `min_organisations` organisations recorded signals is a finding when no joint
action followed between its first signal and `follow_up_days` after its last (and before the
calamity). A joint action brings the organisations' knowledge together or hands it to someone
who must act: a case conference or consultation between organisations (`case_conference`,
`coordination`, or words such as "zorgoverleg", "ketenoverleg", "overleg met"), a report or
referral (any `referral`; "zorgmelding", "melding bij Veilig Thuis", "verwezen naar",
"overdracht aan"), a risk assessment or investigation, a measure or placement. A signal that
records its own report ("Zorgmelding naar AMK", "verwezen naar kinderarts") is answered on the
spot. Not joint: an advice call (`advice`: one organisation's signal shared with an advice
line), an internal MDO, a report only considered, a truancy report, a letter, a meeting that
was postponed or not held.

Theme: Samenwerking / "Toereikende informatie". The report's finding is that signals were
picked up in isolation and never added up: each organisation held part of the information and
nobody had enough of it. (De aanpak / "samenhangend" was the alternative; the missing piece here
comes before any approach: the information itself.)
"""

from __future__ import annotations

import bisect

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    count_nl,
    dated,
    day,
    event_type,
    fmt_day,
    fmt_span,
    join_nl,
    months_between,
    persons,
    severity,
    subtype,
    text_cues_where,
    text_matches_where,
)
from reconstruct.mapping import FAMILY

THEME = ("Samenwerking", "Toereikende informatie")

CUES = (
    r"blauwe plek|letsel|fractuur|gebroken|afgevallen|gewichtsverlies|gewicht (\w+ )?gedaald"
    r"|afbuigende groei|groeit slecht|ondergewicht|mager kind|ziet er mager uit|vervuil"
    r"|verwaarloos|bang voor|\bslaat\b|geslagen|duwde|mishandel|huiselijk geweld"
    r"|niet mag eten|grensoverschrijdend|schrikachtig"
)
"""Signs of unsafety in the words of a contact or note (accent-free lower-case regex)."""

TEXT_TYPES = ("contact", "note")
"""Source event types whose text is read (other types already say what they are)."""

IGNORE_SUBTYPES = ("debt", "eviction", "development", "mental_health", "substance_use")
"""Problems on a life domain rather than signs that a child is unsafe."""

DELIBERATION = r"\bmdo\b|overleg|conferentie|overwogen|melding|\bzat\b"
"""A note about a meeting or a report recaps signals already recorded; it is no new signal."""

JOINT_TYPES = ("referral", "risk_assessment", "measure", "placement")
JOINT_SUBTYPES = ("case_conference", "coordination")
NOT_JOINT_SUBTYPES = ("advice", "leerplicht", "raadsmelding_considered", "rappel")
"""Subtypes that are no joint action: an advice call, a truancy report (it concerns absence
only), a report considered but not made, a check of earlier agreements."""
JOINT_CUES = (
    r"zorgoverleg|zorgconferentie|ketenoverleg|\bzat\b|casusoverleg|netwerkoverleg|overleg met"
    r"|zorgmelding|melding (bij |naar |aan )?(het |de )?(amk|veilig thuis|raad|bjz"
    r"|bureau jeugdzorg)|verzoek tot onderzoek"
    r"|verwezen (naar|door)|op verwijzing|verwijzing (naar|van|door)|overdracht aan"
)
"""Words of a consultation, contact, note or signal that make it a joint action: a meeting or
consultation with another organisation, a report, a referral or a handover ("geen zorgmelding
opgemaakt" is none). An internal MDO is not one: it brings no other organisation in. A signal
recorded together with its report or referral ("Zorgmelding naar AMK", "verwezen naar
kinderarts") is answered: it counts as a joint action on its own date."""
NOT_HELD = r"overwogen|verschoven|niet gehouden|gaat niet door|afgelast"
"""A meeting or report that did not take place ("evaluatie zorgconferentie verschoven")."""


def signal_mask(events: pd.DataFrame, ignore=IGNORE_SUBTYPES) -> pd.Series:
    """True for signals of unsafety recorded by an organisation (typed, or said in a contact or
    note); the family's own lane does not count, nor subtypes in `ignore`."""
    source = events["event_type"]
    readable = source.isin(TEXT_TYPES)
    said = text_cues_where(events, readable, CUES, reach=4)
    recap = text_matches_where(events, readable, DELIBERATION)
    own = events["organisation"].notna() & (events["organisation"] != FAMILY)
    found = (event_type(events) == "signal") | said
    # A meeting or report note that names signals is a joint action, not a signal; a signal
    # that records its own report stays a signal (and is a joint action too).
    acted = joint_mask(events) & (source != "signal")
    return found & own & ~recap & ~acted & ~subtype(events).isin(ignore)


def joint_mask(events: pd.DataFrame) -> pd.Series:
    """True for joint actions: referrals and reports, risk assessments, measures, placements,
    and consultations between organisations (by subtype or by their words)."""
    kind, sub = event_type(events), subtype(events)
    by_type = kind.isin(JOINT_TYPES)
    by_subtype = (kind == "consultation") & sub.isin(JOINT_SUBTYPES)
    readable = events["event_type"].isin(("consultation", "signal", *TEXT_TYPES))
    joint = (by_type | by_subtype | text_cues_where(events, readable, JOINT_CUES)) & ~sub.isin(
        NOT_JOINT_SUBTYPES
    )
    return joint & ~text_cues_where(events, joint, NOT_HELD)


def _windows(t0: np.ndarray, t1: np.ndarray, joint_times: np.ndarray, gap: pd.Timedelta):
    """(first, end) positions of the windows of signals in date order (`t0`, `t1`): cut where
    the next one is more than `gap` after the previous ones or where a joint action (sorted
    `joint_times`) lies between them."""
    t0, t1 = t0.astype("int64").tolist(), t1.astype("int64").tolist()
    joint = joint_times.astype("int64").tolist()
    gap_ms = gap // pd.Timedelta(milliseconds=1)
    first, reach = 0, None
    for k, (s0, s1) in enumerate(zip(t0, t1, strict=True)):
        if reach is not None:
            i = bisect.bisect_left(joint, t0[first])
            broken = i < len(joint) and joint[i] < s0
            if s0 - reach > gap_ms or broken:
                yield first, k
                first, reach = k, None
        reach = s1 if reach is None else max(reach, s1)
    if reach is not None:
        yield first, len(t0)


@register(
    "signals_not_added_up",
    "Periodes waarin twee of meer organisaties signalen over het gezin vastlegden zonder dat "
    "daarop binnen afzienbare tijd een gezamenlijke actie volgde (overleg, zorgconferentie, "
    "melding of onderzoek).",
    parameters={
        "window_days": 180,
        "follow_up_days": 90,
        "min_organisations": 2,
        "min_severity": 2,
        "ignore_subtypes": list(IGNORE_SUBTYPES),
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings (kind "window"): one per window of signals from several organisations that no
    joint action followed.

    Parameters: `window_days` (180) signals closer together than this form one window;
    `follow_up_days` (90) how long after the window's last signal a joint action may come;
    `min_organisations` (2) how many organisations must have recorded signals;
    `min_severity` (2) a signal its organisation graded lower (police priority "laag": noise,
    a quarrel between neighbours) does not count; a signal without a grade does;
    `ignore_subtypes` (debt, eviction, development, mental_health, substance_use) signal
    subtypes that are problems on a life domain, not signs that a child is unsafe.

    Only what happened before the calamity counts: signals after it are not looked at, and a
    joint action only after the calamity does not add up the signals before it.
    """
    d = dated(events, columns=READ)
    calamities = d.loc[event_type(d) == "calamity", "t0"]
    cutoff = calamities.min() if len(calamities) else None
    # The organisation's own grade (police priority); the lexicon's guess does not filter.
    graded = d["severity"].fillna(params["min_severity"]) >= int(params["min_severity"])
    signals = d[signal_mask(d, tuple(params["ignore_subtypes"])) & graded]
    if cutoff is not None:
        signals = signals[signals["t0"] < cutoff]
    everything = dated(events, keep_duplicates=True, columns=READ)
    joint = everything[joint_mask(everything)]
    joint_times = np.sort(joint["t0"].to_numpy(dtype="datetime64[ms]"))
    gap = pd.Timedelta(days=int(params["window_days"]))
    follow = pd.Timedelta(days=int(params["follow_up_days"]))
    t0 = signals["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = signals["t1"].to_numpy(dtype="datetime64[ms]")
    names = signals["organisation"].tolist()
    out = []
    for a, b in _windows(t0, t1, joint_times, gap):
        orgs = [o for o in dict.fromkeys(names[a:b]) if isinstance(o, str) and o != FAMILY]
        if len(orgs) < int(params["min_organisations"]):
            continue
        start, last = pd.Timestamp(t0[a:b].min()), pd.Timestamp(t1[a:b].max())
        deadline = last + follow
        if cutoff is not None:
            deadline = min(deadline, cutoff - pd.Timedelta(days=1))
        lo = np.searchsorted(joint_times, day(start), "left")
        if lo < np.searchsorted(joint_times, day(deadline), "right"):
            continue
        g = signals.iloc[a:b]
        out.append(_finding(g, orgs, start, last, joint[joint["t0"] > deadline], cutoff, params))
    return out


def _finding(g, orgs, start, last, later, cutoff, params) -> Finding:
    sentence = (
        f"{fmt_span(start, last).capitalize()} legden "
        f"{count_nl(len(orgs), 'organisatie', 'organisaties')} signalen vast "
        f"({join_nl(orgs)}; {len(g)} signalen), zonder gezamenlijke actie binnen "
        f"{int(params['follow_up_days'])} dagen"
    )
    if len(later):
        nxt = later.iloc[0]
        if cutoff is not None and nxt["t0"] >= cutoff:
            sentence += (
                f"; de eerstvolgende kwam pas na de calamiteit ({fmt_day(nxt['t0'])}, "
                f"{nxt['organisation']})"
            )
        else:
            sentence += (
                f"; de eerstvolgende was op {fmt_day(nxt['t0'])} ({nxt['organisation']}, "
                f"{months_between(last, nxt['t0'])} maanden na het laatste signaal)"
            )
    sentence += "."
    severe = severity(g).fillna(0).max() >= 3 or len(orgs) >= 3
    return Finding(
        analysis="signals_not_added_up",
        period_start=start,
        period_end=last,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=3 if severe and len(g) >= 3 else 2,
        evidence=g["event_id"].tolist(),
        organisations=orgs,
        persons=persons(g),
        kind="window",
    )
