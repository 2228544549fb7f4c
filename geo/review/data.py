"""A biography and its draft as the review page's data: text, mentions, candidates, stops.

The review page needs, for one text, every place mention (kept as a stop or not, and why),
the gazetteer candidates of each mention (best first), and the draft's stops linked to the
mention they came from. :func:`review_data` gathers them into one JSON-ready ``dict``;
:func:`geo.review.page.build_review_page` puts it into the page.

The extractor's ``Draft.mentions`` is changing from tuples ``(surface, start, end,
is_visit)`` to ``Mention`` objects (``surface``, ``char_start``, ``char_end``, ``kept``,
``reason``, ``stop``, ``candidates``). :func:`to_review_mention` is the one place that reads
either form, so the page works before and after that change.

>>> from geo.places.gazetteer import Candidate
>>> paris = Candidate("Paris", "Paris", 48.85, 2.35, "FR", 2_100_000, "city", 2988507,
...                   "geonames:2988507", None, None, "11", 0, "")
>>> m = to_review_mention(("Paris", 10, 15, False), stop_of={}, lookup=lambda s: [paris])
>>> m.kept, m.reason, m.stop, [c.source for c in m.candidates]
(False, 'not a visit', None, ['geonames:2988507'])
>>> candidate_record(paris)["population"]
2100000
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from geo.itinerary import COLUMNS, KINDS, Itinerary
from geo.places.gazetteer import Candidate

__all__ = [
    "MAX_CANDIDATES",
    "REVIEW_COLUMNS",
    "ReviewMention",
    "candidate_record",
    "mentions_of_draft",
    "review_data",
    "stops_from_draft",
    "stops_from_itinerary",
    "text_hash",
    "to_review_mention",
]

#: Candidates listed per mention; more than a screenful helps nobody decide.
MAX_CANDIDATES = 8
#: Columns of the CSV the page saves: the dataset schema, then where the stop is named in
#: the text and why it is in the itinerary.
REVIEW_COLUMNS: tuple[str, ...] = (*COLUMNS, "mention", "char_start", "char_end", "why")
#: Status words the page writes at the start of ``why`` (and reads back with ``--draft``).
STATUSES = ("accepted", "not reviewed")

Lookup = Callable[[str], Sequence[Candidate]]


@dataclass(frozen=True, slots=True)
class ReviewMention:
    """One place mention as the review page shows it.

    ``stop`` is the index of the draft stop the mention became (``None``: not a stop);
    ``candidates`` are gazetteer places the name may stand for, best first.
    """

    surface: str
    char_start: int
    char_end: int
    kept: bool
    reason: str
    stop: int | None
    candidates: tuple[Candidate, ...]


def text_hash(text: str) -> str:
    """A short fingerprint of a text: the page's storage key, so work follows the text.

    >>> text_hash("abc")
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _stop_index(value: object, stops: Sequence[object]) -> int | None:
    """A mention's ``stop`` as an index into ``stops``: ``Mention.stop`` is the 1-based stop
    number (``None`` when rejected); a Stop object is also accepted."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value - 1 if 1 <= value <= len(stops) else None
    for i, s in enumerate(stops):
        if s is value:
            return i
    return None


def to_review_mention(mention: object, *, stop_of: Mapping[int, int], lookup: Lookup,
                      stops: Sequence[object] = ()) -> ReviewMention:
    """Read one entry of ``Draft.mentions``, old tuple or new ``Mention``, the same way.

    Parameters
    ----------
    mention : tuple or Mention
        ``(surface, start, end, is_visit)``, or an object with ``surface``, ``char_start``,
        ``char_end``, ``kept``, ``reason``, ``stop`` (1-based stop number) and
        ``candidates``.
    stop_of : mapping
        Character offset of a mention -> index of the stop it became (old tuples only).
    lookup : callable
        Name -> ranked candidates, for old tuples, which carry none.
    stops : sequence
        The draft's stops, to turn a ``Mention.stop`` object into an index.
    """
    if isinstance(mention, tuple):
        surface, start, end, kept = mention
        return ReviewMention(str(surface), int(start), int(end), bool(kept),
                             "kept" if kept else "not a visit", stop_of.get(int(start)),
                             tuple(lookup(str(surface))[:MAX_CANDIDATES]))
    candidates = tuple(getattr(mention, "candidates", ()) or ())[:MAX_CANDIDATES]
    surface = str(getattr(mention, "surface"))  # noqa: B009 - the contract's field name
    start = int(getattr(mention, "char_start"))  # noqa: B009
    if not candidates:
        candidates = tuple(lookup(surface)[:MAX_CANDIDATES])
    stop = (_stop_index(getattr(mention, "stop"), stops)  # noqa: B009
            if hasattr(mention, "stop") else stop_of.get(start))
    return ReviewMention(surface, start, int(getattr(mention, "char_end")),  # noqa: B009
                         bool(getattr(mention, "kept", False)),
                         str(getattr(mention, "reason", "") or ""), stop, candidates)


def ranked_lookup() -> Lookup:
    """Name -> gazetteer candidates ranked by the geocoder's score, one per place."""
    from geo.places.geocoder import score_candidate
    from geo.places.names import default_index

    gazetteer = default_index().gazetteer

    def lookup(name: str) -> list[Candidate]:
        found = gazetteer.candidates(name)
        ranked = sorted(found, key=lambda c: (-score_candidate(c), c.source))
        seen: set[str] = set()
        unique = []
        for c in ranked:
            if c.source not in seen:
                seen.add(c.source)
                unique.append(c)
        return unique

    return lookup


