"""Visit-decision rule classes, each as a table of sentences and verdicts (issue 14).

a) a relative clause about someone else is not the subject's life event;
b) "died ... at his home in X" is the death at X, not a stay;
c) an institution named after a place ("University of X", "X University") makes schooling
   only with a study cue for the subject;
d) "while in X" puts the subject at X, also across "the mountain town of"; so does a clause
   opening "From X, she ...";
e) a place set off by commas after an institution's name locates it ("the X Museum, Y, ...");
f) "the natives of X, who ...": a place before a "who" after a preposition is no person;
g) the subject acting in a town with no cue verb is there ("was charged with assaulting a
   sailor in X"); not a country, not someone else acting, not far from the subject's mention;
h) a ruler's name before a regnal number ("Moctezuma II") is a person; a language after
   "in" ("called X in English") is no town;
i) "the X area", "the X bay": the town, although "the" stands before it; a city taken,
   seized, occupied or sacked is a visit;
j) "via X" is the preposition unless "Via" is capitalised ("Via Appia"); a passage around a
   place is travel; "as far as X" is a destination;
k) initials after a town ("Washington D.C.") are a state's abbreviation, not the rest of a
   longer name, and end no sentence before a lower-case word;
l) what the subject has somewhere ("had grandchildren in X") and where the subject is buried
   make no visit;
m) the subject's other names come as a list ("known also as X, Y or Doña Z"), titles
   dropped;
n) "sent to X's East End": a part of the town after a preposition is the town; a bare
   possessive ("X's terms") is none;
o) the shapes the issue names (invented sentences), visit or not: cue verbs, the subject
   as object or companion, a place in an event, institution or role phrase ("X State
   University", "served as an officer in X"), someone else's event, plans, prefixes;
p) a name inside italics (a book's, paper's or ship's title: "_Cooking in X_") is no place;
   giving something to a place or an honour from it is no visit; attending a college is
   schooling;
q) a name after "his brother", "her son" is a person, and a "he" after it is still the
   subject; a relative named before the subject's own verb is no other traveller; a note
   left for someone is no trip;
r) a short line with commas between blank lines is a heading ("Birth, early life, and
   education"), so what follows is no longer the lead;
s) the subject's own trip noun ("her next destination was X", "her voyage to X") is the
   subject's visit, but not a relative's ("her brother's trip"); "the towns of X and Y"
   keeps both places.
"""

from __future__ import annotations

import pytest
from common import place_record as _rec

from geo.extract import extract
from geo.places.names import MemoryIndex, PlaceIndex


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000),
        _rec(2, "Seville", "ES", 37.39, -5.98, 690000),
        _rec(3, "Geneva", "CH", 46.20, 6.14, 180000),
        _rec(4, "Turin", "IT", 45.07, 7.69, 870000),
        _rec(5, "Genoa", "IT", 44.41, 8.93, 580000),
        _rec(6, "Ardon", "CH", 46.21, 7.27, 2900),
        _rec(7, "Alboin", "IT", 45.5, 9.2, 800),
        _rec(8, "English", "US", 38.33, -86.46, 600),
        _rec(9, "Washington", "US", 38.90, -77.04, 690000),
        _rec(10, "Hugh", "AU", -24.29, 133.56, 50),
        _rec(11, "Ligurian Sea", "IT", 43.5, 9.0, 0, feature="region"),
        _rec(12, "Liguria", "IT", 44.3, 8.7, 0, feature="region"),
    ])


def _stops(index: PlaceIndex, sentence: str) -> list[tuple[str, str]]:
    """(place, kind) of every stop but the birth told in the lead."""
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. She was born in Lyon. "
            f"{sentence}\n")
    return [(s.place, s.kind) for s in extract(text, "roe.txt", index=index).stops
            if s.place != "Lyon"]


