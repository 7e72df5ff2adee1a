"""Escalation not made: a report to the Raad or the reporting centre considered, and not made.

A consideration is an event with subtype `raadsmelding_considered` (or `report_considered`)
or a text such as "raadsmelding overwogen", "verzoek tot onderzoek bij de Raad overwogen",
"overweegt een melding bij Veilig Thuis". The report itself is a `raadsmelding` (or
`amk_report`) event, or a text such as "raadsmelding gedaan", "verzoek tot onderzoek
ingediend"; "geen verzoek tot onderzoek" is none. A consideration not followed by such a report
within `follow_up_days` is a finding (kind "considered"), with the reason the dossier gives
("Niet gedaan: moeder stemt in met hulp") and when a report did come, if ever. When it happens
`pattern_count` times or more, one more finding names the pattern (kind "pattern").

Theme: a single consideration is Toeleiding / "De aanpak is op tijd in gang gezet": the
protective route (drang en dwang) was weighed and not started, so the approach the children
needed did not start in time. The pattern is De aanpak / "De aanpak is vasthoudend": dropping
the escalation each time the family says yes to help, again and again, is what the report calls
a lack of persistence.
"""

from __future__ import annotations

import re

import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    count_nl,
    dated,
    event_type,
    fmt_day,
    join_nl,
    months_between,
    organisations,
    persons,
    subtype,
    text_cues,
    text_cues_where,
)
from reconstruct.analysis.involvement import MARKS

ROUTES = {
    "raad": {
        "label": "raadsmelding",
        "considered_subtypes": ("raadsmelding_considered",),
        "made_subtypes": ("raadsmelding",),
        "considered": r"raadsmelding (\w+ )?overwogen"
        r"|overwe(egt|gen) (een )?(raads)?melding bij de raad"
        r"|verzoek tot onderzoek (bij de raad )?(\w+ )?overwogen"
        r"|melding bij de raad (\w+ )?overwogen",
        "made": r"raadsmelding (gedaan|ingediend)|verzoek tot onderzoek (bij de raad[a-z ]*)?"
        r"(ingediend|gedaan)|verzoek tot onderzoek (van|ontvangen)",
    },
    "meldpunt": {
        "label": "melding bij het AMK of Veilig Thuis",
        "considered_subtypes": ("amk_report_considered", "report_considered"),
        "made_subtypes": ("amk_report",),
        "considered": r"melding (bij|aan) (het |de )?(amk|veilig thuis|meldpunt)( \w+)? overwogen"
        r"|overwe(egt|gen) (een )?melding (bij|aan) (het )?(amk|veilig thuis)",
        "made": r"melding (gedaan )?(bij|aan) (het )?(amk|veilig thuis) (gedaan|ingediend)",
    },
}
"""The two escalation routes: their subtypes and text cues (accent-free lower-case regexes)."""

REASON = re.compile(r"(?:niet gedaan|besloten van niet)\s*:\s*([^.]*)", re.IGNORECASE)
CONSENT = r"stem(t|men) in|werk(t|en) mee|instemming|gaat akkoord|gaan akkoord"
"""The family saying yes to help: the reason the report gives for dropping escalation."""


def _considered(events: pd.DataFrame, route: dict, where: pd.Series | None = None) -> pd.Series:
    """Considerations of the route's report (among the rows `where`, when given)."""
    read = ~events["event_type"].isin(MARKS)
    typed = subtype(events).isin(route["considered_subtypes"])
    if where is not None:
        read, typed = read & where, typed & where
    return typed | text_cues_where(events, read, route["considered"])


def _made(events: pd.DataFrame, route: dict) -> pd.Series:
    sub = subtype(events)
    made = sub.isin(route["made_subtypes"]) | text_cues(events, route["made"])
    return made & ~_considered(events, route, made)


def _reason(text: str) -> str | None:
    m = REASON.search(text or "")
    return m.group(1).strip() if m else None


