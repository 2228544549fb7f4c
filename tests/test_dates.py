"""geo.dates: parsing, precision, ranges, labels and calendar conversion."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import (
    Day,
    julian_to_gregorian,
    parse_date,
    parse_optional_date,
    span_label,
    years_label,
)
from geo.errors import DateError, GeoError


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("1879-11-07", "day", dt.date(1879, 11, 7), dt.date(1879, 11, 7)),
        ("1902-08", "month", dt.date(1902, 8, 1), dt.date(1902, 8, 31)),
        ("1900-02", "month", dt.date(1900, 2, 1), dt.date(1900, 2, 28)),  # not a leap year
        ("1904-02", "month", dt.date(1904, 2, 1), dt.date(1904, 2, 29)),
        ("1929", "year", dt.date(1929, 1, 1), dt.date(1929, 12, 31)),
        ("1936~", "year", dt.date(1936, 1, 1), dt.date(1936, 12, 31)),
        ("1902-21", "season", dt.date(1902, 3, 1), dt.date(1902, 5, 31)),
        ("1919-24", "season", dt.date(1919, 12, 1), dt.date(1920, 2, 29)),
        ("193X", "decade", dt.date(1930, 1, 1), dt.date(1939, 12, 31)),
        ("19XX", "century", dt.date(1900, 1, 1), dt.date(1999, 12, 31)),
        ("  1917-05-17 ", "day", dt.date(1917, 5, 17), dt.date(1917, 5, 17)),
    ],
)
def test_parse_ranges(text: str, precision: str, first: dt.date, last: dt.date) -> None:
    d = parse_date(text)
    assert d.precision == precision
    assert (d.earliest(), d.latest()) == (first, last)


@pytest.mark.parametrize(
    ("text", "approximate", "uncertain", "label"),
    [
        ("1936~", True, False, "c. 1936"),
        ("1916?", False, True, "1916?"),
        ("1917-03%", True, True, "c. Mar 1917?"),
        ("1879-11-07", False, False, "7 Nov 1879"),
        ("1902-22", False, False, "Summer 1902"),
    ],
)
def test_qualifiers_and_labels(text: str, approximate: bool, uncertain: bool,
                               label: str) -> None:
    d = parse_date(text)
    assert (d.approximate, d.uncertain, d.label()) == (approximate, uncertain, label)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "spring 1902", "1902/1903", "07.11.1879", "1902-13", "1902-00", "1902-02-30",
     "19021", "1902-8", "1902-08-7", "1902~?", "190X-05", "nineteen",
     # before year 1: zero has no sign, four digits at least, real days only
     "-0000", "-0000-03", "-43", "--0043", "-0043-02-29", "-0043-13", "-004X-05", "- 0043"],
)
def test_rejects_non_dates(text: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(text)
    assert repr(text) in str(info.value)
    # Plain handlers keep working: a DateError is also a ValueError and a GeoError.
    assert isinstance(info.value, ValueError) and isinstance(info.value, GeoError)


def test_sort_key_orders_by_first_day_then_precision() -> None:
    dates = [parse_date(s) for s in ("1902", "1901-12-31", "1902-01-01", "1902-01")]
    ordered = [d.text for d in sorted(dates, key=lambda d: d.sort_key)]
    assert ordered == ["1901-12-31", "1902-01-01", "1902-01", "1902"]


def test_month_key_is_the_first_month() -> None:
    assert parse_date("1929").month_key() == "1929-01"
    assert parse_date("1919-24").month_key() == "1919-12"
    assert parse_date("1879-11-07").month_key() == "1879-11"


def test_optional_dates() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date(float("nan")) is None
    assert parse_optional_date("1902").year == 1902
    with pytest.raises(DateError):
        parse_optional_date("soon")


def test_span_label() -> None:
    assert span_label(parse_date("1929-04"), parse_date("1933-07")) == "Apr 1929 – Jul 1933"
    assert span_label(parse_date("1937-01-09"), None) == "9 Jan 1937"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ((1879, 10, 26), dt.date(1879, 11, 7)),   # 12 days in the 19th century
        ((1900, 2, 28), dt.date(1900, 3, 12)),
        ((1900, 2, 29), dt.date(1900, 3, 13)),    # Julian-only leap day; 13 days from here
        ((1905, 12, 3), dt.date(1905, 12, 16)),
        ((1918, 1, 31), dt.date(1918, 2, 13)),    # last Old Style day in Soviet Russia
        ((1582, 10, 5), dt.date(1582, 10, 15)),   # the Gregorian reform itself
    ],
)
def test_julian_to_gregorian(old: tuple[int, int, int], new: dt.date) -> None:
    assert julian_to_gregorian(*old) == new


# -- before year 1 ------------------------------------------------------------------------
# EDTF numbers years astronomically: 0000 is 1 BC, -0001 is 2 BC, -0043 is 44 BC.
@pytest.mark.parametrize(
    ("text", "precision", "first", "last", "label"),
    [
        ("-0043", "year", Day(-43, 1, 1), Day(-43, 12, 31), "44 BC"),
        ("-0043~", "year", Day(-43, 1, 1), Day(-43, 12, 31), "c. 44 BC"),
        ("-0043?", "year", Day(-43, 1, 1), Day(-43, 12, 31), "44 BC?"),
        ("-0043-03", "month", Day(-43, 3, 1), Day(-43, 3, 31), "Mar 44 BC"),
        ("-0043-03-15", "day", Day(-43, 3, 15), Day(-43, 3, 15), "15 Mar 44 BC"),
        ("-0043-03-15~", "day", Day(-43, 3, 15), Day(-43, 3, 15), "c. 15 Mar 44 BC"),
        ("0000", "year", Day(0, 1, 1), Day(0, 12, 31), "1 BC"),          # year zero = 1 BC
        ("0000-02", "month", Day(0, 2, 1), Day(0, 2, 29), "Feb 1 BC"),   # a leap year
        ("-0001", "year", Day(-1, 1, 1), Day(-1, 12, 31), "2 BC"),
        ("-0004-02", "month", Day(-4, 2, 1), Day(-4, 2, 29), "Feb 5 BC"),  # leap: -4 % 4 == 0
        ("-0100-02", "month", Day(-100, 2, 1), Day(-100, 2, 28), "Feb 101 BC"),  # not leap
        ("-0400-02", "month", Day(-400, 2, 1), Day(-400, 2, 29), "Feb 401 BC"),  # leap
        ("-0049-22", "season", Day(-49, 6, 1), Day(-49, 8, 31), "Summer 50 BC"),
        ("-0001-24", "season", Day(-1, 12, 1), Day(0, 2, 29), "Winter 2–1 BC"),
        ("0000-24", "season", Day(0, 12, 1), Day(1, 2, 28), "Winter 1 BC – AD 1"),
        ("-004X", "decade", Day(-49, 1, 1), Day(-40, 12, 31), "50–41 BC"),
        ("-01XX", "century", Day(-199, 1, 1), Day(-100, 12, 31), "200–101 BC"),
        ("000X", "decade", Day(0, 1, 1), Day(9, 12, 31), "1 BC – AD 9"),
        ("0001", "year", Day(1, 1, 1), Day(1, 12, 31), "1"),
        ("-1902", "year", Day(-1902, 1, 1), Day(-1902, 12, 31), "1903 BC"),
        ("-9999", "year", Day(-9999, 1, 1), Day(-9999, 12, 31), "10000 BC"),
    ],
)
def test_years_before_one(text: str, precision: str, first: Day, last: Day,
                          label: str) -> None:
    d = parse_date(text)
    assert (d.precision, d.earliest(), d.latest(), d.label()) == (precision, first, last,
                                                                  label)


def test_bc_dates_sort_in_time_order() -> None:
    texts = ["0001", "-0043-03-15", "0000", "-0043", "-0044-12-31", "-0001", "-0100", "1902"]
    ordered = [d.text for d in sorted(map(parse_date, texts), key=lambda d: d.sort_key)]
    assert ordered == ["-0100", "-0044-12-31", "-0043", "-0043-03-15", "-0001", "0000",
                       "0001", "1902"]


def test_day_numbers_continue_across_year_one() -> None:
    # 1 BC (year 0) is a leap year: 366 days before 1 January AD 1.
    assert Day(1, 1, 1).toordinal() - Day(0, 1, 1).toordinal() == 366
    assert Day(0, 1, 1).toordinal() - Day(-1, 1, 1).toordinal() == 365
    assert Day(0, 12, 31).toordinal() + 1 == Day(1, 1, 1).toordinal() == 1
    for n in (-800_000, -146_097, -365, 0, 1, 693_596, 3_652_059):
        assert Day.fromordinal(n).toordinal() == n
    assert Day.fromordinal(dt.date(1917, 11, 7).toordinal()) == dt.date(1917, 11, 7)


def test_day_is_interchangeable_with_date_after_year_one() -> None:
    assert Day(1917, 11, 7) == dt.date(1917, 11, 7)
    assert dt.date(1917, 11, 7) == Day(1917, 11, 7)
    assert Day(1917, 11, 6) < dt.date(1917, 11, 7) < Day(1917, 11, 8)
    assert hash(Day(1917, 11, 7)) == hash(dt.date(1917, 11, 7))
    assert Day(1917, 11, 7).to_date() == dt.date(1917, 11, 7)
    assert Day(-43, 3, 15) < Day(1, 1, 1)
    assert Day(-43, 3, 15) != "-0043-03-15"
    with pytest.raises(ValueError):
        Day(-43, 3, 15).to_date()


@pytest.mark.parametrize(
    ("first", "last", "label"),
    [(1879, 1940, "1879–1940"), (-99, -43, "100–44 BC"), (-62, 14, "63 BC – AD 14"),
     (0, 0, "1 BC"), (0, 1, "1 BC – AD 1"), (-43, -43, "44 BC")],
)
def test_years_label(first: int, last: int, label: str) -> None:
    assert years_label(first, last) == label


def test_bc_spans_and_iso_text() -> None:
    assert span_label(parse_date("-0058"), parse_date("-0050")) == "59 BC – 51 BC"
    assert span_label(parse_date("-0030"), parse_date("0014")) == "31 BC – AD 14"
    assert parse_date("-0043-03-15").earliest().isoformat() == "-0043-03-15"
    assert parse_date("0000").earliest().isoformat() == "0000-01-01"
    assert parse_date("-0043-03").month_key() == "-0043-03"


def test_julian_to_gregorian_before_year_one() -> None:
    # The Ides of March, 44 BC (Julian), two days earlier in the proleptic Gregorian calendar.
    assert julian_to_gregorian(-43, 3, 15) == Day(-43, 3, 13)
    assert julian_to_gregorian(1, 1, 3) == Day(1, 1, 1)
