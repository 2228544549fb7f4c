"""An offline base map for the review page: the land of the world as a few polygons.

The page works from ``file://`` with no network, so it cannot fetch tiles. Instead it draws
the land polygons of Natural Earth at 1:110 million, from the npm package ``world-atlas``
(``npm ci`` installs it into ``node_modules/``; public-domain data). The package ships them as
TopoJSON: shared arcs, delta-encoded integers and a scale. :func:`decode_topology` turns
that into plain rings of ``[lat, lon]`` (Leaflet's order), rounded to 0.01 degree (about
1 km, far below what 1:110m resolves), so the page carries about 100 KB of land.

When ``world-atlas`` is not installed the page has no land layer and says so; everything
else works.

>>> topo = {"type": "Topology", "transform": {"scale": [1.0, 1.0], "translate": [0, 0]},
...         "arcs": [[[0, 0], [10, 0], [0, 10], [-10, 0], [0, -10]]],
...         "objects": {"land": {"type": "GeometryCollection", "geometries": [
...             {"type": "Polygon", "arcs": [[0]]}]}}}
>>> decode_topology(topo, "land")
[[[[0.0, 0.0], [0.0, 10.0], [10.0, 10.0], [10.0, 0.0], [0.0, 0.0]]]]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from geo import topojson

__all__ = ["LAND_FILE", "decode_topology", "find_land_file", "load_land", "unwrap_ring"]

#: The world-atlas file the page uses: land polygons at 1:110m.
LAND_FILE = "land-110m.json"
#: Decimal places kept in coordinates (0.01 degree, about 1 km).
COORD_DIGITS = 2
ENV_VAR = "GEOSTORY_WORLD_ATLAS_DIR"

_REPO_ROOT = Path(__file__).resolve().parents[2]

Ring = list[list[float]]


def find_land_file() -> Path | None:
    """``world-atlas/land-110m.json`` from ``$GEOSTORY_WORLD_ATLAS_DIR`` or ``node_modules``."""
    env = os.environ.get(ENV_VAR)
    folders = [Path(env)] if env else []
    folders += [base / "node_modules" / "world-atlas" for base in (Path.cwd(), _REPO_ROOT)]
    for folder in folders:
        path = folder / LAND_FILE
        if path.is_file():
            return path
    return None


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    return [[round(lat, COORD_DIGITS), round(lon, COORD_DIGITS)]
            for lon, lat in unwrap_ring(topojson.join_arcs(indexes, arcs))]


def unwrap_ring(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A (lon, lat) ring that crosses the antimeridian, made continuous for a flat map.

    Leaflet draws a step from 179.9 to -179.9 degrees across the whole world. Here every
    step is the short way round (longitudes may pass 180), the ring is shifted by whole
    turns so its middle lies in -180..180, and a ring that goes once round the globe
    (Antarctica) is closed along its pole instead of across the map.

    >>> unwrap_ring([(179.0, 60.0), (-179.0, 61.0), (-178.0, 60.0), (179.0, 60.0)])
    [(-181.0, 60.0), (-179.0, 61.0), (-178.0, 60.0), (-181.0, 60.0)]
    >>> unwrap_ring([(-180.0, -80.0), (0.0, -70.0), (180.0, -80.0)])[-2:]
    [(180.0, -90.0), (-180.0, -90.0)]
    """
    if not points:
        return []
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        lon += 360.0 * round((prev - lon) / 360.0)
        out.append((lon, lat))
    mid = (min(p[0] for p in out) + max(p[0] for p in out)) / 2
    shift = 360.0 * round(mid / 360.0)
    out = [(lon - shift, lat) for lon, lat in out]
    if abs(out[-1][0] - out[0][0]) > 180.0:  # once round the globe: close along the pole
        pole = -90.0 if sum(p[1] for p in out) < 0 else 90.0
        out += [(out[-1][0], pole), (out[0][0], pole)]
    return out


def decode_topology(topology: dict[str, Any], name: str) -> list[list[Ring]]:
    """The polygons of object ``name`` of a TopoJSON topology, as ``[lat, lon]`` rings."""
    arcs = topojson.decode_arcs(topology)
    polygons: list[list[Ring]] = []
    for g in topojson.members(topology["objects"][name]):
        if g.get("type") == "Polygon":
            polygons.append([_ring(r, arcs) for r in g["arcs"]])
        elif g.get("type") == "MultiPolygon":
            polygons.extend([_ring(r, arcs) for r in p] for p in g["arcs"])
    return polygons


def load_land() -> list[list[Ring]]:
    """The land polygons for the page, or ``[]`` when ``world-atlas`` is not installed."""
    path = find_land_file()
    if path is None:
        return []
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        return decode_topology(topology, "land")
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return []  # a damaged file: the page still works without land
