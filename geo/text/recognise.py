"""Recognition: which gazetteer matches are place names here."""

from __future__ import annotations

import re

from geo.places.gazetteer import Candidate
from geo.places.names import (
    Match,
    PlaceIndex,
)
from geo.text.analysis import _Cand, _Text
from geo.text.geography import _AREA_FEATURES
from geo.text.lexicon import (
    _DEMONYM_ENDINGS,
    _FACILITY_NOUNS,
    _LANGUAGES,
    _MODIFIER_NOUNS,
    _MONTHS_AND_DAYS,
    _NAMING_GAP,
    _NAMING_WORDS,
    _ORGANISATION_NOUNS,
    _PLACE_OF,
    _POLITIES,
    _PREPS,
    _SMALL,
    _STOP_WORDS,
    _STREET_WORDS,
    _SURROUNDINGS,
    _TITLES,
    INSTITUTION_CITY_MIN_POPULATION,
    _cue_of,
    _given_names,
    _is_common,
    _words,
)


# -- recognition --------------------------------------------------------------------------
def _choose_spans(matches: list[Match]) -> list[Match]:
    """Leftmost-longest non-overlapping matches."""
    out: list[Match] = []
    last = -1
    for m in sorted(matches, key=lambda m: (m.first, -m.last)):
        if m.first > last:
            out.append(m)
            last = m.last
    return out


def _demonym_places(word: str, index: PlaceIndex) -> list[Candidate]:
    """Countries and regions a demonym names: "caucasian" -> the Caucasus."""
    for ending, stems in _DEMONYM_ENDINGS:
        if not word.endswith(ending) or len(word) < len(ending) + 3:
            continue
        root = word[: -len(ending)]
        for stem in stems:
            found = [c for c in index.candidates(root + stem)
                     if c.feature in ("country", "region") and not c.is_damaged]
            if found:
                return found
    return []


def _never_a_place(key: str, places: list[Candidate]) -> bool:
    """An ordinary word whose places are all hamlets ("party", "army"): :func:`_keep`
    rejects it in any text, cased or not, so the scan may skip it from now on."""
    return _is_common(key) and not any(
        p.feature in _AREA_FEATURES or p.alias or p.population >= 20000 for p in places)


_UNCOUNTED = _MONTHS_AND_DAYS | {"the", "a", "an", "on"}
_STRONG_PREPS = _PREPS - {"from", "of"}


def _initials_after(info: _Text, b: int) -> bool:
    """Whether initials follow word ``b``: "Washington D.C.", "Albany, N.Y." (a state's
    abbreviation, not the rest of a longer name).

    """
    tokens, text = info.tokens, info.doc.text
    n = len(tokens.key)
    k = b + 1
    while k < n and len(tokens.key[k]) == 1 and text[tokens.end[k]:tokens.end[k] + 1] == ".":
        k += 1
    return k - (b + 1) >= 2


def _in_italics(info: _Text, c: _Cand) -> bool:
    """Whether the name stands inside an italic span of its sentence (``_..._`` in these
    texts): the title of a book, a newspaper or a film ("_History of Cooking in America_",
    "_The Kobe Chronicle_"), or a ship's name, not a place the subject was."""
    s = info.doc.sentences[c.sentence]
    text = info.doc.text
    opened = text.count("_", s.start, c.start) % 2 == 1  # "..._History of X in America_"
    if text.startswith("_", c.start):
        opened = not opened  # the name opens the span ("_Kobe Chronicle_")
    return opened and "_" in text[c.start + 1:s.end]


# A span in quotes, opened after a space or a bracket and closed before a space or a mark.
_QUOTED = re.compile(r"(?:^|(?<=[\s(\[]))['\"“‘]([^'\"“”‘’\n]{3,120}?)['\"”’](?=[\s,.;:)!?]|$)")


# Words a title leaves in lower case ("Travels on the Amazon", "A Journey to the West").
_TITLE_SMALL = _SMALL | _words("a an and or in to for from with at by into as")


def _in_quoted_title(info: _Text, c: _Cand) -> bool:
    """Whether the name stands inside a title in quotes ("his book 'Travels on the Amazon'",
    "the poem "Evening in Paris""): two to twelve words, every one of them capitalised but
    the small ones, not ending in a full stop, as titles are written and speech is not."""
    s = info.doc.sentences[c.sentence]
    text = info.doc.text
    for m in _QUOTED.finditer(text, s.start, s.end):
        if m.start(1) <= c.start and c.end <= m.end(1):
            inner = m.group(1).rstrip()
            words = inner.split()
            return 2 <= len(words) <= 12 and not inner.endswith((".", "!", "?", ",")) and all(
                w[:1].isupper() or w[:1].isdigit() or w.lower() in _TITLE_SMALL for w in words)
    return False


