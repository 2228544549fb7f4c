"""Data is never code: hostile text in an itinerary renders literally.

The mechanism first (rendering compiles no template at all), then a table of hostile
payloads in every text column, the title and the output file name.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jinja2
import pandas as pd
import pytest

from geo.cli import main
from geo.csvsafe import FORMULA_PREFIXES
from geo.itinerary import Itinerary
from geo.map import build_map, render_html

ROOT = Path(__file__).resolve().parents[1]

#: Hostile payloads, by what they try.
PAYLOADS: dict[str, str] = {
    "jinja expression": "{{ 7*7 }} and {{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "jinja statement": "40 {% of the vote {% for x in range(3) %}x{% endfor %}",
    "jinja comment": "before {# hidden #} after",
    "script end": "</script><script>document.title='pwned'</script>",
    "img onerror": "<img src=x onerror=\"document.title='pwned'\">",
    "svg onload": "<svg onload=\"document.title='pwned'\"></svg>",
    "javascript url": "javascript:document.title='pwned'",
    "rtl override": "\u202egnp.exe\u202c and \u2067isolate\u2069",
    "line separators": "one\u2028two\u2029three",
    "html comment": "<!-- <script>document.title='pwned'</script> -->",
    "template markers": "${alert(1)} `${x}` {{{x}}} }}{{",
}

TEXT_COLUMNS = ("place", "modern_name", "period", "summary", "source")


def _itinerary(column: str, text: str) -> Itinerary:
    df = pd.read_csv(ROOT / "data" / "places.csv", dtype=str, keep_default_na=False).head(4)
    df.loc[df.index[1], column] = text
    return Itinerary(df, source="hostile.csv")


def test_rendering_compiles_no_template(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our macros are compiled once, at import; a render compiles nothing, so nothing in
    the data can ever be read as template source."""
    itinerary = _itinerary("summary", PAYLOADS["jinja expression"])
    maps = [build_map(itinerary, title=PAYLOADS["jinja statement"]),
            build_map(itinerary, title="x", tiles=None)]
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def spy(self: jinja2.Environment, source: object, *args: object, **kwargs: object) -> object:
        compiled.append(str(source)[:80])
        return original(self, source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(jinja2.Environment, "compile", spy)
    for m in maps:
        render_html(m)
    assert compiled == []


def _story_json(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="[^"]+">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))


@pytest.mark.parametrize("column", TEXT_COLUMNS)
@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_text_renders_literally(column: str, name: str) -> None:
    text = PAYLOADS[name]
    page = render_html(build_map(_itinerary(column, text), title="T"))
    data = _story_json(page)
    if column == "period":
        assert data["periods"][1]["name"] == text
    else:
        key = {"modern_name": "modern"}.get(column, column)
        assert data["stops"][1][key] == text
    # No braces, angle brackets or raw line separators of the payload reach the page.
    for marker in ("{{", "{%", "{#", "</script><script>", "<img", "<svg onload", "<!-- <script",
                   "\u2028"):
        if marker in text:
            assert marker not in page, marker
    assert "49 and" not in page and "uid=" not in page


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_hostile_title_is_escaped(name: str) -> None:
    text = PAYLOADS[name]
    page = render_html(build_map(_itinerary("summary", "ok"), title=text))
    assert _story_json(page)["title"] == text
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert not re.search("[<>{}\u2028]", title.group(1)), title.group(1)


def test_hostile_title_and_file_name_through_the_command(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    _itinerary("summary", PAYLOADS["jinja expression"]).write_csv(data)
    out = tmp_path / "{{ 7*7 }}<img onerror=x>.html"
    assert main(["render", "--data", str(data), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "49" not in _story_json(page)["title"]
    assert "{{" not in page and "<img onerror" not in page
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.csv", out.name])


@pytest.mark.parametrize("cell", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx",
                                  "=HYPERLINK(\"http://example.org\",\"x\")"])
def test_itinerary_csv_is_spreadsheet_safe_and_round_trips(cell: str, tmp_path: Path) -> None:
    it = _itinerary("summary", cell)
    kept = it.df["summary"].iloc[1]  # surrounding white space is trimmed on load
    written = list(csv.DictReader(io.StringIO(it.to_csv())))[1]["summary"]
    assert not written.startswith(FORMULA_PREFIXES)  # a spreadsheet shows it as text
    assert written in (kept, "'" + kept)
    path = tmp_path / "round.csv"
    it.write_csv(path)
    assert Itinerary.from_csv(path).df["summary"].iloc[1] == kept


def test_plain_negative_numbers_are_not_touched() -> None:
    df = _itinerary("summary", "fine").df.copy()
    df["lon"] = "-0.12574"
    rows = list(csv.DictReader(io.StringIO(Itinerary(df).to_csv())))
    assert {r["lon"] for r in rows} == {"-0.12574"}
