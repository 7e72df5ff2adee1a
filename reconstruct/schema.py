"""The canonical event table: columns, vocabularies and one declared, lazily validated schema."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

DATE_PRECISIONS = ("day", "month", "season", "quarter", "year", "period", "unknown")
"""From most to least precise; the order breaks ties when sorting events on the same date."""

DOMAINS = ("gezondheid", "onderwijs", "gezin", "veiligheid", "wonen", "werk_inkomen")
"""The six life domains (leefgebieden) of the inspection report."""

DOMAIN_LABELS = {
    "gezondheid": "Gezondheid",
    "onderwijs": "Onderwijs",
    "gezin": "Gezin",
    "veiligheid": "Veiligheid",
    "wonen": "Wonen",
    "werk_inkomen": "Werk en inkomen",
}

EVENT_TYPES = (
    "involvement_start",
    "involvement_end",
    "contact",
    "signal",
    "care_avoidance",
    "referral",
    "consultation",
    "agreement",
    "risk_assessment",
    "measure",
    "placement",
    "calamity",
    "note",
)

EVENT_TYPE_LABELS = {
    "involvement_start": "Start betrokkenheid",
    "involvement_end": "Einde betrokkenheid",
    "contact": "Contact",
    "signal": "Signaal",
    "care_avoidance": "Zorgmijding",
    "referral": "Verwijzing / melding",
    "consultation": "Overleg",
    "agreement": "Afspraak",
    "risk_assessment": "Risicotaxatie",
    "measure": "Maatregel",
    "placement": "Plaatsing",
    "calamity": "Calamiteit",
    "note": "Notitie",
}

PERSON_SEPARATOR = "; "
"""`persons` holds pseudonyms joined by this separator ("Moeder; Kind A"): one flat cell."""

WARNING_SEPARATOR = " | "
"""`warnings` holds every warning of an event joined by this separator."""

COLUMNS = (
    "event_id",
    "date_start",
    "date_end",
    "date_precision",
    "date_raw",
    "organisation",
    "organisation_raw",
    "domain",
    "persons",
    "event_type",
    "subtype",
    "severity",
    "description",
    "source_file",
    "source_sheet",
    "source_row",
    "source_text",
    "duplicate_of",
    "warnings",
    "suggested_event_type",
    "suggested_subtype",
    "suggested_severity",
    "suggested_terms",
)
"""Column order of the event table. `source_sheet` and `source_text` (the raw record as JSON)
extend the contract's provenance. The `suggested_*` columns hold what the Dutch lexicon reads
in the description, kept apart from what the source said (and the terms it matched)."""

NUMERIC_COLUMNS = ("date_start", "date_end", "severity", "source_row", "suggested_severity")

DATETIME_DTYPE = "datetime64[ms]"
_STR = pd.StringDtype("pyarrow", na_value=float("nan"))  # what astype("str") gives

_text = pa.Column(str, nullable=True, coerce=True)

EVENT_SCHEMA = pa.DataFrameSchema(
    {
        "event_id": pa.Column(str, pa.Check.str_matches(r"^ev-[0-9a-f]{16}$"), unique=True),
        "date_start": pa.Column(DATETIME_DTYPE, nullable=True),
        "date_end": pa.Column(DATETIME_DTYPE, nullable=True),
        "date_precision": pa.Column(str, pa.Check.isin(DATE_PRECISIONS)),
        "date_raw": _text,
        "organisation": _text,
        "organisation_raw": _text,
        "domain": pa.Column(str, pa.Check.isin(DOMAINS), nullable=True),
        "persons": _text,
        "event_type": pa.Column(str, pa.Check.isin(EVENT_TYPES)),
        "subtype": _text,
        "severity": pa.Column("Int8", pa.Check.in_range(0, 3), nullable=True),
        "description": _text,
        "source_file": pa.Column(str),
        "source_sheet": _text,
        "source_row": pa.Column("Int64", pa.Check.ge(1)),
        "source_text": _text,
        "duplicate_of": pa.Column(str, nullable=True),
        "warnings": _text,
        "suggested_event_type": pa.Column(str, pa.Check.isin(EVENT_TYPES), nullable=True),
        "suggested_subtype": _text,
        "suggested_severity": pa.Column("Int8", pa.Check.in_range(0, 3), nullable=True),
        "suggested_terms": _text,
    },
    checks=[
        pa.Check(
            # date_end is the last day included (midnight); a start may carry a time that day
            lambda df: (
                df["date_end"].isna()
                | df["date_start"].isna()
                | (df["date_end"] >= df["date_start"].dt.floor("D"))
            ),
            name="date_end_not_before_start",
        ),
        pa.Check(
            lambda df: (
                df["date_start"].notna()
                | (df["date_precision"] == "unknown")
                | df["date_end"].notna()
            ),
            name="dated_unless_unknown",
        ),
    ],
    strict=False,
    ordered=False,
    name="event table",
)


def empty_events() -> pd.DataFrame:
    """Return an empty event table with every column in its declared dtype."""
    return coerce_dtypes(pd.DataFrame({c: [] for c in COLUMNS}))


def coerce_dtypes(events: pd.DataFrame) -> pd.DataFrame:
    """Return `events` with the contract's columns in order and in their declared dtypes."""
    out = events.copy(deep=False)  # copy-on-write: the caller's frame is never changed
    for col in COLUMNS:
        if col not in out:
            out[col] = None
    for col in ("date_start", "date_end"):
        if out[col].dtype != DATETIME_DTYPE:
            out[col] = pd.to_datetime(out[col]).astype(DATETIME_DTYPE)
    for col, dtype in (
        ("severity", "Int8"),
        ("source_row", "Int64"),
        ("suggested_severity", "Int8"),
    ):
        if out[col].dtype != dtype:
            out[col] = pd.to_numeric(out[col]).astype(dtype)
    for col in COLUMNS:
        if col not in NUMERIC_COLUMNS and out[col].dtype != _STR:
            out[col] = out[col].astype("str").where(out[col].notna(), None)
    extra = [c for c in out.columns if c not in COLUMNS]
    return out[list(COLUMNS) + extra]


def validate(events: pd.DataFrame) -> pd.DataFrame:
    """Validate the whole table at once; return every failure as a table (empty when valid).

    Columns of the result: column, check, failure_case, event_id, source_file, source_row.
    """
    try:
        EVENT_SCHEMA.validate(events, lazy=True)
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases.copy()
        # A table-wide check reports each failing row once per column; keep one per row.
        table_level = fc["schema_context"] == "DataFrameSchema"
        fc.loc[table_level, "column"] = None
        fc.loc[table_level, "failure_case"] = None
        fc = fc.drop_duplicates(subset=["schema_context", "column", "check", "index"])
        idx = pd.to_numeric(fc["index"], errors="coerce")
        rows = events.reindex(idx.where(idx.isin(events.index)))
        return pd.DataFrame(
            {
                "column": fc["column"].to_numpy(),
                "check": fc["check"].astype(str).to_numpy(),
                "failure_case": fc["failure_case"].astype(str).to_numpy(),
                "event_id": rows["event_id"].to_numpy() if "event_id" in rows else None,
                "source_file": rows["source_file"].to_numpy() if "source_file" in rows else None,
                "source_row": rows["source_row"].to_numpy() if "source_row" in rows else None,
            }
        )
    return pd.DataFrame(
        columns=["column", "check", "failure_case", "event_id", "source_file", "source_row"]
    )
