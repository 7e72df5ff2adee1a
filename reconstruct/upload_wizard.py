"""The mapping wizard's logic, without Dash: a form (plain dict) <-> a profile, reading a
staged upload with the options chosen, and the first events the mapping would make.

    form = initial_form(case, upload)             # guessed from the headers and the contents
    form["organisation_fixed"] = "Wijkteam Noord"
    data = profile_from_form(form, upload)        # a profile dict, checked by parse_profile
    events, summary = mapped_preview(case, upload, form)
"""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from pathlib import Path

import pandas as pd
import yaml

from reconstruct.case import Case, PersonMatcher
from reconstruct.lexicon import load_lexicon, suggest_many
from reconstruct.mapping import SourceContext, map_table
from reconstruct.organisations import OrganisationRegistry
from reconstruct.profiles import (
    INVOLVEMENT,
    ProfileError,
    complete_profile,
    load_profiles,
    parse_profile,
)
from reconstruct.schema import EVENT_TYPE_LABELS
from reconstruct.sources import RawTable, ReadOptions
from reconstruct.sources.base import RESERVED, ROW, SHEET, is_blank
from reconstruct.suggest import suggest_profile
from reconstruct.upload import (
    Upload,
    UploadError,
    plan_with_profile,
    read_staged,
    sanitise_filename,
    staged_path,
)

PREVIEW_ROWS = 12
SUMMARY_ROWS = 2000
MAX_VALUES = 40
AUTO = ""
"""Form value meaning: detect it (encoding, separator, header row) or leave it out."""
FIXED, COLUMN = "vast", "kolom"
PRECISION_NL = {
    "day": "dag",
    "month": "maand",
    "season": "seizoen",
    "quarter": "kwartaal",
    "year": "jaar",
    "period": "periode",
    "unknown": "onbekend",
}
_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 4


def read_options(form: dict) -> ReadOptions:
    header = form.get("header_row")
    return ReadOptions(
        encoding=form.get("encoding") or None,
        separator=form.get("separator") or None,
        header_row=int(header) if header not in (None, "", AUTO) else None,
        sheets=list(form.get("sheets") or []) or None,
    )


def read_upload(case: Case, upload: Upload, form: dict) -> RawTable:
    """The staged upload read with the form's options (the last few readings are kept)."""
    options = read_options(form)
    key = (str(case.root), upload.token, repr(options))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    _reader, raw = read_staged(staged_path(case, upload.token), None, options)
    _CACHE[key] = raw
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return raw


def cell_text(value) -> str:
    """A raw cell as the preview shows it (dates from Excel as YYYY-MM-DD)."""
    if is_blank(value):
        return ""
    if isinstance(value, dt.datetime | pd.Timestamp) and value == value.normalize():
        return value.date().isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def preview_rows(raw: RawTable, n: int = PREVIEW_ROWS) -> list[dict]:
    """The first rows as the source has them, with 'Rij' (and 'Tabblad' for workbooks)."""
    rows = []
    for rec in raw.frame.head(n).to_dict(orient="records"):
        row = {"Rij": rec[ROW]}
        if rec.get(SHEET):
            row["Tabblad"] = rec[SHEET]
        row.update({c: cell_text(v) for c, v in rec.items() if c not in RESERVED})
        rows.append(row)
    return rows


def distinct_values(raw: RawTable, column: str | None, limit: int = MAX_VALUES) -> list[str]:
    """The most frequent values of a column (for a value map), most frequent first."""
    if not column or column not in raw.frame:
        return []
    texts = raw.frame[column].map(cell_text)
    return texts[texts != ""].value_counts().head(limit).index.tolist()


def suggest_types(values: list[str], default: str | None) -> tuple[list[str], list[str]]:
    """(event type, subtype) per value: what the Dutch lexicon reads in it, else `default`."""
    if not values:
        return [], []
    found = suggest_many(pd.Series(values, dtype=object), load_lexicon(None))
    types = [
        t if isinstance(t, str) else (default or "note") for t in found["suggested_event_type"]
    ]
    subs = [s if isinstance(s, str) else "" for s in found["suggested_subtype"]]
    return types, subs


def _source_key(upload: Upload) -> str:
    stem = Path(sanitise_filename(upload.name)).stem.lower()
    return re.sub(r"[^a-z0-9]+", "_", stem).strip("_") or "bron"


