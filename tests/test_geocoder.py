"""HistoricalGeocoder: geopy's contract, disambiguation traps, the dataset, online fallback, CLI."""

from __future__ import annotations

import contextlib
import csv
import http.server
import json
import math
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from geopy.extra.rate_limiter import RateLimiter
from geopy.location import Location

from geo.cli import main
from geo.errors import GeocoderServiceError, GeocoderTimedOut, GeoError
from geo.geometry import distance_km
from geo.places.gazetteer import DEFAULT_ALIASES, get_gazetteer, normalize_name
from geo.places.geocoder import HistoricalGeocoder, NominatimFallback, geocode_rows, score_candidate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def geocoder() -> HistoricalGeocoder:
    return HistoricalGeocoder()


# -- traps that must come out right ---------------------------------------------------------
TRAPS = [
    # query, context, expected (lat, lon), what goes wrong without care
    ("Nikolayev", {}, (46.98, 31.99)),           # not Mykolayiv in Lviv oblast
    ("Amherst", {"country": "CA"}, (45.83, -64.20)),  # Nova Scotia, not New York
    ("Amherst, Nova Scotia", {}, (45.83, -64.20)),
    ("Yanovka", {}, (47.985, 32.30)),            # Kirovohrad oblast, not Volgograd
    ("Prinkipo", {"year": 1930}, (40.858, 29.121)),  # the island, not the district point
    ("Petrograd", {"year": 1917}, (59.94, 30.31)),
    ("Alma-Ata", {"year": 1928}, (43.25, 76.91)),
    ("Halifax", {"near": (40.71, -74.01)}, (44.64, -63.58)),   # from New York: Nova Scotia
    ("Halifax", {"near": (53.48, -2.24)}, (53.72, -1.85)),     # from Manchester: Yorkshire
    ("London", {}, (51.51, -0.13)), ("Vienna", {}, (48.21, 16.37)),
    ("Paris", {}, (48.85, 2.35)), ("Moscow", {}, (55.75, 37.62)),
    ("Berezov", {}, (63.94, 65.04)), ("Brest-Litovsk", {}, (52.11, 23.72)),
    ("Tampico", {}, (22.29, -97.88)), ("Odessa", {}, (46.49, 30.74)),
    ("Kiev", {}, (50.45, 30.52)), ("Constantinople", {}, (41.01, 28.95)),
    ("Kristiania", {"year": 1917}, (59.91, 10.75)), ("Königsberg", {}, (54.71, 20.51)),
    ("Tiflis", {}, (41.69, 44.83)), ("Bombay", {}, (19.07, 72.88)),
    ("bykada", {}, (40.858, 29.121)), ("coyoacn", {}, (19.35, -99.16)),
    ("hnefoss", {}, (60.17, 10.26)), ("Paris, Texas", {}, (33.66, -95.56)),
    ("Georgia", {}, (41.69, 44.83)),             # the country (its capital) by default
    ("Georgia", {"country": "US"}, (32.7, -83.4)),   # the state when the row says US
]


@pytest.mark.parametrize(("query", "context", "expected"), TRAPS,
                         ids=[f"{q}-{'-'.join(map(str, c))}" for q, c, _ in TRAPS])
def test_traps(geocoder: HistoricalGeocoder, query: str, context: dict,
               expected: tuple[float, float]) -> None:
    loc = geocoder.geocode(query, **context)
    assert isinstance(loc, Location)
    assert distance_km((loc.latitude, loc.longitude), expected) < 10, loc.raw


@pytest.mark.parametrize(("query", "country"), [
    ("London", "GB"), ("Vienna", "AT"), ("Paris", "FR"), ("Moscow", "RU"), ("Tampico", "MX"),
    ("Brest-Litovsk", "BY"), ("Halifax", "CA"), ("Switzerland", "CH"), ("Soviet Union", "RU"),
])
def test_default_countries(geocoder: HistoricalGeocoder, query: str, country: str) -> None:
    assert geocoder.geocode(query).raw["country"] == country


def test_country_can_be_a_name_or_several(geocoder: HistoricalGeocoder) -> None:
    assert geocoder.geocode("Amherst", country="Canada").raw["admin1"] == "07"
    assert geocoder.geocode("Amherst", country=["FR", "CA"]).raw["country"] == "CA"


