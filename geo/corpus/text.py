"""One text of a corpus -> one result: read, hash, decode, extract; never raises.

This is the function the Dask job maps over the list of paths, so it runs in worker
processes (or on cluster workers) and returns plain data that pickles cheaply. A text that
cannot be read, is empty, binary or not UTF-8, or makes the extractor fail gives a result
whose ``error`` says so in one line; the run carries on with the next text.

>>> import tempfile, pathlib
>>> empty = pathlib.Path(tempfile.mkdtemp()) / "nobody.txt"
>>> _ = empty.write_bytes(b"  \\n")
>>> result = process_text(TextTask(str(empty), "nobody"))
>>> result.error, result.stops, result.content_hash[:12]
('is empty: expected the text of a biography', [], '8855c6119660')
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.text.document import decode_text

__all__ = ["LEAFLET_FILES", "TextResult", "TextTask", "content_hash", "decode_text",
           "life_page_html", "life_page_name", "process_text", "write_leaflet_files"]

#: Longest error message kept per text (one line, in ``people.parquet``).
MAX_ERROR_CHARS = 300
#: Folder of the life pages, inside the output folder.
LIVES_FOLDER = "lives"
#: Leaflet's script and stylesheet (icons inlined), written once beside the life pages and
#: linked by relative path, so every life page works offline and from ``file://`` without
#: carrying its own copy (about 150 KiB each, 150 MB for 1,000 lives).
LEAFLET_FILES = {"js": "assets/leaflet.js", "css": "assets/leaflet.css"}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class TextTask:
    """What a worker needs for one text.

    ``done_hash`` is the content hash of this file in the previous run's output (empty when
    none): a file whose bytes still hash the same is not extracted again. With ``life_root``
    (an output folder this worker can write to) the worker writes the life page there itself
    instead of sending it back.
    """

    path: str
    person: str
    done_hash: str = ""
    life_page: bool = True
    life_root: str = ""


@dataclass(slots=True)
class TextResult:
    """What a worker sends back for one text.

    ``stops`` holds the draft rows (:meth:`geo.extract.Draft.to_frame` as records);
    ``life_html`` the story map of this life, ``""`` when it is already written, or ``None``
    when there is none; ``skipped`` is true when the previous run's rows stand (same content
    hash).
    """

    person: str
    source_file: str
    content_hash: str = ""
    size_bytes: int = 0
    error: str = ""
    stops: list[dict[str, Any]] = field(default_factory=list)
    life_html: str | None = None
    skipped: bool = False


def life_page_name(person: str) -> str:
    """The story map file of one life, relative to the output folder; safe on any system.

    >>> life_page_name("tsvetaeva")
    'lives/tsvetaeva.html'
    >>> life_page_name("{{7*7}} </script>")
    'lives/7-7-script-664ab594.html'
    """
    safe = _SAFE_NAME.sub("-", person).strip("-")[:80]
    if safe != person:
        digest = hashlib.sha256(person.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        safe = f"{safe}-{digest}" if safe else digest
    return f"{LIVES_FOLDER}/{safe}.html"


def content_hash(data: bytes) -> str:
    """SHA-256 of the file's bytes, in hex: what a rerun compares.

    >>> content_hash(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def _one_line(text: str) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_ERROR_CHARS else line[: MAX_ERROR_CHARS - 1] + "…"


def _default_extractor(text: str, source_name: str) -> Any:
    from geo.extract import extract

    return extract(text, source_name)


def life_page_html(frame: Any, person: str) -> str:
    """The story map of one life's draft frame, Leaflet linked from ``assets/`` beside it.

    The page is the default (CDN) render of :func:`geo.map.build_map`, with its two Leaflet
    references pointed at :data:`LEAFLET_FILES` instead (see :func:`write_leaflet_files`).

    Raises
    ------
    ItineraryError
        When the draft breaks the itinerary schema.
    GeoError
        When the rendered page no longer links Leaflet the way this function expects.
    """
    import html

    from geo.errors import GeoError
    from geo.itinerary import Itinerary
    from geo.map import build_map, render_html
    from geo.map.assets import LEAFLET_CDN_CSS, LEAFLET_CDN_JS

    itinerary = Itinerary(frame, source=person)
    first, last = itinerary.get_time_span()
    years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    page = str(render_html(build_map(itinerary, title=f"{person}, {years}")))
    for attr, url, local in (("href", LEAFLET_CDN_CSS, LEAFLET_FILES["css"]),
                             ("src", LEAFLET_CDN_JS, LEAFLET_FILES["js"])):
        cdn = f'{attr}="{html.escape(url)}"'
        if page.count(cdn) != 1:
            raise GeoError(f"life page of {person!r}: expected one {cdn} to point at {local}")
        page = page.replace(cdn, f'{attr}="{local}"')
    return page


def write_leaflet_files(outdir: Path) -> None:
    """Write Leaflet's script and stylesheet (:data:`LEAFLET_FILES`) under
    ``outdir/lives`` from the npm package (:func:`geo.map.assets.load_leaflet_assets`)."""
    from geo._io import write_text_atomic
    from geo.map.assets import load_leaflet_assets

    assets = load_leaflet_assets()
    folder = Path(outdir) / LIVES_FOLDER
    (folder / "assets").mkdir(parents=True, exist_ok=True)
    write_text_atomic(folder / LEAFLET_FILES["js"], assets.js)
    write_text_atomic(folder / LEAFLET_FILES["css"], assets.css)


def process_text(task: TextTask,
                 extractor: Callable[[str, str], Any] | None = None) -> TextResult:
    """Read, hash and extract one text; every failure becomes the result's ``error``.

    Parameters
    ----------
    task : TextTask
        The file, its person name, the hash it had last time.
    extractor : callable, optional
        ``(text, source_name) -> Draft``; defaults to :func:`geo.extract.extract` (a seam
        for tests).

    Returns
    -------
    TextResult
        Never raises for a bad text: the error is recorded instead.
    """
    result = TextResult(person=task.person, source_file=task.path)
    try:
        raw = Path(task.path).read_bytes()
    except OSError as e:
        result.error = _one_line(f"cannot be read ({e.strerror or type(e).__name__})")
        return result
    result.content_hash = content_hash(raw)
    result.size_bytes = len(raw)
    if task.done_hash and task.done_hash == result.content_hash:
        result.skipped = True
        return result
    try:
        text = decode_text(raw)
    except ValueError as e:
        result.error = str(e)
        return result
    try:
        draft = (extractor or _default_extractor)(text, Path(task.path).name)
        frame = draft.to_frame()
    except Exception as e:  # an extractor bug must not stop the corpus
        result.error = _one_line(f"extractor failed ({type(e).__name__}: {e})")
        return result
    result.stops = frame.to_dict(orient="records")
    if not result.stops:
        result.error = "no visits found: the text names no place the subject went to"
        return result
    if task.life_page:
        try:
            result.life_html = life_page_html(frame, task.person)
        except Exception as e:  # a draft the story map refuses is reported, its rows kept
            result.error = _one_line(f"story map failed ({type(e).__name__}: {e})")
    if result.life_html and task.life_root:
        from geo._io import write_text_atomic

        try:
            write_text_atomic(Path(task.life_root) / life_page_name(task.person),
                              result.life_html)
            result.life_html = ""
        except OSError:  # the driver will try again and report the failure
            pass
    return result
