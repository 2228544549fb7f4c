"""Two classes of alias rows (issue 9 coverage, issue 14 "not in gazetteer"), each a table.

a) institutions whose name holds no place or the wrong one ("Columbia University" is in New
   York, not in Columbia, South Carolina): the city's point, with the institution's name;
b) islands and capes of voyages that GeoNames' cities miss or give to a namesake town
   ("Cape Horn" is no town in Canada; "Crete" no town in Nebraska);
c) medieval names of cities still standing or in ruins ("Khanbaliq" is Beijing);
d) villages under 500 people that cities500 misses or gives to a namesake abroad
   ("Grasmere" is in Cumbria, not New Zealand);
e) common nicknames of cities ("the Eternal City").
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
    ("Crete", (35.21, 24.91)),
    ("Trinidad", (10.45, -61.25)),                  # the island, not a Philippine town
    ("Hispaniola", (19.0, -70.7)),
    ("Más a Tierra", (-33.64, -78.85)),
    ("Khanbaliq", (39.91, 116.40)),                 # Yuan name of Beijing
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


def test_a_stop_at_an_institution_is_in_its_city() -> None:
    text = ("Ann Roe\n\nAnn Roe (1901 – 1978) was a teacher. She was born in Boston. In 1920 "
            "she enrolled at Columbia University. In 1925 she sailed round Cape Horn.\n")
    stops = {s.place: (round(s.lat), round(s.lon)) for s in extract(text, "roe.txt").stops}
    assert stops["Columbia University"] == (41, -74)
    assert stops["Cape Horn"] == (-56, -67)
