"""Results of a corpus run -> the stops, people and flows tables, and their Parquet files.

Column names are module constants; each table has a fixed Arrow schema, so an empty corpus
or a corpus of failures still writes files with every column and the same types, and the
same results always give the same bytes.

>>> people = people_frame([_example()])
>>> people[["person", "birth", "birth_place", "death", "stops", "error"]].to_dict("records")
[{'person': 'anne', 'birth': '1820', 'birth_place': 'Lyon', 'death': '', 'stops': 2, 'error': ''}]
>>> flows_frame(stops_frame([_example()]))[["from_place", "to_place", "decade", "count"]]
  from_place to_place  decade  count
0       Lyon     Rome    1840      1
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.corpus.text import TextResult, life_page_name
from geo.dates import parse_date
from geo.errors import GeoError
from geo.itinerary import COLUMNS, DRAFT_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "FLOW_COLUMNS",
    "PEOPLE_COLUMNS",
    "STOP_COLUMNS",
    "decade_of",
    "flows_frame",
    "life_page_name",
    "people_frame",
    "read_parquet",
    "stops_frame",
    "write_parquet",
]

STOPS_FILE, PEOPLE_FILE, FLOWS_FILE = "stops.parquet", "people.parquet", "flows.parquet"

#: ``stops.parquet``: who, from which file, then the draft columns of ``geo extract``, then
#: the first and last year of the stay (the end year is the start year for a moment).
STOP_COLUMNS: tuple[str, ...] = ("person", "source_file", *COLUMNS, *DRAFT_COLUMNS,
                                 "start_year", "end_year")
#: ``people.parquet``: one row per input text.
PEOPLE_COLUMNS: tuple[str, ...] = (
    "person", "source_file", "content_hash", "size_bytes", "birth", "birth_place",
    "birth_lat", "birth_lon", "death", "death_place", "death_lat", "death_lon", "stops",
    "life_page", "error")
#: ``flows.parquet``: moves between two different points, counted per decade of arrival.
FLOW_COLUMNS: tuple[str, ...] = ("from_place", "from_lat", "from_lon", "to_place", "to_lat",
                                 "to_lon", "decade", "count")

_INT_STOP_COLUMNS = ("stop", "char_start", "char_end")
_FLOAT_STOP_COLUMNS = ("lat", "lon", "confidence")
_YEAR_COLUMNS = ("start_year", "end_year")
_FLOAT_PEOPLE_COLUMNS = ("birth_lat", "birth_lon", "death_lat", "death_lon")
_INT_PEOPLE_COLUMNS = ("size_bytes", "stops")


def _example() -> TextResult:
    row = dict.fromkeys(COLUMNS + DRAFT_COLUMNS, "")
    lyon = {**row, "stop": 1, "place": "Lyon", "lat": 45.75, "lon": 4.85, "start": "1820",
            "end": "1845-03", "kind": "birth", "char_start": 0, "char_end": 4}
    rome = {**row, "stop": 2, "place": "Rome", "lat": 41.89, "lon": 12.48, "start": "1845-03",
            "kind": "residence", "char_start": 9, "char_end": 13}
    return TextResult("anne", "anne.txt", "ab", 10, stops=[lyon, rome])


def decade_of(year: int) -> int:
    """The decade a year falls in, named by its first year (BCE years count down).

    >>> decade_of(1879), decade_of(1880), decade_of(-44)
    (1870, 1880, -50)
    """
    return (year // 10) * 10


def _years(start: str, end: str) -> tuple[int | None, int | None]:
    try:
        first = parse_date(start)
    except (GeoError, ValueError, TypeError):
        return None, None
    try:
        last = parse_date(end).latest().year if end else first.latest().year
    except (GeoError, ValueError, TypeError):
        last = first.latest().year
    return first.year, max(first.year, last)


def stops_frame(results: Iterable[TextResult]) -> pd.DataFrame:
    """Every stop of every result, in input order then stop order."""
    rows = []
    for r in results:
        for stop in r.stops:
            first, last = _years(str(stop.get("start", "")), str(stop.get("end", "")))
            rows.append({**stop, "person": r.person, "source_file": r.source_file,
                         "start_year": first, "end_year": last})
    return _typed_stops(pd.DataFrame(rows, columns=list(STOP_COLUMNS)))


def _typed(df: pd.DataFrame, columns: Sequence[str], ints: Sequence[str],
           floats: Sequence[str], years: Sequence[str] = ()) -> pd.DataFrame:
    """``df`` with exactly ``columns``, each of one type: int64 (blank 0), float64,
    nullable Int64 years, or text (blank "")."""
    df = df.reindex(columns=list(columns))
    for col in columns:
        if col in ints:
            df[col] = pd.to_numeric(df[col]).fillna(0).astype("int64")
        elif col in floats:
            df[col] = pd.to_numeric(df[col]).astype("float64")
        elif col in years:
            df[col] = pd.to_numeric(df[col]).astype("Int64")
        else:
            df[col] = df[col].fillna("").astype(str)
    return df.reset_index(drop=True)


def _typed_stops(df: pd.DataFrame) -> pd.DataFrame:
    return _typed(df, STOP_COLUMNS, _INT_STOP_COLUMNS, _FLOAT_STOP_COLUMNS, _YEAR_COLUMNS)


def _first_of_kind(stops: Sequence[dict[str, Any]], kind: str, last: bool = False
                   ) -> dict[str, Any] | None:
    found = [s for s in stops if s.get("kind") == kind]
    if not found:
        return None
    return found[-1] if last else found[0]


def people_frame(results: Iterable[TextResult]) -> pd.DataFrame:
    """One row per result: dates and places of birth and death (blank when the draft has
    none), number of stops, the life page (blank when none was made) and the error."""
    rows = []
    for r in results:
        row: dict[str, Any] = {
            "person": r.person, "source_file": r.source_file, "content_hash": r.content_hash,
            "size_bytes": r.size_bytes, "stops": len(r.stops), "error": r.error,
            "life_page": life_page_name(r.person) if r.life_html is not None else ""}
        for kind, last in (("birth", False), ("death", True)):
            stop = _first_of_kind(r.stops, kind, last)
            row[kind] = stop["start"] if stop else ""
            row[f"{kind}_place"] = stop["place"] if stop else ""
            row[f"{kind}_lat"] = stop["lat"] if stop else None
            row[f"{kind}_lon"] = stop["lon"] if stop else None
        rows.append(row)
    return _typed_people(pd.DataFrame(rows, columns=list(PEOPLE_COLUMNS)))


def _typed_people(df: pd.DataFrame) -> pd.DataFrame:
    return _typed(df, PEOPLE_COLUMNS, _INT_PEOPLE_COLUMNS, _FLOAT_PEOPLE_COLUMNS)


def flows_frame(stops: pd.DataFrame) -> pd.DataFrame:
    """Moves from one stop to the next of the same person, counted by place pair and decade.

    A move's decade is that of its arrival (the next stop's start year). Two stops at the
    same point (school, then prison, in one town) are no move. Rows are sorted by decade,
    then by count (largest first), then by names, so the same stops give the same file.
    """
    counts: dict[tuple[Any, ...], int] = {}
    for _, group in stops.groupby("person", sort=False):
        rows = group.sort_values("stop").to_dict(orient="records")
        for a, b in pairwise(rows):
            if (a["lat"], a["lon"]) == (b["lat"], b["lon"]) or pd.isna(b["start_year"]):
                continue
            key = (a["place"], a["lat"], a["lon"], b["place"], b["lat"], b["lon"],
                   decade_of(int(b["start_year"])))
            counts[key] = counts.get(key, 0) + 1
    df = pd.DataFrame([(*k, n) for k, n in counts.items()], columns=list(FLOW_COLUMNS))
    df = df.astype({"from_lat": "float64", "from_lon": "float64", "to_lat": "float64",
                    "to_lon": "float64", "decade": "int64", "count": "int64"})
    df = df.sort_values(["decade", "count", "from_place", "to_place", "from_lat", "to_lat"],
                        ascending=[True, False, True, True, True, True], kind="stable")
    return df.reset_index(drop=True)


def _schema(df: pd.DataFrame) -> pa.Schema:
    import pyarrow as pa

    types = {"int64": pa.int64(), "Int64": pa.int64(), "float64": pa.float64()}
    return pa.schema([pa.field(c, types.get(str(df[c].dtype), pa.string())) for c in df])


def parquet_bytes(df: pd.DataFrame) -> bytes:
    """A frame as Parquet (zstd-compressed, no index), the same bytes for the same frame."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, schema=_schema(df), preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def write_parquet(df: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write ``df`` to ``path`` atomically (a reader sees the old file or the new one)."""
    from geo._io import write_bytes_atomic

    return write_bytes_atomic(path, parquet_bytes(df))


def read_parquet(path: str | os.PathLike[str], kind: str) -> pd.DataFrame | None:
    """A table written by an earlier run, typed as this version writes it, or ``None`` when
    there is none or it cannot be read (the run then starts afresh)."""
    if not Path(path).is_file():
        return None
    try:
        df = pd.read_parquet(path)
    except Exception:  # a damaged or foreign file: do the work again rather than trust it
        return None
    columns = {"stops": STOP_COLUMNS, "people": PEOPLE_COLUMNS}[kind]
    if any(c not in df.columns for c in columns):
        return None
    return _typed_stops(df) if kind == "stops" else _typed_people(df)
