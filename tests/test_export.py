"""geo.export and `python -m geo export`: GeoJSON, Linked Places, LP-TSV and GPX.

The formats read back by the tools people load them into are in test_export_readers.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from common import small_csv, write

from geo.cli import main
from geo.export import iter_export, to_geojson, to_linked_places, write_export
from geo.itinerary import COLUMNS, Itinerary


def _from_rows(tmp_path: Path, rows: list[str]) -> Itinerary:
    return Itinerary.from_csv(write(tmp_path / "p.csv", small_csv(rows)))


def _moves(it: Itinerary) -> list[tuple[int, int]]:
    """Consecutive stops whose points differ once rounded to the 5 decimals exported."""
    pts = [(round(a, 5), round(b, 5)) for a, b in zip(it.df["lat"], it.df["lon"], strict=True)]
    stops = it.df["stop"].tolist()
    return [(stops[i], stops[i + 1]) for i in range(len(pts) - 1) if pts[i] != pts[i + 1]]


def test_geojson_points_and_legs(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    fc = to_geojson(it)
    points = [f for f in fc["features"] if f["geometry"]["type"] == "Point"]
    legs = [f for f in fc["features"] if f["geometry"]["type"] != "Point"]
    moves = _moves(it)
    assert len(points) == len(it) and len(legs) == len(moves) < len(it) - 1
    assert [(f["properties"]["from_stop"], f["properties"]["to_stop"]) for f in legs] == moves
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


def test_stays_in_one_place_make_no_leg(tmp_path: Path) -> None:
    rows = ["1,Nikolayev,Mykolaiv,UA,46.97,31.99,1896,1897,school,A,,,manual",
            "2,Nikolayev,Mykolaiv,UA,46.97,31.99,1898-01,1898-03,prison,A,,,manual",
            "3,Odessa,Odesa,UA,46.48,30.74,1898-04,1899,prison,A,,,manual",
            "4,Odessa,Odesa,UA,46.480001,30.740001,1899,1900,prison,A,,,manual"]
    it = _from_rows(tmp_path, rows)
    features = to_geojson(it)["features"]
    assert [f["id"] for f in features if f["geometry"]["type"] != "Point"] == ["leg-2-3"]
    assert len(to_geojson(it, legs=False)["features"]) == 4


def test_geojson_splits_antimeridian(tmp_path: Path) -> None:
    rows = ["1,Tokyo,,JP,35.69,139.69,1920,,travel,Trip,,,manual",
            "2,San Francisco,,US,37.77,-122.42,1921,,travel,Trip,,,manual"]
    it = _from_rows(tmp_path, rows)
    leg = to_geojson(it)["features"][-1]["geometry"]
    assert leg["type"] == "MultiLineString"
    assert all(-180 <= x <= 180 for part in leg["coordinates"] for x, _ in part)


def test_linked_places_merge_repeat_stays(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    lpf = to_linked_places(it)
    assert lpf["@context"][0].endswith("linkedplaces-context-v1.1.jsonld")
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


@pytest.mark.parametrize("fmt", ["geojson", "lpf", "lpf-tsv", "gpx"])
def test_write_export_is_deterministic(fmt: str, tmp_path: Path, places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    a = write_export(it, tmp_path / "a", fmt).read_bytes()
    b = write_export(Itinerary.from_csv(places_csv), tmp_path / "b", fmt).read_bytes()
    assert a == b == "".join(iter_export(it, fmt)).encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]  # no temporary file left


def test_streamed_json_is_the_document(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    assert json.loads("".join(iter_export(it, "geojson"))) == to_geojson(it)
    assert json.loads("".join(iter_export(it, "lpf"))) == to_linked_places(it)
    with pytest.raises(ValueError, match="format"):
        iter_export(it, "kml")


def test_linked_places_ids_from_base_uri(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    ids = [f["@id"] for f in to_linked_places(it)["features"]]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("urn:geostory:places:") for i in ids)
    assert "urn:geostory:places:prinkipo" in ids
    web = to_linked_places(it, base_uri="https://example.org/trotsky")["features"]
    assert web[0]["@id"] == "https://example.org/trotsky/yanovka"
    for bad in ("places/", "not a uri", "https://example.org/{x}", ""):
        with pytest.raises(ValueError, match="not an absolute URI"):
            to_linked_places(it, base_uri=bad)


def test_linked_places_slug_ids_are_unique(tmp_path: Path) -> None:
    rows = ["1,Moscow,,RU,55.75,37.62,1900,,prison,A,,,manual",
            "2,Moscow,,RU,55.80,37.50,1901,,prison,A,,,manual",
            "3,Москва,,RU,55.75,37.62,1902,,prison,A,,,manual",
            "4,Moscow,,RU,55.75,37.62,1903,,prison,A,,,manual"]
    it = _from_rows(tmp_path, rows)
    features = to_linked_places(it, base_uri="urn:x:")["features"]
    assert [f["@id"] for f in features] == ["urn:x:moscow", "urn:x:moscow-2",
                                                  "urn:x:%D0%BC%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"]
    assert len(features[0]["when"]["timespans"]) == 2


def test_cli_export(tmp_path: Path, places_csv: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "places.geojson"
    assert main(["export", str(places_csv), "--format", "geojson", "-o", str(out)]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert "wrote" in capsys.readouterr().err
    assert main(["export", str(places_csv), "--format", "lpf",
                 "--base-uri", "https://example.org/t/"]) == 0
    lpf = json.loads(capsys.readouterr().out)
    assert lpf["@context"] and lpf["features"][0]["@id"].startswith("https://example.org/t/")
    assert main(["export", str(places_csv), "--format", "gpx"]) == 0
    assert capsys.readouterr().out.startswith("<?xml")


def test_cli_export_bad_base_uri_and_folder(tmp_path: Path, places_csv: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.lpf.json"
    assert main(["export", str(places_csv), "--format", "lpf", "--base-uri", "no scheme",
                 "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'no scheme'" in err[0] and not out.exists()
    assert main(["export", str(places_csv), "-o", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(tmp_path) in err[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_export_bad_input_writes_nothing(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path / "bad.csv", small_csv().replace("47.985", "123"))
    out = tmp_path / "out.geojson"
    assert main(["export", str(bad), "-o", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "row 2" in err[0] and "'123'" in err[0]
    assert not out.exists()
