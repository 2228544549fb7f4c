"""The itinerary: one row per stay or visit, in the order of a life.

An :class:`Itinerary` holds a validated :class:`pandas.DataFrame` (``itinerary.df``) whose
columns are the module constants below. Load one from the dataset and ask it questions:

>>> from pathlib import Path
>>> it = Itinerary.from_csv(Path(__file__).parents[1] / "data" / "places.csv")
>>> it
Itinerary(66 stops, 1879–1940, 14 periods)
>>> [p.name for p in it.get_periods()][:2]
['Childhood and school', 'Prisons and first Siberian exile']
>>> it.stops_in_period("exile-in-mexico").df["place"].tolist()[:2]
['Tampico', 'Coyoacán']

Validation reports every problem at once. Each :class:`Problem` names the file, the row as
a spreadsheet shows it (the header is row 1, the first stop row 2), the column and the
value, so a person can fix the CSV without reading code.

Several lives fit in one itinerary. A file may carry an optional ``person`` column, and
:meth:`Itinerary.from_csvs` combines files, naming the person of a file without the column
after its CSVW metadata (``dc:subject`` in ``<file>-metadata.json``) or its file name.
Stops are numbered per person, and each person has chapters of their own:

>>> data = Path(__file__).parents[1] / "data"
>>> both = Itinerary.from_csvs([data / "places.csv", data / "lenin.csv"])
>>> both
Itinerary(2 people, 113 stops, 1870–1940, 22 periods)
>>> both.get_people()
['Leon Trotsky', 'Vladimir Lenin']
>>> both.for_person("Vladimir Lenin").df["place"].tolist()[:3]
['Simbirsk', 'Kazan', 'Kazan']
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo._io import write_text_atomic
from geo.csvsafe import csv_safe_cell, csv_unsafe_cell
from geo.dates import HistoricalDate, parse_date, parse_optional_date, span_label, years_label
from geo.errors import DateError, GeoError, ItineraryError, MissingDependency, PeriodNotFound

if TYPE_CHECKING:  # only for type hints: importing an itinerary imports no map stack
    import folium
    import geopandas

__all__ = [
    "COLUMNS",
    "COUNTRY",
    "DRAFT_COLUMNS",
    "END",
    "GEO_SOURCE",
    "KIND",
    "KINDS",
    "LAT",
    "LON",
    "MODERN_NAME",
    "OPTIONAL_COLUMNS",
    "PERIOD",
    "PERSON",
    "PLACE",
    "REQUIRED_COLUMNS",
    "SOURCE",
    "START",
    "STOP",
    "SUMMARY",
    "Itinerary",
    "Period",
    "PersonNotFound",
    "Problem",
    "claim_name",
    "person_of_file",
    "slugify",
    "unique_slugs",
    "validate_frame",
]

STOP = "stop"
PLACE = "place"
MODERN_NAME = "modern_name"
COUNTRY = "country"
LAT = "lat"
LON = "lon"
START = "start"
END = "end"
KIND = "kind"
PERIOD = "period"
SUMMARY = "summary"
SOURCE = "source"
GEO_SOURCE = "geo_source"
PERSON = "person"

#: Columns of ``data/places.csv``, in file order.
COLUMNS: tuple[str, ...] = (STOP, PLACE, MODERN_NAME, COUNTRY, LAT, LON, START, END, KIND,
                            PERIOD, SUMMARY, SOURCE, GEO_SOURCE)
#: Columns a file may add to :data:`COLUMNS`; kept after them, and only when present.
OPTIONAL_COLUMNS: tuple[str, ...] = (PERSON,)
#: Columns a file must have; the others are filled with blanks when absent.
REQUIRED_COLUMNS: tuple[str, ...] = (STOP, PLACE, LAT, LON, START, KIND)
#: Extra columns of a draft written by ``python -m geo extract``.
DRAFT_COLUMNS: tuple[str, ...] = ("mention", "char_start", "char_end", "confidence", "why")
#: The vocabulary of ``kind``.
KINDS: tuple[str, ...] = ("birth", "childhood", "school", "residence", "prison", "exile",
                          "escape", "travel", "conference", "detention", "asylum",
                          "hospital", "death")

_TEXT_COLUMNS = (PLACE, MODERN_NAME, COUNTRY, START, END, KIND, PERIOD, SUMMARY, SOURCE,
                 GEO_SOURCE)
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")


class PersonNotFound(GeoError, LookupError):
    """Raised when a person is asked for who has no stops in the itinerary."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an itinerary, located precisely.

    ``row`` is the spreadsheet row (header = 1), or ``None`` for whole-file problems.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = "" if self.value is None else f"{self.value!r} "
        return f"{', '.join(where)}: {value}{self.message}"