@pytest.mark.parametrize(("sentence", "stops"), [
    # Someone else's clause: the verb's subject is the antecedent of "who".
    ("In 1840 she married a merchant who had recently died in Seville.", []),
    ("In 1840 she bought the house of a merchant who had died in Seville.", []),
    ("In 1840 she met a painter who lived in Seville.", []),
    # The subject's own clause still counts, with or without a "who" about her.
    ("In 1840 she moved to Seville.", [("Seville", "residence")]),
    ("In 1840 she was a widow who lived in Seville.", [("Seville", "residence")]),
    ("In 1840 she was a friend of a merchant who lived in Seville.", []),
    ("In 1840 she, who was a widow by then, moved to Seville.", [("Seville", "residence")]),
    ("In 1840 she met a painter who lived in Genoa, and then she moved to Seville.",
     [("Seville", "residence")]),
])
def test_a_relative_clause_about_someone_else(index: PlaceIndex, sentence: str,
                                              stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    ("She died in 1880 at her home in Geneva.", [("Geneva", "death")]),
    ("She died on 2 June 1880 at her home in Geneva, aged 68.", [("Geneva", "death")]),
    ("In 1880 she died at her house in Geneva.", [("Geneva", "death")]),
    # A home without a death is a stay.
    ("In 1850 she bought a house in Geneva.", [("Geneva", "residence")]),
])
def test_died_at_home_in_a_place(index: PlaceIndex, sentence: str,
                                 stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    # A study cue for the subject: schooling.
    ("In 1830 she studied at the University of Turin.", [("Turin", "school")]),
    ("In 1830 she enrolled at Turin University.", [("Turin", "school")]),
    # Work or a visit at the institution: there, but not schooling.
    ("In 1840 she taught at the University of Turin.", [("Turin", "residence")]),
    ("In 1840 she worked at Turin University.", [("Turin", "residence")]),
    ("In 1840 she lectured at the University of Turin.", [("Turin", "conference")]),
    # The institution acts, or is only named: no stop.
    ("In 1840 the University of Turin gave her a medal.", []),
    ("In 1840 she wrote to professors of the University of Turin.", []),
    ("In 1840 her letters were archived at the Turin University library.", []),
    # The subject at the institution, with no other cue: there.
    ("In 1840 she was at Turin University.", [("Turin", "school")]),
])
def test_an_institution_named_after_a_place(index: PlaceIndex, sentence: str,
                                            stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    ("In 1850, while in Genoa, she married a sailor.", [("Genoa", "residence")]),
    ("In 1850, while still in Genoa she wrote her first book.", [("Genoa", "residence")]),
    ("In 1850, while in the harbour town of Genoa, she married a sailor.",
     [("Genoa", "residence")]),
    # Someone else's "while": the place is not the subject's.
    ("In 1850 she wrote often while her husband, in Genoa, ran the shop.", []),
    # A clause opening "From X, she ...": she set out from X, so she was there.
    ("In 1850 she painted. From Genoa she took a ship to Seville.",
     [("Genoa", "residence"), ("Seville", "residence")]),
    ("In 1850 she painted. From Genoa her letters reached Seville.", []),
])
def test_while_in_a_place(index: PlaceIndex, sentence: str,
                          stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    ("In 1840 she joined the Academy of Fine Arts, Turin, as a teacher.",
     [("Turin", "residence")]),
    ("In 1840 she joined the Natural History Museum, Genoa, as its curator.",
     [("Genoa", "residence")]),
    # No institution before the comma: no location of one.
    ("In 1840 she read the works of Dante, Genoa being far away.", []),
])
def test_a_place_after_an_institution_locates_it(index: PlaceIndex, sentence: str,
                                                stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("first", "stops"), [
    # The "who" is about the exiles: Ardon stays a place for the later visit.
    ("In 1840 she met many exiles living in Ardon, who taught her Italian.",
     [("Ardon", "residence")]),
    ("In 1840 she met the natives of Ardon, who taught her Italian.", [("Ardon", "residence")]),
    # A person called so: no place.
    ("In 1840 she met Ardon, who taught her Italian.", []),
])
def test_a_place_before_who_after_a_preposition(index: PlaceIndex, first: str,
                                                stops: list[tuple[str, str]]) -> None:
    got = _stops(index, f"{first} Ann Roe moved to Ardon in 1845.")
    assert [s for s in got if s[0] == "Ardon"][:1] == stops


