"""Word lists and the cue lexicon the text stages share."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.places.names import (
    common_words,
)

_DATA = Path(__file__).resolve().parents[1] / "data"


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
_TITLES = _words("""mr mrs ms miss dr doctor sir lord lady madame monsieur herr frau don dona dom
general gen colonel col captain capt lieutenant lt major admiral marshal sergeant president premier
prime chancellor minister secretary commissar comrade tsar czar king queen prince princess
emperor empress duke duchess count countess baron pope bishop cardinal rabbi imam professor
prof judge senator representative governor mayor painter poet writer novelist composer
architect sculptor journalist philosopher historian agent""")
# Languages, also the nationality adjectives ("an English boarding school").
_LANGUAGES = _words("""english french german russian spanish italian latin greek arabic
persian turkish chinese japanese dutch portuguese polish hebrew yiddish swedish danish
norwegian hungarian czech""")
# Nouns and verbs that give a person a name ("changed his surname to X", "the pseudonym X"):
# the name after them is no place. ("named" and "called" are left out: "a town called X".)
_NAMING_WORDS = _words("""name names surname surnames pseudonym pseudonyms nickname nicknames
alias pen nicknamed christened baptised baptized dubbed""")
# Words that may stand between a naming word and the name ("his surname first to X").
_NAMING_GAP = _words("first then later to of as his her their the a an")
# Verbs whose subject is a person: "X wrote", "X argued" mark X as a person.
_PERSON_VERBS = _words("""said says wrote writes argued argues decided agreed proposed refused
insisted believed thought claimed asked told replied noted explained recalled complained feared
hoped wanted demanded ordered voted sided urged died married resigned suggested admitted denied
accused criticized criticised praised invited commented responded""")
# Regnal numbers after a ruler's name ("Moctezuma II"; "i", "v" and "x" are also words).
_REGNAL_NUMBERS = _words("ii iii iv vi vii viii ix xi xii xiii xiv xv xvi xvii xviii")
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
# Nouns after a town's name that mean the land around it ("the St. Louis area", "the Rio
# de Janeiro bay"): the town is the place, "the" before it notwithstanding.
_SURROUNDINGS = _words("area region vicinity environs outskirts suburbs neighbourhood "
                       "neighborhood bay harbour harbor countryside")
# Facilities: "a farm in X", "the X hospital" put the subject at X when a cue does.
_FACILITY_NOUNS = _words("""prison jail gaol camp hospital clinic sanatorium sanitarium school
university college seminary gymnasium house home apartment flat villa estate farm consulate
embassy legation hotel station port harbour harbor resort spa monastery convent castle palace
mansion residence cottage studio theatre theater church cathedral asylum barracks fortress
internment""")
# Nouns before "of X" that keep X a place ("the island of X", "the port of X").
_PLACE_OF = _words("""kingdom republic empire principality duchy grand outskirts island
islands port ports city cities town towns village villages hamlet suburb area district
districts region regions province provinces state capital harbour harbor coast centre center
streets neighbourhood neighborhood hills environs county municipality parish commune canton
settlement settlements colony territory peninsula university conservatory conservatoire
fortress fort citadel oasis lake bed plain plains shore shores banks mouth delta ruins mines
walls gates court resort resorts seaport spa side sides edge outskirt heart interior part""")
_POLITIES = _words("kingdom republic empire principality duchy grand electorate khanate")
# Nouns that, right before "in X", say who or what was at X: not the subject.
_OTHER_ACTORS = _words("""jailer jailers guard guards agent agents officer officers officials
troops soldiers forces army armies fleet sailors workers strikers supporters followers
leaders delegates members newspaper newspapers paper papers rebels rebellion uprising revolt
strike strikes trial trials massacre battle war riots""")
# People named by where they come from: "guests from X", "merchants from X" (plural: "a
# guest from X" may be the subject).
# A vessel or company as the agent of a journey takes the subject along.
_VESSELS = _words("""ship vessel boat brig bark barque frigate galleon caravel fleet flotilla
schooner yacht steamer steamship sloop junk liner clipper whaler galley
expedition crew caravan convoy party entourage retinue embassy group""")
_PEOPLE_FROM = _words("""guests visitors merchants traders pilgrims delegates refugees
immigrants emigrants students scholars envoys ambassadors people men women friends""")
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
considered than allegedly alledgedly reportedly supposedly honorary posthumously""")
# Doubt vetoes even when the subject follows it: "it is unclear whether he was in X or Y".
_DOUBT = _words("whether unclear uncertain unknown doubtful")
# Modals that, before "have" and the cue, make the visit a conjecture ("might have served in
# X", "may have visited X").
_CONJECTURE = _words("might may could")
# Institutions named after a place ("Harvard University"): the place is the town only when it
# is a real city; a small namesake town is not where the institution is.
_ORGANISATION_NOUNS = _words("""university college institute institution academy school
seminary conservatory conservatoire foundation society company""")
#: Population (GeoNames) from which a name before an institution noun is taken as its city.
INSTITUTION_CITY_MIN_POPULATION = 100_000
_NEG_PHRASES = (("no", "longer"), ("agreed", "to"), ("would", "have"), ("was", "to"),
                ("were", "to"),
                ("tried", "to"), ("could", "not"), ("was", "due"), ("hoping", "to"),
                ("permission", "to"), ("visa", "to"), ("route", "to"))
