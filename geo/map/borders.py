"""Historical borders: the user's own GeoJSON or TopoJSON snapshots, one per year.

Present-day borders (:mod:`geo.map.basemap`) are wrong for most of a life told here: in
1900 Odessa was in the Russian Empire, not Ukraine. ``render --borders PATH`` draws the
borders in force at the story's current date from snapshots the user brings (for example
a local copy of the historical-basemaps project, which is GPL-licensed and therefore never
part of this repository).

What ``PATH`` may be
--------------------
A folder of snapshots
    Every ``*.geojson``, ``*.topojson`` and ``*.json`` file in it is one snapshot; its year
    is the last number in the file name: ``world_1914.geojson`` is 1914, ``1880.topojson``
    is 1880, and ``world_bc500.geojson`` is 500 BC (year -499, astronomical as in EDTF).
    Other files are ignored.
One file
    If its features carry a ``year`` property (a whole number, negative for BC), each
    year is one snapshot; otherwise the year comes from the file name as above.

A snapshot is in force from 1 January of its year until the next snapshot begins. Before
the first snapshot no borders are drawn, and the label says from when there are some
("no borders before 1900"). Only snapshots in force at some time of the story are put in the
page. A feature's name is its ``name`` property (or ``NAME``, ``Name``, ``title``); the
page names the one the current stop lies in. Points are ignored; coordinates must be
WGS84 longitude and latitude.

The attribution of a snapshot is, in order: ``--borders-attribution TEXT``; the first
line of ``<file>.attribution.txt`` beside the snapshot (``world_1914.attribution.txt``);
the first line of ``attribution.txt`` in its folder. Without any, the label stands alone.

Drawing stays cheap: every geometry is simplified to :data:`SIMPLIFY_DEGREES` and rounded
to :data:`GRID_DECIMALS` decimals here, before it reaches the page.

>>> year_from_name("world_1914"), year_from_name("1880"), year_from_name("world_bc500")
(1914, 1880, -499)
>>> year_from_name("europe") is None
True
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from branca.element import Figure
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.strtree import STRtree

from geo import topojson
from geo.dates import Day, year_label
from geo.errors import BordersError
from geo.geometry import to_point
from geo.map.assets import read_static
from geo.map.page import Literal, SafeMacroElement, script_safe, style_safe, to_script_json

__all__ = [
    "GRID_DECIMALS",
    "SIMPLIFY_DEGREES",
    "BorderFeature",
    "BorderSnapshot",
    "BordersError",
    "HistoricalBorders",
    "get_borders_data",
    "read_borders",
    "snapshot_label",
    "snapshots_in_force",
    "year_from_name",
]

#: Douglas-Peucker tolerance of the simplification, in degrees (0.02° is about 2 km, a
#: pixel at Leaflet zoom 6, the camera's local zoom).
SIMPLIFY_DEGREES = 0.02
#: Decimals kept of each coordinate (0.01° is about 1.1 km: under a pixel up to zoom 7).
GRID_DECIMALS = 2
#: File name endings read as snapshots in a folder.
SNAPSHOT_SUFFIXES = (".geojson", ".topojson", ".json")
#: Feature properties that hold its name, in order of preference.
NAME_PROPERTIES = ("name", "NAME", "Name", "title")
#: The feature property that holds a snapshot year in a one-file input.
YEAR_PROPERTY = "year"
#: Farthest a longitude may be from the prime meridian and still be degrees (a
#: projected file in metres gives values in the hundreds of thousands).
MAX_ABS_LON = 540.0

_YEAR_IN_NAME = re.compile(r"(bc)?(\d+)(?!.*\d)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class BorderFeature:
    """One polity or region of a snapshot: its name (may be empty) and its shape."""

    name: str
    geometry: BaseGeometry


@dataclass(frozen=True, slots=True)
class BorderSnapshot:
    """The borders of one year (astronomical: 0 is 1 BC), from ``source``."""

    year: int
    features: tuple[BorderFeature, ...]
    attribution: str
    source: str

    @property
    def first_day(self) -> int:
        """The day (``toordinal``) it comes into force: 1 January of its year."""
        return Day(self.year, 1, 1).toordinal()


def year_from_name(stem: str) -> int | None:
    """The year in a snapshot's file name: its last number, ``bc`` before it for BC.

    >>> year_from_name("historical_1914_world"), year_from_name("BC1000")
    (1914, -999)
    >>> year_from_name("v2_1920")
    1920
    """
    match = _YEAR_IN_NAME.search(stem)
    if match is None:
        return None
    number = int(match.group(2))
    return 1 - number if match.group(1) else number


def snapshot_label(year: int) -> str:
    """What the map says about the borders it shows.

    >>> snapshot_label(1914), snapshot_label(-499)
    ('borders c. 1914', 'borders c. 500 BC')
    """
    return f"borders c. {year_label(year)}"


# -- reading ---------------------------------------------------------------------------------
def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise BordersError(f"{path}: not UTF-8 text (byte {e.start}); expected GeoJSON or "
                           "TopoJSON") from None
    except OSError as e:
        raise BordersError(f"{path}: cannot read it ({e.strerror or type(e).__name__})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BordersError(f"{path}: not JSON ({e.msg} at line {e.lineno} column {e.colno}); "
                           "expected GeoJSON or TopoJSON") from None


def _topology_features(path: Path, topo: dict[str, Any]) -> list[dict[str, Any]]:
    """The GeoJSON features of every object of a TopoJSON topology."""
    try:
        return topojson.features_of(topo)
    except (KeyError, IndexError, TypeError, AttributeError, ValueError) as e:
        raise BordersError(f"{path}: not a TopoJSON topology that can be decoded "
                           f"({type(e).__name__}: {e})") from None


def _features_of(path: Path, document: Any) -> list[dict[str, Any]]:
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "Topology":
        return _topology_features(path, document)
    if kind == "FeatureCollection" and isinstance(document.get("features"), list):
        return document["features"]
    if kind == "Feature":
        return [document]
    if kind in ("Polygon", "MultiPolygon", "LineString", "MultiLineString",
                "GeometryCollection", "Point", "MultiPoint"):
        return [{"type": "Feature", "properties": {}, "geometry": document}]
    shown = kind if kind is not None else type(document).__name__
    raise BordersError(f"{path}: type {shown!r} is not GeoJSON or TopoJSON (expected a "
                       "FeatureCollection, a Feature, a geometry or a Topology)")


def _name_of(properties: dict[str, Any]) -> str:
    for key in NAME_PROPERTIES:
        value = properties.get(key)
        if value not in (None, ""):
            return str(value)
    return ""


def _shape(path: Path, index: int, geometry: Any) -> BaseGeometry | None:
    """A feature's geometry as shapely, or ``None`` when it is empty or only points."""
    if not geometry:
        return None
    try:
        geom = shape(geometry)
    except Exception as e:  # shapely raises many kinds for malformed coordinates
        raise BordersError(f"{path}: feature {index}: geometry cannot be read "
                           f"({type(e).__name__}: {e})") from None
    if geom.is_empty or geom.geom_type in ("Point", "MultiPoint"):
        return None
    minx, miny, maxx, maxy = geom.bounds
    if max(abs(minx), abs(maxx)) > MAX_ABS_LON or max(abs(miny), abs(maxy)) > 90:
        raise BordersError(f"{path}: feature {index}: coordinates ({minx:g}, {miny:g}) .. "
                           f"({maxx:g}, {maxy:g}) are not longitude and latitude in degrees "
                           "(expected WGS84, as GeoJSON requires)")
    return geom


