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

import functools
import re

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    ById,
    Spans,
    count_nl,
    dated,
    event_type,
    fmt_day,
    fold,
    join_nl,
    subtype,
    text_cues,
    text_cues_where,
    text_matches,
    text_matches_where,
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
    said = text_cues_where(events, events["event_type"].isin(TEXT_TYPES), AGREEMENT)
    return (event_type(events) == "agreement") | said


def check_mask(events: pd.DataFrame) -> pd.Series:
    """True for checks of earlier agreements (a rappel, "nagegaan of", an evaluation held)."""
    typed = subtype(events) == "rappel"
    hit = typed | text_cues(events, CHECK)
    return hit & ~text_matches_where(events, hit, NOT_HELD)


@functools.lru_cache(maxsize=4096)
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
    d = dated(events, columns=READ)
    window = pd.Timedelta(days=int(params["check_days"]))
    agreements = d[agreement_mask(d)]
    checks = d[check_mask(d)]
    failed_eval = Spans(d[text_matches(d, FAILED_EVALUATION)])
    by_id = ById(d)
    mine = Spans(checks, None if params["any_organisation"] else "organisation")
    check_ids = checks["event_id"].to_numpy(dtype=object)
    own = Spans(agreements)
    starts = agreements["t0"].tolist()
    out = []
    columns = ["event_id", "organisation", "event_type", "description", "t0", "t1"]
    for a in agreements[columns].itertuples():
        later = mine.select(a.organisation, after=a.t0, until=a.t1 + window)
        if any(check_ids[i] != a.event_id for i in later.tolist()):
            continue
        nxt = own.select(a.organisation, after=a.t0)[:1]
        next_own = starts[nxt[0]] if len(nxt) else None
        out.append(_unchecked(a, by_id, failed_eval, window, next_own))
    out += _not_kept(d, by_id, own, checks, window)
    return sorted(out, key=lambda f: f.period_start)


def _unchecked(a, by_id: ById, failed_eval: Spans, window, next_own) -> Finding:
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
    evals = failed_eval.select(a.organisation, after=a.t0, until=next_own, until_inclusive=False)
    ids = [a.event_id]
    if len(evals):
        rows = failed_eval.frame.iloc[evals]
        days = join_nl(fmt_day(t) for t in rows["t0"])
        sentence += f" De geplande evaluatie ging niet door ({days})."
        ids += rows["event_id"].tolist()
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
        persons=by_id.persons(ids),
        kind="unchecked",
    )


def _not_kept(d, by_id: ById, agreements: Spans, checks, window) -> list[Finding]:
    out = []
    failed = checks[text_cues(checks, NOT_KEPT)]
    if failed.empty:
        return out
    closes = Spans(d[_closes(d)])
    for c in failed.itertuples():
        own = agreements.rows(
            c.organisation,
            after=c.t0 - window,
            until=c.t0,
            after_inclusive=True,
            until_inclusive=False,
        )
        shut = closes.rows(c.organisation, after=c.t0, until=c.t1 + window)
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
                persons=by_id.persons(ids),
                kind="not_kept",
            )
        )
    return out


def _closes(d: pd.DataFrame) -> pd.Series:
    """Entries closing a file (involvement marks left out)."""
    entry = ~d["event_type"].isin(MARKS)
    return ((subtype(d) == "closure") & entry) | text_cues_where(d, entry, CLOSED)


def _after_colon(text: str) -> str | None:
    m = re.search(r"rappel\s*:\s*([^.]+)", text or "", re.IGNORECASE)
    return m.group(1).strip() if m else None
