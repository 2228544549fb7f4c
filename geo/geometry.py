"""Geometry on the Earth: legs as geodesic arcs, bounds and lengths in kilometres.

This is the only module that knows about axis order. geopy, folium and people write
``(lat, lon)``; shapely and GeoJSON use ``(x, y) = (lon, lat)``. Everything here takes
``(lat, lon)`` pairs and returns shapely geometries in ``(lon, lat)``, and
:func:`to_latlon_list` turns a line back into folium's order.

Legs follow the WGS84 geodesic (the shortest path on the ellipsoid, computed with
geographiclib, which comes with geopy), densified so that a straight segment on a web map
is never longer than ``max_segment_km`` (:data:`DEFAULT_SEGMENT_KM`, unless the whole route
is so long that this would cost more than :data:`LEG_VERTEX_BUDGET` vertices; see
:func:`get_segment_km`). Longitudes are *unrolled*: a leg that crosses the antimeridian
keeps going past 180° instead of jumping back across the whole map.

>>> leg = geodesic_line((40.71, -74.01), (44.65, -63.57))   # New York -> Halifax
>>> round(line_length_km(leg))
960
>>> pacific = geodesic_line((35.68, 139.69), (37.77, -122.42))   # Tokyo -> San Francisco
>>> max(x for x, _ in pacific.coords) > 180
True
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence

from geographiclib.geodesic import Geodesic
from shapely.geometry import LineString, MultiLineString, Point

__all__ = [
    "DEFAULT_SEGMENT_KM",
    "LEG_VERTEX_BUDGET",
    "distance_km",
    "geodesic_line",
    "get_bounds",
    "get_leg_lengths_km",
    "get_legs",
    "get_segment_km",
    "great_circle_km",
    "iter_legs",
    "line_length_km",
    "route_length_km",
    "split_at_antimeridian",
    "to_geojson_geometry",
    "to_latlon_list",
    "to_point",
]

_WGS84 = Geodesic.WGS84
_UNROLLED = Geodesic.LATITUDE | Geodesic.LONGITUDE | Geodesic.LONG_UNROLL

LatLon = tuple[float, float]

#: km: the longest straight piece of a drawn leg. A 50 km chord strays at most about 50-150 m
#: from the geodesic (more at high latitudes on a Mercator map), under a pixel up to about
#: zoom 10, where one pixel is some 150 m.
DEFAULT_SEGMENT_KM = 50.0

#: vertices: about how many points all the legs of one itinerary may have together. The
#: pieces get longer than :data:`DEFAULT_SEGMENT_KM` only when the route is longer than
#: ``DEFAULT_SEGMENT_KM * LEG_VERTEX_BUDGET`` (12.5 million km, some 300 times round the
#: world): such a route is seen whole, at world zoom, where even 2,000 km pieces bend within
#: a pixel or two. It bounds the memory and the page size of a render or export (a quarter
#: of a million points is a few MB of JSON), where 50 km pieces would give 50,000 long legs
#: nine million points. Trotsky's 100,000 km need 2,000.
LEG_VERTEX_BUDGET = 250_000

_MEAN_RADIUS_KM = 6371.0088  # IUGG mean Earth radius, for quick estimates only


def _check(latlon: Sequence[float]) -> LatLon:
    try:
        lat, lon = (float(v) for v in latlon)
    except (TypeError, ValueError):
        raise ValueError(f"Expected two (lat, lon) values, instead got: {latlon!r}.") from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90:
        raise ValueError(f"Expected a latitude in [-90, 90] and a finite longitude, "
                         f"instead got: {latlon!r}.")
    return lat, lon


_ON_CUT = 1e-9  # degrees: a longitude this close to ±180 counts as on the antimeridian


def _wrap(lon: float) -> float:
    """A longitude moved by whole turns into [-180, 180]."""
    return lon if -180.0 <= lon <= 180.0 else ((lon + 180.0) % 360.0) - 180.0


def to_point(latlon: Sequence[float]) -> Point:
    """A shapely Point from a ``(lat, lon)`` pair.

    >>> to_point((19.35, -99.16)).coords[0]
    (-99.16, 19.35)
    """
    lat, lon = _check(latlon)
    return Point(lon, lat)


def distance_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Geodesic distance between two ``(lat, lon)`` points on WGS84, in km.

    >>> round(distance_km((51.5074, -0.1278), (48.2082, 16.3738)))   # London-Vienna
    1239
    >>> distance_km((10, 20), (10, 20))
    0.0
    """
    (lat1, lon1), (lat2, lon2) = _check(a), _check(b)
    return _WGS84.Inverse(lat1, lon1, lat2, lon2, Geodesic.DISTANCE)["s12"] / 1000.0


