"""Fill ``lat``, ``lon`` and ``geo_source`` of an itinerary CSV with the historical geocoder.

Each row's ``place`` (the name the story uses: Petrograd, Prinkipo) is geocoded offline with
its row's context: its ``country``, the year its ``start`` begins with, and the previous
row's point. Rows whose ``geo_source`` is ``manual`` keep their reviewed point (their
``source`` says why). Only ``lat``, ``lon`` and ``geo_source`` change; the file is rewritten
atomically and stays byte-identical when nothing changes.

Usage: ``python scripts/fill_coordinates.py [data/places.csv]``; exit 1 if a row is not found.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geo._io import write_text_atomic
from geo.places.geocoder import HistoricalGeocoder, geocode_rows


def main(path: str = "data/places.csv") -> int:
    """Fill the file's coordinates; returns the exit code."""
    text = Path(path).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    fields = list(reader.fieldnames or [])
    rows = list(reader)
    filled, misses = geocode_rows(HistoricalGeocoder(), rows, "place", source=path)
    for before, after in zip(rows, filled, strict=True):
        # Only the three geocoder columns may change: everything else is the editors'.
        assert {k: v for k, v in before.items() if k not in ("lat", "lon", "geo_source")} == \
            {k: v for k, v in after.items() if k not in ("lat", "lon", "geo_source")}
        if (before["geo_source"] == after["geo_source"] and after["lat"]
                and float(before["lat"] or "nan") == float(after["lat"])
                and float(before["lon"] or "nan") == float(after["lon"])):
            # Same point: keep the text as it was (no churn from number formatting).
            after.update(lat=before["lat"], lon=before["lon"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(filled)
    if out.getvalue() != text:
        write_text_atomic(path, out.getvalue())
    for lineno, name in misses:
        print(f"{path}: row {lineno}: {name!r} not found; fill it by hand (geo_source manual) "
              "or add an alias to geo/places/data/aliases.csv", file=sys.stderr)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
