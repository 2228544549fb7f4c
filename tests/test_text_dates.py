"""Dating and stop building, rule by rule: a sentence in a short life -> the stops' dates.

Each row is one rule of ``geo/text/timex.py``, ``lifespan.py``, ``stops.py`` or
``geo/textdates.py``; the life around it is the same, so a row fails only for its rule.
"""

from __future__ import annotations

import pytest
from common import place_record as _rec

from geo.extract import extract
from geo.places.names import MemoryIndex, PlaceIndex
from geo.text.lifespan import school_start
from geo.textdates import scan_dates


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000), _rec(2, "Rome", "IT", 41.89, 12.48, 2800000),
        _rec(3, "Paris", "FR", 48.85, 2.35, 2100000), _rec(4, "Nice", "FR", 43.70, 7.27, 340000),
        _rec(5, "Berlin", "DE", 52.52, 13.40, 3400000),
        _rec(6, "Geneva", "CH", 46.20, 6.14, 180000),
        _rec(7, "Provence", "FR", 43.9, 6.0, 0, feature="region"),
    ])


def _stops(index: PlaceIndex, body: str, life: str = "3 May 1820 – 2 June 1870"
           ) -> list[tuple[str, str, str, str]]:
    text = (f"Anne Vallet\n\nAnne Vallet ({life}) was a painter.\n\nLife\n\n"
            f"She was born in Lyon. {body}\n")
    return [(s.place, s.start, s.end, s.kind)
            for s in extract(text, "vallet.txt", index=index).stops][1:]