_REFERENCE_HEADINGS = re.compile(
    r"^(notes?|references?|footnotes?|citations?|sources?|bibliography|further reading|"
    r"external links?|see also|works|selected works|publications|literature)\b", re.I)
# Of those, the headings of the back matter, which runs to the end of an article.
_BACK_MATTER_HEADINGS = re.compile(
    r"^(notes|references?|footnotes|citations|sources|bibliography|further reading|"
    r"external links?)\b", re.I)
_PRONOUNS = {"m": ("he", "him", "his"), "f": ("she", "her", "her")}  # the third: determiner
_SPEECH = _words("""wrote writes said says recalled explained commented responded stated
noted remembered described recounts recounted told""")

@dataclass(frozen=True)
class Cue:
    """One entry of the cue lexicon (``data/cues.csv``): a lemma and what it says.

    ``flags``: ``transitive`` (the place is its object: "visited Milan"), ``causative``
    (others move the subject: "sent him to X"), ``departure`` (the subject leaves the place),
    ``return`` (back to a place), ``life_event`` (birth, death, marriage: needs the subject as
    its agent), ``inflected`` (only inflected forms count: "headed", not the noun "head"),
    ``not=<form>`` (a form that does not count: "works" is mostly the noun, "remaining" an
    adjective).
    """

    lemma: str
    kind: str
    flags: frozenset[str]

    def excludes(self, word: str) -> bool:
        """Whether this inflected form of the lemma is no cue."""
        return f"not={word}" in self.flags or ("inflected" in self.flags and word == self.lemma)


_CUE_FILE = Path(__file__).with_name("data") / "cues.csv"


@cache
def cue_lexicon() -> dict[str, Cue]:
    """The cue lexicon by lemma, read once from ``geo/text/data/cues.csv``."""
    with _CUE_FILE.open(encoding="utf-8", newline="") as fh:
        return {r["lemma"]: Cue(r["lemma"], r["kind"], frozenset(r["flags"].split()))
                for r in csv.DictReader(fh)}


@cache
def lemmas(word: str) -> tuple[str, ...]:
    """The word and its verb and noun lemmas (lemminflect), e.g. "fled" -> flee.

    >>> lemmas("fled"), lemmas("movements")
    (('fled', 'flee'), ('movements', 'movement'))
    """
    from lemminflect import getAllLemmas

    out = [word]
    found = getAllLemmas(word)  # once: each call deep-copies lemminflect's entry
    for pos in ("VERB", "NOUN"):
        for lemma in found.get(pos, ()):
            if lemma not in out:
                out.append(lemma)
    return tuple(out)


@cache
def intention_words() -> frozenset[str]:
    """Words that make a following "to <verb>" a plan or permission (``data/intentions.txt``)."""
    return word_list("intentions.txt")


