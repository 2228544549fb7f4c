"""Benchmark a story map of two lives against the map of one, side by side in Chromium.

The Trotsky map (66 stops) and the Trotsky + Lenin map (113 stops, one clock, two routes
and travellers), both self-contained, measured in one run on this shared, noisy machine:
time to ready (median of ``--runs`` loads), frame work and frame interval during a few
seconds of playback at 1x and 16x, and a whole play (canvas redraws per displayed frame,
story seconds of the whole map at 1x). Compare the ratios, not the absolute times.

Run: ``python bench/bench_people.py`` (needs ``npm ci`` and Debian chromium, no network).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_map import measure_playback, measure_ready, measure_whole_play  # noqa: E402
from browser_support import CHROMIUM, CHROMIUM_ARGS, missing_requirements  # noqa: E402

from geo.itinerary import Itinerary  # noqa: E402
from geo.map import build_map, render_html  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per map (5)")
    parser.add_argument("--seconds", type=float, default=3.0, help="playback seconds (3)")
    parser.add_argument("--play-speed", type=float, default=8.0,
                        help="speed of the whole play that counts redraws (8)")
    args = parser.parse_args(argv)
    problems = missing_requirements()
    if problems:
        print("bench_people: " + "; ".join(problems), file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-people-"))
    maps = {"one life": Itinerary.from_csv(ROOT / "data" / "places.csv"),
            "two lives": Itinerary.from_csvs([ROOT / "data" / "places.csv",
                                              ROOT / "data" / "lenin.csv"])}
    pages = {}
    for name, it in maps.items():
        path = folder / (name.replace(" ", "-") + ".html")
        path.write_text(render_html(build_map(it, title=name, self_contained=True)),
                        encoding="utf-8")
        pages[name] = path
    rows = {}
    with sync_playwright() as p:
        offline = "--host-resolver-rules=MAP * ~NOTFOUND"  # no network, inside the browser
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=[*CHROMIUM_ARGS, offline])
        for name, path in pages.items():
            rows[name] = {"ready": measure_ready(browser, path, args.runs, story=True),
                          "1x": measure_playback(browser, path, 1, args.seconds),
                          "16x": measure_playback(browser, path, 16, args.seconds),
                          "play": measure_whole_play(browser, path, args.play_speed)}
        browser.close()

    one, two = rows["one life"], rows["two lives"]
    print(f"{'measure':<34}{'one life':>10}{'two lives':>11}{'ratio':>8}")

    def line(label: str, a: float, b: float, fmt: str = ".1f") -> None:
        print(f"{label:<34}{a:>10{fmt}}{b:>11{fmt}}{(b / a if a else float('nan')):>8.2f}")

    line("stops", len(maps["one life"]), len(maps["two lives"]), ".0f")
    line("page KiB", pages["one life"].stat().st_size / 1024,
         pages["two lives"].stat().st_size / 1024, ".0f")
    line("ready ms (median)", one["ready"], two["ready"], ".0f")
    for speed in ("1x", "16x"):
        line(f"frame work p95 ms at {speed}", one[speed]["work_p95"], two[speed]["work_p95"],
             ".2f")
        line(f"frame interval p95 ms at {speed}", one[speed]["gap_p95"],
             two[speed]["gap_p95"], ".2f")
    line("canvas redraws per frame (play)", one["play"]["per_frame"],
         two["play"]["per_frame"], ".2f")
    line("whole map at 1x, story seconds", one["play"]["pacing"]["life"],
         two["play"]["pacing"]["life"], ".0f")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
