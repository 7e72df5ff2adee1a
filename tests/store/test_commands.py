"""The store's commands end to end: ingest into the store, edit, add, delete, restore,
annotate, tag, history, audit, unresolved, resolve, sources, users and views."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from reconstruct.cli import main
from reconstruct.store import open_store


@pytest.fixture
def cli(case_dir, db, capsys, monkeypatch):
    """Run `python -m reconstruct ...` in-process on the ingested demo case; returns
    (exit code, stdout, stderr)."""
    monkeypatch.setenv("RECONSTRUCT_USER", "anna")
    extra = ["--db", db] if db else []

    def run(*args, stdin: str | None = None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        args = [str(a) for a in args]
        at = 2 if args[0] in ("users", "views") else 1  # the case follows the (sub)command
        code = main([*args[:at], str(case_dir), *args[at:], *extra])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, err = run("ingest")
    assert code == 0, err
    assert "Casusdatabase" in out and "426 nieuw" in out
    assert (case_dir / "derived" / "events.parquet").exists()
    return run


def _first(case_dir, db, n: int = 0) -> str:
    with open_store(case_dir, db) as store:
        return store.events()["event_id"].iloc[n]


def test_edit_history_and_audit(cli, case_dir, db):
    eid = _first(case_dir, db)
    code, out, _ = cli("edit", eid, "severity=2", "date_raw=mei 2014")
    assert code == 0 and "versie 1 door anna" in out
    assert "2014-05-01 t/m 2014-05-31 (month)" in out
    code, _, err = cli("edit", eid, "severity=3", "--expect-version", "0", "--user", "bert")
    assert code == 1 and "intussen gewijzigd door anna" in err and "--expect-version 1" in err
    code, out, _ = cli("edit", eid, "severity=3", "--expect-version", "1", "--user", "bert")
    assert code == 0 and "versie 2 door bert" in out
    code, out, _ = cli("history", eid)
    assert code == 0
    assert re.search(r"severity\s+\(leeg\)\s+->\s+3", out)
    assert re.search(r"anna\s+edit\s+severity:\s+\(leeg\) -> 2", out)
    assert re.search(r"bert\s+edit\s+severity:\s+2 -> 3", out)
    code, out, _ = cli("audit")
    assert code == 0 and "import" in out.splitlines()[0]
    assert len(out.splitlines()) == 4  # import + three edits
    code, out, _ = cli("audit", "--event", eid, "--format", "json", "--limit", "1")
    assert '"actor": "bert"' in out


def test_bad_input_exits_2(cli, case_dir, db):
    eid = _first(case_dir, db)
    assert cli("edit", eid, "kleur=rood")[0] == 2
    assert cli("edit", eid, "severity")[0] == 2
    assert cli("edit", "ev-0000000000000000", "severity=1")[0] == 2
    assert cli("history", "ev-0000000000000000")[0] == 2


def test_add_delete_restore_annotate_tag(cli, case_dir, db):
    code, out, _ = cli(
        "add",
        "date_raw=20-11-2014",
        "event_type=contact",
        "organisation=AMK",
        "description=Moeder vertelde over de zorgen",
        "source=gesprek met professional",
        "who=J. de Vries",
        "when=2026-11-20",
    )
    assert code == 0
    new = re.match(r"(ev-[0-9a-f]{16}): toegevoegd door anna", out).group(1)
    eid = _first(case_dir, db, 3)
    assert cli("delete", eid, "--reason", "dubbel")[0] == 0
    assert cli("annotate", new, "navragen bij AMK")[0] == 0
    assert cli("tag", new, "gesprek")[0] == 0
    code, out, _ = cli("tag", new, "gesprek", "--remove")
    assert "verwijderd" in out
    with open_store(case_dir, db) as store:
        table = store.events().set_index("event_id")
        assert new in table.index and eid not in table.index
        assert table.loc[new, "source_file"] == "gesprek met professional"
    code, out, _ = cli("history", eid)
    assert "VERWIJDERD: dubbel" in out
    assert cli("restore", eid)[0] == 0
    code, out, _ = cli("history", new)
    assert "handmatig ingevoerd: gesprek met professional" in out
    assert "navragen bij AMK" in out


def test_users_and_access(cli, case_dir, db):
    code, _, err = cli(
        "users", "add", "bert", "--role", "editor", "--password-stdin", stdin="lang-genoeg\n"
    )
    assert code == 1 and "eerste gebruiker" in err
    assert (
        cli("users", "add", "anna", "--role", "admin", "--password-stdin", stdin="lang-genoeg\n")[0]
        == 0
    )
    assert (
        cli(
            "users",
            "add",
            "bert",
            "--role",
            "viewer",
            "--password-stdin",
            stdin="ook-lang-genoeg\n",
        )[0]
        == 0
    )
    code, out, _ = cli("users", "list")
    assert "anna  admin" in out and "bert  viewer" in out
    eid = _first(case_dir, db)
    code, _, err = cli("edit", eid, "severity=1", "--user", "bert")
    assert code == 1 and "rol viewer" in err
    assert cli("history", eid, "--user", "bert")[0] == 0
    code, _, err = cli("history", eid, "--user", "eve")
    assert code == 1 and "niet op de toegangslijst" in err
    code, _, err = cli("users", "remove", "anna")
    assert code == 1 and "laatste admin" in err
    assert cli("users", "remove", "bert")[0] == 0
    with open_store(case_dir, db) as store:
        assert store.verify_password("anna", "lang-genoeg") == "admin"
        assert store.verify_password("anna", "fout") is None
        stored = pd.read_sql("SELECT password_hash FROM users", store.engine).iloc[0, 0]
        assert stored.startswith("scrypt$") and "lang-genoeg" not in stored


def test_views(cli):
    assert cli("views", "save", "veiligheid", "van=2005&tot=2012&domein=veiligheid")[0] == 0
    code, out, _ = cli("views", "list")
    assert "veiligheid  /?van=2005&tot=2012&domein=veiligheid" in out
    assert cli("views", "save", "fout", "kleur=rood")[0] == 2
    assert cli("views", "delete", "veiligheid")[0] == 0
    assert cli("views", "delete", "veiligheid")[0] == 2


def test_reimport_lists_and_resolves_vanished_edits(cli, case_dir, db):
    with open_store(case_dir, db) as store:
        table = store.events()
    row = table[table["source_file"] == "kredietbank.csv"].iloc[0]
    assert cli("annotate", row["event_id"], "belangrijk voor de tijdlijn")[0] == 0
    path = case_dir / "sources" / "kredietbank.csv"
    raw = path.read_bytes()
    lines = raw.splitlines(keepends=True)
    del lines[row["source_row"] - 1]
    path.write_bytes(b"".join(lines))
    code, out, _ = cli("ingest")
    assert code == 0
    assert "1 gebeurtenis(sen) met bewerkingen staan niet meer in de bron" in out
    assert row["event_id"] in out
    code, out, _ = cli("unresolved")
    assert row["event_id"] in out and "1 notitie(s)" in out
    assert cli("resolve", row["event_id"], "--dismiss")[0] == 0
    assert "Geen bewerkte" in cli("unresolved")[1]
    assert cli("resolve", row["event_id"], "--dismiss")[0] == 1
    code, out, _ = cli("sources", "--all")
    assert "kredietbank.csv" in out and "(vervangen)" in out


def test_export_reads_the_effective_table(cli, case_dir, db, tmp_path, monkeypatch):
    if db is not None:  # export has no --db: a server database comes from $RECONSTRUCT_DB
        monkeypatch.setenv("RECONSTRUCT_DB", db)
    eid = _first(case_dir, db)
    assert cli("delete", eid, "--reason", "test")[0] == 0
    out_file = tmp_path / "e.csv"
    code = main(["export", str(case_dir), "--out", str(out_file)])
    assert code == 0
    exported = pd.read_csv(out_file, sep=";", encoding="utf-8-sig")
    assert len(exported) == 425 and eid not in set(exported["event_id"])
