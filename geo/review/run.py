"""From files to the review page: read the text, draft or reload the stops, write the HTML.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> make_review_page(folder / "missing.txt")
Traceback (most recent call last):
...
geo.text.document.ExtractError: .../missing.txt: file not found
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["make_review_page", "write_review_page"]


def make_review_page(text_path: str | os.PathLike[str],
                     draft_path: str | os.PathLike[str] | None = None, *,
                     title: str | None = None) -> tuple[str, int]:
    """The review page for a biography, and how many stops it opens with.

    Parameters
    ----------
    text_path : path
        The biography (UTF-8 text).
    draft_path : path, optional
        A draft or a saved review (CSV in the ``data/places.csv`` schema) to resume from;
        without it the stops are drafted from the text by :func:`geo.extract.extract`.
    title : str, optional
        Page heading (default ``Review: <file name>``).

    Raises
    ------
    geo.errors.GeoError
        For an unreadable text or a draft that breaks the schema (one line per problem).
    """
    from geo.extract import extract, read_text
    from geo.itinerary import Itinerary
    from geo.review.basemap import load_land
    from geo.review.data import (
        mentions_of_draft,
        review_data,
        stops_from_draft,
        stops_from_itinerary,
    )
    from geo.review.page import build_review_page

    name = Path(text_path).name
    text = read_text(text_path)
    resumed = Itinerary.from_csv(draft_path) if draft_path is not None else None
    draft = extract(text, name)
    stops = stops_from_itinerary(resumed) if resumed is not None else stops_from_draft(draft)
    data = review_data(text, mentions_of_draft(draft), stops,
                       title=title if title is not None else f"Review: {name}",
                       source_name=name, land=load_land(),
                       stop_starts=[int(s.char_start) for s in draft.stops])
    return build_review_page(data), len(stops)


def write_review_page(out: str | os.PathLike[str], text_path: str | os.PathLike[str],
                      draft_path: str | os.PathLike[str] | None = None, *,
                      title: str | None = None) -> int:
    """Write the review page to ``out`` (atomically); returns the number of stops."""
    from geo._io import refuse_to_overwrite, write_text_atomic

    refuse_to_overwrite(out, [text_path, draft_path], "-o")
    html, n = make_review_page(text_path, draft_path, title=title)
    write_text_atomic(out, html)
    return n
