"""Checks shared by the tests of the real-biography sets under ``bench/bios/<split>/``.

Each split holds ``index.csv`` (one row per life), ``texts/<id>.txt``, ``gold/<id>.csv`` and
``toponyms.csv``; ``bench/bios/README.md`` describes them. The functions here read one split
and return lists of problems (empty when the split is sound), so a test can assert on them
and print every problem at once.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from geo.errors import ItineraryError
from geo.itinerary import Itinerary

BIOS = Path(__file__).resolve().parents[1] / "bench" / "bios"

#: Licences a committed text may carry (see bench/bios/README.md).
LICENCES = frozenset({"CC BY-SA 3.0", "CC BY-SA 4.0", "public domain"})
STYLES = frozenset({"cased", "lower-noaccent"})
TOPONYM_KINDS = frozenset({"settlement", "inside", "region", "country", "other"})
INDEX_COLUMNS = ["id", "person", "born", "died", "sex", "region", "profession", "style", "words",
                 "url", "retrieved", "licence", "repository", "notes"]
TOPONYM_COLUMNS = ["text_id", "name", "char_start", "char_end", "kind", "within", "country",
                   "admin1", "lat", "lon", "note"]
MIN_CHARS = 2500
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a UTF-8 CSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def read_text(split: str, text_id: str) -> str:
    """A text exactly as the offsets in ``toponyms.csv`` count it."""
    with (BIOS / split / "texts" / f"{text_id}.txt").open(encoding="utf-8", newline="") as fh:
        return fh.read()


def index_problems(split: str) -> list[str]:
    """Every index row has its text and gold, a known licence and style, and a long text."""
    header, rows = read_rows(BIOS / split / "index.csv")
    problems = [] if header == INDEX_COLUMNS else [f"index header is {header}"]
    ids = [r["id"] for r in rows]
    problems += [f"duplicate id {i}" for i in sorted(set(ids)) if ids.count(i) > 1]
    for r in rows:
        i = r["id"]
        if r["licence"] not in LICENCES:
            problems.append(f"{i}: licence {r['licence']!r} is not one of {sorted(LICENCES)}")
        if r["style"] not in STYLES:
            problems.append(f"{i}: style {r['style']!r}")
        if not r["url"].startswith("https://"):
            problems.append(f"{i}: url {r['url']!r}")
        for part in ("texts", "gold"):
            ext = "txt" if part == "texts" else "csv"
            if not (BIOS / split / part / f"{i}.{ext}").is_file():
                problems.append(f"{i}: {part}/{i}.{ext} is missing")
        if not (BIOS / split / "texts" / f"{i}.txt").is_file():
            continue
        text = read_text(split, i)
        if len(text) < MIN_CHARS:
            problems.append(f"{i}: text has {len(text)} characters (< {MIN_CHARS})")
        if str(len(text.split())) != r["words"]:
            problems.append(f"{i}: words {r['words']} but the text has {len(text.split())}")
        if r["style"] == "lower-noaccent" and (text != text.lower() or not text.isascii()):
            problems.append(f"{i}: lower-noaccent text has capitals or non-ASCII letters")
    return problems


def gold_problems(split: str) -> list[str]:
    """Every gold file validates as an itinerary and names its own text in ``source``."""
    problems = []
    for r in read_rows(BIOS / split / "index.csv")[1]:
        path = BIOS / split / "gold" / f"{r['id']}.csv"
        try:
            it = Itinerary.from_csv(path)
        except ItineraryError as e:
            problems.append(str(e))
            continue
        wrong = [s for s in it.df["source"] if not s.startswith(f"{r['id']}.txt: ")]
        if wrong:
            problems.append(f"{path.name}: source {wrong[0]!r} does not start with the text name")
    return problems


def toponym_problems(split: str) -> list[str]:
    """Every toponym row spells its name at its offsets and has a sane kind and point."""
    header, rows = read_rows(BIOS / split / "toponyms.csv")
    problems = [] if header == TOPONYM_COLUMNS else [f"toponyms header is {header}"]
    ids = {r["id"] for r in read_rows(BIOS / split / "index.csv")[1]}
    texts = {i: read_text(split, i) for i in ids}
    last: dict[str, int] = {}
    for n, r in enumerate(rows, start=2):
        where = f"toponyms.csv row {n}"
        text = texts.get(r["text_id"])
        if text is None:
            problems.append(f"{where}: unknown text_id {r['text_id']!r}")
            continue
        s, e = int(r["char_start"]), int(r["char_end"])
        if text[s:e] != r["name"]:
            problems.append(f"{where}: text[{s}:{e}] is {text[s:e]!r}, not {r['name']!r}")
        if s < last.get(r["text_id"], 0):
            problems.append(f"{where}: overlaps or precedes the previous mention")
        last[r["text_id"]] = e
        if r["kind"] not in TOPONYM_KINDS:
            problems.append(f"{where}: kind {r['kind']!r}")
        if r["kind"] == "inside" and not r["within"]:
            problems.append(f"{where}: an inside place needs its containing settlement")
        if r["country"] and not _COUNTRY.match(r["country"]):
            problems.append(f"{where}: country {r['country']!r}")
        if not (-90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180):
            problems.append(f"{where}: point {r['lat']},{r['lon']}")
    return problems
