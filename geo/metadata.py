"""CSV on the Web metadata beside an itinerary: read it, check it, cite from it.

An itinerary ``places.csv`` may have a W3C CSVW metadata file beside it,
``places.csv-metadata.json``: the dataset's title, subject, licence and creator, the texts
it cites (``dc:source`` entries with ``@id``, ``dc:title``, ``dc:publisher``,
``schema:url`` and ``dc:license``) and a ``tableSchema`` describing every column. The map
takes its title and citations from it, exports carry it, and ``python -m geo validate``
checks it against the CSV.

A ``source`` cell names a text by its ``@id`` (``"000_69cc800d3c4b830f.txt: Childhood and
family (1879-1896)"``) or, for sources cited in free text, by the entry's
``dc:bibliographicCitation`` appearing in the cell.

>>> meta = {"dc:source": [{"@id": "a.txt", "dc:title": "'Life'", "dc:publisher": "Pub",
...     "schema:url": "javascript:alert(1)"}]}
>>> [(s.id, s.label, s.url) for s in get_sources(meta)]
[('a.txt', "Pub, 'Life'", '')]
>>> [c["label"] for c in cite_sources("a.txt: Youth (18791895); a note", get_sources(meta))]
["Pub, 'Life', § Youth (1879–1895)"]
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = [
    "CITATION",
    "DatasetInfo",
    "Finding",
    "Source",
    "check_metadata",
    "cite_sources",
    "first_text",
    "get_sources",
    "load_metadata",
    "metadata_path",
    "read_dataset_info",
    "restore_year_dashes",
    "safe_url",
]

#: ``"<file name>: <heading>"``; a file name is one word ending in a text extension.
CITATION = re.compile(r"^(?P<file>[\w.-]+\.(?:txt|md|html?|pdf)):\s*(?P<section>.+)$",
                      re.IGNORECASE)
# A year range whose dash was deleted ("18791895") or typed as a hyphen ("1879-1896").
_YEARS_JOINED = re.compile(r"\b(\d{4})-?(\d{4})\b")
_MAX_LIFE_YEARS = 150  # a span of a life, not two unrelated four-digit numbers
#: CSVW built-in datatypes the itinerary's columns can use (a subset of CSVW's list).
KNOWN_DATATYPES = frozenset({
    "string", "integer", "decimal", "double", "float", "number", "boolean", "date",
    "dateTime", "gYear", "gYearMonth", "anyURI", "json", "normalizedString", "token",
    "int", "long", "nonNegativeInteger", "positiveInteger"})


def restore_year_dashes(text: str) -> str:
    """``"(18791895)"`` and ``"(1879-1896)"`` with an en dash; other numbers unchanged.

    >>> restore_year_dashes("exile (19291940), census 18011999, 1917-1918")
    'exile (1929–1940), census 18011999, 1917–1918'
    """
    def repl(m: re.Match[str]) -> str:
        first, last = int(m.group(1)), int(m.group(2))
        return f"{first}–{last}" if first < last <= first + _MAX_LIFE_YEARS else m.group(0)
    return _YEARS_JOINED.sub(repl, text)


def first_text(value: Any) -> str | None:
    """A plain string from a CSVW/JSON-LD value (a string, ``{"@value": ...}`` or a list).

    >>> first_text([{"@value": "x"}]), first_text({"@id": "y"}), first_text(3)
    ('x', None, None)
    """
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return first_text(value.get("@value"))
    if isinstance(value, list) and value:
        return first_text(value[0])
    return None


def _iri(value: Any) -> str:
    """A licence or link: an ``{"@id": ...}`` object or a plain string."""
    if isinstance(value, dict) and isinstance(value.get("@id"), str):
        return value["@id"].strip()
    return (first_text(value) or "").strip()


def safe_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL with a host, else ``""``.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url("x.txt")
    ('https://example.org/a', '', '')
    """
    url = url.strip()
    if any(c in url for c in " \t\r\n<>\"'`{}|\\^"):
        return ""
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def metadata_path(csv_path: str | Path) -> Path:
    """``<csv>-metadata.json``, where CSVW looks for a CSV's metadata first."""
    return Path(str(csv_path) + "-metadata.json")


