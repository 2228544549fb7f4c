/* geostory: several lives on one story map.
 *
 * The story clock plays the stops of every life in the order their time comes (see
 * geo/map/people.py). This component gives each person a colour, draws each person's own
 * route and traveller from the clock's day (a leg joins a stop only to the same person's
 * next stop), shows in the story panel where everyone is at the current date, filters the
 * map to one person, and keeps the filter in the address (#person=<slug>).
 *
 * It talks to the story only through its public surface: story.on(...) events, the frame
 * (frame.day), story.sel / story.stops / story.data, and three hooks the story offers:
 * story.stopFilter (which stops a selection may hold), story.cameraBounds (what the camera
 * frames) and story.urlParts (extra parts of the address). Text from the data reaches the
 * page through textContent only.
 */
(function (root) {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function lowerBound(arr, x) { // last index with arr[i] <= x, or -1
    var lo = 0, hi = arr.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] <= x) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function people(story, opts) {
    var data = story.data, list = data.people || [], stops = story.stops, map = story.map;
    if (list.length < 2) return;
    var n = list.length, G = root.GeoStory;

    // Each person's stops (indices into story.stops, in time order) and arrival days.
    var mine = [], arrivals = [];
    for (var w = 0; w < n; w++) { mine.push([]); arrivals.push([]); }
    stops.forEach(function (s, i) { mine[s.who].push(i); arrivals[s.who].push(s.a); });

    // Legs: stop i's leg leads to the same person's next stop (data.legs[i]; empty last).
    var latlngs = [], cumulative = [];
    data.legs.forEach(function (flat) {
      var pts = [], cum = [0], acc = 0;
      for (var j = 0; j < flat.length; j += 2) {
        pts.push([flat[j], flat[j + 1]]);
        if (j) {
          var dy = flat[j] - flat[j - 2], dx = flat[j + 1] - flat[j - 1];
          acc += Math.sqrt(dx * dx + dy * dy);
          cum.push(acc);
        }
      }
      latlngs.push(pts);
      cumulative.push(cum);
    });
    function along(i, f) {
      var cum = cumulative[i], pts = latlngs[i], total = cum[cum.length - 1];
      if (!pts.length) return { at: null, k: 0 };
      if (total <= 0 || f <= 0) return { at: pts[0], k: 0 };
      var target = total * Math.min(1, f), k = Math.max(0, lowerBound(cum, target));
      if (k >= pts.length - 1) return { at: pts[pts.length - 1], k: pts.length - 1 };
      var g = (target - cum[k]) / ((cum[k + 1] - cum[k]) || 1);
      return { at: [pts[k][0] + (pts[k + 1][0] - pts[k][0]) * g,
        pts[k][1] + (pts[k + 1][1] - pts[k][1]) * g], k: k };
    }

    // Where person w is on day `day`: their last stay begun by then, and whether they
    // are still there, travelling on (fraction of the leg), or not yet on the map.
    function whereAt(w, day) {
      var k = lowerBound(arrivals[w], day);
      if (k < 0) return { before: true, index: mine[w][0] };
      var i = mine[w][k], s = stops[i], next = k + 1 < mine[w].length ? mine[w][k + 1] : -1;
      if (next < 0 || day <= s.d) return { index: i, travel: false, last: next < 0 };
      var span = stops[next].a - s.d;
      var f = span > 0 ? Math.min(1, Math.max(0, (day - s.d) / span)) : 1;
      return { index: i, next: next, travel: true, fraction: f };
    }
    story.whereAt = whereAt;

    // -- drawing: a canvas of finished legs, the legs being travelled on the small one --
    map.createPane("gsPeople").style.zIndex = 410;
    var renderer = L.canvas({ pane: "gsPeople", padding: 0.1 });
    var active = story.activeRenderer();
    var lines = latlngs.map(function (pts, i) {
      return L.polyline(pts, {
        renderer: renderer, pane: "gsPeople", color: list[stops[i].who].color, weight: 2.6,
        opacity: 0.9, lineCap: "round", lineJoin: "round", interactive: false,
        smoothFactor: 0.5
      });
    });
    var drawn = new Uint8Array(lines.length);
    function setDrawn(i, on) {
      if (drawn[i] === (on ? 1 : 0) || !latlngs[i].length) return;
      drawn[i] = on ? 1 : 0;
      if (on) lines[i].addTo(map); else lines[i].remove();
    }
    var partials = list.map(function (p) {
      return L.polyline([], { renderer: active, pane: "gsActive", color: p.color, weight: 2.6,
        opacity: 0.95, lineCap: "round", interactive: false }).addTo(map);
    });
    var travellers = list.map(function (p, w) {
      // Side by side, a few pixels apart: two people in one town stay two markers.
      var dx = Math.round((w - (n - 1) / 2) * 9);
      var icon = L.divIcon({ className: "gs-person-traveller", iconSize: [20, 20],
        iconAnchor: [10 - dx, 10], html: "<span class=\"gs-person-dot\"></span>" });
      return L.marker([0, 0], { icon: icon, interactive: false, keyboard: false,
        zIndexOffset: 1000 });
    });
    var travellerOn = new Uint8Array(n);
    function showTraveller(w, at) {
      var m = travellers[w];
      if (at) m.setLatLng(at);
      var want = !!at;
      if (want === !!travellerOn[w]) return;
      travellerOn[w] = want ? 1 : 0;
      if (want) {
        m.addTo(map);
        var dot = m.getElement() && m.getElement().querySelector(".gs-person-dot");
        if (dot) dot.style.background = list[w].color;
      } else m.remove();
    }
    // Every stop marker wears its person's colour as a ring.
    if (story.markers) {
      story.markers.forEach(function (m, i) {
        m.setStyle({ color: list[stops[i].who].color, weight: 2 });
      });
    }

    var shown = list.map(function () { return true; }); // the person filter
    var partialOf = list.map(function () { return -1; });
    var lastKey = list.map(function () { return ""; });
    var positions = list.map(function () { return null; });
    function draw(frame) {
      var day = frame.day, overview = story.overview;
      for (var w = 0; w < n; w++) {
        var where = shown[w] ? whereAt(w, overview ? Infinity : day) : null;
        positions[w] = null;
        // Finished legs: every leg of a shown person that ends by this day.
        var key = !where ? "off" : (where.before ? "b" : where.index + (where.travel ? "t" :
          "s"));
        if (key !== lastKey[w]) {
          lastKey[w] = key;
          var upTo = where && !where.before ? mine[w].indexOf(where.index) : -1;
          for (var k = 0; k < mine[w].length; k++) setDrawn(mine[w][k], k < upTo);
        }
        var at = null, partial = -1;
        if (where && !where.before) {
          var s = stops[where.index];
          if (where.travel) {
            var a = along(where.index, story.reduceMotion ? where.fraction :
              ease(where.fraction));
            at = a.at;
            partial = where.index;
            var pts = latlngs[where.index].slice(0, a.k + 1);
            if (at) pts.push(at);
            partials[w].setLatLngs(pts);
          } else at = [s.lat, s.lon];
          positions[w] = at;
        }
        if (partial < 0 && partialOf[w] >= 0) partials[w].setLatLngs([]);
        partialOf[w] = partial;
        showTraveller(w, overview ? null : at);
      }
    }
    function ease(f) { return f < 0.5 ? 4 * f * f * f : 1 - Math.pow(-2 * f + 2, 3) / 2; }

    // -- the camera frames everyone shown, while more than one is on the map ------------
    function positionAt(w, day) {
      var where = whereAt(w, day);
      if (where.before) return null;
      var s = stops[where.index];
      if (!where.travel) return [s.lat, s.lon];
      return along(where.index, where.fraction).at;
    }
    story.cameraBounds = function (f) {
      if (!f) return null;
      var pts = [];
      for (var w = 0; w < n; w++) {
        var at = shown[w] ? positionAt(w, f.day) : null;
        if (at) pts.push(at);
      }
      return pts.length >= 2 ? L.latLngBounds(pts) : null;
    };

    // -- the filter: which people the selection holds -----------------------------------
    function applyFilter() {
      var all = shown.every(function (x) { return x; });
      story.stopFilter = all ? null : function (i) { return shown[stops[i].who]; };
      var keepDay = story.overview || !story.frame ? null : story.frame.day;
      var slugs = story.selection.filter(function (slug) {
        var p = data.periods[story.periodBySlug[slug]];
        return p && shown[p.who];
      });
      applying = true;
      story.selectPeriods(slugs, { keepView: keepDay !== null });
      applying = false;
      if (keepDay !== null) story.seekDay(keepDay);
      story.emit("settle");
    }
    var applying = false;
    story.showPeople = function (which) { // person indices, or [] for everyone
      for (var w = 0; w < n; w++) shown[w] = !which.length || which.indexOf(w) >= 0;
      applyFilter();
    };
    story.shownPeople = function () {
      var out = [];
      for (var w = 0; w < n; w++) if (shown[w]) out.push(list[w].slug);
      return out;
    };
    // A chapter of someone filtered out: show that person.
    story.on("selection", function (e) {
      // The story dropped the filter (a stop of someone hidden was chosen): show everyone.
      if (!story.stopFilter) for (var v = 0; v < n; v++) shown[v] = true;
      if (applying) { syncButtons(); return; }
      var need = [];
      e.slugs.forEach(function (slug) {
        var p = data.periods[story.periodBySlug[slug]];
        if (p && !shown[p.who] && need.indexOf(p.who) < 0) need.push(p.who);
      });
      if (need.length) {
        for (var w = 0; w < n; w++) shown[w] = shown[w] || need.indexOf(w) >= 0;
        story.stopFilter = shown.every(function (x) { return x; }) ? null :
          function (i) { return shown[stops[i].who]; };
        applying = true;
        story.selectPeriods(e.slugs, { keepView: e.keepView });
        applying = false;
      }
      syncButtons();
    });

    // -- the address: #person=<slug>[,<slug>] -------------------------------------------
    var bySlug = Object.create(null), byName = Object.create(null);
    list.forEach(function (p, w) { bySlug[p.slug] = w; byName[p.name.toLowerCase()] = w; });
    if (story.urlParts) {
      story.urlParts.push({
        key: "person",
        read: function (value) {
          var which = [];
          String(value || "").split(",").forEach(function (t) {
            t = t.trim();
            var w = t in bySlug ? bySlug[t] : byName[t.toLowerCase()];
            if (w !== undefined && which.indexOf(w) < 0) which.push(w);
          });
          for (var k = 0; k < n; k++) shown[k] = !which.length || which.indexOf(k) >= 0;
          story.stopFilter = which.length ? function (i) { return shown[stops[i].who]; } :
            null;
          syncButtons();
        },
        write: function () {
          if (shown.every(function (x) { return x; })) return null;
          return story.shownPeople().map(encodeURIComponent).join(",");
        }
      });
    }

    // -- the panel: where everyone is, and the filter ------------------------------------
    var body = document.getElementById("gs-panel-body");
    var box = el("section", "gs-people");
    box.setAttribute("aria-label", "People");
    var head = el("p", "gs-people-title");
    var headWord = el("span", null, "Where they are");
    var headDate = el("span", "gs-people-date", "");
    head.appendChild(headWord);
    head.appendChild(headDate);
    box.appendChild(head);
    var rows = el("ul", "gs-people-list"), buttons = [], statuses = [];
    var everyone = el("button", "gs-person gs-person-all");
    everyone.type = "button";
    everyone.appendChild(el("span", "gs-person-name", "Everyone"));
    everyone.addEventListener("click", function () { story.showPeople([]); });
    list.forEach(function (p, w) {
      var li = el("li"), b = el("button", "gs-person");
      b.type = "button";
      var sw = el("span", "gs-person-swatch");
      sw.style.background = p.color;
      sw.setAttribute("aria-hidden", "true");
      b.appendChild(sw);
      var text = el("span", "gs-person-text");
      text.appendChild(el("span", "gs-person-name", p.name));
      var status = el("span", "gs-person-where", "");
      text.appendChild(status);
      b.appendChild(text);
      b.title = "Show only " + p.name;
      b.addEventListener("click", function () {
        var only = shown.filter(function (x) { return x; }).length === 1 && shown[w];
        story.showPeople(only ? [] : [w]);
      });
      li.appendChild(b);
      rows.appendChild(li);
      buttons.push(b);
      statuses.push(status);
    });
    var allLi = el("li");
    allLi.appendChild(everyone);
    rows.appendChild(allLi);
    box.appendChild(rows);
    if (body) body.insertBefore(box, body.firstChild);

    function syncButtons() {
      var all = shown.every(function (x) { return x; });
      buttons.forEach(function (b, w) {
        b.setAttribute("aria-pressed", !all && shown[w] ? "true" : "false");
        b.classList.toggle("is-hidden-person", !shown[w]);
      });
      everyone.setAttribute("aria-pressed", all ? "true" : "false");
    }
    syncButtons();

    var lastStatus = list.map(function () { return null; }), lastHead = null;
    function describe(w, day) {
      var where = whereAt(w, day);
      if (where.before) return "not yet on the map (from " + stops[mine[w][0]].sl + ")";
      var s = stops[where.index];
      if (where.travel) return "on the way from " + s.place + " to " + stops[where.next].place;
      if (where.last && day > s.d && s.kind === "death") return "died at " + s.place + ", " +
        s.sl;
      return s.place + " · " + s.dates;
    }
    function status(frame) {
      var overview = story.overview;
      var label = overview ? "" : " · " + frame.label;
      if (label !== lastHead) { headDate.textContent = label; lastHead = label; }
      for (var w = 0; w < n; w++) {
        var text = overview ? list[w].years + " · " + list[w].stops + " stops" :
          describe(w, frame.day);
        if (text !== lastStatus[w]) { statuses[w].textContent = text; lastStatus[w] = text; }
        buttons[w].setAttribute("aria-label", list[w].name + ": " + text +
          (shown[w] ? "" : " (hidden)"));
      }
    }

    // A key in the map corner names the colours even when the panel is folded.
    var Key = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var k = el("ul", "gs-people-key");
        k.setAttribute("aria-label", "People on the map");
        list.forEach(function (p) {
          var li = el("li"), line = el("span", "gs-people-key-line");
          line.style.background = p.color;
          line.setAttribute("aria-hidden", "true");
          li.appendChild(line);
          li.appendChild(el("span", null, p.name));
          k.appendChild(li);
        });
        L.DomEvent.disableClickPropagation(k);
        return k;
      }
    });
    new Key().addTo(map);

    story.on("frame", function (e) {
      draw(e.frame);
      status(e.frame);
    });
    story.people = { list: list, whereAt: whereAt, shown: function () { return shown.slice(); } };
    if (G && !G.peopleReady) G.peopleReady = true;
  }

  if (root.GeoStory) root.GeoStory.people = people;
})(window);
