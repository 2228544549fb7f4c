/* geostory: the page without its map library.
 *
 * A default render takes Leaflet from a CDN. Opened offline (a classroom, an archive), the
 * library never arrives; rather than a dead page, this shows the title, a message that
 * says why and how to get an offline copy, and every stop with its dates and summary.
 * It needs nothing but the DOM, and puts text from the data in with textContent only.
 */
function geostoryFallback(dataId) {
  "use strict";
  var data;
  try {
    data = JSON.parse(document.getElementById(dataId).textContent);
  } catch (err) {
    return;
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function byId(id) { return document.getElementById(id); }
  document.body.classList.add("gs-nomap");
  document.title = data.title;
  if (byId("gs-title")) byId("gs-title").textContent = data.title;
  if (byId("gs-subtitle")) byId("gs-subtitle").textContent = data.subtitle;
  var map = document.querySelector(".folium-map");
  if (map) {
    var note = el("div", "gs-nomap-note");
    note.setAttribute("role", "alert");
    note.appendChild(el("h2", null, "The map could not load"));
    note.appendChild(el("p", null, "This page takes its map library (Leaflet) from the " +
      "internet, which is not reachable now. The story is told in the list of stops."));
    note.appendChild(el("p", null, "For a copy that works offline, render the map with " +
      "`python render.py --self-contained` (or ask whoever shared it for that copy)."));
    map.appendChild(note);
  }
  var card = byId("gs-card"), list = byId("gs-stops");
  if (card) {
    card.appendChild(el("p", "gs-kicker", "The whole journey · " + data.years));
    card.appendChild(el("p", "gs-dates", data.subtitle));
  }
  if (list) {
    data.stops.forEach(function (s) {
      var li = el("li", "gs-nomap-stop");
      li.appendChild(el("span", "gs-stop-place", s.place));
      li.appendChild(el("span", "gs-stop-dates", " · " + s.dates));
      if (s.summary) li.appendChild(el("p", "gs-summary", s.summary));
      list.appendChild(li);
    });
  }
  document.documentElement.setAttribute("data-ready", "fallback");
}
