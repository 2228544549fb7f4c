"""Several lives in one run: ``render --data A --data B``, and exports that keep lives apart."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from common import HEADER, SMALL_ROWS, small_csv, write

from geo.cli import main
from geo.export import to_geojson, to_gpx
from geo.itinerary import Itinerary

ROOT = Path(__file__).resolve().parents[1]
TROTSKY, LENIN = ROOT / "data" / "places.csv", ROOT / "data" / "lenin.csv"


def story_json(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_render_two_files_puts_both_lives_on_one_page(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "two.html"
    args = ["render", "--data", str(TROTSKY), "--data", str(LENIN), "--title", "Two lives"]
    assert main([*args, "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"wrote {out} (113 stops" in err
    data = story_json(out.read_text(encoding="utf-8"))
    assert len(data["stops"]) == 113
    again = tmp_path / "again.html"
    assert main([*args, "--out", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()  # deterministic


def test_render_reports_problems_of_every_file_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.csv", small_csv([SMALL_ROWS[0].replace("47.985", "north")]))
    b = write(tmp_path / "b.csv", small_csv([SMALL_ROWS[0].replace("1879-11-07", "-0000")]))
    out = tmp_path / "map.html"
    assert main(["render", "--data", str(a), "--data", str(b), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"error: {a}, row 2, column 'lat': 'north' is not a latitude")
    assert err[1].startswith(f"error: {b}, row 2, column 'start': '-0000' is not a date")
    assert "Traceback" not in "".join(err)
    assert sorted(tmp_path.iterdir()) == [a, b]  # no page, no temporary file


def test_render_refuses_to_overwrite_any_of_its_inputs(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "a.csv", small_csv())
    b = write(tmp_path / "b.csv", small_csv())
    before = b.read_bytes()
    assert main(["render", "--data", str(a), "--data", str(b), "--out", str(b)]) == 1
    assert "is also the input file" in capsys.readouterr().err
    assert b.read_bytes() == before


def test_one_person_in_two_files_is_one_line(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    a = write(tmp_path / "trotsky.csv", small_csv())
    (tmp_path / "other").mkdir()
    b = write(tmp_path / "other" / "trotsky.csv", small_csv())
    assert main(["render", "--data", str(a), "--data", str(b), "--out",
                 str(tmp_path / "m.html")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {b}, column 'person': 'Trotsky' is also the person of {a}; each "
                   "life must come from one file (give each file its own person)"]


# -- exports of several lives -------------------------------------------------------------------
def two_lives(tmp_path: Path) -> Itinerary:
    rows = [f'"Leon Trotsky",{r}' for r in SMALL_ROWS] + [
        f'"Vladimir Lenin",{r}' for r in SMALL_ROWS[:2]]
    return Itinerary.from_csv(write(tmp_path / "two.csv", small_csv(rows, "person," + HEADER)))


def test_geojson_keeps_each_life_on_its_own_route(tmp_path: Path) -> None:
    it = two_lives(tmp_path)
    features = to_geojson(it)["features"]
    ids = [f["id"] for f in features]
    assert len(ids) == len(set(ids))  # stop numbers repeat across people; ids do not
    legs = [f for f in features if f["geometry"]["type"] != "Point"]
    assert [(f["properties"]["person"], f["properties"]["from_stop"],
             f["properties"]["to_stop"]) for f in legs] == [
        ("Leon Trotsky", 1, 2), ("Leon Trotsky", 2, 3), ("Vladimir Lenin", 1, 2)]
    assert [f["id"] for f in legs] == ["leg-leon-trotsky-1-2", "leg-leon-trotsky-2-3",
                                       "leg-vladimir-lenin-1-2"]
    assert ids[0] == "stop-leon-trotsky-1"
    # One unnamed life keeps the plain ids.
    single = to_geojson(Itinerary.from_csv(write(tmp_path / "one.csv", small_csv())))
    assert [f["id"] for f in single["features"]][:2] == ["stop-1", "stop-2"]


def test_gpx_has_a_route_per_person(tmp_path: Path) -> None:
    import gpxpy

    gpx = gpxpy.parse(to_gpx(two_lives(tmp_path)))
    assert [r.name for r in gpx.routes] == ["Leon Trotsky", "Vladimir Lenin"]
    assert [len(r.points) for r in gpx.routes] == [3, 2]
    assert len(gpx.waypoints) == 5


def test_trotsky_and_lenin_export_together(tmp_path: Path) -> None:
    both = Itinerary.from_csvs([TROTSKY, LENIN])
    combined = both.write_csv(tmp_path / "both.csv")
    assert main(["export", str(combined), "--format", "geojson", "-o",
                 str(tmp_path / "both.geojson")]) == 0
    fc = json.loads((tmp_path / "both.geojson").read_text(encoding="utf-8"))
    people = {f["properties"]["person"] for f in fc["features"]}
    assert people == {"Leon Trotsky", "Vladimir Lenin"}
