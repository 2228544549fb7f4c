"""Take an itinerary elsewhere: GeoJSON, Linked Places (JSON-LD and LP-TSV) and GPX.

* **GeoJSON** (RFC 7946) for QGIS, kepler.gl and geojson.io: every stop is a ``Point``
  feature carrying all of its columns plus a readable ``dates`` label, and every leg is a
  ``LineString`` (split into a ``MultiLineString`` where it crosses the antimeridian) with
  ``from_stop``, ``to_stop`` and ``length_km``. Two stays in one place in a row (school,
  then prison, in the same town) are two points and no leg: a move of no length is not a
  line, and GIS tools reject a line of two equal points.
* **Linked Places Format** 1.1 (JSON-LD) for the World Historical Gazetteer: one feature
  per distinct place, with its names, modern country code, the time spans of every stay and
  citations. Each ``@id`` is an absolute IRI, the base URI followed by the place's slug
  (default ``urn:geostory:<file name>:``), so a JSON-LD processor expands it as it is.
* **LP-TSV** (v0.5), the gazetteer's delimited format: one row per distinct place.
* **GPX** 1.1 for GPS and hiking tools: stops as waypoints, the legs as one route.

Every format streams: :func:`iter_export` yields text chunks and :func:`write_export`
writes them atomically, so a 50,000-stop itinerary never sits in memory as one document.
The same itinerary always gives the same bytes.

>>> import pandas as pd
>>> from geo.itinerary import Itinerary
>>> it = Itinerary(pd.DataFrame({"stop": [1, 2, 3], "place": ["Vienna", "Paris", "Paris"],
...     "lat": [48.2, 48.85, 48.85], "lon": [16.37, 2.35, 2.35],
...     "start": ["1907-10", "1910-01", "1911"], "kind": ["residence", "conference", "exile"],
...     "country": ["AT", "FR", "FR"]}))
>>> fc = to_geojson(it)
>>> [f["geometry"]["type"] for f in fc["features"]]
['Point', 'Point', 'Point', 'LineString']
>>> fc["features"][0]["properties"]["dates"]
'Oct 1907'
>>> [f["@id"] for f in to_linked_places(it, base_uri="https://example.org/lives/")["features"]]
['https://example.org/lives/vienna', 'https://example.org/lives/paris']
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape as _xml_escape

from geo._io import write_chunks_atomic
from geo.csvsafe import csv_safe_cell
from geo.dates import HistoricalDate, edtf_year
from geo.errors import ExportError
from geo.geometry import iter_legs, to_geojson_geometry
from geo.itinerary import (
    COLUMNS,
    COUNTRY,
    GEO_SOURCE,
    KIND,
    LAT,
    LON,
    MODERN_NAME,
    PERSON,
    PLACE,
    SOURCE,
    STOP,
    SUMMARY,
    Itinerary,
    claim_name,
    slugify,
    unique_slugs,
)
from geo.metadata import DatasetInfo, cite_sources, read_dataset_info

__all__ = [
    "FORMATS",
    "LPF_CONTEXT",
    "LP_TSV_COLUMNS",
    "default_base_uri",
    "iter_export",
    "iter_geojson_features",
    "to_geojson",
    "to_gpx",
    "to_linked_places",
    "to_lp_tsv",
    "write_export",
]

#: The Linked Places Format 1.1 JSON-LD context (every term the export uses is defined there).
LPF_CONTEXT = ("https://raw.githubusercontent.com/LinkedPasts/linked-places/master/"
               "linkedplaces-context-v1.1.jsonld")

#: LP-TSV v0.5 columns written, in order (required: id, title, title_source, fclasses, start).
LP_TSV_COLUMNS = ("id", "title", "title_source", "title_uri", "fclasses", "start", "end", "ccodes",
                  "matches", "variants", "lon", "lat", "geo_source", "geo_id")

#: GeoNames feature class of a place: a stop with a country is a populated place (``P``);
#: one without is a supranational region (``L``: the Balkans, the Caucasus), as the
#: itinerary schema leaves ``country`` blank only for those.
FCLASS_SETTLEMENT, FCLASS_REGION = "P", "L"

_NDIGITS = 5  # decimals of a coordinate in every format: about a metre
_IRI_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`]')
_GEONAMES = re.compile(r"^geonames:(\d+)$")
# Characters XML 1.0 cannot hold at all (C0 controls but tab and newlines, U+FFFE/U+FFFF).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TSV_BREAKS = re.compile(r"[\t\r\n\x00-\x1f\x7f\u2028\u2029]+")


#: Prefixes of the dataset-level terms the Linked Places export adds to its context.
LPF_METADATA_CONTEXT = {"dc": "http://purl.org/dc/terms/", "schema": "https://schema.org/"}


def dataset_info(itinerary: Itinerary, metadata: DatasetInfo | None = None) -> DatasetInfo:
    """``metadata``, or the CSVW metadata beside the file(s) the itinerary was read from."""
    if metadata is not None:
        return metadata
    paths = [p for p in str(itinerary.source).split(" + ") if Path(p + "-metadata.json").is_file()]
    return read_dataset_info(paths)


def _clean(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _coord(value: float) -> float:
    return round(float(value), _NDIGITS) + 0.0  # + 0.0 turns -0.0 into 0.0


# -- GeoJSON ------------------------------------------------------------------------------
def iter_geojson_features(itinerary: Itinerary, *, legs: bool = True) -> Iterator[dict]:
    """GeoJSON features one at a time: every stop, then every leg of some length.

    Legs are built one by one as they are asked for, so their points are never all in
    memory; they are the map's legs (:func:`geo.geometry.iter_legs`), less those of no
    length.
    """
    df = itinerary.df
    labels = itinerary.get_date_labels()
    extra = [c for c in df.columns if c not in COLUMNS]
    names = [c for c in (*COLUMNS, *extra) if c not in (LAT, LON)]
    prefixes = _person_prefixes(itinerary)
    for i, rec in enumerate(df.to_dict("records")):
        props = {c: _clean(rec[c]) for c in names}
        props["dates"] = labels[i]
        yield {
            "type": "Feature",
            "id": f"stop-{prefixes.get(rec.get(PERSON, ''), '')}{rec[STOP]}",
            "geometry": {"type": "Point", "coordinates": [_coord(rec[LON]), _coord(rec[LAT])]},
            "properties": props,
        }
    if not legs:
        return
    # Every person travels their own route: no leg joins one life's last stop to the next's.
    for person, life in itinerary.by_person():
        stops = [int(s) for s in life.df[STOP]]
        for j, (line, km) in enumerate(iter_legs(life)):
            geometry = to_geojson_geometry(line, _NDIGITS)
            if geometry is None:  # two stays in one place: no move, no leg
                continue
            props: dict[str, Any] = {"person": person} if person else {}
            props.update({"from_stop": stops[j], "to_stop": stops[j + 1],
                          "length_km": round(km, 1)})
            yield {
                "type": "Feature",
                "id": f"leg-{prefixes.get(person, '')}{stops[j]}-{stops[j + 1]}",
                "geometry": geometry,
                "properties": props,
            }


def _person_prefixes(itinerary: Itinerary) -> dict[str, str]:
    """``{person: "<slug>-"}`` for feature ids, since stops are numbered per person.

    Empty for one unnamed life, so its ids stay ``stop-1``, ``leg-1-2``.
    """
    people = itinerary.get_people()
    return dict(zip(people, (s + "-" for s in unique_slugs(people)), strict=True))


def to_geojson(itinerary: Itinerary, *, legs: bool = True,
               metadata: DatasetInfo | None = None) -> dict[str, Any]:
    """The itinerary as one GeoJSON FeatureCollection dict (stops, then legs).

    Its ``metadata`` member (a foreign member, as RFC 7946 section 6.1 allows) holds the
    title, subject, licence, creator and sources of :func:`dataset_info`. For big
    itineraries prefer :func:`write_export`, which streams.
    """
    return {"type": "FeatureCollection",
            "metadata": dataset_info(itinerary, metadata).to_json(),
            "features": list(iter_geojson_features(itinerary, legs=legs))}


def _iter_geojson_text(itinerary: Itinerary, *, metadata: DatasetInfo | None = None,
                       **_: Any) -> Iterator[str]:
    # One feature a line: the file streams out, and a diff shows which stop changed.
    info = json.dumps(dataset_info(itinerary, metadata).to_json(), ensure_ascii=False)
    yield '{"type": "FeatureCollection", "metadata": ' + info + ', "features": [\n'
    first = True
    for feature in iter_geojson_features(itinerary):
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False,
                                                    allow_nan=False)
        first = False
    yield "\n]}\n"


# -- Linked Places ------------------------------------------------------------------------
def default_base_uri(itinerary: Itinerary) -> str:
    """``urn:geostory:<slug of the file name>:``, the base of ids when none is given.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"stop": [1], "place": ["Vienna"], "lat": [48.2],
    ...                       "lon": [16.37], "start": ["1907"], "kind": ["residence"]})
    >>> default_base_uri(Itinerary(frame, source="data/Trotsky places.csv"))
    'urn:geostory:trotsky-places:'
    """
    stem = quote(slugify(PurePath(itinerary.source).stem), safe="-")
    return f"urn:geostory:{stem or 'itinerary'}:"


def _check_base_uri(base_uri: str) -> str:
    if not _IRI_SCHEME.match(base_uri) or _IRI_FORBIDDEN.search(base_uri):
        raise ExportError(f"--base-uri {base_uri!r} is not an absolute URI (expected e.g. "
                          "'https://example.org/places/' or 'urn:example:places:')")
    return base_uri if base_uri.endswith(("/", "#", ":")) else base_uri + "/"


@dataclass
class _Place:
    """One distinct place of an itinerary (a name at a point), with all of its stays."""

    local_id: str
    title: str
    lat: float
    lon: float
    rows: list[int] = field(default_factory=list)


def _distinct_places(itinerary: Itinerary) -> list[_Place]:
    """Stays at the same name and (rounded) point merge; ids are slugs, numbered on a clash."""
    df = itinerary.df
    places: dict[tuple[str, float, float], _Place] = {}
    used: set[str] = set()
    for i, (name, lat, lon) in enumerate(zip(df[PLACE], df[LAT], df[LON], strict=True)):
        key = (str(name), _coord(lat), _coord(lon))
        place = places.get(key)
        if place is None:
            # Percent-encoded so the id is a plain URI (WHG and RDF stores expect one), not
            # only an IRI: a Cyrillic name gives %D0%BC... rather than raw letters.
            local_id = claim_name(quote(slugify(key[0]), safe="-") or "place", used)
            place = places[key] = _Place(local_id, key[0], key[1], key[2])
        place.rows.append(i)
    return list(places.values())


def _timespan(start: HistoricalDate, end: HistoricalDate | None) -> dict[str, Any]:
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


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        v = str(v or "")
        if v and v not in out:
            out.append(v)
    return out


def _geonames_ids(geo_sources: list[str]) -> list[str]:
    return [m.group(1) for s in geo_sources if (m := _GEONAMES.match(s))]


def _lpf_citation(cite: dict[str, str]) -> dict[str, str]:
    return {"label": cite["label"], **({"@id": cite["url"]} if cite["url"] else {})}


def _lpf_features(itinerary: Itinerary, base: str,
                  info: DatasetInfo | None = None) -> Iterator[dict[str, Any]]:
    df = itinerary.df
    known = info.sources if info is not None else ()
    starts, ends = itinerary.get_start_dates(), itinerary.get_end_dates()
    for place in _distinct_places(itinerary):
        recs = [df.iloc[i] for i in place.rows]
        sources = _unique(r[SOURCE] for r in recs)
        names: list[dict[str, Any]] = [{"toponym": place.title,
                                        "citations": [{"label": s} for s in sources]}]
        for modern in _unique(r[MODERN_NAME] for r in recs):
            if modern != place.title:
                names.append({"toponym": modern, "citations": []})
        feature: dict[str, Any] = {
            "@id": base + place.local_id,
            "type": "Feature",
            "properties": {"title": place.title, "ccodes": _unique(r[COUNTRY] for r in recs)},
            "when": {"timespans": [_timespan(starts[i], ends[i]) for i in place.rows]},
            "names": names,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "descriptions": [{"value": s, "lang": "en"}
                             for s in (str(r.get(SUMMARY) or "") for r in recs) if s],
        }
        cites: list[dict[str, str]] = []
        for r in recs:
            cites += [c for c in cite_sources(str(r[SOURCE] or ""), known) if c not in cites]
        if cites:
            feature["citations"] = [_lpf_citation(c) for c in cites]
        gn = _geonames_ids(_unique(r[GEO_SOURCE] for r in recs))
        if gn:
            feature["links"] = [{"type": "closeMatch", "identifier": f"gn:{g}"} for g in gn]
        yield feature


def _lpf_head(info: DatasetInfo) -> dict[str, Any]:
    """The collection's context and its dataset-level ``dc:`` terms and ``citations``."""
    head: dict[str, Any] = {"type": "FeatureCollection",
                            "@context": [LPF_CONTEXT, LPF_METADATA_CONTEXT]}
    for key, value in (("dc:title", info.title), ("dc:subject", info.subject),
                       ("dc:description", info.description), ("dc:creator", info.creator)):
        if value:
            head[key] = value
    licenses = [v for v in info.license.split("; ") if v]
    if licenses:
        head["dc:license"] = [{"@id": v} if _IRI_SCHEME.match(v) else v for v in licenses]
    if info.sources:
        head["citations"] = [_lpf_citation({"label": s.label, "url": s.url})
                             for s in info.sources]
    return head