@dataclass(frozen=True, slots=True)
class Period:
    """A chapter of a life: its name, URL slug, time span and stop numbers.

    ``person`` is whose chapter it is (``""`` in an itinerary without a ``person``
    column); ``stops`` are that person's stop numbers.
    """

    name: str
    slug: str
    start: HistoricalDate
    end: HistoricalDate
    stops: tuple[int, ...]
    person: str = ""

    @property
    def label(self) -> str:
        """Years of the period, e.g. ``"1900–1902"``, ``"1915"`` or ``"58–50 BC"``."""
        return years_label(self.start.earliest().year, self.end.latest().year)


def slugify(name: str) -> str:
    """A slug for the address bar: lower-case letters and digits joined by hyphens.

    Latin letters lose their accents; letters of other scripts (Cyrillic, Greek, CJK...) are
    kept, lower-cased, so a chapter named in them still gets a readable slug (browsers
    percent-encode it in links). A name with no letter or digit gives ``""``; see
    :func:`unique_slugs` for the slugs an itinerary actually uses.

    >>> slugify("Exile in Mexico")
    'exile-in-mexico'
    >>> slugify("Prisons & first Siberian exile (1898–1902)")
    'prisons-first-siberian-exile-1898-1902'
    >>> slugify("Coyoacán"), slugify("EXILE!")
    ('coyoacan', 'exile')
    >>> slugify("Ссылка в Сибирь"), slugify("Εξορία"), slugify("流亡 墨西哥")
    ('ссылка-в-сибирь', 'εξορία', '流亡-墨西哥')
    >>> slugify("?!")
    ''
    """
    out: list[str] = []
    for c in unicodedata.normalize("NFKD", name.casefold()):
        # An accent on a Latin letter goes; marks of other scripts stay (й, ё keep theirs).
        if unicodedata.combining(c) and (not out or out[-1].isascii()):
            continue
        out.append(c)
    plain = unicodedata.normalize("NFC", "".join(out))
    return re.sub(r"[\W_]+", "-", plain).strip("-")


def unique_slugs(names: Sequence[str]) -> list[str]:
    """One slug per name, never empty and never shared, in the order given.

    Names that fold to the same slug ("Exile", "EXILE!", "exile?") get ``-2``, ``-3``...
    in order; a name with no letter or digit is ``chapter-<n>`` (its place in the list).

    >>> unique_slugs(["Exile", "EXILE!", "exile?", "!!", "Exile 2"])
    ['exile', 'exile-2', 'exile-3', 'chapter-4', 'exile-2-2']
    """
    used: set[str] = set()
    return [claim_name(slugify(name) or f"chapter-{n}", used)
            for n, name in enumerate(names, start=1)]


