"""Dates: per sentence, the running narrative date, ages, spans, infobox dates."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from geo.dates import parse_date
from geo.places.gazetteer import Candidate
from geo.places.geocoder import score_candidate
from geo.places.names import (
    PlaceIndex,
    tokenize,
)
from geo.text.analysis import _DATE_WORDS, _Cand, _Text
from geo.text.document import _Doc, _period_of
from geo.text.draft import Visit
from geo.text.geography import _same_place
from geo.text.lexicon import _FAMILY, cue_has
from geo.textdates import DateMention, resolve_year, scan_dates, split_year_run


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


def _running_dates(info: _Text, born: int | None = None
                   ) -> tuple[dict[int, list[DateMention]], list[str]]:
    """Dates of each sentence, and the running narrative date before each sentence.

    ``born`` is the birth year of the lifespan (for ages: "at 15", "when she was nine").
    """
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    if info.dates is None:
        info.dates = scan_dates(text)  # the second pass (a birth year from ages) reuses it
    all_dates = info.dates
    starts = [d.start for d in all_dates]
    sent_of = info.sent_of
    # Birth year, for "when he was nine" and "at the age of nine".
    birth_year = born  # the lifespan's, unless a sentence that says "born" dates it
    born_in = sorted({sent_of[i] for i in info.where({"born"}) if _own_birth(info, i)}
                     - {-1}) if born is None else []
    for s in (doc.sentences[k] for k in born_in):
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        # A lifespan in brackets counts here ("(born Maria X; 7 November 1867 – 1934)"),
        # another bracket's date does not ("born in Moscow ... (known from 1937 as ...)").
        # The date after a lifespan's dash is the death ("(born X; [1] – February 20,
        # 1895)": the birth date was lost), never the birth.
        found = [d for d in all_dates[lo:hi]
                 if d.has_year and (d.narrative or _birth_bracket(text, s.start, d.start))
                 and not _LIFESPAN_DASH.search(text, max(s.start, d.start - 6), d.start)]
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
        i + 1 < len(keys) and ((keys[i + 1] in _NUMBERS and keys[i + 1] != "a")
                               or (keys[i + 1].isdigit() and len(keys[i + 1]) <= 2)))}
    heading_years_of: dict[int, tuple[int, int] | None] = {}
    real_heading: dict[int, int] = {}
    wars = _war_words(text)
    refs = info.subject | {info.pronouns[0]}
    sent_dates: dict[int, list[DateMention]] = {}
    running: list[str] = []
    cur: str | None = None
    cur_heading = -2
    for k, s in enumerate(doc.sentences):
        heading = real_heading.get(s.heading)
        if heading is None:
            heading = real_heading[s.heading] = _real_heading(doc, s.heading)
        if heading not in heading_years_of:
            heading_years_of[heading] = _period_of(doc, heading)[1]
        years = heading_years_of[heading]
        if heading != cur_heading:
            if cur_heading == -1:
                # The lead summarises the whole life: its dates do not carry into the first
                # section ("... named America in 1507." then "He was born in Florence").
                cur = None
            cur_heading = heading
            if years and (cur is None or not years[0] <= int(cur[:4]) <= years[1]):
                cur = str(years[0])
            elif cur and not years and heading >= 0 and heading == s.heading and \
                    (opening := _section_opening_year(doc, all_dates, k)) is not None and \
                    opening < int(cur[:4]):
                # A section that goes back in time ("Final years": "Soon after his return to
                # Spain, ..." then "On March 22, 1508, ..."): its undated opening is no
                # later than its first date, not at the previous section's last one.
                cur = str(opening)
        run_year = int(cur[:4]) if cur else (years[0] if years else None)
        run_month = _month_of(cur) if cur else None
        lo = bisect.bisect_left(starts, s.start)
        hi = bisect.bisect_left(starts, s.end)
        dates = []
        for found in all_dates[lo:hi]:
            d = resolve_year(found, run_year, run_month)
            if d is None:
                continue
            # Offsets relative to the sentence, as the rest of the pass expects.
            dates.append(DateMention(d.start - s.start, d.end - s.start, d.edtf, d.year,
                                     d.narrative, d.has_year, d.vague))
        moves = any(d.narrative and not d.vague for d in dates)
        if cur and _has_war_word(wars, s.start, s.end) and not moves \
                and (war := _after_the_war(text, s.start, s.end, int(cur[:4]))):
            dates = [war]  # "After the war, she excavated in Southwark"
        words = keys[s.t0:s.t1] if k in flagged else []
        if not dates and birth_year and words:
            age = _age_of(words)
            if age:
                y = birth_year + max(0, age)
                dates = [DateMention(0, 0, f"{y}~", y, True)]
        sent_dates[k] = dates
        if cur and words and not any(d.narrative and not d.vague for d in dates):
            later = _years_later(words)
            if later:
                # "A year later, he moved back to Zurich": this sentence is already later.
                cur = str(int(cur[:4]) + later)
            elif (months := _months_later(words)) and _month_of(cur):
                # "After spending a month in Gao, he set off": counted from a dated month.
                cur = _add_months(cur, months)
        running.append(cur or "")
        if s.heading >= 0 and doc.headings[s.heading].thematic:
            continue  # "Legacy", "In popular culture": other times, not the narrative
        p0, p1 = doc.paragraphs[s.paragraph]
        if p0 == p1 and s.end - s.start < 120 and not text[s.start:s.end].endswith(":"):
            continue  # a caption or an aside on its own line does not move the narrative
        for d in dates:
            if not d.narrative or d.vague:
                continue
            if years and not years[0] - 1 <= d.year <= years[1] + 1:
                continue  # an aside about another time does not move the narrative
            if _PUBLISHED.search(text, max(s.start, s.start + d.start - 30), s.start + d.start):
                continue  # a book's date ("published in 1890") is not the life's
            if _others_clause(text, s.start, s.start + d.start, refs):
                continue  # "... her brother Walter, who had died in 1964": another's time
            cur = d.edtf.rstrip("~")
    return sent_dates, running


_LIFESPAN_DASH = re.compile(r"[–—-]\s*(?:c\.\s*)?$")


def _own_birth(info: _Text, i: int) -> bool:
    """Whether "born" at word ``i`` tells the subject's birth: the nearest person before it
    in the sentence is the subject ("She was born", "Mead, the first of five children, was
    born", "Born in Ulm, ..."), not a relative ("Her only sister, Anastasia, was born",
    "their daughter Alya (born 1912)")."""
    keys = info.tokens.key
    refs = info.subject | {info.pronouns[0]}
    s = info.doc.sentences[info.sent_of[i]]
    for j in range(i - 1, s.t0 - 1, -1):
        w = keys[j]
        if w in refs:
            return True
        if w in _FAMILY and j >= 1 and any(p in _POSSESSIVES for p in keys[max(s.t0, j - 3):j]):
            return False  # "her sister", "Tsvetaeva's son"
        if j > s.t0 and info.capital(j) and w not in _NOT_NAMES:
            return False  # another person's name
    return i == s.t0


_POSSESSIVES = frozenset({"his", "her", "their", "s"})
#: Capitalised words before "born" that name no person ("In Moscow, she was born" is
#: reached through "she" first; these are words a sentence may capitalise anyway).
_NOT_NAMES = frozenset({"i"})


#: What a bracket says before a date that makes the date a birth ("(born Maria X; 7 November
#: 1867 – 1934)", "(b. 1810)", "(née Roe, 1815 – 1852)").
_BIRTH_IN_BRACKET = re.compile(r"\b(?:born|b\.|n[ée]e)(?:\W|$)", re.I)


def _birth_bracket(text: str, start: int, at: int) -> bool:
    """Whether the date at ``at`` opens its bracket or follows "born" in it (a lifespan),
    unlike a bracket's other dates ("(known from 1937 as the Pushkin Museum)")."""
    opened = text.rfind("(", start, at)
    if opened < 0 or text.find(")", opened, at) >= 0:
        return True  # not in a bracket of this sentence
    before = text[opened + 1:at]
    return not before.strip(" ;,.c~") or bool(_BIRTH_IN_BRACKET.search(before))


