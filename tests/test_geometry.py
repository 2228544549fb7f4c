"""geo.geometry: geodesic legs, lengths in km, bounds, antimeridian handling."""

from __future__ import annotations

import itertools
import math

import pytest
from geopy.distance import geodesic as geopy_geodesic
from shapely.geometry import LineString, MultiLineString

from geo.geometry import (
    DEFAULT_SEGMENT_KM,
    distance_km,
    geodesic_line,
    get_bounds,
    get_leg_lengths_km,
    get_legs,
    get_segment_km,
    line_length_km,
    route_length_km,
    split_at_antimeridian,
    to_geojson_geometry,
    to_latlon_list,
    to_point,
)
from geo.itinerary import Itinerary

LONDON = (51.50853, -0.12574)
VIENNA = (48.20849, 16.37208)
NEW_YORK = (40.71427, -74.00597)
TOKYO = (35.6895, 139.69171)
SAN_FRANCISCO = (37.77493, -122.41942)


@pytest.mark.parametrize(("a", "b"), [(LONDON, VIENNA), (NEW_YORK, LONDON),
                                      (TOKYO, SAN_FRANCISCO), ((0, 0), (0, 0)),
                                      ((89.9, 0), (-89.9, 180))])
def test_distance_matches_geopy(a: tuple[float, float], b: tuple[float, float]) -> None:
    assert distance_km(a, b) == pytest.approx(geopy_geodesic(a, b).km, abs=1e-6)


def test_line_follows_the_geodesic_not_the_straight_line() -> None:
    line = geodesic_line(NEW_YORK, LONDON, max_segment_km=100)
    # The great-circle route from New York to London bulges north of both cities.
    assert max(lat for _, lat in line.coords) > 51.5 + 1.0
    # Its length in km matches the geodesic distance (densified, so within 0.1%).
    assert line_length_km(line) == pytest.approx(distance_km(NEW_YORK, LONDON), rel=1e-3)
    # Shapely's planar length is in degrees: a reminder why line_length_km exists.
    assert line.length < 100


def test_line_density_and_end_points() -> None:
    line = geodesic_line(LONDON, VIENNA, max_segment_km=50)
    pts = list(line.coords)
    assert pts[0] == (LONDON[1], LONDON[0]) and pts[-1] == (VIENNA[1], VIENNA[0])
    assert len(pts) - 1 == math.ceil(distance_km(LONDON, VIENNA) / 50)
    steps = [distance_km((y1, x1), (y2, x2)) for (x1, y1), (x2, y2) in itertools.pairwise(pts)]
    assert max(steps) <= 50.0 + 1e-6


def test_antimeridian_leg_is_unrolled_and_splits_for_geojson() -> None:
    line = geodesic_line(TOKYO, SAN_FRANCISCO)
    xs = [x for x, _ in line.coords]
    assert all(b - a < 5 for a, b in itertools.pairwise(xs))  # no jump across the map
    assert xs[-1] == pytest.approx(SAN_FRANCISCO[1] + 360)
    parts = split_at_antimeridian(line)
    assert isinstance(parts, MultiLineString) and len(parts.geoms) == 2
    assert all(-180 <= x <= 180 for g in parts.geoms for x, _ in g.coords)
    assert parts.geoms[0].coords[-1][0] == 180 and parts.geoms[1].coords[0][0] == -180
    westward = geodesic_line(SAN_FRANCISCO, TOKYO)
    assert westward.coords[-1][0] == pytest.approx(TOKYO[1] - 360)


@pytest.mark.parametrize("bad", [(91, 0), ("a", 0), (0,), (float("nan"), 0), None])
def test_bad_points_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="Expected"):
        geodesic_line(bad, (0, 0))  # type: ignore[arg-type]


def test_max_segment_must_be_positive() -> None:
    with pytest.raises(ValueError):
        geodesic_line(LONDON, VIENNA, max_segment_km=0)


def test_legs_lengths_and_route(places_csv) -> None:
    it = Itinerary.from_csv(places_csv)
    legs = get_legs(it)
    assert len(legs) == len(it) - 1
    lengths = get_leg_lengths_km(it)
    assert sum(lengths) == pytest.approx(route_length_km(it))
    # Vienna -> Paris and New York -> Halifax are real legs of the life.
    assert 60_000 < route_length_km(it) < 120_000
    for leg, km in zip(legs, lengths, strict=False):
        assert line_length_km(leg) == pytest.approx(km, rel=2e-3, abs=0.01)


def test_bounds() -> None:
    (s, w), (n, e) = get_bounds([LONDON, VIENNA, NEW_YORK])
    assert (s, w, n, e) == (NEW_YORK[0], NEW_YORK[1], LONDON[0], VIENNA[1])
    (s, w), (n, e) = get_bounds([TOKYO, SAN_FRANCISCO])
    assert w == pytest.approx(TOKYO[1]) and e == pytest.approx(SAN_FRANCISCO[1] + 360)
    (s, w), (n, e) = get_bounds([(10, 5)])
    assert (s, w, n, e) == (10, 5, 10, 5)
    line = geodesic_line(NEW_YORK, LONDON)
    (_, _), (n, _) = get_bounds([NEW_YORK, LONDON], lines=[line])
    assert n > LONDON[0] + 1


