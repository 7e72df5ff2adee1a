"""`python -m reconstruct export` reads the case store (the inspector's edits), records every
export in the audit log, writes the findings summary, and exports the presentation with its
chapter snapshots."""

from __future__ import annotations

import json

import pytest

from reconstruct.case import load_case
from reconstruct.chapters import add_chapter, load_chapters, save_chapters
from reconstruct.cli import main
from reconstruct.export import read_export
from reconstruct.store import open_store


@pytest.fixture
def stored(demo_copy, monkeypatch):
    monkeypatch.setenv("RECONSTRUCT_USER", "inspecteur")
    assert main(["ingest", str(demo_copy)]) == 0
    return demo_copy


def _edit_first(case_root, **changes) -> str:
    with open_store(case_root) as store:
        eid = store.events()["event_id"].iloc[0]
        store.edit(eid, changes, user="inspecteur", expect_version=store.version(eid))
    return eid


def test_export_uses_the_edited_table_and_is_audited(stored, tmp_path):
    eid = _edit_first(stored, description="Aangepast na gesprek met de wijkagent")
    out = tmp_path / "tabel.csv"
    assert main(["export", str(stored), "--out", str(out)]) == 0
    table = read_export(out)
    assert table.set_index("event_id").at[eid, "description"] == (
        "Aangepast na gesprek met de wijkagent"
    )
    with open_store(stored) as store:
        last = store.audit().iloc[-1]
    assert (last["actor"], last["action"]) == ("inspecteur", "export")
    detail = json.loads(last["detail"])
    assert detail == {
        "format": "csv",
        "file": "tabel.csv",
        "events": len(table),
        "pseudonymised": False,
        "view": "",
    }


def test_export_refused_for_someone_not_on_the_access_list(stored, tmp_path, capsys):
    with open_store(stored) as store:
        store.add_user("inspecteur", "geheim-wachtwoord-1", "admin", user="inspecteur")
        before = len(store.audit())
    out = tmp_path / "tabel.csv"
    assert main(["export", str(stored), "--out", str(out), "--user", "onbekend"]) == 2
    assert "toegangslijst" in capsys.readouterr().err
    assert not out.exists()
    with open_store(stored) as store:
        assert len(store.audit()) == before


@pytest.mark.parametrize("suffix", ["md", "html"])
def test_findings_summary(stored, tmp_path, suffix):
    out = tmp_path / f"bevindingen.{suffix}"
    assert main(["export", str(stored), "--format", "findings", "--out", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "Bevindingen" in text and "Toeleiding" in text and "fi-" in text
    assert "[tekst verborgen]" in text  # pseudonymised by default, like every meeting format
    with open_store(stored) as store:
        detail = json.loads(store.audit().iloc[-1]["detail"])
    assert detail["format"] == "findings" and detail["pseudonymised"] is True


def test_findings_summary_needs_md_or_html(stored, tmp_path, capsys):
    out = tmp_path / "bevindingen.txt"
    assert main(["export", str(stored), "--format", "findings", "--out", str(out)]) == 2
    assert ".md of .html" in capsys.readouterr().err
    assert not out.exists()


def test_html_export_shows_chapter_snapshots(stored, tmp_path):
    case = load_case(stored)
    live = tmp_path / "live.html"
    assert main(["export", str(stored), "--out", str(live), "--no-pseudonymise"]) == 0
    shown = live.read_text("utf-8")
    with open_store(stored) as store:
        events = store.events()
    drawn = events[events["description"].map(lambda d: isinstance(d, str) and d in shown)]
    eid, before = drawn["event_id"].iloc[0], drawn["description"].iloc[0]
    add_chapter(case, events, f"event={eid}", "Het begin")
    save_chapters(case, load_chapters(case)[-1:])  # only the chapter with the snapshot
    with open_store(stored) as store:
        after = "Na de momentopname herschreven"
        store.edit(
            eid, {"description": after}, user="inspecteur", expect_version=store.version(eid)
        )
    out = tmp_path / "presentatie.html"
    assert main(["export", str(stored), "--out", str(out), "--no-pseudonymise"]) == 0
    text = out.read_text("utf-8")
    assert "Het begin" in text
    assert before in text and after not in text  # the snapshot, not the live table
