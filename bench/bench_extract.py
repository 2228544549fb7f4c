"""Extractor vs baselines on both seeds, side by side in one run.

Usage: ``python bench/bench_extract.py [SEED_DIR]`` (default ``../shared/seeds``).

Systems, each scored with :func:`geo.evaluate.evaluate_frames` against ``bench/gold``:

- ``ours``: :func:`geo.extract.extract` (Aho-Corasick matcher when pyahocorasick is there).
- ``ours-scan``: the same with the pure-Python n-gram matcher (speed only; same output).
- ``gazetteer-only``: our recognition with the visit classifier switched off (every kept
  place mention is a visit) - what the classifier buys.
- ``geotext+pop``: every ``geotext`` city mention, geocoded to the most populous GeoNames
  match, dated by the last year written before it, consecutive repeats merged.
- spaCy NER is not run: the package list shows only unofficial re-uploads of an English
  model on PyPI; none was installed or tried, so it is reported as not available.

Speed is MB/s of text on one core with the gazetteer index already loaded; the one-off index
load and matcher build are printed separately.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo._placenames import PlaceIndex, fold  # noqa: E402
from geo.evaluate import Score, evaluate_frames  # noqa: E402
from geo.extract import _matcher_for, extract  # noqa: E402
from geo.itinerary import Itinerary  # noqa: E402

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
        places = index.candidates(fold(name))
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


def _timed(fn, text: str, repeat: int) -> tuple[object, float]:  # type: ignore[no-untyped-def]
    best = float("inf")
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn(text)
        best = min(best, time.perf_counter() - t)
    return out, best


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    seed_dir = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    t = time.perf_counter()
    index = PlaceIndex.load_default()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    _matcher_for(index, None)
    t_ac = time.perf_counter() - t
    t = time.perf_counter()
    _matcher_for(index, False)
    t_scan = time.perf_counter() - t
    print(f"index: {len(index):,} keys, load {t_load:.2f} s; matcher build: Aho-Corasick "
          f"{t_ac:.2f} s, n-gram scan {t_scan:.2f} s (one-off per process)")
    print("spaCy NER + lookup: not run (only unofficial re-uploads of an English model are listed "
          "on PyPI; not installed or tried)")
    systems = {
        "ours": lambda s, x: extract(x, s, index=index).to_frame(),
        "ours-scan": lambda s, x: extract(x, s, index=index, use_automaton=False).to_frame(),
        "gazetteer-only": lambda s, x: extract(x, s, index=index, threshold=-10).to_frame(),
        "geotext+pop": lambda s, x: geotext_baseline(x, index),
    }
    header = f"{'seed':<6} {'system':<15} {'stops':>5} {'P':>6} {'R':>6} {'F1':>6} " \
             f"{'year':>6} {'km med':>7} {'km mean':>8} {'MB/s':>7}"
    print(header)
    print("-" * len(header))
    for seed in SEEDS:
        text = (seed_dir / f"{seed}.txt").read_text(encoding="utf-8")
        gold = Itinerary.from_csv(ROOT / "bench" / "gold" / f"{seed}.csv").df
        mb = len(text.encode("utf-8")) / 1e6
        for name, fn in systems.items():
            frame, secs = _timed(lambda x, fn=fn, seed=seed: fn(seed + ".txt", x), text, 3)
            assert isinstance(frame, pd.DataFrame)
            score: Score = evaluate_frames(frame, gold)
            year = "-" if score.year_accuracy is None else f"{score.year_accuracy:.2f}"
            med = "-" if score.median_km is None else f"{score.median_km:.1f}"
            mean = "-" if score.mean_km is None else f"{score.mean_km:.1f}"
            print(f"{seed[:3]:<6} {name:<15} {len(frame):>5} {score.precision:>6.3f} "
                  f"{score.recall:>6.3f} {score.f1:>6.3f} {year:>6} {med:>7} {mean:>8} "
                  f"{mb / secs:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
