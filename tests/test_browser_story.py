"""The story map tells the story (issue 11), in Chromium, offline.

A camera that follows; pacing a viewer can follow; co-located stays; the offline base map
and the page without Leaflet; broken deep links; one animation loop; the overview.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import pytest
from browser_support import TILE_HOSTS, Session, Traffic, route_offline
from test_security import PAYLOADS

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
SHOTS = ROOT / "test-artifacts"

IN_VIEW = """() => { const st = geostory.stops[geostory.frame.index];
    return geostory.map.getBounds().contains([st.lat, st.lon]); }"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("story")
    out = {"cdn": folder / "cdn.html", "inline": folder / "inline.html",
           "offline": folder / "offline.html"}
    assert render.main(["--data", str(PLACES), "--out", str(out["cdn"])]) == 0
    assert render.main(["--data", str(PLACES), "--out", str(out["inline"]),
                        "--self-contained"]) == 0
    assert render.main(["--data", str(PLACES), "--out", str(out["offline"]),
                        "--self-contained", "--basemap", "offline"]) == 0
    return out


@pytest.fixture()
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    yield s
    s.close()


def test_overview_opens_on_the_first_date_with_every_stop(session: Session,
                                                          pages: dict[str, Path]) -> None:
    page = session.open(pages["cdn"])
    assert page.text_content("#gs-date") == "7 Nov 1879"
    assert page.input_value("#gs-slider") == page.get_attribute("#gs-slider", "min")
    assert page.text_content("#gs-where") == "66 stops"
    assert session.js("geostory.drawnStops().length") == 66
    assert session.js("geostory.state().following") is True
    assert page.get_attribute("#gs-follow", "aria-pressed") == "true"


def test_broken_escapes_in_the_address_do_not_stop_the_page(session: Session,
                                                            pages: dict[str, Path]) -> None:
    page = session.open(pages["cdn"], "#period=%ZZ&t=1939-06")
    assert session.watch.errors == []
    assert session.js("geostory.state().label") == "Jun 1939"
    assert "%ZZ" not in session.js("location.hash")
    assert page.locator("#gs-stops button").count() == 66


def test_camera_brings_the_current_stop_into_view(session: Session,
                                                  pages: dict[str, Path]) -> None:
    page = session.open(pages["cdn"])
    # Zoomed in on Spain from the list, four steps on reach Petrograd: still in view.
    spain = session.js("geostory.stops.find((s) => s.place === 'Spain').n")
    page.get_by_role("button", name=f"Stop {spain}: Spain", exact=False).click()
    page.wait_for_function("!geostory.cameraBusy()")
    zoom = session.js("geostory.map.getZoom()")
    assert zoom >= 5
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("!geostory._animation")
    page.wait_for_function("!geostory.cameraBusy()")
    assert session.js("geostory.state().stop") == spain + 4
    assert session.js("geostory.state().place") == "Petrograd"
    assert session.js(IN_VIEW) is True
    assert session.js("geostory.map.getZoom()") >= 5  # a local view, not the world
    # The viewer drags the map away: following pauses, the button says so.
    box = page.locator(".folium-map").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 500, y + 250, steps=6)
    page.mouse.up()
    # Let the drag's inertia glide end (Leaflet's pan animation), as a viewer's hand would.
    page.wait_for_function("!(geostory.map._panAnim && geostory.map._panAnim._inProgress)")
    page.wait_for_timeout(100)
    assert session.js("geostory.state().following") is False
    assert page.get_attribute("#gs-follow", "aria-pressed") == "false"
    # The slider, not following: the stop of the new date is brought into view anyway.
    session.js("""(() => { const s = document.getElementById('gs-slider');
        s.value = String(geostory.stops[62].a + 30);
        s.dispatchEvent(new Event('input', {bubbles: true})); })()""")
    # The camera moves within a few frames; on a loaded machine that can take a while.
    page.wait_for_function("!geostory.cameraBusy()")
    assert session.js("geostory.state().place") == "Coyoacán"
    page.wait_for_function(IN_VIEW, timeout=5000)
    page.click("#gs-follow")
    assert session.js("geostory.state().following") is True
    # Playing follows the traveller at a local zoom, not the world view.
    session.js("geostory.seekMonth('1898-01'); geostory.setSpeed(4); geostory.play()")
    page.wait_for_timeout(1500)
    assert session.js("geostory.map.getZoom()") >= 4
    page.wait_for_function(IN_VIEW)
    session.js("geostory.pause()")
    assert session.watch.errors == []


def test_deep_link_frames_the_stop(session: Session, pages: dict[str, Path]) -> None:
    session.open(pages["cdn"], "#t=1917-05")
    assert session.js("geostory.state().place") == "Petrograd"
    assert session.js(IN_VIEW) is True
    assert session.js("geostory.map.getZoom()") >= 5


