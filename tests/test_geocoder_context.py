"""Context that helps and never misleads: qualifiers, divisions, places inside a settlement,
alternate-name hygiene and the distance prior (issue 9 items 1-4). Each table is a class of
error, with cases of several countries, not one name."""

from __future__ import annotations

import pytest

from geo.geometry import distance_km
from geo.places.geocoder import (
    NEAR_MAX_POPULATION_DECADES,
    W_NEAR,
    W_POPULATION,
    HistoricalGeocoder,
    inside_container,
)


@pytest.fixture(scope="module")
def geocoder() -> HistoricalGeocoder:
    return HistoricalGeocoder()


def _near(geocoder: HistoricalGeocoder, query: str, point: tuple[float, float], km: float,
          **kwargs: object) -> None:
    loc = geocoder.geocode(query, **kwargs)  # type: ignore[arg-type]
    assert loc is not None, query
    got = distance_km(point, (loc.latitude, loc.longitude))
    assert got <= km, f"{query!r} -> {loc.address} ({loc.raw['source']}), {got:.0f} km off"


# -- qualifiers in the name --------------------------------------------------------------------
QUALIFIED = [
    # query, true point: the bare name means a bigger namesake elsewhere
    ("Salem, Massachusetts", (42.52, -70.90)),
    ("Paris, Texas", (33.66, -95.56)),
    ("Athens, Ohio", (39.33, -82.10)),
    ("Cambridge, Massachusetts", (42.37, -71.11)),
    ("Lititz, PA", (40.16, -76.31)),            # a postal code as qualifier
    ("Kingston, ON", (44.23, -76.48)),          # a Canadian one
    ("Perth, WA", (-31.95, 115.86)),            # an Australian one
    ("Frankfurt an der Oder", (52.35, 14.55)),  # a qualifier GeoNames spells into the name
    ("Santa Fe, New Mexico", (35.69, -105.94)),
    ("Amherst, Nova Scotia", (45.83, -64.20)),
]


@pytest.mark.parametrize(("query", "point"), QUALIFIED)
def test_a_qualifier_in_the_name_decides(geocoder: HistoricalGeocoder, query: str,
                                         point: tuple[float, float]) -> None:
    _near(geocoder, query, point, 25)


def test_a_division_that_is_also_a_country(geocoder: HistoricalGeocoder) -> None:
    _near(geocoder, "Athens, Georgia", (33.96, -83.38), 25)   # the state, not the country
    _near(geocoder, "Georgia", (41.69, 44.83), 25)             # alone: the country's capital


# -- first-level divisions as stops --------------------------------------------------------------
DIVISIONS = [
    # name, a point inside the division, km: a representative point, not a centroid
    ("Massachusetts", (42.3, -71.8), 161),
    ("Bavaria", (48.8, 11.5), 161),
    ("Scotland", (56.5, -4.2), 161),
    ("Nizhny Novgorod Oblast", (56.3, 44.0), 250),
    ("Île-de-France", (48.7, 2.5), 161),
    ("Tver Oblast", (57.0, 34.9), 250),
    ("Kherson province", (46.7, 33.0), 161),
    ("Nova Scotia", (45.0, -63.0), 250),
]


@pytest.mark.parametrize(("name", "point", "km"), DIVISIONS)
def test_divisions_are_stops(geocoder: HistoricalGeocoder, name: str,
                             point: tuple[float, float], km: float) -> None:
    _near(geocoder, name, point, km)


@pytest.mark.parametrize(("name", "point"), [
    ("Geneva", (46.20, 6.15)), ("Moscow", (55.75, 37.62)), ("Mykolaiv", (46.98, 31.99)),
    ("New York", (40.71, -74.01)), ("Washington", (38.90, -77.04)), ("Zürich", (47.37, 8.54)),
])
def test_a_division_named_after_its_city_gives_way_to_the_city(
        geocoder: HistoricalGeocoder, name: str, point: tuple[float, float]) -> None:
    loc = geocoder.geocode(name)
    assert loc.raw["feature"] != "admin1", loc.raw
    _near(geocoder, name, point, 25)


