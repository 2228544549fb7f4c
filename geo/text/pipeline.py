"""The pipeline: text -> document -> people -> recognition -> visits -> dates -> stops."""

from __future__ import annotations

import bisect
import gc
import heapq
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from geo.places.gazetteer import MATCH_DAMAGED, Candidate
from geo.places.geocoder import score_candidate
from geo.places.names import (
    Match,
    Matcher,
    PlaceIndex,
    default_index,
    proper_words,
    tokenize,
)
from geo.text.analysis import _Cand, _Text, _watched
from geo.text.classifier import VisitModel, mention_features
from geo.text.document import _Doc, _period_of, _Sentence, _structure, read_text
from geo.text.draft import MAX_CANDIDATES, Draft, Mention, Stop, Visit
from geo.text.geography import _AREA_FEATURES, _choose_place, _km, is_sea
from geo.text.lexicon import _FACILITY_NOUNS, _PLACE_OF, _PRONOUNS, _STAY_KINDS, _TRIP_KINDS
from geo.text.lifespan import (
    LEAD_CHARS,
    LIFE_EVENT_SLACK_YEARS,
    MAX_LIFE_YEARS,
    Lifespan,
    find_lifespan,
    lone_bracket_date,
    outside_lifespan,
    school_start,
)
from geo.text.people import (
    _first_names,
    _first_person_paragraphs,
    _other_names,
    _person_keys,
    _subject_tokens,
)
from geo.text.recognise import _choose_spans, _demonym_places, _keep, _never_a_place
from geo.text.stops import _make_stops, _stop_from
from geo.text.timex import (
    _date_for,
    _date_key,
    _duration_end,
    _flash_forward,
    _heading_stay_date,
    _infobox_visits,
    _left_behind,
    _listed_dates,
    _reached_at_the_end,
    _rest_of_life,
    _running_dates,
    _stay_before_departure,
    _until,
    _where_event,
    born_from_ages,
)
from geo.text.visits import _classify


def _analyse(text: str, index: PlaceIndex, matcher: Matcher) -> tuple[_Text, list[Match]]:
    doc = _structure(text)
    tokens = tokenize(text)
    n = len(tokens)
    starts = tokens.start
    # Sentence of each token.
    sent_of = [-1] * n
    k = 0
    for si, s in enumerate(doc.sentences):
        k = bisect.bisect_left(starts, s.start, k)
        end = bisect.bisect_left(starts, s.end, k)
        s.t0, s.t1 = k, end
        sent_of[k:end] = [si] * (end - k)
        k = end
    keys = tokens.key
    counts = Counter(keys)
    # One pass over the words for everything the rules look for, instead of one per rule.
    watched = _watched()
    hits = [i for i, w in enumerate(keys) if w in watched]
    male = counts["he"] + counts["his"] + counts["him"]
    female = counts["she"] + counts["her"] + counts["hers"]
    pronouns = _PRONOUNS["m"] if male >= female else _PRONOUNS["f"]
    subject, main = _subject_tokens(doc, counts)
    subject |= _other_names(doc, tokens, subject | {pronouns[0]}, hits)
    info = _Text(doc, tokens, sent_of, subject, main, pronouns,  # type: ignore[arg-type]
                 set(), set(), hits)
    info.persons = _person_keys(info)
    info.first_names = _first_names(info)
    info.first_person = _first_person_paragraphs(info)
    return info, matcher.find(tokens)


# -- main entry points --------------------------------------------------------------------
_MATCHERS: dict[tuple[str, bool], Matcher] = {}
#: From this many keys a matcher is the real gazetteer's, loaded once for the process: big
#: enough for the garbage collector's walks over it to cost (see :func:`_matcher_for`).
FREEZE_MIN_KEYS = 100_000


def _matcher_for(index: PlaceIndex, use_automaton: bool | None) -> Matcher:
    key = (index.version, bool(use_automaton))
    if key not in _MATCHERS:
        matcher = Matcher(index, use_automaton=bool(use_automaton))
        _MATCHERS[key] = matcher
        if len(matcher.keys) >= FREEZE_MIN_KEYS:
            # The key set (a million names) lives as long as the process. Python's cyclic
            # garbage collector would walk it on every full collection, about 0.1-0.2 s of
            # CPU each time, in the middle of some later text; gc.freeze() moves what is
            # loaded so far out of its way for good (cheap: nothing is copied).
            gc.freeze()
    return _MATCHERS[key]