def test_reduced_motion_camera_jumps(browser: Any, pages: dict[str, Path]) -> None:
    context = browser.new_context(reduced_motion="reduce", viewport={"width": 1280,
                                                                     "height": 800})
    route_offline(context, Traffic())
    page = context.new_page()
    try:
        page.goto(pages["cdn"].as_uri())
        page.wait_for_selector("html[data-ready=true]")
        page.evaluate("geostory.goToStop(51)")
        # No flight: the view is there at once.
        assert page.evaluate("!geostory.cameraBusy() && geostory.map.getZoom()") >= 5
        assert page.evaluate(IN_VIEW) is True
    finally:
        context.close()


def test_pacing_a_viewer_can_follow(session: Session, pages: dict[str, Path]) -> None:
    session.open(pages["cdn"])
    # Seconds at 1x that each stop is the current one (its stay and the leg after it).
    per_stop = """() => { const s = geostory.seg, out = [];
        for (let k = 0; k < s.n; k += 2) out.push(s.dur[k] + (k + 1 < s.n ? s.dur[k + 1] : 0));
        return out; }"""
    times = session.js(per_stop)
    assert len(times) == 66
    assert min(times[:-1]) >= 1.5 - 1e-9
    total = session.js("geostory.total")
    assert 60 <= total <= 180, total
    # Chapters, even of one stop, dwell; the slider keeps calendar days.
    for slug, stops in (("internal-exile-in-alma-ata", 1), ("exile-in-mexico", 5)):
        session.js(f"geostory.selectPeriods(['{slug}'])")
        assert session.js("geostory.total") >= 12
        assert len(session.js(per_stop)) == stops
        state = session.js("geostory.state()")
        first = session.js("geostory.stops[geostory.sel[0]].a")
        assert state["range"][0] == first
        assert session.page.get_attribute("#gs-slider", "min") == str(first)
    assert session.page.text_content("#gs-where") == "5 stops"
    session.js("geostory.selectPeriods(['internal-exile-in-alma-ata'])")
    assert session.page.text_content("#gs-where") == "1 stop"


def test_co_located_stays_are_each_reachable(session: Session,
                                             pages: dict[str, Path]) -> None:
    page = session.open(pages["cdn"])
    group = session.js("geostory.sameSpot(62)")  # Coyoacán, the Blue House
    assert len(group) >= 2
    session.js("geostory.markers[62].openPopup()")
    popup = page.locator(".leaflet-popup-content")
    buttons = popup.locator(".gs-here-stop")
    assert buttons.count() == len(group)
    other = next(j for j in group if j != 62)
    place = session.js(f"geostory.stops[{other}].dates")
    popup.locator(".gs-here-stop", has_text=place).click()
    assert session.js("geostory.frame.index") == other
    page.wait_for_function("document.querySelectorAll('.leaflet-popup-content').length === 1")
    assert place in page.locator(".leaflet-popup-content").text_content()


def test_one_animation_loop_and_few_redraws(session: Session, pages: dict[str, Path]) -> None:
    session.open(pages["inline"])
    result = session.js("""() => new Promise((resolve) => {
        let redraws = 0, frames = 0, moves = 0;
        const orig = L.Canvas.prototype._redraw;
        L.Canvas.prototype._redraw = function () { redraws++; return orig.apply(this, arguments); };
        geostory.map.on("moveend", () => moves++);
        const raf = window.requestAnimationFrame.bind(window);
        const count = () => { frames++; if (geostory.playing) raf(count); };
        geostory.seekMonth("1916-09");
        const ticks0 = geostory.ticks || 0, stop0 = geostory.state().stop;
        geostory.setSpeed(8); geostory.play(); raf(count);
        setTimeout(() => { geostory.pause(); resolve({redraws, frames, moves,
            ticks: geostory.ticks - ticks0, stops: geostory.state().stop - stop0}); }, 2500);
    })""")
    assert result["stops"] >= 3, result
    # One tick per displayed frame: a pulse does not start a loop of its own (it did, and
    # the loops piled up to ~31 redraws a frame by the end of a play).
    assert result["ticks"] <= result["frames"] + 2, result
    # At most one canvas redraw per frame, plus a bounded cost for each stop reached (its
    # marker and leg join the trail) and each camera move (every canvas redraws once).
    bound = result["frames"] + 2 * result["stops"] + 4 * result["moves"]
    assert result["redraws"] <= bound, result


def _refuse_all(context: Any, traffic: Traffic) -> None:
    def handle(route: Any) -> None:
        if urlparse(route.request.url).scheme in ("file", "data", "blob"):
            route.continue_()
        else:
            traffic.refused.append(route.request.url)
            route.abort()

    context.route("**/*", handle)


