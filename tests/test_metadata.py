"""CSVW metadata: the committed files are valid, validation reports broken ones, exports and
the map carry titles, licences and source URLs, and hostile metadata stays text."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geo.cli import main
from geo.export import to_geojson, to_gpx, to_linked_places, to_lp_tsv
from geo.itinerary import REQUIRED_COLUMNS, Itinerary
from geo.map import build_map, render_html
from geo.metadata import check_metadata, cite_sources, get_sources, read_dataset_info

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NWE_URL = "https://www.newworldencyclopedia.org/entry/Leon_Trotsky"


@pytest.mark.parametrize("name", ["places.csv", "lenin.csv", "caesar.csv"])
def test_committed_metadata_is_complete_and_clean(name: str) -> None:
    csv = DATA / name
    meta = json.loads((DATA / (name + "-metadata.json")).read_text(encoding="utf-8"))
    assert meta["@context"][0] == "http://www.w3.org/ns/csvw" and meta["url"] == name
    assert meta["dc:title"] and meta["dc:subject"] and meta["dc:license"]["@id"]
    header = pd.read_csv(csv, nrows=0).columns.tolist()
    cols = meta["tableSchema"]["columns"]
    assert [c["name"] for c in cols] == header
    assert all(c["titles"] and c["dc:description"] and c["datatype"] for c in cols)
    assert {c["name"] for c in cols if c.get("required")} == set(REQUIRED_COLUMNS)
    for entry in meta["dc:source"]:
        assert {"@id", "dc:title", "dc:publisher", "schema:url", "dc:license"} <= set(entry)
    assert check_metadata(csv, REQUIRED_COLUMNS) == []


def test_every_cited_text_of_the_trotsky_data_has_a_source_entry() -> None:
    sources = get_sources(json.loads((DATA / "places.csv-metadata.json").read_text("utf-8")))
    cell = ("000_69cc800d3c4b830f.txt: Childhood and family (1879-1896); "
            "002_0e97a1d2e69cb4e7.txt: childhood and family (18791895); a note")
    assert cite_sources(cell, sources) == [
        {"label": "New World Encyclopedia, 'Leon Trotsky', § Childhood and family (1879–1896)",
         "url": NWE_URL},
        {"label": "Wikipedia, 'Leon Trotsky', § childhood and family (1879–1895)",
         "url": "https://en.wikipedia.org/wiki/Leon_Trotsky"}]


def test_free_text_citations_match_by_bibliographic_citation() -> None:
    info = read_dataset_info([DATA / "caesar.csv"])
    cell = "'Julius Caesar' essay (eduessays.com) (pontiff 73 BC); years approximate"
    assert [c["label"] for c in cite_sources(cell, info.sources)] == [
        "eduessays.com, 'Julius Caesar' essay"]


# -- broken metadata, one edit each ---------------------------------------------------
def _drop_column(m: dict) -> None:
    del m["tableSchema"]["columns"][2]


def _rename_column(m: dict) -> None:
    m["tableSchema"]["columns"][2]["name"] = "modern"


def _swap_columns(m: dict) -> None:
    cols = m["tableSchema"]["columns"]
    cols[4], cols[5] = cols[5], cols[4]


def _extra_column(m: dict) -> None:
    m["tableSchema"]["columns"].append({"name": "notes", "datatype": "string"})


def _unknown_source(m: dict) -> None:
    m["dc:source"] = m["dc:source"][:1]


def _require_end(m: dict) -> None:
    m["tableSchema"]["columns"][7]["required"] = True


BROKEN: list[tuple[str, Callable[[dict], Any] | str, str, str]] = [
    ("not json", "{not json", "error", "is not JSON"),
    ("not an object", "[1, 2]", "error", "is not a JSON object (a list)"),
    ("no url", lambda m: m.pop("url"), "error", "has no 'url' (expected 'places.csv')"),
    ("url of another file", lambda m: m.update(url="lenin.csv"), "error",
     "'lenin.csv' 'url' names another file (expected 'places.csv')"),
    ("no tableSchema", lambda m: m.pop("tableSchema"), "error", "has no 'tableSchema'"),
    ("missing column", _drop_column, "error",
     "'modern_name' CSV column 'modern_name' has no tableSchema column"),
    ("renamed column", _rename_column, "error",
     "'modern' tableSchema column 'modern' is not in the CSV header"),
    ("extra column", _extra_column, "error",
     "'notes' tableSchema column 'notes' is not in the CSV header"),
    ("reordered columns", _swap_columns, "error", "in another order than the CSV header"),
    ("unknown datatype", lambda m: m["tableSchema"]["columns"][0].update(datatype="int32"),
     "error", "'int32' tableSchema column 'stop': unknown datatype"),
    ("column without name", lambda m: m["tableSchema"]["columns"][0].pop("name"), "error",
     "tableSchema column 1 has no 'name'"),
    ("required column empty", _require_end, "error",
     "row 11: column 'end' is required by the metadata but empty"),
    ("required not marked", lambda m: m["tableSchema"]["columns"][0].pop("required"),
     "warning", "'stop' is required by the itinerary schema but not marked"),
    ("source without id", lambda m: m["dc:source"][0].pop("@id"), "error",
     "dc:source entry 1 has no '@id'"),
    ("source without title", lambda m: m["dc:source"][1].pop("dc:title"), "error",
     "dc:source '002_0e97a1d2e69cb4e7.txt' has no 'dc:title'"),
    ("javascript url", lambda m: m["dc:source"][0].update({"schema:url": "javascript:alert(1)"}),
     "error", "'javascript:alert(1)' dc:source '000_69cc800d3c4b830f.txt': 'schema:url' is "
     "not an http(s) URL"),
    ("cited text without entry", _unknown_source, "warning",
     "row 2: '002_0e97a1d2e69cb4e7.txt' the source column cites a text with no dc:source"),
    ("no dataset licence", lambda m: m.pop("dc:license"), "warning",
     "has no 'dc:license' for the dataset"),
]


def _broken_copy(tmp_path: Path, edit: Callable[[dict], Any] | str) -> Path:
    csv = tmp_path / "places.csv"
    shutil.copy(DATA / "places.csv", csv)
    meta_path = tmp_path / "places.csv-metadata.json"
    if isinstance(edit, str):
        meta_path.write_text(edit, encoding="utf-8")
    else:
        meta = json.loads((DATA / "places.csv-metadata.json").read_text(encoding="utf-8"))
        edit(meta)
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return csv


@pytest.mark.parametrize(("case", "edit", "severity", "expected"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_broken_metadata_is_reported(case: str, edit: Any, severity: str, expected: str,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = _broken_copy(tmp_path, edit)
    findings = check_metadata(csv, REQUIRED_COLUMNS)
    hits = [f for f in findings if expected in str(f)]
    assert hits and hits[0].severity == severity, [str(f) for f in findings]
    code = main(["validate", str(csv)])
    err = capsys.readouterr().err
    assert code == (1 if severity == "error" else 0)
    line = next(x for x in err.splitlines() if expected in x)
    assert line.startswith(f"{severity}: {tmp_path}"), line  # names the file
    assert "Traceback" not in err


def test_validate_several_files_reports_each(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    broken = _broken_copy(tmp_path, lambda m: m.update(url="x.csv"))
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("stop,place,lat,lon,start,kind\n1,A,123,0,1900,birth\n", "utf-8")
    code = main(["validate", str(DATA / "lenin.csv"), str(broken), "--data", str(bad_csv)])
    out, err = capsys.readouterr()
    assert code == 1
    assert "lenin.csv: Itinerary(47 stops" in out
    assert "places.csv-metadata.json: 'x.csv' 'url' names another file" in err
    assert "bad.csv, row 2, column 'lat': '123'" in err
    assert main(["validate", str(DATA / "places.csv"), "--data", str(DATA / "lenin.csv")]) == 0
    assert "together: Itinerary(2 people, 113 stops" in capsys.readouterr().out


# -- exports carry it ----------------------------------------------------------------
@pytest.fixture(scope="module")
def trotsky() -> Itinerary:
    return Itinerary.from_csv(DATA / "places.csv")


def test_geojson_carries_title_licence_and_sources(trotsky: Itinerary, tmp_path: Path) -> None:
    meta = to_geojson(trotsky)["metadata"]
    assert meta["title"] == "Leon Trotsky, 1879–1940" and meta["subject"] == "Leon Trotsky"
    assert meta["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    assert NWE_URL in [s["url"] for s in meta["sources"]]
    out = tmp_path / "t.geojson"
    assert main(["export", str(DATA / "places.csv"), "-o", str(out)]) == 0
    assert json.loads(out.read_text("utf-8"))["metadata"] == meta
    import geopandas

    assert len(geopandas.read_file(out)) > 66  # the foreign member does not upset GDAL


def test_linked_places_carry_dc_terms_and_citations(trotsky: Itinerary) -> None:
    doc = to_linked_places(trotsky, base_uri="https://example.org/t/")
    assert doc["@context"][1]["dc"] == "http://purl.org/dc/terms/"
    assert doc["dc:title"] == "Leon Trotsky, 1879–1940"
    assert {"label": "New World Encyclopedia, 'Leon Trotsky'", "@id": NWE_URL} in doc["citations"]
    prinkipo = next(f for f in doc["features"] if f["@id"].endswith("/prinkipo"))
    assert any(c.get("@id") == NWE_URL and c["label"].startswith(
        "New World Encyclopedia, 'Leon Trotsky', § The Final Exile (1929–1940)")
        for c in prinkipo["citations"])
    from test_export_readers import _quads

    quads = _quads(doc)
    assert any(p == "http://purl.org/dc/terms/title" and o.startswith('"Leon Trotsky, 1879')
               for s, p, o in quads if not s.startswith("<https://example.org/t/"))
    assert any(p == "http://purl.org/spar/cito#cites" and o == f"<{NWE_URL}>"
               for _, p, o in quads)


def test_lp_tsv_title_source_is_the_cited_text(trotsky: Itinerary) -> None:
    rows = [line.split("\t") for line in to_lp_tsv(trotsky).splitlines()]
    header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert header[2:4] == ["title_source", "title_uri"]
    assert first["title_source"].startswith("New World Encyclopedia, 'Leon Trotsky', § ")
    assert first["title_uri"] == NWE_URL


def test_gpx_metadata_has_name_desc_licence_and_links(trotsky: Itinerary) -> None:
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    root = ET.fromstring(to_gpx(trotsky))
    meta = root.find("g:metadata", ns)
    assert meta is not None
    assert meta.findtext("g:name", namespaces=ns) == "Leon Trotsky, 1879–1940"
    assert meta.findtext("g:desc", namespaces=ns).startswith("Where Leon Trotsky lived")
    assert meta.findtext("g:copyright/g:license", namespaces=ns).startswith("https://creativecommons")
    assert NWE_URL in [link.get("href") for link in meta.findall("g:link", ns)]
    wpt = root.find("g:wpt", ns)
    assert NWE_URL in [link.get("href") for link in wpt.findall("g:link", ns)]
    import gpxpy

    assert gpxpy.parse(to_gpx(trotsky)).name == "Leon Trotsky, 1879–1940"


@pytest.mark.parametrize("fmt", ["geojson", "lpf", "gpx"])
def test_export_of_several_files_keeps_people_and_both_sources(
        fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"both.{fmt}"
    assert main(["export", str(DATA / "places.csv"), "--data", str(DATA / "lenin.csv"),
                 "--format", fmt, "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert NWE_URL in text and "military-history.fandom.com" in text
    assert "Vladimir Lenin, 1870–1924" in text
    if fmt == "geojson":
        people = {f["properties"].get("person") for f in json.loads(text)["features"]}
        assert people == {"Leon Trotsky", "Vladimir Lenin"}


# -- hostile metadata ----------------------------------------------------------------
HOSTILE = {
    "dc:title": "</script><script>document.title='pwned'</script>{{7*7}}",
    "dc:subject": "<img src=x onerror=alert(1)>",
    "dc:source": [{"@id": "000_69cc800d3c4b830f.txt",
                   "dc:title": "<img src=x onerror=\"document.title='pwned'\"> {{ 7*7 }}",
                   "dc:publisher": "\u2028</script>",
                   "schema:url": "javascript:alert(1)", "dc:license": "javascript:alert(2)"}],
}


def _hostile_copy(tmp_path: Path) -> Path:
    csv = tmp_path / "places.csv"
    shutil.copy(DATA / "places.csv", csv)
    meta = json.loads((DATA / "places.csv-metadata.json").read_text(encoding="utf-8"))
    meta.update(HOSTILE)
    (tmp_path / "places.csv-metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return csv


def test_hostile_metadata_renders_as_text_in_the_map(tmp_path: Path) -> None:
    csv = _hostile_copy(tmp_path)
    out = tmp_path / "m.html"
    assert main(["render", "--data", str(csv), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert block is not None
    data = json.loads(block.group(1))
    assert data["title"] == HOSTILE["dc:title"]
    texts = {c["text"] for s in data["stops"] for c in s["cites"]}
    assert any(HOSTILE["dc:source"][0]["dc:title"] in t for t in texts)
    for marker in ("<img", "{{", "</script><script>", "\u2028"):
        assert marker not in page.replace("<img src=\"data:", "")  # escaped in the JSON
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.I)
    assert "javascript:alert(1)" not in page  # the unsafe URL is dropped, not shown


def test_hostile_metadata_in_exports_is_escaped_and_unsafe_urls_dropped(tmp_path: Path) -> None:
    it = Itinerary.from_csv(_hostile_copy(tmp_path))
    assert all(s.url == "" for s in read_dataset_info([it.source]).sources)
    gpx = to_gpx(it)
    ET.fromstring(gpx)  # still well-formed XML
    assert "<img" not in gpx and "javascript:alert(1)" not in gpx
    doc = to_linked_places(it)
    assert all("@id" not in c for c in doc["citations"])
    assert to_geojson(it)["metadata"]["sources"][0]["url"] == ""


def test_map_popups_cite_titles_not_file_names() -> None:
    it = Itinerary.from_csv(DATA / "places.csv")
    page = render_html(build_map(it, title="T"))
    assert "New World Encyclopedia, 'Leon Trotsky'" in page
    assert "Childhood and family (1879–1896)" in page