def test_year_weighs_historical_names(geocoder: HistoricalGeocoder) -> None:
    in_use = geocoder.geocode("Leningrad", year=1930).raw["score"]
    not_yet = geocoder.geocode("Leningrad", year=1905).raw["score"]
    no_year = geocoder.geocode("Leningrad").raw["score"]
    assert in_use > no_year > not_yet


def test_near_prefers_the_closer_of_same_named_villages(geocoder: HistoricalGeocoder) -> None:
    many = geocoder.geocode("Ivanivka", exactly_one=False)
    assert len(many) > 5
    # the least likely village of that very name without context ...
    target = [loc for loc in many if loc.raw["match"] == 0][-1]
    assert target.raw["source"] != many[0].raw["source"]
    chosen = geocoder.geocode("Ivanivka", near=(target.latitude, target.longitude))
    # ... wins when we were next door (or a namesake within a few km does)
    assert distance_km(chosen.point[:2], target.point[:2]) < 25


def test_score_candidate_terms() -> None:
    gaz = get_gazetteer()
    (ca,) = [c for c in gaz.candidates("Amherst") if c.country == "CA"]
    base = score_candidate(ca)
    assert score_candidate(ca, countries=frozenset({"CA"})) > base
    assert score_candidate(ca, countries=frozenset({"US"})) < base
    assert score_candidate(ca, near=(45.8, -64.2)) > score_candidate(ca, near=(10.0, 10.0))


# -- geopy's contract -----------------------------------------------------------------------
def test_contract_none_location_or_nonempty_list(geocoder: HistoricalGeocoder) -> None:
    assert geocoder.geocode("Qzxqzx Nowhere") is None
    assert geocoder.geocode("Qzxqzx Nowhere", exactly_one=False) is None  # never []
    one = geocoder.geocode("Paris")
    assert isinstance(one, Location)
    many = geocoder.geocode("Paris", exactly_one=False)
    assert isinstance(many, list) and len(many) > 1
    assert many[0].raw == one.raw
    scores = [loc.raw["score"] for loc in many]
    assert scores == sorted(scores, reverse=True)
    assert len(geocoder.geocode("Paris", exactly_one=False, limit=2)) == 2
    assert {"geonameid", "country", "population", "source", "score"} <= set(one.raw)
    assert one.raw["geonameid"] == 2988507 and one.raw["population"] > 1_000_000


def test_one_place_appears_once(geocoder: HistoricalGeocoder) -> None:
    # Petrograd reaches Saint Petersburg through its alias and GeoNames' alternate name.
    sources = [loc.raw["source"] for loc in geocoder.geocode("Petrograd", exactly_one=False)]
    assert len(sources) == len(set(sources))


@pytest.mark.parametrize("query", ["", "   ", "\t\n", math.nan, None, float("nan"), "---"])
def test_empty_or_missing_queries_give_none(geocoder: HistoricalGeocoder, query: object) -> None:
    assert geocoder.geocode(query) is None


@pytest.mark.parametrize("query", [12, 3.5, ["Paris"], b"Paris"])
def test_non_string_query_is_a_type_error(geocoder: HistoricalGeocoder, query: object) -> None:
    with pytest.raises(TypeError, match="Expected a place name as str"):
        geocoder.geocode(query)


@pytest.mark.parametrize("kwargs", [
    {"near": (1.0,)}, {"near": "north"}, {"near": (95.0, 10.0)}, {"country": "Atlantis"},
    {"year": "nineteen"}, {"year": 1917.5},
])
def test_bad_context_is_a_value_error(geocoder: HistoricalGeocoder, kwargs: dict) -> None:
    with pytest.raises(ValueError, match="Expected"):
        geocoder.geocode("Paris", **kwargs)


def test_missing_context_values_are_ignored(geocoder: HistoricalGeocoder) -> None:
    loc = geocoder.geocode("Paris", country=math.nan, near=(math.nan, math.nan), year=math.nan)
    assert loc.raw["country"] == "FR"


@pytest.mark.parametrize(("variant", "source"), [
    ("St. Petersburg", "geonames:498817"), ("Saint Petersburg", "geonames:498817"),
    ("Sankt-Peterburg", "geonames:498817"), ("S. Petersburg", "geonames:498817"),
    ("Alma Ata", "geonames:1526384"), ("Almaata", "geonames:1526384"),
    ("alma-ata", "geonames:1526384"), ("BREST LITOVSK", "geonames:629634"),
    ("brest-litovsk", "geonames:629634"), ("coyoacán", "geonames:3530139"),
])
def test_spelling_variants(geocoder: HistoricalGeocoder, variant: str, source: str) -> None:
    assert geocoder.geocode(variant).raw["source"] == source


