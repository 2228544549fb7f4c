"""Visit or mention: does a cue put the subject at the place?"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geo.text.analysis import _Cand, _Text
from geo.text.geography import _AREA_FEATURES
from geo.text.lexicon import (
    _CONJECTURE,
    _CUE_PAIRS,
    _DOUBT,
    _FACILITY_NOUNS,
    _FAMILY,
    _LANGUAGES,
    _MODIFIER_NOUNS,
    _NEG_PHRASES,
    _NEGATIONS,
    _ORGANISATION_NOUNS,
    _OTHER_ACTORS,
    _PEOPLE_FROM,
    _PERSON_VERBS,
    _PLACE_NOUNS,
    _PLACE_OF,
    _POLITIES,
    _PREPS,
    _SKIPPABLE,
    _STOP_WORDS,
    _SURROUNDINGS,
    _VESSELS,
    _cue_of,
    _is_common,
    _words,
    cue_entry,
    cue_has,
    intention_words,
    is_base_verb,
)
from geo.text.people import _pronoun_means_subject, _subject_mentions

# -- visit or mention ---------------------------------------------------------------------
_SUBORDINATORS = _words("while whereas although though but which who whose whom")
# Verbs by which others move the subject: "sent him to", "had him transferred"; not
# "followed him into exile", where the agent moves.
_CAUSATIVE = _words("""forced ordered put placed escorted carried drove shipped had have got
invited allowed let sentenced persuaded convinced""")


def unrealised_infinitive(words: list[str], i: int) -> bool:
    """Whether the cue ``words[i]`` is a bare infinitive that did not happen (yet): "vital to
    capture X", "allowed her to travel to X", "decided to accept an invitation to X".

    The word before "to" (past "him", "her", "them") must be one of the plan, wish or
    permission words of ``data/intentions.txt``; obligation happened ("had to flee X",
    "was forced to flee X").

    >>> unrealised_infinitive("he was allowed to travel".split(), 4)
    True
    >>> unrealised_infinitive("he had to flee".split(), 3)
    False
    >>> unrealised_infinitive("she kept trying to organise another voyage".split(), 6)
    True
    """
    w = words[i]
    if cue_entry(w) is None:
        return False
    if words[i - 1] != "to" or not is_base_verb(w):
        # "trying to organise another voyage to X": a plan's verb, then the trip noun.
        j = i - 1
        while j >= 2 and words[j] in _PLANNED_TRIP_WORDS:
            j -= 1
        if j == i - 1 or j < 2 or words[j - 1] != "to" or not is_base_verb(words[j]):
            return False
        i = j
    k = i - 2
    while k >= 0 and words[k] in ("him", "her", "them", "us", "me"):
        k -= 1
    # The one invited or allowed may be named: "inviting young Cassie to visit them in X".
    for m in range(k, max(-1, k - 1 - _INVITEE_WORDS), -1):
        if words[m] in intention_words():
            return True
        if words[m] in _INVITEE_BREAKS:
            return False
    return False


#: Words an invitee may take between the permission word and "to": "inviting [young Cassie]".
_INVITEE_WORDS = 2
_INVITEE_BREAKS = _words("and but or then who which when while")


# Between a plan's verb and its trip noun: "to organise [another] voyage", "to fund [a new
# scientific] expedition".
_PLANNED_TRIP_WORDS = _words("""a an another the new second third further long great
scientific his her their""")
_AUXILIARIES = _words("was were been being be is are got get gets")
_REFLEXIVES = _words("himself herself themselves")


def sent_something(words: list[str], i: int, refs: set[str]) -> bool:
    """Whether the cue ``words[i]`` (a verb whose object moves: send, deport, exile) has the
    subject as its agent and something or someone else as its object: "Siebold sent three
    shipments to Leiden" (not "he was sent to X", "Sent to X, he ...", "they sent him to X").

    >>> sent_something("siebold sent three shipments to".split(), 1, {"siebold"})
    True
    >>> sent_something("he was then sent to".split(), 3, {"he", "him"})
    False
    >>> sent_something("the party sent him to".split(), 2, {"he", "him"})
    False
    """
    w = words[i]
    if not cue_has(w, "object_moves") or i == 0 or cue_entry(w).lemma == w:
        return False  # "in exile": the noun (or the base form)
    if set(words[:i]) & _AUXILIARIES:
        return False  # the passive ("was expelled ... and deported"): the subject is sent
    objects = words[i + 1:]
    return not (set(objects) & (refs | _REFLEXIVES)) and bool(set(words[:i]) & refs)


def _causes(word: str) -> bool:
    """Verbs by which others move the subject: "sent him to", "had him transferred"; not
    "followed him into exile", where the agent moves."""
    return word in _CAUSATIVE or cue_has(word, "causative")


# Between two places of one list: single words separated by commas ("X, berat, Y and Z").
_LIST_GAP = re.compile(r"(?:\s*,\s*[\w'-]+){0,6}\s*,?\s*(?:and|or)?\s*")
# Brackets do not cut: an aside ("(New Style)") sits inside its clause.
_CLAUSE_BREAKS = ";:—"


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


@dataclass(slots=True)
class Clause:
    """The words around one place mention that the visit rules read."""

    info: _Text
    cand: _Cand
    c0: int  # first word of the clause
    left: list[str]  # the clause's words before the name
    right: list[str]  # up to nine words after the name, in the sentence
    gap_after: str  # the characters between the name and the next word
    refs: set[str]  # words that name the subject here (name, pronoun, "i" in its own words)
    obj: str  # the subject's object pronoun

    @property
    def nxt(self) -> str:
        """The word right after the name ("" at the end of the sentence)."""
        return self.right[0] if self.right else ""


def clause_of(info: _Text, c: _Cand) -> Clause:
    """The clause of a mention: back to a semicolon, colon or dash, or to a subordinate
    clause with its own agent (", while the work in X was done by Y")."""
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    sent = doc.sentences[c.sentence]
    a, b = c.first, c.last
    c0 = a
    tstart, tend = info.tokens.start, info.tokens.end
    # The clause starts after the last break before the name (breaks fall between words, as
    # no word holds one): found by three searches back, not a search per word gap.
    stop = sent.t0
    if a > sent.t0:
        at = max(text.rfind(ch, tend[sent.t0], tstart[a]) for ch in _CLAUSE_BREAKS)
        if at >= 0:
            stop = bisect.bisect_right(tstart, at, sent.t0, a)
    while c0 > stop:
        c0 -= 1
        if keys[c0] in _SUBORDINATORS and c0 > sent.t0 and \
                "," in text[tend[c0 - 1]:tstart[c0]] and c0 < a - 1:
            break
    right = keys[b + 1:min(sent.t1, b + 10)]
    gap_after = text[c.end:tstart[b + 1]] if b + 1 < len(keys) else ""
    nom, obj, _ = info.pronouns
    # "the couple moved to X", "the Childs moved around Europe": the subject among others.
    refs = info.subject | {nom, "couple"} | {w + "s" for w in info.subject}
    if sent.paragraph in info.first_person:
        refs = refs | {"i", "we"}
    return Clause(info, c, c0, keys[c0:a], right, gap_after, refs, obj)


def modifier_use(cl: Clause) -> str:
    """Why the name modifies what follows it ("the Moscow trials", "London-based",
    "Germany's terms", "the Solvay Conference in Brussels"); ``""`` when it does not."""
    info, c, right, nxt, gap = cl.info, cl.cand, cl.right, cl.nxt, cl.gap_after
    if not nxt or c.last + 1 >= info.doc.sentences[c.sentence].t1:
        return ""
    if ("-" in gap or "–" in gap) and nxt in ("based", "born", "area", "style", "era"):
        return f"'{nxt}' after the name"
    if nxt == "s" and gap in ("'", "’"):
        # "sent to London's East End": a part of the town after a preposition is the town.
        if cl.left and cl.left[-1] in _PREPS and set(right[1:4]) & _TOWN_PARTS:
            return ""
        return "possessive"
    if gap == " " and nxt in _MODIFIER_NOUNS and nxt not in _EVENTS:
        return f"used before '{nxt}'"
    if nxt in _EVENTS and len(right) > 1 and right[1] in ("in", "at"):
        return f"names the {nxt}"  # the event is named, the place follows
    if nxt in _SURROUNDINGS:
        return ""  # "the St. Louis area": the town is the place meant
    if gap == " " and nxt not in _STOP_WORDS and not _facility_after(right) and \
            _is_common(nxt) and not _cue_of(nxt) and nxt not in _PERSON_VERBS and \
            not nxt.endswith(("ly", "ed")) and nxt not in _FREQUENCY and \
            nxt not in info.subject and \
            (not info.doc.cased or not info.capital(c.last + 1)) and \
            not any(p.feature in ("region", "district") for p in c.places):
        return f"used before '{nxt}'"
    return ""


_EVENTS = ("conference", "congress", "convention")
# Adverbs of how often or again after a place ("visited Rome twice"): not a noun it modifies.
_FREQUENCY = _words("once twice thrice again also too often")
# Parts of a town named after its possessive ("London's East End", "Paris's Latin Quarter").
_TOWN_PARTS = _SURROUNDINGS | _words("""end quarter docks docklands slums side centre center
streets harbour harbor port waterfront ghetto""")


@dataclass(slots=True)
class Link:
    """How the name hangs on its clause: "in the harbor town of X", "to a farm in X"."""

    prep: str = ""  # the preposition ("" for none)
    facility: str = ""  # a facility noun before it ("a farm in X")
    place_of: bool = False  # "the island of X"
    at: int = -1  # index in the clause's words where the walk stopped
    event: str = ""  # an event named after the place ("battle" in "the Battle of X")
    veto: str = ""  # why the name is no place of a visit ("'of' before the name")


#: Events named "<noun> of <place>" and the kind of stop taking part in one makes.
EVENTS_AT_A_PLACE = {"battle": "travel", "siege": "travel", "sack": "travel",
                     "capture": "travel", "conquest": "travel", "congress": "conference",
                     "council": "conference", "synod": "conference", "diet": "conference",
                     "conference": "conference", "coronation": "travel",
                     # Trips over a place: "his official tour of Orkney".
                     "tour": "travel", "tours": "travel", "exploration": "travel",
                     "circumnavigation": "travel"}
#: Of those, the ones a whole country or region can be the place of ("a tour of Scandinavia").
_TRIPS_OVER = frozenset({"tour", "tours", "exploration", "circumnavigation"})
_TIME_PREPS = _words("after before during since until following")


def linking_preposition(cl: Clause) -> Link:
    """Walk back from the name over articles and place nouns to its preposition."""
    left, places = cl.left, cl.cand.places
    link = Link()
    if institution_appositive(cl):
        link.prep, link.at = "at", len(left)  # "the X Museum, Boston, ...": at it, in Boston
        return link
    j = len(left) - 1
    steps = 0
    while j >= 0 and steps < 6:
        w = left[j]
        if w in _PREPS:
            link.prep = w
            if j >= 1 and left[j - 1] in _FACILITY_NOUNS and w in ("in", "at", "near"):
                link.facility = left[j - 1]
            break
        head = j - 2 if w == "as" else j - 1
        if (w == "including" or (w == "as" and j >= 1 and left[j - 1] == "such")) and \
                head >= 0 and (left[head] in _PLACE_NOUNS or not _is_common(left[head])):
            # "visited cities in Europe, including X", "ports such as X": one of those
            # places (not "naturalists, including X").
            link.prep = "including"
            break
        if w == "of" and j >= 2 and left[j - 2:j] == ["by", "way"]:
            link.prep = "via"  # "by way of Stockholm"
            break
        if w == "as" and j >= 2 and left[j - 2:j] == ["as", "far"]:
            link.prep = "to"  # "journeyed as far as Lake Garda"
            break
        if w == "of" and j >= 1 and left[j - 1] in _POLITIES and not any(
                p.feature in _AREA_FEATURES for p in places):
            # "the Duchy of Warsaw": a state named after its capital, not the town.
            link.veto = f"'{left[j - 1]} of' before the name"
            break
        if w == "of" and j >= 1 and left[j - 1] in _PLACE_OF:
            link.place_of = True  # "the island of X", "the harbor town of X"
            j -= 2
            steps += 2
            continue
        if w == "of" and j >= 1 and left[j - 1] in EVENTS_AT_A_PLACE and (
                left[j - 1] in _TRIPS_OVER
                or not all(p.feature in _AREA_FEATURES for p in places)):
            # "the Congress of Vienna", "the Battle of Khanwa": an event there; a visit
            # when the subject takes part, a date when it only tells the time ("after the
            # Battle of X").
            if j >= 3 and (left[j - 2] in _TIME_PREPS or left[j - 3] in _TIME_PREPS):
                link.veto = f"'{left[j - 1]} of' tells the time, not a visit"
                break
            link.place_of = True
            link.event = left[j - 1]
            break
        if w == "of" and link.place_of and j >= 1 and left[j - 1] in _ROLE_NOUNS:
            # "joined the faculty of the University of X": a post at the place's institution.
            j -= 2
            steps += 2
            continue
        if w == "of":
            link.veto = "'of' before the name"
            break
        if w in _SKIPPABLE or (_is_common(w) and w not in _STOP_WORDS and not _cue_of(w)):
            j -= 1
            steps += 1
            continue
        break
    link.at = j
    return link


# Posts at an institution named after its place: "the faculty of the University of X".
_ROLE_NOUNS = _words("""faculty staff professor president director member fellow head chair
dean rector principal""")  # (not plurals: "wrote to professors of the University of X")


# Heads of an institution's name that an appositive place locates ("the X Museum, Boston").
_INSTITUTION_HEADS = _ORGANISATION_NOUNS | _FACILITY_NOUNS | _words(
    "museum library laboratory observatory gallery")


def institution_appositive(cl: Clause) -> bool:
    """Whether the name, set off by a comma, says where the institution named just before it
    is: "joined the American Museum of Natural History, New York City, as curator"."""
    info, c = cl.info, cl.cand
    if c.first == 0 or not cl.left:
        return False
    tokens = info.tokens
    gap = info.doc.text[tokens.end[c.first - 1]:tokens.start[c.first]]
    if gap.strip() != ",":
        return False
    last = cl.left[-5:]
    if not set(last) & _INSTITUTION_HEADS:
        return False
    # The words from the institution noun to the comma are its name: capitalised in cased
    # text ("History"), and no verb or clause between ("a school, and in X").
    k = len(cl.left) - 1
    return not (info.doc.cased and not info.capital(cl.c0 + k)) and not _cue_of(cl.left[k])


@dataclass(slots=True)
class CueFound:
    """The visit cue found for a mention."""

    kind: str = ""
    word: str = ""  # the cue word ("moved"), or a phrase ("where", "while in")
    at: int = -1  # its index in the clause's words (-1 when not a word there)
    direct: bool = False  # the place is the verb's object ("visited Milan")
    institution: bool = False  # the only cue is an institution named after the place


# Institutions one attends as a student ("attended Smith College").
_COPULAS = _words("was is were became remained")
_STUDY_INSTITUTIONS = _words("university college school academy seminary conservatory "
                             "gymnasium lyceum")
# Where one lives: "at his home in X" names the place a death or birth happened.
_DWELLINGS = _words("home house apartment flat villa residence mansion cottage estate")


# Words before a death cue that say the subject lived ("escaped drowning", "nearly died").
_NEAR_MISS = _words("escaped escaping survived surviving nearly almost narrowly avoided")


def find_cue(cl: Clause, link: Link) -> CueFound:
    """The nearest cue before the name (16 words), refined by a purpose ("moved to X to
    study"), a birth ("born and raised in X") or a facility after it ("the X hospital")."""
    left, right = cl.left, cl.right
    cue = CueFound()
    for i in range(len(left) - 1, max(-1, len(left) - 17), -1):
        k = _is_cue(left, i)
        if k:
            cue = CueFound(k, left[i], i)
            break
    if cue.kind in ("residence", "travel", ""):
        for w in right[1:4] if right[:1] and right[0] in ("for", "to") else []:
            k = _cue_of(w)
            if k in ("school", "hospital", "prison", "exile", "asylum", "conference"):
                cue.kind, cue.word = k, w
                break
    if cue.at > link.at >= 0 and link.place_of and left[cue.at] in _ORGANISATION_NOUNS:
        # "lectured at the University of X": the institution names the place; the verb
        # before it says what the subject did there (a study cue keeps it schooling).
        cue = _cue_before(left, link.at, len(left) - 17) or CueFound(
            "residence", left[cue.at], cue.at)
    if cue.word in _DWELLINGS:
        # "died in 1880 at his home in X": the death governs the home; the death's place.
        verb = _cue_before(left, cue.at, len(left) - 17)
        if verb is not None and verb.kind == "death" and \
                cue_has(left[verb.at], "life_event"):
            cue = verb
    if "born" in left and link.prep in ("in", "at", "near") and cue.kind != "birth" and (
            not cue.word or cue.kind in ("residence", "school", "childhood", "travel")):
        # "born and raised in X", "born ... on 7 November 1879, the fifth child of a family
        # in X": the birth, however far.
        cue = CueFound("birth", "born", len(left) - 1 - left[::-1].index("born"))
    if cue.kind == "death" and set(left[max(0, cue.at - 3):cue.at]) & _NEAR_MISS:
        cue.kind = "travel"  # "he only just escaped drowning in X": there, but alive
    if link.event and (not cue.word or cue.kind in ("residence", "travel")):
        cue = CueFound(EVENTS_AT_A_PLACE[link.event], link.event,
                       len(left) - 1 - left[::-1].index(link.event))
    facility = _facility_after(right)
    if facility:
        k = _cue_of(facility)
        # "taught at X University": work there, not schooling.
        if k and (not cue.word or cue.kind in ("residence", "travel")) and not (
                k == "school" and cue.kind == "residence" and cue.word):
            cue.institution = not cue.word and facility in _ORGANISATION_NOUNS
            cue.kind = k
            cue.word = cue.word or facility
    # "visited Milan", "reached the capital", "visited the cities X, Y and Z", "his next
    # destination was Isfahan".
    cue.direct = cue.at >= 0 and cue_has(left[cue.at], "transitive") and all(
        w in _SKIPPABLE or w in _PLACE_NOUNS or w in _COPULAS for w in left[cue.at + 1:])
    if cue.direct and cue.kind == "conference" and \
            cl.cand.key.rsplit(" ", 1)[-1] in _STUDY_INSTITUTIONS:
        cue.kind = "school"  # "attended Smith College": schooling, not a congress
    return cue


def _cue_before(left: list[str], end: int, stop: int) -> CueFound | None:
    """The nearest cue in ``left[stop + 1:end]``, scanning back from ``end - 1``."""
    for i in range(end - 1, max(-1, stop), -1):
        k = _is_cue(left, i)
        if k:
            return CueFound(k, left[i], i)
    return None


def cue_score(cl: Clause, link: Link, cue: CueFound) -> float:
    """Evidence from the cue: 2 when linked to the name (a preposition, a named event, a
    facility, "the island of", a direct object), 1 when only near, +0.5 for a facility."""
    if not cue.word:
        return 0.0
    named_event = cl.nxt in (*_EVENTS, "meeting", "summit")
    linked = link.prep or (cue.kind == "conference" and named_event) or \
        _facility_after(cl.right) or link.place_of or cue.direct
    return (2.0 if linked else 1.0) + (0.5 if link.facility else 0.0)


def _people_word(word: str) -> bool:
    """Whether ``word`` names people by what they do or are ("guests", "an abolitionist",
    "journalists"): "<people> from X" tells where they came from."""
    return word in _PEOPLE_FROM or (len(word) > 5 and word.endswith(("ist", "ists"))
                                    and word not in _IST_VERBS)


_IST_VERBS = _words("exist exists assist assists insist insists resist resists persist persists"
                    " consist consists desist")


_TOPIC_NOUNS = _words("""information data report reports book books essay essays article
articles paper papers lecture lectures talk talks study studies treatise research details
secrets intelligence views opinions notes chapter chapters thesis dissertation""")


def other_actor(cl: Clause, link: Link, cue: CueFound) -> str:
    """Why someone or something else was at the place ("troops at X", "a newspaper in X");
    a subject held there ("intercepted by officials in X") was there all the same."""
    j = link.at
    if link.prep == "from" and j >= 1 and _people_word(cl.left[j - 1]):
        return f"'{cl.left[j - 1]} from' before the name"  # "guests from X": where they came from
    if link.prep in ("on", "about") and j >= 1 and cl.left[j - 1] in _TOPIC_NOUNS:
        # "passed detailed information on the Soviet Union", "a book about Italy": a topic.
        return f"'{cl.left[j - 1]} {link.prep}' before the name: a topic"
    if not (link.prep in ("in", "at", "near") and j >= 1 and cl.left[j - 1] in _OTHER_ACTORS):
        return ""
    if "as" in cl.left[max(0, j - 4):j - 1]:
        return ""  # "served as an officer in X", "worked as a teacher at X": the subject's role
    held = cue.kind in ("prison", "detention", "exile") and \
        set(cl.left) & ({cl.obj, cl.info.pronouns[2]} | cl.refs)
    return "" if held else f"'{cl.left[j - 1]} {link.prep}' before the name"


_TIME_PHRASE = _words("""after a an few some several many two three four five six months
years weeks days his her their first early later the while still spending""")


def while_in(left: list[str], link: Link) -> bool:
    """Whether the name is where the subject was "while": "while in X", "while still at X",
    "whilst in the mountain town of X" (the walk back to the preposition skips "the town of").

    >>> while_in("while in the mountain town of".split(), Link(prep="in", at=1))
    True
    >>> while_in("while he lived in".split(), Link(prep="in", at=3))
    False
    """
    j = link.at
    if link.prep not in ("in", "at") or j < 1:
        return False
    k = j - 1
    if left[k] == "still" and k >= 1:
        k -= 1
    return left[k] in _WHILE


_WHILE = _words("while whilst")


def stative_evidence(cl: Clause, link: Link) -> tuple[float, str]:
    """Evidence without a cue verb: "X, where he ...", "while in X", "In X, he ..."."""
    left, right, refs = cl.left, cl.right, cl.refs
    score, cue = 0.0, ""
    if cl.nxt == "where" and bool(set(right[1:3]) & refs):
        score, cue = score + 2.5, cue or "where"
    if while_in(left, link):
        score, cue = score + 2.5, cue or "while in"
    # "In X, he ...", "At X in present-day Y, he ...", "After a few months in X, he ...",
    # "From X he sailed on to Y".
    if left and left[-1] in ("in", "at", "from") and len(left) <= 6 and \
            all(w in _TIME_PHRASE for w in left[:-1]) and set(right[:6]) & refs:
        score, cue = score + 2.0, cue or "in"
    return score, cue


#: Evidence that a name in a list item under the subject's "journeys:", "he travelled to:"
#: is one of those trips (as strong as a cue verb).
JOURNEY_LIST_EVIDENCE = 2.0


def journey_list(cl: Clause) -> str:
    """The travel cue of the introduction when the name stands in a list item after a line
    such as "he describes the following journeys:" or "Her travels included:" that names
    the subject (``"journeys"``); ``""`` otherwise."""
    info, c = cl.info, cl.cand
    intro = info.doc.list_intro.get(c.sentence)
    if intro is None:
        return ""
    s = info.doc.sentences[intro]
    keys = info.tokens.key[s.t0:s.t1]
    owner = info.pronouns[2]
    if not (_subject_mentions(info, s.t0, s.t1, cl.refs) or owner in keys):
        return ""
    return next((w for w in keys if _cue_of(w) == "travel"), "")


def listed_with(cl: Clause, prev_visit: _Cand | None, skip: frozenset[int]) -> bool:
    """Whether the name is listed with the previous visit of its sentence ("in X, then Y",
    "gjirokastra, berat, vlor and Y": names the gazetteer lacks may stand between)."""
    c, info = cl.cand, cl.info
    if prev_visit is None or prev_visit.sentence != c.sentence:
        return False
    keys = info.tokens.key
    between = [keys[i] for i in range(prev_visit.last + 1, c.first) if i not in skip]
    # Footnote markers do not break a list ("in Prague[11] and Munich").
    gap = _FOOTNOTE.sub("", info.doc.text[info.tokens.end[prev_visit.last]:c.start])
    # Initials may stand between ("Pittsburgh, Washington, D.C., Boston").
    return bool(_LIST_GAP.fullmatch(gap)) or all(
        w in _LIST_WORDS or len(w) == 1 or not (_is_common(w) or w in _STOP_WORDS
                                                or w.isdigit())
        for w in between)


_FOOTNOTE = re.compile(r"\[\d{1,3}\]")
_LIST_WORDS = frozenset({"and", "then", "or", "later", "finally", "first", "next", "also", "in",
                         "at", "to", "the", "before", "after", "via", "from"})


def left_for_elsewhere(cl: Clause, link: Link) -> bool:
    """"At first he worked in X, but soon moved to Y": a place left is a place stayed at."""
    if link.prep not in ("in", "at"):
        return False
    c, keys = cl.cand, cl.info.tokens.key
    later = keys[c.last + 1:cl.info.doc.sentences[c.sentence].t1]
    return any(w in ("moved", "left", "went", "fled")
               and set(later[max(0, i - 4):i]) & ({"but", "then", "before"} | cl.refs)
               for i, w in enumerate(later[:12]))


#: Evidence (in the units of :func:`cue_score`) that the subject was at a town when the
#: clause has the subject acting and the town after "in" or "at" but no cue verb ("he was
#: charged with assaulting a shipwright in X", "she got news at X"): enough for a stop at the
#: default threshold, not enough to survive a penalty for another actor.
SUBJECT_ACTS_AT_EVIDENCE = 1.5
#: Farthest (in words) the subject's mention may stand before the town for that rule; on the
#: dev biographies 8 words gained recall for the same precision, 14 lost precision.
SUBJECT_ACTS_AT_MAX_WORDS = 8




def subject_acts_at(cl: Clause, link: Link) -> bool:
    """Whether the subject is the clause's agent and a town hangs on "in"/"at" in it."""
    if link.prep not in ("in", "at") or link.facility or link.place_of:
        return False
    if not all(p.feature == "city" for p in cl.cand.places[:1]):
        return False  # a country or region "in" a clause is where something was, not a stop
    if cl.cand.key in _LANGUAGES:
        return False  # "called X in English": a language
    agents = _subject_mentions(cl.info, cl.c0, cl.cand.first, cl.refs)
    if not agents or cl.cand.first - max(agents) > SUBJECT_ACTS_AT_MAX_WORDS:
        return False
    # "he had grandchildren in X", "she owned land in X": what the subject has is there.
    between = cl.left[max(agents) - cl.c0 + 1:]
    return not any(w in _POSSESSION and (k + 1 >= len(between) or (
        between[k + 1] != "been" and not between[k + 1].endswith("ed")))
        for k, w in enumerate(between))


_POSSESSION = _words("had has have owned owns own held holds")
_BURIAL = _words("""buried interred entombed reburied cemetery graveyard churchyard mausoleum tomb
crypt""")
_MESSAGES = _words("note notes letter letters message messages telegram telegrams")
_TRANSFERS = _words("""donated donating gave giving bequeathed bequeathing sold selling lent
lending willed entrusted""")
# What is passed or sent to a country rather than taken there ("passed detailed information
# on the project to the Soviet Union").
_PASSED_THINGS = _words("information secrets documents intelligence blueprints")


def veto(cl: Clause, cue: CueFound) -> str:
    """Why the cue does not make a visit: a negation or intention ("was not allowed to
    visit"), doubt ("unclear whether"), a plan ("decided to go"), or the subject sending
    something ("sent three shipments to X"); ``""`` when nothing vetoes it."""
    left = cl.left
    window = left[-12:]
    vetoes = [i for i, w in enumerate(window) if w in _NEGATIONS] + [
        i for i in range(len(window) - 1) if (window[i], window[i + 1]) in _NEG_PHRASES]
    if vetoes:
        v = max(vetoes)
        cue_w = cue.at - (len(left) - len(window)) if cue.at >= 0 else len(window)
        between = window[v + 1:max(v + 1, cue_w)]
        # Unless a new coordinated clause, or a new subject, starts after the veto:
        # "escaped en route to exile in X, [and] he made his way to Y".
        if not any(w in ("and", "but", "then") or w in cl.refs for w in between):
            return "negated or intended"
    if set(window) & _DOUBT:
        return "uncertain (\"unclear whether\")"
    if cue.at >= 2 and left[cue.at - 1] == "have" and left[cue.at - 2] in _CONJECTURE and \
            cue.kind not in ("birth", "death"):
        return "a conjecture (\"might have\"), not a visit"
    after_cue = left[cue.at + 1:] if cue.at >= 0 else []
    if cue.at >= 0 and left[cue.at] in ("birth", "death") and after_cue[:1] == ["of"] and \
            not set(after_cue[1:3]) & cl.refs:
        # "inspired by the birth of Eugenie's daughter", "the death of his father in X".
        return f"someone else's {cue.kind} ('{left[cue.at]} of')"
    if set(after_cue) & _BURIAL:
        return "a burial, not a visit"  # "was returned to X and is buried in Y"
    if set(window) & (_TRANSFERS | _PASSED_THINGS) and left and (
            left[-1] == "to" or left[-2:] == ["to", "the"]):
        return "the subject gave something to the place"  # "donated her house to X"
    if "honorary" in window:
        return "an honour, not a stay"  # "honorary doctorates from X and Y"
    notes = [k for k, w in enumerate(after_cue) if w in _MESSAGES]
    if notes and {"for", "to"} & set(after_cue[notes[0]:]):
        return "a message for someone, not a trip"  # "left a note for her son X"
    if cue.at >= 1 and unrealised_infinitive(left, cue.at):
        return "a plan or permission, not a visit"
    if cue.at >= 0 and sent_something(left, cue.at, cl.refs | {cl.obj}):
        return "the subject sent someone or something else"
    return ""




def _aboard(cl: Clause, cue: CueFound) -> bool:
    """Whether a vessel or company is the agent of the journey ("the fleet sailed to X",
    "The _Clementine_ then sailed for X", a ship's name in italics)."""
    if cue.at < 1:
        return False
    entry = cue_entry(cl.left[cue.at])
    if cue.kind != "travel" and (entry is None or entry.lemma not in ("arrive", "reach")):
        return False
    before = set(cl.left[:cue.at])
    if before & _VESSELS or before & cl.info.vessel_names():
        return True
    tokens = cl.info.tokens
    before = cl.info.doc.text[tokens.start[cl.c0]:tokens.start[cl.c0 + cue.at]]
    return bool(_ITALIC_NAME.search(before))


_ITALIC_NAME = re.compile(r"_[A-Z][^_]{1,40}_")


@dataclass(slots=True)
class Agency:
    """Who acts in the clause, and what that does to the evidence."""

    penalty: float
    who: str  # "subject agent", "subject moved by another", ...
    moved: bool
    notes: list[str]


def agency(cl: Clause, cue: CueFound, link: Link) -> Agency:
    """Whose clause it is: the subject (name, pronoun, "sent him to"), or someone else
    ("his daughter went to X", "Smilga in X")."""
    info, c, left, refs = cl.info, cl.cand, cl.left, cl.refs
    sent = info.doc.sentences[c.sentence]
    keys = info.tokens.key
    agents = _subject_mentions(info, cl.c0, c.first, refs) or _own_trip(cl, cue) or (
        [c.first] if journey_list(cl) else [])
    if c.sentence not in info.agents:
        info.agents[c.sentence] = bool(_subject_mentions(info, sent.t0, sent.t1, refs))
    sent_agents = info.agents[c.sentence]
    moved = _moved_by_another(cl) or _object_at_place(cl, link)
    after_agent = bool(_subject_mentions(info, c.last + 1, min(sent.t1, c.last + 4), refs))
    # "The Clementine then sailed for X", "the fleet sailed south": the subject aboard.
    aboard = _aboard(cl, cue)
    # "the family moved to X": the subject's own family, with the subject.
    family_moved = any((w in ("family", "household") and i >= 1 and (
        left[i - 1] == "the" or (i >= 2 and left[i - 2:i] in (["the", "entire"],
                                                             ["the", "whole"]))))
        or (w in _SIBLINGS and i >= 1 and left[i - 1] in ("both", "two"))
        for i, w in enumerate(left[:max(0, cue.at)]))  # "the entire family lived at X",
    # "both sisters moved to X" (not "both her sisters")
    other = _relative_clause_agent(cl, cue)
    heard = _reported_life_event(cl, cue, agents)
    owner = _others_trip(cl, cue)
    if other or heard or owner:
        agents = []  # "a merchant who had died in X": the merchant's clause
    penalty = 0.0
    if not (agents or moved or after_agent or aboard or family_moved or "they" in left):
        # The sentence before may carry the subject ("In New York, he wrote ...").
        penalty -= 0.5 if sent_agents else 1.5
    notes: list[str] = []
    family = _relative_before(left, cue.at, refs)
    # A child moves with the family: "his family moved to X when he was six weeks old".
    # ("When Wallace was five years old, his family moved to X": the age told before.)
    child = (bool({"when", "as"} & set(cl.right)) and bool(
        {"old", "child", "boy", "girl", "infant", "baby"} & set(keys[c.last + 1:sent.t1]))) or (
        bool({"when", "as"} & set(left)) and "old" in left)
    # ("after leaving his brother to rule Kabul, he took X": the subject acts after them)
    if family is not None and not moved and not child and \
            not set(left[max(0, family - 3):family]) & (refs | {"and"}) and \
            not set(_after_name(left[family + 1:max(family + 1, cue.at)], info)) & refs:
        penalty -= 2.5  # the subject counts only when named with them ("X and his wife")
        notes.append("another person's trip")
    if other and not moved:
        penalty -= 2.5
        notes.append(f"a relative clause about '{other}'")
    elif heard:
        penalty -= 2.5
        notes.append(f"someone else's {cue.kind} ('{heard}')")
    elif owner and not moved:
        penalty -= 2.5
        notes.append(f"someone else's {left[cue.at]} ('{owner}'s')")  # "John Brown's raid"
    elif (actor := _named_actor(cl, cue)) and not moved:
        penalty -= 2.5
        notes.append(f"'{actor}' acts")  # "When Germany invaded Norway"
    elif any(w in info.persons for w in left[-10:]) and not agents and not moved:
        penalty -= 2.0
        notes.append("another person acts")
    if agents:
        who = "subject agent"
    elif moved:
        who = "subject moved by another"
    elif after_agent or "they" in left:
        who = "subject named after the place"
    elif aboard:
        who = "subject aboard"
    elif family_moved:
        who = "subject with the family"
    else:
        who = "subject in the sentence" if sent_agents else "subject not named in the sentence"
    return Agency(penalty, who, moved, notes)


_SIBLINGS = _words("sisters brothers siblings")


def _named_actor(cl: Clause, cue: CueFound) -> str:
    """The capitalised name right before a transitive cue, when it is not the subject's:
    "Germany invaded Norway", "the Mughals captured Kabul" (``""`` for none)."""
    if cue.at < 1 or not cl.info.doc.cased:
        return ""
    entry = cue_entry(cl.left[cue.at])
    if entry is None or "transitive" not in entry.flags:
        return ""
    i = cl.c0 + cue.at - 1
    w = cl.left[cue.at - 1]
    tokens = cl.info.tokens
    if cl.info.doc.text[tokens.end[i]:tokens.start[i + 1]] != " ":
        return ""  # "sailed to Hawaii, reaching Honolulu": a comma, no agent
    if w in cl.refs or w in _STOP_WORDS or not cl.info.capital(i) or \
            w in cl.info.vessel_names():
        return ""  # (a ship named before takes the subject along: "The Columbia departed")
    return w


_RELATIVE_FILLERS = _words("""had has have was were been is are also later recently once then
still soon just himself herself""")


# Words between an owner and the trip noun: "her [next] destination", "his [first long] voyage".
_TRIP_QUALIFIERS = _words("""first second third fourth next last final long short brief
own further later early return ill-fated famous""")


# Before "his stay", "her flight": a trip referred back to, not told.
_LOOKING_BACK = _words("during after before since until till throughout following of")


def _own_trip(cl: Clause, cue: CueFound) -> list[int]:
    """The owner of a trip noun when it is the subject: "her next destination was X", "his
    voyage to X", "Roe's journey to X" (``[k]``, the owner's word); ``[]`` otherwise: "her
    brother's trip to X" has the brother as owner, and "during his stay in X", "after her
    flight from X" look back at a trip already told."""
    left, info = cl.left, cl.info
    i = cue.at - 1
    while i >= 0 and left[i] in _TRIP_QUALIFIERS:
        i -= 1
    if i < 0 or (i >= 1 and left[i - 1] in _LOOKING_BACK):
        return []
    k = cl.c0 + i
    if left[i] == info.pronouns[2] and _pronoun_means_subject(info, k):
        return [k]
    if left[i] == "s" and i >= 1 and left[i - 1] in info.subject:
        return [k - 1]
    return []


def _others_trip(cl: Clause, cue: CueFound) -> str:
    """The owner of a trip noun when it is someone else: "John Brown's raid on X",
    "Napoleon's invasion of X" (``"brown"``); ``""`` otherwise."""
    left, info = cl.left, cl.info
    if cue.kind != "travel":
        return ""  # "in Jane Goodall's apartment in London": he was there too
    i = cue.at - 1
    while i >= 0 and left[i] in _TRIP_QUALIFIERS:
        i -= 1
    if i < 1 or left[i] != "s" or left[i - 1] in info.subject | cl.refs:
        return ""
    k = cl.c0 + i - 1
    tokens = info.tokens
    if info.doc.text[tokens.end[k]:tokens.start[k + 1]] not in ("'", "’"):
        return ""
    w = left[i - 1]
    if not (info.capital(k) or w in info.persons):
        return ""
    j = i - 2
    while j >= 0 and (info.capital(cl.c0 + j) or left[j] in info.persons):
        j -= 1  # the rest of the owner's name ("John Brown")
    if j >= 0 and left[j] in _TAKING_PART:
        return ""  # "she joined Garibaldi's expedition", "on Cook's second voyage"
    return w


_TAKING_PART = _words("""joined join joins joining accompanied accompany accompanying on in
during with""")


def _reported_life_event(cl: Clause, cue: CueFound, agents: list[int]) -> str:
    """The person whose birth or death the subject hears of: "he learned that Abu Sa'id ...
    had died in X" (``"abu"``); ``""`` when none. A "that" and a capitalised name that is
    not the subject's stand between the subject and the cue."""
    info = cl.info
    if cue.kind not in ("birth", "death") or not agents or cue.at < 0 or not info.doc.cased:
        return ""
    keys = info.tokens.key
    for k in range(max(agents) + 1, cl.c0 + cue.at - 1):
        if keys[k] == "that" and info.capital(k + 1) and keys[k + 1] not in info.subject \
                and keys[k + 1] not in _STOP_WORDS:
            return keys[k + 1]
    return ""


def _relative_clause_agent(cl: Clause, cue: CueFound) -> str:
    """The antecedent when the cue verb's subject is a relative "who" about someone else: "a
    merchant who had recently died in X" (``"merchant"``); ``""`` when the antecedent is the
    subject ("Roe, who had moved to X") or there is no such clause."""
    left = cl.left
    i = cue.at - 1
    while i >= 1 and left[i] in _RELATIVE_FILLERS:
        i -= 1
    if i < 1 or left[i] != "who":
        return ""
    j = i - 1
    k = cl.c0 + j
    antecedent = left[j]
    if antecedent in cl.refs and (antecedent in cl.info.subject or
                                  _pronoun_means_subject(cl.info, k)):
        return ""
    if antecedent in _STOP_WORDS or not antecedent.isalpha():
        return ""  # "those who", "he who": not a named someone
    # "Roe was a painter who died in X": the noun is the subject's own (after a copula).
    for m in range(j - 1, max(-1, j - 5), -1):
        if left[m] in _COPULAS:
            if set(left[:m]) & cl.refs:
                return ""
            break
    return antecedent


def _moved_by_another(cl: Clause) -> bool:
    """"sent him to X": someone else acts, but the subject moves. "Her" is also a possessive
    ("her brother went"), so it counts only right before a preposition ("sent her to"); and
    "him" is whoever was named last ("... his friend Rakovsky by sending him to London")."""
    left, obj = cl.left, cl.obj
    window = left[-12:]
    moved = any((w in ("him", "them") or (w == obj and (obj != "her" or (
        i + 1 < len(window) and window[i + 1] in _PREPS | {"back", "away", "off"}))))
        and i >= 1 and _causes(window[i - 1]) for i, w in enumerate(window))
    if moved and "them" not in window:
        k = len(left) - 1 - left[::-1].index(obj) if obj in left else -1
        if k >= 0 and not _pronoun_means_subject(cl.info, cl.c0 + k):
            return False
    return moved


def _object_at_place(cl: Clause, link: Link) -> bool:
    """The subject as the object right before the place's preposition: "a crowd met her at
    X", "the ship landed them at X", "persuaded him to move to X" is covered by the cue;
    "travelling with her to X" (a companion) too."""
    j = link.at
    if not link.prep or j < 1 or cl.left[j - 1] not in {cl.obj, "them"}:
        return False
    k = cl.c0 + j - 1
    return cl.left[j - 1] == "them" or _pronoun_means_subject(cl.info, k)


def _after_name(words: list[str], info: _Text) -> list[str]:
    """The words after the name that opens them ("David Rivera-Vallet stayed": a relative's
    name may share the subject's surname)."""
    k = 0
    while k < len(words) and (words[k] in info.persons or words[k] in info.subject or
                              (info.doc.cased and words[k] not in _STOP_WORDS and
                               not _is_common(words[k]))):
        k += 1
    return words[k:]


def _relative_before(left: list[str], cue_at: int, refs: set[str]) -> int | None:
    """Index of a relative named before the cue verb ("his daughter went to"), not one the
    subject goes with ("lived with his wife", "he and his wife")."""
    family = None
    for i, w in enumerate(left[:cue_at] if cue_at >= 0 else left):
        if w in _FAMILY and i >= 1 and left[i - 1] in ("his", "her", "their") and not (
                i >= 2 and (left[i - 2] in ("with", "and", "by") or left[i - 2] in _PREPS)) \
                and not (
                i + 2 < len(left) and left[i + 1] == "and" and left[i + 2] in refs):
            family = i
    return family


def cue_phrase(cl: Clause, cue: CueFound) -> str:
    """The cue as the text has it, with the preposition linking it to the name ("moved to";
    "moved to' + 'study" when a purpose names the stay)."""
    left = cl.left
    if cue.at < 0:
        return cue.word
    tail = left[cue.at + 1:cue.at + 4]
    link = next((k for k, w in enumerate(tail) if w in _PREPS), -1)
    phrase = " ".join(left[cue.at:cue.at + 2 + link]) if link >= 0 else left[cue.at]
    if cue.word != left[cue.at]:
        phrase += f"' + '{cue.word}"
    return phrase


def _classify(info: _Text, c: _Cand, prev_visit: _Cand | None,
              skip: frozenset[int] = frozenset(), found: dict | None = None
              ) -> tuple[float, str, str, bool, str]:
    """(score, kind, cue, departs, why) for a kept candidate; score <= 0 means a mere
    mention, and then ``cue`` says why ("possessive", "negated or intended").

    The rules run in order, each a small function above: the clause, a modifier use, the
    linking preposition, the cue, someone else there, stative evidence, a list, vetoes,
    agency. ``skip`` holds the words of qualifiers ("Pola, Austria and Trieste") that stand
    between places listed together. ``found``, when given, receives what the rules found
    (stage, cue lemma, preposition, agency, flags) for :mod:`geo.text.classifier`.
    """
    rec = found if found is not None else {}
    cl = clause_of(info, c)
    rec.update(stage="modifier", kind="", lemma="", prep="", who="", notes=[], flags={},
               agent_distance=_agent_distance(cl) if found is not None else None)
    why_not = modifier_use(cl)
    if why_not:
        return -1.0, "", why_not, False, ""
    link = linking_preposition(cl)
    rec.update(stage="link_veto", prep=link.prep,
               flags={"facility": bool(link.facility), "place_of": link.place_of,
                      "event": bool(link.event)})
    if link.veto:
        return -1.0, "", link.veto, False, ""
    cue = find_cue(cl, link)
    score = cue_score(cl, link, cue)
    entry = cue_entry(cl.left[cue.at]) if cue.at >= 0 else None
    rec.update(stage="other_actor", kind=cue.kind, lemma=entry.lemma if entry else cue.word)
    rec["flags"]["direct"] = cue.direct
    why_not = other_actor(cl, link, cue)
    if why_not:
        return -1.0, "", why_not, False, ""
    if link.facility and cue.word:
        k = _cue_of(link.facility)
        if k and cue.kind in ("residence", "travel") and not (
                k == "school" and cue.kind == "residence"):
            cue.kind = k
    stative, stative_cue = stative_evidence(cl, link)
    rec["flags"]["stative"] = bool(stative)
    if stative:
        score += stative
        cue.kind = cue.kind or "residence"
        cue.word = cue.word or stative_cue
    if score < 2 and (listing := journey_list(cl)):
        score += JOURNEY_LIST_EVIDENCE
        cue.kind, cue.word = "travel", listing
        rec["flags"]["listed"] = True
    if score < 2 and listed_with(cl, prev_visit, skip):
        score += 2.0
        cue.word = cue.word or "listed with the previous place"
        rec["flags"]["listed"] = True
    if score <= 0 and left_for_elsewhere(cl, link):
        score, cue.kind, cue.word = 2.0, "residence", "left for another place"
    if score <= 0 and subject_acts_at(cl, link):
        score, cue.kind, cue.word = SUBJECT_ACTS_AT_EVIDENCE, "travel", f"acts {link.prep}"
        rec["flags"]["acts_at"] = True
    rec.update(stage="no_evidence", kind=cue.kind)
    if score <= 0:
        return 0.0, "", "", False, ""
    why_not = veto(cl, cue)
    rec.update(stage="veto")
    if why_not:
        return -1.0, "", why_not, False, ""
    who = agency(cl, cue, link)
    if cue.institution and who.who != "subject agent":
        # "archived at the X University": the institution is named, the subject not there.
        return -1.0, "", "an institution named after the place, no cue for the subject", \
            False, ""
    score += who.penalty
    departs = link.prep == "from" or (cue.direct and cue_has(cl.left[cue.at], "departure"))
    if departs and cue.kind == "travel":
        cue.kind = "residence"  # "left Dublin": he had been staying there
    rec.update(stage="scored", who=who.who, notes=list(who.notes))
    rec["flags"]["departs"] = departs
    why = "; ".join([f"cue '{cue_phrase(cl, cue)}' ({who.who})", *who.notes])
    return score, cue.kind or "residence", cue.word, departs, why


def _agent_distance(cl: Clause) -> int | None:
    """Words between the subject's nearest mention in the clause (before or just after the
    name) and the name; ``None`` when the clause does not name the subject."""
    info, c = cl.info, cl.cand
    t1 = min(info.doc.sentences[c.sentence].t1, c.last + 6)
    before = _subject_mentions(info, cl.c0, c.first, cl.refs)
    after = _subject_mentions(info, c.last + 1, t1, cl.refs)
    gaps = [c.first - i for i in before] + [i - c.last for i in after]
    return min(gaps) if gaps else None
