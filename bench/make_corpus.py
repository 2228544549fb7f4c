"""Invented biographies with gold itineraries, to score and time corpus runs.

``python bench/make_corpus.py N OUTDIR [--seed S]`` writes ``OUTDIR/texts/<id>.txt`` (a short
invented life) and ``OUTDIR/gold/<id>.csv`` (its itinerary in the ``data/places.csv``
schema) for ``N`` people, and prints a short summary. The people are invented: given names
and surnames are drawn at random and combined, births fall between 1500 and 1900, and
every life ends by 1990. Places are big cities of the project gazetteer
(:func:`geo.places.gazetteer.get_gazetteer`, population above 100,000); name, country and
coordinates of each gold row come from it. Every visit kind has several sentence templates,
dates are written "in 1871", "in May 1871" or "on 3 May 1871", lives are cut into sections
whose headings carry years, and a share of the texts is lowercased and stripped of accents,
as plain-text dumps often are. The same seed gives the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from geo._io import write_text_atomic
from geo.itinerary import COLUMNS

#: Candidate cities, looked up in the gazetteer; those absent or smaller than
#: :data:`MIN_POPULATION` are left out.
CITY_NAMES: tuple[str, ...] = (
    "Amsterdam", "Athens", "Barcelona", "Berlin", "Bordeaux", "Bologna", "Bratislava",
    "Brussels", "Bucharest", "Budapest", "Buenos Aires", "Cairo", "Copenhagen", "Dresden",
    "Dublin", "Edinburgh", "Florence", "Geneva", "Genoa", "Glasgow", "Hamburg", "Havana",
    "Helsinki", "Istanbul", "Kraków", "Leipzig", "Lima", "Lisbon", "Liverpool", "London",
    "Lyon", "Madrid", "Manchester", "Marseille", "Mexico City", "Milan", "Montreal",
    "Moscow", "Munich", "Naples", "Odesa", "Oslo", "Palermo", "Paris", "Porto", "Prague",
    "Riga", "Rome", "Rotterdam", "São Paulo", "Seville", "Stockholm", "Toulouse", "Turin",
    "Valencia", "Venice", "Vienna", "Vilnius", "Warsaw", "Zürich", "Bogotá", "Córdoba",
    "Málaga", "Göteborg", "Tbilisi", "Kyiv", "Tunis", "Algiers", "Casablanca", "Boston",
    "Philadelphia", "Chicago", "New Orleans", "Sydney", "Melbourne", "Calcutta", "Bombay",
)
#: Smallest gazetteer population (people) a city needs to be used.
MIN_POPULATION = 100_000
#: Earliest and latest birth year of an invented person.
BIRTH_YEARS = (1500, 1900)
#: Latest death year.
LAST_YEAR = 1990
#: Share of texts written lowercased and without accents.
FOLDED_SHARE = 0.25

GIVEN = {
    "he": ("Anton", "Bruno", "Carlo", "Dmitri", "Emil", "Felix", "Gaspard", "Henrik",
           "Ignacy", "Jonas", "Karel", "Lorenz", "Matteo", "Nils", "Oskar", "Pavel",
           "Rafael", "Sandor", "Tomas", "Viktor"),
    "she": ("Agnes", "Berta", "Clara", "Dora", "Elsa", "Frida", "Greta", "Helena", "Ines",
            "Jana", "Klara", "Lea", "Marta", "Nora", "Olga", "Paula", "Rosa", "Sofia",
            "Tereza", "Vera"),
}
SURNAMES = ("Aldrin", "Berecz", "Castel", "Dvorsky", "Elmqvist", "Ferrand", "Galvani",
            "Halvorsen", "Ivanek", "Jaroslav", "Kessler", "Lindqvist", "Morvan", "Novalis",
            "Orsini", "Petrescu", "Quennell", "Rasmussen", "Sokolov", "Tavernier", "Ulmann",
            "Varga", "Weidling", "Zamora")
PROFESSIONS = ("painter", "engineer", "printer", "physician", "composer", "teacher",
               "cartographer", "journalist", "botanist", "bookseller")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Sentence templates per visit kind: ``{name}``, ``{pron}``, ``{place}``, ``{date}``.
TEMPLATES: dict[str, tuple[str, ...]] = {
    "birth": ("{name} was born in {place} {date}.",
              "{name} was born {date} in {place}, the youngest of four children.",
              "Born in {place} {date}, {name} grew up above a workshop."),
    "school": ("{Pron} began to study in {place} {date}.",
               "{date_cap}, {pron} went to {place} to study law and drawing.",
               "{Pron} enrolled at the academy in {place} {date}."),
    "residence": ("{date_cap}, {pron} moved to {place}.",
                  "{Pron} settled in {place} {date} and opened a small studio.",
                  "{date_cap} {name} moved to {place}, where {pron} found work."),
    "prison": ("{date_cap}, {pron} was imprisoned in {place} for a pamphlet.",
               "{Pron} was arrested and held in prison in {place} {date}.",
               "{name} was imprisoned in {place} {date}."),
    "travel": ("{date_cap}, {pron} travelled to {place}.",
               "{Pron} travelled to {place} {date} to meet a publisher.",
               "{name} made a journey to {place} {date}."),
    "death": ("{Pron} died in {place} {date}.",
              "{name} died {date} in {place}.",
              "{date_cap}, {pron} died in {place} after a short illness."),
}
#: One summary per kind (gold ``summary`` column).
SUMMARIES = {"birth": "Born here.", "school": "Studies here.", "residence": "Lives and works here.",
             "prison": "Held in prison here.", "travel": "A journey here.",
             "death": "Dies here."}
#: Section headings; each gets the year range of its stops.
HEADINGS = ("Early life", "Career", "Later life")


@dataclass(frozen=True)
class City:
    """A usable gazetteer city."""

    name: str
    modern_name: str
    country: str
    lat: float
    lon: float
    source: str


def load_cities() -> list[City]:
    """The cities of :data:`CITY_NAMES` that the gazetteer knows with enough people."""
    from geo.places.gazetteer import get_gazetteer

    gazetteer = get_gazetteer()
    cities = []
    for name in CITY_NAMES:
        found = [c for c in gazetteer.candidates(name)
                 if c.feature == "city" and c.population > MIN_POPULATION and c.country]
        if found:
            best = max(found, key=lambda c: (c.population, c.source))
            cities.append(City(name, best.modern_name, best.country, round(best.lat, 5),
                               round(best.lon, 5), best.source))
    return cities


def fold(text: str) -> str:
    """Lowercase and drop accents (the form of the seed ``002`` dumps)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _date(rng: random.Random, year: int) -> tuple[str, str]:
    """A date in words and in ISO form, at day, month or year precision."""
    form = rng.randrange(3)
    month = rng.randrange(1, 13)
    if form == 0:
        return f"in {year}", f"{year}"
    if form == 1:
        return f"in {MONTHS[month - 1]} {year}", f"{year}-{month:02d}"
    day = rng.randrange(1, 29)
    return f"on {day} {MONTHS[month - 1]} {year}", f"{year}-{month:02d}-{day:02d}"


