"""Biography text -> draft itinerary: where the person was, and when.

``python -m geo extract bio.txt -o draft.csv`` runs :func:`extract_file` and writes the draft
in the ``data/places.csv`` schema plus ``mention``, ``char_start``, ``char_end`` and
``confidence``, ready to review in a spreadsheet and to render.

>>> from geo._placenames import PlaceIndex
>>> index = PlaceIndex.from_records([
...     {"id": 1, "name": "Lyon", "alternatenames": [], "country": "FR", "lat": 45.75,
...      "lon": 4.85, "population": 500000},
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
   split even where the text lost the space after a full stop. Reference sections
   (notes, bibliography, external links) are skipped.
2. **Recognition.** Every gazetteer key is matched in the folded text (see
   :mod:`geo._placenames`); a match is kept when it looks like a place here: capitalised in
   cased text, not an ordinary English word unless the context makes it a destination, not
   part of a person's name (given name before it, title before it, the subject's own name,
   a name that acts as a person elsewhere in the text).
3. **Visit or mention.** A kept place is a visit when a cue puts the subject there ("moved
   to", "exiled to", "escaped from", "born in", "where he", "while in"), the clause is about
   the subject (his name or pronoun, not someone else's), and nothing negates it ("was not
   allowed to visit", "denied a visa to enter"). Places used as modifiers ("the Moscow
   trials", "London-based", "Treaty of X") are mentions.
4. **Dates and stops.** A visit takes the nearest date of its sentence, else the running
   narrative date, else its heading's first year. Visits are ordered by year, then by
   narrative; repeated visits of one stay merge, a stay ends when the next one starts, and a
   country-level stop next to a city stop in that country folds into it.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pandas as pd

from geo._io import write_text_atomic
from geo._placenames import Match, Matcher, Place, PlaceIndex, fold_with_offsets
from geo.dates import parse_date
from geo.errors import GeoError
from geo.itinerary import COLUMNS, DRAFT_COLUMNS, Itinerary
from geo.textdates import DateMention, find_dates, heading_years

__all__ = [
    "Draft",
    "Stop",
    "Visit",
    "extract",
    "extract_file",
    "read_text",
    "write_draft",
]

_DATA = Path(__file__).with_name("data")


class ExtractError(GeoError, ValueError):
    """Raised when a biography file cannot be read (missing, empty, not UTF-8)."""


# -- word lists ---------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


@cache
def _word_list(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (_DATA / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for w in line.split():
            words.add(w.lower())
    return frozenset(words)


def _common_words() -> frozenset[str]:
    return _word_list("common_words.txt")


@cache
def _given_names() -> frozenset[str]:
    from geo._placenames import damage, fold

    names = set()
    for n in _word_list("given_names.txt"):
        names.add(fold(n))
        names.add(damage(n))
    return frozenset(names)


# Words that make the next capitalised name a person ("General Krasnov", "President X").
_TITLES = _words("""mr mrs ms miss dr doctor sir lord lady madame monsieur herr frau general
gen colonel col captain capt lieutenant lt major admiral marshal sergeant president premier
prime chancellor minister secretary commissar comrade tsar czar king queen prince princess
emperor empress duke duchess count countess baron father mother brother sister pope bishop
cardinal rabbi imam professor prof judge senator representative governor mayor painter poet
writer novelist composer architect sculptor journalist philosopher historian agent saint st""")
# Verbs whose subject is a person: "X wrote", "X argued" mark X as a person.
_PERSON_VERBS = _words("""said says wrote writes argued argues decided agreed proposed refused
insisted believed thought claimed asked told replied noted explained recalled complained feared
hoped wanted demanded ordered voted sided urged died married resigned suggested admitted denied
accused criticized criticised praised invited""")
# Nouns after "X's" that make X a person ("Lenin's wife").
_PERSON_NOUNS = _words("""wife husband son sons daughter daughters father mother brother sister
widow children family friend friends supporters followers deputy successor heir testament
illness death funeral assassination murder biography autobiography memoirs book books mistakes
letter proposal position faction supporters opposition views ideas""")
# Nouns after a place name that make it a modifier, not a destination ("the Moscow trials").
_MODIFIER_NOUNS = _words("""trial trials treaty treaties soviet soviets party parties committee
committees government governments press newspaper newspapers paper papers based gazette times
post herald journal review organization organisation organizations organisations uprising
rebellion revolt commune accords accord agreement declaration protocol university museum
archive archives academy opera ballet symphony orchestra club bloc faction group groups school
style period front conference congress convention council institute society union workers
province oblast governorate gubernia region county district canton department prefecture
voivodeship coast""")
# Nouns before "of X" that keep X a place ("the island of X", "the port of X").
_PLACE_OF = _words("""kingdom republic empire way outskirts island port city town village
suburb area district region province state capital harbour harbor coast centre center streets
neighbourhood neighborhood hills environs""")
# Nouns that, right before "in X", say who or what was at X: not the subject.
_OTHER_ACTORS = _words("""jailer jailers guard guards agent agents officer officers officials
troops soldiers forces army armies fleet sailors workers strikers supporters followers
leaders delegates members newspaper newspapers paper papers press printers rebels rebellion
uprising revolt strike strikes trial trials massacre battle war riots""")
_MONTHS_AND_DAYS = _words("""january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""")
_STREET_WORDS = _words("""street st avenue ave avenida boulevard blvd road rd lane square
platz strasse stra rue calle via viale corso prospekt ulitsa""")
_FACILITY_NOUNS = _words("""prison jail gaol camp hospital school university college house
home apartment villa estate farm consulate embassy hotel station port harbour harbor
conference congress""")
_STOP_WORDS = _words("""over under about against between through across along around behind
beyond without within upon toward towards whose which who whom what because although though
once soon again also already still just only even first later together shortly until till
where whereas whether if than via per
a an the of in on at to from for by with and or but as into onto via
near his her their its this that these those he she they it i we you him them was were is are
be been being had has have do did not no so then there here where when while after before
during until since""")
_NEGATIONS = re.compile(
    r"\b(not|never|no longer|forbidden|denied|refused|unable|intended|intend|intends|"
    r"planned|plans|hoped|wanted|wished|requests?|requested|applied|would have|could not|"
    r"barred|banned|prevented)\b")
_REFERENCE_HEADINGS = re.compile(
    r"^(notes?|references?|footnotes?|citations?|sources?|bibliography|further reading|"
    r"external links?|see also|works|selected works|publications|literature)\b", re.I)

# Cue words (matched at word starts, inflections allowed) -> kind of stop.
_CUES: list[tuple[str, str]] = [
    (r"born|birth", "birth"),
    (r"grew up|raised|childhood", "childhood"),
    (r"school|educat|enrol|studied|study|student|universit|college|gymnasium|seminary",
     "school"),
    (r"imprison|prison|jail|gaol|incarcerat|penitentiar|held|arrested", "prison"),
    (r"exile|exiling|banish|deport|expelled|expulsion", "exile"),
    (r"escap|fled|flee|fleeing|flight", "escape"),
    (r"detain|detention|interned|internment|internee|house arrest|custody|camp\b|intercepted",
     "detention"),
    (r"asylum|refuge", "asylum"),
    (r"hospital", "hospital"),
    (r"died|dies|killed|assassinated|murdered|buried", "death"),
    (r"attend|congress|conference|convention|meeting|lectur|spoke|speech|summit|negotiat|"
     r"talks|delegation", "conference"),
    (r"spent (?:the |a |several |some )?(?:winter|summer|spring|autumn|few|weeks|days|months)",
     "travel"),
    (r"travel|visit|trip|journey|tour|voyage|sail|passing through|passed through|via|"
     r"by way of|sent|rush|went|go to|goes to|correspondent|landed|port", "travel"),
    (r"moved|move|moving|lived|live|living|settled|settle|resid|stayed|stay|spent|home|"
     r"house|apartment|villa|return|back|made (?:his|her|their) way|reached|arriv|came|"
     r"emigrat|relocat|transferr|taken|brought|took|joined|worked|working|guest|island|"
     r"farm|based|hid|hiding|remained", "residence"),
]
_CUE_RE = [(re.compile(r"\b(?:" + pat + r")"), kind) for pat, kind in _CUES]
_STAY_KINDS = frozenset({"birth", "childhood", "school", "residence", "prison", "exile",
                         "detention", "asylum", "hospital"})
_TRIP_KINDS = frozenset({"travel", "conference", "hospital"})
_DESTINATION_PREPS = ("to", "into", "for", "towards", "toward")
_LOCATIVE_PREPS = ("in", "at", "near", "on", "from", "inside", "outside", "via", "through",
                   "within", "of")


# -- data model ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Heading:
    text: str
    name: str
    level: int
    years: tuple[int, int] | None
    start: int


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    heading: int  # index into headings, -1 before the first
    paragraph: int


@dataclass(slots=True)
class Visit:
    """One place mention judged to be a visit, with its date and evidence."""

    place: Place
    surface: str
    start: int
    end: int
    date: str
    date_from: str  # "sentence", "narrative", "heading"
    kind: str
    cue: str
    score: float
    period: str
    heading: str
    order: int


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


@dataclass(slots=True)
class Draft:
    """The result of :func:`extract`: stops in order, plus every candidate considered."""

    stops: list[Stop]
    mentions: list[tuple[str, int, int, bool]]  # (surface, start, end, is_visit)
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
                "confidence": round(s.confidence, 2)})
        return pd.DataFrame(rows, columns=list(COLUMNS) + list(DRAFT_COLUMNS))

    def to_csv(self) -> str:
        """CSV text of :meth:`to_frame` (deterministic)."""
        buf = io.StringIO()
        self.to_frame().to_csv(buf, index=False, lineterminator="\n")
        return buf.getvalue()


# -- reading ------------------------------------------------------------------------------
def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file; a problem becomes one :class:`ExtractError` line.

    >>> read_text("/nonexistent/bio.txt")
    Traceback (most recent call last):
    ...
    geo.extract.ExtractError: /nonexistent/bio.txt: file not found
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a folder, not a text file") from None
    except OSError as e:
        raise ExtractError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ExtractError(f"{path}: byte {e.start} (line {line}) is not UTF-8; save the file "
                           "as UTF-8 text") from None
    if not text.strip():
        raise ExtractError(f"{path}: is empty; expected the text of a biography")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- structure ----------------------------------------------------------------------------
_WIKI_HEADING = re.compile(r"^(=+)\s*(.+?)\s*=+\s*$")
_ABBREV = _words("""st dr mr mrs ms jr sr gen col lt capt prof rev no vol vols ca c b d i.e e.g
a.k.a aka etc cf ed eds op u.s o.s n.s p pp fig approx est inc ltd co mt ft""")


def _is_bare_heading(line: str, prev_blank: bool, next_blank: bool, cased: bool) -> bool:
    s = line.strip()
    if not s or not prev_blank or len(s) > 90 or s[-1] in ".:;,!?\"”'…" or s[0] in "•*-–":
        return False
    words = s.split()
    if len(words) > 12:
        return False
    has_years = bool(re.search(r"\((?:[^()]*\b)?(?:1[0-9]{3}|20[0-9]{2})[0-9]*\)\s*$", s)) or \
        bool(re.search(r":\s*(?:1[0-9]{3})\s*$", s))
    if "," in s and not has_years:
        return False
    if cased and not (s[0].isupper() or s[0].isdigit()):
        return False
    return has_years or (len(words) <= 6 and next_blank)


def _heading_name(text: str) -> str:
    name = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()
    name = re.sub(r"\s*:\s*[0-9]{4}\s*$", "", name).strip()
    if re.fullmatch(r"[0-9\s–-]*", name):
        return ""
    return name[:1].upper() + name[1:]


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``."""
    out = []
    s = start
    i = start
    while i < end:
        ch = text[i]
        if ch in ".!?":
            j = i + 1
            while j < end and text[j] in "\"'”’)]":
                j += 1
            # skip footnote markers like [12]
            while j < end and text[j] == "[":
                k = text.find("]", j, min(end, j + 8))
                if k < 0:
                    break
                j = k + 1
            nxt = text[j] if j < end else " "
            word = re.search(r"([A-Za-z.]+)$", text[s:i])
            prev = word.group(1).lower().strip(".") if word else ""
            boundary = False
            if ch != "." or (prev not in _ABBREV and not (len(prev) == 1 and prev.isalpha())):
                if nxt.isspace() or j >= end:
                    boundary = True
                elif nxt.isalpha() and len(prev) >= 3 and "." not in prev:
                    boundary = True  # "students.in january": the space was lost
            if boundary:
                out.append((s, j))
                while j < end and text[j].isspace():
                    j += 1
                s = j
                i = j
                continue
        i += 1
    if s < end and text[s:end].strip():
        out.append((s, end))
    return out


