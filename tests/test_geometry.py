"""geo.geometry: geodesic legs, lengths in km, bounds, antimeridian handling."""

from __future__ import annotations

import itertools
import math

import pytest
from geopy.distance import geodesic as geopy_geodesic
from shapely.geometry import LineString, MultiLineString

from geo.geometry import (
    distance_km,
    geodesic_line,
    get_bounds,
    get_leg_lengths_km,
    get_legs,
    line_length_km,
    route_length_km,
    split_at_antimeridian,
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
