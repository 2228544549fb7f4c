"""The review page: one self-contained HTML file, assembled in Python.

The page is a :class:`~geo.map.page.SafePage`: fixed markup written here, Leaflet and our
``static/review_rules.js`` (dates, row checks, CSV cells), ``static/review.js`` (the page)
and ``static/review.css`` inlined, and the data (text, mentions,
candidates, stops) as one JSON block escaped by :func:`~geo.map.page.to_script_json`. No
user text passes through a template: the only text of the file that reaches the markup is
the title, escaped by :func:`~geo.map.page.html_text`; everything else is set with
``textContent`` by the script. The page requests nothing, so it works from ``file://``.

>>> from geo.review.data import review_data
>>> data = review_data("He lived in {{7*7}}.", [], [], title="Review", source_name="bio.txt")
>>> page = build_review_page(data, leaflet_js="", leaflet_css="")
>>> "{{7*7}}" in page, "\\\\u007b\\\\u007b7*7\\\\u007d\\\\u007d" in page
(False, True)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.map.page import Literal, SafePage, html_text, script_safe, style_safe, to_script_json

__all__ = ["build_review_page", "read_review_static"]

_STATIC = Path(__file__).resolve().parent / "static"


def read_review_static(name: str) -> str:
    """Text of ``review.js``, ``review_rules.js`` or ``review.css``."""
    return (_STATIC / name).read_text(encoding="utf-8")


def _markup(title: str) -> str:
    """The page's fixed markup; ``title`` is the only text from outside, escaped."""
    return f"""<a class="rv-skip" href="#rv-stops" id="rv-skip">Skip to the stops</a>
<div class="rv-app">
<header class="rv-head">
<h1>{html_text(title)}</h1>
<span class="rv-counts" id="rv-counts"></span>
<span class="rv-saved" id="rv-saved" role="status" aria-live="polite"></span>
<div class="rv-tools" role="toolbar" aria-label="Review tools">
<button type="button" id="rv-undo" aria-keyshortcuts="U Control+Z">Undo</button>
<button type="button" id="rv-redo" aria-keyshortcuts="Shift+U Control+Y">Redo</button>
<button type="button" id="rv-add" disabled>Add stop from selection</button>
<button type="button" id="rv-save" aria-keyshortcuts="Control+S">Save itinerary</button>
</div>
<details class="rv-help" id="rv-help"><summary>Keys</summary><div class="rv-keys">
<dl>
<dt>j / &darr;</dt><dd>next stop</dd>
<dt>k / &uarr;</dt><dd>previous stop</dd>
<dt>a</dt><dd>accept (again: undecide)</dd>
<dt>r or x</dt><dd>reject (again: undecide)</dd>
<dt>e</dt><dd>same place and decision for every stop of this name</dd>
<dt>p</dt><dd>make the chosen mention a stop</dd>
<dt>u / Ctrl+Z</dt><dd>undo</dd>
<dt>U / Ctrl+Y</dt><dd>redo</dd>
<dt>Ctrl+S</dt><dd>save the itinerary as CSV</dd>
<dt>?</dt><dd>show or hide these keys</dd>
</dl>
<button type="button" class="rv-btn" id="rv-reset">Start over from the draft</button>
</div></details>
</header>
<section class="rv-text" id="rv-text" aria-labelledby="rv-text-h">
<h2 id="rv-text-h">Text</h2>
<p class="rv-legend"><mark class="rv-m rv-m-stop">stop</mark>
<mark class="rv-m rv-m-rejected">rejected stop</mark>
<mark class="rv-m rv-m-mention">place, not a stop</mark>; hover or focus one for the reason.
Select words to add a stop.</p>
<p class="rv-reason" id="rv-reason" aria-live="polite"></p>
<div class="rv-doc" id="rv-doc"></div>
</section>
<div class="rv-map-wrap"><div id="rv-map" role="region" aria-label="Map of the stops"></div></div>
<div class="rv-side">
<section class="rv-list" id="rv-list" aria-labelledby="rv-list-h">
<h2 id="rv-list-h">Stops</h2>
<ol id="rv-stops"></ol>
</section>
<section class="rv-detail" id="rv-detail" aria-label="Chosen stop">
<div id="rv-detail-body"></div>
</section>
</div>
</div>
<div class="rv-problems" id="rv-problems" role="alert" hidden></div>
<p class="rv-sr" id="rv-announce" aria-live="polite"></p>"""


def build_review_page(data: dict[str, Any], *, leaflet_js: str | None = None,
                      leaflet_css: str | None = None) -> str:
    """The review page as HTML text (the same bytes for the same data).

    Parameters
    ----------
    data : dict
        From :func:`geo.review.data.review_data`.
    leaflet_js, leaflet_css : str, optional
        Leaflet's code; by default read from ``node_modules`` (or the user cache) through
        :func:`geo.map.assets.load_leaflet_assets`.
    """
    if leaflet_js is None or leaflet_css is None:
        from geo.map.assets import load_leaflet_assets

        assets = load_leaflet_assets()
        leaflet_js = assets.js if leaflet_js is None else leaflet_js
        leaflet_css = assets.css if leaflet_css is None else leaflet_css
    page = SafePage(title=str(data.get("title", "")))
    page.header.add_child(Literal(f"<style>\n{style_safe(leaflet_css)}\n</style>"),
                          name="leaflet_css")
    page.header.add_child(Literal(f"<style>\n{style_safe(read_review_static('review.css'))}"
                                  "\n</style>"), name="review_css")
    page.header.add_child(Literal(f"<script>\n{script_safe(leaflet_js)}\n</script>"),
                          name="leaflet_js")
    page.html.add_child(Literal(_markup(str(data.get("title", "")))), name="markup")
    page.html.add_child(Literal('<script type="application/json" id="rv-data">'
                                + to_script_json(data) + "</script>"), name="data")
    for name in ("review_rules.js", "review.js"):  # the rules first: review.js uses them
        page.script.add_child(Literal(script_safe(read_review_static(name))), name=name)
    return page.render()