@pytest.mark.parametrize(("line", "heading"), [
    ("Birth, early family life, and education", True),
    ("Exile, war and return", True),
    ("Paris, 1905", False),  # an address or a caption
    ("Her brothers, sisters and cousins came too", False),  # seven words: a sentence
])
def test_a_short_line_with_commas_is_a_heading(line: str, heading: bool) -> None:
    from geo.text.document import _structure

    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook.\n\n{line}\n\nShe cooked.\n"
    assert ([h.name for h in _structure(text).headings] == [line]) is heading


@pytest.mark.parametrize(("sentence", "stops"), [
    ("In 1850 she was charged with assaulting a sailor in Genoa.", [("Genoa", "travel")]),
    ("In 1850 she got news at Genoa that her mother had died.", [("Genoa", "travel")]),
    # Someone else acts there, or the subject is far back in a long clause.
    ("In 1850 her brother was charged with assaulting a sailor in Genoa.", []),
    ("In 1850 she read about the long and bitter quarrel of the two old families of the "
     "merchants in Genoa.", []),
])
def test_the_subject_acting_in_a_town(index: PlaceIndex, sentence: str,
                                      stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she met Alboin II at his court. In 1851 she spoke to Alboin.", []),
    ("In 1850 she spoke to Alboin.", ["Alboin"]),  # no ruler named so: the town
    ("In 1850 she was called Nan in English.", []),
])
def test_rulers_and_languages_are_no_towns(index: PlaceIndex, sentence: str,
                                           places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she moved from the Genoa area to Turin.", ["Genoa", "Turin"]),
    ("In 1850 she anchored in the Genoa bay.", ["Genoa"]),
    ("In 1850 she sailed past the Genoa lighthouse.", []),  # no land around the town
    ("In 1850 she took Genoa after a long siege.", ["Genoa"]),
    ("In 1850 she seized Genoa and occupied Turin.", ["Genoa", "Turin"]),
    ("In 1850 she took a ship.", []),
])
def test_surroundings_and_conquest(index: PlaceIndex, sentence: str,
                                   places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she went back to Lyon via Genoa.", ["Genoa"]),
    ("In 1850 she lodged on Via Genoa in Turin.", ["Turin"]),
    ("In 1850, after a stormy passage around Genoa, she landed at Turin.", ["Genoa", "Turin"]),
    ("In 1850 she journeyed as far as Genoa.", ["Genoa"]),
])
def test_via_and_passage(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "stops"), [
    ("She moved to Washington D.C. at the end of 1865.", [("Washington", "1865")]),
    ("In 1880 she died in a hotel in Washington D.C. She was buried there.",
     [("Washington", "1880")]),
    # A capitalised word after the name is still a longer name.
    ("In 1850 she read the Washington Post.", []),
])
def test_initials_after_a_town(index: PlaceIndex, sentence: str,
                               stops: list[tuple[str, str]]) -> None:
    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. She was born in Lyon. {sentence}\n"
    got = [(s.place, s.start[:4]) for s in extract(text, "roe.txt", index=index).stops]
    assert got[1:] == stops


