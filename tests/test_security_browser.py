"""Hostile text and hostile addresses in a real browser (Chromium, offline).

Every payload of :data:`test_security.PAYLOADS` (plus a 200,000-character string) goes into
each text column at once, one payload a row; the page must open, show each payload as text,
run no script, open no dialog and create no file. Deep links with broken escapes or with
names of inherited JavaScript properties must leave a working page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from browser_support import Session
from test_security import PAYLOADS

from geo.cli import main

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
LONG = ("{{ 7*7 }}</script><img src=x onerror=alert(1)>" * 5000)[:200_000]
ALL_PAYLOADS = [*PAYLOADS.values(), LONG]


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def _render_hostile(tmp_path: Path, column: str, title: str | None = None,
                    out_name: str = "page.html") -> Path:
    df = pd.read_csv(ROOT / "data" / "places.csv", dtype=str, keep_default_na=False)
    for i, text in enumerate(ALL_PAYLOADS):
        df.loc[df.index[2 * i + 1], column] = text  # every other row, so chapters differ
    data = tmp_path / "hostile.csv"
    df.to_csv(data, index=False)
    out = tmp_path / out_name
    args = ["render", "--data", str(data), "--out", str(out)]
    if title is not None:
        args += ["--title", title]
    assert main(args) == 0
    return out


def _assert_harmless(s: Session, folder: Path, expected: set[str]) -> None:
    """No dialog, no error, no injected element ran, and no file appeared in ``folder``."""
    assert s.watch.dialogs == []
    assert s.watch.errors == []
    assert s.js("document.title") != "pwned"
    assert s.js("document.querySelectorAll('img:not(.leaflet-tile), svg[onload]').length") == 0
    assert _listing(folder) == expected


@pytest.fixture(autouse=True)
def _work_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Renders run in an empty folder, so a payload that wrote a file would be seen.
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("column", ["place", "modern_name", "summary", "source", "period"])
def test_hostile_text_in_every_column_shows_as_text(browser: Any, tmp_path: Path,
                                                    column: str) -> None:
    out = _render_hostile(tmp_path, column)
    expected = {"hostile.csv", "page.html"}
    assert _listing(tmp_path) == expected
    s = Session(browser)
    try:
        s.open(out)
        for i, text in enumerate(ALL_PAYLOADS):
            index = 2 * i + 1
            if column == "period":
                shown = s.js("Array.from(document.querySelectorAll('#gs-chapter option'))"
                             ".map(o => o.textContent)")
                assert any(text in o for o in shown), text[:40]
                continue
            s.js(f"geostory.goToStop({index})")
            card = s.js("document.getElementById('gs-card').textContent")
            key = {"modern_name": "modern"}.get(column, column)
            assert s.js(f"geostory.data.stops[{index}].{key}") == text.strip()
            if column != "modern_name" or text.strip() != s.js(
                    f"geostory.data.stops[{index}].place"):
                assert text.strip()[:5000] in card, (column, text[:40])
        _assert_harmless(s, tmp_path, expected)
    finally:
        s.close()


@pytest.mark.parametrize("name", ["jinja expression", "script end", "img onerror",
                                  "rtl override", "line separators"])
def test_hostile_title_and_file_name(browser: Any, tmp_path: Path, name: str) -> None:
    text = PAYLOADS[name]
    out = _render_hostile(tmp_path, "summary", title=text)
    # A file name cannot hold "/" or NUL; the rest of the payload can.
    file_name = text.replace("/", "_").replace("\0", "") + ".html"
    (tmp_path / "named").mkdir()
    named = _render_hostile(tmp_path / "named", "summary", out_name=file_name)
    expected = {"hostile.csv", "page.html", "named", "named/hostile.csv", f"named/{file_name}"}
    assert _listing(tmp_path) == expected
    s = Session(browser)
    try:
        s.open(out)
        assert s.js("document.getElementById('gs-title').textContent") == text.strip()
        assert s.js("document.title") == text.strip()
        _assert_harmless(s, tmp_path, expected)
        s.open(named)
        assert s.js("document.getElementById('gs-title').textContent").endswith("1879–1940")
        _assert_harmless(s, tmp_path, expected)
    finally:
        s.close()


def test_hostile_heading_flows_through_extract_into_render(browser: Any,
                                                           tmp_path: Path) -> None:
    heading = "Paris {{ 7*7 }} <img src=x onerror=alert(1)> {%x%} (1875-1885)"
    bio = tmp_path / "bio.txt"
    bio.write_text(
        "Anna Weber\n\nAnna Weber (1850-1920) was a teacher.\n\n"
        "Early life (1850-1875)\n\nAnna Weber was born in Vienna in 1850.\n\n"
        f"{heading}\n\nIn 1875 she moved to Paris, where she taught for ten years.\n\n"
        "Later life (1885-1920)\n\nIn 1885 she moved to London. She died in London in 1920.\n",
        encoding="utf-8")
    draft = tmp_path / "draft.csv"
    assert main(["extract", str(bio), "-o", str(draft)]) == 0
    frame = pd.read_csv(draft, dtype=str, keep_default_na=False)
    assert len(frame) >= 2
    out = tmp_path / "draft.html"
    assert main(["render", "--data", str(draft), "--out", str(out)]) == 0
    s = Session(browser)
    try:
        s.open(out)
        periods = s.js("geostory.data.periods.map(p => p.name)")
        # The heading names a chapter (its years may be trimmed), literally.
        assert any("{{ 7*7 }} <img src=x onerror=alert(1)> {%x%}" in p for p in periods), \
            periods
        shown = s.js("document.getElementById('gs-chapter').textContent")
        assert "{{ 7*7 }} <img src=x onerror=alert(1)>" in shown
        _assert_harmless(s, tmp_path, {"bio.txt", "draft.csv", "draft.html"})
    finally:
        s.close()


DEEP_LINKS = [
    ("#period=%", ""),
    ("#t=%E0%A4%A", ""),
    ("#period=%ZZ&t=1939-04", "t=1939-04"),
    ("#period=toString", ""),
    ("#period=constructor", ""),
    ("#period=__proto__", ""),
    ("#period=hasOwnProperty", ""),
    ("#period=valueOf,exile-in-mexico", "period=exile-in-mexico"),
    ("#__proto__=1&constructor=2", ""),
    ("#period=Exile%20in%20Mexico", "period=exile-in-mexico"),
    ("#t=1939-4", "t=1939-04"),
    ("#t=banana", ""),
    ("#period=exile-in-mexico&t=1939-13", "period=exile-in-mexico"),
]


@pytest.fixture(scope="module")
def trotsky_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deep") / "trotsky.html"
    assert main(["render", "--data", str(ROOT / "data" / "places.csv"), "--out", str(out)]) == 0
    return out


@pytest.mark.parametrize(("fragment", "kept"), DEEP_LINKS)
def test_deep_links_never_break_the_page(browser: Any, trotsky_page: Path, fragment: str,
                                         kept: str) -> None:
    s = Session(browser)
    try:
        s.open(trotsky_page, fragment)
        assert s.watch.errors == []
        assert s.js("location.hash.replace(/^#/, '')") == kept
        # The page still works: play moves time on, next moves to another stop.
        s.js("geostory.play()")
        s.page.wait_for_timeout(300)
        s.js("geostory.pause()")
        s.page.keyboard.press("ArrowRight")
        assert s.js("geostory.state().playing") is False
        assert s.js("geostory.drawnStops().length") > 0
        assert s.watch.errors == []
    finally:
        s.close()


def test_no_lookup_in_story_js_inherits_properties() -> None:
    js = (ROOT / "geo" / "map" / "static" / "story.js").read_text(encoding="utf-8")
    assert "= {};" not in js, "lookups keyed by data use dict() (Object.create(null))"