def extract(text: str, source_name: str = "<text>", *, index: PlaceIndex | None = None,
            use_automaton: bool | None = None, threshold: float = 1.5,
            visit_model: VisitModel | None = None, trace: list | None = None) -> Draft:
    """Turn a biography into a draft itinerary.

    Parameters
    ----------
    text : str
        The biography (cased, or lowercased with letters missing).
    source_name : str
        File name used in the ``source`` column.
    index : PlaceIndex, optional
        Gazetteer (default: the project gazetteer, :func:`geo.places.names.default_index`).
    use_automaton : bool, optional
        Match names with a pyahocorasick automaton instead of the token scan (same matches).
    threshold : float
        Minimum visit score; lower finds more visits and more mere mentions.
    visit_model : VisitModel, optional
        Decide visit or mention with this learned model (:mod:`geo.text.classifier`)
        instead of the rules' score and ``threshold``.
    trace : list, optional
        Receives ``(char_start, char_end, features, year)`` for every classified mention
        (``year`` of its date, ``None`` without one): the training data of
        ``bench/train_visits.py``.

    Returns
    -------
    Draft
    """
    if index is None:
        index = default_index()
    matcher = _matcher_for(index, use_automaton)
    info, matches = _analyse(text, index, matcher)
    doc = info.doc
    cands = _candidates(info, matches, index, matcher)
    # Every place mention found, by offset, with its reason: kept or why not.
    ledger: dict[int, tuple[_Cand, str]] = {}
    kept = _recognise(info, cands, index, ledger)

    qualifiers, drop, sent_countries = _qualify(text, kept, ledger)
    skip_words = frozenset(t for j in drop for t in range(kept[j].first, kept[j].last + 1))
    span = find_lifespan(_lead(doc))
    sent_dates, running = _running_dates(info, span.born)
    if span.born is None and not info.birth_date and (
            born := born_from_ages(info, sent_dates)) is not None:
        # The lead lost the birth ("(; 31 August 1941)"): the ages told with dates give it.
        span = span._replace(born=born, born_date=f"{born}~")
        sent_dates, running = _running_dates(info, born)
    if span.died is None and span.born is not None and (lone := lone_bracket_date(_lead(doc))) \
            and MIN_DEATH_AGE_YEARS <= int(lone[:4]) - span.born <= MAX_LIFE_YEARS:
        # "(; 31 August 1941)" with the birth in 1892: the bracket's one date is the death.
        span = span._replace(died=int(lone[:4]), died_date=lone)
    names = _name_spans(kept, drop)
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for k, c in enumerate(kept):
        if k not in drop:
            by_sentence.setdefault(c.sentence, []).append(names[k])

    def date_of(k: int, c: _Cand) -> tuple[str, str]:
        others = [o for o in by_sentence.get(c.sentence, []) if o != names[k]]
        return _date_for(info, c, sent_dates[c.sentence], running[c.sentence], names[k],
                         others)

    visits: list[Visit] = []
    repeats = Counter(c.key for c in kept)
    near: tuple[float, float] | None = None
    prev_visit: _Cand | None = None
    for i, c in enumerate(kept):
        if i in drop:
            continue
        sent = doc.sentences[c.sentence]
        if sent.heading >= 0 and doc.headings[sent.heading].thematic:
            ledger[c.start] = (c, f"in a section about memory or works "
                                  f"({doc.headings[sent.heading].name})")
            continue
        found: dict | None = {} if visit_model is not None or trace is not None else None
        score, kind, cue, departs, why = _classify(info, c, prev_visit, skip_words, found)
        is_visit = score >= threshold
        if visit_model is not None or trace is not None:
            feats = _features(found or {}, score, c, info, repeats)
            if visit_model is not None:
                is_visit = visit_model.is_visit(feats)
                if is_visit and score < threshold:
                    why = f"learned: a visit ({why or cue or 'no rule cue'})"
            if trace is not None:
                d, _ = date_of(i, c)
                trace.append((c.start, c.end, feats, int(d[:4]) if d else None))
        surface = text[c.start:c.end]
        if not is_visit:
            ledger[c.start] = (c, _rejection(score, cue, why, threshold))
            continue
        date, date_from = date_of(i, c)
        date, date_from = _life_event_date(kind, date, date_from, why, span, info, sent,
                                           c.start)
        until = _until(info, c.sentence, sent_dates[c.sentence], date) if date_from in (
            "sentence", "narrative") else ""
        if not date:
            ledger[c.start] = (c, "no date for it")
            continue
        if date_from in ("narrative", "sentence") and _flash_forward(
                info, c, date_from == "narrative") and not any(
                d.narrative and d.start >= c.end - sent.start for d in sent_dates[c.sentence]):
            # "... until Tsvetaeva's return to Russia": a later event, not dated by now
            # (nor by a date told before it in the sentence); "... to Paris in 1850" is.
            ledger[c.start] = (c, "a later event told in passing, without its date")
            continue
        date, date_from = _heading_stay_date(info, c, surface, date, date_from, visits)
        if date_from == "narrative" and (end_of := _reached_at_the_end(info, c, date)):
            date, until = end_of, ""  # "for the next decade ... and finally to Cambridge"
        if not until and span.died_date and _rest_of_life(info, c):
            until = span.died_date  # "remained in Hamburg for the rest of his life"
        if not until and date_from in ("sentence", "narrative"):
            until = _duration_end(info, c, date)  # "where they would live for 14 years"
        if (departs or _left_behind(info, c)) and date_from == "sentence" and not until and (
                before := _stay_before_departure(cue, date, running[c.sentence], c.places[0],
                                                 visits)):
            date, until = before
            date_from = "narrative"
            if kind in _TRIP_KINDS:
                kind = "residence"  # the stay the departure ends, not a trip
        year = int(date[:4])
        countries = frozenset(qualifiers.get(i, set())
                              or sent_countries.get(c.sentence, set()))
        place = _choose_place(c, countries, near, year, doc.damaged, i in qualifiers)
        if place is None:
            ledger[c.start] = (c, "no candidate place fits")
            continue
        if place.feature == "continent":
            # "returned to Europe", "known throughout Asia": too wide to be a stop of a life.
            ledger[c.start] = (c, "a continent, too wide for a stop")
            continue
        if place.feature in _AREA_FEATURES and is_sea(place.name):
            # "a typhoon in the East China Sea", "crossed the Atlantic Ocean": water passed
            # on the way between two stops, not a stop.
            ledger[c.start] = (c, "a sea or a strait, crossed rather than stayed at")
            continue
        name, _, heading_text = _period_of(doc, sent.heading)
        kind = kind or "travel"  # only when the visit threshold is switched off
        if kind == "prison" and place.feature == "country":
            kind = "residence"
        returns = cue.startswith(("return", "back"))
        ranked = _rank_candidates(c.places, place)
        visits.append(Visit(place, surface, c.start, c.end, date, date_from, kind, cue,
                            score, name, heading_text, i, departs, returns, c.sentence,
                            until, why, ranked))
        ledger[c.start] = (c, "kept")
        if kind in _TRIP_KINDS and date_from == "sentence" and not until:
            # "She visited Rome in 1845 and 1850": a trip each time.
            for again in _listed_dates(info, c.sentence, sent_dates[c.sentence], date):
                visits.append(replace(visits[-1], date=again, order=i,
                                      why=(why or cue) + "; another time of a list"))
        # "... in Bodrum, where he died on 9 July 1971": the death is a stop of its own.
        event = _where_event(info, c, sent_dates[c.sentence])
        if event is not None and event[0] != kind:
            visits.append(Visit(place, surface, c.start, c.end, event[1], "sentence", event[0],
                                "where " + event[0], score, name, heading_text, i, False,
                                False, c.sentence, "", f"where {info.pronouns[0]} "
                                + ("died" if event[0] == "death" else "was born"), ranked))
        if place.feature not in _AREA_FEATURES:
            # A country's or region's point is no neighbourhood: after "a trip to the United
            # States", Cambridge is not the one nearest Washington.
            near = (place.lat, place.lon)
        prev_visit = c
    visits.extend(_infobox_visits(info, index))
    visits, dropped = _bound(visits, span, doc)
    stops = _make_stops(visits, doc, source_name, info)
    death = _death_at_last_stay(stops, span, info, source_name)
    if death is not None:
        stops.append(death)
    return Draft(stops, _mentions(text, ledger, stops, dropped, visits), info.main)


