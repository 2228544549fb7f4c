"""Sources as a reader wants them: citations and notes, not file names.

The ``source`` column says where each fact comes from, as the extractor and reviewers
write it: ``"<text file>: <section heading>"`` parts and free notes, separated by ``"; "``.
For the page, each part that names a text becomes a citation (the text's publisher and
title when the CSV on the Web metadata beside the data, ``<csv>-metadata.json``, has a
``dc:source`` entry for it, see :mod:`geo.metadata`; otherwise a short name), and a
heading whose dash was lost in a lower-cased ASCII copy gets it back (``"(18791895)"`` ->
``"(1879–1895)"``). Everything else stays a note, exactly as written.

>>> split_source("a_0123456789abcdef.txt: Early life (1879-1896); 2 km off", {})
([{'text': 'text a', 'section': 'Early life (1879–1896)'}], '2 km off')
>>> split_source("</script> {{7*7}}", {})
([], '</script> {{7*7}}')
"""

from __future__ import annotations

import re
from pathlib import Path

from geo.metadata import CITATION, first_text, get_sources, load_metadata, restore_year_dashes

__all__ = ["read_dataset_title", "read_source_titles", "split_source"]

# A long hexadecimal tail in a file name (a content hash) says nothing to a reader.
_HASH_TAIL = re.compile(r"[_-][0-9a-f]{8,}$", re.IGNORECASE)


def _short_name(file: str) -> str:
    stem = _HASH_TAIL.sub("", file.rsplit(".", 1)[0])
    return f"text {stem}"


def split_source(text: str, titles: dict[str, str]) -> tuple[list[dict[str, str]], str]:
    """Citations (``{"text", "section"}``) and the remaining note of one ``source`` cell."""
    cites, notes = [], []
    for part in text.split("; "):
        match = CITATION.match(part.strip())
        if match is None:
            notes.append(part)
            continue
        file = match.group("file")
        cites.append({"text": titles.get(file) or _short_name(file),
                      "section": restore_year_dashes(match.group("section"))})
    return cites, "; ".join(notes).strip()


def read_dataset_title(csv_path: str | Path, years: str) -> str | None:
    """The map's title from the metadata beside the data, or ``None`` without one.

    ``dc:title`` as written; else ``dc:subject`` (the person) with the ``years``
    ("Leon Trotsky, 1879–1940").
    """
    meta = load_metadata(csv_path)
    title = first_text(meta.get("dc:title", meta.get("title")))
    if title and title.strip():
        return title.strip()
    subject = first_text(meta.get("dc:subject", meta.get("subject")))
    if subject and subject.strip():
        return f"{subject.strip()}, {years}"
    return None


def read_source_titles(csv_path: str | Path) -> dict[str, str]:
    """Titles of the texts the data cites (``{id: "Publisher, Title"}``), if any.

    From the ``dc:source`` entries of ``<csv>-metadata.json`` (:func:`geo.metadata.get_sources`).
    A missing or unreadable file gives no titles: the page then shows short names.
    """
    return {s.id: s.label for s in get_sources(load_metadata(csv_path))}
