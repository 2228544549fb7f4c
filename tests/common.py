"""Named sample itineraries and CSV helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

HEADER = "stop,place,modern_name,country,lat,lon,start,end,kind,period,summary,source,geo_source"

#: Three stops, two periods: the smallest itinerary with everything in it.
SMALL_ROWS = [
    '1,Yanovka,Bereslavka,UA,47.985,32.3,1879-11-07,1888~,birth,Childhood,"Born on a farm.",'
    "seed A,manual",
    "2,Odessa,Odesa,UA,46.48572,30.74383,1888~,1896,school,Childhood,At school.,seed A,"
    "geonames:698740",
    "3,Coyoacán,Coyoacán,MX,19.3467,-99.16174,1937-01,1940-08-20,asylum,Exile in Mexico,"
    "Last home.,seed B,geonames:3530139",
]


def small_csv(rows: list[str] | None = None, header: str = HEADER) -> str:
    """CSV text of the small itinerary, or of ``rows`` under ``header``."""
    return "\n".join([header, *(SMALL_ROWS if rows is None else rows)]) + "\n"


def write(path: Path, text: str | bytes) -> Path:
    """Write a test file (bytes as they are, text as UTF-8)."""
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def place_record(i: int, name: str, country: str, lat: float, lon: float, pop: int,
                 alts: tuple[str, ...] = (), feature: str = "city") -> dict:
    """A gazetteer record for :meth:`geo.places.names.MemoryIndex.from_records`."""
    return {"id": i, "name": name, "alternatenames": list(alts), "country": country,
            "lat": lat, "lon": lon, "population": pop, "feature": feature}
