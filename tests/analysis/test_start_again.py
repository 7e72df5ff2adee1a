"""start_again: the same kind of help started three or more times."""

from __future__ import annotations

import pandas as pd

import reconstruct.analysis.start_again  # noqa: F401  (registers the analysis)
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "start_again"


def three_rounds(org="Thuiszorg Lauwerland", *extra):
    return table(
        period(org, "2002-01-01", "2002-06-30", text="Gezinsverzorging."),
        ev(org, "2002-06-17", "note", "Moeder zegt de gezinsverzorging op."),
        period(org, "2004-03-01", "2005-01-31", text="Hervat. Opnieuw afgebroken."),
        period(org, "2006-05-01", "2007-12-31", text="Derde keer."),
        *extra,
    )


def test_help_started_three_times():
    events = three_rounds()
    (f,) = run(NAME, events)
    assert f.kind == "organisation" and f.organisations == ["Thuiszorg Lauwerland"]
    assert f.period_start == pd.Timestamp("2002-01-01")
    assert f.period_end == pd.Timestamp("2007-12-31")
    assert "drie keer gestart" in f.sentence
    assert "elke nieuwe start kwam nadat het gezin de vorige hulp had afgehouden" in f.sentence
    assert "geen van de nieuwe starts" in f.sentence  # nothing says the earlier help was evaluated
    starts = events[events["event_type"] == "involvement_start"]["event_id"]
    assert set(starts) <= set(f.evidence)
    said_up = events.loc[events["description"].str.contains("zegt"), "event_id"].item()
    assert said_up in f.evidence
    assert (f.theme, f.criterion, f.severity) == ("De aanpak", "De aanpak is samenhangend", 2)


def test_an_evaluation_at_a_restart_is_acknowledged():
    events = three_rounds(
        "Thuiszorg Lauwerland",
        ev("Thuiszorg Lauwerland", "2004-03-15", "note", "Evaluatie van de eerdere hulp."),
    )
    (f,) = run(NAME, events)
    assert "evaluatie" not in f.sentence


def test_two_starts_are_not_a_pattern_unless_asked():
    events = table(
        period("GGZ Noord", "2001-01-01", "2002-06-30"),
        period("GGZ Noord", "2008-03-01", "2010-11-30"),
    )
    assert run(NAME, events) == []
    (f,) = run(NAME, events, min_starts=2)
    assert "twee keer gestart" in f.sentence


def test_investigations_and_enforcement_are_not_help():
    for org in ("AMK", "Politie", "Raad voor de Kinderbescherming"):
        events = table(
            period(org, "2004-02-01", "2004-10-31"),
            period(org, "2010-02-01", "2010-10-31"),
            period(org, "2016-02-01", "2016-02-28"),
        )
        assert run(NAME, events) == [], org


def test_starts_in_words_when_no_period_was_recorded():
    events = table(
        ev("Buurtzorg Oost", "2003-01-10", "note", "Hulp gestart, twee keer per week."),
        ev("Buurtzorg Oost", "2003-02-10", "note", "Intake afgerond."),  # the same start
        ev("Buurtzorg Oost", "2003-06-01", "care_avoidance", "Niet thuis."),
        ev("Buurtzorg Oost", "2006-01-10", "note", "Hulp hervat."),
        ev("Buurtzorg Oost", "2009-05-10", "note", "Opnieuw aangemeld door huisarts."),
    )
    (f,) = run(NAME, events)
    assert "drie keer gestart (januari 2003, januari 2006 en mei 2009)" in f.sentence
    assert "1 van de 2 nieuwe starts volgde op hulp" in f.sentence


def test_the_same_kind_of_help_across_organisations():
    events = table(
        period("GGV", "2002-01-01", "2002-06-30"),
        period("GGV", "2004-03-01", "2005-01-31"),
        period("Gezinsverzorging", "2008-05-01", "2009-01-31"),
    )
    (f,) = run(NAME, events)
    assert f.kind == "sector"
    assert f.organisations == ["GGV", "Gezinsverzorging"]
    assert "thuiszorg (GGV en Gezinsverzorging)" in f.sentence


def test_starts_after_the_calamity_do_not_count():
    events = table(
        period("Thuiszorg X", "2002-01-01", "2002-06-30"),
        period("Thuiszorg X", "2004-03-01", "2005-01-31"),
        ev("(gezin)", "2019-04-14", "calamity", "Ernstig letsel", "Kind B", domain="gezin"),
        # "april 2019": not wholly before the calamity of 14 April
        ev("Thuiszorg X", "2019-04-01", "involvement_start", end="2019-04-30", precision="month"),
    )
    assert run(NAME, events) == []


# --- the demo case --------------------------------------------------------------------------


def test_demo_help_started_again_and_again():
    events = demo_events()
    found = run(NAME, events)
    assert {f.organisations[0] for f in found} == {"Thuiszorg Lauwerland", "GGZ Wadland", "OGGZ"}
    assert all(f.kind == "organisation" for f in found)
    years = {
        f.organisations[0]: sorted(
            {
                r.date_start.year
                for r in by_id(events, f.evidence).itertuples()
                if r.event_type == "involvement_start"
            }
        )
        for f in found
    }
    assert years == {
        "Thuiszorg Lauwerland": [2002, 2004, 2006],
        "GGZ Wadland": [2001, 2008, 2011],
        "OGGZ": [2008, 2012, 2016],
    }
    for f in found:
        assert "elke nieuwe start kwam nadat het gezin de vorige hulp had afgehouden" in f.sentence


def test_demo_has_no_restart_pattern_elsewhere():
    found = run(NAME, demo_events())
    named = {o for f in found for o in f.organisations}
    # two rounds only (BJZ, De Vlinder, CJG), investigations (AMK, Veilig Thuis, Raad), and the
    # measures after the calamity (Jeugdbescherming Wadland) are no start-again pattern
    for org in (
        "Bureau Jeugdzorg",
        "Kinderdagcentrum De Vlinder",
        "CJG",
        "AMK",
        "Veilig Thuis",
        "Raad voor de Kinderbescherming",
        "Jeugdbescherming Wadland",
    ):
        assert org not in named


def test_an_empty_or_undated_table_gives_nothing():
    undated = {**ev("X", "2010-01-01"), "date_start": None, "date_end": None}
    assert run(NAME, table()) == []
    assert run(NAME, table(undated)) == []
