"""The review page in a real Chromium (offline, from file://).

A full review of a short synthetic biography (reject two stops, re-place one from its
candidates, re-date one, add one from a text selection, drag a pin, undo and redo, reload,
save); the saved CSV validates, renders and reopens with ``--draft``. The page's date checks
give the messages of ``geo validate``. Hostile text in the biography, the title and the
draft CSV shows as text and runs nothing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser_support import Session
from test_security import PAYLOADS

from geo.cli import main
from geo.dates import parse_date
from geo.errors import DateError
from geo.extract import read_text
from geo.itinerary import Itinerary
from geo.review.data import REVIEW_COLUMNS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
BIO = ROOT / "tests" / "data" / "synthetic" / "brzeska.txt"
LONG = ("{{ 7*7 }}</script><img src=x onerror=alert(1)>" * 5000)[:200_000]
HOSTILE = [*PAYLOADS.values(), '=HYPERLINK("http://example.invalid")', LONG]


@pytest.fixture(scope="module")
def review_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review") / "review.html"
    assert main(["review", str(BIO), "-o", str(out)]) == 0
    return out


def _stops(s: Session) -> list[dict[str, Any]]:
    return s.js("geostoryReview.stops()")


def _click_stop(s: Session, i: int) -> None:
    s.page.click(f'#rv-stops button[data-i="{i}"]')


def _assert_clean(s: Session) -> None:
    assert s.watch.errors == []
    assert s.watch.dialogs == []
    assert [u for u in s.traffic.all if not u.startswith(("file:", "data:", "blob:"))] == []


def test_full_review_saves_a_valid_itinerary(browser: Any, review_page: Path,
                                             tmp_path: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(review_page)
        text = read_text(BIO)
        assert s.js("document.getElementById('rv-doc').textContent") == text
        names = [r["place"] for r in _stops(s)]
        assert names[:4] == ["Kraków", "Warsaw", "Berlin", "Brussels"]
        n = len(names)

        # List -> text and map: choosing Warsaw marks its mention and centres the map on it.
        _click_stop(s, 1)
        assert s.js("document.getElementById('rv-d-title').textContent") == \
            f"Stop 2 of {n}: Warsaw"
        assert s.js("document.querySelector('mark.rv-m-selected').textContent") == "Warsaw"
        centre = s.js("(function(){var c=document.querySelector('.leaflet-marker-icon.rv-pin')"
                      ".getBoundingClientRect(), m=document.getElementById('rv-map')"
                      ".getBoundingClientRect(); return [c.left+11-m.left-m.width/2,"
                      " c.top+22-m.top-m.height/2];})()")
        assert abs(centre[0]) < 2 and abs(centre[1]) < 2

        # Reject with a key; the selection moves on to the next stop.
        page.keyboard.press("r")
        assert _stops(s)[1]["status"] == "rejected"
        assert s.js("document.getElementById('rv-d-title').textContent").startswith("Stop 3 ")
        # Text -> list: clicking a highlighted name selects its stop; reject with the button.
        page.click("mark.rv-m[data-m]:text-is('Brussels')")
        assert s.js("document.getElementById('rv-d-title').textContent") == \
            f"Stop 4 of {n}: Brussels"
        page.click("#rv-reject")
        assert _stops(s)[3]["status"] == "rejected"
        assert s.js("document.querySelector('mark.rv-m:not(.rv-m-selected)[title^=\"stop "
                    "rejected\"]').textContent") in ("Warsaw", "Brussels")
        page.click("#rv-undo")
        assert _stops(s)[3]["status"] == "pending"
        page.keyboard.press("Shift+U")  # redo
        assert _stops(s)[3]["status"] == "rejected"

        # Re-place Kraków from its candidate list (the second candidate).
        page.keyboard.press("Escape")
        _click_stop(s, 0)
        second = page.locator("#rv-detail-body .rv-cand").nth(1)
        source = second.get_attribute("data-source")
        second.click()
        kraków = _stops(s)[0]
        assert kraków["geo_source"] == source and kraków["geo_source"] != "geonames:3094802"
        assert page.locator(f'#rv-detail-body .rv-cand[data-source="{source}"]') \
            .get_attribute("aria-pressed") == "true"

        # Re-date Berlin: a bad date is refused with validate's words, a good one kept.
        _click_stop(s, 2)
        page.fill("#rv-f-start", "1924-13")
        assert s.js("document.getElementById('rv-e-start').textContent") == \
            "'1924-13' is not a date: month must be 01-12 (or 21-24 for a season)"
        page.fill("#rv-f-start", "1924-05")
        page.press("#rv-f-start", "Tab")
        assert s.js("document.getElementById('rv-e-start').textContent") == ""
        page.click("#rv-list-h")  # leave the fields, so keys act on the stop
        page.keyboard.press("a")
        berlin = _stops(s)[2]
        assert (berlin["start"], berlin["status"]) == ("1924-05", "accepted")

        # Add a stop from a selection in the text ("Łódź" is a mention, not a stop).
        s.js("(function(){var m=Array.from(document.querySelectorAll('mark.rv-m'))"
             ".find(e=>e.textContent==='Łódź'); var r=document.createRange();"
             " r.selectNodeContents(m); var sel=getSelection(); sel.removeAllRanges();"
             " sel.addRange(r);})()")
        page.wait_for_function("!document.getElementById('rv-add').disabled")
        page.click("#rv-add")
        rows = _stops(s)
        assert len(rows) == n + 1
        added = next(r for r in rows if r["place"] == "Łódź")
        assert (added["char_start"], added["char_end"]) == (434, 438)
        assert added["status"] == "accepted" and added["geo_source"].startswith("geonames:")
        # ... and drag its pin somewhere else: a point of our own.
        box = page.locator(".leaflet-marker-icon.rv-pin").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + 30, y + 25, steps=5)
        page.mouse.up()
        moved = next(r for r in _stops(s) if r["place"] == "Łódź")
        assert moved["geo_source"] == "manual" and moved["lat"] != added["lat"]
        assert "kept in this browser" in s.js("document.getElementById('rv-saved').textContent")

        # Reload: nothing lost.
        before = _stops(s)
        page.reload()
        page.wait_for_selector("html[data-ready=true]")
        assert _stops(s) == before
        assert s.js("document.getElementById('rv-saved').textContent").startswith("Restored")

        # Save.
        with page.expect_download() as info:
            page.click("#rv-save")
        saved = tmp_path / "saved.csv"
        info.value.save_as(saved)
        assert info.value.suggested_filename == "brzeska-reviewed.csv"
        _assert_clean(s)
    finally:
        s.close()

    assert main(["validate", str(saved)]) == 0
    it = Itinerary.from_csv(saved)
    df = it.df
    assert list(pd.read_csv(saved, nrows=0).columns) == list(REVIEW_COLUMNS)
    assert len(df) == n + 1 - 2
    assert "Warsaw" not in set(df["place"]) and "Brussels" not in set(df["place"])
    row = df.set_index("place")
    assert row.loc["Kraków", "geo_source"] == source
    assert row.loc["Berlin", "start"] == "1924-05"
    assert row.loc["Berlin", "why"].startswith("accepted; ")
    assert "dates edited" in row.loc["Berlin", "why"]
    assert row.loc["Łódź", "geo_source"] == "manual"
    assert main(["render", "--data", str(saved), "--out", str(tmp_path / "map.html")]) == 0

    # --draft reopens the saved review, decisions included.
    again = tmp_path / "again.html"
    assert main(["review", str(BIO), "--draft", str(saved), "-o", str(again)]) == 0
    s = Session(browser)
    try:
        s.open(again)
        rows = _stops(s)
        assert [r["place"] for r in rows] == list(df["place"])
        assert {r["place"]: r["status"] for r in rows}["Berlin"] == "accepted"
        assert s.js("document.querySelector('mark.rv-m-stop[data-m]') !== null")
        _assert_clean(s)
    finally:
        s.close()


DATES = ["1879-11-07", "1902-08", "1902-22", "1902-24", "1929", "193X", "19XX", "1936~",
         "1916?", "1917%", " 1902 ", "", "spring 1902", "1902-02-30", "1900-02-29",
         "2000-02-29", "1902-13", "1902-00", "1902-21-01", "0000", "00XX", "000X", "193X-05",
         "9999-24", "9999-23", "1902-1", "19021", "1902-08-00", "1902-08-31~", "it's", "a\\b",
         # years before 1 (astronomical: 0000 is 1 BC)
         "-0043", "-0043-03-15", "-0043-02-29", "-0044-02-29", "-0000", "-000X", "-004X",
         "-00XX", "-0043-24", "-9999-21", "-9999-24", "-0043~"]


def test_date_checks_match_geo_validate(browser: Any, review_page: Path) -> None:
    s = Session(browser)
    try:
        s.open(review_page)
        for text in DATES:
            got = s.js(f"geostoryReview.parseDate({text!r})")
            try:
                d = parse_date(text)
            except DateError as e:
                assert got.get("error") == str(e), text
                continue
            first, last = d.earliest(), d.latest()
            assert (got["earliest"], got["latest"]) == (
                first.year * 10000 + first.month * 100 + first.day,
                last.year * 10000 + last.month * 100 + last.day), text
        _assert_clean(s)
    finally:
        s.close()


def _hostile_bio(tmp_path: Path) -> tuple[Path, str]:
    text = read_text(BIO).rstrip("\n")
    extra = "".join(f"\n\nIn {1961 + i} she moved to Geneva. {p}" for i, p in enumerate(HOSTILE))
    path = tmp_path / "hostile.txt"
    path.write_text(text + extra + "\n", encoding="utf-8")
    return path, read_text(path)


def _assert_harmless(s: Session) -> None:
    _assert_clean(s)
    assert s.js("document.title") != "pwned"
    assert s.js("document.querySelectorAll('img, svg[onload], script:not([type])').length") \
        == s.js("document.querySelectorAll('script:not([type])').length") == 2


def test_hostile_biography_and_title_show_as_text(browser: Any, tmp_path: Path) -> None:
    bio, text = _hostile_bio(tmp_path)
    out = tmp_path / "page.html"
    title = PAYLOADS["script end"] + PAYLOADS["jinja expression"]
    assert main(["review", str(bio), "--title", title, "-o", str(out)]) == 0
    s = Session(browser)
    try:
        s.open(out)
        assert s.js("document.getElementById('rv-doc').textContent") == text
        assert s.js("document.querySelector('.rv-head h1').textContent") == title
        assert s.js("document.title") == title
        _assert_harmless(s)
    finally:
        s.close()


def test_hostile_draft_shows_as_text_and_saves_back_unchanged(browser: Any,
                                                              tmp_path: Path) -> None:
    columns = ("place", "modern_name", "period", "summary", "source", "mention")
    rows = []
    for i, payload in enumerate(HOSTILE):
        rows.append({"stop": i + 1, "place": payload, "modern_name": payload, "country": "CH",
                     "lat": 46.2, "lon": 6.1 + i / 10, "start": str(1961 + i), "end": "",
                     "kind": "travel", "period": payload, "summary": payload,
                     "source": payload, "geo_source": "manual", "mention": payload,
                     "char_start": "", "char_end": "", "why": "accepted; " + payload})
    draft = tmp_path / "draft.csv"
    pd.DataFrame(rows, columns=list(REVIEW_COLUMNS)).to_csv(draft, index=False)
    out = tmp_path / "page.html"
    assert main(["review", str(BIO), "--draft", str(draft), "-o", str(out)]) == 0
    s = Session(browser)
    try:
        page = s.open(out)
        shown = s.js("Array.from(document.querySelectorAll('#rv-stops .rv-name'))"
                     ".map(e => e.textContent)")
        assert shown == HOSTILE
        for i, payload in enumerate(HOSTILE):
            _click_stop(s, i)
            assert s.js("document.getElementById('rv-d-title').textContent") == \
                f"Stop {i + 1} of {len(HOSTILE)}: {payload}"
            for col in ("place", "period", "summary"):
                assert page.input_value(f"#rv-f-{col}") == payload
        _assert_harmless(s)
        with page.expect_download() as info:
            page.click("#rv-save")
        saved = tmp_path / "saved.csv"
        info.value.save_as(saved)
        _assert_harmless(s)
    finally:
        s.close()
    # Long hostile names stay inside a phone's width.
    s = Session(browser, 360, 640)
    try:
        s.open(out)
        assert s.js("document.documentElement.scrollWidth") <= 360
        _assert_harmless(s)
    finally:
        s.close()
    back = Itinerary.from_csv(saved).df
    for col in columns:
        assert list(back[col]) == HOSTILE, col
    assert list(back["why"]) == ["accepted; " + p for p in HOSTILE]
    # No cell that a spreadsheet would run as a formula.
    csv.field_size_limit(1_000_000)  # the 200,000-character payload
    raw = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert not any(cell.startswith(("=", "+", "@")) for r in raw[1:] for cell in r)


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (768, 1024), (360, 640)])
def test_fits_and_works_from_the_keyboard(browser: Any, review_page: Path, width: int,
                                          height: int) -> None:
    s = Session(browser, width, height)
    try:
        page = s.open(review_page)
        assert s.js("document.documentElement.scrollWidth") <= width
        for part in ("#rv-map", "#rv-stops", "#rv-detail-body", "#rv-doc"):
            box = page.locator(part).bounding_box()
            assert box["width"] > 150 and box["height"] > 50, part
        # Every control has a name a screen reader can say.
        unnamed = s.js("""Array.from(document.querySelectorAll('input, select, textarea'))
            .filter(e => !e.labels.length && !e.getAttribute('aria-label')).length""")
        assert unnamed == 0
        assert s.js("Array.from(document.querySelectorAll('button'))"
                    ".filter(b => !b.textContent.trim() && !b.getAttribute('aria-label'))"
                    ".length") == 0
        if width < 1280:
            return
        # Keyboard only: skip link to the list, move, decide, apply to every stop of a name.
        page.keyboard.press("Tab")
        assert s.js("document.activeElement.id") == "rv-skip"
        page.keyboard.press("Enter")
        assert s.js("document.activeElement.dataset.i") == "0"
        assert s.js("getComputedStyle(document.activeElement).outlineStyle") != "none"
        names = [r["place"] for r in _stops(s)]
        boston = names.index("Boston")
        for _ in range(boston):
            page.keyboard.press("j")
        assert s.js("document.activeElement.dataset.i") == str(boston)
        page.keyboard.press("r")
        s.js(f"geostoryReview.select({boston})")
        page.keyboard.press("e")  # same for every "Boston"
        assert [r["status"] for r in _stops(s) if r["place"] == "Boston"] == \
            ["rejected"] * names.count("Boston")
        # A mention that is not a stop becomes one with p.
        page.focus("mark.rv-m[data-m]:text-is('Łódź')")
        assert s.js("document.getElementById('rv-reason').textContent") \
            .startswith("Łódź: not a stop (")  # the extractor's reason, shown on focus
        page.keyboard.press("Enter")
        assert s.js("document.getElementById('rv-d-title').textContent") == "“Łódź”: not a stop"
        page.keyboard.press("p")
        assert "Łódź" in [r["place"] for r in _stops(s)]
        assert s.js("document.activeElement.id") == "rv-f-start"  # date it next
        # Words that are no mention at all: a stop with a point of its own, at their offsets.
        s.js("""(function(){var t=Array.from(document.querySelectorAll('#rv-doc span'))
            .find(e=>e.textContent.includes('Tadeusz')).firstChild;
            var i=t.data.indexOf('Tadeusz'), r=document.createRange();
            r.setStart(t, i); r.setEnd(t, i + 7);
            getSelection().removeAllRanges(); getSelection().addRange(r);})()""")
        page.click("#rv-add")
        added = next(r for r in _stops(s) if r["place"] == "Tadeusz")
        start = read_text(BIO).index("Tadeusz")
        assert (added["char_start"], added["char_end"]) == (start, start + 7)
        assert (added["mention_id"], added["geo_source"]) == (-1, "manual")
        # A mention merged into a stop (Charlottenburg, into Berlin) leads to that stop.
        page.click("mark.rv-m[data-m]:text-is('Charlottenburg')")
        assert s.js("document.getElementById('rv-d-title').textContent").endswith(": Berlin")
        _assert_clean(s)
    finally:
        s.close()


def test_rows_move_split_and_merge_and_undo_all(browser: Any, review_page: Path) -> None:
    s = Session(browser)
    try:
        page = s.open(review_page)
        first = _stops(s)
        _click_stop(s, 0)
        page.click("#rv-down")
        assert [r["place"] for r in _stops(s)][:2] == [first[1]["place"], first[0]["place"]]
        assert s.js("document.querySelector('#rv-stops button[aria-current]').dataset.i") == "1"
        page.click("#rv-split")
        rows = _stops(s)
        assert len(rows) == len(first) + 1 and rows[2]["place"] == first[0]["place"]
        assert rows[2]["id"] != rows[1]["id"] and rows[2]["status"] == "pending"
        _click_stop(s, 0)
        page.click("#rv-merge")  # Warsaw takes the end of the Kraków row after it
        rows = _stops(s)
        assert len(rows) == len(first) and rows[0]["end"] == first[0]["end"]
        assert "merged with" in rows[0]["why"]
        for _ in range(3):
            page.click("#rv-undo")
        assert _stops(s) == first
        assert s.js("document.getElementById('rv-undo').disabled") is True
        # Ctrl+S while still typing in a field saves what was typed.
        _click_stop(s, 0)
        page.fill("#rv-f-summary", "Typed, then saved at once.")
        with page.expect_download() as info:
            page.keyboard.press("Control+s")
        saved = Path(info.value.path())
        assert Itinerary.from_csv(saved).df["summary"][0] == "Typed, then saved at once."
        _assert_clean(s)
    finally:
        s.close()
