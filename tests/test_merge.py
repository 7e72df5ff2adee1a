"""Mapping and merging: fields from profiles, periods, stable ids, order, linked duplicates."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reconstruct.case import Person, PersonMatcher
from reconstruct.mapping import SourceContext, map_table
from reconstruct.merge import link_duplicates, merge
from reconstruct.organisations import OrganisationRegistry
from reconstruct.profiles import complete_profile, parse_profile
from reconstruct.schema import validate
from reconstruct.sources.base import ROW, SHEET, WARNING, RawTable, records_frame

PERSONS = PersonMatcher(
    [
        Person("Sanne Veldhoen", "Moeder", aliases=("Sanne", "mw. Veldhoen")),
        Person("Noor Veldhoen", "Kind A", aliases=("Noor",)),
    ]
)


@pytest.fixture(scope="module")
def registry():
    return OrganisationRegistry.load()


def raw(rows: list[dict]) -> RawTable:
    for i, r in enumerate(rows, start=2):
        r.setdefault(ROW, i)
        r.setdefault(SHEET, None)
        r.setdefault(WARNING, None)
    return RawTable(records_frame(rows))


def mapped(rows, profile: dict | None, registry, source="a.csv"):
    table = raw(rows)
    prof = complete_profile(parse_profile(profile, "p.yaml") if profile else None, table.columns)
    events, kept = map_table(table, prof, SourceContext(source, source, registry, PERSONS))
    assert kept == len(rows)
    return events


def test_automatic_mapping_resolves_organisation_dates_and_persons(registry):
    ev = mapped(
        [{"Datum": "mei 2014", "Organisatie": "A.M.K.", "Omschrijving": "Sanne belt"}],
        None,
        registry,
    )
    r = ev.iloc[0]
    assert r["date_precision"] == "month" and r["date_raw"] == "mei 2014"
    assert r["organisation"] == "AMK" and r["organisation_raw"] == "A.M.K."
    assert r["domain"] == "veiligheid"
    assert r["persons"] == "Moeder"  # mentioned by name in the text
    assert r["event_type"] == "note"
    assert (
        r["source_text"]
        == '{"Datum": "mei 2014", "Organisatie": "A.M.K.", "Omschrijving": "Sanne belt"}'
    )


def test_profile_value_maps_defaults_and_warnings(registry):
    profile = {
        "name": "jgz",
        "columns": {
            "date": "Datum",
            "event_type": "Soort",
            "subtype": "Soort",
            "persons": "Betreft",
            "severity": "Ernst",
            "description": ["Soort", "Tekst"],
        },
        "values": {
            "event_type": {"Niet verschenen": "care_avoidance"},
            "subtype": {"Niet verschenen": "no_show"},
            "severity": {"hoog": 3},
        },
        "defaults": {"organisation": "JGZ", "domain": "gezondheid", "event_type": "contact"},
    }
    ev = mapped(
        [
            {
                "Datum": "15-05-2014",
                "Soort": "Niet verschenen",
                "Betreft": "Noor",
                "Ernst": "hoog",
                "Tekst": "Geen bericht",
            },
            {
                "Datum": "31-02-2014",
                "Soort": "Consult",
                "Betreft": "Noor, Onbekende Oom",
                "Ernst": "9",
                "Tekst": "",
            },
        ],
        profile,
        registry,
    )
    a, b = ev.iloc[0], ev.iloc[1]
    assert (a["event_type"], a["subtype"], a["severity"]) == ("care_avoidance", "no_show", 3)
    assert a["description"] == "Niet verschenen — Geen bericht"
    assert a["persons"] == "Kind A" and a["organisation"] == "JGZ"
    assert a["domain"] == "gezondheid" and pd.isna(a["warnings"])
    assert b["event_type"] == "contact" and b["subtype"] == "Consult"
    assert b["date_precision"] == "unknown" and pd.isna(b["date_start"])
    assert "onmogelijke datum" in b["warnings"]
    assert "ernst '9'" in b["warnings"]
    assert "persoon 'Onbekende Oom' staat niet in case.yaml" in b["warnings"]


def test_unmapped_type_without_default_is_a_note_with_warning(registry):
    ev = mapped(
        [{"Datum": "2014", "Soort": "Huisbezoek", "Tekst": "x"}],
        {"name": "p", "columns": {"date": "Datum", "event_type": "Soort"}},
        registry,
    )
    assert ev.iloc[0]["event_type"] == "note"
    assert "soort 'Huisbezoek' niet vertaald" in ev.iloc[0]["warnings"]


def test_unresolved_organisation_keeps_raw_name_and_warns(registry):
    ev = mapped(
        [{"Datum": "2014", "Instelling": "Bakkerij Jansen", "Notitie": "x"}], None, registry
    )
    assert ev.iloc[0]["organisation"] == "Bakkerij Jansen"
    assert "niet in het register" in ev.iloc[0]["warnings"]


def test_involvement_period_becomes_start_and_end_events(registry):
    profile = {
        "name": "p",
        "columns": {"date": "Begin", "date_end": "Eind", "organisation": "Instelling"},
        "defaults": {"event_type": "involvement"},
    }
    ev = mapped(
        [
            {"Begin": "voorjaar 2003", "Eind": "eind 2009", "Instelling": "MEE"},
            {"Begin": "2010", "Eind": "", "Instelling": "CJG"},
        ],
        profile,
        registry,
    )
    assert ev["event_type"].tolist() == [
        "involvement_start",
        "involvement_end",
        "involvement_start",
    ]
    assert ev["date_precision"].tolist() == ["season", "period", "year"]
    assert ev.iloc[1]["date_raw"] == "eind 2009"
    assert ev["source_row"].tolist() == [2, 2, 3]


def test_plain_event_with_end_column_spans_the_period(registry):
    profile = {
        "name": "p",
        "columns": {"date": "Begin", "date_end": "Eind"},
        "defaults": {"event_type": "measure", "organisation": "Raad voor de Kinderbescherming"},
    }
    ev = mapped([{"Begin": "01-03-2010", "Eind": "mei 2011"}], profile, registry)
    r = ev.iloc[0]
    assert r["date_precision"] == "period"
    assert r["date_start"] == pd.Timestamp("2010-03-01") and r["date_end"] == pd.Timestamp(
        "2011-05-31"
    )


def _frames(registry):
    a = mapped(
        [
            {
                "Datum": "15-05-2014",
                "Organisatie": "Politie",
                "Omschrijving": "Melding huiselijk geweld, buren horen geschreeuw bij Sanne",
            },
            {"Datum": "2013", "Organisatie": "Politie", "Omschrijving": "Wijkagent kent gezin"},
            {"Datum": "", "Organisatie": "Politie", "Omschrijving": "Zonder datum"},
            {"Datum": "01-01-2014", "Organisatie": "Politie", "Omschrijving": "Zelfde regel"},
            {"Datum": "01-01-2014", "Organisatie": "Politie", "Omschrijving": "Zelfde regel"},
        ],
        None,
        registry,
        source="politie.csv",
    )
    b = mapped(
        [
            {
                "Datum": "16-05-2014",
                "Organisatie": "AMK",
                "Omschrijving": "Politie meldt huiselijk geweld: buren hoorden geschreeuw "
                "bij Sanne",
            },
            {"Datum": "16-05-2014", "Organisatie": "AMK", "Omschrijving": "Overleg met school"},
        ],
        None,
        registry,
        source="amk.csv",
    )
    return a, b


def test_merge_orders_chronologically_and_links_duplicates(registry):
    a, b = _frames(registry)
    ev = merge([a, b], {"amk.csv": 0, "politie.csv": 1})
    assert validate(ev).empty
    assert ev["date_raw"].tolist()[:2] == ["2013", "01-01-2014"]
    assert ev.iloc[-1]["date_precision"] == "unknown"  # undated last
    police = ev[ev["description"].str.startswith("Melding huiselijk")].iloc[0]
    amk = ev[ev["description"].str.startswith("Politie meldt")].iloc[0]
    assert amk["duplicate_of"] == police["event_id"]
    same = ev[ev["description"] == "Zelfde regel"]
    assert same.iloc[1]["duplicate_of"] == same.iloc[0]["event_id"]
    assert ev[ev["description"] == "Overleg met school"]["duplicate_of"].isna().all()
    assert ev["event_id"].is_unique


def test_event_ids_are_stable_and_independent_of_row_order(registry):
    a, b = _frames(registry)
    first = merge([a, b], {"amk.csv": 0, "politie.csv": 1})
    shuffled = a.iloc[::-1].copy()
    shuffled["source_row"] = range(10, 10 + len(shuffled))
    second = merge([shuffled, b], {"amk.csv": 0, "politie.csv": 1})
    key = ["description", "date_raw"]
    left = first.set_index("event_id")[key].sort_index()
    right = second.set_index("event_id")[key].sort_index()
    assert left.equals(right)


def test_no_link_between_far_apart_or_dissimilar_events(registry):
    ev = merge(
        [
            mapped(
                [
                    {
                        "Datum": "01-01-2014",
                        "Organisatie": "Politie",
                        "Omschrijving": "Huisbezoek bij het gezin van Sanne",
                    }
                ],
                None,
                registry,
                "a.csv",
            ),
            mapped(
                [
                    {
                        "Datum": "20-01-2014",
                        "Organisatie": "MEE",
                        "Omschrijving": "Huisbezoek bij het gezin van Sanne",
                    },
                    {
                        "Datum": "01-01-2014",
                        "Organisatie": "MEE",
                        "Omschrijving": "Schuldenoverzicht opgesteld",
                    },
                ],
                None,
                registry,
                "b.csv",
            ),
        ],
        {"a.csv": 0, "b.csv": 1},
    )
    assert link_duplicates(ev).isna().all()


def test_first_ids_made_beforehand_give_the_same_ids():
    from reconstruct.mapping import event_ids, first_event_ids

    base = pd.Series(["jgz|a", "jgz|b", "jgz|a", "vt|a", "jgz|a", "jgz|b"], dtype="str")
    order = np.array([5, 4, 3, 2, 1, 0])
    ids = event_ids(base, order=order)
    assert len(set(ids)) == len(ids)  # repeated records told apart by their occurrence
    first = first_event_ids(base)
    assert event_ids(base, order=order, first=first) == ids
    plain = event_ids(base)  # in the order given: rows 2, 4 and 5 repeat an earlier record
    assert [a == b for a, b in zip(plain, first, strict=True)] == [1, 1, 0, 1, 0, 0]
