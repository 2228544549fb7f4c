"""The story map: an itinerary as an animated Leaflet page, built with folium.

:func:`build_map` turns an :class:`~geo.itinerary.Itinerary` into a :class:`folium.Map`
whose page tells the journey through time: stops that appear when their time comes, legs
that draw themselves along geodesic arcs, a traveller, a time control, chapters, deep
links and a story panel. It writes nothing; :func:`render_html` gives the page as text,
the same bytes for the same input.

>>> from geo.itinerary import Itinerary
>>> it = Itinerary.from_csv("data/places.csv")
>>> m = build_map(it, title="Leon Trotsky, 1879–1940")
>>> html = render_html(m)
>>> html.count('"place":"Yanovka"'), "jquery" in html.lower()
(1, False)
>>> render_html(build_map(it, title="Leon Trotsky, 1879–1940")) == html
True

Each concept of the page is one element class, folium-style: a ``MacroElement`` with a
Jinja ``_template`` whose ``header``/``html``/``script`` macros add CSS, static markup and
one call into our own ``geo/map/static/story.js``. The data travels once, as JSON in a
``<script type="application/json">`` block (:class:`StoryData`), and reaches the page only
through ``textContent``, so text from a CSV can never become markup.

Time is a day number (``date.toordinal()``), never a JS ``Date``: every date here is before
1970, where folium's ``TimestampedGeoJson`` hides features (folium issue 1205), and local
time zones shift days. Labels at the precision of the data come from
:meth:`geo.dates.HistoricalDate.label`.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

import folium
from branca.element import Element, Figure
from folium.template import Template

from geo.dates import HistoricalDate, span_label, years_label
from geo.errors import GeoError
from geo.geometry import get_bounds, iter_legs, to_latlon_list
from geo.itinerary import (
    KIND,
    LAT,
    LON,
    MODERN_NAME,
    PERIOD,
    PLACE,
    SOURCE,
    STOP,
    SUMMARY,
    Itinerary,
)
from geo.map.assets import LEAFLET_CDN_CSS, LEAFLET_CDN_JS, load_leaflet_assets, read_static
from geo.map.basemap import OfflineBasemap, basemap_levels
from geo.map.borders import BorderSnapshot, HistoricalBorders, get_borders_data
from geo.map.page import (
    Literal,
    SafeMacroElement,
    SafePage,
    script_safe,
    style_safe,
    to_script_json,
)
from geo.map.people import People, get_lives, people_data
from geo.map.sources import read_source_titles, split_source

__all__ = [
    "DEFAULT_TILES",
    "KIND_STYLES",
    "ROUTE_COLORS",
    "BaseTiles",
    "Camera",
    "ChapterSelector",
    "Legend",
    "PageTools",
    "RouteLegs",
    "StopMarkers",
    "Story",
    "StoryData",
    "StoryMap",
    "StoryPanel",
    "StoryStyle",
    "TimeControl",
    "Traveller",
    "UrlState",
    "build_map",
    "get_stay_days",
    "get_story_data",
    "render_html",
]

#: Tile URL template and attribution of the default base map (the only outside requests
#: a self-contained page makes; the story still works when they fail).
DEFAULT_TILES = (
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

#: How each kind of stop looks: legend label, fill colour, radius in pixels. Colours are
#: grouped by meaning (home blues, confinement reds, exile purples, movement teals) and
#: stay apart for common colour-vision deficiencies.
KIND_STYLES: dict[str, dict[str, Any]] = {
    "birth": {"label": "Birth", "color": "#15803d", "radius": 7.5},
    "childhood": {"label": "Childhood", "color": "#65a30d", "radius": 6},
    "school": {"label": "School", "color": "#0891b2", "radius": 6},
    "residence": {"label": "Residence", "color": "#1d4ed8", "radius": 6},
    "conference": {"label": "Conference", "color": "#0f766e", "radius": 5},
    "travel": {"label": "Journey", "color": "#14b8a6", "radius": 4.5},
    "prison": {"label": "Prison", "color": "#991b1b", "radius": 6.5},
    "detention": {"label": "Detention", "color": "#dc2626", "radius": 6},
    "exile": {"label": "Exile", "color": "#6d28d9", "radius": 6.5},
    "asylum": {"label": "Asylum", "color": "#a855f7", "radius": 6},
    "escape": {"label": "Escape", "color": "#ea580c", "radius": 6.5},
    "hospital": {"label": "Hospital", "color": "#db2777", "radius": 5.5},
    "death": {"label": "Death", "color": "#111827", "radius": 7.5},
}

#: Leaflet zoom level at which the camera shows a stay (about a region 300 km across on a
#: 1280-pixel map); legs longer than fits at this zoom are framed further out.
LOCAL_ZOOM = 6

#: Colour ramp of the route along time: early legs amber, late legs crimson.
ROUTE_COLORS = ("#e8a33d", "#d9480f", "#9f1239")

_PRECISION_CODES = {"day": "d", "month": "m", "season": "s", "year": "y", "decade": "x",
                    "century": "C"}

def get_stay_days(itinerary: Itinerary) -> list[tuple[int, int]]:
    """Arrival and departure day (``date.toordinal()``) of each stay, for playback.

    Dates in a biography are ranges ("1902", "c. 1936"), and neighbouring stays often
    overlap inside them. Playback needs one line of time in narrative order, so a stay
    begins on the first day its start can mean (never before the previous stay began) and
    ends on the last day its end can mean, or when the next stay begins if that is
    earlier. A stay without an end is a moment and lasts as long as its start is wide.

    Examples
    --------
    >>> import pandas as pd
    >>> it = Itinerary(pd.DataFrame({"stop": [1, 2, 3], "place": ["A", "B", "C"],
    ...     "lat": [0, 1, 2], "lon": [0, 1, 2], "kind": ["birth", "school", "exile"],
    ...     "start": ["1879-11-07", "1888~", "1896"], "end": ["1888~", "1896", ""]}))
    >>> import datetime as dt
    >>> [tuple(dt.date.fromordinal(d).isoformat() for d in s) for s in get_stay_days(it)]
    [('1879-11-07', '1888-01-01'), ('1888-01-01', '1896-01-01'), ('1896-01-01', '1896-12-31')]
    """
    starts = itinerary.get_start_dates()
    ends = itinerary.get_end_dates()
    arrivals: list[int] = []
    for s in starts:
        a = s.earliest().toordinal()
        arrivals.append(max(a, arrivals[-1]) if arrivals else a)
    out = []
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        d = (e or s).latest().toordinal()
        if i + 1 < len(arrivals):
            d = min(d, arrivals[i + 1])
        out.append((arrivals[i], max(d, arrivals[i])))
    return out


def _date_info(d: HistoricalDate) -> list[Any]:
    """``[first day, last day, precision code, qualifier flags]`` for the page's formatter."""
    flags = ("~" if d.approximate else "") + ("?" if d.uncertain else "")
    return [d.earliest().toordinal(), d.latest().toordinal(), _PRECISION_CODES[d.precision],
            flags]


