"""Dates as biographies write them, found in running text and turned into EDTF.

>>> [(d.edtf, d.narrative) for d in find_dates("In January 1898 he moved (b. 1906).")]
[('1898-01', True), ('1906', False)]
>>> [d.edtf for d in find_dates("on 7 november 1879, the summer of 1902, late 1902")]
['1879-11-07', '1902-22', '1902']
>>> [d.edtf for d in find_dates("He arrived on May 4 of that year", year=1917)]
['1917-05-04']
>>> heading_years("civil war (19181920)"), heading_years("Split (1903-1904)")
((1918, 1920), (1903, 1904))

Each :class:`DateMention` keeps its span in the sentence, its EDTF string at the precision
the text gives (day, month, season, year), whether it is approximate, and whether it may move
the running year of the narrative (dates inside parentheses, such as lifespans and
publication years, may not). Old Style dates marked ``(O.S.)``, ``Old Style`` or ``Julian
calendar`` are converted to the Gregorian calendar; an Old Style alternative given in
brackets (``7 November [O.S. 26 October] 1879``) is skipped.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from geo.dates import julian_to_gregorian

__all__ = [
    "DateMention",
    "find_dates",
    "heading_years",
    "resolve_year",
    "scan_dates",
    "split_year_run",
    "with_year",
]

MONTHS = {name: i for i, names in enumerate(
    ["", "january jan", "february feb", "march mar", "april apr", "may", "june jun",
     "july jul", "august aug", "september sep sept", "october oct", "november nov",
     "december dec"]) for name in names.split()}
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}

_M = r"(?=[adfjmnos])(?P<{g}>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"  # noqa: E501
_Y = r"(?P<{g}>1[0-9]{{3}}|20[0-9]{{2}})"
_D = r"(?P<{g}>[0-3]?[0-9])(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # 7 November 1879 / 7 november [o.s. 26 october] 1879
    ("dmy", re.compile(r"\b" + _D.format(g="d") + r"\s+" + _M.format(g="m")
                       + r"(?:\s*\[[^\]]{0,40}\])?,?\s+" + _Y.format(g="y") + r"\b")),
    # November 7, 1879
    ("mdy", re.compile(r"\b" + _M.format(g="m") + r"\s+" + _D.format(g="d") + r"(?:\s*,)?\s+"
                       r"(?:of\s+)?" + _Y.format(g="y") + r"\b")),
    # May 4 of that year / 2 December
    ("md", re.compile(r"\b" + _M.format(g="m") + r"\s+" + _D.format(g="d")
                      + r"(?![0-9])(?:\s+of\s+that\s+year)?\b")),
    ("dm", re.compile(r"\b" + _D.format(g="d") + r"\s+" + _M.format(g="m") + r"(?![a-z])",
                      )),
    # the summer of 1902 / winter of 1919-1920 / winter of 191920
    ("season", re.compile(r"\b(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                          + _Y.format(g="y") + r"(?:[-–/]?[0-9]{2,4})?\b")),
    # January 1898 / January of 1898
    ("my", re.compile(r"\b" + _M.format(g="m") + r",?\s+(?:of\s+)?" + _Y.format(g="y") + r"\b",
                      )),
    # the 1850s / the early 1850s / mid-1920s (approximate: the decade's start, middle, end)
    ("decade", re.compile(r"\b(?:(?P<q>early|mid|late)[\s-]*)?(?P<y>1[0-9]{2}0|20[0-9]0)s\b")),
    # early 1897 / mid-1919 / around 1936 / c. 1936
    ("qy", re.compile(r"\b(?P<q>early|late|mid|end of|beginning of|around|about|circa|c\.|"
                      r"ca\.)[\s-]*(?:the\s+)?" + _Y.format(g="y") + r"\b")),
    # 1904-1907, 1904–07, 19041907, 190407
    ("range", re.compile(r"(?<![0-9,.])(?P<y>1[0-9]{3})(?:\s*[-–]\s*|(?=[0-9]))"
                         r"(?P<y2>[0-9]{2}|1[0-9]{3})(?![0-9])")),
    # 1905 (not 1905s, not 1,905, not a house number: "1522 Vyse Avenue")
    ("y", re.compile(r"(?<![0-9,.$£/])" + _Y.format(g="y") + r"(?![0-9]|,[0-9]|s\b)"
                     r"(?!\s+(?:[a-z]+\s+)?(?:avenue|street|road|boulevard|lane|square|"
                     r"st|ave|rd|blvd)\b)")),
    # the First World War, World War II, WWI: when a text dates by the war (approximate)
    ("war", re.compile(r"\b(?:(?P<w1>first|second)\s+world\s+war|world\s+war\s+"
                       r"(?P<w2>ii|i|one|two|1|2)|ww\s?(?P<w3>ii|i|1|2))\b")),
    # in May / by October (the month of the running year)
    ("m", re.compile(r"\b(?:in|by|until|since|from|between|during|early|late|mid-?)\s+(?:the\s+)?"
                     r"(?:end\s+of\s+|beginning\s+of\s+)?" + _M.format(g="m")
                     + r"(?![a-z])")),
]
_OLD_STYLE = re.compile(r"^\s*[(\[]?\s*(?:o\.\s?s\.|old style|julian calendar)", re.I)
_APPROX = {"around", "about", "circa", "c.", "ca."}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in a sentence."""

    start: int
    end: int
    edtf: str
    year: int
    narrative: bool
    has_year: bool = True
    #: A decade ("the 1850s"): it dates its sentence but is too vague to move the running
    #: date ("she did not meet her until the 1940s").
    vague: bool = False

    @property
    def precision(self) -> str:
        """``day``, ``month``, ``season`` or ``year``."""
        parts = self.edtf.rstrip("~?").split("-")
        if len(parts) == 3:
            return "day"
        if len(parts) == 2:
            return "season" if int(parts[1]) > 20 else "month"
        return "year"


