"""geo.export and `python -m geo export`: GeoJSON and Linked Places Format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from common import small_csv, write

from geo.cli import main
from geo.export import to_geojson, to_linked_places, write_export
from geo.itinerary import COLUMNS, Itinerary


def test_geojson_points_and_legs(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    fc = to_geojson(it)
    points = [f for f in fc["features"] if f["geometry"]["type"] == "Point"]
    legs = [f for f in fc["features"] if f["geometry"]["type"] != "Point"]
    assert len(points) == len(it) and len(legs) == len(it) - 1
    first = points[0]
    assert set(COLUMNS) - {"lat", "lon"} <= set(first["properties"])
    assert first["properties"]["dates"] == "7 Nov 1879 – c. 1888"
    lon, lat = first["geometry"]["coordinates"]
    assert (lat, lon) == (round(it.df.loc[0, "lat"], 5), round(it.df.loc[0, "lon"], 5))
    assert legs[0]["properties"]["from_stop"] == 1 and legs[0]["properties"]["to_stop"] == 2
    assert legs[0]["properties"]["length_km"] > 100
    # Legs are densified geodesics, not straight two-point lines.
    long_leg = max(legs, key=lambda f: f["properties"]["length_km"])
    assert len(long_leg["geometry"]["coordinates"]) > 20


def test_geojson_splits_antimeridian(tmp_path: Path) -> None:
    rows = ["1,Tokyo,,JP,35.69,139.69,1920,,travel,Trip,,,manual",
            "2,San Francisco,,US,37.77,-122.42,1921,,travel,Trip,,,manual"]
    it = Itinerary.from_csv(write(tmp_path / "p.csv", small_csv(rows)))
    leg = to_geojson(it)["features"][-1]["geometry"]
    assert leg["type"] == "MultiLineString"
    assert all(-180 <= x <= 180 for part in leg["coordinates"] for x, _ in part)


def test_linked_places_merge_repeat_stays(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    lpf = to_linked_places(it)
    assert lpf["@context"].endswith("linkedplaces-context-v1.1.jsonld")
    titles = [f["properties"]["title"] for f in lpf["features"]]
    assert len(titles) == len(set(zip(it.df["place"], it.df["lat"].round(5),
                                      it.df["lon"].round(5), strict=False)))
    prinkipo = next(f for f in lpf["features"] if f["properties"]["title"] == "Prinkipo")
    assert len(prinkipo["when"]["timespans"]) == 2
    assert {n["toponym"] for n in prinkipo["names"]} == {"Prinkipo", "Büyükada"}
    assert prinkipo["properties"]["ccodes"] == ["TR"]
    birth = lpf["features"][0]["when"]["timespans"][0]
    assert birth["start"] == {"in": "1879-11-07"}
    assert birth["end"] == {"earliest": "1888-01-01", "latest": "1888-12-31"}


def test_write_export_is_deterministic(tmp_path: Path, places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    a = write_export(it, tmp_path / "a.geojson")
    b = write_export(it, tmp_path / "b.geojson")
    assert a == b == (tmp_path / "a.geojson").read_text(encoding="utf-8")
    json.loads(a)
    with pytest.raises(ValueError, match="format"):
        write_export(it, None, "kml")


def test_cli_export(tmp_path: Path, places_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "places.geojson"
    assert main(["export", str(places_csv), "--format", "geojson", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert main(["export", str(places_csv), "--format", "lpf"]) == 0
    assert json.loads(capsys.readouterr().out)["@context"]


def test_cli_export_bad_input_writes_nothing(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.csv", small_csv().replace("47.985", "123"))
    out = tmp_path / "out.geojson"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "row 2" in err[0] and "'123'" in err[0]
    assert not out.exists()
