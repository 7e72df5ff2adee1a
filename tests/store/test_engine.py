"""Where a case's database is, who acts, and how passwords are kept."""

from __future__ import annotations

import pytest

from reconstruct.store.engine import database_url, has_database, resolve_user, safe_url
from reconstruct.store.users import check_password, hash_password


@pytest.mark.parametrize(
    "db, expected",
    [
        (None, "sqlite:///{case}/case.db"),
        ("postgresql://u:p@db.example/gezin", "postgresql+psycopg://u:p@db.example/gezin"),
        ("postgres://u@localhost/gezin", "postgresql+psycopg://u@localhost/gezin"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("{case}/elders.db", "sqlite:///{case}/elders.db"),
    ],
)
def test_database_url(tmp_path, monkeypatch, db, expected):
    monkeypatch.delenv("RECONSTRUCT_DB", raising=False)
    case = tmp_path.resolve()
    db = db.format(case=case) if db else None
    assert database_url(case, db) == expected.format(case=case)


def test_environment_chooses_the_database_unless_given(tmp_path, monkeypatch):
    monkeypatch.setenv("RECONSTRUCT_DB", "postgresql://u@h/team")
    assert database_url(tmp_path) == "postgresql+psycopg://u@h/team"
    assert database_url(tmp_path, "postgresql://u@h/other").endswith("/other")
    assert has_database(tmp_path)
    monkeypatch.delenv("RECONSTRUCT_DB")
    assert not has_database(tmp_path)
    (tmp_path / "case.db").touch()
    assert has_database(tmp_path)


def test_passwords_never_appear_in_messages():
    assert safe_url("postgresql://anna:geheim@h/d") == "postgresql://anna:***@h/d"


def test_acting_user(monkeypatch):
    monkeypatch.setenv("RECONSTRUCT_USER", "anna")
    assert resolve_user("bert") == "bert"
    assert resolve_user() == "anna"
    monkeypatch.delenv("RECONSTRUCT_USER")
    assert resolve_user()  # the login name


def test_password_hashes():
    stored = hash_password("correct paard batterij")
    assert stored.startswith("scrypt$16384$8$1$") and "paard" not in stored
    assert check_password("correct paard batterij", stored)
    assert not check_password("correct paard batterij!", stored)
    assert hash_password("x" * 8) != hash_password("x" * 8)  # salted
    assert not check_password("x", "not-a-hash")