def test_axis_order_helpers() -> None:
    assert to_point((19.35, -99.16)).x == -99.16
    assert to_latlon_list(LineString([(-99.16, 19.35), (2.35, 48.85)])) == [
        [19.35, -99.16], [48.85, 2.35]]


# -- exports: every leg geometry valid for GEOS -----------------------------------------------
#: Legs that are hard to write as valid GeoJSON, with what the geometry must be.
AWKWARD_LEGS = [
    # (a, b, expected type or None for "no leg")
    ((47.985, 32.3), (47.985, 32.3), None),                  # two stays in one place
    ((10.0, 20.0), (10.0000001, 20.0000004), None),          # equal once rounded to 1 m
    ((0.0, 179.0), (0.0, -179.0), "MultiLineString"),        # across the antimeridian
    ((0.0, 180.0), (0.0, -170.0), "LineString"),             # starts on it, goes east
    ((0.0, -180.0), (0.0, 170.0), "LineString"),             # starts on it, goes west
    ((10.0, 170.0), (10.0, 180.0), "LineString"),            # ends on it
    ((-16.5, 179.99999), (-16.5, -179.99999), "MultiLineString"),  # 2 m across it
    ((-16.5, 179.999999), (-16.5, -179.999999), None),       # 0.2 m across it: rounds away
    ((0.0, 90.0), (0.0, -90.0), "LineString"),               # antipodes, over a pole
    ((89.9, 0.0), (89.9, 180.0), "LineString"),              # over the pole
    ((TOKYO), (SAN_FRANCISCO), "MultiLineString"),
    ((SAN_FRANCISCO), (TOKYO), "MultiLineString"),
]


@pytest.mark.parametrize(("a", "b", "kind"), AWKWARD_LEGS)
def test_geojson_leg_geometry_is_valid(a: tuple[float, float], b: tuple[float, float],
                                       kind: str | None) -> None:
    from shapely.geometry import shape

    geom = to_geojson_geometry(geodesic_line(a, b))
    if kind is None:
        assert geom is None
        return
    assert geom is not None and geom["type"] == kind
    g = shape(geom)
    assert g.is_valid and g.length > 0
    parts = g.geoms if isinstance(g, MultiLineString) else [g]
    for part in parts:
        xs = [x for x, _ in part.coords]
        assert all(-180 <= x <= 180 for x in xs)
        if max(abs(y) for _, y in part.coords) < 89:  # away from the poles: never the long way
            assert all(abs(q - p) < 90 for p, q in itertools.pairwise(xs))
        assert all(p != q for p, q in itertools.pairwise(part.coords))  # no repeats


def test_split_keeps_a_vertex_on_the_antimeridian_on_its_side() -> None:
    east = split_at_antimeridian(LineString([(175, 0), (180, 0), (185, 0)]))
    assert east.wkt == "MULTILINESTRING ((175 0, 180 0), (-180 0, -175 0))"
    assert split_at_antimeridian(LineString([(-180, 0), (-190, 5)])).wkt == (
        "LINESTRING (180 0, 170 5)")
    # Twice round the world westwards and back: three pieces, none crossing the map.
    back = split_at_antimeridian(LineString([(-170, 0), (-190, 0), (-170, 1)]))
    assert isinstance(back, MultiLineString) and len(back.geoms) == 3


def test_segment_length_adapts_only_to_huge_routes() -> None:
    assert get_segment_km([LONDON, VIENNA, NEW_YORK]) == DEFAULT_SEGMENT_KM
    # Fifty round trips New York - Tokyo: 1.1 million km, still 50 km pieces.
    trips = [NEW_YORK, TOKYO] * 50
    assert get_segment_km(trips) == DEFAULT_SEGMENT_KM
    # With a budget of 1,000 vertices the pieces grow so the legs fit in it.
    km = get_segment_km(trips, budget=1_000)
    assert km == pytest.approx(route_length_km(trips) / 1_000, rel=5e-3)
    legs = get_legs(trips, max_segment_km=km)
    pieces = sum(len(leg.coords) - 1 for leg in legs)
    assert pieces <= 1_000 + len(legs)
    with pytest.raises(ValueError, match="budget"):
        get_segment_km(trips, budget=0)


def test_trotsky_legs_keep_their_50_km_pieces(places_csv) -> None:
    it = Itinerary.from_csv(places_csv)
    assert get_segment_km(it) == DEFAULT_SEGMENT_KM
    assert [leg.coords[:] for leg in get_legs(it)] == [
        leg.coords[:] for leg in get_legs(it, max_segment_km=50.0)]