@pytest.mark.parametrize(("body", "want"), [
    # A span's start dates the visit, its end closes it.
    ("From 1840 to 1845 she lived in Paris.", [("Paris", "1840", "1845", "residence")]),
    ("In the years 1841 to 1844 she worked in Paris.",
     [("Paris", "1841", "1844", "residence")]),
    ("Between 1841 and 1844 she lived in Paris.", [("Paris", "1841", "1844", "residence")]),
    # Trips at a list of times are a trip each time; "between X and Y" stays a span.
    ("She visited Rome in 1845 and 1850.",
     [("Rome", "1845", "", "travel"), ("Rome", "1850", "", "travel")]),
    ("She travelled to Rome once in 1845 and once in 1850.",
     [("Rome", "1845", "", "travel"), ("Rome", "1850", "", "travel")]),
    ("She visited Rome in 1845, 1847 and 1850.",
     [("Rome", "1845", "", "travel"), ("Rome", "1847", "", "travel"),
      ("Rome", "1850", "", "travel")]),
    ("Between 1845 and 1850 she lived in Rome.", [("Rome", "1845", "1850", "residence")]),
    ("She lived in Rome in 1845 and 1850.", [("Rome", "1845", "", "residence")]),
    # "Remained in X" after a visit there and trips away: the visit began a stay.
    ("In 1840 she travelled to Rome. In 1845 she visited Nice. She remained in Rome for the "
     "rest of her life.", [("Rome", "1840", "1870-06-02", "residence"),
                           ("Nice", "1845", "", "travel")]),
    # A date belongs to the nearer place: the second place takes the date after it, even
    # past its state or country ("Nice, France in 1841").
    ("She settled in Paris in 1838, later moving to Nice in 1841.",
     [("Paris", "1838", "1841", "residence"), ("Nice", "1841", "", "residence")]),
    ("She settled in Paris in 1838, later moving to Nice, France in 1841.",
     [("Paris", "1838", "1841", "residence"), ("Nice", "1841", "", "residence")]),
    # A range written as one date ends the stay at its last year.
    ("In 1841–1844 she worked in Paris.", [("Paris", "1841", "1844", "residence")]),
    ("In 1841–44 she worked in Paris.", [("Paris", "1841", "1844", "residence")]),
    # A date after "until" ends the stay; the nearer start before the place still dates it.
    ("In 1840 she began teaching at a school in Paris, a job she had until 1848.",
     [("Paris", "1840", "1848", "school")]),
    # Only an end in the sentence: the stay began at the running date.
    ("In 1840 she married. She lived in Paris until 1848.",
     [("Paris", "1840", "1848", "residence")]),
    # Leaving a place not told before ends a stay that began at the running date.
    ("In 1840 she worked as a nurse. In May 1850 she left Paris for Rome.",
     [("Paris", "1840", "1850-05", "residence"), ("Rome", "1850-05", "", "travel")]),
    # Leaving someone behind in a place is leaving the place.
    ("In 1840 she worked as a nurse. In May 1850 she left her son behind in Paris and went "
     "to Rome.", [("Paris", "1840", "1850-05", "residence"), ("Rome", "1850-05", "", "travel")]),
    # ... but not from further back than the look-back.
    ("In 1821 she was baptised. In May 1850 she left Paris for Rome.",
     [("Paris", "1850-05", "", "residence"), ("Rome", "1850-05", "", "travel")]),
    # An undated schooling is at school age (university age after a cue of higher
    # education), not at the birth.
    ("She went to school in Geneva.", [("Geneva", "1827~", "", "school")]),
    ("She studied at the university in Geneva.", [("Geneva", "1838~", "", "school")]),
    # A dated schooling keeps its date.
    ("In 1831 she went to school in Geneva.", [("Geneva", "1831", "", "school")]),
    # A journey towards a place told before the arrival: the arrival starts the stop ...
    ("In June 1840 she sailed to Rome. She arrived in Rome on 3 March 1841.",
     [("Rome", "1841-03-03", "", "travel")]),
    # ... but an arrival after a stay there does not move the stay's start.
    ("In 1840 she moved to Rome. She arrived in Rome on 3 March 1841.",
     [("Rome", "1840", "1841-03-03", "residence")]),
    # A later event told in passing is not dated by the running year ...
    ("In 1840 she moved to Rome, and wrote to him until her return to Paris.",
     [("Rome", "1840", "", "residence")]),
    ("In 1840 she moved to Rome. She would later move to Paris.",
     [("Rome", "1840", "", "residence")]),
    ("In 1840 she moved to Rome. She was later to settle in Paris.",
     [("Rome", "1840", "", "residence")]),
    # "before settling in Paris" comes after the running date: the later telling dates it.
    ("In 1840 she moved to Rome. In Rome before settling in Paris, she painted. In 1845 "
     "she settled in Paris.", [("Rome", "1840", "1845", "residence"),
                               ("Paris", "1845", "", "residence")]),
    # ... but a "before" in a dated sentence is of its time.
    ("In 1840 she moved to Rome. In summer 1844 she lived in Nice before moving on to Paris.",
     [("Rome", "1840", "1844-22", "residence"), ("Nice", "1844-22", "", "residence"),
      ("Paris", "1844-22", "", "residence")]),
    # A place reached at the end of a time told before it.
    ("In 1840 she moved to Rome. For the next decade, she travelled widely and finally "
     "settled in Paris.", [("Rome", "1840", "1850", "residence"),
                           ("Paris", "1850", "", "residence")]),
    ("In 1840 she moved to Rome. For the next decade she travelled, settling in Paris.",
     [("Rome", "1840", "", "residence"), ("Paris", "1840", "", "residence")]),
    # "She was later posted to Paris" is the next event, not a flash-forward.
    ("In 1840 she moved to Rome. She was later posted to Paris.",
     [("Rome", "1840", "", "residence"), ("Paris", "1840", "", "residence")]),
    # ... but its own date dates it.
    ("In 1840 she moved to Rome, and wrote to him until her return to Paris in 1850.",
     [("Rome", "1840", "1850", "residence"), ("Paris", "1850", "", "residence")]),
    # A childhood told after later events, or undated, starts at the birth.
    ("She was raised in Nice. In 1850 she moved to Paris.",
     [("Nice", "1820", "1850", "childhood"), ("Paris", "1850", "", "residence")]),
    ("In 1850 she moved to Paris. She had been raised in Nice by an aunt.",
     [("Nice", "1820", "1850", "childhood"), ("Paris", "1850", "", "residence")]),
    # The length of a stay told next to its place ends it.
    ("In 1840 she settled in Paris, where she would live for the next 14 years.",
     [("Paris", "1840", "1854", "residence")]),
    ("In 1840 she spent two years in Paris.", [("Paris", "1840", "1842", "residence")]),
    ("In 1840 she moved to Paris and lived there for a decade.",
     [("Paris", "1840", "1850", "residence")]),
    # ... not an age, nor a length told of something else in another clause.
    ("In 1840, aged twenty years old, she moved to Paris.",
     [("Paris", "1840", "", "residence")]),
    ("In 1840 she moved to Paris; her brother stayed in Lyon for two years.",
     [("Paris", "1840", "", "residence")]),
    # A death is its own stop; a stay in the same place stays a stop of its own too.
    ("In 1840 she moved to Paris. She died in Paris in 1870.",
     [("Paris", "1840", "1870", "residence"), ("Paris", "1870", "", "death")]),
    # A decade dates its own clause, or the sentence it opens, but moves no running date.
    ("In 1840 she painted. In the 1850s she lived in Rome. She visited Nice.",
     [("Nice", "1840", "", "travel"), ("Rome", "1850~", "", "residence")]),
    ("In 1840 she painted. In the late 1850s, she lived in Rome.",
     [("Rome", "1857~", "", "residence")]),
    ("In 1840 she painted. After a quarrel in the 1850s, she lived in Rome.",
     [("Rome", "1840", "", "residence")]),
    # A place she is told to be at across years was a stay, whatever the first cue was; it
    # lasts until the next stay, and two visits years apart stay two visits.
    ("In 1840 she went to Paris. By 1844 she was teaching in Paris. In 1846 she visited Rome.",
     [("Paris", "1840", "1846", "residence"), ("Rome", "1846", "", "travel")]),
    ("In 1840 she visited Paris. In 1846 she visited Paris again.",
     [("Paris", "1840", "", "travel"), ("Paris", "1846", "", "travel")]),
    # A region named between two stays in one of its towns is that stay; between two trips
    # it is a trip of its own.
    ("In 1840 she moved to Nice. In 1845 she was living in Provence. In 1848 she left Nice "
     "for Rome.", [("Nice", "1840", "1848", "residence"), ("Rome", "1848", "", "travel")]),
    ("In 1840 she visited Nice. In 1845 she toured Provence. In 1848 she visited Nice again.",
     [("Nice", "1840", "", "travel"), ("Provence", "1845", "", "travel"),
      ("Nice", "1848", "", "travel")]),
])
def test_dates_and_stays_table(index: PlaceIndex, body: str,
                               want: list[tuple[str, str, str, str]]) -> None:
    assert _stops(index, body) == want