def born_from_ages(info: _Text, sent_dates: dict[int, list[DateMention]]) -> int | None:
    """The birth year that dated sentences with the subject's age imply ("In 1908, aged 16,
    she studied ..." is 1892), for a text whose lead lost the lifespan; the most frequent
    estimate (the earliest on a tie), ``None`` without any.

    Only a sentence with one year is used, and "when X was N" only with X the subject.
    """
    keys = info.tokens.key
    refs = info.subject | {info.pronouns[0]}
    estimates: Counter[int] = Counter()
    for k in sorted({info.sent_of[i] for i in info.where(_DATE_WORDS)} - {-1}):
        years = {d.year for d in sent_dates.get(k, []) if d.narrative and d.has_year}
        if len(years) != 1:
            continue
        s = info.doc.sentences[k]
        age = _age_of(keys[s.t0:s.t1], refs)
        if 0 < age <= MAX_AGE_YEARS:
            estimates[years.pop() - age] += 1
    if not estimates:
        return None
    return min(estimates, key=lambda y: (-estimates[y], y))


#: Oldest age read from "aged N" when a birth year is estimated from ages, in years.
MAX_AGE_YEARS = 110


# "After the war" without its name: the war the narrative is in, named before.
_AFTER_THE_WAR = re.compile(r"\b(?:after|following|since|(?:at\s+)?the\s+end\s+of)\s+the\s+"
                            r"war\b(?!\s+(?:of|in|against|with|between|for)\b)", re.I)
