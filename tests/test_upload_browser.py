"""What an inspector sees on "Bronnen": an extract of unknown format dropped on the page goes
through the mapping wizard, is saved as a profile and imported, and its events reach the
timeline; a bad file is refused with a clear message. Screenshots go to test-artifacts/ and
are looked at by a person."""

from __future__ import annotations

import shutil

import pytest

from reconstruct.store import open_store
from tests.browser import browser_page, screenshot, serve
from tests.conftest import DATA, DEMO

UPLOAD = DATA / "uploads" / "wijkteam_noord_export.csv"
INPUT = "#sources-upload input[type=file]"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """One private copy of the demo case for the module (a Dash process serves one app: the
    pages' callbacks are registered once)."""
    dst = tmp_path_factory.mktemp("upload") / "demo"
    shutil.copytree(DEMO, dst, ignore=shutil.ignore_patterns("derived"))
    return dst


@pytest.fixture(scope="module")
def url(case):
    from app import create_app

    with serve(create_app(case)) as base:
        yield base


@pytest.fixture
def page():
    with browser_page(1600, 1100) as p:
        yield p


def _wait_text(page, selector: str, pattern: str, timeout: int = 60_000):
    """Wait until the element's text matches the regular expression `pattern`."""
    page.wait_for_function(
        "([sel, pat]) => { const e = document.querySelector(sel);"
        " return !!e && new RegExp(pat).test(e.innerText); }",
        arg=[selector, pattern],
        timeout=timeout,
    )


def test_bad_files_are_refused_and_named(url, page, case):
    before = sorted(p.name for p in (case / "sources").iterdir())
    page.goto(url + "/bronnen")
    page.wait_for_selector(".upload-drop")
    page.set_input_files(
        INPUT,
        [
            {"name": "leeg.csv", "mimeType": "text/csv", "buffer": b""},
            {"name": "kapot.xlsx", "mimeType": "application/zip", "buffer": b"PK\x03\x04kapot"},
            {
                "name": "foto.csv",
                "mimeType": "text/csv",
                "buffer": b"\x89PNG\r\n\x1a\n" + bytes(64),
            },
        ],
    )
    _wait_text(page, "#sources-results", "foto.csv:")
    results = page.inner_text("#sources-results")
    assert results.count("geweigerd") == 3
    assert "leeg.csv: het bestand is leeg (0 bytes)" in results
    assert "kapot.xlsx: beschadigde Excel-werkmap" in results
    assert "foto.csv: geen tekstbestand maar een afbeelding (PNG)" in results
    screenshot(page, "bronnen-geweigerd")
    assert sorted(p.name for p in (case / "sources").iterdir()) == before