def to_linked_places(itinerary: Itinerary, *, base_uri: str | None = None,
                     metadata: DatasetInfo | None = None) -> dict[str, Any]:
    """The distinct places as a Linked Places Format 1.1 FeatureCollection.

    Stays at the same historical name and coordinates merge into one feature whose
    ``when.timespans`` lists every stay. ``base_uri`` (an absolute URI ending in ``/``,
    ``#`` or ``:``; a ``/`` is added otherwise) prefixes every ``@id``; it defaults to
    :func:`default_base_uri`. A place GeoNames gave the point of links to it as a
    ``closeMatch`` (``gn:<id>``).
    """
    base = _check_base_uri(base_uri if base_uri is not None else default_base_uri(itinerary))
    info = dataset_info(itinerary, metadata)
    return {**_lpf_head(info), "features": list(_lpf_features(itinerary, base, info))}


def _iter_lpf_text(itinerary: Itinerary, *, base_uri: str | None = None,
                   metadata: DatasetInfo | None = None, **_: Any) -> Iterator[str]:
    base = _check_base_uri(base_uri if base_uri is not None else default_base_uri(itinerary))
    info = dataset_info(itinerary, metadata)
    head = json.dumps(_lpf_head(info), ensure_ascii=False)
    yield head[:-1] + ', "features": [\n'
    first = True
    for feature in _lpf_features(itinerary, base, info):
        yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False,
                                                    allow_nan=False)
        first = False
    yield "\n]}\n"


