"""involvement: the peak of concurrent involvement, and involvement "op papier"."""

from __future__ import annotations

import pandas as pd
import pytest

import reconstruct.analysis.involvement as inv
from reconstruct.analysis.common import dated
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "involvement"
T = pd.Timestamp


def kinds(found, kind):
    return [f for f in found if f.kind == kind]


# --- building blocks ---------------------------------------------------------------------------


def test_segments_list_who_is_involved_between_change_points():
    events = table(
        ev("A", "2001-01-01"),
        ev("A", "2001-12-31"),
        ev("B", "2001-06-01"),
        ev("B", "2002-06-30"),
    )
    segs = inv.segments(inv.involvement_periods(events))
    assert segs[["start", "end"]].values.tolist() == [
        [T("2001-01-01"), T("2001-05-31")],
        [T("2001-06-01"), T("2001-12-31")],
        [T("2002-01-01"), T("2002-06-30")],
    ]
    assert segs["organisations"].tolist() == [("A",), ("A", "B"), ("B",)]


def test_period_evidence_is_the_start_and_end_or_the_first_and_last_event():
    events = table(
        period("MEE", "2003-01-01", "2004-12-01", domain="gezin"),
        ev("MEE", "2003-05-01"),
        ev("GGD", "2005-01-01"),
        ev("GGD", "2005-03-01"),
        ev("GGD", "2005-06-01"),
    )
    d = dated(events, keep_duplicates=True)
    p = inv.involvement_periods(events)
    ids = events["event_id"].tolist()
    explicit = next(p[p["organisation"] == "MEE"].itertuples())
    inferred = next(p[p["organisation"] == "GGD"].itertuples())
    assert inv.period_evidence(d, explicit) == [ids[0], ids[1]]
    assert inv.period_evidence(d, inferred) == [ids[3], ids[5]]


# --- the peak ------------------------------------------------------------------------------------


def test_the_peak_names_the_month_the_count_and_the_organisations():
    events = table(
        ev("JGZ", "2001-06-01"),
        ev("JGZ", "2003-01-31"),
        ev("Huisarts", "2002-01-01"),
        ev("Huisarts", "2002-12-31"),
        period("MEE", "2002-06-01", "2002-06-30", domain="gezin"),
    )
    found = run(NAME, events)
    (pk,) = kinds(found, "peak")
    assert pk.sentence == (
        "Rond juni 2002 waren 3 organisaties tegelijk betrokken: Huisarts, JGZ en MEE."
    )
    assert (pk.period_start, pk.period_end) == (T("2002-06-01"), T("2002-06-30"))
    assert pk.organisations == ["Huisarts", "JGZ", "MEE"]
    assert pk.severity == 1
    assert (pk.theme, pk.criterion) == ("Samenwerking", "Benodigde partijen werken mee aan aanpak")
    assert set(pk.evidence) == set(events["event_id"])  # first/last events and the MEE marks


def test_the_same_peak_reached_again_is_mentioned_and_many_weigh_heavier():
    events = table(
        [ev(o, "2001-01-01") for o in "ABC"],
        [ev(o, "2001-03-31") for o in "ABC"],
        [ev(o, "2005-01-01") for o in "DEF"],
        [ev(o, "2005-06-30") for o in "DEF"],
    )
    (pk,) = kinds(run(NAME, events, peak_many=3), "peak")
    assert pk.sentence.startswith("Van januari tot maart 2001 waren 3 organisaties")
    assert pk.sentence.endswith("Ook van januari tot juni 2005 waren het er 3.")
    assert pk.severity == 2


def test_no_events_no_findings():
    assert run(NAME, table()) == []


# --- op papier -----------------------------------------------------------------------------------


def wijkteam_case(silence_end="2017-06-01", end="2017-12-31"):
    return table(
        period("Wijkteam Noord", "2015-01-01", end, domain="gezin"),
        ev("Wijkteam Noord", "2015-02-10", "note", "Kennismaking thuis.", domain="gezin"),
        ev("Wijkteam Noord", "2015-09-01", "note", "Huisbezoek: niet opengedaan.", domain="gezin"),
        ev(
            "Wijkteam Noord",
            "2016-05-01",
            "note",
            "Gezin reageert niet op brieven.",
            domain="gezin",
        ),
        ev("Wijkteam Noord", silence_end, "note", "Gesprek met moeder.", domain="gezin"),
    )


def test_a_long_silence_in_a_formal_involvement_is_op_papier():
    events = wijkteam_case()
    (f,) = kinds(run(NAME, events), "paper")
    assert f.sentence == (
        "Wijkteam Noord was van februari 2015 tot juni 2017 formeel betrokken zonder vastgelegd "
        "contact met het gezin (27 maanden); twee pogingen om contact te krijgen mislukten."
    )
    assert (f.period_start, f.period_end) == (T("2015-02-10"), T("2017-06-01"))
    assert f.organisations == ["Wijkteam Noord"]
    ids = events["event_id"].tolist()  # start, end, then the four notes
    assert f.evidence == ids[2:]  # the contact before, the two attempts, the contact after
    assert f.severity == 3  # over twice the threshold, and a coordinator on paper