def _plan(rng: random.Random) -> list[tuple[str, int]]:
    """Kinds and years of one life, in order."""
    birth = rng.randrange(BIRTH_YEARS[0], BIRTH_YEARS[1] + 1)
    death = min(LAST_YEAR, birth + rng.randrange(45, 85))
    others = ["residence", "residence", "residence", "prison", "travel", "travel"]
    middle = ["school", *rng.sample(others, rng.randrange(2, 6))]
    years = sorted(rng.sample(range(birth + 12, death), len(middle)))
    return [("birth", birth), *zip(middle, years, strict=True), ("death", death)]


def make_life(rng: random.Random, cities: list[City], number: int) -> tuple[str, str, str]:
    """One invented life: ``(id, text, gold CSV)``."""
    pron = rng.choice(("he", "she"))
    given = rng.choice(GIVEN[pron])
    surname = rng.choice(SURNAMES)
    name = f"{given} {surname}"
    person_id = f"{number:05d}_{fold(surname)}"
    plan = _plan(rng)
    places = rng.sample(cities, len(plan))
    bounds = [0, 2, len(plan) - 2, len(plan)]  # birth and school; the middle; the end
    lines = [name, "", f"{name} ({plan[0][1]}–{plan[-1][1]}) was a "
             f"{rng.choice(PROFESSIONS)} whose work is known from a few letters.", ""]
    rows = []
    isos: list[str] = []
    for s, heading in enumerate(HEADINGS):
        part = range(bounds[s], bounds[s + 1])
        if not part:
            continue
        years = [plan[i][1] for i in part]
        span = f"{years[0]}–{years[-1]}" if years[-1] != years[0] else f"{years[0]}"
        lines.append(f"{heading} ({span})")
        sentences = []
        for i in part:
            kind, year = plan[i]
            words, iso = _date(rng, year)
            isos.append(iso)
            template = rng.choice(TEMPLATES[kind])
            subject = {"name": name, "pron": pron, "Pron": pron.capitalize(),
                       "place": places[i].name, "date": words,
                       "date_cap": words[0].upper() + words[1:]}
            sentences.append(template.format(**subject))
            rows.append((i, kind, heading))
        lines += ["", " ".join(sentences), ""]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for i, kind, heading in rows:
        city = places[i]
        ends = kind not in ("travel", "death") and i + 1 < len(plan)
        writer.writerow([i + 1, city.name, city.modern_name, city.country, city.lat, city.lon,
                         isos[i], isos[i + 1] if ends else "", kind, heading, SUMMARIES[kind],
                         f"{person_id}.txt: {heading}; invented by bench/make_corpus.py",
                         city.source])
    text = "\n".join(lines).rstrip("\n") + "\n"
    if rng.random() < FOLDED_SHARE:
        text = fold(text)
    return person_id, text, buffer.getvalue()


def make_corpus(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    """Write ``n`` lives under ``out`` and return counts for the summary."""
    cities = load_cities()
    if len(cities) < 10:
        raise SystemExit(f"make_corpus: only {len(cities)} gazetteer cities found; "
                         "is the gazetteer installed?")
    rng = random.Random(seed)
    (out / "texts").mkdir(parents=True, exist_ok=True)
    (out / "gold").mkdir(parents=True, exist_ok=True)
    stats = {"people": 0, "stops": 0, "folded": 0, "bytes": 0, "cities": len(cities)}
    for number in range(n):
        person_id, text, gold = make_life(rng, cities, number)
        write_text_atomic(out / "texts" / f"{person_id}.txt", text)
        write_text_atomic(out / "gold" / f"{person_id}.csv", gold)
        stats["people"] += 1
        stats["stops"] += gold.count("\n") - 1
        stats["folded"] += text == fold(text)
        stats["bytes"] += len(text.encode())
    return stats


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_corpus.py N OUTDIR [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of biographies")
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error(f"N must be at least 1, not {args.n}")
    stats = make_corpus(args.n, args.outdir, args.seed)
    print(f"{stats['people']} lives, {stats['stops']} gold stops, {stats['folded']} "
          f"lowercased/unaccented, {stats['bytes'] / 1e3:.1f} kB of text, "
          f"{stats['cities']} cities -> {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