# -- LP-TSV -------------------------------------------------------------------------------
def _iso(day: Any, precision: str) -> str:
    """A date at the precision the data has: ``1888``, ``1902-08`` or ``1917-03-12``."""
    if precision == "day":
        return day.isoformat()
    if precision in ("month", "season"):
        return f"{edtf_year(day.year)}-{day.month:02d}"
    return edtf_year(day.year)  # -0043 for 44 BC, as ISO 8601 and LP-TSV write it


def _tsv_cell(value: Any, *, multi: bool = False) -> str:
    """One LP-TSV cell: no tabs or line breaks, not a spreadsheet formula, never quoted.

    LP-TSV cells are not quoted, so breaks become spaces; in a multi-valued cell (``;``
    separates values) a semicolon inside a value becomes a comma.
    """
    text = _TSV_BREAKS.sub(" ", str(value if value is not None else "")).strip()
    if multi:
        text = text.replace(";", ",")
    text = csv_safe_cell(text)
    return "'" + text if text.startswith('"') else text  # a reader would take it as quoting


def _lp_tsv_rows(itinerary: Itinerary, base: str,
                 info: DatasetInfo | None = None) -> Iterator[list[str]]:
    df = itinerary.df
    known = info.sources if info is not None else ()
    starts, ends = itinerary.get_start_dates(), itinerary.get_end_dates()
    for place in _distinct_places(itinerary):
        recs = [df.iloc[i] for i in place.rows]
        first = min((starts[i] for i in place.rows), key=lambda d: d.earliest())
        last = max(((ends[i] or starts[i]) for i in place.rows), key=lambda d: d.latest())
        countries = _unique(r[COUNTRY] for r in recs)
        geo_sources = _unique(r[GEO_SOURCE] for r in recs)
        gn = _geonames_ids(geo_sources)
        cells = _unique(r[SOURCE] for r in recs) or [itinerary.source]
        variants = [m for m in _unique(r[MODERN_NAME] for r in recs) if m != place.title]
        # title_source: the first cited text, readable; else the first source cell as written.
        cites = [c for r in recs for c in cite_sources(str(r[SOURCE] or ""), known)]
        title_source = cites[0]["label"] if cites else cells[0]
        title_uri = next((c["url"] for c in cites if c["url"]), "")
        yield [
            _tsv_cell(base + place.local_id),
            _tsv_cell(place.title),
            _tsv_cell(title_source),
            _tsv_cell(title_uri),
            FCLASS_SETTLEMENT if countries else FCLASS_REGION,
            _iso(first.earliest(), first.precision),
            _iso(last.latest(), last.precision),
            ";".join(_tsv_cell(c, multi=True) for c in countries),
            ";".join(f"gn:{g}" for g in gn),
            ";".join(_tsv_cell(v, multi=True) for v in variants),
            f"{place.lon:.{_NDIGITS}f}",
            f"{place.lat:.{_NDIGITS}f}",
            ";".join(_tsv_cell(s, multi=True) for s in geo_sources),
            f"https://www.geonames.org/{gn[0]}" if gn else "",
        ]


