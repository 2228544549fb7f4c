/* geostory story map: time playback, chapters, deep links and the story panel.
 *
 * One small library, inlined into every rendered map. Python (geo/mapping.py) embeds the
 * itinerary as JSON and calls GeoStory.create(map, data); each folium element then adds
 * one component (stops, route, traveller, legend, time control, chapters, panel, URL
 * state), and story.start() opens the map.
 *
 * Time is an integer day number (Python's date.toordinal(): 1 = 1 Jan 0001, proleptic
 * Gregorian). We never use JS Date: every date here is before 1970 and local-time
 * formatting shifts days west of Greenwich. Labels at the precision of the data come
 * from Python; in-between dates are formatted here with civil-calendar arithmetic.
 *
 * Playback runs on a "story clock" p in seconds at 1x. Each stay (dwell) and each leg
 * (travel) is one segment with a duration that follows its length in days but never
 * drops below a minimum, so a week-long leg in 1917 stays visible while a four-year stay
 * in Moscow still takes longer than a short one. The slider and the URL speak days.
 * Story time is piecewise linear in calendar time: one rate (days per story second) for
 * the whole life, chosen so that it lasts about TARGET_LIFE_SECONDS, and the minimums on
 * top; a chapter gets a slower rate of its own when it would otherwise end in under
 * MIN_CHAPTER_SECONDS.
 *
 * Text from the data only ever reaches the page through textContent.
 */
