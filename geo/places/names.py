"""Place names in running text: tokens, gazetteer keys, fast matching, and an English word list.

This is the extractor's interface to :mod:`geo.places.gazetteer`. Text is cut into word tokens, each
token is folded the way the gazetteer folds names (:func:`geo.places.gazetteer.normalize_name`), and
runs of tokens that form a gazetteer key are reported as :class:`Match` es:

>>> toks = tokenize("He went to St. Petersburg's port, then to Alma-Ata.")
>>> [toks.key[i] for i in range(len(toks))]
['he', 'went', 'to', 'saint', 'petersburg', 's', 'port', 'then', 'to', 'alma', 'ata']
>>> index = MemoryIndex.from_records([
...     {"id": 1, "name": "Saint Petersburg", "country": "RU", "lat": 59.94, "lon": 30.31,
...      "population": 5000000},
...     {"id": 2, "name": "Alma-Ata", "country": "KZ", "lat": 43.25, "lon": 76.91,
...      "population": 2000000}])
>>> [(m.first, m.last, m.key) for m in Matcher(index).find(toks)]
[(3, 4, 'saint petersburg'), (9, 10, 'alma ata')]

Matching is a scan of token n-grams against a set of keys: a single-token lookup per token,
and longer n-grams only after a token that starts some multi-word key. For the full gazetteer
(about a million keys) the key set is built once per gazetteer version and cached on disk
next to the gazetteer index (a ``marshal`` file of about 13 MB that loads in a fraction of a
second). An Aho-Corasick automaton (``pyahocorasick``, the optional ``extract`` extra) finds the
same matches; it is cached as a pickle too, but it is larger and slower to load than the key
set, so it is used only on request (``use_automaton=True``); ``bench/bench_extract.py``
measures both.

Ordinary English words come from the ``english-words`` package (Webster's second edition
list, ``web2``): its lower-case entries are common nouns, verbs and adjectives, its capitalised
entries proper nouns and demonyms. :func:`common_words` and :func:`proper_words` load them (and
cache them on disk, as loading the package takes most of a second).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from geo._io import write_bytes_atomic
from geo.errors import MissingDependency
from geo.places.gazetteer import (
    MATCH_ALTERNATE,
    MATCH_DAMAGED,
    Candidate,
    Gazetteer,
    cache_dir,
    compact_key,
    get_gazetteer,
    name_keys,
    normalize_name,
)

__all__ = [
    "GazetteerIndex",
    "Match",
    "Matcher",
    "MemoryIndex",
    "PlaceIndex",
    "Tokens",
    "common_words",
    "default_index",
    "proper_words",
    "tokenize",
]

#: Bump when the cached key files change layout or the key filter changes.
_CACHE_FORMAT = "2"
#: Longest key, in words, that the matcher looks for: longer names are institutions and
#: descriptions in GeoNames' alternate names, not names a biography writes.
MAX_KEY_WORDS = 6

def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that never start or make up a place name in running prose. GeoNames' alternate names
# and the damaged-letter keys turn many of them into keys ("and" is a damaged "Andé"); leaving
# them out of the matcher saves work on every text and can lose no real place.
STOPWORDS = _word_set("""a an and are as at be been being but by did do does for from had has
have he her hers him his i if in into is it its me my no nor not of off on onto or our ours
she so than that the their them then there these they this those to too up us was we were
what when where which while who whom whose why will with would you your also only very just
out over under about after before again against all any both each few more most other
some such own same can could should may might must shall""")

# "St." and friends are spelled out by the gazetteer when another word follows.
_PREFIX_WORDS = {"st": "saint", "sankt": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
                 "pt": "port"}
_PREFIX_EXPANDED = frozenset(_PREFIX_WORDS.values()) | frozenset(_PREFIX_WORDS)
# A word: letters (any script), digits, and apostrophes inside a word ("Podol'sk", "O'Hare");
# a possessive "'s" is left out of the word (and becomes a word "s" of its own).
# Possessive quantifiers (Python 3.11): the same words, as nothing after a run of letters
# could make it give any back, but the engine keeps no backtracking points (15% faster).
_WORD = re.compile(r"(\w++(?:['’](?![sS]\b)\w++)*+)")
# What may stand between two words of one name: spaces, one hyphen or dash, an abbreviation's
# full stop ("St. Gallen"). A comma, a bracket or a line break ends the name.
_JOIN = re.compile(r"\.? ?[-–]? ?| ")


# -- tokens -------------------------------------------------------------------------------
@dataclass(slots=True)
class Tokens:
    """The words of a text: spans in the text and lookup keys.

    Attributes
    ----------
    text : str
        The text.
    start, end : list of int
        Character span of each word in the text.
    key : list of str
        The word as the gazetteer folds it (lower case, no accents), ``""`` for a word in
        another script; "St" before another word of a name becomes "saint".
    """

    text: str
    start: list[int]
    end: list[int]
    key: list[str]

    def __len__(self) -> int:
        return len(self.key)

    def joined(self, i: int) -> bool:
        """Whether words ``i`` and ``i + 1`` may belong to one name: only a space, a hyphen
        or an abbreviation's full stop stands between them."""
        if i + 1 >= len(self.key):
            return False
        gap = self.text[self.end[i]:self.start[i + 1]]
        return len(gap) <= 3 and bool(_JOIN.fullmatch(gap)) and (
            gap[:1] != "." or self.key[i] in _PREFIX_EXPANDED)