def _subtitle(stops: int, chapters: int, km: int) -> str:
    """``"66 stops · 14 chapters · 79,854 km"``; parts that are zero are left out.

    >>> _subtitle(1, 0, 0)
    '1 stop'
    """
    parts = [f"{stops} stop{'s' * (stops != 1)}"]
    if chapters:
        parts.append(f"{chapters} chapter{'s' * (chapters != 1)}")
    if km:
        parts.append(f"{km:,} km")
    return " · ".join(parts)


def _flat(line: list[list[float]]) -> list[float]:
    return list(itertools.chain.from_iterable(line))


def get_story_data(itinerary: Itinerary, *, title: str, subtitle: str | None = None,
                   max_segment_km: float | None = None) -> dict[str, Any]:
    """Everything the page needs, as plain JSON-ready values (see :class:`StoryData`).

    Parameters
    ----------
    itinerary : Itinerary
        The stops to draw, in narrative order (at least one).
    title : str
        Shown in the page header and tab.
    subtitle : str, optional
        Defaults to the years and the number of stops.
    max_segment_km : float, optional
        Densification of the geodesic legs (default: 50 km, longer for huge routes; see
        :func:`geo.geometry.get_segment_km`).
    """
    if len(itinerary) == 0:
        raise GeoError(f"{itinerary.source}: nothing to map: no stops are left after "
                       "filtering by period and years")
    # Several people: every life on one clock, each on its own route (geo.map.people).
    lives = get_lives(itinerary, get_stay_days, max_segment_km=max_segment_km)
    several = lives.several
    if several:
        itinerary = itinerary.take(lives.rows)
    df = itinerary.df
    starts, ends = itinerary.get_start_dates(), itinerary.get_end_dates()
    labels = itinerary.get_date_labels()
    days = lives.days
    periods = itinerary.get_periods()
    persons = (list(df["person"]) if "person" in df.columns  # one person's column too
               else [""] * len(df))
    period_index = {(p.person, p.name): i for i, p in enumerate(periods)}
    legs, leg_km = [], []
    if several:  # stop i's leg leads to the same person's next stop; none after the last
        legs, leg_km = list(lives.legs), list(lives.km)
    else:
        for line, km in iter_legs(itinerary, max_segment_km=max_segment_km):
            legs.append(line)
            leg_km.append(km)
    next_stop = lives.next_stop if several else list(range(1, len(df) + 1))
    stop_numbers = [int(n) for n in df[STOP]]
    titles = read_source_titles(itinerary.source)

    stops = []
    for i, row in enumerate(df.to_dict("records")):
        kind = str(row[KIND])
        end = ends[i]
        cites, note = split_source(str(row[SOURCE]), titles)
        stops.append({
            "n": stop_numbers[i],
            "place": str(row[PLACE]),
            "modern": str(row[MODERN_NAME]),
            "lat": round(float(row[LAT]), 5),
            "lon": round(float(row[LON]), 5),
            "kind": kind,
            "period": period_index.get((persons[i], str(row[PERIOD])), -1),
            "dates": labels[i],
            "summary": str(row[SUMMARY]),
            "source": str(row[SOURCE]),
            "cites": cites,
            "note": note,
            "a": days[i][0],
            "d": days[i][1],
            "s": _date_info(starts[i]),
            "e": _date_info(end) if end is not None else None,
            "sl": starts[i].label(),
        })
        if several:  # whose stop, and the play position of their next one (-1: none)
            stops[-1].update({"who": lives.who[i], "pn": next_stop[i]})
    position = {(who, n): i for i, (who, n) in enumerate(zip(persons, stop_numbers,
                                                              strict=True))}
    period_data = []
    for p in periods:
        rows = [position[p.person, n] for n in p.stops]
        inner = [legs[i] for i in rows if i < len(legs) and legs[i] is not None
                 and next_stop[i] in rows]
        points = [(stops[i]["lat"], stops[i]["lon"]) for i in rows]
        (s, w), (n, e) = get_bounds(points, inner)
        period_data.append({
            "name": f"{p.person}: {p.name}" if several else p.name,
            "slug": p.slug,
            "years": p.label,
            "span": span_label(p.start, p.end),
            "bounds": [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]],
        })
        if several:
            period_data[-1]["who"] = lives.people.index(p.person)
    drawn_legs = [leg for leg in legs if leg is not None]
    (s, w), (n, e) = get_bounds(itinerary, drawn_legs)
    first, last = itinerary.get_time_span()
    years = years_label(first.earliest().year, last.latest().year)
    kinds_used = [k for k in KIND_STYLES if k in set(df[KIND])]
    route_km = round(sum(leg_km))
    return {
        "title": title,
        "subtitle": subtitle if subtitle is not None else _subtitle(len(stops), len(periods),
                                                                    route_km),
        "years": years,
        "routeKm": route_km,
        "bounds": [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]],
        "kinds": {k: KIND_STYLES[k] for k in kinds_used},
        "kindOrder": kinds_used,
        "periods": period_data,
        "stops": stops,
        "legs": [_flat(to_latlon_list(leg, 4)) if leg is not None else [] for leg in legs],
        "km": [round(km) for km in leg_km],
        **({"people": people_data(itinerary, lives)} if several else {}),
    }


