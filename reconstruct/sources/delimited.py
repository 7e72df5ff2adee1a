"""CSV and TSV extracts with any separator, encoding and quoted newlines.

Reads, for example (cp1252, semicolons, a quoted newline):
    Datum contact;Soort contact;Verslag
    15-05-2014;Huisbezoek;"Moeder opent de deur niet.
    Briefje achtergelaten."

Two parsers give the same records: pandas' C parser for speed (10^6 rows), and Python's csv
module, the reference, for any file the fast one cannot prove it reads exactly the same way.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import numpy as np
import pandas as pd

from reconstruct.sources.base import (
    ROW,
    SHEET,
    WARNING,
    RawTable,
    Reader,
    ReadOptions,
    SourceError,
    register,
)
from reconstruct.sources.header import find_header_row, unique_headers
from reconstruct.sources.text import decode_or_error, utf8_of

CANDIDATE_SEPARATORS = (";", ",", "\t", "|")
HEADER_SEARCH_ROWS = 30  # the header is looked for among the first records


def _first_lines(text: str, n: int) -> list[str]:
    """text.splitlines()[:n] without splitting the whole (large) text."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        # More than n pieces: the first n are complete lines, ended inside the prefix.
        if len(lines) > n or size >= len(text):
            return lines[:n]
        size *= 4


def detect_separator(text: str, sample_lines: int = 50) -> str:
    """Pick the separator that splits the first lines into the most consistent field count."""
    sample = "\n".join(_first_lines(text, sample_lines))
    best, best_key = ",", (0, 0)
    for sep in CANDIDATE_SEPARATORS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=sep) if r]
        if not widths:
            continue
        width, freq = Counter(widths).most_common(1)[0]
        if width < 2:
            continue
        key = (freq, width)
        if key > best_key:
            best, best_key = sep, key
    return best


@dataclass
class _Records:
    """Every record of a file as columns: cells[c][i] is field c of record i ('' past its end).

    Columns rather than lists of lists, so that the rules for bad rows run column-wise.
    """

    cells: list[np.ndarray]  # object arrays of str, one per field position
    sizes: np.ndarray  # the number of fields of each record as written (0: an empty line)
    starts: np.ndarray  # the line where each record starts (1-based)

    def __len__(self) -> int:
        return len(self.sizes)

    def record(self, i: int) -> list[str]:
        return [str(self.cells[c][i]) for c in range(int(self.sizes[i]))]


