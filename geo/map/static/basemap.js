/* geostory story map: the offline base map (geo/map/basemap.py declares this file).
 *
 * Natural Earth land and present-day borders from inlined TopoJSON (npm world-atlas,
 * decoded by topojson-client, inlined before this file), drawn on a canvas under the
 * story: at once with --basemap offline, otherwise as soon as map tiles fail to load.
 */
(function (root) {
  "use strict";
  var G = root.GeoStory;
  var TILE_FAILURES_OFFLINE = 12; // tiles failed, none loaded: the page is offline

  // Offline base map: land and present-day borders from inlined TopoJSON (world-atlas),
  // on a canvas under everything, drawn at once (opts.always) or when a tile fails.
  G.basemap = function (story, opts) {
    var map = story.map, levels = opts.levels || [], built = [], shown = -1, on = false;
    if (!levels.length || !root.topojson) return;
    map.createPane("gsBase").style.zIndex = 150; // under the tiles, should they come back
    var renderer = L.canvas({ pane: "gsBase", padding: 0.2 });
    // Natural Earth rings that cross the antimeridian (Chukotka, Fiji) jump from 180° to
    // -180°; drawn as they are, they become bands across the world. Make each ring and
    // line continuous in longitude instead (the part past 180° lies off the map's edge).
    function unwrap(coords) {
      if (typeof coords[0] === "number") return;
      if (typeof coords[0][0] === "number") {
        for (var k = 1; k < coords.length; k++) {
          var d = coords[k][0] - coords[k - 1][0];
          if (Math.abs(d) > 180) coords[k][0] -= 360 * Math.round(d / 360);
        }
        return;
      }
      for (var j = 0; j < coords.length; j++) unwrap(coords[j]);
    }
    function continuous(geojson) {
      (geojson.features || [geojson]).forEach(function (f) {
        var g = f.geometry || f;
        if (g && g.coordinates) unwrap(g.coordinates);
      });
      return geojson;
    }
    function build(i) {
      if (built[i]) return built[i];
      var topo = JSON.parse(document.getElementById(levels[i].id).textContent), tj = root.topojson;
      var land = continuous(tj.feature(topo, topo.objects.land));
      var borders = continuous(tj.mesh(topo, topo.objects.countries,
        function (a, b) { return a !== b; }));
      built[i] = L.layerGroup([
        L.geoJSON(land, { renderer: renderer, pane: "gsBase", interactive: false,
          style: { stroke: true, color: "#b9b2a3", weight: 0.6, fillColor: "#f4f1e8",
            fillOpacity: 1 } }),
        L.geoJSON(borders, { renderer: renderer, pane: "gsBase", interactive: false,
          style: { color: "#a39c8c", weight: 0.8, dashArray: "2 2", fill: false } })
      ]);
      return built[i];
    }
    function level() { // the finest scale whose zoom has come
      var z = map.getZoom(), best = 0;
      for (var i = 0; i < levels.length; i++) if (z >= levels[i].minZoom) best = i;
      return best;
    }
    function draw() {
      var i = level();
      if (i === shown) return;
      if (shown >= 0) built[shown].remove();
      build(i).addTo(map);
      shown = i;
    }
    function show() {
      if (on) return;
      on = true;
      map.getContainer().classList.add("gs-offline-base");
      if (map.attributionControl) map.attributionControl.addAttribution(opts.attribution);
      draw();
      map.on("zoomend", draw);
      story.emit("basemap", true);
    }
    story.basemapShown = function () { return on ? levels[shown].id : null; };
    if (opts.always || root.navigator.onLine === false) { show(); return; }
    map.eachLayer(function (layer) {
      if (!(layer instanceof L.TileLayer)) return;
      var loaded = 0, failed = 0;
      layer.on("tileload", function () { loaded += 1; });
      layer.on("tileerror", function () {
        failed += 1;
        show();
        // Offline for good (nothing ever loaded): stop asking for tiles on every move.
        if (!loaded && failed >= TILE_FAILURES_OFFLINE) map.removeLayer(layer);
      });
    });
  };
})(window);
