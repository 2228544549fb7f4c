"""Benchmark the review page in headless Chromium, side by side with the story map.

The issue's target: a 100 KB biography with 300 mentions opens in at most 1 s and stays
responsive. Measured in one run (this machine is shared and noisy; compare the ratios):

* the review page of the longest seed biography (``/work/shared/seeds`` or ``--text``),
  self-contained, opened from ``file://``: time from navigation start to
  ``<html data-ready="true">`` (text, marks, map, list and detail drawn);
* the Trotsky story map (66 stops, self-contained): its own ready time, as the baseline;
* responsiveness: the time one decision takes (press ``r`` on a stop, the page redraws the
  marks, list, map and detail) and one step to the next stop (``j``), as medians.

It also prints how long ``python -m geo review`` takes to build the page (the extractor
dominates) and the page size.

Run: ``python bench/bench_review.py`` (needs ``npm ci`` and Debian chromium, no network).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, missing_requirements  # noqa: E402

from geo.itinerary import Itinerary  # noqa: E402
from geo.map import build_map, render_html  # noqa: E402
from geo.review import make_review_page  # noqa: E402

SEEDS = Path("/work/shared/seeds")


def _ready(browser: Any, path: Path, runs: int, expression: str) -> float:
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(path.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=120_000)
        times.append(page.evaluate(expression))
        context.close()
    return statistics.median(times)


def _actions(browser: Any, path: Path, steps: int) -> tuple[float, float]:
    """Median ms of one decision (r) and one step (j), each until the next frame."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=120_000)
    timing = """(key) => new Promise((resolve) => {
        const t0 = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', {key, bubbles: true}));
        requestAnimationFrame(() => resolve(performance.now() - t0));
    })"""
    decide, step = [], []
    for _ in range(steps):
        decide.append(page.evaluate(timing, "r"))
        step.append(page.evaluate(timing, "k"))
        step.append(page.evaluate(timing, "j"))
    context.close()
    return statistics.median(decide), statistics.median(step)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, help="biography (default: the longest seed)")
    parser.add_argument("--runs", type=int, default=5, help="page loads per page (5)")
    parser.add_argument("--steps", type=int, default=15, help="timed key presses (15)")
    args = parser.parse_args(argv)
    problems = missing_requirements()
    text = args.text or max(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size, default=None)
    if text is None:
        problems.append(f"no biography: give --text (no seeds in {SEEDS})")
    if problems:
        print("bench_review: " + "; ".join(problems), file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-review-"))
    t0 = time.perf_counter()
    html, stops = make_review_page(text)
    build_s = time.perf_counter() - t0
    review = folder / "review.html"
    review.write_text(html, encoding="utf-8")
    story = folder / "trotsky.html"
    it = Itinerary.from_csv(ROOT / "data" / "places.csv")
    story.write_text(render_html(build_map(it, title="Trotsky", self_contained=True)),
                     encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND"])
        context = browser.new_context()
        page = context.new_page()
        page.goto(review.as_uri())
        page.wait_for_selector("html[data-ready=true]", timeout=120_000)
        mentions = page.evaluate("document.querySelectorAll('mark.rv-m[data-m]').length")
        context.close()
        ready = _ready(browser, review, args.runs, "geostoryReview.readyAt")
        base = _ready(browser, story, args.runs, "geostory.readyAt")
        decide, step = _actions(browser, review, args.steps)
        browser.close()
    size = len(text.read_bytes())
    print(f"text {text.name}: {size // 1024} KiB, {mentions} mentions, {stops} stops; "
          f"page {len(html.encode()) // 1024} KiB, built in {build_s:.1f} s")
    print(f"{'page':<22}{'ready ms':>10}")
    print(f"{'review page':<22}{ready:>10.0f}")
    print(f"{'story map (Trotsky)':<22}{base:>10.0f}")
    print(f"review / story map: {ready / base:.2f}x; target ready <= 1000 ms: "
          f"{'met' if ready <= 1000 else 'NOT met'}")
    print(f"one decision (r) {decide:.1f} ms, one step (j/k) {step:.1f} ms (median, to the "
          "next frame)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
