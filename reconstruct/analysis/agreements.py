"""Agreements unchecked: agreements and conditions that nobody later checked.

An agreement is an `agreement` event, or a consultation or note whose text records one
("Afspraken: ...", "afgesproken dat ...", "voorwaarde: ...", "... is voorwaarde"); "niet
afgesproken wie dat controleert" is none. A check is a `rappel` event or a text such as
"rappel", "gecontroleerd", "nagegaan of", "geëvalueerd" ("niet nagevraagd of" is none, and
neither is an evaluation that was postponed or not held). An agreement without a check by the
same organisation within `check_days` is a finding (kind "unchecked"); a check by someone else
does not show that those who made the agreement followed it up (set `any_organisation` to
count it anyway). The sentence quotes the agreement, says when the text itself notes that
nobody was to check it, and names evaluations that did not take place.

A check that found the agreement not kept ("voorwaarden niet nagekomen", "niet gestart")
followed by the same organisation closing its file within `check_days` is a finding too (kind
"not_kept"): checked, but without consequence.

Theme: Continuïteit / "De aanpak krijgt indien nodig een vervolg". Without a check nobody
learns that an agreement was not kept, so the follow-up it needs never comes; the "not_kept"
finding is the same criterion seen from the other side.
"""

from __future__ import annotations

import re

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    count_nl,
    dated,
    event_type,
    fmt_day,
    fold,
    join_nl,
    persons,
    subtype,
    text_cues,
    text_matches,
)
from reconstruct.analysis.involvement import MARKS
from reconstruct.analysis.signals import NOT_HELD

THEME = ("Continuïteit", "De aanpak krijgt indien nodig een vervolg")

AGREEMENT = (
    r"\bafspra(ak|ken)\s*:|\bafgesproken\b|\bvoorwaarden?\s*:|\bis voorwaarde\b|als voorwaarde\b"
    r"|\b(gezins|hulpverlenings|zorg|behandel)plan (opgesteld|vastgesteld|getekend)"
    r"|plan van aanpak (opgesteld|vastgesteld)"
)
CHECK = (
    r"\brappel\b(?! over)|gecontroleerd|nagegaan of|nagevraagd of|gecheckt|geevalueerd"
    r"|evaluatie (gehouden|heeft plaatsgevonden)"
)
NOBODY_CHECKS = r"wie (dat |het )?controleert|niet afgesproken wie|wie controleert"
FAILED_EVALUATION = r"evaluatie.*(verschoven|niet gehouden|gaat niet door|afgelast)"
NOT_KEPT = r"niet nagekomen|niet gestart|niet gevolgd|houdt afspraken af|niet gehouden aan"
CLOSED = r"\bafgesloten\b|\bgesloten\b|sluit (\w+ )?af\b"
TEXT_TYPES = ("consultation", "note")

_CLAUSE = (
    re.compile(r"(afspra(?:ak|ken)|voorwaarden?|afgesproken)\s*:\s*([^.]+)", re.IGNORECASE),
    re.compile(r"(afgesproken)\s+((?:dat\s+)?[^.]+)", re.IGNORECASE),
)


def agreement_mask(events: pd.DataFrame) -> pd.Series:
    """True for agreements: typed, or recorded in the words of a consultation or note."""
    said = events["event_type"].isin(TEXT_TYPES) & text_cues(events, AGREEMENT)
    return (event_type(events) == "agreement") | said


def check_mask(events: pd.DataFrame) -> pd.Series:
    """True for checks of earlier agreements (a rappel, "nagegaan of", an evaluation held)."""
    typed = subtype(events) == "rappel"
    return (typed | text_cues(events, CHECK)) & ~text_matches(events, NOT_HELD)


def _clause(text: str) -> tuple[str, str | None]:
    """What was agreed ("afspraken" or "voorwaarden") and the words that say it, if found."""
    for rx in _CLAUSE:
        m = rx.search(text or "")
        if m:
            what = "voorwaarden" if m.group(1).lower().startswith("voorwaarde") else "afspraken"
            clause = m.group(2).strip(" ,;")
            return what, _short(clause)
    first = re.split(r"(?<=\w\w)\.\s", (text or "").split(" — ")[-1])[0].strip(" .")
    return "afspraken", _short(first) if first else None


def _short(text: str) -> str:
    return text if len(text) <= 140 else text[:139].rstrip() + "…"


