"""Score a draft itinerary against a gold one: stop precision, recall, F1, years, kilometres.

A predicted stop *matches* a gold stop when the two points are at most ``max_km`` (50 km)
apart and their years overlap (a stay covers the years from its ``start`` to its ``end``,
or just its ``start`` for a moment). Matching is one-to-one and greedy by distance: all
eligible pairs are sorted by distance (ties by gold stop, then predicted stop) and taken
while both stops are still free. Greedy can, rarely, match fewer pairs than the best
assignment; it is simple, deterministic and what the benchmark reports.

>>> import pandas as pd
>>> gold = pd.DataFrame({"stop": [1, 2], "place": ["Lyon", "Rome"], "lat": [45.75, 41.89],
...     "lon": [4.85, 12.48], "start": ["1820", "1845-03"], "end": ["1845", ""],
...     "kind": ["birth", "residence"]})
>>> pred = gold.assign(start=["1820", "1846"])
>>> score = evaluate_frames(pred, gold)
>>> score.precision, score.recall, score.year_accuracy
(0.5, 0.5, 1.0)
"""

from __future__ import annotations

import json
import statistics
from dataclasses import asdict, dataclass, field

import pandas as pd

from geo.dates import parse_date, parse_optional_date
from geo.geometry import distance_km
from geo.itinerary import Itinerary

__all__ = ["Score", "evaluate_files", "evaluate_frames", "format_score"]


@dataclass(frozen=True)
class Score:
    """Result of comparing a draft with a gold itinerary."""

    predicted: int
    gold: int
    matched: int
    precision: float
    recall: float
    f1: float
    year_accuracy: float | None
    median_km: float | None
    mean_km: float | None
    pairs: list[tuple[int, int, float]] = field(default_factory=list)  # (pred stop, gold stop, km)

    def to_dict(self) -> dict:
        """Plain data for ``--json``."""
        return asdict(self)


def _years(starts: list[str], ends: list[str]) -> list[tuple[int, int]]:
    out = []
    for s, e in zip(starts, ends, strict=True):
        a = parse_date(s)
        b = parse_optional_date(e) or a
        out.append((a.earliest().year, max(a.latest().year, b.latest().year)))
    return out


def evaluate_frames(pred: pd.DataFrame, gold: pd.DataFrame, *, max_km: float = 50.0) -> Score:
    """Score itinerary frames (columns ``stop, lat, lon, start, end``).

    Parameters
    ----------
    pred, gold : pandas.DataFrame
        The draft and the reference, one row per stop.
    max_km : float
        Farthest a predicted point may be from the gold point to match it.
    """
    pred = pred.reset_index(drop=True)
    gold = gold.reset_index(drop=True)
    p_years = _years([str(x) for x in pred["start"]],
                     ["" if pd.isna(x) else str(x) for x in pred.get("end", [""] * len(pred))])
    g_years = _years([str(x) for x in gold["start"]],
                     ["" if pd.isna(x) else str(x) for x in gold.get("end", [""] * len(gold))])
    pairs = []
    for i in range(len(pred)):
        pi = (float(pred["lat"].iat[i]), float(pred["lon"].iat[i]))
        for j in range(len(gold)):
            a, b = p_years[i], g_years[j]
            if a[1] < b[0] or b[1] < a[0]:
                continue
            d = distance_km(pi, (float(gold["lat"].iat[j]), float(gold["lon"].iat[j])))
            if d <= max_km:
                pairs.append((d, j, i))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    matched: list[tuple[int, int, float]] = []
    for d, j, i in pairs:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matched.append((i, j, d))
    matched.sort()
    n = len(matched)
    precision = n / len(pred) if len(pred) else 0.0
    recall = n / len(gold) if len(gold) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    if n:
        same = sum(1 for i, j, _ in matched
                   if parse_date(str(pred["start"].iat[i])).earliest().year
                   == parse_date(str(gold["start"].iat[j])).earliest().year)
        km = [d for _, _, d in matched]
        year_acc: float | None = same / n
        median: float | None = statistics.median(km)
        mean: float | None = statistics.fmean(km)
    else:
        year_acc = median = mean = None
    stops_p = [int(pred["stop"].iat[i]) if "stop" in pred else i + 1 for i in range(len(pred))]
    stops_g = [int(gold["stop"].iat[j]) if "stop" in gold else j + 1 for j in range(len(gold))]
    return Score(len(pred), len(gold), n, precision, recall, f1, year_acc, median, mean,
                 [(stops_p[i], stops_g[j], round(d, 3)) for i, j, d in matched])


def evaluate_files(draft: str, gold: str, *, max_km: float = 50.0) -> Score:
    """Load and validate both CSV files, then :func:`evaluate_frames`."""
    pred_it = Itinerary.from_csv(draft)
    gold_it = Itinerary.from_csv(gold)
    return evaluate_frames(pred_it.df, gold_it.df, max_km=max_km)


def format_score(score: Score, *, as_json: bool = False) -> str:
    """Human-readable lines, or JSON with ``as_json``.

    >>> s = Score(4, 5, 3, 0.75, 0.6, 0.6667, 2 / 3, 1.5, 2.0, [])
    >>> print(format_score(s))
    stops: 4 predicted, 5 gold, 3 matched (<= 50 km, overlapping years, greedy by distance)
    precision 0.750  recall 0.600  F1 0.667
    year accuracy 0.667 (2 of 3 matched stops start in the gold year)
    coordinate error: median 1.5 km, mean 2.0 km
    """
    if as_json:
        return json.dumps(score.to_dict(), indent=2, sort_keys=True)
    lines = [
        f"stops: {score.predicted} predicted, {score.gold} gold, {score.matched} matched "
        "(<= 50 km, overlapping years, greedy by distance)",
        f"precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}",
    ]
    if score.year_accuracy is None:
        lines.append("year accuracy n/a (no matched stops)")
        lines.append("coordinate error n/a")
    else:
        same = round(score.year_accuracy * score.matched)
        lines.append(f"year accuracy {score.year_accuracy:.3f} ({same} of {score.matched} "
                     "matched stops start in the gold year)")
        lines.append(f"coordinate error: median {score.median_km:.1f} km, "
                     f"mean {score.mean_km:.1f} km")
    return "\n".join(lines)
