"""The story-map behaviours, on the two-person map, with the person filter set to each person.

One page per person (Trotsky, Lenin) opened with ``#person=``; one test per person walks the
behaviours a one-life map has: play and pause, next and previous, the slider, a chapter,
a deep link that reopens the same view, popup text, and the camera keeping the current stop
in view. Reduced motion, so steps jump instead of flying.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import Session

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
TROTSKY, LENIN = ROOT / "data" / "places.csv", ROOT / "data" / "lenin.csv"
PEOPLE = [(0, "leon-trotsky", 66), (1, "vladimir-lenin", 47)]
IN_VIEW = """() => { const st = geostory.stops[geostory.frame.index];
    return geostory.map.getBounds().contains([st.lat, st.lon]); }"""
SETTLED = "!geostory._animation && !geostory.cameraBusy()"


@pytest.fixture(scope="module")
def two_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("people-story") / "two.html"
    assert render.main(["--data", str(TROTSKY), "--data", str(LENIN), "--out", str(out),
                        "--title", "Trotsky and Lenin"]) == 0
    return out


@pytest.mark.parametrize(("who", "slug", "count"), PEOPLE, ids=[p[1] for p in PEOPLE])
def test_story_behaviours_with_one_person_shown(browser: Any, two_page: Path, who: int,
                                                slug: str, count: int) -> None:
    s = Session(browser)
    s.page.emulate_media(reduced_motion="reduce")
    try:
        page = s.open(two_page, f"#person={slug}")
        mine = f"geostory.sel.every((i) => geostory.stops[i].who === {who})"
        assert s.js("geostory.sel.length") == count and s.js(mine)
        assert s.js("geostory.people.shown()") == [who == 0, who == 1]
        # Play, then pause: the clock moves, then stops.
        day0 = s.js("geostory.frame.day")
        page.click("#gs-play")
        page.wait_for_function(f"geostory.frame.day > {day0}", timeout=20_000)
        page.click("#gs-play")
        assert s.js("geostory.state().playing") is False
        paused = s.js("geostory.frame.day")
        page.wait_for_timeout(300)
        assert s.js("geostory.frame.day") == paused
        # Next and previous step through this person's stops, each in view.
        s.js("geostory.goToStop(geostory.sel[0])")
        page.wait_for_function(SETTLED)
        for k in (1, 2, 3):
            page.click("#gs-next")
            page.wait_for_function(SETTLED)
            assert s.js("geostory.frame.index") == s.js(f"geostory.sel[{k}]")
            assert s.js(IN_VIEW)
        page.click("#gs-prev")
        page.wait_for_function(SETTLED)
        assert s.js("geostory.frame.index") == s.js("geostory.sel[2]")
        # The slider at its end: this person's last stop, in view.
        page.fill("#gs-slider", page.get_attribute("#gs-slider", "max"))
        page.wait_for_function(SETTLED)
        assert s.js("geostory.sel.includes(geostory.frame.index)")
        assert s.js("geostory.stops[geostory.frame.index].who") == who
        # Popup text: the place and its summary.
        i = s.js("geostory.sel[2]")
        s.js(f"geostory.markers[{i}].openPopup()")
        popup = page.text_content(".leaflet-popup-content")
        stop = s.js(f"geostory.stops[{i}]")
        assert stop["place"] in popup
        # A chapter of this person's: only its stops, the person still chosen.
        value = s.js(f"""[...document.querySelectorAll('#gs-chapter option')]
            .map((o) => o.value).find((v) => v.startsWith('{slug}-'))""")
        page.select_option("#gs-chapter", value)
        page.wait_for_function(SETTLED)
        assert s.js(mine) and 0 < s.js("geostory.sel.length") < count
        chosen = s.js("geostory.sel")
        s.js("geostory.goToStop(geostory.sel[geostory.sel.length - 1])")
        page.wait_for_function(SETTLED)
        assert s.js(IN_VIEW)
        # The address reopens the same view in a fresh page.
        link = s.js("location.href")
        page.goto("about:blank")
        page.goto(link)
        page.wait_for_selector("html[data-ready=true]")
        assert s.js("geostory.sel") == chosen
        assert s.js("geostory.stops[geostory.frame.index].who") == who
        assert s.watch.errors == [] and s.watch.dialogs == []
    finally:
        s.close()
