"""risk_assessment_gaps: signals without a risk assessment, and weekends home without one."""

from __future__ import annotations

import pandas as pd

import reconstruct.analysis.risk_assessment  # noqa: F401  (registers the analysis)
from tests.analysis.rows import by_id, demo_events, ev, period, run, table

NAME = "risk_assessment_gaps"


def signal(org, day, text="Zorgsignaal", persons="Kind A; Moeder", sub="concern", sev=None):
    return ev(org, day, "signal", text, persons, sub=sub, sev=sev)


def test_signals_without_an_assessment_make_one_period():
    events = table(
        signal("Politie", "2010-01-10", "Huiselijk geweld", sub="domestic_violence", sev=3),
        signal("JGZ", "2010-06-01", "Kind afgevallen"),
        signal("De Kompasschool", "2010-11-20", "Blauwe plek op arm"),
    )
    (f,) = run(NAME, events)
    assert f.kind == "signals"
    assert (f.period_start, f.period_end) == (
        pd.Timestamp("2010-01-10"),
        pd.Timestamp("2010-11-20"),
    )
    assert f.evidence == events["event_id"].tolist()
    assert f.organisations == ["Politie", "JGZ", "De Kompasschool"]
    assert "drie signalen" in f.sentence and "geen risicotaxatie" in f.sentence
    assert "nog nooit een risicotaxatie" in f.sentence
    assert (f.theme, f.criterion) == ("De aanpak", "De aanpak is samenhangend")
    assert f.severity == 3


def test_an_assessment_near_the_signals_covers_them():
    typed = ev(
        "AMK", "2010-03-01", "risk_assessment", "Onderzoek", "Kind A", sub="amk_investigation"
    )
    worded = ev("Jeugdhulp", "2010-03-01", "note", "Risicotaxatie (LIRIK) afgenomen", "Kind A")
    for assessment in (typed, worded):
        events = table(signal("Politie", "2010-01-10"), signal("JGZ", "2010-06-01"), {**assessment})
        assert run(NAME, events) == []


def test_an_assessment_between_signals_splits_the_period():
    events = table(
        signal("Politie", "2008-01-10"),
        signal("JGZ", "2008-02-01"),
        ev("AMK", "2009-01-01", "risk_assessment", "Onderzoek", "Kind A"),
        signal("Politie", "2010-01-10"),
        signal("JGZ", "2010-02-01"),
    )
    found = run(NAME, events, window_after_days=30, window_before_days=30)
    assert [f.period_start.year for f in found] == [2008, 2010]
    assert "De laatste risicotaxatie daarvoor was van AMK in januari 2009" in found[1].sentence


def test_what_is_not_a_signal_of_unsafety():
    events = table(
        signal("Politie", "2010-01-10", "Overlast", sub="nuisance"),
        signal("Politie", "2010-03-10", "Overlast", sub="nuisance"),
        # in words, but about an adult outside the household
        ev("Reclassering", "2010-02-01", "note", "Toezicht wegens mishandeling", "Partner"),
        # in words, but a meeting about a signal recorded elsewhere
        ev("BJZ", "2010-04-01", "note", "MDO: raadsmelding overwogen vanwege letsel", "Kind A"),
        # a single signal is not a period
        signal("JGZ", "2014-06-01"),
    )
    assert run(NAME, events) == []


def test_a_signal_in_words_counts():
    events = table(
        ev("Huisarts", "2014-02-03", "note", "Moeder met blauwe plek op jukbeen", "Moeder"),
        signal("JGZ", "2014-03-18"),
    )
    (f,) = run(NAME, events)
    assert f.organisations == ["Huisarts", "JGZ"]


def test_signals_after_the_calamity_are_not_judged():
    events = table(
        ev("(gezin)", "2019-04-14", "calamity", "Ernstig letsel", "Kind B", domain="gezin"),
        signal("Ziekenhuis", "2019-05-01", "Letsel"),
        signal("Politie", "2019-06-01", "Huiselijk geweld"),
    )
    assert run(NAME, events) == []


def weekend_case(*extra):
    return table(
        period("Zorggroep X", "2015-09-01", persons="Kind A"),
        ev("Zorggroep X", "2015-09-01", "note", "Woont doordeweeks op de woongroep.", "Kind A"),
        ev("Zorggroep X", "2018-01-10", "note", "Evaluatie zorgplan.", "Kind A"),
        signal("School", "2016-10-04", "Kind A mag in het weekend niet eten.", "Kind A"),
        *extra,
    )


def test_a_child_home_at_weekends_without_assessment():
    events = weekend_case()
    (f,) = [f for f in run(NAME, events) if f.kind == "weekends"]
    assert f.organisations == ["Zorggroep X", "School"]
    assert f.persons == ["Kind A"]
    assert f.period_start == pd.Timestamp("2015-09-01")
    weekend = events.loc[events["organisation"] == "School", "event_id"].item()
    assert weekend in f.evidence
    assert "doordeweeks bij Zorggroep X" in f.sentence and "oktober 2016" in f.sentence
    assert (f.theme, f.criterion, f.severity) == ("De aanpak", "De aanpak is vasthoudend", 3)


def test_an_assessment_during_the_stay_answers_the_weekends():
    check = ev("Zorggroep X", "2016-11-01", "note", "Risicotaxatie thuissituatie gemaakt", "Kind A")
    assert [f for f in run(NAME, weekend_case(check)) if f.kind == "weekends"] == []


# --- the demo case --------------------------------------------------------------------------


def test_demo_signal_periods_without_assessment():
    events = demo_events()
    found = run(NAME, events)
    spans = sorted((f.period_start.year, f.period_end.year) for f in found if f.kind == "signals")
    # the violence of 2001-2003, the fracture and weight loss of 2007-2008, and 2013-2018
    assert [start for start, _ in spans] == [2001, 2007, 2013]
    assert spans[0][1] in (2002, 2003) and spans[1][1] == 2008 and spans[2][1] == 2018
    # the AMK investigated in 2004 and 2012: no gap is found around those years
    for f in found:
        if f.kind == "signals":
            assert not f.period_start.year <= 2004 <= f.period_end.year
            assert not f.period_start.year <= 2012 <= f.period_end.year
    last = next(f for f in found if f.period_start.year == 2013)
    assert "AMK in juni 2012" in last.sentence
    assert {"Politie", "De Kompasschool", "JGZ", "Ziekenhuis Noorderhaven"} <= set(
        last.organisations
    )


def test_demo_weekends_at_home_from_de_linde():
    events = demo_events()
    (f,) = [f for f in run(NAME, events) if f.kind == "weekends"]
    assert f.organisations[0] == "Zorggroep De Linde"
    assert f.persons == ["Kind A"]
    assert f.period_start == pd.Timestamp("2015-09-01")
    assert f.period_end == pd.Timestamp("2019-04-14")  # the calamity ends the reconstruction
    texts = by_id(events, f.evidence)["description"]
    assert texts.str.contains("in het weekend niet mag eten").any()
    assert f.severity == 3


def test_an_empty_or_undated_table_gives_nothing():
    undated = {**ev("X", "2010-01-01"), "date_start": None, "date_end": None}
    assert run(NAME, table()) == []
    assert run(NAME, table(undated)) == []
