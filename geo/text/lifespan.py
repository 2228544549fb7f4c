"""The subject's lifespan from the lead, and the bounds it puts on every visit.

Encyclopedia leads give the lifespan in brackets after the name: ``(March 9, 1454 – February
22, 1512)``, ``(c. 1496 or c. 1501 – c. 1529)``, ``(25 march 1611  1682)`` with the dash
deleted, or with digits run together where markup was stripped (``(148326 December 1530)``).
A birth or a death at another date is someone else's (her brother's death, a child's birth),
and nothing the subject did is dated after the death or before the birth.

>>> find_lifespan("Ada Roe (12 May 1815 – 1852) was a poet.")
Lifespan(born=1815, died=1852, born_date='1815-05-12', died_date='1852')
>>> find_lifespan("TELEMANN ( – 25 June 1767) was a composer.")
Lifespan(born=None, died=1767, born_date='', died_date='1767-06-25')
>>> find_lifespan("Babur (14 February 148326 December 1530), born Zahir")[:2]
(1483, 1530)
>>> find_lifespan("She lived in Rome (1840) and Paris.")[:2]
(None, None)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from geo.textdates import find_dates

__all__ = ["Lifespan", "find_lifespan", "lone_bracket_date", "outside_lifespan", "school_start"]

#: How many characters of the lead are searched for the bracket.
LEAD_CHARS = 300
#: Years a birth or death may be off from the lifespan and still be the subject's (sources
#: disagree by a year; "c. 1496").
LIFE_EVENT_SLACK_YEARS = 1
#: Age at which a child starts school, in years: an undated "went to school in X" starts then.
SCHOOL_START_AGE_YEARS = 7
#: Age at which a student enters a university or college, in years.
UNIVERSITY_START_AGE_YEARS = 18
#: Cue words of higher education (for :data:`UNIVERSITY_START_AGE_YEARS`).
_HIGHER = re.compile(r"\b(?:universit\w*|college|academy|graduat\w*|undergraduate|"
                     r"polytechnic|conservatory|seminary)\b", re.I)
#: Longest plausible life, in years (a bracket spanning more is not a lifespan).
MAX_LIFE_YEARS = 110

_BRACKET = re.compile(r"\(([^()]{0,160})\)")
_YEAR = re.compile(r"(?<![0-9])(1[0-9]{3}|20[0-9]{2}|[1-9][0-9]{2})")
_DASH = re.compile(r"\s[–—-]\s|–|—|\s-\s|\s{2,}")


class Lifespan(NamedTuple):
    """Birth and death years of the subject, ``None`` when the lead does not say."""

    born: int | None
    died: int | None
    born_date: str = ""  # EDTF at the precision the bracket gives ("1815-05-12")
    died_date: str = ""


def find_lifespan(lead: str) -> Lifespan:
    """The lifespan bracket of the lead's first ``LEAD_CHARS`` characters."""
    for m in _BRACKET.finditer(lead[:LEAD_CHARS]):
        inside = m.group(1)
        years = [(y.start(), int(y.group(1))) for y in _YEAR.finditer(inside)]
        if not years:
            continue
        dash = _DASH.search(inside)
        if len(years) >= 2:
            born, died = years[0][1], years[-1][1]
            if 0 < died - born <= MAX_LIFE_YEARS:
                dates = [d for d in find_dates(inside) if d.has_year]
                first = dates[0].edtf if dates and dates[0].year == born else str(born)
                last = dates[-1].edtf if dates and dates[-1].year == died else str(died)
                return Lifespan(born, died, first.rstrip("~"), last.rstrip("~"))
            continue
        if dash is None:
            continue  # one date and no dash: a book's year, not a lifespan
        at, year = years[0]
        dates = [d for d in find_dates(inside) if d.has_year and d.year == year]
        date = dates[0].edtf.rstrip("~") if dates else str(year)
        # "( – 25 June 1767)": the death only, at the precision the bracket gives.
        return Lifespan(None, year, "", date) if at > dash.start() else \
            Lifespan(year, None, date, "")
    return Lifespan(None, None)


def lone_bracket_date(lead: str) -> str:
    """The one full date of the lead's first bracket that holds a single date and no dash
    ("(; 31 August 1941)", where the birth was lost with the markup), ``""`` otherwise; whose
    end of life it is, only the birth year can tell.

    >>> lone_bracket_date("TSVETAEVA (; 31 August 1941) was a poet."), lone_bracket_date("X (1840)")
    ('1941-08-31', '')
    """
    for m in _BRACKET.finditer(lead[:LEAD_CHARS]):
        inside = m.group(1)
        if not _YEAR.search(inside):
            continue
        dates = [d for d in find_dates(inside) if d.has_year]
        if len(dates) == 1 and dates[0].precision == "day" and _DASH.search(inside) is None:
            return dates[0].edtf
        return ""
    return ""


def outside_lifespan(kind: str, year: int, span: Lifespan) -> str:
    """Why a visit of ``kind`` in ``year`` cannot be the subject's (``""`` when it can).

    >>> span = Lifespan(1454, 1512)
    >>> outside_lifespan("death", 1495, span)
    "someone else's death (the subject died in 1512)"
    >>> outside_lifespan("residence", 1530, span), outside_lifespan("birth", 1455, span)
    ("dated after the subject's death", '')
    """
    slack = LIFE_EVENT_SLACK_YEARS
    if kind == "death" and span.died is not None and abs(year - span.died) > slack:
        return f"someone else's death (the subject died in {span.died})"
    if kind == "birth" and span.born is not None and abs(year - span.born) > slack:
        return f"someone else's birth (the subject was born in {span.born})"
    if span.died is not None and year > span.died + (
            0 if len(span.died_date.rstrip("~?")) == 10 and kind != "death" else slack):
        return "dated after the subject's death"  # (no slack past a death told to the day)
    if span.born is not None and year < span.born - slack:
        return "dated before the subject's birth"
    return ""


def school_start(cue: str, born: int) -> str:
    """The start of an undated schooling: the birth year plus the age of starting school (or
    university, after a cue of higher education), approximate.

    >>> school_start("school in", 1803), school_start("studied at the university", 1803)
    ('1810~', '1821~')
    """
    age = UNIVERSITY_START_AGE_YEARS if _HIGHER.search(cue) else SCHOOL_START_AGE_YEARS
    return f"{born + age:04d}~"