def _features(found: dict, score: float, c: _Cand, info: _Text, repeats: Counter
              ) -> dict[str, float]:
    """The classifier's features of a classified mention (:func:`mention_features`)."""
    best = max(c.places, key=lambda p: (p.population, p.source))
    sent = info.doc.sentences[c.sentence]
    flags = dict(found.get("flags", {}), lead=sent.heading < 0, cased=info.doc.cased)
    return mention_features(found.get("stage", "scored"), score, found.get("kind", ""),
                            found.get("lemma", ""), found.get("prep", ""),
                            found.get("who", ""), found.get("notes", []), flags,
                            best.feature, best.population, found.get("agent_distance"),
                            c.start / max(1, len(info.doc.text)), repeats[c.key])


def _candidates(info: _Text, matches: list[Match], index: PlaceIndex, matcher: Matcher
                ) -> list[_Cand]:
    """Gazetteer matches inside sentences (leftmost-longest), with their candidates, and
    demonyms before facility nouns ("a Caucasian resort"), in text order."""
    doc = info.doc
    tokens = info.tokens
    keys = tokens.key
    cands: list[_Cand] = []
    proper = proper_words()
    capital = info.capital
    # What a key gives in this text (its places, and whether it is a demonym; None when it
    # is no candidate), worked out at its first mention: a text names its places often.
    looked: dict[tuple[str, bool], tuple[list[Candidate], bool] | None] = {}
    for m in _choose_spans(matches):
        si = info.sent_of[m.first]
        if si < 0 or info.sent_of[m.last] != si:
            continue  # headings, references, captions outside sentences
        single = m.first == m.last
        if doc.cased and single and not capital(m.first):
            continue  # a lower-case word in a cased text (checked here: lookups cost)
        if (m.key, single) in looked:
            found = looked[m.key, single]
        else:
            found = looked[m.key, single] = _candidates_of(m.key, single, doc.damaged, index,
                                                           matcher, proper)
        if found is None:
            continue
        places, demonym = found
        c = _Cand(m.first, m.last, tokens.start[m.first], tokens.end[m.last], m.key,
                  list(places), si, demonym)
        cands.append(c)
    # Demonyms of places not in the gazetteer as words ("Caucasian"): candidates too, for
    # "left for a Caucasian resort".
    taken = {c.first for c in cands}
    for f in info.where(_FACILITY_NOUNS):
        i = f - 1
        w = keys[i] if i >= 1 else ""
        if i in taken or len(w) < 5 or w not in proper or info.sent_of[i] < 0:
            continue
        if keys[i - 1] in ("a", "an", "the"):
            places = _demonym_places(w, index)
            if places:
                cands.append(_Cand(i, i, tokens.start[i], tokens.end[i], w, places,
                                   info.sent_of[i], demonym=True))
    cands.sort(key=lambda c: c.first)
    return cands


