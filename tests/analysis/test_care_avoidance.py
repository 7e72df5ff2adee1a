"""care_avoidance: episodes of avoided help, and the pattern when they keep coming back."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.analysis.care_avoidance import avoidance_kind, avoidance_mask
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "care_avoidance"
T = pd.Timestamp


@pytest.mark.parametrize(
    ("etype", "text", "kind"),
    [
        ("note", "Sanne zegt de gezinsverzorging op: 'geen pottenkijkers'.", "broke_off"),
        ("note", "Sanne stopt opnieuw met GGV. Afgesloten.", "broke_off"),
        ("contact", "Behandeling afgesloten wegens herhaald niet verschijnen.", "broke_off"),
        (
            "note",
            "GGV beëindigd: Sanne was bij vijf van de acht afspraken niet thuis.",
            "broke_off",
        ),
        ("contact", "Afspraak poli, Sanne niet verschenen. Brief gestuurd.", "no_show"),
        ("note", "Moeder niet op afspraak; plan per post.", "no_show"),
        ("note", "Jesse komt regelmatig niet; moeder belt niet af.", "no_show"),
        ("contact", "Sanne belt af, 'kinderen ziek'.", "cancelled"),
        ("contact", "Camping bij haar zus; afspraken vervallen.", "cancelled"),
        ("note", "Huisbezoek: niet opengedaan. Briefje achtergelaten.", "door_closed"),
        ("contact", "Huisbezoek: niemand thuis.", "door_closed"),
        ("note", "Schuldsanering aangeboden; Sanne en Erwin weigeren.", "declined"),
        ("note", "Gezin reageert niet op twee brieven.", "declined"),
        ("care_avoidance", "Niet thuis — kaartje achtergelaten.", "door_closed"),
    ],
)
def test_care_avoidance_is_read_from_types_and_words(etype, text, kind):
    sub = "door_closed" if etype == "care_avoidance" else None
    events = table(ev("GGZ Noord", "2010-01-01", etype, text, sub=sub))
    assert avoidance_mask(events).tolist() == [True]
    assert avoidance_kind(events).tolist() == [kind]


@pytest.mark.parametrize(
    ("etype", "text"),
    [
        ("contact", "Controle na gemiste afspraak. Gewicht P3."),
        ("contact", "Huisbezoek na geboorte Noa. Lotte en Milan niet thuis."),
        ("contact", "Dennis komt niet mee naar gesprek."),
        ("note", "Geen contact gehad met consultatiebureau."),
        ("involvement_end", "Gespecialiseerde gezinsverzorging. Door Sanne afgebroken."),
        ("referral", "Zorgmelding: Lotte drie consulten gemist, moeder zegt af."),
    ],
)
def test_words_that_are_no_care_avoidance(etype, text):
    events = table(ev("GGZ Noord", "2010-01-01", etype, text))
    assert avoidance_mask(events).tolist() == [False]


def no_shows(org, days, text="Niet verschenen."):
    return [ev(org, d, "care_avoidance", text, sub="no_show") for d in days]


def test_each_episode_is_a_finding_with_its_kinds_and_organisations():
    events = table(
        no_shows("JGZ", ["2005-01-10", "2005-03-01"]),
        ev("Thuiszorg Oost", "2005-04-01", "note", "Sanne stopt met de gezinsverzorging."),
        no_shows("JGZ", ["2009-01-10", "2009-02-10"]),
    )
    found = run(NAME, events)
    assert [f.kind for f in found] == ["episode", "episode"]  # two episodes: no pattern
    first = found[0]
    assert first.sentence == (
        "Zorgmijding van januari tot april 2005: 3 keer (2 keer niet verschenen, 1 keer hulp "
        "afgebroken) bij JGZ en Thuiszorg Oost."
    )
    assert (first.period_start, first.period_end) == (T("2005-01-10"), T("2005-04-01"))
    assert first.evidence == events["event_id"].tolist()[:3]
    assert first.severity == 3  # two organisations, and help broken off
    assert found[1].severity == 1
    assert (first.theme, first.criterion) == ("De aanpak", "De aanpak is vasthoudend")


def test_a_single_missed_appointment_is_no_episode():
    events = table(no_shows("JGZ", ["2005-01-10"]), no_shows("JGZ", ["2009-01-10"]))
    assert run(NAME, events) == []
    assert len(run(NAME, events, min_events=1)) == 2


def test_the_gap_decides_what_is_one_episode():
    events = table(no_shows("JGZ", ["2005-01-10", "2005-09-01"]))  # 234 days apart
    assert run(NAME, events) == []
    (f,) = run(NAME, events, gap_days=300)
    assert f.kind == "episode"


def test_recurring_episodes_are_a_pattern_and_restarted_help_is_named():
    events = table(
        period("Thuiszorg Oost", "2002-01-01", "2002-06-30", domain="gezin"),
        ev("Thuiszorg Oost", "2002-03-01", "note", "Sanne zegt de gezinsverzorging op."),
        no_shows("JGZ", ["2002-04-01"]),
        period("Thuiszorg Oost", "2004-01-01", "2004-12-31", domain="gezin"),
        no_shows("JGZ", ["2004-05-01", "2004-06-01"]),
        no_shows("Ziekenhuis Zuid", ["2008-05-01", "2008-06-01"]),
    )
    found = run(NAME, events)
    assert [f.kind for f in found] == ["episode", "episode", "episode", "pattern"]
    pattern = found[-1]
    assert pattern.sentence == (
        "Zorgmijding keerde steeds terug: drie periodes (2002, 2004 en 2008), bij 3 "
        "organisaties. Na afbreken werd de hulp opnieuw gestart bij Thuiszorg Oost (1 keer)."
    )
    episode_ids = [i for f in found[:-1] for i in f.evidence]
    restart = events["event_id"].iloc[4]  # the start of the second Thuiszorg period
    assert set(pattern.evidence) == set(episode_ids) | {restart}
    assert pattern.severity == 3
    assert pattern.organisations == ["Thuiszorg Oost", "JGZ", "Ziekenhuis Zuid"]


def test_without_restarts_the_pattern_weighs_less():
    events = table(
        no_shows("JGZ", ["2002-04-01", "2002-05-01"]),
        no_shows("JGZ", ["2004-05-01", "2004-06-01"]),
        no_shows("JGZ", ["2008-05-01", "2008-06-01"]),
    )
    pattern = run(NAME, events)[-1]
    assert pattern.kind == "pattern" and pattern.severity == 2
    assert "opnieuw gestart" not in pattern.sentence
    assert run(NAME, events, pattern_episodes=4)[-1].kind == "episode"


def test_duplicates_count_once():
    events = table(
        no_shows("JGZ", ["2005-01-10"]),
        ev("GGD", "2005-01-11", "care_avoidance", "Niet verschenen.", dup="ev-0000000000000000"),
    )
    assert run(NAME, events) == []


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    events = demo_events()
    return events, run(NAME, events)


def test_demo_episodes_follow_the_avoidance_periods_of_the_storyline(demo):
    _, found = demo
    episodes = [f for f in found if f.kind == "episode"]
    starts = [(f.period_start.year, f.period_end.year) for f in episodes]
    # The family kept help away in 2002, 2005-06, 2008-09, 2010, 2013-15 and 2017-19 (plus the
    # OGGZ's closed doors of 2012); the 2001-2002 episode starts with a missed paediatric check.
    assert starts == [
        (2001, 2002),
        (2005, 2006),
        (2007, 2009),
        (2010, 2010),
        (2012, 2012),
        (2013, 2015),
        (2016, 2017),
        (2018, 2019),
    ]
    assert {"GGZ Wadland", "Thuiszorg Lauwerland"} <= set(episodes[0].organisations)
    assert "OGGZ" in episodes[4].organisations and "niet binnengelaten" in episodes[4].sentence


def test_demo_pattern_names_the_restarted_home_help_and_ggz(demo):
    _, found = demo
    pattern = found[-1]
    assert pattern.kind == "pattern"
    assert "acht periodes" in pattern.sentence
    assert "Thuiszorg Lauwerland (2 keer)" in pattern.sentence
    assert "GGZ Wadland (2 keer)" in pattern.sentence
    assert pattern.severity == 3


def test_demo_no_episode_in_the_years_the_family_accepted_help(demo):
    events, found = demo
    covered = [(f.period_start, f.period_end) for f in found if f.kind == "episode"]
    for year in (2003, 2004, 2011):
        assert not any(a.year <= year <= b.year for a, b in covered), year
    # "Lotte en Milan niet thuis" at the JGZ's home visit for Noa is no closed door.
    cited = by_id(events, {i for f in found for i in f.evidence})
    assert not cited["description"].str.contains("Lotte en Milan niet thuis").any()
