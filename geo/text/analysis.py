"""The analysed text every stage reads: document, words, the subject, other persons."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from geo.places.gazetteer import Candidate
from geo.places.names import (
    Tokens,
)
from geo.text.document import _Doc
from geo.text.lexicon import (
    _FACILITY_NOUNS,
    _PERSON_NOUNS,
    _PERSON_VERBS,
    _REGNAL_NUMBERS,
    _TITLES,
    _VESSELS,
    _given_names,
)
from geo.textdates import DateMention


# -- the analysed text --------------------------------------------------------------------
@dataclass(slots=True)
class _Text:
    """Everything the passes share: the document, its words and what they are."""

    doc: _Doc
    tokens: Tokens
    sent_of: list[int]  # sentence of each token (-1 outside sentences)
    subject: set[str]  # keys of the subject's names
    main: str
    pronouns: tuple[str, str, str]  # nominative, objective, possessive determiner
    persons: set[str]
    first_person: set[int]  # paragraphs in the subject's own words
    hits: list[int] = field(default_factory=list)  # words any rule looks for (_WATCHED)
    agents: dict[int, bool] = field(default_factory=dict)  # sentence -> names the subject
    birth_date: str = ""  # from a sentence that says "born" with a date (or a lifespan)
    dates: list[DateMention] | None = None  # every date of the text (scan_dates), scanned once
    names_mid: frozenset[str] | None = None  # see :meth:`named_mid_sentence`
    first_names: set[str] = field(default_factory=set)  # given names written before a surname
    vessels: frozenset[str] | None = None  # see :meth:`vessel_names`

    def where(self, words: frozenset[str] | set[str]) -> list[int]:
        """Positions of the words in ``words`` (a subset of the watched ones)."""
        keys = self.tokens.key
        return [i for i in self.hits if keys[i] in words]

    def named_mid_sentence(self, key: str) -> bool:
        """Whether the text writes the word ``key`` with a capital inside a sentence
        somewhere ("... moved to Paris."): then a sentence that opens with it ("Paris was
        ...") names the place too, though "paris" is also a dictionary word."""
        if self.names_mid is None:
            keys, first = self.tokens.key, {s.t0 for s in self.doc.sentences}
            text, starts = self.doc.text, self.tokens.start
            self.names_mid = frozenset(
                keys[i] for i in range(len(keys))
                if text[starts[i]].isupper() and i not in first) if self.doc.cased \
                else frozenset()
        return key in self.names_mid

    def vessel_names(self) -> frozenset[str]:
        """Keys of the ships the text names in italics after a vessel word ("the British
        bark _Columbia_"): later, written plainly ("The Columbia departed"), they still
        name the ship."""
        if self.vessels is None:
            found: set[str] = set()
            for m in _ITALIC_AFTER_WORD.finditer(self.doc.text):
                if m.group(1).lower() in _VESSELS:
                    found.update(w.lower() for w in m.group(2).split())
            self.vessels = frozenset(found - _SHIP_NAME_FILLERS)
        return self.vessels

    def capital(self, i: int) -> bool:
        """Whether word ``i`` is written with a capital (always false in lower-case texts)."""
        return self.doc.cased and self.doc.text[self.tokens.start[i]].isupper()


# A word, then a name in italics (Markdown underscores): "the schooner _Equator_".
_ITALIC_AFTER_WORD = re.compile(r"\b([A-Za-z]+)\s+_([A-Z][^_\n]{0,40})_")
_SHIP_NAME_FILLERS = frozenset({"the", "of", "de", "la", "le", "el", "san", "santa", "st"})


@dataclass(slots=True)
class _Cand:
    first: int  # tokens first..last
    last: int
    start: int  # characters in the text
    end: int
    key: str
    places: list[Candidate]
    sentence: int
    demonym: bool = False


_DATE_WORDS = frozenset({"age", "aged", "when", "year", "years", "at", "decade", "decades",
                         "month", "months"})


@cache
def _watched() -> frozenset[str]:
    """Every word some rule looks up by position (see :meth:`_Text.where`)."""
    return frozenset(_given_names() | _TITLES | _PERSON_VERBS | _PERSON_NOUNS | _FACILITY_NOUNS
                     | _DATE_WORDS | _REGNAL_NUMBERS | {"who", "born", "known", "nee"})