def _candidates_of(key: str, single: bool, damaged: bool, index: PlaceIndex, matcher: Matcher,
                   proper: frozenset[str]) -> tuple[list[Candidate], bool] | None:
    """The places of a matched key and whether it is a demonym ("German"), or ``None`` when
    it is no candidate (an ordinary word naming only hamlets, or no place left)."""
    places = index.candidates(key)
    if single and _never_a_place(key, places):
        matcher.dead.add(key)  # later texts skip it in the scan
        return None
    if not damaged:
        # The flag itself, not the is_damaged property: this runs over hundreds of candidates.
        places = [p for p in places if not p.match & MATCH_DAMAGED]
    if not places:
        return None
    demonym = single and key in proper and not any(
        p.feature in ("country", "region") or (p.match == 0 and p.population > 50000)
        for p in places) and bool(_demonym_places(key, index))
    return places, demonym


def _recognise(info: _Text, cands: list[_Cand], index: PlaceIndex,
               ledger: dict[int, tuple[_Cand, str]]) -> list[_Cand]:
    """The candidates that are place names here (:func:`_keep`); the rejected ones go to
    ``ledger`` with their reason."""
    keys = info.tokens.key
    kept: list[_Cand] = []
    for c in cands:
        if c.demonym:
            # A demonym is a place only as "a Caucasian resort" after a cue: the kind of
            # place is named after it.
            nxt = keys[c.last + 1] if c.last + 1 < len(keys) else ""
            if nxt in _FACILITY_NOUNS and c.last > 0 and keys[c.first - 1] in ("a", "an"):
                c.places = _demonym_places(c.key, index) or c.places
                kept.append(c)
            continue
        prior = kept[-1] if kept and kept[-1].sentence == c.sentence else None
        why_not = _keep(info, c, prior.last + 1 if prior else -1)
        if not why_not:
            kept.append(c)
        elif why_not not in _NOT_MENTIONS:
            ledger[c.start] = (c, why_not)

    return kept


def _name_spans(kept: list[_Cand], drop: set[int]) -> list[tuple[int, int]]:
    """Each kept mention's span, stretched over the qualifiers that follow it in its
    sentence ("Lynn, Massachusetts", "Pola, Austria")."""
    spans = [(c.start, c.end) for c in kept]
    for k in range(len(kept) - 2, -1, -1):
        nxt = kept[k + 1]
        if k not in drop and k + 1 in drop and nxt.sentence == kept[k].sentence:
            spans[k] = (kept[k].start, max(spans[k + 1][1], nxt.end))
    return spans


_NOW = re.compile(r"\s*(?:[A-Z][\w-]*\s+){0,2}?[(,]?\s*(?P<where>(?:in|near)\s+)?"
                  r"(?:what\s+is\s+)?(?:the\s+)?"
                  r"(?:now|present[- ]day|modern[- ]day|today|modern|later)"
                  r"\s*(?:known\s+as\s+|called\s+|the\s+site\s+of\s+)?"
                  r"(?P<inside>in\s+|part\s+of\s+)?(?:the\s+)?", re.I)


