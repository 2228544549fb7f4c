"""The review page without a browser: its data, the mention adapter, the command line.

Browser behaviour (deciding, re-placing, saving, hostile text) is in
``tests/test_review_browser.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import SimpleNamespace

import pytest

from geo.cli import main
from geo.extract import extract, read_text
from geo.itinerary import Itinerary
from geo.places.gazetteer import Candidate
from geo.review.basemap import decode_topology, load_land
from geo.review.data import (
    MAX_CANDIDATES,
    REVIEW_COLUMNS,
    mentions_of_draft,
    review_data,
    stops_from_draft,
    stops_from_itinerary,
    to_review_mention,
)
from geo.review.page import build_review_page

ROOT = Path(__file__).resolve().parents[1]
BIO = ROOT / "tests" / "data" / "synthetic" / "brzeska.txt"


def _cand(name: str, source: str, lat: float = 1.0, lon: float = 2.0) -> Candidate:
    return Candidate(name, name, lat, lon, "PL", 1000, "city", None, source, None, None, "",
                     0, "")


@dataclass(frozen=True)
class NewMention:
    """The extractor's coming ``Mention`` contract, as the brief describes it."""

    surface: str
    char_start: int
    char_end: int
    kept: bool
    reason: str
    stop: object
    candidates: tuple[Candidate, ...]


@pytest.fixture(scope="module")
def draft():  # type: ignore[no-untyped-def]
    return extract(read_text(BIO), BIO.name)


def test_old_tuple_and_new_mention_read_the_same() -> None:
    cands = (_cand("Łódź", "geonames:1"), _cand("Lodz", "geonames:2"))
    old = to_review_mention(("Łódź", 434, 438, False), stop_of={}, lookup=lambda s: list(cands))
    new = to_review_mention(NewMention("Łódź", 434, 438, False, "not a visit", None, cands),
                            stop_of={}, lookup=lambda s: [])
    assert old == new
    assert (old.kept, old.reason, old.stop) == (False, "not a visit", None)


def test_new_mention_keeps_its_own_reason_stop_and_candidates() -> None:
    stops = [object(), object()]
    found = to_review_mention(
        NewMention("Berlin", 5, 11, True, "cue 'moved to'", 2, (_cand("Berlin", "g:3"),)),
        stop_of={}, lookup=lambda s: pytest.fail("must not look up"), stops=stops)
    assert (found.reason, found.stop, found.candidates[0].source) == ("cue 'moved to'", 1, "g:3")
    by_object = to_review_mention(NewMention("Berlin", 5, 11, True, "", stops[0], ()),
                                  stop_of={}, lookup=lambda s: [_cand("B", "g:9")], stops=stops)
    assert by_object.stop == 0 and by_object.candidates[0].source == "g:9"  # looked up when none
    assert to_review_mention(NewMention("Rome", 5, 9, False, "x", None, ()), stop_of={5: 1},
                             lookup=lambda s: [], stops=stops).stop is None


def test_old_tuples_take_their_stop_from_the_draft(draft) -> None:  # type: ignore[no-untyped-def]
    # A draft of an older extractor, whose mentions were (surface, start, end, is_visit).
    old = SimpleNamespace(stops=draft.stops, mentions=[
        (m.surface, m.char_start, m.char_end, m.kept) for m in draft.mentions])
    mentions = mentions_of_draft(old)
    assert len(mentions) == len(old.mentions)
    starts = [m.char_start for m in mentions]
    assert starts == sorted(starts)
    krakow = next(m for m in mentions if m.char_start == draft.stops[0].char_start)
    assert krakow.stop == 0 and krakow.reason == "kept"
    assert krakow.candidates[0].source == draft.stops[0].geo_source  # best first
    assert all(len(m.candidates) <= MAX_CANDIDATES for m in mentions)
    lodz = next(m for m in mentions if m.surface == "Łódź")
    assert (lodz.kept, lodz.reason, lodz.stop) == (False, "not a visit", None)


def test_review_data_links_every_draft_stop_to_its_mention(draft) -> None:  # type: ignore[no-untyped-def]
    text = read_text(BIO)
    data = review_data(text, mentions_of_draft(draft), stops_from_draft(draft), title="t",
                       source_name="bio/brzeska.txt")
    assert data["save_name"] == "brzeska-reviewed.csv"
    assert data["columns"] == list(REVIEW_COLUMNS)
    for s in data["stops"]:
        m = data["mentions"][s["mention_id"]]
        assert text[m["start"]:m["end"]] == s["mention"]
        assert s["status"] == "pending"
    assert len({data["text_hash"], data["base_hash"]}) == 2
    # A mention merged into a stop points at that stop, also when a review is resumed
    # from rows that no longer line up with the draft (here: Warsaw rejected and gone).
    owner = {m["surface"]: m["stop_id"] for m in data["mentions"]}
    ids = {s["place"]: s["id"] for s in data["stops"]}
    assert owner["Charlottenburg"] == ids["Berlin"] and owner["Łódź"] is None
    rows = [r for r in stops_from_draft(draft) if r["place"] != "Warsaw"]
    resumed = review_data(text, mentions_of_draft(draft), rows, title="t", source_name="b.txt",
                          stop_starts=[s.char_start for s in draft.stops])
    owner = {m["surface"]: m["stop_id"] for m in resumed["mentions"]}
    ids = {s["place"]: s["id"] for s in resumed["stops"]}
    assert owner["Charlottenburg"] == ids["Berlin"] == "s1" and owner["Warsaw"] is None