def geodesic_line(a: Sequence[float], b: Sequence[float], *,
                  max_segment_km: float = DEFAULT_SEGMENT_KM) -> LineString:
    """The geodesic from ``a`` to ``b`` (``(lat, lon)`` pairs) as a ``(lon, lat)`` LineString.

    Parameters
    ----------
    a, b : (lat, lon)
        End points in decimal degrees.
    max_segment_km : float
        Longest straight piece; the arc gets ``ceil(length / max_segment_km)`` pieces.

    Returns
    -------
    shapely.geometry.LineString
        Starting exactly at ``a`` and ending at ``b`` (with ``b``'s longitude unrolled
        by ±360° when the arc crosses the antimeridian). A zero-length leg has two equal
        points.

    Examples
    --------
    >>> line = geodesic_line((0, 0), (0, 10), max_segment_km=500)
    >>> len(line.coords)
    4
    >>> geodesic_line((5, 5), (5, 5)).coords[:]
    [(5.0, 5.0), (5.0, 5.0)]
    >>> geodesic_line((0, 179), (0, -179)).coords[-1]
    (181.0, 0.0)
    """
    return _geodesic(a, b, max_segment_km)[0]


def _geodesic(a: Sequence[float], b: Sequence[float],
              max_segment_km: float) -> tuple[LineString, float]:
    """:func:`geodesic_line` and the geodesic's length in km, from one solution."""
    if max_segment_km <= 0:
        raise ValueError(f"max_segment_km must be positive, instead got: {max_segment_km!r}.")
    (lat1, lon1), (lat2, lon2) = _check(a), _check(b)
    line = _WGS84.InverseLine(lat1, lon1, lat2, lon2)
    length_km = line.s13 / 1000.0
    pieces = max(1, math.ceil(length_km / max_segment_km))
    coords = []
    for i in range(pieces + 1):
        pos = line.Position(line.s13 * i / pieces, _UNROLLED)
        coords.append((pos["lon2"], pos["lat2"]))
    # Pin the ends to the input so stops and legs meet exactly.
    coords[0] = (lon1, lat1)
    end_lon = coords[-1][0]
    coords[-1] = (lon2 + 360.0 * round((end_lon - lon2) / 360.0), lat2)
    return LineString(coords), length_km


def line_length_km(line: LineString) -> float:
    """Length of a ``(lon, lat)`` line along the ellipsoid, in km (not shapely's degrees).

    >>> round(line_length_km(LineString([(0, 0), (1, 0), (1, 1)])), 1)
    221.9
    """
    total = 0.0
    pts = list(line.coords)
    for (x1, y1), (x2, y2) in itertools.pairwise(pts):
        total += _WGS84.Inverse(y1, x1, y2, x2, Geodesic.DISTANCE)["s12"]
    return total / 1000.0


def _latlons(itinerary_or_points: object) -> list[LatLon]:
    df = getattr(itinerary_or_points, "df", None)
    if df is not None:
        return [(float(a), float(b)) for a, b in zip(df["lat"], df["lon"], strict=True)]
    return [_check(p) for p in itinerary_or_points]  # type: ignore[union-attr]


def get_segment_km(itinerary_or_points: object, *,
                   budget: int = LEG_VERTEX_BUDGET) -> float:
    """The longest straight piece for the legs of a route: 50 km, or longer for huge routes.

    Parameters
    ----------
    itinerary_or_points : Itinerary or sequence of (lat, lon)
        The stops, in order.
    budget : int
        About how many vertices all the legs may have together.

    Returns
    -------
    float
        ``max(DEFAULT_SEGMENT_KM, length / budget)`` in km, where the route's length is
        measured on a sphere (within 0.5% of the ellipsoid, and a hundred times faster than
        solving every geodesic: a budget needs no more).

    Examples
    --------
    >>> get_segment_km([(0, 0), (0, 90)])
    50.0
    >>> round(get_segment_km([(0, 0), (0, 90), (0, 0)], budget=10))
    2002
    >>> get_segment_km([])
    50.0
    """
    if budget < 1:
        raise ValueError(f"Expected a positive vertex budget, instead got: {budget!r}.")
    pts = _latlons(itinerary_or_points)
    return max(DEFAULT_SEGMENT_KM, sum(great_circle_km(a, b) for a, b in itertools.pairwise(pts))
               / budget)