@register(
    "agreements_unchecked",
    "Afspraken en voorwaarden (uit overleg, zorgconferenties en AMK-conclusies) waarvan niemand "
    "later naging of ze werden nagekomen, en controles die lieten zien dat ze niet werden "
    "nagekomen zonder dat er iets volgde.",
    parameters={"check_days": 180, "any_organisation": False},
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: agreements without a check (kind "unchecked") and checks that found an
    agreement not kept, followed by closing the file (kind "not_kept").

    Parameters: `check_days` (180) how long after an agreement its check may come (and how
    soon after a failed check a closure counts); `any_organisation` (false) also count a check
    recorded by another organisation than the one that recorded the agreement.
    """
    d = dated(events)
    window = pd.Timedelta(days=int(params["check_days"]))
    agreements = d[agreement_mask(d)]
    checks = d[check_mask(d)]
    failed_eval = d[text_matches(d, FAILED_EVALUATION)]
    out = []
    for a in agreements.itertuples():
        mine = (
            checks
            if params["any_organisation"]
            else checks[checks["organisation"] == a.organisation]
        )
        later = mine[(mine["t0"] > a.t0) & (mine["t0"] <= a.t1 + window)]
        later = later[later["event_id"] != a.event_id]
        if later.empty:
            nxt = agreements[
                (agreements["organisation"] == a.organisation) & (agreements["t0"] > a.t0)
            ]["t0"].min()
            out.append(_unchecked(a, d, failed_eval, window, None if pd.isna(nxt) else nxt))
    out += _not_kept(d, agreements, checks, window)
    return sorted(out, key=lambda f: f.period_start)


def _unchecked(a, d, failed_eval, window, next_own) -> Finding:
    what, clause = _clause(a.description)
    months = count_nl(round(window.days / 30.4375), "maand", "maanden")
    sentence = (
        f"Op {fmt_day(a.t0)} legde {a.organisation} {what} vast"
        f"{f' ({clause})' if clause else ''}; binnen {months} is niet nagegaan of ze werden "
        f"nagekomen."
    )
    nobody = bool(re.search(NOBODY_CHECKS, fold(a.description)))
    if nobody:
        sentence += " Wie dat moest controleren, was niet vastgelegd."
    evals = failed_eval[
        (failed_eval["organisation"] == a.organisation) & (failed_eval["t0"] > a.t0)
    ]
    if next_own is not None:
        evals = evals[evals["t0"] < next_own]
    if len(evals):
        sentence += (
            f" De geplande evaluatie ging niet door ({join_nl(fmt_day(t) for t in evals['t0'])})."
        )
    ids = [a.event_id] + evals["event_id"].tolist()
    multi = a.event_type == "agreement" or bool(
        re.search(r"overleg|conferentie|\bzat\b|voorwaarde", fold(a.description))
    )
    severity = 1 + multi + (nobody or len(evals) > 0)
    return Finding(
        analysis="agreements_unchecked",
        period_start=a.t0,
        period_end=a.t1,
        sentence=sentence,
        theme=THEME[0],
        criterion=THEME[1],
        severity=min(severity, 3),
        evidence=ids,
        organisations=[a.organisation],
        persons=persons(d[d["event_id"].isin(ids)]),
        kind="unchecked",
    )


def _not_kept(d, agreements, checks, window) -> list[Finding]:
    out = []
    failed = checks[text_cues(checks, NOT_KEPT)]
    closes = d[((subtype(d) == "closure") | text_cues(d, CLOSED)) & ~d["event_type"].isin(MARKS)]
    for c in failed.itertuples():
        own = agreements[
            (agreements["organisation"] == c.organisation)
            & (agreements["t0"] < c.t0)
            & (agreements["t0"] >= c.t0 - window)
        ]
        shut = closes[
            (closes["organisation"] == c.organisation)
            & (closes["t0"] > c.t0)
            & (closes["t0"] <= c.t1 + window)
        ]
        if shut.empty:
            continue
        s = shut.iloc[0]
        found = _after_colon(c.description)
        what = _clause(own["description"].iloc[-1])[0] if len(own) else "afspraken"
        sentence = (
            f"Op {fmt_day(c.t0)} stelde {c.organisation} vast dat de {what} niet waren "
            f"nagekomen{f' ({found})' if found else ''}; op {fmt_day(s['t0'])} sloot "
            f"{c.organisation} het dossier toch af."
        )
        ids = own["event_id"].tolist()[-1:] + [c.event_id, s["event_id"]]
        out.append(
            Finding(
                analysis="agreements_unchecked",
                period_start=own["t0"].iloc[-1] if len(own) else c.t0,
                period_end=s["t1"],
                sentence=sentence,
                theme=THEME[0],
                criterion=THEME[1],
                severity=3,
                evidence=ids,
                organisations=[c.organisation],
                persons=persons(d[d["event_id"].isin(ids)]),
                kind="not_kept",
            )
        )
    return out


def _after_colon(text: str) -> str | None:
    m = re.search(r"rappel\s*:\s*([^.]+)", text or "", re.IGNORECASE)
    return m.group(1).strip() if m else None
