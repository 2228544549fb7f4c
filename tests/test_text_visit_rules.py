"""Three visit-decision rule classes, each as a table of sentences and verdicts (issue 14).

a) a relative clause about someone else is not the subject's life event;
b) "died ... at his home in X" is the death at X, not a stay;
c) an institution named after a place ("University of X", "X University") makes schooling
   only with a study cue for the subject.
"""

from __future__ import annotations

import pytest

from geo.extract import extract
from geo.places.names import MemoryIndex, PlaceIndex


def _rec(i: int, name: str, country: str, lat: float, lon: float, pop: int) -> dict:
    return {"id": i, "name": name, "alternatenames": [], "country": country, "lat": lat,
            "lon": lon, "population": pop, "feature": "city"}


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000),
        _rec(2, "Seville", "ES", 37.39, -5.98, 690000),
        _rec(3, "Geneva", "CH", 46.20, 6.14, 180000),
        _rec(4, "Turin", "IT", 45.07, 7.69, 870000),
        _rec(5, "Genoa", "IT", 44.41, 8.93, 580000),
    ])


def _stops(index: PlaceIndex, sentence: str) -> list[tuple[str, str]]:
    """(place, kind) of every stop but the birth told in the lead."""
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. She was born in Lyon. "
            f"{sentence}\n")
    return [(s.place, s.kind) for s in extract(text, "roe.txt", index=index).stops
            if s.place != "Lyon"]


@pytest.mark.parametrize(("sentence", "stops"), [
    # Someone else's clause: the verb's subject is the antecedent of "who".
    ("In 1840 she married a merchant who had recently died in Seville.", []),
    ("In 1840 she bought the house of a merchant who had died in Seville.", []),
    ("In 1840 she met a painter who lived in Seville.", []),
    # The subject's own clause still counts, with or without a "who" about her.
    ("In 1840 she moved to Seville.", [("Seville", "residence")]),
    ("In 1840 she was a widow who lived in Seville.", [("Seville", "residence")]),
    ("In 1840 she was a friend of a merchant who lived in Seville.", []),
    ("In 1840 she, who was a widow by then, moved to Seville.", [("Seville", "residence")]),
    ("In 1840 she met a painter who lived in Genoa, and then she moved to Seville.",
     [("Seville", "residence")]),
])
def test_a_relative_clause_about_someone_else(index: PlaceIndex, sentence: str,
                                              stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    ("She died in 1880 at her home in Geneva.", [("Geneva", "death")]),
    ("She died on 2 June 1880 at her home in Geneva, aged 68.", [("Geneva", "death")]),
    ("In 1880 she died at her house in Geneva.", [("Geneva", "death")]),
    # A home without a death is a stay.
    ("In 1850 she bought a house in Geneva.", [("Geneva", "residence")]),
])
def test_died_at_home_in_a_place(index: PlaceIndex, sentence: str,
                                 stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    # A study cue for the subject: schooling.
    ("In 1830 she studied at the University of Turin.", [("Turin", "school")]),
    ("In 1830 she enrolled at Turin University.", [("Turin", "school")]),
    # Work or a visit at the institution: there, but not schooling.
    ("In 1840 she taught at the University of Turin.", [("Turin", "residence")]),
    ("In 1840 she worked at Turin University.", [("Turin", "residence")]),
    ("In 1840 she lectured at the University of Turin.", [("Turin", "conference")]),
    # The institution acts, or is only named: no stop.
    ("In 1840 the University of Turin gave her a medal.", []),
    ("In 1840 she wrote to professors of the University of Turin.", []),
    ("In 1840 her letters were archived at the Turin University library.", []),
    # The subject at the institution, with no other cue: there.
    ("In 1840 she was at Turin University.", [("Turin", "school")]),
])
def test_an_institution_named_after_a_place(index: PlaceIndex, sentence: str,
                                            stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops
