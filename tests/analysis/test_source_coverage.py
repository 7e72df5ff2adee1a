"""source_coverage: involved, but the dossier is silent."""

from __future__ import annotations

import pandas as pd

import reconstruct.analysis.source_coverage  # noqa: F401  (registers the analysis)
from tests.analysis.rows import demo_events, ev, period, run, table

NAME = "source_coverage"


def test_a_silent_stretch_inside_a_recorded_period():
    first = ev("MEE", "2010-02-10", "note", "Intake.")
    last = ev("MEE", "2013-06-03", "note", "Afgesloten.")
    events = table(period("MEE", "2010-01-01", "2013-12-31"), first, last)
    (f,) = run(NAME, events)
    assert f.kind == "gap" and f.organisations == ["MEE"]
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2010-03-01"),
        pd.Timestamp("2013-05-31"),
    )
    assert f.evidence == [first["event_id"], last["event_id"]]  # the entries bounding the gap
    assert "van maart 2010 tot mei 2013 (39 maanden) geen enkele vermelding" in f.sentence
    assert "Het dossier zwijgt; dat betekent niet dat er niets gebeurde." in f.sentence
    assert (f.theme, f.criterion, f.severity) == ("Samenwerking", "Toereikende informatie", 1)


def test_others_recording_in_the_gap_and_undated_entries_are_said():
    events = table(
        period("MEE", "2010-01-01", "2013-12-31"),
        ev("MEE", "2010-02-10", "note", "Intake."),
        ev("MEE", "2013-06-03", "note", "Afgesloten."),
        ev("JGZ", "2011-05-01", "contact", "Consult."),
        ev("(gezin)", "2011-06-01", "note", "Verhuizing.", domain="gezin"),
        {**ev("MEE", "2011-01-01", "note", "Zonder datum."), "date_start": None, "date_end": None},
    )
    (f,) = run(NAME, events)
    assert "andere organisaties legden in die maanden één gebeurtenis vast" in f.sentence
    assert "Het dossier heeft één vermelding zonder bruikbare datum." in f.sentence


def test_a_dossier_with_regular_entries_is_not_silent():
    events = table(
        period("MEE", "2010-01-01", "2013-12-31"),
        [
            ev("MEE", f"{y}-{m:02d}-15", "note", "Contact.")
            for y in range(2010, 2014)
            for m in (3, 9)
        ],
    )
    assert run(NAME, events) == []


def test_a_gap_at_the_start_or_end_of_the_period_is_bounded_by_the_period():
    events = table(period("MEE", "2010-01-01", "2012-12-31"), ev("MEE", "2012-06-01", "note", "x"))
    (f,) = run(NAME, events)
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2010-01-01"),
        pd.Timestamp("2012-05-31"),
    )
    start = events.loc[events["event_type"] == "involvement_start", "event_id"].item()
    assert start in f.evidence


def test_the_threshold_is_a_parameter():
    events = table(
        period("MEE", "2010-01-01", "2010-12-31"),
        ev("MEE", "2010-01-10", "note", "x"),
        ev("MEE", "2010-09-10", "note", "x"),
    )
    assert run(NAME, events) == []
    (f,) = run(NAME, events, min_gap_months=6)
    assert "(7 maanden)" in f.sentence


def test_an_organisation_without_any_entry():
    events = table(period("MEE", "2010-01-01", "2013-12-31"), ev("JGZ", "2011-01-01"))
    (f,) = run(NAME, events)
    assert f.kind == "no_dossier"
    assert "geen enkele gedateerde vermelding van MEE" in f.sentence
    start = events.loc[events["event_type"] == "involvement_start", "event_id"].item()
    assert start in f.evidence


def test_the_umbrella_organisation_s_dossier_stands_in():
    # the overview names the Consultatiebureau and the GGD; the extract is the JGZ's
    events = table(
        period("Consultatiebureau", "2001-02-01", "2005-12-31"),
        period("GGD", "2004-01-01", "2008-12-31"),
        [ev("JGZ", f"{y}-06-01", "contact", "Consult.", "Kind A") for y in (2001, 2002, 2003)],
        ev("JGZ", "2008-06-01", "contact", "Consult.", "Kind A"),
    )
    (f,) = run(NAME, events)
    assert f.organisations == ["Consultatiebureau", "GGD", "JGZ"]
    assert "het dossier van JGZ (voor Consultatiebureau en GGD)" in f.sentence
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2003-07-01"),
        pd.Timestamp("2008-05-31"),
    )


def test_a_standing_relationship_weighs_less():
    for org, domain in (("Huisarts", "gezondheid"), ("Woonstichting Oost", "wonen")):
        events = table(
            period(org, "2001-01-01", domain=domain),
            ev(org, "2001-06-01", "note", "x", domain=domain),
            ev(org, "2010-06-01", "note", "x", domain=domain),
        )
        (f,) = run(NAME, events)
        assert f.severity == 0
        assert "vanaf januari 2001 (zonder einddatum)" in f.sentence
        assert "vooral uitzonderingen" in f.sentence
    events = table(
        period("Wijkteam Oost", "2015-01-01", domain="gezin"),
        ev("Wijkteam Oost", "2015-02-01", "note", "x", domain="gezin"),
        ev("Wijkteam Oost", "2018-11-01", "note", "x", domain="gezin"),
    )
    (f,) = run(NAME, events)
    assert f.severity == 1


# --- the demo case --------------------------------------------------------------------------


def test_demo_silent_dossiers():
    found = run(NAME, demo_events())
    gaps = {(f.organisations[0], f.period_start.year, f.period_end.year) for f in found}
    assert ("Bureau Jeugdzorg", 2012, 2014) in gaps  # gezinsbegeleiding 2012-2014, two entries
    assert ("Sociaal Wijkteam Noorderhaven", 2016, 2018) in gaps  # "op papier"
    assert ("MEE", 2005, 2009) in gaps
    assert ("Zorggroep De Linde", 2015, 2019) in gaps
    jgz = [f for f in found if "JGZ" in f.organisations]
    assert jgz and all(f.organisations[:2] == ["Consultatiebureau", "GGD"] for f in jgz)
    assert all(f.severity <= 1 for f in found)
    severity = {f.organisations[0]: f.severity for f in found}
    assert severity["Huisarts"] == severity["Ziekenhuis Noorderhaven"] == 0
    assert severity["Sociaal Wijkteam Noorderhaven"] == severity["Bureau Jeugdzorg"] == 1


def test_demo_has_a_dossier_for_every_involved_organisation():
    found = run(NAME, demo_events())
    assert [f for f in found if f.kind == "no_dossier"] == []
    named = {o for f in found for o in f.organisations}
    # dossiers that cover their periods: nothing to say
    for org in ("AMK", "OGGZ", "GGZ Wadland", "De Kompasschool", "Politie", "Kredietbank"):
        assert org not in named


def test_an_empty_or_undated_table_gives_nothing():
    undated = {**ev("X", "2010-01-01"), "date_start": None, "date_end": None}
    assert run(NAME, table()) == []
    assert run(NAME, table(undated)) == []