def test_a_death_told_first_takes_no_later_stay_of_the_year(index: PlaceIndex) -> None:
    # The lead tells the death; the last section the return home in the same year.
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter who died in "
            "Paris.\n\nLife\n\nShe was born in Lyon. In 1840 she settled in Rome.\n\n"
            "Last years\n\nIn 1870 she returned to Paris.\n")
    stops = [(s.place, s.kind) for s in extract(text, "v.txt", index=index).stops]
    assert stops.count(("Paris", "death")) == 1
    assert ("Paris", "residence") in stops


@pytest.mark.parametrize(("sentence", "want"), [
    ("After the First World War she moved to Paris.", ["1918~"]),
    ("After World War II she moved to Paris.", ["1945~"]),
    ("At the outbreak of the Second World War she was in Paris.", ["1939~"]),
    ("During the First World War she nursed in Paris.", ["1914~"]),
    ("She kept her Second World War medals in Paris.", []),
    ("She reopened the school after the hiatus of the Second World War.", []),
    # Decades: approximate, at the start, middle or end of the decade.
    ("She lived in Paris in the 1850s.", ["1850~"]),
    ("She lived in Paris in the mid-1850s and the late 1860s.", ["1854~", "1867~"]),
    ("She painted 1850s Paris in 1905.", ["1850~", "1905"]),
])
def test_wars_date_a_sentence_only_as_a_time(sentence: str, want: list[str]) -> None:
    assert [d.edtf for d in scan_dates(sentence)] == want


@pytest.mark.parametrize(("sentence", "want"), [
    ("She wrote it (1890) in Paris.", [("1890", False)]),
    ("She wrote it (a draft) in 1890.", [("1890", True)]),  # the bracket closed before
    ("She wrote it (a draft\nin 1890 in Paris).", [("1890", True)]),  # opened on a line before
    ("She wrote it) in 1890.", [("1890", True)]),  # a stray closer opens nothing
    ("She wrote it [in a letter (1890)] in Paris.", [("1890", False)]),
    ("She wrote it ([a letter] 1890) in Paris.", [("1890", False)]),  # still inside "("
    ("She left Lyon (on 3 May 1741) in haste.", [("1741-05-03", True)]),  # tells when
])
def test_a_bracketed_date_is_no_narrative_date(sentence: str,
                                              want: list[tuple[str, bool]]) -> None:
    assert [(d.edtf, d.narrative) for d in scan_dates(sentence)] == want


@pytest.mark.parametrize(("cue", "born", "want"), [
    ("cue 'school in' (subject agent)", 1803, "1810~"),
    ("cue 'gymnasium' (subject agent)", 1681, "1688~"),
    ("cue 'university' (subject agent)", 1901, "1919~"),
    ("cue 'graduated from' (subject agent)", 1901, "1919~"),
    ("cue 'college' (subject agent)", 1912, "1930~"),
])
def test_school_start_age(cue: str, born: int, want: str) -> None:
    assert school_start(cue, born) == want


