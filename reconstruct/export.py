"""Exporting the event table with its provenance: CSV, Excel and JSON.

CSV and Excel cells that start with = + - @ (or a tab or carriage return) are prefixed with an
apostrophe so a spreadsheet shows them as text instead of running them as formulas;
`read_export` undoes exactly that, so an export round-trips.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from reconstruct.schema import COLUMNS, coerce_dtypes

FORMATS = ("csv", "xlsx", "json")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_SEPARATOR = ";"
"""Dutch Excel opens semicolon-separated UTF-8 (with BOM) files directly."""


def neutralise(value):
    """'=SOM(A1)' -> "'=SOM(A1)"; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def restore(value):
    """Undo `neutralise`."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:2]
        and (value[1:].startswith(FORMULA_START))
    ):
        return value[1:]
    return value


def _text_columns(events: pd.DataFrame) -> list[str]:
    return [
        c for c in events.columns if c not in ("date_start", "date_end", "severity", "source_row")
    ]


def _for_sheet(events: pd.DataFrame) -> pd.DataFrame:
    out = events.copy()
    for c in _text_columns(out):
        out[c] = out[c].map(neutralise).astype(object)
    return out


def export_events(events: pd.DataFrame, path: Path | str, fmt: str | None = None) -> Path:
    """Write `events` to `path` as csv, xlsx or json (from the suffix when fmt is None)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ValueError(f"onbekend exportformaat '{fmt}' (kies {', '.join(FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "csv":
        out = _for_sheet(events)
        for c in ("date_start", "date_end"):
            out[c] = _iso(out[c])
        out.to_csv(path, sep=CSV_SEPARATOR, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(_for_sheet(events), path)
    else:
        out = events.copy()
        for c in ("date_start", "date_end"):
            out[c] = _iso(out[c])
        records = out.astype(object).where(out.notna(), None).to_dict(orient="records")
        path.write_text(
            json.dumps(records, ensure_ascii=False, indent=1, default=_json_default), "utf-8"
        )
    return path


def _json_default(v):
    if hasattr(v, "item"):
        return v.item()
    return str(v)


def _iso(series: pd.Series) -> pd.Series:
    s = pd.to_datetime(series)
    has_time = (s.dropna() != s.dropna().dt.normalize()).any()
    fmt = "%Y-%m-%dT%H:%M:%S" if has_time else "%Y-%m-%d"
    return s.dt.strftime(fmt).astype(object).where(s.notna(), None)


def _write_xlsx(events: pd.DataFrame, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        events.to_excel(writer, sheet_name="Gebeurtenissen", index=False)
        ws = writer.sheets["Gebeurtenissen"]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        widths = {"description": 80, "source_text": 60, "warnings": 50, "event_id": 21}
        for i, col in enumerate(events.columns, start=1):
            letter = ws.cell(row=1, column=i).column_letter
            ws.column_dimensions[letter].width = widths.get(col, 16)
            if col in ("date_start", "date_end"):
                for cell in ws[letter][1:]:
                    cell.number_format = "yyyy-mm-dd"


def read_export(path: Path | str) -> pd.DataFrame:
    """Read an export made by `export_events` back into an event table."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt == "csv":
        df = pd.read_csv(
            path,
            sep=CSV_SEPARATOR,
            encoding="utf-8-sig",
            dtype=str,
            keep_default_na=False,
            na_values=[""],
        )
    elif fmt == "xlsx":
        df = pd.read_excel(path, sheet_name="Gebeurtenissen", dtype=object)
    elif fmt == "json":
        df = pd.DataFrame(json.loads(path.read_text("utf-8")))
    else:
        raise ValueError(f"onbekend exportformaat '{fmt}'")
    for c in df.columns:
        if c not in ("date_start", "date_end", "severity", "source_row"):
            df[c] = df[c].map(restore)
    df = df.astype(object).where(df.notna(), None)
    return coerce_dtypes(df)[list(COLUMNS)]
