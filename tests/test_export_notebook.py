"""Notebook use: Itinerary._repr_html_, explore() and to_geodataframe().

explore() is a plain folium map, so it gets the same guarantees as the story page: no text
from the data reaches a template engine, and hostile text shows as text in a real browser.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import folium
import jinja2
import pandas as pd
import pytest
from browser_support import PageWatch, Traffic, route_offline

from geo.errors import GeoError
from geo.itinerary import Itinerary

ROOT = Path(__file__).resolve().parents[1]

#: A payload for every text the map shows: template syntax, markup, script, JS template.
HOSTILE = {
    "place": "{{ 7*7 }} <img src=x onerror=\"document.title='pwned'\">",
    "summary": "{% for x in range(3) %}x{% endfor %} </script><script>alert(1)</script>",
    "source": "`${alert(2)}` {# hidden #} <svg onload=alert(3)>",
    "period": "<b>bold</b> {{ cycler.__init__.__globals__.os.popen('id').read() }}",
}


def _hostile() -> Itinerary:
    df = pd.read_csv(ROOT / "data" / "places.csv", dtype=str, keep_default_na=False).head(4)
    for column, text in HOSTILE.items():
        df.loc[df.index[1], column] = text
    return Itinerary(df, source="hostile.csv")


# -- _repr_html_ ------------------------------------------------------------------------------
def test_repr_html_is_a_compact_escaped_table(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    table = it._repr_html_()
    assert table.startswith("<table") and repr(it) in table
    rows = re.findall(r"<tr><td>", table)
    assert len(rows) == Itinerary.REPR_ROWS  # 66 stops: first ten, a gap, last ten
    assert "… 46 more stops …" in table
    assert "<td>Yanovka</td><td>7 Nov 1879 – c. 1888</td><td>birth</td>" in table
    assert "<td>Coyoacán</td>" in table  # the last stays are shown too
    small = it.select(["exile-in-mexico"])
    assert "more stops" not in small._repr_html_()

    hostile = _hostile()._repr_html_()
    assert "<img" not in hostile and "<b>" not in hostile
    assert "&lt;img src=x onerror=&quot;document.title=&#x27;pwned&#x27;&quot;&gt;" in hostile


# -- to_geodataframe --------------------------------------------------------------------------
def test_to_geodataframe(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    gdf = it.to_geodataframe()
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == len(it)
    assert list(gdf.columns[:-1]) == list(it.df.columns)
    assert (gdf.geometry.x == it.df["lon"]).all() and (gdf.geometry.y == it.df["lat"]).all()
    gdf.loc[0, "place"] = "changed"  # a copy: the itinerary is untouched
    assert it.df.loc[0, "place"] == "Yanovka"


def test_to_geodataframe_says_what_to_install(places_csv: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "geopandas", None)  # makes `import geopandas` fail
    with pytest.raises(ImportError, match=r"geostory\[notebook\]") as caught:
        Itinerary.from_csv(places_csv).to_geodataframe()
    assert isinstance(caught.value, GeoError)


# -- explore ------------------------------------------------------------------------------------
def test_importing_an_itinerary_imports_no_map_stack() -> None:
    code = ("import sys; from geo.itinerary import Itinerary; "
            "print(sorted(m for m in ('folium', 'branca', 'geo.map') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "[]"


def test_explore_is_a_folium_map_of_stops_and_legs(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    m = it.explore(tiles=None, width=600)
    assert isinstance(m, folium.Map) and m.width == (600.0, "px")
    page = m.get_root().render()
    data = re.search(r"\)\((map_\w+), (\{.*\})\);", page)
    assert data is not None
    import json

    drawn = json.loads(data.group(2))
    assert [s["place"] for s in drawn["stops"]] == it.df["place"].tolist()
    assert len(drawn["legs"]) == len(it) - 1 and drawn["fit"] is True
    assert drawn["stops"][0]["color"] != drawn["stops"][-1]["color"]  # birth vs death
    assert it.explore(location=[48, 16], zoom_start=5)  # a given view is kept
    assert '"fit":false' in it.explore(location=[48, 16]).get_root().render()


def test_explore_draws_each_person_their_own_route() -> None:
    from geo.map.explore import explore_data

    it = Itinerary.from_csvs([ROOT / "data" / "places.csv", ROOT / "data" / "lenin.csv"])
    lives = it.by_person()
    drawn = explore_data(it)
    assert len(lives) == 2
    assert len(drawn["legs"]) == len(it) - len(lives)  # no leg from one life to the next
    first_last = [(life.df["lat"].iloc[-1], life.df["lon"].iloc[-1]) for _, life in lives]
    second_first = (lives[1][1].df["lat"].iloc[0], lives[1][1].df["lon"].iloc[0])
    ends = [((leg[0][0], leg[0][1]), (leg[-1][0], leg[-1][1])) for leg in drawn["legs"]]
    joined = ((round(first_last[0][0], 4), round(first_last[0][1], 4)),
              (round(second_first[0], 4), round(second_first[1], 4)))
    assert joined not in ends


def test_explore_compiles_no_data_as_a_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """folium compiles the output of its own elements again; none of it may hold data."""
    m = _hostile().explore()
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: object, *args: object, **kwargs: object) -> object:
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    page = m.get_root().render()
    assert compiled, "the spy saw nothing: the technique no longer works"
    data_words = ["Yanovka", "Odessa", "onerror", "cycler", "alert", "7*7"]
    leaked = [w for w in data_words for source in compiled if w in source]
    assert leaked == []
    # The page itself holds the text only inside JSON escapes.
    evaluated = ("49 <img", "49 \\u003cimg")  # {{ 7*7 }} run, next to the text that follows it
    for marker in ("{{", "{%", "{#", "<img", "<svg", "</script><script>", *evaluated):
        assert marker not in page.split("<body>", 1)[1], marker


@pytest.mark.browser
def test_explore_shows_hostile_text_as_text(browser: Any, tmp_path: Path) -> None:
    m = _hostile().explore()
    path = tmp_path / "explore.html"
    m.save(str(path))
    context = browser.new_context(viewport={"width": 800, "height": 450})
    traffic = Traffic()
    route_offline(context, traffic)
    try:
        page = context.new_page()
        watch = PageWatch(page, traffic)
        page.goto(path.as_uri())
        name = m.get_name()
        page.wait_for_function(f"() => window.{name} && Object.keys({name}._layers).length > 4")
        texts = page.evaluate(f"""() => {{
            const out = [];
            {name}.eachLayer((l) => {{
                if (l instanceof L.CircleMarker) {{
                    l.openTooltip(); out.push(l.getTooltip().getElement().textContent);
                    l.openPopup(); out.push(l.getPopup().getElement().textContent);
                }}
            }});
            return out;
        }}""")
        tooltip, popup = texts[2], texts[3]  # the second stop carries the payloads
        assert HOSTILE["place"] in tooltip and "School" in tooltip
        assert HOSTILE["summary"] in popup and HOSTILE["source"] in popup
        assert page.locator(".leaflet-pane img[src=x], .leaflet-pane svg[onload], b").count() == 0
        page.wait_for_timeout(200)
        assert watch.dialogs == [] and page.title() != "pwned"
        assert [e for e in watch.errors if "pageerror" in e] == []
    finally:
        context.close()
