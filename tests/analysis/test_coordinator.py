"""no_coordinator: many organisations and nobody who could coordinate, or several at once."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.analysis.coordinator import may_coordinate
from tests.analysis.rows import demo_events, ev, period, run, table

NAME = "no_coordinator"
T = pd.Timestamp
FIVE = ["Huisarts", "JGZ", "GGZ Noord", "De Es", "Politie"]


def involved(orgs, start="2010-01-01", end="2011-06-30"):
    return [row for o in orgs for row in period(o, start, end)]


def kinds(found, kind):
    return [f for f in found if f.kind == kind]


def test_many_organisations_and_no_coordinator():
    events = table(involved(FIVE))
    (f,) = run(NAME, events)
    assert f.kind == "none"
    assert f.sentence == (
        "Van januari 2010 tot juni 2011 waren 5 organisaties tegelijk betrokken zonder "
        "organisatie die de regie kon voeren; er is in die periode geen overleg tussen "
        "organisaties vastgelegd."
    )
    assert (f.period_start, f.period_end) == (T("2010-01-01"), T("2011-06-30"))
    assert f.organisations == sorted(FIVE)
    assert set(f.evidence) == set(events["event_id"])  # every start and end
    assert (f.theme, f.criterion) == ("Samenwerking", "Eén regisseur")
    assert f.severity == 3  # over a year, and not even a consultation


def test_consultations_are_named_but_do_not_make_a_coordinator():
    talk = ev("JGZ", "2010-05-01", "consultation", "Overleg met school.", sub="coordination")
    events = table(involved(FIVE), talk)
    (f,) = run(NAME, events)
    assert f.sentence.endswith("; vastgelegd overleg: JGZ 1 keer.")
    assert talk["event_id"] in f.evidence and f.severity == 2


def test_a_coordinator_among_them_is_enough():
    events = table(involved(FIVE), period("MEE", "2009-06-01", "2012-01-01"))
    assert run(NAME, events) == []


def test_fewer_organisations_need_no_coordinator():
    assert run(NAME, table(involved(FIVE[:4]))) == []
    assert len(run(NAME, table(involved(FIVE[:4])), min_organisations=4)) == 1


def test_a_short_stretch_is_left_out():
    events = table(involved(FIVE, "2010-01-01", "2010-02-28"))
    assert run(NAME, events) == []
    assert len(run(NAME, events, min_days=30)) == 1


def test_several_possible_coordinators_at_once():
    events = table(
        period("MEE", "2006-01-01", "2009-12-31", domain="gezin"),
        period("Bureau Jeugdzorg", "2007-09-01", "2008-12-31", domain="veiligheid"),
        ev("Bureau Jeugdzorg", "2007-11-20", "note", "Zorgconferentie met CB, MEE en school."),
    )
    (f,) = run(NAME, events)
    assert f.kind == "several"
    assert f.sentence == (
        "Van september 2007 tot december 2008 waren MEE en Bureau Jeugdzorg tegelijk betrokken, "
        "allebei organisaties die de regie kunnen voeren; vastgelegd overleg: Bureau Jeugdzorg 1 "
        "keer."
    )
    assert f.organisations == ["MEE", "Bureau Jeugdzorg"]
    assert f.severity == 2
    assert set(f.evidence) == set(events["event_id"])


def test_a_local_organisation_can_be_named_a_coordinator():
    events = table(involved(FIVE), period("Stichting Regie Noord", "2009-01-01", "2012-01-01"))
    assert kinds(run(NAME, events), "none")
    assert run(NAME, events, coordinators=["Stichting Regie Noord"]) == []
    assert may_coordinate("Sociaal Wijkteam Noorderhaven")  # matched to the registry's Wijkteam
    assert not may_coordinate("Huisarts")


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found():
    return run(NAME, demo_events())


def test_demo_stretches_without_a_coordinator(found):
    spans = [(f.period_start, f.period_end) for f in kinds(found, "none")]
    assert spans == [
        (T("2001-01-01"), T("2002-08-31")),  # before MEE came in (end 2002)
        (T("2011-01-01"), T("2012-05-31")),  # after the CJG course, before OGGZ and BJZ (2012)
        (T("2018-11-20"), T("2019-03-31")),  # after the wijkteam's last closed door
    ]
    for f in kinds(found, "none"):
        assert "geen overleg tussen organisaties vastgelegd" in f.sentence


def test_demo_several_coordinators_around_2007_and_when_the_oggz_closed(found):
    several = kinds(found, "several")
    first = several[0]
    assert (first.period_start, first.period_end) == (T("2006-09-01"), T("2009-01-31"))
    assert set(first.organisations) == {"MEE", "Bureau Jeugdzorg", "OGGZ"}
    # Each OGGZ report was closed because "hulpverlening betrokken": another one coordinated.
    assert {tuple(sorted(f.organisations)) for f in several[1:]} == {
        ("Bureau Jeugdzorg", "OGGZ"),
        ("Bureau Jeugdzorg", "CJG"),
        ("OGGZ", "Sociaal Wijkteam Noorderhaven"),
    }


def test_demo_no_gap_while_mee_bjz_or_the_wijkteam_were_involved(found):
    for f in kinds(found, "none"):
        for year in (2003, 2005, 2007, 2009, 2013, 2015, 2016, 2017):
            assert not f.period_start.year <= year <= f.period_end.year
