"""What a person sees: the app on the demo case in headless Chromium."""

from __future__ import annotations

import pytest

from tests.browser import browser_page, screenshot, serve


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    import shutil

    from app import create_app
    from tests.conftest import DEMO

    case = tmp_path_factory.mktemp("case") / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns("derived"))
    return create_app(case)


def test_events_page_shows_the_merged_table_with_provenance(demo_app):
    with serve(demo_app) as url, browser_page() as page:
        page.goto(url + "/gebeurtenissen")
        page.wait_for_selector(".ag-row", timeout=20000)
        header = page.inner_text(".ag-header")
        for label in ("Begin", "Datum", "Organisatie", "Soort", "Omschrijving", "Bron", "Rij"):
            assert label in header
        assert "gebeurtenissen uit" in page.inner_text(".lead")
        assert page.locator(".ag-row").count() > 10
        screenshot(page, "gebeurtenissen")


def test_home_redirects_to_events_and_sources_page_accounts_for_rows(demo_app):
    with serve(demo_app) as url, browser_page() as page:
        page.goto(url + "/")
        page.wait_for_selector("#events-grid", timeout=20000)
        page.click("text=Bronnen")
        page.wait_for_selector("#sources-files", timeout=20000)
        lead = page.inner_text(".lead")
        assert "rijen gelezen" in lead and "afgewezen" in lead
        assert page.locator("#sources-rejected").count() == 1
        screenshot(page, "bronnen")
