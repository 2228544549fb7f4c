"""Small frames, phones and accessibility of the story map (issue 11), in Chromium.

Each frame size: nothing overlaps the chapter selector, the open panel leaves the map at
least 40% of the frame, the legend stays clear of the zoom buttons. Keyboard: the tab
order follows the layout and the map shows where focus is. axe-core (npm, dev) finds no
serious or critical violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import ARTIFACTS, Session

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FRAMES = [(800, 450), (1200, 300), (360, 640), (640, 360), (1280, 800)]

OVERLAP = """([a, b]) => { const r = document.querySelector(a).getBoundingClientRect(),
    s = document.querySelector(b).getBoundingClientRect();
    return r.width > 0 && s.width > 0 && r.left < s.right && s.left < r.right &&
        r.top < s.bottom && s.top < r.bottom; }"""


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layout") / "trotsky.html"
    assert render.main(["--data", str(PLACES), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(("width", "height"), FRAMES)
def test_frame_sizes_leave_a_usable_map(browser: Any, page_path: Path, width: int,
                                        height: int) -> None:
    s = Session(browser, width=width, height=height)
    try:
        page = s.open(page_path, "#t=1917-05")
        for state in ("start", "toggled"):
            if state == "toggled":
                page.click("#gs-panel-toggle")
                page.wait_for_timeout(150)
            assert s.page.evaluate(OVERLAP, [".gs-panel-bar",
                                  "#gs-chapter"]) is False, state
            assert s.page.evaluate(OVERLAP, [".gs-panel-bar", ".gs-time"]) is False, state
            assert s.page.evaluate(OVERLAP, [".gs-legend", ".leaflet-control-zoom"]) is False, state
            assert s.js("document.scrollingElement.scrollHeight <= innerHeight + 1")
            size = s.js("geostory.map.getSize()")
            if s.js("document.getElementById('gs-card').offsetParent !== null"):
                assert size["x"] * size["y"] >= 0.4 * width * height, (state, size)
            for selector in ("#gs-play", "#gs-next", "#gs-follow", "#gs-chapter",
                             "#gs-panel-toggle"):
                box = page.locator(selector).bounding_box()
                assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5
                assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5
            s.shot(f"frame-{width}x{height}-{state}")
        # The legend opened on a small map scrolls instead of covering the zoom buttons.
        page.click(".gs-legend summary")
        page.wait_for_timeout(100)
        assert s.page.evaluate(OVERLAP, [".gs-legend", ".leaflet-control-zoom"]) is False
        assert s.watch.errors == []
    finally:
        s.close()


def test_touch_targets_on_a_phone(browser: Any, page_path: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 640}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    try:
        from browser_support import Traffic, route_offline
        route_offline(context, Traffic())
        page.goto(page_path.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        for selector in ("#gs-play", "#gs-prev", "#gs-next", "#gs-follow", "#gs-speed",
                         ".leaflet-control-zoom-in"):
            box = page.locator(selector).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, selector
    finally:
        context.close()


def test_tab_order_follows_the_layout_and_focus_shows(browser: Any, page_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(page_path)
        order = []
        for _ in range(12):
            page.keyboard.press("Tab")
            order.append(s.js("""(() => { const a = document.activeElement;
                if (a.closest('.gs-head')) return 'header';
                if (a.closest('.gs-time')) return 'controls';
                if (a.closest('.gs-panel')) return 'panel';
                if (a.closest('.folium-map')) return 'map';
                return a.tagName; })()"""))
        regions = [r for i, r in enumerate(order) if i == 0 or order[i - 1] != r]
        assert regions[:3] == ["header", "controls", "panel"], order
        assert order[1] == "controls"
        # The map comes after the whole panel: focus it and see its ring.
        s.js("geostory.map.getContainer().focus()")
        ring = s.js("""(() => { const st = getComputedStyle(geostory.map.getContainer());
            return [st.outlineStyle, parseFloat(st.outlineWidth)]; })()""")
        assert ring[0] != "none" and ring[1] >= 2, ring
        last = s.js("""(() => { const all = [...document.querySelectorAll(
            'button, select, input, [tabindex="0"]')].filter((e) => e.offsetParent !== null);
            return all[all.length - 1].closest('.folium-map') !== null; })()""")
        assert last is True
    finally:
        s.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (360, 640)])
def test_axe_finds_no_serious_violation(browser: Any, page_path: Path, width: int,
                                        height: int) -> None:
    assert AXE.is_file(), f"{AXE} is missing (run `npm ci` in {ROOT})"
    s = Session(browser, width=width, height=height)
    try:
        page = s.open(page_path, "#t=1931-06")
        page.add_script_tag(path=str(AXE))
        result = s.js("""async () => { const r = await axe.run(document, {
            resultTypes: ['violations'] });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target).join(' | '));
        }""")
        assert result == []
        (ARTIFACTS / f"axe-{width}x{height}.txt").write_text("ok\n", encoding="utf-8")
    finally:
        s.close()