def _qualify(text: str, kept: list[_Cand], ledger: dict[int, tuple[_Cand, str]]
             ) -> tuple[dict[int, set[str]], set[int], dict[int, set[str]]]:
    """Qualifiers and modern names of the places kept: (countries named for each place, the
    places that only qualify another, countries named in each sentence)."""
    # Qualifiers ("Amherst, Nova Scotia", "Alma Ata (now in Kazakhstan)") and modern names
    # ("Nikolayev (now Mykolaiv)") describe the place before them; they are not stops.
    qualifiers: dict[int, set[str]] = {}
    renamed: dict[int, list[Candidate]] = {}
    drop: set[int] = set()
    text_ = text
    for i, c in enumerate(kept):
        for j in range(i + 1, min(i + 4, len(kept))):
            nq = kept[j]
            if nq.sentence != c.sentence or nq.start - c.end > 60:
                break
            gap = text_[kept[j - 1].end:nq.start]
            # "(now Mykolaiv)", "now known as Sitka", "now the site of Kansas City", "(now in
            # Kazakhstan)", "now part of Sindh": a modern name, or (group 1) where it lies.
            # Also "Fergana, in present-day Uzbekistan", "Mardin in modern-day Turkey", "the
            # Samudra Pasai Sultanate in present-day Aceh", "in what is now X": where it lies.
            now = _NOW.fullmatch(gap)
            # "Coyoacán, a neighborhood in Mexico City": where the first place lies.
            if re.fullmatch(r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){1,3}(?:in|of|near)\s+"
                            r"(?:the\s+)?", gap):
                drop.add(j)
                ledger[nq.start] = (nq, "says where the place before it lies")
                break
            # "the Red Sea port of Aydhab", "the Alpine town of X": the first name only says
            # what the town after it is a port or a town of.
            of = re.fullmatch(r"\s+(?:[\w-]+\s+){0,2}?([\w-]+)\s+of\s+", gap)
            if of and of.group(1).lower() in _PLACE_OF and i not in drop and \
                    any(p.feature in _AREA_FEATURES for p in c.places[:1]):
                drop.add(i)
                ledger[c.start] = (c, "says what the place after it belongs to")
                break
            wide = {p.country for p in nq.places if p.feature != "city" and p.country}
            mine = {p.country for p in c.places}
            states = {(q.country, q.admin1) for q in nq.places
                      if q.feature == "region" and q.admin1}
            in_state = [p for p in c.places if (p.country, p.admin1) in states]
            if in_state and i not in drop and (now or re.fullmatch(r"\s*(?:,|\()\s*", gap)):
                # "Pasadena, California", "Salem, Massachusetts": the state picks the town.
                c.places = in_state
                qualifiers.setdefault(i, set()).update(p.country for p in in_state)
                drop.add(j)
                ledger[nq.start] = (nq, "the state or province of the place before it")
            elif now and not (now.group("inside") or now.group("where")) and \
                    any(p.feature == "city" for p in nq.places):
                renamed[i] = nq.places
                drop.add(j)
                ledger[nq.start] = (nq, "another name of the place before it")
            elif (now or _IN_OR_OF.fullmatch(gap) or (
                    re.fullmatch(r"\s*(?:,|-|\s)\s*", gap)
                    # "Tlemcen, Béjaïa, and then Tunis": a town first is listed, even
                    # where a province shares its name.
                    and not _listed_town(text_, kept, j))) \
                    and wide & mine and i not in drop:
                qualifiers.setdefault(i, set()).update(wide & mine)
                drop.add(j)
                ledger[nq.start] = (nq, "qualifies the place before it")
            elif gap.strip() == "," and i not in drop and any(
                    p.feature == "country" and p.match == 0 for p in nq.places) and \
                    not any(p.feature in _AREA_FEATURES for p in c.places):
                # "Pola, Austria": a town and the state it belonged to then, which need not
                # be its country now; a qualifier all the same, not a stop.
                drop.add(j)
                ledger[nq.start] = (nq, "qualifies the place before it")
            elif gap.strip() == "," and i not in drop and (inside := _inside_city(c, nq)):
                # "Bloomsbury, London", "Coyoacán, Mexico City": the district of a city.
                c.places = inside
                drop.add(j)
                ledger[nq.start] = (nq, "names the city the place before it is in")
            elif gap.strip() == "," and i not in drop and _unknown_district(c, nq):
                # "Bloomsbury, London" where the gazetteer knows only far namesakes of the
                # district: the city is the stop.
                drop.add(i)
                ledger[c.start] = (c, "a district of the city after it (only far namesakes "
                                      "in the gazetteer)")
                break
            else:
                break
    for i, places in renamed.items():
        # "Nikolayev (now Mykolaiv)": both names, the modern one decides.
        kept[i].places = [p for p in places if p.feature == "city"] or places
    # Countries named in a sentence: context for its other places (as the geocoder expects:
    # "the country named in the same row or sentence").
    sent_countries: dict[int, set[str]] = {}
    for c in kept:
        for p in c.places:
            if p.feature == "country" and p.country and p.match == 0:
                sent_countries.setdefault(c.sentence, set()).add(p.country)

    return qualifiers, drop, sent_countries


def _bound(visits: list[Visit], span: Lifespan, doc: _Doc
           ) -> tuple[list[Visit], dict[int, str]]:
    """Visits inside the lifespan, outside the lead's summary and not after the death; the
    others by offset with the reason."""
    dropped: dict[int, str] = {}
    # The lifespan bounds every visit; a birth or death at another date is someone else's.
    for v in visits:
        why_not = outside_lifespan(v.kind, int(v.date[:4]), span)
        if why_not:
            dropped.setdefault(v.start, why_not)
    visits = [v for v in visits if not outside_lifespan(v.kind, int(v.date[:4]), span)]
    # With sections, the lead only summarises them: keep its births and deaths.
    if len(doc.headings) >= 2:
        for v in visits:
            if not (v.heading or v.kind in ("birth", "death")):
                dropped.setdefault(v.start, "in the lead, which only summarises the sections")
        visits = [v for v in visits if v.heading or v.kind in ("birth", "death")]
    deaths = [_date_key(v.date)[1] for v in visits if v.kind == "death"]
    if deaths:
        for v in visits:
            if _date_key(v.date)[0] > min(deaths):
                dropped.setdefault(v.start, "dated after the subject's death")
        visits = [v for v in visits if _date_key(v.date)[0] <= min(deaths)]
    return visits, dropped


