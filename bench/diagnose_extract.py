"""Why the extractor misses gold stops and drafts wrong ones: error classes, counted per set.

Usage::

    python bench/diagnose_extract.py                  # dev and test, counts only
    python bench/diagnose_extract.py --sets dev --show # dev, with one line per error

Every gold stop no drafted stop matched (:func:`geo.evaluate.evaluate_frames`: 50 km, years
overlapping) gets one class, the first that fits:

``date``
    a drafted stop lies within 50 km, but its years do not overlap the gold stop's;
``rejected: <reason>``
    a mention whose best candidate lies within 50 km was found and rejected (the reason
    of ``mentions.csv``, with quoted cue words and details in brackets removed);
``misgeocoded (<kind>)``
    the text names the place (``toponyms.csv`` has a mention within 50 km of it, of that
    toponym kind) and the mention was found, but its best candidate lies farther away;
``not in the gazetteer (<kind>)``
    the text names the place but no mention was found at that name;
``not named``
    no mention of the text lies within 50 km of the gold point.

Every drafted stop no gold stop matched gets one too: ``date`` (a gold stop lies within
50 km, other years), ``misgeocoded (<kind>)`` (``toponyms.csv`` puts the mention's true place more
than 50 km from the drafted point), ``not a stop (<kind>)`` (the point is right for the
mention, of that toponym kind, but the gold itinerary has no stop there) or ``no toponym
row``. Date errors are then split by how the stop's date was found (the sentence, the
running narrative date, ...) and by direction.

The test split (``bench/bios/test``) is only ever counted: ``--show`` refuses it, so its
texts and errors stay unread (``bench/bios/README.md``). The counts say which error class
is worth work; the dev lines say what it looks like.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geo.dates import parse_date, parse_optional_date  # noqa: E402
from geo.evaluate import evaluate_frames  # noqa: E402
from geo.extract import extract  # noqa: E402
from geo.geometry import great_circle_km  # noqa: E402
from geo.itinerary import Itinerary  # noqa: E402
from geo.places.names import default_index  # noqa: E402
from geo.text.draft import Draft  # noqa: E402

BIOS = ROOT / "bench" / "bios"
#: Farthest a point may be from the gold point to count as the same place (the scorer's).
MATCH_KM = 50.0


def _reason_class(reason: str) -> str:
    """A mention's reason without its particulars: quoted cues and bracketed details go."""
    reason = re.sub(r"\([^)]*\)", "", reason)
    return re.sub(r"'[^']*'", "'…'", reason).strip()[:60]


def _year_span(start: object, end: object) -> tuple[int, int]:
    a = parse_date(str(start))
    b = parse_optional_date("" if pd.isna(end) else str(end)) or a
    return a.earliest().year, max(a.latest().year, b.latest().year)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle_km(a, b)


