"""Every export format read back by a tool people load it into.

GeoJSON by geopandas (GDAL through pyogrio), Linked Places by a JSON-LD processor (pyld),
LP-TSV by pandas as a tab-separated table, GPX by gpxpy. Each test checks what the reader
makes of the file, not how the file looks.
"""

from __future__ import annotations

import csv
import itertools
import re
from pathlib import Path
from typing import Any

import geopandas as gpd  # the readers are in the test extra
import gpxpy
import pandas as pd
import pytest
from common import small_csv, write
from pyld import jsonld

from geo.export import LP_TSV_COLUMNS, LPF_CONTEXT, to_linked_places, write_export
from geo.itinerary import Itinerary

#: Awkward itineraries: one place twice in a row, the antimeridian both ways, a stop on it.
PACIFIC_ROWS = [
    "1,Tokyo,,JP,35.6895,139.69171,1920-01-05,1920-02,travel,Trip,,,manual",
    "2,Tokyo,,JP,35.6895,139.69171,1920-03,1920-04,residence,Trip,,,manual",
    "3,San Francisco,,US,37.77493,-122.41942,1921,,travel,Trip,,,manual",
    "4,Suva,,FJ,-18.14161,178.44149,1922,,travel,Trip,,,manual",
    "5,Taveuni,,FJ,-16.8,180.0,1923,,travel,Trip,,,manual",
    "6,Apia,,WS,-13.83333,-171.76666,1924,,travel,Trip,,,manual",
    "7,Auckland,,NZ,-36.84853,174.76349,1925,,travel,Trip,,,manual",
]


def _moves(it: Itinerary) -> int:
    pts = [(round(a, 5), round(b, 5)) for a, b in zip(it.df["lat"], it.df["lon"], strict=True)]
    return sum(p != q for p, q in itertools.pairwise(pts))


@pytest.fixture(params=["trotsky", "pacific"])
def itinerary(request: pytest.FixtureRequest, places_csv: Path, tmp_path: Path) -> Itinerary:
    if request.param == "trotsky":
        return Itinerary.from_csv(places_csv)
    return Itinerary.from_csv(write(tmp_path / "pacific.csv", small_csv(PACIFIC_ROWS)))


# -- GeoJSON: geopandas -----------------------------------------------------------------------
def test_geopandas_reads_valid_geometries(itinerary: Itinerary, tmp_path: Path) -> None:
    path = write_export(itinerary, tmp_path / "it.geojson", "geojson")
    gdf = gpd.read_file(path)
    assert gdf.crs is not None and gdf.crs.to_epsg() == 4326
    assert gdf.geometry.is_valid.all(), gdf[~gdf.geometry.is_valid]
    assert not gdf.geometry.is_empty.any()
    kinds = gdf.geometry.geom_type.value_counts().to_dict()
    lines = kinds.get("LineString", 0) + kinds.get("MultiLineString", 0)
    assert kinds["Point"] == len(itinerary) and lines == _moves(itinerary)
    assert len(gdf) == len(itinerary) + _moves(itinerary)
    # RFC 7946: longitudes in [-180, 180]; a leg across the antimeridian is cut there.
    minx, _, maxx, _ = gdf.total_bounds
    assert minx >= -180 and maxx <= 180
    legs = gdf[gdf.geometry.geom_type != "Point"]
    # No leg drawn the long way round the world (planar length in degrees, on purpose).
    assert all(g.length < 180 for g in legs.geometry)
    points = gdf[gdf.geometry.geom_type == "Point"]
    assert points["place"].tolist() == itinerary.df["place"].tolist()
    assert points["dates"].tolist() == itinerary.get_date_labels()


def test_geopandas_sees_the_pacific_crossings(tmp_path: Path) -> None:
    it = Itinerary.from_csv(write(tmp_path / "pacific.csv", small_csv(PACIFIC_ROWS)))
    gdf = gpd.read_file(write_export(it, tmp_path / "p.geojson"))
    legs = gdf[gdf.geometry.geom_type != "Point"].set_index("from_stop")
    assert legs.geometry.geom_type.to_dict() == {
        2: "MultiLineString", 3: "MultiLineString", 4: "LineString", 5: "LineString",
        6: "MultiLineString"}
    # Taveuni sits on the antimeridian: the leg from Suva ends at +180, the next starts
    # at -180, both on the side they run on.
    assert legs.loc[4].geometry.coords[-1][0] == 180
    assert legs.loc[5].geometry.coords[0][0] == -180


# -- Linked Places: a JSON-LD processor ---------------------------------------------------------
LPO = "https://github.com/LinkedPasts/linked-pasts-ontology/blob/main/lpo_latest.ttl#"
GEOJSON = "https://purl.org/geojson/vocab#"
DCT = "http://purl.org/dc/terms/"

