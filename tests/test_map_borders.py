"""Historical borders (issue 11, item 5): reading the user's snapshots, and the page's data.

Every snapshot here is made in ``tmp_path``: real historical-basemaps files are GPL and never
part of the repository.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from test_security import PAYLOADS

from geo.cli import main
from geo.dates import Day
from geo.itinerary import Itinerary
from geo.map import build_map, render_html
from geo.map.borders import (
    GRID_DECIMALS,
    BordersError,
    BorderSnapshot,
    get_borders_data,
    read_borders,
    snapshots_in_force,
    year_from_name,
)

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"


def square(x0: float, y0: float, x1: float, y1: float) -> dict[str, Any]:
    return {"type": "Polygon",
            "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]}


def collection(*features: tuple[str, dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NAME": name, **extra}, "geometry": g}
        for name, g in features]}


def write(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "borders"
    d.mkdir()
    write(d / "world_1900.geojson", collection(("Russian Empire", square(20, 40, 60, 70))))
    write(d / "world_1920.geojson", collection(("Soviet Russia", square(25, 40, 60, 70))))
    (d / "attribution.txt").write_text("Tiny test borders\nsecond line ignored\n")
    (d / "README.md").write_text("not a snapshot")
    return d


@pytest.mark.parametrize(("stem", "year"), [
    ("world_1914", 1914), ("1880", 1880), ("world_bc500", -499), ("BC1", 0),
    ("historical_1492_europe", 1492), ("europe", None), ("", None)])
def test_year_from_name(stem: str, year: int | None) -> None:
    assert year_from_name(stem) == year


def test_folder_of_snapshots(folder: Path) -> None:
    snaps = read_borders(folder)
    assert [s.year for s in snaps] == [1900, 1920]
    assert [f.name for f in snaps[0].features] == ["Russian Empire"]
    assert {s.attribution for s in snaps} == {"Tiny test borders"}
    # A sidecar of one snapshot wins over the folder's; the option wins over both.
    (folder / "world_1920.attribution.txt").write_text("Other source")
    assert [s.attribution for s in read_borders(folder)] == ["Tiny test borders",
                                                             "Other source"]
    assert {s.attribution for s in read_borders(folder, attribution=" CLI ")} == {"CLI"}


def test_one_file_with_a_year_property(tmp_path: Path) -> None:
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A", "year": 1900},
         "geometry": square(0, 0, 1, 1)},
        {"type": "Feature", "properties": {"name": "B", "year": "1900"},
         "geometry": square(2, 0, 3, 1)},
        {"type": "Feature", "properties": {"name": "C", "year": -43},
         "geometry": square(0, 0, 3, 1)}]}
    snaps = read_borders(write(tmp_path / "all.geojson", doc))
    assert [(s.year, [f.name for f in s.features]) for s in snaps] == [
        (-43, ["C"]), (1900, ["A", "B"])]


def test_topojson_quantized_and_plain(tmp_path: Path) -> None:
    # Two squares sharing one edge (arc 1), quantized with a transform.
    topo = {"type": "Topology", "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
            "arcs": [[[2, 0], [-2, 0], [0, 2], [2, 0]],  # (11,20) (10,20) (10,21) (11,21)
                     [[2, 2], [0, -2]],                  # (11,21) -> (11,20): shared edge
                     [[2, 0], [2, 0], [0, 2], [-2, 0]]],  # (11,20) (12,20) (12,21) (11,21)
            "objects": {"states": {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "West"}},
                {"type": "Polygon", "arcs": [[2, ~1]], "properties": {"name": "East"}},
                {"type": None, "properties": {"name": "Nothing"}}]}}}
    snaps = read_borders(write(tmp_path / "1880.topojson", topo))
    assert [s.year for s in snaps] == [1880]
    west, east = snaps[0].features  # the empty geometry is left out
    assert (west.name, east.name) == ("West", "East")
    assert west.geometry.bounds == (10, 20, 11, 21) and west.geometry.area == 1
    assert east.geometry.bounds == (11, 20, 12, 21) and east.geometry.is_valid
    plain = {"type": "Topology", "arcs": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]],
             "objects": {"x": {"type": "Polygon", "arcs": [[0]], "properties": {}}}}
    snap, = read_borders(write(tmp_path / "world_bc500.json", plain))
    assert snap.year == -499 and snap.features[0].geometry.area == 16


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("world_1900.geojson", "{not json", "not JSON (Expecting property name"),
    ("world_1900.geojson", '{"type": "Banana"}', "type 'Banana' is not GeoJSON or TopoJSON"),
    ("world_1900.geojson", "[1, 2]", "type 'list' is not GeoJSON"),
    ("europe.geojson", json.dumps(collection(("A", square(0, 0, 1, 1)))), "no year"),
    ("world_1900.geojson", json.dumps(collection(("A", square(0, 0, 500000, 400000)))),
     "are not longitude and latitude"),
    ("all.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"year": 1900}, "geometry": square(0, 0, 1, 1)},
        {"type": "Feature", "properties": {}, "geometry": square(0, 0, 1, 1)}]}),
     "feature 1 has no 'year' property"),
    ("all.geojson", json.dumps(collection(("A", square(0, 0, 1, 1)), year="c. 1900")),
     "year 'c. 1900' is not a whole number"),
    ("world_1900.topojson", '{"type": "Topology", "arcs": [], "objects": {"x": '
     '{"type": "Polygon", "arcs": [[5]]}}}', "not a TopoJSON topology"),
])
def test_bad_single_files_name_file_and_value(tmp_path: Path, name: str, content: str,
                                             expected: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BordersError) as e:
        read_borders(path)
    assert str(e.value).startswith(str(path) + ": ")
    assert expected in str(e.value)
    assert "\n" not in str(e.value)


def test_bad_folders(tmp_path: Path, folder: Path) -> None:
    with pytest.raises(BordersError, match="no such file or folder"):
        read_borders(tmp_path / "missing")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BordersError, match=r"no .*geojson.* files in this folder"):
        read_borders(empty)
    write(folder / "europe.geojson", collection())
    with pytest.raises(BordersError, match=r"europe.geojson: no year in the file name"):
        read_borders(folder)
    (folder / "europe.geojson").unlink()
    write(folder / "1900.topojson", {"type": "Topology", "arcs": [], "objects": {}})
    with pytest.raises(BordersError, match="year 1900 is also the year of"):
        read_borders(folder)


def test_snapshots_in_force() -> None:
    snaps = [BorderSnapshot(y, (), "", "") for y in (1800, 1900, 1920, 1950)]
    day = lambda y: Day(y, 1, 1).toordinal()  # noqa: E731
    assert [s.year for s in snapshots_in_force(snaps, day(1879), day(1940))] == [1800, 1900,
                                                                                  1920]
    assert [s.year for s in snapshots_in_force(snaps, day(1900), day(1901))] == [1900]
    assert [s.year for s in snapshots_in_force(snaps, day(1700), day(1750))] == []
    assert [s.year for s in snapshots_in_force(snaps, day(1990), day(2000))] == [1950]


def test_page_data_is_simplified_rounded_and_names_the_stops_polity(tmp_path: Path) -> None:
    # A coastline of 2,000 points with sub-kilometre wiggles, and a far-away island.
    wiggly = [[30 + 20 * k / 2000, 50 + 0.001 * math.sin(k)] for k in range(2001)]
    ring = [*wiggly, [50, 70], [30, 70], wiggly[0]]
    doc = collection(("Russian Empire", {"type": "Polygon", "coordinates": [ring]}),
                     ("Island", square(-30, -10, -29, -9)))
    snaps = read_borders(write(tmp_path / "world_1900.geojson", doc))
    stops = [{"lat": 60.0, "lon": 40.0, "a": Day(1905, 1, 1).toordinal(),
              "d": Day(1906, 1, 1).toordinal()},
             {"lat": 0.0, "lon": 0.0, "a": Day(1906, 1, 1).toordinal(),
              "d": Day(1907, 1, 1).toordinal()}]
    data = get_borders_data(snaps, stops)
    snap, = data["snapshots"]
    assert (snap["year"], snap["label"], snap["day"]) == (1900, "borders c. 1900",
                                                          Day(1900, 1, 1).toordinal())
    assert snap["names"] == ["Russian Empire", "Island"]
    assert snap["at"] == [[0, 0]]  # the first stop lies in the empire, the second at sea
    outline = snap["features"][0]["coordinates"][0][0]
    assert len(outline) < 20  # the wiggles are gone
    for lon, lat in outline:
        assert round(lon, GRID_DECIMALS) == lon and round(lat, GRID_DECIMALS) == lat
    assert data["fromLabel"] == "no borders before 1900"


def _page(tmp_path: Path, folder: Path, *extra: str) -> str:
    out = tmp_path / "page.html"
    assert main(["render", "--data", str(PLACES), "--out", str(out), "--borders",
                 str(folder), *extra]) == 0
    return out.read_text(encoding="utf-8")


def test_render_carries_only_snapshots_in_force(tmp_path: Path, folder: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    write(folder / "world_1700.geojson", collection(("Old", square(0, 0, 1, 1))))
    write(folder / "world_1800.geojson", collection(("Older", square(0, 0, 1, 1))))
    write(folder / "world_2000.geojson", collection(("Later", square(0, 0, 1, 1))))
    page = _page(tmp_path, folder)
    assert "5 border snapshots read" in capsys.readouterr().err
    block = page.split('id="gs-borders-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    # 1800 is in force when the story begins (1879); 1700 and 2000 never are.
    assert [s["year"] for s in data["snapshots"]] == [1800, 1900, 1920]
    assert "GeoStory.borders(" in page
    # The same input gives the same bytes.
    assert _page(tmp_path, folder) == page


def test_hostile_names_and_attribution_stay_data(tmp_path: Path, folder: Path) -> None:
    names = list(PAYLOADS.values())
    write(folder / "world_1900.geojson",
          collection(*[(n, square(20 + i, 40, 21 + i, 41)) for i, n in enumerate(names)]))
    page = _page(tmp_path, folder, "--borders-attribution", PAYLOADS["script end"])
    body = page.split("<body", 1)[1]
    for marker in ("{{", "{%", "{#", "<img src", "<svg onload", "</script><script>doc",
                   "<!-- <script>"):
        assert marker not in body, marker
    block = page.split('id="gs-borders-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(block)
    assert data["snapshots"][0]["names"] == names
    assert data["snapshots"][0]["attribution"] == PAYLOADS["script end"]


@pytest.mark.parametrize(("case", "expected"), [
    ("missing", "missing: no such file or folder"),
    ("not json", "world_1900.geojson: not JSON"),
    ("no year", "nameless.geojson: no year in the file name"),
])
def test_cli_bad_borders_one_line_exit_1_nothing_written(
        tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str],
        case: str, expected: str) -> None:
    path = folder / "missing" if case == "missing" else folder
    if case == "not json":
        (folder / "world_1900.geojson").write_text("<html>", encoding="utf-8")
    if case == "no year":
        write(folder / "nameless.geojson", collection())
    out = tmp_path / "page.html"
    code = main(["render", "--data", str(PLACES), "--out", str(out), "--borders", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert not out.exists()
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], err
    assert "Traceback" not in err


def test_build_map_without_borders_has_no_borders_code() -> None:
    page = render_html(build_map(Itinerary.from_csv(PLACES)))
    assert "gs-borders" not in page and "GeoStory.borders" not in page