_WAR_NAMES = re.compile(r"\b(?:(first|second)\s+world\s+war|world\s+war\s+(ii|i|one|two|1|2)"
                        r"|ww\s?(ii|i|1|2))\b", re.I)
#: (first year, last year) of the wars "the war" may refer back to.
_WARS = {"first": (1914, 1918), "second": (1939, 1945)}


_WAR_WORD = re.compile("war", re.I)


def _war_words(text: str) -> list[int]:
    """Start of every "war" (any case) in ``text``, for :func:`_has_war_word`."""
    return [m.start() for m in _WAR_WORD.finditer(text)]


def _has_war_word(wars: list[int], start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds a "war" (positions from :func:`_war_words`): without
    one, :data:`_AFTER_THE_WAR` cannot match there, and the search is skipped."""
    k = bisect.bisect_left(wars, start)
    return k < len(wars) and wars[k] + 3 <= end


def _after_the_war(text: str, start: int, end: int, running: int) -> DateMention | None:
    """The end of the war the narrative is in, for "After the war, ..." in the sentence
    ``text[start:end]`` (offsets relative to it, approximate); ``None`` when the sentence does
    not say so, no world war is named before it, or the running year is outside that war."""
    m = _AFTER_THE_WAR.search(text, start, end)
    if m is None:
        return None
    named = None
    for w in _WAR_NAMES.finditer(text, 0, m.start()):
        which = (w.group(1) or w.group(2) or w.group(3)).lower()
        named = "second" if which in ("second", "ii", "two", "2") else "first"
    if named is None:
        return None
    first, last = _WARS[named]
    if not first <= running <= last:
        return None
    return DateMention(m.start() - start, m.end() - start, f"{last}~", last, True, True)


# An image's file name or caption left on a line of its own ("File:Vallet 1867.jpg",
# "portrait.jpg. Photo c. 1917"), which the document may take for a heading.
_FILE_NAME = re.compile(r"\.(?:jpe?g|png|gif|svg|tiff?|webp)\b|^\s*(?:file|image|thumb)\s*[:|]",
                        re.I)


def _real_heading(doc: _Doc, h: int) -> int:
    """Heading ``h``, or the heading before it when ``h`` is an image's file name or caption
    (whose year is no section's period and must not reset the narrative)."""
    while h >= 0 and _FILE_NAME.search(doc.headings[h].text):
        h -= 1
    return h


#: Sentences of a section searched for its first date (:func:`_section_opening_year`).
SECTION_OPENING_SENTENCES = 3


def _section_opening_year(doc: _Doc, all_dates: list[DateMention], k: int) -> int | None:
    """The year of the first narrative date in the first
    :data:`SECTION_OPENING_SENTENCES` sentences of the section that sentence ``k`` opens."""
    heading = doc.sentences[k].heading
    if doc.headings[heading].thematic:
        return None
    starts = [d.start for d in all_dates]
    for s in doc.sentences[k:k + SECTION_OPENING_SENTENCES]:
        if s.heading != heading:
            break
        lo = bisect.bisect_left(starts, s.start)
        for d in all_dates[lo:bisect.bisect_left(starts, s.end)]:
            if d.narrative and d.has_year and not d.vague:
                return d.year
    return None


def _age_of(words: list[str], refs: set[str] | None = None) -> int:
    """An age in "when he was nine", "at the age of 9", "aged nine" (0 for none, -1 for an
    age in weeks, months or days); with ``refs``, "when X was N" counts only for X in it."""
    for i, w in enumerate(words):
        nxt = ""
        when = w == "was" and i >= 2 and words[i - 2] == "when" and (
            refs is None or words[i - 1] in refs)
        age = w == "of" and i >= 2 and (words[i - 2:i] == ["the", "age"] or (
            i >= 3 and words[i - 1] == "age" and words[i - 3] == "the"
            and words[i - 2] in _AGE_ADJECTIVES))  # "at the early age of 15"
        # "At fifteen he was apprenticed": a number word (a digit may be a house number).
        # "At 15, she ...": a number in digits too when the subject follows.
        at = w == "at" and i + 2 < len(words) and (
            (words[i + 1] in _NUMBERS and words[i + 1] != "a")
            or (words[i + 1].isdigit() and len(words[i + 1]) <= 2)) and \
            words[i + 2] in ("he", "she", "they", "years")
        # "at age 21", "by age ten"
        age = age or (w == "age" and i >= 1 and words[i - 1] in ("at", "by"))
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


_AGE_ADJECTIVES = frozenset({"early", "young", "tender", "late", "advanced", "ripe", "old"})


def _years_later(words: list[str]) -> int:
    """Years moved on by "two years later", "after three years", "the following year" or
    "the next year" (0 for none)."""
    for i, w in enumerate(words):
        if w in _NEXT_UNITS and i >= 2 and words[i - 2] == "the" and \
                words[i - 1] in ("following", "next") and \
                (i < 3 or words[i - 3] not in _DURATION_WORDS):
            return _NEXT_UNITS[w]  # "the following year", "the next decade"
        if w in _YEAR_UNITS and i >= 1 and words[i - 1] in _NUMBERS:
            n = _NUMBERS[words[i - 1]] * _YEAR_UNITS[w]
            if i >= 3 and words[i - 3:i - 1] == ["less", "than"]:
                continue  # "less than a year later": still this year, as far as we know
            if i + 1 < len(words) and words[i + 1] == "later":
                return n
            if i + 3 < len(words) and words[i + 1] == "and" and words[i + 2] in _NUMBERS \
                    and words[i + 3] in _SMALL_UNITS:
                # "After four years and four months without human company": the length of
                # the stay told before, measured from its start, not a step from now.
                continue
            if i >= 2 and words[i - 2] == "after":
                return n
    return 0


def _months_later(words: list[str]) -> int:
    """Months moved on by "six months later", "after two months" or "after spending a month
    in X" (0 for none)."""
    for i, w in enumerate(words):
        if w not in _MONTH_UNITS or i < 1:
            continue
        n = words[i - 1]
        count = _NUMBERS.get(n) or (int(n) if n.isdigit() and len(n) <= 2 else 0)
        if not count:
            continue
        if words[i + 1:i + 2] == ["later"] and words[i + 2:i + 3] != ["than"]:
            return count  # not "born a month later than expected"
        if words[i - 2:i - 1] == ["after"] or words[i - 3:i - 1] == ["after", "spending"]:
            return count
    return 0


#: Months a unit counts in "six months later" and "after spending a month".
_MONTH_UNITS = {"month": 1, "months": 1}


def _month_of(edtf: str) -> int | None:
    """The month of a running date told to the month or day ("1326-11-17" -> 11)."""
    parts = edtf.rstrip("~?").split("-")
    return int(parts[1]) if len(parts) >= 2 and int(parts[1]) <= 12 else None


def _add_months(edtf: str, months: int) -> str:
    """A running date ``months`` on, to the month: ``_add_months("1326-11-17", 6)`` is
    ``"1327-05"``."""
    year, month = int(edtf[:4]), int(edtf[5:7]) - 1 + months
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


#: Words that make "the next decade" a duration from now, not a time then ("for the next
#: decade she lived in Paris"); "in the following year" is a time.
_DURATION_WORDS = frozenset({"for", "during", "over", "throughout", "within"})
#: Years a unit counts in "two years later", "a decade later", "after three decades".
_YEAR_UNITS = {"year": 1, "years": 1, "decade": 10, "decades": 10}
#: Units of a compound duration's second part ("four years and four months").
_SMALL_UNITS = frozenset({"month", "months", "week", "weeks", "day", "days"})
#: Years "the following ..." / "the next ..." moves on ("the following spring" is left out:
#: after "In January 1850" it is the same year).
_NEXT_UNITS = {"year": 1, "decade": 10}


_SPAN_JOIN = re.compile(r"\s*(?:and|to|until|till|through|-|–)\s*")
# A date right after these words ends a span ("a job he had until 1903"): it dates the end
# of a stay, not its start.
_ENDS_SPAN = re.compile(r"\b(?:until|till|up\s+to|through|to|and)\s+(?:the\s+)?"
                        r"(?:end\s+of\s+|spring\s+of\s+|summer\s+of\s+|autumn\s+of\s+|"
                        r"winter\s+of\s+)?$", re.I)
#: Extra distance (characters) a date that ends a span counts as, against a start date.
END_DATE_PENALTY = 150


_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+years\s+)?$", re.I)


def _joins_span(text: str, start: int, d: DateMention, e: DateMention) -> bool:
    """Whether dates ``d`` and ``e`` of the sentence at ``start`` are a span's ends ("from
    1936 to 1939", "1904-1907", "between 1909 and 1911"), not two times ("visited Rome in
    1845 and 1850")."""
    between = text[start + d.end:start + e.start]
    if not _SPAN_JOIN.fullmatch(between):
        return False
    return between.strip() != "and" or bool(
        _BETWEEN.search(text, max(start, start + d.start - 20), start + d.start))


# "in 1845 and 1850", "in 1845, 1847 and 1850", "once in 1649 and once in 1670".
_LIST_JOIN = re.compile(r"\s*(?:,\s*and|,|and|&)\s+(?:once\s+|again\s+|later\s+)?"
                        r"(?:in\s+|on\s+)?", re.I)


def _listed_dates(info: _Text, sentence: int, dates: list[DateMention], date: str
                  ) -> list[str]:
    """The further times of a list that starts at ``date`` ("She visited Rome in 1845 and
    1850": ``["1850"]``), each a visit of its own; empty without a list."""
    text = info.doc.text
    start = info.doc.sentences[sentence].start
    k = next((i for i, d in enumerate(dates) if d.edtf == date), -1)
    if k < 0:
        return []
    out = []
    while k + 1 < len(dates):
        d, e = dates[k], dates[k + 1]
        if not (e.has_year and e.narrative and _LIST_JOIN.fullmatch(
                text[start + d.end:start + e.start]) and not _joins_span(text, start, d, e)
                and _date_key(e.edtf)[0] > _date_key(d.edtf)[1]):
            break
        out.append(e.edtf)
        k += 1
    return out


def _span_start(text: str, start: int, dates: list[DateMention], d: DateMention
                ) -> DateMention:
    """The first date of the span ``d`` ends ("from 1936 to 1939", "in the years 1931 to
    1934", "between 1909 and 1911"), else ``d`` itself."""
    k = dates.index(d)
    while k > 0 and _joins_span(text, start, dates[k - 1], dates[k]) \
            and dates[k - 1].has_year and dates[k - 1].narrative and \
            _date_key(dates[k - 1].edtf)[0] <= _date_key(dates[k].edtf)[0]:
        k -= 1
    return dates[k]


def _ends_span(text: str, start: int, d: DateMention) -> bool:
    """Whether ``d`` is the end of a span: "until 1903", "to 1939", "through the winter of 1920",
    "between 1909 and 1911" (not "in 1845 and 1850", two times)."""
    m = _ENDS_SPAN.search(text, max(start, start + d.start - 30), start + d.start)
    if m is None:
        return False
    if m.group(0).split()[0].lower() != "and":
        return True
    return bool(re.search(r"\bbetween\b", text[max(start, m.start() - 40):m.start()], re.I))


_RANGE = re.compile(r"(1[0-9]{3})\s*[-–]\s*([0-9]{2}|1[0-9]{3})|"
                    r"(1[0-9]{3})((?:1[0-9]{3})|[0-9]{2})")


def _range_end(span: str) -> str:
    """The last year of a year range written as one date ("1501–1502", "1712–21",
    "19181920"), ``""`` for any other date.

    >>> _range_end("1501–1502"), _range_end("1712–21"), _range_end("19181920"), _range_end("1712")
    ('1502', '1721', '1920', '')
    """
    m = _RANGE.fullmatch(span.strip())
    if m is None:
        return ""
    if m.group(1):
        a, b = int(m.group(1)), m.group(2)
        y = int(b) if len(b) == 4 else a - a % 100 + int(b)
        return str(y) if a < y < a + 100 else ""
    pair = split_year_run(m.group(3) + m.group(4))
    return str(pair[1]) if pair and pair[1] > pair[0] else ""


def _until(info: _Text, sentence: int, dates: list[DateMention], date: str) -> str:
    """The end of a span that starts at ``date``: "between 22 December 1917 and 10 February
    1918", "from July 1933 to February 1934", "in 1896 he began teaching there, a job he had
    until 1903"; for a date from the running narrative ("He stayed in Paris until 1903"),
    the first end date of the sentence."""
    text = info.doc.text
    start = info.doc.sentences[sentence].start
    for d in dates:
        if d.edtf == date and (end := _range_end(text[start + d.start:start + d.end])):
            return end  # "In 1501–1502 he sailed with Coelho", "Leipzig (1701–05)"
    for d, e in pairwise(dates):
        if d.edtf == date and _joins_span(text, start, d, e) and \
                _date_key(e.edtf)[0] >= _date_key(d.edtf)[0]:
            return e.edtf
    after = [e for e in dates if e.edtf != date and e.has_year and e.narrative
             and _ends_span(text, start, e)]
    if date and after:
        k = next((i for i, d in enumerate(dates) if d.edtf == date), -1)
        for e in after:
            if (k < 0 or dates.index(e) > k) and _date_key(e.edtf)[0] >= _date_key(date)[0]:
                return e.edtf
    return ""


# "where they would live for the next 14 years", "he spent two years in Martinique",
# "lived there for nearly a decade": how long the stay lasted.
_DURATION = re.compile(r"\b(?:for|spent|spending|spend|spends)\s+"
                       r"(?:the\s+next\s+|the\s+following\s+|nearly\s+|almost\s+|about\s+|some\s+|over\s+|more\s+than\s+)?"
                       r"(a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                       r"[1-9][0-9]?)\s+(years?|decades?)\b(?!\s+(?:old|of\s+age|later|earlier|"
                       r"before|after|ago)\b)", re.I)
#: Characters around a place searched for the length of its stay.
DURATION_REACH = 60


def _duration_end(info: _Text, c: _Cand, date: str) -> str:
    """The end of a stay at ``c`` that starts at ``date`` from the length the sentence gives
    next to the place ("settled in Paris, where they would live for the next 14 years";
    "spent two years in Martinique"), as a year; ``""`` without one.

    >>> _DURATION.search("where they would live for the next 14 years").groups()
    ('14', 'years')
    """
    if not date or not date[:4].isdigit():
        return ""
    text = info.doc.text
    sent = info.doc.sentences[c.sentence]
    # After the place, in its clause; or right before it ("spent two years in Martinique").
    after = _DURATION.search(text, c.end, min(sent.end, c.end + DURATION_REACH))
    before = None
    for m in _DURATION.finditer(text, max(sent.start, c.start - DURATION_REACH), c.start):
        before = m
    found = after if after and ";" not in text[c.end:after.start()] else None
    if found is None and before is not None and re.fullmatch(
            r"\s+(?:in|at)\s+(?:the\s+)?", text[before.end():c.start]):
        found = before
    if found is None:
        return ""
    n = found.group(1).lower()
    count = int(n) if n.isdigit() else _NUMBERS[n]
    years = count * (10 if found.group(2).lower().startswith("decade") else 1)
    return str(int(date[:4]) + years)


# "For the next decade, as they moved around Europe and finally to Cambridge": the place
# reached at the end of the time told.
_OVER_THE_NEXT = re.compile(r"\b(?:for|over|during|in)\s+the\s+(?:next|following)\s+"
                            r"(a|one|two|three|four|five|six|seven|eight|nine|ten|[1-9][0-9]?)?"
                            r"\s*(years?|decades?)\b", re.I)
_FINALLY = re.compile(r"\b(?:finally|eventually|at\s+last|in\s+the\s+end)\b[^.;]{0,20}$", re.I)


def _reached_at_the_end(info: _Text, c: _Cand, date: str) -> str:
    """The date of a place reached at the end of a time the sentence told before it ("For
    the next decade, as the Childs moved around Europe and finally to Cambridge" is ten years
    after ``date``); ``""`` when the sentence does not say so."""
    if not date[:4].isdigit():
        return ""
    text = info.doc.text
    sent = info.doc.sentences[c.sentence]
    if not _FINALLY.search(text, max(sent.start, c.start - 40), c.start):
        return ""
    m = _OVER_THE_NEXT.search(text, sent.start, c.start)
    if m is None:
        return ""
    n = (m.group(1) or "a").lower()
    count = int(n) if n.isdigit() else _NUMBERS[n]
    years = count * (10 if m.group(2).lower().startswith("decade") else 1)
    return str(int(date[:4]) + years)


# A date inside a relative clause about someone else ("his son, Sergei Sedov, who died in
# 1937, was ..."): the clause from ", who" to the date, with no clause break between.
_WHO_CLAUSE = re.compile(r",\s+(?:who|whom|whose)\b[^,.;:()]*$", re.I)


def _others_clause(text: str, start: int, at: int, refs: set[str]) -> bool:
    """Whether the date at ``at`` (sentence from ``start``) is in a relative clause about
    someone other than the subject ("her brother Walter, who had died in 1964"; not
    "Tsvetaeva, who returned in 1939")."""
    m = _WHO_CLAUSE.search(text, max(start, at - 80), at)
    if m is None:
        return False
    before = tokenize(text[max(start, m.start() - 30):m.start()]).key
    return not before or before[-1] not in refs


# A date right after these words dates a work, not a visit ("both published in 1890").
_PUBLISHED = re.compile(r"\b(?:published|printed|released|issued|premiered|appeared|written)"
                        r"\b[^.;]{0,12}$", re.I)
#: Extra distance (characters) a work's date counts as, against a visit's other dates.
WORK_DATE_PENALTY = 150


#: Extra distance (characters) a date counts as when another place of the sentence is nearer
#: to it: "settled in Boston in 1838, later moving to Lynn in 1841" gives Lynn 1841.
OTHER_PLACE_DATE_PENALTY = 80


def _gap_to(text: str, start: int, d: DateMention, name: tuple[int, int]) -> int:
    """Characters from date ``d`` to a place name (absolute span), a date after the name
    counting 10 more unless it follows right on ("Paris in 1920", "Ulm, 14 March 1879")."""
    a, b = name[0] - start, name[1] - start
    if d.end <= a:
        return a - d.end
    if d.start >= b:
        between = text[name[1]:start + d.start]
        return d.start - b + (0 if between.strip(" ,") in ("", "in", "on") else 10)
    return 0


_DECADE_OPENS = re.compile(r"\s*(?:in|during|by|through|throughout)\s+the\s+", re.I)


def _date_for(info: _Text, c: _Cand, dates: list[DateMention], running: str,
              name: tuple[int, int] | None = None,
              others: Sequence[tuple[int, int]] = ()) -> tuple[str, str]:
    """The date of mention ``c``: the nearest fitting date of its sentence, else the
    running date (or the heading's years).

    ``name`` is the mention's span including the qualifiers after it ("Lynn,
    Massachusetts"); ``others`` are the spans of the sentence's other places, which own the
    dates nearer to them.
    """
    doc = info.doc
    text = doc.text
    sent = doc.sentences[c.sentence]
    # A decade dates only its own clause or the sentence it opens: "In the 1850s(,) she
    # lived in Rome", but not "after a struggle in the 1920s, he was deported from X".
    dates = [d for d in dates if not d.vague or _DECADE_OPENS.fullmatch(
        text, sent.start, sent.start + d.start) or "," not in text[
        sent.start + min(d.end, c.start - sent.start):sent.start + max(d.start,
                                                                       c.end - sent.start)]]
    if dates:
        span = name or (c.start, c.end)
        pos_a = c.start - sent.start
        pos_b = span[1] - sent.start

        def dist(d: DateMention) -> int:
            gap = _gap_to(text, sent.start, d, span)
            if any(_gap_to(text, sent.start, d, o) < gap for o in others):
                gap += OTHER_PLACE_DATE_PENALTY
            if d.edtf.endswith("~") and d.precision == "year":
                gap += 40  # "at the outbreak of World War I" loses to "August 3, 1914"
            # A date in another clause (after ";" or across "but") is further away.
            seg = text[sent.start + min(d.end, pos_a):sent.start + max(d.start, pos_b)]
            gap += 60 * seg.count(";")
            if not d.narrative:
                gap += 200
            if _ends_span(text, sent.start, d) and _span_start(text, sent.start, dates, d) is d:
                gap += END_DATE_PENALTY  # "a job he had until 1903": the end of the stay
            if _PUBLISHED.search(text, max(sent.start, sent.start + d.start - 30),
                                 sent.start + d.start):
                gap += WORK_DATE_PENALTY  # "... both published in 1890": a book's date
            return gap

        best = min(dates, key=dist)
        # "From 1936 to 1939 she excavated at Leicester": the span's start dates the visit
        # (its end is the visit's ``until``).
        best = _span_start(text, sent.start, dates, best)
        if _ends_span(text, sent.start, best) and running and best.has_year and \
                int(running[:4]) <= best.year:
            # "He stayed in Paris until 1903": the stay began before; the end is ``until``.
            return running[:4], "narrative"
        # A date in brackets (a lifespan, a book's year) is no date of the visit; a month
        # without a year ("in November") is, in the running year.
        work = _PUBLISHED.search(text, max(sent.start, sent.start + best.start - 30),
                                 sent.start + best.start)
        # A list item's bracket dates it: "2.  Anatolia and Crete (1640)".
        if (best.narrative and not (work and running)) or not best.has_year or not running \
                or c.sentence in doc.list_intro:
            return best.edtf, "sentence"
    if running:
        return running[:4], "narrative"
    _, years, _ = _period_of(doc, sent.heading)
    if years:
        return str(years[0]), "heading"
    return "", ""


# A later event told in passing before the place: "until her return to", "until Tsvetaeva's
# arrival in", "she would later move to", "he was eventually to settle in".
_FLASH_FORWARD = re.compile(
    r"(?:\buntil\s+(?:his|her|their|[\w-]+['’]s)\s+(?:eventual\s+|final\s+|later\s+)?"
    r"(?:return|arrival|move|departure|transfer|removal|flight|emigration)\s+|"
    r"\b(?:would\s+(?:later|eventually|one\s+day|subsequently)|"
    r"(?:was|were)\s+(?:later|eventually|one\s+day|subsequently)\s+to)\s+"
    r"[a-z]+(?:\s+back)?\s+)(?:to|in|at|into|from|for)\s+(?:the\s+)?$", re.I)


# "In Berlin before settling in Paris, she wrote ...": the move comes after this time.
_BEFORE_ING = re.compile(r"\bbefore\s+(?:finally\s+|eventually\s+)?[a-z]+ing\s+(?:on\s+)?"
                         r"(?:to|in|at|into|for)\s+(?:the\s+)?$", re.I)


def _flash_forward(info: _Text, c: _Cand, narrative: bool = False) -> bool:
    """Whether the place ``c`` is in a later event told in passing, whose time the running
    narrative date is not ("maintained friendship until Tsvetaeva's return to Russia", "she
    would later move to Paris"); with ``narrative`` (a visit the running date dates), also
    "before settling in Paris"."""
    text = info.doc.text
    start = info.doc.sentences[c.sentence].start
    a = max(start, c.start - 60)
    return bool(_FLASH_FORWARD.search(text, a, c.start)) or (
        narrative and bool(_BEFORE_ING.search(text, a, c.start)))


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
                         -1 if kind == "birth" else 10**9,
                         why=f"infobox line '{m.group(1)}'"))
    return out


