"""child_not_seen: long stretches of contact with the family without seeing a child."""

from __future__ import annotations

import pandas as pd

import reconstruct.analysis.child_not_seen  # noqa: F401  (registers the analysis)
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "child_not_seen"


def visits(org, days, persons="Moeder", text="Huisbezoek. Moeder somber."):
    return [ev(org, d, "contact", text, persons) for d in days]


QUARTERS = ["2010-02-01", "2010-05-01", "2010-08-01", "2010-11-01", "2011-02-01", "2011-05-01"]


def test_a_period_of_contacts_without_any_child():
    events = table(
        period("GGZ Noord", "2010-01-01", "2011-12-31", persons="Moeder; Kind A"),
        visits("GGZ Noord", QUARTERS),
    )
    (f,) = run(NAME, events)
    assert f.kind == "stretch" and f.organisations == ["GGZ Noord"]
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2010-01-01"),
        pd.Timestamp("2011-12-31"),
    )
    assert "in de hele periode (23 maanden)" in f.sentence
    assert "zes contacten met het gezin" in f.sentence
    assert "De hulp betrof ook Kind A." in f.sentence
    assert f.persons == ["Moeder", "Kind A"]
    assert set(events["event_id"]) == set(f.evidence)
    assert f.theme == "Gezin centraal"
    assert f.criterion == "Het gezin is bij elke stap van de aanpak betrokken"


def test_a_child_seen_now_and_then_breaks_the_stretch():
    events = table(
        period("GGZ Noord", "2010-01-01", "2011-06-30"),
        visits("GGZ Noord", QUARTERS),
        visits("GGZ Noord", ["2010-12-01"], "Moeder; Kind B", "Huisbezoek. Kind B thuis."),
    )
    assert run(NAME, events) == []


def test_a_long_stretch_between_two_children_contacts():
    events = table(
        period("GGZ Noord", "2009-01-01", "2012-12-31"),
        visits(
            "GGZ Noord", ["2009-06-01", "2011-06-01"], "Moeder; Kind B", "Huisbezoek met Kind B."
        ),
        visits("GGZ Noord", ["2009-09-01", "2010-03-01", "2010-09-01", "2011-01-01"]),
    )
    (f,) = run(NAME, events)
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2009-06-01"),
        pd.Timestamp("2011-06-01"),
    )
    assert "van juni 2009 tot juni 2011 (24 maanden)" in f.sentence
    seen = events.loc[events["persons"].str.contains("Kind B"), "event_id"]
    assert set(seen) <= set(f.evidence)  # the contacts that bound the stretch


def test_who_the_children_are():
    # pseudonyms without the "Kind" convention: say who the children are
    events = table(
        period("GGZ Noord", "2010-01-01", "2011-06-30"),
        visits("GGZ Noord", QUARTERS[:3], "Moeder; Jesse", "Huisbezoek, Jesse thuis."),
        visits("GGZ Noord", QUARTERS[3:]),
    )
    assert len(run(NAME, events)) == 1
    assert run(NAME, events, children=["Jesse"]) == []


def test_what_does_not_count_as_seeing_a_child():
    events = table(
        period("GGZ Noord", "2010-01-01", "2011-12-31"),
        visits("GGZ Noord", QUARTERS, "Moeder; Kind A", "Huisbezoek. Kinderen niet gezien."),
        ev("GGZ Noord", "2010-06-01", "care_avoidance", "Niet thuis.", "Moeder; Kind A"),
        ev("GGZ Noord", "2010-07-01", "contact", "Huisbezoek: niemand thuis.", "Kind A"),
    )
    (f,) = run(NAME, events)
    assert "zes contacten met het gezin en twee vergeefse pogingen" in f.sentence


def test_not_enough_contact_is_not_this_pattern():
    # failed attempts only, or a single contact: that is paper involvement, not this pattern
    events = table(
        period("Wijkteam Oost", "2015-01-01", "2018-12-31"),
        ev("Wijkteam Oost", "2015-04-14", "note", "Huisbezoek, kennismaking."),
        ev("Wijkteam Oost", "2016-03-01", "note", "Huisbezoek: niet opengedaan."),
        ev("Wijkteam Oost", "2018-11-19", "note", "Huisbezoek: deur niet open."),
    )
    assert run(NAME, events) == []
    assert len(run(NAME, events, min_contacts=1)) == 1


def test_notes_that_say_they_were_a_contact():
    events = table(
        period("Wijkteam Oost", "2015-01-01", "2018-12-31"),
        ev("Wijkteam Oost", "2015-04-14", "note", "Huisbezoek, kennismaking."),
        ev("Wijkteam Oost", "2016-02-17", "note", "Telefonisch contact met moeder."),
        ev("Wijkteam Oost", "2017-02-17", "note", "Overdracht ontvangen."),  # no contact
    )
    (f,) = run(NAME, events)
    assert "twee contacten" in f.sentence


def test_organisations_not_expected_to_see_the_children():
    for org, domain in (("Politie", "veiligheid"), ("Woonstichting Oost", "wonen")):
        events = table(
            period(org, "2006-01-01", "2009-12-31", domain=domain),
            [
                ev(org, d, "contact", "Contact met moeder.", domain=domain)
                for d in ["2006-06-01", "2007-06-01", "2008-06-01", "2009-06-01"]
            ],
        )
        assert run(NAME, events) == [], org


# --- the demo case --------------------------------------------------------------------------


def test_demo_ggz_and_wijkteam_never_saw_the_children():
    events = demo_events()
    found = run(NAME, events)
    by_org: dict[str, list] = {}
    for f in found:
        by_org.setdefault(f.organisations[0], []).append(f)
    assert set(by_org) == {"GGZ Wadland", "Sociaal Wijkteam Noorderhaven"}
    ggz = {(f.period_start.year, f.period_end.year) for f in by_org["GGZ Wadland"]}
    assert {(2008, 2009), (2012, 2013)} <= ggz  # "de kinderen ... niet gezien"
    (wijkteam,) = by_org["Sociaal Wijkteam Noorderhaven"]
    assert (wijkteam.period_start.year, wijkteam.period_end.year) == (2015, 2018)
    assert "in de hele periode" in wijkteam.sentence
    assert {"Kind B", "Kind C", "Kind D"} <= set(wijkteam.persons)
    for f in found:
        cited = by_id(events, f.evidence)
        contacts = cited[(cited["organisation"] == f.organisations[0])]
        assert len(contacts) >= 2


def test_demo_organisations_that_saw_the_children_are_not_named():
    found = run(NAME, demo_events())
    named = {o for f in found for o in f.organisations}
    for org in ("JGZ", "Ziekenhuis Noorderhaven", "De Kompasschool", "Politie", "Kredietbank"):
        assert org not in named


def test_an_empty_or_undated_table_gives_nothing():
    undated = {**ev("X", "2010-01-01"), "date_start": None, "date_end": None}
    assert run(NAME, table()) == []
    assert run(NAME, table(undated)) == []
