"""Historical borders on the story map (issue 11, item 5), in Chromium, offline.

Two tiny snapshots of our own (1900 and 1920; historical-basemaps is GPL and never
committed): the slider moved across 1920 switches the label and the drawn layer; before
1900 nothing is drawn; hostile text in a feature name and the attribution shows as text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from browser_support import ARTIFACTS, Session
from test_security import PAYLOADS

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
NAME = PAYLOADS["img onerror"] + " " + PAYLOADS["jinja expression"]
CREDIT = PAYLOADS["script end"] + " " + PAYLOADS["template markers"]

# Opaque pixels of the borders' canvas, and a fingerprint of what it holds.
CANVAS = """() => { const c = document.querySelector('.leaflet-gsBorders-pane canvas');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0, h = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]) { n += 1; h = (h * 31 + i) % 1000003; }
    return [n, h]; }"""
SEEK = """(day) => { const s = document.getElementById('gs-slider');
    s.value = String(day); s.dispatchEvent(new Event('input', {bubbles: true})); }"""
DAY = "([y, m, d]) => GeoStory.ordinal(y, m, d)"


def _square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


@pytest.fixture(scope="module")
def page_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("borders")
    snaps = folder / "snapshots"
    snaps.mkdir()
    # 1900: one empire around Petrograd (named with hostile text) and a western state;
    # 1920: only a small republic far to the south.
    (snaps / "world_1900.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"NAME": NAME}, "geometry": _square(20, 45, 60, 70)},
            {"type": "Feature", "properties": {"NAME": "West"}, "geometry": _square(0, 45, 15, 55)},
        ]}), encoding="utf-8")
    (snaps / "world_1920.geojson").write_text(json.dumps({
        "type": "Feature", "properties": {"NAME": "South"}, "geometry": _square(30, 35, 35, 38)}),
        encoding="utf-8")
    out = folder / "borders.html"
    assert render.main(["--data", str(PLACES), "--out", str(out), "--self-contained",
                        "--basemap", "none", "--borders", str(snaps),
                        "--borders-attribution", CREDIT]) == 0
    return out


def _look(s: Session, day: list[int]) -> tuple[dict[str, Any], list[int]]:
    s.page.evaluate(SEEK, s.page.evaluate(DAY, day))
    s.page.wait_for_timeout(50)
    # A fixed view, so the two snapshots are compared on the same frame of the world.
    s.js("geostory.setFollowing(false); geostory.map.setView([50, 30], 3, {animate: false})")
    s.page.wait_for_timeout(150)
    return s.js("geostory.bordersShown()"), s.page.evaluate(CANVAS)


def test_slider_across_1920_switches_label_and_layer(browser: Any, page_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(page_path)
        # The overview opens on the first date, 1879: before any snapshot, nothing drawn.
        before = s.js("geostory.bordersShown()")
        assert before["label"] == "no borders before 1900" and before["year"] is None
        assert page.is_visible(".gs-borders")
        shown, pixels = _look(s, [1917, 6, 1])
        assert shown["year"] == 1900 and shown["label"] == "borders c. 1900"
        assert shown["drawn"] == 2 and shown["onMap"] is True
        assert pixels[0] > 1000
        assert s.js("geostory.state().place") == "Petrograd"
        # The current stop lies in the empire: its hostile name is shown as text.
        assert shown["where"] == " · " + NAME
        assert shown["credit"] == CREDIT
        s.shot("borders-1917")
        later, later_pixels = _look(s, [1921, 6, 1])
        assert later["year"] == 1920 and later["label"] == "borders c. 1920"
        assert later["drawn"] == 1
        assert later_pixels != pixels and 0 < later_pixels[0] < pixels[0]
        assert NAME not in page.text_content(".gs-borders")
        back, back_pixels = _look(s, [1919, 12, 31])
        assert back["year"] == 1900 and back_pixels == pixels
        early, early_pixels = _look(s, [1890, 1, 1])
        assert early["label"] == "no borders before 1900" and early_pixels[0] == 0
        assert page.locator(".gs-borders img, .gs-borders script, .gs-borders b").count() == 0
        assert s.watch.dialogs == [] and s.watch.errors == []
        assert "pwned" not in s.js("document.title")
    finally:
        s.close()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (800, 450), (360, 640)])
def test_borders_label_fits_small_frames(browser: Any, page_path: Path, width: int,
                                         height: int) -> None:
    s = Session(browser, width=width, height=height)
    try:
        page = s.open(page_path, "#t=1917-06")
        box = page.locator(".gs-borders").bounding_box()
        bar = page.locator(".leaflet-control-zoom").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
        overlap = s.page.evaluate("""() => {
            const a = document.querySelector('.gs-borders').getBoundingClientRect();
            return [...document.querySelectorAll('.gs-legend, .leaflet-control-zoom,'
                + ' .leaflet-control-attribution, .gs-time, .gs-panel-bar')].some((e) => {
              const b = e.getBoundingClientRect();
              return b.width > 0 && a.left < b.right && b.left < a.right &&
                a.top < b.bottom && b.top < a.bottom; }); }""")
        assert overlap is False
        assert bar is not None
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"borders-{width}x{height}.png"))
    finally:
        s.close()
