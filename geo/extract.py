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

import bisect
import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from pathlib import Path

import pandas as pd

from geo._io import write_text_atomic
from geo.dates import parse_date
from geo.errors import GeoError
from geo.itinerary import COLUMNS, DRAFT_COLUMNS, Itinerary
from geo.places.gazetteer import Candidate
from geo.places.geocoder import score_candidate
from geo.places.names import (
    Match,
    Matcher,
    PlaceIndex,
    Tokens,
    common_words,
    default_index,
    proper_words,
    tokenize,
)
from geo.textdates import DateMention, heading_years, resolve_year, scan_dates

__all__ = [
    "Draft",
    "ExtractError",
    "Stop",
    "Visit",
    "extract",
    "extract_file",
    "iter_visit_cues",
    "read_text",
    "write_draft",
]

_DATA = Path(__file__).with_name("data")


class ExtractError(GeoError, ValueError):
    """Raised when a biography file cannot be read (missing, empty, not UTF-8)."""


# -- word lists ---------------------------------------------------------------------------
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Past tenses and participles the dictionary's headwords do not reach by stripping endings.
_IRREGULAR = _words("""began begun went gone came took taken held fled left led fought found
brought bought thought sought taught caught sent spent built lent meant kept slept swept wept
met set let put cut shut hit beat bore born borne broke broken chose chosen drew drawn drove
driven fell fallen flew flown forgot forgotten froze frozen gave given grew grown hid hidden
knew known lay lain rode ridden rose risen ran saw seen shook shaken sang sung sank sunk spoke
spoken stole stolen stood struck swore sworn tore torn threw thrown woke woken wore worn wrote
written won said paid laid heard made had did done was were been sat told sold""")


@cache
def _is_common(word: str) -> bool:
    """Is ``word`` (lower case) an ordinary English word, inflected forms included?

    The web2 list has headwords only ("parent", "move"), so plurals, past tenses and
    participles are reduced to them first.

    >>> _is_common("parents"), _is_common("moved"), _is_common("began"), _is_common("vienna")
    (True, True, True, False)
    """
    common = common_words()
    if word in common or word in _IRREGULAR:
        return True
    stems = []
    if word.endswith("ies"):
        stems.append(word[:-3] + "y")
    if word.endswith("es"):
        stems.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        stems.append(word[:-1])
    if word.endswith("ied"):
        stems.append(word[:-3] + "y")
    if word.endswith("ed"):
        stems += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:
            stems.append(word[:-3])  # "stopped"
    if word.endswith("ing"):
        stems += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            stems.append(word[:-4])  # "running"
    return any(len(x) >= 3 and x in common for x in stems)