def test_dotted_initials_end_no_sentence_before_a_lower_case_word() -> None:
    from geo.text.document import _split_sentences

    text = "He moved to Washington D.C. at the end of 1865. Then he left."
    assert [text[a:b] for a, b in _split_sentences(text, 0, len(text))] == [
        "He moved to Washington D.C. at the end of 1865.", "Then he left."]


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she had cousins in Genoa.", []),
    ("In 1850 she owned a vineyard in Genoa.", []),
    ("In 1850 she had been arrested in Genoa.", ["Genoa"]),
    ("In 1880 she died in Turin and was buried in Genoa.", ["Turin"]),
    ("In 1870 she was taken back to Turin and is buried in Genoa.", ["Turin"]),
    # A cemetery is a burial place, whatever word its name holds ("Forest Home").
    ("In 1870 she died in Turin. She was buried in Waldheim Cemetery (now Forest Home "
     "Cemetery) in Genoa.", ["Turin"]),
])
def test_possessions_and_burials(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("lead", "names"), [
    ("Ann Roe (1812 – 1880), known also as Nan, Annette or Doña Anita, was a cook.",
     {"nan", "annette", "anita"}),
    ("Ann Roe (1812 – 1880), better known as Annette, was a cook.", {"annette"}),
    ("Ann Roe (1812 – 1880) was born Ann Smith.", {"smith"}),
])
def test_other_names_of_the_subject(lead: str, names: set[str]) -> None:
    from geo.places.names import tokenize
    from geo.text.document import _structure
    from geo.text.people import _other_names

    text = f"Ann Roe\n\n{lead} She cooked.\n"
    tokens = tokenize(text)
    hits = [i for i, k in enumerate(tokens.key) if k in ("born", "known", "nee")]
    got = _other_names(_structure(text), tokens, {"roe", "ann", "she"}, hits)
    assert names <= got and "dona" not in got


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she was sent to Genoa's old harbour to live with a maid.", ["Genoa"]),
    ("In 1850 she moved to Genoa's Latin quarter.", ["Genoa"]),
    ("In 1850 she accepted Genoa's terms.", []),
])
def test_a_part_of_a_town_after_its_possessive(index: PlaceIndex, sentence: str,
                                               places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "visit"), [
    ("In 1850 she spent the winter in Genoa.", True),
    ("In 1850 she married a sailor in Genoa.", True),
    ("In 1850 she was speaking at a rally in Genoa.", True),
    ("In 1850 she went wandering through Genoa.", True),
    ("In 1850 she embarked at Genoa for Turin.", True),
    ("In 1850 she opened a shop in Genoa.", True),
    ("In 1850 she rented a cottage in Genoa.", True),
    ("In 1850 she gave a talk in Genoa.", True),
    ("In 1850 a crowd met her at Genoa.", True),
    ("In 1850 her friends persuaded her to move to Genoa.", True),
    ("In 1850 the family moved to Genoa.", True),
    ("In 1850 the entire family lived at her aunt's house in Genoa.", True),
    ("When she was five years old, her family moved to Genoa.", True),
    ("In 1850 both sisters moved to Genoa.", True),
    ("In 1850 both her sisters moved to Genoa.", False),
    ("In 1850 she was enrolled by her family at a school in Genoa.", True),
    ("In 1850 the entire town of Turin moved to Genoa.", False),
    ("In 1850 her husband was travelling with her to Genoa.", True),
    ("In 1850 the ship landed them at Genoa.", True),
    ("In 1850 she attended the Congress of Genoa.", True),
    ("In 1850 she spoke at a Genoa conference.", True),
    ("In 1850 she taught at Genoa State University.", True),
    ("In 1850 she served as an officer in Genoa.", True),
    ("In 1850 she worked as a teacher at a school in Genoa.", True),
    ("In 1850 her brother died in Genoa.", False),
    ("In 1880 she died of a fever in Genoa.", True),
    ("In 1850 an officer in Genoa wrote to her.", False),
    ("In 1850 her father allowed her to travel to Genoa.", False),
    ("In 1850 she decided to accept an invitation to Genoa.", False),
    ("In 1850 she decided after all to travel to Genoa.", False),  # words between
    ("In 1850 she went north to visit Genoa.", True),
    ("In 1850 she was eager and went to visit Genoa.", True),  # a new clause after "and"
    ("In 1850 her movements around Genoa were watched by the police.", False),
    ("In 1850 she wrote about the background of Genoa.", False),
    ("In 1850 she sold a portion of Genoa's bonds.", False),
    ("In 1850 she visited Genoa twice.", True),  # an adverb, not a noun the name modifies
    ("In 1850 she visited Genoa again.", True),
])
def test_the_shapes_the_issue_names(index: PlaceIndex, sentence: str, visit: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is visit


@pytest.mark.parametrize(("sentence", "places"), [
    # A tour or exploration "of" a town or a region is a trip there ...
    ("In 1850 she went with her father on his tour of Genoa.", ["Genoa"]),
    ("In 1850 she made a speaking tour of Liguria.", ["Liguria"]),
    # ... a scene or a history "of" it is not.
    ("In 1850 she painted the scenery of Liguria.", []),
])
def test_a_tour_of_a_place(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "stops"), [
    ("In 1850 she wrote _A History of Cooking in Genoa_.", []),
    ("In 1850 she worked for the _Genoa Gazette_ in Turin.", [("Turin", "residence")]),
    ("In 1850 she sailed on the _City of Genoa_ to Turin.", [("Turin", "travel")]),
    ("In 1850 she moved to a retirement home, donating her house to Genoa.",
     []),
    ("In 1850 she received honorary degrees from Genoa and Turin.", []),
])
def test_titles_gifts_and_honours(index: PlaceIndex, sentence: str,
                                  stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


def test_attending_a_college_is_schooling() -> None:
    # The shipped gazetteer: "Smith College" is an alias row at Northampton, Massachusetts.
    text = ("Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. She was born in Lyon. In 1830 she "
            "attended Smith College.\n")
    stops = [(s.place, s.kind) for s in extract(text, "roe.txt").stops]
    assert ("Smith College", "school") in stops


@pytest.mark.parametrize(("sentence", "places"), [
    # "Ardon" is a town of the index; here it is the son's name.
    ("In 1850 she left a note for her son Ardon.", []),
    ("In 1850 she wrote to her son Ardon. In 1851 she moved to Ardon.", []),
    ("In 1850, after leaving her brother Tom to run the shop, she took Genoa.", ["Genoa"]),
    ("In 1850 her brother moved to Genoa.", []),
    ("In 1850 her brother David Roe stayed in Genoa.", []),  # the subject's surname
    ("In 1850 she left a letter to her friends in Turin and went to Genoa.", ["Genoa"]),
    # A given name written before a surname is that person when it stands alone later.
    ("In 1850 she served Hugh Tate in Genoa. In 1852 Tom took her back from Hugh.",
     ["Genoa"]),
    ("In 1850 she served Hugh Tate in Genoa. In 1852 she lived in Washington.",
     ["Genoa", "Washington"]),
    ("In 1850 she lived in Genoa. In 1852 Tom took her back to Hugh.", ["Genoa", "Hugh"]),
])
def test_relatives_and_notes(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    ("In 1850 she painted. Her next destination was Genoa.", ["Genoa"]),
    ("In 1850 she painted. Her first voyage to Genoa was long.", ["Genoa"]),
    ("In 1850 she painted. Roe's journey to Genoa was long.", ["Genoa"]),
    ("In 1850 she painted. Her brother's trip to Genoa was long.", []),
    ("In 1850 she painted. She met Tom Bell. His trip to Genoa was long.", []),
    ("In 1850 she visited the towns of Genoa and Turin.", ["Genoa", "Turin"]),
    ("In 1850 she toured the ports of Genoa and Seville.", ["Genoa", "Seville"]),
    # A part of a place's land, water or fabric: "the shores of X", "the walls of X".
    ("In 1850 she settled on the shores of Genoa.", ["Genoa"]),
    ("In 1850 she had a villa built on the east side of Genoa.", ["Genoa"]),
    ("In 1850 she lived on the northern edge of Genoa.", ["Genoa"]),
    # A post at an institution named after its town: "joined the faculty of the University of X".
    ("In 1850 she joined the faculty of the University of Genoa.", ["Genoa"]),
    ("In 1850 she read the history of the University of Genoa.", []),
    ("In 1850 she visited the ruins of Seville and the walls of Turin.", ["Seville", "Turin"]),
    ("In 1850 she moved for the summer to the seaside resort of Genoa.", ["Genoa"]),
    # The town's part after its name ("the Genoa port"), not a state named after it.
    ("In 1850 she sailed to the Genoa port.", ["Genoa"]),
    ("In 1850 she lived under the Genoa Republic.", []),
])
def test_the_subjects_own_trip(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "mentioned"), [
    # "Geneva" is also a dictionary word (a gin): at a sentence's start it is the word...
    ("In 1850 she moved to Turin. Geneva became her home in 1852.", False),
    # ... unless the text writes it with a capital inside a sentence elsewhere.
    ("In 1850 she moved to Turin. Geneva became her home in 1852. She painted views of "
     "Geneva.", True),
])
def test_a_dictionary_word_opening_a_sentence(index: PlaceIndex, sentence: str,
                                             mentioned: bool) -> None:
    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. She was born in Lyon. {sentence}\n"
    starts = [m.char_start for m in extract(text, "roe.txt", index=index).mentions
              if m.surface == "Geneva"]
    assert (text.index("Geneva") in starts) is mentioned