def _death_at_last_stay(stops: list[Stop], span: Lifespan, info: _Text, source_name: str
                        ) -> Stop | None:
    """A death told without a place ("She died in her sleep on 27 October 1968"): a death
    stop at the last stay, dated by the lifespan, when no stop is a death yet."""
    if not stops or span.died_date == "" or any(s.kind == "death" for s in stops):
        return None
    died = _date_key(span.died_date)[0]
    # The stay begun last before the death: stops dated after it (a legacy told later, the
    # ashes flown home) are no place of it.
    before = [k for k, s in enumerate(stops) if _date_key(s.start)[0] <= died]
    if not before:
        return None
    last = stops[max(before, key=lambda k: (_date_key(stops[k].start)[0], k))]
    if last.kind in _TRIP_KINDS:
        # A stay that lasted to the death, past the trips made from it ("remained in Hamburg
        # for the rest of his life", then a trip to Paris).
        last = next((s for s in reversed(stops) if s.kind in _STAY_KINDS and s.end
                     and _date_key(s.end)[1] >= died), last)
    if last.kind not in _STAY_KINDS or _date_key(last.start)[0] > _date_key(span.died_date)[0]:
        return None
    v = next(v for v in last.visits if v.start == last.char_start)
    if v.place.feature in _AREA_FEATURES:
        return None  # a country or region is no place of death
    keys = info.tokens.key
    refs = info.subject | {info.pronouns[0]}
    told = any(keys[i] == "died" and i >= 1 and (keys[i - 1] in refs or (
        i >= 2 and keys[i - 2] in refs and keys[i - 1] in _ADVERBS_BEFORE_DIED))
        for i in info.where({"died"})) or _death_dated(info, span) or _self_death_told(info)
    if not told:
        return None
    visit = Visit(v.place, v.surface, v.start, v.end, span.died_date, "sentence", "death",
                  "died", v.score, v.period, v.heading, 10**9, sentence=v.sentence,
                  why="death told without a place: at the last stay",
                  candidates=v.candidates)
    return _stop_from([visit], source_name, info.doc)


# "... until her death on 13 February 1539": the death told as a date, without a place.
_UNTIL_DEATH = re.compile(r"\b(?:until|till|up\s+to)\s+(his|her|their)\s+death\s+(?:on|in)\s+",
                          re.I)


def _death_dated(info: _Text, span: Lifespan) -> bool:
    """Whether the text tells the subject's death as "until her death on <the death date>"."""
    from geo.textdates import find_dates

    text = info.doc.text
    for m in _UNTIL_DEATH.finditer(text):
        if m.group(1).lower() != ("his" if info.pronouns[0] == "he" else "her"):
            continue  # "until their death", "his death" in a text about her
        dates = find_dates(text[m.end():m.end() + 30])
        if dates and dates[0].start == 0 and dates[0].year == span.died:
            return True
    return False


#: Youngest age at death a lone date in the lead's bracket is read as (see
#: :func:`geo.text.lifespan.lone_bracket_date`), in years after the birth.
MIN_DEATH_AGE_YEARS = 15
# A death told without "died": "Tsvetaeva hanged herself", "he took his own life".
_SELF_DEATH = re.compile(r"\b(?:(?:hanged|killed|shot|drowned|poisoned)\s+(himself|herself)|"
                         r"committed\s+suicide|took\s+(his|her)\s+own\s+life)\b", re.I)


def _self_death_told(info: _Text) -> bool:
    """Whether the text tells the subject's suicide: "Tsvetaeva hanged herself", with the
    subject or the subject's pronoun right before (an adverb between allowed)."""
    text = info.doc.text
    own = ("himself", "his") if info.pronouns[0] == "he" else ("herself", "her")
    refs = info.subject | {info.pronouns[0]}
    for m in _SELF_DEATH.finditer(text):
        word = (m.group(1) or m.group(2) or "").lower()
        if word and word not in own:
            continue
        before = [w for w in tokenize(text[max(0, m.start() - 40):m.start()]).key
                  if w not in _ADVERBS_BEFORE_DIED]
        if before and before[-1] in refs:
            return True
    return False


_ADVERBS_BEFORE_DIED = frozenset({"later", "eventually", "finally", "then", "peacefully",
                                  "suddenly", "soon"})


def _subject_just_before(info: _Text, at: int) -> bool:
    """Whether the subject is named (or is the pronoun) in the three words before the
    character offset ``at``: "she drowned at X", not "her daughter Ann died in X"."""
    k = bisect.bisect_left(info.tokens.start, at)
    refs = info.subject | {info.pronouns[0]}
    return any(w in refs for w in info.tokens.key[max(0, k - 3):k])


