"""The corpus map page: its data, and hostile text in Chromium (person, place, title).

Tables are made from hand-written results (no Dask run), so each payload lands exactly
where the test wants it: in a person's name, a place's name, a stay's dates and the title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from test_security import PAYLOADS

from geo.corpus.page import corpus_page_data, corpus_page_html
from geo.corpus.tables import flows_frame, life_page_name, people_frame, stops_frame
from geo.corpus.text import TextResult
from geo.itinerary import COLUMNS, DRAFT_COLUMNS

LONG = ("{{ 7*7 }}</script><img src=x onerror=alert(1)>" * 5000)[:200_000]
HOSTILE = [*PAYLOADS.values(), "{{7*7}}", "{% x %}", "</script><script>alert(1)</script>",
           "<img src=x onerror=alert(1)>", "a\u2028b", "\u202eevil", LONG]


def _stop(n: int, place: str, lat: float, lon: float, start: str, kind: str) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(COLUMNS + DRAFT_COLUMNS, "")
    row.update(stop=n, place=place, lat=lat, lon=lon, start=start, kind=kind, char_start=0,
               char_end=1, confidence=0.9)
    return row


def _results(names: list[str]) -> list[TextResult]:
    """One life per payload: born at a place named with the payload, then to Rome."""
    results = []
    for i, text in enumerate(names):
        lat, lon = 10.0 + i * 2.0, -20.0 + i * 3.0
        stops = [_stop(1, text, lat, lon, f"{1800 + i}", "birth"),
                 _stop(2, "Rome", 41.89, 12.48, f"{1830 + i}", "residence"),
                 _stop(3, "Lyon", 45.75, 4.85, f"{1860 + i}", "death")]
        results.append(TextResult(person=text, source_file=f"{i}.txt", content_hash="x",
                                  stops=stops, life_html=""))
    return results


def _tables(names: list[str]) -> tuple[Any, Any, Any]:
    results = _results(names)
    stops = stops_frame(results)
    return stops, people_frame(results), flows_frame(stops)


def test_page_data_merges_places_and_counts_attractors() -> None:
    stops, people, flows = _tables(["a", "b", "c"])
    data = corpus_page_data(stops, people, flows, "t")
    names = [p[0] for p in data["places"]]
    assert names.count("Rome") == 1 and names.count("Lyon") == 1
    lyon = data["places"][names.index("Lyon")]
    assert lyon[3:] == [0, 3]  # no births, three deaths
    assert sorted(p[0] for p in data["people"]) == ["a", "b", "c"]
    assert sum(f[3] for f in data["flows"]) == int(flows["count"].sum()) == 6
    assert data["decades"] == [1800, 1830, 1860]  # each stop a moment (no end date)


def test_same_tables_give_the_same_page() -> None:
    tables = _tables(["a", "b"])
    assert corpus_page_html(*tables, title="t") == corpus_page_html(*tables, title="t")


def test_hostile_text_never_appears_raw_in_the_html() -> None:
    html = corpus_page_html(*_tables(HOSTILE), title="{{7*7}} <img src=x onerror=alert(1)>")
    body = html.split('<script type="application/json" id="gc-data">', 1)[1]
    for raw in ("{{7*7}}", "{% x %}", "</script><script>alert(1)", "<img src=x",
                "\u2028", "{{ 7*7 }}"):
        assert raw not in body, raw
    assert "<title>&#123;&#123;7*7&#125;&#125; &lt;img src=x" in html


def test_rendering_the_corpus_page_compiles_no_data_as_a_template(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    compiled: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: object, *args: object, **kwargs: object) -> object:
        compiled.append(str(source))
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    corpus_page_html(*_tables(HOSTILE), title="{{7*7}}")
    # branca's Figure compiles its own fixed charset line when made (SafePage drops it);
    # nothing else, and nothing from the data, reaches Jinja.
    assert set(compiled) <= {'<meta http-equiv="content-type" content="text/html; '
                             'charset=UTF-8" />'}


@pytest.mark.browser
def test_hostile_names_show_as_text_in_chromium(browser: Any, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from browser_support import Session

    monkeypatch.chdir(tmp_path)  # a payload that wrote a file would show up here
    title = PAYLOADS["script end"] + " {{7*7}}"
    out = tmp_path / "corpus.html"
    out.write_text(corpus_page_html(*_tables(HOSTILE), title=title), encoding="utf-8")
    s = Session(browser, 1280, 800)
    try:
        page = s.open(out)
        assert page.text_content(".gc-title") == title
        assert s.js("document.title") == title
        places = s.js("window.geostoryCorpus.places.map(p => p[0])")
        for text in HOSTILE:
            index = places.index(text)
            s.js(f"window.geostoryCorpus.select({index})")
            assert page.text_content("#gc-place-name") == text
            people = page.locator("#gc-visits .gc-person").all_text_contents()
            assert people == [text]
            # The link to the life's page goes to a file name made safe, whatever the name.
            href = page.get_attribute("#gc-visits a", "href")
            assert href == life_page_name(text) and re.fullmatch(r"lives/[\w-]+\.html", href)
        # Found by name in the search box, and opened from the address, as text.
        for text in (PAYLOADS["script end"], "{{7*7}}", "\u202eevil"):
            page.fill("#gc-find", text)
            page.dispatch_event("#gc-find", "change")
            assert page.text_content("#gc-place-name") == text
            page.goto("about:blank")
            page.goto(out.as_uri() + "#place=" + quote(text, safe=""))
            page.wait_for_selector("html[data-ready=true]")
            assert page.text_content("#gc-place-name") == text
        # The tooltip of a marker is text as well.
        tips = s.js("(() => { const out = []; window.geostoryCorpus.map.eachLayer(l => {"
                    " if (l.getTooltip && l.getTooltip()) out.push("
                    "l.getTooltip().getContent().textContent); }); return out; })()")
        assert any(t.startswith("{{7*7}} · ") for t in tips)
        assert s.watch.dialogs == [] and s.watch.errors == []
        assert s.js("document.title") == title
        injected = "img:not(.leaflet-tile), svg:not(.leaflet-attribution-flag)"
        assert s.js(f"document.querySelectorAll('{injected}').length") == 0
        assert s.js("document.querySelectorAll('script').length") == 3  # leaflet, data, ours
        assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.html"]
    finally:
        s.close()


@pytest.mark.browser
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (800, 450), (360, 640)])
def test_panel_and_map_fit_every_frame(browser: Any, tmp_path: Path, width: int,
                                       height: int) -> None:
    from browser_support import Session

    out = tmp_path / "corpus.html"
    out.write_text(corpus_page_html(*_tables(["a", "b", LONG]), title=LONG), encoding="utf-8")
    s = Session(browser, width, height)
    try:
        page = s.open(out)
        s.js("window.geostoryCorpus.select(0)")
        assert s.js("document.documentElement.scrollWidth") <= width
        assert s.js("document.documentElement.scrollHeight") <= height
        map_box = page.locator("#gc-map").bounding_box()
        panel = page.locator(".gc-panel").bounding_box()
        assert map_box["width"] >= width * 0.5 and map_box["height"] >= height * 0.4
        assert panel["width"] > 200 and panel["height"] > 150
        slider = page.locator("#gc-decade").bounding_box()
        assert slider["y"] + slider["height"] <= height  # the slider is on screen
    finally:
        s.close()


@pytest.mark.browser
def test_a_corpus_without_stops_opens_on_the_world(browser: Any, tmp_path: Path) -> None:
    from browser_support import Session

    results = [TextResult("empty", "empty.txt", error="is empty"), TextResult("b", "b.txt")]
    stops = stops_frame(results)
    out = tmp_path / "corpus.html"
    out.write_text(corpus_page_html(stops, people_frame(results), flows_frame(stops),
                                    title="nothing"), encoding="utf-8")
    s = Session(browser, 800, 450)
    try:
        page = s.open(out)
        assert page.text_content("#gc-summary") == "2 lives, 0 places, 0 moves"
        assert page.get_attribute("#gc-decade", "max") == "0"
        assert s.js("window.geostoryCorpus.map.getZoom()") == 2
        assert s.watch.errors == []
    finally:
        s.close()
