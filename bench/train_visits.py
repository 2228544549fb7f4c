"""Train the visit/mention classifier on the dev biographies; write its weights as JSON.

Usage::

    python bench/train_visits.py            # leave-one-text-out check on dev, then train on
                                            # all of dev and write geo/text/data/visit_model.json
    python bench/train_visits.py --cv-only  # the check only, nothing written

Needs scikit-learn (training only: inference in :mod:`geo.text.classifier` is pure Python).

Data: every place mention our recognition keeps in a ``bench/bios/dev`` text and the rules
classify, with the features of :func:`geo.text.classifier.mention_features` (collected with
``extract(..., trace=...)``). Labels are derived from the dev gold, not annotated by hand:

1. the mention's true place is the ``toponyms.csv`` row whose offsets overlap the mention
   (no row: not a place at all, label 0);
2. the mention is a *visit* (label 1) when a gold stop of that text lies within
   :data:`MATCH_KM` of the true place and its years overlap the mention's date (the year our
   date rules give the mention; a mention without a date needs only the place to match),
   the same test :mod:`geo.evaluate` applies to stops.

So "Paris" in "he was born in Paris" is a visit when the gold has a Paris stop in that year,
and "the Treaty of Paris" is one too if he also lived in Paris then: labels are noisy in the
direction of the gold's places, and the stop builder (merging, dates) decides the rest.

The check trains on 14 dev texts and runs the whole extractor with that model on the 15th
(for each text in turn), so the stop F1 printed for "learned" is on texts the model did not
see, beside the rules' F1 on the same texts. The test split is never read here.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.evaluate import _years, evaluate_frames  # noqa: E402
from geo.extract import extract  # noqa: E402
from geo.geometry import distance_km  # noqa: E402
from geo.itinerary import Itinerary  # noqa: E402
from geo.places.names import default_index  # noqa: E402
from geo.text.classifier import MODEL_FILE, VisitModel  # noqa: E402

DEV = ROOT / "bench" / "bios" / "dev"
#: Farthest a mention's true place may lie from a gold stop to count as that stop, km (as in
#: :func:`geo.evaluate.evaluate_frames`).
MATCH_KM = 50.0
#: Inverse L2 regularisation strength of the logistic regression (smaller: simpler model).
C_REGULARISATION = 0.3
#: Probability from which a mention the rules reject is a visit.
THRESHOLD = 0.9
#: Probability below which a visit of the rules is dropped.
KEEP_FROM = 0.2


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as fh:
        return fh.read()


def dev_ids() -> list[str]:
    """The dev texts, in index order."""
    with (DEV / "index.csv").open(encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def toponyms() -> dict[str, list[tuple[int, int, float, float]]]:
    """Per dev text: (start, end, lat, lon) of every place-name mention."""
    out: dict[str, list[tuple[int, int, float, float]]] = {}
    with (DEV / "toponyms.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            if r["lat"] and r["lon"]:
                out.setdefault(r["text_id"], []).append(
                    (int(r["char_start"]), int(r["char_end"]), float(r["lat"]),
                     float(r["lon"])))
    return out


def label(start: int, end: int, year: int | None, tops: list[tuple[int, int, float, float]],
          gold: list[tuple[tuple[float, float], tuple[int, int]]]) -> int:
    """1 when the mention's true place is a gold stop of its years (see the module text)."""
    true = [(lat, lon) for a, b, lat, lon in tops if a < end and start < b]
    if not true:
        return 0
    for point, (y0, y1) in gold:
        if distance_km(true[0], point) <= MATCH_KM and (year is None or y0 <= year <= y1):
            return 1
    return 0


def collect(index: object) -> dict[str, list[tuple[dict[str, float], int]]]:
    """Per dev text: (features, label) of every classified mention."""
    tops = toponyms()
    data: dict[str, list[tuple[dict[str, float], int]]] = {}
    for text_id in dev_ids():
        trace: list = []
        extract(_read(DEV / "texts" / f"{text_id}.txt"), f"{text_id}.txt", index=index,
                trace=trace)
        g = Itinerary.from_csv(DEV / "gold" / f"{text_id}.csv").df
        gold = list(zip(zip(g["lat"], g["lon"], strict=True),
                        _years(list(g["start"]), list(g["end"].fillna(""))), strict=True))
        data[text_id] = [(f, label(s, e, y, tops.get(text_id, []), gold))
                         for s, e, f, y in trace]
    return data


