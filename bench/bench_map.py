"""Benchmark the story map in headless Chromium: time to ready, and frame times in playback.

Measured side by side in one run (this machine is shared and noisy; compare the ratios):

* the Trotsky map (66 stops) and a synthetic 5,000-stop itinerary, both self-contained;
* a plain folium map of the same points (CircleMarkers and one PolyLine) as a baseline for
  load time.

"ready" is the time from navigation start to ``<html data-ready="true">`` (the story has
drawn its first frame). Pages open from ``file://`` in a browser whose host resolver fails
every lookup, so nothing reaches the network and no request is intercepted (interception
through Playwright adds a round trip per request that a real viewer never pays): tiles fail
at once and the plain folium page gets Leaflet from ``node_modules`` by file URL.

During playback every ``requestAnimationFrame`` callback is timed:
"frame work" is the JavaScript run per animation frame (our tick plus Leaflet's canvas
redraw), "frame interval" the time between frames as the viewer sees them.

The Trotsky map is measured a second time with historical borders (``--borders``): by
default five synthetic snapshots (1880-1939) of 128 wiggly states each, about 650,000
vertices in all before the page's simplification; ``--borders PATH`` measures a local copy
of real snapshots instead (e.g. historical-basemaps, never committed). Page size, ready
time, frame work and redraws per frame are printed beside the plain Trotsky page.

A whole play of the Trotsky map (at ``--play-speed``, 4x by default) counts canvas redraws
(``L.Canvas._redraw``, any layer) per displayed frame; the pacing table gives the story
seconds at 1x of the whole life and of each chapter. ``--baseline OLD.html`` measures an
older render of the same data side by side (e.g. one made from ``main``).

Run: ``python bench/bench_map.py`` (needs ``npm ci`` and Debian chromium, no network).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import folium  # noqa: E402
import pandas as pd  # noqa: E402
from browser_support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    LEAFLET_DIST,
    missing_requirements,
)

from geo.itinerary import KINDS, Itinerary  # noqa: E402
from geo.map import build_map, render_html  # noqa: E402
from geo.map.borders import read_borders  # noqa: E402

# Times every requestAnimationFrame callback, grouped by frame, before any page script runs.
FRAME_PROBE = """
(() => {
  const raf = window.requestAnimationFrame.bind(window);
  const work = new Map();
  window.__frames = { work, stamps: [] };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    const t0 = performance.now();
    try { cb(ts); } finally { work.set(ts, (work.get(ts) || 0) + performance.now() - t0); }
  });
})();
"""


def synthetic_itinerary(n: int, seed: int = 7) -> Itinerary:
    """A random walk of ``n`` stays across the northern hemisphere, from 1700 on."""
    rng = random.Random(seed)
    lat, lon, day = 48.0, 10.0, dt.date(1700, 1, 1)
    rows = []
    for i in range(n):
        start = day
        day = day + dt.timedelta(days=rng.randint(5, 60))
        rows.append({
            "stop": i + 1, "place": f"Place {i + 1}", "modern_name": f"Town {i + 1}",
            "country": "", "lat": round(lat, 4), "lon": round(lon, 4),
            "start": start.isoformat(), "end": day.isoformat(),
            "kind": KINDS[i % len(KINDS)], "period": f"Chapter {i // 100 + 1}",
            "summary": f"Synthetic stay number {i + 1}.", "source": "bench", "geo_source": "",
        })
        lat = max(-55.0, min(70.0, lat + rng.uniform(-3, 3)))
        lon = ((lon + rng.uniform(-5, 5) + 180) % 360) - 180
    return Itinerary(pd.DataFrame(rows), source=f"synthetic-{n}")


def synthetic_borders(folder: Path, years: tuple[int, ...] = (1880, 1900, 1914, 1920, 1939),
                      step: float = 0.02) -> Path:
    """Snapshots of 16 x 8 states over Europe and western Asia, one file per year.

    Each state is a 5° cell whose edges wiggle (two sines, 0.3° and 0.05°) with a vertex
    every ``step`` degrees: about 1,000 vertices a state, as detailed as a real coastline
    file before simplification. The wiggles shift with the year, so snapshots differ.
    """
    folder.mkdir(parents=True, exist_ok=True)
    n = round(5 / step)
    for year in years:
        phase = (year % 97) / 7

        def edge(x0: float, y0: float, dx: float, dy: float,
                 phase: float = phase) -> list[list[float]]:
            out = []
            for k in range(n):
                w = 0.3 * math.sin(k / 15 + phase) + 0.05 * math.sin(k / 3)
                x, y = x0 + dx * k / n, y0 + dy * k / n
                out.append([round(x + w * abs(dy) / 5, 4), round(y + w * abs(dx) / 5, 4)])
            return out

        features = []
        for i in range(16):
            for j in range(8):
                x, y = -20 + 5 * i, 30 + 5 * j
                ring = (edge(x, y, 5, 0) + edge(x + 5, y, 0, 5) + edge(x + 5, y + 5, -5, 0)
                        + edge(x, y + 5, 0, -5))
                ring.append(ring[0])
                features.append({"type": "Feature", "properties": {"NAME": f"State {i}-{j}"},
                                 "geometry": {"type": "Polygon", "coordinates": [ring]}})
        (folder / f"world_{year}.geojson").write_text(json.dumps(
            {"type": "FeatureCollection", "features": features}), encoding="utf-8")
    (folder / "attribution.txt").write_text("Synthetic benchmark borders\n", encoding="utf-8")
    return folder


def plain_folium(itinerary: Itinerary) -> str:
    """What folium alone gives for the same points: markers and a line, no story.

    Leaflet comes from ``node_modules`` by file URL; folium's other CDN assets (jQuery,
    Bootstrap, Font Awesome) fail to resolve, as they would offline.
    """
    df = itinerary.df
    m = folium.Map(location=[40, 20], zoom_start=3, prefer_canvas=True)
    for row in df.itertuples():
        folium.CircleMarker([row.lat, row.lon], radius=5, popup=str(row.place)).add_to(m)
    folium.PolyLine(list(zip(df["lat"], df["lon"], strict=True))).add_to(m)
    html = m.get_root().render()
    for name in ("leaflet.js", "leaflet.css"):
        html = re.sub(r"https://cdn\.jsdelivr\.net/npm/leaflet@[0-9.]+/dist/" + re.escape(name),
                      (LEAFLET_DIST / name).as_uri(), html)
    return html


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[k]


def measure_ready(browser: Any, path: Path, runs: int, story: bool) -> float:
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(path.as_uri())
        if story:
            page.wait_for_selector("html[data-ready=true]", timeout=120_000)
            times.append(page.evaluate("geostory.readyAt"))
        else:
            page.wait_for_load_state("load")
            times.append(page.evaluate(
                "performance.getEntriesByType('navigation')[0].loadEventEnd"))
        context.close()
    return statistics.median(times)


def measure_playback(browser: Any, path: Path, speed: float, seconds: float) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(FRAME_PROBE)
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=120_000)
    result = page.evaluate(f"""() => new Promise((resolve) => {{
        const story = window.geostory;
        story.setSpeed({speed});
        story.play();
        const t0 = performance.now();
        window.__frames.work.clear();
        setTimeout(() => {{
            story.pause();
            const stamps = [...window.__frames.work.keys()].sort((a, b) => a - b);
            const work = stamps.map((s) => window.__frames.work.get(s));
            const gaps = stamps.slice(1).map((s, i) => s - stamps[i]);
            resolve({{ work, gaps, stop: story.state().stop, elapsed: performance.now() - t0 }});
        }}, {seconds * 1000});
    }})""")
    context.close()
    work, gaps = result["work"], result["gaps"]
    return {"frames": len(work), "work_median": statistics.median(work),
            "work_p95": percentile(work, 0.95), "gap_median": statistics.median(gaps),
            "gap_p95": percentile(gaps, 0.95), "reached_stop": result["stop"]}


WHOLE_PLAY = """() => new Promise((resolve) => {
    const story = window.geostory;
    let redraws = 0, frames = 0;
    const redraw = L.Canvas.prototype._redraw;
    L.Canvas.prototype._redraw = function () { redraws++; return redraw.apply(this, arguments); };
    const raf = window.requestAnimationFrame.bind(window);
    const count = () => { frames++; if (story.playing) raf(count); };
    const t0 = performance.now();
    story.on("play", (on) => { if (!on) resolve({ redraws, frames,
        seconds: (performance.now() - t0) / 1000, stop: story.state().stop }); });
    story.setSpeed(SPEED);
    story.play();
    raf(count);
})"""

PACING = """() => {
    const story = window.geostory, out = { life: story.total, chapters: {} };
    for (const p of story.data.periods) {
        story.selectPeriods([p.slug]);
        out.chapters[p.name] = story.total;
    }
    story.selectPeriods([]);
    return out;
}"""


def measure_whole_play(browser: Any, path: Path, speed: float) -> dict[str, float]:
    """Play the whole life once; canvas redraws per displayed frame."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=120_000)
    result = page.evaluate(WHOLE_PLAY.replace("SPEED", repr(float(speed))))
    pacing = page.evaluate(PACING)
    context.close()
    result["per_frame"] = result["redraws"] / max(1, result["frames"])
    result["pacing"] = pacing
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=5000, help="synthetic stops (5000)")
    parser.add_argument("--runs", type=int, default=5, help="page loads per map (5)")
    parser.add_argument("--seconds", type=float, default=4.0, help="playback seconds (4)")
    parser.add_argument("--play-speed", type=float, default=4.0,
                        help="speed of the whole play that counts redraws (4)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="HTML",
                        help="an older self-contained render of data/places.csv to measure "
                        "side by side")
    parser.add_argument("--borders", type=Path, default=None, metavar="PATH",
                        help="historical border snapshots to measure (default: synthetic)")
    parser.add_argument("--basemap", default="tiles", choices=("tiles", "offline"),
                        help="base map of the measured pages (tiles: fall back to the "
                        "offline world, which these offline runs draw)")
    args = parser.parse_args(argv)
    problems = missing_requirements()
    if problems:
        print("bench_map: " + "; ".join(problems), file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-map-"))
    trotsky = Itinerary.from_csv(ROOT / "data" / "places.csv")
    big = synthetic_itinerary(args.stops)
    pages = {}
    for name, it in (("trotsky", trotsky), (f"synthetic-{args.stops}", big)):
        story = folder / f"{name}.html"
        story.write_text(render_html(build_map(it, title=name, self_contained=True,
                                               basemap=args.basemap)), encoding="utf-8")
        plain = folder / f"{name}-folium.html"
        plain.write_text(plain_folium(it), encoding="utf-8")
        pages[name] = (story, plain)
        print(f"{name}: {len(it)} stops, story page {story.stat().st_size // 1024} KiB, "
              f"plain folium {plain.stat().st_size // 1024} KiB", file=sys.stderr)

    borders_dir = args.borders or synthetic_borders(folder / "borders")
    raw_kib = sum(f.stat().st_size for f in borders_dir.iterdir()) // 1024
    snapshots = read_borders(borders_dir)
    with_borders = folder / "trotsky-borders.html"
    with_borders.write_text(render_html(build_map(trotsky, title="trotsky", self_contained=True,
                                                  basemap=args.basemap, borders=snapshots)),
                            encoding="utf-8")
    block = with_borders.read_text(encoding="utf-8").split('id="gs-borders-data">', 1)[1]
    carried = json.loads(block.split("</script>", 1)[0])["snapshots"]
    print(f"trotsky with borders: {len(snapshots)} snapshots read ({raw_kib} KiB of files), "
          f"{len(carried)} in force carried; page {with_borders.stat().st_size // 1024} KiB "
          f"vs {pages['trotsky'][0].stat().st_size // 1024} KiB without", file=sys.stderr)

    rows = {}
    with sync_playwright() as p:
        # No network at all, decided inside the browser (see the module docstring).
        offline = "--host-resolver-rules=MAP * ~NOTFOUND"
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=[*CHROMIUM_ARGS, offline])
        for name, (story, plain) in pages.items():
            ready = measure_ready(browser, story, args.runs, story=True)
            baseline = measure_ready(browser, plain, args.runs, story=False)
            normal = measure_playback(browser, story, 1, args.seconds)
            fast = measure_playback(browser, story, 16, args.seconds)
            rows[name] = {"ready": ready, "folium_load": baseline, "1x": normal, "16x": fast}
        plays = {"this branch": measure_whole_play(browser, pages["trotsky"][0],
                                                   args.play_speed)}
        rows["trotsky+borders"] = {
            "ready": measure_ready(browser, with_borders, args.runs, story=True),
            "folium_load": rows["trotsky"]["folium_load"],
            "1x": measure_playback(browser, with_borders, 1, args.seconds),
            "16x": measure_playback(browser, with_borders, 16, args.seconds)}
        plays["with borders"] = measure_whole_play(browser, with_borders, args.play_speed)
        before = {}
        if args.baseline is not None:
            plays["baseline"] = measure_whole_play(browser, args.baseline, args.play_speed)
            before = {"ready": measure_ready(browser, args.baseline, args.runs, story=True),
                      "1x": measure_playback(browser, args.baseline, 1, args.seconds)}
        browser.close()

    print(f"{'map':<18}{'ready ms':>9}{'folium ms':>10}{'speed':>7}{'frames':>7}"
          f"{'work med':>9}{'work p95':>9}{'gap med':>9}{'gap p95':>9}")
    for name, r in rows.items():
        for speed in ("1x", "16x"):
            f = r[speed]
            print(f"{name:<18}{r['ready']:>9.0f}{r['folium_load']:>10.0f}{speed:>7}"
                  f"{f['frames']:>7}{f['work_median']:>9.2f}{f['work_p95']:>9.2f}"
                  f"{f['gap_median']:>9.1f}{f['gap_p95']:>9.1f}")
    small, large = rows["trotsky"], rows[f"synthetic-{args.stops}"]
    print("ratios:")
    print(f"  ready, {args.stops} stops / Trotsky: {large['ready'] / small['ready']:.1f}x")
    print(f"  ready, story map / plain folium (Trotsky): "
          f"{small['ready'] / small['folium_load']:.2f}x")
    print(f"  ready, story map / plain folium ({args.stops} stops): "
          f"{large['ready'] / large['folium_load']:.2f}x")
    for speed in ("1x", "16x"):
        print(f"  frame work median at {speed}, {args.stops} stops / Trotsky: "
              f"{large[speed]['work_median'] / max(small[speed]['work_median'], 1e-3):.1f}x")
    bordered = rows["trotsky+borders"]
    print(f"  ready, Trotsky with borders / without: {bordered['ready'] / small['ready']:.2f}x "
          f"({bordered['ready']:.0f} vs {small['ready']:.0f} ms)")
    print(f"  frame work p95 at 1x, with borders / without: {bordered['1x']['work_p95']:.2f} vs "
          f"{small['1x']['work_p95']:.2f} ms")
    if before:
        print(f"  ready, Trotsky, this branch / baseline: "
              f"{small['ready'] / before['ready']:.2f}x ({small['ready']:.0f} vs "
              f"{before['ready']:.0f} ms)")
        print(f"  frame work p95 at 1x, this branch / baseline: "
              f"{small['1x']['work_p95'] / max(before['1x']['work_p95'], 1e-3):.2f}x "
              f"({small['1x']['work_p95']:.2f} vs {before['1x']['work_p95']:.2f} ms)")
    print(f"whole play of Trotsky at {args.play_speed:g}x:")
    print(f"  {'page':<13}{'frames':>8}{'redraws':>9}{'per frame':>10}{'wall s':>8}"
          f"{'last stop':>10}")
    for name, r in plays.items():
        print(f"  {name:<13}{r['frames']:>8}{r['redraws']:>9}{r['per_frame']:>10.2f}"
              f"{r['seconds']:>8.1f}{r['stop']:>10}")
    print("story seconds at 1x (whole life, then each chapter):")
    names = ["whole life", *plays["this branch"]["pacing"]["chapters"]]
    print(f"  {'':<36}" + "".join(f"{n:>13}" for n in plays))
    for chapter in names:
        cells = []
        for r in plays.values():
            pacing = r["pacing"]
            value = pacing["life"] if chapter == "whole life" else pacing["chapters"].get(chapter)
            cells.append(f"{value:>13.1f}" if value is not None else f"{'-':>13}")
        print(f"  {chapter[:36]:<36}" + "".join(cells))
    ok = (small["ready"] <= 500 and small["1x"]["work_p95"] <= 16.7
          and plays["this branch"]["per_frame"] <= 1.1
          and bordered["1x"]["work_p95"] <= 16.7)
    print(f"targets (Trotsky ready <= 500 ms, frame work p95 <= 16.7 ms with and without "
          f"borders, redraws per frame <= 1.1): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