def test_a_peoples_adjective_is_no_division(geocoder: HistoricalGeocoder) -> None:
    # "Jewish Autonomous Oblast" is not indexed as "Jewish"; its full name still is.
    loc = geocoder.geocode("Jewish")
    assert loc is None or loc.raw.get("feature") != "admin1"
    _near(geocoder, "Jewish Autonomous Oblast", (48.8, 132.5), 161)


def test_two_letter_codes_are_no_places(geocoder: HistoricalGeocoder) -> None:
    for code in ("PA", "MA", "ON", "NY"):
        found = geocoder.geocode(code, exactly_one=False) or []
        assert all(not loc.raw["match"] & 1 for loc in found), (code, found[:2])


# -- places inside a settlement ------------------------------------------------------------------
@pytest.mark.parametrize(("key", "expected"), [
    ("sutter street", ""), ("union square", ""), ("moravian cemetery", ""),
    ("university of chicago", "chicago"), ("hospital of saint john of god", ""),
    ("church of the holy cross", ""), ("street", None), ("menlo park", ""), ("paris", None),
    ("rue de rivoli", None),
])
def test_inside_container(key: str, expected: str | None) -> None:
    assert inside_container(key) == expected


INSIDE = [
    # query, within, the settlement's point
    ("University of Chicago", None, (41.85, -87.65)),
    ("Sutter Street, San Francisco", None, (37.77, -122.42)),
    ("Moravian Cemetery", "Lititz", (40.16, -76.31)),
    ("Nevsky Avenue", "Petrograd", (59.94, 30.31)),
    ("Kazan Cathedral", "Saint Petersburg", (59.94, 30.31)),
    ("Bethlem Hospital", "London", (51.51, -0.13)),
]


@pytest.mark.parametrize(("query", "within", "point"), INSIDE)
def test_a_place_inside_resolves_to_its_settlement(geocoder: HistoricalGeocoder, query: str,
                                                   within: str | None,
                                                   point: tuple[float, float]) -> None:
    loc = geocoder.geocode(query, within=within)
    assert loc is not None and loc.raw["source"].startswith("within:"), loc
    assert loc.raw["feature"] == "inside"
    _near(geocoder, query, point, 25, within=within)


def test_a_place_inside_without_its_settlement_is_not_a_namesake(
        geocoder: HistoricalGeocoder) -> None:
    for name in ("Sutter Street", "Moravian Cemetery", "Kazan Cathedral"):
        assert geocoder.geocode(name) is None, name


CONTAINED = [
    # query (name, the settlement it is in), point, km, placed at the settlement itself?
    ("Hunter College, New York", (40.71, -74.01), 25, True),      # division or city: city
    ("Glover Garden, Nagasaki", (32.75, 129.88), 25, True),  # Nagasaki: city or prefecture
    ("Nevsky Prospekt, Saint Petersburg", (59.94, 30.31), 25, True),
    ("Coyoacán, Mexico City", (19.35, -99.16), 10, False),  # a district with its own point
    ("Berlin-Dahlem, Berlin", (52.46, 13.29), 10, False),
    ("Geneva, New York", (42.87, -76.98), 25, False),       # the state still qualifies
    ("Cambridge, Massachusetts", (42.37, -71.11), 25, False),
    # an institution of a division, in a city named like others: that division's city
    ("University of Rhode Island, Kingston", (41.48, -71.52), 25, True),
    ("University of Tennessee, Knoxville", (35.96, -83.92), 25, True),
]


@pytest.mark.parametrize(("query", "point", "km", "at_container"), CONTAINED)
def test_a_named_container_keeps_the_place_in_it(geocoder: HistoricalGeocoder, query: str,
                                                 point: tuple[float, float], km: float,
                                                 at_container: bool) -> None:
    _near(geocoder, query, point, km)
    loc = geocoder.geocode(query)
    assert loc.raw["source"].startswith("within:") == at_container, loc.raw


@pytest.mark.parametrize(("name", "village"), [
    # an institution "of" a word that is also a village's name, and that village
    ("Library of Congress", (34.16, -112.85)),     # Congress, Arizona (1,900 people)
    ("Church of San Francesco", (43.77, 11.45)),   # a dedication: San Francesco, Tuscany
    ("Cathedral of Saint Paul", (44.95, -93.09)),  # ... not Saint Paul, Minnesota
    ("Chapel of Our Lady", None),
])
def test_an_institution_of_a_village_or_a_saint_is_not_placed_there(
        geocoder: HistoricalGeocoder, name: str, village: tuple[float, float] | None) -> None:
    loc = geocoder.geocode(name)
    if village is None or loc is None:
        assert loc is None, loc
    else:
        assert distance_km(village, (loc.latitude, loc.longitude)) > 161, loc


