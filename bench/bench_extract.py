"""Extractor vs baselines on the seeds, the dev and the test biographies, side by side.

Usage: ``python bench/bench_extract.py [SEED_DIR]`` (default ``../shared/seeds``).

Systems, each scored with :func:`geo.evaluate.evaluate_frames`:

- ``ours``: :func:`geo.extract.extract` (the rules of ``geo/text/``) with the word-scan matcher.
- ``ours-automaton``: the same with the pyahocorasick matcher (speed only; same output).
- ``gazetteer-only``: our recognition with the visit decision switched off (every kept
  place mention is a visit) - what the visit rules buy (the ablation).
- ``geotext+pop``: every ``geotext`` city mention, geocoded to the most populous gazetteer
  match, dated by the last year written before it, consecutive repeats merged.
- spaCy NER is not run: the package list shows only unofficial re-uploads of an English
  model on PyPI; none was installed or tried, so it is reported as not available.
- ``ours-learned``: the same with the visit decision of the shipped logistic-regression model
  (``geo/text/data/visit_model.json``, trained on dev only by ``bench/train_visits.py``; its
  dev row is on its training texts, the script prints the leave-one-text-out check).

Sets: ``seeds`` (the two Trotsky texts, ``bench/gold``), ``dev`` (``bench/bios/dev``, tuned
on) and ``test`` (``bench/bios/test``, never tuned on: only these summary lines are printed
for it). P, R and F1 pool the stops of the set; ``mean F1`` averages the per-text F1; year
accuracy is over matched stops.

Speed is MB/s of text on one core with the gazetteer and matcher already loaded, measured as
CPU time of this process over the whole set (``time.process_time``: on a shared, noisy
machine wall-clock time also counts the time other jobs held the core), best of three runs
for the seeds and one for the larger sets; wall-clock MB/s beside it. The one-off loads are
printed separately, and a line after the table says whether ``ours`` meets the speed target of
issue 14 (:data:`TARGET_MB_PER_S`, CPU MB/s) on every set. The invented biographies in
``tests/data/synthetic*`` are scored too (F1 only).
"""

from __future__ import annotations

import csv
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
from geo.text.classifier import shipped_model  # noqa: E402
from geo.text.pipeline import _matcher_for  # noqa: E402

SEEDS = ["000_69cc800d3c4b830f", "002_0e97a1d2e69cb4e7"]
#: The speed target of issue 14: MB of text per second of CPU time on one core, after loading.
TARGET_MB_PER_S = 1.0


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


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def _texts(set_name: str, seed_dir: Path) -> list[tuple[str, str, pd.DataFrame]]:
    """(file name, text, gold frame) of every text of a set."""
    if set_name == "seeds":
        return [(f"{s}.txt", _read(seed_dir / f"{s}.txt"),
                 Itinerary.from_csv(ROOT / "bench" / "gold" / f"{s}.csv").df) for s in SEEDS]
    base = ROOT / "bench" / "bios" / set_name
    with (base / "index.csv").open(encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)]
    return [(f"{i}.txt", _read(base / "texts" / f"{i}.txt"),
             Itinerary.from_csv(base / "gold" / f"{i}.csv").df) for i in ids]


def _run_set(fn: Callable[[str, str], pd.DataFrame], texts: list[tuple[str, str, pd.DataFrame]],
             repeat: int) -> tuple[list[Score], float, float]:
    """Scores, best CPU seconds and best wall-clock seconds over the whole set."""
    cpu, wall = [], []
    frames: list[pd.DataFrame] = []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        frames = [fn(name, text) for name, text, _ in texts]
        cpu.append(max(time.process_time() - c, 1e-6))
        wall.append(time.perf_counter() - t)
    scores = [evaluate_frames(f, gold) for f, (_, _, gold) in zip(frames, texts, strict=True)]
    return scores, min(cpu), min(wall)


