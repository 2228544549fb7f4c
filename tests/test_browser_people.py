"""Several lives on one story map, and a life before year 1, in Chromium, offline.

Trotsky and Lenin on one clock: a colour, route and traveller each, the panel saying where
each is at the current date, a person filter that leaves one person's map working as a
map of one life, ``#person=`` in links, chapters per person; Caesar's BC dates on the
clock. Person names are hostile text in one test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import Session
from common import HEADER, SMALL_ROWS, small_csv, write
from test_security import PAYLOADS

import render

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
TROTSKY, LENIN = ROOT / "data" / "places.csv", ROOT / "data" / "lenin.csv"
CAESAR = ROOT / "data" / "caesar.csv"
IN_VIEW = """() => { const st = geostory.stops[geostory.frame.index];
    return geostory.map.getBounds().contains([st.lat, st.lon]); }"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("people")
    out = {"two": folder / "two.html", "caesar": folder / "caesar.html"}
    assert render.main(["--data", str(TROTSKY), "--data", str(LENIN), "--out",
                        str(out["two"]), "--title", "Trotsky and Lenin"]) == 0
    assert render.main(["--data", str(CAESAR), "--out", str(out["caesar"])]) == 0
    return out


@pytest.fixture()
def session(browser: Any) -> Iterator[Session]:
    s = Session(browser)
    # Camera moves and steps jump rather than fly: the same places, without the waiting.
    s.page.emulate_media(reduced_motion="reduce")
    yield s
    assert s.watch.errors == [] and s.watch.dialogs == []
    s.close()


def people_text(session: Session) -> list[str]:
    return session.js("[...document.querySelectorAll('.gs-person-where')]"
                      ".map((e) => e.textContent)")


def test_two_lives_share_one_clock_with_a_route_each(session: Session,
                                                     pages: dict[str, Path]) -> None:
    page = session.open(pages["two"])
    assert session.js("geostory.stops.length") == 113
    assert session.js("geostory.data.people.map((p) => p.name)") == [
        "Leon Trotsky", "Vladimir Lenin"]
    # One clock: the life that starts first (Lenin, 1870) opens it; the slider runs to 1940.
    assert page.text_content("#gs-date") == "22 Apr 1870"
    assert session.js("geostory.state().range.map((d) => GeoStory.civil(d)[0])") == [1870,
                                                                                      1940]
    assert page.locator(".gs-people-key li").all_text_contents() == ["Leon Trotsky",
                                                                    "Vladimir Lenin"]
    tip = session.js("""(() => { const m = geostory.markers[0]; m.openTooltip();
        return m.getTooltip().getElement().textContent; })()""")
    assert tip.startswith("Simbirsk · Vladimir Lenin · ")
    # October 1902: both in London, the panel says so, two travellers side by side.
    session.js("geostory.seekMonth('1902-10')")
    assert people_text(session) == ["London · 1902 – 1903", "London · Apr 1902 – Apr 1903"]
    assert page.locator(".gs-person-traveller").count() == 2
    # 1880: Trotsky is a baby in Yanovka, Lenin a schoolboy in Simbirsk; in 1925 Lenin is dead.
    session.js("geostory.seekMonth('1880-06')")
    texts = people_text(session)
    assert texts[0].startswith("Yanovka") and texts[1].startswith("Simbirsk")
    session.js("geostory.seekMonth('1925-06')")
    assert people_text(session)[1] == "died at Gorki, 21 Jan 1924"
    # Every leg joins a person's own stops: its ends are that person's consecutive stays.
    legs_ok = session.js("""geostory.stops.every((s, i) => s.pn < 0 ||
        (geostory.stops[s.pn].who === s.who && geostory.stops[s.pn].n === s.n + 1))""")
    assert legs_ok
    # The camera frames both while they are apart (Vienna and Paris, 1909).
    session.js("geostory.setFollowing(true); geostory.seekMonth('1909-06')")
    page.wait_for_function("!geostory.cameraBusy()")
    inside = session.js("""(() => { const b = geostory.map.getBounds();
        return [0, 1].map((w) => { const p = geostory.whereAt(w, geostory.frame.day);
          const s = geostory.stops[p.index]; return b.contains([s.lat, s.lon]); }); })()""")
    assert inside == [True, True]


