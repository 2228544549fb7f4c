"""Two classes of alias rows (issue 9 coverage, issue 14 "not in gazetteer"), each a table.

a) institutions whose name holds no place or the wrong one ("Columbia University" is in New
   York, not in Columbia, South Carolina): the city's point, with the institution's name;
b) islands and capes of voyages that GeoNames' cities miss or give to a namesake town
   ("Cape Horn" is no town in Canada; "Crete" no town in Nebraska);
c) medieval names of cities still standing or in ruins ("Khanbaliq" is Beijing);
d) villages under 500 people that cities500 misses or gives to a namesake abroad
   ("Grasmere" is in Cumbria, not New Zealand);
e) common nicknames of cities ("the Eternal City");
f) macro regions named without a town, at a point near their middle ("the Levant",
   "Westphalia" is in Germany, not Maryland);
g) historical states, empires and colonies, at the point of their capital ("Upper Canada" is
   York, now Toronto), or near their middle when they had none (the Holy Roman Empire);
h) seas, gulfs, straits and bays, at a point in the water ("Hudson Bay" is no Saskatchewan
   town);
i) rivers (at a representative town on them), mountains, deserts and lakes ("the Thames" is
   in London, not New Zealand; "Lake Geneva" is in Switzerland, not Wisconsin);
j) historic counties and well-known regions of Britain and the United States ("Cornwall" is
   the English county, not the town in Ontario);
k) archaeological and paleontological sites: excavations, ruined ancient cities, hominin fossil
   sites, painted caves and prehistoric monuments, at the site itself ("Olduvai Gorge" is no
   town; "Karnak" is the Egyptian temple, not Carnac in Brittany; "Ur" is no town at all).

The region table also checks that a town named like one of these regions is still found
when its country, state or province qualifies it, and that a town qualified by a county is
placed in that county. The site table checks the same for towns named like a site ("Troy,
New York"); a site whose namesake town is bigger ("Troy", "Babylon") is found only when its
country qualifies it, because a landmark carries no population of its own.
"""

from __future__ import annotations

import pytest

from geo.extract import extract
from geo.geometry import distance_km
from geo.places.geocoder import HistoricalGeocoder


@pytest.fixture(scope="module")
def geocoder() -> HistoricalGeocoder:
    return HistoricalGeocoder()


@pytest.mark.parametrize(("query", "expected"), [
    ("Columbia University", (40.71, -74.01)),       # not Columbia, SC or MO
    ("Barnard College", (40.71, -74.01)),
    ("Harvard University", (42.37, -71.11)),        # Cambridge, MA; not Harvard, MA
    ("Smith College", (42.33, -72.64)),             # Northampton, MA
    ("Johns Hopkins University", (39.29, -76.61)),
    ("Kaiser Wilhelm Institute", (52.52, 13.40)),
    ("Sorbonne", (48.85, 2.35)),
    ("Cape Horn", (-55.98, -67.27)),
    ("Cape of Good Hope", (-34.36, 18.47)),
    ("Orkney", (59.0, -3.0)),                       # not Orkney, South Africa
    ("Rhodes", (36.17, 27.92)),                     # the island, not a Sydney suburb
    ("Elba", (42.77, 10.27)),                       # not Elba, Alabama
    ("Isle of Wight", (50.69, -1.30)),              # not the Virginia county
    ("Majorca", (39.6, 2.95)),
    ("Celebes", (-2.0, 121.0)),
    ("Shetland", (60.35, -1.25)),
    ("Crete", (35.21, 24.91)),
    ("Trinidad", (10.45, -61.25)),                  # the island, not a Philippine town
    ("Hispaniola", (19.0, -70.7)),
    ("Más a Tierra", (-33.64, -78.85)),
    ("Khanbaliq", (39.91, 116.40)),                 # Yuan name of Beijing
    ("Dadu", (39.91, 116.40)),                      # its Chinese name, not a Pakistani town
    ("Karakorum", (47.20, 102.82)),
    ("Xanadu", (42.36, 116.18)),
    ("Sijilmasa", (31.28, -4.27)),                  # ruins beside Rissani
    ("Antioch", (36.21, 36.16)),                    # Antakya, not Antioch, California
    ("Grasmere", (54.46, -3.02)),                   # Cumbria, not New Zealand
    ("Harpers Ferry", (39.33, -77.74)),
    ("Nohant", (46.64, 2.01)),
    ("Eternal City", (41.89, 12.48)),
    ("Auld Reekie", (55.95, -3.19)),
])
def test_alias_classes(geocoder: HistoricalGeocoder, query: str,
                       expected: tuple[float, float]) -> None:
    loc = geocoder.geocode(query)
    assert loc is not None
    assert distance_km((loc.latitude, loc.longitude), expected) < 25