@cache
def _given_names() -> frozenset[str]:
    """Given names (our own short list), folded, and as letter-damaged text has them."""
    from geo.places.gazetteer import damaged_key, normalize_name

    names: set[str] = set()
    for line in (_DATA / "given_names.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for w in line.split():
            names.add(normalize_name(w))
            names.add(damaged_key(w))
    return frozenset(names)


# Words that make the next capitalised name a person ("General Krasnov", "President X").
_TITLES = _words("""mr mrs ms miss dr doctor sir lord lady madame monsieur herr frau general
gen colonel col captain capt lieutenant lt major admiral marshal sergeant president premier
prime chancellor minister secretary commissar comrade tsar czar king queen prince princess
emperor empress duke duchess count countess baron pope bishop cardinal rabbi imam professor
prof judge senator representative governor mayor painter poet writer novelist composer
architect sculptor journalist philosopher historian agent""")
# Verbs whose subject is a person: "X wrote", "X argued" mark X as a person.
_PERSON_VERBS = _words("""said says wrote writes argued argues decided agreed proposed refused
insisted believed thought claimed asked told replied noted explained recalled complained feared
hoped wanted demanded ordered voted sided urged died married resigned suggested admitted denied
accused criticized criticised praised invited commented responded""")
# Nouns after "X's" that make X a person ("Lenin's wife").
_PERSON_NOUNS = _words("""wife husband son sons daughter daughters father mother brother sister
widow children family friend friends supporters followers deputy successor heir testament
illness death funeral assassination murder biography autobiography memoirs book books mistakes
letter proposal position faction opposition views ideas health objections request""")
# Nouns after a place name that make it a modifier, not a destination ("the Moscow trials").
_MODIFIER_NOUNS = _words("""trial trials treaty treaties soviet soviets party parties committee
committees government governments press newspaper newspapers paper papers based gazette times
post herald journal review organization organisation organizations organisations uprising
rebellion revolt commune accords accord agreement declaration protocol museum archive archives
academy opera ballet symphony orchestra club bloc faction group groups style period front
council institute society union workers coast river basin mountains sea lake
offensive campaign battle war wars crisis affair incident massacre pact conference congress
convention""")
# Facilities: "a farm in X", "the X hospital" put the subject at X when a cue does.
_FACILITY_NOUNS = _words("""prison jail gaol camp hospital clinic sanatorium sanitarium school
university college seminary gymnasium house home apartment flat villa estate farm consulate
embassy legation hotel station port harbour harbor resort spa monastery convent castle palace
mansion residence cottage studio theatre theater church cathedral asylum barracks fortress
internment""")
# Nouns before "of X" that keep X a place ("the island of X", "the port of X").
_PLACE_OF = _words("""kingdom republic empire principality duchy grand outskirts island
islands port city town village hamlet suburb area district region province state capital
harbour harbor coast centre center streets neighbourhood neighborhood hills environs county
municipality parish commune canton settlement colony territory peninsula university
conservatory conservatoire""")
_POLITIES = _words("kingdom republic empire principality duchy grand electorate khanate")
# Nouns that, right before "in X", say who or what was at X: not the subject.
_OTHER_ACTORS = _words("""jailer jailers guard guards agent agents officer officers officials
troops soldiers forces army armies fleet sailors workers strikers supporters followers
leaders delegates members newspaper newspapers paper papers rebels rebellion uprising revolt
strike strikes trial trials massacre battle war riots""")
# Relatives and associates: "his daughter went to X" is her trip, not his.
_FAMILY = _words("""wife husband son sons daughter daughters father mother brother brothers
sister sisters children parents uncle aunt cousin cousins grandson granddaughter grandfather
grandmother nephew niece friend friends colleague colleagues comrade companion companions
partner assistant secretary teacher pupil pupils student students disciple family relatives
household""")
_MONTHS_AND_DAYS = _words("""january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday""")
_STREET_WORDS = _words("""street st avenue ave avenida boulevard blvd road rd lane square
platz strasse stra rue calle via viale corso prospekt ulitsa""")
_SMALL = _words("""de la le du des del di da am an der upon on sur en y i of the los las el al
und""")
# Grammar words: never a person's name, never a place's.
_STOP_WORDS = _words("""over under about against between through across along around behind
beyond without within upon toward towards whose which who whom what because although though
once soon again also already still just only even first later together shortly until till
where whereas whether if than via per a an the of in on at to from for by with and or but as
into onto near his her their its this that these those he she they it i we you him them was
were is are be been being had has have do did not no so then there here when while after
before during since my me our us your""")
# Vetoes between the agent and the name: the trip did not (or not yet) happen.
_NEGATIONS = _words("""not never forbidden forbade denied refused unable intended intend
intends intending planned plans planning hoped hopes wanted wants wished wishes requests
request requested applied asked barred banned prevented offered invited proposed about
considered than allegedly alledgedly reportedly supposedly""")
_NEG_PHRASES = (("no", "longer"), ("agreed", "to"), ("would", "have"), ("was", "to"),
                ("were", "to"),
                ("tried", "to"), ("could", "not"), ("was", "due"), ("hoping", "to"),
                ("permission", "to"), ("visa", "to"), ("route", "to"))
_REFERENCE_HEADINGS = re.compile(
    r"^(notes?|references?|footnotes?|citations?|sources?|bibliography|further reading|"
    r"external links?|see also|works|selected works|publications|literature)\b", re.I)
_PRONOUNS = {"m": ("he", "him", "his"), "f": ("she", "her", "hers")}
_SPEECH = _words("""wrote writes said says recalled explained commented responded stated
noted remembered described recounts recounted told""")

# Cue words (matched at word starts, inflections allowed) -> kind of stop.
_CUES: list[tuple[str, str]] = [
    (r"born|birth", "birth"),
    (r"raised|childhood", "childhood"),
    (r"school|educat|enrol|studied|study|student|universit|college|gymnasium|seminary|"
     r"apprentic|conservator", "school"),
    (r"imprison|prison|jail|gaol|incarcerat|penitentiar|arrested", "prison"),
    (r"exile|exiling|banish|deport|expelled|expulsion", "exile"),
    (r"escap|fled|flee|fleeing|flight", "escape"),
    (r"detain|detention|interned|internment|internee|custody|camp$|intercepted", "detention"),
    (r"asylum|refuge", "asylum"),
    (r"hospital|hospitali[sz]", "hospital"),
    (r"died|dies|killed|assassinated|murdered|buried", "death"),
    (r"attend|congress|conference|convention|meeting|lectur|spoke|speech|summit|negotiat|"
     r"talks|delegation", "conference"),
    (r"travel|visit|trip|journey|tour|voyage|sail|via|sent|rush|went|go$|goes|going|"
     r"correspondent|landed|port|entered|passing|passed|boarded|left$|resort|spa$|"
     r"sanatori|concert|perform|recital|premiere", "travel"),
    (r"moved|move|moving|lived|live|living|settled|settle|resid|stayed|stay|spent|home|"
     r"house|apartment|villa|return|back|reached|arriv|came|emigrat|relocat|transferr|"
     r"taken|brought|bring|took|worked|working|guest|island|farm|based|hid|hiding|"
     r"remained|appoint|professor|taught|teach|position$|post$|direct|headed|managed|"
     r"ran$", "residence"),
]
_CUE_RES = [(re.compile(r"(?:" + pat + r")"), kind) for pat, kind in _CUES]
_STAY_KINDS = frozenset({"birth", "childhood", "school", "residence", "prison", "exile",
                         "detention", "asylum", "hospital"})
_TRIP_KINDS = frozenset({"travel", "conference", "hospital"})
_DESTINATION_PREPS = frozenset({"to", "into", "for", "towards", "toward"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "on", "from", "inside", "outside", "via",
                             "through", "within"})
_PREPS = _DESTINATION_PREPS | _LOCATIVE_PREPS
_SKIPPABLE = _words("""the a an his her their its this that nearby local tiny small large
village town city capital port island harbor harbour""")
# Demonyms are made from place names with these endings: -ian (Caucasian: Caucasus, Italian:
# Italy, Siberian: Siberia), -an (Mexican: Mexico), -ese, -ish (Turkish: Turkey), -i.
_DEMONYM_ENDINGS = (("ian", ("ia", "y", "us", "a", "")), ("ean", ("ea", "e", "")),
                    ("an", ("a", "o", "")), ("ese", ("", "a", "e")),
                    ("ish", ("ey", "y", "ia", "")), ("i", ("", "a")))


@cache
def _cue_of(word: str) -> str:
    """The kind a cue word implies (``""`` for none): "exiled" -> "exile"."""
    if word in _OTHER_ACTORS or word.endswith("ers"):
        return ""  # "a jailer in X", "farmers in X": about them
    for rx, kind in _CUE_RES:
        if rx.match(word):
            return kind
    return ""


# Motion verbs whose object is the place ("visited Milan", "left Vienna").
_TRANSITIVE = _words("""visit visits visited visiting reach reaches reached reaching enter
enters entered entering leave leaves left leaving toured tour tours crossed cross flee flees
fled fleeing""")
# Multi-word cues, as (first word, second word) -> kind.
_CUE_PAIRS = {("grew", "up"): "childhood", ("house", "arrest"): "detention",
              ("made", "way"): "residence", ("by", "way"): "travel",
              ("passing", "through"): "travel", ("passed", "through"): "travel",
              **{("spent", w): "travel" for w in ("winter", "summer", "spring", "autumn",
                                                   "weeks", "days", "months", "few")}}


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
    t0: int = 0  # tokens t0..t1-1
    t1: int = 0


@dataclass(slots=True)
class Visit:
    """One place mention judged to be a visit, with its date and evidence."""

    place: Candidate
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
    departs: bool = False
    returns: bool = False
    sentence: int = -1
    until: str = ""  # the end of a span the sentence gives ("from X to Y")


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
a.k.a aka etc cf ed eds op u.s o.s n.s p pp fig approx est inc ltd co mt ft vs""")
# A sentence ends at . ! ? (with closing quotes, brackets and footnote marks) before a space,
# or before a letter when the text lost the space ("students.in january").
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?:\[[0-9a-z ]{1,6}\])*(?=\s|$|[A-Za-z])")
_YEARS_IN_HEADING = re.compile(r"\((?:[^()]*\b)?(?:1[0-9]{3}|20[0-9]{2})[0-9]*\)\s*$|"
                               r":\s*1[0-9]{3}\s*$")


def _is_bare_heading(line: str, prev_blank: bool, next_blank: bool, cased: bool) -> bool:
    s = line.strip()
    if not s or not prev_blank or len(s) > 90 or s[-1] in ".:;,!?\"”'…" or s[0] in "•*-–":
        return False
    words = s.split()
    if len(words) > 12:
        return False
    has_years = bool(_YEARS_IN_HEADING.search(s))
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
    """Sentence spans inside ``text[start:end]`` (one line of text)."""
    out = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        i = m.start()
        j = m.end()
        if text[i] == ".":
            word = text[max(s, i - 12):i].rsplit(None, 1)[-1] if i > s else ""
            prev = word.lower().lstrip("(\"'“").strip(".")
            if prev in _ABBREV or (len(prev) == 1 and prev.isalpha()) or (prev[-1:].isdigit() \
                    and j < end and text[j:j + 1].isdigit()):
                continue
            # A lost space: only after a real word, not inside "U.S.A." or "e.g.".
            if j < end and not text[j].isspace() and (len(prev) < 3 or "." in prev):
                continue
        if text[s:j].strip():
            out.append((s, j))
        s = j
        while s < end and text[s].isspace():
            s += 1
    if s < end and text[s:end].strip():
        out.append((s, end))
    return out


_UPPER = re.compile(r"[^\W\d_a-z]")  # upper-case letters (and caseless scripts)
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(slots=True)
class _Doc:
    text: str
    cased: bool
    damaged: bool
    headings: list[_Heading]
    sentences: list[_Sentence]
    title: str
    paragraphs: list[tuple[int, int]]  # first and last sentence of each paragraph


def _structure(text: str) -> _Doc:
    sample = text[:5000]
    upper = len(_UPPER.findall(sample))
    letters = len(_LETTER.findall(sample))
    cased = upper > 0.01 * max(1, letters)
    # Letter-damaged texts lost every non-ASCII letter; a text that kept one is not damaged.
    damaged = text.isascii() or not any(c.isalpha() for c in set(_NON_ASCII.findall(text)))
    headings: list[_Heading] = []
    sentences: list[_Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    lines = text.split("\n")
    title = next((ln.strip() for ln in lines if ln.strip()), "")
    wiki = "==" in text and any(_WIKI_HEADING.match(ln.strip()) for ln in lines)
    skipping = False
    pos = 0
    first = True
    for n, line in enumerate(lines):
        lstart = pos
        pos += len(line) + 1
        s = line.strip()
        if not s:
            continue
        lstart += len(line) - len(line.lstrip())
        prev_blank = n == 0 or not lines[n - 1].strip()
        next_blank = n + 1 >= len(lines) or not lines[n + 1].strip()
        heading_text = None
        level = 0
        if s[0] == "=" and (m := _WIKI_HEADING.match(s)):
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
        if s[-1] not in ".!?:;\"”’')]" and len(s) < 200 and prev_blank and next_blank:
            continue  # a caption ("Trotsky in Mexico, 1940"): not the narrative
        if line[:1].isspace() and re.match(r"\s+[0-9]{1,3}\.\s", line):
            continue  # a rendered footnote ("  12. Deutscher, The Prophet ...")
        first_sentence = len(sentences)
        for a, b in _split_sentences(text, lstart, lstart + len(s)):
            sentences.append(_Sentence(a, b, len(headings) - 1, len(paragraphs)))
        if len(sentences) > first_sentence:
            paragraphs.append((first_sentence, len(sentences) - 1))
    return _Doc(text, cased, damaged, headings, sentences, title, paragraphs)


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


# -- the analysed text --------------------------------------------------------------------
@dataclass(slots=True)
class _Text:
    """Everything the passes share: the document, its words and what they are."""

    doc: _Doc
    tokens: Tokens
    sent_of: list[int]  # sentence of each token (-1 outside sentences)
    subject: set[str]  # keys of the subject's names
    main: str
    pronouns: tuple[str, str, str]  # nominative, objective, possessive
    persons: set[str]
    first_person: set[int]  # paragraphs in the subject's own words
    hits: list[int] = field(default_factory=list)  # words any rule looks for (_WATCHED)
    agents: dict[int, bool] = field(default_factory=dict)  # sentence -> names the subject
    birth_date: str = ""  # from a sentence that says "born" with a date (or a lifespan)

    def where(self, words: frozenset[str] | set[str]) -> list[int]:
        """Positions of the words in ``words`` (a subset of the watched ones)."""
        keys = self.tokens.key
        return [i for i in self.hits if keys[i] in words]

    def capital(self, i: int) -> bool:
        """Whether word ``i`` is written with a capital (always false in lower-case texts)."""
        return self.doc.cased and self.doc.text[self.tokens.start[i]].isupper()


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


def _analyse(text: str, index: PlaceIndex, matcher: Matcher) -> tuple[_Text, list[Match]]:
    doc = _structure(text)
    tokens = tokenize(text)
    n = len(tokens)
    starts = tokens.start
    # Sentence of each token.
    sent_of = [-1] * n
    k = 0
    for si, s in enumerate(doc.sentences):
        k = bisect.bisect_left(starts, s.start, k)
        end = bisect.bisect_left(starts, s.end, k)
        s.t0, s.t1 = k, end
        sent_of[k:end] = [si] * (end - k)
        k = end
    keys = tokens.key
    counts = Counter(keys)
    # One pass over the words for everything the rules look for, instead of one per rule.
    watched = _watched()
    hits = [i for i, w in enumerate(keys) if w in watched]
    male = counts["he"] + counts["his"] + counts["him"]
    female = counts["she"] + counts["her"] + counts["hers"]
    pronouns = _PRONOUNS["m"] if male >= female else _PRONOUNS["f"]
    subject, main = _subject_tokens(doc, counts)
    subject |= _other_names(doc, tokens, subject | {pronouns[0]}, hits)
    info = _Text(doc, tokens, sent_of, subject, main, pronouns,  # type: ignore[arg-type]
                 set(), set(), hits)
    info.persons = _person_keys(info)
    info.first_person = _first_person_paragraphs(info)
    return info, matcher.find(tokens)


def _subject_tokens(doc: _Doc, counts: Counter[str]) -> tuple[set[str], str]:
    first = doc.title
    if len(first.split()) > 12:  # the first line is a sentence: take the name before "was"
        first = re.split(r"\b(?:was|is|were)\b", first, maxsplit=1)[0]
    words = [t.key[i] for t in [tokenize(re.sub(r"\([^)]*\)", " ", first))]
             for i in range(len(t))]
    # A short title line is the name itself, every word of it ("Chopin" is also a unit of
    # measure in the dictionary); in a longer line, ordinary words are not the name.
    short = len(words) <= 5
    names = {w for w in words if not w.isdigit() and w not in _STOP_WORDS and len(w) > 1
             and (short or not _is_common(w) or w in _given_names())}
    if not names:
        return set(), ""
    main = max(sorted(names), key=lambda t: counts[t])
    return names, main


def _other_names(doc: _Doc, tokens: Tokens, refs: set[str], hits: list[int]) -> set[str]:
    """The subject's other names: "Trotsky was born Lev Bronstein", "better known as X".

    People change names (a pen name, a revolutionary alias, a married name); the text calls
    the subject by all of them.
    """
    keys = tokens.key
    text = tokens.text
    out: set[str] = set()
    for i in [i for i in hits if keys[i] in ("born", "known", "nee")]:
        if keys[i] == "known" and not (i + 1 < len(keys) and keys[i + 1] == "as"):
            continue
        # Only names given to the subject ("Trotsky was born Lev Bronstein"), not to
        # others ("his supporters (known as Bolsheviks)"); the opening words name him.
        if not (set(keys[max(0, i - 4):i]) & refs or i < 40):
            continue
        j = i + 2 if keys[i] == "known" else i + 1
        names = []
        while j < len(keys) and len(names) < 4 and keys[j] and keys[j] not in _STOP_WORDS \
                and not keys[j].isdigit() and keys[j] not in _MONTHS_AND_DAYS and (
                    not doc.cased or text[tokens.start[j]].isupper()):
            names.append(keys[j])
            if not tokens.joined(j):
                break
            j += 1
        if 1 <= len(names) <= 3:
            out.update(n for n in names if len(n) > 2)
    return out


def _person_keys(info: _Text) -> set[str]:
    """Single words that name people somewhere in the text ("X wrote", "Dr X", "Anna X")."""
    tokens = info.tokens
    capital = info.capital
    cased = info.doc.cased
    subject = info.subject
    given = _given_names()
    persons: set[str] = set()
    keys = tokens.key
    text = tokens.text
    n = len(keys)
    starts, ends = tokens.start, tokens.end

    def name_at(i: int) -> bool:
        return 0 <= i < n and len(keys[i]) > 2 and keys[i] not in _STOP_WORDS and (
            not cased or capital(i)) and not _is_common(keys[i]) and not keys[i].isdigit()

    # Only the few words next to a given name, a title or a person's verb are looked at.
    for i in info.where(given | _TITLES):
        j = i + 1
        if name_at(j) and ends[i] + 1 == starts[j] and (keys[i] in _TITLES
                                                        or keys[j] not in given):
            persons.add(keys[j])
    for i in info.where(_PERSON_VERBS | {"who"}):
        j = i - 1
        if name_at(j):
            gap = text[ends[j]:starts[i]]
            if gap == " " or (keys[i] == "who" and gap == ", "):
                persons.add(keys[j])
    for i in info.where(_PERSON_NOUNS):
        # "Lenin's wife": the word before the possessive "s".
        if i >= 2 and keys[i - 1] == "s" and name_at(i - 2) and \
                text[ends[i - 2]:starts[i - 1]] in ("'", "’"):
            persons.add(keys[i - 2])
    # The surname after a first name found so ("President Lázaro Cárdenas").
    for i in [i for i, w in enumerate(keys[:-1]) if w in persons]:
        if name_at(i + 1) and ends[i] + 1 == starts[i + 1]:
            persons.add(keys[i + 1])
    return persons - subject


def _first_person_paragraphs(info: _Text) -> set[int]:
    """Paragraphs in the subject's own words: first person, handed over to the subject."""
    doc = info.doc
    keys = info.tokens.key
    nom, _, _ = info.pronouns
    refs = info.subject | {nom}
    out: set[int] = set()
    for p, (s0, s1) in enumerate(doc.paragraphs):
        t0, t1 = doc.sentences[s0].t0, doc.sentences[s1].t1
        words = keys[t0:t1]
        if not ({"i", "me", "my"} & set(words)) or p == 0:
            continue
        # Who speaks? The last sentence before the paragraph: "as he later wrote:" hands
        # over to the subject, "Lenin commented on this:" to someone else.
        prev = doc.sentences[s0 - 1]
        before = keys[prev.t0:prev.t1]
        speech = [i for i, w in enumerate(before) if w in _SPEECH]
        if speech:
            agent = set(before[max(0, speech[-1] - 4):speech[-1]])
            if agent & refs or (not agent & info.persons and set(before) & refs):
                out.add(p)
        elif set(before) & refs and not (set(before) & info.persons):
            out.add(p)
    return out


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


_DATE_WORDS = frozenset({"age", "aged", "when", "year", "years", "at"})


@cache
def _watched() -> frozenset[str]:
    """Every word some rule looks up by position (see :meth:`_Text.where`)."""
    return frozenset(_given_names() | _TITLES | _PERSON_VERBS | _PERSON_NOUNS | _FACILITY_NOUNS
                     | _DATE_WORDS | {"who", "born", "known", "nee"})


def _never_a_place(key: str, places: list[Candidate]) -> bool:
    """An ordinary word whose places are all hamlets ("party", "army"): :func:`_keep`
    rejects it in any text, cased or not, so the scan may skip it from now on."""
    return _is_common(key) and not any(
        p.feature in _AREA_FEATURES or p.alias or p.population >= 20000 for p in places)


_UNCOUNTED = _MONTHS_AND_DAYS | {"the", "a", "an", "on"}
_STRONG_PREPS = _PREPS - {"from", "of"}


def _keep(info: _Text, c: _Cand, listed_after: int = -1) -> bool:
    """Is this match a place here (not a word, not a person, not a street)?

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
        return False
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
            return False
    strong = strong or listed
    if common and not doc.cased and not strong and not any(
            p.feature in _AREA_FEATURES for p in c.places):
        return False  # most words of a lower-case text: decided before anything else
    big = any(p.feature in _AREA_FEATURES for p in c.places)
    best_pop = max((p.population for p in c.places), default=0)
    if single and key in _MONTHS_AND_DAYS:
        return False  # "March 1919", "in June": a date, not March or June the town
    if prev in _STREET_WORDS or nxt in _STREET_WORDS:
        return False  # "Avenida Viena", "Vienna Street": a street, not the city
    if prev.endswith(("ovich", "evich", "ovna", "evna")):
        return False  # a patronymic, then the surname
    # "the harbor", "the camp": words, not the places named so; but a curated name or a big
    # city after a cue ("sent to the southern front", "moved to new york city") is meant.
    if not doc.cased and not single and all(_is_common(w) or w in _STOP_WORDS
                                            for w in key.split()) and \
            not (strong and (any(p.alias for p in c.places) or best_pop >= 100000)):
        return False
    if doc.cased:
        surface = text[c.start:c.end]
        capital = info.capital
        as_named = any(p.name == surface for p in c.places)  # "rural Finland"
        if not as_named and (not capital(a) or not all(
                capital(i) or keys[i] in _SMALL or keys[i].isdigit() for i in range(a, b + 1))):
            return False
        s = doc.sentences[c.sentence]
        at_start = a == s.t0 or (a == s.t0 + 1 and keys[s.t0] in ("the", "a", "an"))
        if common and (at_start or (not big and best_pop < 20000)):
            return False
        # "near the Thames": a town's name after "the" names something else (a river),
        # unless the place is called so ("the Hague", "the Urals", "the Netherlands").
        if prev == "the" and not (b + 1 < len(keys) and capital(b + 1)
                                  and info.tokens.joined(b)) and not any(
                p.name.lower().startswith("the ") or p.alias or p.feature in _AREA_FEATURES
                for p in c.places):
            return False  # ("the Zimmerwald Conference" names the town's event: kept)
        # The head of a longer name ("University of Warsaw", "Duke of York")?
        if common and nxt == "of" and b + 2 < len(keys) and capital(b + 2):
            return False
        # Part of a longer capitalised name ("Kievskaya Mysl", "Kherson Province")?
        if single and b + 1 < len(keys) and info.capital(b + 1) and \
                info.tokens.joined(b) and nxt not in _STOP_WORDS | info.subject and \
                (common or (nxt not in _MODIFIER_NOUNS and nxt not in _FACILITY_NOUNS)):
            return False  # ("the Zimmerwald Conference" is a place's event; "the
            # Imperial University" an adjective's institution)
        # Inside a longer capitalised name ("South Russian Workers' Union")?
        if common and a > 0 and info.capital(a - 1) and not at_start and \
                prev not in _STOP_WORDS and info.tokens.joined(a - 1):
            return False
    else:
        # In lowercase text an ordinary word needs a destination cue and a real city.
        if common and not big and (best_pop < 100000 or not strong) and not (
                best_pop >= 1000000 and prev in _PREPS):
            return False
        # "kievskaya mysl": a word that is no English word, right before another such word,
        # is part of a longer name (cased text shows this by capitals).
        if single and nxt and info.tokens.joined(b) and not _is_common(nxt) and \
                nxt not in _STOP_WORDS and nxt not in info.subject and nxt not in given and \
                not nxt.isdigit() and not _cue_of(nxt):
            return False
    # Persons: given name or title before it, a person elsewhere.
    if prev in given and single and info.tokens.joined(a - 1):
        return False
    if prev in _TITLES:
        return False
    if single and key in given and nxt:
        if doc.cased:
            if b + 1 < len(keys) and info.capital(b + 1) and info.tokens.joined(b):
                return False
        elif nxt not in _STOP_WORDS and not _is_common(nxt):
            return False
    # A word that names a person elsewhere is a place only after a cue, as a real city.
    return not (single and key in info.persons and (not strong or best_pop < 100000))


# -- places: choosing a candidate -----------------------------------------------------------
def _choose_place(c: _Cand, countries: frozenset[str], near: tuple[float, float] | None,
                  year: int | None, damaged: bool) -> Candidate | None:
    """The candidate the geocoder's scoring prefers in this context.

    A well-known city far bigger than every other place of the name (Geneva in Switzerland,
    not in Illinois) is what a bare name means: the previous stop's distance is no evidence
    against it, only a country named nearby is. Otherwise the previous stop counts (Sinop on
    the Black Sea after a Turkish prison, not Sinop in Brazil).
    """
    places = c.places if damaged else [p for p in c.places if not p.is_damaged]
    if not places:
        return None
    top = max(places, key=lambda p: p.population)
    others = [p.population for p in places
              if p.country != top.country or _km(p, top) > 50]
    # "Far bigger" and well known: a city of a million, or one Webster's dictionary lists.
    famous = top.population >= 1000000 or c.key in proper_words() or c.key in common_words()
    if famous and top.population >= 100000 and all(top.population >= 5 * x for x in others) \
            and (not countries or top.country in countries):
        return top
    return max(places, key=lambda p: (score_candidate(p, countries=countries, near=near,
                                                      year=year), p.population, p.source))


# -- visit or mention ---------------------------------------------------------------------
_SUBORDINATORS = _words("while whereas although though but which who whose whom")
# Verbs by which others move the subject: "sent him to", "had him transferred"; not
# "followed him into exile", where the agent moves.
_CAUSATIVE = _words("""sent send sends sending brought bring brings bringing took take takes
taking taken deported deport deports exiled exile expelled banished transferred transfer
moved move forced ordered put placed escorted carried drove shipped had have got invited
allowed let sentenced""")
# Brackets do not cut: an aside ("(New Style)") sits inside its clause.
_CLAUSE_BREAK = re.compile(r"[;:—]")


def _is_cue(keys: list[str], i: int) -> str:
    w = keys[i]
    if i + 1 < len(keys):
        pair = _CUE_PAIRS.get((w, keys[i + 1]))
        if pair:
            return pair
        if i + 2 < len(keys) and (w, keys[i + 2]) in _CUE_PAIRS:
            return _CUE_PAIRS[(w, keys[i + 2])]  # "made his way"
    return _cue_of(w)


def _facility_after(right: list[str]) -> str:
    """The facility a name qualifies: "hospital" in "Oslo community hospital"."""
    for w in right[:3]:
        if w in _FACILITY_NOUNS:
            return w
        if not _is_common(w) or _cue_of(w) or w in _STOP_WORDS:
            break
    return ""


def _subject_mentions(info: _Text, t0: int, t1: int, refs: set[str]) -> list[int]:
    """Words in ``t0..t1-1`` that name the subject as an agent.

    A possessive ("Trotsky's friend") is no agent, and a bare pronoun is not the subject when
    another person was named between it and the subject's last mention ("... asked Gorky,
    and boarded the ship he was on").
    """
    keys = info.tokens.key
    text = info.tokens.text
    out = []
    n = len(keys)
    for i in range(t0, t1):
        w = keys[i]
        if w not in refs:
            continue
        if i + 1 < n and keys[i + 1] == "s" and \
                text[info.tokens.end[i]:info.tokens.start[i + 1]] in ("'", "’"):
            continue
        if w in info.subject:
            out.append(i)
            continue
        if _pronoun_means_subject(info, i):
            out.append(i)
    return out


def _pronoun_means_subject(info: _Text, i: int) -> bool:
    """Whether the pronoun at word ``i`` stands for the biography's subject.

    It does unless another person was named between it and the subject's last mention in
    its sentence (a sentence that starts with "he" continues with the subject). An object
    pronoun never stands for the agent of its clause: in "Cárdenas welcomed him" the
    person before the verb is not "him", in "neutralised his friend Rakovsky by removing
    him" the person named is.
    """
    keys = info.tokens.key
    si = info.sent_of[i]
    lo = info.doc.sentences[si].t0 if si >= 0 else max(0, i - 30)
    objective = keys[i] in ("him", "her", "them")
    for k in range(i - 1, lo - 1, -1):
        if keys[k] in info.subject:
            return True
        if keys[k] in info.persons:
            nxt = keys[k + 1] if k + 1 < len(keys) else ""
            if nxt in info.persons and k + 1 < i:
                continue  # a first name: the verb comes after the surname
            if objective and (nxt.endswith("ed") or nxt in _PERSON_VERBS):
                continue  # the agent of a verb: someone else than its object
            return False
    return True


def _classify(info: _Text, c: _Cand, prev_visit: _Cand | None,
              skip: frozenset[int] = frozenset()) -> tuple[float, str, str, bool]:
    """(score, kind, cue, departs) for a kept candidate; score <= 0 means a mere mention.

    ``skip`` holds the words of qualifiers ("Pola, Austria and Trieste") that stand between
    places listed together.
    """
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    n = len(keys)
    sent = doc.sentences[c.sentence]
    a, b = c.first, c.last
    # The clause: a semicolon, colon, dash or bracket before the name starts a new one.
    c0 = a
    tstart, tend = info.tokens.start, info.tokens.end
    while c0 > sent.t0 and not _CLAUSE_BREAK.search(text, tend[c0 - 1], tstart[c0]):
        c0 -= 1
        # ", while the work in X was done by Y": a subordinate clause with its own agent.
        if keys[c0] in _SUBORDINATORS and c0 > sent.t0 and \
                "," in text[tend[c0 - 1]:tstart[c0]] and c0 < a - 1:
            break
    left = keys[c0:a]
    right = keys[b + 1:min(sent.t1, b + 10)]
    nxt = right[0] if right else ""
    gap_after = text[c.end:info.tokens.start[b + 1]] if b + 1 < n else ""
    nom, obj, _ = info.pronouns
    subject_refs = info.subject | {nom}
    if doc.sentences[c.sentence].paragraph in info.first_person:
        subject_refs = subject_refs | {"i", "we"}

    # Mentions: modifiers ("the Moscow trials", "London-based", "the Bolshevik leader"),
    # possessives ("Germany's terms"), "Treaty of X".
    if nxt and b + 1 < sent.t1:
        hyphen = "-" in gap_after or "–" in gap_after
        if hyphen and nxt in ("based", "born", "area", "style", "era"):
            return -1.0, "", f"'{nxt}' after the name", False
        if nxt == "s" and gap_after in ("'", "’"):
            return -1.0, "", "possessive", False
        if gap_after == " " and nxt in _MODIFIER_NOUNS and nxt not in (
                "conference", "congress", "convention"):
            return -1.0, "", f"used before '{nxt}'", False
        if nxt in ("conference", "congress", "convention") and len(right) > 1 and \
                right[1] in ("in", "at"):
            # "the Solvay Conference in Brussels": the event is named, the place follows.
            return -1.0, "", f"names the {nxt}", False
        if gap_after == " " and nxt not in _STOP_WORDS and not _facility_after(right) and \
                _is_common(nxt) and not _cue_of(nxt) and nxt not in _PERSON_VERBS and \
                not nxt.endswith(("ly", "ed")) and nxt not in info.subject and \
                (not doc.cased or not info.capital(b + 1)) and \
                not any(p.feature in ("region", "district") for p in c.places):
            return -1.0, "", f"used before '{nxt}'", False
    # The preposition that links the name to the clause, skipping articles and place nouns
    # ("in the harbor town of X", "to a farm in X").
    prep = ""
    facility = ""
    place_of = False
    j = len(left) - 1
    steps = 0
    while j >= 0 and steps < 6:
        w = left[j]
        if w in _PREPS:
            prep = w
            if j >= 1 and left[j - 1] in _FACILITY_NOUNS and w in ("in", "at", "near"):
                facility = left[j - 1]
            break
        if w == "of" and j >= 2 and left[j - 2:j] == ["by", "way"]:
            prep = "via"  # "by way of Stockholm"
            break
        if w == "of" and j >= 1 and left[j - 1] in _POLITIES and not any(
                p.feature in _AREA_FEATURES for p in c.places):
            # "the Duchy of Warsaw", "the Republic of Venice": a state named after its
            # capital, not the town.
            return -1.0, "", f"'{left[j - 1]} of' before the name", False
        if w == "of" and j >= 1 and left[j - 1] in _PLACE_OF:
            place_of = True  # "the island of X", "the harbor town of X"
            j -= 2
            steps += 2
            continue
        if w == "of":
            return -1.0, "", "'of' before the name", False
        if w in _SKIPPABLE or (_is_common(w) and w not in _STOP_WORDS
                               and not _cue_of(w)):
            j -= 1
            steps += 1
            continue
        break
    other_actor = prep in ("in", "at", "near") and j >= 1 and left[j - 1] in _OTHER_ACTORS
    # "the X hospital", "X internment camp": the facility is at X.
    after_facility = _facility_after(right)
    score = 0.0
    kind = ""
    cue = ""
    cue_at = -1
    for i in range(len(left) - 1, max(-1, len(left) - 17), -1):
        k = _is_cue(left, i)
        if k:
            cue_at = i
            cue = left[i]
            kind = k
            break
    # "sent him to X for his education", "moved to X to study": the purpose names the stay.
    if kind in ("residence", "travel", ""):
        for w in right[1:4] if right[:1] and right[0] in ("for", "to") else []:
            k = _cue_of(w)
            if k in ("school", "hospital", "prison", "exile", "asylum", "conference"):
                kind = k
                cue = w
                break
    if not cue and "born" in left and prep in ("in", "at", "near"):
        # "born ... on 7 November 1879, the fifth child of a family in X": far, but plain.
        cue_at = len(left) - 1 - left[::-1].index("born")
        cue = "born"
        kind = "birth"
    if after_facility:
        k = _cue_of(after_facility)
        if k and (not cue or kind in ("residence", "travel")):
            kind = k
            cue = cue or after_facility
    named_event = nxt in ("conference", "congress", "convention", "meeting", "summit")
    # "visited Milan", "reached the capital", "left Vienna": the place is the verb's object.
    direct = cue_at >= 0 and left[cue_at] in _TRANSITIVE and all(
        w in ("the", "a", "an") for w in left[cue_at + 1:])
    if cue and (prep or (kind == "conference" and named_event) or after_facility or place_of
                or direct):
        score += 2.0
    elif cue:
        score += 1.0
    if other_actor and not (kind in ("prison", "detention", "exile")
                            and set(left) & ({obj, info.pronouns[2]} | subject_refs)):
        # "troops at X", "a newspaper in X": someone or something else was at X; a
        # subject held or stopped there ("his ship was intercepted by officials in X") was.
        return -1.0, "", f"'{left[j - 1]} {prep}' before the name", False
    if facility and cue:
        score += 0.5
        k = _cue_of(facility)
        if k and kind in ("residence", "travel"):
            kind = k
    refs_re = subject_refs
    right_words = set(right[:3])
    # "X, where he ...", "while in X", "In X, he ..."
    if (nxt == "where" and len(right) > 1 and right[1] in refs_re) or (
            nxt == "where" and len(right) > 2 and right[2] in refs_re):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "where"
    if (len(left) >= 1 and left[-1] in ("in", "at") and len(left) >= 2 and \
            left[-2] == "while") or (len(left) >= 3 and left[-3:] == ["while", "still", "in"]):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "while in"
    if left and left[-1] in ("in", "at") and len(left) <= 2 and right_words & refs_re:
        score += 2.0
        kind = kind or "residence"
        cue = cue or "in"
    # Coordination with the previous visit in the same sentence ("in X, then Y").
    if prev_visit is not None and prev_visit.sentence == c.sentence and score < 2:
        between = [keys[i] for i in range(prev_visit.last + 1, a) if i not in skip]
        if all(w in ("and", "then", "or", "later", "finally", "first", "next", "also", "in",
                     "at", "to", "the", "before", "after", "via", "from") for w in between):
            score += 2.0
            cue = cue or "listed with the previous place"
    # "At first he worked in X, but soon moved to Y": a place left is a place stayed at.
    if score <= 0 and prep in ("in", "at"):
        later = keys[b + 1:sent.t1]
        for i, w in enumerate(later[:12]):
            if w in ("moved", "left", "went", "fled") and (set(later[max(0, i - 4):i])
                                                           & ({"but", "then", "before"}
                                                              | refs_re)):
                score += 2.0
                kind = "residence"
                cue = "left for another place"
                break
    if score <= 0:
        return 0.0, "", "", False
    # Negation or intention between the clause start and the name, unless a new coordinated
    # clause starts after it ("escaped en route to exile and made his way to X").
    window = left[-12:]
    vetoes = [i for i, w in enumerate(window) if w in _NEGATIONS] + [
        i for i in range(len(window) - 1) if (window[i], window[i + 1]) in _NEG_PHRASES]
    if vetoes:
        v = max(vetoes)
        cue_w = cue_at - (len(left) - len(window)) if cue_at >= 0 else len(window)
        between = window[v + 1:max(v + 1, cue_w)]
        # A new coordinated clause, or a new subject, starts after the veto: "escaped en
        # route to exile in X, [and] he made his way to Y".
        if not any(w in ("and", "but", "then") or w in subject_refs for w in between):
            return -1.0, "", "negated or intended", False
    # Whose clause is it? The subject (name, pronoun, "him") or someone else?
    agents = _subject_mentions(info, c0, a, subject_refs)
    if c.sentence not in info.agents:
        info.agents[c.sentence] = bool(_subject_mentions(info, sent.t0, sent.t1, subject_refs))
    sent_agents = info.agents[c.sentence]
    # "sent him to X": someone else acts, but the subject moves. "Her" is also a possessive
    # ("her brother went"), so it counts only right before a preposition ("sent her to").
    moved = any((w in ("him", "them") or (w == obj and (obj != "her" or (
        i + 1 < len(window) and window[i + 1] in _PREPS | {"back", "away", "off"}))))
        and i >= 1 and window[i - 1] in _CAUSATIVE for i, w in enumerate(window))
    if moved and "them" not in window:
        # "... his friend Rakovsky by sending him to London": "him" is whoever was named
        # last, and that may be someone else.
        k = len(left) - 1 - left[::-1].index(obj) if obj in left else -1
        if k >= 0 and not _pronoun_means_subject(info, c0 + k):
            moved = False
    after_agent = bool(_subject_mentions(info, b + 1, min(sent.t1, b + 4), subject_refs))
    if not (agents or moved or after_agent or "they" in left):
        if sent_agents:
            score -= 0.5
        else:
            # The sentence before may carry the subject ("In New York, he wrote ...").
            score -= 1.5
    # Another person as the agent: "his daughter went to X", "Smilga in X".
    # Only a relative named before the cue verb acts ("his daughter went to"), not one
    # the subject goes with ("lived with his wife").
    family = None
    for i, w in enumerate(left[:cue_at] if cue_at >= 0 else left):
        if w in _FAMILY and i >= 1 and left[i - 1] in ("his", "her", "their") and not (
                i >= 2 and left[i - 2] in ("with", "and")) and not (
                i + 2 < len(left) and left[i + 1] == "and" and left[i + 2] in subject_refs):
            family = i
    # A child moves with the family: "his family moved to X when he was six weeks old".
    child = bool({"when", "as"} & set(right)) and bool(
        {"old", "child", "boy", "girl", "infant", "baby"} & set(keys[b + 1:sent.t1]))
    if family is not None and not moved and not child:
        # The subject counts only when named with them ("Trotsky and his wife").
        before_family = set(left[max(0, family - 3):family])
        if not before_family & (subject_refs | {"and"}):
            score -= 2.5
    named_other = [w for w in left[-10:] if w in info.persons]
    if named_other and not agents and not moved:
        score -= 2.0
    departs = prep == "from" or (direct and left[cue_at] in (
        "left", "leave", "leaves", "leaving", "fled", "flee", "flees", "fleeing"))
    if departs and kind == "travel":
        kind = "residence"  # "left Dublin": he had been staying there
    return score, kind or "residence", cue, departs


# -- main entry points --------------------------------------------------------------------
_MATCHERS: dict[tuple[str, bool], Matcher] = {}


def _matcher_for(index: PlaceIndex, use_automaton: bool | None) -> Matcher:
    key = (index.version, bool(use_automaton))
    if key not in _MATCHERS:
        _MATCHERS[key] = Matcher(index, use_automaton=bool(use_automaton))
    return _MATCHERS[key]


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
        Gazetteer (default: the project gazetteer, :func:`geo.places.names.default_index`).
    use_automaton : bool, optional
        Match names with a pyahocorasick automaton instead of the token scan (same matches).
    threshold : float
        Minimum visit score; lower finds more visits and more mere mentions.

    Returns
    -------
    Draft
    """
    if index is None:
        index = default_index()
    matcher = _matcher_for(index, use_automaton)
    info, matches = _analyse(text, index, matcher)
    doc = info.doc
    tokens = info.tokens
    keys = tokens.key
    cands: list[_Cand] = []
    proper = proper_words()
    capital = info.capital
    for m in _choose_spans(matches):
        si = info.sent_of[m.first]
        if si < 0 or info.sent_of[m.last] != si:
            continue  # headings, references, captions outside sentences
        if doc.cased and m.first == m.last and not capital(m.first):
            continue  # a lower-case word in a cased text (checked here: lookups cost)
        places = index.candidates(m.key)
        if m.first == m.last and _never_a_place(m.key, places):
            matcher.dead.add(m.key)  # later texts skip it in the scan
            continue
        if not doc.damaged:
            places = [p for p in places if not p.is_damaged]
        if not places:
            continue
        c = _Cand(m.first, m.last, tokens.start[m.first], tokens.end[m.last], m.key, places, si)
        if m.first == m.last and m.key in proper and not any(
                p.feature in ("country", "region") or (p.match == 0 and p.population > 50000)
                for p in places) and _demonym_places(m.key, index):
            c.demonym = True
        cands.append(c)
    # Demonyms of places not in the gazetteer as words ("Caucasian"): candidates too, for
    # "left for a Caucasian resort".
    taken = {c.first for c in cands}
    for f in info.where(_FACILITY_NOUNS):
        i = f - 1
        w = keys[i] if i >= 1 else ""
        if i in taken or len(w) < 5 or w not in proper or info.sent_of[i] < 0:
            continue
        if keys[i - 1] in ("a", "an", "the"):
            places = _demonym_places(w, index)
            if places:
                cands.append(_Cand(i, i, tokens.start[i], tokens.end[i], w, places,
                                   info.sent_of[i], demonym=True))
    cands.sort(key=lambda c: c.first)
    kept = []
    for c in cands:
        if c.demonym:
            # A demonym is a place only as "a Caucasian resort" after a cue: the kind of
            # place is named after it.
            nxt = keys[c.last + 1] if c.last + 1 < len(keys) else ""
            if nxt in _FACILITY_NOUNS and c.last > 0 and keys[c.first - 1] in ("a", "an"):
                c.places = _demonym_places(c.key, index) or c.places
                kept.append(c)
            continue
        prior = kept[-1] if kept and kept[-1].sentence == c.sentence else None
        if _keep(info, c, prior.last + 1 if prior else -1):
            kept.append(c)

    # Qualifiers ("Amherst, Nova Scotia", "Alma Ata (now in Kazakhstan)") and modern names
    # ("Nikolayev (now Mykolaiv)") describe the place before them; they are not stops.
    qualifiers: dict[int, set[str]] = {}
    renamed: dict[int, list[Candidate]] = {}
    drop: set[int] = set()
    text_ = text
    for i, c in enumerate(kept):
        for j in range(i + 1, min(i + 4, len(kept))):
            nq = kept[j]
            if nq.sentence != c.sentence or nq.start - c.end > 60:
                break
            gap = text_[kept[j - 1].end:nq.start]
            now = re.fullmatch(r"\s*[(,]\s*(?:now|present-day|today|modern|later)\s*(in\s+)?"
                               r"(?:the\s+)?", gap, re.I)
            # "Coyoacán, a neighborhood in Mexico City": where the first place lies.
            if re.fullmatch(r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){1,3}(?:in|of|near)\s+"
                            r"(?:the\s+)?", gap):
                drop.add(j)
                break
            wide = {p.country for p in nq.places if p.feature != "city" and p.country}
            mine = {p.country for p in c.places}
            if now and not now.group(1) and any(p.feature == "city" for p in nq.places):
                renamed[i] = nq.places
                drop.add(j)
            elif (now or re.fullmatch(r"\s*(?:,|-|\s)\s*", gap) or
                  re.search(r"\b(?:in|of)\s+(?:the\s+)?$", gap)) and wide & mine and \
                    i not in drop:
                qualifiers.setdefault(i, set()).update(wide & mine)
                drop.add(j)
            elif gap.strip() == "," and i not in drop and any(
                    p.feature == "country" and p.match == 0 for p in nq.places) and \
                    not any(p.feature in _AREA_FEATURES for p in c.places):
                # "Pola, Austria": a town and the state it belonged to then, which need not
                # be its country now; a qualifier all the same, not a stop.
                drop.add(j)
            else:
                break
    for i, places in renamed.items():
        # "Nikolayev (now Mykolaiv)": both names, the modern one decides.
        kept[i].places = [p for p in places if p.feature == "city"] or places
    # Countries named in a sentence: context for its other places (as the geocoder expects:
    # "the country named in the same row or sentence").
    sent_countries: dict[int, set[str]] = {}
    for c in kept:
        for p in c.places:
            if p.feature == "country" and p.country and p.match == 0:
                sent_countries.setdefault(c.sentence, set()).add(p.country)

    skip_words = frozenset(t for j in drop for t in range(kept[j].first, kept[j].last + 1))
    sent_dates, running = _running_dates(info)
    visits: list[Visit] = []
    mentions: list[tuple[str, int, int, bool]] = []
    near: tuple[float, float] | None = None
    prev_visit: _Cand | None = None
    for i, c in enumerate(kept):
        if i in drop:
            continue
        sent = doc.sentences[c.sentence]
        score, kind, cue, departs = _classify(info, c, prev_visit, skip_words)
        is_visit = score >= threshold
        surface = text[c.start:c.end]
        mentions.append((surface, c.start, c.end, is_visit))
        if not is_visit:
            continue
        date, date_from = _date_for(info, c, sent_dates[c.sentence], running[c.sentence])
        if kind == "birth" and date_from != "sentence" and info.birth_date:
            # "She was born in Warsaw": the date is in the lifespan, not the narrative.
            date, date_from = info.birth_date, "sentence"
        until = _until(info, c.sentence, sent_dates[c.sentence], date) if date_from == \
            "sentence" else ""
        if not date:
            continue
        year = int(date[:4])
        countries = frozenset(qualifiers.get(i, set())
                              or sent_countries.get(c.sentence, set()))
        place = _choose_place(c, countries, near, year, doc.damaged)
        if place is None:
            continue
        name, _, heading_text = _period_of(doc, sent.heading)
        kind = kind or "travel"  # only when the visit threshold is switched off
        if kind == "prison" and place.feature == "country":
            kind = "residence"
        returns = cue.startswith(("return", "back"))
        visits.append(Visit(place, surface, c.start, c.end, date, date_from, kind, cue,
                            score, name, heading_text, i, departs, returns, c.sentence,
                            until))
        # "... in Bodrum, where he died on 9 July 1971": the death is a stop of its own.
        event = _where_event(info, c, sent_dates[c.sentence])
        if event is not None and event[0] != kind:
            visits.append(Visit(place, surface, c.start, c.end, event[1], "sentence", event[0],
                                "where " + event[0], score, name, heading_text, i, False,
                                False, c.sentence))
        near = (place.lat, place.lon)
        prev_visit = c
    visits.extend(_infobox_visits(info, index))
    # With sections, the lead only summarises them: keep its births and deaths.
    if len(doc.headings) >= 2:
        visits = [v for v in visits if v.heading or v.kind in ("birth", "death")]
    deaths = [_date_key(v.date)[1] for v in visits if v.kind == "death"]
    if deaths:
        visits = [v for v in visits if _date_key(v.date)[0] <= min(deaths)]
    stops = _make_stops(visits, doc, source_name, info)
    return Draft(stops, mentions, info.main)