def _iter_lp_tsv_text(itinerary: Itinerary, *, base_uri: str | None = None,
                      metadata: DatasetInfo | None = None, **_: Any) -> Iterator[str]:
    base = _check_base_uri(base_uri if base_uri is not None else default_base_uri(itinerary))
    yield "\t".join(LP_TSV_COLUMNS) + "\n"
    for row in _lp_tsv_rows(itinerary, base, dataset_info(itinerary, metadata)):
        yield "\t".join(row) + "\n"


def to_lp_tsv(itinerary: Itinerary, *, base_uri: str | None = None,
              metadata: DatasetInfo | None = None) -> str:
    """The distinct places as LP-TSV v0.5 text (tab-separated, header row, UTF-8).

    One row per distinct place, as in :func:`to_linked_places`: ``start`` and ``end`` are
    the first and last day of all its stays, at the precision the data has; ``fclasses`` is
    ``P`` for a place with a country and ``L`` for a region without one; a GeoNames point
    gives ``matches`` (``gn:<id>``) and ``geo_id``. ``title_source`` is the first text a
    stay there cites, by its title from the metadata (else the ``source`` cell as written),
    and ``title_uri`` that text's URL. LP-TSV has no place for dataset metadata: WHG asks
    for it at upload.
    """
    return "".join(_iter_lp_tsv_text(itinerary, base_uri=base_uri, metadata=metadata))