def _attribution(path: Path, given: str | None) -> str:
    if given is not None:
        return given.strip()
    for sidecar in (path.with_name(path.stem + ".attribution.txt"),
                    path.parent / "attribution.txt"):
        if sidecar.is_file():
            lines = sidecar.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            return lines[0].strip() if lines else ""
    return ""


def _year_value(path: Path, index: int, value: Any) -> int:
    if isinstance(value, bool) or value in (None, ""):
        raise BordersError(f"{path}: feature {index} has no {YEAR_PROPERTY!r} property, but "
                           "others do; give every feature its year (negative for BC)")
    try:
        number = float(str(value).strip())
    except ValueError:
        number = math.nan
    if not number.is_integer():
        raise BordersError(f"{path}: feature {index}: {YEAR_PROPERTY} {value!r} is not a whole "
                           "number of years (negative for BC)")
    return int(number)


def _snapshots_of_file(path: Path, attribution: str | None,
                       by_property: bool) -> list[BorderSnapshot]:
    features = _features_of(path, _read_json(path))
    credit = _attribution(path, attribution)
    with_year = by_property and any(isinstance(f, dict) and YEAR_PROPERTY in
                                    (f.get("properties") or {}) for f in features)
    file_year = None if with_year else year_from_name(path.stem)
    if not with_year and file_year is None:
        raise BordersError(f"{path}: no year: the file name has none (e.g. world_1914.geojson) "
                           f"and its features carry no {YEAR_PROPERTY!r} property")
    groups: dict[int, list[BorderFeature]] = {}
    for i, f in enumerate(features):
        if not isinstance(f, dict):
            raise BordersError(f"{path}: feature {i}: {f!r:.40} is not a GeoJSON Feature")
        properties = f.get("properties") or {}
        if not isinstance(properties, dict):
            properties = {}
        year = _year_value(path, i, properties.get(YEAR_PROPERTY)) if with_year else file_year
        assert year is not None
        geom = _shape(path, i, f.get("geometry"))
        groups.setdefault(year, [])
        if geom is not None:
            groups[year].append(BorderFeature(_name_of(properties), geom))
    if not groups and file_year is not None:
        groups[file_year] = []
    return [BorderSnapshot(y, tuple(fs), credit, str(path)) for y, fs in sorted(groups.items())]