def load_metadata(csv_path: str | Path) -> dict[str, Any]:
    """The metadata object beside ``csv_path``; ``{}`` when missing or unreadable.

    For readers that can do without (the map, exports); :func:`check_metadata` reports
    what is wrong with it.
    """
    try:
        meta = json.loads(metadata_path(csv_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


@dataclass(frozen=True)
class Source:
    """One text the data cites (a ``dc:source`` entry).

    ``id`` is how a ``source`` cell names it (a file name; ids given as IRIs keep their
    last part); ``citation`` the ``dc:bibliographicCitation`` free-text cells use; ``url``
    is empty unless it is an http(s) URL, so no other scheme reaches a page or an export.
    """

    id: str
    title: str
    publisher: str = ""
    url: str = ""
    license: str = ""
    citation: str = ""

    @property
    def label(self) -> str:
        """``"Publisher, 'Title'"``, or the title alone."""
        return f"{self.publisher}, {self.title}" if self.publisher else self.title


def _entries(meta: dict[str, Any]) -> list[Any]:
    entries = meta.get("dc:source", meta.get("sources", []))
    if isinstance(entries, dict):
        entries = [entries]
    return entries if isinstance(entries, list) else []


def _entry_id(entry: dict[str, Any]) -> str | None:
    key = next((t for k in ("@id", "id", "dc:identifier", "identifier")
                if (t := first_text(entry.get(k)))), None)
    return key.rsplit("/", 1)[-1].split(":")[-1].strip() if key else None


def get_sources(meta: dict[str, Any]) -> list[Source]:
    """Every ``dc:source`` entry with an id and a title (others are skipped)."""
    out = []
    for entry in _entries(meta):
        if not isinstance(entry, dict):
            continue
        key = _entry_id(entry)
        title = first_text(entry.get("dc:title", entry.get("title")))
        if not key or not title or not title.strip():
            continue
        out.append(Source(
            id=key, title=title.strip(),
            publisher=(first_text(entry.get("dc:publisher", entry.get("publisher"))) or "").strip(),
            url=safe_url(_iri(entry.get("schema:url", entry.get("url")))),
            license=_iri(entry.get("dc:license", entry.get("license"))),
            citation=(first_text(entry.get("dc:bibliographicCitation")) or "").strip()))
    return out


def cite_sources(cell: str, sources: Sequence[Source]) -> list[dict[str, str]]:
    """Citations (``{"label", "url"}``) of one ``source`` cell, in cell order, no repeats.

    A ``file: heading`` part whose file is a source's id gives ``"<label>, § <heading>"``;
    a part containing a source's ``citation`` gives its label.
    """
    by_id = {s.id: s for s in sources}
    out: list[dict[str, str]] = []
    for part in str(cell or "").split("; "):
        part = part.strip()
        match = CITATION.match(part)
        found: list[tuple[Source, str]] = []
        if match and match.group("file") in by_id:
            found.append((by_id[match.group("file")],
                          restore_year_dashes(match.group("section").strip())))
        else:
            found += [(s, "") for s in sources if s.citation and s.citation in part]
        for source, section in found:
            cite = {"label": source.label + (f", § {section}" if section else ""),
                    "url": source.url}
            if cite not in out:
                out.append(cite)
    return out


@dataclass(frozen=True)
class DatasetInfo:
    """What exports say about the data: title, subject(s), licence, creator, sources."""

    title: str = ""
    subject: str = ""
    description: str = ""
    license: str = ""
    creator: str = ""
    sources: tuple[Source, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """A plain JSON object (the GeoJSON export's ``metadata`` member)."""
        return {"title": self.title, "subject": self.subject,
                "description": self.description, "license": self.license,
                "creator": self.creator,
                "sources": [{"id": s.id, "title": s.title, "publisher": s.publisher,
                             "url": s.url, "license": s.license} for s in self.sources]}


def _creator(value: Any) -> str:
    if isinstance(value, dict):
        return (first_text(value.get("schema:name", value.get("name"))) or "").strip()
    return (first_text(value) or "").strip()


def read_dataset_info(csv_paths: Iterable[str | Path]) -> DatasetInfo:
    """The metadata of one or several CSVs, merged (titles and subjects joined by ``; ``)."""
    metas = [load_metadata(p) for p in csv_paths]

    def joined(*keys: str, sep: str = "; ") -> str:
        vals = [v.strip() for m in metas
                if (v := next((first_text(m.get(k)) for k in keys if m.get(k)), None))]
        return sep.join(dict.fromkeys(v for v in vals if v))

    sources: dict[str, Source] = {}
    for m in metas:
        for s in get_sources(m):
            sources.setdefault(s.id, s)
    licenses = dict.fromkeys(v for m in metas if (v := _iri(m.get("dc:license"))))
    creators = dict.fromkeys(v for m in metas if (v := _creator(m.get("dc:creator"))))
    return DatasetInfo(title=joined("dc:title", "title"), subject=joined("dc:subject"),
                       description=joined("dc:description", sep="\n\n"),
                       license="; ".join(licenses),
                       creator="; ".join(creators), sources=tuple(sources.values()))


# -- checking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Finding:
    """One problem of a metadata file: ``severity`` is ``"error"`` or ``"warning"``."""

    severity: str
    file: str
    message: str
    value: str | None = None
    row: int | None = None

    def __str__(self) -> str:
        where = self.file + (f", row {self.row}" if self.row is not None else "")
        value = "" if self.value is None else f"{self.value!r} "
        return f"{where}: {value}{self.message}"


def _csv_rows(csv_path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = csv_path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    rows = [{k: (v or "") for k, v in r.items() if k is not None} for r in reader]
    return list(reader.fieldnames or []), rows


def check_metadata(csv_path: str | Path, required_columns: Sequence[str] = ()) -> list[Finding]:
    """Every problem of the metadata beside ``csv_path``; ``[]`` when it has none.

    Errors: the file is not a JSON object; ``url`` is missing or names another file;
    ``tableSchema.columns`` is missing, a column has no ``name``, or the columns do not
    match the CSV header (missing, extra, renamed or reordered); an unknown ``datatype``;
    an empty cell in a column marked ``required``; a ``dc:source`` entry without ``@id``
    or ``dc:title``; a ``schema:url`` that is not http(s).

    Warnings (the data still renders and exports): no metadata file; no ``dc:title`` or
    ``dc:license``; a source without ``schema:url`` or ``dc:license``; a column of
    ``required_columns`` not marked ``required``; a ``source`` cell naming a text file
    that no ``dc:source`` entry has (the map then shows a short name such as "text 000").
    """
    csv_path = Path(csv_path)
    path = metadata_path(csv_path)
    shown = str(path)
    if not path.is_file():
        return []
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as e:
        return [Finding("error", shown, f"is not JSON ({e})")]
    if not isinstance(meta, dict):
        return [Finding("error", shown, f"is not a JSON object (a {type(meta).__name__})")]
    out: list[Finding] = []

    # A finding about a row of the CSV names the CSV; the others name the metadata file.
    def err(msg: str, value: str | None = None, row: int | None = None) -> None:
        out.append(Finding("error", shown if row is None else str(csv_path), msg, value, row))

    def warn(msg: str, value: str | None = None, row: int | None = None) -> None:
        out.append(Finding("warning", shown if row is None else str(csv_path), msg, value,
                           row))

    url = first_text(meta.get("url"))
    if not url:
        err(f"has no 'url' (expected {csv_path.name!r})")
    else:
        named = unquote(PurePosixPath(urlsplit(url).path).name)
        if named != csv_path.name:
            err(f"'url' names another file (expected {csv_path.name!r})", url)
    if not first_text(meta.get("dc:title")):
        warn("has no 'dc:title' (the map's title then comes from 'dc:subject')")
    if not _iri(meta.get("dc:license")):
        warn("has no 'dc:license' for the dataset")

    header, rows = _csv_rows(csv_path)
    _check_columns(meta, header, rows, required_columns, err, warn)
    _check_sources(meta, rows, err, warn)
    return out


def _check_columns(meta: dict[str, Any], header: list[str], rows: list[dict[str, str]],
                   required_columns: Sequence[str], err: Any, warn: Any) -> None:
    schema = meta.get("tableSchema")
    columns = schema.get("columns") if isinstance(schema, dict) else None
    if not isinstance(columns, list):
        err("has no 'tableSchema' with 'columns' (expected one per CSV column)")
        return
    names: list[str] = []
    for i, col in enumerate(columns, 1):
        name = first_text(col.get("name")) if isinstance(col, dict) else None
        if not name:
            err(f"tableSchema column {i} has no 'name'")
            continue
        names.append(name)
        datatype = col.get("datatype", "string")
        base = datatype.get("base", "string") if isinstance(datatype, dict) else datatype
        if base not in KNOWN_DATATYPES:
            err(f"tableSchema column {name!r}: unknown datatype", str(base))
        if col.get("required") is True:
            for n, row in enumerate(rows, 2):
                if name in row and not row[name].strip():
                    err(f"column {name!r} is required by the metadata but empty", row=n)
    for name in (n for n in names if n not in header):
        err(f"tableSchema column {name!r} is not in the CSV header", name)
    for name in (h for h in header if h not in names):
        err(f"CSV column {name!r} has no tableSchema column", name)
    common_csv = [h for h in header if h in names]
    common_meta = [n for n in names if n in header]
    if common_csv != common_meta:
        err("tableSchema columns are in another order than the CSV header (expected "
            f"{', '.join(header)})")
    marked = {first_text(c.get("name")) for c in columns
              if isinstance(c, dict) and c.get("required") is True}
    for name in required_columns:
        if name in names and name not in marked:
            warn(f"tableSchema column {name!r} is required by the itinerary schema but not "
                 "marked 'required': true")


def _check_sources(meta: dict[str, Any], rows: list[dict[str, str]], err: Any,
                   warn: Any) -> None:
    for i, entry in enumerate(_entries(meta), 1):
        if not isinstance(entry, dict):
            err(f"dc:source entry {i} is not an object")
            continue
        key = _entry_id(entry)
        label = key or f"entry {i}"
        if not key:
            err(f"dc:source entry {i} has no '@id' (the id the source column uses)")
        if not first_text(entry.get("dc:title", entry.get("title"))):
            err(f"dc:source {label!r} has no 'dc:title'")
        url = _iri(entry.get("schema:url", entry.get("url")))
        if not url:
            warn(f"dc:source {label!r} has no 'schema:url'")
        elif not safe_url(url):
            err(f"dc:source {label!r}: 'schema:url' is not an http(s) URL", url)
        if not _iri(entry.get("dc:license", entry.get("license"))):
            warn(f"dc:source {label!r} has no 'dc:license'")
    known = {s for e in _entries(meta) if isinstance(e, dict) and (s := _entry_id(e))}
    seen: set[str] = set()
    for n, row in enumerate(rows, 2):
        for part in row.get("source", "").split("; "):
            match = CITATION.match(part.strip())
            if match and (file := match.group("file")) not in known and file not in seen:
                seen.add(file)
                warn("the source column cites a text with no dc:source entry (first here)",
                     file, row=n)