@cache
def _date_key(edtf: str) -> tuple[int, int]:
    d = parse_date(edtf)
    return d.earliest().toordinal(), d.latest().toordinal()


#: Longest stay, in years, that a departure from a place not told before is read back to
#: (the running date before the sentence); further back it starts at the departure.
DEPARTURE_LOOKBACK_YEARS = 15


def _stay_before_departure(cue: str, date: str, running: str, place: Candidate,
                           visits: list[Visit]) -> tuple[str, str] | None:
    """(start, end) of the stay a departure ends: "In May 1834 he left his wife in
    Burgdorf" with Burgdorf never told before and the narrative at 1824 is a stay from 1824
    to May 1834. ``None`` when the place was told before, the cue is no departure verb, or
    the running date is not earlier."""
    if not (cue and running and date and cue_has(cue, "departure")):
        return None
    if any(_same_place(v.place, place) for v in visits):
        return None
    then, now = int(running[:4]), int(date[:4])
    if not 0 < now - then <= DEPARTURE_LOOKBACK_YEARS:
        return None
    return running, date


# "left his wife and five children behind in Burgdorf": he left the place named.
_LEFT_BEHIND = re.compile(r"\b(?:left|leaving|leaves|leave)\b[^.;:]{0,60}\bbehind\s+(?:in|at)\s+"
                          r"(?:the\s+)?$", re.I)