@pytest.mark.parametrize(("name", "point"), [
    # an institution named after the big city it is in: that city
    ("Leipzig University", (51.34, 12.37)),
    ("Vienna State Opera", (48.20, 16.37)),
    ("Cincinnati Public Library", (39.16, -84.46)),
    ("Moscow State University", (55.75, 37.62)),
    ("Toyama University", (36.70, 137.21)),
    # ... but a small town's name is a founder's or a saint's as often: nothing
    ("Somerville College", None),
    ("Trinity College", None),
    ("Pushkin Museum", None),
    ("Kazan Cathedral", None),     # named after an icon; it is in Saint Petersburg
])
def test_an_institution_named_after_a_big_city_is_in_it(
        geocoder: HistoricalGeocoder, name: str, point: tuple[float, float] | None) -> None:
    if point is None:
        assert geocoder.geocode(name) is None, geocoder.geocode(name)
    else:
        _near(geocoder, name, point, 25)
        assert geocoder.geocode(name).raw["source"].startswith("within:")


def test_an_institution_of_a_division_is_in_that_division(
        geocoder: HistoricalGeocoder) -> None:
    loc = geocoder.geocode("University of Oklahoma")   # the state, not a namesake town
    assert loc is not None and loc.raw["source"].startswith("within:"), loc
    _near(geocoder, "University of Oklahoma", (35.47, -97.52), 161)


def test_a_context_column_places_rows_inside_their_settlement(
        geocoder: HistoricalGeocoder) -> None:
    from geo.places.geocoder import geocode_rows

    rows = [{"place": "Hunter College", "city": "New York"},
            {"place": "Sutter Street", "city": "San Francisco"},
            {"place": "Sutter Street", "city": ""}]
    out, misses = geocode_rows(geocoder, rows, "place", context_column="city")
    assert [r["geo_source"] for r in out] == ["within:geonames:5128581",
                                              "within:geonames:5391959", ""]
    assert misses == [(4, "Sutter Street")]


def test_a_real_place_named_like_an_institution_is_that_place(
        geocoder: HistoricalGeocoder) -> None:
    _near(geocoder, "Menlo Park", (37.45, -122.18), 25)


# -- the distance prior --------------------------------------------------------------------------
def test_the_distance_prior_is_bounded_in_population_decades() -> None:
    from math import log10

    from geo.places.geocoder import NEAR_CAP_KM, NEAR_SCALE_KM

    whole_range = W_NEAR * log10(1 + NEAR_CAP_KM / NEAR_SCALE_KM)
    assert whole_range == pytest.approx(W_POPULATION * NEAR_MAX_POPULATION_DECADES)


@pytest.mark.parametrize(("name", "near", "point"), [
    ("Geneva", (43.5, -71.5), (46.20, 6.15)),       # New England does not pull Geneva
    ("London", (42.87, -76.98), (51.51, -0.13)),    # nor does Geneva, New York pull London
    ("Paris", (43.0, -81.0), (48.85, 2.35)),        # nor Ontario pull Paris
])
def test_a_distance_prior_does_not_overturn_a_large_population_gap(
        geocoder: HistoricalGeocoder, name: str, near: tuple[float, float],
        point: tuple[float, float]) -> None:
    _near(geocoder, name, point, 25, near=near)


def test_a_distance_prior_still_decides_near_ties(geocoder: HistoricalGeocoder) -> None:
    _near(geocoder, "Halifax", (53.8, -1.55), 25 * 3, near=(53.8, -1.55))   # from Leeds
    _near(geocoder, "Halifax", (44.65, -63.57), 25, near=(43.65, -79.38))   # from Toronto


