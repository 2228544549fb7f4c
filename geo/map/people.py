"""Several lives on one story map: one clock for all, a colour and a route per person.

A story map plays its stops one after another. With several people the page plays the
stops of every life in the order their time comes, so one clock runs for all, while each
person keeps their own route and their own days: a leg joins a stop only to the same
person's next stop, never to someone else's.

>>> from geo.itinerary import Itinerary
>>> from geo.map.story import get_stay_days
>>> both = Itinerary.from_csvs(["data/places.csv", "data/lenin.csv"])
>>> lives = get_lives(both, get_stay_days)
>>> lives.people
['Leon Trotsky', 'Vladimir Lenin']
>>> [lives.people[w] for w in lives.who[:3]]  # born 1870, 1879; Kazan in 1887
['Vladimir Lenin', 'Leon Trotsky', 'Vladimir Lenin']
>>> lives.next_stop[-1]
-1

An itinerary of one life plays in file order, as before, and :attr:`Lives.several` is
``False``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from folium.template import Template
from shapely.geometry import LineString

from geo.dates import years_label
from geo.geometry import iter_legs
from geo.itinerary import Itinerary, unique_slugs
from geo.map.assets import read_static
from geo.map.page import SafeMacroElement, script_safe, style_safe

__all__ = ["PERSON_COLORS", "Lives", "People", "get_lives", "people_data"]

#: Route colours of the people on a map, in order (then again from the start). Dark
#: enough for 3:1 against light tiles, and told apart with common colour-vision
#: deficiencies (after Okabe and Ito's palette): blue, vermilion, green, purple, ochre.
PERSON_COLORS = ("#1f5fa8", "#c2410c", "#047857", "#9d4edd", "#a16207", "#be185d",
                 "#0e7490", "#4d7c0f")

StayDays = Callable[[Itinerary], list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Lives:
    """The stops of an itinerary in the order the page plays them, life by life.

    Every list has one item per played stop, in play order. ``rows`` are positions in the
    itinerary; ``who`` indexes :attr:`people` (``0`` for one unnamed life); ``days`` are
    the stay's arrival and departure day numbers within its own life; ``next_stop`` is the
    play position of the same person's next stop (``-1`` after the last); ``legs`` and
    ``km`` are the leg to that next stop (``None`` and ``0`` after the last).
    """

    rows: list[int]
    people: list[str]
    who: list[int]
    days: list[tuple[int, int]]
    next_stop: list[int]
    legs: list[LineString | None]
    km: list[float]

    @property
    def several(self) -> bool:
        """More than one person."""
        return len(self.people) > 1


def get_lives(itinerary: Itinerary, stay_days: StayDays, *,
              max_segment_km: float | None = None) -> Lives:
    """Interleave the lives of an itinerary on one clock.

    Parameters
    ----------
    itinerary : Itinerary
        Stops of one or more people (a ``person`` column).
    stay_days : callable
        Arrival and departure days of each stay of one life (the story map's
        :func:`geo.map.story.get_stay_days`); each life is timed on its own.
    max_segment_km : float, optional
        Densification of the legs, as :func:`geo.geometry.iter_legs`.

    Returns
    -------
    Lives
        Stops ordered by arrival day; on the same day, people in order of appearance.
    """
    lives = itinerary.by_person()
    people = [name for name, _ in lives]
    persons = itinerary.df["person"].tolist() if "person" in itinerary.df.columns else None
    rows_of: list[list[int]] = []
    for name, _ in lives:
        rows_of.append([i for i in range(len(itinerary))
                        if persons is None or persons[i] == name])
    entries: list[tuple[int, int, int, int]] = []  # (arrival, person, k-th stop, row)
    days_of: list[list[tuple[int, int]]] = []
    legs_of: list[list[tuple[LineString, float]]] = []
    for who, (_, life) in enumerate(lives):
        days = stay_days(life)
        days_of.append(days)
        legs_of.append(list(iter_legs(life, max_segment_km=max_segment_km)))
        entries.extend((days[k][0], who, k, rows_of[who][k]) for k in range(len(life)))
    if len(lives) > 1:
        entries.sort()
    position = {(who, k): q for q, (_, who, k, _) in enumerate(entries)}
    out_days, next_stop, legs, km = [], [], [], []
    for _, who, k, _ in entries:
        out_days.append(days_of[who][k])
        nxt = position.get((who, k + 1), -1)
        next_stop.append(nxt)
        line, length = legs_of[who][k] if nxt >= 0 else (None, 0.0)
        legs.append(line)
        km.append(length)
    return Lives(rows=[e[3] for e in entries], people=people or [""],
                 who=[e[1] for e in entries], days=out_days, next_stop=next_stop,
                 legs=legs, km=km)


def people_data(itinerary: Itinerary, lives: Lives) -> list[dict[str, Any]]:
    """One JSON-ready record per person: name, slug (for ``#person=``), colour, stops, years.

    ``itinerary`` is in play order (``itinerary.take(lives.rows)``).

    >>> from geo.itinerary import Itinerary
    >>> from geo.map.story import get_stay_days
    >>> both = Itinerary.from_csvs(["data/places.csv", "data/lenin.csv"])
    >>> lives = get_lives(both, get_stay_days)
    >>> [(p["slug"], p["color"], p["stops"], p["years"])
    ...  for p in people_data(both.take(lives.rows), lives)]
    [('leon-trotsky', '#1f5fa8', 66, '1879–1940'), ('vladimir-lenin', '#c2410c', 47, '1870–1924')]
    """
    slugs = unique_slugs(lives.people)
    out = []
    starts, ends = itinerary.get_start_dates(), itinerary.get_end_dates()
    for who, name in enumerate(lives.people):
        mine = [q for q, w in enumerate(lives.who) if w == who]
        first = min(starts[q].earliest().year for q in mine)
        last = max((ends[q] or starts[q]).latest().year for q in mine)
        out.append({"name": name, "slug": slugs[who],
                    "color": PERSON_COLORS[who % len(PERSON_COLORS)],
                    "stops": len(mine), "years": years_label(first, last)})
    return out



class People(SafeMacroElement):
    """The people of a story map of several lives (``geo/map/static/people.js``).

    Each person's route in their colour, drawn from the shared clock's date, and their
    traveller; in the story panel, where everyone is at that date and a filter (one
    person, or everyone); ``#person=<slug>`` in the address. Its stylesheet and script
    are ours, inlined; a child of :class:`geo.map.story.Story`, after the stop markers.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
<style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
{{ this.code }}
GeoStory.people({{ this._parent.get_name() }}, {});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "People"
        self.css = style_safe(read_static("people.css"))
        self.code = script_safe(read_static("people.js"))