def test_playing_moves_both_travellers(session: Session, pages: dict[str, Path]) -> None:
    page = session.open(pages["two"], "#t=1917-03")
    before = people_text(session)
    where = "geostory.traveller ? null : [...document.querySelectorAll('.gs-person-traveller')]" \
        ".map((e) => e.getBoundingClientRect().x)"
    assert len(session.js(where)) == 2
    day0 = session.js("geostory.frame.day")
    session.js("geostory.setSpeed(8); geostory.play()")
    page.wait_for_function(f"geostory.frame.day > {day0} + 60", timeout=20_000)
    session.js("geostory.pause()")
    assert session.js("geostory.traveller") is None  # the people's travellers, not one
    assert len(session.js(where)) == 2
    after = people_text(session)
    assert before[1].startswith("Zurich") and after[1] != before[1]  # Lenin sets off


def test_person_filter_leaves_a_map_of_one_life(session: Session,
                                                pages: dict[str, Path]) -> None:
    page = session.open(pages["two"])
    page.get_by_role("button", name="Vladimir Lenin", exact=False).click()
    assert session.js("geostory.sel.length") == 47
    assert session.js("geostory.sel.every((i) => geostory.stops[i].who === 1)")
    assert "person=vladimir-lenin" in session.js("location.hash")
    assert page.get_attribute(".gs-person >> nth=1", "aria-pressed") == "true"
    assert page.locator(".gs-person-traveller").count() <= 1
    groups = session.js("[...document.querySelectorAll('.gs-group:not([hidden]) h3')]"
                        ".map((h) => h.textContent)")
    assert len(groups) == 8 and all(g.startswith("Vladimir Lenin: ") for g in groups)
    # A map of one life: next steps through Lenin's stops in order, in view, with legs.
    session.js("geostory.goToStop(geostory.sel[0])")
    places = []
    for _ in range(4):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("!geostory._animation")
        page.wait_for_function("!geostory.cameraBusy()")
        assert session.js(IN_VIEW)
        places.append(session.js("geostory.stops[geostory.frame.index].place"))
    assert places == ["Kazan", "Kazan", "Samara", "Saint Petersburg"]
    # Choosing a chapter of Trotsky's brings Trotsky back.
    page.select_option("#gs-chapter", "leon-trotsky-exile-in-mexico")
    assert session.js("geostory.people.shown()") == [True, True]
    assert session.js("geostory.sel.every((i) => geostory.stops[i].who === 0)")
    page.get_by_role("button", name="Everyone").click()
    assert "person=" not in session.js("location.hash")
    # Going to a stop of someone filtered out (a link, a script) brings everyone back.
    page.get_by_role("button", name="Vladimir Lenin", exact=False).click()
    assert page.get_by_role("button", name="Stop 2: Odessa", exact=False).count() == 0
    session.js("geostory.goToStop(geostory.stops.findIndex((s) => s.place === 'Odessa'))")
    assert session.js("geostory.people.shown()") == [True, True]
    assert session.js("geostory.stops[geostory.frame.index].place") == "Odessa"


def test_person_in_deep_links(session: Session, pages: dict[str, Path]) -> None:
    page = session.open(pages["two"], "#person=Leon%20Trotsky&t=1929-03")
    assert session.js("geostory.people.shown()") == [True, False]
    assert session.js("geostory.sel.length") == 66
    assert session.js("location.hash") == "#person=leon-trotsky&t=1929-03"
    assert session.js("geostory.stops[geostory.frame.index].who") == 0  # Trotsky's stop
    # Unknown people are dropped from the address and everyone is shown.
    session.js("location.hash = '#person=nobody,%ZZ&period=vladimir-lenin-volga-years'")
    page.wait_for_function("geostory.selection.length === 1")
    assert session.js("geostory.people.shown()") == [True, True]
    assert "person" not in session.js("location.hash")


