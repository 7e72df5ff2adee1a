"""Acceptance test: a never-seen export, with a profile written from the README alone.

The case in tests/data/unseen/case is a synthetic activity export of the fictional
"Stichting Schuldhulp Noord" (debt counselling) about the invented family Brouwer
(regenerate the workbook with tests/data/unseen/make_unseen.py). The profile
profiles/shn_activiteiten.yaml was written from README.md only, without reading reconstruct/.

Every expectation below is what the README promises. The first run found three bugs (comma
spellings of names, a crash joining warnings of period rows, an invented midnight in dates
read from Excel); their tests now pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import DATA, ROOT

UNSEEN = DATA / "unseen" / "case"
FILE = "SHN_activiteiten_dossier_2009-0417.xlsx"
SHEET = "Activiteiten"
FIRST_DATA_ROW, LAST_DATA_ROW = 5, 26  # header is Excel row 4, two title rows above it

NA = None  # empty severity / date
T = pd.Timestamp

# One entry per expected event, in the expected table order.
# (source_row, event_type, date_start, date_end, date_precision, subtype, severity, description)
EXPECTED = [
    (6, "contact", "2009-09-01", "2009-12-31", "period", "home_visit", NA,
     "Huisbezoek — Huisbezoek: post ongeopend in la, Ronald niet aanwezig. Jesse en Lotte thuis."),
    (5, "involvement_start", "2009-10-12", "2009-10-12", "day", "aanmelding", 1,
     "Aanmelding — Aanmelding via wijkteam; achterstanden huur en energie, ca. € 14.000 schuld."),
    (7, "involvement_start", "2010-03-01", "2010-03-01", "day", "budgetbeheer", NA,
     "Traject budgetbeheer — Start budgetbeheer; inkomen loopt via beheerrekening."),
    (8, "care_avoidance", "2011-03-01", "2011-05-31", "season", "no_answer", NA,
     "Geen gehoor — Afspraak om 10.00 uur, niemand thuis. Briefkaart achtergelaten."),
    (9, "consultation", "2012-07-01", "2012-09-30", "quarter", "chain_consultation", 3,
     "Overleg ketenpartners — Overleg met wijkteam en woningcorporatie over dreigende "
     "ontruiming; mw. Brouwer op de hoogte gebracht."),
    (7, "involvement_end", "2012-08-31", "2012-08-31", "day", "budgetbeheer", NA,
     "Traject budgetbeheer — Start budgetbeheer; inkomen loopt via beheerrekening."),
    (11, "signal", "2012-11-05", "2012-11-05", "day", "zorgmelding", 3,
     "Zorgmelding gedaan — Zorgmelding bij Veilig Thuis: Jesse (5) vertelt dat er vaak geen "
     "eten in huis is."),
    (13, "care_avoidance", "2013-03-12", "2013-03-12", "day", "cancelled_by_client", NA,
     "Afspraak afgezegd door cliënt — Dhr. heeft afgezegd i.v.m. werk."),
    (14, "contact", "2013-12-01", "2013-12-31", "month", "home_visit", 1,
     "Huisbezoek — Huisbezoek samen met wijkteam, Lotte en Jesse aanwezig; sfeer gespannen."),
    (15, "signal", "2014-02-03", "2014-02-03", "day", "zorgmelding", 3,
     "Zorgmelding gedaan — Lotte met blauwe plek op arm gezien bij huisbezoek; melding bij "
     "Veilig Thuis."),
    (16, "agreement", "2014-05-01", "2014-05-31", "month", "payment_arrangement", NA,
     "Betalingsregeling getroffen — Betalingsregeling met energieleverancier, € 75 per maand."),
    (18, "contact", "2014-05-15", "2014-05-15", "day", "home_visit", NA,
     "huisbezoek — Lotte (4) had geen schoenen die pasten; mw. schaamt zich."),
    (17, "measure", "2014-05-15", "2014-11-15", "period", "debt_settlement", NA,
     "Minnelijk traject — Minnelijk schuldregelingstraject, zes maanden."),
    # "Post verwerkt" is in no value map: event type falls back to defaults.event_type (note);
    # the README does not say what subtype an unmapped value gets: the raw cell is kept.
    (20, "note", "2015-01-01", "2015-12-31", "year", "Post verwerkt", NA,
     "Post verwerkt — Post van het afgelopen jaar samen met mw. geordend."),
    (19, "care_avoidance", "2015-01-20", "2015-01-20", "day", "no_answer", NA,
     "Geen gehoor — Tweede keer geen gehoor; brief gestuurd. Dossier naar collega Jessica."),
    (21, "consultation", "2015-06-08", "2015-06-08", "day", "chain_consultation", 1,
     "Overleg ketenpartners — Overleg met school van Jesse en Lotte over schoolreiskosten; "
     "Jessica van Dam (IB'er) aanwezig."),
    (22, "consultation", "2015-06-08", "2015-06-08", "day", "chain_consultation", 1,
     "Overleg ketenpartners — Overleg met school van Jesse en Lotte over schoolreiskosten; "
     "Jessica van Dam (IB'er) aanwezig."),
    (23, "signal", "2016-06-01", "2016-08-31", "season", "eviction_threat", 3,
     "Dreigende huisuitzetting — Vonnis ontruiming; Ronald inmiddels vertrokken uit de woning."),
    (25, "care_avoidance", "2016-11-14", "2016-11-14", "day", "no_answer", NA, "Geen gehoor"),
    (26, "involvement_end", "2017-03-01", "2017-03-01", "day", "afsluiting", NA,
     "Afsluiting — Dossier gesloten: verhuisd buiten werkgebied, overgedragen aan gemeente."),
    # impossible date: kept, precision unknown, sorted last
    (12, "contact", NA, NA, "unknown", "phone", 1,
     "Telefonisch contact — Mw. belt: beslag op loon van Ronald door deurwaarder."),
]  # fmt: skip

# date_raw for cells typed as text in the workbook (exactly as written).
TEXT_DATE_RAW = {
    6: "eind 2009",
    8: "voorjaar 2011",
    9: "Q3 2012",
    12: "31-02-2013",
    13: "12-3-2013",
    14: "december 2013",
    15: "03-02-2014",
    16: "mei 2014",
    17: "15-05-2014 – 15-11-2014",  # two-column period: "begin – eind"
    18: "15-05-2014",
    20: "2015",
    23: "zomer 2016",
    25: "14-11-2016",
}
# The involvement row (7, period in two columns) is split into a start and an end event.
INVOLVEMENT_RAW = {"involvement_start": "01-03-2010", "involvement_end": "31-08-2012"}
# Cells that are real Excel dates (shown as DD-MM-YYYY in Excel).
REAL_DATE_ROWS = {5: "2009-10-12", 11: "2012-11-05", 19: "2015-01-20", 21: "2015-06-08",
                  22: "2015-06-08", 26: "2017-03-01"}  # fmt: skip

# Persons: client column (case.yaml names and aliases, e.g. "Brouwer-de Haan, M.") plus every
# person named in the text. Compared as sets: the README does not fix the order.
PERSONS = {
    5: {"Moeder"},
    6: {"Moeder", "Vader", "Kind A", "Kind B"},
    7: {"Vader", "Moeder"},
    8: {"Vader"},
    9: {"Moeder"},  # client column empty; "mw. Brouwer" in the text
    11: {"Kind A"},
    12: {"Moeder", "Vader"},
    13: {"Vader"},
    14: {"Moeder", "Kind B", "Kind A"},
    15: {"Kind B"},
    16: {"Vader", "Moeder"},
    17: {"Vader", "Moeder"},
    18: {"Kind B"},
    19: {"Vader"},  # "Jessica" is not "Jesse"
    20: {"Moeder"},
    21: {"Kind A", "Kind B"},
    22: {"Kind A", "Kind B"},
    23: {"Moeder", "Vader"},
    25: {"Moeder"},
    26: {"Moeder"},
}
# The part of PERSONS that comes from full names in the client column or from the text only.
PERSONS_FROM_TEXT_OR_FULL_NAME = {
    6: {"Vader", "Kind A", "Kind B"},
    9: {"Moeder"},
    11: {"Kind A"},
    12: {"Vader"},
    14: {"Kind B", "Kind A"},
    15: {"Kind B"},
    18: {"Kind B"},
    21: {"Kind A", "Kind B"},
    22: {"Kind A", "Kind B"},
    23: {"Vader"},
}

# The source's own activity number per Excel row (row 22 is a double export line of row 21).
REG_NR = {5: 90001, 6: 90002, 7: 90003, 8: 90004, 9: 90005, 11: 90006, 12: 90007, 13: 90008,
          14: 90009, 15: 90010, 16: 90011, 17: 90012, 18: 90013, 19: 90014, 20: 90015,
          21: 90016, 22: 90016, 23: 90017, 25: 90019, 26: 90020}  # fmt: skip

REJECTED = [
    {"file": FILE, "sheet": SHEET, "row": 10, "reason": "lege rij"},
    {"file": FILE, "sheet": SHEET, "row": 24, "reason": "rij heeft waarden buiten de 8 kolommen"},
]


def _ingest(case: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reconstruct", "ingest", str(case)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _copy_case(dst: Path) -> Path:
    shutil.copytree(UNSEEN, dst, ignore=shutil.ignore_patterns("derived"))
    return dst


def _persons(value) -> set[str]:
    return set() if pd.isna(value) or value == "" else set(value.split("; "))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    case = _copy_case(tmp_path_factory.mktemp("unseen") / "case")
    proc = _ingest(case)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    events = pd.read_parquet(case / "derived" / "events.parquet")
    report = json.loads((case / "derived" / "ingest_report.json").read_text(encoding="utf-8"))
    return proc, events, report


@pytest.fixture(scope="module")
def events(ingested) -> pd.DataFrame:
    return ingested[1]


@pytest.fixture(scope="module")
def report(ingested) -> dict:
    return ingested[2]


def test_report_counts(report):
    assert report["ok"] is True
    assert report["errors"] == []
    assert report["schema_failures"] == []
    [f] = report["files"]
    assert f["file"] == FILE
    assert f["reader"] == "xlsx"
    assert f["profile"] == "shn_activiteiten.yaml"
    assert f["source_key"] == "shn_activiteiten"
    assert f["detected"]["header_row"] == {SHEET: 4}  # title rows skipped
    assert f["rows_read"] == LAST_DATA_ROW - FIRST_DATA_ROW + 1 == 22
    assert f["rows_kept"] == 20
    assert f["rows_rejected"] == 2
    assert f["rows_read"] == f["rows_kept"] + f["rows_rejected"]
    assert f["events"] == 21  # the involvement row gives two events
    assert f["duplicates_linked"] == 1


def test_rejected_rows(report):
    assert report["rejected"] == REJECTED


def test_every_raw_row_accounted_for(events, report):
    kept = set(events["source_row"].astype(int))
    rejected = {r["row"] for r in report["rejected"]}
    assert kept.isdisjoint(rejected)
    assert kept | rejected == set(range(FIRST_DATA_ROW, LAST_DATA_ROW + 1))
    assert len(kept) == report["files"][0]["rows_kept"]


def test_events_row_by_row(events):
    assert len(events) == len(EXPECTED)
    got = list(zip(events["source_row"].astype(int), events["event_type"], strict=True))
    assert got == [(e[0], e[1]) for e in EXPECTED]  # also checks the table order
    for (row, etype, start, end, precision, subtype, severity, description), (_, ev) in zip(
        EXPECTED, events.iterrows(), strict=True
    ):
        where = f"row {row} {etype}"
        if start is None:
            assert pd.isna(ev["date_start"]) and pd.isna(ev["date_end"]), where
        else:
            assert ev["date_start"] == T(start), where
            assert ev["date_end"] == T(end), where
        assert ev["date_precision"] == precision, where
        assert ev["subtype"] == subtype, where
        if severity is None:
            assert pd.isna(ev["severity"]), where
        else:
            assert ev["severity"] == severity, where
        assert ev["description"] == description, where
        assert ev["organisation"] == "Schuldhulp Noord", where
        assert ev["organisation_raw"] == "SHN", where
        assert ev["domain"] == "werk_inkomen", where
        assert ev["source_file"] == FILE, where
        assert ev["source_sheet"] == SHEET, where


def test_text_date_raw(events):
    for _, ev in events.iterrows():
        row = int(ev["source_row"])
        if row in TEXT_DATE_RAW:
            assert ev["date_raw"] == TEXT_DATE_RAW[row], row
        elif row == 7:
            assert ev["date_raw"] == INVOLVEMENT_RAW[ev["event_type"]]


def test_real_excel_date_raw_has_no_invented_time(events):
    for row, iso in REAL_DATE_ROWS.items():
        shown = f"{iso[8:10]}-{iso[5:7]}-{iso[0:4]}"  # as Excel shows it (DD-MM-YYYY)
        raws = events.loc[events["source_row"] == row, "date_raw"]
        assert set(raws) <= {iso, shown}, (row, list(raws))


def test_source_text_is_the_raw_record(events):
    for _, ev in events.iterrows():
        rec = json.loads(ev["source_text"])
        row = int(ev["source_row"])
        assert rec["Reg.nr."] == REG_NR[row], row
        assert "Reg.datum" in rec and "Type activiteit" in rec, row
        assert "Medewerker" in rec, row  # unmapped columns are kept in source_text


def test_event_ids_and_duplicate(events):
    ids = events["event_id"]
    assert ids.is_unique
    assert ids.str.fullmatch(r"ev-[0-9a-f]{16}").all()
    rows = zip(events.source_row, events.event_type, ids, strict=True)
    by_row = {(int(r), t): i for r, t, i in rows}
    first = by_row[(21, "consultation")]
    second = by_row[(22, "consultation")]
    dup = events.set_index("event_id")["duplicate_of"]
    assert dup[second] == first
    assert dup.drop(second).isna().all()


def test_impossible_date_warns_and_keeps_raw(events):
    ev = events[events["source_row"] == 12].iloc[0]
    assert ev["date_precision"] == "unknown"
    assert ev["date_raw"] == "31-02-2013"
    assert "31-02-2013" in ev["warnings"]


def test_persons_from_text_and_full_names(events):
    for _, ev in events.iterrows():
        row = int(ev["source_row"])
        got = _persons(ev["persons"])
        assert PERSONS_FROM_TEXT_OR_FULL_NAME.get(row, set()) <= got, row
        assert got <= PERSONS[row], row  # nothing invented
    jessica = events[events["source_row"] == 19].iloc[0]
    assert "Kind A" not in _persons(jessica["persons"])


def test_persons_column_aliases(events):
    for _, ev in events.iterrows():
        row = int(ev["source_row"])
        assert _persons(ev["persons"]) == PERSONS[row], row
    # the only warning in the whole table is the impossible date
    warned = events.loc[events["warnings"].notna(), "source_row"].astype(int).tolist()
    assert warned == [12]


def test_warning_free_involvement_row_does_not_crash(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    case = _copy_case(tmp_path / "case")
    path = case / "sources" / FILE
    wb = openpyxl.load_workbook(path)
    wb[SHEET]["E7"] = "Ronald Brouwer / Marieke Brouwer-de Haan"  # full names: no warning
    wb.save(path)
    proc = _ingest(case)
    assert proc.returncode == 0, proc.stderr[-2000:]
    events = pd.read_parquet(case / "derived" / "events.parquet")
    inv = events[events["source_row"] == 7]
    assert list(inv["event_type"]) == ["involvement_start", "involvement_end"]
    assert all(_persons(p) == {"Vader", "Moeder"} for p in inv["persons"])
    assert inv["warnings"].isna().all()
