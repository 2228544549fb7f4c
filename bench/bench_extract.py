"""Extractor vs baselines on both seeds, side by side in one run.

Usage: ``python bench/bench_extract.py [SEED_DIR]`` (default ``../shared/seeds``).

Systems, each scored with :func:`geo.evaluate.evaluate_frames` against ``bench/gold``:

- ``ours``: :func:`geo.extract.extract` with the default word-scan matcher.
- ``ours-automaton``: the same with the pyahocorasick matcher (speed only; same output).
- ``gazetteer-only``: our recognition with the visit classifier switched off (every kept
  place mention is a visit) - what the classifier buys (the ablation).
- ``geotext+pop``: every ``geotext`` city mention, geocoded to the most populous gazetteer
  match, dated by the last year written before it, consecutive repeats merged.
- spaCy NER is not run: the package list shows only unofficial re-uploads of an English
  model on PyPI; none was installed or tried, so it is reported as not available.

The invented biographies in ``tests/data/synthetic*`` are scored too (F1 only).

Speed is MB/s of text on one core with the gazetteer and matcher already loaded, best of five
runs, measured as CPU time of this process (``time.process_time``: on a shared, noisy machine
wall-clock time also counts the time other jobs held the core) and, for comparison, as
wall-clock time; the first (cold) run's CPU-time speed is in brackets. The one-off loads are
printed separately.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluate import Score, evaluate_frames  # noqa: E402
from geo.extract import extract  # noqa: E402
from geo.itinerary import Itinerary  # noqa: E402
from geo.places.names import PlaceIndex, default_index, tokenize  # noqa: E402
from geo.text.pipeline import _matcher_for  # noqa: E402

SEEDS = ["000_69cc800d3c4b830f", "002_0e97a1d2e69cb4e7"]


def geotext_baseline(text: str, index: PlaceIndex) -> pd.DataFrame:
    """geotext city mentions -> most populous match, dated by the running year."""
    from geotext import GeoText

    rows = []
    pos = 0
    for name in GeoText(text).cities:
        m = re.search(r"\b" + re.escape(name) + r"\b", text[pos:])
        at = pos + m.start() if m else pos
        pos = at + len(name) if m else pos
        years = re.findall(r"(?<![0-9])(1[5-9][0-9]{2}|20[0-4][0-9])(?![0-9])", text[:at])
        if not years:
            continue
        places = index.candidates(" ".join(tokenize(name).key))
        if not places:
            continue
        p = max(places, key=lambda p: (p.population, p.source))
        if rows and rows[-1]["src"] == p.source:
            continue
        rows.append({"src": p.source, "place": name, "lat": p.lat, "lon": p.lon,
                     "start": years[-1], "end": "", "kind": "travel"})
    frame = pd.DataFrame(rows, columns=["src", "place", "lat", "lon", "start", "end", "kind"])
    frame.insert(0, "stop", range(1, len(frame) + 1))
    return frame


def _timed(fn: Callable[[str], pd.DataFrame], text: str, repeat: int
           ) -> tuple[pd.DataFrame, float, float, float]:
    """Output, best CPU seconds, first CPU seconds, best wall-clock seconds."""
    cpu = []
    wall = []
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        c = time.process_time()
        out = fn(text)
        cpu.append(max(time.process_time() - c, 1e-6))
        wall.append(time.perf_counter() - t)
    assert out is not None
    return out, min(cpu), cpu[0], min(wall)


def main(argv: list[str] | None = None) -> int:
    """Print the table; returns 0."""
    args = sys.argv[1:] if argv is None else argv
    seed_dir = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    t = time.perf_counter()
    index = default_index()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    scan = _matcher_for(index, False)
    t_scan = time.perf_counter() - t
    t = time.perf_counter()
    try:
        _matcher_for(index, True)
        t_ac = f"{time.perf_counter() - t:.2f} s"
        automaton = True
    except ImportError:
        t_ac = "n/a (pyahocorasick not installed)"
        automaton = False
    print(f"gazetteer open {t_load:.2f} s; matcher load ({len(scan.keys):,} keys): word scan "
          f"{t_scan:.2f} s, Aho-Corasick {t_ac} (one-off per process, from the disk cache "
          "after the first run)")
    print("spaCy NER + lookup: not run (only unofficial re-uploads of an English model are listed "
          "on PyPI; not installed or tried)")
    systems: dict[str, Callable[[str, str], pd.DataFrame]] = {
        "ours": lambda s, x: extract(x, s, index=index).to_frame(),
        "gazetteer-only": lambda s, x: extract(x, s, index=index, threshold=-10).to_frame(),
        "geotext+pop": lambda s, x: geotext_baseline(x, index),
    }
    if automaton:
        systems["ours-automaton"] = lambda s, x: extract(x, s, index=index,
                                                         use_automaton=True).to_frame()
    header = f"{'seed':<6} {'system':<15} {'stops':>5} {'P':>6} {'R':>6} {'F1':>6} " \
             f"{'year':>6} {'km med':>7} {'km mean':>8} {'MB/s cpu (cold)':>16} {'MB/s wall':>9}"
    print(header)
    print("-" * len(header))
    for seed in SEEDS:
        text = (seed_dir / f"{seed}.txt").read_text(encoding="utf-8")
        gold = Itinerary.from_csv(ROOT / "bench" / "gold" / f"{seed}.csv").df
        mb = len(text.encode("utf-8")) / 1e6
        for name, fn in systems.items():
            frame, best, first, wall = _timed(
                lambda x, fn=fn, seed=seed: fn(seed + ".txt", x), text, 5)
            score: Score = evaluate_frames(frame, gold)
            year = "-" if score.year_accuracy is None else f"{score.year_accuracy:.2f}"
            med = "-" if score.median_km is None else f"{score.median_km:.1f}"
            mean = "-" if score.mean_km is None else f"{score.mean_km:.1f}"
            speed = f"{mb / best:.2f} ({mb / first:.2f})"
            print(f"{seed[:3]:<6} {name:<15} {len(frame):>5} {score.precision:>6.3f} "
                  f"{score.recall:>6.3f} {score.f1:>6.3f} {year:>6} {med:>7} {mean:>8} "
                  f"{speed:>16} {mb / wall:>9.2f}")
    # The invented biographies of the tests (other people, countries and centuries): F1 only.
    print()
    print(f"{'invented biography':<22} {'ours':>6} {'gazetteer-only':>15} {'geotext+pop':>12}")
    for folder in ("synthetic", "synthetic2"):
        for path in sorted((ROOT / "tests" / "data" / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            gold = Itinerary.from_csv(path.with_suffix(".csv")).df
            f1 = [evaluate_frames(fn(path.name, text), gold).f1 for fn in
                  (systems["ours"], systems["gazetteer-only"], systems["geotext+pop"])]
            print(f"{folder + '/' + path.stem:<22} {f1[0]:>6.3f} {f1[1]:>15.3f} {f1[2]:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
