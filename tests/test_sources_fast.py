"""The fast readers give exactly what the plain ones give: the CSV fast path (pandas' C parser)
against Python's csv module."""

from __future__ import annotations

import csv
import io
import random

import pandas as pd
import pytest

from reconstruct.sources import ReadOptions, SourceError, delimited, reader_for
from reconstruct.sources.base import ROW, SHEET, WARNING
from reconstruct.sources.header import find_header_row, unique_headers


def reference_rows(text: str, sep: str, header_row: int | None = None):
    """The reader's rules written record by record, as they were before the fast path."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records, starts, line = [], [], 1
    for fields in reader:
        records.append(fields)
        starts.append(line)
        line = reader.line_num + 1
    while records and not any(f.strip() for f in records[-1]):
        records.pop()
        starts.pop()
    header_idx = find_header_row(records[:30], header_row)
    if header_idx is None:
        return None
    columns = unique_headers(records[header_idx])
    width = len(columns)
    kept, lines, warnings, rejected = [], [], [], []
    for fields, line_no in zip(records[header_idx + 1 :], starts[header_idx + 1 :], strict=True):
        size = len(fields)
        if not "".join(fields).strip():
            rejected.append((None, line_no, "lege rij"))
            continue
        warning = None
        if size > width:
            if "".join(fields[width:]).strip():
                rejected.append((None, line_no, f"rij heeft {size} velden, de kopregel {width}"))
                continue
            fields = fields[:width]
        elif size < width:
            warning = f"rij heeft {size} velden, de kopregel {width}"
            fields = fields + [""] * (width - size)
        kept.append(fields)
        lines.append(line_no)
        warnings.append(warning)
    frame = pd.DataFrame(
        dict(zip(columns, map(list, zip(*kept, strict=True)), strict=True))
        if kept
        else {c: [] for c in columns},
        dtype=object,
    )
    frame[ROW] = lines
    frame[SHEET] = None
    frame[WARNING] = warnings
    frame = frame.astype(object)
    detected = {
        "header_row": starts[header_idx],
        "title_rows": [" ".join(f for f in fs if f.strip()) for fs in records[:header_idx]],
    }
    return frame, rejected, detected


def assert_reads_like_reference(tmp_path, text: str, sep: str, header_row=None, name="x.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    expected = reference_rows(text.encode("utf-8").decode("utf-8-sig"), sep, header_row)
    options = ReadOptions(encoding="utf-8", separator=sep, header_row=header_row)
    if expected is None:
        with pytest.raises(SourceError, match="kopregel"):
            reader_for(path).read(path, options)
        return
    raw = reader_for(path).read(path, options)
    frame, rejected, detected = expected
    pd.testing.assert_frame_equal(raw.frame, frame)
    for col in frame.columns:  # the same Python objects, not merely equal-looking ones
        assert [type(v) for v in raw.frame[col]] == [type(v) for v in frame[col]], col
    assert raw.rejected == rejected
    assert {k: raw.detected[k] for k in detected} == detected


def records_of(parsed):
    return [parsed.record(i) for i in range(len(parsed))], list(parsed.starts)


def test_fast_path_reads_quoted_newlines_ragged_rows_and_title_rows(tmp_path):
    text = (
        "Export wijkteam\r\nDatum: 1-2-2020\r\n\r\n"
        'Datum;Soort;Tekst\r\n1-1-2000;Gesprek;"regel een\r\nregel twee"\r\n'
        '2-1-2000;Huisbezoek;"met ; en ""quotes"""\r\n\r\n   \r\n3-1-2000;kort\r\n'
        '4-1-2000;x;y;z\r\n5-1-2000;x;y;;\r\n6-1-2000;x;y;""\r\n;;\r\n\r\n\r\n'
    )
    fast = delimited._parse_fast(text, ";")
    assert fast is not None, "this file should take the fast path"
    assert records_of(fast) == records_of(delimited._parse_csv(text, ";", "x.csv"))
    assert_reads_like_reference(tmp_path, text, ";")


@pytest.mark.parametrize(
    "text",
    [
        "a;b\rc;d\r",  # a lone CR is a line break for csv
        "\ufeff\ufeffa;b\n1;2\n",  # a BOM character that decoding left in place
        'a;b\n1;"open\n2;3\n',  # an unclosed quote runs to the end
    ],
)
def test_files_the_fast_path_cannot_vouch_for_fall_back(tmp_path, text):
    assert delimited._parse_fast(text, ";") is None
    assert_reads_like_reference(tmp_path, text, ";")