def _state_institution(keys: list[str], b: int) -> bool:
    """Whether "State University" (or College...) follows word ``b``: "Moscow State
    University" is in Moscow, "Ohio State University" in Ohio."""
    return b + 2 < len(keys) and keys[b + 1] == "state" and keys[b + 2] in _ORGANISATION_NOUNS


# "the Point Pedro port", "the Jaffna harbour": a part of the town after its name, as in
# "the port of X" (not a state named after it: "the Weimar Republic").
_NOUNS_OF_A_TOWN = _PLACE_OF - _POLITIES


# Verbs and nouns of a message before "to <person>": "wrote back to X", "a letter to X".
_MESSAGE_WORDS = _words("""wrote write writes writing replied reply replies sent letter
letters appealed complained reported spoke talked""")


def _addressed(keys: list[str], to: int) -> bool:
    """Whether the "to" at word ``to`` follows a message word ("wrote back to", "sent by
    Wallace to", "a letter to"), a few words apart."""
    return any(w in _MESSAGE_WORDS for w in keys[max(0, to - 4):to])


def _named_so(keys: list[str], a: int) -> bool:
    """Whether a naming word stands just before word ``a`` ("changed his surname first to
    X", "under the pseudonym X"), a few linking words apart."""
    j = a - 1
    while j >= max(0, a - 5) and keys[j] in _NAMING_GAP:
        j -= 1
    return j >= 0 and keys[j] in _NAMING_WORDS


