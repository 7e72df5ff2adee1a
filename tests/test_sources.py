"""Readers: every format, encodings, title rows, quoted newlines, rejected rows with reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from reconstruct.sources import ReadOptions, SourceError, reader_for, readers
from reconstruct.sources.base import ROW, SHEET, WARNING
from reconstruct.sources.delimited import detect_separator
from tests.conftest import SOURCES


def read(name, **opts):
    path = SOURCES / name
    return reader_for(path).read(path, ReadOptions(**opts))


def test_every_reader_is_registered_documented_and_has_test_data():
    names = set(readers())
    assert {"csv", "xlsx", "json", "jsonl", "journal"} <= names
    files = {p.suffix for p in SOURCES.iterdir()}
    for name, cls in readers().items():
        assert cls.DESCRIPTION, f"{name}: DESCRIPTION missing"
        module = __import__(cls.__module__, fromlist=["x"])
        assert module.__doc__ and "Reads" in module.__doc__, f"{name}: quote a raw line it reads"
        assert files & set(cls.EXTENSIONS), f"{name}: no test data under tests/data/sources"


def test_semicolon_cp1252_with_title_rows_quoted_newline_and_bad_rows():
    raw = read("semicolon_cp1252.csv")
    assert raw.detected["encoding"] == "cp1252"
    assert raw.detected["separator"] == ";"
    assert raw.detected["header_row"] == 3
    assert raw.columns == ["Datum contact", "Soort contact", "Betreft", "Verslag"]
    f = raw.frame
    assert f.loc[0, "Verslag"] == "Moeder opent de deur niet.\nBriefje achtergelaten."
    assert f.loc[1, "Verslag"].startswith("Café")
    assert list(f[ROW]) == [4, 6, 10]  # line numbers where each record starts
    assert f.loc[2, WARNING] == "rij heeft 2 velden, de kopregel 4"
    rejected = {row: why for _, row, why in raw.rejected}
    assert rejected[7] == "lege rij"
    assert rejected[8] == "rij heeft 5 velden, de kopregel 4"
    assert rejected[9] == "rij heeft 6 velden, de kopregel 4"
    assert len(f) + len(raw.rejected) == 6


def test_utf8_bom_comma_and_trailing_blank_line():
    raw = read("comma_bom.csv")
    assert raw.detected["encoding"] == "utf-8-sig"
    assert raw.columns == ["Datum", "Organisatie", "Omschrijving"]
    assert raw.frame["Omschrijving"].tolist()[0] == "Melding ontvangen, onderzoek gestart"
    assert raw.rejected == []


def test_tsv():
    raw = read("tabs.tsv")
    assert raw.detected["separator"] == "\t"
    assert raw.frame["Datum"].tolist() == ["1-2-03", "sept 2019"]


def test_explicit_options_override_detection():
    raw = read("semicolon_cp1252.csv", encoding="cp1252", separator=";", header_row=3)
    assert raw.columns[0] == "Datum contact"


def test_wrong_explicit_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Datum;Tekst\n01-01-2010;caf\xe9\n".encode("cp1252"))
    with pytest.raises(SourceError, match="x.csv"):
        reader_for(path).read(path, ReadOptions(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("a;b;c\n1;2;3\n", ";"),
        ("a,b\n1,2\n", ","),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b|c\n1|2|3", "|"),
        ('a,b\n"x; y",2\n', ","),
    ],
)
def test_detect_separator(text, sep):
    assert detect_separator(text) == sep


def test_xlsx_sheets_title_rows_types_and_rejections():
    raw = read("workbook.xlsx")
    f = raw.frame
    assert raw.detected["sheets"] == ["Opnames", "Poli"]  # the title-only cover sheet is skipped
    assert raw.detected["header_row"] == {"Opnames": 3, "Poli": 1}
    opn = f[f[SHEET] == "Opnames"]
    assert opn["Datum"].iloc[0] == dt.datetime(2011, 10, 3)
    assert opn["Datum"].iloc[1] == 40210  # an Excel serial typed as a number stays a number
    assert list(opn[ROW]) == [4, 6]
    assert ("Opnames", 5, "lege rij") in raw.rejected
    assert any(s == "Opnames" and r == 7 for s, r, _ in raw.rejected)
    poli = f[f[SHEET] == "Poli"]
    assert poli["Datum"].tolist() == ["3 okt. 2011"] and list(poli[ROW]) == [2]


def test_xlsx_missing_sheet_names_the_file_and_sheets():
    with pytest.raises(SourceError, match="workbook.xlsx: tabblad Nope bestaat niet"):
        read("workbook.xlsx", sheets=["Nope"])


def test_json_list_with_nested_lists_and_bad_items():
    raw = read("list.json")
    f = raw.frame
    assert f.loc[0, "betrokkenen"] == ["Sanne", "Ruben"]
    assert f.loc[0, "eenheid.naam"] == "Basisteam Noord"
    assert list(f[ROW]) == [1, 2]
    assert raw.rejected == [(None, 3, "record 3 is geen object"), (None, 4, "leeg record")]


def test_json_wrapped_in_an_object():
    assert read("wrapped.json").frame["datum"].tolist() == ["3 okt. 2011"]


def test_invalid_json_names_file_and_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[{"a": 1},\n{"a": ]', "utf-8")
    with pytest.raises(SourceError, match=r"bad.json, regel 2: ongeldige JSON"):
        reader_for(path).read(path, ReadOptions())


def test_jsonl_lines_and_rejections():
    raw = read("lines.jsonl")
    assert list(raw.frame[ROW]) == [1, 5]
    reasons = {row: why for _, row, why in raw.rejected}
    assert reasons[2] == "lege regel"
    assert reasons[3].startswith("ongeldige JSON")
    assert reasons[4] == "regel is geen object"


def test_journal_entries_continuations_and_title():
    raw = read("journal.txt")
    f = raw.frame
    assert f["datum"].tolist() == ["12-03-2008", "maart 2008", "begin 2011"]
    assert f.loc[0, "tekst"] == "Huisbezoek. Sanne oogt moe.\nKinderen niet gezien."
    assert f.loc[1, "tekst"].endswith("(vervolg van vorige notitie).")
    assert list(f[ROW]) == [3, 5, 7]
    assert raw.detected["title_rows"] == ["Journaal ambulant begeleider — cliënt S. Veldhoen"]


def test_unknown_extension_is_a_clear_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(SourceError, match="scan.pdf: geen lezer"):
        reader_for(path)
