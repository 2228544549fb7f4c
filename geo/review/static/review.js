/* geostory review page: a draft itinerary beside its biography and its map.
 *
 * Reads its data from <script type="application/json" id="rv-data"> and shows every piece
 * of text with textContent (never innerHTML), so text from a file stays text. The work is
 * kept in localStorage under the text's hash; "Save itinerary" downloads a CSV in the
 * data/places.csv schema that `python -m geo validate` accepts.
 */
(function () {
  "use strict";

  var D = JSON.parse(document.getElementById("rv-data").textContent);
  var KEY = "geostory-review:v1:" + D.text_hash + ":" + D.base_hash;
  var HISTORY_LIMIT = 300;
  var R = window.geostoryRules;  // review_rules.js: dates, row checks and CSV cells

  // ---------------------------------------------------------------- small helpers
  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clone(x) { return JSON.parse(JSON.stringify(x)); }
  function fold(s) {
    return String(s).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }
  function round5(x) { return Math.round(x * 1e5) / 1e5; }
  function km(a, b) {
    var r = Math.PI / 180;
    var h = Math.pow(Math.sin((b.lat - a.lat) * r / 2), 2) + Math.cos(a.lat * r) *
      Math.cos(b.lat * r) * Math.pow(Math.sin((b.lon - a.lon) * r / 2), 2);
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  function editable(target) {
    if (!target || !target.tagName) { return false; }
    var t = target.tagName;
    return t === "INPUT" || t === "TEXTAREA" || t === "SELECT" || target.isContentEditable;
  }

  // Python offsets count code points; JavaScript strings count UTF-16 units.
  var TEXT = D.text;
  var cpToUnit = null;
  if (/[\uD800-\uDFFF]/.test(TEXT)) {
    cpToUnit = [];
    for (var u = 0; u < TEXT.length; u++) {
      cpToUnit.push(u);
      var c = TEXT.charCodeAt(u);
      if (c >= 0xD800 && c <= 0xDBFF && u + 1 < TEXT.length) { u++; }
    }
    cpToUnit.push(TEXT.length);
  }
  function unitOf(cp) {
    if (!cpToUnit) { return cp; }
    return cpToUnit[Math.max(0, Math.min(cp, cpToUnit.length - 1))];
  }
  function cpOf(unit) {
    if (!cpToUnit) { return unit; }
    var lo = 0, hi = cpToUnit.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (cpToUnit[mid] <= unit) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function whyOf(s) {
    var parts = [s.status === "accepted" ? "accepted" : "not reviewed"];
    if (s.why) { parts.push(s.why); }
    return parts.join("; ");
  }
  function kept() { return state.stops.filter(function (s) { return s.status !== "rejected"; }); }
  function toCsv() {
    var lines = [D.columns.join(",")];
    kept().forEach(function (s, i) {
      var row = D.columns.map(function (col) {
        if (col === "stop") { return String(i + 1); }
        if (col === "lat" || col === "lon") { return String(round5(s[col])); }
        if (col === "char_start" || col === "char_end") {
          return s[col] >= 0 ? String(s[col]) : "";
        }
        if (col === "why") { return R.csvField(R.csvSafe(whyOf(s))); }
        return R.csvField(R.csvSafe(String(s[col] === undefined ? "" : s[col]).trim()));
      });
      lines.push(row.join(","));
    });
    return lines.join("\n") + "\n";
  }

  // ---------------------------------------------------------------- state and history
  var state = {stops: clone(D.stops), sel: {kind: "stop", i: 0}};
  var undoStack = [], redoStack = [];
  var storage = null;
  try { storage = window.localStorage; storage.getItem(KEY); } catch (e) { storage = null; }
  var restoredAt = null;
  if (storage) {
    try {
      var saved = JSON.parse(storage.getItem(KEY) || "null");
      if (saved && saved.v === 1 && Array.isArray(saved.stops)) {
        state.stops = saved.stops;
        if (saved.sel && typeof saved.sel.i === "number") { state.sel = saved.sel; }
        restoredAt = saved.at || null;
      }
    } catch (e) { /* a damaged entry: start from the draft */ }
  }
  if (!state.stops.length) { state.sel = {kind: "none", i: -1}; }

  function persist() {
    if (!storage) {
      setSaved("Not kept: this browser does not allow local storage here. Save the CSV.", "warn");
      return;
    }
    try {
      var at = new Date().toISOString();
      storage.setItem(KEY, JSON.stringify({v: 1, at: at, stops: state.stops, sel: state.sel}));
      setSaved("All changes kept in this browser (" + at.slice(11, 19) + " UTC)", "ok");
    } catch (e) {
      setSaved("Not kept: the browser refused to store the work (" + e.name + "). Save the CSV.",
               "warn");
    }
  }
  function setSaved(text, tone) {
    var s = $("rv-saved");
    s.textContent = text;
    s.dataset.tone = tone;
  }

  /* Every change goes through here: one undo step, kept in storage, redrawn. */
  function commit(label, change) {
    var before = JSON.stringify(state.stops);
    change();
    if (JSON.stringify(state.stops) === before) { return; }
    undoStack.push({stops: before, label: label});
    if (undoStack.length > HISTORY_LIMIT) { undoStack.shift(); }
    redoStack = [];
    announce(label);
    persist();
    render();
  }
  function undo() {
    var step = undoStack.pop();
    if (!step) { announce("Nothing to undo"); return; }
    redoStack.push({stops: JSON.stringify(state.stops), label: step.label});
    state.stops = JSON.parse(step.stops);
    clampSelection();
    announce("Undone: " + step.label);
    persist();
    render();
  }
  function redo() {
    var step = redoStack.pop();
    if (!step) { announce("Nothing to redo"); return; }
    undoStack.push({stops: JSON.stringify(state.stops), label: step.label});
    state.stops = JSON.parse(step.stops);
    clampSelection();
    announce("Redone: " + step.label);
    persist();
    render();
  }
  function clampSelection() {
    if (state.sel.kind === "stop" && state.sel.i >= state.stops.length) {
      state.sel = state.stops.length ? {kind: "stop", i: state.stops.length - 1}
        : {kind: "none", i: -1};
    }
  }
  function announce(text) { $("rv-announce").textContent = text; }

  // ---------------------------------------------------------------- the text
  var marks = [];
  function buildText() {
    var doc = $("rv-doc");
    var frag = document.createDocumentFragment();
    var at = 0;
    function plain(from, to) {
      if (to <= from) { return; }
      var span = el("span", null, TEXT.slice(from, to));
      span.dataset.s = String(from);
      frag.appendChild(span);
    }
    D.mentions.forEach(function (m, i) {
      var s = unitOf(m.start), e = unitOf(m.end);
      if (s < at) { marks.push(null); return; }  // overlapping mention: skip its highlight
      plain(at, s);
      var mark = el("mark", "rv-m", TEXT.slice(s, e));
      mark.dataset.s = String(s);
      mark.dataset.m = String(i);
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      frag.appendChild(mark);
      marks.push(mark);
      at = e;
    });
    plain(at, TEXT.length);
    doc.appendChild(frag);
    doc.addEventListener("click", function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark.rv-m") : null;
      if (mark && !selectionText()) { chooseMention(parseInt(mark.dataset.m, 10), false); }
    });
    doc.addEventListener("keydown", function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark.rv-m") : null;
      if (mark && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        chooseMention(parseInt(mark.dataset.m, 10), false);
      }
    });
    // The reason of a mark, shown on hover and on keyboard focus (a title shows on hover only).
    var showReason = function (ev) {
      var mark = ev.target.closest ? ev.target.closest("mark.rv-m[data-m]") : null;
      if (mark) { $("rv-reason").textContent = mark.getAttribute("aria-label"); }
    };
    doc.addEventListener("focusin", showReason);
    doc.addEventListener("mouseover", showReason);
    document.addEventListener("selectionchange", function () {
      $("rv-add").disabled = !selectionText();
    });
  }
  /* Does stop `s` come from mention `i`? Named there, or a stop the mention is part of. */
  function fromMention(s, i) {
    var owner = D.mentions[i] ? D.mentions[i].stop_id : null;
    return s.mention_id === i || (owner !== null && owner !== undefined && s.id === owner);
  }
  function stopsOfMention(i) {
    var out = [];
    state.stops.forEach(function (s, j) { if (fromMention(s, i)) { out.push(j); } });
    return out;
  }
  function newId() {
    var n = 0;
    state.stops.forEach(function (s) {
      var k = /^a(\d+)$/.exec(s.id || "");
      if (k) { n = Math.max(n, parseInt(k[1], 10)); }
    });
    return "a" + (n + 1);
  }
  function refreshMarks() {
    D.mentions.forEach(function (m, i) {
      var mark = marks[i];
      if (!mark) { return; }
      var linked = stopsOfMention(i).map(function (j) { return state.stops[j]; });
      var kind = m.kept ? "kept" : "mention";
      if (linked.length) {
        kind = linked.some(function (t) { return t.status !== "rejected"; }) ? "stop" : "rejected";
      }
      var label = {stop: "stop", rejected: "stop rejected in review",
                   kept: "place kept by the extractor but not a stop",
                   mention: "not a stop"}[kind];
      var reason = m.reason ? " (" + m.reason + ")" : "";
      mark.className = "rv-m rv-m-" + kind;
      mark.title = label + reason;
      mark.setAttribute("aria-label", m.surface + ": " + label + reason);
      var selected = (state.sel.kind === "mention" && state.sel.i === i) ||
        (state.sel.kind === "stop" && state.stops[state.sel.i] &&
         state.stops[state.sel.i].mention_id === i);
      mark.classList.toggle("rv-m-related", !selected && state.sel.kind === "stop" &&
        !!state.stops[state.sel.i] && fromMention(state.stops[state.sel.i], i));
      mark.classList.toggle("rv-m-selected", selected);
    });
  }

  // ---------------------------------------------------------------- the map
  var map = null, stopLayer = null, candLayer = null, routeLine = null, pin = null;
  function buildMap() {
    map = L.map("rv-map", {worldCopyJump: true, zoomSnap: 0.5, minZoom: 1});
    map.attributionControl.setPrefix("Leaflet");
    if (D.land.length) {
      L.polygon(D.land, {stroke: true, color: "#b9b2a2", weight: 0.7, fillColor: "#f3f0e8",
                         fillOpacity: 1, interactive: false, smoothFactor: 0.5}).addTo(map);
      map.attributionControl.addAttribution("Land: Natural Earth");
    } else {
      $("rv-map").classList.add("rv-no-land");
      map.attributionControl.addAttribution("No base map: run npm ci (world-atlas)");
    }
    candLayer = L.layerGroup().addTo(map);
    stopLayer = L.layerGroup().addTo(map);
    routeLine = L.polyline([], {color: "#b45309", weight: 2, opacity: 0.8, interactive: false})
      .addTo(map);
    var pts = kept().map(function (s) { return [s.lat, s.lon]; });
    if (pts.length > 1) { map.fitBounds(pts, {padding: [24, 24], maxZoom: 7}); }
    else if (pts.length === 1) { map.setView(pts[0], 5); }
    else { map.setView([30, 10], 2); }
  }
  function drawMap() {
    stopLayer.clearLayers();
    var route = [];
    state.stops.forEach(function (s, i) {
      var selected = state.sel.kind === "stop" && state.sel.i === i;
      var rejected = s.status === "rejected";
      if (!rejected) { route.push([s.lat, s.lon]); }
      var marker = L.circleMarker([s.lat, s.lon], {
        radius: selected ? 9 : (rejected ? 4 : 6),
        color: rejected ? "#6b7280" : (s.status === "accepted" ? "#166534" : "#1e3a8a"),
        weight: selected ? 3 : 1.5,
        dashArray: rejected ? "2 3" : null,
        fillColor: rejected ? "#ffffff" : (s.status === "accepted" ? "#22c55e" : "#3b82f6"),
        fillOpacity: rejected ? 0.3 : 0.85,
      });
      marker.bindTooltip(String(i + 1) + ". " + s.place, {direction: "top"});
      marker.on("click", function () { select(i, true); });
      stopLayer.addLayer(marker);
    });
    routeLine.setLatLngs(route);
    drawCandidates();
    var s = currentStop();
    if (s) {
      if (!pin) {
        pin = L.marker([s.lat, s.lon], {
          draggable: true, autoPan: true, keyboard: false, zIndexOffset: 1000,
          icon: L.divIcon({className: "rv-pin", iconSize: [22, 24], iconAnchor: [11, 22]}),
        }).addTo(map);
        pin.on("dragend", function () {
          var ll = pin.getLatLng(), i = state.sel.i;
          var lon = ((ll.lng + 180) % 360 + 360) % 360 - 180;
          commit("Moved the pin of " + state.stops[i].place, function () {
            var t = state.stops[i];
            t.lat = round5(Math.max(-90, Math.min(90, ll.lat)));
            t.lon = round5(lon);
            t.geo_source = "manual";
            note(t, "point set by hand");
          });
        });
      } else {
        pin.setLatLng([s.lat, s.lon]);
      }
    } else if (pin) {
      map.removeLayer(pin);
      pin = null;
    }
  }
  /* Scroll only the pane that holds `node`, never the page (scrollIntoView scrolls both). */
  function reveal(node, box, center) {
    var r = node.getBoundingClientRect(), b = box.getBoundingClientRect();
    if (r.top >= b.top && r.bottom <= b.bottom) { return; }
    box.scrollTop += center ? r.top - b.top - (b.height - r.height) / 2
      : (r.top < b.top ? r.top - b.top : r.bottom - b.bottom);
  }
  /* The other places the chosen name may be, as small squares; a click picks one. */
  function drawCandidates() {
    candLayer.clearLayers();
    var s = currentStop();
    var cands = s ? candidatesOf(s)
      : (state.sel.kind === "mention" && D.mentions[state.sel.i]
         ? D.mentions[state.sel.i].candidates : []);
    cands.forEach(function (c) {
      if (s && s.geo_source === c.source) { return; }
      var m = L.marker([c.lat, c.lon], {
        icon: L.divIcon({className: "rv-cand-pt", iconSize: [12, 12], iconAnchor: [6, 6]}),
        keyboard: false, zIndexOffset: 500,
      });
      m.bindTooltip(candidateLabel(c, null), {direction: "top"});
      m.on("click", function () {
        var b = document.querySelector('#rv-detail-body .rv-cand[data-source="' +
                                       CSS.escape(c.source) + '"]');
        if (b) { b.click(); }
      });
      candLayer.addLayer(m);
    });
  }
  function focusMap(s) {
    if (!map) { return; }
    map.setView([s.lat, s.lon], Math.max(map.getZoom(), 4), {animate: false});
  }

  // ---------------------------------------------------------------- the list
  function drawList() {
    var ol = $("rv-stops");
    ol.textContent = "";
    state.stops.forEach(function (s, i) {
      var li = el("li", "rv-item rv-" + s.status);
      var b = el("button", "rv-stop");
      b.type = "button";
      b.dataset.i = String(i);
      var n = el("span", "rv-n", String(i + 1));
      var name = el("span", "rv-name", s.place || "(no name)");
      var when = el("span", "rv-when", R.spanLabel(s));
      var mark = el("span", "rv-badge", {accepted: "accepted", rejected: "rejected",
                                          pending: "to review"}[s.status]);
      b.appendChild(n); b.appendChild(name); b.appendChild(when); b.appendChild(mark);
      if (s.status !== "rejected" && R.rowProblems(s, D.kinds).length) {
        b.appendChild(el("span", "rv-warn", "needs a fix"));
      }
      var current = state.sel.kind === "stop" && state.sel.i === i;
      if (current) { b.setAttribute("aria-current", "true"); }
      b.addEventListener("click", function () { select(i, true); });
      li.appendChild(b);
      ol.appendChild(li);
    });
    var counts = {accepted: 0, rejected: 0, pending: 0};
    state.stops.forEach(function (s) { counts[s.status] += 1; });
    $("rv-counts").textContent = counts.accepted + " accepted · " + counts.rejected +
      " rejected · " + counts.pending + " to review";
    $("rv-undo").disabled = !undoStack.length;
    $("rv-redo").disabled = !redoStack.length;
  }

  // ---------------------------------------------------------------- the detail panel
  function currentStop() {
    return state.sel.kind === "stop" ? state.stops[state.sel.i] || null : null;
  }
  function previousKept(i) {
    for (var j = i - 1; j >= 0; j--) {
      if (state.stops[j].status !== "rejected") { return state.stops[j]; }
    }
    return null;
  }
  function candidateLabel(c, prev) {
    var parts = [c.name];
    if (c.modern_name && c.modern_name !== c.name) { parts[0] += " (" + c.modern_name + ")"; }
    var where = [c.admin1 ? "admin-1 " + c.admin1 : "", c.country].filter(Boolean).join(", ");
    if (where) { parts.push(where); }
    parts.push(c.population ? "pop. " + c.population.toLocaleString("en") : c.feature);
    if (prev) { parts.push(Math.round(km(prev, c)).toLocaleString("en") + " km from previous"); }
    return parts.join(" · ");
  }
  function candidatesOf(s) {
    if (s && s.candidates) { return s.candidates; }  // a stop added from a selection
    var m = s && s.mention_id >= 0 ? D.mentions[s.mention_id] : null;
    return m ? m.candidates : [];
  }
  function allCandidates() {
    var seen = {}, out = [];
    D.mentions.forEach(function (m) {
      m.candidates.forEach(function (c) {
        if (!seen[c.source]) { seen[c.source] = true; out.push(c); }
      });
    });
    return out;
  }
  function searchCandidates(q) {
    var f = fold(q);
    if (!f) { return []; }
    return allCandidates().filter(function (c) {
      return fold(c.name).indexOf(f) >= 0 || fold(c.modern_name).indexOf(f) >= 0;
    }).slice(0, 8);
  }

  function field(label, id, value, kind) {
    var wrap = el("div", "rv-field");
    var lab = el("label", null, label);
    lab.htmlFor = id;
    var input = el(kind === "textarea" ? "textarea" : "input");
    input.id = id;
    if (kind !== "textarea") { input.type = "text"; }
    input.value = value;
    wrap.appendChild(lab);
    wrap.appendChild(input);
    return {wrap: wrap, input: input};
  }
  function button(text, id, onClick, shortcut) {
    var b = el("button", "rv-btn", text);
    b.type = "button";
    if (id) { b.id = id; }
    if (shortcut) { b.setAttribute("aria-keyshortcuts", shortcut); }
    b.addEventListener("click", onClick);
    return b;
  }

  function candidateList(cands, s, onPick) {
    var ul = el("ul", "rv-cands");
    var prev = state.sel.kind === "stop" ? previousKept(state.sel.i) : null;
    cands.forEach(function (c, k) {
      var li = el("li");
      var b = el("button", "rv-cand", candidateLabel(c, prev));
      b.type = "button";
      b.dataset.source = c.source;
      b.dataset.k = String(k);
      var chosen = s && s.geo_source === c.source;
      b.setAttribute("aria-pressed", chosen ? "true" : "false");
      b.addEventListener("click", function () { onPick(c); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    return ul;
  }

  function place(i, c) {
    commit("Placed " + state.stops[i].place + " at " + c.name + " (" + c.source + ")",
      function () {
        var t = state.stops[i];
        t.lat = c.lat; t.lon = c.lon; t.modern_name = c.modern_name; t.country = c.country;
        t.geo_source = c.source;
        note(t, "place chosen in review");
      });
  }

  function drawStopDetail(box, i) {
    var s = state.stops[i];
    var h = el("h2", null, "Stop " + (i + 1) + " of " + state.stops.length + ": " + s.place);
    h.id = "rv-d-title";
    box.appendChild(h);
    var status = el("p", "rv-status rv-" + s.status,
      {accepted: "Accepted", rejected: "Rejected", pending: "Not reviewed yet"}[s.status]);
    box.appendChild(status);
    var actions = el("div", "rv-actions");
    actions.appendChild(button("Accept (a)", "rv-accept", function () { decide("accepted"); },
                               "A"));
    actions.appendChild(button("Reject (r)", "rv-reject", function () { decide("rejected"); },
                               "R"));
    actions.appendChild(button("Same for every “" + s.place + "”", "rv-all", applyAll, "E"));
    box.appendChild(actions);
    var m = s.mention_id >= 0 ? D.mentions[s.mention_id] : null;
    var ev = el("p", "rv-evidence");
    ev.appendChild(el("span", null, m ? "Named in the text as “" + m.surface + "”. "
      : "Not linked to a mention in this text. "));
    if (s.why) { ev.appendChild(el("span", null, "Evidence: " + s.why + ".")); }
    box.appendChild(ev);

    // Place
    var fs = el("fieldset", "rv-fs");
    fs.appendChild(el("legend", null, "Place"));
    var cands = candidatesOf(s);
    if (cands.length) {
      fs.appendChild(el("p", "rv-hint", "Candidates for “" + (m ? m.surface : s.place) +
        "”, best first:"));
      fs.appendChild(candidateList(cands, s, function (c) { place(i, c); }));
    } else {
      fs.appendChild(el("p", "rv-hint", "No gazetteer candidates for this name."));
    }
    var search = field("Search the candidates in this text", "rv-search", "", "text");
    search.input.type = "search";
    var results = el("div", "rv-results");
    results.id = "rv-results";
    search.input.addEventListener("input", function () {
      results.textContent = "";
      var found = searchCandidates(search.input.value);
      if (search.input.value && !found.length) { results.appendChild(el("p", "rv-hint", "No match.")); }
      if (found.length) {
        results.appendChild(candidateList(found, s, function (c) { place(i, c); }));
      }
    });
    fs.appendChild(search.wrap);
    fs.appendChild(results);
    var coords = el("div", "rv-row");
    var lat = field("Latitude", "rv-f-lat", String(s.lat), "text");
    var lon = field("Longitude", "rv-f-lon", String(s.lon), "text");
    [["lat", lat, 90], ["lon", lon, 180]].forEach(function (t) {
      t[1].input.inputMode = "decimal";
      t[1].input.addEventListener("change", function () {
        var x = Number(t[1].input.value);
        if (!/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(t[1].input.value) || Math.abs(x) > t[2]) {
          t[1].input.setAttribute("aria-invalid", "true");
          announce(t[0] === "lat" ? "Latitude must be decimal degrees from -90 to 90"
            : "Longitude must be decimal degrees from -180 to 180");
          return;
        }
        commit("Set the point of " + s.place + " by hand", function () {
          state.stops[i][t[0]] = round5(x);
          state.stops[i].geo_source = "manual";
          note(state.stops[i], "point set by hand");
        });
      });
      coords.appendChild(t[1].wrap);
    });
    fs.appendChild(coords);
    fs.appendChild(el("p", "rv-hint", "Point from " + (s.geo_source || "nowhere") +
      ". Drag the pin on the map, or type a latitude and longitude, for a point of your own " +
      "(saved as manual)."));
    var name = field("Place name (as the story calls it)", "rv-f-place", s.place, "text");
    bindText(name.input, i, "place");
    fs.appendChild(name.wrap);
    box.appendChild(fs);

    // Time and row
    var ft = el("fieldset", "rv-fs");
    ft.appendChild(el("legend", null, "Time and row"));
    var row = el("div", "rv-row");
    ["start", "end"].forEach(function (col) {
      var f = field(col === "start" ? "Start (EDTF)" : "End (EDTF, blank for a moment)",
                    "rv-f-" + col, s[col], "text");
      var err = el("p", "rv-error");
      err.id = "rv-e-" + col;
      err.setAttribute("aria-live", "polite");
      f.input.setAttribute("aria-describedby", err.id);
      f.input.spellcheck = false;
      var check = function () {
        var draft = Object.assign({}, state.stops[i], {[col]: f.input.value});
        var probs = R.rowProblems(draft, D.kinds)
          .filter(function (p) { return p.column === col; });
        err.textContent = probs.length ? probs[0].text.replace(/^column '\w+': /, "") : "";
        f.input.setAttribute("aria-invalid", probs.length ? "true" : "false");
      };
      f.input.addEventListener("input", check);
      bindText(f.input, i, col);
      check();
      f.wrap.appendChild(err);
      row.appendChild(f.wrap);
    });
    ft.appendChild(row);
    var kindWrap = el("div", "rv-field");
    var kl = el("label", null, "Kind");
    kl.htmlFor = "rv-f-kind";
    var kind = el("select");
    kind.id = "rv-f-kind";
    D.kinds.forEach(function (k) {
      var o = el("option", null, k);
      o.value = k;
      kind.appendChild(o);
    });
    if (D.kinds.indexOf(s.kind) < 0) {
      var o = el("option", null, s.kind + " (not a kind)");
      o.value = s.kind;
      kind.appendChild(o);
    }
    kind.value = s.kind;
    kind.addEventListener("change", function () {
      commit("Kind of " + s.place + ": " + kind.value, function () {
        state.stops[i].kind = kind.value;
      });
    });
    kindWrap.appendChild(kl);
    kindWrap.appendChild(kind);
    ft.appendChild(kindWrap);
    var period = field("Period (chapter of the life)", "rv-f-period", s.period, "text");
    bindText(period.input, i, "period");
    ft.appendChild(period.wrap);
    var summary = field("Summary (one sentence, your own words)", "rv-f-summary", s.summary,
                        "textarea");
    bindText(summary.input, i, "summary");
    ft.appendChild(summary.wrap);
    var rowActions = el("div", "rv-actions");
    rowActions.appendChild(button("Move up", "rv-up", function () { move(i, -1); }));
    rowActions.appendChild(button("Move down", "rv-down", function () { move(i, 1); }));
    rowActions.appendChild(button("Split in two", "rv-split", function () { split(i); }));
    rowActions.appendChild(button("Merge with next", "rv-merge", function () { merge(i); }));
    ft.appendChild(rowActions);
    box.appendChild(ft);
  }

  function bindText(input, i, col) {
    input.addEventListener("change", function () {
      var value = input.value;
      commit("Edited the " + col + " of stop " + (i + 1), function () {
        var t = state.stops[i];
        t[col] = value;
        if (["start", "end"].indexOf(col) >= 0) { note(t, "dates edited"); }
      });
    });
  }
  function note(s, what) {
    var parts = s.why ? s.why.split("; ") : [];
    if (parts.indexOf(what) < 0) { parts.push(what); }
    s.why = parts.join("; ");
  }

  function drawMentionDetail(box, i) {
    var m = D.mentions[i];
    var h = el("h2", null, "“" + m.surface + "”: not a stop");
    h.id = "rv-d-title";
    box.appendChild(h);
    box.appendChild(el("p", "rv-evidence", "The extractor's verdict: " + (m.reason || "none") +
      ". Make it a stop if the text puts the person there."));
    var chosen = {c: m.candidates[0] || null};
    if (m.candidates.length) {
      box.appendChild(el("p", "rv-hint", "Choose the place, best first:"));
      var list = candidateList(m.candidates, null, function (c) {
        chosen.c = c;
        Array.prototype.forEach.call(list.querySelectorAll(".rv-cand"), function (b) {
          b.setAttribute("aria-pressed", b.dataset.source === c.source ? "true" : "false");
        });
      });
      if (list.firstChild) { list.firstChild.firstChild.setAttribute("aria-pressed", "true"); }
      box.appendChild(list);
    } else {
      box.appendChild(el("p", "rv-hint", "No gazetteer candidates: the new stop starts at the " +
        "previous stop's point; drag the pin to its place."));
    }
    var actions = el("div", "rv-actions");
    actions.appendChild(button("Make this a stop (p)", "rv-promote", function () {
      addStop(m.surface, m.start, m.end, i, chosen.c);
    }, "P"));
    box.appendChild(actions);
  }

  function drawDetail() {
    var box = $("rv-detail-body");
    box.textContent = "";
    if (state.sel.kind === "stop" && state.stops[state.sel.i]) {
      drawStopDetail(box, state.sel.i);
    } else if (state.sel.kind === "mention" && D.mentions[state.sel.i]) {
      drawMentionDetail(box, state.sel.i);
    } else {
      box.appendChild(el("p", "rv-hint", "Choose a stop in the list, or a highlighted place in " +
        "the text."));
    }
  }

  // ---------------------------------------------------------------- actions
  function render() {
    refreshMarks();
    drawList();
    drawMap();
    drawDetail();
  }
  function select(i, fromList) {
    if (i < 0 || i >= state.stops.length) { return; }
    state.sel = {kind: "stop", i: i};
    render();
    var s = state.stops[i];
    var mark = s.mention_id >= 0 ? marks[s.mention_id] : null;
    if (mark) { reveal(mark, $("rv-text"), true); }
    focusMap(s);
    var item = document.querySelector('#rv-stops button[data-i="' + i + '"]');
    if (item) {
      reveal(item, $("rv-list"), false);
      if (fromList) { item.focus({preventScroll: true}); }
    }
    persistSelection();
  }
  function persistSelection() {
    if (!storage) { return; }
    try {
      var saved = JSON.parse(storage.getItem(KEY) || "null");
      if (saved) { saved.sel = state.sel; storage.setItem(KEY, JSON.stringify(saved)); }
    } catch (e) { /* selection is a convenience; the work itself is saved in persist() */ }
  }
  function chooseMention(i) {
    var linked = stopsOfMention(i);
    if (linked.length) { select(linked[0], false); return; }
    state.sel = {kind: "mention", i: i};
    render();
    var first = document.querySelector("#rv-detail-body .rv-cand");
    var m = D.mentions[i];
    if (m.candidates.length && map) { focusMap(m.candidates[0]); }
    if (first) { first.focus({preventScroll: true}); }
  }
  function step(delta) {
    if (!state.stops.length) { return; }
    var i = state.sel.kind === "stop" ? state.sel.i + delta : (delta > 0 ? 0 : state.stops.length - 1);
    select(Math.max(0, Math.min(state.stops.length - 1, i)), true);
  }
  function decide(status) {
    var i = state.sel.i;
    if (state.sel.kind !== "stop" || !state.stops[i]) { return; }
    var s = state.stops[i];
    var target = s.status === status ? "pending" : status;
    commit((target === "pending" ? "Back to review: " : (status === "accepted" ? "Accepted "
      : "Rejected ")) + s.place, function () { state.stops[i].status = target; });
    if (target !== "pending" && i + 1 < state.stops.length) { select(i + 1, true); }
  }
  function applyAll() {
    var i = state.sel.i, s = state.stops[i];
    if (state.sel.kind !== "stop" || !s) { return; }
    var key = fold(s.place), n = 0;
    commit("Applied " + s.place + "'s place and decision to every stop of that name",
      function () {
        state.stops.forEach(function (t, j) {
          if (j === i || fold(t.place) !== key) { return; }
          t.status = s.status; t.lat = s.lat; t.lon = s.lon; t.modern_name = s.modern_name;
          t.country = s.country; t.geo_source = s.geo_source;
          n += 1;
        });
      });
    announce(n ? "Applied to " + n + " other stop" + (n > 1 ? "s" : "") + " named " + s.place
      : "No other stop is named " + s.place);
  }
  function move(i, delta) {
    var j = i + delta;
    if (j < 0 || j >= state.stops.length) { return; }
    commit("Moved " + state.stops[i].place + (delta < 0 ? " up" : " down"), function () {
      var t = state.stops[i];
      state.stops[i] = state.stops[j];
      state.stops[j] = t;
      state.sel = {kind: "stop", i: j};
    });
  }
  function split(i) {
    commit("Split " + state.stops[i].place + " in two", function () {
      var copy = clone(state.stops[i]);
      copy.id = newId();
      copy.status = "pending";
      note(copy, "split from the row above");
      state.stops.splice(i + 1, 0, copy);
      state.sel = {kind: "stop", i: i + 1};
    });
  }
  function merge(i) {
    if (i + 1 >= state.stops.length) { announce("No next stop to merge with"); return; }
    commit("Merged " + state.stops[i].place + " with the next stop", function () {
      var a = state.stops[i], b = state.stops[i + 1];
      a.end = b.end || b.start;
      note(a, "merged with " + b.place + " " + b.start);
      state.stops.splice(i + 1, 1);
    });
  }
  function insertAt(start) {
    // After the last stop named earlier in the text: narrative order is a good first guess.
    var at = 0;
    state.stops.forEach(function (s, j) { if (s.char_start >= 0 && s.char_start <= start) { at = j + 1; } });
    return at;
  }
  function addStop(surface, start, end, mentionId, cand, cands) {
    var at = insertAt(start);
    var prev = state.stops[at - 1] || state.stops[at] || null;
    var point = cand || (prev ? {lat: prev.lat, lon: prev.lon, modern_name: "", country: "",
                                 source: "manual"} : {lat: 0, lon: 0, modern_name: "",
                                                      country: "", source: "manual"});
    commit("Added a stop: " + surface, function () {
      state.stops.splice(at, 0, {
        place: surface, modern_name: point.modern_name || "", country: point.country || "",
        lat: point.lat, lon: point.lon, start: prev ? prev.start : "", end: "",
        kind: "travel", period: prev ? prev.period : "", summary: "",
        source: D.source_name, geo_source: point.source, mention: surface,
        char_start: start, char_end: end, why: "added in review", status: "accepted",
        mention_id: mentionId, id: newId(),
      });
      if (mentionId < 0 && cands && cands.length) { state.stops[at].candidates = cands; }
      state.sel = {kind: "stop", i: at};
    });
    select(at, false);
    var startInput = $("rv-f-start");
    if (startInput) { startInput.focus(); }
  }

  function selectionText() {
    var sel = window.getSelection ? window.getSelection() : null;
    if (!sel || sel.isCollapsed || !sel.rangeCount) { return ""; }
    var doc = $("rv-doc");
    var r = sel.getRangeAt(0);
    if (!doc.contains(r.startContainer) || !doc.contains(r.endContainer)) { return ""; }
    return sel.toString().trim();
  }
  /* A DOM position inside the text as a UTF-16 offset into TEXT (-1: not in the text). */
  function offsetIn(node, offset) {
    var startOf = function (e) {
      return e && e.dataset && e.dataset.s !== undefined ? parseInt(e.dataset.s, 10) : -1;
    };
    if (node.nodeType === 3) {
      var at = startOf(node.parentNode);
      return at < 0 ? -1 : at + offset;
    }
    if (node.id === "rv-doc") {
      return offset < node.childNodes.length ? startOf(node.childNodes[offset]) : TEXT.length;
    }
    var start = startOf(node);
    return start < 0 ? -1 : start + (offset === 0 ? 0 : node.textContent.length);
  }
  function addFromSelection() {
    var words = selectionText();
    if (!words) { announce("Select a place name in the text first"); return; }
    var r = window.getSelection().getRangeAt(0);
    var s = offsetIn(r.startContainer, r.startOffset), e = offsetIn(r.endContainer, r.endOffset);
    if (s < 0 || e < 0) { announce("Select words inside the text"); return; }
    var raw = TEXT.slice(s, e);
    s += raw.length - raw.replace(/^\s+/, "").length;   // trim the selection
    e -= raw.length - raw.replace(/\s+$/, "").length;
    var surface = TEXT.slice(s, e);
    var cs = cpOf(s), ce = cpOf(e);
    var mentionId = -1;
    D.mentions.forEach(function (m, i) {
      if (mentionId < 0 && m.start < ce && cs < m.end) { mentionId = i; }
    });
    var cands = mentionId >= 0 ? D.mentions[mentionId].candidates : [];
    if (!cands.length) {
      cands = allCandidates().filter(function (c) {
        return fold(c.name) === fold(surface) || fold(c.modern_name) === fold(surface);
      });
    }
    window.getSelection().removeAllRanges();
    addStop(surface, cs, ce, mentionId, cands[0] || null, cands.slice(0, 8));
    if (!cands.length) {
      announce("No candidates for “" + surface + "”: drag the pin or type its latitude and " +
               "longitude");
    }
  }

  function save() {
    // Ctrl+S in a field: let the field's change land first (it fires on blur).
    if (editable(document.activeElement)) { document.activeElement.blur(); }
    var rows = kept(), problems = [];
    rows.forEach(function (s, i) {
      R.rowProblems(s, D.kinds).forEach(function (p) {
        problems.push("row " + (i + 2) + " (" + s.place + "), " + p.text);
      });
    });
    var box = $("rv-problems");
    box.textContent = "";
    if (!rows.length) { problems.push("no stops to save: every stop is rejected"); }
    if (problems.length) {
      box.appendChild(el("p", null, "Not saved: fix these first."));
      var ul = el("ul");
      problems.forEach(function (p) { ul.appendChild(el("li", null, p)); });
      box.appendChild(ul);
      box.hidden = false;
      return;
    }
    box.hidden = true;
    var blob = new Blob([toCsv()], {type: "text/csv;charset=utf-8"});
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = D.save_name;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 5000);
    announce("Saved " + D.save_name + " (" + rows.length + " stops)");
  }

  // ---------------------------------------------------------------- keys
  function onKey(ev) {
    if (ev.defaultPrevented) { return; }
    var inMap = ev.target && ev.target.closest && ev.target.closest("#rv-map");
    var mod = ev.ctrlKey || ev.metaKey;
    if (mod && !ev.altKey && (ev.key === "z" || ev.key === "Z" || ev.key === "y")) {
      if (editable(ev.target)) { return; }  // the field's own undo
      ev.preventDefault();
      if (ev.key === "y" || ev.shiftKey) { redo(); } else { undo(); }
      return;
    }
    if (mod && (ev.key === "s" || ev.key === "S")) { ev.preventDefault(); save(); return; }
    if (mod || ev.altKey || editable(ev.target)) { return; }
    var k = ev.key;
    var actions = {
      j: function () { step(1); }, k: function () { step(-1); },
      a: function () { decide("accepted"); }, r: function () { decide("rejected"); },
      x: function () { decide("rejected"); }, u: undo, U: redo, e: applyAll,
      p: function () {
        if (state.sel.kind === "mention") { $("rv-promote").click(); }
      },
      "?": function () { var h = $("rv-help"); h.open = !h.open; },
    };
    if (!inMap) {
      actions.ArrowDown = actions.j;
      actions.ArrowUp = actions.k;
    }
    if (actions[k]) {
      ev.preventDefault();
      actions[k]();
    }
  }

  // ---------------------------------------------------------------- start
  function start() {
    buildText();
    buildMap();
    $("rv-undo").addEventListener("click", undo);
    $("rv-redo").addEventListener("click", redo);
    $("rv-save").addEventListener("click", save);
    $("rv-add").addEventListener("click", addFromSelection);
    $("rv-skip").addEventListener("click", function (ev) {
      ev.preventDefault();
      var b = document.querySelector("#rv-stops button[aria-current]") ||
        document.querySelector("#rv-stops button");
      if (b) { b.focus(); }
    });
    $("rv-reset").addEventListener("click", function () {
      commit("Started over from the draft", function () { state.stops = clone(D.stops); });
    });
    document.addEventListener("keydown", onKey);
    render();
    if (restoredAt) {
      setSaved("Restored the work kept in this browser (" + String(restoredAt).slice(11, 19) +
               " UTC)", "ok");
    } else if (storage) {
      setSaved("Nothing changed yet; changes are kept in this browser", "ok");
    } else {
      setSaved("Not kept: this browser does not allow local storage here. Save the CSV.", "warn");
    }
    var s = currentStop();
    if (s) {
      var mark = s.mention_id >= 0 ? marks[s.mention_id] : null;
      if (mark) { reveal(mark, $("rv-text"), true); }
    }
    window.geostoryReview.readyAt = performance.now();
    document.documentElement.dataset.ready = "true";
  }

  window.geostoryReview = {
    stops: function () { return clone(state.stops); },
    csv: toCsv,
    parseDate: R.parseDate,
    problems: function (s) {
      return R.rowProblems(s, D.kinds).map(function (p) { return p.text; });
    },
    select: function (i) { select(i, true); },
  };
  start();
})();
