"""signals_not_added_up: signals from several organisations that no joint action followed."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.analysis.signals import joint_mask, signal_mask
from tests.analysis.rows import demo_events, ev, run, table

NAME = "signals_not_added_up"
T = pd.Timestamp


def signal(org, day, text="Blauwe plek op de arm.", sev=None, sub="injury", persons="Kind A"):
    return ev(org, day, "signal", text, persons, sub=sub, sev=sev)


def two_signals():
    return [
        signal("De Es", "2010-03-01", "Kind komt met blauwe plekken op school."),
        signal("Ziekenhuis Zuid", "2010-05-10", "Fractuur pols, 'gevallen'."),
    ]


def test_signals_of_two_organisations_without_joint_action():
    events = table(two_signals())
    (f,) = run(NAME, events)
    assert f.sentence == (
        "Van maart tot mei 2010 legden twee organisaties signalen vast (De Es en Ziekenhuis "
        "Zuid; 2 signalen), zonder gezamenlijke actie binnen 90 dagen."
    )
    assert (f.period_start, f.period_end) == (T("2010-03-01"), T("2010-05-10"))
    assert f.evidence == events["event_id"].tolist()
    assert f.organisations == ["De Es", "Ziekenhuis Zuid"] and f.persons == ["Kind A"]
    assert (f.theme, f.criterion) == ("Samenwerking", "Toereikende informatie")
    assert f.kind == "window" and f.severity == 2


@pytest.mark.parametrize(
    ("etype", "sub", "text"),
    [
        ("consultation", "case_conference", "Zorgconferentie met school en ziekenhuis."),
        ("consultation", "coordination", "Telefonisch overleg met de school."),
        ("referral", "zorgmelding", "Zorgmelding bij Bureau Jeugdzorg."),
        ("risk_assessment", None, "Onderzoek gestart."),
        ("note", None, "Zorgoverleg met GGD, school en wijkteam."),
        ("note", None, "Melding bij Veilig Thuis gedaan."),
    ],
)
def test_a_joint_action_within_the_follow_up_adds_the_signals_up(etype, sub, text):
    events = table(two_signals(), ev("JGZ", "2010-07-01", etype, text, sub=sub))
    assert run(NAME, events) == []


def test_a_joint_action_after_the_follow_up_is_too_late_and_named():
    events = table(
        two_signals(),
        ev("JGZ", "2010-11-20", "consultation", "Zorgoverleg.", sub="case_conference"),
    )
    (f,) = run(NAME, events)
    assert f.sentence.endswith(
        "; de eerstvolgende was op 20 november 2010 (JGZ, 6 maanden na het laatste signaal)."
    )
    assert run(NAME, events, follow_up_days=200) == []


@pytest.mark.parametrize(
    ("etype", "sub", "text"),
    [
        ("consultation", "advice", "Adviesvraag bij Veilig Thuis; geen melding."),
        ("note", None, "Evaluatie zorgconferentie verschoven."),
        ("note", None, "MDO: raadsmelding overwogen; besloten van niet."),
        ("consultation", "raadsmelding_considered", "Verzoek tot onderzoek overwogen."),
        ("referral", "leerplicht", "Melding leerplicht: verzuim."),
        ("contact", None, "Brief aan huisarts en JGZ."),
    ],
)
def test_no_joint_action(etype, sub, text):
    events = table(two_signals(), ev("JGZ", "2010-06-01", etype, text, sub=sub))
    assert len(run(NAME, events)) == 1


def test_a_signal_that_records_its_own_report_is_answered():
    answered = signal("Politie", "2010-04-01", "Huiselijk geweld. Zorgmelding naar AMK.", sev=3)
    assert run(NAME, table(two_signals(), answered)) == []
    unanswered = signal("Politie", "2010-04-01", "Huiselijk geweld. Geen zorgmelding opgemaakt.")
    (f,) = run(NAME, table(two_signals(), unanswered))
    assert len(f.organisations) == 3 and f.severity == 3


def test_one_organisation_alone_is_not_a_finding():
    events = table(
        signal("De Es", "2010-03-01"),
        signal("De Es", "2010-04-01", "Kind mager, eet gulzig."),
    )
    assert run(NAME, events) == []


def test_signals_too_far_apart_are_separate_windows():
    events = table(signal("De Es", "2010-03-01"), signal("Ziekenhuis Zuid", "2011-03-01"))
    assert run(NAME, events) == []
    assert len(run(NAME, events, window_days=400)) == 1


def test_low_graded_signals_and_domain_problems_do_not_count():
    events = table(
        signal("De Es", "2010-03-01"),
        signal("Politie", "2010-04-01", "Burenruzie over geluid.", sev=1, sub="nuisance"),
        signal("Kredietbank", "2010-05-01", "Schulden opgelopen.", sub="debt"),
    )
    assert run(NAME, events) == []
    assert len(run(NAME, events, min_severity=1)) == 1
    assert len(run(NAME, events, ignore_subtypes=[])) == 1


def test_signals_said_in_notes_count_but_meeting_notes_do_not():
    noted = ev("Huisarts", "2010-04-01", "note", "Moeder met blauwe plek op jukbeen.")
    recap = ev("Bureau Jeugdzorg", "2010-04-01", "note", "MDO: gewichtsverlies en fractuur.")
    events = table(signal("De Es", "2010-03-01"), noted, recap)
    assert signal_mask(events).tolist() == [True, True, False]
    (f,) = run(NAME, events)
    assert f.organisations == ["De Es", "Huisarts"]


def test_the_family_lane_is_no_organisation():
    events = table(
        signal("De Es", "2010-03-01"),
        ev("(gezin)", "2010-04-01", "signal", "Partner trekt in.", sub="partner_in"),
    )
    assert run(NAME, events) == []


def test_only_what_came_before_the_calamity_counts():
    calamity = ev("Politie", "2010-06-01", "calamity", "Kind zwaar mishandeld.")
    report = ev("Veilig Thuis", "2010-06-02", "referral", "Melding.", sub="amk_report")
    (f,) = run(NAME, table(two_signals(), calamity, report))
    assert f.sentence.endswith(
        "; de eerstvolgende kwam pas na de calamiteit (2 juni 2010, Veilig Thuis)."
    )
    after = signal("Ziekenhuis Zuid", "2010-06-03", "Schedelletsel.")
    assert len(run(NAME, table(signal("De Es", "2010-05-01"), calamity, after))) == 0


def test_joint_actions_read_from_words():
    events = table(
        ev("JGZ", "2010-01-01", "note", "Geen zorgmelding opgemaakt."),
        ev("JGZ", "2010-01-01", "contact", "Verwezen naar kinderarts."),
        ev("JGZ", "2010-01-01", "note", "Overdracht aan het wijkteam."),
    )
    assert joint_mask(events).tolist() == [False, True, True]


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found():
    return run(NAME, demo_events())


def test_demo_signals_of_2007_2016_and_2018_were_never_added_up(found):
    windows = {(f.period_start.year, f.period_end.year): f for f in found}
    assert set(windows) == {(2007, 2007), (2016, 2017), (2018, 2018)}
    # Jesse's fracture and Lotte's weight loss: hospital, school and JGZ, no joint action until
    # Bureau Jeugdzorg's case conference of November 2007.
    assert windows[2007, 2007].organisations == [
        "Ziekenhuis Noorderhaven",
        "De Kompasschool",
        "JGZ",
    ]
    assert (
        "de eerstvolgende was op 20 november 2007 (Bureau Jeugdzorg" in windows[2007, 2007].sentence
    )
    # The year before the calamity: six organisations, nothing joint until after it.
    last = windows[2018, 2018]
    assert {"Ziekenhuis Noorderhaven", "Politie", "JGZ", "Huisarts", "De Kompasschool"} <= set(
        last.organisations
    )
    assert "pas na de calamiteit" in last.sentence and last.severity == 3
    assert "pas na de calamiteit" in windows[2016, 2017].sentence


def test_demo_signals_that_were_acted_on_are_not_findings(found):
    years = {y for f in found for y in range(f.period_start.year, f.period_end.year + 1)}
    # 2001: the CB referred to the paediatrician; 2004 and 2012: the AMK investigated;
    # 2008: the school consulted the vice squad and the OGGZ took a report; 2014: a ZAT.
    assert years.isdisjoint({2001, 2002, 2003, 2004, 2008, 2012, 2013, 2014})