def mentions_of_draft(draft: Any, lookup: Lookup | None = None) -> list[ReviewMention]:
    """Every mention of ``draft`` (a :class:`geo.extract.Draft`) in text order."""
    stops = list(draft.stops)
    stop_of: dict[int, int] = {}
    for i, s in enumerate(stops):
        for v in getattr(s, "visits", None) or ():
            stop_of.setdefault(int(v.start), i)
        stop_of.setdefault(int(s.char_start), i)
    look = lookup or ranked_lookup()
    out = [to_review_mention(m, stop_of=stop_of, lookup=look, stops=stops)
           for m in draft.mentions]
    return sorted(out, key=lambda m: (m.char_start, m.char_end))


def candidate_record(c: Candidate) -> dict[str, Any]:
    """A candidate as the page lists it (name, admin-1, country, population, point)."""
    return {"name": c.name, "modern_name": c.modern_name or c.name, "admin1": c.admin1,
            "country": c.country if len(c.country) == 2 else "", "population": c.population,
            "feature": c.feature, "lat": round(c.lat, 5), "lon": round(c.lon, 5),
            "source": c.source}


def _why_of(stop: Any) -> str:
    """The extractor's evidence for a stop: its ``why``, or else its cue words and score."""
    why = getattr(stop, "why", "")
    if why:
        return str(why)
    visits = getattr(stop, "visits", None) or []
    cues = []
    for v in visits:
        cue = f"cue {v.cue!r} (score {v.score:.1f})" if v.cue else ""
        if cue and cue not in cues:
            cues.append(cue)
    return ", ".join(cues)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def stops_from_draft(draft: Any) -> list[dict[str, Any]]:
    """The draft's stops as the page's rows (every one still to review)."""
    rows = []
    for s in draft.stops:
        rows.append({
            "place": s.place, "modern_name": s.modern_name, "country": s.country,
            "lat": round(float(s.lat), 5), "lon": round(float(s.lon), 5),
            "start": s.start, "end": s.end, "kind": s.kind, "period": s.period,
            "summary": s.summary, "source": s.source, "geo_source": s.geo_source,
            "mention": s.mention, "char_start": int(s.char_start),
            "char_end": int(s.char_end), "why": _why_of(s), "status": "pending"})
    return rows


def _int_or(value: object, default: int) -> int:
    try:
        return int(str(value).split(".")[0])
    except ValueError:
        return default


