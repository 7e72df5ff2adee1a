"""Excel workbooks (.xlsx, .xlsm): several sheets, title rows above the header, real dates.

Reads, for example, a sheet "Opnames" whose row 1 is a title ("Rapport kindergeneeskunde"),
row 2 is empty and row 3 holds the header `Datum | Afdeling | Verslag`; cells keep their
types (a date cell arrives as a datetime, a number as a number).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl

from reconstruct.sources.base import (
    ROW,
    SHEET,
    WARNING,
    RawTable,
    Reader,
    ReadOptions,
    SourceError,
    is_blank,
    records_frame,
    register,
)
from reconstruct.sources.header import find_header_row, unique_headers


def _cell(value):
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


@register
class ExcelReader(Reader):
    NAME = "xlsx"
    DESCRIPTION = "Excel-werkmap (.xlsx), alle of gekozen tabbladen, titelregels boven de kop"
    EXTENSIONS = (".xlsx", ".xlsm")

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except (zipfile.BadZipFile, OSError, KeyError, ValueError) as err:
            raise SourceError(f"{path.name}: geen leesbare Excel-werkmap ({err})") from err
        try:
            names = wb.sheetnames
            wanted = options.sheets or names
            missing = [s for s in wanted if s not in names]
            if missing:
                raise SourceError(
                    f"{path.name}: tabblad {', '.join(missing)} bestaat niet "
                    f"(wel: {', '.join(names)})"
                )
            rows: list[dict] = []
            rejected: list[tuple[str | None, int, str]] = []
            all_columns: list[str] = []
            header_rows: dict[str, int] = {}
            for sheet in wanted:
                values = [[_cell(v) for v in r] for r in wb[sheet].iter_rows(values_only=True)]
                while values and all(is_blank(v) for v in values[-1]):
                    values.pop()
                if not values:
                    continue
                h = find_header_row(values[:30], options.header_row)
                if h is None:
                    if options.sheets:
                        raise SourceError(f"{path.name}, tabblad {sheet}: geen kopregel gevonden")
                    continue  # an unrequested sheet without a table (a cover page) is skipped
                columns = unique_headers(values[h])
                # The header defines the width: unnamed columns at its end are not columns.
                while columns and is_blank(values[h][len(columns) - 1]):
                    columns.pop()
                header_rows[sheet] = h + 1
                for c in columns:
                    if c not in all_columns:
                        all_columns.append(c)
                for offset, cells in enumerate(values[h + 1 :], start=h + 2):
                    if all(is_blank(v) for v in cells):
                        rejected.append((sheet, offset, "lege rij"))
                        continue
                    extra = [v for v in cells[len(columns) :] if not is_blank(v)]
                    if extra:
                        rejected.append(
                            (sheet, offset, f"rij heeft waarden buiten de {len(columns)} kolommen")
                        )
                        continue
                    padded = list(cells[: len(columns)]) + [None] * (len(columns) - len(cells))
                    row = dict(zip(columns, padded, strict=True))
                    row.update({ROW: offset, SHEET: sheet, WARNING: None})
                    rows.append(row)
        finally:
            wb.close()
        detected = {"sheets": list(header_rows), "header_row": header_rows}
        return RawTable(records_frame(rows, all_columns), rejected, detected)
