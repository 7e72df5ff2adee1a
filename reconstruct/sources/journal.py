"""Plain-text journals where each entry starts with a date at the beginning of a line.

Reads, for example:
    Journaal GGZ — cliënt S. Veldhoen
    12-03-2008: Huisbezoek. Sanne oogt moe.
      Kinderen niet gezien.
    begin 2011 Moeder zegt de begeleiding op.
Each entry becomes one record with columns `datum` (the date as written) and `tekst`
(continuation lines joined). Lines above the first dated entry are reported as title lines.
"""

from __future__ import annotations

from pathlib import Path

from reconstruct.dates import leading_date
from reconstruct.sources.base import (
    ROW,
    SHEET,
    WARNING,
    RawTable,
    Reader,
    ReadOptions,
    records_frame,
    register,
)
from reconstruct.sources.text import read_text_or_error

DATE_COLUMN = "datum"
TEXT_COLUMN = "tekst"


@register
class JournalReader(Reader):
    NAME = "journal"
    DESCRIPTION = "Tekstjournaal: elke notitie begint met een datum aan het begin van een regel"
    EXTENSIONS = (".txt", ".log", ".md")

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        text, encoding = read_text_or_error(path, options.encoding)
        rows: list[dict] = []
        preamble: list[str] = []
        current: dict | None = None
        for n, raw_line in enumerate(text.splitlines(), start=1):
            line = raw_line.strip()
            found = leading_date(line) if line else None
            if found:
                date_text, rest = found
                current = {
                    DATE_COLUMN: date_text,
                    TEXT_COLUMN: rest,
                    ROW: n,
                    SHEET: None,
                    WARNING: None,
                }
                rows.append(current)
            elif current is None:
                if line:
                    preamble.append(line)
            elif line:
                sep = "\n" if current[TEXT_COLUMN] else ""
                current[TEXT_COLUMN] += sep + line
        return RawTable(
            records_frame(rows, [DATE_COLUMN, TEXT_COLUMN]),
            [],
            {"encoding": encoding, "title_rows": preamble},
        )