def _target_line(speeds: dict[str, float]) -> str:
    """Whether ``ours`` meets :data:`TARGET_MB_PER_S` (CPU MB/s) on every set."""
    met = all(v >= TARGET_MB_PER_S for v in speeds.values())
    each = ", ".join(f"{k} {v:.2f}" for k, v in speeds.items())
    return (f"speed target {TARGET_MB_PER_S:.1f} MB/s (ours, CPU time, one core): "
            f"{'MET' if met else 'NOT MET'} ({each})")


def _line(set_name: str, system: str, scores: list[Score], mb: float, cpu: float,
          wall: float) -> str:
    pred = sum(s.predicted for s in scores)
    gold = sum(s.gold for s in scores)
    matched = sum(s.matched for s in scores)
    p = matched / pred if pred else 0.0
    r = matched / gold if gold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    same = sum(round((s.year_accuracy or 0) * s.matched) for s in scores)
    year = f"{same / matched:.3f}" if matched else "-"
    mean_f1 = sum(s.f1 for s in scores) / len(scores)
    return (f"{set_name:<6} {system:<15} {pred:>5} {gold:>5} {p:>6.3f} {r:>6.3f} {f1:>6.3f} "
            f"{mean_f1:>7.3f} {year:>6} {mb / cpu:>8.2f} {mb / wall:>9.2f}")


def main(argv: list[str] | None = None) -> int:
    """Print the table; returns 0."""
    args = sys.argv[1:] if argv is None else argv
    seed_dir = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    if not seed_dir.exists():
        seed_dir = Path("/work/shared/seeds")
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
        "ours-learned": lambda s, x: extract(x, s, index=index,
                                             visit_model=shipped_model()).to_frame(),
        "gazetteer-only": lambda s, x: extract(x, s, index=index, threshold=-10).to_frame(),
    }
    try:
        import geotext  # noqa: F401

        systems["geotext+pop"] = lambda s, x: geotext_baseline(x, index)
    except ImportError:
        print("geotext+pop: not run (pip install geotext, the 'bench' extra)")
    if automaton:
        systems["ours-automaton"] = lambda s, x: extract(x, s, index=index,
                                                         use_automaton=True).to_frame()
    header = (f"{'set':<6} {'system':<15} {'pred':>5} {'gold':>5} {'P':>6} {'R':>6} "
              f"{'F1':>6} {'mean F1':>7} {'year':>6} {'MB/s cpu':>8} {'MB/s wall':>9}")
    print(header)
    print("-" * len(header))
    speeds: dict[str, float] = {}
    for set_name in ("seeds", "dev", "test"):
        texts = _texts(set_name, seed_dir)
        mb = sum(len(text.encode("utf-8")) for _, text, _ in texts) / 1e6
        for name, fn in systems.items():
            scores, cpu, wall = _run_set(fn, texts, 3 if set_name == "seeds" else 1)
            print(_line(set_name, name, scores, mb, cpu, wall))
            if name == "ours":
                speeds[set_name] = mb / cpu
    print(_target_line(speeds))
    # The invented biographies of the tests (other people, countries and centuries): F1 only.
    print()
    baseline = "geotext+pop" in systems
    print(f"{'invented biography':<22} {'ours':>6} {'gazetteer-only':>15} "
          + (f"{'geotext+pop':>12}" if baseline else ""))
    for folder in ("synthetic", "synthetic2"):
        for path in sorted((ROOT / "tests" / "data" / folder).glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            gold = Itinerary.from_csv(path.with_suffix(".csv")).df
            names = ["ours", "gazetteer-only"] + (["geotext+pop"] if baseline else [])
            f1 = [evaluate_frames(systems[n](path.name, text), gold).f1 for n in names]
            print(f"{folder + '/' + path.stem:<22} " + " ".join(
                f"{x:>{w}.3f}" for x, w in zip(f1, (6, 15, 12), strict=False)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
