"""Risk-assessment gaps: unsafety signals, or children home at weekends, without a risk assessment.

Two kinds of finding:
- `signals`: a period in which signals of unsafety followed one another (less than
  `group_gap_days` apart) while no risk assessment was made from `window_before_days` before to
  `window_after_days` after any of them;
- `weekends`: a child lives away during the week ("doordeweeks", "weekenden thuis") and no risk
  assessment of the home situation was made during that stay. This is the report's own finding:
  nobody assessed the home situation when the children were home at weekends.

The reconstruction ends at the calamity: later signals and stays are not judged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from reconstruct.analysis.base import Finding, register
from reconstruct.analysis.common import (
    READ,
    count_nl,
    dated,
    event_type,
    fmt_date,
    fmt_span,
    is_child,
    join_nl,
    map_cells,
    organisations,
    person_list,
    persons,
    subtype,
    text_matches,
    text_matches_where,
)
from reconstruct.analysis.involvement import involvement_periods
from reconstruct.mapping import FAMILY

NAME = "risk_assessment_gaps"
RISK_TEXT = (
    r"risicotaxatie|veiligheidstaxatie|risico-inschatting|veiligheidsinschatting"
    r"|\blirik\b|\barij\b|veiligheidsplan"
)
"""A risk assessment named in words (the event type says it when the source typed it)."""
UNSAFE_TEXT = (
    r"blauwe plek|letsel|fractuur|geslagen|\bslaat\b|mishandel|huiselijk geweld|afgevallen"
    r"|gewichtsverlies|gewicht (weer )?gedaald|grensoverschrijdend|verwaarlo|niet mag eten"
)
"""Signals of unsafety written in a note or contact that the source did not type as a signal."""
STAY_TEXT = r"doordeweeks|weekend(en)? (en vakanties )?thuis"
WEEKEND_TEXT = r"weekend"
TEXT_TYPES = ("note", "contact")
"""Event types whose words may hold a signal (a report or an investigation is not a new one)."""
RETOLD_TEXT = r"\bmdo\b|overwogen|overleg|zorgconferentie|brief .{0,40}ontvangen|bekend via"
"""Words that mark a note as a meeting about, or a letter about, a signal recorded elsewhere."""


def _signals(ev: pd.DataFrame, ignore: list[str]) -> pd.Series:
    source, sub = ev["event_type"], subtype(ev)
    typed = (source == "signal") & ~sub.isin(ignore)
    # A note or contact holds a signal in words: the lexicon's suggestion (ingest adds it) or
    # the cues here say so. Both misread meetings and letters about a signal recorded elsewhere.
    suggested = (event_type(ev) == "signal") & ~sub.isin(ignore)
    readable = source.isin(TEXT_TYPES)
    worded = (readable & suggested) | text_matches_where(ev, readable, UNSAFE_TEXT)
    worded &= ~text_matches_where(ev, worded, RETOLD_TEXT) & map_cells(ev["persons"], _household)
    return typed | worded


def _household(cell: object) -> bool:
    """A note in words counts when it is about a child or the mother (the pseudonym convention
    of case.yaml), not about an adult outside the household such as a partner's old record."""
    return any(is_child(p) or p == "Moeder" for p in person_list(cell))


def _assessments(ev: pd.DataFrame) -> pd.Series:
    marks = ev["event_type"].isin(["involvement_start", "involvement_end"])
    return (event_type(ev) == "risk_assessment") | text_matches_where(ev, ~marks, RISK_TEXT)


def _calamity(ev: pd.DataFrame) -> pd.Timestamp | None:
    hits = ev[event_type(ev) == "calamity"]
    return hits["t0"].min() if len(hits) else None


@register(
    NAME,
    "Perioden waarin signalen van onveiligheid elkaar opvolgden zonder dat een risicotaxatie "
    "van de veiligheid van de kinderen is gemaakt, en verblijven waarbij een kind doordeweeks "
    "elders woonde en de weekenden thuis was zonder risicotaxatie van de thuissituatie.",
    parameters={
        "window_before_days": 90,
        "window_after_days": 180,
        "group_gap_days": 365,
        "min_signals": 2,
        "ignore_subtypes": [
            "nuisance",
            "absence",
            "absenteeism",
            "sick_report",
            "debt",
            "eviction",
            "development",
            "mental_health",
            "substance_use",
        ],
    },
)
def run(events: pd.DataFrame, params: dict, context: dict) -> list[Finding]:
    """Findings of kind `signals` and `weekends` (see the module docstring)."""
    ev = dated(events, columns=READ)
    if ev.empty:
        return []
    end = _calamity(ev)
    if end is not None:
        ev = ev[ev["t0"] <= end]
    assessed = _assessments(ev)
    assessments = ev[assessed]
    signals = ev[_signals(ev, list(params["ignore_subtypes"])) & ~assessed]
    findings = _signal_gaps(signals, assessments, params)
    findings += _weekend_gaps(events, ev, assessments, end)
    return findings