@pytest.mark.parametrize(("sentence", "places"), [
    # A name given to someone: "changed her surname to X", "the pseudonym X".
    ("In 1850, after escaping, she changed her surname first to Genoa.", []),
    ("In 1850 she moved to Genoa and took the name Seville.", ["Genoa"]),
    ("In 1850 she lived in Genoa, Turin and, under the pseudonym Seville, in Lyon.",
     ["Genoa", "Turin"]),
    # "called" and "named" name places too.
    ("In 1850 she moved to a town called Genoa.", ["Genoa"]),
])
def test_a_name_given_is_no_place(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # A town's name in the middle of an institution's name is part of that name.
    ("In 1850 she lived in Turin and joined the Free Methodist Genoa Church.", ["Turin"]),
    ("In 1850 she lived in Turin. She stayed at Nell Genoa House.", ["Turin"]),
    # The town before its institution, with no capitalised word before it, is the town.
    ("In 1850 she lived in Turin. In 1852 she was held in the Genoa Prison.",
     ["Turin", "Genoa"]),
])
def test_a_town_inside_an_institutions_name(index: PlaceIndex, sentence: str,
                                            places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # A town listed after a town of its country is the list's next item, even where a
    # province shares its name; a province alone after a town qualifies it.
    ("In 1850 she travelled through Turin, Genoa, and then Seville.",
     ["Turin", "Genoa", "Seville"]),
    ("In 1850 she travelled through Turin, Genoa and Seville.", ["Turin", "Genoa", "Seville"]),
    ("In 1850 she travelled to Turin, Liguria, and then Seville.", ["Turin", "Seville"]),
    # "and" after the town: a list, whatever follows.
    ("In 1850 she lectured at Turin, Genoa and other towns.", ["Turin", "Genoa"]),
    # "in"/"of" before a town far into a new clause is no qualifier.
    ("In 1850 she left Turin and made her way to the port of Genoa.", ["Turin", "Genoa"]),
])
def test_a_town_in_a_list_is_no_qualifier(sentence: str, places: list[str]) -> None:
    index = MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000),
        _rec(2, "Turin", "IT", 45.07, 7.69, 870000),
        _rec(3, "Genoa", "IT", 44.41, 8.93, 580000),
        _rec(4, "Genoa", "IT", 44.50, 9.10, 0, feature="region"),
        _rec(5, "Liguria", "IT", 44.30, 8.70, 0, feature="region"),
        _rec(6, "Seville", "ES", 37.39, -5.98, 690000),
    ])
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "stops"), [
    # A death escaped is no death: she was there, and lived on.
    ("In 1850 she only just escaped drowning at Genoa. In 1852 she moved to Turin.",
     [("Genoa", "travel"), ("Turin", "residence")]),
    ("In 1850 she drowned at Genoa.", [("Genoa", "death")]),
    # A place in a title in quotes is the title's ("her book 'Travels in Genoa'").
    ("In 1850 she moved to Turin and wrote 'A Winter Journey to Genoa'.",
     [("Turin", "residence")]),
    ('In 1850 she moved to Turin. She wrote: "I have gone to Genoa."',
     [("Turin", "residence"), ("Genoa", "travel")]),
    # A sea is crossed, not stayed at; the port named after its region is the stop.
    ("In 1850 she sailed across the Ligurian Sea to Genoa.", [("Genoa", "travel")]),
    ("In 1850 she crossed the Ligurian Sea.", []),
    ("In 1850 she sailed to the Liguria port of Genoa.", [("Genoa", "travel")]),
])
def test_near_deaths_titles_and_seas(index: PlaceIndex, sentence: str,
                                     stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "stops"), [
    # A conjecture ("might have", "may have") is no visit; a past perfect is.
    ("In 1850 she might have visited Genoa.", []),
    ("In 1850, a scholar thought, she may have served in Genoa.", []),
    ("In 1850 she had visited Genoa.", [("Genoa", "travel")]),
])
def test_a_conjecture_is_no_visit(index: PlaceIndex, sentence: str,
                                  stops: list[tuple[str, str]]) -> None:
    assert _stops(index, sentence) == stops


