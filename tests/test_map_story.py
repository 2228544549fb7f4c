"""Issue 11 without a browser: sources, titles, the offline base map, the render message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import render
from geo.errors import AssetError
from geo.itinerary import Itinerary
from geo.map import assets, build_map, render_html
from geo.map.basemap import basemap_levels
from geo.map.sources import read_dataset_title, read_source_titles, split_source

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"


@pytest.mark.parametrize(("text", "cites", "note"), [
    ("000_69cc800d3c4b830f.txt: childhood and family (18791895); end year approximate",
     [{"text": "text 000", "section": "childhood and family (1879–1895)"}],
     "end year approximate"),
    ("a.txt: Exile (1929-1940); b.md: Mexico", [
        {"text": "text a", "section": "Exile (1929–1940)"},
        {"text": "text b", "section": "Mexico"}], ""),
    # Not a year range: two numbers far apart, or the wrong way round, stay as written.
    ("a.txt: Census 18011999 and 19401879", [
        {"text": "text a", "section": "Census 18011999 and 19401879"}], ""),
    ("manual; {{7*7}} </script>", [], "manual; {{7*7}} </script>"),
    ("", [], ""),
])
def test_split_source(text: str, cites: list, note: str) -> None:
    assert split_source(text, {}) == (cites, note)


def test_titles_come_from_the_metadata_beside_the_data(tmp_path: Path) -> None:
    csv = tmp_path / "places.csv"
    shutil.copy(PLACES, csv)
    assert read_source_titles(csv) == {} and read_dataset_title(csv, "1879–1940") is None
    meta = {"dc:title": "", "dc:subject": "Leon Trotsky", "dc:source": [
        {"@id": "urn:x:000_69cc800d3c4b830f.txt", "dc:title": "'Leon Trotsky'",
         "dc:publisher": "New World Encyclopedia"},
        {"id": "002_0e97a1d2e69cb4e7.txt", "title": {"@value": "Trotsky (lower-case copy)"}},
        {"id": "no-title.txt"}, "not an entry"]}
    (tmp_path / "places.csv-metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    titles = read_source_titles(csv)
    assert titles == {"000_69cc800d3c4b830f.txt": "New World Encyclopedia, 'Leon Trotsky'",
                      "002_0e97a1d2e69cb4e7.txt": "Trotsky (lower-case copy)"}
    assert read_dataset_title(csv, "1879–1940") == "Leon Trotsky, 1879–1940"
    out = tmp_path / "page.html"
    assert render.main(["--data", str(csv), "--out", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    assert "<title>Leon Trotsky, 1879–1940</title>" in html
    assert "New World Encyclopedia, 'Leon Trotsky'" in html
    (tmp_path / "places.csv-metadata.json").write_text("{not json", encoding="utf-8")
    assert read_source_titles(csv) == {}  # unreadable metadata: short names, no crash


def test_render_message_counts_the_stops_on_the_page(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    assert render.main(["--data", str(PLACES), "--out", str(out), "--period",
                        "internal-exile-in-alma-ata"]) == 0
    err = capsys.readouterr().err
    assert "(66 stops, opens on Internal exile in Alma-Ata: 1 stop," in err
    assert render.main(["--data", str(PLACES), "--out", str(out), "--from", "1940"]) == 0
    assert "(3 stops," in capsys.readouterr().err  # Coyoacán from 1939, Mexico City twice


def test_basemap_levels() -> None:
    assert [lv.file for lv in basemap_levels("offline")] == ["countries-110m.json",
                                                           "countries-50m.json"]
    assert basemap_levels("tiles") == [] and basemap_levels("none") == []
    with pytest.raises(ValueError, match="'satellite'"):
        basemap_levels("satellite")


def test_offline_base_map_page(tmp_path: Path) -> None:
    it = Itinerary.from_csv(PLACES)
    html = render_html(build_map(it, title="T", basemap="offline"))
    assert html == render_html(build_map(it, title="T", basemap="offline"))  # same bytes
    assert "tile.openstreetmap.org" not in html
    for name in ("countries-110m", "countries-50m"):
        assert f'<script type="application/json" id="gs-basemap-{name}">' in html
    assert "GeoStory.basemap(" in html and "topojson" in html
    tiles = render_html(build_map(it, title="T", self_contained=True))
    assert "gs-basemap-countries-110m" in tiles and "gs-basemap-countries-50m" not in tiles
    assert "tile.openstreetmap.org" in tiles
    bare = render_html(build_map(it, title="T", basemap="none"))
    assert "gs-basemap" not in bare and "tile.openstreetmap.org" not in bare


def test_page_without_leaflet_falls_back(tmp_path: Path) -> None:
    html = render_html(build_map(Itinerary.from_csv(PLACES), title="T"))
    body = html.split('<body class="gs-body">', 1)[1]
    script = body.split("<script>\n", 1)[1]
    assert script.startswith("if (window.L) {")
    assert '} else {\n/* geostory: the page without its map library.' in script
    assert 'geostoryFallback("story_data_' in script
    # The map comes last in the page, so the tab order is header, controls, panel, map.
    assert body.index('id="gs-chapter"') < body.index('id="gs-play"') < body.index(
        'id="gs-panel"') < body.index('class="folium-map"')


def test_npm_package_files_are_found_or_fetched_and_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = assets.find_package_file("world-atlas", "countries-110m.json", download=False)
    assert path.is_file() and json.loads(path.read_text())["type"] == "Topology"
    monkeypatch.setattr(assets, "_REPO_ROOT", tmp_path / "nowhere")
    monkeypatch.setattr(assets, "_cache_root", lambda: tmp_path / "cache")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AssetError, match="npm ci"):
        assets.find_package_file("topojson-client", "dist/topojson-client.min.js",
                                 download=False)
    from test_assets import integrity_of, tarball

    data = tarball({"package/package.json": b'{"version": "3.1.0"}',
                    "package/dist/topojson-client.min.js": b"// fake",
                    "package/../evil.js": b"x"})
    with pytest.raises(AssetError, match="integrity"):
        assets.find_package_file("topojson-client", "dist/topojson-client.min.js",
                                 fetch=lambda url: data)
    monkeypatch.setitem(assets.NPM_PACKAGES, "topojson-client", assets.NpmPackage(
        "topojson-client", "3.1.0", integrity_of(data)))
    seen = []
    found = assets.find_package_file("topojson-client", "dist/topojson-client.min.js",
                                     fetch=lambda url: seen.append(url) or data)
    assert found.read_bytes() == b"// fake" and seen[0].endswith("topojson-client-3.1.0.tgz")
    assert not (tmp_path / "evil.js").exists() and not (tmp_path / "cache" / "evil.js").exists()
    # Now cached: no second download.
    assets.find_package_file("topojson-client", "dist/topojson-client.min.js",
                             fetch=lambda url: pytest.fail("downloaded again"))