def _life_event_date(kind: str, date: str, date_from: str, why: str, span: Lifespan,
                     info: _Text, sent: _Sentence, at: int) -> tuple[str, str]:
    """The date of a birth or death: the sentence's, else the lifespan's, the heading's or
    another sentence that says "born"; the lifespan's when the sentence's disagrees with it
    for the subject's own birth or death. Other visits keep ``(date, date_from)``."""
    doc = info.doc
    if kind == "birth" and date_from != "sentence":
        # "She was born in Warsaw": the date is in the lifespan, else in the heading
        # ("Early life (1681-1712)"), else in another sentence that says "born".
        heading_years = _period_of(doc, sent.heading)[1]
        if span.born_date:
            date, date_from = span.born_date, "sentence"
        elif heading_years:
            date, date_from = str(heading_years[0]), "heading"
        elif info.birth_date:
            date, date_from = info.birth_date, "sentence"
    elif kind == "death" and date_from != "sentence" and span.died_date:
        date, date_from = span.died_date, "sentence"
    elif kind == "childhood" and date_from != "sentence" and (
            born := span.born or (int(info.birth_date[:4]) if info.birth_date else None)) \
            is not None and (not date or int(date[:4]) > born):
        # "She was raised in Doylestown", undated or told after later events: a childhood
        # starts at the birth, not at the running date.
        date, date_from = str(born), "birth"
    elif kind == "school" and date_from != "sentence":
        # "Johann went to school in Neuchâtel" right after his birth (or with no date at
        # all): not at birth, at school age.
        born = span.born or (int(info.birth_date[:4]) if info.birth_date else None)
        if born is not None and (not date or int(date[:4]) <= born):
            date, date_from = school_start(why, born), "age"
    if kind in ("birth", "death") and date and "(subject agent)" in why:
        # The subject's own birth or death with another date in its sentence ("Born
        # into a family ... in Würzburg (then in the Bishopric, ... in 1815)"): the
        # lifespan's date.
        year, life_date = (span.born, span.born_date) if kind == "birth" else (
            span.died, span.died_date)
        # A date that opens the sentence before the name tells when the event was ("In
        # March 1860, ... his daughter died in X"): at another year, someone else's.
        if year is not None and abs(int(date[:4]) - year) > LIFE_EVENT_SLACK_YEARS and not (
                date_from == "sentence" and not _subject_just_before(info, at)
                and any(d.edtf == date and d.narrative and sent.start <= d.start <= d.end <= at
                        for d in info.dates or [])):
            date, date_from = life_date, "sentence"
    return date, date_from


#: Reasons of :func:`_keep` that say the match is no place mention at all (an ordinary word,
#: a lower-case word, a month): such matches are not listed among the mentions.
_NOT_MENTIONS = frozenset({"an ordinary word", "not capitalised", "a month or a day"})


#: Farthest a district may lie from the city named after it ("Bloomsbury, London"), km.
DISTRICT_OF_CITY_KM = 30.0


# "Zimmerwald in Switzerland", "Khanwa (currently in the Indian state of Rajasthan)": a
# place that says where the one before it lies; not after "and", which starts a new clause
# ("left X and made his way to the town of Y").
_IN_OR_OF = re.compile(r"(?:(?!\band\b).)*\b(?:in|of)\s+(?:the\s+)?", re.S)


def _listed_town(text: str, kept: list[_Cand], j: int) -> bool:
    """Whether ``kept[j]``, best read as a town, stands in a list of places with the one
    before it: another place follows it after "," or "and" ("Tlemcen, Béjaïa, and then
    Tunis"), so it is the list's next item, not the qualifier of the place before it."""
    nq = kept[j]
    if not (nq.places and nq.places[0].feature == "city"):
        return False
    if re.match(r"\s*,?\s*(?:and|or)\s", text[nq.end:nq.end + 8]):
        return True  # "Princeton, Harvard and other universities"
    if j + 1 >= len(kept):
        return False
    nxt = kept[j + 1]
    # Initials may follow the item ("Washington, D.C., Boston").
    return nxt.sentence == nq.sentence and re.fullmatch(
        r"(?:,\s*(?:[A-Z]\.)+)?\s*(?:,\s*)?(?:and|or)?\s*(?:then\s+)?(?:finally\s+)?",
        text[nq.end:nxt.start]) \
        is not None and text[nq.end:nxt.start].strip() != ""


def _inside_city(place: _Cand, city: _Cand) -> list[Candidate]:
    """The candidates of ``place`` within :data:`DISTRICT_OF_CITY_KM` of a city candidate of
    ``city`` (empty when ``city`` is no city or none is near)."""
    cities = [q for q in city.places if q.feature == "city"]
    return [p for p in place.places
            if p.feature not in _AREA_FEATURES and p.source not in {q.source for q in cities}
            and any(_km(p, q) <= DISTRICT_OF_CITY_KM for q in cities)]


#: Population from which a city after a comma names where the place before it lies.
CITY_QUALIFIER_MIN_POPULATION = 100_000
#: Largest population of a far namesake that a district-of-a-city reading overrules.
FAR_NAMESAKE_MAX_POPULATION = 20_000


