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

from reconstruct.dates import _LEADING_SCAN, _PIECE, _could_be_date, leading_date
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


def _entry_date(line: str) -> tuple[str, str] | None:
    """leading_date(line) for a stripped line, but asked only about the line up to the end of
    its first word that no date expression holds ("Huisbezoek").

    leading_date never takes a date past such a word, and the words after it change nothing but
    the rest of the line, so the answer is the same; yet it would otherwise try every longer
    prefix of the line first (a journal of 30,000 entries: 1.7 s instead of 0.6 s).
    """
    for piece in _PIECE.finditer(line, 0, _LEADING_SCAN):
        if not _could_be_date(piece.group()):
            end = piece.end()
            if end >= _LEADING_SCAN or end == len(line):
                break
            found = leading_date(line[:end])
            if found is None:
                return None
            date_text, rest = found
            return date_text, line[end - len(rest) :]
    return leading_date(line)


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
            found = _entry_date(line) if line else None
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
