"""A quick map of an itinerary for a notebook: what ``Itinerary.explore()`` returns.

Not the story page: a plain :class:`folium.Map` with a dot per stop (coloured by kind, with
a tooltip and a popup) and the route as geodesic legs, fitted to the stops. It is a
folium map like any other, so more layers can be added and it shows itself in Jupyter.

No text from the data goes through a template: the stops travel as JSON built by
:func:`geo.map.page.to_script_json` inside one :class:`~geo.map.page.SafeMacroElement`,
and the tooltips and popups are built in the browser with ``textContent``, so markup or
``{{ }}`` in a place name shows as the characters it is. (folium's own ``Tooltip`` and
``Popup`` take HTML and compile their output again as a template; they are not used.)

>>> from geo.itinerary import Itinerary
>>> m = explore_map(Itinerary.from_csv("data/places.csv"), tiles=None)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

from typing import Any

import folium
from jinja2 import Template

from geo.geometry import get_bounds, get_legs, to_latlon_list
from geo.itinerary import KIND, LAT, LON, PLACE, SOURCE, STOP, SUMMARY, Itinerary
from geo.map.page import SafeMacroElement, to_script_json
from geo.map.story import KIND_STYLES, ROUTE_COLORS

__all__ = ["ExploreLayer", "explore_map"]

_DEFAULT_STYLE = {"label": "Stop", "color": "#475569", "radius": 5}


class ExploreLayer(SafeMacroElement):
    """Stops as canvas dots with a tooltip (place, dates, kind) and a popup (and summary,
    source), and the legs as one line, from a JSON block; fits the map to them if asked."""

    _template = Template("""
        {% macro script(this, kwargs) %}
(function (map, data) {
  "use strict";
  var renderer = L.canvas();
  function part(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }
  function card(stop, long) {
    var box = document.createElement("div");
    box.appendChild(part("strong", stop.n + ". " + stop.place));
    box.appendChild(part("div", stop.dates + " \u00b7 " + stop.label));
    if (long && stop.summary) box.appendChild(part("p", stop.summary));
    if (long && stop.source) box.appendChild(part("small", stop.source));
    return box;
  }
  if (data.legs.length) {
    L.polyline(data.legs, {renderer: renderer, color: data.routeColor, weight: 2,
                           opacity: 0.8, interactive: false}).addTo(map);
  }
  data.stops.forEach(function (stop) {
    L.circleMarker([stop.lat, stop.lon], {
      renderer: renderer, radius: stop.radius, color: "#ffffff", weight: 1,
      fillColor: stop.color, fillOpacity: 0.9
    }).bindTooltip(card(stop, false)).bindPopup(card(stop, true), {maxWidth: 280})
      .addTo(map);
  });
  if (data.fit) map.fitBounds(data.bounds, {padding: [24, 24]});
})({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "ExploreLayer"
        self.data_json = to_script_json(data)


def explore_data(itinerary: Itinerary, *, fit: bool = True) -> dict[str, Any]:
    """What the layer draws, as plain JSON-ready values (text as it is, unescaped)."""
    df = itinerary.df
    labels = itinerary.get_date_labels()
    stops = []
    for i, rec in enumerate(df.to_dict("records")):
        style = KIND_STYLES.get(str(rec[KIND]), _DEFAULT_STYLE)
        stops.append({"n": int(rec[STOP]), "place": str(rec[PLACE]), "dates": labels[i],
                      "label": style["label"], "color": style["color"],
                      "radius": style["radius"], "lat": round(float(rec[LAT]), 5),
                      "lon": round(float(rec[LON]), 5), "summary": str(rec[SUMMARY]),
                      "source": str(rec[SOURCE])})
    # Each person travels their own route: no leg joins one life's last stop to the next's.
    legs = [leg for _, life in itinerary.by_person() for leg in get_legs(life)]
    (s, w), (n, e) = get_bounds(itinerary, legs)
    return {"stops": stops, "legs": [to_latlon_list(leg, 4) for leg in legs],
            "routeColor": ROUTE_COLORS[1], "fit": fit,
            "bounds": [[round(s, 4), round(w, 4)], [round(n, 4), round(e, 4)]]}


def explore_map(itinerary: Itinerary, **kwargs: Any) -> folium.Map:
    """A plain folium map of the stops and legs; ``kwargs`` go to :class:`folium.Map`.

    Without a ``location`` the map fits the whole route. An empty itinerary gives a map
    with nothing on it.
    """
    fit = "location" not in kwargs and len(itinerary) > 0
    m = folium.Map(**kwargs)
    if len(itinerary):
        m.add_child(ExploreLayer(explore_data(itinerary, fit=fit)))
    return m