def test_war_after_world_war_moves_the_narrative(index: PlaceIndex) -> None:
    stops = _stops(index, "After the First World War she moved to Paris.",
                   life="3 May 1890 – 2 June 1950")
    assert stops == [("Paris", "1918~", "", "residence")]


def test_a_section_named_after_a_place_dates_its_stay(index: PlaceIndex) -> None:
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter.\n\n"
            "Early life (1820–1840)\n\nShe was born in Lyon.\n\nParis (1840–70)\n\n"
            "In 1845 she travelled to Rome. In 1846 she painted. Apart from that, she "
            "remained in Paris for the rest of her life.\n")
    stops = [(s.place, s.start, s.end) for s in extract(text, "v.txt", index=index).stops]
    assert ("Paris", "1840", "1870-06-02") in stops


def test_the_running_year_dates_a_place_not_named_in_the_heading(index: PlaceIndex) -> None:
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter.\n\n"
            "Paris (1840–70)\n\nIn 1846 she painted. She then lived in Geneva.\n")
    stops = [(s.place, s.start) for s in extract(text, "v.txt", index=index).stops]
    assert ("Geneva", "1846") in stops


@pytest.mark.parametrize(("sentence", "years"), [
    ("Two years later she moved to Paris", 2),
    ("A decade later she returned", 10),
    ("After three years she left", 3),
    ("The following year she married", 1),
    ("The next decade was hard", 10),
    ("For the next decade she lived there", 0),  # a duration from now, not a time then
    ("Over the next year she wrote", 0),
    ("In the following year she travelled", 1),  # "in": a time, not a duration
    ("Less than a year later she left", 0),
    ("Two months later she left", 0),
    # A compound duration measures the stay told before, not a step from now.
    ("After four years and four months alone she was rescued", 0),
    ("After four years and a half she left", 4),
])
def test_relative_expressions_move_the_narrative(sentence: str, years: int) -> None:
    from geo.text.timex import _years_later

    assert _years_later(sentence.lower().split()) == years


@pytest.mark.parametrize(("sentence", "months"), [
    ("Six months later she left", 6),
    ("After two months she left", 2),
    ("After spending a month in Gao she set off", 1),
    ("After 10 months in prison she was freed", 10),
    ("She was born a month later than expected", 0),
    ("She stayed for two months", 0),  # a stay's length, not a step from now
    ("Two years later she left", 0),
])
def test_months_later(sentence: str, months: int) -> None:
    from geo.text.timex import _months_later

    assert _months_later(sentence.lower().split()) == months


@pytest.mark.parametrize(("body", "nice"), [
    # Months on from a running date told to the month can cross into the next year ...
    ("In November 1845 she travelled to Rome. Two months later she moved to Nice.", "1846"),
    ("In November 1845 she travelled to Rome. After spending a month there, she moved to "
     "Nice.", "1845"),
    # ... a running year alone gives no month to count from.
    ("In 1845 she travelled to Rome. Two months later she moved to Nice.", "1845"),
])
def test_months_later_move_a_running_month(index: PlaceIndex, body: str, nice: str) -> None:
    assert [s[1][:4] for s in _stops(index, body) if s[0] == "Nice"] == [nice]


def test_during_his_stay_refers_to_the_stay_told_before(index: PlaceIndex) -> None:
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter.\n\nLife\n\n"
            "She was born in Lyon. In 1840 she settled in Paris. In 1841 she moved to "
            "Geneva. During her stay in Paris, Vallet painted a portrait in 1843.\n")
    stops = [(s.place, s.start) for s in extract(text, "v.txt", index=index).stops]
    assert [p for p, _ in stops].count("Paris") == 1, stops


def _life(index: PlaceIndex, lead: str, body: str) -> list[tuple[str, str, str, str]]:
    text = f"Anne Vallet\n\nAnne Vallet ({lead}) was a painter.\n\nLife\n\n{body}\n"
    return [(s.place, s.start, s.end, s.kind)
            for s in extract(text, "vallet.txt", index=index).stops]