def test_page_is_deterministic_and_holds_text_only_as_escaped_json(draft) -> None:  # type: ignore[no-untyped-def]
    text = read_text(BIO) + "\n\n{{ 7*7 }} </script><img src=x onerror=alert(1)> \u2028"
    data = review_data(text, mentions_of_draft(draft), stops_from_draft(draft),
                       title="<b>{{x}}</b>", source_name="brzeska.txt")
    page = build_review_page(data, leaflet_js="/*L*/", leaflet_css="/*C*/")
    assert page == build_review_page(data, leaflet_js="/*L*/", leaflet_css="/*C*/")
    assert "{{" not in page and "<img src=x" not in page and "\u2028" not in page
    assert "<title>&lt;b&gt;&#123;&#123;x&#125;&#125;&lt;/b&gt;</title>" in page
    block = re.search(r'<script type="application/json" id="rv-data">(.*?)</script>', page,
                      re.S)
    assert block is not None and json.loads(block.group(1))["text"] == text


def test_saved_review_reopens_with_its_decisions(tmp_path: Path) -> None:
    saved = tmp_path / "saved.csv"
    saved.write_text(
        ",".join(REVIEW_COLUMNS) + "\n"
        "1,Kraków,Kraków,PL,50.06143,19.93658,1898-06-05,1916,birth,Early life,,b.txt,"
        "geonames:3094802,Kraków,251,257,accepted; cue 'born' (score 2.0)\n"
        "2,Warsaw,Warsaw,PL,52.2,21.0,1916,1924,school,Early life,,b.txt,manual,Warsaw,390,"
        "396,not reviewed; dates edited\n", encoding="utf-8")
    rows = stops_from_itinerary(Itinerary.from_csv(saved))
    assert [(r["status"], r["why"]) for r in rows] == [
        ("accepted", "cue 'born' (score 2.0)"), ("pending", "dates edited")]
    assert rows[1]["geo_source"] == "manual" and rows[1]["char_start"] == 390


def test_land_decodes_from_world_atlas() -> None:
    land = load_land()
    assert len(land) > 100  # world-atlas land-110m: 127 polygons (npm ci installs it)
    lats = [p[0] for poly in land for ring in poly for p in ring]
    assert -90 <= min(lats) < -80 and 80 < max(lats) <= 90
    # No ring steps across the map at the antimeridian (only Antarctica's pole edge may).
    for poly in land:
        for ring in poly:
            for (lat1, lon1), (lat2, lon2) in pairwise(ring):
                assert abs(lon2 - lon1) < 180 or lat1 == lat2 == -90.0
    # Two arcs sharing their ends; the second is walked backwards (~1).
    topo = {"arcs": [[[0, 0], [5, 0], [5, 5]], [[0, 0], [5, 5]]],
            "objects": {"x": {"type": "MultiPolygon", "arcs": [[[0, ~1]]]}}}
    assert decode_topology(topo, "x") == [[[[0, 0], [0, 5], [5, 5], [0, 0]]]]


def test_no_world_atlas_means_no_land_not_a_failure(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import geo.review.basemap as basemap

    monkeypatch.setattr(basemap, "find_land_file", lambda: None)
    assert load_land() == []
    broken = tmp_path / basemap.LAND_FILE
    broken.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(basemap, "find_land_file", lambda: broken)
    assert load_land() == []


def test_cli_writes_one_page_and_refuses_bad_input(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "review.html"
    assert main(["review", str(BIO), "-o", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    html = out.read_text(encoding="utf-8")
    again = tmp_path / "again.html"
    assert main(["review", str(BIO), "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()  # same input, same bytes
    capsys.readouterr()
    assert html.count("<html") == 1 and "https://" not in html.split("rv-data")[0][-20000:]

    bad = tmp_path / "bad.csv"
    bad.write_text("stop,place,lat,lon,start,kind\n1,Kraków,95,19.9,1898,birth\n",
                   encoding="utf-8")
    out2 = tmp_path / "other.html"
    assert main(["review", str(BIO), "--draft", str(bad), "-o", str(out2)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {bad}, row 2, column 'lat': '95' is not a latitude (expected "
                   "decimal degrees from -90 to 90, in digits 0-9 with a point)"]
    assert not out2.exists()

    assert main(["review", str(tmp_path / "none.txt"), "-o", str(out2)]) == 1
    assert capsys.readouterr().err.strip() == f"error: {tmp_path / 'none.txt'}: file not found"
    assert main(["review", str(BIO), "-o", str(BIO)]) == 1
    assert "is also the input file" in capsys.readouterr().err
    assert not out2.exists()
