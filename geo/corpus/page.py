"""The corpus map: every life of a corpus on one self-contained page.

Flows between places are drawn as lines weighted by how many moves they carry; places
where people were born or died ("attractors") are circles sized by those counts; a slider
picks a decade (or all of them); choosing a place lists who was there and when, each with a
link to that life's own story map (``lives/<person>.html``).

The page is assembled in Python on :class:`geo.map.page.SafePage`: the data goes in as JSON
through :func:`geo.map.page.to_script_json` inside ``<script type="application/json">`` and
our script sets every name with ``textContent``; Leaflet is inlined
(:func:`geo.map.assets.load_leaflet_assets`), so the page asks for nothing but map tiles.

>>> from geo.corpus.tables import _example, flows_frame, people_frame, stops_frame
>>> stops = stops_frame([_example()])
>>> data = corpus_page_data(stops, people_frame([_example()]), flows_frame(stops), "Test")
>>> data["places"], data["flows"], data["decades"]
([['Lyon', 45.75, 4.85, 1, 0], ['Rome', 41.89, 12.48, 0, 0]], [[0, 1, 1840, 1]], [1820, 1830, 1840])
>>> data["visits"][0]
[0, 0, 1820, 1845, '1820 – Mar 1845', 'birth']
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from geo.corpus.tables import decade_of
from geo.dates import parse_date, parse_optional_date, span_label
from geo.errors import GeoError
from geo.map.assets import load_leaflet_assets
from geo.map.page import Literal, SafePage, html_text, script_safe, style_safe, to_script_json
from geo.map.story import DEFAULT_TILES

__all__ = ["PLACE_PRECISION", "corpus_page_data", "corpus_page_html"]

#: Stops whose coordinates agree to this many decimals (about 100 m) are one place.
PLACE_PRECISION = 3
_STATIC = Path(__file__).resolve().parent / "static"


def _label(start: str, end: str) -> str:
    try:
        return span_label(parse_date(start), parse_optional_date(end))
    except (GeoError, ValueError, TypeError):
        return f"{start} – {end}" if end else start


def _key(lat: float, lon: float) -> tuple[float, float]:
    return (round(float(lat), PLACE_PRECISION), round(float(lon), PLACE_PRECISION))


def corpus_page_data(stops: pd.DataFrame, people: pd.DataFrame, flows: pd.DataFrame,
                     title: str) -> dict[str, Any]:
    """The corpus as the compact JSON the page reads.

    Returns
    -------
    dict
        ``places``: ``[name, lat, lon, births, deaths]`` (name: the one most stops use);
        ``people``: ``[person, life page or "", birth, death]``; ``visits``: ``[place,
        person, first year, last year, dates label, kind]``; ``flows``: ``[from place, to
        place, decade, count]``; ``decades``: every decade a stay or a move touches.
    """
    names: dict[tuple[float, float], Counter[str]] = {}
    for place, lat, lon in zip(stops["place"], stops["lat"], stops["lon"], strict=True):
        names.setdefault(_key(lat, lon), Counter())[str(place)] += 1
    keys = sorted(names, key=lambda k: (names[k].most_common(1)[0][0], k))
    index = {k: i for i, k in enumerate(keys)}
    births: Counter[int] = Counter()
    deaths: Counter[int] = Counter()
    person_index = {p: i for i, p in enumerate(people["person"])}
    visits = []
    decades: set[int] = set()
    for row in stops.itertuples(index=False):
        place = index[_key(row.lat, row.lon)]
        first = None if pd.isna(row.start_year) else int(row.start_year)
        last = None if pd.isna(row.end_year) else int(row.end_year)
        if row.kind == "birth":
            births[place] += 1
        elif row.kind == "death":
            deaths[place] += 1
        if first is not None and last is not None:
            decades.update(range(decade_of(first), decade_of(last) + 1, 10))
        visits.append([place, person_index[row.person], first, last,
                       _label(row.start, row.end), row.kind])
    flow_rows = []
    for row in flows.itertuples(index=False):
        a, b = index.get(_key(row.from_lat, row.from_lon)), index.get(_key(row.to_lat, row.to_lon))
        if a is None or b is None or a == b:
            continue
        flow_rows.append([a, b, int(row.decade), int(row.count)])
        decades.add(int(row.decade))
    places = []
    for i, (lat, lon) in enumerate(keys):
        common = sorted(names[(lat, lon)].items(), key=lambda kv: (-kv[1], kv[0]))
        places.append([common[0][0], lat, lon, births[i], deaths[i]])
    people_rows = [[str(p), str(page), str(b), str(d)] for p, page, b, d in
                   zip(people["person"], people["life_page"], people["birth"], people["death"],
                       strict=True)]
    return {"title": title, "places": places, "people": people_rows, "visits": visits,
            "flows": flow_rows, "decades": sorted(decades),
            "tiles": {"url": DEFAULT_TILES[0], "attribution": DEFAULT_TILES[1]}}


def _body(title: str, data_json: str) -> str:
    t = html_text(title)
    return f"""<div class="gc-app">