def stops_from_itinerary(itinerary: Itinerary) -> list[dict[str, Any]]:
    """Rows of a saved review (or any itinerary) to resume: status read from ``why``."""
    rows = []
    for rec in itinerary.df.to_dict("records"):
        why = _cell(rec.get("why"))
        status = "pending"
        head, _, rest = why.partition(";")
        if head.strip() == "accepted":
            status, why = "accepted", rest.strip()
        elif head.strip() == "not reviewed":
            why = rest.strip()
        rows.append({
            **{c: _cell(rec.get(c)) for c in COLUMNS if c not in ("stop", "lat", "lon")},
            "lat": round(float(rec["lat"]), 5), "lon": round(float(rec["lon"]), 5),
            "mention": _cell(rec.get("mention")),
            "char_start": _int_or(rec.get("char_start"), -1),
            "char_end": _int_or(rec.get("char_end"), -1),
            "why": why, "status": status})
    return rows


def _link(stops: list[dict[str, Any]], mentions: list[ReviewMention],
          stop_starts: Sequence[int]) -> list[str | None]:
    """Link stops and mentions both ways.

    Each stop gets an ``id`` and the index of the mention it is named by (``mention_id``;
    -1 when none). Returns, for each mention, the ``id`` of the stop it belongs to (a stop
    may be named several times), found through the character offset of that stop in the
    draft (``stop_starts``), so it holds for a resumed review too.
    """
    by_start = {m.char_start: i for i, m in enumerate(mentions)}
    row_at: dict[int, str] = {}
    for n, s in enumerate(stops):
        s["id"] = f"s{n}"
        row_at.setdefault(s["char_start"], s["id"])
    for s in stops:
        i = by_start.get(s["char_start"], -1)
        if i < 0:  # a saved row whose offsets fall inside a mention, not on its start
            i = next((j for j, m in enumerate(mentions)
                      if m.char_start <= s["char_start"] < m.char_end), -1)
        s["mention_id"] = i
    owners: list[str | None] = []
    for m in mentions:
        start = stop_starts[m.stop] if m.stop is not None and m.stop < len(stop_starts) else -1
        owners.append(row_at.get(start) if start >= 0 else None)
    return owners


def review_data(text: str, mentions: Iterable[ReviewMention], stops: list[dict[str, Any]],
                *, title: str, source_name: str, land: list | None = None,
                stop_starts: Sequence[int] | None = None) -> dict[str, Any]:
    """Everything the review page shows, as one JSON-ready ``dict`` (deterministic).

    Parameters
    ----------
    text : str
        The biography; mention offsets index into it.
    mentions : iterable of ReviewMention
        Every place mention, kept or not.
    stops : list of dict
        From :func:`stops_from_draft` or :func:`stops_from_itinerary`.
    title, source_name : str
        Page heading; the text's file name (the saved CSV is named after it).
    land : list, optional
        Base map polygons (``[[[lat, lon], ...], ...]``), see :mod:`geo.review.basemap`.
    stop_starts : sequence of int, optional
        ``char_start`` of each stop of the draft the mentions came from (their ``stop``
        indexes it); by default the ``stops`` themselves are that draft.
    """
    mentions = list(mentions)
    stops = [dict(s) for s in stops]
    starts = [int(s["char_start"]) for s in stops] if stop_starts is None else stop_starts
    owners = _link(stops, mentions, starts)
    base = json.dumps(stops, sort_keys=True, ensure_ascii=False)
    stem = source_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "biography"
    return {
        "title": title,
        "source_name": source_name,
        "save_name": f"{stem}-reviewed.csv",
        "text": text,
        "text_hash": text_hash(text),
        "base_hash": text_hash(base),
        "kinds": list(KINDS),
        "columns": list(REVIEW_COLUMNS),
        "mentions": [{"surface": m.surface, "start": m.char_start, "end": m.char_end,
                      "kept": m.kept, "reason": m.reason, "stop_id": owner,
                      "candidates": [candidate_record(c) for c in m.candidates]}
                     for m, owner in zip(mentions, owners, strict=True)],
        "stops": stops,
        "land": land or [],
    }