def split_year_run(digits: str) -> tuple[int, int] | None:
    """Split a range whose dash was lost: ``"18791895"`` -> (1879, 1895), ``"190407"``.

    >>> split_year_run("18791895"), split_year_run("190407"), split_year_run("1905")
    ((1879, 1895), (1904, 1907), None)
    >>> split_year_run("19051890") is None
    True
    """
    if len(digits) == 8:
        a, b = int(digits[:4]), int(digits[4:])
    elif len(digits) == 6:
        a = int(digits[:4])
        b = a - a % 100 + int(digits[4:])
    else:
        return None
    if 1000 <= a <= 2099 and a <= b < a + 100:
        return a, b
    return None


def heading_years(heading: str) -> tuple[int, int] | None:
    """First and last year named in a heading, or ``None``.

    >>> heading_years("The Fourth International: 1938"), heading_years("Legacy")
    ((1938, 1938), None)
    >>> heading_years("At the head of the Red Army (Spring 1918)")
    (1918, 1918)
    """
    years: list[int] = []
    for run in re.findall(r"(?<![0-9])[0-9]{4,8}(?![0-9])", heading):
        pair = split_year_run(run)
        if pair:
            years.extend(pair)
        elif len(run) == 4 and 1000 <= int(run) <= 2099:
            years.append(int(run))
    for a, b in re.findall(r"(?<![0-9])(1[0-9]{3})\s*[-–]\s*([0-9]{2})(?![0-9])", heading):
        years.append(int(a) - int(a) % 100 + int(b))
    if not years:
        return None
    return min(years), max(years)


