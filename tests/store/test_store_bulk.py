"""The bulk writer (reconstruct.store.bulk) stores every value exactly as SQLAlchemy's own
executemany did (dates, NULLs, integers, awkward text), in the import's transaction, on SQLite
and PostgreSQL; imports and re-imports through it give back the table that went in."""

from __future__ import annotations

import pandas as pd
import pytest
import sqlalchemy as sa

from reconstruct.schema import COLUMNS, coerce_dtypes
from reconstruct.store import Store, bulk, database_url
from reconstruct.store import tables as t
from reconstruct.store.core import now

_AWKWARD = ["", "tab\there", "regel\nregel", "back\\slash", "'quote\"", "é ü € 🙂", "\\N", "a,b"]


def _table(n: int = 40) -> pd.DataFrame:
    """A synthetic event table with every kind of missing and awkward value."""
    rows = []
    for i in range(n):
        text = _AWKWARD[i % len(_AWKWARD)]
        rows.append(
            {
                "event_id": f"ev-{i:016x}",
                "date_start": [
                    "2001-02-03",
                    "1999-12-31 23:59:58.123",
                    None,
                    "0050-06-01",
                    "9999-12-31",
                ][i % 5],
                "date_end": None if i % 3 else "2002-01-01 10:11:12",
                "date_precision": "day",
                "date_raw": text or None,
                "organisation": ["GGD", None, "Politie"][i % 3],
                "organisation_raw": text,
                "domain": None,
                "persons": None if i % 2 else text,
                "event_type": "contact",
                "subtype": text if i % 4 else None,
                "severity": [None, 0, 3, 1][i % 4],
                "description": f"beschrijving {i} {text}",
                "source_file": ["a.csv", "b.csv"][i % 2],
                "source_sheet": None,
                "source_row": i + 1,
                "source_text": '{"kolom": "' + text + '"}',
                "duplicate_of": None,
                "warnings": None,
                "suggested_event_type": None if i % 5 else "contact",
                "suggested_subtype": None,
                "suggested_severity": None if i % 2 else 2,
                "suggested_terms": None,
            }
        )
    frame = pd.DataFrame(rows)
    for col in ("date_start", "date_end"):
        frame[col] = pd.to_datetime(frame[col], format="ISO8601").astype("datetime64[ms]")
    return coerce_dtypes(frame)


def _store(tmp_path, name, db):
    """A store without a case folder: SQLite in tmp_path/name, or the test's PostgreSQL."""
    (tmp_path / name).mkdir(exist_ok=True)
    return Store(database_url(tmp_path / name, db))


def _raw(store) -> list[tuple]:
    """Every stored row as the driver returns it (first_import aside: on PostgreSQL both
    stores share a schema, so the second import has the next id)."""
    cols = ", ".join(c.name for c in t.events.columns if c.name != "first_import")
    with store.engine.connect() as conn:  # the driver's values: SQLite's DATETIME text as is
        return conn.exec_driver_sql(f"SELECT {cols} FROM events ORDER BY event_id").all()


def _old_insert(conn, frame: pd.DataFrame, import_id: int) -> None:
    """The former path: SQLAlchemy Core executemany of a dict per row."""
    columns = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in frame]
    rows = [dict(zip(frame.columns, values, strict=True)) for values in zip(*columns, strict=True)]
    for r in rows:
        r.update(origin="source", first_import=import_id)
    conn.execute(t.events.insert(), rows)


def _insert_with(store, write) -> None:
    frame = _table().assign(position=range(40))
    with store._write("test") as conn:
        values = dict(at=now(), actor="test", events=0, added=0, changed=0, removed=0)
        import_id = conn.execute(t.imports.insert().values(**values)).inserted_primary_key[0]
        write(conn, frame, import_id)


@pytest.mark.parametrize("chunk", [7, 50_000])
def test_bulk_insert_stores_what_sqlalchemy_stored(tmp_path, db, monkeypatch, chunk):
    monkeypatch.setattr(bulk, "CHUNK", chunk)  # 7: many chunks, the last of one row
    with _store(tmp_path, "old", db) as old:
        _insert_with(old, _old_insert)
        expected = _raw(old)
    if db is not None:  # the same PostgreSQL schema: empty it first
        with _store(tmp_path, "old", db) as old, old.engine.begin() as conn:
            conn.execute(sa.delete(t.events))
    with _store(tmp_path, "new", db) as new:
        _insert_with(
            new,
            lambda conn, frame, iid: bulk.insert(
                conn, t.events, frame, {"origin": "source", "first_import": iid}
            ),
        )
        assert _raw(new) == expected
        if db is None:  # dates as SQLAlchemy's text, numbers as integers
            assert expected[1][1:3] == ("1999-12-31 23:59:58.123000", None)
            assert isinstance(expected[1][11], int)


def test_import_round_trip_and_reimport(tmp_path, db, monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 9)
    table = _table()
    with _store(tmp_path, "case", db) as store:
        first = store.import_events(table, user="test")
        assert (first.added, first.changed, first.removed) == (40, 0, 0)
        pd.testing.assert_frame_equal(store.events(), table)

        again = table.drop(index=[3, 4]).reset_index(drop=True)  # two vanish
        again.loc[0, "description"] = "anders"  # one changes
        again.loc[1, "severity"] = pd.NA  # one loses a value
        again = pd.concat([again.iloc[5:], again.iloc[:5]], ignore_index=True)  # all move
        second = store.import_events(again, user="test")
        assert (second.added, second.changed, second.removed) == (0, 2, 2)
        pd.testing.assert_frame_equal(store.events(), coerce_dtypes(again))

        back = store.import_events(table, user="test")  # the vanished come back
        assert (back.added, back.changed, back.removed) == (0, 4, 0)
        pd.testing.assert_frame_equal(store.events(), table)


def test_a_failed_import_leaves_nothing(tmp_path, db, monkeypatch):
    with _store(tmp_path, "case", db) as store:

        def fail(*args, **kwargs):
            raise RuntimeError("halverwege")

        monkeypatch.setattr(store, "_audit", fail)  # after the rows were written
        with pytest.raises(RuntimeError):
            store.import_events(_table(), user="test")
        assert not store.has_events()
        assert store.events().empty
        assert list(store.events().columns) == list(COLUMNS)