#: The terms of the Linked Places 1.1 context (LPF_CONTEXT) that the export uses, with the
#: IRIs that context gives them: served to the processor in place of the network.
LPF_TERMS: dict[str, Any] = {
    "type": "@type", "id": "@id",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "lpo": LPO, "geojson": GEOJSON, "dct": DCT,
    "geojson-t": "https://github.com/kgeographer/geojson-t/",
    "gn": "http://www.geonames.org/ontology#",
    "cito": "http://purl.org/spar/cito#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "FeatureCollection": "geojson:FeatureCollection", "Feature": "geojson:Feature",
    "Point": "geojson:Point",
    "features": {"@id": "lpo:hasFeature", "@type": "geojson:Feature", "@container": "@set"},
    "properties": "geojson:properties", "title": {"@id": "dct:title"},
    "ccodes": {"@id": "gn:countryCode"}, "geometry": "geojson-t:geometry",
    "coordinates": {"@container": "@list", "@id": "geojson:coordinates"},
    "when": {"@id": "lpo:when"},
    "timespans": {"@id": "lpo:timespan", "@type": "lpo:Timespan", "@container": "@set"},
    "start": "lpo:has_start", "end": "lpo:has_end", "earliest": "lpo:earliest",
    "latest": "lpo:latest", "in": "lpo:in",
    "names": {"@id": "lpo:name_attestation", "@type": "lpo:NameAttestation",
              "@container": "@set"},
    "toponym": "lpo:toponym", "lang": "dct:language",
    "citations": {"@id": "cito:cites", "@type": "@id"}, "label": {"@id": "rdfs:label"},
    "descriptions": {"@id": "dct:description", "@type": "@id", "@container": "@set"},
    "value": {"@id": "rdf:value"},
    "links": {"@id": "lpo:link_attestation", "@type": "lpo:LinkAttestation",
              "@container": "@set"},
    "closeMatch": "skos:closeMatch", "identifier": "dct:identifier",
}


def _loader(url: str, options: object = None) -> dict[str, Any]:
    assert url == LPF_CONTEXT, f"the document needs another remote document: {url}"
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": LPF_TERMS}}


def _quads(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _loader})
    out = []
    for line in nquads.splitlines():
        m = re.match(r'(\S+) <([^>]+)> (.+) \.$', line)
        assert m, line
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def _strings(value: Any, skip: tuple[str, ...] = ("@id", "@context", "type")) -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_strings(v) for k, v in value.items() if k not in skip))
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value))
    return {value} if isinstance(value, str) else set()


def test_pyld_expands_places_timespans_and_names(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    doc = to_linked_places(it, base_uri="https://example.org/trotsky/")
    expanded = jsonld.expand(doc, {"documentLoader": _loader})
    features = expanded[0][f"{LPO}hasFeature"]
    assert len(features) == len(doc["features"])
    assert all(f["@id"].startswith("https://example.org/trotsky/") for f in features)

    quads = _quads(doc)
    prinkipo = "<https://example.org/trotsky/prinkipo>"
    about = {(p, o) for s, p, o in quads if s == prinkipo}
    assert ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", f"<{GEOJSON}Feature>") in about

    def objects(subject: str, predicate: str) -> list[str]:
        return [o for s, p, o in quads if s == subject and p == predicate]

    names = objects(prinkipo, f"{LPO}name_attestation")
    toponyms = {o for n in names for o in objects(n, f"{LPO}toponym")}
    assert toponyms == {'"Prinkipo"', '"Büyükada"'}
    (props,) = objects(prinkipo, f"{GEOJSON}properties")
    assert objects(props, f"{DCT}title") == ['"Prinkipo"']
    assert objects(props, "http://www.geonames.org/ontology#countryCode") == ['"TR"']
    (when,) = objects(prinkipo, f"{LPO}when")
    spans = objects(when, f"{LPO}timespan")
    assert len(spans) == 2  # two stays on the island
    starts = {o for t in spans for st in objects(t, f"{LPO}has_start")
              for o in objects(st, f"{LPO}in") + objects(st, f"{LPO}earliest")}
    assert len(starts) == 2 and all(re.fullmatch(r'"19\d\d-\d\d-\d\d"', s) for s in starts)

    # Nothing was dropped: every string of the document is a literal of the graph (a term
    # the context does not define would vanish from the expansion with all it holds).
    literals = {o for _, _, o in quads if o.startswith('"')}
    unescaped = {lit[1:lit.rindex('"')].encode().decode("unicode_escape").encode(
        "latin-1").decode("utf-8") for lit in literals}
    assert _strings(doc["features"]) <= unescaped
    # Every IRI is absolute: no undeclared prefix was taken for a scheme.
    iris = {t for q in quads for t in q if t.startswith("<")} | {p for _, p, _ in quads}
    assert all(re.match(r"<?(https?|urn):", i) for i in iris), sorted(iris)[:5]


def test_pyld_accepts_the_default_urn_ids(places_csv: Path) -> None:
    doc = to_linked_places(Itinerary.from_csv(places_csv))
    subjects = {s for s, _, _ in _quads(doc) if s.startswith("<")}
    assert "<urn:geostory:places:prinkipo>" in subjects
    assert len({f["@id"] for f in doc["features"]}) == len(doc["features"])


# -- LP-TSV: pandas -----------------------------------------------------------------------------
def _read_tsv(path: Path, **kwargs: Any) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False, **kwargs)


