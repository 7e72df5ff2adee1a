"""Drafting a mapping profile for an export never seen before, from its headers and contents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import yaml

from reconstruct.dates import parse_dates
from reconstruct.organisations import OrganisationRegistry
from reconstruct.profiles import automatic_columns
from reconstruct.sources import ReadOptions, reader_for
from reconstruct.sources.base import is_blank

SAMPLE = 500
MAX_VALUE_MAP = 15


def _profile_column(values: pd.Series, registry: OrganisationRegistry) -> dict:
    filled = values[values.map(lambda v: not is_blank(v))]
    n = max(len(filled), 1)
    dates = parse_dates(filled) if len(filled) else None
    date_share = float((dates["precision"] != "unknown").mean()) if dates is not None else 0.0
    text = filled.map(lambda v: ", ".join(map(str, v)) if isinstance(v, list) else str(v))
    orgs = registry.resolve_many(text) if len(text) else None
    org_share = float(orgs["organisation"].notna().mean()) if orgs is not None else 0.0
    return {
        "filled": len(filled) / max(len(values), 1),
        "date_share": date_share,
        "org_share": org_share,
        "mean_length": float(text.str.len().mean()) if len(text) else 0.0,
        "distinct": int(text.nunique()),
        "top": text.value_counts().head(MAX_VALUE_MAP).index.tolist(),
        "n": n,
    }


def suggest_profile(path: Path | str, registry: OrganisationRegistry | None = None) -> str:
    """A commented YAML draft profile for `path`: how to read it and which column is what."""
    path = Path(path)
    registry = registry or OrganisationRegistry.load()
    reader = reader_for(path)
    raw = reader.read(path, ReadOptions())
    frame = raw.frame.head(SAMPLE)
    stats = {c: _profile_column(frame[c], registry) for c in raw.columns}
    columns = automatic_columns(raw.columns)
    why: dict[str, str] = {f: "kolomkop herkend" for f in columns}

    def free(c):
        return all(c not in cols for cols in columns.values())

    if "date" not in columns:
        best = max(
            (c for c in raw.columns if free(c)), key=lambda c: stats[c]["date_share"], default=None
        )
        if best and stats[best]["date_share"] >= 0.6:
            columns["date"] = [best]
            why["date"] = f"{stats[best]['date_share']:.0%} van de waarden is een datum"
    if "organisation" not in columns:
        best = max(
            (c for c in raw.columns if free(c)), key=lambda c: stats[c]["org_share"], default=None
        )
        if best and stats[best]["org_share"] >= 0.5:
            columns["organisation"] = [best]
            why["organisation"] = f"{stats[best]['org_share']:.0%} is een bekende organisatie"
    if "description" not in columns:
        texty = [c for c in raw.columns if free(c) and stats[c]["mean_length"] >= 25]
        if texty:
            columns["description"] = texty
            why["description"] = "langste vrije tekst"
    if "event_type" not in columns:
        cats = [
            c
            for c in raw.columns
            if free(c)
            and 2 <= stats[c]["distinct"] <= MAX_VALUE_MAP
            and stats[c]["mean_length"] < 30
            and stats[c]["date_share"] < 0.5
        ]
        if cats:
            columns["event_type"] = [cats[0]]
            why["event_type"] = "weinig verschillende korte waarden: een soort?"
    values = {}
    if "event_type" in columns:
        col = columns["event_type"][0]
        values["event_type"] = {v: "contact  # kies een gebeurtenistype" for v in stats[col]["top"]}
    read = {"format": reader.NAME}
    for key in ("encoding", "separator"):
        if raw.detected.get(key):
            read[key] = raw.detected[key]
    if isinstance(raw.detected.get("header_row"), int):
        read["header_row"] = raw.detected["header_row"]
    if raw.detected.get("sheets"):
        read["sheets"] = raw.detected["sheets"]
    draft = {
        "name": f"Export {path.stem}",
        "source": path.stem.lower().replace(" ", "_"),
        "match": [path.name],
        "read": read,
        "columns": {f: (c[0] if len(c) == 1 else c) for f, c in columns.items()},
        "values": values,
        "defaults": {"organisation": "VUL IN", "domain": "VUL IN", "event_type": "contact"},
    }
    text = yaml.safe_dump(draft, allow_unicode=True, sort_keys=False, width=100)
    text = text.replace("'contact  # kies een gebeurtenistype'", "contact  # kies een type")
    header = [
        f"# Conceptprofiel voor {path.name} — controleer, verbeter en sla op in profiles/.",
        f"# Gelezen met lezer '{reader.NAME}': {len(raw.frame)} rijen, "
        f"{len(raw.rejected)} afgewezen.",
    ]
    if raw.detected.get("title_rows"):
        header.append(f"# Titelregels boven de kop: {raw.detected['title_rows']}")
    header.append("# Waarom deze kolommen:")
    for f, reason in why.items():
        if f in columns:
            header.append(f"#   {f}: {', '.join(columns[f])} ({reason})")
    unused = [c for c in raw.columns if free(c)]
    if unused:
        header.append(f"# Niet gebruikte kolommen: {', '.join(unused)}")
    return "\n".join(header) + "\n" + text