def test_rate_limiter_and_pandas_apply(geocoder: HistoricalGeocoder) -> None:
    df = pd.DataFrame({"place": ["Petrograd", "Prinkipo", None, math.nan, "Qzxqzx", ""]})
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=0, max_retries=0)
    for fn in (geocoder.geocode, limited):
        found = df["place"].apply(fn)
        sources = [loc.raw["source"] if loc is not None else None for loc in found]
        assert sources == ["geonames:498817", "alias:prinkipo", None, None, None, None]
    # geopandas-style: keyword arguments pass through the limiter too.
    assert limited("Amherst", country="CA").raw["country"] == "CA"


def test_offline_geocoder_never_builds_a_network_client(geocoder: HistoricalGeocoder) -> None:
    assert geocoder.online is None
    assert geocoder.geocode("Qzxqzx Nowhere") is None


# -- the project's dataset ------------------------------------------------------------------
def _places(places_csv: Path) -> list[dict[str, str]]:
    with open(places_csv, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_places_csv_regeocodes_offline_within_25_km(places_csv: Path) -> None:
    rows = _places(places_csv)
    geocoder = HistoricalGeocoder()
    previous = None
    checked = 0
    for lineno, row in enumerate(rows, start=2):
        stored = (float(row["lat"]), float(row["lon"]))
        if row["geo_source"].startswith(("geonames:", "alias:")):
            year = int(row["start"][:4]) if row["start"][:4].isdigit() else None
            loc = geocoder.geocode(row["place"], country=row["country"] or None,
                                   near=previous, year=year)
            assert loc is not None, f"row {lineno}: {row['place']!r} not found"
            off = distance_km(stored, (loc.latitude, loc.longitude))
            assert off < 25, f"row {lineno}: {row['place']!r} {off:.0f} km from stored point"
            assert loc.raw["source"] == row["geo_source"], f"row {lineno}"
            checked += 1
        previous = stored
    assert checked >= 50


def test_alias_sources_in_places_csv_name_real_alias_keys(places_csv: Path) -> None:
    with open(DEFAULT_ALIASES, encoding="utf-8") as fh:
        keys = {normalize_name(r["name"]) for r in csv.DictReader(fh)}
    used = {r["geo_source"].removeprefix("alias:") for r in _places(places_csv)
            if r["geo_source"].startswith("alias:")}
    assert used and used <= keys


def test_manual_rows_explain_themselves(places_csv: Path) -> None:
    seed_ref = re.compile(r"^\s*\d{3}_[0-9a-f]{16}\.txt: ")
    for row in _places(places_csv):
        assert re.fullmatch(r"manual|geonames:\d+|alias:.+", row["geo_source"]), row
        if row["geo_source"] == "manual":
            notes = [part for part in row["source"].split(";") if not seed_ref.match(part)]
            assert notes, f"manual row {row['stop']} ({row['place']}) gives no reason"


def test_geocode_rows_uses_row_context_and_keeps_manual_rows() -> None:
    rows = [
        {"place": "New York", "country": "US", "start": "1917", "lat": "40.8", "lon": "-73.9",
         "geo_source": "manual"},
        {"place": "Halifax", "country": "", "start": "1917-04", "lat": "", "lon": "",
         "geo_source": ""},
        {"place": "Nowhere Qzx", "country": "", "start": "", "lat": "1", "lon": "2",
         "geo_source": "geonames:1"},
    ]
    out, misses = geocode_rows(HistoricalGeocoder(), rows, source="x.csv", chain=True)
    assert out[0] == rows[0]
    assert out[1]["geo_source"] == "geonames:6324729"  # near New York: Nova Scotia
    assert (out[2]["lat"], out[2]["lon"], out[2]["geo_source"]) == ("", "", "")
    assert misses == [(4, "Nowhere Qzx")]
    with pytest.raises(ValueError, match=r"x\.csv: row 2: .*'Narnia'"):
        geocode_rows(HistoricalGeocoder(), [{"place": "Paris", "country": "Narnia"}],
                     source="x.csv")


# -- online fallback against a fake Nominatim on 127.0.0.1 -----------------------------------
NOMINATIM_HIT = [{"place_id": 1, "osm_type": "node", "osm_id": 42, "lat": "59.1", "lon": "10.2",
                  "display_name": "Fakeby, Norway", "name": "Fakeby", "addresstype": "village",
                  "address": {"country_code": "no"}}]


class FakeNominatim(http.server.ThreadingHTTPServer):
    """Answers /search from a script of (status, delay_seconds) steps, then 200 hits."""

    def __init__(self) -> None:
        self.script: list[tuple[int, float]] = []
        self.requests: list[str] = []
        self.agents: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: FakeNominatim

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.server.agents.append(self.headers.get("User-Agent", ""))
        status, delay = self.server.script.pop(0) if self.server.script else (200, 0.0)
        if delay:
            time.sleep(delay)
        body = json.dumps(NOMINATIM_HIT if "Fakeby" in self.path else []).encode()
        if status != 200:
            body = b'{"error": "scripted"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may have timed out and left.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def fake_server() -> Iterator[FakeNominatim]:
    server = FakeNominatim()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class SimulatedTime:
    """A clock that only moves when the code under test sleeps (or a test says so)."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def _fallback(server: FakeNominatim, tmp_path: Path, **kwargs: object
              ) -> tuple[NominatimFallback, SimulatedTime]:
    options: dict = {"domain": f"127.0.0.1:{server.server_address[1]}", "scheme": "http",
                     "timeout": 2, "cache_path": tmp_path / "nominatim.json",
                     "backoff_seconds": 2.0, **kwargs}
    online = NominatimFallback(**options)
    fake = SimulatedTime()
    online._clock = fake.clock  # type: ignore[method-assign]
    online._sleep = fake.sleep  # type: ignore[method-assign]
    return online, fake


def test_online_cache_makes_a_rerun_send_nothing(fake_server: FakeNominatim,
                                                 tmp_path: Path) -> None:
    online, _ = _fallback(fake_server, tmp_path)
    loc = online.geocode("Fakeby")
    assert (loc.latitude, loc.longitude) == (59.1, 10.2)
    assert loc.raw["source"] == "nominatim:node/42" and loc.raw["country"] == "NO"
    assert online.geocode("Nowhere at all") is None  # misses are cached too
    assert len(fake_server.requests) == 2
    assert fake_server.agents[0].startswith("geostory/")
    cached = json.loads((tmp_path / "nominatim.json").read_text(encoding="utf-8"))
    assert cached["version"] == 1 and len(cached["entries"]) == 2

    rerun, _ = _fallback(fake_server, tmp_path)
    assert rerun.geocode("Fakeby").raw["source"] == "nominatim:node/42"
    assert rerun.geocode("Nowhere at all") is None
    assert len(fake_server.requests) == 2 and rerun.requests_sent == 0


def test_online_requests_are_at_least_one_second_apart(fake_server: FakeNominatim,
                                                       tmp_path: Path) -> None:
    online, fake = _fallback(fake_server, tmp_path)
    online.geocode("Fakeby one")
    fake.now += 0.25  # the caller did a quarter second of other work
    online.geocode("Fakeby two")
    online.geocode("Fakeby two")  # cached: no request, no wait
    online.geocode("Fakeby three")
    assert fake.sleeps == pytest.approx([0.75, 1.0])
    assert len(fake_server.requests) == 3


def test_online_retries_429_and_500_with_backoff(fake_server: FakeNominatim,
                                                 tmp_path: Path) -> None:
    online, fake = _fallback(fake_server, tmp_path, max_retries=3)
    fake_server.script = [(429, 0.0), (500, 0.0)]
    assert online.geocode("Fakeby").raw["source"] == "nominatim:node/42"
    assert len(fake_server.requests) == 3
    # backoff 2 s then 4 s; each wait also covers the 1 s spacing, so no extra sleeps
    assert fake.sleeps == pytest.approx([2.0, 4.0])


def test_online_gives_up_after_retries(fake_server: FakeNominatim, tmp_path: Path) -> None:
    online, fake = _fallback(fake_server, tmp_path, max_retries=2)
    fake_server.script = [(500, 0.0)] * 3
    with pytest.raises(GeocoderServiceError, match=r"3 tries") as info:
        online.geocode("Fakeby")
    assert isinstance(info.value, GeoError) and info.value.__cause__ is not None
    assert len(fake_server.requests) == 3 and fake.sleeps == pytest.approx([2.0, 4.0])
    assert not (tmp_path / "nominatim.json").exists()  # failures are not cached


def test_online_timeouts_are_retried_then_raised(fake_server: FakeNominatim,
                                                 tmp_path: Path) -> None:
    online, _ = _fallback(fake_server, tmp_path, max_retries=1, timeout=0.2)
    fake_server.script = [(200, 0.6), (200, 0.6)]
    with pytest.raises(GeocoderTimedOut) as info:
        online.geocode("Fakeby")
    assert isinstance(info.value, TimeoutError) and isinstance(info.value, GeoError)
    assert len(fake_server.requests) == 2


def test_online_timeout_then_success(fake_server: FakeNominatim, tmp_path: Path) -> None:
    online, _ = _fallback(fake_server, tmp_path, max_retries=2, timeout=0.2)
    fake_server.script = [(200, 0.6)]
    assert online.geocode("Fakeby") is not None
    assert len(fake_server.requests) == 2


def test_historical_geocoder_goes_online_only_for_misses(fake_server: FakeNominatim,
                                                         tmp_path: Path) -> None:
    geocoder = HistoricalGeocoder(online=True, domain=f"127.0.0.1:{fake_server.server_address[1]}",
                                  scheme="http", cache_path=tmp_path / "n.json")
    assert geocoder.online is not None
    geocoder.online._sleep = lambda s: None  # type: ignore[method-assign]
    assert geocoder.geocode("Petrograd").raw["source"] == "geonames:498817"
    assert fake_server.requests == []
    assert geocoder.geocode("Fakeby", country="NO").raw["source"] == "nominatim:node/42"
    assert len(fake_server.requests) == 1 and "countrycodes=no" in fake_server.requests[0]


# -- command line ---------------------------------------------------------------------------
def test_cli_single_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Prinkipo", "--year", "1930", "--country", "TR"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("40.85800,29.12100\tBüyükada, Turkey\talias:prinkipo")


def test_cli_json_and_near(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Halifax", "--near", "53.48,-2.24", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["country"] == "GB" and data["source"] == "geonames:2647632"


def test_cli_not_found_exits_1_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["geocode", "Qzxqzx Nowhere"]) == 1
    err = capsys.readouterr().err
    assert err == "error: no place found for 'Qzxqzx Nowhere'\n"


@pytest.mark.parametrize(("argv", "message"), [
    (["geocode", "Paris", "--near", "north"], "--near: expected LAT,LON"),
    (["geocode", "Paris", "--country", "Narnia"], "Expected a country"),
    (["geocode"], "give one place NAME or --csv FILE"),
])
def test_cli_bad_options(capsys: pytest.CaptureFixture[str], argv: list[str],
                         message: str) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_cli_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("place,country,note\nHalifax,,first\nAmherst,CA,x\nAtlantis Qzx,,y\n"
                   "Prinkipo,TR,z\n,,empty\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["geocode", "--csv", str(src), "--column", "place", "-o", str(out)]) == 0
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["place"] for r in rows] == ["Halifax", "Amherst", "Atlantis Qzx", "Prinkipo", ""]
    assert [r["note"] for r in rows] == ["first", "x", "y", "z", "empty"]
    assert [r["geo_source"] for r in rows] == ["geonames:6324729", "geonames:5884467", "",
                                               "alias:prinkipo", ""]
    assert rows[2]["lat"] == rows[2]["lon"] == ""
    err = capsys.readouterr().err
    assert "2 not found: row 4: 'Atlantis Qzx'; row 6: '<empty>'" in err


def test_cli_batch_bad_input_writes_nothing(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("name,country\nParis,FR\nVienna,Narnia\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["geocode", "--csv", str(src), "-o", str(out)]) == 1
    assert "no column 'place' (columns: name, country)" in capsys.readouterr().err
    assert main(["geocode", "--csv", str(src), "--column", "name", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{src}: row 3" in err and "'Narnia'" in err
    assert not out.exists()
    assert main(["geocode", "--csv", str(tmp_path / "missing.csv")]) == 1
    assert "cannot read" in capsys.readouterr().err


def test_cli_batch_progress_bar_on_long_runs(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.csv"
    src.write_text("place\n" + "Paris\nVienna\n" * 150, encoding="utf-8")
    assert main(["geocode", "--csv", str(src), "-o", str(tmp_path / "o.csv")]) == 0
    err = capsys.readouterr().err
    assert "geocoding [" in err and "300/300" in err