@pytest.mark.parametrize(("query", "expected", "km"), [
    # f) macro regions
    ("Levant", (33.89, 35.50), 150),                # between Beirut and Damascus
    ("Scandinavia", (62.0, 15.0), 50),
    ("Westphalia", (51.96, 7.63), 100),             # Münster; not Westphalia, Maryland
    ("Lorraine", (48.69, 6.18), 100),               # Nancy; not Lorraine, Quebec
    ("the Midwest", (41.9, -93.1), 200),
    # g) historical states and colonies (capital, or the middle without one)
    ("Holy Roman Empire", (50.5, 10.5), 50),
    ("Mughal Empire", (28.61, 77.21), 25),          # Delhi
    ("Upper Canada", (43.65, -79.38), 25),          # York, now Toronto
    ("Cape Colony", (-33.92, 18.42), 25),           # Cape Town
    ("Congo", (-4.32, 15.31), 25),                  # Kinshasa; not a town in Brazil
    # h) seas, straits, bays
    ("the Mediterranean", (35.0, 18.0), 100),
    ("Red Sea", (22.0, 38.0), 100),                 # the sea, not the Egyptian governorate
    ("Bosphorus", (41.12, 29.07), 25),
    ("Hudson Bay", (60.0, -85.0), 100),             # not the Saskatchewan town
    # i) rivers, mountains, deserts, lakes
    ("the Thames", (51.51, -0.13), 25),             # London; not Thames, New Zealand
    ("the Danube", (47.50, 19.04), 25),             # at Budapest
    ("the Alps", (46.5, 10.0), 100),
    ("Sahara", (23.0, 13.0), 100),
    ("Lake Geneva", (46.45, 6.53), 25),             # not Lake Geneva, Wisconsin
    ("Pamir", (38.5, 73.5), 100),                   # the singular name of the Pamirs
    ("Labrador", (54.0, -62.0), 300),               # not the Queensland suburb
    # j) British counties, US regions
    ("Yorkshire", (54.0, -1.5), 50),                # not Yorkshire, Virginia
    ("Kent", (51.2, 0.7), 50),                      # not Kent, Washington
    ("Cornwall", (50.4, -4.9), 50),                 # not Cornwall, Ontario
    ("Appalachia", (37.5, -81.5), 100),             # not the town in Virginia
    # towns named like a region: still found when qualified ...
    ("Lake Geneva, Wisconsin", (42.59, -88.43), 25),
    ("Cornwall, Ontario", (45.02, -74.73), 25),
    ("Kent, Washington", (47.38, -122.23), 25),
    # ... and a county as the qualifier places its town
    ("Canterbury, Kent", (51.28, 1.08), 25),
])
def test_region_classes(geocoder: HistoricalGeocoder, query: str,
                        expected: tuple[float, float], km: float) -> None:
    loc = geocoder.geocode(query)
    assert loc is not None
    assert distance_km((loc.latitude, loc.longitude), expected) < km


@pytest.mark.parametrize(("query", "expected"), [
    # k) archaeological and paleontological sites
    ("Olduvai Gorge", (-2.99, 35.35)),              # no town of that name
    ("Oldupai Gorge", (-2.99, 35.35)),              # the Maasai spelling
    ("Laetoli", (-3.22, 35.18)),
    ("Sterkfontein", (-26.02, 27.73)),
    ("Great Zimbabwe", (-20.27, 30.93)),
    ("Valley of the Kings", (25.74, 32.60)),        # not Montevallo, Alabama
    ("Karnak", (25.72, 32.66)),                     # not Carnac, Brittany
    ("Ur", (30.96, 46.10)),
    ("Hisarlik", (39.96, 26.24)),
    ("Çatalhöyük", (37.67, 32.83)),
    ("Mohenjo-daro", (27.33, 68.14)),
    ("Mogao Caves", (40.04, 94.80)),                # beside Dunhuang
    ("Yinxu", (36.13, 114.32)),                     # at Anyang
    ("Terracotta Army", (34.39, 109.27)),           # east of Xi'an
    ("Angkor Wat", (13.41, 103.87)),
    ("Liang Bua", (-8.53, 120.46)),
    ("Lascaux", (45.05, 1.17)),
    ("Cave of Altamira", (43.38, -4.12)),
    ("Newgrange", (53.69, -6.48)),
    ("Epidaurus", (37.60, 23.08)),                  # not Cavtat (Roman Epidaurum)
    ("L'Anse aux Meadows", (51.60, -55.53)),
    ("Chaco Canyon", (36.06, -107.96)),
    ("Tikal", (17.22, -89.62)),
    ("Nazca Lines", (-14.74, -75.13)),
    ("Lake Mungo", (-33.75, 143.08)),
    ("Nan Madol", (6.84, 158.34)),
    ("Burgess Shale", (51.43, -116.47)),
    # a site named like a bigger town: found when its country qualifies it ...
    ("Troy, Turkey", (39.96, 26.24)),
    ("Babylon, Iraq", (32.54, 44.42)),
    # ... and the towns named like a site are still found, alone or qualified
    ("Troy", (42.61, -83.15)),                      # Troy, Michigan
    ("Troy, New York", (42.73, -73.69)),
    ("Babylon, New York", (40.70, -73.33)),
    ("Mesa Verde, California", (33.61, -114.73)),   # the town, not the Colorado park
])
def test_site_class(geocoder: HistoricalGeocoder, query: str,
                    expected: tuple[float, float]) -> None:
    loc = geocoder.geocode(query)
    assert loc is not None
    assert distance_km((loc.latitude, loc.longitude), expected) < 25


def test_a_stop_at_an_institution_is_in_its_city() -> None:
    text = ("Ann Roe\n\nAnn Roe (1901 – 1978) was a teacher. She was born in Boston. In 1920 "
            "she enrolled at Columbia University. In 1925 she sailed round Cape Horn.\n")
    stops = {s.place: (round(s.lat), round(s.lon)) for s in extract(text, "roe.txt").stops}
    assert stops["Columbia University"] == (41, -74)
    assert stops["Cape Horn"] == (-56, -67)
