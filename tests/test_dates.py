"""geo.dates: parsing, precision, ranges, labels and calendar conversion."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import julian_to_gregorian, parse_date, parse_optional_date, span_label
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
     "0000", "19021", "1902-8", "1902-08-7", "-1902", "1902~?", "190X-05", "nineteen"],
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