def _keep(info: _Text, c: _Cand, listed_after: int = -1) -> str:
    """Why this match is no place here (a word, a person, a street); ``""`` when it is one.

    ``listed_after`` is the word after the last place kept in the sentence (-1 for none):
    a name listed right after it shares its context.
    """
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    a, b = c.first, c.last
    key = c.key
    single = a == b
    given = _given_names()
    before = keys[max(0, a - 5):a]
    prev = before[-1] if before else ""
    nxt = keys[b + 1] if b + 1 < len(keys) else ""
    if key in info.subject or (single and key == info.main):
        return "the subject's own name"
    if _in_italics(info, c):
        return "in the title of a work or a ship's name (italics)"
    if doc.cased and _in_quoted_title(info, c):
        return "in the title of a work (in quotes)"
    # A preposition right before, and a cue a few words before it ("left turkey for paris",
    # "sent to the southern front"), dates left out ("born on 12 February 1911 in X").
    j = a - 1
    while j > a - 7 and j >= 0 and (keys[j] in _UNCOUNTED or keys[j].isdigit()):
        j -= 1
    strong = False
    if j >= 0 and keys[j] in _STRONG_PREPS:
        bare = [w for w in keys[max(0, a - 10):a] if w not in _UNCOUNTED
                and not w.isdigit()][-5:]
        strong = len(bare) >= 2 and any(_cue_of(w) for w in bare[:-1])
    # A name listed after a place kept just before it ("in madrid, barcelona and paris").
    listed = listed_after >= 0 and all(w in (",", "and", "or") for w in keys[listed_after:a])
    common = single and _is_common(key)
    s0 = doc.sentences[c.sentence].t0
    if common and (not doc.cased or a == s0):
        # An ordinary word that is only one of GeoNames' many alternate names of a place
        # ("name" for Namur) is the word; a capital in mid-sentence makes it a name
        # ("Privatdozent in Berne").
        c.places = [p for p in c.places if not p.is_alternate or p.alias]
        if not c.places:
            return "an ordinary word"
    strong = strong or listed
    if common and not doc.cased and not strong and not any(
            p.feature in _AREA_FEATURES for p in c.places):
        return "an ordinary word"  # most words of a lower-case text: decided before anything else
    # Over every candidate of the name (often hundreds): computed only where a rule asks.
    def big() -> bool:
        return any(p.feature in _AREA_FEATURES for p in c.places)

    def best_pop() -> int:
        return max((p.population for p in c.places), default=0)

    if single and key in _MONTHS_AND_DAYS:
        return "a month or a day"  # "March 1919", "in June": a date, not March or June the town
    # "Via Appia" is a street; "returned via Hispaniola" the preposition (lower case).
    via_street = prev == "via" and doc.cased and info.capital(a - 1)
    if (prev in _STREET_WORDS and (prev != "via" or via_street)) or nxt in _STREET_WORDS:
        return "part of a street name"  # "Avenida Viena", "Vienna Street": a street, not the city
    if prev.endswith(("ovich", "evich", "ovna", "evna")):
        return "part of a person's name"  # a patronymic, then the surname
    # "the harbor", "the camp": words, not the places named so; but a curated name or a big
    # city after a cue ("sent to the southern front", "moved to new york city") is meant.
    if not doc.cased and not single and all(_is_common(w) or w in _STOP_WORDS
                                            for w in key.split()) and \
            not (strong and (any(p.alias for p in c.places) or best_pop() >= 100000)):
        return "an ordinary word"
    if doc.cased:
        surface = text[c.start:c.end]
        capital = info.capital
        if (not capital(a) or not all(
                capital(i) or keys[i] in _SMALL or keys[i].isdigit() for i in range(a, b + 1))) \
                and not any(p.name == surface for p in c.places):  # "rural Finland" as named
            return "not capitalised"
        s = doc.sentences[c.sentence]
        at_start = a == s.t0 or (a == s.t0 + 1 and keys[s.t0] in ("the", "a", "an"))
        if common and (at_start or (not big() and best_pop() < 20000)) and not (
                at_start and info.named_mid_sentence(key)):
            return "an ordinary word"
        # "near the Thames": a town's name after "the" names something else (a river),
        # unless the place is called so ("the Hague", "the Urals", "the Netherlands").
        if prev == "the" and nxt not in _SURROUNDINGS and nxt not in _NOUNS_OF_A_TOWN and not (
                b + 1 < len(keys) and capital(b + 1) and info.tokens.joined(b)) and not any(
                p.name.lower().startswith("the ") or p.alias or p.feature in _AREA_FEATURES
                for p in c.places):
            # ("the Zimmerwald Conference" names the town's event: kept)
            return "'the' before a town's name: something else"
        # The head of a longer name ("University of Warsaw", "Duke of York")?
        if common and nxt == "of" and b + 2 < len(keys) and capital(b + 2):
            return "head of a longer name"
        # Part of a longer capitalised name ("Kievskaya Mysl", "Kherson Province")?
        if single and nxt in _ORGANISATION_NOUNS and info.tokens.joined(b) and \
                best_pop() < INSTITUTION_CITY_MIN_POPULATION:
            return "part of an organisation name"  # "Harvard University", "Somerville College"
        if single and b + 1 < len(keys) and info.capital(b + 1) and \
                info.tokens.joined(b) and nxt not in _STOP_WORDS | info.subject and \
                not _initials_after(info, b) and not _state_institution(keys, b) and \
                (common or (nxt not in _MODIFIER_NOUNS and nxt not in _FACILITY_NOUNS)):
            return "part of a longer name"  # ("the Zimmerwald Conference" is a place's event; "the
            # Imperial University" an adjective's institution)
        # Inside a longer capitalised name ("South Russian Workers' Union", "African
        # Methodist Episcopal Zion Church")?
        inside = a > 0 and capital(a - 1) and not at_start and prev not in _STOP_WORDS and \
            info.tokens.joined(a - 1)
        if inside and (common or (single and nxt in _ORGANISATION_NOUNS | _FACILITY_NOUNS
                                  and b + 1 < len(keys) and capital(b + 1)
                                  and info.tokens.joined(b))):
            return "inside a longer name"
    else:
        # In lowercase text an ordinary word needs a destination cue and a real city.
        if common and not big() and (best_pop() < 100000 or not strong) and not (
                best_pop() >= 1000000 and prev in _PREPS):
            return "an ordinary word"
        # "kievskaya mysl": a word that is no English word, right before another such word,
        # is part of a longer name (cased text shows this by capitals).
        if single and nxt and info.tokens.joined(b) and not _is_common(nxt) and \
                nxt not in _STOP_WORDS and nxt not in info.subject and nxt not in given and \
                not nxt.isdigit() and not _cue_of(nxt):
            return "part of a longer name"
    # Persons: given name or title before it, a person elsewhere.
    if prev in given and single and info.tokens.joined(a - 1):
        return "part of a person's name"
    if prev in _TITLES:
        return "a title before it: a person"
    if single and key in _LANGUAGES and nxt != ",":
        return "a language or nationality word"  # "an English school", not English, Indiana
    if _named_so(keys, a):
        return "a name given to someone, not a place"
    if single and key in given and nxt:
        if doc.cased:
            if b + 1 < len(keys) and info.capital(b + 1) and info.tokens.joined(b):
                return "part of a person's name"
        elif nxt not in _STOP_WORDS and not _is_common(nxt):
            return "part of a person's name"
    # A word that names a person elsewhere is a place only after a cue, as a real city.
    if single and key in info.persons and (not strong or best_pop() < 100000):
        return "a person's name elsewhere in the text"
    if single and key in info.persons and prev == "to" and _addressed(keys, a - 1):
        return "a person written or sent to"  # "Wallace wrote back to Darwin"
    if single and key in info.first_names and (not strong or best_pop() < 100000):
        return "a person's first name elsewhere in the text"
    return ""
