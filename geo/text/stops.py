"""Stops: grouping visits into rows, folding regions, closing stays."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from geo.dates import parse_date
from geo.text.analysis import _Text
from geo.text.document import _Doc
from geo.text.draft import Stop, Visit
from geo.text.geography import _AREA_FEATURES, _STATIVE_CUES, _inside, _same_place
from geo.text.lexicon import _STAY_KINDS, _TRIP_KINDS, cue_entry, word_list
from geo.text.timex import _date_key


def _make_stops(visits: list[Visit], doc: _Doc, source_name: str, info: _Text) -> list[Stop]:
    # A person is born once: the most precise (then earliest) birth date is the birth; other
    # mentions of the birth add nothing.
    births = [v for v in visits if v.kind == "birth"]
    if births:
        # (a town before a country or region told the same: "in northern Mexico" in the
        # lead, "born in Parras de la Fuente, Coahuila" in the body)
        birth = min(births, key=lambda v: (-len(v.date.rstrip("~?")), _date_key(v.date),
                                           v.place.feature in _AREA_FEATURES, v.order))
        # Other mentions of the same birth (an infobox and the text) join it, for its
        # source and period; a birth told elsewhere or at another date is left out.
        visits = [v for v in visits if v.kind != "birth" or v is birth or (
            _same_place(v.place, birth.place) and v.date == birth.date)]
    # Order by year, then narrative order (finer dates are unreliable across precisions).
    visits = sorted(visits, key=lambda v: (int(v.date[:4]), v.order, v.start))
    groups: list[list[Visit]] = []
    for v in visits:
        target = None
        told = next((g for g in groups if v.kind == "death" and _same_place(g[0].place, v.place)
                     and any(x.kind == "death" for x in g)), None)
        if told is not None:
            # A person dies once: the death told again (the lead, then the last section)
            # joins the death told first, whatever came between.
            told.append(v)
            continue
        if groups and _same_place(groups[-1][0].place, v.place) and \
                not _separate_trips(groups[-1], [v]):
            target = groups[-1]
        else:
            # Back to a place left only for short trips: the same stay.
            for gi in range(len(groups) - 1, max(-1, len(groups) - 9), -1):
                g = groups[gi]
                if _same_place(g[0].place, v.place):
                    since = groups[gi + 1:]
                    # Only a stay is returned to; a second trip somewhere is a new trip.
                    # ... and only after a short absence: counted from the first trip.
                    away = since[0][0].date if since else g[-1].date
                    if _group_kind(g) not in _TRIP_KINDS and \
                            all(_group_kind(x) in _TRIP_KINDS for x in since) and \
                            int(v.date[:4]) - int(away[:4]) <= 2:
                        target = g
                    elif _group_kind(g) not in _TRIP_KINDS \
                            and _refers_to_stay(v):
                        # "During his stay in Leiden, ...", "while in Paris": the stay told
                        # before, not a new one.
                        target = g
                    elif _remains(v) and all(_group_kind(x) in _TRIP_KINDS for x in since):
                        # "went to work in Hamburg" (1721), a trip to Paris, "Telemann
                        # remained in Hamburg for the rest of his life": one stay from 1721.
                        target = g
                    break
        if target is not None and (v.kind == "death") != any(x.kind == "death"
                                                              for x in target):
            # A death is its own stop, and takes no stay: "died in Seville" told before
            # "returned home to Seville" in the same year stays two stops.
            target = None
        if target is not None:
            target.append(v)
        else:
            groups.append([v])
    # A region or a country is a stop of its own only when no city stop inside it covers the
    # same time: "moved to France" then "in Paris" is one stay; "escaped from Siberia" after
    # a Siberian village is no new stop at all.
    kept: list[list[Visit]] = []
    for i, g in enumerate(groups):
        p = g[0].place
        if p.feature in _AREA_FEATURES or (p.feature == "district" and not p.population):
            departs = all(v.departs for v in g)
            # The area is named first, then the town ("moved to France ... in Paris";
            # "toured Spain and France, singing in Madrid, Barcelona and Paris").
            span = groups[i + 1:i + 6]
            sentences = {v.sentence for v in g}
            lo = _date_key(g[0].date)[0] - 200
            # How near in the text: a country contains its towns for sure (the time is
            # enough), a region only probably, so a region asks for the town in the next
            # sentences.
            reach = 10**6 if p.feature == "country" else 3
            near = [h for h in span if h[0].place.feature not in _AREA_FEATURES
                    and _inside(h[0].place, p)
                    and lo <= _date_key(h[0].date)[1]
                    and _date_key(h[0].date)[0] <= _date_key(g[-1].date)[1] + 200
                    and (_group_kind(h) not in _TRIP_KINDS or _group_kind(g) in _TRIP_KINDS)
                    and any(v.sentence >= 0 and not v.returns
                            and min(abs(v.sentence - x) for x in sentences) <= reach
                            for v in h)]
            # A country or region named while he is in one of its towns adds nothing ("In
            # Mexico, he lived ..." after his arrival in Mexico City; "in Siberia he
            # studied" after his exile to a Siberian village).
            if kept and kept[-1][0].place.feature not in _AREA_FEATURES and \
                    _inside(kept[-1][0].place, p) and \
                    _date_key(g[0].date)[0] <= _date_key(kept[-1][-1].date)[1] + 366 and (
                    p.feature == "country" or (
                        all(v.cue in _STATIVE_CUES or v.departs for v in g)
                        and min(abs(v.sentence - x.sentence)
                                for v in g for x in kept[-1]) <= 3)):
                kept[-1].extend(g)
                continue
            nxt = groups[i + 1] if i + 1 < len(groups) else []
            if kept and nxt and kept[-1][0].place.feature not in _AREA_FEATURES and \
                    _inside(kept[-1][0].place, p) and \
                    _same_place(nxt[0].place, kept[-1][0].place) and \
                    _group_kind(kept[-1]) in _STAY_KINDS and _group_kind(nxt) != "death":
                # Named between two stays in one of its towns ("in Berlin" ... "staying in
                # Germany" ... "left Berlin"): the same stay, not a stop of its own.
                kept[-1].extend(g)
                continue
            if near:
                continue
            if departs:
                continue  # leaving a country or region says nothing new about where he was
            if nxt and _group_kind(nxt) == "death" and _group_kind(g) in _STAY_KINDS and \
                    any(v.returns for v in g) and \
                    nxt[0].place.feature not in _AREA_FEATURES and _inside(nxt[0].place, p):
                # "Soon after his return to Spain ..." and then "He died ... in Seville": the
                # return home is to the town where he died.
                g = [replace(v, place=nxt[0].place, surface=nxt[0].surface) for v in g]
        kept.append(g)
    # Merge neighbours that became the same place after folding.
    merged: list[list[Visit]] = []
    for g in kept:
        if merged and _same_place(merged[-1][0].place, g[0].place) and \
                "death" not in (_group_kind(g), _group_kind(merged[-1])) and \
                not _separate_trips(merged[-1], g):
            merged[-1].extend(g)
        else:
            merged.append(g)
    names = info.tokens  # noqa: F841 - kept for symmetry with mentions
    stops = [_stop_from(g, source_name, doc) for g in merged]
    # A stay ends when the next stay starts; trips made from it (a summer in Zürich while
    # living in Rome) do not end it.
    for i, s in enumerate(stops):
        if s.kind not in _STAY_KINDS:
            continue
        last = _date_key(s.end or s.start)[0]
        for later in stops[i + 1:]:
            begins = _date_key(later.start)
            if later.kind in _TRIP_KINDS and begins[0] < last:
                continue  # a trip made while the stay went on
            if begins[1] >= _date_key(s.start)[0] and later.start != s.start and \
                    begins[0] >= last:
                s.end = later.start
            break
    for s in stops:
        if s.end and _date_key(s.end)[1] < _date_key(s.start)[0]:
            s.end = ""
    return stops


def _separate_trips(first: list[Visit], then: list[Visit]) -> bool:
    """Two trips to one place, the second after the first was over, stay two trips."""
    return _group_kind(first) in _TRIP_KINDS and _group_kind(then) in _TRIP_KINDS and \
        _date_key(then[0].date)[0] > max(_date_key(v.until or v.date)[1] for v in first)


def _group_kind(g: list[Visit]) -> str:
    """A stay is what it was when it began ("moved to Vienna", later a congress there);
    a birth or death decides whatever else happened there."""
    kinds = {v.kind for v in g}
    for k in ("birth", "death"):
        if k in kinds:
            return k
    first = min(g, key=lambda v: (_date_key(v.date), v.order))
    if first.kind == "travel" and any(_remains(v) for v in g):
        return "residence"  # a visit he stayed on after ("remained in Hamburg")
    if first.kind == "travel" and \
            max(_date_key(v.until or v.date)[0] for v in g) - _date_key(first.date)[0] \
            >= STAY_DAYS:
        return "residence"  # told across years ("went to Berlin" 1907, there in 1926)
    if first.kind in ("residence", "travel"):
        # A weak first cue gives way to a specific one of the same time.
        same = [v.kind for v in g if v.date[:4] == first.date[:4]
                and v.kind not in ("residence", "travel", "escape")]
        if same:
            return same[0]
    return first.kind


#: A place the subject is told to be at over this many days (from the first mention to the
#: last, or a visit's end) was a stay, whatever the first cue was.
STAY_DAYS = 366

_KIND_WORDS = {"birth": "Birth", "childhood": "Childhood", "school": "Schooling",
               "residence": "Stay", "prison": "Imprisonment", "exile": "Exile",
               "escape": "Escape", "travel": "Visit", "conference": "Meeting or congress",
               "detention": "Detention", "asylum": "Asylum", "hospital": "Hospital stay",
               "death": "Death"}


def _stop_from(g: list[Visit], source_name: str, doc: _Doc) -> Stop:
    first = min(g, key=lambda v: (_date_key(v.date), v.order))
    last = max(g, key=lambda v: (_date_key(v.until or v.date)[1], v.order))
    kind = _group_kind(g)
    arrival = _arrival_after_journey(g)
    if arrival is not None:
        first = arrival
    if kind == "death":
        # A death stop is dated by the death (the most precise telling), not by a visit it
        # took in ("returned to Spain" the same year).
        first = last = min((v for v in g if v.kind == "death"),
                           key=lambda v: (-len(v.date.rstrip("~?")), v.order))
    # The city, not the country or region, names a merged stop.
    named = next((v for v in sorted(g, key=lambda v: v.order)
                  if v.place.feature not in _AREA_FEATURES), first)
    p = named.place
    start = first.date
    last_date = last.until or last.date
    end = last_date if _date_key(last_date)[0] > _date_key(start)[0] else ""
    surface = named.surface
    place_name = surface if doc.cased else re.sub(r"(^|[\s\-–])(\w)",
                                                  lambda m: m.group(1) + m.group(2).upper(),
                                                  surface)
    cues = sorted({v.cue for v in g if v.cue}, key=lambda c: (len(c), c))[:3]
    mentions = len(g)
    date_from = {"sentence": "the sentence", "narrative": "the running narrative year",
                 "heading": "the section heading",
                 "age": "the age of starting school",
                 "birth": "the birth year (a childhood)"}[first.date_from]
    summary = (f"{_KIND_WORDS[kind]} inferred from "
               + ", ".join(f"'{c}'" for c in cues)
               + f"; {parse_date(start).label()} from {date_from}"
               + (f"; {mentions} mentions merged" if mentions > 1 else "") + ".")
    headings = []
    for v in sorted(g, key=lambda v: v.order):
        if v.heading and v.heading not in headings:
            headings.append(v.heading)
    source = f"{source_name}: {'; '.join(headings[:2]) or 'introduction'}"
    confidence = round(min(0.95, 0.35 + 0.1 * max(v.score for v in g)
                           + 0.05 * (mentions - 1)), 2)
    period = next((v.period for v in g if v.period), "")
    whys = list(dict.fromkeys(v.why or v.cue for v in sorted(g, key=lambda v: v.order)))
    why = "; ".join(whys[:3]) + (f"; {mentions} mentions merged" if mentions > 1 else "")
    return Stop(place_name, p.modern_name or p.name,
                p.country if len(p.country) == 2 else "", p.lat, p.lon,
                start, end, kind, period, summary, source, p.source, surface, named.start,
                named.end, confidence, list(g), why)


@cache
def _arrival_lemmas() -> frozenset[str]:
    """Lemmas of cues that tell an arrival (``data/arrival_lemmas.txt``)."""
    return word_list("arrival_lemmas.txt")


def _arrival_after_journey(g: list[Visit]) -> Visit | None:
    """The arrival that starts a stop whose earlier visits are only the journey there
    ("sailing from Rotterdam to Batavia" on 19 June 1822, "arrived in Batavia on February 18,
    1823"): the first arrival dated by its sentence, when every visit dated before it is a
    trip told before it; else ``None``."""
    arrivals = [v for v in g if v.date_from == "sentence" and v.cue and (
        (entry := cue_entry(v.cue.split()[0])) is not None
        and entry.lemma in _arrival_lemmas())]
    if not arrivals:
        return None
    a = min(arrivals, key=lambda v: (_date_key(v.date), v.order))
    earlier = [v for v in g if _date_key(v.date)[0] < _date_key(a.date)[0]]
    if earlier and all(v.kind in _TRIP_KINDS and v.order < a.order for v in earlier):
        return a
    return None


def _remains(v: Visit) -> bool:
    """Whether a visit says the subject stayed on where he was ("remained in Hamburg")."""
    entry = cue_entry(v.cue.split()[0]) if v.cue else None
    return entry is not None and entry.lemma in _CONTINUATION_LEMMAS and not v.returns


#: Lemmas of cues that continue a stay rather than begin one.
_CONTINUATION_LEMMAS = frozenset({"remain"})


def _refers_to_stay(v: Visit) -> bool:
    """Whether a visit only refers to a stay already told ("while in X", "during his stay in
    X") rather than telling a new arrival."""
    return v.cue in ("while in", "stay") and not v.returns
