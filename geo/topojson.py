"""TopoJSON decoding: a topology's shared arcs turned back into GeoJSON coordinates.

The one decoder for both readers of TopoJSON in the package: the review page's Natural Earth
land (:mod:`geo.review.basemap`) and the story map's historical border snapshots
(:mod:`geo.map.borders`). Positions stay ``(lon, lat)``, as in the file.

A quantized topology (one with a ``transform``) stores each arc as integer steps from the
previous position; an arc index ``~i`` (negative) means arc ``i`` walked backwards; rings and
lines join arcs that share their end points.

>>> topo = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
...         "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, -2]]],
...         "objects": {"x": {"type": "Polygon", "arcs": [[0, 1]], "properties": {"n": 1}}}}
>>> features_of(topo)[0]["geometry"]["coordinates"]
[[(10.0, 20.0), (11.0, 20.0), (11.0, 21.0), (10.0, 20.0)]]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Position = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Position]]:
    """Every arc of ``topology`` as absolute ``(lon, lat)`` positions.

    >>> decode_arcs({"arcs": [[[1, 2], [3, 4]]]})
    [[(1.0, 2.0), (3.0, 4.0)]]
    """
    transform = topology.get("transform")
    arcs: list[list[Position]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0.0
        points = []
        for step in arc:  # quantized: each position is a step from the previous one
            x += step[0]
            y += step[1]
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def join_arcs(indices: Sequence[int], arcs: Sequence[Sequence[Position]]) -> list[Position]:
    """The line or ring made of the arcs ``indices`` (``~i`` walks arc ``i`` backwards).

    >>> join_arcs([0, ~1], [[(0, 0), (1, 0)], [(0, 0), (1, 0)]])
    [(0, 0), (1, 0), (0, 0)]
    """
    out: list[Position] = []
    for i in indices:
        points = list(arcs[~i])[::-1] if i < 0 else list(arcs[i])
        out.extend(points[1:] if out else points)  # neighbouring arcs share an end point
    return out


def decode_position(position: Sequence[float], transform: dict[str, Any] | None) -> Position:
    """A point's position (not delta-encoded, but quantized when there is a transform)."""
    if transform is None:
        return float(position[0]), float(position[1])
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    return position[0] * sx + tx, position[1] * sy + ty


def geometry_of(g: dict[str, Any], arcs: Sequence[Sequence[Position]],
                transform: dict[str, Any] | None) -> dict[str, Any] | None:
    """The GeoJSON geometry of one TopoJSON geometry object; ``None`` for a null geometry."""
    kind, a = g.get("type"), g.get("arcs")
    if kind == "Polygon":
        return {"type": kind, "coordinates": [join_arcs(r, arcs) for r in a]}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [[join_arcs(r, arcs) for r in p] for p in a]}
    if kind == "LineString":
        return {"type": kind, "coordinates": join_arcs(a, arcs)}
    if kind == "MultiLineString":
        return {"type": kind, "coordinates": [join_arcs(r, arcs) for r in a]}
    if kind == "Point":
        return {"type": kind, "coordinates": decode_position(g["coordinates"], transform)}
    if kind == "MultiPoint":
        return {"type": kind,
                "coordinates": [decode_position(c, transform) for c in g["coordinates"]]}
    return None


def members(obj: dict[str, Any]) -> list[dict[str, Any]]:
    """The geometries of a topology object: its members if a collection, else itself."""
    return obj.get("geometries", []) if obj.get("type") == "GeometryCollection" else [obj]


def features_of(topology: dict[str, Any], names: Sequence[str] | None = None
                ) -> list[dict[str, Any]]:
    """GeoJSON features of the objects ``names`` (every object when ``None``), in file order.

    Raises ``KeyError``, ``IndexError``, ``TypeError`` or ``AttributeError`` on a malformed
    topology; callers name the file.
    """
    arcs = decode_arcs(topology)
    transform = topology.get("transform")
    objects = topology["objects"]
    chosen = objects.values() if names is None else [objects[n] for n in names]
    return [{"type": "Feature", "properties": g.get("properties") or {},
             "geometry": geometry_of(g, arcs, transform)}
            for obj in chosen for g in members(obj)]