# -- GPX ----------------------------------------------------------------------------------
def _xml(text: Any) -> str:
    return _xml_escape(_XML_INVALID.sub("", str(text if text is not None else "")))


def _gpx_time(d: HistoricalDate) -> str | None:
    # GPX times are instants; only a certain day of the common era makes one.
    if d.precision != "day" or d.approximate or d.uncertain or d.year < 1:
        return None
    return f"{d.earliest().isoformat()}T00:00:00Z"


def _gpx_link(url: str, text: str) -> str:
    return f'<link href="{_xml(url)}"><text>{_xml(text)}</text></link>' if url else ""


def _gpx_metadata(info: DatasetInfo, title: str) -> str:
    # GPX 1.1 order: name, desc, author, copyright, link*.
    parts = [f"<name>{_xml(title)}</name>"]
    if info.description:
        parts.append(f"<desc>{_xml(info.description)}</desc>")
    if info.creator:
        parts.append(f"<author><name>{_xml(info.creator)}</name></author>")
    licence = next((v for v in info.license.split("; ") if _IRI_SCHEME.match(v)), "")
    if info.creator and licence:
        parts.append(f'<copyright author="{_xml(info.creator)}"><license>{_xml(licence)}'
                     "</license></copyright>")
    parts += [_gpx_link(s.url, s.label) for s in info.sources]
    return "<metadata>" + "".join(parts) + "</metadata>\n"