def fit(rows: list[tuple[dict[str, float], int]]) -> VisitModel:
    """A logistic regression on ``rows`` as a :class:`VisitModel` (deterministic)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=False, sort=True)
    x = vec.fit_transform([f for f, _ in rows])
    y = [lab for _, lab in rows]
    clf = LogisticRegression(C=C_REGULARISATION, max_iter=2000, solver="lbfgs")
    clf.fit(x, y)
    weights = {name: float(w) for name, w in zip(vec.feature_names_, clf.coef_[0], strict=True)
               if abs(w) >= 1e-6}
    weights["bias"] = float(clf.intercept_[0])
    return VisitModel(weights, THRESHOLD, KEEP_FROM)


def _f1(text_id: str, index: object, model: VisitModel | None) -> float:
    draft = extract(_read(DEV / "texts" / f"{text_id}.txt"), f"{text_id}.txt", index=index,
                    visit_model=model)
    return evaluate_frames(draft.to_frame(), Itinerary.from_csv(
        DEV / "gold" / f"{text_id}.csv").df).f1


def grid(data: dict[str, list[tuple[dict[str, float], int]]], index: object,
         pairs: list[tuple[float, float]]) -> None:
    """Leave-one-text-out mean stop F1 for each (threshold, keep_from) pair."""
    f1 = {p: [] for p in pairs}
    for text_id in data:
        model = fit([r for t, rs in data.items() if t != text_id for r in rs])
        for p in pairs:
            model.threshold, model.keep_from = p
            f1[p].append(_f1(text_id, index, model))
    for p in pairs:
        print(f"  threshold {p[0]:.2f} keep_from {p[1]:.2f}: mean F1 {sum(f1[p]) / len(f1[p]):.3f}")


def cross_validate(data: dict[str, list[tuple[dict[str, float], int]]], index: object
                   ) -> tuple[float, float]:
    """Leave-one-text-out: mean stop F1 of the rules and of the learned model on dev."""
    rules, learned = [], []
    for text_id, rows in data.items():
        train = [r for t, rs in data.items() if t != text_id for r in rs]
        model = fit(train)
        acc = sum(model.is_visit(f) == bool(lab) for f, lab in rows) / max(1, len(rows))
        rule_acc = sum((f.get("rule_visit=True", 0.0) > 0) == bool(lab) for f, lab in rows) \
            / max(1, len(rows))
        r, lr = _f1(text_id, index, None), _f1(text_id, index, model)
        rules.append(r)
        learned.append(lr)
        print(f"  {text_id:<12} mentions {len(rows):>4} visits {sum(lab for _, lab in rows):>3}"
              f"  accuracy rules {rule_acc:.2f} learned {acc:.2f}"
              f"  stop F1 rules {r:.3f} learned {lr:.3f}")
    mr, ml = sum(rules) / len(rules), sum(learned) / len(learned)
    print(f"dev leave-one-text-out mean stop F1: rules {mr:.3f}, learned {ml:.3f}")
    return mr, ml


def main(argv: list[str] | None = None) -> int:
    """Check, train, write; returns 0."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cv-only", action="store_true", help="only the leave-one-text-out check")
    ap.add_argument("--grid", action="store_true", help="thresholds tried by cross-validation")
    ap.add_argument("-o", "--output", default=str(MODEL_FILE), help="where to write the JSON")
    args = ap.parse_args(argv)
    index = default_index()
    data = collect(index)
    n = sum(len(r) for r in data.values())
    pos = sum(lab for rs in data.values() for _, lab in rs)
    print(f"{n} mentions in {len(data)} dev texts, {pos} labelled visits "
          f"({pos / max(1, n):.0%}); log-loss base rate {-math.log(max(pos, 1) / n):.2f}")
    if args.grid:
        grid(data, index, [(t, k) for t in (0.5, 0.6, 0.7, 0.8, 0.9) for k in (0.0, 0.1, 0.2,
                                                                                  0.3)])
        return 0
    cross_validate(data, index)
    if args.cv_only:
        return 0
    model = fit([r for rs in data.values() for r in rs])
    Path(args.output).write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {args.output} ({len(model.weights)} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