def _where_event(info: _Text, c: _Cand, dates: list[DateMention]) -> tuple[str, str] | None:
    """(kind, date) of a birth or death told after the place: "X, where he died in 1971"."""
    keys = info.tokens.key
    sent = info.doc.sentences[c.sentence]
    after = keys[c.last + 1:min(sent.t1, c.last + 6)]
    if len(after) < 3 or after[0] != "where":
        return None
    nom = info.pronouns[0]
    if after[1] not in info.subject | {nom}:
        return None
    verb = after[2] if after[2] not in ("was", "later", "eventually", "finally") else \
        (after[3] if len(after) > 3 else "")
    kind = {"died": "death", "born": "birth"}.get(verb)
    if kind is None:
        return None
    at = info.tokens.end[c.last] - sent.start
    later = [d for d in dates if d.start >= at and d.has_year]
    if not later:
        return None
    return kind, later[0].edtf


# -- dates --------------------------------------------------------------------------------
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
            "eighteen": 18, "nineteen": 19, "twenty": 20}


def _running_dates(info: _Text) -> tuple[dict[int, list[DateMention]], list[str]]:
    """Dates of each sentence, and the running narrative date before each sentence."""
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    all_dates = scan_dates(text)
    starts = [d.start for d in all_dates]
    sent_of = info.sent_of
    # Birth year, for "when he was nine" and "at the age of nine".
    birth_year = None
    born_in = sorted({sent_of[i] for i in info.where({"born"})} - {-1})
    for s in (doc.sentences[k] for k in born_in):
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        # A lifespan in brackets counts here ("(born Maria X; 7 November 1867 – 1934)").
        found = [d for d in all_dates[lo:hi] if d.has_year]
        days = [d for d in found if d.precision == "day"]
        if days:
            birth_year = days[0].year
            info.birth_date = days[0].edtf
            break
        if found and birth_year is None:
            birth_year = found[0].year  # a year only: kept unless a full date comes later
            info.birth_date = found[0].edtf
    # Sentences that may hold an age or "years later": looked for only there.
    flagged = {sent_of[i] for i in info.where(_DATE_WORDS) if keys[i] != "at" or (
        i + 1 < len(keys) and keys[i + 1] in _NUMBERS and keys[i + 1] != "a")}
    heading_years_of: dict[int, tuple[int, int] | None] = {}
    sent_dates: dict[int, list[DateMention]] = {}
    running: list[str] = []
    cur: str | None = None
    cur_heading = -2
    for k, s in enumerate(doc.sentences):
        if s.heading not in heading_years_of:
            heading_years_of[s.heading] = _period_of(doc, s.heading)[1]
        years = heading_years_of[s.heading]
        if s.heading != cur_heading:
            cur_heading = s.heading
            if years and (cur is None or not years[0] <= int(cur[:4]) <= years[1]):
                cur = str(years[0])
        run_year = int(cur[:4]) if cur else (years[0] if years else None)
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        dates = []
        for found in all_dates[lo:hi]:
            d = resolve_year(found, run_year)
            if d is None:
                continue
            # Offsets relative to the sentence, as the rest of the pass expects.
            dates.append(DateMention(d.start - s.start, d.end - s.start, d.edtf, d.year,
                                     d.narrative, d.has_year))
        words = keys[s.t0:s.t1] if k in flagged else []
        if not dates and birth_year and words:
            age = _age_of(words)
            if age:
                y = birth_year + max(0, age)
                dates = [DateMention(0, 0, f"{y}~", y, True)]
        sent_dates[k] = dates
        if cur and words and not any(d.narrative for d in dates):
            later = _years_later(words)
            if later:
                # "A year later, he moved back to Zurich": this sentence is already later.
                cur = str(int(cur[:4]) + later)
        running.append(cur or "")
        p0, p1 = doc.paragraphs[s.paragraph]
        if p0 == p1 and s.end - s.start < 120 and not text[s.start:s.end].endswith(":"):
            continue  # a caption or an aside on its own line does not move the narrative
        for d in dates:
            if not d.narrative:
                continue
            if years and not years[0] - 1 <= d.year <= years[1] + 1:
                continue  # an aside about another time does not move the narrative
            cur = d.edtf.rstrip("~")
    return sent_dates, running


