"""CSV and TSV extracts with any separator, encoding and quoted newlines.

Reads, for example (cp1252, semicolons, a quoted newline):
    Datum contact;Soort contact;Verslag
    15-05-2014;Huisbezoek;"Moeder opent de deur niet.
    Briefje achtergelaten."
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

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
from reconstruct.sources.text import read_text

CANDIDATE_SEPARATORS = (";", ",", "\t", "|")


def detect_separator(text: str, sample_lines: int = 50) -> str:
    """Pick the separator that splits the first lines into the most consistent field count."""
    sample = "\n".join(text.splitlines()[:sample_lines])
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


@register
class DelimitedReader(Reader):
    NAME = "csv"
    DESCRIPTION = "Kommagescheiden of puntkommagescheiden tekst (CSV, TSV), elke codering"
    EXTENSIONS = (".csv", ".tsv", ".tab")

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        try:
            text, encoding = read_text(path, options.encoding)
        except (UnicodeDecodeError, LookupError) as err:
            raise SourceError(
                f"{path.name}: kan niet lezen met codering {options.encoding}: {err}"
            ) from err
        sep = options.separator or ("\t" if path.suffix.lower() in (".tsv", ".tab") else None)
        sep = sep or detect_separator(text)
        if sep == "\\t":
            sep = "\t"
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
            raise SourceError(f"{path.name}, regel {line}: onleesbare CSV ({err})") from err
        # Blank lines at the very end are not rows.
        while records and not any(f.strip() for f in records[-1]):
            records.pop()
            starts.pop()
        header_idx = find_header_row(records[:30], options.header_row)
        if header_idx is None:
            raise SourceError(f"{path.name}: geen kopregel gevonden")
        header_line, header = starts[header_idx], records[header_idx]
        columns = unique_headers(header)
        width = len(columns)
        body, lines = records[header_idx + 1 :], starts[header_idx + 1 :]
        sizes = list(map(len, body))
        kept_fields: list[list[str]] = []
        kept_lines: list[int] = []
        warnings: list[str | None] = []
        rejected: list[tuple[str | None, int, str]] = []
        for fields, line_no, size in zip(body, lines, sizes, strict=True):
            if not "".join(fields).strip():
                rejected.append((None, line_no, "lege rij"))
                continue
            warning = None
            if size > width:
                if "".join(fields[width:]).strip():
                    rejected.append(
                        (None, line_no, f"rij heeft {size} velden, de kopregel {width}")
                    )
                    continue
                fields = fields[:width]
            elif size < width:
                warning = f"rij heeft {size} velden, de kopregel {width}"
                fields = fields + [""] * (width - size)
            kept_fields.append(fields)
            kept_lines.append(line_no)
            warnings.append(warning)
        frame = pd.DataFrame(
            dict(zip(columns, map(list, zip(*kept_fields, strict=True)), strict=True))
            if kept_fields
            else {c: [] for c in columns},
            dtype=object,
        )
        frame[ROW] = kept_lines
        frame[SHEET] = None
        frame[WARNING] = warnings
        frame = frame.astype(object)
        detected = {
            "encoding": encoding,
            "separator": sep,
            "header_row": header_line,
            "title_rows": [" ".join(f for f in fs if f.strip()) for fs in records[:header_idx]],
        }
        return RawTable(frame, rejected, detected)