@pytest.mark.parametrize(("sentence", "places"), [
    # A language or nationality word is no town of that name ("English", Indiana).
    ("In 1850 she spent a term at an English boarding school.", []),
    ("In 1850 she taught English in Genoa.", ["Genoa"]),
])
def test_a_language_word_is_no_town(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # "including" and "such as" after places: each item is one of the places visited.
    ("In 1850 she visited cities in the south, including Genoa and Turin.", ["Genoa", "Turin"]),
    ("In 1850 she visited many of the capitals, including Genoa and Turin.",
     ["Genoa", "Turin"]),
    ("In 1850 she visited many of the places, such as Genoa.", ["Genoa"]),
    # A footnote marker inside a list does not end it.
    ("In 1850 she studied literature, art and music in Turin[11] and Genoa.",
     ["Turin", "Genoa"]),
    ("In 1850 she toured ports such as Genoa.", ["Genoa"]),
    # ... after people, the items are people.
    ("In 1850 she toured, reading naturalists, including Turin.", []),
    # Initials after an item keep the list going ("Washington, D.C., Turin").
    ("In 1850 she visited Genoa, Washington, D.C., Turin and Seville.",
     ["Genoa", "Washington", "Turin", "Seville"]),
])
def test_lists_of_places_visited(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # A trip only tried for or planned is no trip.
    ("In 1850 she lived in Turin. She kept trying to organise another voyage to Genoa.",
     ["Turin"]),
    ("In 1850 she lived in Turin. She hoped to fund a new expedition to Genoa.", ["Turin"]),
    ("In 1850 she lived in Turin. She organised a voyage to Genoa.", ["Turin", "Genoa"]),
])
def test_a_planned_trip_is_no_trip(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # "set off", "set out", "set sail": a departure for the place.
    ("In 1850 she set off with a caravan for Genoa.", ["Genoa"]),
    ("In 1850 she set sail for Genoa.", ["Genoa"]),
    ("In 1850 she set her hopes on Genoa.", []),
    # "continued on to X", "continued past the lakes to X"; "was transported to X".
    ("In 1850 she continued on to Genoa.", ["Genoa"]),
    ("In 1850 she continued past the mountains to Genoa.", ["Genoa"]),
    ("In 1850 she was transported to Genoa.", ["Genoa"]),
    # A ruler's seat: "ascended the throne in X".
    ("In 1850 she ascended the throne in Genoa.", ["Genoa"]),
])
def test_setting_out_for_a_place(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # People named by where they came from were there, not the subject.
    ("In 1850 she lived in Turin and cooked for guests from Genoa.", ["Turin"]),
    ("In 1850 she lived in Turin, where merchants from Genoa met her.", ["Turin"]),
    ("In 1850 she lived in Turin and married a pianist from Genoa.", ["Turin"]),
    ("In 1850 she lived in Turin and helped journalists from Genoa.", ["Turin"]),
    ("In 1850 she lived in Turin. In 1852 she returned from Genoa.", ["Turin", "Genoa"]),
])
def test_people_from_a_place(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # A person named elsewhere, written or sent to, is that person, even a big city's name.
    ("In 1850 she read George Washington. In 1852 she lived in Turin and wrote back to "
     "Washington.", ["Turin"]),
    ("In 1850 she read George Washington. In 1852 she lived in Turin and moved back to "
     "Washington.", ["Turin", "Washington"]),
])
def test_a_person_written_to(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # A death the subject hears of is someone else's.
    ("In 1850 she lived in Turin. In Genoa she learned that Tom Bell had died in Seville.",
     ["Turin", "Genoa"]),
    ("In 1850 she lived in Turin. In 1880 she died in Genoa.", ["Turin", "Genoa"]),
])
def test_a_death_heard_of_is_someone_elses(index: PlaceIndex, sentence: str,
                                          places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "places"), [
    # "in present-day X", "in modern-day X", "in what is now X": where the place before lies.
    ("In 1850 she sailed to Genoa, in present-day Liguria.", ["Genoa"]),
    ("In 1850 she sailed to Genoa in modern-day Liguria.", ["Genoa"]),
    ("In 1850 she sailed to Genoa, in what is now Liguria.", ["Genoa"]),
    # ... a region told on its own is still a stop.
    ("In 1850 she sailed to Genoa. In 1852 she toured Liguria.", ["Genoa", "Liguria"]),
])
def test_where_a_place_lies_today(index: PlaceIndex, sentence: str, places: list[str]) -> None:
    assert [p for p, _ in _stops(index, sentence)] == places


