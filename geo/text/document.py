"""The document: headings, periods, paragraphs and sentences; reading a text file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geo.errors import GeoError
from geo.text.lexicon import _BACK_MATTER_HEADINGS, _REFERENCE_HEADINGS, _words
from geo.textdates import heading_years


class ExtractError(GeoError, ValueError):
    """Raised when a biography file cannot be read (missing, empty, not UTF-8)."""


# -- data model ---------------------------------------------------------------------------
@dataclass(slots=True)
class _Heading:
    text: str
    name: str
    level: int
    years: tuple[int, int] | None
    start: int
    thematic: bool = False  # Legacy, Honours, In popular culture: no stops, no dates


@dataclass(slots=True)
class _Sentence:
    start: int
    end: int
    heading: int  # index into headings, -1 before the first
    paragraph: int
    t0: int = 0  # tokens t0..t1-1
    t1: int = 0


# -- reading ------------------------------------------------------------------------------
def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file; a problem becomes one :class:`ExtractError` line.

    >>> read_text("/nonexistent/bio.txt")
    Traceback (most recent call last):
    ...
    geo.text.document.ExtractError: /nonexistent/bio.txt: file not found
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ExtractError(f"{path}: is a folder, not a text file") from None
    except OSError as e:
        raise ExtractError(f"{path}: cannot be read ({e.strerror})") from None
    try:
        return decode_text(raw)
    except ValueError as e:
        raise ExtractError(f"{path}: {e}") from None


def decode_text(raw: bytes) -> str:
    """The text of a biography file, or :class:`ValueError` saying in one line why not.

    >>> decode_text(b"\\xef\\xbb\\xbfAnne was born in Lyon.\\r\\n")
    'Anne was born in Lyon.\\n'
    >>> decode_text(b"caf\\xe9")
    Traceback (most recent call last):
    ValueError: byte 3 (line 1) is not UTF-8: save the file as UTF-8 text
    >>> decode_text(b"PK\\x03\\x04\\x00\\x00")
    Traceback (most recent call last):
    ValueError: is binary (a NUL byte at byte 4), not a text file
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ValueError(f"byte {e.start} (line {line}) is not UTF-8: save the file as UTF-8 "
                         "text") from None
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ValueError(f"is binary (a NUL byte at byte {nul}), not a text file")
    if not text.strip():
        raise ValueError("is empty: expected the text of a biography")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- structure ----------------------------------------------------------------------------
_WIKI_HEADING = re.compile(r"^(=+)\s*(.+?)\s*=+\s*$")
# Both forms start at a space after a non-space; the pattern starts with that space (the
# lookbehinds after it), so that the regex engine jumps from space to space.
_HEADING_IN_LINE = re.compile(
    r" (?<=\S )(?:(={2,6} [^=\n]{1,150}? ={2,6}) "
    # or a bare section title with its years, after a sentence and before the next one:
    # "... in 1712. Frankfurt (1712–21) After less than a year ..."
    r"|(?<=[.!?\]] )([A-Z][^.!?()\n]{0,60}\((?:c\. )?[0-9]{3,4}\s*[–-]\s*[0-9]{2,4}\)) "
    r"(?=[A-Z]))")
_ABBREV = _words("""st dr mr mrs ms jr sr gen col lt capt prof rev no vol vols ca c b d i.e e.g
a.k.a aka etc cf ed eds op u.s o.s n.s p pp fig approx est inc ltd co mt ft vs""")
# A sentence ends at . ! ? (with closing quotes, brackets and footnote marks) before a space,
# or before a letter when the text lost the space ("students.in january").
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?:\[[0-9a-z ]{1,6}\])*(?=\s|$|[A-Za-z])")
_YEARS_IN_HEADING = re.compile(r"\((?:[^()]*\b)?(?:1[0-9]{3}|20[0-9]{2})[0-9]*\)\s*$|"
                               r":\s*1[0-9]{3}\s*$")