def _unknown_district(place: _Cand, city: _Cand) -> bool:
    """Whether ``place`` is a district of the big city ``city`` that the gazetteer lacks: all
    its candidates are small and far from the city."""
    cities = [q for q in city.places
              if q.feature == "city" and q.population >= CITY_QUALIFIER_MIN_POPULATION]
    return bool(cities) and all(
        p.feature == "city" and p.population <= FAR_NAMESAKE_MAX_POPULATION
        and all(_km(p, q) > DISTRICT_OF_CITY_KM for q in cities) for p in place.places)


def _lead(doc: _Doc) -> str:
    """The lead paragraph's text, from the subject's name on (after an image caption's
    remnant such as ``... portrait, 1750]]``)."""
    if not doc.paragraphs:
        return ""
    first, last = doc.paragraphs[0]
    lead = doc.text[doc.sentences[first].start:doc.sentences[last].end]
    cut = lead.find("]]", 0, LEAD_CHARS)
    return lead[cut + 2:] if cut >= 0 else lead


def _rejection(score: float, cue: str, why: str, threshold: float) -> str:
    """Why a classified mention is no visit: a veto, a penalty, no cue, or weak evidence."""
    if not why:
        return cue or "no visit cue"  # a veto ("possessive") or nothing at all
    if "; " in why:
        return why.split("; ", 1)[1]  # a penalty: "another person's trip"
    return f"weak evidence: {why} (score {score:.1f} < {threshold:.1f})"


def _rank_candidates(places: list[Candidate], chosen: Candidate | None = None
                     ) -> tuple[Candidate, ...]:
    """The candidates best first (the chosen one, then by the geocoder's context-free score
    and population), at most :data:`MAX_CANDIDATES`."""
    # heapq.nsmallest(n, xs, key) is sorted(xs, key=key)[:n] (ties kept in order), without
    # sorting a long candidate list in full to keep eight.
    if chosen is None:
        return tuple(heapq.nsmallest(MAX_CANDIDATES, places, key=_plain_key))
    first = [p for p in places if p == chosen][:MAX_CANDIDATES]
    rest = heapq.nsmallest(MAX_CANDIDATES - len(first), [p for p in places if p != chosen],
                           key=_plain_key)
    return tuple(first + rest)


#: The ranking key of every candidate ranked so far: the geocoder's context-free score
#: (negated), population (negated) and source. A candidate is an immutable record and the
#: score a pure function of it, so it is computed once per process; the ranking of every
#: mention asks for it again and again.
_PLAIN_KEYS: dict[Candidate, tuple[float, int, str]] = {}
#: Most keys kept (a bound on the memory of a long-running process).
_PLAIN_KEYS_MAX = 200_000


def _plain_key(p: Candidate) -> tuple[float, int, str]:
    """``(-score_candidate(p), -p.population, p.source)``, memoised in :data:`_PLAIN_KEYS`."""
    key = _PLAIN_KEYS.get(p)
    if key is None:
        key = (-score_candidate(p), -p.population, p.source)
        if len(_PLAIN_KEYS) < _PLAIN_KEYS_MAX:
            _PLAIN_KEYS[p] = key
    return key


def _mentions(text: str, ledger: dict[int, tuple[_Cand, str]], stops: list[Stop],
              dropped: dict[int, str], visits: list[Visit]) -> list[Mention]:
    """One :class:`Mention` per place mention, kept or rejected, in text order."""
    stop_of: dict[int, tuple[int, Visit]] = {}
    for n, s in enumerate(stops, 1):
        for v in s.visits:
            stop_of.setdefault(v.start, (n, v))
    kept_visits = {v.start: v for v in visits}
    out = []
    starts = set(ledger) | {v.start for s in stops for v in s.visits}
    for start in sorted(starts):
        if start in ledger:
            c, reason = ledger[start]
            surface, end = text[c.start:c.end], c.end
        else:  # an infobox line
            c, v = None, kept_visits[start]
            surface, end, reason = v.surface, v.end, "kept"
        if start in stop_of:
            stop, v = stop_of[start]
            out.append(Mention(surface, start, end, True, v.why or v.cue, stop,
                               v.candidates or (v.place,)))
            continue
        # Ranked only here: a stop's mention shows its visit's candidates.
        candidates = _rank_candidates(c.places) if c is not None else \
            v.candidates or (v.place,)
        if reason == "kept":
            out.append(Mention(surface, start, end, False,
                               dropped.get(start, "a region or country covered by a town stop"),
                               None, candidates))
        else:
            out.append(Mention(surface, start, end, False, reason, None, candidates))
    return out


def extract_file(path: str | Path, *, index: PlaceIndex | None = None,
                 use_automaton: bool | None = None) -> Draft:
    """Read ``path`` (UTF-8) and extract its draft itinerary."""
    text = read_text(path)
    return extract(text, Path(path).name, index=index, use_automaton=use_automaton)
