"""Command line: ``python -m geo <command>`` (also installed as ``geostory``).

Commands
--------
render    itinerary CSV -> story map HTML (``render.py`` is a shortcut for this)
export    itinerary CSV -> GeoJSON, Linked Places (JSON-LD, LP-TSV) or GPX
validate  check an itinerary CSV and summarise it
geocode   place name(s) -> coordinates, offline by default
extract   biography text -> draft itinerary CSV
evaluate  compare a draft itinerary with a gold one
corpus    many biographies -> stops, people and flows Parquet and a corpus map (Dask)

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
    p.add_argument("--data", action="append", default=None, metavar="CSV",
                   help=f"itinerary CSV to render (default: {DEFAULT_DATA}); repeat it to put "
                   "several lives on one map (each file's person comes from its person "
                   "column, its CSVW metadata subject or its file name)")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="HTML",
                   help=f"HTML file to write (default: {DEFAULT_OUT})")
    p.add_argument("--period", action="append", default=[], metavar="NAME",
                   help="pre-select a period by name or slug (repeatable)")
    p.add_argument("--from", dest="from_year", type=int, metavar="YEAR",
                   help="keep only stays that overlap this year or later")
    p.add_argument("--to", dest="to_year", type=int, metavar="YEAR",
                   help="keep only stays that overlap this year or earlier")
    p.add_argument("--title", default=None,
                   help="title shown on the map and in the tab (default: dc:title or "
                   "dc:subject and the years from <CSV>-metadata.json, else the output "
                   "file name and the years, e.g. 'Trotsky, 1879–1940')")
    p.add_argument("--autoplay", action="store_true",
                   help="start playing when the page opens (not for viewers who prefer "
                   "reduced motion)")
    p.add_argument("--self-contained", action="store_true",
                   help="inline Leaflet and every style and icon, so the page requests "
                   "nothing but map tiles (needs `npm ci` once, or downloads Leaflet into "
                   "the user cache)")
    p.add_argument("--basemap", choices=("tiles", "offline", "none"), default="tiles",
                   help="tiles: OpenStreetMap tiles (a self-contained page also carries "
                   "an offline world for when they fail); offline: the page's own Natural "
                   "Earth land and present-day borders, no tiles; none: no base map "
                   "(default: tiles)")
    p.add_argument("--borders", default=None, metavar="PATH",
                   help="historical borders: a folder of GeoJSON/TopoJSON snapshots named by "
                   "year (world_1914.geojson, world_bc500.geojson) or one file whose features "
                   "carry a 'year' property; the map draws the snapshot in force at the "
                   "story's date (see README, 'Historical borders')")
    p.add_argument("--borders-attribution", default=None, metavar="TEXT",
                   help="credit shown with the borders (default: the first line of "
                   "<snapshot>.attribution.txt or attribution.txt beside the snapshots)")
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

    from geo._io import refuse_to_overwrite, write_text_atomic
    from geo.dates import years_label
    from geo.itinerary import Itinerary
    from geo.map import build_map, render_html
    from geo.map.sources import read_dataset_title

    data = args.data or [DEFAULT_DATA]
    refuse_to_overwrite(args.out, [*data, args.borders], "--out")
    itinerary = Itinerary.from_csvs(data)
    try:
        selected = itinerary.select(args.period, args.from_year, args.to_year)
    except ValueError as e:  # --to before --from
        raise GeoError(str(e)) from None
    if len(selected) == 0:
        raise GeoError(f"{itinerary.source}: no stops between {args.from_year or 'the start'} "
                       f"and {args.to_year or 'the end'}")
    first, last = selected.get_time_span()
    years = years_label(first.earliest().year, last.latest().year)
    if args.title is not None:
        title = args.title
    elif len(data) == 1:
        title = read_dataset_title(data[0], years) or _default_title(args.out, years)
    else:  # several lives: their names ("Leon Trotsky and Vladimir Lenin, 1870–1940")
        people = selected.get_people()
        title = f"{', '.join(people[:-1])} and {people[-1]}, {years}"
    borders = []
    if args.borders is not None:
        from geo.map.borders import read_borders

        borders = read_borders(args.borders, attribution=args.borders_attribution)
    m = build_map(itinerary, title=title, periods=args.period, start_year=args.from_year,
                  end_year=args.to_year, autoplay=args.autoplay,
                  self_contained=args.self_contained, basemap=args.basemap, borders=borders)
    html = render_html(m)
    write_text_atomic(args.out, html)
    # The page holds every stop of the years asked for; --period only chooses the chapter
    # it opens on, so say both.
    shown = len(itinerary.between_years(args.from_year, args.to_year))
    opens = ""
    if args.period:
        names = [itinerary.get_period(p).name for p in args.period]
        opens = (f", opens on {' + '.join(names)}: {len(selected)} "
                 f"stop{'s' * (len(selected) != 1)}")
    print(f"wrote {args.out} ({shown} stop{'s' * (shown != 1)}{opens}, "
          f"{len(html) // 1024} KiB{', self-contained' if args.self_contained else ''}"
          f"{f', {len(borders)} border snapshots read' if borders else ''})",
          file=sys.stderr)
    if args.embed_snippet is not None:
        print(embed_snippet(args.embed_snippet or PurePath(args.out).as_posix(), title))
    return 0


# -- export -------------------------------------------------------------------------------
def _add_export(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="export an itinerary as GeoJSON, Linked Places or GPX",
                       description="Export an itinerary: GeoJSON (stops as Points, legs as "
                       "LineStrings), Linked Places Format 1.1 (JSON-LD) or LP-TSV v0.5 for "
                       "the World Historical Gazetteer, or GPX (stops as waypoints, legs as "
                       "a route).")
    p.add_argument("data", nargs="*", metavar="CSV",
                   help=f"itinerary CSV(s) (default: {DEFAULT_DATA}); several files put "
                   "several lives in one export, each feature keeping its person")
    p.add_argument("--data", dest="more_data", action="append", default=[], metavar="CSV",
                   help="another itinerary CSV, as for render (repeatable)")
    p.add_argument("--format", choices=("geojson", "lpf", "lpf-tsv", "gpx"),
                   default="geojson", help="output format (default: geojson)")
    p.add_argument("--base-uri", metavar="URI",
                   help="base of the place ids in lpf and lpf-tsv, e.g. "
                   "https://example.org/trotsky/places/ (default: urn:geostory:<CSV name>:)")
    p.add_argument("-o", "--out", metavar="FILE",
                   help="file to write (default: standard output)")
    p.set_defaults(func=_run_export)


def _data_files(args: argparse.Namespace) -> list[str]:
    """The CSVs given as arguments and with ``--data``, in that order (default: one)."""
    return list(dict.fromkeys([*args.data, *getattr(args, "more_data", [])])) or [DEFAULT_DATA]


def _run_export(args: argparse.Namespace) -> int:
    from geo._io import refuse_to_overwrite
    from geo.export import iter_export, write_export
    from geo.itinerary import Itinerary
    from geo.metadata import read_dataset_info

    data = _data_files(args)
    refuse_to_overwrite(args.out, data, "--out")
    itinerary = Itinerary.from_csvs(data)
    info = read_dataset_info(data)
    if args.out is None:
        for chunk in iter_export(itinerary, args.format, base_uri=args.base_uri,
                                 metadata=info):
            _write_stdout(chunk)
        return 0
    write_export(itinerary, args.out, args.format, base_uri=args.base_uri, metadata=info)
    print(f"wrote {args.out} ({len(itinerary)} stops, {args.format})", file=sys.stderr)
    return 0


def _write_stdout(text: str) -> None:
    """Data to standard output as UTF-8, whatever the terminal's encoding."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # replaced by a test or a notebook: it takes text
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _report_output(text: str, out: str | None, summary: str) -> None:
    """Print ``text`` when no output file was given; else say what was written."""
    if out is None:
        _write_stdout(text)
    else:
        print(f"wrote {out} ({summary})", file=sys.stderr)