def _age_of(words: list[str]) -> int:
    """An age in "when he was nine", "at the age of 9", "aged nine" (0 for none, -1 for an
    age in weeks, months or days)."""
    for i, w in enumerate(words):
        nxt = ""
        when = w == "was" and i >= 2 and words[i - 2] == "when"
        age = w == "of" and i >= 2 and words[i - 2:i] == ["the", "age"]
        # "At fifteen he was apprenticed": a number word (a digit may be a house number).
        at = w == "at" and i + 2 < len(words) and words[i + 1] in _NUMBERS and \
            words[i + 1] != "a" and words[i + 2] in ("he", "she", "they", "years")
        if (when or age or at or w == "aged") and i + 1 < len(words):
            nxt = words[i + 1]
        if nxt:
            unit = words[i + 2] if i + 2 < len(words) else ""
            if unit in ("weeks", "months", "days", "week", "month", "day"):
                return -1  # "when he was six weeks old": the birth year itself
            if nxt.isdigit() and len(nxt) <= 2:
                return int(nxt)
            if nxt in _NUMBERS and nxt != "a":
                return _NUMBERS[nxt]
    return 0


def _years_later(words: list[str]) -> int:
    """Years moved on by "two years later", "after three years", "the following year" or
    "the next year" (0 for none)."""
    for i, w in enumerate(words):
        if w == "year" and i >= 2 and words[i - 2] == "the" and \
                words[i - 1] in ("following", "next"):
            return 1
        if w in ("year", "years") and i >= 1 and words[i - 1] in _NUMBERS:
            if i + 1 < len(words) and words[i + 1] == "later":
                return _NUMBERS[words[i - 1]]
            if i >= 2 and words[i - 2] == "after":
                return _NUMBERS[words[i - 1]]
    return 0


