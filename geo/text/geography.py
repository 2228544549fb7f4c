"""Places as points: choosing a candidate, distances, same place, inside an area."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from geo.geometry import great_circle_km
from geo.places.gazetteer import MATCH_DAMAGED, Candidate
from geo.places.geocoder import score_candidate
from geo.places.names import (
    common_words,
    proper_words,
)
from geo.text.analysis import _Cand


@cache
def _sea_words() -> dict[str, frozenset[str]]:
    """The ``last``, ``first`` and ``name`` words of ``data/sea_words.txt``."""
    out: dict[str, frozenset[str]] = {}
    for line in (Path(__file__).with_name("data") / "sea_words.txt").read_text(
            encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            tag, words = line.split(":", 1)
            out[tag.strip()] = frozenset(words.split())
    return out


def is_sea(name: str) -> bool:
    """Whether a place's name names a sea, a strait or a gulf (water crossed on a journey).

    >>> is_sea("East China Sea"), is_sea("Strait of Hormuz"), is_sea("the Adriatic")
    (True, True, True)
    >>> is_sea("Chesapeake Bay"), is_sea("Gulf Coast"), is_sea("Seaford")
    (False, False, False)
    """
    words = name.lower().removeprefix("the ").split()
    if not words:
        return False
    sea = _sea_words()
    return words[-1] in sea["last"] or (len(words) > 2 and words[0] in sea["first"]
                                        and words[1] == "of") or name.lower().removeprefix(
        "the ") in sea["name"]


# -- places: choosing a candidate -----------------------------------------------------------
def _choose_place(c: _Cand, countries: frozenset[str], near: tuple[float, float] | None,
                  year: int | None, damaged: bool, qualified: bool = False) -> Candidate | None:
    """The candidate the geocoder's scoring prefers in this context.

    A well-known city far bigger than every other place of the name (Geneva in Switzerland,
    not in Illinois) is what a bare name means: the previous stop's distance is no evidence
    against it, only a country named nearby is. Otherwise the previous stop counts (Sinop on
    the Black Sea after a Turkish prison, not Sinop in Brazil).
    """
    places = c.places if damaged else [p for p in c.places if not p.match & MATCH_DAMAGED]
    if not places:
        return None
    top = max(places, key=lambda p: p.population)
    others = [p.population for p in places
              if p.country != top.country or _km(p, top) > 50]
    # "Far bigger" and well known: a city of a million, or one Webster's dictionary lists.
    famous = top.population >= 1000000 or c.key in proper_words() or c.key in common_words()
    # Only a qualifier of this very name ("Paris, Texas") overrules fame, not a country
    # named elsewhere in the sentence ("in Paris, far from Russia").
    if famous and top.population >= 100000 and all(top.population >= 5 * x for x in others) \
            and (not qualified or top.country in countries):
        return top
    return max(places, key=lambda p: (score_candidate(p, countries=countries, near=near,
                                                      year=year), p.population, p.source))


# -- stops --------------------------------------------------------------------------------
def _km(a: Candidate, b: Candidate) -> float:
    # Great-circle distance: enough to tell "inside a region" from "far away".
    return great_circle_km((a.lat, a.lon), (b.lat, b.lon))


def _same_place(a: Candidate, b: Candidate) -> bool:
    # Names of one place (Nikolayev, Mykolaiv) may come from an alias row and from GeoNames.
    # Within 15 km: one town under two names; within 25 km, two big parts of one
    # metropolis (the Bronx and New York), but not a small island off a city (Büyükada).
    if a.source == b.source or (a.geonameid is not None and a.geonameid == b.geonameid):
        return True
    if a.feature in _AREA_FEATURES or b.feature in _AREA_FEATURES or a.country != b.country:
        return False
    km = _km(a, b)
    return km < 15 or (km < 25 and min(a.population, b.population) >= 500000)


_AREA_FEATURES = ("country", "region", "continent")
# Cues that place him somewhere without moving him ("In Siberia, he studied").
_STATIVE_CUES = frozenset({"in", "while in", "where", "listed with the previous place"})
# How far from its representative point a region's towns may lie: a region inside one
# country may be as wide as Siberia; one across borders (the Balkans) is checked by distance
# alone, so it is taken smaller.
_REGION_KM = 2500.0
_CROSS_BORDER_REGION_KM = 600.0


def _inside(city: Candidate, area: Candidate) -> bool:
    """Whether a city stop lies in a country or region stop's area."""
    if area.feature == "country":
        return city.country == area.country
    if area.country:
        return city.country == area.country and _km(city, area) <= _REGION_KM
    return _km(city, area) <= _CROSS_BORDER_REGION_KM
