"""Exports: CSV, Excel and JSON round-trip, and formula injection is neutralised."""

from __future__ import annotations

import json

import openpyxl
import pandas as pd
import pytest

from reconstruct.export import export_events, neutralise, read_export, restore
from reconstruct.schema import coerce_dtypes


@pytest.fixture
def events():
    rows = [
        {
            "event_id": "ev-0000000000000001",
            "date_start": pd.Timestamp("2014-05-15"),
            "date_end": pd.Timestamp("2014-05-15"),
            "date_precision": "day",
            "date_raw": "15-05-2014",
            "organisation": "AMK",
            "organisation_raw": "A.M.K.",
            "domain": "veiligheid",
            "persons": "Moeder; Kind A",
            "event_type": "signal",
            "subtype": "injury",
            "severity": 3,
            "description": '=HYPERLINK("http://x")',
            "source_file": "amk.jsonl",
            "source_row": 4,
            "source_text": '{"a": "é"}',
            "warnings": "-1 is geen ernst",
        },
        {
            "event_id": "ev-0000000000000002",
            "date_start": pd.Timestamp("2002-01-01"),
            "date_end": pd.Timestamp("2002-12-31"),
            "date_precision": "year",
            "date_raw": "2002",
            "organisation": "Politie",
            "event_type": "contact",
            "description": "+31 6 bellen @ 9u",
            "source_file": "p.csv",
            "source_sheet": None,
            "source_row": 2,
            "duplicate_of": "ev-0000000000000001",
        },
        {
            "event_id": "ev-0000000000000003",
            "date_precision": "unknown",
            "date_raw": None,
            "event_type": "note",
            "description": "zonder datum",
            "source_file": "p.csv",
            "source_row": 3,
            "warnings": "geen datum",
        },
    ]
    return coerce_dtypes(pd.DataFrame(rows))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-x", "'-x"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("gewoon", "gewoon"),
        ("'al", "'al"),
        (None, None),
        (3, 3),
    ],
)
def test_neutralise_and_restore(value, expected):
    assert neutralise(value) == expected
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_round_trip(events, tmp_path, fmt):
    path = export_events(events, tmp_path / f"events.{fmt}")
    back = read_export(path)
    pd.testing.assert_frame_equal(back, events, check_dtype=True)


def test_csv_cells_are_neutralised_on_disk(events, tmp_path):
    text = (
        (tmp_path / "e.csv").read_text("utf-8-sig")
        if export_events(events, tmp_path / "e.csv")
        else ""
    )
    assert "'=HYPERLINK" in text and "'+31 6" in text and "'-1 is geen" in text
    assert text.splitlines()[0].startswith("event_id;date_start;date_end;date_precision")


def test_xlsx_cells_are_text_not_formulas(events, tmp_path):
    export_events(events, tmp_path / "e.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "e.xlsx").active
    headers = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=headers.index("description") + 1)
    assert cell.value.startswith("'=") and cell.data_type == "s"
    assert ws.freeze_panes == "A2"


def test_json_is_plain_records(events, tmp_path):
    export_events(events, tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text("utf-8"))
    assert data[0]["date_start"] == "2014-05-15" and data[0]["severity"] == 3
    assert data[0]["description"].startswith("=HYPERLINK")  # JSON is not a spreadsheet
    assert data[2]["date_start"] is None


def test_unknown_format_is_an_error(events, tmp_path):
    with pytest.raises(ValueError, match="exportformaat 'pdf'"):
        export_events(events, tmp_path / "e.pdf")
