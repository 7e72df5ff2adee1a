"""Mapping profiles: parsing, validation errors that name file and key, matching, auto-mapping."""

from __future__ import annotations

import pytest
import yaml

from reconstruct.profiles import (
    ProfileError,
    automatic_columns,
    complete_profile,
    load_profile,
    parse_profile,
    profile_for,
)

GOOD = """
name: JGZ contactmomenten export
source: jgz
match: ["jgz_*.csv"]
read: {format: csv, encoding: cp1252, separator: ";", header_row: 3}
columns:
  date: Datum contact
  description: [Soort contact, Verslag]
  event_type: Soort contact
  persons: Betreft
values:
  event_type: {"Niet verschenen": care_avoidance, "Huisbezoek": contact}
  subtype: {"Niet verschenen": no_show}
defaults: {organisation: JGZ, domain: gezondheid, event_type: contact, persons: [Kind A]}
"""


def test_load_profile(tmp_path):
    path = tmp_path / "jgz.yaml"
    path.write_text(GOOD, "utf-8")
    p = load_profile(path)
    assert p.source == "jgz" and p.format == "csv"
    assert p.read.header_row == 3 and p.read.separator == ";"
    assert p.columns["description"] == ["Soort contact", "Verslag"]
    assert p.columns["date"] == ["Datum contact"]
    assert p.defaults["persons"] == ["Kind A"]
    assert p.map_value("event_type", "niet VERSCHENEN ") == (True, "care_avoidance")
    assert p.map_value("event_type", "Consult") == (False, None)
    assert p.matches("JGZ_2014.csv") and not p.matches("jgz.xlsx")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"colums": {}}, "onbekende sleutel.*colums"),
        ({"read": {"sheet": "A"}}, "read: onbekende sleutel.*sheet"),
        ({"read": {"header_row": 0}}, "read.header_row"),
        ({"columns": {"datum": "Datum"}}, "columns.datum is geen veld"),
        ({"columns": {"date": 3}}, "columns.date"),
        ({"values": {"event_type": {"X": "signaal"}}}, "values.event_type.X.*'signaal' is geen"),
        ({"values": {"description": {"X": "y"}}}, "values.description is geen vertaalbaar"),
        ({"defaults": {"domain": "zorg"}}, "defaults.domain.*'zorg' is geen leefgebied"),
        ({"defaults": {"severity": 5}}, "defaults.severity.*ernst"),
        ({"defaults": {"date": "2010"}}, "defaults.date is geen veld"),
    ],
)
def test_profile_errors_name_the_file_and_key(change, message):
    data = yaml.safe_load(GOOD)
    data.update(change)
    with pytest.raises(ProfileError, match=message) as err:
        parse_profile(data, "profiles/jgz.yaml")
    assert str(err.value).startswith("profiles/jgz.yaml")


def test_two_profiles_matching_one_file_is_an_error():
    a = parse_profile({"name": "a", "match": ["*.csv"]}, "a.yaml")
    b = parse_profile({"name": "b", "match": ["jgz*"]}, "b.yaml")
    assert profile_for("other.csv", [a, b]) is a
    assert profile_for("x.xlsx", [a, b]) is None
    with pytest.raises(ProfileError, match="meerdere profielen"):
        profile_for("jgz.csv", [a, b])


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Datum", "Organisatie", "Omschrijving"],
            {"date": ["Datum"], "organisation": ["Organisatie"], "description": ["Omschrijving"]},
        ),
        (
            ["Datum contact", "Cliënt", "Verslag", "Notitie"],
            {
                "date": ["Datum contact"],
                "persons": ["Cliënt"],
                "description": ["Verslag", "Notitie"],
            },
        ),
        (
            ["Begindatum", "Einddatum", "Instelling", "Betreft"],
            {
                "date": ["Begindatum"],
                "date_end": ["Einddatum"],
                "organisation": ["Instelling"],
                "persons": ["Betreft"],
            },
        ),
        (
            ["Meldingsdatum", "Aard", "Toelichting"],
            {"date": ["Meldingsdatum"], "event_type": ["Aard"], "description": ["Toelichting"]},
        ),
        (
            ["date", "organization", "description", "notes"],
            {
                "date": ["date"],
                "organisation": ["organization"],
                "description": ["description", "notes"],
            },
        ),
        (["Kolom A", "Kolom B"], {}),
    ],
)
def test_automatic_columns(headers, expected):
    assert automatic_columns(headers) == expected


def test_a_profile_naming_a_missing_column_is_an_error():
    p = parse_profile({"name": "x", "columns": {"date": "Datum"}}, "x.yaml")
    with pytest.raises(ProfileError, match="'Datum' niet in het bestand"):
        complete_profile(p, ["Wanneer", "Wat"])