@pytest.mark.parametrize(
    "text",
    [
        'Datum;Tekst\n1-1-2000;scherm van 5" groot\n2-1-2000;"twee\nregels"\n',  # a stray quote
        'Datum;Tekst\n1-1-2000;"x"y;z\n2-1-2000;"twee\nregels"\n',  # text after a closing quote
        "a;b\n1;2\n3;" + ";" * 5 + '"x\ny";z;w;v;u;t;s\n',  # a record wider than any line
    ],
)
def test_fast_path_without_or_with_trustworthy_quotes(tmp_path, text):
    fast = delimited._parse_fast(text, ";")
    assert fast is not None
    assert records_of(fast) == records_of(delimited._parse_csv(text, ";", "x.csv"))
    assert_reads_like_reference(tmp_path, text, ";")


QUIRKS = [
    'a;"abc"def;c',
    'a;ab"cd;e',
    'a; "abc";x',
    '"a""b";c',
    '"a;b"x"y";z',
    '"";""',
    "a;b;",
    ";",
    '"a"  ;b',
    "a\tb;c",
    "#a;b",
    "a;b\x00c",
    "a;b\x0bc;\x0cd",
    "a;b\x85c;d\u2028e",
    "NA;null;nan;N/A",
    " a ; b ",
    "a;'b;c';d",
    "a\\;b;c",
    '"x\r\ny";z',
    '"\n";"\n\n"',
    '""',
    "\t",
]


@pytest.mark.parametrize("quirk", QUIRKS)
def test_fast_path_agrees_with_csv_on_odd_fields(tmp_path, quirk):
    text = f"Datum;Soort;Tekst\n1-1-2000;{quirk}\n{quirk}\n2-1-2000;b;c\n{quirk};x\n"
    fast = delimited._parse_fast(text, ";")
    if fast is not None:
        assert records_of(fast) == records_of(delimited._parse_csv(text, ";", "x.csv"))
    assert_reads_like_reference(tmp_path, text, ";")


def random_csv(rng: random.Random, sep: str) -> str:
    pieces = ["", " ", "a", "tekst", sep, "\n", "\r\n", '"', "é", "—", "x y", "  ", "\t", ",", ";"]
    newline = rng.choice(["\n", "\r\n"])
    lines = []
    if rng.random() < 0.3:
        lines += ["Titel van de export", ""]
    width = rng.randint(1, 5)
    lines.append(sep.join(f"kolom{i}" for i in range(width)))
    for _ in range(rng.randint(0, 25)):
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "   ", sep * rng.randint(1, 4)]))
            continue
        fields = []
        for _ in range(max(1, width + rng.choice([-2, -1, 0, 0, 0, 0, 1, 2]))):
            value = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 4)))
            needs = any(c in value for c in (sep, "\n", "\r", '"'))
            if needs or rng.random() < 0.2:
                value = '"' + value.replace('"', '""') + '"'
            fields.append(value)
        lines.append(sep.join(fields))
    return newline.join(lines) + rng.choice(["", newline, newline * 3])


@pytest.mark.parametrize("seed", range(40))
def test_fast_path_agrees_with_csv_on_random_files(tmp_path, seed):
    rng = random.Random(seed)
    for sep in (";", ",", "\t", "|"):
        text = random_csv(rng, sep)
        fast = delimited._parse_fast(text, sep)
        if fast is not None:
            assert records_of(fast) == records_of(delimited._parse_csv(text, sep, "x.csv"))
        assert_reads_like_reference(tmp_path, text, sep)


def test_detect_separator_looks_only_at_the_first_lines():
    head = "a;b;c\r\n" * 49 + "a;b;c\r"
    assert delimited._first_lines(head + "\n" + "x,y\n" * 100_000, 50) == ["a;b;c"] * 50
    assert delimited._first_lines("a\nb", 50) == ["a", "b"]
    text = "a;b;c\n" * 50 + "x,y,z,w\n" * 100_000
    assert delimited.detect_separator(text) == ";"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("journaal.txt", "12-03-2008: Huisbezoek bij caf\xe9\n"),
        ("lijst.json", '[{"datum": "2010", "tekst": "caf\xe9"}]'),
        ("regels.jsonl", '{"datum": "2010", "tekst": "caf\xe9"}\n'),
    ],
)
def test_wrong_explicit_encoding_names_the_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content.encode("cp1252"))
    with pytest.raises(SourceError, match=name):
        reader_for(path).read(path, ReadOptions(encoding="utf-8"))
    with pytest.raises(SourceError, match=name):
        reader_for(path).read(path, ReadOptions(encoding="geen-codering"))