def _in_parens(text: str, start: int) -> bool:
    """Whether ``start`` is inside brackets, ``(`` or ``[``, opened in its own paragraph line
    (a bracket left open does not run into the next line; a stray closer counts for
    nothing). Only the line up to ``start`` is read, and only when it opens a bracket."""
    line = text.rfind("\n", 0, start) + 1
    if text.find("(", line, start) < 0 and text.find("[", line, start) < 0:
        return False
    d = 0
    for m in _BRACKETS.finditer(text, line, start):
        d = d + 1 if m.group() in "([" else max(0, d - 1)
    return d > 0


_BRACKETS = re.compile(r"[()\[\]]")


def _anchors(low: str) -> list[tuple[int, int, int]]:
    """(start, end, kind) of every year, month and season word, in text order."""
    out = [(m.start(), m.end(), _YEAR) for m in _YEAR_RE.finditer(low)]
    find = low.find
    for word, flag in _ANCHOR_WORDS:
        i = find(word)
        while i >= 0:
            # A word start only ("summer", not "consummate"); str.find beats a regex here.
            if i == 0 or not low[i - 1].isalpha():
                out.append((i, i + len(word), flag))
            i = find(word, i + 1)
    out.sort()
    return out


def _windows(low: str) -> list[tuple[int, int, int]]:
    """Stretches of text around every year, month or season word, merged, each with the
    kinds of anchor it holds (``_YEAR | _MONTH | _SEASON``)."""
    out: list[list[int]] = []
    n = len(low)
    for a, b, flag in _anchors(low):
        # How far a date reaches from its anchor: "7 November [O.S. 26 October] 1879" before
        # a year; "by the end of November" before a month, "November 7, 1879" after it.
        if flag == _YEAR:
            a, b = max(0, a - 48), min(n, b + 12)
        else:
            a, b = max(0, a - 32), min(n, b + 30)
        if out and a <= out[-1][1]:
            out[-1][1] = max(b, out[-1][1])
            out[-1][2] |= flag
        else:
            out.append([a, b, flag])
    # Widen to whitespace, so that no word is cut at a window's edge.
    wide = []
    for a, b, flags in out:
        sp = max(low.rfind(" ", 0, a), low.rfind("\n", 0, a))
        a = sp + 1 if sp >= 0 else 0
        ends = [i for i in (low.find(" ", b), low.find("\n", b)) if i >= 0]
        wide.append((a, min(ends) if ends else n, flags))
    return wide


_YEAR, _MONTH, _SEASON, _WAR = 1, 2, 4, 8
_YEAR_RE = re.compile(r"[0-9]{4}")
_ANCHOR_WORDS = [(w, _MONTH) for w in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug",
                                       "sep", "oct", "nov", "dec")] + [
    (w, _SEASON) for w in ("spring", "summer", "autumn", "fall", "winter")] + [
    (w, _WAR) for w in ("world war", "ww")]
# What each pattern needs in a window to be worth running there.
_NEEDS = {"dmy": _YEAR | _MONTH, "mdy": _YEAR | _MONTH, "md": _MONTH, "dm": _MONTH,
          "season": _YEAR | _SEASON, "my": _YEAR | _MONTH, "decade": _YEAR, "qy": _YEAR,
          "range": _YEAR, "y": _YEAR, "m": _MONTH, "war": _WAR}


# A bracket that opens with one of these words dates the sentence ("(on 3 May 1741)").
_TELLS_WHEN = re.compile(r"\(\s*(?:on|in|from|since|until|by)\s+$")
# A year that names a work ("his bestselling 1914 book", "the 1939 film"): the work's year,
# often another person's, not a time of the narrative.
_WORK_OF_YEAR = re.compile(r"\s+(?:[a-z-]+\s+)?(?:book|books|novel|novels|film|films|movie|play|"
                           r"poem|poems|essay|essays|article|articles|painting|paintings|album|"
                           r"song|opera|symphony|biography|memoir|memoirs|autobiography|edition|"
                           r"novella|documentary|portrait|translation|monograph|treatise|"
                           # An event named by its year ("the 1910 election", "the 1848
                           # revolution") is told as a reference, not as the narrative's time.
                           r"election|elections|census|revolution|revolutions|uprising|"
                           r"rebellion|revolt|earthquake|olympics|constitution|treaty)\b")