@dataclass(slots=True)
class _Doc:
    text: str
    cased: bool
    damaged: bool
    headings: list[_Heading]
    sentences: list[_Sentence]
    title: str


def _structure(text: str) -> _Doc:
    letters = [c for c in text if c.isalpha()]
    upper = sum(1 for c in letters if c.isupper())
    cased = upper > 0.01 * max(1, len(letters))
    damaged = all(c.isascii() for c in letters)
    headings: list[_Heading] = []
    sentences: list[_Sentence] = []
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    title = next((ln.strip() for ln in lines if ln.strip()), "")
    wiki = any(_WIKI_HEADING.match(ln.strip()) for ln in lines)
    skipping = False
    paragraph = 0
    first = True
    for n, line in enumerate(lines):
        s = line.strip()
        if not s:
            continue
        lstart = offsets[n] + (len(line) - len(line.lstrip()))
        prev_blank = n == 0 or not lines[n - 1].strip()
        next_blank = n + 1 >= len(lines) or not lines[n + 1].strip()
        m = _WIKI_HEADING.match(s)
        heading_text = None
        level = 0
        if m:
            heading_text, level = m.group(2), len(m.group(1))
        elif not first and not wiki and _is_bare_heading(s, prev_blank, next_blank, cased):
            heading_text = s
            level = 3 if heading_years(s) else 2
        first = False
        if heading_text is not None:
            skipping = bool(_REFERENCE_HEADINGS.match(heading_text))
            headings.append(_Heading(heading_text, _heading_name(heading_text), level,
                                     heading_years(heading_text), lstart))
            continue
        if skipping or "ISBN" in s or "Retrieved " in s or "retrieved " in s:
            continue
        paragraph += 1
        for a, b in _split_sentences(text, lstart, lstart + len(s)):
            sentences.append(_Sentence(a, b, len(headings) - 1, paragraph))
    return _Doc(text, cased, damaged, headings, sentences, title)