def test_chapters_are_per_person(session: Session, pages: dict[str, Path]) -> None:
    page = session.open(pages["two"])
    options = page.locator("#gs-chapter option").all_text_contents()
    assert "Vladimir Lenin: Revolution of 1905 · 1905–1907" in options
    assert "Leon Trotsky: Revolution of 1905 · 1905–1907" in options
    page.select_option("#gs-chapter", "vladimir-lenin-wartime-switzerland")
    assert session.js("geostory.sel.map((i) => geostory.stops[i].place)") == [
        "Bern", "Zimmerwald", "Bern", "Zurich", "Kienthal", "Zurich"]


def test_bc_life_plays_and_labels_in_bc(session: Session, pages: dict[str, Path]) -> None:
    page = session.open(pages["caesar"], "#t=-0047-06")
    assert page.text_content("#gs-date") == "48 BC"
    assert session.js("location.hash") == "#t=-0047-06"
    assert page.text_content(".gs-title") == "Julius Caesar, 100–44 BC"
    ticks = page.locator(".gs-tick").all_text_contents()
    assert ticks[0] == "100 BC" and all(t.endswith(" BC") for t in ticks)
    labels = session.js("""[GeoStory.formatDay(GeoStory.ordinal(-43, 3, 15), 'd', ''),
        GeoStory.formatDay(GeoStory.ordinal(-43, 3, 15), 'x', '~'),
        GeoStory.formatDay(GeoStory.ordinal(-49, 12, 5), 's', ''),
        GeoStory.formatDay(GeoStory.ordinal(0, 6, 1), 'y', '?'),
        GeoStory.formatDay(GeoStory.ordinal(5, 6, 1), 'x', '')]""")
    assert labels == ["15 Mar 44 BC", "c. 50–41 BC", "Winter 50–49 BC", "1 BC?", "1 BC – AD 9"]
    session.js("geostory.goToStop(geostory.stops.length - 1)")
    assert page.text_content("#gs-date") == "Mar 44 BC"


def test_hostile_person_names_stay_text(browser: Any, tmp_path: Path) -> None:
    names = [PAYLOADS["script end"], PAYLOADS["img onerror"], PAYLOADS["jinja expression"]]
    rows = [f'"{n.replace(chr(34), chr(34) * 2)}",{r}' for n in names for r in SMALL_ROWS[:2]]
    data = write(tmp_path / "hostile.csv", small_csv(rows, "person," + HEADER))
    out = tmp_path / "hostile.html"
    assert render.main(["--data", str(data), "--out", str(out), "--title", "x"]) == 0
    s = Session(browser)
    try:
        page = s.open(out)
        shown = page.locator(".gs-person-name").all_text_contents()
        assert shown[:3] == names
        assert page.locator(".gs-people-key li").all_text_contents() == names
        assert s.js("document.title") == "x"
        assert page.locator("img[src=x], svg").count() == page.locator("svg").count()
        assert s.watch.dialogs == [] and s.watch.errors == []
    finally:
        s.close()


def test_axe_finds_no_serious_violation_with_two_lives(session: Session,
                                                       pages: dict[str, Path]) -> None:
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    assert axe.is_file(), f"{axe} is missing (run `npm ci` in {ROOT})"
    page = session.open(pages["two"], "#person=vladimir-lenin&t=1916-06")
    page.add_script_tag(path=str(axe))
    result = session.js("""async () => { const r = await axe.run(document, {
        resultTypes: ['violations'] });
        return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target).join(' | '));
    }""")
    assert result == []
