/* geostory story map: the traveller (declared by geo/map/story.py, inlined after story.js). */
(function (root) {
  "use strict";
  var G = root.GeoStory;

  // Traveller: one HTML marker that moves along the current leg and rests at the stop.
  G.traveller = function (story, opts) {
    var icon = L.divIcon({ className: "gs-traveller", iconSize: [22, 22],
      html: "<span class=\"gs-traveller-dot\"></span>" });
    var marker = L.marker([0, 0], { icon: icon, interactive: false, keyboard: false,
      zIndexOffset: 1000 });
    var shownOn = false;
    story.on("frame", function (e) {
      var f = e.frame, s = story.stops[f.index], at;
      if (f.travel && f.consecutive && story.along) at = story.along(f.index, f.easedFraction).at;
      else if (f.travel && f.fraction > 0.5) {
        var nx = story.stops[f.next];
        at = [nx.lat, nx.lon];
      } else at = [s.lat, s.lon];
      marker.setLatLng(at);
      var want = !story.overview;
      if (want !== shownOn) {
        if (want) marker.addTo(story.map); else marker.remove();
        shownOn = want;
      }
    });
    story.traveller = marker;
  };
})(window);
