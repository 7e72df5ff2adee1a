"""Writing many event rows at once, straight through the database driver.

SQLAlchemy's executemany builds and processes a parameter dict for every row (about 60 µs an
event: a minute for a million). Here the values are converted a column at a time and handed to
the driver in chunks of tuples: sqlite3's executemany, or PostgreSQL's COPY (psycopg 3). The
driver connection is the caller's, so every row is written inside the caller's transaction and
a failed import still rolls back as a whole. Values are stored as SQLAlchemy stores them: dates
as SQLite's DATETIME text (which PostgreSQL parses into the same timestamp), integers as
integers, NULL for every missing value.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

CHUNK = 50_000
"""Rows converted to Python values at a time: bounds the memory the tuples take."""

_SQLITE_CACHE_KIB = 65_536
"""SQLite page cache while inserting: the primary key's index of a million events (its pages
are hit at random) stays in memory; the default 2 MB makes a third more CPU time."""

_DATETIME_FORMAT = "%04d-%02d-%02d %02d:%02d:%02d.%06d"
"""SQLAlchemy's storage format for DateTime on SQLite (microseconds always written)."""


def _datetimes(series: pd.Series) -> np.ndarray:
    """Dates as DATETIME text, None when missing. Each distinct date is formatted once."""
    codes, uniques = pd.factorize(series.to_numpy())
    text = [  # from Timestamps, as SQLAlchemy formats them (years past 9999 too)
        _DATETIME_FORMAT % (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond)
        for v in pd.DatetimeIndex(uniques)
    ]
    return np.array([*text, None], dtype=object)[codes]  # code -1 (NaT): None


def _integers(series: pd.Series) -> np.ndarray:
    """Integers as Python ints (the drivers refuse numpy scalars), None when missing."""
    missing = series.isna().to_numpy()
    values = series.to_numpy(dtype=np.int64, na_value=0).astype(object)
    values[missing] = None
    return values


def _objects(series: pd.Series) -> np.ndarray:
    """One column as an object array of the plain Python values the driver binds: None for
    every missing value."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return _datetimes(series)
    if pd.api.types.is_integer_dtype(dtype):
        return _integers(series)
    values = series.to_numpy(dtype=object, na_value=None)
    if pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        return values  # already str (or None)
    out = np.empty(len(values), dtype=object)
    out[:] = [v.item() if isinstance(v, np.generic) else v for v in values]
    return out


def column_values(series: pd.Series) -> list:
    """One column as the plain Python values the driver binds: None for every missing value."""
    return _objects(series).tolist()


def _rows(frame: pd.DataFrame, constants: tuple) -> Iterator[list]:
    """Chunks of row tuples: the frame's columns, then `constants` in every row."""
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start : start + CHUNK]
        columns = [column_values(part[c]) for c in part.columns]
        columns += [[value] * len(part) for value in constants]
        yield list(zip(*columns, strict=True))


def _driver(conn: Connection):
    """The DBAPI connection under `conn`, in the transaction `conn` has begun."""
    return conn.connection.driver_connection


def insert(conn: Connection, table: sa.Table, frame: pd.DataFrame, constants: dict) -> None:
    """Insert every row of `frame` (its columns named as the table's) into `table`, with
    `constants` (column -> value) in every row."""
    if not len(frame):
        return
    if conn.dialect.name == "postgresql":
        _copy(conn, table, frame, constants)
    else:
        _insert_sqlite(conn, table, frame, constants)


def _copy(conn: Connection, table: sa.Table, frame: pd.DataFrame, constants: dict) -> None:
    names = ", ".join(_quote(conn, n) for n in [*frame.columns, *constants])
    sql = f"COPY {_quote(conn, table.name)} ({names}) FROM STDIN"
    with _driver(conn).cursor() as cur, cur.copy(sql) as copy:
        for rows in _rows(frame, tuple(constants.values())):
            for row in rows:
                copy.write_row(row)


def _insert_sqlite(conn: Connection, table: sa.Table, frame: pd.DataFrame, constants: dict):
    # sqlite3 binds a None several times slower than a str (it looks for an adapter each
    # time), so each chunk goes in grouped by which columns are missing, the statement naming
    # only the others (the rest default to NULL). The grouping changes the order of the rows
    # in the file only: they are read back by `position`.
    missing = frame.isna().to_numpy()
    pattern = missing @ (1 << np.arange(missing.shape[1], dtype=np.int64))
    names = [*frame.columns, *constants]
    cur = _driver(conn).cursor()
    cache = cur.execute("PRAGMA cache_size").fetchone()[0]
    cur.execute(f"PRAGMA cache_size=-{_SQLITE_CACHE_KIB}")
    try:
        for start in range(0, len(frame), CHUNK):
            part = frame.iloc[start : start + CHUNK]
            perm = np.argsort(pattern[start : start + CHUNK], kind="stable")
            rows = start + perm  # the chunk's rows, grouped by pattern
            columns = [_objects(part[c])[perm].tolist() for c in part.columns]
            columns += [[value] * len(part) for value in constants.values()]
            bounds = [0, *(np.flatnonzero(np.diff(pattern[rows])) + 1).tolist(), len(part)]
            for a, b in itertools.pairwise(bounds):
                gone = missing[rows[a]]
                present = [j for j in range(len(names)) if j >= len(gone) or not gone[j]]
                sql = _insert_sql(conn, table, [names[j] for j in present])
                cur.executemany(sql, zip(*(columns[j][a:b] for j in present), strict=True))
    finally:
        cur.execute(f"PRAGMA cache_size={int(cache)}")  # back to the connection's own
        cur.close()


def _insert_sql(conn: Connection, table: sa.Table, names: list[str]) -> str:
    quoted = ", ".join(_quote(conn, n) for n in names)
    marks = ", ".join(_param(conn) for _ in names)
    return f"INSERT INTO {_quote(conn, table.name)} ({quoted}) VALUES ({marks})"


def update(
    conn: Connection, table: sa.Table, frame: pd.DataFrame, key: str, constants: dict
) -> None:
    """Update the rows of `table` whose `key` is the frame's `key` column: every other column
    of the frame, and `constants` (column -> value, the same for every row)."""
    if not len(frame):
        return
    data = [c for c in frame.columns if c != key]
    param = _param(conn)
    sets = ", ".join(f"{_quote(conn, c)} = {param}" for c in [*data, *constants])
    sql = f"UPDATE {_quote(conn, table.name)} SET {sets} WHERE {_quote(conn, key)} = {param}"
    # the parameters in the statement's order: the key last
    ordered = frame[data].assign(**constants).assign(_key=frame[key])
    _executemany(conn, sql, ordered, ())


def _executemany(conn: Connection, sql: str, frame: pd.DataFrame, consts: tuple) -> None:
    for rows in _rows(frame, consts):
        _execute_rows(conn, sql, rows)


def _execute_rows(conn: Connection, sql: str, rows: list) -> None:
    cur = _driver(conn).cursor()
    try:
        cur.executemany(sql, rows)
    finally:
        cur.close()


def _param(conn: Connection) -> str:
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)