@register(
    "escalation_not_made",
    "Een raadsmelding of een melding bij het AMK/Veilig Thuis die werd overwogen maar niet "
    "gedaan, met de reden uit het dossier; en het patroon als dat vaker gebeurt.",
    parameters={"follow_up_days": 90, "pattern_count": 2},
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings: every consideration not followed by the report (kind "considered") and, per
    route, the repeated pattern (kind "pattern").

    Parameters: `follow_up_days` (90) how long after the consideration the report may follow;
    `pattern_count` (2) from this many unanswered considerations the pattern is reported.
    """
    d = dated(events, columns=READ)
    everything = dated(events, keep_duplicates=True, columns=READ)
    calamities = d.loc[event_type(d) == "calamity", "t0"]
    follow = pd.Timedelta(days=int(params["follow_up_days"]))
    out: list[Finding] = []
    for route in ROUTES.values():
        considered = d[_considered(d, route)]
        made = everything[_made(everything, route)].sort_values("t0", kind="stable")
        unanswered = []
        for c in considered.itertuples():
            after = made[made["t0"] >= c.t0]
            if len(after) and after["t0"].iloc[0] <= c.t1 + follow:
                continue
            nxt = after.iloc[0] if len(after) else None
            unanswered.append((c, nxt))
            out.append(_finding(c, nxt, route, calamities, d))
        if len(unanswered) >= int(params["pattern_count"]):
            out.append(_pattern(unanswered, route, calamities, d))
    return out


def _calamity_between(calamities: pd.Series, t0, t1) -> pd.Timestamp | None:
    inside = calamities[(calamities >= t0) & ((calamities <= t1) if t1 is not None else True)]
    return inside.min() if len(inside) else None


def _later(nxt, after_t, route, calamities) -> str:
    label = route["label"]
    if nxt is None:
        return f"Een {label} is daarna niet gedaan."
    cal = _calamity_between(calamities, after_t, nxt["t0"])
    if cal is not None:
        return f"De {label} kwam pas op {fmt_day(nxt['t0'])}, na de calamiteit."
    wait = months_between(after_t, nxt["t0"])
    return f"De {label} kwam pas op {fmt_day(nxt['t0'])}, {wait} maanden later."


def _finding(c, nxt, route, calamities, d) -> Finding:
    reason = _reason(c.description)
    sentence = f"Op {fmt_day(c.t0)} overwoog {c.organisation} een {route['label']}"
    sentence += f"; niet gedaan: {reason}." if reason else ", maar deed die niet."
    sentence += " " + _later(nxt, c.t1, route, calamities)
    ids = [c.event_id] + ([nxt["event_id"]] if nxt is not None else [])
    rows = d[d["event_id"] == c.event_id]
    before_report = _calamity_between(calamities, c.t0, nxt["t0"] if nxt is not None else None)
    return Finding(
        analysis="escalation_not_made",
        period_start=c.t0,
        period_end=c.t1,
        sentence=sentence,
        theme="Toeleiding",
        criterion="De aanpak is op tijd in gang gezet",
        severity=3 if before_report is not None else 2,
        evidence=ids,
        organisations=[c.organisation],
        persons=persons(rows),
        kind="considered",
    )


def _pattern(unanswered, route, calamities, d) -> Finding:
    cs = [c for c, _ in unanswered]
    rows = d[d["event_id"].isin([c.event_id for c in cs])].sort_values("t0")
    years = join_nl(dict.fromkeys(str(c.t0.year) for c in cs))
    orgs = organisations(rows)
    consent = sum(bool(re.search(CONSENT, _reason(c.description) or "")) for c in cs)
    sentence = (
        f"Een {route['label']} werd {count_nl(len(cs), 'keer', 'keer')} overwogen ({years}; "
        f"door {join_nl(orgs)}) en niet gedaan"
    )
    if consent == len(cs):
        sentence += ", telkens omdat het gezin instemde met hulp"
    elif consent:
        sentence += f", {count_nl(consent, 'keer', 'keer')} omdat het gezin instemde met hulp"
    sentence += "."
    nxt = unanswered[-1][1]
    sentence += " " + _later(nxt, cs[-1].t1, route, calamities)
    ids = [c.event_id for c in cs] + ([nxt["event_id"]] if nxt is not None else [])
    return Finding(
        analysis="escalation_not_made",
        period_start=cs[0].t0,
        period_end=cs[-1].t1,
        sentence=sentence,
        theme="De aanpak",
        criterion="De aanpak is vasthoudend",
        severity=3,
        evidence=ids,
        organisations=orgs,
        persons=persons(rows),
        kind="pattern",
    )
