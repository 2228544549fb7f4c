"""The offline base map: Natural Earth land and present-day borders, carried by the page.

Map tiles need the network. A page opened offline (a classroom, an archive) would show its
stops on an empty field, so the story map can carry a base map of its own: the npm
``world-atlas`` package's Natural Earth TopoJSON (public domain data, ISC-licensed
package), decoded in the browser by ``topojson-client``. Both come from the npm registry
like Leaflet does (:func:`geo.map.assets.find_package_file`); nothing is copied into the
repository.

Three modes, chosen with ``render --basemap``:

``tiles``
    OpenStreetMap tiles. A self-contained page also carries the 1:110m world and draws it
    as soon as a tile fails to load (or the browser says it is offline).
``offline``
    No tiles: the 1:110m world at world zoom, 1:50m when zoomed in, always.
``none``
    No base map at all.

>>> [level.name for level in basemap_levels("offline")]
['countries-110m', 'countries-50m']
>>> basemap_levels("none")
[]
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from branca.element import Figure

from geo.map.assets import read_package_text, read_static
from geo.map.page import Literal, SafeMacroElement, script_safe, to_script_json

__all__ = ["BASEMAP_MODES", "BasemapLevel", "OfflineBasemap", "basemap_levels"]

#: What ``--basemap`` accepts.
BASEMAP_MODES = ("tiles", "offline", "none")

#: Label of the offline base map in the attribution: the borders are today's, not those
#: of the time shown.
ATTRIBUTION = "Natural Earth (public domain) · present-day borders"


@dataclass(frozen=True, slots=True)
class BasemapLevel:
    """One scale of the offline world: a ``world-atlas`` file and the zoom it starts at."""

    name: str
    min_zoom: float

    @property
    def file(self) -> str:
        return f"{self.name}.json"


#: 1:110m for the world and continents; 1:50m from Leaflet zoom 4 on (a country).
WORLD_110M = BasemapLevel("countries-110m", 0)
WORLD_50M = BasemapLevel("countries-50m", 4)


def basemap_levels(mode: str, *, self_contained: bool = False) -> list[BasemapLevel]:
    """The scales a page of this ``--basemap`` mode carries (finest last).

    >>> [level.name for level in basemap_levels("tiles", self_contained=True)]
    ['countries-110m']
    >>> basemap_levels("tiles")
    []
    """
    if mode not in BASEMAP_MODES:
        raise ValueError(f"Expected a base map mode out of {BASEMAP_MODES}, instead got "
                         f"{mode!r}.")
    if mode == "offline":
        return [WORLD_110M, WORLD_50M]
    if mode == "tiles" and self_contained:
        return [WORLD_110M]
    return []


class OfflineBasemap(SafeMacroElement):
    """Land and borders drawn on their own canvas under the story, from inlined TopoJSON.

    The TopoJSON travels like the story data, as JSON in ``<script type="application/json">``
    blocks (through :func:`~geo.map.page.to_script_json`); ``topojson-client`` is inlined,
    then the component's own ``geo/map/static/basemap.js``.
    ``always`` draws it at once; otherwise it waits for a tile to fail.
    """

    def __init__(self, levels: list[BasemapLevel], *, always: bool) -> None:
        super().__init__()
        self._name = "OfflineBasemap"
        self.levels = levels
        self.always = always

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"Expected the base map inside a page, instead got {figure!r}.")
        options = {"always": self.always, "attribution": ATTRIBUTION, "levels": []}
        for level in self.levels:
            topology = json.loads(read_package_text("world-atlas", level.file))
            block_id = f"gs-basemap-{level.name}"
            figure.html.add_child(Literal(
                f'<script type="application/json" id="{block_id}">'
                f"{to_script_json(topology)}</script>"), name=block_id)
            options["levels"].append({"id": block_id, "minZoom": level.min_zoom})
        code = script_safe(read_package_text("topojson-client", "dist/topojson-client.min.js"))
        story = self._parent
        code += "\n" + script_safe(read_static("basemap.js"))  # this component's own code
        figure.script.add_child(Literal(
            f"{code}\nGeoStory.basemap({story.get_name()}, {to_script_json(options)});"),
            name=self.get_name())