@pytest.mark.parametrize(("lead", "body", "want"), [
    # The lead lost the birth: the ages told with years give it, for the birth's date.
    ("; 2 June 1870", "She was born in Lyon. In 1840, aged 16, she moved to Paris.",
     [("Lyon", "1824~", "1840", "birth")]),
    ("; 2 June 1870", "She was born in Lyon. In 1840, when Vallet was 15, she moved to "
     "Paris.", [("Lyon", "1825~", "1840", "birth")]),
    # Several ages: the most frequent estimate.
    ("; 2 June 1870", "She was born in Lyon. In 1840, aged 16, she moved to Paris. In 1850, "
     "at the age of 26, she went to Rome. In 1855, aged 30, she moved to Nice.",
     [("Lyon", "1824~", "1840", "birth")]),
    # Another person's age says nothing of hers: no date for her birth.
    ("; 2 June 1870", "She was born in Lyon. In 1840, when her father was 50, the family "
     "lived in Paris.", []),
    # A relative's birth, in the sentence or in brackets, is not hers ...
    ("; 2 June 1870", "Her only sister, Marie, was born in 1822. She was born in Lyon. "
     "In 1840, aged 16, she moved to Paris.", [("Lyon", "1824~", "1840", "birth")]),
    ("; 2 June 1870", "She was born in Lyon. Her daughter Marie (born 1850) painted. In "
     "1840, aged 16, she moved to Paris.", [("Lyon", "1824~", "1840", "birth")]),
    # ... and a bracket's other date in her birth sentence is no birth date.
    ("; 2 June 1870", "She was born in Lyon (known from 1850 as Lugdunum). In 1840, aged "
     "16, she moved to Paris.", [("Lyon", "1824~", "1840", "birth")]),
    # Her own birth told in a sentence still dates it.
    ("; 2 June 1870", "Vallet, the first of five children, was born in Lyon in 1821. In "
     "1840, aged 16, she moved to Paris.", [("Lyon", "1821", "1840", "birth")]),
])
def test_birth_year_when_the_lead_lost_it(index: PlaceIndex, lead: str, body: str,
                                          want: list[tuple[str, str, str, str]]) -> None:
    assert [s for s in _life(index, lead, body) if s[3] == "birth"] == want


def test_a_stay_to_the_death_takes_the_death_past_a_later_trip(index: PlaceIndex) -> None:
    # "( – 2 June 1870)": the death's date; the stay "for the rest of her life" ends with it,
    # and the death told without a place is at that stay, not at the trip told after it.
    stops = _life(index, " – 2 June 1870",
                  "She was born in Lyon. In 1840 she moved to Paris, where she remained for "
                  "the rest of her life. In 1850 she travelled to Rome. She died in her sleep.")
    assert stops[-3:] == [("Paris", "1840", "1870-06-02", "residence"),
                          ("Rome", "1850", "", "travel"), ("Paris", "1870-06-02", "", "death")]


@pytest.mark.parametrize(("body", "want"), [
    # "After the war" dates by the end of the world war the narrative is in ...
    ("During the Second World War she nursed in Paris. After the war, she moved to Rome.",
     ("Rome", "1945~")),
    ("During the First World War she nursed in Paris. After the war she moved to Rome.",
     ("Rome", "1918~")),
    # ... not when the narrative is elsewhere in time, or the war is another one.
    ("In 1950 she lived in Paris. She wrote of the Second World War. After the war, she "
     "moved to Rome.", ("Rome", "1950")),
    ("During the Second World War she nursed in Paris. After the war in Spain she moved to "
     "Rome.", ("Rome", "1939")),
])
def test_after_the_war_ends_the_war_named_before(index: PlaceIndex, body: str,
                                                 want: tuple[str, str]) -> None:
    stops = _stops(index, body, life="3 May 1900 – 2 June 1980")
    assert [(p, start) for p, start, _, _ in stops if p == want[0]] == [want]


def _sections(index: PlaceIndex, *sections: str) -> list[tuple[str, str, str, str]]:
    text = "Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter who died in " \
           "Paris.\n\n" + "\n\n".join(sections) + "\n"
    return [(s.place, s.start, s.end, s.kind)
            for s in extract(text, "vallet.txt", index=index).stops]


@pytest.mark.parametrize(("sections", "want"), [
    # A death told in the lead and again at the end is one death, whatever came between.
    (("Life\n\nShe was born in Lyon. In 1860 she moved to Rome.",
      "Death\n\nIn 1869 she travelled to Nice. She died in Paris on 2 June 1870."),
     [("Lyon", "1820-05-03", "1860", "birth"), ("Rome", "1860", "1869", "residence"),
      ("Nice", "1869", "", "travel"), ("Paris", "1870-06-02", "", "death")]),
    # A section that goes back in time: its undated opening is no later than its first date.
    (("Life\n\nShe was born in Lyon. In 1860 she moved to Rome.",
      "Work\n\nSoon after her arrival she travelled to Nice. In 1845 she painted a portrait."),
     [("Lyon", "1820-05-03", "1845", "birth"), ("Nice", "1845", "", "travel"),
      ("Rome", "1860", "1870-06-02", "residence"), ("Paris", "1870-06-02", "", "death")]),
])
def test_deaths_and_sections(index: PlaceIndex, sections: tuple[str, ...],
                             want: list[tuple[str, str, str, str]]) -> None:
    assert _sections(index, *sections) == want