def great_circle_km(a: Sequence[float], b: Sequence[float]) -> float:
    """Great-circle distance on the sphere of the Earth's mean radius (haversine), in km.

    Within 0.5 % of :func:`distance_km` and many times faster, for ranking and thresholds
    that need no geodesic precision (the geocoder's distance prior, "inside a region").
    Inputs are not checked.

    >>> round(great_circle_km((51.5074, -0.1278), (48.2082, 16.3738)))   # London-Vienna
    1235
    """
    (lat1, lon1), (lat2, lon2) = (map(math.radians, a)), (map(math.radians, b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * _MEAN_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def iter_legs(itinerary_or_points: object, *,
              max_segment_km: float | None = None) -> Iterator[tuple[LineString, float]]:
    """Each leg's line (as :func:`get_legs`) with its geodesic length in km, one at a time.

    One geodesic solution gives both, and nothing is kept, so a route of any length can be
    streamed.

    >>> [(len(line.coords), round(km)) for line, km in iter_legs([(0, 0), (0, 1), (0, 1)])]
    [(4, 111), (2, 0)]
    """
    pts = _latlons(itinerary_or_points)
    if max_segment_km is None:
        max_segment_km = get_segment_km(pts)
    for a, b in itertools.pairwise(pts):
        yield _geodesic(a, b, max_segment_km)


def get_legs(itinerary_or_points: object, *,
             max_segment_km: float | None = None) -> list[LineString]:
    """Geodesic legs between consecutive stops (an Itinerary or ``(lat, lon)`` pairs).

    The result has one line fewer than there are stops; two stops at the same point give a
    leg of two equal points (the map keeps one leg per pair of stops; exports drop them).
    ``max_segment_km`` defaults to :func:`get_segment_km` of the route.

    >>> len(get_legs([(0, 0), (0, 1), (1, 1)]))
    2
    >>> get_legs([(0, 0)])
    []
    """
    return [line for line, _ in iter_legs(itinerary_or_points, max_segment_km=max_segment_km)]


def get_leg_lengths_km(itinerary_or_points: object) -> list[float]:
    """Geodesic length of each leg in km."""
    pts = _latlons(itinerary_or_points)
    return [distance_km(a, b) for a, b in itertools.pairwise(pts)]


def route_length_km(itinerary_or_points: object) -> float:
    """Total length of the route through all stops, in km.

    >>> round(route_length_km([(0, 0), (0, 1), (0, 0)]))
    223
    >>> route_length_km([])
    0.0
    """
    return float(sum(get_leg_lengths_km(itinerary_or_points)))


def get_bounds(itinerary_or_points: object,
               lines: Iterable[LineString] = ()) -> tuple[LatLon, LatLon]:
    """The smallest box around stops (and optional lines): ``((south, west), (north, east))``.

    The box is folium's ``fit_bounds`` order. When the points sit on both sides of the
    antimeridian the box takes the narrower way round, so ``east`` may exceed 180.

    >>> get_bounds([(19.4, -99.1), (46.9, 32.0)])
    ((19.4, -99.1), (46.9, 32.0))
    >>> get_bounds([(0, 170), (10, -170)])
    ((0.0, 170.0), (10.0, 190.0))
    >>> get_bounds([])
    Traceback (most recent call last):
    ...
    ValueError: Expected at least one point to bound, instead got none.
    """
    pts = _latlons(itinerary_or_points)
    for line in lines:
        pts.extend((y, x) for x, y in line.coords)
    if not pts:
        raise ValueError("Expected at least one point to bound, instead got none.")
    lats = [p[0] for p in pts]
    lons = sorted(_wrap(p[1]) for p in pts)
    # The widest empty gap between neighbouring longitudes (going round the globe) is the
    # part of the world the box leaves out.
    gaps = [(lons[i + 1] - lons[i], i) for i in range(len(lons) - 1)]
    wrap_gap = lons[0] + 360.0 - lons[-1]
    best_gap, i = max(gaps, default=(-1.0, -1))
    if best_gap > wrap_gap:
        west, east = lons[i + 1], lons[i] + 360.0
    else:
        west, east = lons[0], lons[-1]
    return (min(lats), west), (max(lats), east)


def to_latlon_list(line: LineString, ndigits: int = 5) -> list[list[float]]:
    """A line's points as ``[lat, lon]`` lists for folium/Leaflet, rounded to ``ndigits``.

    Five decimals is about a metre, plenty for a map and stable across platforms.

    >>> to_latlon_list(LineString([(30.123456, 50.0), (31.0, 51.0)]))
    [[50.0, 30.12346], [51.0, 31.0]]
    """
    return [[round(y, ndigits), round(x, ndigits)] for x, y in line.coords]


def split_at_antimeridian(line: LineString) -> LineString | MultiLineString:
    """Cut an unrolled line where it crosses ±180° and wrap longitudes into [-180, 180].

    GeoJSON (RFC 7946, section 3.1.9) asks for this so other tools do not draw the line
    the long way round the world. Each piece between two cuts is moved into [-180, 180] by
    whole turns; a vertex that lies exactly on the antimeridian is written as +180 or -180,
    whichever side the line goes on. Lines that stay within one world copy come back as
    they are, with longitudes wrapped; a line of no length comes back wrapped, unsplit.

    >>> split_at_antimeridian(LineString([(170, 0), (190, 10)])).wkt
    'MULTILINESTRING ((170 0, 180 5), (-180 5, -170 10))'
    >>> split_at_antimeridian(LineString([(0, 0), (10, 0)])).wkt
    'LINESTRING (0 0, 10 0)'
    >>> split_at_antimeridian(LineString([(180, 0), (190, 5)])).wkt   # starts on the cut
    'LINESTRING (-180 0, -170 5)'
    >>> split_at_antimeridian(LineString([(175, 0), (180, 0), (185, 0)])).wkt
    'MULTILINESTRING ((175 0, 180 0), (-180 0, -175 0))'
    """
    pts = list(line.coords)
    parts: list[list[tuple[float, float]]] = []
    part_turn: int | None = None
    for (px, py), (x, y) in itertools.pairwise(pts):
        if (px, py) == (x, y):
            continue
        # The piece with the cuts (odd multiples of 180) strictly inside it.
        lo, hi = sorted((px, x))
        cuts = []
        k = math.floor((lo - 180.0) / 360.0) + 1
        while 360.0 * k + 180.0 < hi:
            if 360.0 * k + 180.0 > lo:
                cuts.append(360.0 * k + 180.0)
            k += 1
        if x < px:
            cuts.reverse()
        stops = [(px, py), *((c, py + (c - px) / (x - px) * (y - py)) for c in cuts), (x, y)]
        for (ax, ay), (bx, by) in itertools.pairwise(stops):
            # Which world copy this piece lies in, from its middle (ends may sit on a cut;
            # a piece running along the antimeridian, give or take rounding noise, is -180).
            turn = math.floor(((ax + bx) / 2.0 + 180.0 + _ON_CUT) / 360.0)
            shift = -360.0 * turn
            if turn != part_turn:
                parts.append([(ax + shift, ay)])
                part_turn = turn
            parts[-1].append((bx + shift, by))
    if not parts:
        return LineString([(_wrap(x), y) for x, y in pts])
    if len(parts) == 1:
        return LineString(parts[0])
    return MultiLineString(parts)


def to_geojson_geometry(line: LineString, ndigits: int = 5) -> dict[str, object] | None:
    """A leg as an RFC 7946 geometry: split at the antimeridian and rounded to ``ndigits``.

    Rounding can make neighbouring points equal; repeats are dropped, and a piece left with
    fewer than two distinct points is dropped too, so every geometry returned is valid for
    GEOS (shapely, GDAL, QGIS). A leg of no length (two stays at one place) is no line at
    all: the result is ``None``.

    >>> to_geojson_geometry(LineString([(30.123456, 50.0), (31.0, 51.0)]))
    {'type': 'LineString', 'coordinates': [[30.12346, 50.0], [31.0, 51.0]]}
    >>> to_geojson_geometry(LineString([(5, 5), (5.000001, 5)])) is None
    True
    >>> to_geojson_geometry(LineString([(170, 0), (190, 10)]))["type"]
    'MultiLineString'
    """
    split = split_at_antimeridian(line)
    pieces = split.geoms if isinstance(split, MultiLineString) else [split]
    parts = []
    for piece in pieces:
        coords: list[list[float]] = []
        for x, y in piece.coords:
            point = [round(x, ndigits) + 0.0, round(y, ndigits) + 0.0]  # + 0.0: no -0.0
            if not coords or point != coords[-1]:
                coords.append(point)
        if len(coords) >= 2:
            parts.append(coords)
    if not parts:
        return None
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": parts[0]}
    return {"type": "MultiLineString", "coordinates": parts}