_FOLDED: dict[str, str] = {}


def _fold_word(word: str) -> str:
    if word.isascii() and word.isalnum():
        key = word.lower()  # what normalize_name gives a plain ASCII word, 50x faster
    else:
        key = normalize_name(word)
        # A word in another script folds to non-ASCII; it can be no key and ends any name.
        key = key if key.isascii() and " " not in key else ""
    if len(_FOLDED) < 200_000:
        _FOLDED[word] = key
    return key


def tokenize(text: str) -> Tokens:
    """Cut ``text`` into words (see :class:`Tokens`).

    >>> t = tokenize("Kamenets-Podol’sk, Vienna's  Hønefoss")
    >>> t.key, [t.joined(i) for i in range(len(t))]
    (['kamenets', 'podolsk', 'vienna', 's', 'honefoss'], [True, False, False, True, False])
    >>> t.start[2], t.end[2]
    (19, 25)
    """
    # Splitting (words at odd places) and summing lengths runs in C; a loop over match
    # objects would cost twice as much.
    parts = _WORD.split(text)
    bounds = list(accumulate(map(len, parts)))
    words = parts[1::2]
    starts = bounds[0::2][:len(words)]
    ends = bounds[1::2]
    keys = list(map(_FOLDED.get, words))  # None for a word not folded before
    if None in keys:
        get = _FOLDED.get
        for i in [i for i, k in enumerate(keys) if k is None]:
            key = get(words[i])  # folded at its first occurrence in this text
            keys[i] = _fold_word(words[i]) if key is None else key
    toks = Tokens(text, starts, ends, keys)
    # "St." is "saint" only inside a name, as the gazetteer spells it out. (Whether a word
    # joins the next does not depend on this spelling, so the order of the changes is free.)
    present = _PREFIX_WORDS.keys() & set(keys)
    for word in present:
        for i in _positions(keys, word):
            if toks.joined(i):
                keys[i] = _PREFIX_WORDS[word]
    return toks


def _positions(words: list[str], word: str) -> list[int]:
    """Every index of ``word`` in ``words`` (searched in C, not by a loop over the words)."""
    out = []
    i = -1
    with contextlib.suppress(ValueError):
        while True:
            i = words.index(word, i + 1)
            out.append(i)
    return out


# -- indexes ------------------------------------------------------------------------------
class PlaceIndex:
    """What the extractor needs from a gazetteer: its keys and the candidates of a key.

    Subclasses: :class:`GazetteerIndex` (the real one) and :class:`MemoryIndex` (small,
    in-memory, for tests and examples).
    """

    #: Identifies the key set, so a built matcher can be cached (on disk for the real one).
    version: str = ""

    def keys(self) -> Iterable[str]:  # pragma: no cover - interface
        """Every lookup key (normalised names)."""
        raise NotImplementedError

    def candidates(self, key: str) -> list[Candidate]:  # pragma: no cover - interface
        """The places a key may stand for (empty when unknown)."""
        raise NotImplementedError

    def country_names(self) -> dict[str, str]:
        """ISO code -> country name (for readable output)."""
        return {}