def _left_behind(info: _Text, c: _Cand) -> bool:
    """Whether the place ``c`` is where the subject left someone or something behind ("In May
    1834 he left his wife and five children behind in Burgdorf"): a departure from it."""
    start = info.doc.sentences[c.sentence].start
    return bool(_LEFT_BEHIND.search(info.doc.text, max(start, c.start - 90), c.start))


# "remained in Hamburg for the rest of his life", "lived there until her death".
_REST_OF_LIFE = re.compile(r"\b(?:for\s+the\s+rest\s+of\s+(?:his|her|their)\s+(?:life|days)|"
                           r"until\s+(?:his|her|their)\s+death|"
                           r"for\s+the\s+remainder\s+of\s+(?:his|her|their)\s+life)\b", re.I)


def _rest_of_life(info: _Text, c: _Cand) -> bool:
    """Whether the sentence says the stay at ``c`` lasted the rest of the life."""
    text = info.doc.text
    sent = info.doc.sentences[c.sentence]
    return bool(_REST_OF_LIFE.search(text, c.end, sent.end))


def _heading_stay_date(info: _Text, c: _Cand, surface: str, date: str, date_from: str,
                       visits: list[Visit]) -> tuple[str, str]:
    """A stay in the place a section is named after ("Hamburg (1721–67)") starts at the
    heading's first year, when the sentence gives no date and the section has told no
    visit there yet; otherwise ``(date, date_from)``."""
    if date_from != "narrative":
        return date, date_from
    sent = info.doc.sentences[c.sentence]
    if sent.heading < 0:
        return date, date_from
    heading = info.doc.headings[sent.heading]
    years = heading.years
    if not years or not re.search(r"\b" + re.escape(surface.lower()) + r"\b",
                                  heading.text.lower()):
        return date, date_from
    if any(v.sentence >= 0 and info.doc.sentences[v.sentence].heading == sent.heading
           and v.surface.lower() == surface.lower() for v in visits):
        return date, date_from
    return str(years[0]), "heading"
