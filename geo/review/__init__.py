"""Review a drafted itinerary beside its text and its map (``python -m geo review``).

:func:`write_review_page` reads a biography, drafts its itinerary with
:func:`geo.extract.extract` (or takes a saved draft to resume), and writes one
self-contained HTML page: the text with every place mention highlighted, the stops on a
map and in a list, and tools to accept, reject, re-place, re-date and save them.
"""

from __future__ import annotations

from geo.review.page import build_review_page
from geo.review.run import make_review_page, write_review_page

__all__ = ["build_review_page", "make_review_page", "write_review_page"]
