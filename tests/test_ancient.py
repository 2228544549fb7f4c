"""Lives before year 1: a BC itinerary validates, sorts, labels, exports and renders.

EDTF numbers years astronomically (``0000`` is 1 BC, ``-0043`` is 44 BC). The Caesar
itinerary in ``data/caesar.csv`` is the example; the small frames here are the edge cases.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import gpxpy
import pandas as pd
import pytest
from common import write
from test_export_readers import LPO, _quads  # the JSON-LD reader set up there

from geo.cli import main
from geo.export import to_gpx, to_linked_places, to_lp_tsv, write_export
from geo.itinerary import Itinerary

ROOT = Path(__file__).resolve().parents[1]
CAESAR = ROOT / "data" / "caesar.csv"
HEADER = "stop,place,country,lat,lon,start,end,kind,period"
#: Across the year 0 (1 BC): 2 BC, 1 BC, AD 1, AD 14, with a day before and after.
ACROSS_ZERO = [
    "1,Rome,IT,41.89,12.51,-0001-09-23,-0001-12,birth,Youth",
    "2,Rome,IT,41.89,12.51,0000,0000,residence,Youth",
    "3,Nola,IT,40.93,14.53,0001-01-01,0014-08-19,residence,Old age",
    "4,Nola,IT,40.93,14.53,0014-08-19,,death,Old age",
]


def across_zero(tmp_path: Path) -> Itinerary:
    return Itinerary.from_csv(write(tmp_path / "augustus.csv",
                                    "\n".join([HEADER, *ACROSS_ZERO]) + "\n"))


def test_caesar_validates_in_time_order_with_bc_labels() -> None:
    it = Itinerary.from_csv(CAESAR)
    assert repr(it) == "Itinerary(23 stops, 100–44 BC, 4 periods)"
    labels = it.get_date_labels()
    assert labels[0] == "100 BC – 82 BC" and labels[-1] == "Mar 44 BC"
    assert "c. 49 BC" in labels  # the Rubicon, approximate
    starts = it.get_start_dates()
    assert all(b.latest() >= a.earliest() for a, b in itertools.pairwise(starts))
    assert [(p.name, p.label) for p in it.get_periods()] == [
        ("Youth and early career", "100–59 BC"), ("Gallic War", "58–52 BC"),
        ("Civil war", "49–45 BC"), ("Dictator", "45–44 BC")]
    assert it.between_years(-48, -46).df["place"].tolist() == [
        "Rubicon", "Massilia", "Pharsalus", "Alexandria", "Zela"]


def test_a_life_across_year_zero(tmp_path: Path) -> None:
    it = across_zero(tmp_path)
    assert repr(it) == "Itinerary(4 stops, 2 BC – AD 14, 2 periods)"
    assert it.get_date_labels() == ["23 Sep 2 BC – Dec 2 BC", "1 BC", "1 Jan 1 – 19 Aug 14",
                                    "19 Aug 14"]
    assert [p.label for p in it.get_periods()] == ["2–1 BC", "1–14"]
    first, last = it.get_time_span()
    assert (first.text, last.text) == ("-0001-09-23", "0014-08-19")


def test_bad_bc_dates_name_row_and_value(tmp_path: Path) -> None:
    rows = [ACROSS_ZERO[0].replace("-0001-09-23", "-0000"),
            ACROSS_ZERO[1].replace("0000,0000", "-0043-02-29,"),
            ACROSS_ZERO[2].replace("0001-01-01", "-43")]
    path = write(tmp_path / "bad.csv", "\n".join([HEADER, *rows]) + "\n")
    with pytest.raises(ValueError) as info:
        Itinerary.from_csv(path)
    lines = str(info.value).splitlines()
    assert lines == [
        f"{path}, row 2, column 'start': '-0000' is not a date: year zero has no sign; write "
        "0000 (1 BC)",
        f"{path}, row 3, column 'start': '-0043-02-29' is not a date: -0043-02 has no day 29",
        f"{path}, row 4, column 'start': '-43' is not a date: expected an EDTF date such as "
        "1879-11-07, 1902-08, 1902-22 (summer), 1929, 193X or -0043 (44 BC), optionally "
        "ending in ~ (approximate), ? (uncertain) or % (both)",
    ]


def test_geojson_of_bc_stops_reads_in_geopandas(tmp_path: Path) -> None:
    it = Itinerary.from_csv(CAESAR)
    out = write_export(it, tmp_path / "caesar.geojson", "geojson")
    frame = gpd.read_file(out)
    points = frame[frame.geometry.geom_type == "Point"]
    assert len(points) == 23 and frame.geometry.is_valid.all()
    assert points["start"].tolist()[:2] == ["-0099", "-0080"]  # text, as EDTF writes it
    assert points["dates"].tolist() == it.get_date_labels()


def test_linked_places_timespans_are_iso_years_before_zero() -> None:
    doc = to_linked_places(Itinerary.from_csv(CAESAR))
    rome = next(f for f in doc["features"] if f["properties"]["title"] == "Rome")
    spans = rome["when"]["timespans"]
    assert spans[0]["start"] == {"earliest": "-0099-01-01", "latest": "-0099-12-31"}
    assert spans[-1]["start"] == {"earliest": "-0043-03-01", "latest": "-0043-03-31"}
    # Still Linked Places as JSON-LD: the BC days are literals of the graph.
    quads = _quads(doc)
    assert '"-0043-03-01"' in {o for _, p, o in quads if p == f"{LPO}earliest"}


def test_lp_tsv_and_gpx_of_bc_stops(tmp_path: Path) -> None:
    it = Itinerary.from_csv(CAESAR)
    path = tmp_path / "caesar.tsv"
    path.write_text(to_lp_tsv(it), encoding="utf-8")
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    rome = table[table["title"] == "Rome"].iloc[0]
    assert (rome["start"], rome["end"]) == ("-0099", "-0043-03")
    # GPX times are instants of the common era: BC waypoints keep their dates as text only.
    gpx = gpxpy.parse(to_gpx(it))
    assert [w.time for w in gpx.waypoints] == [None] * 23
    assert [w.comment for w in gpx.waypoints] == it.get_date_labels()


def test_cli_validates_exports_and_renders_a_bc_life(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(CAESAR)]) == 0
    out = capsys.readouterr().out
    assert "Itinerary(23 stops, 100–44 BC, 4 periods)" in out
    assert "100–59 BC  Youth and early career" in out
    for fmt in ("geojson", "lpf", "lpf-tsv", "gpx"):
        assert main(["export", str(CAESAR), "--format", fmt, "-o", str(tmp_path / fmt)]) == 0
    page = tmp_path / "caesar.html"
    assert main(["render", "--data", str(CAESAR), "--out", str(page)]) == 0
    assert "<title>Julius Caesar, 100–44 BC</title>" in page.read_text(encoding="utf-8")
