/* geostory story map: the legend (declared by geo/map/story.py, inlined after story.js). */
(function (root) {
  "use strict";
  var G = root.GeoStory;
  var el = G.util.el, dict = G.util.dict, kindStyle = G.util.kindStyle;

  // Legend: what the marker colours mean, only for kinds this itinerary uses.
  G.legend = function (story, opts) {
    var data = story.data;
    var Legend = L.Control.extend({
      // Bottom left: the zoom buttons are top right and the attribution bottom right, so
      // even a short map has room for both.
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = el("details", "gs-legend");
        var size = story.map.getSize();
        // Open where there is room for it; a pill to tap on small maps.
        if (size.x >= 640 && size.y >= 560) box.open = true;
        box.addEventListener("toggle", function () {
          // Never over the zoom buttons: a small map gets a scrolling legend.
          box.style.maxHeight = Math.max(48, story.map.getSize().y - 130) + "px";
          story.map.invalidateSize({ pan: false });
        });
        box.appendChild(el("summary", null, "Legend"));
        var list = el("ul");
        var used = dict();
        story.stops.forEach(function (s) { used[s.kind] = true; });
        data.kindOrder.forEach(function (kind) {
          if (!used[kind]) return;
          var k = kindStyle(data, kind), li = el("li"), dot = el("span", "gs-dot");
          dot.style.background = k.color;
          li.appendChild(dot);
          li.appendChild(el("span", null, k.label));
          list.appendChild(li);
        });
        if (!data.people) { // several lives: the routes wear their people's colours
          var route = el("li"), line = el("span", "gs-swatch-line");
          route.appendChild(line);
          route.appendChild(el("span", null, "route travelled"));
          list.appendChild(route);
          var ghost = el("li"), gl = el("span", "gs-swatch-line gs-swatch-ghost");
          ghost.appendChild(gl);
          ghost.appendChild(el("span", null, "route ahead"));
          list.appendChild(ghost);
        }
        var me = el("li"), tr = el("span", "gs-swatch-traveller");
        me.appendChild(tr);
        me.appendChild(el("span", null, "where they are"));
        list.appendChild(me);
        box.appendChild(list);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Legend().addTo(story.map);
  };
})(window);
