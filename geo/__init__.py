"""geostory: turn a life told in text into an animated, embeddable map.

The package reads an itinerary (``data/places.csv``: one row per stay, with dates, kind,
period, summary and sources), checks it, and draws it as a story map. Importing ``geo``
is cheap; the map stack (folium) and the gazetteer load only when used.

>>> from geo import Itinerary
>>> Itinerary.__name__
'Itinerary'
"""

from geo.dates import HistoricalDate, parse_date
from geo.errors import GeoError, ItineraryError
from geo.itinerary import Itinerary

__all__ = ["GeoError", "HistoricalDate", "Itinerary", "ItineraryError", "parse_date"]
__version__ = "0.1.0"