def read_borders(path: str | Path, *, attribution: str | None = None) -> list[BorderSnapshot]:
    """Border snapshots from a folder of files named by year, or from one file.

    Parameters
    ----------
    path : str or Path
        A folder of ``*.geojson``/``*.topojson``/``*.json`` files with a year in each name,
        or one such file (its features may carry a ``year`` property instead).
    attribution : str, optional
        Credit shown with every snapshot; by default read from sidecar files (see the
        module docstring).

    Returns
    -------
    list of BorderSnapshot
        Sorted by year; at least one.

    Raises
    ------
    BordersError
        With one line naming the file and the value that is wrong.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    >>> _ = (folder / "world_1920.geojson").write_text(json.dumps(square))
    >>> _ = (folder / "world_1900.geojson").write_text(json.dumps(square))
    >>> [s.year for s in read_borders(folder)]
    [1900, 1920]
    >>> read_borders(folder / "nowhere")
    Traceback (most recent call last):
    geo.errors.BordersError: ...nowhere: no such file or folder (--borders)
    """
    root = Path(path)
    if root.is_dir():
        files = sorted(p for p in root.iterdir()
                       if p.is_file() and p.name.lower().endswith(SNAPSHOT_SUFFIXES))
        if not files:
            raise BordersError(f"{root}: no {', '.join('*' + s for s in SNAPSHOT_SUFFIXES)} "
                               "files in this folder (--borders)")
        snapshots: list[BorderSnapshot] = []
        for file in files:
            if year_from_name(file.stem) is None:
                raise BordersError(f"{file}: no year in the file name (name snapshots by "
                                   "year, e.g. world_1914.geojson or world_bc500.geojson)")
            snapshots.extend(_snapshots_of_file(file, attribution, by_property=False))
    elif root.is_file():
        snapshots = _snapshots_of_file(root, attribution, by_property=True)
    else:
        raise BordersError(f"{root}: no such file or folder (--borders)")
    snapshots.sort(key=lambda s: s.year)
    for a, b in itertools.pairwise(snapshots):
        if a.year == b.year:
            raise BordersError(f"{b.source}: year {year_label(b.year)} is also the year of "
                               f"{a.source}; keep one snapshot per year")
    return snapshots


# -- for the page ----------------------------------------------------------------------------
def snapshots_in_force(snapshots: Sequence[BorderSnapshot], first_day: int,
                       last_day: int) -> list[BorderSnapshot]:
    """The snapshots in force at some day from ``first_day`` to ``last_day``: the last one
    that began by ``first_day`` and every one that begins later, up to ``last_day``.

    >>> s = [BorderSnapshot(y, (), "", "") for y in (1800, 1880, 1900, 1950)]
    >>> a, b = Day(1890, 6, 1).toordinal(), Day(1920, 1, 1).toordinal()
    >>> [x.year for x in snapshots_in_force(s, a, b)]
    [1880, 1900]
    >>> [x.year for x in snapshots_in_force(s, Day(1700, 1, 1).toordinal(), a)]
    [1800, 1880]
    """
    begun = [s for s in snapshots if s.first_day <= first_day]
    later = [s for s in snapshots if first_day < s.first_day <= last_day]
    return begun[-1:] + later


