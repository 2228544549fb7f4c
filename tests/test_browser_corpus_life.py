"""A life page opened from the corpus map works with every network request refused.

The life pages link one shared copy of Leaflet beside them (``lives/assets/``) by relative
path; this opens the corpus map from ``file://`` in Chromium with every non-file request
aborted (tiles included), follows a person link and checks that the life's story map draws
all of its stops.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from geo.cli import main
from geo.corpus.text import LEAFLET_FILES, LIVES_FOLDER

TEXT = ("Ada Quill was a printer. She was born in Lyon in 1820. In 1845 she moved to Rome, "
        "where she printed broadsheets. In 1860 she settled in Vienna.\n")


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("life-offline")
    (folder / "ada.txt").write_text(TEXT, encoding="utf-8")
    out = folder / "out"
    assert main(["corpus", str(folder / "ada.txt"), "-o", str(out), "--workers", "1",
                 "--no-progress"]) == 0
    return out


def test_life_pages_link_the_shared_leaflet_by_relative_path(corpus_out: Path) -> None:
    page = (corpus_out / LIVES_FOLDER / "ada.html").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in page and "https://" not in page.split("<body")[0]
    assert f'src="{LEAFLET_FILES["js"]}"' in page
    assert f'href="{LEAFLET_FILES["css"]}"' in page
    for rel in LEAFLET_FILES.values():
        asset = corpus_out / LIVES_FOLDER / rel
        assert asset.stat().st_size > 10_000
    assert "url(images/" not in (corpus_out / LIVES_FOLDER / LEAFLET_FILES["css"]).read_text(
        encoding="utf-8")


@pytest.mark.browser
def test_a_life_page_opened_from_the_corpus_map_draws_its_stops_offline(
        browser: object, corpus_out: Path) -> None:
    stops = pd.read_parquet(corpus_out / "stops.parquet")
    place = stops.iloc[-1]["place"]
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    refused: list[str] = []
    errors: list[str] = []

    def handle(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if urlparse(url).scheme in ("file", "data", "blob"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            refused.append(url)
            route.abort()  # type: ignore[attr-defined]

    context.route("**/*", handle)
    try:
        page = context.new_page()
        page.goto((corpus_out / "corpus.html").as_uri() + "#place=" + place)
        page.wait_for_selector("html[data-ready=true]", timeout=15_000)
        link = page.locator("#gc-visits a.gc-person").first
        assert link.text_content() == "ada"
        with context.expect_page() as popup:
            link.click()
        life = popup.value
        life.on("pageerror", lambda e: errors.append(str(e)))
        life.wait_for_selector("html[data-ready=true]", timeout=15_000)
        assert life.url.endswith(f"/{LIVES_FOLDER}/ada.html")
        assert life.evaluate("typeof L") == "object"
        assert life.evaluate("geostory.drawnStops().length") == len(stops)
        assert life.locator(".leaflet-container").count() == 1
        assert errors == []
        assert all(urlparse(u).scheme in ("http", "https") for u in refused)
        assert not any("leaflet" in u for u in refused)
    finally:
        context.close()
