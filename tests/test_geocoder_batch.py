"""Batch geocoding: rows are independent unless the user asks for context (issue 9 item 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from geo.cli import main
from geo.places.geocoder import HistoricalGeocoder, geocode_rows


@pytest.fixture(scope="module")
def geocoder() -> HistoricalGeocoder:
    return HistoricalGeocoder()


def _countries(rows: list[dict[str, str]], geocoder: HistoricalGeocoder,
               **kwargs: object) -> list[str]:
    out, _ = geocode_rows(geocoder, rows, **kwargs)  # type: ignore[arg-type]
    found = [geocoder.geocode(r["place"], exactly_one=True) for r in rows]  # for names only
    assert len(found) == len(out)
    by_source = {}
    for r in out:
        loc = geocoder.geocode(r["place"], exactly_one=False, limit=50) or []
        by_source[r["place"]] = {x.raw["source"]: x.raw["country"] for x in loc}
    return [by_source[r["place"]].get(r["geo_source"], "?") for r in out]


# A journey the rows do not describe: an American region, then three European capitals
# whose namesakes sit in North America. Chained, each wrong row would pull the next one.
MISLEADING = ["New England", "Geneva", "London", "Paris"]


def test_rows_are_independent_by_default(geocoder: HistoricalGeocoder) -> None:
    rows = [{"place": name} for name in MISLEADING]
    assert _countries(rows, geocoder) == ["US", "CH", "GB", "FR"]


def test_row_order_does_not_change_a_row(geocoder: HistoricalGeocoder) -> None:
    rows = [{"place": name} for name in MISLEADING]
    forward, _ = geocode_rows(geocoder, rows)
    backward, _ = geocode_rows(geocoder, rows[::-1])
    assert forward == backward[::-1]


def test_chain_is_opt_in_and_uses_the_previous_point(geocoder: HistoricalGeocoder) -> None:
    rows = [{"place": "Toronto"}, {"place": "Halifax"}]
    chained, _ = geocode_rows(geocoder, rows, chain=True)
    assert chained[1]["geo_source"] == "geonames:6324729"  # Nova Scotia, after Toronto
    rows = [{"place": "Leeds"}, {"place": "Halifax"}]
    chained, _ = geocode_rows(geocoder, rows, chain=True)
    assert _countries(rows, geocoder, chain=True)[1] == "GB"


def test_context_column_qualifies_each_row(geocoder: HistoricalGeocoder) -> None:
    rows = [{"place": "Paris", "where": "Texas"}, {"place": "Paris", "where": ""},
            {"place": "Salem", "where": "Massachusetts"}]
    assert _countries(rows, geocoder, context_column="where") == ["US", "FR", "US"]
    out, _ = geocode_rows(geocoder, rows, context_column="where")
    paris_tx = geocoder.geocode("Paris, Texas")
    assert out[0]["geo_source"] == paris_tx.raw["source"]
    assert paris_tx.raw["admin1"] == "TX"


def test_admin1_column_is_a_qualifier(geocoder: HistoricalGeocoder) -> None:
    rows = [{"place": "Cambridge", "admin1": "Massachusetts"}, {"place": "Cambridge",
                                                                  "admin1": ""}]
    out, _ = geocode_rows(geocoder, rows)
    first = geocoder.geocode("Cambridge, Massachusetts")
    assert out[0]["geo_source"] == first.raw["source"] and first.raw["admin1"] == "MA"
    assert _countries(rows, geocoder)[1] == "GB"


def test_cli_chain_and_context_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    src = tmp_path / "in.csv"
    src.write_text("place,state\nNew England,\nGeneva,\nParis,Texas\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["geocode", "--csv", str(src), "--context-column", "state", "-o",
                 str(out)]) == 0
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert float(rows[1]["lon"]) == pytest.approx(6.15, abs=0.1)   # Geneva, Switzerland
    assert float(rows[2]["lon"]) == pytest.approx(-95.56, abs=0.1)  # Paris, Texas
    assert main(["geocode", "--csv", str(src), "--context-column", "nope"]) == 1
    assert "no column 'nope' (columns: place, state)" in capsys.readouterr().err
    assert main(["geocode", "--csv", str(src), "--chain", "-o", str(out)]) == 0
