"""agreements_unchecked: agreements and conditions that nobody later checked."""

from __future__ import annotations

import pandas as pd
import pytest

from reconstruct.analysis.agreements import agreement_mask, check_mask
from tests.analysis.rows import demo_events, ev, run, table

NAME = "agreements_unchecked"
T = pd.Timestamp


def conditions(org="AMK", day="2004-04-26"):
    text = (
        "Conclusie — Verwaarlozing aannemelijk. — Voorwaarden: gezinsverzorging hervat, MEE "
        "coördineert. Rappel over drie maanden."
    )
    return ev(org, day, "agreement", text, "Kind A", sub="conditions")


def rappel(day, org="AMK", text="Rappel: GGV loopt, MEE betrokken."):
    return ev(org, day, "consultation", text, "Kind A", sub="rappel")


def test_an_agreement_without_a_check_is_a_finding():
    events = table(conditions())
    (f,) = run(NAME, events)
    assert f.sentence == (
        "Op 26 april 2004 legde AMK voorwaarden vast (gezinsverzorging hervat, MEE coördineert); "
        "binnen zes maanden is niet nagegaan of ze werden nagekomen."
    )
    assert f.kind == "unchecked" and f.evidence == events["event_id"].tolist()
    assert (f.period_start, f.organisations, f.persons) == (T("2004-04-26"), ["AMK"], ["Kind A"])
    assert (f.theme, f.criterion) == ("Continuïteit", "De aanpak krijgt indien nodig een vervolg")
    assert f.severity == 2


def test_a_check_by_the_same_organisation_within_the_window():
    assert run(NAME, table(conditions(), rappel("2004-10-12"))) == []
    assert len(run(NAME, table(conditions(), rappel("2005-01-12")))) == 1  # too late
    assert run(NAME, table(conditions(), rappel("2005-01-12")), check_days=300) == []


def test_a_check_by_another_organisation_counts_only_when_asked():
    events = table(conditions(), rappel("2004-10-12", org="Bureau Jeugdzorg"))
    assert len(run(NAME, events)) == 1
    assert run(NAME, events, any_organisation=True) == []


@pytest.mark.parametrize(
    ("etype", "text", "is_agreement"),
    [
        ("note", "Zorgoverleg. Afspraken: MEE coördineert, CB doet huisbezoek.", True),
        ("consultation", "Overleg met De Vlinder. Afgesproken: afwachten.", True),
        ("note", "Brief ontvangen. Afgesproken dat het consultatiebureau de groei volgt.", True),
        ("note", "Toezicht gestart. Bijzondere voorwaarde: behandeling polikliniek.", True),
        ("note", "Gezinsplan opgesteld: opvoedondersteuning, GGV. Sanne tekent.", True),
        ("note", "Huisbezoek: deur niet open. Geen vervolgactie afgesproken.", False),
        ("note", "GGV opnieuw gestart op voorwaarde van het AMK.", False),
        ("contact", "Huisbezoek. Afgesproken: extra contactmoment over twee weken.", False),
        ("signal", "Gewicht gedaald; afgesproken maandelijks wegen.", False),
    ],
)
def test_agreements_in_words(etype, text, is_agreement):
    assert agreement_mask(table(ev("JGZ", "2005-01-01", etype, text))).tolist() == [is_agreement]


@pytest.mark.parametrize(
    ("text", "is_check"),
    [
        ("Rappel: behandeling partner niet gestart.", True),
        ("Nagegaan of de GGV is hervat: ja.", True),
        ("Afspraken geëvalueerd met moeder.", True),
        ("Niet nagevraagd of dat gebeurde.", False),
        ("Evaluatie zorgconferentie verschoven: niet alle partijen beschikbaar.", False),
        ("Voorwaarden gesteld. Rappel over drie maanden.", False),
    ],
)
def test_checks_in_words(text, is_check):
    assert check_mask(table(ev("AMK", "2005-01-01", "note", text))).tolist() == [is_check]


