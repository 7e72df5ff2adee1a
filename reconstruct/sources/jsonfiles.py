"""JSON (a list of objects, possibly under one key) and JSON Lines extracts.

Reads, for example:
    [{"registratiedatum": "2014-05-15", "incidentsoort": "Huiselijk geweld",
      "omschrijving": "Melding buren: geschreeuw", "betrokkenen": ["Sanne", "Ruben"]}]
and, one object a line:
    {"meldingsdatum": "12-03-2012", "aard": "Melding", "conclusie": "Onderzoek gestart"}
"""

from __future__ import annotations

import json
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
from reconstruct.sources.text import read_text_or_error


def _flatten(obj: dict) -> dict:
    """One level of nesting becomes 'outer.inner'; lists stay lists (a list of names)."""
    out = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            for k2, v2 in value.items():
                out[f"{key}.{k2}"] = v2
        else:
            out[str(key)] = value
    return out


def _columns(rows: list[dict]) -> list[str]:
    cols: list[str] = []
    seen = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                cols.append(k)
    return cols


@register
class JsonReader(Reader):
    NAME = "json"
    DESCRIPTION = 'JSON: een lijst van objecten (ook onder één sleutel, zoals {"items": [...]})'
    EXTENSIONS = (".json",)

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        text, encoding = read_text_or_error(path, options.encoding)
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            raise SourceError(
                f"{path.name}, regel {err.lineno}: ongeldige JSON ({err.msg})"
            ) from err
        if isinstance(data, dict):
            lists = [v for v in data.values() if isinstance(v, list)]
            if len(lists) != 1:
                raise SourceError(f"{path.name}: verwacht een lijst van objecten")
            data = lists[0]
        if not isinstance(data, list):
            raise SourceError(f"{path.name}: verwacht een lijst van objecten")
        rows, rejected = [], []
        for n, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                rejected.append((None, n, f"record {n} is geen object"))
                continue
            if not any(v not in (None, "", []) for v in item.values()):
                rejected.append((None, n, "leeg record"))
                continue
            row = _flatten(item)
            row.update({ROW: n, SHEET: None, WARNING: None})
            rows.append(row)
        cols = [c for c in _columns(rows) if c not in (ROW, SHEET, WARNING)]
        return RawTable(
            records_frame(rows, cols + [ROW, SHEET, WARNING]),
            rejected,
            {"encoding": encoding, "row_unit": "record"},
        )


@register
class JsonLinesReader(Reader):
    NAME = "jsonl"
    DESCRIPTION = "JSON Lines: één object per regel"
    EXTENSIONS = (".jsonl", ".ndjson")

    def read(self, path: Path, options: ReadOptions) -> RawTable:
        text, encoding = read_text_or_error(path, options.encoding)
        lines = text.splitlines()
        while lines and not lines[-1].strip():
            lines.pop()
        rows, rejected = [], []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                rejected.append((None, n, "lege regel"))
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as err:
                rejected.append((None, n, f"ongeldige JSON ({err.msg}, kolom {err.colno})"))
                continue
            if not isinstance(item, dict):
                rejected.append((None, n, "regel is geen object"))
                continue
            row = _flatten(item)
            row.update({ROW: n, SHEET: None, WARNING: None})
            rows.append(row)
        cols = [c for c in _columns(rows) if c not in (ROW, SHEET, WARNING)]
        return RawTable(
            records_frame(rows, cols + [ROW, SHEET, WARNING]),
            rejected,
            {"encoding": encoding, "row_unit": "line"},
        )