def _is_bare_heading(line: str, prev_blank: bool, next_blank: bool, cased: bool) -> bool:
    s = line.strip()
    if not s or not prev_blank or len(s) > 90 or s[-1] in ".:;,!?\"”'…" or s[0] in "•*-–":
        return False
    words = s.split()
    if len(words) > 12:
        return False
    has_years = bool(_YEARS_IN_HEADING.search(s))
    # A comma makes a short line a list or an address ("Paris, 1905"), unless it stands
    # alone between blank lines without digits ("Birth, early life, and education").
    if "," in s and not has_years and not (
            next_blank and len(words) <= 8 and not any(ch.isdigit() for ch in s)):
        return False
    if cased and not (s[0].isupper() or s[0].isdigit()):
        return False
    return has_years or (len(words) <= 6 and next_blank)


def _heading_name(text: str) -> str:
    name = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()
    name = re.sub(r"\s*:\s*[0-9]{4}\s*$", "", name).strip()
    if re.fullmatch(r"[0-9\s–-]*", name):
        return ""
    return name[:1].upper() + name[1:]


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]`` (one line of text)."""
    out = []
    s = start
    for m in _BOUNDARY.finditer(text, start, end):
        i = m.start()
        j = m.end()
        if text[i] == ".":
            word = text[max(s, i - 12):i].rsplit(None, 1)[-1] if i > s else ""
            prev = word.lower().lstrip("(\"'“").strip(".")
            if prev in _ABBREV or (len(prev) == 1 and prev.isalpha()) or (prev[-1:].isdigit() \
                    and j < end and text[j:j + 1].isdigit()):
                continue
            # "Washington D.C. at the end of 1865": dotted initials before a lower-case word
            # end no sentence.
            nxt_word = text[j:min(end, j + 3)].lstrip()
            if "." in prev and nxt_word[:1].islower():
                continue
            # A lost space: only after a real word, not inside "U.S.A." or "e.g.".
            if j < end and not text[j].isspace() and (len(prev) < 3 or "." in prev):
                continue
        if text[s:j].strip():
            out.append((s, j))
        s = j
        while s < end and text[s].isspace():
            s += 1
    if s < end and text[s:end].strip():
        out.append((s, end))
    return out


# Everything but upper-case letters (and caseless scripts), everything but letters: what is
# left after deleting them is counted (faster than listing every letter found).
_NOT_UPPER = re.compile(r"[\W\d_a-z]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(slots=True)
class _Doc:
    text: str
    cased: bool
    damaged: bool
    headings: list[_Heading]
    sentences: list[_Sentence]
    title: str
    paragraphs: list[tuple[int, int]]  # first and last sentence of each paragraph
    #: Sentences of list items ("1.  Anatolia and Crete (1640)", "-   Vienna, 1905") after
    #: a line that ends with ":" -> that line's last sentence (the list's introduction).
    list_intro: dict[int, int] = field(default_factory=dict)


@cache
def _thematic_lines() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "thematic_headings.txt"
    return frozenset(ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#"))


def is_thematic_heading(heading: str) -> bool:
    """Whether a section is about memory, works or reception, not the life
    (``data/thematic_headings.txt``).

    >>> is_thematic_heading("Legacy and influence"), is_thematic_heading("In popular culture")
    (True, True)
    >>> is_thematic_heading("Death and legacy"), is_thematic_heading("Later life and influence")
    (False, False)
    """
    name = " ".join(re.sub(r"[^\w\s]", " ", heading.lower()).split())
    # The name or its start up to a space is a listed line: its words one by one, not a scan
    # of the list.
    lines = _thematic_lines()
    return name in lines or any(name[:i] in lines for i, ch in enumerate(name) if ch == " ")


_INFOBOX_MAX_LINES = 120  # an infobox's residue, if any, ends within the first lines
_INFOBOX_LINE = re.compile(r"\|\s*[\w ]{1,30}=|\}\}\s*$|\{\{")
_GALLERY_LINE = re.compile(r"(?:file|image):[^|\n]{1,200}\.(?:jpe?g|png|gif|svg|tiff?)\b", re.I)
# A caption's remnant is short; a "]]" further into a line is not one.
_MAX_CAPTION_CHARS = 300


def _after_caption(line: str) -> str:
    """The line after an image caption's remnant, left where wiki markup was stripped.

    >>> _after_caption("of Telemann by Preisler, 1750]] GEORG TELEMANN (1681-1767) was")
    'GEORG TELEMANN (1681-1767) was'
    >>> _after_caption("see [[Paris]] and Lyon")
    'see [[Paris]] and Lyon'
    """
    end = line.find("]]")
    if end < 0 or end > _MAX_CAPTION_CHARS or "[[" in line[:end]:
        return line
    return line[end + 2:].lstrip()


# A reference-list entry: an ISBN with its digits, or a web citation's access note.
_ISBN = re.compile(r"\bISBN(?:-1[03])?[\s:]*[0-9][0-9Xx -]{8,}")
_RETRIEVED = re.compile(r"\b[Rr]etrieved(?: on| from)?\s+(?:[0-9]|https?:|"
                        r"(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December)\b)")
# Longer than this, a line is prose that happens to cite something, not a reference entry.
_MAX_REFERENCE_CHARS = 400


def is_reference_line(line: str) -> bool:
    """Whether a line is an entry of a reference list, left out of the narrative.

    Only short lines count: a biography given as one long line, or a paragraph that names an
    ISBN, is prose and is kept.

    >>> is_reference_line("Deutscher, Isaac. The Prophet Armed. ISBN 978-1-85984-441-5.")
    True
    >>> is_reference_line('"Trotsky". Britannica. Retrieved 3 May 2019.')
    True
    >>> is_reference_line("He retrieved his papers from Vienna in 1914.")
    False
    >>> is_reference_line("He moved to Vienna. " * 30 + "ISBN 978-1-85984-441-5")
    False
    """
    if len(line) > _MAX_REFERENCE_CHARS:
        return False
    # (Each pattern needs its word as written: a cheap test before the search.)
    return bool(("ISBN" in line and _ISBN.search(line))
                or ("etrieved" in line and _RETRIEVED.search(line)))


# A list item's marker: "1.  ", "2) ", "-   ", "* ", "• ".
_LIST_ITEM = re.compile(r"(?:[0-9]{1,2}[.)]|[-*•–])\s+")


def _structure(text: str) -> _Doc:
    sample = text[:5000]
    upper = len(_NOT_UPPER.sub("", sample))
    letters = len(_NOT_LETTER.sub("", sample))
    cased = upper > 0.01 * max(1, letters)
    # Letter-damaged texts lost every non-ASCII letter; a text that kept one is not damaged.
    damaged = text.isascii() or not any(c.isalpha() for c in set(_NON_ASCII.findall(text)))
    headings: list[_Heading] = []
    sentences: list[_Sentence] = []
    paragraphs: list[tuple[int, int]] = []
    # A wiki heading run into the prose (a text that lost its line breaks) is put back on a
    # line of its own; the spaces around it become line breaks, so offsets do not move.
    found = list(_HEADING_IN_LINE.finditer(text))
    run_in = {m.group(2) for m in found if m.group(2)}
    pieces = []
    done = 0
    for m in found:
        pieces += [text[done:m.start()], "\n", m.group(1) or m.group(2), "\n"]
        done = m.end()
    lines = ("".join(pieces) + text[done:]).split("\n")
    # The title is the first line of text, past infobox residue ("| birth_place= shanghai",
    # "... signature.svg }}"), whose words name places and relatives, not the subject.
    top = lines[:_INFOBOX_MAX_LINES]
    ends = [n for n, ln in enumerate(top) if ln.rstrip().endswith("}}")]
    first = ends[0] + 1 if ends and any(_INFOBOX_LINE.search(ln) for ln in top[:ends[0]]) \
        else 0
    title = next((_after_caption(ln).strip() for ln in lines[first:]
                  if _after_caption(ln).strip() and not _INFOBOX_LINE.search(ln)), "")
    wiki = "==" in text and any(_WIKI_HEADING.match(ln.strip()) for ln in lines)
    skipping = False
    back_level = 0  # level of the heading that opened the back matter
    pos = 0
    first = True
    list_intro: dict[int, int] = {}
    intro: int | None = None  # the last sentence of a line ending with ":", for its list
    for n, line in enumerate(lines):
        lstart = pos
        pos += len(line) + 1
        s = line.strip()
        if not s:
            continue
        lstart += len(line) - len(line.lstrip())
        rest = _after_caption(s)
        if len(rest) < len(s):
            # An image caption's remnant ("... portrait, 1750]] TELEMANN was ..."): not text.
            lstart += len(s) - len(rest)
            s = rest
            if not s:
                continue
        prev_blank = n == 0 or not lines[n - 1].strip()
        next_blank = n + 1 >= len(lines) or not lines[n + 1].strip()
        heading_text = None
        level = 0
        if s[0] == "=" and (m := _WIKI_HEADING.match(s)):
            heading_text, level = m.group(2), len(m.group(1))
        elif not first and not wiki and (s in run_in or _is_bare_heading(s, prev_blank,
                                                                         next_blank, cased)) \
                and not (_LIST_ITEM.match(s) and n + 1 < len(lines)
                         and _LIST_ITEM.match(lines[n + 1].strip())):
            heading_text = s  # level 3 with years in it, else 2 (below)
        first = False
        if heading_text is not None:
            years = heading_years(heading_text)
            level = level or (3 if years else 2)
            # Back matter runs to the end: "External links" then "SOURCES ONLINE" is still
            # back matter; a heading with years in it, or a wiki heading as high as the
            # back matter's, is the narrative again.
            skipping = bool(_REFERENCE_HEADINGS.match(heading_text)) or (
                skipping and back_level > 0 and not years
                and not (wiki and level <= back_level))
            if _BACK_MATTER_HEADINGS.match(heading_text):
                back_level = level
            elif not skipping:
                back_level = 0
            headings.append(_Heading(heading_text, _heading_name(heading_text), level, years,
                                     lstart, is_thematic_heading(heading_text)))
            continue
        if skipping or is_reference_line(s):
            continue
        if _GALLERY_LINE.match(s):
            continue  # an image gallery ("File:X.jpg|_Title_ (1914) File:..."): captions
        if s[-1] not in ".!?:;\"”’')]" and len(s) < 200 and prev_blank and next_blank:
            continue  # a caption ("Trotsky in Mexico, 1940"): not the narrative
        if line[:1].isspace() and re.match(r"\s+[0-9]{1,3}\.\s", line):
            continue  # a rendered footnote ("  12. Deutscher, The Prophet ...")
        first_sentence = len(sentences)
        for a, b in _split_sentences(text, lstart, lstart + len(s)):
            sentences.append(_Sentence(a, b, len(headings) - 1, len(paragraphs)))
        if len(sentences) > first_sentence:
            paragraphs.append((first_sentence, len(sentences) - 1))
            if _LIST_ITEM.match(s):
                if intro is not None:
                    list_intro.update(dict.fromkeys(range(first_sentence, len(sentences)),
                                                    intro))
            else:
                intro = len(sentences) - 1 if s.endswith(":") else None
    _inherit_part_years(headings, {s.heading for s in sentences})
    return _Doc(text, cased, damaged, headings, sentences, title, paragraphs, list_intro)


def _inherit_part_years(headings: list[_Heading], with_text: set[int]) -> None:
    """Give the sections of a dated part its years: a heading with years and no text of its
    own ("Itinerary 1332–1347", "Career (1900–1920)") heads the undated sections after it, up
    to the next heading with years or a section about works or memory."""
    part: tuple[int, int] | None = None
    for h, head in enumerate(headings):
        if head.thematic:
            part = None
        elif head.years:
            part = head.years if h not in with_text and h + 1 < len(headings) else None
        elif part is not None:
            head.years = part


def _period_of(doc: _Doc, h: int) -> tuple[str, tuple[int, int] | None, str]:
    """(period name, years, heading text) for heading index ``h``."""
    if h < 0:
        return "", None, ""
    cur = doc.headings[h]
    name = cur.name
    years = cur.years
    level = cur.level
    # Walk back to enclosing headings for a missing name or missing years.
    for k in range(h - 1, -1, -1):
        if name and years:
            break
        other = doc.headings[k]
        if other.level < level:
            if not name and other.name:
                name = other.name
            if not years and other.years:
                years = other.years
            level = other.level
    return name, years, cur.text
