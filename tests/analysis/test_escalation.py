"""escalation_not_made: a report to the Raad or the reporting centre considered and not made."""

from __future__ import annotations

import pandas as pd
import pytest

import reconstruct.analysis.escalation  # noqa: F401  (registers the analysis)
from tests.analysis.rows import demo_events, ev, run, table

NAME = "escalation_not_made"
T = pd.Timestamp


def considered(org="AMK", day="2004-04-19", text=None, sub="raadsmelding_considered"):
    text = text or (
        "Overweging Raad — Verzoek tot onderzoek overwogen. — Niet gedaan: moeder stemt in met "
        "hulp."
    )
    return ev(org, day, "consultation", text, "Kind A; Moeder", sub=sub)


def made(day, org="Veilig Thuis"):
    return ev(
        org, day, "referral", "Verzoek tot onderzoek bij de Raad.", "Kind A", sub="raadsmelding"
    )


def test_a_consideration_without_a_report_is_a_finding_with_its_reason():
    events = table(considered())
    (f,) = run(NAME, events)
    assert f.sentence == (
        "Op 19 april 2004 overwoog AMK een raadsmelding; niet gedaan: moeder stemt in met hulp. "
        "Een raadsmelding is daarna niet gedaan."
    )
    assert f.kind == "considered" and f.evidence == events["event_id"].tolist()
    assert (f.period_start, f.organisations, f.persons) == (
        T("2004-04-19"),
        ["AMK"],
        ["Kind A", "Moeder"],
    )
    assert (f.theme, f.criterion) == ("Toeleiding", "De aanpak is op tijd in gang gezet")
    assert f.severity == 2


@pytest.mark.parametrize(
    "text",
    [
        "MDO: raadsmelding overwogen vanwege gewichtsverlies. Besloten van niet: moeder werkt mee.",
        "Team overweegt een melding bij de Raad voor de Kinderbescherming.",
        "Collegiale consultatie: verzoek tot onderzoek bij de Raad overwogen.",
    ],
)
def test_a_consideration_said_in_words(text):
    events = table(ev("Bureau Jeugdzorg", "2007-10-15", "note", text))
    (f,) = run(NAME, events)
    assert f.kind == "considered" and f.organisations == ["Bureau Jeugdzorg"]


def test_a_report_within_the_follow_up_answers_the_consideration():
    assert run(NAME, table(considered(), made("2004-06-01"))) == []
    assert run(NAME, table(considered(), made("2004-09-01"))) != []
    assert run(NAME, table(considered(), made("2004-09-01")), follow_up_days=180) == []


def test_a_late_report_is_named_and_a_calamity_before_it_weighs_heaviest():
    events = table(considered(), made("2006-04-19"))
    (f,) = run(NAME, events)
    assert f.sentence.endswith("De raadsmelding kwam pas op 19 april 2006, 24 maanden later.")
    assert f.evidence == events["event_id"].tolist()
    calamity = ev("Politie", "2005-01-01", "calamity", "Kind zwaar mishandeld.")
    (f,) = run(NAME, table(considered(), calamity, made("2006-04-19")))
    assert f.sentence.endswith("De raadsmelding kwam pas op 19 april 2006, na de calamiteit.")
    assert f.severity == 3


@pytest.mark.parametrize(
    ("etype", "text"),
    [
        ("note", "Dossier afgesloten. Geen verzoek tot onderzoek."),
        ("note", "Proces-verbaal overwogen wegens verzuim; eerst gesprek."),
        ("note", "Verzoek rechtbank: advies over omgangsregeling. Onderzoek gestart."),
        ("involvement_end", "Melding tante; onderzoek. Afgesloten zonder raadsmelding."),
    ],
)
def test_words_that_are_neither_consideration_nor_report(etype, text):
    assert run(NAME, table(ev("AMK", "2010-01-01", etype, text))) == []
    # ... nor do they answer a consideration
    events = table(considered(day="2009-12-01"), ev("AMK", "2010-01-01", etype, text))
    assert len(run(NAME, events)) == 1


def test_repeated_considerations_are_a_pattern():
    events = table(
        considered(),
        considered("Bureau Jeugdzorg", "2007-10-15"),
        considered(
            "AMK", "2012-07-16", "Overweging Raad — overwogen. — Niet gedaan: te weinig zorgen."
        ),
    )
    found = run(NAME, events)
    assert [f.kind for f in found] == ["considered", "considered", "considered", "pattern"]
    pattern = found[-1]
    assert pattern.sentence == (
        "Een raadsmelding werd drie keer overwogen (2004, 2007 en 2012; door AMK en Bureau "
        "Jeugdzorg) en niet gedaan, twee keer omdat het gezin instemde met hulp. Een "
        "raadsmelding is daarna niet gedaan."
    )
    assert pattern.evidence == events["event_id"].tolist()
    assert (pattern.theme, pattern.criterion) == ("De aanpak", "De aanpak is vasthoudend")
    assert run(NAME, events, pattern_count=4)[-1].kind == "considered"


def test_the_reporting_centre_route():
    events = table(
        ev(
            "De Es",
            "2015-03-01",
            "note",
            "IB overweegt een melding bij Veilig Thuis. Eerst gesprek.",
        )
    )
    (f,) = run(NAME, events)
    assert f.sentence.startswith("Op 1 maart 2015 overwoog De Es een melding bij het AMK of")
    answered = ev("Veilig Thuis", "2015-03-20", "referral", "Melding school.", sub="amk_report")
    assert run(NAME, pd.concat([events, table(answered)], ignore_index=True)) == []


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found():
    return run(NAME, demo_events())


def test_demo_raadsmelding_considered_four_times_and_made_only_after_the_calamity(found):
    considered_ = [f for f in found if f.kind == "considered"]
    assert [(f.period_start.year, f.organisations[0]) for f in considered_] == [
        (2004, "AMK"),
        (2007, "Bureau Jeugdzorg"),
        (2012, "AMK"),
        (2014, "Bureau Jeugdzorg"),
    ]
    for f in considered_:
        assert f.sentence.endswith("De raadsmelding kwam pas op 16 april 2019, na de calamiteit.")
        assert f.severity == 3
    assert "niet gedaan: moeder werkt mee aan het gezinsplan" in considered_[1].sentence
    (pattern,) = [f for f in found if f.kind == "pattern"]
    assert pattern.sentence.startswith(
        "Een raadsmelding werd vier keer overwogen (2004, 2007, 2012 en 2014; door AMK en Bureau "
        "Jeugdzorg) en niet gedaan, telkens omdat het gezin instemde met hulp."
    )


def test_demo_has_nothing_else(found):
    # No report to the reporting centre was considered; the Leerplicht's proces-verbaal, the
    # Raad's advice on access (2003) and "geen verzoek tot onderzoek" (2013) are no escalation.
    assert len(found) == 5
    assert all("raadsmelding" in f.sentence for f in found)