class GazetteerIndex(PlaceIndex):
    """The project gazetteer (:mod:`geo.places.gazetteer`) seen as a :class:`PlaceIndex`."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else get_gazetteer()
        self.version = self.gazetteer.version

    def keys(self) -> Iterator[str]:
        """Every key of the gazetteer (sorted)."""
        return self.gazetteer.iter_keys()

    def candidates(self, key: str) -> list[Candidate]:
        """Candidates of an already normalised key."""
        return self.gazetteer.candidates_for_key(key)

    def country_names(self) -> dict[str, str]:
        """ISO code -> country name, as GeoNames spells it."""
        return self.gazetteer.country_names()

    @property
    def cache_folder(self) -> Path:
        """Where the matcher's files are cached: next to the gazetteer index."""
        return self.gazetteer.path.parent


_DEFAULT_INDEX: GazetteerIndex | None = None


def default_index() -> GazetteerIndex:
    """The process-wide :class:`GazetteerIndex` over the project gazetteer."""
    global _DEFAULT_INDEX
    gaz = get_gazetteer()
    if _DEFAULT_INDEX is None or _DEFAULT_INDEX.gazetteer is not gaz:
        _DEFAULT_INDEX = GazetteerIndex(gaz)
    return _DEFAULT_INDEX


class MemoryIndex(PlaceIndex):
    """A small in-memory gazetteer built from records, keyed like the real one.

    Examples
    --------
    >>> idx = MemoryIndex.from_records([
    ...     {"id": 1, "name": "Coyoacán", "country": "MX", "lat": 19.35, "lon": -99.16,
    ...      "population": 600000}])
    >>> sorted(idx.keys())
    ['coyoacan', 'coyoacn']
    >>> c = idx.candidates("coyoacn")[0]
    >>> c.name, c.is_damaged, idx.candidates("nowhere")
    ('Coyoacán', True, [])
    """

    def __init__(self, entries: dict[str, list[Candidate]], version: str) -> None:
        self._entries = entries
        self.version = version

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> MemoryIndex:
        """Build from dicts with ``name``, ``country``, ``lat``, ``lon`` and optional
        ``alternatenames``, ``population``, ``feature`` (default ``city``), ``id``,
        ``modern_name``, ``source``, ``valid_from``, ``valid_to``."""
        entries: dict[str, list[Candidate]] = {}
        digest = hashlib.sha1()
        for rec in records:
            digest.update(repr(sorted(rec.items())).encode())
            feature = rec.get("feature", "city")
            gid = rec.get("id")
            source = rec.get("source") or (f"geonames:{gid}" if gid else
                                           f"alias:{normalize_name(rec['name'])}")
            names = [(rec["name"], 0)] + [(a, MATCH_ALTERNATE)
                                          for a in rec.get("alternatenames", ())]
            seen: dict[str, int] = {}
            for name, kind in names:
                plain = normalize_name(name)
                for key in name_keys(name):
                    # Keys other than the name's own (and its spaceless form) are the
                    # letter-damaged ones.
                    damaged = key not in (plain, compact_key(plain))
                    flags = kind | (MATCH_DAMAGED if damaged else 0)
                    if key not in seen or flags < seen[key]:
                        seen[key] = flags
            for key, match in seen.items():
                entries.setdefault(key, []).append(Candidate(
                    name=rec["name"], modern_name=rec.get("modern_name") or rec["name"],
                    lat=float(rec["lat"]), lon=float(rec["lon"]),
                    country=rec.get("country", ""), population=int(rec.get("population") or 0),
                    feature=feature, geonameid=gid, source=source,
                    valid_from=rec.get("valid_from"), valid_to=rec.get("valid_to"),
                    admin1=rec.get("admin1", ""), match=match,
                    alias="" if gid else normalize_name(rec["name"]),
                    alt_names=len(rec.get("alternatenames", ())) if gid else -1))
        return cls(entries, "memory-" + digest.hexdigest()[:12])

    def keys(self) -> Iterable[str]:
        """Every key."""
        return self._entries.keys()

    def candidates(self, key: str) -> list[Candidate]:
        """Candidates of a key."""
        return list(self._entries.get(key, ()))


# -- matching -----------------------------------------------------------------------------
class Match(NamedTuple):
    """Tokens ``first..last`` (inclusive) of a text spell the gazetteer key ``key``."""

    # A named tuple, not a dataclass: a text yields thousands, and tuples are cheap to make.
    first: int
    last: int
    key: str


def _usable(key: str) -> bool:
    # Two-letter keys are codes and syllables ("la", "ny"); stopwords are grammar.
    return (len(key) >= 3 and key.count(" ") < MAX_KEY_WORDS and key not in STOPWORDS
            and key.isascii())


