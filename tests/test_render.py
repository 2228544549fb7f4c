"""``render.py``: the main job, called as ``main([...])`` the way a shell would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import render
from geo.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"
HEADER = PLACES.read_text(encoding="utf-8").splitlines()[0]
GOOD_ROWS = [
    '1,Yanovka,Bereslavka,UA,47.985,32.3,1879-11-07,1888~,birth,Childhood,"Born.",a,manual',
    "2,Odessa,Odesa,UA,46.48572,30.74383,1888~,1896,school,Childhood,At school.,b,manual",
    "3,Nikolayev,Mykolaiv,UA,46.97625,31.99296,1896,1898-01,school,Childhood,More school.,c,manual",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = render.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def story_json(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def write_csv(path: Path, rows: list[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_default_render_writes_the_trotsky_map(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "places.csv").write_bytes(PLACES.read_bytes())
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)
    assert code == 0, err
    page = (tmp_path / "maps" / "trotsky.html").read_text(encoding="utf-8")
    assert len(story_json(page)["stops"]) == 66
    assert "<title>Trotsky, 1879–1940</title>" in page
    assert "wrote maps/trotsky.html (66 stops" in err
    assert out == ""
    assert [p.name for p in (tmp_path / "maps").iterdir()] == ["trotsky.html"]  # no temp left


def test_two_renders_give_the_same_bytes(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b" / "a.html"
    assert run(capsys, "--data", str(PLACES), "--out", str(a))[0] == 0
    assert run(capsys, "--data", str(PLACES), "--out", str(b))[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_committed_map_is_fresh(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """maps/trotsky.html in the repo is what `python render.py` writes today."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "trotsky.html"
    # The title comes from data/places.csv-metadata.json, not from the output's file name.
    assert run(capsys, "--out", str(out))[0] == 0
    assert (ROOT / "maps" / "trotsky.html").read_bytes() == out.read_bytes(), (
        "maps/trotsky.html is stale: run `python render.py`")


def test_options(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "--data", str(PLACES), "--out", str(out), "--period",
                       "exile-in-mexico", "--period", "Exile in Norway", "--title",
                       "Trotsky <abroad>", "--autoplay", "--from", "1930", "--to", "1940")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    data = story_json(page)
    assert data["title"] == "Trotsky <abroad>"
    assert "<title>Trotsky &lt;abroad&gt;</title>" in page
    assert '"initialPeriods":["exile-in-mexico","exile-in-norway"]' in page
    assert '"autoplay":true' in page
    assert data["stops"][0]["place"] == "Prinkipo" and data["stops"][-1]["place"] == "Mexico City"


def test_self_contained_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "sc.html"
    code, _, err = run(capsys, "--data", str(PLACES), "--out", str(out), "--self-contained")
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in page and "<script src" not in page
    assert "self-contained" in err


def test_embed_snippet(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "maps" / "trotsky.html"
    code, printed, _ = run(capsys, "--data", str(PLACES), "--out", str(out),
                           "--embed-snippet")
    assert code == 0 and out.exists()
    assert printed == (f'<iframe src="{out.as_posix()}" title="Leon Trotsky, 1879–1940" '
                       'style="width:100%;height:600px;max-height:90vh;border:0" '
                       'loading="lazy" allow="fullscreen"></iframe>\n')
    code, printed, _ = run(capsys, "--data", str(PLACES), "--out", str(out), "--title",
                           'A "quoted" <life>', "--embed-snippet",
                           "https://example.org/maps/trotsky.html?a=1&b=2")
    assert printed.startswith('<iframe src="https://example.org/maps/trotsky.html?a=1&amp;b=2"'
                              ' title="A &quot;quoted&quot; &lt;life&gt;"')


def test_unknown_period_and_empty_years(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    code, _, err = run(capsys, "--data", str(PLACES), "--out", str(out), "--period", "Mars")
    assert code == 1 and "no period 'Mars'" in err and len(err.splitlines()) == 1
    code, _, err = run(capsys, "--data", str(PLACES), "--out", str(out), "--from", "1800",
                       "--to", "1850")
    assert code == 1 and "no stops" in err
    code, _, err = run(capsys, "--data", str(PLACES), "--out", str(out), "--from", "1930",
                       "--to", "1920")
    assert code == 1 and "before" in err
    assert not out.exists()


BAD_CSVS = {
    "missing column": (HEADER.replace(",lat,", ",latitude,"), GOOD_ROWS, 1, "lat"),
    "latitude 123": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[1].replace("46.48572", "123"),
                              GOOD_ROWS[2]], 3, "'123'"),
    "date spring 1902": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[1].replace("1888~,1896",
                                                                     "spring 1902,1903")],
                         3, "'spring 1902'"),
    "end before start": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[1].replace("1888~,1896",
                                                                     "1896,1888")],
                         3, "'1888'"),
    "unknown kind": (HEADER, [GOOD_ROWS[0].replace(",birth,", ",picnic,")], 2, "'picnic'"),
    "duplicate stop": (HEADER, [GOOD_ROWS[0], GOOD_ROWS[1], "2" + GOOD_ROWS[2][1:]], 4,
                       "'2'"),
}


@pytest.mark.parametrize("case", sorted(BAD_CSVS))
def test_bad_csv_gives_one_line_naming_file_row_value(case: str,
                                                      capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    header, rows, row, value = BAD_CSVS[case]
    csv = write_csv(tmp_path / "bad.csv", rows, header)
    out = tmp_path / "out" / "map.html"
    code, printed, err = run(capsys, "--data", str(csv), "--out", str(out))
    assert code == 1
    assert printed == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert str(csv) in lines[0] and f"row {row}" in lines[0] and value in lines[0], lines[0]
    assert not out.exists() and not out.parent.exists()


def test_empty_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv = tmp_path / "empty.csv"
    csv.write_bytes(b"")
    out = tmp_path / "map.html"
    code, _, err = run(capsys, "--data", str(csv), "--out", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert str(csv) in err and "empty" in err
    assert not out.exists()


def test_non_utf8_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    csv = tmp_path / "latin1.csv"
    text = "\n".join([HEADER, *GOOD_ROWS]).replace("Odessa", "Odessä") + "\n"
    csv.write_bytes(text.encode("latin-1"))
    out = tmp_path / "map.html"
    code, _, err = run(capsys, "--data", str(csv), "--out", str(out))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert str(csv) in err and "row 3" in err and "xe4" in err and "UTF-8" in err
    assert not out.exists()


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--data", str(tmp_path / "nope.csv"), "--out",
                       str(tmp_path / "m.html"))
    assert code == 1 and "nope.csv" in err and "not found" in err


def test_a_failed_render_keeps_the_old_map(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    out = tmp_path / "m.html"
    out.write_text("old map", encoding="utf-8")
    csv = write_csv(tmp_path / "bad.csv", [GOOD_ROWS[0].replace(",birth,", ",picnic,")])
    assert run(capsys, "--data", str(csv), "--out", str(out))[0] == 1
    assert out.read_text(encoding="utf-8") == "old map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv", "m.html"]


def test_every_render_option_is_documented() -> None:
    parser = build_parser()
    render_parser = parser._subparsers._group_actions[0].choices["render"]  # type: ignore
    options = {o for a in render_parser._actions for o in a.option_strings}
    assert {"--data", "--out", "--period", "--from", "--to", "--title", "--autoplay",
            "--self-contained", "--embed-snippet"} <= options
    for action in render_parser._actions:
        assert action.help, action.option_strings
