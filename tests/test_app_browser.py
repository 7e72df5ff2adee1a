"""What a person sees: the app on the demo case in headless Chromium (screenshots are saved
in test-artifacts/ and looked at by a person, not just by these assertions)."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import browser_page, screenshot, serve
from tests.conftest import DEMO

GRAPH = "#timeline-graph .js-plotly-plot"


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    from app import create_app

    case = tmp_path_factory.mktemp("case") / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns("derived"))
    with serve(create_app(case)) as base:
        yield base


@pytest.fixture
def page():
    with browser_page(1920, 1200) as p:
        yield p


def wait_drawn(page):
    page.wait_for_selector(f"{GRAPH} .main-svg", timeout=30_000)
    page.wait_for_function(
        "() => { const g = document.querySelector('#timeline-graph .js-plotly-plot');"
        " return g && g._fullData && g._fullData.length > 0; }",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def svg_text(page, selector: str) -> str:
    return page.eval_on_selector(
        GRAPH,
        f"g => Array.from(g.querySelectorAll('{selector}')).map(e => e.textContent).join(' ')",
    )


def lanes(page) -> list[str]:
    return page.eval_on_selector(GRAPH, "g => g._fullLayout.yaxis.ticktext")


def test_timeline_is_the_home_page_and_draws_the_demo(url, page):
    page.goto(url + "/")
    wait_drawn(page)
    assert "426 van 426 gebeurtenissen" in page.inner_text("#timeline-summary")
    names = lanes(page)
    assert names[0] == "Gezin (levensgebeurtenissen)"
    assert "<b>Gezondheid</b>" in names and "AMK" in names and "Politie" in names
    legend = svg_text(page, ".legend")
    for label in (
        "Signaal van onveiligheid",
        "Zorgmijding",
        "Melding / verwijzing",
        "Periode van zorgmijding",
        "Betrokkenheid (uit dossier)",
        "Calamiteit",
    ):
        assert label in legend
    assert page.locator(f"{GRAPH} canvas").count() > 0  # markers drawn with WebGL
    assert "piek: 1" in svg_text(page, ".main-svg")
    screenshot(page, "tijdlijn")


def test_a_filter_changes_what_is_drawn_and_lands_in_the_url(url, page):
    page.goto(url + "/")
    wait_drawn(page)
    before = lanes(page)
    page.get_by_label("Veiligheid").check()
    page.wait_for_function(
        "() => document.querySelector('#timeline-summary').innerText.includes('gefilterd')",
        timeout=20_000,
    )
    page.wait_for_timeout(800)
    after = lanes(page)
    assert len(after) < len(before)
    assert "<b>Veiligheid</b>" in after and "<b>Gezondheid</b>" not in after
    assert "domein=veiligheid" in page.url
    screenshot(page, "tijdlijn-veiligheid")
    # The shared link reproduces the view.
    page.goto(page.url)
    wait_drawn(page)
    assert lanes(page) == after
    assert page.get_by_label("Veiligheid").is_checked()


def test_clicking_an_event_shows_its_provenance(url, page):
    page.goto(url + "/?soort=calamity")
    wait_drawn(page)
    # Find the calamity star on screen and click it like a person would.
    x, y = page.eval_on_selector(
        GRAPH,
        """g => {
            const t = g._fullData.find(d => d.name === 'Calamiteit' && d.mode === 'markers');
            const xa = g._fullLayout.xaxis, ya = g._fullLayout.yaxis;
            const box = g.getBoundingClientRect();
            return [box.left + xa._offset + xa.l2p(t.x[0]),
                    box.top + ya._offset + ya.l2p(t.y[0])];
        }""",
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_selector("#detail-source", timeout=20_000)
    detail = page.inner_text("#timeline-detail")
    assert "Herkomst" in detail and "Oorspronkelijke regel" in detail
    assert page.inner_text("#detail-title") == "Calamiteit"
    assert "Ook vastgelegd door" in detail or "Dubbel van" in detail
    screenshot(page, "tijdlijn-detail")


def test_event_table_row_opens_the_event_on_the_timeline(url, page):
    page.goto(url + "/gebeurtenissen?domein=veiligheid")
    page.wait_for_selector("#events-grid .ag-row", timeout=30_000)
    assert "met de filters van de tijdlijn" in page.inner_text("#events-summary")
    header = page.inner_text("#events-grid .ag-header")
    for label in ("Begin", "Datum", "Organisatie", "Soort", "Omschrijving", "Bron", "Rij"):
        assert label in header
    screenshot(page, "gebeurtenissen")
    page.locator("#events-grid .ag-row >> nth=3").click()
    page.click("#events-show-on-timeline")
    wait_drawn(page)
    assert "event=ev-" in page.url and "domein=veiligheid" in page.url
    page.wait_for_selector("#detail-source", timeout=20_000)
    names = page.eval_on_selector(GRAPH, "g => g._fullData.map(d => d.name)")
    assert "Geselecteerd" in names


def test_sources_page_accounts_for_every_row(url, page):
    page.goto(url + "/bronnen")
    page.wait_for_selector("#sources-files .ag-row", timeout=30_000)
    lead = page.inner_text(".lead")
    assert "403 rijen gelezen = 400 bewaard + 3 afgewezen" in lead
    assert "lege rij" in page.inner_text("#sources-rejected")
    screenshot(page, "bronnen")


def test_findings_page_review_and_show_on_timeline(url, page):
    page.goto(url + "/bevindingen")
    page.wait_for_selector(".finding", timeout=30_000)
    assert "bevindingen:" in page.inner_text("#findings-summary")
    for theme in ("Toeleiding", "De aanpak", "Samenwerking"):
        assert theme in page.inner_text(".findings-page")
    first = page.locator(".finding >> nth=0")
    first.locator("summary").click()
    first.locator(".evidence").wait_for(timeout=10_000)
    screenshot(page, "bevindingen")
    first.get_by_label("bevestigd").check()
    first.locator("textarea").fill("Klopt met het dossier.")
    first.get_by_role("button", name="Opslaan").click()
    page.wait_for_function(
        "() => document.querySelector('.finding .finding-meta').innerText.includes('opgeslagen')",
        timeout=20_000,
    )
    page.reload()
    page.wait_for_selector(".finding", timeout=30_000)
    assert "bevestigd" in page.inner_text("#findings-summary").split(",")[1]
    page.locator(".finding >> nth=0").locator("summary").click()
    page.locator(".finding >> nth=0").get_by_text("toon op de tijdlijn").click()
    wait_drawn(page)
    assert "bevinding=fi-" in page.url
    names = page.eval_on_selector(GRAPH, "g => g._fullData.map(d => d.name)")
    assert "Bewijs van de bevinding" in names
    screenshot(page, "tijdlijn-bevinding")