@pytest.mark.parametrize(("sections", "want"), [
    # A dated part with no text of its own dates its undated sections; a date outside the
    # part (told looking back) does not move the narrative.
    (("Travels 1840–1850", "Italy\n\nShe moved to Rome.",
      "France\n\nIn 1835, long before, she had painted. She then travelled to Nice."),
     [("Rome", "1840"), ("Nice", "1840")]),
    # A dated section with text of its own is no part: the next section keeps its dates.
    (("Youth 1820–1830\n\nShe was born in Lyon.",
      "Italy\n\nIn 1845 she moved to Rome. She then travelled to Nice."),
     [("Lyon", "1820-05-03"), ("Rome", "1845"), ("Nice", "1845")]),
])
def test_a_dated_part_dates_its_sections(index: PlaceIndex, sections: tuple[str, ...],
                                         want: list[tuple[str, str]]) -> None:
    stops = [(p, start) for p, start, _, kind in _sections(index, *sections) if kind != "death"]
    assert stops == want


def test_a_death_told_twice_is_one_death() -> None:
    # The lead tells the death, the last section a return the same year and the death again.
    index = MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000), _rec(2, "Rome", "IT", 41.89, 12.48, 2800000),
        _rec(3, "Paris", "FR", 48.85, 2.35, 2100000),
        {"id": 4, "name": "France", "alternatenames": [], "country": "FR", "lat": 48.85,
         "lon": 2.35, "population": 67000000, "feature": "country"},
    ])
    stops = _sections(index, "Life\n\nShe was born in Lyon. In 1840 she moved to Rome.",
                      "Last years\n\nIn 1870 she returned to France. She died in Paris on 2 "
                      "June 1870.")
    assert [s for s in stops if s[3] == "death"] == [("Paris", "1870-06-02", "", "death")]


def test_the_last_stay_in_a_country_is_in_the_town_of_the_death() -> None:
    index = MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000), _rec(2, "Rome", "IT", 41.89, 12.48, 2800000),
        _rec(3, "Seville", "ES", 37.38, -5.97, 690000),
        {"id": 4, "name": "Spain", "alternatenames": [], "country": "ES", "lat": 40.4,
         "lon": -3.7, "population": 46000000, "feature": "country"},
    ])
    stops = _sections(index, "Life\n\nShe was born in Lyon. In 1840 she moved to Rome.",
                      "Last years\n\nIn 1860 she returned to Spain. She died in Seville in "
                      "1870.")
    assert stops[-2:] == [("Seville", "1860", "1870", "residence"),
                          ("Seville", "1870", "", "death")]


@pytest.mark.parametrize(("body", "death"), [
    # A death told as a date without a place is at the last stay ...
    ("In 1850 she returned to Paris. She painted there until her death on 2 June 1870.",
     [("Paris", "1870-06-02", "", "death")]),
    ("In 1850 she returned to Paris. She died in her sleep.",
     [("Paris", "1870-06-02", "", "death")]),
    # ... but not at a region: no place of death.
    ("In 1850 she returned to Provence. She died in her sleep.", []),
    # ... the stay begun last before it, not a stop dated after the death.
    ("In 1860 she moved to Nice. She died in her sleep. In 1871 Vallet's pupils founded a "
     "school in Rome, which she had visited in 1871.", [("Nice", "1870-06-02", "", "death")]),
    # ... and not someone else's death, nor a death at another date.
    ("In 1850 she returned to Paris. She painted there until his death on 2 June 1870.", []),
    ("In 1850 she returned to Paris. She painted there until her death on 2 June 1871.", []),
])
def test_a_death_without_a_place_is_at_the_last_stay(index: PlaceIndex, body: str,
                                                     death: list[tuple[str, str, str, str]]
                                                     ) -> None:
    assert [s for s in _stops(index, body) if s[3] == "death"] == death


@pytest.mark.parametrize("remnant", [
    "File:Vallet 1867.jpg", "Vallet portrait 1867.jpg", "Vallet 1867.png. Photo c. 1867",
    "thumb|Vallet in 1867", "Vallet portrait.jpg. Photo c. 1867]]",
])
def test_an_image_remnant_does_not_move_the_narrative(index: PlaceIndex, remnant: str) -> None:
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter.\n\nLife\n\n"
            f"She was born in Lyon. In 1840 she moved to Rome.\n\n{remnant}\n\n"
            "She then lived in Paris.\n")
    stops = [(s.place, s.start) for s in extract(text, "v.txt", index=index).stops]
    assert stops[-1] == ("Paris", "1840")


