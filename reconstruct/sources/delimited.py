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

from reconstruct.sources.base import (
    ROW,
    SHEET,
    WARNING,
    RawTable,
    Reader,
    ReadOptions,
    SourceError,
    records_frame,
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
        records: list[tuple[int, list[str]]] = []
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
        line = 1
        try:
            for fields in reader:
                records.append((line, fields))
                line = reader.line_num + 1
        except csv.Error as err:
            raise SourceError(f"{path.name}, regel {line}: onleesbare CSV ({err})") from err
        # Blank lines at the very end are not rows.
        while records and not any(f.strip() for f in records[-1][1]):
            records.pop()
        header_idx = find_header_row([f for _, f in records[:30]], options.header_row)
        if header_idx is None:
            raise SourceError(f"{path.name}: geen kopregel gevonden")
        header_line, header = records[header_idx]
        columns = unique_headers(header)
        rows: list[dict] = []
        rejected: list[tuple[str | None, int, str]] = []
        for line_no, fields in records[header_idx + 1 :]:
            if not any(f.strip() for f in fields):
                rejected.append((None, line_no, "lege rij"))
                continue
            warning = None
            if len(fields) > len(columns):
                extra = fields[len(columns) :]
                if any(f.strip() for f in extra):
                    rejected.append(
                        (
                            None,
                            line_no,
                            f"rij heeft {len(fields)} velden, de kopregel {len(columns)}",
                        )
                    )
                    continue
                fields = fields[: len(columns)]
            elif len(fields) < len(columns):
                warning = f"rij heeft {len(fields)} velden, de kopregel {len(columns)}"
                fields = fields + [""] * (len(columns) - len(fields))
            row = dict(zip(columns, fields, strict=True))
            row[ROW] = line_no
            row[SHEET] = None
            row[WARNING] = warning
            rows.append(row)
        detected = {
            "encoding": encoding,
            "separator": sep,
            "header_row": header_line,
            "title_rows": [" ".join(f for f in fs if f.strip()) for _, fs in records[:header_idx]],
        }
        return RawTable(records_frame(rows, columns), rejected, detected)
