/* geostory story map: page tools, a print view and a full-screen button.
 *
 * Print (the "Print" button, or Ctrl+P): one overview map of the current selection,
 * fitted to all its stops with no controls over it, then the stop list with dates,
 * places, summaries and sources: a handout. The handout list is built when printing
 * starts (beforeprint, or the print media query turning on), from the stops of the
 * selection, with textContent only. After printing the viewer's moment comes back.
 *
 * Full screen: a labelled button that puts the whole page in full screen (Fullscreen
 * API); hidden where the API is not allowed (an iframe without allowfullscreen).
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

  function icon(path) {
    var ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("d", path);
    svg.appendChild(p);
    return svg;
  }

  G.pageTools = function (story, opts) {
    var map = story.map, data = story.data, doc = document;
    var handout = el("section", "gs-print");
    handout.id = "gs-print";
    handout.setAttribute("aria-label", "Stops, for printing");
    doc.body.appendChild(handout);

    function citeText(s) {
      var parts = (s.cites || []).map(function (c) { return c.text + ", § " + c.section; });
      var note = (s.cites && s.cites.length) ? s.note : s.source;
      if (note) parts.push(note);
      return parts.join("; ");
    }

    function fillHandout() {
      while (handout.firstChild) handout.removeChild(handout.firstChild);
      var chapter = story.selection.length === 1 ?
        data.periods[story.periodBySlug[story.selection[0]]] : null;
      handout.appendChild(el("h2", "gs-print-title", chapter ?
        chapter.name + " · " + chapter.years : "The whole journey · " + data.years));
      var list = el("ol", "gs-print-stops");
      story.sel.forEach(function (i) {
        var s = story.stops[i], k = data.kinds[s.kind], li = el("li", "gs-print-stop");
        var head = el("p", "gs-print-head");
        head.appendChild(el("span", "gs-print-n", s.n + ". "));
        head.appendChild(el("strong", "gs-print-place", s.place));
        if (s.modern && s.modern !== s.place) {
          head.appendChild(el("span", "gs-print-modern", " (today " + s.modern + ")"));
        }
        head.appendChild(el("span", "gs-print-dates", " · " + s.dates));
        head.appendChild(el("span", "gs-print-kind", " · " + (k ? k.label : s.kind)));
        li.appendChild(head);
        if (s.summary) li.appendChild(el("p", "gs-print-summary", s.summary));
        var cite = citeText(s);
        if (cite) li.appendChild(el("p", "gs-print-source", "Source: " + cite));
        list.appendChild(li);
      });
      handout.appendChild(list);
    }

    var saved = null;
    function beforePrint() {
      if (saved) return;
      saved = { overview: story.overview, day: story.frame ? story.frame.day : null,
        following: story.following };
      story.pause();
      fillHandout();
      doc.body.classList.add("gs-printing");
      // The overview of the selection: every stop drawn, the map fitted to them all.
      story.selectPeriods(story.selection, { keepView: true });
      map.invalidateSize({ pan: false });
      story.fitSelection(false);
    }
    function afterPrint() {
      if (!saved) return;
      var was = saved;
      saved = null;
      doc.body.classList.remove("gs-printing");
      map.invalidateSize({ pan: false });
      if (!was.overview && was.day !== null) story.seekDay(was.day);
      else story.fitSelection(false);
    }
    root.addEventListener("beforeprint", beforePrint);
    root.addEventListener("afterprint", afterPrint);
    var media = root.matchMedia ? root.matchMedia("print") : null;
    if (media) {
      var onChange = function (e) { if (e.matches) beforePrint(); else afterPrint(); };
      if (media.addEventListener) media.addEventListener("change", onChange);
      else if (media.addListener) media.addListener(onChange);
    }
    story.preparePrint = beforePrint;
    story.endPrint = afterPrint;

    var Tools = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var bar = el("div", "leaflet-bar gs-page-tools");
        var print = el("button", "gs-tool gs-tool-print");
        print.type = "button";
        print.id = "gs-print-button";
        print.title = "Print a handout: the map of this selection and its stops (Ctrl+P)";
        print.setAttribute("aria-label", "Print");
        print.appendChild(icon("M4 1h8v4H4zM2 6h12a1 1 0 0 1 1 1v5h-3v3H4v-3H1V7a1 1 0 0 1 " +
          "1-1zm3 5v3h6v-3z"));
        print.addEventListener("click", function () {
          beforePrint();
          // Let the canvases redraw at the print size before the dialog takes its picture.
          root.requestAnimationFrame(function () {
            root.requestAnimationFrame(function () { root.print(); });
          });
        });
        bar.appendChild(print);

        var full = el("button", "gs-tool gs-tool-fullscreen");
        full.type = "button";
        full.id = "gs-fullscreen";
        full.appendChild(icon("M1 1h5v2H3v3H1zm9 0h5v5h-2V3h-3zM1 10h2v3h3v2H1zm12 0h2v5h-5v-2h3z"));
        var target = doc.documentElement;
        var can = !!(doc.fullscreenEnabled && target.requestFullscreen);
        full.hidden = !can;
        function showState() {
          var on = !!doc.fullscreenElement;
          full.setAttribute("aria-pressed", on ? "true" : "false");
          full.setAttribute("aria-label", on ? "Exit full screen" : "Full screen");
          full.title = on ? "Exit full screen (Esc)" : "Full screen";
        }
        full.addEventListener("click", function () {
          var p = doc.fullscreenElement ? doc.exitFullscreen() : target.requestFullscreen();
          if (p && p.catch) p.catch(function () { /* refused: the page stays as it is */ });
        });
        doc.addEventListener("fullscreenchange", function () {
          showState();
          map.invalidateSize({ pan: false });
        });
        showState();
        bar.appendChild(full);
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    new Tools().addTo(map);
  };
})(window);
