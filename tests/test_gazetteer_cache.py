"""The on-disk gazetteer index heals itself, and carries the admin-1 table (issue 9 items 4, 6).

The index is a cache of packaged data: a truncated, overwritten or foreign file is rebuilt
with one warning line, never a traceback. Rebuilding the real index takes half a minute, so
these tests stand the build in with the bytes of the session's index (the detection, the
warning, the atomic replacement and the clean-up are what is tested).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from geo.cli import main
from geo.places import gazetteer as gz


@pytest.fixture(scope="module")
def good_index() -> tuple[Path, str]:
    real = gz.get_gazetteer()
    return real.path, real.version


@pytest.fixture()
def counted_builds(monkeypatch: pytest.MonkeyPatch, good_index: tuple[Path, str]) -> list[str]:
    builds: list[str] = []
    blob = good_index[0].read_bytes()

    def build(aliases_text: str, display: str, version: str, admin1_text: str = "") -> bytes:
        builds.append(version)
        return blob

    monkeypatch.setattr(gz, "_build_database", build)
    return builds


@pytest.mark.parametrize("damage", [
    b"",                                    # emptied
    b"not a database at all\n" * 10,        # overwritten
    "truncated",                            # cut in the middle
    "foreign",                              # a valid SQLite file of another program
])
def test_a_damaged_index_is_rebuilt_with_one_warning(
        tmp_path: Path, good_index: tuple[Path, str], counted_builds: list[str],
        capsys: pytest.CaptureFixture[str], damage: bytes | str) -> None:
    path = tmp_path / f"gazetteer-{good_index[1]}.sqlite"
    if damage == "truncated":
        path.write_bytes(good_index[0].read_bytes()[:4096])
    elif damage == "foreign":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE t (x)")
        con.commit()
        con.close()
    else:
        assert isinstance(damage, bytes)
        path.write_bytes(damage)
    (tmp_path / f"gazetteer-{good_index[1]}-py311.marshal").write_bytes(b"stale")
    gaz = gz.Gazetteer.load(directory=tmp_path)
    assert counted_builds == [good_index[1]]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("warning: ") and "rebuilding" in err[0]
    assert [c.country for c in gaz.candidates("Prinkipo")][:1] == ["TR"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]   # no stale leftovers


def test_a_sound_index_is_not_rebuilt(tmp_path: Path, good_index: tuple[Path, str],
                                      counted_builds: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / f"gazetteer-{good_index[1]}.sqlite"
    path.write_bytes(good_index[0].read_bytes())
    gz.Gazetteer.load(directory=tmp_path)
    assert counted_builds == [] and capsys.readouterr().err == ""


def test_cli_geocodes_through_a_damaged_cache(tmp_path: Path, good_index: tuple[Path, str],
                                              counted_builds: list[str],
                                              monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(gz, "cache_dir", lambda: tmp_path)
    monkeypatch.setattr(gz, "_LOADED", {})
    (tmp_path / f"gazetteer-{good_index[1]}.sqlite").write_bytes(b"\0" * 100)
    assert main(["geocode", "Prinkipo"]) == 0
    captured = capsys.readouterr()
    assert "Büyükada" in captured.out
    assert len(captured.err.strip().splitlines()) == 1 and "rebuilding" in captured.err


def test_the_index_version_follows_the_admin1_table() -> None:
    assert gz._data_version(b"a", b"x") != gz._data_version(b"a", b"y")


def test_admin1_rows_and_postal_codes(good_index: tuple[Path, str]) -> None:
    gaz = gz.get_gazetteer()
    rows = [c for c in gaz.candidates("Massachusetts") if c.feature == gz.ADMIN1_FEATURE]
    assert [(c.country, c.admin1, c.source) for c in rows] == [("US", "MA", "admin1:US.MA")]
    assert gaz.postal_codes()["PA"] == [("US", "PA")]
    assert gaz.postal_codes()["ON"] == [("CA", "08")]
    # A division is also indexed without its generic word, and codes are never names.
    assert any(c.feature == gz.ADMIN1_FEATURE for c in gaz.candidates("Tver"))
    assert not any(c.feature == gz.ADMIN1_FEATURE for c in gaz.candidates("MA"))


def test_admin1_table_is_sound() -> None:
    import csv

    with gz.ADMIN1_TABLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) > 3000
    keys = [(r["country"], r["admin1"]) for r in rows]
    assert len(set(keys)) == len(keys)
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r
        assert r["name"].strip() and r["source"] == "geonames", r
    names = {(r["country"], r["name"]) for r in rows}
    for expected in [("US", "Texas"), ("CA", "Quebec"), ("DE", "Bavaria"),
                     ("FR", "Île-de-France"), ("RU", "Tver Oblast"), ("GB", "Scotland")]:
        assert expected in names
