"""Stop precision, recall, F1 and year accuracy of the extractor on every scored set.

Usage::

    python bench/eval_extract.py                 # seeds and dev per text, test as one line
    python bench/eval_extract.py --sets dev      # one set
    python bench/eval_extract.py --json out.json # also write the numbers

Sets: ``seeds`` (the two Trotsky texts, ``bench/gold``), ``dev`` (``bench/bios/dev``, tune on
it, per-text lines printed) and ``test`` (``bench/bios/test``: only the mean line is printed,
never a per-text or per-stop line, so its errors stay unread; see ``bench/bios/README.md``).

Systems: ``ours`` (the extractor's rules), ``learned`` (the same with the visit decision of
the shipped classifier, ``geo/text/data/visit_model.json``, trained on dev by
``bench/train_visits.py``: its dev numbers are on its own training texts, see that script's
leave-one-text-out check for honest dev numbers) and ``gazetteer-only`` (our recognition
with the visit decision switched off: every kept mention is a visit), so the table shows what
the visit rules add. The mean F1 is the mean of the per-text F1 (every life weighs the same); the
pooled P/R/F1 count stops over the whole set; year accuracy is pooled over matched stops.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluate import Score, evaluate_frames  # noqa: E402
from geo.extract import extract  # noqa: E402
from geo.itinerary import Itinerary  # noqa: E402
from geo.places.names import default_index  # noqa: E402
from geo.text.classifier import shipped_model  # noqa: E402

SEED_DIR = ROOT.parent / "shared" / "seeds"
if not SEED_DIR.exists():
    SEED_DIR = Path("/work/shared/seeds")
SEEDS = ["000_69cc800d3c4b830f", "002_0e97a1d2e69cb4e7"]
BIOS = ROOT / "bench" / "bios"


def texts_of(name: str) -> list[tuple[str, Path, Path]]:
    """(id, text path, gold path) of every text of a set."""
    if name == "seeds":
        return [(s, SEED_DIR / f"{s}.txt", ROOT / "bench" / "gold" / f"{s}.csv") for s in SEEDS]
    with (BIOS / name / "index.csv").open(encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)]
    return [(i, BIOS / name / "texts" / f"{i}.txt", BIOS / name / "gold" / f"{i}.csv")
            for i in ids]


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def score_set(name: str, threshold: float | None, index: object, learned: bool = False
              ) -> list[tuple[str, Score]]:
    """Score every text of a set with one system."""
    out = []
    for text_id, text_path, gold_path in texts_of(name):
        kwargs: dict = {} if threshold is None else {"threshold": threshold}
        if learned:
            kwargs["visit_model"] = shipped_model()
        draft = extract(_read(text_path), text_path.name, index=index, **kwargs)
        gold = Itinerary.from_csv(gold_path).df
        out.append((text_id, evaluate_frames(draft.to_frame(), gold)))
    return out


def summary(scores: list[tuple[str, Score]]) -> dict[str, float]:
    """Mean per-text F1, pooled P/R/F1 and pooled year accuracy."""
    pred = sum(s.predicted for _, s in scores)
    gold = sum(s.gold for _, s in scores)
    matched = sum(s.matched for _, s in scores)
    p = matched / pred if pred else 0.0
    r = matched / gold if gold else 0.0
    same = sum(round((s.year_accuracy or 0) * s.matched) for _, s in scores)
    return {"mean_f1": sum(s.f1 for _, s in scores) / len(scores), "P": p, "R": r,
            "F1": 2 * p * r / (p + r) if p + r else 0.0,
            "year_accuracy": same / matched if matched else 0.0,
            "predicted": pred, "gold": gold, "matched": matched}


def main(argv: list[str] | None = None) -> int:
    """Print the tables; returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=["seeds", "dev", "test"],
                    choices=["seeds", "dev", "test"])
    ap.add_argument("--systems", nargs="+", default=["ours", "learned", "gazetteer-only"],
                    choices=["ours", "learned", "gazetteer-only"])
    ap.add_argument("--json", metavar="FILE", help="also write the summary numbers as JSON")
    args = ap.parse_args(argv)
    index = default_index()
    thresholds = {"ours": None, "learned": None, "gazetteer-only": -10.0}
    result: dict[str, dict[str, dict[str, float]]] = {}
    for set_name in args.sets:
        for system in args.systems:
            scores = score_set(set_name, thresholds[system], index, system == "learned")
            if set_name != "test" and system == "ours":
                for text_id, s in scores:
                    year = "-" if s.year_accuracy is None else f"{s.year_accuracy:.2f}"
                    print(f"  {set_name:<5} {text_id:<22} pred {s.predicted:>3} gold {s.gold:>3}"
                          f" match {s.matched:>3}  P {s.precision:.2f} R {s.recall:.2f}"
                          f" F1 {s.f1:.3f} year {year}")
            m = summary(scores)
            result.setdefault(set_name, {})[system] = m
            print(f"{set_name:<5} {system:<15} mean F1 {m['mean_f1']:.3f}  pooled P {m['P']:.3f}"
                  f" R {m['R']:.3f} F1 {m['F1']:.3f}  year {m['year_accuracy']:.3f}"
                  f"  ({m['matched']}/{m['predicted']} pred, {m['gold']} gold)")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