def test_offline_base_map_with_all_network_refused(browser: Any,
                                                   pages: dict[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    traffic = Traffic()
    _refuse_all(context, traffic)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(pages["offline"].as_uri())
        page.wait_for_selector("html[data-ready=true]")
        assert page.evaluate("geostory.basemapShown()") == "gs-basemap-countries-110m"
        assert "present-day borders" in page.text_content(".leaflet-control-attribution")
        page.evaluate("geostory.goToStop(51)")
        page.wait_for_function("geostory.basemapShown() === 'gs-basemap-countries-50m'")
        page.screenshot(path=str(SHOTS / "offline-basemap-prinkipo.png"))
        assert traffic.refused == [] and errors == []
    finally:
        context.close()


def test_self_contained_page_draws_land_when_tiles_fail(browser: Any,
                                                        pages: dict[str, Path]) -> None:
    context = browser.new_context(viewport={"width": 800, "height": 450})
    traffic = Traffic()
    _refuse_all(context, traffic)
    page = context.new_page()
    try:
        page.goto(pages["inline"].as_uri())
        page.wait_for_selector("html[data-ready=true]")
        page.wait_for_function("geostory.basemapShown() !== null", timeout=5000)
        assert traffic.refused and all(urlparse(u).hostname in TILE_HOSTS
                                       for u in traffic.refused)
    finally:
        context.close()


def _hostile_csv(tmp_path: Path) -> Path:
    df = pd.read_csv(PLACES, dtype=str, keep_default_na=False)
    for i, text in enumerate(PAYLOADS.values()):
        df.loc[df.index[2 * i], "place"] = text
        df.loc[df.index[2 * i + 1], "summary"] = text
    out = tmp_path / "hostile.csv"
    df.to_csv(out, index=False)
    return out


def test_default_page_offline_tells_the_story_and_runs_no_text(browser: Any,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    assert render.main(["--data", str(_hostile_csv(tmp_path)), "--out", str(out),
                        "--title", "{{7*7}} <img src=x onerror=alert(1)>"]) == 0
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    traffic = Traffic()
    _refuse_all(context, traffic)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-ready=fallback]")
        assert page.text_content("#gs-title") == "{{7*7}} <img src=x onerror=alert(1)>"
        assert "could not load" in page.text_content(".gs-nomap-note")
        assert "--self-contained" in page.text_content(".gs-nomap-note")
        assert page.locator("#gs-stops li").count() == 66
        text = page.text_content("#gs-stops")
        for payload in PAYLOADS.values():
            if "\u2028" not in payload:
                assert payload.strip() in text, payload
        page.wait_for_timeout(200)
        assert page.locator("#gs-stops img, #gs-stops b, #gs-stops script").count() == 0
        assert errors == [] and dialogs == []
        assert any("leaflet" in u for u in traffic.refused)
        page.screenshot(path=str(SHOTS / "offline-cdn-page.png"))
    finally:
        context.close()


def test_co_located_popup_shows_hostile_names_as_text(browser: Any, tmp_path: Path) -> None:
    df = pd.read_csv(PLACES, dtype=str, keep_default_na=False)
    df.loc[df.index[62], "place"] = "</script><script>alert(1)</script>"
    df.loc[df.index[63], "place"] = "<img src=x onerror=alert(2)> {{7*7}}"
    # A note that looks like markup stays a note; a citation with a hostile section is
    # split out, and both are still only text.
    df.loc[df.index[62], "source"] = ("</b>{% x %}.txt: <img src=y onerror=alert(3)> (18791895); "
                                      "evil.txt: {{7*7}}</script><script>alert(4)</script>")
    csv = tmp_path / "h.csv"
    df.to_csv(csv, index=False)
    out = tmp_path / "h.html"
    assert render.main(["--data", str(csv), "--out", str(out)]) == 0
    s = Session(browser)
    try:
        page = s.open(out)
        s.js("geostory.markers[62].openPopup()")
        popup = page.locator(".leaflet-popup-content").text_content()
        assert "</script><script>alert(1)</script>" in popup
        assert "<img src=x onerror=alert(2)> {{7*7}}" in popup
        assert "{{7*7}}</script><script>alert(4)</script>" in popup
        assert "</b>{% x %}.txt: <img src=y onerror=alert(3)> (18791895)" in popup
        assert page.locator(".leaflet-popup-content img").count() == 0
        s.js("geostory.goToStop(62)")
        card = page.text_content("#gs-card")
        assert "evil" in card and "{{7*7}}</script><script>alert(4)</script>" in card
        assert page.locator("#gs-card img, #gs-card script, #gs-card b").count() == 0
        page.wait_for_timeout(200)
        assert s.watch.dialogs == [] and s.watch.errors == []
    finally:
        s.close()