# -- validate -----------------------------------------------------------------------------
def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="check an itinerary CSV and summarise it",
                       description="Check an itinerary CSV against the schema; list every "
                       "problem, or summarise its periods.")
    p.add_argument("data", nargs="*", metavar="CSV",
                   help=f"itinerary CSV(s) (default: {DEFAULT_DATA}); each is checked with "
                   "its CSVW metadata (<CSV>-metadata.json) when it has one")
    p.add_argument("--data", dest="more_data", action="append", default=[], metavar="CSV",
                   help="another itinerary CSV, as for render (repeatable)")
    p.set_defaults(func=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from geo.errors import ItineraryError
    from geo.geometry import route_length_km
    from geo.itinerary import REQUIRED_COLUMNS, Itinerary
    from geo.metadata import check_metadata

    data = _data_files(args)
    errors: list[str] = []
    for path in data:
        try:
            it = Itinerary.from_csv(path)
        except ItineraryError as e:
            errors += [str(p) for p in e.problems]
            continue
        findings = check_metadata(path, REQUIRED_COLUMNS)
        for f in findings:
            if f.severity == "warning":
                print(f"warning: {f}", file=sys.stderr)
        errors += [str(f) for f in findings if f.severity == "error"]
        print(f"{path}: {it!r}, route {route_length_km(it):,.0f} km")
        for p in it.get_periods():
            n = len(p.stops)
            print(f"  {p.label:>9}  {p.name} ({n} stop{'s' * (n != 1)}) #period={p.slug}")
    if not errors and len(data) > 1:
        both = Itinerary.from_csvs(data)  # one life per file: raises when two files share one
        print(f"together: {both!r}")
    if errors:
        raise GeoError("\n".join(errors))
    return 0


# -- geocode ------------------------------------------------------------------------------
def _add_geocode(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geocode", help="place name(s) -> coordinates, offline by default",
        description="Find where a (historical) place name is, from the offline gazetteer. "
        "Give one NAME, or --csv with a column of names to fill lat, lon and geo_source.")
    p.add_argument("name", nargs="?", metavar="NAME", help="place name, e.g. Prinkipo")
    p.add_argument("--year", type=int, metavar="YEAR",
                   help="year of the mention (weighs historical names by their years of use)")
    p.add_argument("--country", metavar="CC",
                   help="country named alongside: ISO alpha-2 code or name (a preference)")
    p.add_argument("--near", metavar="LAT,LON",
                   help="a point the place is near (batch mode: for every row); nearer "
                   "places rank higher")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--all", action="store_true", help="list every candidate, best first")
    p.add_argument("--online", action="store_true",
                   help="ask Nominatim (1 request/s, cached on disk) when offline data has "
                   "nothing")
    p.add_argument("--csv", metavar="CSV", help="batch mode: CSV file with a column of names")
    p.add_argument("--column", default="place",
                   help="batch mode: column holding the names (default: place)")
    p.add_argument("-o", "--out", metavar="CSV",
                   help="batch mode: CSV to write (default: standard output)")
    p.add_argument("--context-column", metavar="COL",
                   help="batch mode: column naming where each row's place is (a state, "
                   "province, country or city), read as 'NAME, CONTEXT'")
    p.add_argument("--chain", action="store_true",
                   help="batch mode: read the rows as one journey, each row's point "
                   "becoming the next row's --near (default: rows are independent)")
    p.set_defaults(func=_run_geocode)


def _parse_near(text: str | None) -> tuple[float, float] | None:
    if text is None:
        return None
    try:
        lat, lon = (float(v) for v in text.split(","))
    except ValueError:
        raise GeoError(f"--near: expected LAT,LON in degrees, instead got {text!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeoError(f"--near: expected LAT,LON in degrees, instead got {text!r}")
    return lat, lon


class _Progress:
    """A one-line progress bar on stderr for long batches (redrawn at most 10 times/s)."""

    def __init__(self, minimum: int = 200) -> None:
        import time

        self.minimum = minimum
        self._time = time.monotonic
        self._last = 0.0
        self._shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < self.minimum:
            return
        now = self._time()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = width * done // total
        print(f"\rgeocoding [{'#' * filled}{'.' * (width - filled)}] {done}/{total}",
              end="", file=sys.stderr, flush=True)
        self._shown = True
        if done == total:
            print(file=sys.stderr)


def _geocode_csv(geocoder: object, args: argparse.Namespace,
                 near: tuple[float, float] | None) -> int:
    import csv
    import io
    from pathlib import Path

    from geo._io import write_text_atomic
    from geo.places.geocoder import geocode_rows

    try:
        text = Path(args.csv).read_text(encoding="utf-8-sig")
    except OSError as e:
        raise GeoError(f"{args.csv}: cannot read ({e.strerror})") from e
    except UnicodeDecodeError as e:
        raise GeoError(f"{args.csv}: not UTF-8 text ({e.reason} at byte {e.start})") from e
    reader = csv.DictReader(io.StringIO(text))
    fields = list(reader.fieldnames or [])
    for wanted in (args.column, args.context_column):
        if wanted is not None and wanted not in fields:
            raise GeoError(f"{args.csv}: no column {wanted!r} "
                           f"(columns: {', '.join(fields) or 'none'})")
    rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
    try:
        out_rows, misses = geocode_rows(
            geocoder, rows, args.column, country=args.country, year=args.year,  # type: ignore[arg-type]
            near=near, chain=args.chain, context_column=args.context_column,
            source=args.csv, progress=_Progress())
    except ValueError as e:
        raise GeoError(str(e)) from e
    fields += [c for c in ("lat", "lon", "geo_source") if c not in fields]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out_rows)
    if args.out is None:
        _write_stdout(buffer.getvalue())
    else:
        write_text_atomic(args.out, buffer.getvalue())
    found = len(rows) - len(misses)
    print(f"geocoded {found} of {len(rows)} rows" + (f" -> {args.out}" if args.out else ""),
          file=sys.stderr)
    if misses:
        listed = "; ".join(f"row {n}: {name!r}" for n, name in misses)
        print(f"{args.csv}: {len(misses)} not found: {listed}", file=sys.stderr)
    return 0


def _run_geocode(args: argparse.Namespace) -> int:
    import json

    from geo.errors import PlaceNotFound
    from geo.places.geocoder import HistoricalGeocoder

    if (args.name is None) == (args.csv is None):
        raise GeoError("geocode: give one place NAME or --csv FILE (not both)")
    near = _parse_near(args.near)
    geocoder = HistoricalGeocoder(online=args.online)
    if args.csv is not None:
        return _geocode_csv(geocoder, args, near)
    try:
        found = geocoder.geocode(args.name, exactly_one=False, country=args.country,
                                 near=near, year=args.year)
    except ValueError as e:
        raise GeoError(str(e)) from e
    if not found:
        raise PlaceNotFound(f"no place found for {args.name!r}")
    results = found if args.all else found[:1]
    if args.json:
        items = [{"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
                  **{k: v for k, v in loc.raw.items() if k != "nominatim"}} for loc in results]
        print(json.dumps(items if args.all else items[0], ensure_ascii=False, indent=2))
    else:
        for loc in results:
            print(f"{loc.latitude:.5f},{loc.longitude:.5f}\t{loc.address}\t{loc.raw['source']}"
                  f"\t(score {loc.raw['score']})")
    return 0


# -- extract ------------------------------------------------------------------------------
def _add_extract(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="biography text -> draft itinerary CSV",
                       description="Read a biography (UTF-8 text, cased or lowercased) and "
                       "write a draft itinerary: the places.csv columns plus mention, "
                       "char_start, char_end, confidence and why.")
    p.add_argument("file", metavar="FILE", help="biography as a UTF-8 text file")
    p.add_argument("-o", "--out", metavar="CSV",
                   help="draft CSV to write (default: standard output)")
    p.add_argument("--mentions", metavar="CSV",
                   help="also write every place mention found, kept or rejected, with its "
                   "reason, stop and gazetteer candidates")
    p.add_argument("--automaton", action="store_true",
                   help="match names with a pyahocorasick automaton (same matches as the "
                   "default word scan; needs the 'extract' extra)")
    p.set_defaults(func=_run_extract)


def _run_extract(args: argparse.Namespace) -> int:
    import os

    from geo._io import refuse_to_overwrite, write_text_atomic
    from geo.errors import OutputError
    from geo.extract import extract_file, write_draft, write_mentions

    refuse_to_overwrite(args.out, [args.file], "-o")
    if args.mentions:
        refuse_to_overwrite(args.mentions, [args.file, args.out], "--mentions")
        if args.out and os.path.abspath(args.out) == os.path.abspath(args.mentions):
            raise OutputError(f"{args.mentions}: is also the draft (-o); choose another "
                              "--mentions")
    draft = extract_file(args.file, use_automaton=args.automaton)
    text = write_draft(draft, None)  # validates; nothing is written when the draft is bad
    if args.mentions:
        write_mentions(draft, args.mentions)
    if args.out:
        write_text_atomic(args.out, text)
    _report_output(text, args.out, f"{len(draft.stops)} stops"
                   + (f", {len(draft.mentions)} mentions in {args.mentions}"
                      if args.mentions else ""))
    return 0


# -- evaluate -----------------------------------------------------------------------------
def _add_evaluate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("evaluate", help="score a draft itinerary against a gold one",
                       description="Compare a draft itinerary with a gold one: stop "
                       "precision, recall and F1 (a match is within 50 km with overlapping "
                       "years, one-to-one, greedy by distance), year accuracy and "
                       "coordinate error.")
    p.add_argument("draft", metavar="DRAFT", help="predicted itinerary CSV")
    p.add_argument("gold", metavar="GOLD", help="reference itinerary CSV")
    p.add_argument("--max-km", type=float, default=50.0, metavar="KM",
                   help="farthest distance for a match (default: 50)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=_run_evaluate)


def _run_evaluate(args: argparse.Namespace) -> int:
    from geo.evaluate import evaluate_files, format_score

    score = evaluate_files(args.draft, args.gold, max_km=args.max_km)
    print(format_score(score, as_json=args.json))
    return 0


# -- review -------------------------------------------------------------------------------
def _add_review(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="biography text -> review page (HTML) for its draft",
                       description="Write one self-contained HTML page to review a drafted "
                       "itinerary beside its text and map: accept, reject, re-place, re-date "
                       "and save the stops as CSV.")
    p.add_argument("file", metavar="BIO", help="biography as a UTF-8 text file")
    p.add_argument("--draft", metavar="CSV",
                   help="draft or saved review to resume (default: draft the text now)")
    p.add_argument("-o", "--out", required=True, metavar="HTML", help="page to write")
    p.add_argument("--title", default=None, help="page heading (default: Review: <BIO name>)")
    p.set_defaults(func=_run_review)


def _run_review(args: argparse.Namespace) -> int:
    from geo.review import write_review_page

    n = write_review_page(args.out, args.file, args.draft, title=args.title)
    print(f"wrote {args.out} ({n} stops to review)", file=sys.stderr)
    return 0


# -- corpus -------------------------------------------------------------------------------
def _add_corpus(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("corpus", help="many biographies -> Parquet tables and a corpus map",
                       description="Extract every .txt biography given (files, folders, "
                       "globs) as a Dask job and write stops.parquet, people.parquet, "
                       "flows.parquet, corpus.html and lives/<person>.html into OUTDIR. Texts "
                       "unchanged since the last run are not extracted again. Needs the "
                       "'corpus' extra.")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a .txt file, a folder (every .txt below it) or a glob pattern")
    p.add_argument("-o", "--out", required=True, metavar="OUTDIR",
                   help="folder for the tables, the corpus map and the life pages")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://host:8786 (default: "
                   "local worker processes)")
    p.add_argument("--workers", type=int, metavar="N",
                   help="local worker processes (default: one per CPU; not used with "
                   "--scheduler)")
    p.add_argument("--force", action="store_true",
                   help="extract every text again, even those unchanged since the last run")
    p.add_argument("--title", default="", help="title of the corpus map (default: OUTDIR's name)")
    p.add_argument("--no-progress", action="store_true", help="do not draw a progress bar")
    p.set_defaults(func=_run_corpus)


def _run_corpus(args: argparse.Namespace) -> int:
    from geo.corpus import require_corpus_packages

    require_corpus_packages()
    from geo.corpus.run import run_corpus

    summary = run_corpus(args.inputs, args.out, scheduler=args.scheduler, workers=args.workers,
                         force=args.force, progress=not args.no_progress, title=args.title)
    print(summary, file=sys.stderr)
    return 0


# -- main ---------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    """The ``python -m geo`` argument parser with every command."""
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="geostory: turn a life told in text into an animated map.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in (_add_render, _add_export, _add_validate, _add_geocode, _add_extract,
                _add_evaluate, _add_review, _add_corpus):
        add(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the exit code (0 ok, 1 expected failure, 2 usage)."""
    # Messages never fail on a terminal that cannot show a character (an ASCII-only
    # locale): such characters are written as escapes instead.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
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
