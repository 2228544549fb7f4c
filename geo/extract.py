"""Biography text -> draft itinerary: where the person was, and when.

``python -m geo extract bio.txt -o draft.csv`` runs :func:`extract_file` and writes the draft
in the ``data/places.csv`` schema plus ``mention``, ``char_start``, ``char_end`` and
``confidence``, ready to review in a spreadsheet and to render.

>>> from geo.places.names import MemoryIndex
>>> index = MemoryIndex.from_records([
...     {"id": 1, "name": "Lyon", "country": "FR", "lat": 45.75, "lon": 4.85,
...      "population": 500000},
...     {"id": 2, "name": "Rome", "alternatenames": ["Roma"], "country": "IT", "lat": 41.89,
...      "lon": 12.48, "population": 2800000}])
>>> text = ("Anne Vallet\\n\\nAnne Vallet was a painter. She was born in Lyon in 1820. "
...         "In March 1845 she moved to Rome, where she opened a studio. The Rome salon "
...         "praised her work in 1850.")
>>> draft = extract(text, "vallet.txt", index=index)
>>> [(s.place, s.start, s.end, s.kind) for s in draft.stops]
[('Lyon', '1820', '1845-03', 'birth'), ('Rome', '1845-03', '', 'residence')]

How it works, in four passes over the text:

1. **Structure.** Headings (bare title lines such as ``Early life (1820-1845)`` or wiki
   headings ``== early life (18201845) ==``) give periods and a year range; sentences are
   split even where the text lost the space after a full stop; reference sections (notes,
   bibliography, external links) are skipped; a paragraph in the first person counts as the
   subject's own words only when the paragraph before hands over to the subject.
2. **Recognition.** The text is cut into words and every run of words that spells a key of
   the gazetteer (:mod:`geo.places.gazetteer`, through :mod:`geo.places.names`) is a
   candidate. It is kept when it looks like a place here: capitalised in cased text, not an
   ordinary English word (``english-words``) unless the context makes it a destination, not
   a demonym ("German school"), not part of a person's name (a given name or a title before it, the
   subject's own name, a name that acts as a person elsewhere in the text).
3. **Visit or mention.** A kept place is a visit when a cue puts the subject there ("moved
   to", "exiled to", "escaped from", "born in", "where he", "while in", "a farm in X", "the
   X hospital"), the clause is about the subject (his name or pronoun is its agent, or "him"
   is moved), and nothing vetoes it: a negation or an intention ("was not allowed to visit",
   "agreed to go", "denied a visa to enter"), another person as the agent ("his daughter
   went to"), a modifier use ("the Moscow trials", "London-based", "Treaty of X").
4. **Places, dates and stops.** Each visit's candidates are ranked with the geocoder's
   scoring (:func:`geo.places.geocoder.score_candidate`): a country named nearby, the previous
   stop's position, the year. A visit takes the nearest date of its sentence, else the
   running narrative date, else its heading's first year. Visits are ordered by year, then by
   narrative; repeated mentions of one stay merge (a short trip away and back keeps the stay
   as one row); a stay ends when the next one starts; a region or country stop next to a
   city stop inside it, in the same years, folds into the city stop.
"""

from __future__ import annotations

from geo.text.document import ExtractError, read_text
from geo.text.draft import Draft, Mention, Stop, Visit, write_draft, write_mentions
from geo.text.lexicon import iter_visit_cues
from geo.text.pipeline import extract, extract_file

__all__ = [
    "Draft",
    "ExtractError",
    "Mention",
    "Stop",
    "Visit",
    "extract",
    "extract_file",
    "iter_visit_cues",
    "read_text",
    "write_draft",
    "write_mentions",
]
