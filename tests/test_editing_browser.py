"""Editing the reconstruction as an inspector does, in headless Chromium: a cell refused because
someone else saved first, then saved; the change on the timeline; a manual event from an
interview; a delete with a reason, and undo. Screenshots land in test-artifacts/ (bewerken-*)."""

from __future__ import annotations

import re

import pytest

from reconstruct.store import open_store
from tests.browser import browser_page, screenshot, serve
from tests.test_app_browser import GRAPH, wait_drawn

ROW = '#events-grid .ag-row[row-id="{}"]'
NEW_TEXT = "Nieuwe lezing: Lotte mishandeld, kinderarts belde"
WORD = "weekendgesprek"


@pytest.fixture
def served(demo_copy, monkeypatch):
    from app import create_app

    monkeypatch.setenv("RECONSTRUCT_USER", "anna")
    app = create_app(demo_copy)
    with serve(app) as base, browser_page(1920, 1200) as page:
        yield base, page, demo_copy


def _wait_grid(page):
    page.wait_for_selector("#events-grid .ag-row", timeout=30_000)
    page.wait_for_timeout(500)


def _wait_message(page, text: str):
    page.wait_for_function(
        "t => document.querySelector('#events-message').innerText.includes(t)",
        arg=text,
        timeout=20_000,
    )


def _choose(page, event_id: str, field: str, value: str):
    """Double-click a cell with a dropdown editor and pick `value` from its list."""
    page.locator(ROW.format(event_id) + f' .ag-cell[col-id="{field}"]').dblclick()
    page.locator(".ag-cell-edit-wrapper .ag-picker-field-wrapper").first.click()
    items = page.locator(".ag-select-list .ag-list-item")
    items.filter(has_text=re.compile(rf"^\s*{re.escape(value)}\s*$")).first.click()


def _cell(page, event_id: str, field: str) -> str:
    return page.locator(ROW.format(event_id) + f' .ag-cell[col-id="{field}"]').inner_text().strip()


def test_edit_add_delete_undo_and_see_it_on_the_timeline(served):
    base, page, case = served
    with open_store(case) as store:
        table = store.events()
    calamity = table[
        (table["event_type"] == "calamity")
        & table["severity"].isna()
        & table["duplicate_of"].isna()
    ]["event_id"].iloc[0]

    # Someone else saves the event after the page showed it: the save is refused.
    page.goto(base + "/gebeurtenissen?soort=calamity")
    _wait_grid(page)
    with open_store(case) as other:
        other.edit(calamity, {"severity": 1}, user="bert", expect_version=0)
    _choose(page, calamity, "severity", "3")
    _wait_message(page, "Iemand anders heeft deze gebeurtenis intussen gewijzigd")
    page.wait_for_function(
        "s => document.querySelector(s).innerText.trim() === '1'",
        arg=ROW.format(calamity) + ' .ag-cell[col-id="severity"]',
        timeout=20_000,
    )
    screenshot(page, "bewerken-conflict")

    # Saved from the refreshed version; the description in the large-text editor.
    _choose(page, calamity, "severity", "2")
    _wait_message(page, "Opgeslagen: ernst")
    page.locator(ROW.format(calamity) + ' .ag-cell[col-id="description"]').dblclick()
    page.locator(".ag-popup-editor textarea").fill(NEW_TEXT)
    page.keyboard.press("Tab")
    _wait_message(page, "Opgeslagen: omschrijving")
    # The grid is refreshed from the store after each save; it settles on the new text.
    page.wait_for_function(
        "([s, t]) => document.querySelector(s)?.innerText.trim() === t",
        arg=[ROW.format(calamity) + ' .ag-cell[col-id="description"]', NEW_TEXT],
        timeout=20_000,
    )
    page.locator(ROW.format(calamity) + ' .ag-cell[col-id="organisation"]').click()
    page.wait_for_function(
        "t => document.querySelector('#events-detail').innerText.includes(t)",
        arg=NEW_TEXT,
        timeout=20_000,
    )
    history = page.inner_text("#events-detail")
    assert "bert" in history and "anna" in history and "was:" in history
    assert "Lotte ernstig mishandeld" in history  # the source's text is kept
    screenshot(page, "bewerken-gebeurtenissen")

    # The timeline shows the edit at once: the detail, the hover text of the marker.
    page.click("#events-show-on-timeline")
    wait_drawn(page)
    page.wait_for_selector("#detail-history", timeout=20_000)
    detail = page.inner_text("#timeline-detail")
    assert NEW_TEXT in detail and "Historie" in detail
    hovers = page.eval_on_selector(
        GRAPH,
        "g => g._fullData.flatMap(d => Array.isArray(d.hovertext) ? d.hovertext : [])",
    )
    mine = [h for h in hovers if "Nieuwe lezing" in str(h)]
    assert mine and "(ernst 2)" in mine[0]
    screenshot(page, "bewerken-tijdlijn")

    # A manual event from an interview.
    page.goto(base + "/gebeurtenissen")
    _wait_grid(page)
    page.click("#events-add-details summary")
    page.fill("#events-add-date", "20-11-2014")
    page.fill("#events-add-organisation", "AMK")
    page.fill("#events-add-description", f"Moeder vertelde in het {WORD} over de zorgen.")
    page.fill("#events-add-who", "J. de Vries (AMK)")
    screenshot(page, "bewerken-toevoegen")
    page.click("#events-add")
    _wait_message(page, "Toegevoegd: ev-")
    added = re.search(r"ev-[0-9a-f]{16}", page.inner_text("#events-message")).group(0)
    page.goto(base + f"/?zoek={WORD}")
    wait_drawn(page)
    assert page.inner_text("#timeline-summary").startswith("1 van 427 gebeurtenissen")

    # Deleted with a reason, shown struck through on request, and undone.
    page.goto(base + f"/gebeurtenissen?zoek={WORD}")
    _wait_grid(page)
    page.locator(ROW.format(added) + ' .ag-cell[col-id="organisation"]').click()
    page.click("#events-delete")
    _wait_message(page, "Geef een reden")
    page.fill("#events-delete-reason", "dubbel ingevoerd")
    page.click("#events-delete")
    _wait_message(page, "Verwijderd")
    page.wait_for_selector(ROW.format(added), state="detached", timeout=20_000)
    page.get_by_label("toon verwijderde").check()
    page.wait_for_selector(ROW.format(added) + ".row-deleted", timeout=20_000)
    assert "verwijderd" in _cell(page, added, "status")
    assert "Verwijderd: dubbel ingevoerd" in page.inner_text("#events-detail")
    screenshot(page, "bewerken-verwijderd")
    page.click("#events-undo")
    _wait_message(page, "Ongedaan gemaakt: verwijderd")
    page.wait_for_function(
        "s => { const r = document.querySelector(s);"
        " return r && !r.classList.contains('row-deleted'); }",
        arg=ROW.format(added),
        timeout=20_000,
    )
    assert "Laatste actie: toegevoegd" in page.inner_text("#events-last-action")
    screenshot(page, "bewerken-ongedaan")
    page.goto(base + f"/?zoek={WORD}")
    wait_drawn(page)
    assert page.inner_text("#timeline-summary").startswith("1 van 427 gebeurtenissen")
    with open_store(case) as store:
        actions = [a for a in store.audit()["action"] if a != "page_view"]
    assert actions[-4:] == ["edit", "add", "delete", "undo"]
