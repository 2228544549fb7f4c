"""Errors raised by geostory.

Every error derives from :class:`GeoError`, and each subclass also inherits the builtin
exception it resembles, so code that only knows ``ValueError`` or ``LookupError`` still
catches it. The command line turns a :class:`GeoError` into one line on stderr and exit
code 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class GeoError(Exception):
    """Root of every error geostory raises on purpose."""


class DateError(GeoError, ValueError):
    """Raised when a string is not a date of the supported EDTF subset.

    The message quotes the value and says which forms are accepted.
    """


class ItineraryError(GeoError, ValueError):
    """Raised when an itinerary file or frame breaks the dataset schema.

    ``problems`` holds every :class:`geo.itinerary.Problem` found, so one run reports them
    all; ``str(error)`` gives one line per problem, each naming file, row, column and value.
    """

    def __init__(self, problems: list) -> None:  # list[Problem]; untyped to avoid a cycle
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class PeriodNotFound(GeoError, LookupError):
    """Raised when a period name or slug matches no period of the itinerary."""


class PlaceNotFound(GeoError, LookupError):
    """Raised by command-line lookups when the gazetteer has no match for a name.

    The geocoder API itself returns ``None`` for a miss, as geopy geocoders do.
    """


class GazetteerError(GeoError, ValueError):
    """Raised when the gazetteer's data (``geo/places/data/aliases.csv``) breaks its schema.

    The message names the file, the row, the column and the value, one line per problem.
    """


class GeocoderServiceError(GeoError, RuntimeError):
    """Raised when the optional online geocoder fails after its retries."""


class GeocoderTimedOut(GeocoderServiceError, TimeoutError):
    """Raised when the optional online geocoder does not answer in time."""


class AssetError(GeoError, FileNotFoundError):
    """Raised when a browser asset (Leaflet) cannot be found or fetched for a render."""


class MissingDependency(GeoError, ImportError):
    """Raised when an optional package is needed; the message says what to install."""


class OutputError(GeoError, OSError):
    """Raised when an output file cannot be written (a folder, no permission, disk full) or
    would overwrite an input; the message names the path and the reason. Nothing is left
    half-written."""


class ExportError(GeoError, ValueError):
    """Raised when an export cannot be made as asked (e.g. a base URI that is not absolute).

    The message names the option and the value.
    """


class BordersError(GeoError, ValueError):
    """Raised when ``--borders`` input cannot be used: a missing path, a file that is not
    JSON, GeoJSON or TopoJSON, a snapshot without a year, two snapshots of one year, or
    coordinates that are not longitude and latitude. The message names the file and the
    value."""