def _signal_gaps(signals: pd.DataFrame, assessments: pd.DataFrame, params: dict) -> list[Finding]:
    before = pd.Timedelta(days=int(params["window_before_days"]))
    after = pd.Timedelta(days=int(params["window_after_days"]))
    times = np.sort(assessments["t0"].to_numpy(dtype="datetime64[ms]"))
    t0 = signals["t0"].to_numpy(dtype="datetime64[ms]")
    t1 = signals["t1"].to_numpy(dtype="datetime64[ms]")
    # Covered: an assessment from `before` before a signal to `after` after it.
    first = np.searchsorted(times, t0 - before.to_timedelta64(), "left")
    covered = first < np.searchsorted(times, t1 + after.to_timedelta64(), "right")
    open_ = signals[~covered]
    gap = pd.Timedelta(days=int(params["group_gap_days"]))
    o0 = open_["t0"].to_numpy(dtype="datetime64[ms]")
    o1 = open_["t1"].to_numpy(dtype="datetime64[ms]")
    # A new group where the next open signal comes more than `gap` after the previous one
    # ends, or an assessment lies strictly between them.
    far = (o0[1:] - o1[:-1]) > gap.to_timedelta64()
    between = np.searchsorted(times, o1[:-1], "right") < np.searchsorted(times, o0[1:], "left")
    cuts = (np.flatnonzero(far | between) + 1).tolist()
    labels = open_.index.tolist()
    groups = [labels[a:b] for a, b in zip([0, *cuts], [*cuts, len(labels)], strict=True) if b > a]
    out = []
    for idx in groups:
        g = open_.loc[idx]
        if len(g) < int(params["min_signals"]):
            continue
        start, stop = g["t0"].min(), g["t1"].max()
        orgs = organisations(g)
        earlier = assessments[assessments["t0"] < start]
        if len(earlier):
            last = earlier.iloc[-1]
            since = (
                f"De laatste risicotaxatie daarvoor was van {last['organisation']} in "
                f"{fmt_date(last['t0'])}."
            )
        else:
            since = "Daarvoor was nog nooit een risicotaxatie gemaakt."
        who = f" door {join_nl(orgs)}" if orgs else ""
        sentence = (
            f"{fmt_span(start, stop).capitalize()} zijn {count_nl(len(g), 'signaal', 'signalen')} "
            f"van onveiligheid vastgelegd{who}, maar in die periode is geen risicotaxatie van de "
            f"veiligheid van de kinderen gemaakt. {since}"
        )
        severe = g["severity"].fillna(0).max() >= 3 or len(g) >= 5
        out.append(
            Finding(
                analysis=NAME,
                period_start=start,
                period_end=stop,
                sentence=sentence,
                theme="De aanpak",
                criterion="De aanpak is samenhangend",
                severity=3 if severe else 2,
                evidence=g["event_id"].tolist(),
                organisations=orgs,
                persons=persons(g),
                kind="signals",
            )
        )
    return out


def _weekend_gaps(
    events: pd.DataFrame, ev: pd.DataFrame, assessments: pd.DataFrame, end: pd.Timestamp | None
) -> list[Finding]:
    stays = ev[text_matches(ev, STAY_TEXT)]
    homes = stays[stays["organisation"].notna() & (stays["organisation"] != FAMILY)]
    periods = involvement_periods(events)
    out = []
    for org, g in homes.groupby("organisation", sort=False):
        first = g.iloc[0]
        own = periods[
            (periods["organisation"] == org)
            & (periods["start"] <= first["t1"])
            & (periods["end"] >= first["t0"])
        ]
        start = min(first["t0"], own["start"].min()) if len(own) else first["t0"]
        stop = own["end"].max() if len(own) else ev.loc[ev["organisation"] == org, "t1"].max()
        if end is not None:
            stop = min(stop, end)
        if any(start <= t <= stop for t in assessments["t0"]):
            continue
        family = stays[
            (stays["organisation"] == FAMILY) & ((stays["t0"] - start).abs().dt.days <= 60)
        ]
        inside = ev[(ev["t0"] >= start) & (ev["t0"] <= stop)]
        weekend = inside[text_matches(inside, WEEKEND_TEXT) & ~inside.index.isin(stays.index)]
        kids = [p for p in persons(pd.concat([g, family])) if is_child(p)]
        if not kids:
            kids = person_list(first["persons"])
        who = join_nl(kids) if kids else "Een kind"
        sentence = (
            f"{who} woonde vanaf {fmt_date(start)} doordeweeks bij {org} en was in de weekenden "
            f"thuis; tot {fmt_date(stop)} is geen risicotaxatie van de thuissituatie in de "
            "weekenden gemaakt"
        )
        if len(weekend):
            said = [f"{r.organisation}, {fmt_date(r.t0)}" for r in weekend.itertuples()]
            what = "een signaal" if len(weekend) == 1 else count_nl(len(weekend), "", "signalen")
            sentence += f", ook niet na {what} over de weekenden ({join_nl(said)})"
        ids = list(dict.fromkeys([*g["event_id"], *family["event_id"], *weekend["event_id"]]))
        out.append(
            Finding(
                analysis=NAME,
                period_start=start,
                period_end=stop,
                sentence=sentence + ".",
                theme="De aanpak",
                criterion="De aanpak is vasthoudend",
                severity=3 if len(weekend) else 2,
                evidence=ids,
                organisations=list(dict.fromkeys([org, *organisations(weekend)])),
                persons=kids,
                kind="weekends",
            )
        )
    return out