# A war dates a sentence only as a time: "during the Second World War", "after World War I",
# "at the outbreak of the First World War" (not "his Second World War decorations").
_WAR_AS_TIME = re.compile(r"\b(?:during|after|before|in|until|till|since|throughout|by|"
                          r"(?:outbreak|start|beginning|outset|eve|course)\s+of|"
                          r"following|from|to)\s+(?:the\s+)?$")


# Words that put a time after a war, which then dates by its last year.
_AFTER_WAR = re.compile(r"\b(?:after|following|since|end\s+of)\s+(?:the\s+)?$")
#: Last year of each war :func:`scan_dates` knows, by its first year.
_WAR_END = {1914: 1918, 1939: 1945}


#: Years into a decade that "the 1850s", "the early / mid / late 1850s" start at.
_DECADE_PART = {"": 0, "early": 0, "mid": 4, "late": 7}

_NEXT_WORD = re.compile(r"\s+([A-Za-z-]+)")


@functools.cache
def _count_nouns() -> frozenset[str]:
    """Words that make a number before them a count (``geo/text/data/count_nouns.txt``)."""
    path = Path(__file__).with_name("text") / "data" / "count_nouns.txt"
    return frozenset(w for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("#") for w in line.split())


def scan_dates(text: str) -> list[DateMention]:
    """Every date in ``text`` (any length), left to right, without overlaps.

    Dates without a year ("May 4", "in October") come back with ``has_year=False``,
    ``year=0`` and an EDTF template starting ``XXXX``; :func:`with_year` fills them in with
    the running year of the narrative.

    >>> [(d.edtf, d.has_year) for d in scan_dates("On May 4 he left; in 1905 (and 1906).")]
    [('XXXX-05-04', False), ('1905', True), ('1906', True)]
    >>> [d.edtf for d in scan_dates("After the First World War he kept his World War medals")]
    ['1918~']
    >>> [d.edtf for d in scan_dates("after the hiatus of the Second World War")]
    []
    >>> [d.edtf for d in scan_dates("in the 1850s, the mid-1920s and the late 1930s")]
    ['1850~', '1924~', '1937~']
    >>> [d.edtf for d in scan_dates("In 1527 she sheltered about 2000 people.")]
    ['1527']
    >>> [(d.edtf, d.narrative) for d in scan_dates("left Lyon (on 3 May 1741) (1701)")]
    [('1741-05-03', True), ('1701', False)]
    """
    low = text.lower()
    taken = bytearray(len(text) + 1)
    out: list[DateMention] = []
    windows = _windows(low)
    # Pattern by pattern (the order is the priority), each only where a date can be.
    for kind, pattern in _PATTERNS:
        need = _NEEDS[kind]
        finditer = pattern.finditer
        for a0, b0, flags in windows:
            if flags & need != need:
                continue
            for m in finditer(low, a0, b0):
                a, b = m.span()
                if taken.find(1, a, b) >= 0:
                    continue
                if kind == "war" and not _WAR_AS_TIME.search(low[max(0, a - 40):a]):
                    continue  # "his Second World War decorations" names the war, not a time
                found = _to_edtf(kind, m, text, None)
                if found is None:
                    continue
                if kind == "war" and _AFTER_WAR.search(low[max(0, a - 40):a]):
                    # "after the First World War": the war's last year, not its first.
                    y = _WAR_END[found[1]]
                    found = (f"{y}~", y, True)
                edtf, y, has_year = found
                taken[a:b] = b"\x01" * (b - a)
                # A date in brackets (a lifespan, a book's year) does not move the narrative,
                # unless the bracket tells when: "left Lyon (on 3 May 1741)".
                narrative = has_year and (not _in_parens(text, a)
                                          or bool(_TELLS_WHEN.search(low, max(0, a - 12), a)))
                if narrative and kind == "y" and _WORK_OF_YEAR.match(low, b):
                    narrative = False
                out.append(DateMention(a, b, edtf, y, narrative, has_year, kind == "decade"))
    out.sort(key=lambda d: d.start)
    return _alternative_readings(text, _share_range_years(text, out))