@pytest.mark.parametrize(("body", "death"), [
    # The lead kept only the death ("(; 2 June 1870)"); the ages give the birth, so the
    # lone date is the death, and a suicide tells it at the last stay.
    ("She was born in Lyon. In 1840, aged 20, she moved to Paris. Vallet hanged herself.",
     [("Paris", "1870-06-02", "", "death")]),
    ("She was born in Lyon. In 1840, aged 20, she moved to Paris. She later took her own "
     "life.", [("Paris", "1870-06-02", "", "death")]),
    # Someone else's suicide tells nothing of hers.
    ("She was born in Lyon. In 1840, aged 20, she moved to Paris. Her husband hanged "
     "himself.", []),
    # Without a birth, a lone date may be either end of the life: no death is read.
    ("She was born in Lyon. In 1840 she moved to Paris. Vallet hanged herself.", []),
])
def test_a_lone_lead_date_is_the_death_after_the_birth(index: PlaceIndex, body: str,
                                                       death: list[tuple[str, str, str, str]]
                                                       ) -> None:
    assert [s for s in _life(index, "; 2 June 1870", body) if s[3] == "death"] == death


@pytest.mark.parametrize(("middle", "paris"), [
    # A date in a relative clause about someone else does not move the narrative ...
    ("She wrote to her brother Jules, who had died in 1865.", "1840"),
    # ... one about the subject does, as does the subject's own sentence.
    ("Vallet, who had married in 1845, painted.", "1845"),
    ("In 1845 she wrote to her brother.", "1845"),
])
def test_another_persons_clause_keeps_the_running_date(index: PlaceIndex, middle: str,
                                                       paris: str) -> None:
    stops = _stops(index, f"In 1840 she moved to Rome. {middle} She then lived in Paris.")
    assert [start for place, start, _, _ in stops if place == "Paris"] == [paris]


@pytest.mark.parametrize(("body", "want"), [
    # A list under the subject's journeys: each item a trip, dated by its bracket.
    ("In 1838 she painted. She describes these journeys:\n\n1.  Rome and Nice (1841)\n"
     "2.  The coast and Paris (1845)",
     [("Rome", "1841", "", "travel"), ("Nice", "1841", "", "travel"),
      ("Paris", "1845", "", "travel")]),
    ("In 1838 she painted. Her travels took in:\n\n-   Rome (1841)\n-   Lyon again (1845)",
     [("Rome", "1841", "", "travel"), ("Lyon", "1845", "", "travel")]),
    # An item with a cue word of its own is still one of the subject's journeys.
    ("In 1838 she painted. She describes these journeys:\n\n1.  Rome (1841)\n"
     "2.  Military campaigns in Paris (1845)",
     [("Rome", "1841", "", "travel"), ("Paris", "1845", "", "travel")]),
    # No travel word, or not the subject's: a list of something else.
    ("In 1838 she painted. Her paintings hang in:\n\n1.  Rome (1841)\n2.  Paris (1845)", []),
    ("In 1838 she painted. Marc Dupin made these journeys:\n\n1.  Rome (1841)\n"
     "2.  Paris (1845)", []),
])
def test_a_list_of_the_subjects_journeys(index: PlaceIndex, body: str,
                                         want: list[tuple[str, str, str, str]]) -> None:
    assert _stops(index, body) == want


@pytest.mark.parametrize(("middle", "nice"), [
    # A year naming a work ("Tom Bell's 1860 novel") is the work's, not the narrative's.
    ("Her stay inspired Tom Bell's bestselling 1860 novel.", "1850"),
    ("The 1860 film of her life was shot there.", "1850"),
    # ... and so is a year naming an event told as a reference.
    ("The deputies had been chosen in the 1840 election.", "1850"),
    ("She had welcomed the 1848 revolution.", "1850"),
    # A year that tells the time moves it.
    ("In 1860 she painted.", "1860"),
])
def test_a_works_year_keeps_the_running_date(index: PlaceIndex, middle: str, nice: str) -> None:
    stops = _stops(index, f"In 1850 she moved to Rome. {middle} She then went to Nice.")
    assert [start for place, start, _, _ in stops if place == "Nice"] == [nice]


