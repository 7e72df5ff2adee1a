"""Signing in through the browser: the login page, then the timeline, the user in the top bar,
and signing out again (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

from tests.browser import browser_page, screenshot, serve

PASSWORD = "lang-genoeg-wachtwoord"


@pytest.fixture
def url(demo_copy, monkeypatch):
    from app import create_app
    from reconstruct.cli import main
    from reconstruct.store import open_store

    monkeypatch.setenv("RECONSTRUCT_USER", "inspecteur")
    assert main(["ingest", str(demo_copy)]) == 0
    with open_store(demo_copy) as store:
        store.add_user("inspecteur", PASSWORD, "admin", user="inspecteur")
    monkeypatch.delenv("RECONSTRUCT_USER")
    with serve(create_app(demo_copy, login=True)) as base:
        yield base


def test_sign_in_then_the_timeline(url):
    with browser_page(1600, 1000) as page:
        page.goto(url + "/gebeurtenissen")
        page.wait_for_selector("form input[name=name]")
        assert "/login" in page.url
        page.fill("input[name=name]", "inspecteur")
        page.fill("input[name=password]", "verkeerd-wachtwoord")
        page.click("button[type=submit]")
        assert "verkeerd wachtwoord" in page.inner_text(".error")
        screenshot(page, "login-refused")
        page.fill("input[name=name]", "inspecteur")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_selector("#account-name", timeout=30_000)
        assert page.url.endswith("/gebeurtenissen")
        assert page.inner_text("#account-name") == "inspecteur"
        page.click("text=Tijdlijn")
        page.wait_for_selector("#timeline-graph .js-plotly-plot .main-svg", timeout=30_000)
        screenshot(page, "login-signed-in")
        page.click("#logout-link")
        page.wait_for_selector("form input[name=name]")
        assert "/login" in page.url
