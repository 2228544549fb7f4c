"""Visit or mention: does a cue put the subject at the place?"""

from __future__ import annotations

import re

from geo.text.analysis import _Cand, _Text
from geo.text.geography import _AREA_FEATURES
from geo.text.lexicon import (
    _CUE_PAIRS,
    _DOUBT,
    _FACILITY_NOUNS,
    _FAMILY,
    _MODIFIER_NOUNS,
    _NEG_PHRASES,
    _NEGATIONS,
    _OTHER_ACTORS,
    _PERSON_VERBS,
    _PLACE_NOUNS,
    _PLACE_OF,
    _POLITIES,
    _PREPS,
    _SKIPPABLE,
    _STOP_WORDS,
    _cue_of,
    _is_common,
    _words,
    cue_entry,
    cue_has,
    intention_words,
    is_base_verb,
)
from geo.text.people import _pronoun_means_subject, _subject_mentions

# -- visit or mention ---------------------------------------------------------------------
_SUBORDINATORS = _words("while whereas although though but which who whose whom")
# Verbs by which others move the subject: "sent him to", "had him transferred"; not
# "followed him into exile", where the agent moves.
_CAUSATIVE = _words("""forced ordered put placed escorted carried drove shipped had have got
invited allowed let sentenced""")


def unrealised_infinitive(words: list[str], i: int) -> bool:
    """Whether the cue ``words[i]`` is a bare infinitive that did not happen (yet): "vital to
    capture X", "allowed her to travel to X", "decided to accept an invitation to X".

    The word before "to" (past "him", "her", "them") must be one of the plan, wish or
    permission words of ``data/intentions.txt``; obligation happened ("had to flee X",
    "was forced to flee X").

    >>> unrealised_infinitive("he was allowed to travel".split(), 4)
    True
    >>> unrealised_infinitive("he had to flee".split(), 3)
    False
    """
    w = words[i]
    if words[i - 1] != "to" or not is_base_verb(w) or cue_entry(w) is None:
        return False
    k = i - 2
    while k >= 0 and words[k] in ("him", "her", "them", "us", "me"):
        k -= 1
    return k >= 0 and words[k] in intention_words()


_AUXILIARIES = _words("was were been being be is are got get gets")
_REFLEXIVES = _words("himself herself themselves")


def sent_something(words: list[str], i: int, refs: set[str]) -> bool:
    """Whether the cue ``words[i]`` (a verb whose object moves: send, deport, exile) has the
    subject as its agent and something or someone else as its object: "Siebold sent three
    shipments to Leiden" (not "he was sent to X", "Sent to X, he ...", "they sent him to X").

    >>> sent_something("siebold sent three shipments to".split(), 1, {"siebold"})
    True
    >>> sent_something("he was then sent to".split(), 3, {"he", "him"})
    False
    >>> sent_something("the party sent him to".split(), 2, {"he", "him"})
    False
    """
    w = words[i]
    if not cue_has(w, "object_moves") or i == 0 or cue_entry(w).lemma == w:
        return False  # "in exile": the noun (or the base form)
    if set(words[:i]) & _AUXILIARIES:
        return False  # the passive ("was expelled ... and deported"): the subject is sent
    objects = words[i + 1:]
    return not (set(objects) & (refs | _REFLEXIVES)) and bool(set(words[:i]) & refs)


def _causes(word: str) -> bool:
    """Verbs by which others move the subject: "sent him to", "had him transferred"; not
    "followed him into exile", where the agent moves."""
    return word in _CAUSATIVE or cue_has(word, "causative")


# Between two places of one list: single words separated by commas ("X, berat, Y and Z").
_LIST_GAP = re.compile(r"(?:\s*,\s*[\w'-]+){0,6}\s*,?\s*(?:and|or)?\s*")
# Brackets do not cut: an aside ("(New Style)") sits inside its clause.
_CLAUSE_BREAK = re.compile(r"[;:—]")


def _is_cue(keys: list[str], i: int) -> str:
    w = keys[i]
    if i + 1 < len(keys):
        pair = _CUE_PAIRS.get((w, keys[i + 1]))
        if pair:
            return pair
        if i + 2 < len(keys) and (w, keys[i + 2]) in _CUE_PAIRS:
            return _CUE_PAIRS[(w, keys[i + 2])]  # "made his way"
    return _cue_of(w)


def _facility_after(right: list[str]) -> str:
    """The facility a name qualifies: "hospital" in "Oslo community hospital"."""
    for w in right[:3]:
        if w in _FACILITY_NOUNS:
            return w
        if not _is_common(w) or _cue_of(w) or w in _STOP_WORDS:
            break
    return ""