_SPAN_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–)\s*")


def _until(info: _Text, sentence: int, dates: list[DateMention], date: str) -> str:
    """The end of a span that starts at ``date``: "between 22 December 1917 and 10 February
    1918", "from July 1933 to February 1934"."""
    text = info.doc.text
    start = info.doc.sentences[sentence].start
    for d, e in pairwise(dates):
        if d.edtf == date and _SPAN_JOIN.fullmatch(text[start + d.end:start + e.start]) and \
                _date_key(e.edtf)[0] >= _date_key(d.edtf)[0]:
            return e.edtf
    return ""


def _date_for(info: _Text, c: _Cand, dates: list[DateMention], running: str
              ) -> tuple[str, str]:
    doc = info.doc
    text = doc.text
    sent = doc.sentences[c.sentence]
    if dates:
        pos_a = c.start - sent.start
        pos_b = c.end - sent.start

        def dist(d: DateMention) -> int:
            # A date after the name is slightly less likely to be its date, unless it
            # follows right on ("Paris in 1920", "Ulm, 14 March 1879").
            if d.end <= pos_a:
                gap = pos_a - d.end
            else:
                between = text[sent.start + pos_b:sent.start + d.start]
                gap = d.start - pos_b + (0 if between.strip(" ,") in ("", "in", "on") else 10)
            if d.edtf.endswith("~") and d.precision == "year":
                gap += 40  # "at the outbreak of World War I" loses to "August 3, 1914"
            # A date in another clause (after ";" or across "but") is further away.
            seg = text[sent.start + min(d.end, pos_a):sent.start + max(d.start, pos_b)]
            gap += 60 * seg.count(";")
            if not d.narrative:
                gap += 200
            return gap

        best = min(dates, key=dist)
        # A date in brackets (a lifespan, a book's year) is no date of the visit; a month
        # without a year ("in November") is, in the running year.
        if best.narrative or not best.has_year or not running:
            return best.edtf, "sentence"
    if running:
        return running[:4], "narrative"
    _, years, _ = _period_of(doc, sent.heading)
    if years:
        return str(years[0]), "heading"
    return "", ""