def _key_tables(keys: Iterable[str]) -> tuple[list[str], dict[str, int]]:
    """Usable keys, and for the first two words of each multi-word key the longest such key.

    A scan extends a run of words only when its first two words start some key: most
    words start a key somewhere in GeoNames ("de ...", "the ..."), far fewer word pairs do.
    """
    kept: list[str] = []
    heads: dict[str, int] = {}
    for key in keys:
        if not _usable(key):
            continue
        kept.append(key)
        if " " in key:
            words = key.split(" ")
            pair = words[0] + " " + words[1]
            if len(words) > heads.get(pair, 1):
                heads[pair] = len(words)
    return kept, heads


def _cache_file(index: PlaceIndex, kind: str, suffix: str) -> Path | None:
    folder = getattr(index, "cache_folder", None)
    if folder is None:
        return None
    return Path(folder) / f"extract-{kind}-v{_CACHE_FORMAT}-{index.version}.{suffix}"


def _load_key_tables(index: PlaceIndex) -> tuple[list[str], dict[str, int]]:
    path = _cache_file(index, "keys", "marshal")
    if path is not None and path.exists():
        try:
            kept, heads = marshal.loads(path.read_bytes())
            return kept, heads
        except (OSError, ValueError, EOFError, TypeError):
            pass  # a damaged cache is rebuilt, not trusted
    kept, heads = _key_tables(index.keys())
    if path is not None:
        # A read-only cache folder only costs speed.
        with contextlib.suppress(OSError):
            write_bytes_atomic(path, marshal.dumps((kept, heads)))
            for stale in path.parent.glob("extract-keys-*.marshal"):
                if stale != path:
                    stale.unlink(missing_ok=True)
    return kept, heads


class Matcher:
    """Find every gazetteer key in a text's tokens.

    Parameters
    ----------
    index : PlaceIndex
        The keys to find.
    use_automaton : bool or None
        ``True``: match with a pyahocorasick automaton (built once, cached on disk next to the
        gazetteer index); ``False`` or ``None`` (default): the token n-gram scan, which needs
        no extra package, loads faster and finds exactly the same matches.

    Examples
    --------
    >>> idx = MemoryIndex.from_records([
    ...     {"id": 1, "name": "New York City", "alternatenames": ["New York"], "country": "US",
    ...      "lat": 40.7, "lon": -74.0}, {"id": 2, "name": "York", "country": "GB",
    ...      "lat": 53.9, "lon": -1.1}])
    >>> toks = tokenize("From New York City to York; Yorkshire.")
    >>> [(m.first, m.last, m.key) for m in Matcher(idx).find(toks)]
    [(1, 2, 'new york'), (1, 3, 'new york city'), (2, 2, 'york'), (5, 5, 'york')]
    """

    def __init__(self, index: PlaceIndex, use_automaton: bool | None = None) -> None:
        self.keys, self._heads = _load_key_tables(index)
        self._set = frozenset(self.keys)
        self._firsts = frozenset(pair.split(" ", 1)[0] for pair in self._heads)
        #: Keys a caller found can never be a place (an ordinary word naming only hamlets);
        #: ``find`` skips them, which saves most of the work on lower-case text.
        self.dead: set[str] = set()
        self._automaton = None
        if use_automaton:
            self._automaton = _load_automaton(index, self.keys)

    @property
    def uses_automaton(self) -> bool:
        """Whether matching runs on the Aho-Corasick automaton."""
        return self._automaton is not None

    def find(self, tokens: Tokens) -> list[Match]:
        """Every key occurrence (overlaps included), sorted by first then last token."""
        if self._automaton is not None:
            return self._find_automaton(tokens)
        keys = tokens.key
        joined = tokens.joined
        known = self._set
        heads = self._heads
        n = len(keys)
        # Comprehensions, not one loop with appends: this runs over every word of a text.
        # The text's own words that are live keys, looked up once each; matches made with
        # tuple.__new__, as Match(...) goes through a Python-level __new__.
        hit = known.intersection(keys)
        hit -= self.dead
        new = tuple.__new__
        out = [new(Match, (i, i, k)) for i, k in enumerate(keys) if k in hit]
        firsts = self._firsts
        # Word pairs that start a multi-word key, found in one comprehension.
        pairs = [i for i, a, b in zip(range(n), keys, keys[1:], strict=False)
                 if a in firsts and a + " " + b in heads]
        for i in pairs:
            if not (keys[i + 1] and joined(i)):
                continue
            piece = keys[i] + " " + keys[i + 1]
            longest = heads[piece]
            if piece in known:
                out.append(Match(i, i + 1, piece))
            j = i + 1
            while j + 1 < n and j - i + 1 < longest and keys[j + 1] and joined(j):
                j += 1
                piece = piece + " " + keys[j]
                if piece in known:
                    out.append(Match(i, j, piece))
        # No two matches share first and last word, so plain tuple order is (first, last).
        out.sort()
        return out

    def _find_automaton(self, tokens: Tokens) -> list[Match]:
        # Names never cross a break between tokens: each joined run is scanned on its own.
        out: list[Match] = []
        keys = tokens.key
        n = len(keys)
        i = 0
        automaton = self._automaton
        assert automaton is not None
        while i < n:
            j = i
            while j + 1 < n and keys[j + 1] and keys[j] and tokens.joined(j):
                j += 1
            if keys[i]:
                run = keys[i:j + 1]
                text = " " + " ".join(run) + " "
                # Character offset of each word start -> word number.
                starts: dict[int, int] = {}
                pos = 1
                for w, word in enumerate(run):
                    starts[pos] = w
                    pos += len(word) + 1
                for end, length in automaton.iter(text):
                    a = end - length + 2  # first letter of the key
                    first = starts[a]
                    last = first + text[a:end].count(" ")
                    out.append(Match(i + first, i + last, text[a:end]))
            i = j + 1
        out.sort(key=lambda m: (m.first, m.last))
        return out


