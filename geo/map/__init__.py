"""Pages: the story map of an itinerary, built with folium on the safe page of
:mod:`geo.map.page` (no text from the data ever reaches a template engine).

>>> from geo.itinerary import Itinerary
>>> page = render_html(build_map(Itinerary.from_csv("data/places.csv")))
>>> page.startswith("<!DOCTYPE html>")
True
"""

from geo.map.page import to_script_json
from geo.map.story import (
    DEFAULT_TILES,
    KIND_STYLES,
    ROUTE_COLORS,
    build_map,
    get_stay_days,
    get_story_data,
    render_html,
)

__all__ = [
    "DEFAULT_TILES",
    "KIND_STYLES",
    "ROUTE_COLORS",
    "build_map",
    "get_stay_days",
    "get_story_data",
    "render_html",
    "to_script_json",
]