# -- coverage by class: older names of present cities, colonial country names -------------------
FORMER_NAMES = [
    # an older name, the city or country it is now, a year it was in use
    ("Tenochtitlan", (19.43, -99.13), 1519),     # pre-colonial capital, not a village
    ("Mexico-Tenochtitlan", (19.43, -99.13), 1519),
    ("Londinium", (51.51, -0.13), 200),
    ("Lutetia", (48.85, 2.35), 300),
    ("Hispalis", (37.38, -5.97), 600),
    ("Gades", (36.53, -6.29), 100),
    ("Colonia Agrippina", (50.93, 6.95), 300),
    ("Yerba Buena", (37.77, -122.42), 1840),
    ("Candia", (35.33, 25.14), 1650),
    ("Fort-Lamy", (12.11, 15.04), 1950),
    ("Nyasaland", (-13.97, 33.79), 1950),        # countries: at today's capital
    ("Cape Verde", (14.93, -23.51), 2000),
    ("Basutoland", (-29.32, 27.48), 1950),
]


@pytest.mark.parametrize(("name", "point", "year"), FORMER_NAMES)
def test_older_names_of_present_places(geocoder: HistoricalGeocoder, name: str,
                                       point: tuple[float, float], year: int) -> None:
    _near(geocoder, name, point, 25, year=year)
    _near(geocoder, name, point, 25)   # without a year, too


@pytest.mark.parametrize(("name", "point"), [
    ("City of Vienna", (48.21, 16.37)), ("the town of Lititz", (40.16, -76.31)),
    ("Mexico City", (19.43, -99.13)), ("Kansas City", (39.10, -94.58)),
])
def test_generic_settlement_words(geocoder: HistoricalGeocoder, name: str,
                                  point: tuple[float, float]) -> None:
    _near(geocoder, name, point, 25)


CLASS_NAMES = [
    # name as a biography writes it, true point: one or two per class of aliases.csv
    ("Konstantiniyye", (41.01, 28.95)),        # Ottoman Turkish names of cities
    ("Bosna-Saray", (43.85, 18.36)),
    ("Negroponte", (38.46, 23.60)),            # Venetian names in the Aegean
    ("ohr", (41.12, 20.80)),                   # Albanian Ohër, accents deleted
    ("Akhsikent", (40.86, 71.43)),             # Timurid-era towns of Central Asia
    ("Ghazdewan", (40.10, 64.68)),
    ("Samarcand", (39.65, 66.96)),
    ("Khanwa", (27.03, 77.55)),                # Mughal-era battle villages of India
    ("Dibalpur", (30.67, 73.65)),
    ("Potonchán", (18.43, -92.66)),            # Mesoamerican towns at the conquest
    ("Cempoala", (19.45, -96.40)),
    ("Tlatelolco", (19.45, -99.14)),
    ("Samaria", (32.28, 35.20)),               # ancient Levantine names over namesakes
    ("Ctesiphon", (33.09, 44.58)),
    ("Viroconium", (52.67, -2.65)),            # Roman towns of Britain
    ("Verulamium", (51.75, -0.33)),
    ("Bloomsbury", (51.52, -0.13)),            # districts of world cities, not US towns
    ("Greenwich Village", (40.73, -74.00)),
    ("Montparnasse", (48.84, 2.32)),
    ("Harvard", (42.37, -71.12)),              # institutions named alone, not towns
    ("Yale", (41.31, -72.93)),
    ("Sorbonne", (48.85, 2.34)),
    ("Alhambra", (37.18, -3.59)),
    ("Bytown", (45.41, -75.70)),               # forts and colonial names of North America
    ("Sutter's Fort", (38.57, -121.47)),
    ("Fort Dearborn", (41.85, -87.65)),
    ("Fernando Po", (3.50, 8.70)),             # colonial names in Africa and Asia
    ("Keijo", (37.57, 126.98)),
    ("Elsinore", (56.04, 12.61)),              # exonyms over a namesake town
    ("Theresienstadt", (50.51, 14.15)),        # German names of Central European towns
    ("Marienburg", (54.04, 19.03)),
]


@pytest.mark.parametrize(("name", "point"), CLASS_NAMES)
def test_alias_classes(geocoder: HistoricalGeocoder, name: str,
                       point: tuple[float, float]) -> None:
    _near(geocoder, name, point, 25)