@pytest.mark.parametrize(("sentence", "reason"), [
    # "the birth of X" (or "the death of X"): X's, not the subject's, unless X is the subject.
    ("She was inspired by the birth of Eugenie's daughter in Genoa.", "someone else's birth"),
    ("She painted the birth of a cousin in Genoa.", "someone else's birth"),
    ("After the birth of Roe in Genoa, the family moved.", "cue 'birth"),
])
def test_the_birth_or_death_of_someone(index: PlaceIndex, sentence: str, reason: str) -> None:
    text = f"Ann Roe\n\nAnn Roe (1812 – 1880) was a cook. {sentence}\n"
    reasons = [m.reason for m in extract(text, "roe.txt", index=index).mentions
               if m.surface == "Genoa"]
    assert reasons and reasons[0].startswith(reason)


@pytest.mark.parametrize(("sentence", "genoa"), [
    # A relative who shares the subject's surname is another person: "Richard Roe".
    ("Richard Roe moved to Genoa in 1850.", False),
    ("In 1850 Marie (Mimi) Roe moved to Genoa.", False),
    # ... the surname alone, or with the subject's own given name, is the subject.
    ("In 1850 Roe moved to Genoa.", True),
    ("In 1850 Ann Roe moved to Genoa.", True),
])
def test_a_relative_sharing_the_surname(index: PlaceIndex, sentence: str, genoa: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is genoa


@pytest.mark.parametrize(("sentence", "genoa"), [
    # A name right before a transitive cue is who acted: "When Savoy occupied Genoa".
    ("In 1850, when Savoy occupied Genoa, she fled to Turin.", False),
    ("In 1850 the Austrians besieged Genoa.", False),
    # ... the subject's own name, or a comma before the cue, is not another actor.
    ("In 1850 Roe occupied Genoa.", True),
    ("In 1850 she sailed to Turin, reaching Genoa in May.", True),
])
def test_a_named_actor_before_the_cue(index: PlaceIndex, sentence: str, genoa: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is genoa


@pytest.mark.parametrize(("sentence", "genoa"), [
    # A trip noun owned by someone else is that person's trip: "John Brown's raid on X".
    ("In 1850 she read of John Brown's raid on Genoa.", False),
    ("In 1850 she met Brown again, before Brown's raid on Genoa.", False),
    # ... unless she takes part, or it is hers; a stay in someone's house is a stay.
    ("In 1850 she joined Garibaldi's expedition to Genoa.", True),
    ("In 1850 her journey to Genoa took a week.", True),
    ("In 1850 she lived in Paul Child's house in Genoa.", True),
])
def test_someone_elses_trip_noun(index: PlaceIndex, sentence: str, genoa: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is genoa


@pytest.mark.parametrize(("sentence", "genoa"), [
    # Information passed to a place, or a place as a topic, is no visit.
    ("In 1850 she passed detailed information on the project to the Genoa office.", False),
    ("In 1850 she passed secrets to Genoa.", False),
    ("In 1850 she gave lectures on Genoa in Turin.", False),
    # ... a trip told with those words around it still is one.
    ("In 1850 she changed her plans and sailed to Genoa.", True),
])
def test_information_and_topics_are_no_visits(index: PlaceIndex, sentence: str,
                                              genoa: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is genoa


@pytest.mark.parametrize(("sentence", "genoa"), [
    # The subject's name before a word for followers names them ("Roe supporters").
    ("In 1850 Roe supporters campaigned in Genoa.", False),
    ("In 1850 Roe lovers travelled to Genoa.", False),
    ("In 1850 Roe campaigned in Genoa.", True),
])
def test_followers_named_after_the_subject(index: PlaceIndex, sentence: str,
                                           genoa: bool) -> None:
    assert ("Genoa" in [p for p, _ in _stops(index, sentence)]) is genoa
