/* geostory corpus map: flows, birth and death attractors, a decade slider, a place panel.
 *
 * Reads the corpus from <script type="application/json" id="gc-data"> and sets every name
 * with textContent (never innerHTML), so text from the corpus is shown, never run.
 * Data layout (see geo/corpus/page.py):
 *   places [name, lat, lon, births, deaths]   people [person, lifePage, birth, death]
 *   visits [place, person, firstYear, lastYear, label, kind]   flows [from, to, decade, count]
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gc-data").textContent);
  var places = data.places, people = data.people, visits = data.visits, flows = data.flows;
  var decades = data.decades;
  var LIFE_PAGE = /^lives\/[A-Za-z0-9_-]+\.html$/;
  var COLOURS = {birth: "#15803d", death: "#7f1d1d", both: "#a16207", place: "#64748b",
                 flow: "#c2410c", selected: "#2563eb"};

  var el = function (id) { return document.getElementById(id); };
  var slider = el("gc-decade"), decadeLabel = el("gc-decade-label");
  slider.max = String(decades.length);

  var renderer = L.canvas({padding: 0.5});
  var map = L.map("gc-map", {preferCanvas: true, renderer: renderer, worldCopyJump: true,
                             zoomSnap: 0.25});
  L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution, maxZoom: 18}).addTo(map);
  var flowLayer = L.layerGroup().addTo(map);
  var placeLayer = L.layerGroup().addTo(map);
  var ringLayer = L.layerGroup().addTo(map);

  if (places.length) {
    var bounds = L.latLngBounds(places.map(function (p) { return [p[1], p[2]]; }));
    map.fitBounds(bounds.pad(0.05), {maxZoom: 7});
  } else {
    map.setView([30, 10], 2);
  }

  // Visits by place, so a click lists them without scanning every visit.
  var visitsAt = places.map(function () { return []; });
  visits.forEach(function (v, i) { visitsAt[v[0]].push(i); });

  var state = {decade: null, selected: -1, stats: null};

  function inDecade(v, d) {
    if (d === null) return true;
    return v[2] !== null && v[3] !== null && v[2] <= d + 9 && v[3] >= d;
  }

  function bornIn(v, d) {  // a birth or death counts in the decade of its date
    return d === null || (v[2] !== null && v[2] >= d && v[2] <= d + 9);
  }

  function placeStats(d) {
    var stats = places.map(function () { return {births: 0, deaths: 0, people: new Set()}; });
    visits.forEach(function (v) {
      if (!inDecade(v, d)) return;
      var s = stats[v[0]];
      s.people.add(v[1]);
      if (v[5] === "birth" && bornIn(v, d)) s.births += 1;
      if (v[5] === "death" && bornIn(v, d)) s.deaths += 1;
    });
    return stats;
  }

  function flowsFor(d) {
    var merged = new Map();
    flows.forEach(function (f) {
      if (d !== null && f[2] !== d) return;
      var key = f[0] + ">" + f[1];
      merged.set(key, (merged.get(key) || 0) + f[3]);
    });
    var out = [];
    merged.forEach(function (count, key) {
      var ends = key.split(">");
      out.push([Number(ends[0]), Number(ends[1]), count]);
    });
    out.sort(function (a, b) { return a[2] - b[2]; });
    return out;
  }

  function role(s) {
    if (s.births && s.deaths) return "both";
    if (s.births) return "birth";
    if (s.deaths) return "death";
    return "place";
  }

  function tooltipFor(i, s) {
    var span = document.createElement("span");
    var n = s.people.size;
    span.textContent = places[i][0] + " · " + n + (n === 1 ? " person" : " people");
    return span;
  }

  function draw() {
    var d = state.decade;
    var stats = placeStats(d);
    state.stats = stats;
    flowLayer.clearLayers();
    placeLayer.clearLayers();
    // Moves are drawn as a few multi-part lines, one per line width, not one layer per
    // move: the canvas then strokes a handful of paths however many moves there are.
    var moves = flowsFor(d), total = 0, byWidth = new Map();
    moves.forEach(function (f) {
      var a = places[f[0]], b = places[f[1]], lon = b[2];
      if (lon - a[2] > 180) lon -= 360;  // the short way round, across the antimeridian
      else if (a[2] - lon > 180) lon += 360;
      total += f[2];
      var width = Math.min(12, Math.round(1 + 1.6 * Math.log2(f[2])));
      if (!byWidth.has(width)) byWidth.set(width, []);
      byWidth.get(width).push([[a[1], a[2]], [b[1], lon]]);
    });
    Array.from(byWidth.keys()).sort(function (x, y) { return x - y; }).forEach(function (w) {
      L.polyline(byWidth.get(w), {renderer: renderer, color: COLOURS.flow, weight: w,
                                  opacity: 0.45, interactive: false}).addTo(flowLayer);
    });
    var order = [];
    stats.forEach(function (s, i) { if (s.people.size) order.push(i); });
    order.sort(function (a, b) {
      var sa = stats[a].births + stats[a].deaths, sb = stats[b].births + stats[b].deaths;
      return sb - sa || a - b;  // big attractors first, so small ones stay clickable on top
    });
    var others = order.filter(function (i) { return role(stats[i]) === "place"; });
    var attractors = order.filter(function (i) { return role(stats[i]) !== "place"; });
    others.concat(attractors).forEach(function (i) {
      var s = stats[i], r = role(s), n = s.births + s.deaths;
      var marker = L.circleMarker([places[i][1], places[i][2]], {
        renderer: renderer, radius: n ? 4 + 3 * Math.sqrt(n) : 3, color: "#ffffff", weight: 1,
        fillColor: COLOURS[r], fillOpacity: r === "place" ? 0.7 : 0.8});
      marker.bindTooltip(tooltipFor(i, s), {direction: "top"});
      marker.on("click", function () { select(i); });
      marker.addTo(placeLayer);
    });
    var label = d === null ? "all" : d + "s";
    decadeLabel.textContent = label;
    slider.setAttribute("aria-valuetext", d === null ? "all decades" : d + "s");
    var lives = d === null ? people.length : new Set(visits.filter(function (v) {
      return inDecade(v, d); }).map(function (v) { return v[1]; })).size;
    el("gc-summary").textContent = lives + (lives === 1 ? " life, " : " lives, ") +
      order.length + (order.length === 1 ? " place, " : " places, ") + total +
      (total === 1 ? " move" : " moves") + (d === null ? "" : " in the " + d + "s");
    drawTop(stats, order);
    if (state.selected >= 0) select(state.selected, true);
  }

  function drawTop(stats, order) {
    var list = el("gc-top");
    list.textContent = "";
    order.slice().sort(function (a, b) {
      return stats[b].people.size - stats[a].people.size || a - b;
    }).slice(0, 10).forEach(function (i) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "gc-top-place";
      button.textContent = places[i][0] + " (" + stats[i].people.size + ")";
      button.addEventListener("click", function () { select(i); });
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  function select(i, keepView) {
    state.selected = i;
    if (!keepView) remember();
    var p = places[i], s = state.stats[i], d = state.decade;
    ringLayer.clearLayers();
    L.circleMarker([p[1], p[2]], {renderer: renderer, radius: 14, color: COLOURS.selected,
                                  weight: 3, fill: false, interactive: false}).addTo(ringLayer);
    if (!keepView && !map.getBounds().contains([p[1], p[2]])) map.panTo([p[1], p[2]]);
    el("gc-place-name").textContent = p[0];
    var parts = [s.people.size + (s.people.size === 1 ? " person" : " people")];
    if (s.births) parts.push(s.births + (s.births === 1 ? " birth" : " births"));
    if (s.deaths) parts.push(s.deaths + (s.deaths === 1 ? " death" : " deaths"));
    el("gc-place-counts").textContent = parts.join(", ") + (d === null ? "" : " in the " + d + "s");
    var list = el("gc-visits");
    list.textContent = "";
    var here = visitsAt[i].filter(function (k) { return inDecade(visits[k], d); });
    here.sort(function (a, b) {
      var va = visits[a], vb = visits[b];
      return (va[2] === null ? 1e9 : va[2]) - (vb[2] === null ? 1e9 : vb[2]) || va[1] - vb[1] || a - b;
    });
    here.forEach(function (k) {
      var v = visits[k], person = people[v[1]];
      var li = document.createElement("li");
      li.className = "gc-visit";
      var who;
      if (LIFE_PAGE.test(person[1])) {
        who = document.createElement("a");
        who.href = person[1];
        who.target = "_blank";
        who.rel = "noopener";
        who.title = "Open the story map of this life";
      } else {
        who = document.createElement("span");
      }
      who.className = "gc-person";
      who.textContent = person[0];
      var when = document.createElement("span");
      when.className = "gc-when";
      when.textContent = v[4];
      var kind = document.createElement("span");
      kind.className = "gc-kind";
      kind.textContent = v[5];
      li.appendChild(who);
      li.appendChild(when);
      li.appendChild(kind);
      list.appendChild(li);
    });
  }

  // Find a place by name (keyboard and screen readers; the first place of that name).
  var byName = new Map();
  places.forEach(function (p, i) { if (!byName.has(p[0])) byName.set(p[0], i); });
  var names = el("gc-place-names");
  Array.from(byName.keys()).sort().forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    names.appendChild(option);
  });
  var find = el("gc-find");
  find.addEventListener("change", function () {
    if (byName.has(find.value)) select(byName.get(find.value));
  });

  // The address follows the view: #decade=1930&place=Paris opens there.
  function remember() {
    var params = new URLSearchParams();
    if (state.decade !== null) params.set("decade", String(state.decade));
    if (state.selected >= 0) params.set("place", places[state.selected][0]);
    var hash = params.toString();
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname);
    }
  }

  function setDecade(k) {
    slider.value = String(k);
    state.decade = k === 0 ? null : decades[k - 1];
    draw();
  }

  slider.addEventListener("input", function () {
    setDecade(Number(slider.value));
    remember();
  });

  function followAddress() {
    var wanted = new URLSearchParams(window.location.hash.slice(1));
    var k = decades.indexOf(Number(wanted.get("decade")));
    setDecade(wanted.has("decade") && k >= 0 ? k + 1 : 0);
    if (wanted.has("place") && byName.has(wanted.get("place"))) {
      select(byName.get(wanted.get("place")), true);
      var p = places[state.selected];
      map.setView([p[1], p[2]], Math.max(map.getZoom(), 4));
    }
  }
  window.addEventListener("hashchange", followAddress);
  followAddress();
  window.geostoryCorpus = {map: map, select: select, places: places, setDecade: setDecade};
  document.documentElement.setAttribute("data-ready", "true");
})();
