"""Peak memory of rendering and exporting a big itinerary, beside the Trotsky baseline.

Builds a synthetic itinerary of 50,000 stays whose legs are long (each stop is a random
point between 60° S and 70° N, so a leg averages about 9,000 km and many cross an ocean or
the antimeridian), then runs, each in a child process of its own:

* ``python render.py --data BIG.csv --out BIG.html`` (the story map), and
* ``python -m geo export BIG.csv --format geojson -o BIG.geojson``,

and the same two commands on ``data/places.csv`` (Trotsky, 66 stops). It prints the peak
resident set size of every child (``ru_maxrss`` from ``os.wait4``), the wall time, the
output size and the ratio to the 1 GB target, side by side in one run.

Run: ``python bench/bench_memory.py`` (``--stops N`` for another size, ``--keep DIR`` to
keep the files). Takes about a minute on two cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from geo.itinerary import KINDS, Itinerary  # noqa: E402

TARGET_MB = 1024.0  # issue 8 item 9: render and export of 50,000 stops within 1 GB
TROTSKY = ROOT / "data" / "places.csv"


def long_leg_itinerary(n: int, seed: int = 13) -> Itinerary:
    """``n`` stays at random points of the inhabited latitudes, one to sixty days apart."""
    rng = random.Random(seed)
    day = dt.date(1800, 1, 1)
    rows = []
    for i in range(n):
        start = day
        day += dt.timedelta(days=rng.randint(1, 60))
        rows.append({
            "stop": i + 1, "place": f"Place {i + 1}", "modern_name": f"Town {i + 1}",
            "country": "", "lat": round(rng.uniform(-60.0, 70.0), 5),
            "lon": round(rng.uniform(-180.0, 180.0), 5),
            "start": start.isoformat(), "end": day.isoformat(),
            "kind": KINDS[i % len(KINDS)], "period": f"Chapter {i // 500 + 1}",
            "summary": f"Synthetic stay number {i + 1}, far from the one before.",
            "source": "bench", "geo_source": "manual",
        })
    return Itinerary(pd.DataFrame(rows), source=f"long-legs-{n}")


def peak_rss(argv: list[str]) -> tuple[float, float]:
    """Run ``argv`` in a child; return (peak RSS in MB, wall seconds). Fails loudly."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err.decode()}")
    return usage.ru_maxrss / 1024.0, seconds  # ru_maxrss is in KiB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="folder to keep the generated files in")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        big = folder / f"long-legs-{args.stops}.csv"
        long_leg_itinerary(args.stops).write_csv(big)
        cases = [("Trotsky", TROTSKY, 66), (f"{args.stops:,} long legs", big, args.stops)]
        py = sys.executable
        print(f"{'itinerary':<20} {'job':<8} {'peak RSS':>10} {'/ 1 GB':>7} {'time':>8} "
              f"{'output':>10}")
        for label, csv, _ in cases:
            stem = folder / csv.stem
            jobs = [("render", [py, "render.py", "--data", str(csv), "--out",
                                f"{stem}.html"], Path(f"{stem}.html")),
                    ("geojson", [py, "-m", "geo", "export", str(csv), "--format", "geojson",
                                 "-o", f"{stem}.geojson"], Path(f"{stem}.geojson"))]
            for job, cmd, out in jobs:
                mb, seconds = peak_rss(cmd)
                size = out.stat().st_size / 1e6
                print(f"{label:<20} {job:<8} {mb:>7.0f} MB {mb / TARGET_MB:>7.2f} "
                      f"{seconds:>6.1f} s {size:>7.1f} MB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