def _iter_gpx_text(itinerary: Itinerary, *, metadata: DatasetInfo | None = None,
                   **_: Any) -> Iterator[str]:
    df = itinerary.df
    labels = itinerary.get_date_labels()
    starts = itinerary.get_start_dates()
    info = dataset_info(itinerary, metadata)
    title = info.title or PurePath(itinerary.source).stem or "itinerary"
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<gpx version="1.1" creator="geostory" xmlns="http://www.topografix.com/GPX/1/1" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation='
           '"http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">\n'
           + _gpx_metadata(info, title))
    records = df.to_dict("records")
    for i, rec in enumerate(records):
        time = _gpx_time(starts[i])
        yield "".join([
            f'<wpt lat="{_coord(rec[LAT])}" lon="{_coord(rec[LON])}">',
            f"<time>{time}</time>" if time else "",
            f"<name>{_xml(rec[PLACE])}</name>",
            f"<cmt>{_xml(labels[i])}</cmt>",
            f"<desc>{_xml(rec.get(SUMMARY))}</desc>" if rec.get(SUMMARY) else "",
            f"<src>{_xml(rec.get(SOURCE))}</src>" if rec.get(SOURCE) else "",
            "".join(_gpx_link(c["url"], c["label"])
                    for c in cite_sources(str(rec.get(SOURCE) or ""), info.sources)),
            f"<type>{_xml(rec[KIND])}</type>",
            "</wpt>\n",
        ])
    for person, life in itinerary.by_person():  # a route per person
        yield f"<rte><name>{_xml(person or title)}</name>\n"
        previous = None
        for rec in life.df.to_dict("records"):
            point = (_coord(rec[LAT]), _coord(rec[LON]))
            if point == previous:  # a stay after a stay in the same place is not a leg
                continue
            previous = point
            yield (f'<rtept lat="{point[0]}" lon="{point[1]}"><name>{_xml(rec[PLACE])}</name>'
                   "</rtept>\n")
        yield "</rte>\n"
    yield "</gpx>\n"


def to_gpx(itinerary: Itinerary, *, metadata: DatasetInfo | None = None) -> str:
    """The itinerary as GPX 1.1: every stop a waypoint, the moves between places a route.

    A waypoint's ``name`` is the place, ``cmt`` the dates, ``desc`` the summary, ``src``
    the source and ``type`` the kind of stay; ``time`` only for a stay that starts on a
    known day (GPX times are instants). Route points skip a stop at the same point as the
    one before, so the route has a point per move. A waypoint links to each text its
    source cites; the file's ``metadata`` has the dataset's title, description, creator,
    licence and a link per source.
    """
    return "".join(_iter_gpx_text(itinerary, metadata=metadata))


# -- writing ------------------------------------------------------------------------------
FORMATS = {"geojson": _iter_geojson_text, "lpf": _iter_lpf_text,
           "lpf-tsv": _iter_lp_tsv_text, "gpx": _iter_gpx_text}


def iter_export(itinerary: Itinerary, fmt: str = "geojson", *,
                base_uri: str | None = None,
                metadata: DatasetInfo | None = None) -> Iterator[str]:
    """The export in format ``fmt`` (a key of :data:`FORMATS`) as text chunks.

    ``base_uri`` sets the ids of ``lpf`` and ``lpf-tsv``; the other formats ignore it.
    ``metadata`` is what the export says about the data (default: :func:`dataset_info`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"Expected a format in {sorted(FORMATS)}, instead got: {fmt!r}.")
    if base_uri is not None:
        _check_base_uri(base_uri)  # fail before anything is written
    return FORMATS[fmt](itinerary, base_uri=base_uri, metadata=metadata)


def write_export(itinerary: Itinerary, path: str | os.PathLike[str], fmt: str = "geojson",
                 *, base_uri: str | None = None, metadata: DatasetInfo | None = None) -> Path:
    """Write the export to ``path`` atomically, streaming; returns the path written.

    UTF-8, keys in a fixed order: the same itinerary always gives the same bytes.
    """
    return write_chunks_atomic(path, iter_export(itinerary, fmt, base_uri=base_uri,
                                                 metadata=metadata))
