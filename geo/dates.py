"""Partial and uncertain historical dates: a small subset of EDTF.

Biographies rarely give exact days. A stay may be known to the day (``1879-11-07``), the
month (``1902-08``), the season (``1902-22``, summer), or only the year (``1929``), and it
may be approximate (``1936~``) or uncertain (``1916?``). This module parses those strings,
keeps their precision, and turns them into what the rest of geostory needs: a range of
days for ordering and filtering, and a label for people.

>>> d = parse_date("1902-22")
>>> d.label()
'Summer 1902'
>>> d.earliest(), d.latest()
(datetime.date(1902, 6, 1), datetime.date(1902, 8, 31))
>>> parse_date("1936~").label()
'c. 1936'
>>> parse_date("1879-11-07").label()
'7 Nov 1879'

Accepted forms (EDTF level 0 and the level-1 parts a biography needs):

========================  =======================================  =============
form                      meaning                                  precision
========================  =======================================  =============
``YYYY-MM-DD``            a day                                    ``day``
``YYYY-MM``               a month                                  ``month``
``YYYY-21`` .. ``-24``    spring, summer, autumn, winter           ``season``
``YYYY``                  a year                                   ``year``
``YYYX`` / ``YYXX``       a decade / a century, digits unspecified ``decade`` ...
suffix ``~`` ``?`` ``%``  approximate, uncertain, both             (unchanged)
========================  =======================================  =============

All dates are proleptic Gregorian (New Style). Seasons are northern-hemisphere
meteorological seasons; winter ``YYYY-24`` runs from December of ``YYYY`` to the end of
February of the next year. :func:`julian_to_gregorian` converts Old Style dates, which
Russian sources use before February 1918.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from geo.errors import DateError

__all__ = [
    "HistoricalDate",
    "julian_to_gregorian",
    "parse_date",
    "parse_optional_date",
    "span_label",
]

MONTH_ABBR = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
              "Nov", "Dec")
SEASONS = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"}
# First month of each season; winter starts in December and ends in the next year.
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}

_PATTERN = re.compile(
    r"^(?P<year>\d{2}(?:\d{2}|\dX|XX))"
    r"(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
    r"(?P<qual>[~?%])?$"
)
_EXPECTED = (
    "expected an EDTF date such as 1879-11-07, 1902-08, 1902-22 (summer), 1929 or 193X, "
    "optionally ending in ~ (approximate), ? (uncertain) or % (both)"
)


@dataclass(frozen=True, slots=True)
class HistoricalDate:
    """A date known to some precision, parsed from an EDTF string.

    Use :func:`parse_date` to make one. ``year`` is the first year of the range for
    decades and centuries (``193X`` has ``year == 1930``).
    """

    text: str
    year: int
    month: int | None = None
    day: int | None = None
    season: int | None = None
    precision: str = "year"
    approximate: bool = False
    uncertain: bool = False

    def earliest(self) -> _dt.date:
        """First day the date can mean."""
        if self.season is not None:
            return _dt.date(self.year, _SEASON_MONTHS[self.season][0], 1)
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> _dt.date:
        """Last day the date can mean."""
        if self.day is not None:
            return _dt.date(self.year, self.month or 1, self.day)
        if self.season is not None:
            year = self.year + 1 if self.season == 24 else self.year
            month = _SEASON_MONTHS[self.season][1]
            return _dt.date(year, month, calendar.monthrange(year, month)[1])
        if self.month is not None:
            return _dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        span = {"year": 1, "decade": 10, "century": 100}[self.precision]
        return _dt.date(self.year + span - 1, 12, 31)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Order by first possible day, then by last (a day sorts before its month)."""
        return (self.earliest().toordinal(), self.latest().toordinal())

    def month_key(self) -> str:
        """``YYYY-MM`` of the first day, the form used in map URLs (``#t=1929-04``)."""
        first = self.earliest()
        return f"{first.year:04d}-{first.month:02d}"

    def label(self) -> str:
        """A short human label at the precision of the data.

        >>> [parse_date(s).label() for s in ("1929-04", "193X", "1916?", "1917-03-27%")]
        ['Apr 1929', '1930s', '1916?', 'c. 27 Mar 1917?']
        """
        if self.precision == "day":
            core = f"{self.day} {MONTH_ABBR[self.month or 1]} {self.year}"
        elif self.precision == "month":
            core = f"{MONTH_ABBR[self.month or 1]} {self.year}"
        elif self.precision == "season" and self.season == 24:
            core = f"Winter {self.year}–{(self.year + 1) % 100:02d}"
        elif self.precision == "season":
            core = f"{SEASONS[self.season or 21]} {self.year}"
        elif self.precision == "decade" or self.precision == "century":
            core = f"{self.year}s"
        else:
            core = str(self.year)
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
        The date, e.g. ``"1879-11-07"``, ``"1902-08"``, ``"1936~"``. Surrounding
        whitespace is ignored.

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
    datetime.date(1939, 12, 31)
    >>> parse_date("spring 1902")
    Traceback (most recent call last):
    ...
    geo.errors.DateError: 'spring 1902' is not a date: expected an EDTF date such as ...
    >>> parse_date("1902-02-30")
    Traceback (most recent call last):
    ...
    geo.errors.DateError: '1902-02-30' is not a date: 1902-02 has no day 30
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
    if "X" in year_s:
        if month_s:
            raise DateError(f"{raw!r} is not a date: a year with X digits takes no month")
        precision = "decade" if year_s.count("X") == 1 else "century"
        return _in_range(HistoricalDate(text, int(year_s.replace("X", "0")),
                                        precision=precision, approximate=approximate,
                                        uncertain=uncertain), raw)
    year = int(year_s)
    if year == 0:
        raise DateError(f"{raw!r} is not a date: year 0000 is outside the supported range")
    if month_s is None:
        return _in_range(HistoricalDate(text, year, precision="year", approximate=approximate,
                                        uncertain=uncertain), raw)
    month = int(month_s)
    if month in SEASONS and day_s is None:
        return _in_range(HistoricalDate(text, year, season=month, precision="season",
                                        approximate=approximate, uncertain=uncertain), raw)
    if not 1 <= month <= 12:
        raise DateError(f"{raw!r} is not a date: month must be 01-12 (or 21-24 for a season)")
    if day_s is None:
        return HistoricalDate(text, year, month, precision="month", approximate=approximate,
                              uncertain=uncertain)
    if not 1 <= int(day_s) <= calendar.monthrange(year, month)[1]:
        raise DateError(f"{raw!r} is not a date: {year_s}-{month_s} has no day {day_s}")
    return HistoricalDate(text, year, month, int(day_s), precision="day",
                          approximate=approximate, uncertain=uncertain)


