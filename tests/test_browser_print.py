"""Print view and full-screen button of the story map (issue 11, items 12 and 7), in Chromium.

Printing gives a teacher's handout: one overview map of the current selection (fitted to
all its stops, no controls over it) and the stop list with dates, places and sources.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser_support import ARTIFACTS, Session
from test_security import PAYLOADS

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
ALL_IN_VIEW = """() => { const b = geostory.map.getBounds(), st = geostory.stops;
    return geostory.sel.every((i) => b.contains([st[i].lat, st[i].lon])); }"""


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    df = pd.read_csv(PLACES, dtype=str, keep_default_na=False)
    df.loc[df.index[0], "summary"] = PAYLOADS["img onerror"]
    csv = tmp_path_factory.mktemp("print") / "places.csv"
    df.to_csv(csv, index=False)
    out = csv.with_name("print.html")
    assert render.main(["--data", str(csv), "--out", str(out)]) == 0
    return out


def test_print_media_gives_the_handout(browser: Any, page_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(page_path, "#period=exile-in-mexico&t=1939-01")
        assert s.js("geostory.state().overview") is False
        assert not page.is_visible("#gs-print")
        page.emulate_media(media="print")
        # The handout is built when the print media query turns on (a change event).
        page.wait_for_selector("#gs-print .gs-print-stop")
        assert page.is_visible("#gs-print")
        assert s.js("geostory.state().overview") is True
        chapter = s.js("geostory.sel.map((i) => geostory.stops[i].place)")
        items = page.locator("#gs-print .gs-print-stop")
        assert items.count() == len(chapter) > 1
        for k, place in enumerate(chapter):
            text = items.nth(k).text_content()
            assert place in text and "Source:" in text
        first = s.js("geostory.stops[geostory.sel[0]]")
        assert first["dates"] in items.nth(0).text_content()
        assert "Exile in Mexico" in page.text_content(".gs-print-title")
        assert s.js(ALL_IN_VIEW) is True
        for hidden in (".gs-time", ".gs-panel", ".leaflet-control-zoom", ".gs-page-tools",
                       ".gs-chapter-label", ".gs-legend"):
            assert not page.is_visible(hidden), hidden
        assert page.is_visible(".folium-map") and page.is_visible("#gs-title")
        page.screenshot(path=str(ARTIFACTS / "print-media.png"), full_page=True)
        pdf = page.pdf(format="A4")
        assert pdf[:5] == b"%PDF-" and len(pdf) > 1024
        (ARTIFACTS / "print.pdf").write_bytes(pdf)
        # Back on screen, the viewer's moment returns.
        page.emulate_media(media="screen")
        page.wait_for_function("!document.body.classList.contains('gs-printing')")
        assert not page.is_visible("#gs-print")
        assert s.js("geostory.state().month") == "1939-01"
        assert s.watch.errors == [] and s.watch.dialogs == []
    finally:
        s.close()


def test_whole_life_handout_lists_every_stop_and_hostile_text_as_text(
        browser: Any, page_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(page_path)
        page.emulate_media(media="print")
        # The handout is built when the print media query turns on (a change event).
        page.wait_for_selector("#gs-print .gs-print-stop")
        assert page.locator("#gs-print .gs-print-stop").count() == 66
        assert PAYLOADS["img onerror"] in page.text_content("#gs-print")
        assert page.locator("#gs-print img").count() == 0
        assert s.js(ALL_IN_VIEW) is True
        assert "pwned" not in s.js("document.title")
    finally:
        s.close()


def test_print_and_fullscreen_buttons(browser: Any, page_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(page_path, "#t=1917-05")
        # Print: the handout is prepared (the overview of the selection), then printed.
        s.js("window.print = () => { window.__printed = geostory.state().overview; }")
        page.click("#gs-print-button")
        page.wait_for_function("window.__printed !== undefined")
        assert s.js("window.__printed") is True
        assert page.get_attribute("#gs-print-button", "aria-label") == "Print"
        s.js("geostory.endPrint()")
        assert s.js("geostory.state().month") == "1917-05"
        # Full screen: labelled, reachable by keyboard, toggles the page.
        button = page.locator("#gs-fullscreen")
        assert button.is_visible()
        assert button.get_attribute("aria-label") == "Full screen"
        button.focus()
        assert s.js("document.activeElement.id") == "gs-fullscreen"
        page.keyboard.press("Enter")
        page.wait_for_function("document.fullscreenElement !== null")
        page.wait_for_function("document.getElementById('gs-fullscreen')"
                               ".getAttribute('aria-pressed') === 'true'")
        assert button.get_attribute("aria-label") == "Exit full screen"
        assert button.get_attribute("aria-pressed") == "true"
        page.keyboard.press("Enter")
        page.wait_for_function("document.fullscreenElement === null")
        page.wait_for_function("document.getElementById('gs-fullscreen')"
                               ".getAttribute('aria-pressed') === 'false'")
        assert button.get_attribute("aria-pressed") == "false"
    finally:
        s.close()


def test_fullscreen_hidden_in_a_frame_without_allowfullscreen(browser: Any, page_path: Path,
                                                             tmp_path: Path) -> None:
    host = tmp_path / "host.html"
    host.write_text(f"""<iframe src="{page_path.as_uri()}" allow="fullscreen 'none'"
        width="800" height="450"></iframe>""", encoding="utf-8")
    s = Session(browser)
    try:
        s.page.goto(host.as_uri())
        frame = s.page.frames[1]
        frame.wait_for_selector("html[data-ready=true]")
        assert frame.evaluate("document.fullscreenEnabled") is False
        assert frame.locator("#gs-fullscreen").is_hidden()
        assert frame.locator("#gs-print-button").is_visible()
    finally:
        s.close()


def test_touch_targets_of_the_page_tools(browser: Any, page_path: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True,
                                  is_mobile=True)
    try:
        from browser_support import Traffic, route_offline
        route_offline(context, Traffic())
        page = context.new_page()
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        for selector in ("#gs-print-button", "#gs-fullscreen"):
            box = page.locator(selector).bounding_box()
            assert box and box["width"] >= 44 and box["height"] >= 44, (selector, box)
    finally:
        context.close()