# Between a date and another reading of it: "1328 or 1330", "1330 (or 1332)".
_OR_GAP = re.compile(r"\s*\(?\s*or\s+(?:in\s+)?", re.I)


def _alternative_readings(text: str, dates: list[DateMention]) -> list[DateMention]:
    """A second reading of a date ("in either 1328 or 1330", "the hajj of 1330 (or 1332)")
    dates the sentence no further: the narrative keeps the first.

    >>> [(d.edtf, d.narrative) for d in scan_dates("in either 1328 or 1330 he left")]
    [('1328', True), ('1330', False)]
    """
    out = list(dates)
    for k in range(len(out) - 1):
        d, e = out[k], out[k + 1]
        if d.has_year and e.has_year and e.narrative and \
                _OR_GAP.fullmatch(text, d.end, e.start):
            out[k + 1] = DateMention(e.start, e.end, e.edtf, e.year, False, e.has_year, e.vague)
    return out


# Between the two ends of a range: "from August to December 1911", "May–June 1850".
_RANGE_GAP = re.compile(r"\s*(?:to|and|until|till|through|-|–|—)\s*", re.I)


def _share_range_years(text: str, dates: list[DateMention]) -> list[DateMention]:
    """A range's first end without a year takes the year of its second ("from August to
    December 1911": August 1911; "from November to February 1850": November 1849).

    >>> [d.edtf for d in scan_dates("From August to December 1911 he toured.")]
    ['1911-08', '1911-12']
    >>> [d.edtf for d in scan_dates("between November and February 1850")]
    ['1849-11', '1850-02']
    """
    out = list(dates)
    for k in range(len(out) - 1):
        d, e = out[k], out[k + 1]
        if d.has_year or not e.has_year or d.edtf.count("-") != 1 or \
                not _RANGE_GAP.fullmatch(text, d.end, e.start):
            continue
        month = int(d.edtf[5:7])
        later = e.edtf.rstrip("~?").split("-")
        year = e.year - 1 if len(later) >= 2 and int(later[1]) <= 12 and month > int(later[1]) \
            else e.year
        out[k] = DateMention(d.start, d.end, f"{year:04d}-{month:02d}", year, e.narrative)
    return out


def with_year(d: DateMention, year: int) -> DateMention | None:
    """A year-less date completed with ``year`` (the date itself when it has one)."""
    if d.has_year:
        return d
    edtf = f"{year:04d}" + d.edtf[4:]
    if len(edtf) == 10:
        import datetime as _dt

        try:
            _dt.date(year, int(edtf[5:7]), int(edtf[8:10]))
        except ValueError:
            return None
    return DateMention(d.start, d.end, edtf, year, False, False)


def resolve_year(d: DateMention, year: int | None, month: int | None = None
                 ) -> DateMention | None:
    """``d`` itself if it has a year, else :func:`with_year` of the running ``year``.

    ``month`` is the running month, when the narrative is dated that closely: a year-less
    month before it falls in the next year, since a narrative runs forward ("On 17 November
    1326 he set out ..." then "He left the capital in February": February 1327).
    ``None`` when the date has no year and there is no running year, or the day does not
    exist in that year.

    >>> d = scan_dates("He left in February.")[0]
    >>> resolve_year(d, 1326).edtf, resolve_year(d, 1326, month=11).edtf
    ('1326-02', '1327-02')
    """
    if d.has_year:
        return d
    if year is None:
        return None
    if month is not None and d.precision in ("month", "day") and int(d.edtf[5:7]) < month:
        year += 1
    return with_year(d, year)