def initial_form(case: Case, upload: Upload) -> dict:
    """The wizard's first guess: how to read the file and which column is what (from the
    headers and contents, reconstruct.suggest), value maps from the Dutch lexicon."""
    path = staged_path(case, upload.token)
    try:
        draft = yaml.safe_load(suggest_profile(path, _registry(case))) or {}
    except Exception:  # a guess that fails leaves the form empty, never the wizard broken
        draft = {}
    read, cols = draft.get("read") or {}, draft.get("columns") or {}

    def one(key):
        value = cols.get(key)
        return value[0] if isinstance(value, list) else value

    def many(key):
        value = cols.get(key)
        return value if isinstance(value, list) else [value] if value else []

    form = {
        "encoding": read.get("encoding") or AUTO,
        "separator": read.get("separator") or AUTO,
        "header_row": read.get("header_row") if isinstance(read.get("header_row"), int) else "",
        "sheets": read.get("sheets") or [],
        "date": one("date"),
        "date_end": one("date_end"),
        "org_mode": COLUMN if cols.get("organisation") else FIXED,
        "organisation": one("organisation"),
        "organisation_fixed": "",
        "domain": AUTO,
        "description": many("description"),
        "event_type": one("event_type"),
        "default_type": "contact",
        "persons": one("persons"),
        "default_persons": [],
        "record_id": one("record_id"),
        "name": f"Export {Path(upload.name).stem}",
        "source": _source_key(upload),
    }
    raw = read_upload(case, upload, form)
    values = distinct_values(raw, form["event_type"])
    types, subs = suggest_types(values, form["default_type"])
    form.update(type_values=values, type_map=types, subtype_map=subs)
    return form


def profile_from_form(
    form: dict, upload: Upload, columns: list[str], target: str | None = None
) -> dict:
    """A profile (as YAML data) from the wizard's form for a file with `columns` (its header,
    kept in the profile to recognise the next extract) stored as `target`; ProfileError when
    it cannot be used."""
    if not (form.get("name") or "").strip():
        raise ProfileError("geef het profiel een naam")
    if not form.get("date") and not form.get("description"):
        raise ProfileError("kies minstens een datumkolom of een omschrijving")
    read = {k: v for k, v in vars(read_options(form)).items() if v is not None}
    mapped: dict = {}
    for key in ("date", "date_end", "event_type", "persons", "record_id"):
        if form.get(key):
            mapped[key] = form[key]
    if form.get("org_mode") == COLUMN and form.get("organisation"):
        mapped["organisation"] = form["organisation"]
    description = [c for c in form.get("description") or [] if c]
    if description:
        mapped["description"] = description[0] if len(description) == 1 else description
    values: dict = {}
    defaults: dict = {}
    if form.get("event_type"):
        mapped["subtype"] = form["event_type"]
        pairs = zip(form.get("type_values") or [], form.get("type_map") or [], strict=False)
        types = {v: t for v, t in pairs if t}
        subs = {
            v: s.strip()
            for v, s in zip(
                form.get("type_values") or [], form.get("subtype_map") or [], strict=False
            )
            if s and s.strip()
        }
        if types:
            values["event_type"] = types
        if subs:
            values["subtype"] = subs
    fixed = (form.get("organisation_fixed") or "").strip()
    if form.get("org_mode") == FIXED:
        if not fixed:
            raise ProfileError("vul de naam van de organisatie in, of kies een organisatiekolom")
        defaults["organisation"] = fixed
    if form.get("domain"):
        defaults["domain"] = form["domain"]
    if form.get("default_type"):
        defaults["event_type"] = form["default_type"]
    if form.get("default_persons"):
        defaults["persons"] = list(form["default_persons"])
    data = {
        "name": form["name"].strip(),
        "source": (form.get("source") or "").strip() or _source_key(upload),
        "match": [Path(target or upload.safe_name).name],
        "header": list(columns),
        "read": {"format": upload.reader, **read},
        "columns": mapped,
        "values": values,
        "defaults": defaults,
    }
    parse_profile(data, "het nieuwe profiel")
    return {k: v for k, v in data.items() if v not in ({}, [])}


def profile_yaml(data: dict, upload: Upload) -> str:
    head = (
        f"# Gemaakt met de koppelwizard op {dt.date.today().isoformat()} voor {upload.name}.\n"
        "# 'header' herkent het volgende extract van deze organisatie, ook onder een andere naam.\n"
    )
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def profile_file_name(case: Case, data: dict) -> str:
    """A new file name in profiles/ for the profile; ProfileError when its `source` is taken."""
    existing = load_profiles(case.profiles_dir)
    for p in existing:
        if p.source and p.source == data["source"]:
            raise ProfileError(
                f"bronsleutel '{data['source']}' is al in gebruik door profiel {p.path.name}; "
                "kies een andere"
            )
    taken = {p.name for p in case.profiles_dir.glob("*")} if case.profiles_dir.is_dir() else set()
    stem = re.sub(r"[^a-z0-9_]+", "_", data["source"].lower()).strip("_") or "profiel"
    name, n = f"{stem}.yaml", 1
    while name in taken:
        n += 1
        name = f"{stem}_{n}.yaml"
    return name