def _period_of(doc: _Doc, h: int) -> tuple[str, tuple[int, int] | None, str]:
    """(period name, years, heading text) for heading index ``h``."""
    if h < 0:
        return "", None, ""
    cur = doc.headings[h]
    name = cur.name
    years = cur.years
    level = cur.level
    # Walk back to enclosing headings for a missing name or missing years.
    for k in range(h - 1, -1, -1):
        if name and years:
            break
        other = doc.headings[k]
        if other.level < level:
            if not name and other.name:
                name = other.name
            if not years and other.years:
                years = other.years
            level = other.level
    return name, years, cur.text


# -- subject and persons ------------------------------------------------------------------
def _subject_tokens(doc: _Doc, folded: str) -> tuple[set[str], str]:
    first = doc.title
    if len(first.split()) > 12:  # the first line is a sentence: take the name before "was"
        first = re.split(r"\b(?:was|is|were)\b", first, maxsplit=1)[0]
    from geo._placenames import fold

    tokens = [t for t in fold(re.sub(r"\([^)]*\)", " ", first)).split()
              if not t.isdigit() and t not in _STOP_WORDS and len(t) > 1]
    names = {t for t in tokens if t not in _common_words() or t in _given_names()}
    if not names:
        return set(), ""
    counts = Counter(folded.split())
    main = max(sorted(names), key=lambda t: counts[t])
    return names, main


def _pronouns(folded: str) -> set[str]:
    words = Counter(folded.split())
    male = words["he"] + words["his"] + words["him"]
    female = words["she"] + words["her"] + words["hers"]
    return {"he", "him", "his"} if male >= female else {"she", "her", "hers"}


# -- recognition --------------------------------------------------------------------------
@dataclass(slots=True)
class _Cand:
    start: int  # offsets into the original text
    end: int
    fstart: int  # offsets into the folded text
    fend: int
    key: str
    places: list[Place]
    sentence: int


def _choose_spans(matches: list[Match]) -> list[Match]:
    """Leftmost-longest non-overlapping matches."""
    out: list[Match] = []
    last_end = -1
    for m in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
    return out


_MATCHERS: dict[int, Matcher] = {}


def _matcher_for(index: PlaceIndex, use_automaton: bool | None) -> Matcher:
    key = (id(index) << 2) | (0 if use_automaton is None else 1 + int(use_automaton))
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(index.keys(), use_automaton=use_automaton)
    return _MATCHERS[key]


def _word_before(text: str, pos: int, n: int = 1) -> list[str]:
    return re.findall(r"[A-Za-z\u00C0-\u024F'’.]+", text[max(0, pos - 80):pos])[-n:]


