"""parallel_tracks: two investigations or reports at once that never met."""

from __future__ import annotations

import pandas as pd

import reconstruct.analysis.parallel_tracks  # noqa: F401  (registers the analysis)
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "parallel_tracks"
KIDS = "Kind A; Kind B"


def amk_and_oggz(*extra):
    return table(
        period("AMK", "2012-04-01", "2013-01-31", persons=KIDS, domain="veiligheid"),
        ev("AMK", "2012-04-02", "referral", "Melding tante.", KIDS, sub="amk_report"),
        ev("AMK", "2012-04-10", "risk_assessment", "Onderzoek gestart.", KIDS),
        ev("AMK", "2012-06-20", "risk_assessment", "Huisbezoek.", KIDS),
        period("OGGZ", "2012-06-01", "2012-09-30", text="Melding woningcorporatie."),
        ev("OGGZ", "2012-06-04", "referral", "Melding overlast.", sub="zorgmelding"),
        ev("OGGZ", "2012-09-03", "note", "Afgesloten."),
        *extra,
    )


def test_two_overlapping_tracks_that_never_met():
    events = amk_and_oggz()
    (f,) = run(NAME, events)
    assert f.kind == "pair" and f.organisations == ["AMK", "OGGZ"]
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2012-06-01"),
        pd.Timestamp("2012-09-30"),
    )
    assert "een onderzoek door AMK (van april 2012 tot januari 2013)" in f.sentence
    assert "een melding bij OGGZ (van juni tot september 2012)" in f.sentence
    assert "zonder dat in de dossiers overleg of een verwijzing" in f.sentence
    marks = events[events["event_type"].str.startswith("involvement")]["event_id"]
    assert set(marks) <= set(f.evidence)
    assert {"Kind A", "Kind B", "Moeder"} <= set(f.persons)
    assert (f.theme, f.criterion, f.severity) == ("Samenwerking", "Toereikende informatie", 2)


def test_one_naming_the_other_is_a_consultation():
    for entry in (
        ev("OGGZ", "2012-07-09", "consultation", "Ketenoverleg met het AMK over het gezin."),
        ev("AMK", "2012-08-01", "consultation", "Informatie opgevraagd bij de O.G.G.Z."),
        ev("AMK", "2012-08-01", "referral", "Overdracht aan bemoeizorg."),  # a registry alias
    ):
        assert run(NAME, amk_and_oggz(entry)) == [], entry["description"]


def test_a_third_party_meeting_with_both_is_a_consultation():
    meeting = ev("CJG", "2012-07-01", "note", "Zorgoverleg met AMK, OGGZ en school.")
    assert run(NAME, amk_and_oggz(meeting)) == []


def test_a_negative_mention_is_no_consultation_but_evidence():
    not_asked = ev("AMK", "2012-04-10", "note", "Informanten: GGZ, school. OGGZ niet bevraagd.")
    unknown = ev("OGGZ", "2012-07-09", "note", "Navraag bij GGZ: niet bekend dat AMK onderzoekt.")
    (f,) = run(NAME, amk_and_oggz(not_asked, unknown))
    assert {not_asked["event_id"], unknown["event_id"]} <= set(f.evidence)
    assert "ontkennend (AMK in april 2012 en OGGZ in juli 2012)" in f.sentence


def test_an_entry_from_the_inspectors_overview_is_no_consultation():
    # the overview's own note "liep gelijk met het AMK-onderzoek" is on the involvement marks
    events = table(
        period("AMK", "2012-04-01", "2013-01-31", domain="veiligheid"),
        period("OGGZ", "2012-06-01", "2012-09-30", text="Liep gelijk met het AMK-onderzoek."),
    )
    assert len(run(NAME, events)) == 1


def test_what_is_not_a_parallel_track():
    apart = table(
        period("AMK", "2004-02-01", "2004-10-31"), period("OGGZ", "2008-10-01", "2009-01-31")
    )
    same = table(
        period("AMK", "2012-01-01", "2012-12-31"), period("AMK", "2012-06-01", "2013-03-01")
    )
    renamed = table(
        period("AMK", "2014-06-01", "2015-03-31"),
        period("Veilig Thuis", "2015-01-01", "2015-06-30"),
    )
    brief = table(
        period("AMK", "2012-01-01", "2012-06-10"), period("OGGZ", "2012-06-01", "2012-09-30")
    )
    not_a_report = table(
        period("AMK", "2012-04-01", "2013-01-31"), period("GGZ Noord", "2012-01-01", "2013-12-31")
    )
    for events in (apart, same, renamed, brief, not_a_report):
        assert run(NAME, events) == []


def test_the_raad_is_named_as_de_raad():
    events = table(
        period("Veilig Thuis", "2019-04-01", "2019-04-30"),
        period("Raad voor de Kinderbescherming", "2019-04-01", "2019-04-30"),
    )
    assert len(run(NAME, events)) == 1
    request = ev("Veilig Thuis", "2019-04-16", "referral", "Verzoek tot onderzoek bij de Raad.")
    assert run(NAME, table(events.to_dict("records"), request)) == []


# --- the demo case --------------------------------------------------------------------------


def test_demo_amk_investigation_and_oggz_report_of_2012_never_met():
    events = demo_events()
    (f,) = run(NAME, events)
    assert f.organisations == ["AMK", "OGGZ"]
    assert (f.period_start.year, f.period_end.year) == (2012, 2012)
    cited = by_id(events, f.evidence)["description"]
    assert cited.str.contains("OGGZ niet bevraagd").any()
    assert cited.str.contains("Niet bekend dat het AMK onderzoek doet").any()


def test_demo_tracks_that_did_meet_or_did_not_overlap():
    found = run(NAME, demo_events())
    pairs = {frozenset(f.organisations) for f in found}
    # Veilig Thuis asked the Raad for an investigation in April 2019: they met
    assert frozenset({"Veilig Thuis", "Raad voor de Kinderbescherming"}) not in pairs
    # the AMK of 2004 and the Raad of 2003, the OGGZ of 2008 and of 2016: never at the same time
    assert frozenset({"AMK", "Raad voor de Kinderbescherming"}) not in pairs
    assert all(f.period_start.year == 2012 for f in found)


def test_an_empty_or_undated_table_gives_nothing():
    undated = {**ev("X", "2010-01-01"), "date_start": None, "date_end": None}
    assert run(NAME, table()) == []
    assert run(NAME, table(undated)) == []
