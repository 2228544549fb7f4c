"""The story map in a real browser: Debian Chromium driven by Playwright, offline.

Leaflet's CDN URLs are answered from ``node_modules`` (``npm ci``), tiles get a blank PNG,
anything else is refused and counted. Screenshots go to ``test-artifacts/``. When
Chromium or node_modules is missing these tests fail with the fix in the message: CI
installs both, so a skip would only hide a broken set-up.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    ARTIFACTS,
    Session,
    Traffic,
    route_offline,
)

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def maps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Trotsky map rendered once per session: linked (CDN) and self-contained."""
    folder = tmp_path_factory.mktemp("maps")
    out = {"cdn": folder / "trotsky.html", "inline": folder / "trotsky-inline.html"}
    assert render.main(["--data", str(PLACES), "--out", str(out["cdn"])]) == 0
    assert render.main(["--data", str(PLACES), "--out", str(out["inline"]),
                        "--self-contained"]) == 0
    return out


@pytest.fixture()
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    yield s
    s.close()


def play_through(s: Session, speed: int = 16) -> list[list[Any]]:
    """Play from the start at ``speed`` and return ``[stop, place, label]`` per change."""
    return s.js(f"""() => new Promise((resolve) => {{
        const story = window.geostory, seen = [];
        story.on("frame", (e) => {{
            const st = story.stops[e.frame.index];
            const last = seen[seen.length - 1];
            const shown = document.getElementById("gs-date").textContent;
            if (!last || last[0] !== st.n || last[2] !== e.frame.label)
                seen.push([st.n, st.place, e.frame.label, shown]);
        }});
        story.on("play", (on) => {{ if (!on) resolve(seen); }});
        story.setSpeed({speed});
        story.play();
    }})""")