def classify(draft: Draft, gold: pd.DataFrame, toponyms: list[dict[str, str]]
             ) -> tuple[list[tuple[int, str]], list[tuple[int, str]], list[tuple[str, str]]]:
    """Error classes of one text: (gold row, class) of every missed gold stop, (draft row,
    class) of every unmatched drafted stop, and (date source, direction) of every date
    error among the drafted stops."""
    pred = draft.to_frame()
    gold = gold.reset_index(drop=True)
    score = evaluate_frames(pred, gold)
    got_p = {p - 1 for p, _, _ in score.pairs}
    got_g = {g - 1 for _, g, _ in score.pairs}
    p_pts = [(float(pred.lat[i]), float(pred.lon[i])) for i in range(len(pred))]
    g_pts = [(float(gold.lat[j]), float(gold.lon[j])) for j in range(len(gold))]
    named = [t for t in toponyms if t["lat"]]
    by_start = {int(t["char_start"]): t for t in named}
    found = {m.char_start: m for m in draft.mentions}
    missed: list[tuple[int, str]] = []
    for j, g in enumerate(g_pts):
        if j in got_g:
            continue
        near_ms = [m for m in draft.mentions if m.candidates
                   and _km((m.candidates[0].lat, m.candidates[0].lon), g) <= MATCH_KM]
        near_ts = [t for t in named if _km((float(t["lat"]), float(t["lon"])), g) <= MATCH_KM]
        if any(_km(p, g) <= MATCH_KM for p in p_pts):
            cls = "date"
        elif near_ms:
            cls = "rejected: " + _reason_class(near_ms[0].reason)
        elif hit := [t for t in near_ts if int(t["char_start"]) in found]:
            cls = f"misgeocoded ({hit[0]['kind']})"
        elif near_ts:
            cls = f"not in the gazetteer ({near_ts[0]['kind']})"
        else:
            cls = "not named"
        missed.append((j, cls))
    wrong: list[tuple[int, str]] = []
    dates: list[tuple[str, str]] = []
    g_years = [_year_span(gold.start[j], gold.get("end", pd.Series([""] * len(gold)))[j])
               for j in range(len(gold))]
    for i, p in enumerate(p_pts):
        if i in got_p:
            continue
        near_g = [j for j, g in enumerate(g_pts) if _km(p, g) <= MATCH_KM]
        truth = by_start.get(int(pred.char_start[i]))
        if near_g:
            cls = "date"
            a, _ = _year_span(pred.start[i], pred.end[i])
            j = min(near_g, key=lambda j: min(abs(g_years[j][0] - a), abs(g_years[j][1] - a)))
            off = a - g_years[j][0] if a < g_years[j][0] else a - g_years[j][1]
            side = ("early" if off < 0 else "late") + (" > 5 years" if abs(off) > 5
                                                       else " 1-5 years")
            stop = draft.stops[i]
            dates.append((stop.visits[0].date_from if stop.visits else "none", side))
        elif truth is None:
            cls = "no toponym row"
        elif _km((float(truth["lat"]), float(truth["lon"])), p) > MATCH_KM:
            cls = f"misgeocoded ({truth['kind']})"
        else:
            cls = f"not a stop ({truth['kind']})"
        wrong.append((i, cls))
    return missed, wrong, dates


def diagnose(set_name: str, show: bool) -> None:
    """Print the error classes of one set (and, with ``show``, one line per error)."""
    base = BIOS / set_name
    with (base / "index.csv").open(encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh)]
    with (base / "toponyms.csv").open(encoding="utf-8", newline="") as fh:
        toponyms = list(csv.DictReader(fh))
    index = default_index()
    missed_n: Counter[str] = Counter()
    wrong_n: Counter[str] = Counter()
    dates_n: Counter[tuple[str, str]] = Counter()
    n_gold = n_pred = 0
    for text_id in ids:
        path = base / "texts" / f"{text_id}.txt"
        with path.open(encoding="utf-8", newline="") as fh:
            draft = extract(fh.read(), path.name, index=index)
        gold = Itinerary.from_csv(base / "gold" / f"{text_id}.csv").df
        missed, wrong, dates = classify(
            draft, gold, [t for t in toponyms if t["text_id"] == text_id])
        n_gold += len(gold)
        n_pred += len(draft.stops)
        missed_n.update(c for _, c in missed)
        wrong_n.update(c for _, c in wrong)
        dates_n.update(dates)
        if show:
            gold = gold.reset_index(drop=True)
            for j, c in missed:
                print(f"  {text_id:<12} missed  {gold.place[j]} {gold.start[j]}: {c}")
            for i, c in wrong:
                s = draft.stops[i]
                print(f"  {text_id:<12} drafted {s.place} {s.start} [{s.why[:70]}]: {c}")
    print(f"{set_name}: {len(ids)} texts, {n_gold} gold stops, {n_pred} drafted")
    print(f"  missed gold stops ({sum(missed_n.values())}):")
    for c, n in missed_n.most_common():
        print(f"    {n:>4}  {c}")
    print(f"  unmatched drafted stops ({sum(wrong_n.values())}):")
    for c, n in wrong_n.most_common():
        print(f"    {n:>4}  {c}")
    print("  date errors of drafted stops, by date source and direction:")
    for (src, side), n in dates_n.most_common():
        print(f"    {n:>4}  {src}, {side}")


def main(argv: list[str] | None = None) -> int:
    """Print the error classes; returns 0, or 2 when asked to show the test split."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", nargs="+", default=["dev", "test"], choices=["dev", "test"])
    ap.add_argument("--show", action="store_true",
                    help="one line per error (dev only: the test split is never shown)")
    args = ap.parse_args(argv)
    if args.show and "test" in args.sets:
        print("diagnose_extract: --show is for the dev split only (the test split stays "
              "unread)", file=sys.stderr)
        return 2
    for set_name in args.sets:
        diagnose(set_name, args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