_INFOBOX = re.compile(r"^(born|died)\b[\s:]*(.*)$", re.I)


def _infobox_visits(info: _Text, index: PlaceIndex) -> list[Visit]:
    """Birth and death from an infobox: "Born <date>" on one line, the place on the next."""
    from geo.textdates import find_dates

    doc = info.doc
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
        parts = [p.strip() for p in place_line.split(",")]
        first = parts[0]
        toks = tokenize(first)
        key = " ".join(toks.key)
        places = [p for p in index.candidates(key) if not p.is_damaged]
        if not places or len(first) > 60:
            continue
        countries = set()
        for part in parts[1:]:
            pk = " ".join(tokenize(part).key)
            countries.update(p.country for p in index.candidates(pk)
                             if p.feature == "country")
        best = max(places, key=lambda p: (score_candidate(p, countries=frozenset(countries)),
                                          p.population, p.source))
        kind = "birth" if m.group(1).lower() == "born" else "death"
        a = starts[n + 1] + place_line.find(first)
        out.append(Visit(best, first, a, a + len(first), dates[0].edtf, "sentence", kind,
                         m.group(1).lower(), 3.0, "", "infobox",
                         -1 if kind == "birth" else 10**9))
    return out


@cache
def _date_key(edtf: str) -> tuple[int, int]:
    d = parse_date(edtf)
    return d.earliest().toordinal(), d.latest().toordinal()