def test_regular_contact_is_not_op_papier():
    events = wijkteam_case(silence_end="2015-12-01", end="2016-06-30")
    assert kinds(run(NAME, events), "paper") == []


def test_the_threshold_is_a_parameter():
    events = wijkteam_case()
    assert kinds(run(NAME, events, paper_months=30), "paper") == []


def test_the_silence_up_to_the_recorded_end_counts():
    events = table(
        period("GGZ Noord", "2010-03-01", "2012-03-31"),
        ev("GGZ Noord", "2010-03-15", text="Intake."),
    )
    (f,) = kinds(run(NAME, events), "paper")
    assert (f.period_start, f.period_end) == (T("2010-03-15"), T("2012-03-31"))
    start, end, contact = events["event_id"]
    assert f.evidence == [contact, end]


def test_vague_marks_are_read_in_favour_of_the_organisation():
    # Started "2010": perhaps only in December, so a first contact in October 2010 is on time.
    events = table(
        ev("GGZ Noord", "2010-01-01", "involvement_start", end="2010-12-31", precision="year"),
        ev("GGZ Noord", "2010-10-01", text="Intake."),
        ev("GGZ Noord", "2011-06-01", text="Huisbezoek."),
    )
    assert kinds(run(NAME, events), "paper") == []


@pytest.mark.parametrize(
    ("org", "domain"),
    [
        ("Huisarts", "gezondheid"),  # a standing relationship: silences say nothing
        ("Basisschool De Es", "onderwijs"),
        ("Kredietbank", "werk_inkomen"),
        ("Stichting Schoolmaatje", "onderwijs"),  # unknown to the registry: judged by domain
    ],
)
def test_standing_relationships_are_not_judged(org, domain):
    events = table(
        period(org, "2010-01-01", "2015-12-31", domain=domain),
        ev(org, "2010-02-01", domain=domain),
        ev(org, "2015-11-01", domain=domain),
    )
    assert kinds(run(NAME, events), "paper") == []


def test_an_unknown_organisation_in_a_help_domain_is_judged():
    events = table(
        period("Stichting Hulp Thuis", "2010-01-01", "2012-12-31", domain="gezin"),
        ev("Stichting Hulp Thuis", "2010-02-01", domain="gezin"),
    )
    (f,) = kinds(run(NAME, events), "paper")
    assert f.organisations == ["Stichting Hulp Thuis"] and f.severity == 2


def test_a_missing_dossier_and_an_inferred_period_are_not_op_papier():
    events = table(
        period("Wijkteam Zuid", "2010-01-01", "2014-12-31", domain="gezin"),  # marks only
        ev("GGZ Noord", "2010-01-01"),  # inferred 2010-2011: no formal involvement
        ev("GGZ Noord", "2011-12-01"),
    )
    assert kinds(run(NAME, events), "paper") == []


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    events = demo_events()
    return events, run(NAME, events)


def test_demo_peak_is_august_2006_with_13_organisations(demo):
    events, found = demo
    (pk,) = kinds(found, "peak")
    assert pk.sentence.startswith("Rond augustus 2006 waren 13 organisaties tegelijk betrokken")
    assert {"MEE", "Thuiszorg Lauwerland", "Politie", "UWV", "De Kompasschool"} <= set(
        pk.organisations
    )
    assert "van oktober 2008 tot januari 2009" in pk.sentence  # the count is reached again
    assert set(by_id(events, pk.evidence)["organisation"]) == set(pk.organisations)


def test_demo_op_papier_is_the_wijkteam_mee_bjz_and_reclassering(demo):
    _, found = demo
    paper = {
        (f.organisations[0], f.period_start.year, f.period_end.year) for f in kinds(found, "paper")
    }
    assert {
        ("Sociaal Wijkteam Noorderhaven", 2016, 2018),  # "Weinig contact ('op papier')"
        ("MEE", 2005, 2009),  # coordinated on paper, "coördinatie niet overgedragen"
        ("Bureau Jeugdzorg", 2012, 2014),
        ("Reclassering Nederland", 2012, 2014),
    } <= paper
    wijkteam = next(f for f in kinds(found, "paper") if f.organisations[0].startswith("Sociaal"))
    assert "(33 maanden); twee pogingen" in wijkteam.sentence and wijkteam.severity == 3


def test_demo_standing_relationships_and_missing_dossiers_are_never_op_papier(demo):
    _, found = demo
    papers = {f.organisations[0] for f in kinds(found, "paper")}
    assert papers.isdisjoint(
        {
            "Huisarts",
            "Kredietbank",
            "Ziekenhuis Noorderhaven",
            "Woonstichting De Hoven",
            "De Kompasschool",
            "Kinderdagcentrum De Vlinder",
            "Zorggroep De Linde",
            "Consultatiebureau",  # only in the overview: its contacts are recorded as JGZ
            "GGD",
        }
    )
