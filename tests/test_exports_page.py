"""Page "Exporteren": every kind of export from the app, the view or everything, with an explicit
choice on personal data, each in the audit log; and the downloads in a real browser."""

from __future__ import annotations

import base64
import json

import pytest

from reconstruct.export import read_export
from tests.browser import browser_page, screenshot, serve


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    import shutil

    from app import create_app
    from tests.conftest import DEMO

    case = tmp_path_factory.mktemp("case") / "demo"
    shutil.copytree(DEMO, case, ignore=shutil.ignore_patterns("derived"))
    return create_app(case), case


def _audit(case):
    from reconstruct import app_state

    return app_state.store().audit()


def _bytes(data) -> bytes:
    return base64.b64decode(data["content"]) if data.get("base64") else data["content"].encode()


def test_no_export_without_a_choice_on_personal_data(opened):
    from reconstruct.pages.exports import run_export

    _, case = opened
    before = len(_audit(case))
    data, message = run_export("tabel", "csv", "alles", None, None, "")
    assert data is None and "pseudonimiseerd" in str(message)
    assert len(_audit(case)) == before


@pytest.mark.parametrize("privacy", ["ja", "nee"])
def test_event_table_of_the_view(opened, tmp_path, privacy):
    from reconstruct import app_state
    from reconstruct.pages.exports import run_export

    _, case = opened
    data, message = run_export("tabel", "csv", "weergave", privacy, None, "domein=veiligheid")
    assert data["filename"] == "gebeurtenissen.csv"
    path = tmp_path / "t.csv"
    path.write_bytes(_bytes(data))
    table = read_export(path)
    events = app_state.events()
    assert len(table) == (events["domain"] == "veiligheid").sum() > 0
    assert set(table["domain"]) == {"veiligheid"}
    names = " ".join(table["description"].dropna())
    assert ("Sanne" in names) is (privacy == "nee")
    last = _audit(case).iloc[-1]
    assert last["action"] == "export"
    assert json.loads(last["detail"]) == {
        "format": "csv",
        "file": "gebeurtenissen.csv",
        "events": len(table),
        "pseudonymised": privacy == "ja",
        "view": "domein=veiligheid",
    }
    assert "Vastgelegd in het auditlog" in str(message)


def test_findings_summary_everything(opened):
    from reconstruct.pages.exports import run_export

    data, _ = run_export("bevindingen", "html", "alles", "ja", None, "van=2010")
    text = _bytes(data).decode("utf-8")
    assert data["filename"] == "bevindingen.html" and "<h2>" in text
    assert "Sanne" not in text


def test_download_in_the_browser(opened):
    app, case = opened
    with serve(app) as base, browser_page(1600, 1000) as page:
        page.goto(base + "/exporteren")
        page.wait_for_selector("#export-tabel")
        # the view's description comes with the page's first callback, not with the layout
        page.wait_for_selector("#export-view >> text=de hele tijdlijn")
        assert "de hele tijdlijn" in page.inner_text("#export-view")
        page.click("#export-tabel-button")
        page.wait_for_selector("#export-tabel-message .error")
        assert "Kies eerst" in page.inner_text("#export-tabel-message")
        page.click("#export-tabel >> text=Gepseudonimiseerd")
        with page.expect_download() as info:
            page.click("#export-tabel-button")
        download = info.value
        assert download.suggested_filename == "gebeurtenissen.xlsx"
        page.wait_for_selector("#export-tabel-message >> text=auditlog")
        screenshot(page, "exports-page")
    assert _audit(case).iloc[-1]["action"] == "export"