# -- stops --------------------------------------------------------------------------------
def _km(a: Candidate, b: Candidate) -> float:
    # Great-circle distance: enough to tell "inside a region" from "far away".
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def _same_place(a: Candidate, b: Candidate) -> bool:
    # Names of one place (Nikolayev, Mykolaiv) may come from an alias row and from GeoNames.
    # Within 15 km: one town under two names; within 25 km, two big parts of one
    # metropolis (the Bronx and New York), but not a small island off a city (Büyükada).
    if a.source == b.source or (a.geonameid is not None and a.geonameid == b.geonameid):
        return True
    if a.feature in _AREA_FEATURES or b.feature in _AREA_FEATURES or a.country != b.country:
        return False
    km = _km(a, b)
    return km < 15 or (km < 25 and min(a.population, b.population) >= 500000)


_AREA_FEATURES = ("country", "region", "continent")
# Cues that place him somewhere without moving him ("In Siberia, he studied").
_STATIVE_CUES = frozenset({"in", "while in", "where", "listed with the previous place"})
# How far from its representative point a region's towns may lie: a region inside one
# country may be as wide as Siberia; one across borders (the Balkans) is checked by distance
# alone, so it is taken smaller.
_REGION_KM = 2500.0
_CROSS_BORDER_REGION_KM = 600.0