def _word_after(text: str, pos: int, n: int = 1) -> list[str]:
    return re.findall(r"[A-Za-z\u00C0-\u024F'’]+", text[pos:pos + 80])[:n]


def _is_capitalised(surface: str) -> bool:
    words = [w for w in re.split(r"[\s-]+", surface) if w]
    small = {"de", "la", "le", "du", "des", "del", "di", "da", "am", "an", "der", "upon",
             "on", "sur", "en", "y", "i", "of", "the", "los", "las", "el", "al", "und"}
    return bool(words) and words[0][:1].isupper() and all(
        w[:1].isupper() or w.lower() in small or not w[:1].isalpha() for w in words)


def _person_keys(doc: _Doc, folded: str, cands: list[_Cand]) -> set[str]:
    """Single-word keys that name people somewhere in the text."""
    given = _given_names()
    persons: set[str] = set()
    words = folded.split()
    for i, w in enumerate(words[1:], 1):
        prev = words[i - 1]
        if prev in given and w not in _STOP_WORDS and w not in given:
            persons.add(w)
        if prev in _TITLES and w not in _STOP_WORDS:
            persons.add(w)
    text = doc.text
    for c in cands:
        if " " in c.key:
            continue
        after = text[c.end:c.end + 40]
        m = re.match(r"\s*(?:,\s*who\b|\s+who\b)", after)
        if m:
            persons.add(c.key)
        nxt = _word_after(text, c.end, 2)
        if nxt and nxt[0].lower() in _PERSON_VERBS:
            persons.add(c.key)
        if re.match(r"[’']s\s+(\w+)", after) and \
                re.match(r"[’']s\s+(\w+)", after).group(1).lower() in _PERSON_NOUNS:
            persons.add(c.key)
    return persons


def _find_candidates(doc: _Doc, index: PlaceIndex, use_automaton: bool | None) -> tuple[
        list[_Cand], str, list[int]]:
    folded, offsets = fold_with_offsets(doc.text)
    matches = _matcher_for(index, use_automaton).find(folded)
    if not doc.damaged:
        matches = [m for m in matches if not index.is_damaged_key(m.key)]
    spans = _choose_spans(matches)
    # Map sentences to folded positions for quick lookup.
    sent_starts = [s.start for s in doc.sentences]
    import bisect

    cands = []
    for m in spans:
        start = offsets[m.start]
        end = offsets[m.end - 1] + 1
        k = bisect.bisect_right(sent_starts, start) - 1
        if k < 0 or start >= doc.sentences[k].end:
            continue  # headings, references, captions outside sentences
        cands.append(_Cand(start, end, m.start, m.end, m.key, index.candidates(m.key), k))
    return cands, folded, offsets


def _keep(doc: _Doc, c: _Cand, persons: set[str], subject: set[str]) -> bool:
    """Is this match a place here (not a word, not a person)?"""
    text = doc.text
    surface = text[c.start:c.end]
    key = c.key
    single = " " not in key
    common = _common_words()
    given = _given_names()
    best_pop = max((p.population for p in c.places), default=0)
    big_feature = any(p.feature in ("country", "region") for p in c.places)
    before = [w.lower().strip(".'’") for w in _word_before(text, c.start, 3)]
    after = [w.lower() for w in _word_after(text, c.end, 2)]
    if key in subject:
        return False
    if single and len(key) < 4 and not big_feature and not surface.isupper():
        return False
    if single and key in _MONTHS_AND_DAYS:
        return False  # "March 1919", "in June": a date, not March or June the town
    if (before and before[-1] in _STREET_WORDS) or (after and after[0] in _STREET_WORDS):
        return False  # "Avenida Viena", "Vienna Street": a street, not the city
    if before and re.search(r"(?:ovich|evich|ovna|evna|ich)$", before[-1]):
        return False  # a patronymic, then the surname
    if not doc.cased and not single and all(w in common or w in _STOP_WORDS
                                            for w in key.split()):
        return False  # "the harbor", "the camp": words, not the places named so
    if doc.cased:
        if not _is_capitalised(surface):
            return False
        sent_start = doc.sentences[c.sentence].start
        at_start = not text[sent_start:c.start].strip(" \"'“(")
        if single and key in common and (at_start or (not big_feature and best_pop < 20000)):
            return False
        # Part of a longer capitalised name ("Kievskaya Mysl", "Kherson Province")?
        raw_after = _word_after(text, c.end, 1)
        if single and raw_after and raw_after[0][:1].isupper() and \
                text[c.end:c.end + 1] in (" ", "-") and \
                raw_after[0].lower() not in _STOP_WORDS | subject | {"i"} and \
                not text[c.end:c.end + 1 + len(raw_after[0]) + 1].rstrip().endswith(","):
            return False
        # Inside a longer capitalised name ("South Russian Workers' Union")?
        raw_before = _word_before(text, c.start, 1)
        if single and key in common and raw_before and raw_before[0][:1].isupper() and \
                not at_start and raw_before[0].lower() not in _STOP_WORDS:
            return False
    else:
        if single and key in common and not big_feature:
            # In lowercase text an ordinary word needs a destination cue and a real city.
            if best_pop < 100000 or not before or before[-1] not in (
                    (*_DESTINATION_PREPS, "in", "at")):
                return False
            if len(before) < 2 or not any(r.search(before[-2]) for r, _ in _CUE_RE):
                return False
    # Persons: given name or title before it, the subject's name, a person elsewhere.
    if before and before[-1] in given and single:
        return False
    if before and before[-1] in _TITLES:
        return False
    if single and key in given and after:
        nxt = after[0]
        if doc.cased:
            raw_after = _word_after(text, c.end, 1)
            if raw_after and raw_after[0][:1].isupper():
                return False
        elif nxt not in _STOP_WORDS and nxt not in common:
            return False
    if single and key in persons:
        strong = len(before) >= 2 and before[-1] in (*_DESTINATION_PREPS, "in", "at") and any(
            r.search(before[-2]) for r, _ in _CUE_RE)
        if not strong or best_pop < 100000:
            return False
    return True


