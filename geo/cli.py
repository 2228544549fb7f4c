"""Command line: ``python -m geo <command>`` (also installed as ``geostory``).

Commands
--------
render    itinerary CSV -> story map HTML (``render.py`` is a shortcut for this)
export    itinerary CSV -> GeoJSON or Linked Places Format
validate  check an itinerary CSV and summarise it
geocode   place name(s) -> coordinates, offline by default
extract   biography text -> draft itinerary CSV
evaluate  compare a draft itinerary with a gold one

Expected failures (bad input, a place not found) print one line per problem on stderr
and exit with 1; a traceback means a bug.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from geo.errors import GeoError

__all__ = ["build_parser", "main"]

DEFAULT_DATA = "data/places.csv"
DEFAULT_OUT = "maps/trotsky.html"


# -- render -------------------------------------------------------------------------------
def _add_render(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render an itinerary CSV as a story map (HTML)",
                       description="Render an itinerary CSV as an animated story map.")
    add_render_arguments(p)
    p.set_defaults(func=_run_render)


def add_render_arguments(p: argparse.ArgumentParser) -> None:
    """Options shared by ``python -m geo render`` and ``python render.py``."""
    p.add_argument("--data", default=DEFAULT_DATA, metavar="CSV",
                   help=f"itinerary CSV to render (default: {DEFAULT_DATA})")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="HTML",
                   help=f"HTML file to write (default: {DEFAULT_OUT})")
    p.add_argument("--period", action="append", default=[], metavar="NAME",
                   help="pre-select a period by name or slug (repeatable)")
    p.add_argument("--from", dest="from_year", type=int, metavar="YEAR",
                   help="keep only stays that overlap this year or later")
    p.add_argument("--to", dest="to_year", type=int, metavar="YEAR",
                   help="keep only stays that overlap this year or earlier")
    p.add_argument("--title", default=None,
                   help="title shown on the map and in the tab (default: from the output "
                   "file name and the years, e.g. 'Trotsky, 1879–1940')")
    p.add_argument("--autoplay", action="store_true",
                   help="start playing when the page opens (not for viewers who prefer "
                   "reduced motion)")
    p.add_argument("--self-contained", action="store_true",
                   help="inline Leaflet and every style and icon, so the page requests "
                   "nothing but map tiles (needs `npm ci` once, or downloads Leaflet into "
                   "the user cache)")
    p.add_argument("--embed-snippet", nargs="?", const="", default=None, metavar="URL",
                   help="also print an <iframe> snippet that embeds the map; URL is where "
                   "the page will be served (default: the --out path)")


def _default_title(out: str, years: str) -> str:
    """``maps/trotsky.html`` + ``1879–1940`` -> ``Trotsky, 1879–1940``."""
    from pathlib import PurePath

    words = PurePath(out).stem.replace("_", " ").replace("-", " ").split()
    name = " ".join(w[:1].upper() + w[1:] for w in words) or "A life on the map"
    return f"{name}, {years}"


def embed_snippet(src: str, title: str) -> str:
    """An ``<iframe>`` that embeds a story map; ``src`` and ``title`` are escaped.

    >>> print(embed_snippet("maps/trotsky.html", "Trotsky, 1879–1940").replace('" ', '"\\n'))
    <iframe src="maps/trotsky.html"
    title="Trotsky, 1879–1940"
    style="width:100%;height:600px;max-height:90vh;border:0"
    loading="lazy"
    allow="fullscreen"></iframe>
    """
    from html import escape

    return (f'<iframe src="{escape(src)}" title="{escape(title)}" '
            'style="width:100%;height:600px;max-height:90vh;border:0" loading="lazy" '
            'allow="fullscreen"></iframe>')


def _run_render(args: argparse.Namespace) -> int:
    from pathlib import PurePath

    from geo._io import write_text_atomic
    from geo.itinerary import Itinerary
    from geo.mapping import build_map, render_html

    itinerary = Itinerary.from_csv(args.data)
    try:
        selected = itinerary.select(args.period, args.from_year, args.to_year)
    except ValueError as e:  # --to before --from
        raise GeoError(str(e)) from None
    if len(selected) == 0:
        raise GeoError(f"{args.data}: no stops between {args.from_year or 'the start'} and "
                       f"{args.to_year or 'the end'}")
    first, last = selected.get_time_span()
    years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    title = args.title if args.title is not None else _default_title(args.out, years)
    m = build_map(itinerary, title=title, periods=args.period, start_year=args.from_year,
                  end_year=args.to_year, autoplay=args.autoplay,
                  self_contained=args.self_contained)
    html = render_html(m)
    write_text_atomic(args.out, html)
    print(f"wrote {args.out} ({len(selected)} stops, {len(html) // 1024} KiB"
          f"{', self-contained' if args.self_contained else ''})", file=sys.stderr)
    if args.embed_snippet is not None:
        print(embed_snippet(args.embed_snippet or PurePath(args.out).as_posix(), title))
    return 0


# -- export -------------------------------------------------------------------------------
def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export an itinerary as GeoJSON or Linked Places",
                       description="Export an itinerary: GeoJSON (stops as Points, legs as "
                       "LineStrings) or Linked Places Format 1.1 for the World Historical "
                       "Gazetteer.")
    p.add_argument("data", nargs="?", default=DEFAULT_DATA, metavar="CSV",
                   help=f"itinerary CSV (default: {DEFAULT_DATA})")
    p.add_argument("--format", choices=("geojson", "lpf"), default="geojson",
                   help="output format (default: geojson)")
    p.add_argument("-o", "--out", metavar="FILE",
                   help="file to write (default: standard output)")
    p.set_defaults(func=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    from geo.export import write_export
    from geo.itinerary import Itinerary

    itinerary = Itinerary.from_csv(args.data)
    text = write_export(itinerary, args.out, args.format)
    if args.out is None:
        sys.stdout.write(text)
    else:
        print(f"wrote {args.out} ({len(itinerary)} stops, {args.format})", file=sys.stderr)
    return 0


# -- validate -----------------------------------------------------------------------------
def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check an itinerary CSV and summarise it",
                       description="Check an itinerary CSV against the schema; list every "
                       "problem, or summarise its periods.")
    p.add_argument("data", nargs="?", default=DEFAULT_DATA, metavar="CSV",
                   help=f"itinerary CSV (default: {DEFAULT_DATA})")
    p.set_defaults(func=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from geo.geometry import route_length_km
    from geo.itinerary import Itinerary

    it = Itinerary.from_csv(args.data)
    print(f"{args.data}: {it!r}, route {route_length_km(it):,.0f} km")
    for p in it.get_periods():
        print(f"  {p.label:>9}  {p.name} ({len(p.stops)} stops) #period={p.slug}")
    return 0


# -- geocode (owned by the geocoder work) -------------------------------------------------
def _add_geocode(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("geocode", help="place name(s) -> coordinates, offline by default")
    p.set_defaults(func=_run_geocode)


def _run_geocode(args: argparse.Namespace) -> int:
    raise GeoError("geocode is not available yet")


# -- extract (owned by the extractor work) ------------------------------------------------
def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="biography text -> draft itinerary CSV")
    p.set_defaults(func=_run_extract)


def _run_extract(args: argparse.Namespace) -> int:
    raise GeoError("extract is not available yet")


# -- evaluate (owned by the extractor work) -----------------------------------------------
def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score a draft itinerary against a gold one")
    p.set_defaults(func=_run_evaluate)


def _run_evaluate(args: argparse.Namespace) -> int:
    raise GeoError("evaluate is not available yet")


# -- main ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The ``python -m geo`` argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="geostory: turn a life told in text into an animated map.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_render, _add_export, _add_validate, _add_geocode, _add_extract,
                _add_evaluate):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit code (0 ok, 1 expected failure, 2 usage)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except GeoError as e:
        for line in str(e).splitlines() or [type(e).__name__]:
            print(f"error: {line}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `python -m geo export | head`
        return 0