(function (root) {
  "use strict";

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
    "Nov", "Dec"];
  var PREC_ORDER = "dmsyxC"; // day, month, season, year, decade, century: finer first
  var EPOCH = 719163; // date(1970, 1, 1).toordinal()
  var SPEEDS = [0.5, 1, 2, 4];
  var TARGET_LIFE_SECONDS = 120; // the whole life at 1x (more when the minimums need it)
  var MIN_CHAPTER_SECONDS = 12; // a chapter, even of one stop, plays at least this long
  var MIN_DWELL = 1.0; // seconds at 1x at each stop: with its leg, a stop lasts >= 1.5 s
  var MIN_TRAVEL = 0.5; // seconds at 1x for the shortest leg ...
  var TRAVEL_PER_6000_KM = 0.5; // ... plus this much for a leg of 6,000 km or more
  var SAME_PLACE_KM = 1; // stays closer than this share one marker's list of stays
  var MIN_JUMP = 0.5; // seconds between two chapters of a selection (no leg drawn)

  // -- calendar --------------------------------------------------------------------------
  // Days <-> civil date after Howard Hinnant's public-domain algorithms, shifted to
  // Python ordinals.
  function civil(ordinal) {
    var z = Math.floor(ordinal) - EPOCH + 719468;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
  }

  function ordinal(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400);
    var yoe = y - era * 400;
    var doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468 + EPOCH;
  }

  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  // Years are astronomical, as in EDTF: 0 is 1 BC, -43 is 44 BC (geo/dates.py).
  function yearText(y) { return y <= 0 ? (1 - y) + " BC" : String(y); }
  function yearsText(a, b) {
    if (b <= 0) return (1 - a) + "–" + (1 - b) + " BC";
    if (a <= 0) return yearText(a) + " – AD " + b;
    return a + "–" + b;
  }
  // The EDTF decade (width 10) or century (100) that holds year y, as text: 1930s, 50–41 BC.
  function spanOfYear(y, width) {
    if (y >= 0) { // 1930s; the first decade (000X) holds year 0, 1 BC
      var lo = y - (y % width);
      return lo >= 1 ? lo + "s" : yearsText(lo, lo + width - 1);
    }
    var hi = -Math.floor(-y / width) * width; // -004X: the years -49 .. -40
    return yearsText(hi - width + 1, hi);
  }

  function formatDay(day, prec, flags) {
    var c = civil(day), y = c[0], m = c[1], core;
    if (prec === "d") core = c[2] + " " + MONTHS[m - 1] + " " + yearText(y);
    else if (prec === "m") core = MONTHS[m - 1] + " " + yearText(y);
    else if (prec === "s") {
      var w0 = m === 12 ? y : y - 1;
      if (m === 12 || m <= 2) {
        core = "Winter " + (w0 >= 1 ? w0 + "–" + pad2((w0 + 1) % 100) : yearsText(w0, w0 + 1));
      } else core = (m <= 5 ? "Spring " : m <= 8 ? "Summer " : "Autumn ") + yearText(y);
    } else if (prec === "x") core = spanOfYear(y, 10);
    else if (prec === "C") core = spanOfYear(y, 100);
    else core = yearText(y);
    if (flags && flags.indexOf("~") >= 0) core = "c. " + core;
    if (flags && flags.indexOf("?") >= 0) core += "?";
    return core;
  }

  function coarser(a, b) { return PREC_ORDER.indexOf(a) >= PREC_ORDER.indexOf(b) ? a : b; }

  function monthKey(day) { // EDTF year and month: 1929-04, -0043-03
    var c = civil(day), y = Math.abs(c[0]);
    return (c[0] < 0 ? "-" : "") + ("000" + y).slice(-Math.max(4, String(y).length)) + "-" +
      pad2(c[1]);
  }

  // A lookup table keyed by text from the data or the address: no prototype, so names such
  // as "constructor", "toString" or "__proto__" are plain keys, never inherited properties.
  function dict() { return Object.create(null); }

  // -- small DOM helpers (text only, never HTML from data) --------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function byId(id) { return document.getElementById(id); }

  function easeInOut(f) { return f < 0.5 ? 4 * f * f * f : 1 - Math.pow(-2 * f + 2, 3) / 2; }

  function lowerBound(arr, x, n) { // first index with arr[i] > x, minus one
    var lo = 0, hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (arr[mid] <= x) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  // -- the story -------------------------------------------------------------------------
  function Story(map, data) {
    this.map = map;
    this.data = data;
    this.stops = data.stops;
    this.periodBySlug = dict();
    this.periodByName = dict();
    for (var i = 0; i < data.periods.length; i++) {
      this.periodBySlug[data.periods[i].slug] = i;
      this.periodByName[data.periods[i].name.toLowerCase()] = data.periods[i].slug;
    }
    this.handlers = dict();
    this.started = false;
    this.playing = false;
    this.speedIndex = 1;
    this.p = 0;
    this.selection = []; // period slugs; empty = whole life
    this.stopFilter = null; // hook: function (stop index) -> may a selection hold it?
    this.urlParts = []; // hook: more parts of the address, {key, read(value), write()}
    this.overview = true; // showing a whole selection before anyone presses play
    this.reduceMotion = !!(root.matchMedia &&
      root.matchMedia("(prefers-reduced-motion: reduce)").matches);
    this.metrics = { enabled: false, frames: [] };
    this._raf = 0;
    this._last = 0;
    this._animation = null;
    this.frame = null;
    var self = this;
    this.ready = new Promise(function (resolve) { self._resolveReady = resolve; });
    this._rate = this._lifeRate();
    this._select([]);
  }

  Story.prototype.on = function (name, fn) {
    (this.handlers[name] = this.handlers[name] || []).push(fn);
    return this;
  };
  Story.prototype.emit = function (name, arg) {
    var list = this.handlers[name] || [];
    for (var i = 0; i < list.length; i++) list[i].call(this, arg);
  };

  // Days per story-second that make the stops `indices` (default: all) last about
  // `target` seconds, minimum segment durations included (bisection: the total only falls
  // as the rate grows).
  Story.prototype._lifeRate = function (indices, target) {
    var s = this.stops, spans = [], mins = 0, minsSum = 0, days = 0, i;
    if (!indices) { indices = []; for (i = 0; i < s.length; i++) indices.push(i); }
    for (var q = 0; q < indices.length; q++) {
      i = indices[q];
      // A stay ends when the next stop of the selection begins (lives interleave).
      var out = q + 1 < indices.length ? Math.min(s[i].d, s[indices[q + 1]].a) : s[i].d;
      spans.push([out - s[i].a, MIN_DWELL]);
      if (q + 1 < indices.length) {
        var nx = s[indices[q + 1]];
        spans.push(this._isLeg(i, indices[q + 1]) ? [nx.a - out, this._minTravel(i)] :
          s[i].who !== nx.who ? [nx.a - out, 0] : [0, MIN_JUMP]);
      }
    }
    for (i = 0; i < spans.length; i++) { minsSum += spans[i][1]; days += spans[i][0]; }
    if (days <= 0) return 1;
    target = Math.max(target || TARGET_LIFE_SECONDS, minsSum * 1.25);
    var lo = 1e-6, hi = 1e9;
    for (var k = 0; k < 100; k++) {
      var mid = Math.sqrt(lo * hi), total = 0;
      for (i = 0; i < spans.length; i++) total += Math.max(spans[i][1], spans[i][0] / mid);
      if (total > target) lo = mid; else hi = mid;
      mins = mid;
    }
    return mins;
  };

  // Is there a leg from stop i to stop j? One life: j follows i. Several lives (people.js):
  // j is the same person's next stop (stop.pn).
  Story.prototype._isLeg = function (i, j) {
    var pn = this.stops[i].pn;
    return pn === undefined ? j === i + 1 : pn === j;
  };

  Story.prototype._minTravel = function (i) {
    var km = (this.data.km && this.data.km[i]) || 0;
    return MIN_TRAVEL + TRAVEL_PER_6000_KM * Math.min(1, km / 6000);
  };

  // Build the segment table for the stops of the current selection.
  Story.prototype._select = function (slugs) {
    var stops = this.stops, sel = [], i;
    if (slugs.length) {
      var wanted = dict();
      for (i = 0; i < slugs.length; i++) wanted[this.periodBySlug[slugs[i]]] = true;
      for (i = 0; i < stops.length; i++) if (wanted[stops[i].period]) sel.push(i);
    } else {
      for (i = 0; i < stops.length; i++) sel.push(i);
    }
    var keep = this.stopFilter; // a hook: which stops may be shown at all (people.js)
    if (keep) sel = sel.filter(function (j) { return keep(j); });
    this.selection = slugs.slice();
    this.sel = sel;
    this.selectionVersion = (this.selectionVersion || 0) + 1;
    var n = sel.length, m = Math.max(0, 2 * n - 1);
    var seg = {
      p0: new Float64Array(m), dur: new Float64Array(m), t0: new Float64Array(m),
      t1: new Float64Array(m), pos: new Int32Array(m), n: m
    };
    var p = 0, rate = this._rate;
    // A chapter gets more time than its share of the life, so it can be followed.
    if (slugs.length && n) rate = Math.min(rate, this._lifeRate(sel, MIN_CHAPTER_SECONDS));
    this.arrivals = new Float64Array(n);
    this.dwellSeg = new Int32Array(n);
    for (var q = 0; q < n; q++) {
      var s = stops[sel[q]], k = 2 * q;
      // A stay ends when the next stop of the selection begins (lives interleave).
      var out = q + 1 < n ? Math.min(s.d, stops[sel[q + 1]].a) : s.d;
      this.arrivals[q] = s.a;
      this.dwellSeg[q] = k;
      seg.p0[k] = p; seg.t0[k] = s.a; seg.t1[k] = out; seg.pos[k] = q;
      seg.dur[k] = Math.max(MIN_DWELL, (out - s.a) / rate);
      p += seg.dur[k];
      if (q + 1 < n) {
        var next = stops[sel[q + 1]], consecutive = this._isLeg(sel[q], sel[q + 1]);
        k += 1;
        seg.p0[k] = p; seg.t0[k] = out; seg.t1[k] = next.a; seg.pos[k] = q;
        seg.dur[k] = consecutive ? Math.max(this._minTravel(sel[q]), (next.a - out) / rate)
          : s.who !== next.who ? (next.a - out) / rate // another life's stop: time runs on
          : MIN_JUMP; // a jump between chapters: no leg to draw
        p += seg.dur[k];
      }
    }
    // A selection whose stays have no length in days (moments) still dwells.
    var least = slugs.length ? MIN_CHAPTER_SECONDS : 0;
    if (n && p < least) {
      var stretch = least / p;
      p = 0;
      for (k = 0; k < m; k++) { seg.dur[k] *= stretch; seg.p0[k] = p; p += seg.dur[k]; }
    }
    this.seg = seg;
    this.total = p;
    this.t0 = n ? stops[sel[0]].a : 0;
    this.t1 = n ? stops[sel[n - 1]].d : 0;
    this._segIndex = 0;
  };

  Story.prototype._segAt = function (p) {
    var seg = this.seg, k = this._segIndex;
    // Playback moves forward a little each frame: try the cached segment first.
    if (k < seg.n && seg.p0[k] <= p && (k + 1 >= seg.n || seg.p0[k + 1] > p)) return k;
    k = Math.max(0, lowerBound(seg.p0, p, seg.n));
    this._segIndex = k;
    return k;
  };

  // The story clock position for a day: inside the last stay that began by then.
  Story.prototype._pOfDay = function (day) {
    var n = this.sel.length;
    if (!n) return 0;
    var q = lowerBound(this.arrivals, day, n);
    if (q < 0) return 0;
    var seg = this.seg, k = this.dwellSeg[q];
    if (day > seg.t1[k] && k + 1 < seg.n) k += 1;
    var span = seg.t1[k] - seg.t0[k];
    var f = span > 0 ? Math.min(1, Math.max(0, (day - seg.t0[k]) / span)) : 0;
    return seg.p0[k] + f * seg.dur[k];
  };

  // Everything about the moment p, computed once per frame and handed to components.
  Story.prototype._frameAt = function (p) {
    var seg = this.seg, stops = this.stops;
    if (!seg.n) return null;
    p = Math.min(Math.max(0, p), this.total);
    var k = this._segAt(p);
    var f = seg.dur[k] > 0 ? Math.min(1, (p - seg.p0[k]) / seg.dur[k]) : 1;
    var day = seg.t0[k] + (seg.t1[k] - seg.t0[k]) * f;
    var q = seg.pos[k], travel = (k & 1) === 1;
    var index = this.sel[q];
    var stop = stops[index], label;
    if (travel) {
      var nxt = stops[this.sel[q + 1]];
      label = day >= nxt.a ? nxt.sl : formatDay(day, nxt.s[2], nxt.s[3]);
    } else if (day <= stop.a) {
      label = stop.sl;
    } else if (day <= stop.s[1]) {
      label = formatDay(day, stop.s[2], stop.s[3]);
    } else if (stop.e && day >= stop.e[0]) {
      label = formatDay(day, stop.e[2], stop.e[3]);
    } else {
      label = formatDay(day, stop.e ? coarser(stop.s[2], stop.e[2]) : stop.s[2], "");
    }
    var fraction = travel ? f : 0;
    return {
      p: p, seg: k, day: day, label: label, travel: travel, pos: q, index: index,
      // How far along the selection stops and legs are drawn: all of it in the overview.
      shownPos: this.overview ? this.sel.length - 1 : q,
      next: travel ? this.sel[q + 1] : -1, consecutive: travel && this._isLeg(index, this.sel[q + 1]),
      fraction: fraction, overview: this.overview, version: this.selectionVersion,
      // Ease each leg: the traveller sets off and arrives gently.
      easedFraction: this.reduceMotion ? fraction : easeInOut(fraction)
    };
  };

  Story.prototype.render = function () {
    var t0 = this.metrics.enabled ? performance.now() : 0;
    var frame = this._frameAt(this.p);
    var prev = this.frame;
    this.frame = frame;
    if (frame) this.emit("frame", { frame: frame, previous: prev });
    if (this.metrics.enabled) this.metrics.frames.push(performance.now() - t0);
  };

  // -- playback --------------------------------------------------------------------------
  Story.prototype.speed = function () { return SPEEDS[this.speedIndex]; };
  Story.prototype.speeds = SPEEDS;

  Story.prototype.setSpeed = function (x) {
    var i = SPEEDS.indexOf(x);
    if (i >= 0) this.speedIndex = i;
    else { SPEEDS.push(x); this.speedIndex = SPEEDS.length - 1; } // a test or bench hook
    this.emit("speed", this.speed());
  };
  Story.prototype.cycleSpeed = function () {
    this.speedIndex = (this.speedIndex + 1) % 4; // the four speeds people choose from
    this.emit("speed", this.speed());
  };

  // The one animation loop of the page: playback, step animations and the pulse of a
  // reached stop all run in it, one requestAnimationFrame callback per displayed frame.
  Story.prototype._loop = function () {
    if (this._raf || this._inTick) return; // inside a tick, the tick itself carries on
    var self = this;
    this._last = 0;
    var tick = function (now) {
      self._raf = 0;
      self._inTick = true;
      self.ticks = (self.ticks || 0) + 1;
      var dt = self._last ? Math.min(0.1, (now - self._last) / 1000) : 0;
      self._last = now;
      var more = false;
      if (self._animation) {
        var a = self._animation, f = Math.min(1, (now - a.start) / a.ms);
        self.p = a.from + (a.to - a.from) * easeInOut(f);
        if (f >= 1) { self._animation = null; self._settleAfterFrame = true; } else more = true;
      } else if (self.playing) {
        self.p += dt * self.speed();
        if (self.p >= self.total) { self.p = self.total; self._setPlaying(false); }
        else more = true;
      }
      self.render();
      self.emit("tick", now);
      if (self._settleAfterFrame) { self._settleAfterFrame = false; self.emit("settle"); }
      self._inTick = false;
      if (more || self._busy) self._raf = root.requestAnimationFrame(tick);
    };
    this._raf = root.requestAnimationFrame(tick);
  };

  // Components with their own short animations (a pulse) keep the loop alive.
  Story.prototype.keepAlive = function (busy) {
    this._busy = busy;
    if (busy) this._loop();
  };

  Story.prototype._setPlaying = function (on) {
    if (this.playing === on) return;
    this.playing = on;
    this.emit("play", on);
  };

  Story.prototype.play = function () {
    if (!this.seg.n) return;
    this._animation = null;
    if (this.overview || this.p >= this.total - 1e-9) this.p = 0;
    this.overview = false;
    this._setPlaying(true);
    this._loop();
  };
  Story.prototype.pause = function () {
    this._setPlaying(false);
    this.emit("settle");
  };
  Story.prototype.toggle = function () { if (this.playing) this.pause(); else this.play(); };

  Story.prototype._jump = function (p, animate) {
    this.overview = false;
    this._jumped = true; // the camera brings the new moment into view on "settle"
    if (animate && !this.reduceMotion && Math.abs(p - this.p) < 6) {
      this._animation = { from: this.p, to: p, start: root.performance.now(), ms: 650 };
      this._loop();
    } else {
      this._animation = null;
      this.p = p;
      this.render();
    }
    this.emit("settle");
  };

  Story.prototype.next = function () {
    this.pause();
    var f = this.frame, q = (f && !this.overview) ? f.pos + 1 : 0;
    if (this.overview) q = 0;
    if (q >= this.sel.length) return;
    this._jump(this.seg.p0[this.dwellSeg[q]], true);
  };
  Story.prototype.prev = function () {
    this.pause();
    var f = this.frame;
    if (!f) return;
    var q = f.pos, start = this.seg.p0[this.dwellSeg[q]];
    if (this.overview) q = this.sel.length - 1;
    else if (!f.travel && this.p <= start + 1e-6) q -= 1;
    if (q < 0) q = 0;
    this._jump(this.seg.p0[this.dwellSeg[q]], false);
  };

  Story.prototype.seekDay = function (day) {
    this.pause();
    this._jump(this._pOfDay(day), false);
  };

  Story.prototype.seekMonth = function (text) {
    var m = /^(-?\d{4})(?:-(\d{1,2}))?$/.exec(String(text || "").trim());
    if (!m) return false;
    var y = +m[1], mo = m[2] ? +m[2] : 1;
    if (mo < 1 || mo > 12) return false;
    var first = ordinal(y, mo, 1);
    var last = (m[2] ? ordinal(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1)
      : ordinal(y + 1, 1, 1)) - 1;
    var q = lowerBound(this.arrivals, last, this.sel.length);
    var day = q >= 0 ? Math.max(first, this.arrivals[q]) : first;
    this.seekDay(day);
    return true;
  };

  // Go to a stop (index in data.stops); leave a chapter that does not hold it.
  Story.prototype.goToStop = function (index, opts) {
    var q = this.sel.indexOf(index);
    if (q < 0) { this.selectPeriods([], { keepView: true }); q = this.sel.indexOf(index); }
    if (q < 0) { this.stopFilter = null; this.selectPeriods([], { keepView: true }); q = index; }
    this.pause();
    this._noFly = !!(opts && opts.fly === false); // a click on the map: it is in view
    this._jump(this.seg.p0[this.dwellSeg[q]], false);
    this._noFly = false;
    this.emit("focusstop", { index: index, fly: !(opts && opts.fly === false) });
  };

  Story.prototype.selectPeriods = function (slugs, opts) {
    var clean = [];
    for (var i = 0; i < slugs.length; i++) {
      if (slugs[i] in this.periodBySlug && clean.indexOf(slugs[i]) < 0) clean.push(slugs[i]);
    }
    this.pause();
    this._animation = null;
    this._select(clean);
    // The overview: every stop of the selection drawn, the clock at its first date.
    this.overview = true;
    this.p = 0;
    this.emit("selection", { slugs: clean, keepView: !!(opts && opts.keepView) });
    this.render();
    this.emit("settle");
  };

  Story.prototype.fitSelection = function (animate) {
    var b = null, sel = this.sel, stops = this.stops, i;
    if (!this.selection.length && this.data.bounds) {
      b = L.latLngBounds(this.data.bounds);
    } else {
      for (i = 0; i < this.selection.length; i++) {
        var pb = this.data.periods[this.periodBySlug[this.selection[i]]].bounds;
        b = b ? b.extend(L.latLngBounds(pb)) : L.latLngBounds(pb);
      }
    }
    if (!b && sel.length) {
      b = L.latLngBounds([[stops[sel[0]].lat, stops[sel[0]].lon]]);
      for (i = 1; i < sel.length; i++) b.extend([stops[sel[i]].lat, stops[sel[i]].lon]);
    }
    if (!b) return;
    this._fitted = true;
    var pad = this.viewPadding();
    this.map.fitBounds(b, { paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight,
      maxZoom: 7, animate: !!animate && !this.reduceMotion });
  };

  // Room to leave around what the map frames: the header card when it floats over the
  // map, and the legend in the bottom corner when it is open.
  Story.prototype.viewPadding = function () {
    var map = this.map, size = map.getSize(), pad = size.x < 500 ? 20 : 40, top = pad;
    var head = document.querySelector(".gs-head"), box = map.getContainer();
    if (head) {
      var hr = head.getBoundingClientRect(), mr = box.getBoundingClientRect();
      if (hr.bottom > mr.top && hr.top < mr.bottom && hr.height < size.y / 2) {
        top = Math.max(pad, hr.bottom - mr.top + 12);
      }
    }
    var bottom = pad, legendBox = document.querySelector(".gs-legend[open]");
    if (legendBox && legendBox.offsetHeight < size.y / 3) {
      bottom = Math.max(pad, legendBox.offsetHeight + 16);
    }
    return { topLeft: [pad, top], bottomRight: [pad, bottom] };
  };

  // The one small canvas for what moves every frame (the leg being travelled, the ring of
  // the current stop and its pulse); the long trail and the stops each keep their own.
  Story.prototype.activeRenderer = function () {
    if (!this._activeRenderer) {
      this.map.createPane("gsActive").style.zIndex = 415;
      this._activeRenderer = L.canvas({ pane: "gsActive", padding: 0.1 });
    }
    return this._activeRenderer;
  };

  Story.prototype.state = function () {
    var f = this.frame, s = f ? this.stops[f.index] : null;
    return {
      playing: this.playing, speed: this.speed(), overview: this.overview,
      day: f ? f.day : null, month: f ? monthKey(f.day) : null, label: f ? f.label : "",
      stop: s ? s.n : null, place: s ? s.place : null, periods: this.selection.slice(),
      range: [this.t0, this.t1], p: this.p, total: this.total, following: !!this.following
    };
  };

  Story.prototype.start = function () {
    this.emit("start"); // the URL state picks the chapter and time, and fits the map
    this.started = true; // from now on, moves are the viewer's and may animate
    if (!this._fitted) this.fitSelection(false);
    var self = this;
    this.render();
    this.emit("settle");
    root.requestAnimationFrame(function () {
      self.readyAt = root.performance.now();
      document.documentElement.setAttribute("data-ready", "true");
      self._resolveReady(self);
      self.emit("ready");
    });
    return this;
  };

  // -- components ------------------------------------------------------------------------
  function kindStyle(data, kind) {
    return data.kinds[kind] || { color: "#555", label: kind, radius: 5 };
  }

  // Stops: one canvas circle per stop, created once; only membership on the map changes.
  function stopMarkers(story, opts) {
    var map = story.map, stops = story.stops, data = story.data;
    map.createPane("gsStops").style.zIndex = 420;
    var renderer = L.canvas({ pane: "gsStops", padding: 0.1 });
    var markers = new Array(stops.length), shown = new Uint8Array(stops.length);
    var visibleCount = 0;
    // Stays at one place (a house, then a prison in the same town) draw on one pixel: each
    // marker's popup lists all stays within SAME_PLACE_KM, so every one can be opened.
    var cells = dict(), sameSpot = new Array(stops.length), cell = SAME_PLACE_KM / 111;
    stops.forEach(function (s, i) {
      var cy = Math.floor(s.lat / cell), cx = Math.floor(s.lon / cell), group = null;
      var kx = Math.cos(s.lat * Math.PI / 180);
      for (var dy = -1; dy <= 1 && !group; dy++) {
        for (var dx = -1; dx <= 1 && !group; dx++) {
          var list = cells[(cy + dy) + ":" + (cx + dx)] || [];
          for (var g = 0; g < list.length; g++) {
            var t = stops[list[g][0]], ky = (t.lat - s.lat) * 111, kxd = (t.lon - s.lon) * 111 * kx;
            if (ky * ky + kxd * kxd <= SAME_PLACE_KM * SAME_PLACE_KM) { group = list[g]; break; }
          }
        }
      }
      if (!group) {
        group = [];
        var key = cy + ":" + cx;
        (cells[key] = cells[key] || []).push(group);
      }
      group.push(i);
      sameSpot[i] = group;
    });
    story.sameSpot = function (i) { return sameSpot[i].slice(); };
    stops.forEach(function (s, i) {
      var k = kindStyle(data, s.kind);
      var m = L.circleMarker([s.lat, s.lon], {
        renderer: renderer, pane: "gsStops", radius: k.radius, color: "#ffffff", weight: 1.5,
        fillColor: k.color, fillOpacity: 1, opacity: 1, bubblingMouseEvents: false
      });
      m.bindTooltip(function () {
        var box = el("span", "gs-tip");
        box.appendChild(el("strong", null, s.place));
        if (data.people) box.appendChild(el("span", null, personOf(data, s, " · ")));
        box.appendChild(el("span", null, " · " + s.dates));
        var others = sameSpot[i].length - 1;
        if (others) box.appendChild(el("span", "gs-tip-more", " · " +
          plural(others + 1, "stay") + " here"));
        return box;
      }, { direction: "top", offset: [0, -6], opacity: 1 });
      m.bindPopup(function () { return popupNode(story, i); }, { maxWidth: 300, autoPan: true });
      m.on("click", function () { story.goToStop(i, { fly: false }); });
      markers[i] = m;
    });
    // An open popup fits between what floats over the map, not just inside the map's edge:
    // the header card above (it would hide a high stop's popup) and the open legend below.
    // A popup taller than that room scrolls, and on a narrow map it narrows to stay clear
    // of the buttons down the right edge (CHROME: a popup's frame, padding and tip).
    var POPUP_CHROME_Y_PX = 56, POPUP_CHROME_X_PX = 44, POPUP_MIN_PX = 120,
      POPUP_WIDTH_PX = 300, RIGHT_BUTTONS_PX = 64;
    map.on("popupopen", function (e) {
      var pad = story.viewPadding(), o = e.popup.options, size = map.getSize();
      o.autoPanPaddingTopLeft = L.point(pad.topLeft[0], pad.topLeft[1]);
      o.autoPanPaddingBottomRight = L.point(Math.max(pad.bottomRight[0], RIGHT_BUTTONS_PX),
                                            pad.bottomRight[1]);
      o.maxHeight = Math.max(POPUP_MIN_PX,
        size.y - pad.topLeft[1] - pad.bottomRight[1] - POPUP_CHROME_Y_PX);
      o.maxWidth = Math.max(POPUP_MIN_PX, Math.min(POPUP_WIDTH_PX,
        size.x - pad.topLeft[0] - RIGHT_BUTTONS_PX - POPUP_CHROME_X_PX));
      e.popup.update();
    });
    // The ring of the current stop shares the small canvas of the leg being travelled, so
    // a frame of playback redraws one canvas, whatever moves in it.
    var halo = L.circleMarker([0, 0], {
      renderer: story.activeRenderer(), pane: "gsActive", radius: 11, color: "#1d2430", weight: 2,
      fill: false, opacity: 0, interactive: false
    }).addTo(map);
    var pulse = { index: -1, start: 0 }, haloOn = false;

    function setShown(i, on) {
      if (shown[i] === (on ? 1 : 0)) return;
      shown[i] = on ? 1 : 0;
      visibleCount += on ? 1 : -1;
      if (on) markers[i].addTo(map); else markers[i].remove();
    }

    var wanted = new Uint8Array(stops.length);
    function sync(frame, previous) {
      var sel = story.sel, i, q;
      if (!previous || previous.version !== frame.version) {
        wanted.fill(0);
        if (frame) for (q = 0; q <= frame.shownPos; q++) wanted[sel[q]] = 1;
        for (i = 0; i < stops.length; i++) setShown(i, !!wanted[i]);
        return;
      }
      // Incremental: only the stops between the old and the new position change.
      var a = previous.shownPos, b = frame.shownPos;
      if (b > a) for (q = a + 1; q <= b; q++) setShown(sel[q], true);
      else for (q = a; q > b; q--) setShown(sel[q], false);
    }

    story.on("frame", function (e) {
      var f = e.frame, prev = e.previous;
      sync(f, prev);
      // The current stop wears a ring, except in the overview of a whole selection.
      var s = stops[f.index];
      // Touch the canvas only when something changed: a redraw per frame costs paint time.
      if (story.overview) { if (haloOn) { halo.setStyle({ opacity: 0 }); haloOn = false; } }
      else {
        if (!prev || prev.index !== f.index || prev.overview) {
          halo.setLatLng([s.lat, s.lon]);
          if (story.playing && prev && f.index !== prev.index && !story.reduceMotion) {
            pulse.index = f.index;
            pulse.start = root.performance.now();
            story.keepAlive(true);
          }
        }
        if (!haloOn) { halo.setStyle({ opacity: 0.9 }); haloOn = true; }
      }
    });
    // A reached stop swells briefly: a ring that grows and fades over 900 ms.
    story.on("tick", function (now) {
      if (pulse.index < 0) return;
      var f = (now - pulse.start) / 900;
      if (f >= 1) {
        pulse.index = -1;
        halo.setRadius(11);
        halo.setStyle({ weight: 2 });
        story.keepAlive(false);
        return;
      }
      halo.setRadius(11 + 14 * Math.sin(Math.PI * f));
      halo.setStyle({ weight: 2 + 2 * Math.sin(Math.PI * f) });
    });
    story.markers = markers;
    story.drawnStops = function () {
      var out = [];
      for (var i = 0; i < stops.length; i++) if (map.hasLayer(markers[i])) out.push(stops[i].n);
      return out;
    };
    story.visibleStopCount = function () { return visibleCount; };
  }

  // Whose stop it is, on a map of several lives ("" on a map of one).
  function personOf(data, s, before) {
    return data.people && s.who !== undefined ? before + data.people[s.who].name : "";
  }

  // Where a stop's facts come from: each cited text and section on a line, then notes.
  function sourceNode(s) {
    var box = el("div", "gs-source"), cites = s.cites || [];
    box.appendChild(el("span", "gs-source-label", cites.length > 1 ? "Sources" : "Source"));
    if (cites.length) {
      var list = el("ul", "gs-cites");
      cites.forEach(function (c) {
        var li = el("li");
        li.appendChild(el("span", "gs-cite-text", c.text));
        li.appendChild(el("span", null, ", § " + c.section));
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    var note = cites.length ? s.note : s.source;
    if (note) box.appendChild(el("p", "gs-source-note", note));
    return box;
  }

  // The one stop card, for the popup and the story panel: kicker (kind, and the chapter
  // in the panel), place, today's name, dates, summary and sources, appended to `box`.
  // opts: heading ("h2" or "h3"), placeClass, kicker (text after the kind).
  function stopCard(story, i, box, opts) {
    var s = story.stops[i], k = kindStyle(story.data, s.kind);
    var kicker = el("p", "gs-kicker"), dot = el("span", "gs-dot");
    dot.style.background = k.color;
    kicker.appendChild(dot);
    kicker.appendChild(el("span", null, k.label + (opts.kicker || "")));
    box.appendChild(kicker);
    box.appendChild(el(opts.heading, opts.placeClass, s.place));
    if (s.modern && s.modern !== s.place) box.appendChild(el("p", "gs-modern", "today " + s.modern));
    box.appendChild(el("p", "gs-dates", s.dates));
    if (s.summary) box.appendChild(el("p", "gs-summary", s.summary));
    if (s.source) box.appendChild(sourceNode(s));
    return box;
  }

  function popupNode(story, i) {
    var box = stopCard(story, i, el("div", "gs-popup"), { heading: "h3",
      placeClass: "gs-popup-place", kicker: personOf(story.data, story.stops[i], " · ") });
    var group = story.sameSpot ? story.sameSpot(i) : [i];
    if (group.length > 1) {
      box.appendChild(el("p", "gs-here-title", plural(group.length, "stay") + " at this place"));
      var list = el("ol", "gs-here");
      group.forEach(function (j) {
        var t = story.stops[j], li = el("li"), b = el("button", "gs-here-stop");
        b.type = "button";
        b.appendChild(el("span", "gs-stop-place", t.place));
        b.appendChild(el("span", "gs-stop-dates", " " + t.dates));
        if (j === i) b.setAttribute("aria-current", "true");
        b.addEventListener("click", function () {
          story.goToStop(j, { fly: false });
          story.markers[j].openPopup();
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    return box;
  }

  // Route: a faint ghost of the whole way, and legs that draw themselves along their arcs.
  function routeLegs(story, opts) {
    var map = story.map, legs = story.data.legs, n = legs.length;
    map.createPane("gsRoute").style.zIndex = 410;
    var renderer = L.canvas({ pane: "gsRoute", padding: 0.1 });
    var ramp = opts.colors || ["#e8a33d", "#d9480f", "#9f1239"];
    // Legs take their colour from when they were travelled: early light, late dark.
    function colorAt(f) {
      var x = Math.min(0.9999, Math.max(0, f)) * (ramp.length - 1), i = Math.floor(x);
      var a = parseInt(ramp[i].slice(1), 16), b = parseInt(ramp[i + 1].slice(1), 16), g = x - i;
      var mix = function (shift) {
        var u = (a >> shift) & 255, v = (b >> shift) & 255;
        return Math.round(u + (v - u) * g);
      };
      return "rgb(" + mix(16) + "," + mix(8) + "," + mix(0) + ")";
    }
    var stops = story.stops, life0 = stops[0].a, life1 = stops[stops.length - 1].d;
    var latlngs = new Array(n), cumulative = new Array(n), lines = new Array(n);
    var state = new Int8Array(n); // 0 hidden, 1 partial, 2 full
    for (var i = 0; i < n; i++) {
      var flat = legs[i], pts = [], cum = [0], acc = 0;
      for (var j = 0; j < flat.length; j += 2) {
        pts.push([flat[j], flat[j + 1]]);
        if (j) {
          var dy = flat[j] - flat[j - 2], dx = flat[j + 1] - flat[j - 1];
          acc += Math.sqrt(dx * dx + dy * dy);
          cum.push(acc);
        }
      }
      latlngs[i] = pts;
      cumulative[i] = cum;
      var when = life1 > life0 ? (stops[i].d - life0) / (life1 - life0) : 0;
      lines[i] = L.polyline(pts, {
        renderer: renderer, pane: "gsRoute", color: colorAt(when), weight: 2.4, opacity: 0.9,
        lineCap: "round", lineJoin: "round", interactive: false, smoothFactor: 0.5
      });
    }
    var ghost = L.polyline([], {
      renderer: renderer, pane: "gsRoute", color: "#5b6472", weight: 1.2, opacity: 0.35,
      dashArray: "3 5", interactive: false
    }).addTo(map);
    // The leg being travelled lives on its own small canvas: redrawing it every frame then
    // leaves the long trail (one canvas, drawn once per completed leg) alone.
    var activeRenderer = story.activeRenderer();
    var active = L.polyline([], {
      renderer: activeRenderer, pane: "gsActive", weight: 2.4, opacity: 0.9,
      lineCap: "round", lineJoin: "round", interactive: false, smoothFactor: 0.5
    }).addTo(map);
    var head = L.polyline([], {
      renderer: activeRenderer, pane: "gsActive", color: ramp[ramp.length - 1], weight: 4,
      opacity: 1, lineCap: "round", interactive: false
    }).addTo(map);

    // The point a fraction f of the way along leg i, and the arc up to it.
    function along(i, f) {
      var cum = cumulative[i], pts = latlngs[i], total = cum[cum.length - 1];
      if (total <= 0 || f <= 0) return { at: pts[0], k: 0 };
      var target = total * Math.min(1, f);
      var k = Math.max(0, lowerBound(cum, target, cum.length));
      if (k >= pts.length - 1) return { at: pts[pts.length - 1], k: pts.length - 1 };
      var g = (target - cum[k]) / ((cum[k + 1] - cum[k]) || 1);
      return { at: [pts[k][0] + (pts[k + 1][0] - pts[k][0]) * g,
        pts[k][1] + (pts[k + 1][1] - pts[k][1]) * g], k: k };
    }
    story.along = along;

    function setState(i, s) { // 2: on the trail canvas; 0 or 1 (travelling): not
      if (state[i] === s) return;
      if (s === 2) lines[i].addTo(map);
      else if (state[i] === 2) lines[i].remove();
      state[i] = s;
    }

    var drawnUpTo = -1; // position (in selection) of the last leg slot that is full
    function legOf(q) { // leg index for slot q of the selection, or -1 for a chapter jump
      var sel = story.sel;
      return q + 1 < sel.length && story._isLeg(sel[q], sel[q + 1]) ? sel[q] : -1;
    }
    var partial = -1;
    story.on("selection", function () {
      for (var i = 0; i < n; i++) setState(i, 0);
      drawnUpTo = -1;
      partial = -1;
      var parts = [], sel = story.sel;
      for (var q = 0; q + 1 < sel.length; q++) {
        var leg = legOf(q);
        if (leg >= 0) parts.push(latlngs[leg]);
      }
      ghost.setLatLngs(parts);
    });
    story.on("frame", function (e) {
      var f = e.frame, target = f.shownPos - 1, q, leg;
      // Full legs: every slot before the current position.
      if (target > drawnUpTo) {
        for (q = drawnUpTo + 1; q <= target; q++) if ((leg = legOf(q)) >= 0) setState(leg, 2);
      } else if (target < drawnUpTo) {
        for (q = drawnUpTo; q > target; q--) if ((leg = legOf(q)) >= 0) setState(leg, 0);
      }
      drawnUpTo = target;
      // The leg being travelled grows with the traveller.
      var now = f.travel && f.consecutive ? f.index : -1;
      if (partial >= 0 && partial !== now && state[partial] === 1) setState(partial, 0);
      if (now >= 0) {
        var a = along(now, f.easedFraction);
        var pts = latlngs[now].slice(0, a.k + 1);
        pts.push(a.at);
        setState(now, 1);
        if (partial !== now) active.setStyle({ color: lines[now].options.color });
        active.setLatLngs(pts);
        head.setLatLngs(pts.length > 6 ? pts.slice(pts.length - 6) : pts);
      } else if (partial >= 0) {
        active.setLatLngs([]);
        head.setLatLngs([]);
      }
      partial = now;
    });
    story.drawnLegs = function () {
      var c = 0;
      for (var i = 0; i < n; i++) if (state[i] === 2) c++;
      return c;
    };
  }

  // Camera: follows the traveller. While playing, each leg is framed as it is travelled
  // (a long leg zooms out) and each stay is shown at a local zoom; a step, the slider, the
  // list or a deep link brings the current stop into view. A viewer who pans or zooms
  // takes the camera: following pauses until they press "Follow" again.
  function camera(story, opts) {
    var map = story.map, stops = story.stops, legs = story.data.legs;
    var localZoom = opts.localZoom || 6, button = byId("gs-follow");
    var lastSeg = -1, lastVersion = -1, lastSettle = 0;
    story.following = opts.follow !== false;

    function legBounds(i) {
      var flat = legs[i], b = L.latLngBounds([[flat[0], flat[1]]]);
      for (var j = 2; j < flat.length; j += 2) b.extend([flat[j], flat[j + 1]]);
      return b;
    }
    function stopOf(f) { // where the traveller is, or is about to be
      return stops[f.travel && f.fraction > 0.5 ? f.next : f.index];
    }
    // Seconds of real time a camera move may take: a part of the segment it shows.
    function moveSeconds(f) {
      var real = story.seg.dur[f.seg] / Math.max(0.01, story.speed());
      return Math.max(0.25, Math.min(1.5, 0.6 * real));
    }
    var moving = 0; // camera flights under way (their moveend has not come yet)
    map.on("moveend", function () { moving = 0; });
    story.cameraBusy = function () { return moving > 0; };
    function view(f, animate, seconds) {
      var pad = story.viewPadding(), move = animate && !story.reduceMotion;
      if (move) moving += 1;
      // A hook: several people on the map (people.js) are framed together.
      var group = story.cameraBounds ? story.cameraBounds(f) : null;
      if (group) {
        var corners = [group.getSouthWest(), group.getNorthEast()];
        if (corners.every(inView) && map.getZoom() >= map.getBoundsZoom(group) - 1.5) {
          moving = 0;
          return;
        }
        var go = { paddingTopLeft: pad.topLeft, paddingBottomRight: pad.bottomRight,
          maxZoom: localZoom };
        if (move) { go.duration = seconds; map.flyToBounds(group, go); }
        else map.fitBounds(group, L.extend(go, { animate: false }));
        return;
      }
      if (f.travel && f.consecutive) {
        var b = legBounds(f.index), options = { paddingTopLeft: pad.topLeft,
          paddingBottomRight: pad.bottomRight, maxZoom: localZoom };
        // A leg that already fits the view at the zoom it would get needs no move.
        var room = L.point(pad.topLeft).add(pad.bottomRight);
        var zoom = Math.min(localZoom, map.getBoundsZoom(b, false, room));
        if (zoom === map.getZoom() && inView(b.getSouthWest()) && inView(b.getNorthEast())) {
          moving = 0;
          return;
        }
        if (move) { options.duration = seconds; map.flyToBounds(b, options); }
        else map.fitBounds(b, L.extend(options, { animate: false }));
      } else {
        var s = stopOf(f), at = L.latLng(s.lat, s.lon);
        if (map.getZoom() === localZoom && inView(at)) { moving = 0; return; }
        if (move) map.flyTo(at, localZoom, { duration: seconds });
        else map.setView(at, localZoom, { animate: false });
      }
    }
    function inView(at) { // inside the map, clear of the header, legend and edges
      var size = map.getSize(), pad = story.viewPadding(), pt = map.latLngToContainerPoint(at);
      return pt.x >= pad.topLeft[0] && pt.y >= pad.topLeft[1] &&
        pt.x <= size.x - pad.bottomRight[0] && pt.y <= size.y - pad.bottomRight[1];
    }
    // A step or a seek: the new stop must be in sight, following or not.
    function bringIntoView(f, animate) {
      if (story.following) { view(f, animate, 0.8); return; }
      var s = stopOf(f), at = L.latLng(s.lat, s.lon);
      if (!inView(at)) {
        // A drag's inertia may still be gliding the map: stop it, or it carries on past us.
        map.stop();
        if (animate && !story.reduceMotion) moving += 1;
        map.panTo(at, { animate: animate && !story.reduceMotion });
      }
    }
    story.on("frame", function (e) {
      var f = e.frame;
      if (!story.playing || story.overview || !story.following) return;
      if (f.seg === lastSeg && f.version === lastVersion) return;
      lastSeg = f.seg;
      lastVersion = f.version;
      view(f, true, moveSeconds(f));
    });
    story.on("play", function (on) { if (on) { lastSeg = -1; } });
    story.on("settle", function () {
      if (!story._jumped || story.overview) return;
      story._jumped = false;
      if (story._noFly) return;
      // Where a running step animation ends, not where it is now.
      var a = story._animation, f = a ? story._frameAt(a.to) : story.frame;
      if (!f) return;
      var now = root.performance.now(), rapid = now - lastSettle < 300; // dragging the slider
      lastSettle = now;
      bringIntoView(f, story.started && !rapid);
    });

    function setFollowing(on) {
      story.following = on;
      if (button) {
        button.setAttribute("aria-pressed", on ? "true" : "false");
        button.classList.toggle("is-on", on);
      }
      story.emit("follow", on);
    }
    story.setFollowing = function (on) {
      setFollowing(!!on);
      if (on && story.frame && !story.overview) { lastSeg = story.frame.seg; view(story.frame, true, 0.8); }
    };
    function userMoved() { if (story.following) setFollowing(false); }
    function onMap(ev) { // a wheel or double click on the map itself, not on the legend
      var t = ev.target;
      if (!(t && t.closest && t.closest(".leaflet-control, .leaflet-popup"))) userMoved();
    }
    var box = map.getContainer();
    map.on("dragstart", userMoved);
    box.addEventListener("wheel", onMap, { passive: true });
    box.addEventListener("dblclick", onMap);
    box.addEventListener("touchstart", function (ev) {
      if (ev.touches && ev.touches.length > 1) userMoved(); // a pinch
    }, { passive: true });
    box.addEventListener("keydown", function (ev) {
      if (ev.target === box && /^[-+=_]$/.test(ev.key)) userMoved();
    });
    box.addEventListener("click", function (ev) {
      var t = ev.target;
      if (t && t.closest && t.closest(".leaflet-control-zoom")) userMoved();
    });
    if (button) {
      button.addEventListener("click", function () { story.setFollowing(!story.following); });
    }
    setFollowing(story.following);
  }

  // Time control: buttons, the date, a slider of days with year ticks, the speed.
  function timeControl(story, opts) {
    var playBtn = byId("gs-play"), prevBtn = byId("gs-prev"), nextBtn = byId("gs-next");
    var speedBtn = byId("gs-speed"), slider = byId("gs-slider"), dateOut = byId("gs-date");
    var whereOut = byId("gs-where"), ticks = byId("gs-ticks");
    playBtn.addEventListener("click", function () { story.toggle(); });
    prevBtn.addEventListener("click", function () { story.prev(); });
    nextBtn.addEventListener("click", function () { story.next(); });
    speedBtn.addEventListener("click", function () { story.cycleSpeed(); });
    slider.addEventListener("input", function () { story.seekDay(+slider.value); });

    function showSpeed(x) {
      var text = (x === 0.5 ? "½" : String(x)) + "×";
      speedBtn.textContent = text;
      speedBtn.setAttribute("aria-label", "Speed " + text + " (change)");
    }
    story.on("speed", showSpeed);
    showSpeed(story.speed());
    story.on("play", function (on) {
      playBtn.setAttribute("aria-pressed", on ? "true" : "false");
      playBtn.setAttribute("aria-label", on ? "Pause" : "Play");
      playBtn.classList.toggle("is-playing", on);
    });

    function layoutTicks() {
      while (ticks.firstChild) ticks.removeChild(ticks.firstChild);
      var t0 = story.t0, t1 = story.t1, width = slider.clientWidth || 300;
      if (!(t1 > t0)) return;
      var y0 = civil(t0)[0], y1 = civil(t1)[0], years = y1 - y0 + 1;
      var steps = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500], step = 1;
      for (var i = 0; i < steps.length; i++) {
        step = steps[i];
        if (width / (years / step) >= (y0 <= 0 ? 60 : 44)) break; // "100 BC" is wider
      }
      for (var y = y0; y <= y1; y++) {
        // Round years: 1900 AD, and 50 BC (year -49) before year 1.
        if ((y > 0 ? y : 1 - y) % step) continue;
        var day = ordinal(y, 1, 1);
        if (day < t0) continue;
        var tick = el("span", "gs-tick", yearText(y));
        tick.style.left = (100 * (day - t0) / (t1 - t0)).toFixed(3) + "%";
        ticks.appendChild(tick);
      }
    }
    story.on("selection", function () {
      slider.min = String(story.t0);
      slider.max = String(story.t1);
      layoutTicks();
    });
    slider.min = String(story.t0);
    slider.max = String(story.t1);
    if (root.ResizeObserver) new root.ResizeObserver(layoutTicks).observe(slider);
    story.on("start", layoutTicks);

    var lastLabel = null, lastWhere = null, lastValue = -1;
    story.on("frame", function (e) {
      var f = e.frame, s = story.stops[f.index];
      var value = Math.round(f.day);
      if (value !== lastValue) { slider.value = String(value); lastValue = value; }
      if (f.label !== lastLabel) {
        dateOut.textContent = f.label;
        slider.setAttribute("aria-valuetext", f.label + ", " + s.place);
        lastLabel = f.label;
      }
      var where = story.overview ? plural(story.sel.length, "stop") :
        (f.travel ? "→ " + story.stops[f.next].place : s.place);
      if (where !== lastWhere) { whereOut.textContent = where; lastWhere = where; }
    });

    // Keyboard: space plays or pauses, arrows step through stops. Typing in a field or
    // choosing in a list keeps its own keys.
    document.addEventListener("keydown", function (ev) {
      var t = ev.target, tag = t && t.tagName;
      if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
      if (tag === "SELECT" || tag === "TEXTAREA" || (tag === "INPUT" && t.type !== "range")) return;
      if (ev.key === " " || ev.key === "Spacebar") {
        if (tag === "BUTTON" || tag === "SUMMARY") return; // the focused button acts
        ev.preventDefault();
        story.toggle();
      } else if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
        ev.preventDefault();
        ev.stopPropagation(); // the map would pan; here arrows move through time
        if (ev.key === "ArrowRight") story.next(); else story.prev();
      }
    }, true);
  }

  // Chapters: every period with its years; choosing one zooms, limits time, hides the rest.
  function chapterSelector(story, opts) {
    var select = byId("gs-chapter"), data = story.data;
    var whole = el("option", null, "Whole life · " + data.years);
    whole.value = "";
    select.appendChild(whole);
    data.periods.forEach(function (p) {
      var o = el("option", null, p.name + " · " + p.years);
      o.value = p.slug;
      select.appendChild(o);
    });
    var several = el("option", null, "");
    several.value = "__several__";
    several.hidden = true;
    select.appendChild(several);
    select.addEventListener("change", function () {
      if (select.value === "__several__") return;
      story.selectPeriods(select.value ? [select.value] : []);
    });
    story.on("selection", function (e) {
      if (e.slugs.length > 1) {
        several.textContent = e.slugs.length + " chapters";
        several.hidden = false;
        select.value = "__several__";
      } else {
        several.hidden = true;
        select.value = e.slugs[0] || "";
      }
      if (!e.keepView) story.fitSelection(story.started);
    });
  }

  // Story panel: the current stop in full, and every stop as a keyboard-reachable list.
  function storyPanel(story, opts) {
    var data = story.data, stops = story.stops;
    var panel = byId("gs-panel"), toggle = byId("gs-panel-toggle");
    var card = byId("gs-card"), list = byId("gs-stops"), peek = byId("gs-peek");
    byId("gs-title").textContent = data.title;
    document.title = data.title;
    byId("gs-subtitle").textContent = data.subtitle;

    function setOpen(open) {
      document.body.classList.toggle("gs-collapsed", !open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.setAttribute("aria-label", open ? "Hide the story panel" : "Show the story panel");
      setTimeout(function () {
        story.map.invalidateSize({ pan: false });
        // A smaller map may have lost the current stop off its edge: bring it back.
        var f = story.frame;
        if (f && !story.overview) {
          var s = stops[f.index];
          story.map.panInside([s.lat, s.lon], { padding: [40, 40], animate: false });
        }
      }, 0);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Small frames (a phone, an iframe) start with the panel folded.
    setOpen(!(root.innerWidth < 700 || root.innerHeight < 480));

    var buttons = new Array(stops.length), groups = [];
    var byPeriod = dict();
    stops.forEach(function (s, i) {
      var key = s.period;
      if (!(key in byPeriod)) {
        var p = data.periods[key], li = el("li", "gs-group");
        var h = el("h3", "gs-group-title", p ? p.name : "Other stops");
        if (p) h.appendChild(el("span", "gs-group-years", " " + p.years));
        li.appendChild(h);
        var ol = el("ol", "gs-group-stops");
        li.appendChild(ol);
        list.appendChild(li);
        byPeriod[key] = { li: li, ol: ol, slug: p ? p.slug : null, stops: [] };
        groups.push(byPeriod[key]);
      }
      var item = el("li"), b = el("button", "gs-stop");
      b.type = "button";
      var k = kindStyle(data, s.kind), dot = el("span", "gs-dot");
      dot.style.background = k.color;
      dot.setAttribute("aria-hidden", "true");
      b.appendChild(dot);
      var text = el("span", "gs-stop-text");
      text.appendChild(el("span", "gs-stop-place", s.place));
      text.appendChild(el("span", "gs-stop-dates", s.dates));
      b.appendChild(text);
      b.setAttribute("aria-label", "Stop " + s.n + ": " + s.place + ", " + s.dates + ", " +
        k.label);
      b.addEventListener("click", function () { story.goToStop(i); });
      item.appendChild(b);
      byPeriod[key].ol.appendChild(item);
      byPeriod[key].stops.push(i);
      buttons[i] = b;
    });

    function fillCard(i) {
      while (card.firstChild) card.removeChild(card.firstChild);
      if (i < 0) {
        var sel = story.sel, first = stops[sel[0]], last = stops[sel[sel.length - 1]];
        var chapter = story.selection.length === 1 ?
          data.periods[story.periodBySlug[story.selection[0]]] : null;
        card.appendChild(el("p", "gs-kicker", chapter ? "Chapter · " + chapter.years :
          "The whole journey · " + data.years));
        card.appendChild(el("h2", "gs-card-place", chapter ? chapter.name :
          first.place + " to " + last.place));
        card.appendChild(el("p", "gs-dates", plural(sel.length, "stop") +
          (chapter ? "" : " · " + plural(data.periods.length, "chapter") + " · " +
            data.routeKm.toLocaleString("en") + " km")));
        card.appendChild(el("p", "gs-summary", "Press play to follow the journey from " +
          first.place + " (" + first.sl + ") to " + last.place + " (" + last.sl +
          "), or choose a stop below."));
        peek.textContent = chapter ? chapter.name : data.title;
        return;
      }
      var s = stops[i], p = data.periods[s.period];
      stopCard(story, i, card, { heading: "h2", placeClass: "gs-card-place",
        kicker: p ? " · " + p.name : "" });
      card.appendChild(el("p", "gs-count", "Stop " + s.n + " of " +
        (data.people ? data.people[s.who].stops + personOf(data, s, " · ") : stops.length)));
      peek.textContent = s.place + " · " + s.dates;
    }

    var current = -2, lastShown = 0, pending = 0;
    story.on("frame", function (e) {
      var i = story.overview ? -1 : e.frame.index;
      if (i === current) return;
      // At high speeds stops change faster than anyone reads: refresh the card and list
      // at most four times a second while playing (and always with the final stop).
      var now = root.performance.now();
      if (story.playing && now - lastShown < 250) {
        if (!pending) {
          pending = root.setTimeout(function () {
            pending = 0;
            if (story.frame) show(story.overview ? -1 : story.frame.index);
          }, 250 - (now - lastShown));
        }
        return;
      }
      show(i);
    });
    function show(i) {
      if (i === current) return;
      lastShown = root.performance.now();
      if (current >= 0) buttons[current].removeAttribute("aria-current");
      if (i >= 0) {
        buttons[i].setAttribute("aria-current", "step");
        var b = buttons[i], box = list.parentNode;
        // Keep the current stop in sight in the list without moving the page (not on a
        // phone, where list and card scroll together and the card comes first).
        if (box && root.getComputedStyle(box).overflowY !== "visible" &&
            box.scrollHeight > box.clientHeight && box.clientHeight > 0) {
          var top = b.getBoundingClientRect().top - box.getBoundingClientRect().top +
            box.scrollTop, bottom = top + b.offsetHeight;
          if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
            box.scrollTop = Math.max(0, top - box.clientHeight / 3);
          }
        }
      }
      current = i;
      fillCard(i);
    }
    story.on("selection", function (e) {
      var active = dict();
      e.slugs.forEach(function (s) { active[s] = true; });
      var inSel = new Uint8Array(stops.length); // a stop filter (people.js) hides more
      story.sel.forEach(function (i) { inSel[i] = 1; });
      groups.forEach(function (g) {
        g.li.hidden = (e.slugs.length > 0 && !(g.slug && active[g.slug])) ||
          !g.stops.some(function (i) { return inSel[i]; });
      });
      current = -2;
    });
  }

  // URL state: #period=<slug>&t=<YYYY-MM> opens there, and follows the viewer quietly.
  function urlState(story, opts) {
    var lastHash = null, timer = 0;
    // A part that does not decode (a cut-off share link: "%", "%E0%A4%A") is dropped.
    function decode(text) {
      try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (err) { return null; }
    }
    function parse(hash) {
      var out = dict();
      String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
        var at = part.indexOf("="), key = decode(at < 0 ? part : part.slice(0, at));
        var value = at < 0 ? "" : decode(part.slice(at + 1));
        if (key && value !== null) out[key] = value;
      });
      return out;
    }
    // A chapter by its slug or by its name, whatever the case ("exile-in-mexico",
    // "Exile in Mexico"); anything else is dropped.
    function periodSlug(text) {
      if (text in story.periodBySlug) return text;
      var byName = story.periodByName[text.trim().toLowerCase()];
      return byName === undefined ? null : byName;
    }
    function compose() {
      var parts = [];
      if (story.selection.length) {
        parts.push("period=" + story.selection.map(encodeURIComponent).join(","));
      }
      story.urlParts.forEach(function (part) {
        var value = part.write();
        if (value) parts.push(part.key + "=" + value);
      });
      if (!story.overview && story.frame) parts.push("t=" + monthKey(story.frame.day));
      return parts.join("&");
    }
    function write() {
      timer = 0;
      var hash = compose();
      if (hash === lastHash) return;
      lastHash = hash;
      try {
        var base = root.location.href.split("#")[0];
        // replaceState: one history entry for the page, never one per animation step.
        root.history.replaceState(root.history.state, "", hash ? base + "#" + hash : base);
      } catch (err) { /* sandboxed frames may refuse; the map works without it */ }
    }
    function apply(hash, first) {
      var h = parse(hash);
      var slugs = h.period ? h.period.split(",").map(periodSlug).filter(function (s) {
        return s !== null;
      }) : (first ? story.data.initialPeriods || [] : []);
      story.urlParts.forEach(function (part) { part.read(h[part.key] || ""); });
      story.selectPeriods(slugs);
      var seeked = h.t ? story.seekMonth(h.t) : false;
      // The address keeps only what was understood.
      write();
      return seeked;
    }
    story.on("start", function () {
      var hadTime = apply(root.location.hash, true);
      // With a deep-linked time, autoplay carries on from there.
      if (opts.autoplay && !story.reduceMotion) story.play();
      return hadTime;
    });
    story.on("settle", function () { if (story.started) write(); });
    story.on("frame", function () {
      if (story.playing && !timer) timer = root.setTimeout(write, 500);
    });
    root.addEventListener("hashchange", function () {
      if (root.location.hash.replace(/^#/, "") !== lastHash) apply(root.location.hash, false);
    });
  }

  function create(map, data) {
    var story = new Story(map, data);
    // A container that changes size (panel folded, iframe resized) needs Leaflet to know.
    if (root.ResizeObserver) {
      new root.ResizeObserver(function () { map.invalidateSize({ pan: false }); })
        .observe(map.getContainer());
    }
    root.geostory = story;
    return story;
  }

  root.GeoStory = {
    // Helpers for the components in their own files (traveller.js, legend.js, ...).
    util: { el: el, byId: byId, dict: dict, kindStyle: kindStyle, plural: plural },
    create: create,
    stopMarkers: stopMarkers,
    routeLegs: routeLegs,
    timeControl: timeControl,
    chapterSelector: chapterSelector,
    storyPanel: storyPanel,
    urlState: urlState,
    camera: camera,
    formatDay: formatDay,
    monthKey: monthKey,
    civil: civil,
    ordinal: ordinal
  };
})(window);