def test_page_loads_without_errors_and_draws_every_stop(session: Session,
                                                        maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"])
    assert session.watch.errors == []
    assert session.js("geostory.drawnStops().length") == 66
    assert session.js("geostory.drawnLegs()") == 65
    assert page.locator("#gs-stops button").count() == 66
    assert page.locator("#gs-stops button").first.get_attribute("aria-label").startswith(
        "Stop 1: Yanovka, 7 Nov 1879")
    assert session.traffic.cdn and session.traffic.refused == []
    # Only Leaflet is loaded: no jQuery, Bootstrap or Font Awesome.
    assert session.js("typeof window.jQuery") == "undefined"
    assert page.evaluate("document.scrollingElement.scrollHeight <= window.innerHeight")
    assert session.js("geostory.readyAt") < 5000
    session.shot("desktop-overview")


def test_playing_goes_from_yanovka_1879_to_mexico_city_1940(session: Session,
                                                            maps: dict[str, Path]) -> None:
    session.open(maps["cdn"])
    seen = play_through(session)
    assert seen[0][:3] == [1, "Yanovka", "7 Nov 1879"]  # 1879 shows: pre-1970 works
    assert seen[-1][:2] == [66, "Mexico City"] and seen[-1][2].endswith("1940")
    stops = [s[0] for s in seen]
    assert stops == sorted(stops), "playback went backwards"
    labels = {s[2] for s in seen}
    assert len(labels) > 30, "the date label did not move"
    assert any(label.startswith("c. ") for label in labels)
    assert all(s[2] == s[3] for s in seen), "label on screen differs from the frame's"
    assert session.js("document.getElementById('gs-date').textContent") == "21 Aug 1940"
    assert session.js("geostory.drawnStops().length") == 66
    assert session.watch.errors == []


def test_stops_appear_when_their_time_comes(session: Session, maps: dict[str, Path]) -> None:
    session.open(maps["cdn"])
    session.js("geostory.seekMonth('1879-11')")
    assert session.js("geostory.drawnStops()") == [1]
    assert session.js("geostory.state().label") == "7 Nov 1879"
    session.js("geostory.seekMonth('1900-06')")
    assert session.js("geostory.drawnStops()") == list(range(1, 9))
    assert session.js("geostory.state().label") == "1900"
    # A stay is an interval: in the middle of it the same stop stays current.
    session.js("geostory.seekMonth('1931-06')")
    state = session.js("geostory.state()")
    assert (state["stop"], state["place"], state["label"]) == (52, "Prinkipo", "Jun 1931")
    session.shot("desktop-1931")


def test_js_dates_match_python_labels(session: Session, maps: dict[str, Path]) -> None:
    session.open(maps["cdn"])
    mismatches = session.js("""geostory.stops.filter((s) =>
        GeoStory.formatDay(s.s[0], s.s[2], s.s[3]) !== s.sl).map((s) => s.sl)""")
    assert mismatches == []
    # Civil-calendar arithmetic round-trips over four centuries, leap days included.
    assert session.js("""(() => { for (let d = 577000; d < 730000; d += 7) {
        const c = GeoStory.civil(d); if (GeoStory.ordinal(c[0], c[1], c[2]) !== d) return d; }
        return true; })()""") is True
    assert session.js("GeoStory.civil(686236)") == [1879, 11, 7]


def test_buttons_and_keyboard(session: Session, maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"])
    page.click("#gs-next")
    assert session.js("geostory.state().stop") == 1
    page.click("#gs-next")
    page.wait_for_function("geostory.state().stop === 2 && !geostory._animation")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("geostory.state().stop === 3 && !geostory._animation")
    page.keyboard.press("ArrowLeft")
    assert session.js("geostory.state().stop") == 2
    session.js("document.activeElement.blur()")
    page.keyboard.press(" ")
    assert session.js("geostory.state().playing") is True
    assert page.get_attribute("#gs-play", "aria-pressed") == "true"
    page.keyboard.press(" ")
    assert session.js("geostory.state().playing") is False
    speeds = []
    for _ in range(4):
        page.click("#gs-speed")
        speeds.append(page.text_content("#gs-speed"))
    assert speeds == ["2×", "4×", "½×", "1×"]
    assert session.watch.errors == []


def test_choosing_a_period_shows_only_its_stops(session: Session,
                                                maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"])
    options = page.locator("#gs-chapter option:not([hidden])").all_text_contents()
    assert options[0] == "Whole life · 1879–1940"
    assert "Exile in Turkey · 1929–1933" in options and len(options) == 15
    zoom_before = session.js("geostory.map.getZoom()")
    page.select_option("#gs-chapter", "exile-in-turkey")
    assert session.js("geostory.drawnStops()") == [51, 52, 53, 54, 55]
    page.wait_for_function(f"geostory.map.getZoom() > {zoom_before}")  # it zooms in
    assert page.locator("#gs-stops button:visible").count() == 5
    state = session.js("geostory.state()")
    assert state["periods"] == ["exile-in-turkey"]
    assert page.get_attribute("#gs-slider", "min") == str(state["range"][0])
    assert session.js("location.hash") == "#period=exile-in-turkey"
    seen = play_through(session, speed=16)
    assert next(s[0] for s in seen) == 51 and seen[-1][0] == 55
    assert session.js("geostory.drawnStops()") == [51, 52, 53, 54, 55]
    session.shot("desktop-period-turkey")
    page.select_option("#gs-chapter", "")
    assert len(session.js("geostory.drawnStops()")) == 66
    assert session.js("location.hash") == ""


def test_deep_link_opens_period_and_time(session: Session, maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"], "#period=exile-in-mexico&t=1939-06")
    state = session.js("geostory.state()")
    assert state["periods"] == ["exile-in-mexico"]
    assert (state["stop"], state["label"]) == (64, "Jun 1939")
    assert page.text_content("#gs-date") == "Jun 1939"
    assert page.input_value("#gs-chapter") == "exile-in-mexico"
    assert session.js("geostory.drawnStops()") == [62, 63, 64]
    assert "Avenida Viena" in page.text_content("#gs-card")
    # The hash follows the viewer without adding history entries.
    length = session.js("history.length")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash.includes('t=1940-08')")
    assert session.js("history.length") == length
    assert session.js("location.hash") == "#period=exile-in-mexico&t=1940-08"
    # Playing for a while still leaves one entry.
    session.js("geostory.seekMonth('1937-01'); geostory.setSpeed(8); geostory.play()")
    page.wait_for_timeout(1200)
    assert session.js("history.length") == length
    session.shot("desktop-deeplink-mexico")


def test_choosing_a_stop_in_the_list_moves_map_and_time(session: Session,
                                                        maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"])
    button = page.get_by_role("button", name="Stop 52: Prinkipo", exact=False)
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_timeout(1000)  # the map flies there
    state = session.js("geostory.state()")
    assert (state["stop"], state["label"], state["playing"]) == (52, "Apr 1929", False)
    assert button.get_attribute("aria-current") == "step"
    card = page.text_content("#gs-card")
    for text in ("Prinkipo", "today Büyükada", "Apr 1929 – Nov 1932", "Exile", "Source"):
        assert text in card
    center = session.js("geostory.map.getCenter()")
    assert abs(center["lat"] - 40.87) < 1 and abs(center["lng"] - 29.12) < 1.5


def test_popup_shows_the_stop(session: Session, maps: dict[str, Path]) -> None:
    page = session.open(maps["cdn"])
    session.js("geostory.markers[62].openPopup()")
    popup = page.locator(".leaflet-popup-content").text_content()
    for text in ("Coyoacán", "La Casa Azul", "Jan 1937 – Apr 1939", "Asylum", "Sources",
                 "New World Encyclopedia, 'Leon Trotsky', § The Final Exile (1929–1940)",
                 "2 stays at this place"):
        assert text in popup


def test_popup_pans_clear_of_the_header_card(session: Session, maps: dict[str, Path]) -> None:
    """A stop just under the floating title card opens a popup the card does not cover."""
    page = session.open(maps["cdn"])
    top, card_bottom = session.js("""() => new Promise((resolve) => {
      const map = geostory.map, marker = geostory.markers[0];
      const head = document.querySelector(".gs-head").getBoundingClientRect();
      const box = map.getContainer().getBoundingClientRect();
      const target = L.point(head.left - box.left + 120, head.bottom - box.top + 8);
      map.panBy(map.latLngToContainerPoint(marker.getLatLng()).subtract(target),
                {animate: false});
      marker.openPopup();
      setTimeout(() => {
        const popup = document.querySelector(".leaflet-popup").getBoundingClientRect();
        resolve([popup.top, document.querySelector(".gs-head").getBoundingClientRect().bottom]);
      }, 900);
    })""")
    assert page.locator(".leaflet-popup-content").is_visible()
    assert top >= card_bottom - 1, (top, card_bottom)


def test_popup_on_a_phone_clears_the_map_buttons(browser: Any, maps: dict[str, Path]) -> None:
    """At 360x640 a long popup neither runs under the zoom and print buttons nor the legend."""
    s = Session(browser, width=360, height=640)
    try:
        s.open(maps["cdn"])
        s.js("geostory.markers[62].openPopup()")
        s.page.wait_for_timeout(900)
        popup, zoom, legend = s.js("""() => [".leaflet-popup", ".leaflet-control-zoom",
            ".gs-legend"].map((q) => document.querySelector(q).getBoundingClientRect().toJSON())""")
        assert popup["right"] <= zoom["left"], (popup, zoom)
        assert popup["bottom"] <= legend["top"] + 1 or popup["left"] >= legend["right"]
        assert s.js("document.querySelector('.leaflet-popup-content').scrollHeight") > \
            s.js("document.querySelector('.leaflet-popup-content').clientHeight")  # it scrolls
    finally:
        s.close()


def test_usable_in_a_360_by_640_iframe(browser: Any, maps: dict[str, Path],
                                       tmp_path: Path) -> None:
    host = tmp_path / "host.html"
    host.write_text(
        "<!DOCTYPE html><html><body style='margin:0;background:#888'>"
        f"<iframe id='embed' src='{maps['cdn'].as_uri()}' "
        "style='width:360px;height:640px;border:0;display:block'></iframe></body></html>",
        encoding="utf-8")
    s = Session(browser, width=400, height=700)
    try:
        s.page.goto(host.as_uri())
        frame = s.page.frame_locator("#embed")
        inner = s.page.frames[1]
        inner.wait_for_selector("html[data-ready=true]", timeout=15_000)
        for selector in ("#gs-play", "#gs-prev", "#gs-next", "#gs-speed", "#gs-slider",
                         "#gs-chapter", "#gs-panel-toggle"):
            box = frame.locator(selector).bounding_box()
            assert box and box["width"] > 0, selector
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 0.5, selector
            assert box["y"] >= 0 and box["y"] + box["height"] <= 640 + 0.5, selector
        # Touch-sized controls, and the page inside does not scroll.
        assert frame.locator("#gs-play").bounding_box()["height"] >= 32
        assert inner.evaluate("document.scrollingElement.scrollHeight <= innerHeight + 1")
        assert inner.evaluate("geostory.map.getSize().y") > 250
        assert frame.locator("#gs-card").is_hidden()  # the panel starts folded
        s.page.screenshot(path=str(ARTIFACTS / "iframe-360x640-folded.png"))
        frame.locator("#gs-play").click()
        s.page.wait_for_timeout(1500)
        s.page.screenshot(path=str(ARTIFACTS / "iframe-360x640-playing.png"))
        frame.locator("#gs-panel-toggle").click()
        assert frame.locator("#gs-card").is_visible()
        assert frame.locator("#gs-panel-toggle").get_attribute("aria-expanded") == "true"
        assert frame.locator("#gs-play").is_visible()
        s.page.screenshot(path=str(ARTIFACTS / "iframe-360x640-panel.png"))
        assert s.watch.errors == []
    finally:
        s.close()


def test_hostile_summary_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    rows = PLACES.read_text(encoding="utf-8").splitlines()
    header = rows[0]
    csv = tmp_path / "hostile.csv"
    csv.write_text("\n".join([
        header,
        f'1,Yanovka,Bereslavka,UA,47.985,32.3,1879-11-07,1888~,birth,"<b>Childhood</b>",'
        f'"{HOSTILE}","</script><script>alert(2)</script>",manual',
        '2,"<img src=y onerror=alert(3)>",Odesa,UA,46.48,30.74,1888~,1896,school,'
        '"<b>Childhood</b>",Plain.,src,manual',
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "hostile.html"
    assert render.main(["--data", str(csv), "--out", str(out)]) == 0
    s = Session(browser)
    try:
        page = s.open(out)
        s.js("geostory.goToStop(0)")
        card = page.locator("#gs-card")
        assert HOSTILE in card.text_content()
        assert "</script><script>alert(2)</script>" in card.text_content()
        assert card.locator("img").count() == 0
        s.js("geostory.goToStop(1); geostory.markers[1].openPopup()")
        assert "<img src=y onerror=alert(3)>" in page.locator(".leaflet-popup-content"
                                                               ).text_content()
        assert page.locator("img[src=x], img[src=y], b").count() == 0
        page.wait_for_timeout(300)
        assert s.watch.dialogs == []
        assert not [u for u in s.traffic.all if u.rstrip("/").endswith(("/x", "/y"))]
        assert s.watch.errors == []
        s.shot("hostile-summary")
    finally:
        s.close()


def test_self_contained_makes_no_request_but_tiles(browser: Any,
                                                   maps: dict[str, Path]) -> None:
    s = Session(browser)
    try:
        s.open(maps["inline"])
        s.page.wait_for_timeout(300)
        assert s.traffic.outside == [] and s.traffic.cdn == [] and s.traffic.refused == []
        assert s.traffic.tiles, "the base map should still ask for tiles"
        assert s.js("geostory.drawnStops().length") == 66
        assert s.watch.errors == []
    finally:
        s.close()


def test_works_when_tiles_cannot_load(browser: Any, maps: dict[str, Path]) -> None:
    s = Session(browser, tiles="abort")
    try:
        s.open(maps["inline"])
        assert s.js("geostory.drawnStops().length") == 66
        seen = play_through(s)
        assert seen[0][1] == "Yanovka" and seen[-1][1] == "Mexico City"
        assert s.traffic.tiles and s.traffic.outside == []
        # The only errors allowed are the refused tiles themselves.
        assert all("ERR_FAILED" in e or "Failed to load resource" in e for e in s.watch.errors)
        s.shot("no-tiles-end")
    finally:
        s.close()


def test_reduced_motion_is_respected(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "auto.html"
    assert render.main(["--data", str(PLACES), "--out", str(out), "--autoplay"]) == 0
    context = browser.new_context(reduced_motion="reduce")
    traffic = Traffic()
    route_offline(context, traffic)
    page = context.new_page()
    try:
        page.goto(out.as_uri())
        page.wait_for_selector("html[data-ready=true]")
        assert page.evaluate("geostory.state().playing") is False  # no autoplay
    finally:
        context.close()
    s = Session(browser)
    try:
        s.open(out)
        assert s.js("geostory.state().playing") is True  # autoplay when motion is fine
    finally:
        s.close()


def test_mobile_phone_layout(browser: Any, maps: dict[str, Path]) -> None:
    s = Session(browser, width=390, height=844)
    try:
        s.open(maps["cdn"], "#t=1917-05")
        assert s.js("geostory.state().place") == "Petrograd"
        s.page.click("#gs-panel-toggle")
        s.page.wait_for_timeout(200)
        s.shot("phone-petrograd-panel")
        assert s.page.locator("#gs-card").is_visible()
    finally:
        s.close()