@pytest.mark.parametrize(("body", "start"), [
    # A range's first month takes the year of its second.
    ("In 1840 she painted. From August to December 1846 she toured Rome.", "1846-08"),
    ("In 1840 she painted. Between November and February 1846 she lived in Rome.", "1845-11"),
])
def test_a_range_shares_its_year(index: PlaceIndex, body: str, start: str) -> None:
    assert [s for p, s, _, _ in _stops(index, body) if p == "Rome"] == [start]


def test_a_death_dated_at_the_start_of_its_sentence_is_kept_at_that_date(
        index: PlaceIndex) -> None:
    # "In March 1860, while she was travelling, her daughter died in Nice": a death in
    # 1860 in a life that ends in 1870 is the daughter's, not the subject's redated.
    stops = _stops(index, "In 1850 she moved to Rome. In March 1860, while she was "
                          "travelling in Paris, her youngest daughter Ann died in Nice.")
    assert not [s for s in stops if s[3] == "death"]


@pytest.mark.parametrize(("body", "nice"), [
    # A year-less month before the running month is in the next year: narratives run forward.
    ("On 17 November 1845 she travelled to Rome. She went on to Nice in February.", "1846-02"),
    ("On 17 November 1845 she travelled to Rome. She went on to Nice on 3 March.",
     "1846-03-03"),
    # ... and a later month stays in the running year.
    ("On 17 March 1845 she travelled to Rome. She went on to Nice in May.", "1845-05"),
    # A year told in the sentence itself is kept.
    ("On 17 November 1845 she travelled to Rome. In February 1845 she had visited Nice.",
     "1845-02"),
])
def test_a_month_before_the_running_month_is_next_year(index: PlaceIndex, body: str,
                                                       nice: str) -> None:
    assert [s[1] for s in _stops(index, body) if s[0] == "Nice"] == [nice]



@pytest.mark.parametrize(("body", "nice"), [
    # A second reading of a date moves the narrative no further: the first one holds.
    ("In either 1840 or 1842 she travelled to Rome. She went on to Nice.", "1840"),
    ("In the autumn of 1840 (or 1842) she travelled to Rome. She went on to Nice.", "1840"),
    # ... a later date that is no alternative does.
    ("In 1840 she travelled to Rome, and in 1842 she went on to Nice.", "1842"),
])
def test_an_alternative_reading_keeps_the_first(index: PlaceIndex, body: str,
                                                nice: str) -> None:
    assert [s[1][:4] for s in _stops(index, body) if s[0] == "Nice"] == [nice]


@pytest.mark.parametrize(("sentence", "age"), [
    ("at the age of 15 she left", 15),
    ("at the early age of 15 she left", 15),
    ("at the tender age of nine she sang", 9),
    ("at the age gap of 15 years", 0),
    ("when she was six weeks old", -1),
    ("aged twelve", 12),
])
def test_ages(sentence: str, age: int) -> None:
    from geo.text.timex import _age_of

    assert _age_of(sentence.split()) == age


@pytest.mark.parametrize(("lead", "birth"), [
    # The date after the lifespan's dash is the death: the birth keeps no date from it.
    ("Anne Vallet (born Anne Marie Roux; [1] – 2 June 1870) was a painter.", []),
    ("Anne Vallet (born Anne Marie Roux; 3 May 1820 – 2 June 1870) was a painter.",
     ["1820-05-03"]),
])
def test_a_lost_birth_date_is_not_the_death_date(index: PlaceIndex, lead: str,
                                                 birth: list[str]) -> None:
    text = f"Anne Vallet\n\n{lead}\n\nLife\n\nShe was born in Lyon. In 1850 she moved to Paris.\n"
    stops = extract(text, "vallet.txt", index=index).stops
    assert [s.start for s in stops if s.kind == "birth" and s.start[:4] != "1870"] == birth
    assert not [s for s in stops if s.kind == "birth" and s.start.startswith("1870")]


def test_a_birth_in_a_town_wins_over_one_in_a_region() -> None:
    index = MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000), _rec(2, "Paris", "FR", 48.85, 2.35, 2100000),
        _rec(3, "Provence", "FR", 43.9, 6.0, 0, feature="region")])
    text = ("Anne Vallet\n\nAnne Vallet (3 May 1820 – 2 June 1870) was a painter. Born into a "
            "family of weavers in Provence, she painted.\n\nLife\n\nShe was born in Lyon. In "
            "1850 she moved to Paris.\n")
    stops = extract(text, "vallet.txt", index=index).stops
    assert [(s.place, s.kind) for s in stops if s.kind == "birth"] == [("Lyon", "birth")]