def find_dates(sentence: str, year: int | None = None) -> list[DateMention]:
    """Every date in ``sentence``, left to right, without overlaps.

    Parameters
    ----------
    sentence : str
        Text to search (any case).
    year : int, optional
        The running year, used for dates without one ("May 4", "in October"); without it
        such dates are left out.

    Returns
    -------
    list of DateMention
    """
    return [r for d in scan_dates(sentence) if (r := resolve_year(d, year)) is not None]


def _to_edtf(kind: str, m: re.Match[str], sentence: str,
             running: int | None) -> tuple[str, int, bool] | None:
    g = m.groupdict()
    month = MONTHS.get((g.get("m") or "").lower().rstrip("."))
    if kind in ("dmy", "mdy", "md", "dm"):
        if month is None:
            return None
        day = int(g["d"])
        has_year = "y" in g and g["y"] is not None
        y = int(g["y"]) if has_year else running
        if not 1 <= day <= 31:
            return None
        if kind == "md" and month == 5 and sentence[m.start():m.start() + 1].islower():
            # "may 4" in lowercase text is too often the verb; keep only with a year.
            return None
        if y is None:
            # A template for with_year(); 2000 is a leap year, so 29 February passes.
            try:
                _dt.date(2000, month, day)
            except ValueError:
                return None
            return f"XXXX-{month:02d}-{day:02d}", 0, False
        if _OLD_STYLE.match(sentence[m.end():m.end() + 20]):
            try:
                g_date = julian_to_gregorian(y, month, day)
            except ValueError:
                return None
            return g_date.isoformat(), g_date.year, has_year
        try:
            _dt.date(y, month, day)
        except ValueError:
            return None
        return f"{y:04d}-{month:02d}-{day:02d}", y, has_year
    if kind == "my":
        if month is None:
            return None
        if month == 5 and sentence[m.start():m.start() + 3] == "may" and not re.match(
                r"may,?\s+(?:of\s+)?[0-9]{4}", sentence[m.start():m.end()]):
            return None
        y = int(g["y"])
        return f"{y:04d}-{month:02d}", y, True
    if kind == "season":
        y = int(g["y"])
        return f"{y:04d}-{SEASONS[g['s'].lower()]}", y, True
    if kind == "decade":
        y = int(g["y"]) + _DECADE_PART[(g.get("q") or "").lower()]
        return f"{y:04d}~", y, True
    if kind == "qy":
        y = int(g["y"])
        after = _NEXT_WORD.match(sentence, m.end())
        if after and after.group(1).lower() in _count_nouns():
            return None  # "about 2000 people"
        approx = g["q"].lower() in _APPROX
        return f"{y:04d}{'~' if approx else ''}", y, True
    if kind == "range":
        digits = m.group(0).replace("-", "").replace("–", "").replace(" ", "")
        if len(digits) in (6, 8):
            pair = split_year_run(digits)
        else:
            a = int(g["y"])
            b_raw = g["y2"]
            b = int(b_raw) if len(b_raw) == 4 else a - a % 100 + int(b_raw)
            pair = (a, b) if a <= b < a + 100 else None
        if pair is None:
            return None
        return f"{pair[0]:04d}", pair[0], True
    if kind == "y":
        y = int(g["y"])
        after = _NEXT_WORD.match(sentence, m.end())
        if after and after.group(1).lower() in _count_nouns():
            return None  # "an asylum for about 2000 people": a count, not a year
        return f"{y:04d}", y, True
    if kind == "war":
        which = g.get("w1") or g.get("w2") or g.get("w3") or ""
        y = 1939 if which in ("second", "ii", "two", "2") else 1914
        return f"{y}~", y, True
    if kind == "m":
        if month is None:
            return None
        if running is None:
            return f"XXXX-{month:02d}", 0, False
        return f"{running:04d}-{month:02d}", running, False
    return None
