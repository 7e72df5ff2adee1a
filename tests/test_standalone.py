"""Presentation chapters (presentation.yaml) and the self-contained HTML presentation, opened
in headless Chromium with every network request refused."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from reconstruct.case import CaseError, load_case
from reconstruct.chapters import (
    DEFAULT_CHAPTER,
    PRESENTATION_FILE,
    Chapter,
    chapters_or_default,
    describe_view,
    load_chapters,
    missing_references,
    normalise_view,
    save_chapters,
)
from reconstruct.export import export_case
from reconstruct.filters import FilterState
from reconstruct.ingest import ingest_case, write_result
from reconstruct.pseudonymise import Pseudonymiser
from reconstruct.standalone import standalone_html
from tests.browser import browser_page, screenshot
from tests.conftest import DEMO


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    root = tmp_path_factory.mktemp("standalone") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("derived"))
    case = load_case(root)
    result = ingest_case(case)
    write_result(case, result)
    return case, result.events


def test_demo_presentation_tells_the_story():
    chapters = load_chapters(load_case(DEMO))
    assert 3 <= len(chapters) <= 4
    assert chapters[0].view == "" and chapters[0].title == "Het hele beeld"
    assert any("2012" in c.title and c.highlight for c in chapters)
    assert chapters[-1].highlight == "ev-80e9a0e37d81bb5c" and chapters[-1].snapshot
    assert all(isinstance(c.created, dt.date) for c in chapters)


def test_demo_presentation_events_exist(demo):
    case, events = demo
    chapters = load_chapters(case)
    assert any(c.highlight for c in chapters)
    # Event ids are stable; finding ids follow the analyses and are only warned about.
    assert [w for w in missing_references(chapters, events, []) if "gebeurtenis" in w] == []


def test_save_and_load_round_trip(demo_copy):
    case = load_case(demo_copy)
    chapters = [
        Chapter("Alles"),
        Chapter("Veiligheid", "Signalen", "domein=veiligheid&ernst=2", "ev-0123456789abcdef"),
        Chapter("Bevinding", view="van=2012", finding="fi-0123456789ab", snapshot=True),
    ]
    save_chapters(case, chapters)
    assert load_chapters(case) == chapters
    assert "hoofdstukken" in (demo_copy / PRESENTATION_FILE).read_text("utf-8")


def test_no_presentation_means_one_overview(demo_copy):
    (demo_copy / PRESENTATION_FILE).unlink()
    case = load_case(demo_copy)
    assert load_chapters(case) == []
    assert chapters_or_default(case) == [DEFAULT_CHAPTER]
    assert DEFAULT_CHAPTER.title == "Overzicht" and DEFAULT_CHAPTER.view == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("chapters: {title: x}", "verwacht 'chapters:'"),
        ("chapters: [{title: A}, {caption: B}]", "hoofdstuk 2: een hoofdstuk heeft een title"),
        ("chapters: [{title: A, colour: red}]", "hoofdstuk 1: onbekende sleutel"),
        ("chapters: [{title: A, view: 'van=2005&kleur=1'}]", r"hoofdstuk 1.view: .* kleur"),
        ("chapters: [{title: A, view: 'van=twee'}]", r"hoofdstuk 1.view: .*van=twee"),
        ("chapters: [{title: A, view: 'domein=veligheid'}]", "domein=veligheid"),
        ("chapters: [{title: A, highlight: 12}]", "hoofdstuk 1.highlight: '12' is geen id"),
        ("chapters: [{title: A, finding: ev-1}]", "hoofdstuk 1.finding"),
        ("chapters: [{title: A, snapshot: ja}]", "hoofdstuk 1.snapshot"),
        ("chapters: [{title: A, created: 2024-13-01}]", "ongeldige YAML"),
        ("chapters: [{title: A, created: gisteren}]", "hoofdstuk 1.created"),
        ("chapters: [[1]", "ongeldige YAML"),
    ],
)
def test_bad_presentation_names_file_and_chapter(demo_copy, content, message):
    (demo_copy / PRESENTATION_FILE).write_text(content, "utf-8")
    with pytest.raises(CaseError, match=message) as err:
        load_chapters(load_case(demo_copy))
    assert PRESENTATION_FILE in str(err.value)


@pytest.mark.parametrize(
    ("pasted", "view"),
    [
        ("http://127.0.0.1:8050/?van=2005&tot=2012", "van=2005&tot=2012"),
        ("?domein=gezin", "domein=gezin"),
        (" soort=signal ", "soort=signal"),
        (None, ""),
    ],
)
def test_a_pasted_address_is_a_view(pasted, view):
    assert normalise_view(pasted) == view


def test_a_missing_highlight_is_a_warning_not_an_error(demo, tmp_path):
    case, events = demo
    result = export_case(
        case, tmp_path / "p.html", events=events, view="van=2012&event=ev-0000000000000000"
    )
    assert result.warnings == [
        "hoofdstuk 1 (Weergave): gebeurtenis ev-0000000000000000 bestaat niet"
    ]
    assert "<h1>Weergave</h1>" in (tmp_path / "p.html").read_text("utf-8")


def test_view_described_in_words():
    state = FilterState.from_query("van=2005&tot=2012&domein=veiligheid&soort=signal&ernst=2")
    assert describe_view(state) == "2005-2012 · Veiligheid · Signaal · ernst 2 of hoger"
    assert describe_view(FilterState()) == ""


def test_missing_references_are_named(demo):
    _, events = demo
    chapters = [Chapter("A", highlight="ev-0000000000000000"), Chapter("B", finding="fi-00")]
    warnings = missing_references(chapters, events, [])
    assert warnings == [
        "hoofdstuk 1 (A): gebeurtenis ev-0000000000000000 bestaat niet",
        "hoofdstuk 2 (B): bevinding fi-00 bestaat niet",
    ]


def _without_plotly_js(page: str) -> str:
    a, b = page.index("<!-- plotly.js begin -->"), page.index("<!-- plotly.js end -->")
    return page[:a] + page[b:]


def test_html_is_self_contained(demo):
    case, events = demo
    page = standalone_html(case, events, pseudonymiser=Pseudonymiser.from_case(case))
    assert not re.search(r"<script[^>]+src=|<link|<iframe|@import", page)
    shell = _without_plotly_js(page)
    assert "http://" not in shell and "https://" not in shell
    assert len(page) - len(shell) > 1_000_000  # plotly.js inlined
    assert "Gepseudonimiseerd" in shell and "Sanne" not in shell
    assert shell.count('<section class="chapter"') == 4


def test_html_without_pseudonymisation_says_so(demo):
    case, events = demo
    shell = _without_plotly_js(standalone_html(case, events, [Chapter("Alles")]))
    assert "Niet gepseudonimiseerd" in shell and "Sanne" in shell
    assert shell.count('<section class="chapter"') == 1


@pytest.fixture(scope="module")
def presentation(demo, tmp_path_factory):
    case, events = demo
    out = tmp_path_factory.mktemp("html") / "presentatie.html"
    result = export_case(case, out, events=events)
    assert result.pseudonymised and result.fmt == "html"
    return out, load_chapters(case)


def _current_title(page) -> str:
    return page.locator("section.chapter.current h1").inner_text()


def _wait_drawn(page, number: int) -> None:
    page.wait_for_selector(
        f"#hoofdstuk-{number}.current .plot[data-drawn=true] .main-svg", timeout=30_000
    )


def test_presentation_pages_offline_with_the_arrow_keys(presentation):
    path, chapters = presentation
    refused, errors = [], []
    with browser_page(1920, 1080) as page:

        def only_local(route):
            if route.request.url.startswith("file://"):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        page.route("**/*", only_local)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        for i, chapter in enumerate(chapters, start=1):
            _wait_drawn(page, i)
            assert _current_title(page) == chapter.title
            assert page.locator("#where").inner_text() == f"Hoofdstuk {i} van {len(chapters)}"
            plot = page.locator(f"#hoofdstuk-{i} .plot")
            assert plot.locator(".scatterlayer .point").count() > 10  # markers drawn
            assert plot.locator(".ytick text").count() > 10  # lanes labelled
            box = plot.bounding_box()
            assert box["height"] > 650 and box["width"] > 1800
            screenshot(page, f"presentatie-hoofdstuk-{i}")
            page.keyboard.press("ArrowRight")
            if i < len(chapters):
                assert _current_title(page) != chapter.title
        assert _current_title(page) == chapters[-1].title  # the last chapter stays
        assert page.locator("#next").is_disabled()
        page.keyboard.press("ArrowLeft")
        assert _current_title(page) == chapters[-2].title
        page.keyboard.press("Home")
        assert _current_title(page) == chapters[0].title and page.locator("#prev").is_disabled()
        page.locator("nav a", has_text="3").click()
        assert _current_title(page) == chapters[2].title
        page.locator("#prev").click()
        assert _current_title(page) == chapters[1].title
        assert page.url.endswith("#2")
    assert refused == [] and errors == []


def test_presentation_fits_a_small_laptop_screen(presentation):
    path, chapters = presentation
    with browser_page(1366, 768) as page:
        page.goto(path.as_uri() + "#3")
        _wait_drawn(page, 3)
        assert _current_title(page) == chapters[2].title
        assert page.evaluate("document.documentElement.scrollHeight") <= 768
        screenshot(page, "presentatie-laptop-hoofdstuk-3")