def test_unknown_extract_through_the_wizard_to_the_timeline(url, page, case):
    page.goto(url + "/")
    _wait_text(page, "#timeline-summary", "gebeurtenissen")
    before = int(page.inner_text("#timeline-summary").split(" van ")[1].split()[0])

    page.goto(url + "/bronnen")
    page.wait_for_selector(".upload-drop")
    screenshot(page, "bronnen-upload")
    page.set_input_files(INPUT, [str(UPLOAD)])
    _wait_text(page, "#sources-results", "koppelen")
    results = page.inner_text("#sources-results")
    assert "kolommen koppelen" in results and "wijkteam_noord_export.csv" in results
    assert "geen kolom voor" in results and "organisatie" in results

    page.get_by_role("button", name="Kolommen koppelen").click()
    page.wait_for_selector("#wizard-preview .ag-row", timeout=30_000)
    assert "kopregel 1" in page.inner_text("#wizard-detected")
    assert "Registratiedag" in page.inner_text("#wizard-preview")
    page.fill("#wizard-org-fixed", "Wijkteam Noord")
    _wait_text(page, "#wizard-summary", "gebeurtenissen")
    summary = page.inner_text("#wizard-summary")
    assert "9 gebeurtenissen" in summary and "1 zonder herkende datum" in summary
    assert "1 rijen afgewezen" in summary
    mapped = page.inner_text("#wizard-mapped")
    assert "seizoen" in mapped and "maand" in mapped and "Wijkteam" in mapped
    # The code "ZS" (zorgsignaal) is a signal: choose it in the value map.
    values = page.locator(".wizard-values tbody tr")
    row = values.filter(has_text="ZS")
    row.locator(".dash-dropdown").click()
    page.get_by_role("option", name="Signaal", exact=True).click()
    page.keyboard.press("Escape")
    _wait_text(page, "#wizard-mapped", "Signaal")
    page.evaluate("document.querySelector('#wizard').scrollIntoView({block: 'start'})")
    screenshot(page, "bronnen-wizard-boven")
    page.evaluate("document.querySelector('#wizard-values').scrollIntoView({block: 'start'})")
    screenshot(page, "bronnen-wizard")
    page.locator("#wizard-save").scroll_into_view_if_needed()
    screenshot(page, "bronnen-wizard-onder")

    page.click("#wizard-save")
    _wait_text(page, "#sources-results", "ingelezen:")
    results = page.inner_text("#sources-results")
    assert "9 nieuwe gebeurtenissen" in results, results
    assert "1 afgewezen" in results
    _wait_text(page, "#sources-report", "12 bestanden")
    screenshot(page, "bronnen-ingelezen")
    profile = case / "profiles" / "wijkteam_noord_export.yaml"
    assert profile.exists()
    assert "ZS: signal" in profile.read_text("utf-8")
    assert (case / "sources" / "wijkteam_noord_export.csv").exists()

    page.goto(url + "/")
    _wait_text(page, "#timeline-summary", f"{before + 9} van {before + 9} gebeurtenissen")
    lanes = page.eval_on_selector(
        "#timeline-graph .js-plotly-plot", "g => g._fullLayout.yaxis.ticktext"
    )
    assert any("Wijkteam" in lane for lane in lanes)
    screenshot(page, "bronnen-tijdlijn-na-upload")

    # The inspector tags the first event of the new source; the next extract (another name,
    # recognised by its header) rewrites that row, so the tagged event vanishes.
    with open_store(case) as store:
        ev = store.events()
        first = ev[ev["source_file"] == "wijkteam_noord_export.csv"].sort_values("source_row")
        store.tag(first["event_id"].iloc[0], "nagaan", user="inspecteur")
    page.goto(url + "/bronnen")
    page.wait_for_selector(".upload-drop")
    page.set_input_files(
        INPUT,
        [
            {
                "name": "export wijkteam juni.csv",
                "mimeType": "text/csv",
                "buffer": UPLOAD.read_bytes().replace(b"Eerste huisbezoek", b"Eerste bezoek"),
            }
        ],
    )
    _wait_text(page, "#sources-results", "ingelezen:")
    results = page.inner_text("#sources-results")
    assert "wijkteam_noord_export.yaml" in results and "vervangt" in results
    assert "1 nieuwe gebeurtenissen, 8 behouden, 1 verdwenen" in results
    _wait_text(page, "#sources-unresolved", "Verdwenen uit de bron")
    _wait_text(page, "#sources-unresolved", "Eerste bezoek wijkteam")  # the dropdown is drawn
    screenshot(page, "bronnen-nieuwe-versie")
    page.evaluate("document.querySelector('#sources-unresolved').scrollIntoView({block: 'start'})")
    screenshot(page, "bronnen-verdwenen")
    unresolved = page.inner_text("#sources-unresolved")
    assert "labels: nagaan" in unresolved and "Eerste bezoek wijkteam" in unresolved
    # The best candidate is the rewritten row: move the tag there.
    page.get_by_role("button", name="Werk verplaatsen").click()
    _wait_text(page, "#sources-unresolved", "Werk verplaatst naar")
    with open_store(case) as store:
        assert store.unresolved() == []
        (tagged,) = store.tags()["event_id"]
        text = store.events().set_index("event_id").loc[tagged, "description"]
        assert text.startswith("Eerste bezoek wijkteam")