def _inside(city: Candidate, area: Candidate) -> bool:
    """Whether a city stop lies in a country or region stop's area."""
    if area.feature == "country":
        return city.country == area.country
    if area.country:
        return city.country == area.country and _km(city, area) <= _REGION_KM
    return _km(city, area) <= _CROSS_BORDER_REGION_KM


def _make_stops(visits: list[Visit], doc: _Doc, source_name: str, info: _Text) -> list[Stop]:
    # A person is born once: the most precise (then earliest) birth date is the birth; other
    # mentions of the birth add nothing.
    births = [v for v in visits if v.kind == "birth"]
    if births:
        birth = min(births, key=lambda v: (-len(v.date.rstrip("~?")), _date_key(v.date), v.order))
        # Other mentions of the same birth (an infobox and the text) join it, for its
        # source and period; a birth told elsewhere or at another date is left out.
        visits = [v for v in visits if v.kind != "birth" or v is birth or (
            _same_place(v.place, birth.place) and v.date == birth.date)]
    # Order by year, then narrative order (finer dates are unreliable across precisions).
    visits = sorted(visits, key=lambda v: (int(v.date[:4]), v.order, v.start))
    groups: list[list[Visit]] = []
    for v in visits:
        target = None
        if groups and _same_place(groups[-1][0].place, v.place) and \
                not _separate_trips(groups[-1], [v]):
            target = groups[-1]
        else:
            # Back to a place left only for short trips: the same stay.
            for gi in range(len(groups) - 1, max(-1, len(groups) - 9), -1):
                g = groups[gi]
                if _same_place(g[0].place, v.place):
                    since = groups[gi + 1:]
                    # Only a stay is returned to; a second trip somewhere is a new trip.
                    # ... and only after a short absence: counted from the first trip.
                    away = since[0][0].date if since else g[-1].date
                    if _group_kind(g) not in _TRIP_KINDS and \
                            all(_group_kind(x) in _TRIP_KINDS for x in since) and \
                            int(v.date[:4]) - int(away[:4]) <= 2:
                        target = g
                    break
        if target is not None and v.kind == "death" and all(x.kind != "death" for x in target):
            target = None  # a death is its own stop
        if target is not None:
            target.append(v)
        else:
            groups.append([v])
    # A region or a country is a stop of its own only when no city stop inside it covers the
    # same time: "moved to France" then "in Paris" is one stay; "escaped from Siberia" after
    # a Siberian village is no new stop at all.
    kept: list[list[Visit]] = []
    for i, g in enumerate(groups):
        p = g[0].place
        if p.feature in _AREA_FEATURES or (p.feature == "district" and not p.population):
            departs = all(v.departs for v in g)
            # The area is named first, then the town ("moved to France ... in Paris";
            # "toured Spain and France, singing in Madrid, Barcelona and Paris").
            span = groups[i + 1:i + 6]
            sentences = {v.sentence for v in g}
            lo = _date_key(g[0].date)[0] - 200
            # How near in the text: a country contains its towns for sure (the time is
            # enough), a region only probably, so a region asks for the town in the next
            # sentences.
            reach = 10**6 if p.feature == "country" else 3
            near = [h for h in span if h[0].place.feature not in _AREA_FEATURES
                    and _inside(h[0].place, p)
                    and lo <= _date_key(h[0].date)[1]
                    and _date_key(h[0].date)[0] <= _date_key(g[-1].date)[1] + 200
                    and (_group_kind(h) not in _TRIP_KINDS or _group_kind(g) in _TRIP_KINDS)
                    and any(v.sentence >= 0 and not v.returns
                            and min(abs(v.sentence - x) for x in sentences) <= reach
                            for v in h)]
            # A country or region named while he is in one of its towns adds nothing ("In
            # Mexico, he lived ..." after his arrival in Mexico City; "in Siberia he
            # studied" after his exile to a Siberian village).
            if kept and kept[-1][0].place.feature not in _AREA_FEATURES and \
                    _inside(kept[-1][0].place, p) and \
                    _date_key(g[0].date)[0] <= _date_key(kept[-1][-1].date)[1] + 366 and (
                    p.feature == "country" or (
                        all(v.cue in _STATIVE_CUES or v.departs for v in g)
                        and min(abs(v.sentence - x.sentence)
                                for v in g for x in kept[-1]) <= 3)):
                kept[-1].extend(g)
                continue
            if near:
                continue
            if departs:
                continue  # leaving a country or region says nothing new about where he was
        kept.append(g)
    # Merge neighbours that became the same place after folding.
    merged: list[list[Visit]] = []
    for g in kept:
        if merged and _same_place(merged[-1][0].place, g[0].place) and \
                _group_kind(g) != "death" and not _separate_trips(merged[-1], g):
            merged[-1].extend(g)
        else:
            merged.append(g)
    names = info.tokens  # noqa: F841 - kept for symmetry with mentions
    stops = [_stop_from(g, source_name, doc) for g in merged]
    # A stay ends when the next stay starts; trips made from it (a summer in Zürich while
    # living in Rome) do not end it.
    for i, s in enumerate(stops):
        if s.kind not in _STAY_KINDS:
            continue
        last = _date_key(s.end or s.start)[0]
        for nxt in stops[i + 1:]:
            begins = _date_key(nxt.start)
            if nxt.kind in _TRIP_KINDS and begins[0] < last:
                continue  # a trip made while the stay went on
            if begins[1] >= _date_key(s.start)[0] and nxt.start != s.start and \
                    begins[0] >= last:
                s.end = nxt.start
            break
    for s in stops:
        if s.end and _date_key(s.end)[1] < _date_key(s.start)[0]:
            s.end = ""
    return stops


def _separate_trips(first: list[Visit], then: list[Visit]) -> bool:
    """Two trips to one place, the second after the first was over, stay two trips."""
    return _group_kind(first) in _TRIP_KINDS and _group_kind(then) in _TRIP_KINDS and \
        _date_key(then[0].date)[0] > max(_date_key(v.until or v.date)[1] for v in first)


def _group_kind(g: list[Visit]) -> str:
    """A stay is what it was when it began ("moved to Vienna", later a congress there);
    a birth or death decides whatever else happened there."""
    kinds = {v.kind for v in g}
    for k in ("birth", "death"):
        if k in kinds:
            return k
    first = min(g, key=lambda v: (_date_key(v.date), v.order))
    if first.kind in ("residence", "travel"):
        # A weak first cue gives way to a specific one of the same time.
        same = [v.kind for v in g if v.date[:4] == first.date[:4]
                and v.kind not in ("residence", "travel", "escape")]
        if same:
            return same[0]
    return first.kind


_KIND_WORDS = {"birth": "Birth", "childhood": "Childhood", "school": "Schooling",
               "residence": "Stay", "prison": "Imprisonment", "exile": "Exile",
               "escape": "Escape", "travel": "Visit", "conference": "Meeting or congress",
               "detention": "Detention", "asylum": "Asylum", "hospital": "Hospital stay",
               "death": "Death"}


def _stop_from(g: list[Visit], source_name: str, doc: _Doc) -> Stop:
    first = min(g, key=lambda v: (_date_key(v.date), v.order))
    last = max(g, key=lambda v: (_date_key(v.until or v.date)[1], v.order))
    kind = _group_kind(g)
    # The city, not the country or region, names a merged stop.
    named = next((v for v in sorted(g, key=lambda v: v.order)
                  if v.place.feature not in _AREA_FEATURES), first)
    p = named.place
    start = first.date
    last_date = last.until or last.date
    end = last_date if _date_key(last_date)[0] > _date_key(start)[0] else ""
    surface = named.surface
    place_name = surface if doc.cased else re.sub(r"(^|[\s\-–])(\w)",
                                                  lambda m: m.group(1) + m.group(2).upper(),
                                                  surface)
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
    confidence = round(min(0.95, 0.35 + 0.1 * max(v.score for v in g)
                           + 0.05 * (mentions - 1)), 2)
    period = next((v.period for v in g if v.period), "")
    return Stop(place_name, p.modern_name or p.name,
                p.country if len(p.country) == 2 else "", p.lat, p.lon,
                start, end, kind, period, summary, source, p.source, surface, named.start,
                named.end, confidence, list(g))


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
