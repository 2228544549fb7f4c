"""Sources as a reader wants them: citations and notes, not file names.

The ``source`` column says where each fact comes from, as the extractor and reviewers
write it: ``"<text file>: <section heading>"`` parts and free notes, separated by ``"; "``.
For the page, each part that names a text becomes a citation (the text's title when the
CSV on the Web metadata beside the data, ``<csv>-metadata.json``, gives one; otherwise a
short name), and a heading whose dash was lost in a lower-cased ASCII copy gets it back
(``"(18791895)"`` -> ``"(1879–1895)"``). Everything else stays a note, exactly as written.

>>> split_source("a_0123456789abcdef.txt: Early life (1879-1896); 2 km off", {})
([{'text': 'text a', 'section': 'Early life (1879–1896)'}], '2 km off')
>>> split_source("</script> {{7*7}}", {})
([], '</script> {{7*7}}')
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = ["read_dataset_title", "read_source_titles", "split_source"]

# "<file name>: <heading>"; a file name is one word ending in a text extension.
_CITATION = re.compile(r"^(?P<file>[\w.-]+\.(?:txt|md|html?|pdf)):\s*(?P<section>.+)$",
                       re.IGNORECASE)
# A year range whose dash was deleted ("18791895") or typed as a hyphen ("1879-1896").
_YEARS_JOINED = re.compile(r"\b(\d{4})-?(\d{4})\b")
# A long hexadecimal tail in a file name (a content hash) says nothing to a reader.
_HASH_TAIL = re.compile(r"[_-][0-9a-f]{8,}$", re.IGNORECASE)


def _year_range(match: re.Match[str]) -> str:
    first, last = int(match.group(1)), int(match.group(2))
    if first < last <= first + 150:  # a span of a life, not two unrelated numbers
        return f"{first}–{last}"
    return match.group(0)


def _short_name(file: str) -> str:
    stem = _HASH_TAIL.sub("", file.rsplit(".", 1)[0])
    return f"text {stem}"


def split_source(text: str, titles: dict[str, str]) -> tuple[list[dict[str, str]], str]:
    """Citations (``{"text", "section"}``) and the remaining note of one ``source`` cell."""
    cites, notes = [], []
    for part in text.split("; "):
        match = _CITATION.match(part.strip())
        if match is None:
            notes.append(part)
            continue
        file = match.group("file")
        cites.append({"text": titles.get(file) or _short_name(file),
                      "section": _YEARS_JOINED.sub(_year_range, match.group("section"))})
    return cites, "; ".join(notes).strip()


def _first_text(value: Any) -> str | None:
    """A plain string from a CSVW/JSON-LD value (a string, ``{"@value": ...}`` or a list)."""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _first_text(value.get("@value"))
    if isinstance(value, list) and value:
        return _first_text(value[0])
    return None


def _read_metadata(csv_path: str | Path) -> dict[str, Any]:
    path = Path(str(csv_path) + "-metadata.json")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return meta if isinstance(meta, dict) else {}


def read_dataset_title(csv_path: str | Path, years: str) -> str | None:
    """The map's title from the metadata beside the data, or ``None`` without one.

    ``dc:title`` as written; else ``dc:subject`` (the person) with the ``years``
    ("Leon Trotsky, 1879–1940").
    """
    meta = _read_metadata(csv_path)
    title = _first_text(meta.get("dc:title", meta.get("title")))
    if title and title.strip():
        return title.strip()
    subject = _first_text(meta.get("dc:subject", meta.get("subject")))
    if subject and subject.strip():
        return f"{subject.strip()}, {years}"
    return None


def read_source_titles(csv_path: str | Path) -> dict[str, str]:
    """Titles of the texts the data cites, from ``<csv>-metadata.json`` (CSVW), if any.

    Each entry of the metadata's ``dc:source`` (or ``sources``) with an id (``@id``,
    ``id`` or ``dc:identifier``: the file name the ``source`` column uses) and a title
    (``dc:title`` or ``title``, with ``dc:publisher`` or ``publisher`` appended) counts.
    A missing or unreadable file gives no titles: the page then shows short names.
    """
    meta = _read_metadata(csv_path)
    entries = meta.get("dc:source", meta.get("sources", []))
    if isinstance(entries, dict):
        entries = [entries]
    titles: dict[str, str] = {}
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        key = next((t for k in ("@id", "id", "dc:identifier", "identifier")
                    if (t := _first_text(entry.get(k)))), None)
        title = _first_text(entry.get("dc:title", entry.get("title")))
        if not key or not title:
            continue
        publisher = _first_text(entry.get("dc:publisher", entry.get("publisher")))
        titles[key.rsplit("/", 1)[-1].split(":")[-1]] = (
            f"{publisher}, {title}" if publisher else title)
    return titles
