"""The draft itinerary: visits, stops, place mentions and the two CSV files.

A :class:`Draft` holds the stops (one row of ``draft.csv`` each) and every place mention the
recognition found, kept or rejected (one row of ``mentions.csv`` each, for the review page).

>>> from geo.places.gazetteer import Candidate
>>> lyon = Candidate("Lyon", "Lyon", 45.75, 4.85, "FR", 500000, "city", 1, "geonames:1",
...                  None, None, "")
>>> m = Mention("Lyon", 10, 14, False, "no visit cue", None, (lyon,))
>>> print(Draft([], [m], "Anne Vallet").mentions_csv(), end="")
surface,char_start,char_end,kept,reason,stop,candidates
Lyon,10,14,false,no visit cue,,Lyon|FR|45.75|4.85|geonames:1
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo._io import write_text_atomic
from geo.csvsafe import csv_safe_cell
from geo.itinerary import COLUMNS, DRAFT_COLUMNS, Itinerary
from geo.places.gazetteer import Candidate
from geo.text.document import ExtractError


@dataclass(slots=True)
class Visit:
    """One place mention judged to be a visit, with its date and evidence."""

    place: Candidate
    surface: str
    start: int
    end: int
    date: str
    date_from: str  # "sentence", "narrative", "heading", "age" (of starting school)
    kind: str
    cue: str
    score: float
    period: str
    heading: str
    order: int
    departs: bool = False
    returns: bool = False
    sentence: int = -1
    until: str = ""  # the end of a span the sentence gives ("from X to Y")
    why: str = ""  # the cue and reasons: "moved to (subject agent)"
    candidates: tuple[Candidate, ...] = ()  # the gazetteer's candidates, best first


#: Columns of ``mentions.csv`` (:meth:`Draft.mentions_csv`), in order.
MENTION_COLUMNS: tuple[str, ...] = ("surface", "char_start", "char_end", "kept", "reason",
                                    "stop", "candidates")
#: Most gazetteer candidates listed per mention.
MAX_CANDIDATES = 8


@dataclass(frozen=True)
class Mention:
    """One place mention found in the text, kept (part of a stop) or rejected.

    Attributes
    ----------
    surface : str
        The text as written.
    char_start, char_end : int
        Offsets into the text given to :func:`geo.extract.extract`.
    kept : bool
        True when the mention is (part of) a stop.
    reason : str
        A short phrase: why kept ("cue 'moved to'") or rejected ("no visit cue").
    stop : int or None
        1-based number of the stop it belongs to; None when rejected.
    candidates : tuple of Candidate
        The gazetteer's candidates for the name, best first (at most :data:`MAX_CANDIDATES`).
    """

    surface: str
    char_start: int
    char_end: int
    kept: bool
    reason: str
    stop: int | None
    candidates: tuple[Candidate, ...]


def format_candidates(candidates: tuple[Candidate, ...]) -> str:
    """``name|country|lat|lon|geo_source`` per candidate, joined by ``;``.

    >>> from geo.places.gazetteer import Candidate
    >>> format_candidates((Candidate("Rome", "Rome", 41.89, 12.48, "IT", 1, "city", 2,
    ...                              "geonames:2", None, None, ""),))
    'Rome|IT|41.89|12.48|geonames:2'
    """
    return ";".join(
        f"{c.name.replace('|', '/').replace(';', ',')}|{c.country}|{round(c.lat, 5)}|"
        f"{round(c.lon, 5)}|{c.source}" for c in candidates)


@dataclass(slots=True)
class Stop:
    """A row of the draft itinerary (one stay or visit, possibly several mentions)."""

    place: str
    modern_name: str
    country: str
    lat: float
    lon: float
    start: str
    end: str
    kind: str
    period: str
    summary: str
    source: str
    geo_source: str
    mention: str
    char_start: int
    char_end: int
    confidence: float
    visits: list[Visit] = field(default_factory=list, repr=False)
    why: str = ""  # the cues and reasons that made it a stop


@dataclass(slots=True)
class Draft:
    """The result of :func:`extract`: stops in order, plus every candidate considered."""

    stops: list[Stop]
    mentions: list[Mention]  # every place mention, kept or rejected, in text order
    subject: str

    def to_frame(self) -> pd.DataFrame:
        """The stops as a DataFrame in the draft column order."""
        rows = []
        for i, s in enumerate(self.stops, 1):
            rows.append({
                "stop": i, "place": s.place, "modern_name": s.modern_name,
                "country": s.country, "lat": round(s.lat, 5), "lon": round(s.lon, 5),
                "start": s.start, "end": s.end, "kind": s.kind, "period": s.period,
                "summary": s.summary, "source": s.source, "geo_source": s.geo_source,
                "mention": s.mention, "char_start": s.char_start, "char_end": s.char_end,
                "confidence": round(s.confidence, 2), "why": s.why})
        return pd.DataFrame(rows, columns=[*COLUMNS, *DRAFT_COLUMNS])

    def to_csv(self) -> str:
        """CSV text of :meth:`to_frame` (deterministic)."""
        buf = io.StringIO()
        self.to_frame().to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()

    def mentions_csv(self) -> str:
        """CSV text of :attr:`mentions` (columns :data:`MENTION_COLUMNS`; spreadsheet-safe
        cells; ``kept`` as ``true``/``false``; deterministic)."""
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(MENTION_COLUMNS)
        for m in self.mentions:
            out.writerow([csv_safe_cell(m.surface), m.char_start, m.char_end,
                          "true" if m.kept else "false", csv_safe_cell(m.reason),
                          "" if m.stop is None else m.stop,
                          csv_safe_cell(format_candidates(m.candidates))])
        return buf.getvalue()


def write_draft(draft: Draft, path: str | Path | None) -> str:
    """Validate the draft as an itinerary, then write it (atomically) or return the text.

    Raises
    ------
    ExtractError
        When no stop was found (an itinerary needs at least one).
    """
    if not draft.stops:
        raise ExtractError("no visits found: the text names no place the subject went to")
    frame = draft.to_frame()
    Itinerary(frame, source="draft")  # raises ItineraryError if the draft breaks the schema
    text = draft.to_csv()
    if path is not None:
        write_text_atomic(path, text)
    return text


def write_mentions(draft: Draft, path: str | Path) -> str:
    """Write :meth:`Draft.mentions_csv` to ``path`` atomically; returns the text."""
    text = draft.mentions_csv()
    write_text_atomic(path, text)
    return text