def word_list(name: str) -> frozenset[str]:
    """The words of a list under ``geo/text/data/`` (whitespace-separated, ``#`` comments)."""
    text = (_CUE_FILE.parent / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


@cache
def is_base_verb(word: str) -> bool:
    """Whether ``word`` is a verb's base form ("travel", not "travelled").

    >>> is_base_verb("travel"), is_base_verb("travelled"), is_base_verb("movements")
    (True, False, False)
    """
    from lemminflect import getAllLemmas

    return word in getAllLemmas(word).get("VERB", ())


@cache
def cue_entry(word: str) -> Cue | None:
    """The lexicon entry a whole word (lower case) is an inflection of, if any.

    >>> cue_entry("reaching").kind, cue_entry("background"), cue_entry("movements")
    ('residence', None, None)
    """
    if word not in _cue_forms():
        return None  # most words: no need to lemmatise them
    return entry_by_lemma(word)


def entry_by_lemma(word: str) -> Cue | None:
    """:func:`cue_entry` without its shortcut: every lemma of ``word`` looked up."""
    lexicon = cue_lexicon()
    for lemma in lemmas(word):
        entry = lexicon.get(lemma)
        if entry is not None and not entry.excludes(word):
            return entry
    return None


@cache
def _cue_forms() -> frozenset[str]:
    """Every inflected form of every cue lemma (lemminflect), and the lemmas themselves.

    A word outside this set lemmatises to no cue, so :func:`cue_entry` skips lemminflect's
    lookup for it: on a first reading that lookup is most of the lexicon's cost.
    """
    from lemminflect import getAllInflections

    forms = set(cue_lexicon())
    for lemma in cue_lexicon():
        for inflected in getAllInflections(lemma).values():
            forms.update(inflected)
    return frozenset(forms)


def cue_has(word: str, flag: str) -> bool:
    """Whether ``word`` is a cue with ``flag`` ("transitive", "causative", ...)."""
    entry = cue_entry(word)
    return entry is not None and flag in entry.flags


_STAY_KINDS = frozenset({"birth", "childhood", "school", "residence", "prison", "exile",
                         "detention", "asylum", "hospital"})
_TRIP_KINDS = frozenset({"travel", "conference", "hospital"})
_DESTINATION_PREPS = frozenset({"to", "into", "for", "towards", "toward"})
_LOCATIVE_PREPS = frozenset({"in", "at", "near", "on", "from", "inside", "outside", "via",
                             "through", "within", "around", "round"})
_PREPS = _DESTINATION_PREPS | _LOCATIVE_PREPS
_SKIPPABLE = _words("""the a an his her their its this that nearby local tiny small large
village town city capital port island harbor harbour""")
# Kinds of place between a transitive cue and the name ("visited the cities X and Y").
_PLACE_NOUNS = _words("""city cities town towns village villages island islands port ports
region regions country countries province provinces capital capitals coast shores colonies
states kingdoms territories places seaports harbours harbors""")
# Demonyms are made from place names with these endings: -ian (Caucasian: Caucasus, Italian:
# Italy, Siberian: Siberia), -an (Mexican: Mexico), -ese, -ish (Turkish: Turkey), -i.
_DEMONYM_ENDINGS = (("ian", ("ia", "y", "us", "a", "")), ("ean", ("ea", "e", "")),
                    ("an", ("a", "o", "")), ("ese", ("", "a", "e")),
                    ("ish", ("ey", "y", "ia", "")), ("i", ("", "a")))


@cache
def _cue_of(word: str) -> str:
    """The kind a cue word implies (``""`` for none): "exiled" -> "exile"; whole words by
    lemma, never prefixes ("background" is no "back")."""
    if word in _OTHER_ACTORS or word.endswith("ers"):
        return ""  # "a jailer in X", "farmers in X": about them
    entry = cue_entry(word)
    return entry.kind if entry is not None else ""


# Multi-word cues, as (first word, second word) -> kind.
_CUE_PAIRS = {("grew", "up"): "childhood", ("house", "arrest"): "detention",
              ("made", "way"): "residence", ("by", "way"): "travel",
              ("passing", "through"): "travel", ("passed", "through"): "travel",
              # "continued on to Khambhat", "continued past the Caspian to Bukhara".
              **{(v, w): "travel" for v in ("continued", "continuing", "continues", "continue")
                 for w in ("on", "past")},
              # "ascended the throne in its capital X": a ruler's seat.
              ("ascended", "throne"): "residence",
              # "set off with a caravan for X", "set out for X", "set sail for X".
              **{(v, w): "travel" for v in ("set", "sets", "setting")
                 for w in ("off", "out", "sail", "forth")},
              **{("spent", w): "travel" for w in ("winter", "summer", "spring", "autumn",
                                                   "weeks", "days", "months", "few")}}


def iter_visit_cues() -> Iterable[tuple[str, str]]:
    """The cue lemmas and the kind each implies (for documentation and tests)."""
    return iter((c.lemma, c.kind) for c in cue_lexicon().values())