# -- places: choosing a candidate -----------------------------------------------------------
def _sphere_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(
        math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _choose_place(c: _Cand, context_countries: set[str], previous: Place | None,
                  qualifier_countries: set[str]) -> Place | None:
    if not c.places:
        return None

    def score(p: Place) -> float:
        s = (p.population and math.log10(p.population + 1) / 7.0) or 0.0
        if p.feature == "country":
            s += 0.6
        elif p.feature == "region":
            s += 0.5
        if p.country and p.country in qualifier_countries:
            s += 1.5
        elif p.country and p.country in context_countries:
            s += 0.6
        if previous is not None:
            # Ranking needs no ellipsoid: a spherical distance is 100x cheaper.
            d = _sphere_km(previous.lat, previous.lon, p.lat, p.lon)
            s += 0.5 * max(0.0, 1.0 - d / 1500.0)
        return s

    return max(c.places, key=lambda p: (score(p), p.population, p.source))


# -- visit or mention ---------------------------------------------------------------------
def _clause_before(text: str, sent_start: int, pos: int) -> str:
    chunk = text[sent_start:pos]
    cut = max(chunk.rfind(";"), chunk.rfind(":"), chunk.rfind("—"))
    return chunk[cut + 1:] if cut >= 0 else chunk


def _classify(doc: _Doc, c: _Cand, prev_visit: _Cand | None, subject: set[str],
              pronouns: set[str], persons: set[str]) -> tuple[float, str, str]:
    """(score, kind, cue) for a kept candidate; score <= 0 means a mere mention."""
    text = doc.text
    sent = doc.sentences[c.sentence]
    left = _clause_before(text, sent.start, c.start)
    left_l = left.lower()
    right = text[c.end:sent.end]
    right_l = right.lower()
    words = re.findall(r"[a-z\u00e0-\u024f'’]+", left_l)
    tail = words[-8:]
    score = 0.0
    kind = ""
    cue = ""

    # Mentions: modifiers and "Treaty of X".
    nxt = re.match(r"[\s’']*(-?\s*)([A-Za-z]+)", right)
    if nxt:
        word = nxt.group(2).lower()
        hyphen = "-" in nxt.group(1)
        if hyphen and word in ("based", "born", "area", "style"):
            return -1.0, "", f"'{word}' after the name"
        if not right.startswith((",", ".", ";", ":", ")")) and word in _MODIFIER_NOUNS and \
                word not in ("conference", "congress", "university", "school", "coast",
                             "province", "region") and not right.startswith("'s"):
            return -1.0, "", f"used before '{word}'"
    if nxt and not nxt.group(1) and right[:1] == " ":
        word = nxt.group(2)
        low = word.lower()
        facility = low in _FACILITY_NOUNS and bool(tail) and tail[-1] in (
            "the", "in", "at", "to", "from", "into")
        if low in _common_words() and low not in _STOP_WORDS and not facility \
                and low not in _PERSON_VERBS and not low.endswith(("ly", "ed")) and \
                (not doc.cased or word[:1].islower()) and low not in subject | pronouns:
            return -1.0, "", f"used before '{low}'"
    if tail and tail[-1] == "of" and (len(tail) < 2 or tail[-2] not in _PLACE_OF):
        return -1.0, "", "'of' before the name"
    if tail and tail[-1] in ("the",) and nxt and nxt.group(2).lower() in _MODIFIER_NOUNS:
        return -1.0, "", "modifier"

    if len(tail) >= 2 and tail[-1] in ("in", "at", "near") and tail[-2] in _OTHER_ACTORS:
        return -1.0, "", f"'{tail[-2]} {tail[-1]}' before the name"
    window = " ".join(tail)
    prep = next((w for w in reversed(tail[-4:]) if w in _DESTINATION_PREPS + _LOCATIVE_PREPS),
                "")
    # Cue in the window before the name.
    for rx, k in _CUE_RE:
        hits = list(rx.finditer(window))
        if hits:
            m = hits[-1]
            pos = m.start()
            # Nearest cue wins; specific kinds beat "residence"/"travel" at equal distance.
            if not cue or pos > window.find(cue) + 2 or (k not in ("residence", "travel")
                                                         and kind in ("residence", "travel")):
                cue = window[pos:pos + 20].split(" ")[0]
                kind = k
    named_event = bool(nxt) and nxt.group(2).lower() in (
        "conference", "congress", "convention", "meeting", "summit")
    if cue and ((kind == "conference" and named_event) or prep):
        score += 2.0
    elif cue:
        score += 1.0
    # Appositive after a capital ("moved to the capital, Saint Petersburg").
    # "X, where he ..." / "while in X" / "In X, he ..."
    if re.match(r"\s*,?\s*where\s+(?:" + "|".join(sorted(pronouns | subject)) + r")\b", right_l):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "where"
    if re.search(r"\bwhile\s+(?:still\s+)?(?:in|at)\s+(?:the\s+)?$", left_l):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "while in"
    if re.search(r"(?:^|,)\s*(?:in|at)\s+$", left_l) and re.match(
            r"\s*,?\s*(?:" + "|".join(sorted(pronouns | subject)) + r")\b", right_l):
        score += 2.0
        kind = kind or "residence"
        cue = cue or "in"
    # Coordination with the previous visit in the same sentence ("in X, then Y").
    if prev_visit is not None and prev_visit.sentence == c.sentence:
        between = text[prev_visit.end:c.start].lower()
        if re.fullmatch(r"[\s,]*(?:(?:and|then|or|later|finally|first|next|also|and then|"
                        r"in|at|to|the|before|after|via)[\s,]+)*", between + " "):
            score += 2.0
            cue = cue or "listed with the previous place"
    if score <= 0:
        return 0.0, "", ""
    # Negation or intention between clause start and the name.
    if _NEGATIONS.search(" ".join(words[-10:])):
        return -1.0, "", "negated"
    # Whose clause is it? The subject (name, pronoun, "him") or someone else?
    refs = subject | pronouns | {"i", "they", "we"}
    clause_words = set(words)
    mentions_subject = bool(clause_words & refs) or bool(
        set(re.findall(r"[a-z]+", right_l[:40])) & (subject | pronouns))
    if not mentions_subject:
        # Look back to the sentence start: "While in exile, Trotsky ..."
        whole = set(re.findall(r"[a-z]+", text[sent.start:sent.end].lower()))
        if whole & (subject | pronouns):
            score -= 0.5
        else:
            score -= 1.5
    # "sent him to X": someone else acts, but the subject is the one who moves.
    moved_subject = bool(re.search(
        r"\b(?:him|them|her(?=\s+(?:to|into|from|back|away|off|out|on|in|at)\b))\b",
        " ".join(tail)))
    other = not moved_subject and re.search(
        r"\b(?:his|her|their)\s+(?:daughter|son|daughters|sons|father|mother|"
                      r"brother|sister|children|parents|uncle|aunt|cousin)\b(?!\s+and\s+"
                      r"(?:he|she))", left_l)
    if other and not re.search(r"\b(?:he|she|him|her|" + "|".join(sorted(subject) or ["x"])
                               + r")\b\s*(?:and|,)", left_l[:other.start()] + " "):
        score -= 2.5
    named_other = [w for w in words[-12:] if w in persons and w not in subject]
    if named_other and not (clause_words & (subject | pronouns)):
        score -= 2.0
    return score, kind or "residence", cue


# -- main entry points --------------------------------------------------------------------
def extract(text: str, source_name: str = "<text>", *, index: PlaceIndex | None = None,
            use_automaton: bool | None = None, threshold: float = 1.5) -> Draft:
    """Turn a biography into a draft itinerary.

    Parameters
    ----------
    text : str
        The biography (cased, or lowercased with letters missing).
    source_name : str
        File name used in the ``source`` column.
    index : PlaceIndex, optional
        Gazetteer index (default: the cached GeoNames index).
    use_automaton : bool, optional
        Force (``True``) or avoid (``False``) the Aho-Corasick matcher.
    threshold : float
        Minimum visit score; lower finds more visits and more mere mentions.

    Returns
    -------
    Draft
    """
    if index is None:
        index = PlaceIndex.load_default()
    doc = _structure(text)
    cands, folded, _ = _find_candidates(doc, index, use_automaton)
    subject, main = _subject_tokens(doc, folded)
    pronouns = _pronouns(folded)
    persons = _person_keys(doc, folded, cands) - set()
    kept = [c for c in cands if _keep(doc, c, persons, subject)]

    # Qualifiers ("Amherst, Nova Scotia", "Alma Ata (now in Kazakhstan)") and modern names
    # ("Nikolayev (now Mykolaiv)") describe the place before them; they are not stops.
    qualifiers: dict[int, set[str]] = {}
    renamed: dict[int, list[Place]] = {}
    drop: set[int] = set()
    for i, c in enumerate(kept):
        for j in range(i + 1, min(i + 4, len(kept))):
            n = kept[j]
            if n.sentence != c.sentence or n.start - c.end > 60:
                break
            gap = text[kept[j - 1].end:n.start]
            now = re.fullmatch(r"\s*[(,]\s*(?:now|present-day|today|modern|later)\s*(in\s+)?"
                               r"(?:the\s+)?", gap, re.I)
            wide = {p.country for p in n.places if p.feature != "city" and p.country}
            mine = {p.country for p in c.places}
            if now and not now.group(1) and any(p.feature == "city" for p in n.places):
                renamed[i] = n.places
                drop.add(j)
            elif (now or re.fullmatch(r"\s*(?:,|-|\s)\s*", gap) or
                  re.search(r"\b(?:in|of)\s+(?:the\s+)?$", gap)) and wide & mine and \
                    any(p.feature == "city" for p in c.places) and i not in drop:
                qualifiers.setdefault(i, set()).update(wide & mine)
                drop.add(j)
            else:
                break
    for i, places in renamed.items():
        kept[i].places = places
    para_countries: dict[int, set[str]] = {}
    for c in kept:
        para = doc.sentences[c.sentence].paragraph
        for p in c.places:
            if p.feature in ("country", "region") and p.country:
                para_countries.setdefault(para, set()).add(p.country)

    # Birth year, for "when he was nine" and "at the age of nine".
    birth_year = None
    for s in doc.sentences:
        chunk = text[s.start:s.end]
        if re.search(r"\bborn\b", chunk, re.I):
            found = [d for d in find_dates(chunk) if d.precision == "day"]
            if found:
                birth_year = found[0].year
                break
    # Running dates, sentence by sentence.
    sent_dates: dict[int, list[DateMention]] = {}
    running: dict[int, tuple[str, str]] = {}
    cur: str | None = None
    cur_heading = -2
    for k, s in enumerate(doc.sentences):
        name, years, _ = _period_of(doc, s.heading)
        if s.heading != cur_heading:
            cur_heading = s.heading
            if years and (cur is None or not years[0] <= int(cur[:4]) <= years[1]):
                cur = str(years[0])
        run_year = int(cur[:4]) if cur else (years[0] if years else None)
        dates = find_dates(text[s.start:s.end], run_year)
        age = _AGE.search(text[s.start:s.end].lower())
        if age and birth_year and not dates:
            word = age.group(1)
            n_age = int(word) if word.isdigit() else _NUMBERS.get(word, 0)
            if n_age:
                y = birth_year + n_age
                dates = [DateMention(age.start(), age.end(), f"{y}~", y, True)]
        sent_dates[k] = dates
        running[k] = (cur or "", "narrative" if cur else "")
        moved = False
        for d in dates:
            if not d.narrative:
                continue
            if years and not years[0] - 1 <= d.year <= years[1] + 1:
                continue  # an aside about another time does not move the narrative
            cur = d.edtf.rstrip("~")
            moved = True
        later = _YEARS_LATER.search(text[s.start:s.end].lower())
        if later and cur and not moved:
            n_years = _NUMBERS.get(later.group(1) or later.group(2), 0)
            cur = str(int(cur[:4]) + n_years)

    visits: list[Visit] = []
    mentions: list[tuple[str, int, int, bool]] = []
    previous: Place | None = None
    prev_visit: _Cand | None = None
    for i, c in enumerate(kept):
        if i in drop:
            continue
        sent = doc.sentences[c.sentence]
        para = sent.paragraph
        place = _choose_place(c, para_countries.get(para, set()), previous,
                              qualifiers.get(i, set()))
        if place is None:
            continue
        score, kind, cue = _classify(doc, c, prev_visit, subject, pronouns, persons)
        is_visit = score >= threshold
        surface = text[c.start:c.end]
        mentions.append((surface, c.start, c.end, is_visit))
        if not is_visit:
            continue
        date, date_from = _date_for(doc, c, sent_dates[c.sentence], running[c.sentence])
        if not date:
            continue
        name, _, heading_text = _period_of(doc, sent.heading)
        kind = kind or "travel"  # only when the visit threshold is switched off
        if kind == "prison" and place.feature == "country":
            kind = "residence"
        departs = bool(re.search(r"\bfrom\s+(?:the\s+)?$", text[sent.start:c.start].lower()))
        visits.append(Visit(place, surface, c.start, c.end, date, date_from, kind,
                            cue + (" from" if departs and " from" not in cue else ""),
                            score, name, heading_text, i))
        previous = place
        prev_visit = c
    visits.extend(_infobox_visits(doc, index, subject))
    # With dated sections, the lead only summarises them: keep its births and deaths.
    if sum(1 for h in doc.headings if h.years) >= 3:
        visits = [v for v in visits if v.heading or v.kind in ("birth", "death")]
    deaths = [_date_key(v.date)[1] for v in visits if v.kind == "death"]
    if deaths:
        visits = [v for v in visits if _date_key(v.date)[0] <= min(deaths)]
    stops = _make_stops(visits, doc, source_name)
    return Draft(stops, mentions, main)


def _date_for(doc: _Doc, c: _Cand, dates: list[DateMention],
              running: tuple[str, str]) -> tuple[str, str]:
    text = doc.text
    sent = doc.sentences[c.sentence]
    if dates:
        pos_a = c.start - sent.start
        pos_b = c.end - sent.start
        usable = dates

        def dist(d: DateMention) -> int:
            # A date after the name is slightly less likely to be its date.
            gap = pos_a - d.end if d.end <= pos_a else d.start - pos_b + 10
            # A date in another clause (after ";" or across "but") is further away.
            seg = text[sent.start + min(d.end, pos_a):sent.start + max(d.start, pos_b)]
            gap += 60 * seg.count(";")
            if not d.narrative:
                gap += 200
            return gap

        best = min(usable, key=dist)
        if best.narrative or not running[0]:
            return best.edtf, "sentence"
    if running[0]:
        return running[0][:4], "narrative"
    _, years, _ = _period_of(doc, sent.heading)
    if years:
        return str(years[0]), "heading"
    return "", ""


_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_YEARS_LATER = re.compile(r"\bafter\s+(a|one|two|three|four|five|six|seven|eight|nine|ten)"
                          r"\s+years?\b|\b(a|one|two|three|four|five|six|seven|eight|nine|ten)"
                          r"\s+years?\s+later\b")
_NUMBERS.update({"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                 "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
                 "twenty": 20})
_AGE = re.compile(r"\b(?:when\s+\w+\s+was|at\s+the\s+age\s+of|aged)\s+(\d{1,2}|one|two|"
                  r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                  r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b")
_INFOBOX = re.compile(r"^(born|died)\b[\s:]*(.*)$", re.I)


def _infobox_visits(doc: _Doc, index: PlaceIndex, subject: set[str]) -> list[Visit]:
    """Birth and death from an infobox: "Born <date>" on one line, the place on the next."""
    out: list[Visit] = []
    lines = doc.text.split("\n")
    pos = 0
    starts = []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    for n, ln in enumerate(lines[:40]):
        m = _INFOBOX.match(ln.strip())
        if not m or len(ln) > 80 or n + 1 >= len(lines):
            continue
        dates = find_dates(m.group(2))
        if not dates or dates[0].precision != "day":
            continue
        place_line = lines[n + 1]
        first = place_line.split(",")[0].strip()
        folded, _ = fold_with_offsets(first)
        places = index.candidates(folded)
        if not places or len(first) > 60:
            continue
        countries = {index.candidates(fold_with_offsets(p.strip())[0])[0].country
                     for p in place_line.split(",")[1:]
                     if index.candidates(fold_with_offsets(p.strip())[0])}
        best = max(places, key=lambda p: (p.country in countries, p.population, p.source))
        kind = "birth" if m.group(1).lower() == "born" else "death"
        a = starts[n + 1] + place_line.find(first)
        out.append(Visit(best, first, a, a + len(first), dates[0].edtf, "sentence", kind,
                         m.group(1).lower(), 3.0, "", "infobox", -1 if kind == "birth"
                         else 10**9))
    return out


def _date_key(edtf: str) -> tuple[int, int]:
    d = parse_date(edtf)
    return d.earliest().toordinal(), d.latest().toordinal()


def _make_stops(visits: list[Visit], doc: _Doc, source_name: str) -> list[Stop]:
    # Order by year, then narrative order (finer dates are unreliable across precisions).
    visits = sorted(visits, key=lambda v: (int(v.date[:4]), v.order, v.start))
    groups: list[list[Visit]] = []
    for v in visits:
        target = None
        if groups and groups[-1][0].place.source == v.place.source:
            target = groups[-1]
        else:
            # Back to a place left only for short trips: the same stay.
            for g in reversed(groups[-4:]):
                if g[0].place.source == v.place.source:
                    since = groups[groups.index(g) + 1:]
                    if all(_group_kind(x) in _TRIP_KINDS for x in since) and \
                            int(v.date[:4]) - int(g[-1].date[:4]) <= 2:
                        target = g
                    break
        if v.kind == "birth":
            born = [g for g in groups if any(x.kind == "birth" for x in g)]
            if born:  # a person is born once
                born[0].append(v)
                continue
        if target is not None and v.kind in ("death",) and all(x.kind != "death" for x in target):
            target = None  # a death is its own stop
        if target is not None:
            target.append(v)
        else:
            groups.append([v])
    # Fold a country or region stop into a nearby city stop in that country: "moved to
    # France" then "in Paris"; "escaped from Siberia" after a stay in a Siberian town.
    folded_groups: list[list[Visit]] = []
    for i, g in enumerate(groups):
        p = g[0].place
        if p.feature in ("country", "region"):
            year = int(g[0].date[:4])
            departs = all(v.cue.endswith(" from") for v in g)
            span = (groups[i - 1:i] if departs else
                    groups[max(0, i - 2):i] + groups[i + 1:i + 3]) if p.feature == "region" \
                else groups[max(0, i - 2):i] + groups[i + 1:i + 3]
            near = [h for h in span if h[0].place.feature == "city"
                    and h[0].place.country == p.country
                    and abs(int(h[0].date[:4]) - year) <= 1]
            if near:
                continue
        folded_groups.append(g)
    # Merge neighbours that became the same place after folding.
    merged: list[list[Visit]] = []
    for g in folded_groups:
        if merged and merged[-1][0].place.source == g[0].place.source and \
                _group_kind(g) != "death":
            merged[-1].extend(g)
        else:
            merged.append(g)
    stops = [_stop_from(g, source_name, doc) for g in merged]
    # A stay ends when the next stop starts.
    for i, s in enumerate(stops):
        if s.end or i + 1 >= len(stops):
            continue
        nxt = stops[i + 1]
        if s.kind in _STAY_KINDS and _date_key(nxt.start)[1] >= _date_key(s.start)[0] and \
                nxt.start != s.start:
            s.end = nxt.start
    for s in stops:
        if s.end and _date_key(s.end)[1] < _date_key(s.start)[0]:
            s.end = ""
    return stops


def _group_kind(g: list[Visit]) -> str:
    order = ["birth", "death", "prison", "exile", "detention", "asylum", "hospital", "school",
             "childhood", "escape", "conference", "residence", "travel"]
    kinds = {v.kind for v in g}
    return next(k for k in order if k in kinds)


_KIND_WORDS = {"birth": "Birth", "childhood": "Childhood", "school": "Schooling",
               "residence": "Stay", "prison": "Imprisonment", "exile": "Exile",
               "escape": "Escape", "travel": "Visit", "conference": "Meeting or congress",
               "detention": "Detention", "asylum": "Asylum", "hospital": "Hospital stay",
               "death": "Death"}


def _stop_from(g: list[Visit], source_name: str, doc: _Doc) -> Stop:
    first = min(g, key=lambda v: (_date_key(v.date), v.order))
    last = max(g, key=lambda v: (_date_key(v.date)[1], v.order))
    kind = _group_kind(g)
    p = first.place
    start = first.date
    end = last.date if _date_key(last.date)[0] > _date_key(start)[0] else ""
    surface = first.surface
    place_name = surface if doc.cased else " ".join(w[:1].upper() + w[1:]
                                                    for w in surface.split(" "))
    cues = sorted({v.cue for v in g if v.cue}, key=lambda c: (len(c), c))[:3]
    mentions = len(g)
    date_from = {"sentence": "the sentence", "narrative": "the running narrative year",
                 "heading": "the section heading"}[first.date_from]
    summary = (f"{_KIND_WORDS[kind]} inferred from "
               + ", ".join(f"'{c}'" for c in cues)
               + f"; {parse_date(start).label()} from {date_from}"
               + (f"; {mentions} mentions merged" if mentions > 1 else "") + ".")
    headings = []
    for v in sorted(g, key=lambda v: v.order):
        if v.heading and v.heading not in headings:
            headings.append(v.heading)
    source = f"{source_name}: {'; '.join(headings[:2]) or 'introduction'}"
    confidence = min(0.95, 0.35 + 0.1 * max(v.score for v in g) + 0.05 * (mentions - 1))
    period = next((v.period for v in g if v.period), "")
    return Stop(place_name, p.name, p.country if len(p.country) == 2 else "", p.lat, p.lon,
                start, end, kind, period, summary, source, p.source, surface, first.start,
                first.end, confidence, list(g))


def extract_file(path: str | Path, *, index: PlaceIndex | None = None,
                 use_automaton: bool | None = None) -> Draft:
    """Read ``path`` (UTF-8) and extract its draft itinerary."""
    text = read_text(path)
    return extract(text, Path(path).name, index=index, use_automaton=use_automaton)


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


def iter_visit_cues() -> Iterable[tuple[str, str]]:
    """The cue patterns and the kind each implies (for documentation and tests)."""
    return iter(_CUES)