<div id="gc-map" class="gc-map" role="region" aria-label="Map of the corpus"></div>
<aside class="gc-panel" aria-label="Corpus">
<header class="gc-head">
<h1 class="gc-title">{t}</h1>
<p class="gc-summary" id="gc-summary"></p>
<label class="gc-slider-label" for="gc-decade">Decade:
<output id="gc-decade-label">all</output></label>
<input type="range" id="gc-decade" class="gc-slider" min="0" max="0" step="1" value="0">
<label class="gc-find-label" for="gc-find">Find a place</label>
<input type="search" id="gc-find" class="gc-find" list="gc-place-names" autocomplete="off"
 placeholder="Name of a place">
<datalist id="gc-place-names"></datalist>
<ul class="gc-legend">
<li><span class="gc-key gc-key-birth"></span>births</li>
<li><span class="gc-key gc-key-death"></span>deaths</li>
<li><span class="gc-key gc-key-both"></span>both</li>
<li><span class="gc-key gc-key-place"></span>other stays</li>
<li><span class="gc-key gc-key-flow"></span>moves</li>
</ul>
</header>
<section class="gc-place" id="gc-place" aria-live="polite">
<h2 class="gc-place-name" id="gc-place-name">Choose a place</h2>
<p class="gc-place-counts" id="gc-place-counts"></p>
<ol class="gc-visits" id="gc-visits"></ol>
</section>
<section class="gc-top">
<h2 class="gc-top-title">Most visited places</h2>
<ol class="gc-top-list" id="gc-top"></ol>
</section>
</aside>
</div>
<script type="application/json" id="gc-data">{data_json}</script>"""


def corpus_page_html(stops: pd.DataFrame, people: pd.DataFrame, flows: pd.DataFrame, *,
                     title: str = "Corpus") -> str:
    """The self-contained corpus map as HTML text (the same tables give the same bytes).

    Raises
    ------
    AssetError
        When Leaflet cannot be found to inline (``npm ci`` puts it in ``node_modules``).
    """
    assets = load_leaflet_assets()
    page = SafePage(title=title)
    css = (_STATIC / "corpus.css").read_text(encoding="utf-8")
    js = (_STATIC / "corpus.js").read_text(encoding="utf-8")
    page.header.add_child(Literal(f"<style>{style_safe(assets.css)}</style>"), name="leaflet_css")
    page.header.add_child(Literal(f"<style>{style_safe(css)}</style>"), name="corpus_css")
    page.header.add_child(Literal(f"<script>{script_safe(assets.js)}</script>"),
                          name="leaflet_js")
    data = corpus_page_data(stops, people, flows, title)
    page.html.add_child(Literal(_body(title, to_script_json(data))), name="body")
    page.script.add_child(Literal(script_safe(js)), name="corpus_js")
    return page.render()