def test_nobody_to_check_and_failed_evaluations_make_it_worse():
    agreed = ev(
        "CJG",
        "2013-05-14",
        "note",
        "Zorgoverleg. Afspraak: gezinstherapie is voorwaarde. Niet afgesproken wie dat "
        "controleert.",
    )
    (f,) = run(NAME, table(agreed))
    assert f.sentence.endswith("Wie dat moest controleren, was niet vastgelegd.")
    assert "(gezinstherapie is voorwaarde)" in f.sentence and f.severity == 3
    conference = ev("BJZ", "2007-11-20", "note", "Zorgconferentie. Afspraken: GGV wekelijks.")
    moved = ev("BJZ", "2008-02-25", "note", "Evaluatie zorgconferentie verschoven.")
    dropped = ev("BJZ", "2008-12-15", "note", "Afsluiting; evaluatie niet gehouden.")
    events = table(conference, moved, dropped)
    (f,) = run(NAME, events)
    assert f.sentence.endswith(
        "De geplande evaluatie ging niet door (25 februari 2008 en 15 december 2008)."
    )
    assert f.evidence == events["event_id"].tolist() and f.severity == 3


def test_a_check_that_finds_conditions_not_kept_followed_by_closing_the_file():
    events = table(
        conditions(day="2012-07-23"),
        rappel("2012-11-26", text="Rappel: behandeling partner niet gestart."),
        ev("AMK", "2013-01-14", "note", "Afsluiting — Dossier afgesloten.", sub="closure"),
    )
    (f,) = run(NAME, events)
    assert f.kind == "not_kept"
    assert f.sentence == (
        "Op 26 november 2012 stelde AMK vast dat de voorwaarden niet waren nagekomen (behandeling "
        "partner niet gestart); op 14 januari 2013 sloot AMK het dossier toch af."
    )
    assert f.evidence == events["event_id"].tolist() and f.severity == 3
    assert (f.period_start, f.period_end) == (T("2012-07-23"), T("2013-01-14"))


def test_a_check_that_finds_conditions_kept_or_leads_on_is_fine():
    kept = table(conditions(day="2012-07-23"), rappel("2012-11-26"))
    assert run(NAME, kept) == []
    not_kept_but_open = table(
        conditions(day="2012-07-23"),
        rappel("2012-11-26", text="Rappel: behandeling partner niet gestart."),
    )
    assert run(NAME, not_kept_but_open) == []


# --- the demo ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def found():
    return run(NAME, demo_events())


def test_demo_agreements_of_the_case_conferences_were_never_checked(found):
    unchecked = {(f.period_start, f.organisations[0]): f for f in found if f.kind == "unchecked"}
    mee = unchecked[T("2005-11-15"), "MEE"]  # zorgoverleg: "Wie controleert is niet vastgelegd"
    assert "(MEE coördineert, Sanne wordt aangemeld bij de GGZ" in mee.sentence
    assert "Wie dat moest controleren, was niet vastgelegd." in mee.sentence
    bjz = unchecked[T("2007-11-20"), "Bureau Jeugdzorg"]  # evaluation postponed, never held
    assert "De geplande evaluatie ging niet door (25 februari 2008 en 15 december 2008)." in (
        bjz.sentence
    )
    cjg = unchecked[T("2013-05-14"), "CJG"]  # therapy before Erwin is alone with the children
    assert "gezinstherapie is voorwaarde" in cjg.sentence and cjg.severity == 3
    assert (T("2001-11-20"), "Huisarts") in unchecked


def test_demo_the_amk_checked_its_conditions_and_closed_anyway(found):
    (f,) = [f for f in found if f.kind == "not_kept"]
    assert f.organisations == ["AMK"]
    assert f.sentence.startswith("Op 26 november 2012 stelde AMK vast dat de voorwaarden niet")
    assert f.sentence.endswith("op 14 januari 2013 sloot AMK het dossier toch af.")


def test_demo_checked_conditions_and_negated_agreements_are_no_findings(found):
    starts = {(f.period_start, f.organisations[0]) for f in found if f.kind == "unchecked"}
    # The AMK's conditions of 2004 and 2012 were followed by its rappels.
    assert (T("2004-04-26"), "AMK") not in starts
    assert (T("2012-07-23"), "AMK") not in starts
    # "Geen vervolgactie afgesproken" (the wijkteam, 2018) is no agreement.
    assert not any(o == "Sociaal Wijkteam Noorderhaven" for _, o in starts)