def plan_profile(case: Case, upload: Upload, form: dict, replace: bool) -> tuple[Upload, str, str]:
    """What saving the wizard does, before anything is written: (the upload ready to import
    under its final name, the new profile's file name, its YAML). ProfileError or UploadError
    when the form cannot be used."""
    columns = read_upload(case, upload, form).columns
    file_name = profile_file_name(case, profile_from_form(form, upload, columns))
    planned = plan_with_profile(case, upload.copy(), file_name, replace)
    text = profile_yaml(profile_from_form(form, upload, columns, planned.target), upload)
    return planned, file_name, text


def _registry(case: Case) -> OrganisationRegistry:
    key = ("registry", str(case.root), _mtime(case.organisations_file))
    if key not in _CACHE:
        _CACHE[key] = OrganisationRegistry.load(case.organisations_file)
    return _CACHE[key]


def _mtime(path: Path) -> float | None:
    return path.stat().st_mtime if path.exists() else None


def organisation_names(case: Case) -> list[str]:
    return sorted(o.canonical for o in _registry(case))


def mapped_preview(case: Case, upload: Upload, form: dict) -> tuple[pd.DataFrame, dict]:
    """The events the form's profile makes of the first rows, and counts over up to
    SUMMARY_ROWS rows: rows, events, dates per precision, types not translated, warnings."""
    raw = read_upload(case, upload, form)
    data = profile_from_form(form, upload, raw.columns)
    profile = parse_profile(data, "het nieuwe profiel")
    try:
        complete_profile(profile, raw.columns)
    except ProfileError as err:
        raise ProfileError(str(err).replace("het nieuwe profiel: ", "")) from err
    sample = RawTable(raw.frame.head(SUMMARY_ROWS), raw.rejected, raw.detected)
    ctx = SourceContext(
        upload.safe_name, data["source"], _registry(case), PersonMatcher(case.persons)
    )
    events, _kept = map_table(sample, profile, ctx)
    warnings = events["warnings"].dropna()
    summary = {
        "rows": len(sample.frame),
        "rows_total": len(raw.frame),
        "rejected": len(raw.rejected),
        "events": len(events),
        "precision": events["date_precision"].value_counts().to_dict(),
        "untranslated": int(warnings.str.contains("niet vertaald").sum()),
        "warnings": len(warnings),
        "involvement": data.get("defaults", {}).get("event_type") == INVOLVEMENT,
    }
    return events, summary


def _str(value) -> str:
    return "" if is_blank(value) else str(value)


def _day(value) -> str:
    return "" if is_blank(value) else pd.Timestamp(value).date().isoformat()


def event_rows(events: pd.DataFrame, n: int = 15) -> list[dict]:
    """The first mapped events as the wizard shows them (Dutch column names)."""
    rows = []
    for ev in events.head(n).itertuples():
        rows.append(
            {
                "Rij": ev.source_row,
                "Datum zoals geschreven": _str(ev.date_raw),
                "Van": _day(ev.date_start),
                "Tot en met": _day(ev.date_end),
                "Precisie": PRECISION_NL.get(ev.date_precision, ev.date_precision),
                "Organisatie": _str(ev.organisation),
                "Soort": EVENT_TYPE_LABELS.get(ev.event_type, ev.event_type),
                "Subtype": _str(ev.subtype),
                "Personen": _str(ev.persons),
                "Omschrijving": _str(ev.description),
                "Waarschuwingen": _str(ev.warnings),
            }
        )
    return rows


def summary_text(summary: dict) -> str:
    """One Dutch sentence on what the mapping makes of the rows (shown above the preview)."""
    precision = summary["precision"]
    dated = sum(n for p, n in precision.items() if p != "unknown")
    parts = ", ".join(
        f"{n} {PRECISION_NL[p]}" for p, n in precision.items() if p != "unknown" and n
    )
    of = (
        f"de eerste {summary['rows']} van {summary['rows_total']} rijen"
        if summary["rows"] < summary["rows_total"]
        else f"{summary['rows']} rijen"
    )
    text = (
        f"Uit {of}: {summary['events']} gebeurtenissen, {dated} met een datum ({parts or 'geen'})"
    )
    if precision.get("unknown"):
        text += f", {precision['unknown']} zonder herkende datum"
    if summary["untranslated"]:
        text += f"; {summary['untranslated']} met een soort die niet vertaald is"
    if summary["rejected"]:
        text += f"; {summary['rejected']} rijen afgewezen bij het lezen"
    return text + f"; {summary['warnings']} met een waarschuwing."


__all__ = [
    "UploadError",
    "initial_form",
    "mapped_preview",
    "preview_rows",
    "profile_from_form",
    "profile_yaml",
    "read_upload",
]
