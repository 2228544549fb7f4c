"""Each rule of the text pipeline alone: tables of words or sentences and expected verdicts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from common import place_record as _rec

from geo.extract import extract
from geo.places.names import MemoryIndex, PlaceIndex
from geo.text.document import _after_caption, is_thematic_heading
from geo.text.lexicon import cue_entry, entry_by_lemma, iter_visit_cues
from geo.text.lifespan import Lifespan, find_lifespan, outside_lifespan
from geo.text.visits import unrealised_infinitive

DATA = Path(__file__).parent / "data"
DEV_TEXTS = Path(__file__).parents[1] / "bench" / "bios" / "dev" / "texts"


@pytest.mark.parametrize(("word", "kind"), [
    ("reaching", "residence"), ("embarked", "travel"), ("spending", "residence"),
    ("married", "residence"), ("wandering", "travel"), ("fled", "escape"),
    ("landed", "travel"), ("headed", "residence"), ("excavated", "travel"),
    ("rented", "residence"), ("taught", "residence"), ("studied", "school"),
    ("flew", "travel"), ("rode", "travel"), ("walked", "travel"), ("proceeded", "travel"),
    ("detour", "travel"), ("stopped", "travel"), ("trekked", "travel"),
    ("immigrated", "residence"), ("summered", "travel"), ("honeymoon", "travel"),
    ("trained", "school"), ("drowned", "death"), ("shipped", "travel"),
    ("evacuated", "residence"), ("reunited", "residence"), ("dispatched", "travel"),
    # Whole words by lemma, never prefixes or look-alike nouns.
    ("movements", ""), ("background", ""), ("portion", ""), ("head", ""), ("works", ""),
    ("remaining", ""), ("land", ""), ("march", ""), ("transport", ""), ("visitor", ""),
    ("stop", ""), ("walk", ""), ("ride", ""), ("continued", ""), ("summer", ""),
    ("train", ""), ("ship", ""), ("garrison", ""), ("research", ""), ("transports", ""),
    ("transported", "travel"),
])
def test_cue_lexicon_matches_whole_words_by_lemma(word: str, kind: str) -> None:
    entry = cue_entry(word)
    assert (entry.kind if entry else "") == kind


def test_the_cue_shortcut_loses_no_inflection() -> None:
    # cue_entry skips lemmatising words outside the cue lemmas' inflections: on every word
    # of the invented biographies, the rule tables and the dev lives it must agree with the
    # full lookup.
    words = set()
    for path in [*DATA.glob("synthetic*/*.txt"), *Path(__file__).parent.glob("test_text_*.py"),
                 *DEV_TEXTS.glob("*.txt")]:
        words.update(re.findall(r"[a-z]+", path.read_text(encoding="utf-8").lower()))
    assert len(words) > 10000
    differ = [w for w in sorted(words) if cue_entry(w) != entry_by_lemma(w)]
    assert differ == []
    assert cue_entry("travelled") == entry_by_lemma("travelled") is not None


def test_cue_lexicon_entries_are_flagged_and_unique() -> None:
    cues = list(iter_visit_cues())
    assert len(cues) == len({lemma for lemma, _ in cues}) > 100
    assert "transitive" in cue_entry("visited").flags
    assert "causative" in cue_entry("sent").flags
    assert "departure" in cue_entry("left").flags
    assert "life_event" in cue_entry("died").flags


@pytest.mark.parametrize(("words", "unrealised"), [
    ("she was allowed to travel", True),
    ("he decided to go", True),
    ("it was vital to capture", True),
    ("they invited her to visit", True),
    ("he had to flee", False),
    ("he was forced to flee", False),
    ("he went to live", False),
    ("she moved to study", False),
    ("he travelled", False),
])
def test_plans_and_permissions_are_no_visits(words: str, unrealised: bool) -> None:
    w = words.split()
    assert unrealised_infinitive(w, len(w) - 1) is unrealised


@pytest.mark.parametrize(("heading", "thematic"), [
    ("Legacy", True), ("Legacy and influence", True), ("In popular culture", True),
    ("Awards and nominations", True), ("Tributes and homages", True), ("in film", True),
    ("Death and legacy", False), ("Later life and influence", False), ("Early life", False),
    ("Exile in Mexico", False), ("Personal life", False),
    ("Games", True), ("Arts, entertainment, and media", True), ("Monuments", True),
    ("Authenticity and veracity", True), ("Assessments", True), ("Later travels", False),
    # a listed line as whole words only, punctuation read as a space
    ("Legacyship", False), ("Legacy: influence", True), ("In popular culture and film", True),
])
def test_thematic_sections(heading: str, thematic: bool) -> None:
    assert is_thematic_heading(heading) is thematic


@pytest.mark.parametrize(("lead", "span"), [
    ("Ada Roe (12 May 1815 – 1852) was a poet.", (1815, 1852)),
    ("evliya (25 march 1611  1682), known as", (1611, 1682)),
    ("LA MALINCHE (; c. 1496 or c. 1501 – c. 1529), known also as", (1496, 1529)),
    ("SELKIRK (167613 December 1721) was a Scottish privateer", (1676, 1721)),
    ("TELEMANN ( – 25 June 1767) () was a German composer", (None, 1767)),
    ("MARIE ROE (born 3 May 1901) is a painter", (None, None)),
    ("She moved to Rome (1840) and Paris (1850).", (None, None)),
    ("Jo Lee (1200–1450) was a legend.", (None, None)),  # no life is 250 years long
])
def test_lifespan_from_the_lead(lead: str, span: tuple[int | None, int | None]) -> None:
    assert find_lifespan(lead)[:2] == span


@pytest.mark.parametrize(("kind", "year", "verdict"), [
    ("death", 1512, ""), ("death", 1511, ""), ("death", 1495, "someone else's death"),
    ("birth", 1454, ""), ("birth", 1480, "someone else's birth"),
    ("residence", 1500, ""), ("residence", 1530, "dated after the subject's death"),
    ("residence", 1400, "dated before the subject's birth"),
])
def test_lifespan_bounds_visits(kind: str, year: int, verdict: str) -> None:
    assert outside_lifespan(kind, year, Lifespan(1454, 1512)).startswith(verdict)
    assert outside_lifespan(kind, year, Lifespan(None, None)) == ""


@pytest.mark.parametrize(("line", "rest"), [
    ("of Telemann by Preisler, 1750]] GEORG TELEMANN was", "GEORG TELEMANN was"),
    ("in mostar]] evliya visited the town", "evliya visited the town"),
    ("|thumb]]", ""),
    ("see [[Paris]] and Lyon", "see [[Paris]] and Lyon"),
    ("no markup at all", "no markup at all"),
])
def test_caption_remnants_are_cut(line: str, rest: str) -> None:
    assert _after_caption(line) == rest




@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000), _rec(2, "Rome", "IT", 41.89, 12.48, 2800000),
        _rec(3, "Paris", "FR", 48.85, 2.35, 2100000), _rec(4, "Nice", "FR", 43.70, 7.27, 340000),
        _rec(5, "Berlin", "DE", 52.52, 13.40, 3400000),
        _rec(6, "Geneva", "CH", 46.20, 6.14, 180000), _rec(7, "Turin", "IT", 45.07, 7.69, 870000),
        _rec(8, "Genoa", "IT", 44.41, 8.93, 580000), _rec(9, "Milan", "IT", 45.46, 9.19, 1300000),
    ])


LIFE = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter. She was born in "
        "Lyon. In 1838 she moved to Paris. In 1841 her brother died in Nice. In 1843 she "
        "was allowed to travel to Berlin. In 1845 she visited the cities Turin, Genoa and "
        "Milan. In 1850 she settled in Geneva.\n\nLegacy\n\nIn 1901 a school in Rome was "
        "named after her.\n")


def test_sentences_end_to_end(index: PlaceIndex) -> None:
    draft = extract(LIFE, "vallet.txt", index=index)
    assert [(s.place, s.start) for s in draft.stops] == [
        ("Lyon", "1820-05-03"), ("Paris", "1838"), ("Turin", "1845"), ("Genoa", "1845"),
        ("Milan", "1845"), ("Geneva", "1850")]
    reasons = {m.surface: m.reason for m in draft.mentions if not m.kept}
    assert reasons["Nice"] in ("another person's trip",
                               "someone else's death (the subject died in 1870)")
    assert reasons["Berlin"] == "a plan or permission, not a visit"
    assert reasons["Rome"].startswith("in a section about memory or works")


def test_dates_ages_brackets_and_wars(index: PlaceIndex) -> None:
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter.\n\n"
            "Early life\n\nShe was born and raised in Lyon. At 15, she moved to Paris. She "
            "left Paris (on 3 May 1841) for Rome. She kept her First World War medals in "
            "Geneva, where she settled in 1850.\n")
    draft = extract(text, "vallet.txt", index=index)
    assert [(s.place, s.start, s.kind) for s in draft.stops] == [
        ("Lyon", "1820-05-03", "birth"), ("Paris", "1835~", "residence"),
        ("Rome", "1841-05-03", "travel"), ("Geneva", "1850", "residence")]


def test_a_state_after_the_town_picks_the_namesake() -> None:
    index = MemoryIndex.from_records([
        {"id": 1, "name": "Pasadena", "country": "US", "lat": 29.69, "lon": -95.21,
         "population": 153784, "feature": "city", "admin1": "TX"},
        {"id": 2, "name": "Pasadena", "country": "US", "lat": 34.15, "lon": -118.14,
         "population": 142250, "feature": "city", "admin1": "CA"},
        {"id": 3, "name": "California", "country": "US", "lat": 37.2, "lon": -119.5,
         "population": 0, "feature": "region", "admin1": "CA"},
    ])
    text = ("Ann Roe\n\nAnn Roe (1912 – 2004) was a cook. She was born in Pasadena, California. "
            "It is unclear whether she ever lived in Pasadena again.\n")
    draft = extract(text, "roe.txt", index=index)
    assert [(s.place, s.lat, s.start) for s in draft.stops] == [("Pasadena", 34.15, "1912")]
    reasons = [m.reason for m in draft.mentions if not m.kept]
    assert "the state or province of the place before it" in reasons
    assert 'uncertain ("unclear whether")' in reasons


def test_companions_vessels_and_time_phrases(index: PlaceIndex) -> None:
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. In 1840 she married Paul Child. In 1842 "
            "the couple moved to Paris. In 1845 the _Comet_ sailed for Genoa with her aboard. "
            "After a few months in Milan, she wrote a book. In 1850 the Roes moved to "
            "Geneva. In 1852 the vessel reached Turin.\n")
    draft = extract(text, "roe.txt", index=index)
    got = {(s.place, s.start): s.why for s in draft.stops}
    assert set(got) >= {("Paris", "1842"), ("Genoa", "1845"), ("Milan", "1845"),
                        ("Geneva", "1850"), ("Turin", "1852")}
    assert "subject aboard" in got[("Genoa", "1845")]
    assert "subject aboard" in got[("Turin", "1852")]


def test_the_travelling_party_takes_the_subject_along(index: PlaceIndex) -> None:
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. In 1840 she joined a wedding party "
            "in Paris. The party sailed to the port of Genoa.\n")
    got = {s.place: s.why for s in extract(text, "roe.txt", index=index).stops}
    assert "subject aboard" in got.get("Genoa", "")


@pytest.mark.parametrize(("second", "aboard"), [
    # A ship named in italics after a vessel word is the ship when written plainly later.
    ("The Comet reached Genoa.", True),
    # ... a travelling group takes her along too ...
    ("The group travelled on to Genoa.", True),
    # ... and a name never introduced as a ship's is nobody's vessel.
    ("The Herald reached Genoa.", False),
])
def test_a_ship_named_once_in_italics(index: PlaceIndex, second: str, aboard: bool) -> None:
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. In 1840 she bought a passage on "
            f"the schooner _Comet_ in Paris. {second}\n")
    got = {s.place: s.why for s in extract(text, "roe.txt", index=index).stops}
    assert ("subject aboard" in got.get("Genoa", "")) == aboard


@pytest.mark.parametrize(("sentence", "place"), [
    ("In 1845 a crowd met her at Genoa.", "Genoa"),
    ("In 1845 her friends persuaded her to move to Milan.", "Milan"),
    ("In 1845 her brother was travelling with her to Turin.", "Turin"),
])
def test_the_subject_as_object_or_companion(index: PlaceIndex, sentence: str,
                                            place: str) -> None:
    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. {sentence}\n"
    assert [s.place for s in extract(text, "roe.txt", index=index).stops] == [place]


def test_the_family_moves_with_the_subject(index: PlaceIndex) -> None:
    text = "Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. In 1820 the family moved to Turin.\n"
    stops = extract(text, "roe.txt", index=index).stops
    assert [(s.place, s.why) for s in stops] == [
        ("Turin", "cue 'moved to' (subject with the family)")]


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1845 she attended the Congress of Turin.", ["Turin"]),
    ("In 1845 she fought at the Battle of Genoa.", ["Genoa"]),
    ("In 1845, after the Battle of Genoa, she wrote poems.", []),
    ("In 1845 the Battle of Genoa was fought.", []),
])
def test_events_named_after_a_place(index: PlaceIndex, sentence: str,
                                    places: list[str]) -> None:
    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. {sentence}\n"
    assert [s.place for s in extract(text, "roe.txt", index=index).stops] == places


def test_a_country_point_is_no_neighbourhood() -> None:
    index = MemoryIndex.from_records([
        {"id": 1, "name": "Stockholm", "country": "SE", "lat": 59.33, "lon": 18.06,
         "population": 975000, "feature": "city"},
        {"id": 2, "name": "United States", "country": "US", "lat": 38.9, "lon": -77.04,
         "population": 330000000, "feature": "country"},
        {"id": 3, "name": "Cambridge", "country": "GB", "lat": 52.2, "lon": 0.12,
         "population": 128000, "feature": "city"},
        {"id": 4, "name": "Cambridge", "country": "US", "lat": 42.37, "lon": -71.11,
         "population": 105000, "feature": "city"},
    ])
    text = ("Ann Roe\n\nAnn Roe (1878 – 1968) was a physicist. In 1940 she lived in Stockholm. "
            "In 1964 she made a trip to the United States. In 1967 she moved to Cambridge.\n")
    stops = extract(text, "roe.txt", index=index).stops
    assert [(s.place, s.country) for s in stops][-1] == ("Cambridge", "GB")


@pytest.mark.parametrize(("sentence", "left"), [
    ("In 1905 she moved to Paris.", "in 1905 she moved to"),
    ("She was ill; she moved to Paris.", "she moved to"),  # a semicolon starts a clause
    ("Her work: she moved to Paris.", "she moved to"),
    ("Her work — and she moved to Paris.", "and she moved to"),
    ("She was ill; later: she moved (with her son) to Paris.", "she moved with her son to"),
    ("She wrote, while he moved to Paris.", "while he moved to"),  # a subordinate clause
])
def test_the_clause_of_a_mention_starts_after_the_last_break(sentence: str, left: str) -> None:
    from geo.places.names import MemoryIndex
    from geo.text.pipeline import _analyse, _candidates, _matcher_for
    from geo.text.visits import clause_of

    index = MemoryIndex.from_records([{"id": 1, "name": "Paris", "alternatenames": [],
                                       "country": "FR", "lat": 48.85, "lon": 2.35,
                                       "population": 2100000, "feature": "city"}])
    matcher = _matcher_for(index, False)
    info, matches = _analyse(f"Anne Vallet\n\n{sentence}\n", index, matcher)
    [cand] = [c for c in _candidates(info, matches, index, matcher) if c.key == "paris"]
    assert " ".join(clause_of(info, cand).left) == left


@pytest.mark.parametrize(("gallery", "stops"), [
    # An image gallery line (file names and their captions) is not the narrative ...
    ("File:Roe Girl in Genoa 1850.jpg|_Girl in Genoa_ (1850), oil on canvas, private "
     "collection File:Roe Sea 1852.jpg|_The Sea_ (1852), pastel, a museum in Turin "
     "File:Roe Harbour 1853.jpg|_The Harbour_ (1853), etching, a gallery in Milan.", ["Paris"]),
    ("image:roe in genoa.png|Roe working at her easel in Genoa, 1850, in a photograph by an "
     "unknown photographer; the print was later given by her pupils to a museum in Turin, "
     "where it hangs beside her portrait of a harbour at sunset.", ["Paris"]),
    # ... a sentence that names a file is.
    ("In 1850 she moved to Genoa, where she kept her file of drawings.", ["Paris", "Genoa"]),
])
def test_an_image_gallery_is_no_narrative(index: PlaceIndex, gallery: str,
                                          stops: list[str]) -> None:
    text = (f"Ann Roe\n\nAnn Roe (1812 – 1880) was a painter. In 1840 she moved to Paris.\n\n"
            f"{gallery}\n")
    assert [s.place for s in extract(text, "roe.txt", index=index).stops] == stops


def test_a_title_that_lost_its_accents_names_the_subject(index: PlaceIndex) -> None:
    # "Ann Rovét" with its accented letters deleted is "ann rovt"; the text writes "rovet".
    text = ("ann rovt (1812 – 1880) was a cook.\n\nlife\n\nin 1840 rovet moved to paris. "
            "in 1845 rovet moved to genoa. in 1850 rovet moved to milan.\n")
    assert [s.place for s in extract(text, "rovet.txt", index=index).stops] == \
        ["Paris", "Genoa", "Milan"]


def test_infobox_residue_is_not_the_title(index: PlaceIndex) -> None:
    # Words of an infobox left above the lead (places, relatives) are not the subject's name.
    text = ("border | caption = | birth_place= genoa, italy | spouse= paul child\n"
            "marie child (mother)\nsignature= roe.svg }}\n\n"
            "Ann Roe (1812 – 1880) was a cook. In 1840 she moved to Paris. In 1845 Child "
            "moved to Genoa. In 1850 Roe moved to Milan.\n")
    draft = extract(text, "roe.txt", index=index)
    assert draft.subject.startswith("Ann Roe") or "roe" in draft.subject.lower()
    assert [s.place for s in draft.stops] == ["Paris", "Milan"]


@pytest.mark.parametrize(("kind", "year", "died_date", "verdict"), [
    # A death told to the day leaves no slack for a stay dated after its year ...
    ("residence", 1513, "1512-02-22", "dated after the subject's death"),
    ("residence", 1512, "1512-02-22", ""),
    # ... a death told by its year alone keeps one year of slack.
    ("residence", 1513, "1512", ""),
    ("death", 1513, "1512-02-22", ""),
])
def test_no_slack_past_a_death_told_to_the_day(kind: str, year: int, died_date: str,
                                               verdict: str) -> None:
    assert outside_lifespan(kind, year, Lifespan(1454, 1512, "", died_date)) == verdict
