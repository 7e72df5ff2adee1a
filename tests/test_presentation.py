"""Page "Presentatie" and chapter snapshots: the chapters API, the page's callbacks called as
plain functions, and the page in headless Chromium (screenshots in test-artifacts/, looked at
by a person: projector size, readable, nothing overlapping)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from contextvars import copy_context

import pytest

from reconstruct.case import load_case
from reconstruct.chapters import (
    PRESENTATION_FILE,
    SNAPSHOT_DIR,
    Chapter,
    PresentationOptions,
    load_chapters,
    load_options,
    save_chapters,
    save_options,
    snapshot_changes,
    snapshot_events,
    take_snapshot,
    view_figure,
    with_snapshots,
)
from reconstruct.filters import FilterState, apply, structural
from reconstruct.ingest import ingest_case, write_result
from tests.browser import browser_page, free_port, screenshot
from tests.conftest import DEMO, ROOT


def _markers(fig) -> int:
    return sum(
        len(t.x) for t in fig.data if getattr(t, "mode", None) == "markers" and t.x is not None
    )


def family_names(case) -> list[str]:
    """Every name of a family member in case.yaml (names, capitalised aliases, their words);
    lower-case aliases ('moeder') are roles."""
    words = set()
    for p in case.persons:
        for spelling in (p.name, *p.aliases):
            words |= {w for w in re.findall(r"[\w'-]+", spelling) if w[:1].isupper()}
    return sorted(w for w in words if len(w) > 1)


def leaked(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"\b{re.escape(n)}\b", text, re.IGNORECASE)]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("presentatie") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    case = load_case(root)
    result = ingest_case(case)
    write_result(case, result)
    return root, result.events


@pytest.fixture
def demo(ingested, tmp_path):
    """A private ingested copy of the demo case and its events."""
    root, events = ingested
    shutil.copytree(root, tmp_path / "demo")
    return load_case(tmp_path / "demo"), events


# ------------------------------------------------------------------------ snapshots


def test_a_snapshot_keeps_what_the_chapter_showed_until_refreshed(demo):
    case, events = demo
    chapter = Chapter("Veiligheid", view="domein=veiligheid&van=2005&tot=2015")
    take_snapshot(case, chapter, events)
    save_chapters(case, [chapter])
    kept = structural(events, chapter.state)
    assert chapter.snapshot and chapter.key and chapter.taken
    assert (case.root / SNAPSHOT_DIR / f"{chapter.key}.parquet").is_file()
    text = (case.root / PRESENTATION_FILE).read_text("utf-8")
    assert f"key: {chapter.key}" in text and "taken: " in text
    before = view_figure(case, events, load_chapters(case)[0].state)

    # The data change later: three signals in the view disappear.
    shown = apply(events, chapter.state)
    gone = shown.index[shown["event_type"] == "signal"][:3]
    changed = events.drop(gone)
    saved = with_snapshots(case, load_chapters(case))[0]
    assert list(snapshot_events(case, saved)["event_id"]) == list(kept["event_id"])
    assert _markers(view_figure(case, changed, saved.state)) == _markers(before)
    live = Chapter("Veiligheid", view=chapter.view)
    assert _markers(view_figure(case, changed, live.state)) < _markers(before)
    warning = snapshot_changes(case, saved, changed)
    assert "veranderd sinds de momentopname" in warning and "3 niet meer" in warning
    assert snapshot_changes(case, saved, events) is None

    # Refreshing takes the new data; the chapter keeps its key.
    key = saved.key
    take_snapshot(case, saved, changed)
    save_chapters(case, [saved])
    again = with_snapshots(case, load_chapters(case))[0]
    assert again.key == key
    assert set(snapshot_events(case, again)["event_id"]) == set(
        structural(changed, live.state)["event_id"]
    )
    assert snapshot_changes(case, again, changed) is None
    assert _markers(view_figure(case, events, again.state)) < _markers(before)


def test_a_snapshot_keeps_its_finding_and_is_pseudonymised_when_shown(demo):
    case, events = demo
    in_2012 = events[(events["date_start"].dt.year == 2012) & (events["event_type"] == "signal")]
    finding = {
        "finding_id": "fi-0123456789ab",
        "analysis": "signals_not_added_up",
        "kind": "window",
        "period_start": "2012-01-01",
        "period_end": "2012-12-31",
        "evidence": list(in_2012["event_id"][:3]),
        "sentence": "Signalen niet bij elkaar gebracht.",
    }
    chapter = Chapter("2012", view="van=2012&tot=2012", finding="fi-0123456789ab")
    take_snapshot(case, chapter, events, [finding])
    saved = with_snapshots(case, [chapter])[0]
    assert saved.frozen.finding["sentence"] == finding["sentence"]
    from reconstruct.pseudonymise import Pseudonymiser

    fig = view_figure(case, events, saved.state, Pseudonymiser.from_case(case), findings=[])
    assert "Bewijs van de bevinding" in {t.name for t in fig.data}
    assert leaked(json.dumps(fig.to_plotly_json(), default=str), family_names(case)) == []


def test_a_missing_snapshot_is_said_and_shows_live_data(demo):
    case, events = demo
    chapter = take_snapshot(case, Chapter("Alles"), events)
    (case.root / SNAPSHOT_DIR / f"{chapter.key}.parquet").unlink()
    assert with_snapshots(case, [chapter])[0].frozen is None
    assert "momentopname ontbreekt" in snapshot_changes(case, chapter, events)


def test_options_are_kept_beside_the_chapters(demo):
    case, _ = demo
    assert load_options(case) == PresentationOptions()  # pseudonymised, text hidden
    save_options(case, PresentationOptions(coarsen_dates=True))
    chapters = load_chapters(case)
    save_chapters(case, chapters[::-1])
    assert load_options(case).coarsen_dates
    assert [c.title for c in load_chapters(case)] == [c.title for c in chapters[::-1]]


# ------------------------------------------------------------------- page callbacks


@pytest.fixture
def app(demo):
    from app import create_app

    case, _ = demo
    create_app(case.root)
    return case


def test_presenting_a_chapter_is_pseudonymised(app):
    from reconstruct.pages.presentation import chapter_view, show_chapter

    view = chapter_view(3)
    assert view["counter"] == "Hoofdstuk 3 van 4"
    assert view["title"] == load_chapters(app)[2].title
    assert _markers(view["figure"]) > 10
    text = json.dumps(view["figure"].to_plotly_json(), default=str) + view["caption"]
    assert leaked(text, family_names(app)) == []
    assert chapter_view(99)["number"] == 4  # clipped to the chapters there are
    title, caption, figure, counter = show_chapter(1)
    assert counter == "Hoofdstuk 1 van 4" and caption.startswith("Achttien jaar")


def test_editor_actions_reorder_edit_refresh_and_delete(app):
    from reconstruct.pages.presentation import chapter_action, chapter_list

    titles = [c.title for c in load_chapters(app)]
    assert "bestaat niet" in chapter_action("up", 9)
    assert chapter_action("down", 0) == f"'{titles[0]}' is nu hoofdstuk 2."
    assert [c.title for c in load_chapters(app)] == [titles[1], titles[0], *titles[2:]]
    chapter_action("up", 1)
    assert [c.title for c in load_chapters(app)] == titles
    assert "niet opgeslagen" in chapter_action("save", 0, "  ", "x")
    chapter_action("save", 0, "Het beeld", "Nieuw bijschrift")
    assert load_chapters(app)[0].caption == "Nieuw bijschrift"
    assert "vernieuwd" in chapter_action("refresh", 3)
    last = load_chapters(app)[3]
    assert last.key and (app.root / SNAPSHOT_DIR / f"{last.key}.parquet").is_file()
    assert "momentopname van" in str(chapter_list())
    chapter_action("delete", 3)
    assert len(load_chapters(app)) == 3
    assert not (app.root / SNAPSHOT_DIR / f"{last.key}.parquet").exists()


def test_the_edit_callback_reads_which_button(app):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    from reconstruct.pages.presentation import edit_chapters

    titles = [c.title for c in load_chapters(app)]
    button = json.dumps({"action": "down", "index": 1, "type": "chapter-action"})

    def press():
        context_value.set(
            AttributeDict(triggered_inputs=[{"prop_id": f"{button}.n_clicks", "value": 1}])
        )
        return edit_chapters([1], [], titles, ["", "", "", ""])

    children, message = copy_context().run(press)
    assert message == f"'{titles[1]}' is nu hoofdstuk 3."
    assert [c.title for c in load_chapters(app)][1:3] == [titles[2], titles[1]]


def test_options_and_download(app):
    from reconstruct.pages.presentation import download, set_options

    assert set_options(["pseudonymise", "coarsen_dates"]).startswith("Gepseudonimiseerd")
    assert load_options(app) == PresentationOptions(True, False, True)
    set_options(["pseudonymise", "hide_text"])
    sent = download(1)
    assert sent["filename"] == "presentatie.html"
    page = base64.b64decode(sent["content"]).decode("utf-8") if sent["base64"] else sent["content"]
    assert page.count('<section class="chapter"') == 4
    a, b = page.index("<!-- plotly.js begin -->"), page.index("<!-- plotly.js end -->")
    assert leaked(page[:a] + page[b:], family_names(app)) == []
    from reconstruct import app_state

    last = app_state.store().audit().iloc[-1]
    assert last["action"] == "export" and '"pseudonymised": true' in last["detail"]


def test_the_timeline_adds_its_view_as_a_chapter(app):
    from reconstruct.pages.timeline import add_to_presentation

    event = "ev-4e1e7285f5d820b2"
    message, title = add_to_presentation(
        1, f"van=2010&tot=2013&domein=veiligheid&event={event}", ""
    )
    assert message[0].startswith("Toegevoegd als hoofdstuk 5") and title == ""
    added = load_chapters(app)[-1]
    assert added.title == "2010-2013 · Veiligheid"  # the view in words
    assert added.view == "van=2010&tot=2013&domein=veiligheid" and added.highlight == event
    assert added.snapshot and snapshot_events(app, added) is not None
    add_to_presentation(2, "", "Alles op een rij")
    assert load_chapters(app)[-1].title == "Alles op een rij"
    assert FilterState.from_query(load_chapters(app)[-1].view) == FilterState()


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on a copy of the demo case, in its own process: Dash hands the page callbacks to
    the first app served in a process (tests/test_app_browser.py serves one in this one)."""
    folder = tmp_path_factory.mktemp("presentatie-app")
    root = folder / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    port = free_port()
    with open(folder / "app.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "app.py"), "--case", str(root), "--port", str(port)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.time() + 120
        while time.time() < deadline and server.poll() is None:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        else:
            pytest.fail(f"app did not start: {(folder / 'app.log').read_text()[-2000:]}")
        yield f"http://127.0.0.1:{port}", load_case(root)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_chapter(page, number: int, count: int) -> None:
    page.wait_for_function(
        "n => (document.querySelector('#present-counter') || {}).innerText === n",
        arg=f"Hoofdstuk {number} van {count}",
        timeout=30_000,
    )
    page.wait_for_function(
        "() => { const g = document.querySelector('#present-graph .js-plotly-plot');"
        " return g && g._fullData && g._fullData.length > 0"
        " && g.querySelectorAll('.scatterlayer .point').length > 10; }",
        timeout=30_000,
    )
    page.wait_for_timeout(500)


def test_present_the_chapters_with_the_keyboard(served):
    base, case = served
    from reconstruct.pseudonymise import Pseudonymiser

    chapters, names = load_chapters(case), family_names(case)
    titles = [Pseudonymiser.from_case(case).text(c.title) for c in chapters]
    errors = []
    with browser_page(1920, 1080) as page:
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(base + "/presentatie?hoofdstuk=1")
        for i, title in enumerate(titles, start=1):
            _wait_chapter(page, i, len(chapters))
            assert page.inner_text("#present-title") == title
            assert page.url.endswith(f"/presentatie?hoofdstuk={i}")  # a reload stays here
            assert not page.locator(".topbar").is_visible()  # full window, no app chrome
            box = page.locator("#present-graph").bounding_box()
            assert box["width"] > 1800 and box["height"] > 650
            assert page.locator("#present-graph .ytick text").count() > 10  # lanes labelled
            shown = page.evaluate(
                "() => document.body.innerText + ' ' + Array.from(document.querySelectorAll("
                "'#present-graph svg text')).map(t => t.textContent).join(' ') + ' ' +"
                " JSON.stringify(document.querySelector('#present-graph .js-plotly-plot').data)"
            )
            assert leaked(shown, names) == [], f"hoofdstuk {i}"
            assert "Gepseudonimiseerd" in page.inner_text(".present-foot")
            screenshot(page, f"presentatie-app-{i}")
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(800)
        assert page.inner_text("#present-title") == titles[-1]  # the last chapter stays
        page.keyboard.press("Home")
        _wait_chapter(page, 1, len(chapters))
        page.keyboard.press("End")
        _wait_chapter(page, len(chapters), len(chapters))
        page.keyboard.press("ArrowLeft")
        _wait_chapter(page, len(chapters) - 1, len(chapters))
        page.keyboard.press("Escape")
        page.wait_for_selector(".chapter-card", timeout=30_000)
        assert page.url.endswith("/presentatie") and page.locator(".topbar").is_visible()
    assert errors == []


def test_add_a_chapter_from_the_timeline_and_see_it_in_the_editor(served):
    base, case = served
    before = len(load_chapters(case))
    with browser_page(1920, 1200) as page:
        page.goto(base + "/?van=2010&tot=2014&domein=veiligheid")
        page.wait_for_selector("#timeline-graph .main-svg", timeout=30_000)
        page.wait_for_function(
            "() => (document.querySelector('#timeline-summary').innerText || '')"
            ".includes('gefilterd')",
            timeout=30_000,
        )
        page.fill("#timeline-chapter-title", "Veiligheid rond 2012")
        page.click("#timeline-add-chapter")
        page.wait_for_selector(
            f"#timeline-add-message:has-text('Toegevoegd als hoofdstuk {before + 1}')",
            timeout=30_000,
        )
        screenshot(page, "tijdlijn-voeg-toe")
        page.click("#timeline-add-message a")
        page.wait_for_selector(".chapter-card", timeout=30_000)
        cards = page.locator(".chapter-card")
        assert cards.count() == before + 1
        last = cards.nth(before)
        assert last.locator(".chapter-row input").input_value() == "Veiligheid rond 2012"
        assert "2010-2014 · Veiligheid" in last.inner_text()
        assert "momentopname van" in last.inner_text()
        screenshot(page, "presentatie-editor")
        last.get_by_text("presenteer vanaf hier").click()
        _wait_chapter(page, before + 1, before + 1)
        lanes = page.eval_on_selector(
            "#present-graph .js-plotly-plot", "g => g._fullLayout.yaxis.ticktext"
        )
        assert "<b>Veiligheid</b>" in lanes and "<b>Gezondheid</b>" not in lanes
        screenshot(page, "presentatie-app-toegevoegd")
    added = load_chapters(case)[-1]
    assert added.view == "van=2010&tot=2014&domein=veiligheid" and added.snapshot
