/* geostory review page: the rules a saved row must pass, as `python -m geo validate` has them.
 *
 * EDTF dates with the rules and messages of geo/dates.py, the row checks of
 * geo/itinerary.validate_frame, and spreadsheet-safe CSV cells as geo/csvsafe.py writes them.
 * No page state here: review.js calls these through window.geostoryRules.
 */
(function () {
  "use strict";

  var MONTHS = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec"];

  // ---------------------------------------------------------------- dates (geo/dates.py)
  var EXPECTED = "expected an EDTF date such as 1879-11-07, 1902-08, 1902-22 (summer), " +
    "1929, 193X or -0043 (44 BC), optionally ending in ~ (approximate), ? (uncertain) or % " +
    "(both)";
  var PATTERN = /^(-?\d{2}(?:\d{2}|\dX|XX))(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?$/;
  var MIN_YEAR = -9999, MAX_YEAR = 9999;  // geo.dates.MIN_YEAR, MAX_YEAR
  var SEASON_MONTHS = {21: [3, 5], 22: [6, 8], 23: [9, 11], 24: [12, 2]};

  /* Python's repr() of a string, so messages read exactly as `geo validate` prints them. */
  function pyRepr(s) {
    var q = (s.indexOf("'") >= 0 && s.indexOf('"') < 0) ? '"' : "'";
    var out = q;
    for (var i = 0; i < s.length; i++) {
      var ch = s[i], code = s.charCodeAt(i);
      if (ch === "\\") { out += "\\\\"; }
      else if (ch === q) { out += "\\" + q; }
      else if (ch === "\n") { out += "\\n"; }
      else if (ch === "\r") { out += "\\r"; }
      else if (ch === "\t") { out += "\\t"; }
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
        out += "\\x" + ("0" + code.toString(16)).slice(-2);
      } else if (code === 0x2028 || code === 0x2029) { out += "\\u" + code.toString(16); }
      else { out += ch; }
    }
    return out + q;
  }
  function daysIn(year, month) {
    if (month === 2) {
      return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    }
    return [4, 6, 9, 11].indexOf(month) >= 0 ? 30 : 31;
  }
  function dayKey(y, m, d) { return y * 10000 + m * 100 + d; }

  /* Parse an EDTF date with the rules of geo.dates.parse_date: returns {earliest, latest}
   * (as yyyymmdd numbers) or {error} with the same message. */
  function parseDate(raw) {
    var text = raw.trim();
    var fail = function (why) { return {error: pyRepr(raw) + " is not a date: " + why}; };
    if (!text) { return fail(EXPECTED); }
    var m = PATTERN.exec(text);
    if (!m) { return fail(EXPECTED); }
    var yearS = m[1], monthS = m[2], dayS = m[3];
    var outside = "it reaches outside the supported years " + MIN_YEAR + " to " + MAX_YEAR;
    var negative = yearS.charAt(0) === "-";
    if (negative && /^-0+$/.test(yearS)) {
      return fail("year zero has no sign; write 0000 (1 BC)");
    }
    if (yearS.indexOf("X") >= 0) {
      if (monthS) { return fail("a year with X digits takes no month"); }
      var base = parseInt(yearS.replace(/X/g, "0"), 10);
      var span = yearS.split("X").length - 1 === 1 ? 10 : 100;
      // -004X is the years -40 .. -49: the range starts at its most negative year.
      var first = negative ? base - (span - 1) : base;
      return {earliest: dayKey(first, 1, 1), latest: dayKey(first + span - 1, 12, 31)};
    }
    var year = parseInt(yearS, 10);
    if (!monthS) { return {earliest: dayKey(year, 1, 1), latest: dayKey(year, 12, 31)}; }
    var month = parseInt(monthS, 10);
    if (SEASON_MONTHS[month] && !dayS) {
      var sm = SEASON_MONTHS[month], endYear = month === 24 ? year + 1 : year;
      if (year < MIN_YEAR || endYear > MAX_YEAR) { return fail(outside); }
      return {earliest: dayKey(year, sm[0], 1),
              latest: dayKey(endYear, sm[1], daysIn(endYear, sm[1]))};
    }
    if (month < 1 || month > 12) {
      return fail("month must be 01-12 (or 21-24 for a season)");
    }
    if (!dayS) {
      return {earliest: dayKey(year, month, 1), latest: dayKey(year, month, daysIn(year, month))};
    }
    var day = parseInt(dayS, 10);
    if (day < 1 || day > daysIn(year, month)) {
      return fail(yearS + "-" + monthS + " has no day " + dayS);
    }
    return {earliest: dayKey(year, month, day), latest: dayKey(year, month, day)};
  }

  function dateLabel(s) {
    var m = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%])?$/.exec(String(s).trim());
    if (!m) { return String(s); }
    var mon = m[2] ? parseInt(m[2], 10) : 0;
    var seasons = {21: "Spring", 22: "Summer", 23: "Autumn", 24: "Winter"};
    var y = parseInt(m[1], 10);
    // Astronomical years: 0 is 1 BC, -43 is 44 BC.
    var yearText = y <= 0 ? (1 - y) + " BC" : m[1];
    var label = yearText;
    if (seasons[mon]) { label = seasons[mon] + " " + yearText; }
    else if (mon >= 1 && mon <= 12) {
      label = (m[3] ? parseInt(m[3], 10) + " " : "") + MONTHS[mon] + " " + yearText;
    }
    if (m[4] === "~" || m[4] === "%") { label = "c. " + label; }
    if (m[4] === "?" || m[4] === "%") { label += "?"; }
    return label;
  }
  function spanLabel(s) {
    if (!s.start) { return "no date"; }
    if (!s.end || s.end === s.start) { return dateLabel(s.start); }
    return dateLabel(s.start) + " – " + dateLabel(s.end);
  }

  /* Every problem with the rows to save, as `geo validate` words it (row 2 = first stop). */
  var COUNTRY = /^[A-Z]{2}$/;
  function rowProblems(s, kinds) {
    var out = [];
    function bad(col, value, msg) {
      out.push({column: col, text: "column " + pyRepr(col) + ": " +
        (value === null ? "" : pyRepr(value) + " ") + msg});
    }
    var place = String(s.place).trim(), start = String(s.start).trim();
    var end = String(s.end).trim(), country = String(s.country).trim();
    if (!(typeof s.lat === "number" && isFinite(s.lat) && Math.abs(s.lat) <= 90)) {
      bad("lat", String(s.lat), "is not a latitude (expected decimal degrees from -90 to 90, " +
          "in digits 0-9 with a point)");
    }
    if (!(typeof s.lon === "number" && isFinite(s.lon) && Math.abs(s.lon) <= 180)) {
      bad("lon", String(s.lon), "is not a longitude (expected decimal degrees from -180 to " +
          "180, in digits 0-9 with a point)");
    }
    if (!place) { bad("place", "", "is blank; every stop needs a place name"); }
    var a = null, b = null;
    if (!start) { bad("start", "", "is blank; every stop needs a start date (EDTF, e.g. 1902-08)"); }
    else {
      a = parseDate(start);
      if (a.error) { bad("start", null, a.error); a = null; }
    }
    if (end) {
      b = parseDate(end);
      if (b.error) { bad("end", null, b.error); b = null; }
    }
    if (a && b && b.latest < a.earliest) {
      bad("end", end, "is before the start " + pyRepr(start));
    }
    if (kinds.indexOf(String(s.kind).toLowerCase()) < 0) {
      bad("kind", String(s.kind), "is not a kind; expected one of " + kinds.join(", "));
    }
    if (country && !COUNTRY.test(country)) {
      bad("country", country, "is not an ISO 3166-1 alpha-2 code (two capital letters) or blank");
    }
    return out;
  }

  // ---------------------------------------------------------------- CSV (geo/csvsafe.py)
  var FORMULA = /^[=+\-@\t\r]/;
  var PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
  function csvSafe(v) { return FORMULA.test(v) && !PLAIN_NUMBER.test(v) ? "'" + v : v; }
  function csvField(v) {
    v = String(v);
    return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  window.geostoryRules = {
    parseDate: parseDate, pyRepr: pyRepr, rowProblems: rowProblems, dateLabel: dateLabel,
    spanLabel: spanLabel, csvSafe: csvSafe, csvField: csvField,
  };
})();