def _load_automaton(index: PlaceIndex, keys: list[str]):  # type: ignore[no-untyped-def]
    try:
        import ahocorasick
    except ImportError:
        raise MissingDependency("matching with an automaton needs pyahocorasick: "
                                "pip install 'geostory[extract]'") from None
    path = _cache_file(index, "automaton", "pickle")
    if path is not None and path.exists():
        try:
            with open(path, "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError):
            pass
    automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
    for key in keys:
        # Padded with spaces so that every match is a whole-word match.
        automaton.add_word(f" {key} ")
    automaton.make_automaton()
    if path is not None:
        with contextlib.suppress(OSError):
            write_bytes_atomic(path, pickle.dumps(automaton, protocol=pickle.HIGHEST_PROTOCOL))
            for stale in path.parent.glob("extract-automaton-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)
    return automaton


# -- English words --------------------------------------------------------------------------
def _english_words() -> tuple[frozenset[str], frozenset[str]]:
    try:
        from importlib import metadata

        version = metadata.version("english-words")
    except Exception:
        version = None
    if version is None:
        raise MissingDependency("telling places from ordinary words needs the english-words "
                                "package: pip install english-words (or 'geostory[extract]')")
    path = cache_dir() / f"extract-words-v{_CACHE_FORMAT}-{version}.marshal"
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError):
        lower, proper = marshal.loads(path.read_bytes())
        return frozenset(lower), frozenset(proper)
    try:
        from english_words import get_english_words_set
    except ImportError:
        raise MissingDependency("telling places from ordinary words needs the english-words "
                                "package: pip install english-words (or 'geostory[extract]')"
                                ) from None
    words = get_english_words_set(["web2"], lower=False, alpha=True)
    lower = sorted(w for w in words if w.islower())
    proper = sorted(w.lower() for w in words if w[:1].isupper())
    with contextlib.suppress(OSError):
        os.makedirs(path.parent, exist_ok=True)
        write_bytes_atomic(path, marshal.dumps((lower, proper)))
    return frozenset(lower), frozenset(proper)


@cache
def _word_sets() -> tuple[frozenset[str], frozenset[str]]:
    return _english_words()


def common_words() -> frozenset[str]:
    """Lower-case English words (nouns, verbs, adjectives) from ``english-words``' web2 list.

    Raises
    ------
    MissingDependency
        When the ``english-words`` package is not installed.

    >>> {"nice", "reading", "march"} <= common_words(), "vienna" in common_words()
    (True, False)
    """
    return _word_sets()[0]


def proper_words() -> frozenset[str]:
    """Words the web2 list spells with a capital (proper nouns, demonyms), lower-cased.

    >>> {"german", "caucasian", "david"} <= proper_words()
    True
    """
    return _word_sets()[1]
