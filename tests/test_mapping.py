"""The story map as a page of text: what ``build_map`` puts in it, without a browser."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path

import folium
import pandas as pd
import pytest

from geo.errors import GeoError, PeriodNotFound
from geo.itinerary import Itinerary
from geo.map import (
    DEFAULT_TILES,
    KIND_STYLES,
    build_map,
    get_stay_days,
    get_story_data,
    render_html,
    to_script_json,
)
from geo.map.assets import LEAFLET_CDN_CSS, LEAFLET_CDN_JS

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def trotsky() -> Itinerary:
    return Itinerary.from_csv(ROOT / "data" / "places.csv")


@pytest.fixture(scope="module")
def page(trotsky: Itinerary) -> str:
    return render_html(build_map(trotsky, title="Leon Trotsky"))


def story_json(html: str) -> dict:
    """The JSON block of a rendered page, decoded."""
    found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert found, "no story data block in the page"
    return json.loads(found.group(1))


def small(**overrides: list) -> Itinerary:
    frame = {"stop": [1, 2, 3], "place": ["Yanovka", "Odessa", "Coyoacán"],
             "modern_name": ["Bereslavka", "Odesa", "Mexico City"],
             "lat": [47.985, 46.48572, 19.35], "lon": [32.3, 30.74383, -99.16],
             "start": ["1879-11-07", "1888~", "1937-01"], "end": ["1888~", "1896", "1940"],
             "kind": ["birth", "school", "asylum"],
             "period": ["Childhood", "Childhood", "Exile in Mexico"],
             "summary": ["Born.", "School.", "Asylum."], "source": ["a", "b", "c"]}
    frame.update(overrides)
    return Itinerary(pd.DataFrame(frame))


def test_build_map_returns_a_folium_map_and_writes_nothing(trotsky: Itinerary,
                                                           tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.chdir(tmp_path)
    m = build_map(trotsky)
    assert isinstance(m, folium.Map)
    assert list(tmp_path.iterdir()) == []


def test_every_stop_is_in_the_page(trotsky: Itinerary, page: str) -> None:
    data = story_json(page)
    assert [s["n"] for s in data["stops"]] == list(trotsky.df["stop"])
    assert [s["place"] for s in data["stops"]] == list(trotsky.df["place"])
    for row in trotsky.df.itertuples():
        stop = data["stops"][row.Index]
        assert (stop["lat"], stop["lon"]) == (round(row.lat, 5), round(row.lon, 5))
        assert stop["summary"] == row.summary and stop["source"] == row.source
        assert stop["modern"] == row.modern_name and stop["kind"] == row.kind


def test_legs_are_geodesic_arcs_between_consecutive_stops(page: str) -> None:
    data = story_json(page)
    stops, legs = data["stops"], data["legs"]
    assert len(legs) == len(stops) - 1
    for i, leg in enumerate(legs):
        assert leg[:2] == [round(stops[i]["lat"], 4), round(stops[i]["lon"], 4)]
        assert leg[-2:] == [round(stops[i + 1]["lat"], 4), round(stops[i + 1]["lon"], 4)]
    # Oslo -> Tampico bows north of both ends: an arc on the globe, not a straight line.
    norway_mexico = legs[60]
    lats = norway_mexico[0::2]
    assert max(lats) > max(lats[0], lats[-1]) + 1 and len(lats) > 50


def test_dates_are_day_numbers_and_labels_from_python(trotsky: Itinerary, page: str) -> None:
    stops = story_json(page)["stops"]
    assert stops[0]["a"] == dt.date(1879, 11, 7).toordinal()
    assert stops[0]["sl"] == "7 Nov 1879"
    assert stops[0]["dates"] == "7 Nov 1879 – c. 1888"
    assert stops[-1]["sl"] == "21 Aug 1940"
    assert [s["sl"] for s in stops] == [d.label() for d in trotsky.get_start_dates()]
    # No JS Date anywhere: time zones must not move pre-1970 days.
    assert "new Date" not in page and "Date.UTC" not in page and "Date(" not in page


def test_stay_days_run_forward_in_narrative_order(trotsky: Itinerary) -> None:
    days = get_stay_days(trotsky)
    for (a, d), (a2, _) in itertools.pairwise(days):
        assert a <= d <= a2
    assert days[0][0] == dt.date(1879, 11, 7).toordinal()


def test_popup_content_and_kind_styles(page: str) -> None:
    data = story_json(page)
    assert set(data["kinds"]) == {s["kind"] for s in data["stops"]}
    for kind, style in data["kinds"].items():
        assert style == KIND_STYLES[kind]
    assert data["kindOrder"][0] == "birth"


def test_periods_have_years_and_bounds(trotsky: Itinerary, page: str) -> None:
    periods = story_json(page)["periods"]
    assert [p["slug"] for p in periods] == [p.slug for p in trotsky.get_periods()]
    mexico = periods[-1]
    assert (mexico["name"], mexico["years"]) == ("Exile in Mexico", "1937–1940")
    (south, west), (north, east) = mexico["bounds"]
    assert 19 < south < north < 23 and -100 < west < east < -97


def test_no_jquery_bootstrap_or_font_awesome(page: str) -> None:
    lower = page.lower()
    for name in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers",
                 "awesome_markers", "glyphicons"):
        assert name not in lower, name
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    links = re.findall(r'<link[^>]+href="([^"]+)"', page)
    assert scripts == [LEAFLET_CDN_JS] and links == [LEAFLET_CDN_CSS]
    assert "leaflet@1.9.4" in LEAFLET_CDN_JS


def test_same_data_renders_the_same_bytes(trotsky: Itinerary, page: str) -> None:
    again = render_html(build_map(trotsky, title="Leon Trotsky"))
    assert again == page
    # ... because ids are assigned, not random UUIDs.
    assert not re.search(r"_[0-9a-f]{32}\b", page)
    assert "timestamp" not in page.lower()


def test_every_text_from_the_csv_is_escaped() -> None:
    hostile = small(summary=[HOSTILE, "</script><script>alert(2)</script>", "a & b"],
                    place=["<b>Yanovka</b>", "Odessa", "Coyo\u2028acán"])
    html = render_html(build_map(hostile, title="</title><script>alert(3)</script>"))
    for bad in (HOSTILE, "<b>Yanovka</b>", "</script><script>alert(2)", "alert(3)</script>"):
        assert bad not in html
    assert "\u2028" not in html
    assert "&lt;/title&gt;" in html  # the <title> element is HTML-escaped
    # The JSON block still carries the exact text.
    data = story_json(html)
    assert data["stops"][0]["summary"] == HOSTILE
    assert data["stops"][2]["place"] == "Coyo\u2028acán"
    assert data["title"] == "</title><script>alert(3)</script>"


def test_script_json_cannot_close_its_element() -> None:
    text = to_script_json({"x": "</script><!-- & \u2029"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2029" not in text
    assert json.loads(text) == {"x": "</script><!-- & \u2029"}


def test_story_js_inserts_text_never_html() -> None:
    js = (ROOT / "geo" / "map" / "static" / "story.js").read_text(encoding="utf-8")
    assert "innerHTML" not in js and "insertAdjacentHTML" not in js
    assert "document.write" not in js and "eval(" not in js


def test_period_pre_selection(trotsky: Itinerary) -> None:
    html = render_html(build_map(trotsky, periods=["Exile in Mexico"]))
    assert '"initialPeriods":["exile-in-mexico"]' in html
    both = render_html(build_map(trotsky, periods=["civil-war", "exile-in-turkey"]))
    assert '"initialPeriods":["civil-war","exile-in-turkey"]' in both
    assert len(story_json(both)["stops"]) == len(trotsky)  # the viewer can leave the chapter
    with pytest.raises(PeriodNotFound, match="no period 'Atlantis'"):
        build_map(trotsky, periods=["Atlantis"])


def test_years_restrict_the_stops(trotsky: Itinerary) -> None:
    data = story_json(render_html(build_map(trotsky, start_year=1929, end_year=1933)))
    places = [s["place"] for s in data["stops"]]
    assert places[0] == "Alma-Ata" and places[-1] == "Royan"
    assert all(p["years"] for p in data["periods"])
    with pytest.raises(GeoError, match="no stops"):
        build_map(trotsky, start_year=1800, end_year=1801)


def test_autoplay_only_when_asked(trotsky: Itinerary, page: str) -> None:
    assert '"autoplay":false' in page
    assert '"autoplay":true' in render_html(build_map(trotsky, autoplay=True))


def test_the_story_ui_is_all_there(page: str) -> None:
    for needle in ('id="gs-play"', 'id="gs-prev"', 'id="gs-next"', 'id="gs-speed"',
                   'id="gs-slider"', 'id="gs-chapter"', 'id="gs-stops"', 'id="gs-card"',
                   'aria-label="All stops"', 'aria-live="polite"', "GeoStory.stopMarkers(",
                   "GeoStory.routeLegs(", "GeoStory.traveller(", "GeoStory.legend(",
                   "GeoStory.urlState(", ".start();"):
        assert needle in page, needle
    assert page.index("GeoStory.create(") < page.index("GeoStory.stopMarkers(") < page.index(
        ".start();")
    assert "TimestampedGeoJson" not in page and "TimeDimension" not in page


def test_tiles_are_a_url_template(page: str) -> None:
    # The URL is a JSON string (its braces escaped), read back unchanged by the browser.
    call = page[page.index("L.tileLayer(") + len("L.tileLayer("):]
    url, _ = json.JSONDecoder().raw_decode(call)
    assert url == DEFAULT_TILES[0]
    html = render_html(build_map(small(), tiles=None))
    assert "L.tileLayer" not in html


def test_self_contained_inlines_everything(trotsky: Itinerary) -> None:
    html = render_html(build_map(trotsky, self_contained=True))
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+href=", html)
    assert "url(images/" not in html  # Leaflet's icons are data URIs now
    # Nothing loads from a host: no src/href/url()/@import pointing at http(s) in markup
    # or CSS (the tile URL template and attribution links live in JS strings).
    # (<a href> links in the attribution are for people to click, not requests.)
    assert not re.search(r"""<(script|link|img|iframe|source)[^>]+(src|href)=["']?https?:""",
                         html)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html)
    assert "@import" not in html
    assert to_script_json(DEFAULT_TILES[0]) in html
    assert "sourceMappingURL" not in html
    assert html.count("</script>") == html.count("<script")


def test_story_data_of_one_stop() -> None:
    one = Itinerary(pd.DataFrame({"stop": [1], "place": ["Yanovka"], "lat": [47.9],
                                  "lon": [32.3], "start": ["1879"], "kind": ["birth"]}))
    data = get_story_data(one, title="One")
    assert data["legs"] == [] and data["subtitle"] == "1 stop"
    assert data["stops"][0]["e"] is None
    assert "Yanovka" in render_html(build_map(one))