def _rounded(coords: Any) -> Any:
    """Coordinates rounded to the grid, repeated points dropped (nested as GeoJSON)."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), GRID_DECIMALS), round(float(coords[1]), GRID_DECIMALS)]
    out = []
    for c in coords:
        r = _rounded(c)
        if isinstance(r[0], float) and out and out[-1] == r:
            continue
        out.append(r)
    return out


def _drawable(geom: BaseGeometry) -> dict[str, Any] | None:
    """A simplified, rounded GeoJSON geometry, or ``None`` if nothing of it is left."""
    simple = shapely.simplify(geom, SIMPLIFY_DEGREES, preserve_topology=True)
    parts = getattr(simple, "geoms", [simple])
    polygons, lines = [], []
    for part in parts:
        if part.is_empty:
            continue
        if part.geom_type == "Polygon":
            rings = [_rounded(mapping(part)["coordinates"][0])]
            rings += [_rounded(list(r.coords)) for r in part.interiors]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                polygons.append(rings)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection", "MultiLineString"):
            sub = _drawable(part)
            if sub is not None:
                target = polygons if sub["type"] == "MultiPolygon" else lines
                target.extend(sub["coordinates"])
        elif part.geom_type in ("LineString", "LinearRing"):
            line = _rounded(list(part.coords))
            if len(line) >= 2:
                lines.append(line)
    if polygons:
        return {"type": "MultiPolygon", "coordinates": polygons}
    if lines:
        return {"type": "MultiLineString", "coordinates": lines}
    return None


def _where(snapshot: BorderSnapshot, stops: Iterable[tuple[int, float, float]]
           ) -> list[list[int]]:
    """``[stop index, feature index]`` for each stop (index, lat, lon) inside a feature."""
    areas = [i for i, f in enumerate(snapshot.features) if f.geometry.geom_type
             in ("Polygon", "MultiPolygon", "GeometryCollection")]
    if not areas:
        return []
    tree = STRtree([snapshot.features[i].geometry for i in areas])
    out = []
    for index, lat, lon in stops:
        hits = tree.query(to_point((lat, lon)), predicate="intersects")
        if len(hits):
            out.append([index, areas[int(min(hits))]])
    return out


def get_borders_data(snapshots: Sequence[BorderSnapshot],
                     stops: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The page's borders: each snapshot in force during the story, ready to draw.

    Parameters
    ----------
    snapshots : sequence of BorderSnapshot
        From :func:`read_borders`.
    stops : sequence of dict
        The page's stops (``lat``, ``lon``, arrival ``a`` and departure ``d`` days), from
        :func:`geo.map.story.get_story_data`.

    Returns
    -------
    dict
        ``snapshots``: one record per snapshot in force (``year``, ``day`` it begins,
        ``label``, ``attribution``, ``names``, ``features`` as GeoJSON geometries or
        ``None``, ``at``: ``[stop, feature]`` pairs of the stops that lie in a feature while
        it is in force), and ``fromLabel`` for the time before the first.
    """
    first = min(s["a"] for s in stops)
    last = max(s["d"] for s in stops)
    chosen = snapshots_in_force(snapshots, first, last)
    records = []
    for k, snap in enumerate(chosen):
        until = chosen[k + 1].first_day if k + 1 < len(chosen) else math.inf
        during = [(i, s["lat"], s["lon"]) for i, s in enumerate(stops)
                  if s["a"] < until and s["d"] >= snap.first_day]
        records.append({
            "year": snap.year,
            "day": snap.first_day,
            "label": snapshot_label(snap.year),
            "attribution": snap.attribution,
            "names": [f.name for f in snap.features],
            "features": [_drawable(f.geometry) for f in snap.features],
            "at": _where(snap, during),
        })
    start = chosen[0].year if chosen else (snapshots[0].year if snapshots else 0)
    return {"snapshots": records, "fromLabel": f"no borders before {year_label(start)}"}


class HistoricalBorders(SafeMacroElement):
    """The snapshot in force at the story's date, drawn on its own canvas over the tiles,
    with a label ("borders c. 1914 · Russian Empire") and its attribution.

    The snapshots travel as JSON in a ``<script type="application/json">`` block (through
    :func:`~geo.map.page.to_script_json`); ``geo/map/static/borders.js`` draws them.
    """

    block_id = "gs-borders-data"

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "HistoricalBorders"
        self.data = data

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected the borders inside a page, instead got {figure!r}.")
        figure.header.add_child(Literal(f"<style>{style_safe(read_static('borders.css'))}</style>"),
                                name=self.get_name())
        figure.html.add_child(Literal(
            f'<script type="application/json" id="{self.block_id}">'
            f"{to_script_json(self.data)}</script>"), name=self.block_id)
        options = {"dataId": self.block_id}
        figure.script.add_child(Literal(
            f"{script_safe(read_static('borders.js'))}\n"
            f"GeoStory.borders({self._parent.get_name()}, {to_script_json(options)});"),
            name=self.get_name())