# -- the page -------------------------------------------------------------------------------
class StoryMap(folium.Map):
    """The Leaflet map, with only the assets the story page uses.

    folium's map loads jQuery, Bootstrap, Font Awesome and awesome-markers; the story page
    needs none of them, only Leaflet: from the CDN, or inlined when ``self_contained``.
    Markers are drawn on canvas, so no icon images are needed either.
    """

    _template = Template("""
        {% macro html(this, kwargs) %}
<div class="folium-map" id="{{ this.get_name() }}" role="region" aria-label="Map"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {
  center: {{ this.location|tojson }}, zoom: {{ this.zoom_start }}, zoomControl: false,
  zoomSnap: 0.25, worldCopyJump: false, preferCanvas: true
});
L.control.zoom({position: "topright"}).addTo({{ this.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, *, self_contained: bool = False, title: str = "",
                 location: Sequence[float] = (30.0, 10.0), zoom_start: int = 3) -> None:
        super().__init__(location=list(location), zoom_start=zoom_start, tiles=None)
        self._name = "Map"
        self.zoom_start = zoom_start
        self.self_contained = self_contained
        SafePage(title=title).add_child(self)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add Leaflet (linked or inlined) to the page header, then the map itself."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected the map inside its page, instead got {figure!r}.")
        if self.self_contained:
            assets = load_leaflet_assets()
            css = f"<style>{style_safe(assets.css)}</style>"
            js = f"<script>{script_safe(assets.js)}</script>"
        else:
            css = f'<link rel="stylesheet" href="{html.escape(LEAFLET_CDN_CSS)}">'
            js = f'<script src="{html.escape(LEAFLET_CDN_JS)}"></script>'
        figure.header.add_child(Literal(css), name="leaflet_css")
        figure.header.add_child(Literal(js), name="leaflet")
        SafeMacroElement.render(self, **kwargs)  # type: ignore[arg-type]
        # The map comes last in the document, so the tab order follows the layout: header,
        # time controls, story panel, then the map (its script still runs first).
        figure.html._children.move_to_end(self.get_name())


class BaseTiles(SafeMacroElement):
    """The base map's tile layer (``L.tileLayer``), its URL and attribution as JSON."""

    _template = Template("""
        {% macro script(this, kwargs) %}
L.tileLayer({{ this.url_json }}, {{ this.options_json }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self, url: str, attribution: str, max_zoom: int = 18) -> None:
        super().__init__()
        self._name = "BaseTiles"
        self.url_json = to_script_json(url)
        self.options_json = to_script_json({"attribution": attribution, "maxZoom": max_zoom,
                                            "maxNativeZoom": max_zoom})


class StoryStyle(SafeMacroElement):
    """Our stylesheet (``geo/map/static/story.css``), inlined into the page header."""

    _template = Template("""
        {% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "StoryStyle"
        self.css = style_safe(read_static("story.css"))


class StoryData(Element):
    """The itinerary as JSON in a ``<script type="application/json">`` block.

    A JSON block is data, not code: the browser never runs it, and :func:`to_script_json`
    escapes ``<``, ``>``, ``&``, ``{`` and ``}`` in its strings, so the text can neither end
    the element nor be read as a template. It is built in Python; no template sees it.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "StoryData"
        self.data = data

    @property
    def json(self) -> str:
        return to_script_json(self.data)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected the story data inside a page, instead got {figure!r}.")
        block = (f'<script type="application/json" id="{self.get_name()}">'
                 f"{self.json}</script>")
        figure.html.add_child(Literal(block), name=self.get_name())
        if isinstance(figure, SafePage):
            # Without Leaflet (a CDN page opened offline) the page still tells the story.
            figure.script_guard = ("window.L", script_safe(read_static("fallback.js")) +
                                   f"\ngeostoryFallback({to_script_json(self.get_name())});")


class Story(SafeMacroElement):
    """The story itself: our JavaScript, the shared clock and state of one map.

    Components (stops, route, traveller, controls) are its children; each adds one call
    to ``GeoStory.<component>(story, options)``. After them, ``story.start()`` opens the
    map on the chosen chapter and time.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
{{ this.code }}
var {{ this.get_name() }} = GeoStory.create({{ this._parent.get_name() }},
  JSON.parse(document.getElementById({{ this.data.get_name()|tojson }}).textContent));
        {% endmacro %}
    """)

    def __init__(self, data: StoryData) -> None:
        super().__init__()
        self._name = "Story"
        self.data = data
        self.code = script_safe(read_static("story.js"))

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        super().render(**kwargs)
        figure = self.get_root()
        assert isinstance(figure, Figure), "render the story inside its page"
        figure.script.add_child(Literal(f"{self.get_name()}.start();"),
                                name=self.get_name() + "_start")


class _Component(SafeMacroElement):
    """One part of the story UI: a static skeleton (``html``) and one JS call.

    Options are for fixed settings of the page (colours, autoplay), not for text from the
    data: that travels in :class:`StoryData`.
    """

    js_function = ""
    #: The component's own code in ``geo/map/static`` (inlined before its call), if it is
    #: not part of ``story.js``: each component declares its asset, as folium plugins do.
    js_file = ""
    _template = Template("""
        {% macro script(this, kwargs) %}
{{ this.code }}
GeoStory.{{ this.js_function }}({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.options = options

    @property
    def code(self) -> str:
        return script_safe(read_static(self.js_file)) if self.js_file else ""

    @property
    def options_json(self) -> str:
        return to_script_json(self.options)


class StopMarkers(_Component):
    """Every stop as a canvas circle styled by kind, with tooltip and popup.

    A stop appears when its time comes, swells briefly when reached and stays as the trail.
    """

    js_function = "stopMarkers"


class RouteLegs(_Component):
    """Legs as geodesic arcs that draw themselves as the traveller moves, over a faint
    dashed ghost of the route ahead."""

    js_function = "routeLegs"


class Traveller(_Component):
    """The person: a marker that moves along the current leg and rests at the stop."""

    js_function = "traveller"
    js_file = "traveller.js"


class Legend(_Component):
    """What the marker colours and lines mean (only kinds the itinerary uses)."""

    js_function = "legend"
    js_file = "legend.js"


class TimeControl(_Component):
    """Play/pause, previous/next stop, speed, the current date and a year-labelled slider.

    Keyboard: space plays or pauses, ← and → step through stops.
    """

    js_function = "timeControl"
    _template = Template("""
        {% macro html(this, kwargs) %}
<div class="gs-time" role="group" aria-label="Time">
  <div class="gs-buttons">
    <button type="button" class="gs-btn" id="gs-prev" aria-label="Previous stop"
      title="Previous stop (←)"><svg viewBox="0 0 16 16" aria-hidden="true">
      <path d="M3 2h2v12H3zM14 2v12L6 8z"/></svg></button>
    <button type="button" class="gs-btn gs-play" id="gs-play" aria-label="Play"
      aria-pressed="false" title="Play / pause (space)"><svg class="gs-icon-play"
      viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2l10 6-10 6z"/></svg><svg
      class="gs-icon-pause" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M3 2h4v12H3zM9 2h4v12H9z"/></svg></button>
    <button type="button" class="gs-btn" id="gs-next" aria-label="Next stop"
      title="Next stop (→)"><svg viewBox="0 0 16 16" aria-hidden="true">
      <path d="M11 2h2v12h-2zM2 2v12l8-6z"/></svg></button>
  </div>
  <div class="gs-now"><span class="gs-date" id="gs-date"></span>
    <span class="gs-where" id="gs-where"></span></div>
  <div class="gs-tools">
  <button type="button" class="gs-btn gs-follow" id="gs-follow" aria-pressed="true"
    aria-label="Follow the traveller" title="Follow the traveller with the map"><svg
    viewBox="0 0 16 16" aria-hidden="true">
    <path d="M8 0l1.2 3.1A5 5 0 0 1 12.9 6.8L16 8l-3.1 1.2a5 5 0 0 1-3.7 3.7L8 16l-1.2-3.1A5 5 0 0
    1 3.1 9.2L0 8l3.1-1.2A5 5 0 0 1 6.8 3.1zm0 5a3 3 0 1 0 0 6 3 3 0 0 0 0-6z"/></svg><span
    class="gs-follow-word">Follow</span></button>
  <button type="button" class="gs-btn gs-speed" id="gs-speed"
    title="Playback speed">1×</button>
  </div>
  <div class="gs-track">
    <input type="range" class="gs-slider" id="gs-slider" step="1" aria-label="Date">
    <div class="gs-ticks" id="gs-ticks" aria-hidden="true"></div>
  </div>
</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
GeoStory.{{ this.js_function }}({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)


class ChapterSelector(_Component):
    """The title and a chapter menu: every period with its years, and "Whole life".

    Choosing a chapter zooms to its stops, limits the time control to its span and hides
    the other stops.
    """

    js_function = "chapterSelector"
    _template = Template("""
        {% macro html(this, kwargs) %}
<header class="gs-head">
  <div class="gs-head-text"><h1 class="gs-title" id="gs-title"></h1>
    <p class="gs-subtitle" id="gs-subtitle"></p></div>
  <label class="gs-chapter-label"><span class="gs-chapter-word">Chapter</span>
    <select id="gs-chapter" aria-label="Chapter"></select></label>
</header>
        {% endmacro %}
        {% macro script(this, kwargs) %}
GeoStory.{{ this.js_function }}({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)


class StoryPanel(_Component):
    """The current stop in full (place, today's name, dates, kind, summary, source) and
    every stop as a list of buttons that move map and time; folds on small screens."""

    js_function = "storyPanel"
    _template = Template("""
        {% macro html(this, kwargs) %}
<aside class="gs-panel" id="gs-panel" aria-label="Story">
  <div class="gs-panel-bar">
    <p class="gs-peek-label" aria-hidden="true">Story</p>
    <p class="gs-peek" id="gs-peek" aria-hidden="true"></p>
    <button type="button" class="gs-btn" id="gs-panel-toggle" aria-controls="gs-panel-body"
      aria-expanded="true" aria-label="Hide the story panel"><svg class="gs-toggle-icon"
      viewBox="0 0 16 16" aria-hidden="true"><path d="M3 10l5-5 5 5-1.4 1.4L8 7.8l-3.6 3.6z"/>
      </svg></button>
  </div>
  <div class="gs-panel-body" id="gs-panel-body">
    <section class="gs-card" id="gs-card" aria-live="polite" aria-atomic="true"
      aria-label="Current stop"></section>
    <nav class="gs-list" aria-label="All stops"><ol id="gs-stops"></ol></nav>
  </div>
</aside>
        {% endmacro %}
        {% macro script(this, kwargs) %}
GeoStory.{{ this.js_function }}({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)


class Camera(_Component):
    """The map follows the traveller: each leg framed as it is travelled, each stay at a
    local zoom; the "Follow" button (in the time bar) turns it off and on, and a viewer's
    own pan or zoom turns it off."""

    js_function = "camera"


class PageTools(SafeMacroElement):
    """Print and full-screen buttons under the zoom buttons, and the print view.

    Printing gives a handout: the overview map of the current selection and every stop
    with its dates, place and sources (``geo/map/static/pagetools.js``). The component
    declares its own assets: ``pagetools.css`` in the header, ``pagetools.js`` inlined
    before its call.
    """

    js_file = "pagetools.js"
    css_file = "pagetools.css"
    js_function = "pageTools"

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageTools"

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected the page tools inside a page, instead got {figure!r}.")
        figure.header.add_child(Literal(f"<style>{style_safe(read_static(self.css_file))}"
                                        "</style>"), name=self.get_name())
        figure.script.add_child(Literal(
            f"{script_safe(read_static(self.js_file))}\n"
            f"GeoStory.{self.js_function}({self._parent.get_name()}, {{}});"),
            name=self.get_name())


class UrlState(_Component):
    """``#period=<slug>&t=<YYYY-MM>``: opens the map there and follows the viewer with
    ``history.replaceState`` (no history entry per animation step)."""

    js_function = "urlState"


def _assign_ids(root: Element) -> None:
    """Give every element a stable id so two renders of the same data are identical.

    branca names elements with random UUIDs; the ids end up in variable names and DOM ids.
    """
    counter = itertools.count(1)

    def walk(element: Element) -> None:
        element._id = f"{next(counter):03d}"
        for child in element._children.values():
            walk(child)

    walk(root)


def build_map(itinerary: Itinerary, *, title: str | None = None, periods: Iterable[str] = (),
              start_year: int | None = None, end_year: int | None = None,
              autoplay: bool = False, self_contained: bool = False,
              tiles: tuple[str, str] | None = DEFAULT_TILES,
              max_segment_km: float | None = None, basemap: str = "tiles",
              borders: Sequence[BorderSnapshot] = ()) -> folium.Map:
    """The story map of an itinerary, as a :class:`folium.Map` (nothing is written).

    Parameters
    ----------
    itinerary : Itinerary
        Stops in narrative order.
    title : str, optional
        Page title; defaults to "A life on the map".
    periods : iterable of str
        Period names or slugs to open the map on (the viewer can still choose any chapter
        or the whole life). Unknown names raise :class:`~geo.errors.PeriodNotFound`.
    start_year, end_year : int, optional
        Keep only stays that overlap these years (inclusive).
    autoplay : bool
        Start playing when the page opens (not when the viewer prefers reduced motion).
    self_contained : bool
        Inline Leaflet instead of linking the CDN (see :mod:`geo.map.assets`); the page then
        requests nothing but map tiles.
    tiles : (url template, attribution) or None
        The base map; ``None`` for none.
    max_segment_km : float, optional
        Longest straight piece of a leg's geodesic arc (default: 50 km, longer for huge
        routes; see :func:`geo.geometry.get_segment_km`).
    basemap : {"tiles", "offline", "none"}
        ``tiles``: ``tiles`` (a self-contained page also carries an offline world, drawn
        when tiles fail); ``offline``: no tiles, the page's own land and present-day
        borders (see :mod:`geo.map.basemap`); ``none``: no base map.
    borders : sequence of BorderSnapshot
        Historical borders from :func:`geo.map.borders.read_borders`: the page draws the
        snapshot in force at the story's date (only those in force during the story are
        carried).

    Returns
    -------
    folium.Map
        Render it with :func:`render_html`.

    Examples
    --------
    >>> import pandas as pd
    >>> it = Itinerary(pd.DataFrame({"stop": [1, 2], "place": ["Vienna", "Paris"],
    ...     "lat": [48.2, 48.85], "lon": [16.37, 2.35], "start": ["1907-10", "1910-01"],
    ...     "kind": ["residence", "conference"], "period": ["Exile", "Exile"]}))
    >>> m = build_map(it, periods=["exile"], title="Two cities")
    >>> '"initialPeriods":["exile"]' in render_html(m)
    True
    """
    periods = list(periods)
    for p in periods:
        itinerary.get_period(p)  # unknown names raise PeriodNotFound
    selected = itinerary.between_years(start_year, end_year)
    wanted = []
    for p in periods:
        try:
            wanted.append(selected.get_period(p).slug)
        except LookupError:
            raise GeoError(f"{itinerary.source}: period {p!r} has no stops between "
                           f"{start_year or 'the start'} and {end_year or 'the end'}"
                           ) from None
    if title is None:
        title = "A life on the map"
    data = get_story_data(selected, title=title, max_segment_km=max_segment_km)
    data["initialPeriods"] = wanted

    levels = basemap_levels(basemap, self_contained=self_contained)
    if basemap != "tiles":
        tiles = None
    m = StoryMap(self_contained=self_contained, title=title)
    if tiles is not None:
        url, attribution = tiles
        m.add_child(BaseTiles(url, attribution))
    m.add_child(StoryStyle())
    story_data = StoryData(data)
    m.add_child(story_data)

    story = Story(story_data)
    m.add_child(story)
    story.add_child(ChapterSelector())
    several = "people" in data  # several lives: routes and travellers are the people's
    if not several:
        story.add_child(RouteLegs(colors=list(ROUTE_COLORS)))
    story.add_child(StopMarkers())
    if several:
        story.add_child(People())
    else:
        story.add_child(Traveller())
    story.add_child(Legend())
    story.add_child(TimeControl())
    story.add_child(StoryPanel())
    story.add_child(Camera(follow=True, localZoom=LOCAL_ZOOM))
    story.add_child(PageTools())
    if levels:
        story.add_child(OfflineBasemap(levels, always=basemap == "offline"))
    if borders:
        story.add_child(HistoricalBorders(get_borders_data(borders, data["stops"])))
    story.add_child(UrlState(autoplay=bool(autoplay)))
    _assign_ids(m.get_root())
    return m


def render_html(m: folium.Map) -> str:
    """The page of a map as text; the same map gives the same bytes.

    Ids are reassigned before rendering, so elements added after :func:`build_map`
    are stable too.
    """
    root = m.get_root()
    _assign_ids(root)
    html = root.render()
    if not isinstance(html, str):  # pragma: no cover - branca always returns str
        raise TypeError(f"Expected the page as text, instead got: {type(html)!r}.")
    # Jinja leaves the indentation of our macros; trailing spaces only make diffs noisy.
    return "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