def _in_range(date: HistoricalDate, raw: str) -> HistoricalDate:
    """``date`` if every day it can mean is in the supported calendar, else a DateError.

    >>> _in_range(parse_date("1902"), "1902").year
    1902
    >>> parse_date("00XX")
    Traceback (most recent call last):
    geo.errors.DateError: '00XX' is not a date: it reaches outside the supported years 1-9999
    """
    try:
        date.earliest()
        date.latest()
    except (ValueError, OverflowError):
        raise DateError(f"{raw!r} is not a date: it reaches outside the supported years "
                        "1-9999") from None
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

    >>> span_label(parse_date("1929-04"), parse_date("1933-07"))
    'Apr 1929 – Jul 1933'
    >>> span_label(parse_date("1937-01-09"), None)
    '9 Jan 1937'
    >>> span_label(parse_date("1915-09"), parse_date("1915-09"))
    'Sep 1915'
    """
    if end is None or end.text == start.text:
        return start.label()
    return f"{start.label()} – {end.label()}"


def julian_to_gregorian(year: int, month: int, day: int) -> _dt.date:
    """Convert an Old Style (Julian calendar) date to the Gregorian calendar.

    Russian sources before 14 February 1918 usually give Old Style dates; the
    difference was 12 days in the 19th century and 13 days from March 1900.

    >>> julian_to_gregorian(1879, 10, 26)
    datetime.date(1879, 11, 7)
    >>> julian_to_gregorian(1917, 10, 25)
    datetime.date(1917, 11, 7)
    """
    # Julian day number of the Julian calendar date (Fliegel & Van Flandern style arithmetic).
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    # date.fromordinal counts proleptic Gregorian days from 0001-01-01 (JDN 1721426).
    return _dt.date.fromordinal(jdn - 1721425)
