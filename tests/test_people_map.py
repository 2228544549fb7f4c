"""geo.map.people: several lives on one clock, as the page's data (no browser)."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from geo.itinerary import Itinerary
from geo.map.people import PERSON_COLORS, get_lives
from geo.map.story import get_stay_days, get_story_data

ROOT = Path(__file__).resolve().parents[1]
TROTSKY, LENIN = ROOT / "data" / "places.csv", ROOT / "data" / "lenin.csv"


@pytest.fixture(scope="module")
def both() -> Itinerary:
    return Itinerary.from_csvs([TROTSKY, LENIN])


def test_one_clock_in_time_order_with_each_life_intact(both: Itinerary) -> None:
    lives = get_lives(both, get_stay_days)
    assert lives.several and lives.people == ["Leon Trotsky", "Vladimir Lenin"]
    arrivals = [a for a, _ in lives.days]
    assert arrivals == sorted(arrivals)
    # Each life keeps its own days: the same as when it is played alone.
    for who, name in enumerate(lives.people):
        alone = get_stay_days(both.for_person(name))
        assert [d for d, w in zip(lives.days, lives.who, strict=True) if w == who] == alone
    # next_stop chains each person's stops in their own order, and only theirs.
    for who in range(2):
        mine = [q for q, w in enumerate(lives.who) if w == who]
        assert [lives.next_stop[q] for q in mine] == [*mine[1:], -1]
    assert [leg is None for leg in lives.legs].count(True) == 2


def test_story_data_of_two_lives(both: Itinerary) -> None:
    data = get_story_data(both, title="Two")
    stops = data["stops"]
    assert len(stops) == 113 and len(data["legs"]) == 113
    assert [p["name"] for p in data["people"]] == ["Leon Trotsky", "Vladimir Lenin"]
    assert [p["color"] for p in data["people"]] == list(PERSON_COLORS[:2])
    for i, s in enumerate(stops):
        if s["pn"] >= 0:  # a leg runs from this stop to the same person's next stop
            nxt = stops[s["pn"]]
            assert nxt["who"] == s["who"] and nxt["n"] == s["n"] + 1
            assert data["legs"][i][:2] == [round(s["lat"], 4), round(s["lon"], 4)]
        else:
            assert data["legs"][i] == []
    assert all(b["a"] >= a["a"] for a, b in itertools.pairwise(stops))
    names = [p["name"] for p in data["periods"]]
    assert "Vladimir Lenin: Wartime Switzerland" in names
    assert {p["who"] for p in data["periods"]} == {0, 1}
    # A stop's chapter is its own person's.
    for s in stops:
        assert data["periods"][s["period"]]["who"] == s["who"]
    assert data["years"] == "1870–1940"


def test_one_life_keeps_its_data_as_before() -> None:
    it = Itinerary.from_csv(TROTSKY)
    data = get_story_data(it, title="One")
    assert "people" not in data and "who" not in data["stops"][0]
    assert len(data["legs"]) == len(data["stops"]) - 1
    # A person column of one person is still one life.
    single = get_story_data(it.with_person("Leon Trotsky"), title="One")
    assert single["stops"] == data["stops"] and "people" not in single


def test_people_on_the_same_day_keep_the_order_they_came_in() -> None:
    frame = pd.DataFrame({"person": ["B", "A", "B"], "stop": [1, 1, 2],
                          "place": ["x", "y", "z"], "lat": [0, 1, 2], "lon": [0, 1, 2],
                          "start": ["1900", "1900", "1901"], "kind": ["birth"] * 3})
    lives = get_lives(Itinerary(frame), get_stay_days)
    assert lives.people == ["B", "A"]
    assert [lives.people[w] for w in lives.who] == ["B", "A", "B"]