def test_pandas_reads_lp_tsv(itinerary: Itinerary, tmp_path: Path) -> None:
    path = write_export(itinerary, tmp_path / "it.tsv", "lpf-tsv")
    table = _read_tsv(path, quoting=csv.QUOTE_NONE)
    lpf = to_linked_places(itinerary)["features"]
    assert tuple(table.columns) == LP_TSV_COLUMNS
    assert table["id"].tolist() == [f["@id"] for f in lpf]
    assert table["title"].tolist() == [f["properties"]["title"] for f in lpf]
    for column in ("id", "title", "title_source", "fclasses", "start"):
        assert (table[column] != "").all(), column
    assert set(table["fclasses"]) <= {"P", "L"}
    iso = r"-?\d{4}(-\d\d(-\d\d)?)?"
    assert table["start"].str.fullmatch(iso).all() and table["end"].str.fullmatch(iso).all()
    assert (table["start"].str[:4].astype(int) <= table["end"].str[:4].astype(int)).all()
    lon, lat = table["lon"].astype(float), table["lat"].astype(float)
    assert lon.between(-180, 180).all() and lat.between(-90, 90).all()


def test_lp_tsv_of_the_trotsky_places(places_csv: Path, tmp_path: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    table = _read_tsv(write_export(it, tmp_path / "t.tsv", "lpf-tsv")).set_index("title")
    assert table.loc["Prinkipo", "variants"] == "Büyükada"
    assert table.loc["Prinkipo", "ccodes"] == "TR"
    assert table.loc["Prinkipo", "start"].startswith("1929")
    odessa = table.loc["Odessa"]
    assert odessa["matches"] == "gn:698740"
    assert odessa["geo_id"] == "https://www.geonames.org/698740"


def _two_stops(text: str) -> Itinerary:
    """Two stops; every text cell of the first holds ``text``."""
    return Itinerary(pd.DataFrame({
        "stop": [1, 2], "place": [text, "Odessa"], "modern_name": ["modern " + text, "Odesa"],
        "country": ["UA", "UA"], "lat": [46.97, 46.48], "lon": [31.99, 30.74],
        "start": ["1896", "1898"], "kind": ["school", "prison"], "summary": [text, ""],
        "source": [text, "src"], "geo_source": [text, "manual"]}))


@pytest.mark.parametrize("text", ["tab\tinside", "line\nbreak", "=HYPERLINK(\"x\")",
                                  '"quoted" start', "semi;colon", "\u2028separator"])
def test_lp_tsv_cells_stay_in_their_row_and_column(text: str, tmp_path: Path) -> None:
    path = write_export(_two_stops(text), tmp_path / "p.tsv", "lpf-tsv")
    for quoting in (csv.QUOTE_NONE, csv.QUOTE_MINIMAL):  # what the spec says, what pandas does
        table = _read_tsv(path, quoting=quoting)
        assert table.shape == (2, len(LP_TSV_COLUMNS))
        assert table["title"].iloc[1] == "Odessa"
        first = table.iloc[0]
        for column in ("title", "title_source", "variants", "geo_source"):
            assert not re.search("[\t\n\r\u2028]", first[column]), column
            assert not first[column].startswith(("=", '"')), column
        assert ";" not in first["variants"] and ";" not in first["geo_source"]


# -- GPX: gpxpy ---------------------------------------------------------------------------------
def test_gpxpy_reads_waypoints_and_route(itinerary: Itinerary, tmp_path: Path) -> None:
    path = write_export(itinerary, tmp_path / "it.gpx", "gpx")
    gpx = gpxpy.parse(path.read_text(encoding="utf-8"))
    df = itinerary.df
    assert [w.name for w in gpx.waypoints] == df["place"].tolist()
    assert [(w.latitude, w.longitude) for w in gpx.waypoints] == [
        (round(a, 5), round(b, 5)) for a, b in zip(df["lat"], df["lon"], strict=True)]
    assert [w.comment for w in gpx.waypoints] == itinerary.get_date_labels()
    assert [w.type for w in gpx.waypoints] == df["kind"].tolist()
    (route,) = gpx.routes
    assert len(route.points) == _moves(itinerary) + 1
    timed = [w for w in gpx.waypoints if w.time is not None]
    for w in timed:  # only days known for certain have a time
        i = gpx.waypoints.index(w)
        assert df["start"].iloc[i] == w.time.date().isoformat()


def test_gpx_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    text = "</name><script>x</script> & ]]> <!-- \x01 \"'"
    it = _two_stops(text)
    gpx = gpxpy.parse(write_export(it, tmp_path / "p.gpx", "gpx").read_text(encoding="utf-8"))
    kept = it.df["place"].iloc[0].replace("\x01", "")  # XML 1.0 cannot hold U+0001
    first = gpx.waypoints[0]
    assert (first.name, first.description, first.source) == (kept, kept, kept)
    assert len(gpx.waypoints) == 2 and len(gpx.routes[0].points) == 2
