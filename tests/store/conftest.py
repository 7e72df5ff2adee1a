"""Fixtures for the case store: every test runs on SQLite, and on PostgreSQL when a server is
reachable ($RECONSTRUCT_TEST_PG, else the local one `make test` starts: role and database
`reconstruct_test` on 127.0.0.1:5432). Each PostgreSQL test gets a schema of its own."""

from __future__ import annotations

import functools
import os
import shutil
import uuid

import pytest
from sqlalchemy.engine import make_url

from reconstruct.case import load_case
from reconstruct.ingest import ingest_case
from reconstruct.store import open_store
from tests.conftest import DEMO

LOCAL_PG = "postgresql://reconstruct_test:reconstruct_test@127.0.0.1:5432/reconstruct_test"


@functools.cache
def pg_base() -> tuple[str | None, str]:
    """(URL, None) when a PostgreSQL server answers, else (None, why not)."""
    url = os.environ.get("RECONSTRUCT_TEST_PG") or LOCAL_PG
    try:
        import psycopg

        with psycopg.connect(_plain(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as err:  # any failure means: no server for these tests
        where = "RECONSTRUCT_TEST_PG" if os.environ.get("RECONSTRUCT_TEST_PG") else LOCAL_PG
        why = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
        return None, (
            f"no PostgreSQL server reachable at {make_url(_plain(url)).render_as_string()} "
            f"({where}; {why}); run 'make postgres' or set RECONSTRUCT_TEST_PG"
        )
    return url, ""


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _psql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(_plain(url), autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    """None for SQLite (CASE/case.db), or a PostgreSQL URL whose search_path is a fresh
    schema, dropped afterwards."""
    if request.param == "sqlite":
        yield None
        return
    base, why = pg_base()
    if base is None:
        pytest.skip(why)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _psql(base, f"CREATE SCHEMA {schema}")
    url = make_url(_plain(base)).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        _psql(base, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(scope="session")
def demo_result():
    """The demo case ingested once (read-only)."""
    return ingest_case(load_case(DEMO))


@pytest.fixture
def case_dir(tmp_path):
    dst = tmp_path / "demo"
    shutil.copytree(DEMO, dst, ignore=shutil.ignore_patterns("derived", "case.db*"))
    return dst


@pytest.fixture
def store(case_dir, db, demo_result):
    """The demo case imported into a fresh store (SQLite or PostgreSQL)."""
    with open_store(case_dir, db) as s:
        s.import_result(demo_result, user="importeur")
        yield s