def _classify(info: _Text, c: _Cand, prev_visit: _Cand | None,
              skip: frozenset[int] = frozenset()) -> tuple[float, str, str, bool, str]:
    """(score, kind, cue, departs, why) for a kept candidate; score <= 0 means a mere
    mention, and then ``cue`` says why ("possessive", "negated or intended").

    ``skip`` holds the words of qualifiers ("Pola, Austria and Trieste") that stand between
    places listed together.
    """
    doc = info.doc
    text = doc.text
    keys = info.tokens.key
    n = len(keys)
    sent = doc.sentences[c.sentence]
    a, b = c.first, c.last
    # The clause: a semicolon, colon, dash or bracket before the name starts a new one.
    c0 = a
    tstart, tend = info.tokens.start, info.tokens.end
    while c0 > sent.t0 and not _CLAUSE_BREAK.search(text, tend[c0 - 1], tstart[c0]):
        c0 -= 1
        # ", while the work in X was done by Y": a subordinate clause with its own agent.
        if keys[c0] in _SUBORDINATORS and c0 > sent.t0 and \
                "," in text[tend[c0 - 1]:tstart[c0]] and c0 < a - 1:
            break
    left = keys[c0:a]
    right = keys[b + 1:min(sent.t1, b + 10)]
    nxt = right[0] if right else ""
    gap_after = text[c.end:info.tokens.start[b + 1]] if b + 1 < n else ""
    nom, obj, _ = info.pronouns
    subject_refs = info.subject | {nom}
    if doc.sentences[c.sentence].paragraph in info.first_person:
        subject_refs = subject_refs | {"i", "we"}

    # Mentions: modifiers ("the Moscow trials", "London-based", "the Bolshevik leader"),
    # possessives ("Germany's terms"), "Treaty of X".
    if nxt and b + 1 < sent.t1:
        hyphen = "-" in gap_after or "–" in gap_after
        if hyphen and nxt in ("based", "born", "area", "style", "era"):
            return -1.0, "", f"'{nxt}' after the name", False, ""
        if nxt == "s" and gap_after in ("'", "’"):
            return -1.0, "", "possessive", False, ""
        if gap_after == " " and nxt in _MODIFIER_NOUNS and nxt not in (
                "conference", "congress", "convention"):
            return -1.0, "", f"used before '{nxt}'", False, ""
        if nxt in ("conference", "congress", "convention") and len(right) > 1 and \
                right[1] in ("in", "at"):
            # "the Solvay Conference in Brussels": the event is named, the place follows.
            return -1.0, "", f"names the {nxt}", False, ""
        if gap_after == " " and nxt not in _STOP_WORDS and not _facility_after(right) and \
                _is_common(nxt) and not _cue_of(nxt) and nxt not in _PERSON_VERBS and \
                not nxt.endswith(("ly", "ed")) and nxt not in info.subject and \
                (not doc.cased or not info.capital(b + 1)) and \
                not any(p.feature in ("region", "district") for p in c.places):
            return -1.0, "", f"used before '{nxt}'", False, ""
    # The preposition that links the name to the clause, skipping articles and place nouns
    # ("in the harbor town of X", "to a farm in X").
    prep = ""
    facility = ""
    place_of = False
    j = len(left) - 1
    steps = 0
    while j >= 0 and steps < 6:
        w = left[j]
        if w in _PREPS:
            prep = w
            if j >= 1 and left[j - 1] in _FACILITY_NOUNS and w in ("in", "at", "near"):
                facility = left[j - 1]
            break
        if w == "of" and j >= 2 and left[j - 2:j] == ["by", "way"]:
            prep = "via"  # "by way of Stockholm"
            break
        if w == "of" and j >= 1 and left[j - 1] in _POLITIES and not any(
                p.feature in _AREA_FEATURES for p in c.places):
            # "the Duchy of Warsaw", "the Republic of Venice": a state named after its
            # capital, not the town.
            return -1.0, "", f"'{left[j - 1]} of' before the name", False, ""
        if w == "of" and j >= 1 and left[j - 1] in _PLACE_OF:
            place_of = True  # "the island of X", "the harbor town of X"
            j -= 2
            steps += 2
            continue
        if w == "of":
            return -1.0, "", "'of' before the name", False, ""
        if w in _SKIPPABLE or (_is_common(w) and w not in _STOP_WORDS
                               and not _cue_of(w)):
            j -= 1
            steps += 1
            continue
        break
    other_actor = prep in ("in", "at", "near") and j >= 1 and left[j - 1] in _OTHER_ACTORS
    # "the X hospital", "X internment camp": the facility is at X.
    after_facility = _facility_after(right)
    score = 0.0
    kind = ""
    cue = ""
    cue_at = -1
    for i in range(len(left) - 1, max(-1, len(left) - 17), -1):
        k = _is_cue(left, i)
        if k:
            cue_at = i
            cue = left[i]
            kind = k
            break
    # "sent him to X for his education", "moved to X to study": the purpose names the stay.
    if kind in ("residence", "travel", ""):
        for w in right[1:4] if right[:1] and right[0] in ("for", "to") else []:
            k = _cue_of(w)
            if k in ("school", "hospital", "prison", "exile", "asylum", "conference"):
                kind = k
                cue = w
                break
    if "born" in left and prep in ("in", "at", "near") and kind != "birth" and (
            not cue or kind in ("residence", "school", "childhood", "travel")):
        # "born and raised in X", "born into a family of professors in X": the birth.
        # "born ... on 7 November 1879, the fifth child of a family in X": far, but plain.
        cue_at = len(left) - 1 - left[::-1].index("born")
        cue = "born"
        kind = "birth"
    if after_facility:
        k = _cue_of(after_facility)
        if k and (not cue or kind in ("residence", "travel")):
            kind = k
            cue = cue or after_facility
    named_event = nxt in ("conference", "congress", "convention", "meeting", "summit")
    # "visited Milan", "reached the capital", "left Vienna": the place is the verb's object.
    # ("visited the cities X, Y and Z", "reached the port town of X").
    direct = cue_at >= 0 and cue_has(left[cue_at], "transitive") and all(
        w in _SKIPPABLE or w in _PLACE_NOUNS for w in left[cue_at + 1:])
    if cue and (prep or (kind == "conference" and named_event) or after_facility or place_of
                or direct):
        score += 2.0
    elif cue:
        score += 1.0
    if other_actor and not (kind in ("prison", "detention", "exile")
                            and set(left) & ({obj, info.pronouns[2]} | subject_refs)):
        # "troops at X", "a newspaper in X": someone or something else was at X; a
        # subject held or stopped there ("his ship was intercepted by officials in X") was.
        return -1.0, "", f"'{left[j - 1]} {prep}' before the name", False, ""
    if facility and cue:
        score += 0.5
        k = _cue_of(facility)
        if k and kind in ("residence", "travel"):
            kind = k
    refs_re = subject_refs
    right_words = set(right[:3])
    # "X, where he ...", "while in X", "In X, he ..."
    if (nxt == "where" and len(right) > 1 and right[1] in refs_re) or (
            nxt == "where" and len(right) > 2 and right[2] in refs_re):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "where"
    if (len(left) >= 1 and left[-1] in ("in", "at") and len(left) >= 2 and \
            left[-2] == "while") or (len(left) >= 3 and left[-3:] == ["while", "still", "in"]):
        score += 2.5
        kind = kind or "residence"
        cue = cue or "while in"
    if left and left[-1] in ("in", "at") and len(left) <= 2 and right_words & refs_re:
        score += 2.0
        kind = kind or "residence"
        cue = cue or "in"
    # Coordination with the previous visit in the same sentence ("in X, then Y").
    if prev_visit is not None and prev_visit.sentence == c.sentence and score < 2:
        between = [keys[i] for i in range(prev_visit.last + 1, a) if i not in skip]
        # Names the gazetteer lacks may stand between ("gjirokastra, berat, vlor").
        gap = text[info.tokens.end[prev_visit.last]:c.start]
        if _LIST_GAP.fullmatch(gap) or all(
                w in ("and", "then", "or", "later", "finally", "first", "next", "also", "in",
                      "at", "to", "the", "before", "after", "via", "from")
                or not (_is_common(w) or w in _STOP_WORDS or w.isdigit()) for w in between):
            score += 2.0
            cue = cue or "listed with the previous place"
    # "At first he worked in X, but soon moved to Y": a place left is a place stayed at.
    if score <= 0 and prep in ("in", "at"):
        later = keys[b + 1:sent.t1]
        for i, w in enumerate(later[:12]):
            if w in ("moved", "left", "went", "fled") and (set(later[max(0, i - 4):i])
                                                           & ({"but", "then", "before"}
                                                              | refs_re)):
                score += 2.0
                kind = "residence"
                cue = "left for another place"
                break
    if score <= 0:
        return 0.0, "", "", False, ""
    # Negation or intention between the clause start and the name, unless a new coordinated
    # clause starts after it ("escaped en route to exile and made his way to X").
    window = left[-12:]
    vetoes = [i for i, w in enumerate(window) if w in _NEGATIONS] + [
        i for i in range(len(window) - 1) if (window[i], window[i + 1]) in _NEG_PHRASES]
    if vetoes:
        v = max(vetoes)
        cue_w = cue_at - (len(left) - len(window)) if cue_at >= 0 else len(window)
        between = window[v + 1:max(v + 1, cue_w)]
        # A new coordinated clause, or a new subject, starts after the veto: "escaped en
        # route to exile in X, [and] he made his way to Y".
        if not any(w in ("and", "but", "then") or w in subject_refs for w in between):
            return -1.0, "", "negated or intended", False, ""
    if set(window) & _DOUBT:
        return -1.0, "", "uncertain (\"unclear whether\")", False, ""
    if cue_at >= 1 and unrealised_infinitive(left, cue_at):
        return -1.0, "", "a plan or permission, not a visit", False, ""
    if cue_at >= 0 and sent_something(left, cue_at, subject_refs | {obj}):
        return -1.0, "", "the subject sent someone or something else", False, ""
    # Whose clause is it? The subject (name, pronoun, "him") or someone else?
    agents = _subject_mentions(info, c0, a, subject_refs)
    if c.sentence not in info.agents:
        info.agents[c.sentence] = bool(_subject_mentions(info, sent.t0, sent.t1, subject_refs))
    sent_agents = info.agents[c.sentence]
    # "sent him to X": someone else acts, but the subject moves. "Her" is also a possessive
    # ("her brother went"), so it counts only right before a preposition ("sent her to").
    moved = any((w in ("him", "them") or (w == obj and (obj != "her" or (
        i + 1 < len(window) and window[i + 1] in _PREPS | {"back", "away", "off"}))))
        and i >= 1 and _causes(window[i - 1]) for i, w in enumerate(window))
    if moved and "them" not in window:
        # "... his friend Rakovsky by sending him to London": "him" is whoever was named
        # last, and that may be someone else.
        k = len(left) - 1 - left[::-1].index(obj) if obj in left else -1
        if k >= 0 and not _pronoun_means_subject(info, c0 + k):
            moved = False
    after_agent = bool(_subject_mentions(info, b + 1, min(sent.t1, b + 4), subject_refs))
    if not (agents or moved or after_agent or "they" in left):
        if sent_agents:
            score -= 0.5
        else:
            # The sentence before may carry the subject ("In New York, he wrote ...").
            score -= 1.5
    # Another person as the agent: "his daughter went to X", "Smilga in X".
    # Only a relative named before the cue verb acts ("his daughter went to"), not one
    # the subject goes with ("lived with his wife").
    family = None
    notes: list[str] = []
    for i, w in enumerate(left[:cue_at] if cue_at >= 0 else left):
        if w in _FAMILY and i >= 1 and left[i - 1] in ("his", "her", "their") and not (
                i >= 2 and left[i - 2] in ("with", "and")) and not (
                i + 2 < len(left) and left[i + 1] == "and" and left[i + 2] in subject_refs):
            family = i
    # A child moves with the family: "his family moved to X when he was six weeks old".
    child = bool({"when", "as"} & set(right)) and bool(
        {"old", "child", "boy", "girl", "infant", "baby"} & set(keys[b + 1:sent.t1]))
    if family is not None and not moved and not child:
        # The subject counts only when named with them ("Trotsky and his wife").
        before_family = set(left[max(0, family - 3):family])
        if not before_family & (subject_refs | {"and"}):
            score -= 2.5
            notes.append("another person's trip")
    named_other = [w for w in left[-10:] if w in info.persons]
    if named_other and not agents and not moved:
        score -= 2.0
        notes.append("another person acts")
    departs = prep == "from" or (direct and cue_has(left[cue_at], "departure"))
    if departs and kind == "travel":
        kind = "residence"  # "left Dublin": he had been staying there
    phrase = cue
    if cue_at >= 0:
        # The cue word and the preposition that links it to the name ("moved to").
        tail = left[cue_at + 1:cue_at + 4]
        link = next((k for k, w in enumerate(tail) if w in _PREPS), -1)
        phrase = " ".join(left[cue_at:cue_at + 2 + link]) if link >= 0 else left[cue_at]
        if cue != left[cue_at]:
            phrase += f"' + '{cue}"  # "moved to Paris to study": the purpose names the stay
    if agents:
        who = "subject agent"
    elif moved:
        who = "subject moved by another"
    elif after_agent or "they" in left:
        who = "subject named after the place"
    elif sent_agents:
        who = "subject in the sentence"
    else:
        who = "subject not named in the sentence"
    why = "; ".join([f"cue '{phrase}' ({who})", *notes])
    return score, kind or "residence", cue, departs, why
