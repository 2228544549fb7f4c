/* geostory story map: historical borders (render --borders PATH).
 *
 * Draws the snapshot in force at the story's current date (the latest snapshot whose
 * year began by then; none before the first) on its own canvas over the tiles, and a
 * label in the map's corner: "borders c. 1914 · Russian Empire" (the polity the current
 * stop lies in) with the snapshot's attribution. Snapshots arrive as JSON from
 * geo/map/borders.py, already simplified; each is turned into Leaflet layers once, the
 * first time it is shown. Text from the data reaches the page through textContent only.
 */
(function (root) {
  "use strict";
  var G = root.GeoStory;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  G.borders = function (story, opts) {
    var map = story.map, box = document.getElementById(opts.dataId);
    if (!box) return;
    var data = JSON.parse(box.textContent), snaps = data.snapshots || [];
    var days = snaps.map(function (s) { return s.day; });
    map.createPane("gsBorders").style.zIndex = 300; // over tiles and land, under the route
    var renderer = L.canvas({ pane: "gsBorders", padding: 0.1 });
    var layers = new Array(snaps.length), where = new Array(snaps.length);
    var shown = -2, shownWhere = null;

    function layer(k) {
      if (layers[k]) return layers[k];
      var features = [];
      snaps[k].features.forEach(function (g) {
        if (g) features.push({ type: "Feature", properties: {}, geometry: g });
      });
      layers[k] = L.geoJSON({ type: "FeatureCollection", features: features }, {
        renderer: renderer, pane: "gsBorders", interactive: false,
        style: { color: "#7a5c2e", weight: 1, opacity: 0.75, fillColor: "#c9a66b",
          fillOpacity: 0.07 }
      });
      var at = Object.create(null); // stop index -> feature index
      snaps[k].at.forEach(function (pair) { at[pair[0]] = pair[1]; });
      where[k] = at;
      return layers[k];
    }

    var control = L.control({ position: "bottomright" });
    var label, place, credit;
    control.onAdd = function () {
      var div = el("div", "gs-borders");
      div.setAttribute("role", "status");
      label = el("span", "gs-borders-label");
      place = el("span", "gs-borders-where");
      credit = el("span", "gs-borders-credit");
      div.appendChild(label);
      div.appendChild(place);
      div.appendChild(credit);
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    control.addTo(map);

    function snapshotAt(day) { // the last snapshot that began by `day`, or -1
      var lo = 0, hi = days.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (days[mid] <= day) lo = mid + 1; else hi = mid; }
      return lo - 1;
    }

    function show(k) {
      if (k === shown) return;
      if (shown >= 0) layers[shown].remove();
      if (k >= 0) layer(k).addTo(map);
      shown = k;
      label.textContent = k >= 0 ? snaps[k].label : data.fromLabel;
      credit.textContent = k >= 0 ? snaps[k].attribution : "";
      credit.hidden = !(k >= 0 && snaps[k].attribution);
      story.emit("borders", k >= 0 ? snaps[k].year : null);
    }

    story.on("frame", function (e) {
      var f = e.frame, k = snapshotAt(f.day);
      show(k);
      var name = "";
      if (k >= 0 && !story.overview && !f.travel) {
        var i = where[k][f.index];
        if (i !== undefined) name = snaps[k].names[i] || "";
      }
      if (name !== shownWhere) {
        place.textContent = name ? " · " + name : "";
        shownWhere = name;
      }
    });

    story.bordersShown = function () {
      return {
        year: shown >= 0 ? snaps[shown].year : null, label: label.textContent,
        where: place.textContent, credit: credit.hidden ? "" : credit.textContent,
        drawn: shown >= 0 ? layers[shown].getLayers().length : 0,
        onMap: shown >= 0 && map.hasLayer(layers[shown])
      };
    };
  };
})(window);
