"""Partial and uncertain historical dates: a small subset of EDTF, before and after year 1.

Biographies rarely give exact days. A stay may be known to the day (``1879-11-07``), the
month (``1902-08``), the season (``1902-22``, summer), or only the year (``1929``), and it
may be approximate (``1936~``) or uncertain (``1916?``). This module parses those strings,
keeps their precision, and turns them into what the rest of geostory needs: a range of
days for ordering and filtering, and a label for people.

>>> d = parse_date("1902-22")
>>> d.label()
'Summer 1902'
>>> d.earliest(), d.latest()
(Day(1902, 6, 1), Day(1902, 8, 31))
>>> parse_date("1936~").label()
'c. 1936'
>>> parse_date("1879-11-07").label()
'7 Nov 1879'

Years before 1 are written as EDTF (and ISO 8601) write them, in *astronomical* numbering:
there is a year 0, which is 1 BC, so ``-0043`` is 44 BC and ``-0001`` is 2 BC. Labels use
the historians' BC:

>>> [parse_date(s).label() for s in ("-0043", "-0043~", "-0043-03", "0000", "-0001")]
['44 BC', 'c. 44 BC', 'Mar 44 BC', '1 BC', '2 BC']

Accepted forms (EDTF level 0 and the level-1 parts a biography needs):

========================  =======================================  =============
form                      meaning                                  precision
========================  =======================================  =============
``YYYY-MM-DD``            a day                                    ``day``
``YYYY-MM``               a month                                  ``month``
``YYYY-21`` .. ``-24``    spring, summer, autumn, winter           ``season``
``YYYY``                  a year                                   ``year``
``YYYX`` / ``YYXX``       a decade / a century, digits unspecified ``decade`` ...
leading ``-``             a year before year 0 (``-0043`` = 44 BC)  (unchanged)
suffix ``~`` ``?`` ``%``  approximate, uncertain, both             (unchanged)
========================  =======================================  =============

All dates are proleptic Gregorian (New Style), also before 1582 and before year 1: a day is
a :class:`Day`, which works like :class:`datetime.date` (``year``, ``month``, ``day``,
``toordinal()``, ``isoformat()``, comparisons, equal to the same ``datetime.date``) but
also holds years before 1. Seasons are northern-hemisphere meteorological seasons; winter
``YYYY-24`` runs from December of ``YYYY`` to the end of February of the next year.
:func:`julian_to_gregorian` converts Old Style dates, which Russian sources use before
February 1918 and ancient historians use for Roman dates.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from geo.errors import DateError

__all__ = [
    "Day",
    "HistoricalDate",
    "edtf_year",
    "julian_to_gregorian",
    "parse_date",
    "parse_optional_date",
    "span_label",
    "year_label",
    "years_label",
]

MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec")
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
# First month of each season; winter starts in December and ends in the next year.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}

#: Days in 400 Gregorian years: the calendar repeats exactly after them.
DAYS_PER_400_YEARS = 146_097
#: Years a date may reach, astronomical: EDTF's four digits either side of year 0.
MIN_YEAR, MAX_YEAR = -9999, 9999

_PATTERN = re.compile(
    r"^(?P<year>-?\d{2}(?:\d{2}|\dX|XX))"
    r"(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"(?P<qual>[~?%])?$"
)
_EXPECTED = (
    "expected an EDTF date such as 1879-11-07, 1902-08, 1902-22 (summer), 1929, 193X or "
    "-0043 (44 BC), optionally ending in ~ (approximate), ? (uncertain) or % (both)"
)


def _days_in_month(year: int, month: int) -> int:
    """Days in a month of the proleptic Gregorian calendar, any year (0 is a leap year).

    >>> _days_in_month(1900, 2), _days_in_month(2000, 2), _days_in_month(0, 2)
    (28, 29, 29)
    >>> _days_in_month(-100, 2), _days_in_month(-4, 2)
    (28, 29)
    """
    if month == 2 and calendar.isleap(year):  # isleap is arithmetic: right for year <= 0
        return 29
    return calendar.mdays[month]


@dataclass(frozen=True, slots=True, eq=False)
class Day:
    """A day of the proleptic Gregorian calendar, in any year (astronomical numbering).

    :class:`datetime.date` stops at year 1; a life told from antiquity needs earlier days.
    A ``Day`` offers the part of ``date``'s interface that geostory uses and equals (and
    orders with) the ``date`` of the same day. ``toordinal()`` continues ``date``'s day
    count backwards: 1 is 1 January of year 1, 0 the last day of 1 BC.

    >>> Day(1879, 11, 7) == _dt.date(1879, 11, 7)
    True
    >>> Day(0, 12, 31).toordinal(), Day(1, 1, 1).toordinal()
    (0, 1)
    >>> Day(-43, 3, 15).isoformat()
    '-0043-03-15'
    >>> Day.fromordinal(Day(-43, 3, 15).toordinal())
    Day(-43, 3, 15)
    >>> Day(-43, 2, 29)
    Traceback (most recent call last):
    ...
    ValueError: -0043-02 has no day 29
    """

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1-12, not {self.month}")
        if not 1 <= self.day <= _days_in_month(self.year, self.month):
            raise ValueError(f"{edtf_year(self.year)}-{self.month:02d} has no day {self.day}")

    @classmethod
    def fromordinal(cls, ordinal: int) -> Day:
        """The day with this day number (``date.fromordinal`` extended to any year)."""
        cycles, rest = divmod(ordinal - 1, DAYS_PER_400_YEARS)
        d = _dt.date.fromordinal(rest + 1)  # a day in years 1..400 of the same cycle
        return cls(d.year + 400 * cycles, d.month, d.day)

    @classmethod
    def from_date(cls, d: _dt.date) -> Day:
        """The same day as a :class:`datetime.date`."""
        return cls(d.year, d.month, d.day)

    def toordinal(self) -> int:
        """Day number: 1 is 1 January of year 1, as ``date.toordinal``; earlier days are <= 0."""
        in_cycle = (self.year - 1) % 400 + 1
        cycles = (self.year - in_cycle) // 400
        return (_dt.date(in_cycle, self.month, self.day).toordinal()
                + cycles * DAYS_PER_400_YEARS)

    def to_date(self) -> _dt.date:
        """This day as a :class:`datetime.date`; ``ValueError`` for years before 1."""
        return _dt.date(self.year, self.month, self.day)

    def isoformat(self) -> str:
        """ISO 8601 / EDTF text: ``1917-03-12``, ``-0043-03-15`` (a sign before year 0)."""
        return f"{edtf_year(self.year)}-{self.month:02d}-{self.day:02d}"

    def _key(self, other: object) -> tuple[int, int] | None:
        if isinstance(other, Day):
            return self.toordinal(), other.toordinal()
        if isinstance(other, _dt.date) and not isinstance(other, _dt.datetime):
            return self.toordinal(), other.toordinal()
        return None

    def __eq__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] == k[1]

    def __lt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] < k[1]

    def __le__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] <= k[1]

    def __gt__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] > k[1]

    def __ge__(self, other: object) -> bool:
        k = self._key(other)
        return NotImplemented if k is None else k[0] >= k[1]

    def __hash__(self) -> int:
        return hash(self.to_date()) if self.year >= 1 else hash(("Day", self.toordinal()))

    def __repr__(self) -> str:
        return f"Day({self.year}, {self.month}, {self.day})"

    def __str__(self) -> str:
        return self.isoformat()


def edtf_year(year: int) -> str:
    """A year as EDTF writes it: four digits at least, a ``-`` before year 0.

    >>> edtf_year(1902), edtf_year(0), edtf_year(-43), edtf_year(12)
    ('1902', '0000', '-0043', '0012')
    """
    return f"-{-year:04d}" if year < 0 else f"{year:04d}"


def year_label(year: int, *, era: bool = False) -> str:
    """An astronomical year as people write it: ``1917``, ``44 BC`` (``-43``), ``1 BC`` (0).

    ``era=True`` writes ``AD`` before a year of the common era, for a span that starts BC.

    >>> year_label(1917), year_label(-43), year_label(0), year_label(14, era=True)
    ('1917', '44 BC', '1 BC', 'AD 14')
    """
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if era else str(year)


def years_label(first: int, last: int) -> str:
    """A span of astronomical years: ``1879–1940``, ``100–44 BC``, ``63 BC – AD 14``.

    >>> years_label(1879, 1940), years_label(1917, 1917)
    ('1879–1940', '1917')
    >>> years_label(-99, -43), years_label(-62, 14), years_label(-43, -43)
    ('100–44 BC', '63 BC – AD 14', '44 BC')
    """
    if first == last:
        return year_label(first)
    if last <= 0:
        return f"{1 - first}–{1 - last} BC"
    if first <= 0:
        return f"{year_label(first)} – {year_label(last, era=True)}"
    return f"{first}–{last}"


@dataclass(frozen=True, slots=True)
class HistoricalDate:
    """A date known to some precision, parsed from an EDTF string.

    Use :func:`parse_date` to make one. ``year`` is astronomical (0 is 1 BC, -43 is 44 BC)
    and is the first year of the range for decades and centuries (``193X`` has
    ``year == 1930``; ``-004X``, the years 50 to 41 BC, has ``year == -49``).
    """

    text: str
    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    precision: str = "year"
    approximate: bool = False
    uncertain: bool = False

    def earliest(self) -> Day:
        """First day the date can mean."""
        if self.season is not None:
            return Day(self.year, _SEASON_MONTHS[self.season][0], 1)
        return Day(self.year, self.month or 1, self.day or 1)

    def latest(self) -> Day:
        """Last day the date can mean."""
        if self.day is not None:
            return Day(self.year, self.month or 1, self.day)
        if self.season is not None:
            year = self.year + 1 if self.season == 24 else self.year
            month = _SEASON_MONTHS[self.season][1]
            return Day(year, month, _days_in_month(year, month))
        if self.month is not None:
            return Day(self.year, self.month, _days_in_month(self.year, self.month))
        return Day(self.last_year, 12, 31)

    @property
    def last_year(self) -> int:
        """Last (astronomical) year the date can mean: ``1939`` for ``193X``."""
        if self.season == 24:
            return self.year + 1
        span = {"decade": 10, "century": 100}.get(self.precision, 1)
        return self.year + span - 1

    @property
    def sort_key(self) -> tuple[int, int]:
        """Order by first possible day, then by last (a day sorts before its month)."""
        return (self.earliest().toordinal(), self.latest().toordinal())

    def month_key(self) -> str:
        """``YYYY-MM`` of the first day, the form used in map URLs (``#t=1929-04``).

        >>> parse_date("-0043-03-15").month_key()
        '-0043-03'
        """
        first = self.earliest()
        return f"{edtf_year(first.year)}-{first.month:02d}"

    def label(self) -> str:
        """A short human label at the precision of the data.

        >>> [parse_date(s).label() for s in ("1929-04", "193X", "1916?", "1917-03-27%")]
        ['Apr 1929', '1930s', '1916?', 'c. 27 Mar 1917?']
        >>> [parse_date(s).label() for s in ("-0043-03-15", "-0049-24", "-004X", "-01XX")]
        ['15 Mar 44 BC', 'Winter 50–49 BC', '50–41 BC', '200–101 BC']
        """
        year = year_label(self.year)
        if self.precision == "day":
            core = f"{self.day} {MONTH_ABBR[self.month or 1]} {year}"
        elif self.precision == "month":
            core = f"{MONTH_ABBR[self.month or 1]} {year}"
        elif self.precision == "season" and self.season == 24:
            if self.year >= 1:
                core = f"Winter {self.year}–{(self.year + 1) % 100:02d}"
            else:
                core = f"Winter {years_label(self.year, self.year + 1)}"
        elif self.precision == "season":
            core = f"{SEASONS[self.season or 21]} {year}"
        elif self.precision in ("decade", "century"):
            core = f"{self.year}s" if self.year >= 1 else years_label(self.year,
                                                                       self.last_year)
        else:
            core = year
        if self.approximate:
            core = "c. " + core
        if self.uncertain:
            core += "?"
        return core

    def __str__(self) -> str:
        return self.text


def parse_date(text: str) -> HistoricalDate:
    """Parse an EDTF string of the supported subset.

    Parameters
    ----------
    text : str
        The date, e.g. ``"1879-11-07"``, ``"1902-08"``, ``"1936~"``, ``"-0043-03-15"``.
        Surrounding whitespace is ignored.

    Returns
    -------
    HistoricalDate

    Raises
    ------
    DateError
        If the string is empty, not of an accepted form, or not a real calendar date.

    Examples
    --------
    >>> parse_date("1917-05-17").precision
    'day'
    >>> parse_date("193X").latest()
    Day(1939, 12, 31)
    >>> parse_date("-0043").earliest(), parse_date("0000").latest()
    (Day(-43, 1, 1), Day(0, 12, 31))
    >>> parse_date("spring 1902")
    Traceback (most recent call last):
    ...
    geo.errors.DateError: 'spring 1902' is not a date: expected an EDTF date such as ...
    >>> parse_date("1902-02-30")
    Traceback (most recent call last):
    ...
    geo.errors.DateError: '1902-02-30' is not a date: 1902-02 has no day 30
    >>> parse_date("-0000")
    Traceback (most recent call last):
    ...
    geo.errors.DateError: '-0000' is not a date: year zero has no sign; write 0000 (1 BC)
    """
    raw = text
    text = text.strip() if isinstance(text, str) else text
    if not isinstance(text, str) or not text:
        raise DateError(f"{raw!r} is not a date: {_EXPECTED}")
    m = _PATTERN.match(text)
    if not m:
        raise DateError(f"{raw!r} is not a date: {_EXPECTED}")
    year_s, month_s, day_s, qual = m.group("year", "month", "day", "qual")
    approximate = qual in ("~", "%")
    uncertain = qual in ("?", "%")
    negative = year_s.startswith("-")
    if negative and year_s[1:].strip("0X") == "" and "X" not in year_s:
        raise DateError(f"{raw!r} is not a date: year zero has no sign; write 0000 (1 BC)")
    if "X" in year_s:
        if month_s:
            raise DateError(f"{raw!r} is not a date: a year with X digits takes no month")
        precision = "decade" if year_s.count("X") == 1 else "century"
        base = int(year_s.replace("X", "0"))
        # -004X is the years -40 .. -49: the range starts at its most negative year.
        first = base - (9 if precision == "decade" else 99) if negative else base
        return HistoricalDate(text, first, precision=precision, approximate=approximate,
                              uncertain=uncertain)  # -99XX .. 99XX: always in range
    year = int(year_s)
    if month_s is None:
        return HistoricalDate(text, year, precision="year", approximate=approximate,
                              uncertain=uncertain)
    month = int(month_s)
    if month in SEASONS and day_s is None:
        return _in_range(HistoricalDate(text, year, season=month, precision="season",
                                        approximate=approximate, uncertain=uncertain), raw)
    if not 1 <= month <= 12:
        raise DateError(f"{raw!r} is not a date: month must be 01-12 (or 21-24 for a season)")
    if day_s is None:
        return HistoricalDate(text, year, month, precision="month", approximate=approximate,
                              uncertain=uncertain)
    if not 1 <= int(day_s) <= _days_in_month(year, month):
        raise DateError(f"{raw!r} is not a date: {year_s}-{month_s} has no day {day_s}")
    return HistoricalDate(text, year, month, int(day_s), precision="day",
                          approximate=approximate, uncertain=uncertain)


def _in_range(date: HistoricalDate, raw: str) -> HistoricalDate:
    """``date`` if every day it can mean is within :data:`MIN_YEAR` .. :data:`MAX_YEAR`.

    Only a winter can leave the range: ``9999-24`` ends in February 10000.

    >>> _in_range(parse_date("1902"), "1902").year
    1902
    >>> parse_date("9999-24")
    Traceback (most recent call last):
    geo.errors.DateError: '9999-24' is not a date: it reaches outside the supported years ...
    """
    if date.year < MIN_YEAR or date.last_year > MAX_YEAR:
        raise DateError(f"{raw!r} is not a date: it reaches outside the supported years "
                        f"{MIN_YEAR} to {MAX_YEAR}")
    return date


def parse_optional_date(text: object) -> HistoricalDate | None:
    """Like :func:`parse_date`, but blank, ``None`` and NaN mean "no date".

    >>> parse_optional_date("") is None
    True
    >>> parse_optional_date(float("nan")) is None
    True
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    if isinstance(text, str) and not text.strip():
        return None
    return parse_date(str(text))


def span_label(start: HistoricalDate, end: HistoricalDate | None) -> str:
    """Label a stay: ``"Apr 1929 – Jul 1933"``, or a single date for a moment.

    A stay that starts BC and ends in the common era writes ``AD`` on its end.

    >>> span_label(parse_date("1929-04"), parse_date("1933-07"))
    'Apr 1929 – Jul 1933'
    >>> span_label(parse_date("1937-01-09"), None)
    '9 Jan 1937'
    >>> span_label(parse_date("1915-09"), parse_date("1915-09"))
    'Sep 1915'
    >>> span_label(parse_date("-0049-01"), parse_date("-0043-03-15"))
    'Jan 50 BC – 15 Mar 44 BC'
    >>> span_label(parse_date("-0030"), parse_date("0014-08-19"))
    '31 BC – 19 Aug AD 14'
    """
    if end is None or end.text == start.text:
        return start.label()
    end_label = end.label()
    if start.year <= 0 < end.year:
        end_label = end_label.replace(year_label(end.year), year_label(end.year, era=True), 1)
    return f"{start.label()} – {end_label}"


def julian_to_gregorian(year: int, month: int, day: int) -> Day:
    """Convert an Old Style (Julian calendar) date to the proleptic Gregorian calendar.

    Russian sources before 14 February 1918 usually give Old Style dates; the
    difference was 12 days in the 19th century and 13 days from March 1900. Roman dates
    are Julian too (``year`` astronomical): the Ides of March of 44 BC fell on 13 March of
    the proleptic Gregorian calendar.

    >>> julian_to_gregorian(1879, 10, 26)
    Day(1879, 11, 7)
    >>> julian_to_gregorian(1917, 10, 25)
    Day(1917, 11, 7)
    >>> julian_to_gregorian(-43, 3, 15)
    Day(-43, 3, 13)
    """
    # Julian day number of the Julian calendar date (Fliegel & Van Flandern style arithmetic).
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    # Day numbers count proleptic Gregorian days from 0001-01-01 (JDN 1721426).
    return Day.fromordinal(jdn - 1721425)