def claim_name(base: str, used: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... the first not in ``used``; added to ``used``.

    >>> used = {"exile"}
    >>> claim_name("exile", used), claim_name("exile", used), claim_name("paris", used)
    ('exile-2', 'exile-3', 'paris')
    """
    name, k = base, 1
    while name in used:
        k += 1
        name = f"{base}-{k}"
    used.add(name)
    return name


def person_of_file(path: str | os.PathLike[str]) -> str:
    """Whose life a CSV without a ``person`` column tells.

    The subject of its W3C CSVW metadata beside it (``dc:subject`` of
    ``<file>-metadata.json``: a string, or an object with a ``name``), else the file name
    made readable (``rosa_luxemburg.csv`` -> ``Rosa Luxemburg``).

    Raises
    ------
    ItineraryError
        When the metadata file exists but is not a JSON object (naming that file).
    """
    from geo.metadata import metadata_path

    path = Path(path)
    meta = metadata_path(path)
    if meta.is_file():
        import json

        try:
            doc = json.loads(meta.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise ItineraryError([Problem(str(meta), None, None, None,
                                          f"is not a readable JSON metadata file ({e})")]
                                 ) from None
        subject = doc.get("dc:subject") if isinstance(doc, dict) else None
        if isinstance(subject, dict):
            subject = subject.get("name") or subject.get("schema:name")
        if isinstance(subject, str) and subject.strip():
            return subject.strip()
    words = re.split(r"[\s_-]+", path.stem)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "Unnamed"


def _read_csv_text(path: Path, display: str) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ItineraryError([Problem(display, None, None, None, "file not found")]) from None
    except IsADirectoryError:
        raise ItineraryError([Problem(display, None, None, None, "is a folder, not a CSV file")]
                             ) from None
    except OSError as e:
        raise ItineraryError([Problem(display, None, None, None,
                                      f"cannot be read ({e.strerror or e})")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        bad = raw[e.start : e.end]
        raise ItineraryError([Problem(display, row, None, repr(bad)[2:-1],
                                      "is not UTF-8 text; save the file as UTF-8")]) from None
    if not text.strip():
        raise ItineraryError([Problem(
            display, None, None, None,
            "is empty; expected a header row with the columns " + ", ".join(REQUIRED_COLUMNS))])
    return text


def _duplicate_columns(text: str, display: str) -> list[Problem]:
    """A header that names a column twice (pandas would quietly rename the second)."""
    header = next(csv.reader(io.StringIO(text)), [])
    first: dict[str, int] = {}
    problems = []
    for n, name in enumerate((h.strip() for h in header), start=1):
        if name in first:
            problems.append(Problem(display, 1, name, None, f"appears twice in the header "
                                    f"(columns {first[name]} and {n}); keep one"))
        first.setdefault(name, n)
    return problems


def _parse_csv(text: str, display: str) -> pd.DataFrame:
    duplicates = _duplicate_columns(text, display)
    if duplicates:
        raise ItineraryError(duplicates)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=True)
    except pd.errors.ParserError as e:
        found = re.search(r"line (\d+)", str(e))
        row = int(found.group(1)) if found else None
        raise ItineraryError([Problem(display, row, None, None,
                                      f"is not well-formed CSV ({e})".replace("\n", " "))]
                             ) from None
    # Cells a spreadsheet-safe writer protected with an apostrophe read back as written.
    return frame.map(csv_unsafe_cell)


# Plain decimal numbers in ASCII digits. Python's float() also takes "4_7.9", "1e5", "inf"
# and full-width or Arabic-Indic digits; in a data file those are typing accidents.
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
# A stop number: ASCII digits, allowing the ".0" a spreadsheet may add to whole numbers.
_WHOLE = re.compile(r"\d{1,9}(?:\.0*)?", re.ASCII)


def _number(value: str) -> float | None:
    """``value`` as a float when it is a plain decimal number, else ``None``.

    >>> _number("-0.1257"), _number("4_7.9"), _number("1e5"), _number("４７"), _number("nan")
    (-0.1257, None, None, None, None)
    """
    if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
        return None
    x = float(value)
    return x if math.isfinite(x) else None


def _stop_number(value: str) -> int | None:
    """``value`` as a stop number (1 or more, ASCII digits), else ``None``.

    >>> _stop_number("12"), _stop_number("3.0"), _stop_number("1e30"), _stop_number("0")
    (12, 3, None, None)
    """
    if not _WHOLE.fullmatch(value):
        return None
    n = int(value.split(".")[0])
    return n if n >= 1 else None


def validate_frame(df: pd.DataFrame, source: str = "<frame>") -> tuple[pd.DataFrame,
                                                                       list[Problem]]:
    """Check a frame of strings against the schema.

    Parameters
    ----------
    df : pandas.DataFrame
        Rows in file order; values may be strings or numbers.
    source : str
        The file name used in problem messages.

    Returns
    -------
    (frame, problems)
        ``frame`` has every column of :data:`COLUMNS` (plus any extra ones), ``stop`` as
        int, ``lat``/``lon`` as float and text columns as stripped strings. ``problems``
        lists everything wrong; the frame is only meaningful when it is empty.
    """
    problems: list[Problem] = []
    columns = [str(c).strip() for c in df.columns]
    df = df.copy()
    df.columns = columns
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for col in missing:
        problems.append(Problem(source, 1, col, None,
                                "column is missing from the header; expected columns "
                                + ", ".join(COLUMNS)))
    if len(df) == 0 and not missing:
        problems.append(Problem(source, None, None, None, "has a header but no stops"))
    for col in COLUMNS:
        if col not in df.columns:
            df[col] = ""
    has_person = PERSON in df.columns
    for col in _TEXT_COLUMNS + ((PERSON,) if has_person else ()):
        df[col] = pd.Series(
            [("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)).strip()
             for v in df[col]], index=df.index, dtype=object)

    stops: list[int] = []
    lats: list[float] = []
    lons: list[float] = []
    # Stops are numbered per person: each person's numbers are unique and increase.
    seen: dict[tuple[str, int], int] = {}
    previous: dict[str, int] = {}
    counted: dict[str, int] = {}
    for i, rec in enumerate(df.to_dict("records")):
        row = i + 2

        def bad(column: str, value: object, message: str, row: int = row) -> None:
            problems.append(Problem(source, row, column, None if value is None else str(value),
                                    message))

        person = rec[PERSON] if has_person else ""
        whose = f" of {person!r}" if person else ""
        if has_person and not person:
            bad(PERSON, "", "is blank; in a file with a person column every stop needs a "
                "person")
        stop_raw = str(rec.get(STOP, "")).strip()
        stop_num = _stop_number(stop_raw)
        counted[person] = counted.get(person, 0) + 1
        if STOP in missing:
            stops.append(counted[person])
        elif stop_num is None:
            bad(STOP, stop_raw, "is not a stop number (expected a whole number from 1, in "
                "digits 0-9)")
            stops.append(0)
        else:
            n = stop_num
            last = previous.get(person)
            if (person, n) in seen:
                bad(STOP, stop_raw, f"is a duplicate stop number{whose} (also on row "
                    f"{seen[person, n]})")
            elif last is not None and n < last:
                bad(STOP, stop_raw, f"is out of order: it follows stop {last}{whose}; stops "
                    "must increase down the file in narrative order")
            seen.setdefault((person, n), row)
            previous[person] = n if last is None else max(last, n)
            stops.append(n)

        for col, limit, out in ((LAT, 90.0, lats), (LON, 180.0, lons)):
            raw = str(rec.get(col, "")).strip()
            if col in missing:
                out.append(float("nan"))
                continue
            x = _number(raw)
            word = "latitude" if col == LAT else "longitude"
            if raw == "":
                bad(col, raw, f"is blank; every stop needs a {word} (decimal degrees, WGS84)")
            elif x is None or not -limit <= x <= limit:
                bad(col, raw, f"is not a {word} (expected decimal degrees from {-limit:g} to "
                    f"{limit:g}, in digits 0-9 with a point)")
            out.append(float("nan") if x is None else x)

        if not rec[PLACE] and PLACE not in missing:
            bad(PLACE, "", "is blank; every stop needs a place name")

        start: HistoricalDate | None = None
        if START not in missing:
            if not rec[START]:
                bad(START, "", "is blank; every stop needs a start date (EDTF, e.g. 1902-08)")
            else:
                try:
                    start = parse_date(rec[START])
                except DateError as e:
                    bad(START, None, str(e))
        end: HistoricalDate | None = None
        try:
            end = parse_optional_date(rec[END])
        except DateError as e:
            bad(END, None, str(e))
        if start is not None and end is not None and end.latest() < start.earliest():
            bad(END, rec[END], f"is before the start {rec[START]!r}")

        if KIND not in missing:
            kind = rec[KIND].lower()
            if kind not in KINDS:
                bad(KIND, rec[KIND], "is not a kind; expected one of " + ", ".join(KINDS))
        if rec[COUNTRY] and not _COUNTRY_RE.match(rec[COUNTRY]):
            bad(COUNTRY, rec[COUNTRY], "is not an ISO 3166-1 alpha-2 code (two capital "
                "letters) or blank")

    df[STOP] = pd.array(stops, dtype="int64") if len(df) else pd.array([], dtype="int64")
    df[LAT] = pd.array(lats, dtype="float64") if len(df) else pd.array([], dtype="float64")
    df[LON] = pd.array(lons, dtype="float64") if len(df) else pd.array([], dtype="float64")
    df[KIND] = pd.Series([k.lower() for k in df[KIND]], index=df.index, dtype=object)
    ordered = list(COLUMNS) + [c for c in df.columns if c not in COLUMNS]  # person: an extra
    return df[ordered].reset_index(drop=True), problems


class Itinerary:
    """A validated itinerary: a life as an ordered list of stays.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per stop with at least :data:`REQUIRED_COLUMNS`.
    source : str
        Where the rows came from, used in error messages.

    Raises
    ------
    ItineraryError
        Listing every problem when the frame breaks the schema.

    Examples
    --------
    >>> frame = pd.DataFrame({"stop": [1, 2], "place": ["Yanovka", "Odessa"],
    ...     "lat": [47.9, 46.48], "lon": [32.3, 30.73], "start": ["1879-11-07", "1888~"],
    ...     "end": ["1888~", "1896"], "kind": ["birth", "school"],
    ...     "period": ["Childhood", "Childhood"]})
    >>> it = Itinerary(frame)
    >>> it
    Itinerary(2 stops, 1879–1896, 1 period)
    >>> it.get_periods()[0].label
    '1879–1896'
    >>> Itinerary(frame.assign(lat=[47.9, 123]))
    Traceback (most recent call last):
    ...
    geo.errors.ItineraryError: <frame>, row 3, column 'lat': '123.0' is not a latitude ...
    """

    def __init__(self, df: pd.DataFrame, *, source: str = "<frame>") -> None:
        frame, problems = validate_frame(df, source)
        if problems:
            raise ItineraryError(problems)
        self._df = frame
        self.source = source
        self._starts = [parse_date(s) for s in frame[START]]
        self._ends = [parse_optional_date(s) for s in frame[END]]

    @classmethod
    def from_csv(cls, path: str | os.PathLike[str]) -> Itinerary:
        """Read and validate an itinerary CSV (UTF-8, header row, one stop per row).

        Raises
        ------
        ItineraryError
            For a missing, empty, non-UTF-8 or malformed file, or rows that break the
            schema; every problem names the file, row, column and value.
        """
        path = Path(path)
        display = str(path)
        text = _read_csv_text(path, display)
        return cls(_parse_csv(text, display), source=display)

    @classmethod
    def from_csvs(cls, paths: Sequence[str | os.PathLike[str]]) -> Itinerary:
        """Read several itinerary CSVs, one or more lives each, as one itinerary.

        A file with a ``person`` column keeps it; the stops of a file without one belong to
        :func:`person_of_file`. Rows stay in file order (the files one after the other).
        One path gives the same itinerary as :meth:`from_csv`, with a ``person`` column
        only when the file has one.

        Raises
        ------
        ItineraryError
            Listing the problems of every file at once (each names its file and row), and a
            person found in two files (each life must come from one file).
        """
        if len(paths) == 1:
            return cls.from_csv(paths[0])
        problems: list[Problem] = []
        frames: list[pd.DataFrame] = []
        owner: dict[str, str] = {}
        for path in paths:
            try:
                it = cls.from_csv(path)
                if PERSON not in it.df.columns:
                    it = it.with_person(person_of_file(path))
            except ItineraryError as e:
                problems.extend(e.problems)
                continue
            for person in it.get_people():
                if person in owner:
                    problems.append(Problem(
                        str(path), None, PERSON, person,
                        f"is also the person of {owner[person]}; each life must come from "
                        "one file (give each file its own person)"))
                owner.setdefault(person, str(path))
            frames.append(it.df)
        if problems:
            raise ItineraryError(problems)
        return cls(pd.concat(frames, ignore_index=True),
                   source=" + ".join(str(p) for p in paths))

    def with_person(self, person: str) -> Itinerary:
        """The same stops, all of them ``person``'s (a ``person`` column set throughout)."""
        name = person.strip()
        if not name:
            raise ValueError("a person needs a name")
        return Itinerary(self._df.assign(**{PERSON: name}), source=self.source)

    @property
    def df(self) -> pd.DataFrame:
        """The rows as a DataFrame (a copy is cheap to take: ``it.df.copy()``)."""
        return self._df

    def __len__(self) -> int:
        return len(self._df)

    def __repr__(self) -> str:
        n = len(self._periods_raw())
        if len(self) == 0:
            return "Itinerary(0 stops)"
        first, last = self.get_time_span()
        years = years_label(first.earliest().year, last.latest().year)
        people = len(self.get_people())
        who = f"{people} people, " if people > 1 else ""
        return (f"Itinerary({who}{len(self)} stop{'s' * (len(self) != 1)}, {years}, "
                f"{n} period{'s' * (n != 1)})")

    # -- people --------------------------------------------------------------------------
    def get_people(self) -> list[str]:
        """The people whose stops these are, in order of first appearance.

        Empty for an itinerary without a ``person`` column: one life, unnamed.
        """
        if PERSON not in self._df.columns:
            return []
        return list(dict.fromkeys(self._df[PERSON]))

    def _persons(self) -> list[str]:
        """The person of every row (``""`` throughout without a ``person`` column)."""
        if PERSON not in self._df.columns:
            return [""] * len(self)
        return list(self._df[PERSON])

    def for_person(self, person: str) -> Itinerary:
        """The stops of one person, in stop order.

        Raises
        ------
        PersonNotFound
            When nobody of that name is in the itinerary (a ``LookupError``).
        """
        people = self.get_people()
        if person not in people:
            raise PersonNotFound(f"{self.source}: no person {person!r}; people are: "
                                 + (", ".join(people) or "(none named)"))
        return self._take([p == person for p in self._persons()])

    def by_person(self) -> list[tuple[str, Itinerary]]:
        """``(person, their stops)`` for every person; ``[("", self)]`` for one unnamed life."""
        people = self.get_people()
        if not people:
            return [("", self)]
        return [(name, self.for_person(name)) for name in people]

    # -- dates ---------------------------------------------------------------------------
    def get_start_dates(self) -> list[HistoricalDate]:
        """Parsed ``start`` of every stop, in stop order."""
        return list(self._starts)

    def get_end_dates(self) -> list[HistoricalDate | None]:
        """Parsed ``end`` of every stop (``None`` for a moment or transit)."""
        return list(self._ends)

    def get_date_labels(self) -> list[str]:
        """Human labels of each stop's dates, e.g. ``"Apr 1929 – Jul 1933"``."""
        return [span_label(s, e) for s, e in zip(self._starts, self._ends, strict=True)]

    def get_time_span(self) -> tuple[HistoricalDate, HistoricalDate]:
        """The earliest start and the latest end (or start) of all stops."""
        if len(self) == 0:
            raise ValueError("an empty itinerary has no time span")
        first = min(self._starts, key=lambda d: d.sort_key)
        lasts = [e or s for s, e in zip(self._starts, self._ends, strict=True)]
        last = max(lasts, key=lambda d: d.latest())
        return first, last

    # -- periods -------------------------------------------------------------------------
    def _periods_raw(self) -> dict[tuple[str, str], list[int]]:
        groups: dict[tuple[str, str], list[int]] = {}
        for i, (person, name) in enumerate(zip(self._persons(), self._df[PERIOD],
                                               strict=True)):
            if name:
                groups.setdefault((person, name), []).append(i)
        return groups

    def get_periods(self) -> list[Period]:
        """The chapters of the life (or lives), ordered by their first start date.

        Stops with a blank ``period`` belong to none. With several people every person has
        chapters of their own, and a chapter's slug starts with its person's
        (``vladimir-lenin-exile-in-siberia``), so links stay unambiguous.
        """
        out = []
        for (person, name), rows in self._periods_raw().items():
            first = min((self._starts[i] for i in rows), key=lambda d: d.sort_key)
            last = max((self._ends[i] or self._starts[i] for i in rows),
                       key=lambda d: d.latest())
            stops = tuple(int(self._df[STOP].iat[i]) for i in rows)
            out.append(Period(name, "", first, last, stops, person))
        out.sort(key=lambda p: (p.start.sort_key, p.person, p.stops[0]))
        several = len(self.get_people()) > 1
        slugs = unique_slugs([f"{p.person} {p.name}" if several else p.name for p in out])
        return [dataclasses.replace(p, slug=slug) for p, slug in zip(out, slugs, strict=True)]

    def get_period(self, name_or_slug: str) -> Period:
        """Find a period by its exact name, its slug, or its name in any case.

        The exact name wins, so "EXILE!" and "Exile" each select their own chapter; a name
        in another case counts only when it names one chapter.

        Raises
        ------
        PeriodNotFound
            Naming the value and listing the slugs that exist.
        """
        wanted = name_or_slug.strip()
        periods = self.get_periods()
        shared: list[Period] = []
        for match in (lambda p: p.name == wanted, lambda p: p.slug == wanted,
                      lambda p: p.name.casefold() == wanted.casefold()):
            found = [p for p in periods if match(p)]
            if len(found) == 1:
                return found[0]
            shared = shared or found
        slugs = ", ".join(p.slug for p in periods)
        if shared:  # one name, several people's chapters
            raise PeriodNotFound(f"{self.source}: {name_or_slug!r} is a chapter of "
                                 f"{', '.join(p.person for p in shared)}; choose one by its "
                                 f"slug: {', '.join(p.slug for p in shared)}")
        raise PeriodNotFound(f"{self.source}: no period {name_or_slug!r}; periods are: {slugs}")

    # -- selection -----------------------------------------------------------------------
    def _take(self, mask: Sequence[bool]) -> Itinerary:
        new = object.__new__(Itinerary)
        new._df = self._df[list(mask)].reset_index(drop=True)
        new.source = self.source
        new._starts = [d for d, keep in zip(self._starts, mask, strict=True) if keep]
        new._ends = [d for d, keep in zip(self._ends, mask, strict=True) if keep]
        return new

    def take(self, rows: Sequence[int]) -> Itinerary:
        """The stops at positions ``rows``, in that order (e.g. several lives in time order).

        Raises
        ------
        IndexError
            When a position is outside the itinerary.
        """
        rows = [int(r) for r in rows]
        if any(not 0 <= r < len(self) for r in rows):
            raise IndexError(f"{self.source}: rows {rows} are not all within 0..{len(self) - 1}")
        new = object.__new__(Itinerary)
        new._df = self._df.iloc[rows].reset_index(drop=True)
        new.source = self.source
        new._starts = [self._starts[r] for r in rows]
        new._ends = [self._ends[r] for r in rows]
        return new

    def stops_in_period(self, *names: str) -> Itinerary:
        """The stops of one or more periods (names or slugs), in stop order."""
        wanted = {(p.person, p.name) for p in map(self.get_period, names)}
        return self._take([key in wanted for key in zip(self._persons(), self._df[PERIOD],
                                                         strict=True)])

    def between_years(self, start_year: int | None = None,
                      end_year: int | None = None) -> Itinerary:
        """Stops whose stay overlaps the years ``start_year`` .. ``end_year`` (inclusive).

        A stay runs from the first possible day of ``start`` to the last possible day of
        ``end`` (or of ``start`` for a moment). Either bound may be ``None``.
        """
        if start_year is not None and end_year is not None and end_year < start_year:
            raise ValueError(f"--to {end_year} is before --from {start_year}")
        mask = []
        for s, e in zip(self._starts, self._ends, strict=True):
            first, last = s.earliest().year, (e or s).latest().year
            keep = (start_year is None or last >= start_year) and (
                end_year is None or first <= end_year)
            mask.append(keep)
        return self._take(mask)

    def select(self, periods: Iterable[str] = (), start_year: int | None = None,
               end_year: int | None = None) -> Itinerary:
        """Filter by periods (if any are given) and then by years."""
        periods = list(periods)
        it = self.stops_in_period(*periods) if periods else self
        return it.between_years(start_year, end_year)

    # -- output --------------------------------------------------------------------------
    def to_csv(self) -> str:
        """The rows as CSV text in the dataset's column order.

        Text cells that a spreadsheet would run as a formula get an apostrophe in front
        (:mod:`geo.csvsafe`); :meth:`from_csv` reads them back unchanged.
        """
        safe = self._df.map(lambda v: csv_safe_cell(v) if isinstance(v, str) else v)
        return safe.to_csv(index=False, lineterminator="\n")

    def write_csv(self, path: str | os.PathLike[str]) -> Path:
        """Write the rows to ``path`` atomically."""
        return write_text_atomic(path, self.to_csv())

    # -- notebooks -----------------------------------------------------------------------
    #: Rows a notebook table shows before it elides the middle (head and tail half each).
    REPR_ROWS = 20

    def _repr_html_(self) -> str:
        """A compact table for Jupyter: stop, place, dates, kind and period of each stay.

        Long itineraries show their first and last ten stays. Every cell is HTML-escaped.
        """
        columns = ("stop", "place", "dates", "kind", "period")
        labels = self.get_date_labels()
        rows = list(range(len(self)))
        if len(rows) > self.REPR_ROWS:
            half = self.REPR_ROWS // 2
            rows = [*rows[:half], -1, *rows[-half:]]
        body = []
        for i in rows:
            if i < 0:
                body.append(f'<tr><td colspan="{len(columns)}">… {len(self) - self.REPR_ROWS} '
                            "more stops …</td></tr>")
                continue
            rec = self._df.iloc[i]
            cells = [rec[STOP], rec[PLACE], labels[i], rec[KIND], rec[PERIOD]]
            body.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells)
                        + "</tr>")
        head = "".join(f"<th>{c}</th>" for c in columns)
        return (f'<table class="geostory-itinerary"><caption>{html.escape(repr(self))}'
                f"</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>"
                "</table>")

    def explore(self, **kwargs: Any) -> folium.Map:
        """A quick interactive map of the stops and legs, for a notebook.

        ``kwargs`` go to :class:`folium.Map` (``tiles``, ``width``, ``zoom_start``...).
        The map package is imported only when this is called. See
        :func:`geo.map.explore.explore_map`.
        """
        from geo.map.explore import explore_map

        return explore_map(self, **kwargs)

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """The stops as a :class:`geopandas.GeoDataFrame` of Points in WGS84 (EPSG:4326).

        Every column is kept; ``geometry`` is added.

        Raises
        ------
        MissingDependency
            When geopandas is not installed (an ``ImportError``; the message says what
            to install).
        """
        try:
            import geopandas
        except ImportError:
            raise MissingDependency(
                "Itinerary.to_geodataframe() needs geopandas; install it with "
                "pip install 'geostory[notebook]' (or pip install geopandas)") from None
        from geo.geometry import to_point

        points = [to_point((lat, lon)) for lat, lon in zip(self._df[LAT], self._df[LON],
                                                           strict=True)]
        return geopandas.GeoDataFrame(self._df.copy(), geometry=points, crs="EPSG:4326")