# -- notability prior ---------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "country", "admin1"), [
    ("Cádiz", "ES", "51"),        # Andalusian port (46 names) over a Philippine city (2)
    ("Concord", "US", "NH"),      # New Hampshire's capital over a larger Californian suburb
    ("Victoria", "CA", "02"),     # British Columbia's capital over a Hong Kong district
])
def test_notability_decides_between_namesakes_of_similar_size(
        geocoder: HistoricalGeocoder, query: str, country: str, admin1: str) -> None:
    loc = geocoder.geocode(query)
    assert (loc.raw["country"], loc.raw["admin1"]) == (country, admin1), loc.address


@pytest.mark.parametrize(("query", "country"), [
    ("Paris", "FR"), ("London", "GB"), ("Moscow", "RU"), ("Athens", "GR"), ("Naples", "IT"),
])
def test_notability_does_not_overturn_a_large_population_gap(
        geocoder: HistoricalGeocoder, query: str, country: str) -> None:
    assert geocoder.geocode(query).raw["country"] == country


def test_notability_term_is_zero_at_the_reference_and_absent_without_a_count() -> None:
    from geo.places.gazetteer import Candidate
    from geo.places.geocoder import NOTABILITY_REF_NAMES, W_NOTABILITY, score_candidate

    def city(names: int) -> Candidate:
        return Candidate("X", "X", 0.0, 0.0, "ZZ", 10_000, "city", 1, "geonames:1", None,
                         None, "", alt_names=names)

    ref = score_candidate(city(NOTABILITY_REF_NAMES))
    assert score_candidate(city(-1)) == pytest.approx(ref)       # unknown: no term
    assert score_candidate(city(10 * NOTABILITY_REF_NAMES + 9)) == pytest.approx(
        ref + W_NOTABILITY)                                        # ten times the names
    assert score_candidate(city(0)) < ref


# -- regions under a generic word (region_words.txt) -----------------------------------------
WRAPPED_REGIONS = [
    # name as a text writes it, a point of the region or of the town it is named after
    ("Principality of Transylvania", (46.5, 24.5), 161),
    ("Kingdom of Bohemia", (49.8, 14.5), 161),
    ("Electorate of Saxony", (51.0, 13.2), 161),
    ("Duchy of Magdeburg", (52.13, 11.63), 50),
    ("Khanate of Kokand", (40.53, 70.94), 50),     # the town under its GeoNames spelling
    ("Emirate of Bukhara", (39.77, 64.43), 50),
    ("Sultanate of Zanzibar", (-6.16, 39.19), 50),
    ("County Cork", (51.9, -8.47), 50),            # Irish order: the word first, no "of"
    ("Fergana Valley", (40.4, 71.8), 161),
    ("Kathmandu Valley", (27.7, 85.32), 50),
]


@pytest.mark.parametrize(("name", "point", "km"), WRAPPED_REGIONS)
def test_a_region_under_a_generic_word_is_found_by_its_own_name(
        geocoder: HistoricalGeocoder, name: str, point: tuple[float, float], km: float) -> None:
    _near(geocoder, name, point, km)


@pytest.mark.parametrize("name", ["Crown of Castile", "Duchy of Nowhereshire"])
def test_a_region_word_never_reaches_a_village_namesake(geocoder: HistoricalGeocoder,
                                                        name: str) -> None:
    # Castile, New York (about a thousand people) is no reading of the Crown of Castile.
    loc = geocoder.geocode(name)
    assert loc is None or loc.raw["country"] != "US", loc.raw


def test_the_region_word_table_reads_both_orders() -> None:
    from geo.places.geocoder import strip_region_word

    assert strip_region_word("grand duchy of baden") == "baden"
    assert strip_region_word("ryukyu islands") == "ryukyu"
    assert strip_region_word("county cork") == "cork"
    assert strip_region_word("county of the north") == "the north"
    assert strip_region_word("county road number") == ""  # more than one word after it
    assert strip_region_word("bohemia") == ""


@pytest.mark.parametrize(("name", "year", "country"), [
    # Before 1492 no American or Oceanian town bore an Old World town's name.
    ("Toledo", 1300, "ES"),
    ("Córdoba", 1300, "ES"),
    # Later, the population prior decides as before.
    ("Toledo", 1950, "US"),
])
def test_no_new_world_namesake_before_contact(geocoder: HistoricalGeocoder, name: str,
                                              year: int, country: str) -> None:
    loc = geocoder.geocode(name, year=year)
    assert loc is not None and loc.raw["country"] == country, loc