def _parse_csv(text: str, sep: str, name: str) -> _Records:
    """The reference parser: Python's csv module, record by record."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    records: list[list[str]] = []
    starts: list[int] = []  # the line where each record starts
    line = 1
    try:
        for fields in reader:
            records.append(fields)
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error as err:
        raise SourceError(f"{name}, regel {line}: onleesbare CSV ({err})") from err
    cells = [np.array(col, dtype=object) for col in zip_longest(*records, fillvalue="")]
    return _Records(
        cells,
        np.fromiter(map(len, records), np.int64, len(records)),
        np.array(starts, dtype=np.int64),
    )


def _count_each(values: np.ndarray, chars: str) -> list[np.ndarray]:
    """For each of `chars`: how often it occurs in each value.

    One join and one vectorised search per column, instead of a str.count per value.
    """
    joined = "".join(values)
    found = [ch for ch in chars if ch in joined]
    counts = [np.zeros(len(values), dtype=np.int64) for _ in chars]
    if not found:
        return counts
    # one byte per character: the characters sought are ASCII, any other may become '?'
    codes = np.frombuffer(joined.encode("latin-1", "replace"), dtype=np.uint8)
    del joined
    ends = np.cumsum(np.fromiter(map(len, values), np.int64, len(values)))
    for k, ch in enumerate(chars):
        if ch in found:
            before_end = np.searchsorted(np.flatnonzero(codes == ord(ch)), ends)
            counts[k] = np.diff(before_end, prepend=0)
    return counts


@dataclass
class _Bytes:
    """The raw file as UTF-8 bytes, with where its lines start."""

    data: bytes
    buf: np.ndarray  # data as uint8
    newlines: np.ndarray  # byte offset of every LF
    offsets: np.ndarray  # byte offset where each line starts, then where the last one ends

    @property
    def n_lines(self) -> int:
        return len(self.offsets) - 1


def _parse_fast(text: str, sep: str, data: bytes | None = None) -> _Records | None:
    """pandas' C parser, or None when this file is not one it provably reads like csv does.

    pandas says neither where a record starts nor how many fields it had (it pads short ones),
    so both come from the raw bytes (see _shape_by_quotes and _shape_by_values). `data` is
    `text` in UTF-8, when at hand.
    """
    if (
        sep not in CANDIDATE_SEPARATORS
        or not text
        or text.isspace()
        or text.startswith("\ufeff")  # pandas drops a BOM, csv keeps it
    ):
        return None
    data = text.encode("utf-8") if data is None else data
    buf = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(buf == ord("\n"))
    if b"\r" in data and _lone_cr(buf, newlines):
        return None
    n_lines = len(newlines) + (0 if data.endswith(b"\n") else 1)
    offsets = np.concatenate(([0], newlines + 1, [len(data) + 1]))[: n_lines + 1]
    raw = _Bytes(data, buf, newlines, offsets)
    shape = _shape_by_quotes(raw, sep)
    if shape is not None:
        first, lines, sizes = shape
        cells = _pandas_cells(data, sep, int(sizes.max()))
        if cells is None or len(cells[0]) != len(sizes):
            return None
    else:
        seps_before = np.searchsorted(np.flatnonzero(buf == ord(sep)), offsets)  # per line
        cells = _pandas_cells(data, sep, int(np.diff(seps_before).max()) + 1)
        shape = None if cells is None else _shape_by_values(cells, sep, raw, seps_before)
        if shape is None:
            return None
        first, lines, sizes = shape
    if (offsets[first + lines] - offsets[first]).max() > csv.field_size_limit():
        return None  # csv refuses a field that long; let it say so
    if sizes.min() < 1 or sizes.max() > len(cells):
        return None
    # An empty line is a record without fields for csv (a line `""` has one empty field).
    for i in np.flatnonzero((lines == 1) & (sizes == 1) & (cells[0] == "")):
        if data[offsets[first[i]] : offsets[first[i] + 1]] in (b"", b"\n", b"\r\n"):
            sizes[i] = 0
    records = _Records(cells, sizes, first + 1)
    n = min(len(records), HEADER_SEARCH_ROWS + 1)
    head = data[: offsets[first[n - 1] + lines[n - 1]]].decode("utf-8")
    return records if _consistent(records, head, sep, n) else None


Shape = tuple[np.ndarray, np.ndarray, np.ndarray]  # per record: first line (0-based), lines, fields


def _shape_by_quotes(raw: _Bytes, sep: str) -> Shape | None:
    """Records and their fields from the quote characters alone, when every quote is one csv
    treats as a quote: an opening one right after a separator, a line break, another quote or at
    the start. Then a byte is inside a quoted field exactly when an odd number of quotes precede
    it, and only the line breaks and separators outside quotes end records and fields. A quote
    anywhere else (`5" scherm`) is a plain character to csv: None, and _shape_by_values decides.
    """
    at = np.flatnonzero(raw.buf == ord('"'))
    if len(at) % 2:
        return None
    opening = at[0::2]
    before = raw.buf[opening[opening > 0] - 1]
    if not np.isin(before, np.array([ord(sep), ord("\n"), ord('"')], dtype=np.uint8)).all():
        return None
    opens, closes = at[0::2], at[1::2]  # a quoted stretch: [open, close)
    # line breaks inside quoted stretches do not end records
    depth = np.bincount(np.searchsorted(raw.newlines, opens), minlength=len(raw.newlines) + 1)
    depth -= np.bincount(np.searchsorted(raw.newlines, closes), minlength=len(raw.newlines) + 1)
    last = np.flatnonzero(np.cumsum(depth[:-1]) == 0)  # the last line of each record
    if len(last) == 0 or last[-1] != raw.n_lines - 1:
        last = np.append(last, raw.n_lines - 1)  # the last line, ended by the end of the file
    first = np.concatenate(([0], last[:-1] + 1))
    bounds = raw.offsets[np.append(first, last[-1] + 1)]  # where each record starts, and ends
    seps = np.flatnonzero(raw.buf == ord(sep))
    quoted_seps = np.bincount(
        np.searchsorted(bounds, opens, side="right") - 1,
        weights=np.searchsorted(seps, closes) - np.searchsorted(seps, opens),
        minlength=len(first),
    ).astype(np.int64)
    sizes = np.diff(np.searchsorted(seps, bounds)) - quoted_seps + 1
    return first, last - first + 1, sizes


def _shape_by_values(
    cells: list[np.ndarray], sep: str, raw: _Bytes, seps_before: np.ndarray
) -> Shape | None:
    """Records and their fields from the values pandas read: a record spans 1 + (line breaks
    in its values) lines, and has 1 + (separators on those lines) - (separators in its values)
    fields."""
    counts = [_count_each(col, "\n" + sep) for col in cells]
    lines = 1 + sum(c[0] for c in counts)
    if int(lines.sum()) != raw.n_lines:
        return None
    first = np.concatenate(([0], np.cumsum(lines)[:-1]))
    sizes = seps_before[first + lines] - seps_before[first] - sum(c[1] for c in counts) + 1
    return first, lines, sizes


def _lone_cr(buf: np.ndarray, newlines: np.ndarray) -> bool:
    """A CR not followed by LF: csv counts it as a line break of its own."""
    before = newlines[newlines > 0] - 1
    cr = ord("\r")
    return int(np.count_nonzero(buf == cr)) != int(np.count_nonzero(buf[before] == cr))


def _pandas_cells(data: bytes, sep: str, width: int) -> list[np.ndarray] | None:
    """Every field as text, short records padded with '', or None if pandas cannot read it."""
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=sep,
            header=None,
            names=range(width),
            index_col=False,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            quotechar='"',
            doublequote=True,
            escapechar=None,
            comment=None,
            skipinitialspace=False,
            encoding="utf-8",
            engine="c",
        )
    except (pd.errors.ParserError, ValueError):
        return None  # e.g. a record wider than any line, or an unclosed quote
    return [frame[c].to_numpy(dtype=object) for c in range(width)]


def _consistent(records: _Records, head: str, sep: str, n: int) -> bool:
    """Cheap proof that the fast parse agrees with csv: padding only past each record's end,
    and the first n records (title rows and header) as csv reads them from `head`."""
    for c, col in enumerate(records.cells):
        past_end = np.flatnonzero(records.sizes <= c)
        if len(past_end) and not (col[past_end] == "").all():
            return False
    reference = _parse_csv(head, sep, "")
    return len(reference) == n and all(
        reference.record(i) == records.record(i) and reference.starts[i] == records.starts[i]
        for i in range(n)
    )


def _blank(values: np.ndarray) -> np.ndarray:
    """Per value: empty or only whitespace (what str.strip() reduces to '')."""
    return np.fromiter(map(str.isspace, values), bool, len(values)) | (values == "")


def _blank_records(records: _Records) -> np.ndarray:
    """Records without any non-blank field; later columns are looked at only where needed."""
    blank = np.ones(len(records), dtype=bool)
    for col in records.cells:
        todo = np.flatnonzero(blank)
        if not len(todo):
            break
        blank[todo] = _blank(col[todo])
    return blank


@register
class DelimitedReader(Reader):
    NAME = "csv"
    DESCRIPTION = "Kommagescheiden of puntkommagescheiden tekst (CSV, TSV), elke codering"
    EXTENSIONS = (".csv", ".tsv", ".tab")

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        data = path.read_bytes()
        text, encoding = decode_or_error(path, data, options.encoding)
        sep = options.separator or ("\t" if path.suffix.lower() in (".tsv", ".tab") else None)
        sep = sep or detect_separator(text)
        if sep == "\\t":
            sep = "\t"
        records = _parse_fast(text, sep, utf8_of(data, text, encoding)) or _parse_csv(
            text, sep, path.name
        )
        del text, data
        return _table(records, path, options, {"encoding": encoding, "separator": sep})


def _table(records: _Records, path: Path, options: ReadOptions, detected: dict) -> RawTable:
    """Apply the row rules: blank rows and rows with filled extra fields are rejected with the
    reason, empty extra fields dropped, missing fields padded with a warning."""
    blank = _blank_records(records)
    filled = np.flatnonzero(~blank)
    end = int(filled[-1]) + 1 if len(filled) else 0  # blank lines at the very end are not rows
    head = [records.record(i) for i in range(min(end, HEADER_SEARCH_ROWS))]
    header_idx = find_header_row(head, options.header_row)
    if header_idx is None:
        raise SourceError(f"{path.name}: geen kopregel gevonden")
    columns = unique_headers(head[header_idx])
    width = len(columns)
    body = np.arange(header_idx + 1, end)
    sizes, lines, blank = records.sizes[body], records.starts[body], blank[body]
    wide = np.flatnonzero((sizes > width) & ~blank)
    extra_filled = np.zeros(len(wide), dtype=bool)
    for col in records.cells[width:]:
        extra_filled |= ~_blank(col[body[wide]])
    reject = blank.copy()
    reject[wide[extra_filled]] = True
    rejected: list[tuple[str | None, int, str]] = [
        (
            None,
            int(lines[i]),
            "lege rij" if blank[i] else f"rij heeft {sizes[i]} velden, de kopregel {width}",
        )
        for i in np.flatnonzero(reject)
    ]
    kept = np.flatnonzero(~reject)
    warnings = np.full(len(kept), None, dtype=object)
    for i in np.flatnonzero(sizes[kept] < width):
        warnings[i] = f"rij heeft {sizes[kept[i]]} velden, de kopregel {width}"
    rows = body[kept]
    frame = pd.DataFrame(
        dict(zip(columns, (records.cells[c][rows] for c in range(width)), strict=True))
        if len(rows)
        else {c: [] for c in columns},
        dtype=object,
    )
    frame[ROW] = lines[kept]
    frame[SHEET] = None
    frame[WARNING] = warnings
    frame = frame.astype(object)
    detected["header_row"] = int(records.starts[header_idx])
    detected["title_rows"] = [" ".join(f for f in fs if f.strip()) for fs in head[:header_idx]]
    return RawTable(frame, rejected, detected)
