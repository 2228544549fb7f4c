"""Take an itinerary elsewhere: GeoJSON and Linked Places Format.

* **GeoJSON** (RFC 7946) for QGIS, kepler.gl and geojson.io: every stop is a ``Point``
  feature carrying all of its columns plus a readable ``dates`` label, and every leg is a
  ``LineString`` (split into a ``MultiLineString`` where it crosses the antimeridian) with
  ``from_stop``, ``to_stop`` and ``length_km``.
* **Linked Places Format** 1.1 for the World Historical Gazetteer: one feature per distinct
  place, with its names, modern country code, the time spans of every stay and citations.

>>> import pandas as pd
>>> from geo.itinerary import Itinerary
>>> it = Itinerary(pd.DataFrame({"stop": [1, 2], "place": ["Vienna", "Paris"],
...     "lat": [48.2, 48.85], "lon": [16.37, 2.35], "start": ["1907-10", "1910-01"],
...     "kind": ["residence", "conference"], "country": ["AT", "FR"]}))
>>> fc = to_geojson(it)
>>> [f["geometry"]["type"] for f in fc["features"]]
['Point', 'Point', 'LineString']
>>> fc["features"][0]["properties"]["dates"]
'Oct 1907'
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from geo._io import write_text_atomic
from geo.geometry import get_leg_lengths_km, get_legs, split_at_antimeridian
from geo.itinerary import (
    COLUMNS,
    COUNTRY,
    LAT,
    LON,
    MODERN_NAME,
    PLACE,
    SOURCE,
    STOP,
    Itinerary,
)

__all__ = ["FORMATS", "to_geojson", "to_linked_places", "write_export"]

LPF_CONTEXT = "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/linkedplaces-context-v1.1.jsonld"


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _round_coords(coords: Any, ndigits: int = 5) -> Any:
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), ndigits) for c in coords]
    return [_round_coords(c, ndigits) for c in coords]


def to_geojson(itinerary: Itinerary, *, legs: bool = True) -> dict[str, Any]:
    """The itinerary as a GeoJSON FeatureCollection (stops, then legs)."""
    df = itinerary.df
    labels = itinerary.get_date_labels()
    features: list[dict[str, Any]] = []
    extra = [c for c in df.columns if c not in COLUMNS]
    for i, rec in enumerate(df.to_dict("records")):
        props = {c: _clean(rec[c]) for c in (*COLUMNS, *extra) if c not in (LAT, LON)}
        props["dates"] = labels[i]
        features.append({
            "type": "Feature",
            "id": f"stop-{rec[STOP]}",
            "geometry": {"type": "Point",
                         "coordinates": _round_coords([rec[LON], rec[LAT]])},
            "properties": props,
        })
    if legs:
        stops = [int(s) for s in df[STOP]]
        for j, (line, km) in enumerate(zip(get_legs(itinerary), get_leg_lengths_km(itinerary),
                                           strict=True)):
            geom = split_at_antimeridian(line).__geo_interface__
            features.append({
                "type": "Feature",
                "id": f"leg-{stops[j]}-{stops[j + 1]}",
                "geometry": {"type": geom["type"],
                             "coordinates": _round_coords(json.loads(json.dumps(
                                 geom["coordinates"])))},
                "properties": {"from_stop": stops[j], "to_stop": stops[j + 1],
                               "length_km": round(km, 1)},
            })
    return {"type": "FeatureCollection", "features": features}


def _timespan(start: Any, end: Any) -> dict[str, Any]:
    last = end or start
    span: dict[str, Any] = {"start": {"earliest": start.earliest().isoformat(),
                                      "latest": start.latest().isoformat()},
                            "end": {"earliest": last.earliest().isoformat(),
                                    "latest": last.latest().isoformat()}}
    if start.precision == "day" and not (start.approximate or start.uncertain):
        span["start"] = {"in": start.earliest().isoformat()}
    if last.precision == "day" and not (last.approximate or last.uncertain):
        span["end"] = {"in": last.earliest().isoformat()}
    return span


def to_linked_places(itinerary: Itinerary, *, dataset: str = "geostory") -> dict[str, Any]:
    """The distinct places as a Linked Places Format 1.1 FeatureCollection.

    Stays at the same historical name and coordinates merge into one feature whose
    ``when.timespans`` lists every stay.
    """
    df = itinerary.df
    starts, ends = itinerary.get_start_dates(), itinerary.get_end_dates()
    places: dict[tuple[str, float, float], dict[str, Any]] = {}
    for i, rec in enumerate(df.to_dict("records")):
        key = (rec[PLACE], round(rec[LAT], 5), round(rec[LON], 5))
        feat = places.get(key)
        if feat is None:
            names = [{"toponym": rec[PLACE], "citations": []}]
            if rec[MODERN_NAME] and rec[MODERN_NAME] != rec[PLACE]:
                names.append({"toponym": rec[MODERN_NAME], "citations": []})
            feat = {
                "@id": f"{dataset}:place/{len(places) + 1}",
                "type": "Feature",
                "properties": {"title": rec[PLACE],
                               "ccodes": [rec[COUNTRY]] if rec[COUNTRY] else []},
                "when": {"timespans": []},
                "names": names,
                "geometry": {"type": "Point",
                             "coordinates": _round_coords([rec[LON], rec[LAT]])},
                "descriptions": [],
            }
            places[key] = feat
        feat["when"]["timespans"].append(_timespan(starts[i], ends[i]))
        if rec[SOURCE]:
            cite = {"label": rec[SOURCE]}
            if cite not in feat["names"][0]["citations"]:
                feat["names"][0]["citations"].append(cite)
        if rec.get("summary"):
            feat["descriptions"].append({"value": rec["summary"], "lang": "en"})
    return {"type": "FeatureCollection", "@context": LPF_CONTEXT,
            "features": list(places.values())}


FORMATS = {"geojson": to_geojson, "lpf": to_linked_places}


def write_export(itinerary: Itinerary, path: str | os.PathLike[str] | None,
                 fmt: str = "geojson") -> str:
    """Serialise to ``fmt`` (``geojson`` or ``lpf``); write atomically when ``path`` is set.

    Returns the JSON text (UTF-8, two-space indent, keys in a fixed order, so the same
    itinerary always gives the same bytes).
    """
    if fmt not in FORMATS:
        raise ValueError(f"Expected a format in {sorted(FORMATS)}, instead got: {fmt!r}.")
    text = json.dumps(FORMATS[fmt](itinerary), ensure_ascii=False, indent=2) + "\n"
    if path is not None:
        write_text_atomic(Path(path), text)
    return text
