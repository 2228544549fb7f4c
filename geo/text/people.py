"""People: the subject's names and pronouns, other persons, who acts in a clause."""

from __future__ import annotations

import re
from collections import Counter

from geo.places.names import (
    Tokens,
    tokenize,
)
from geo.text.analysis import _Text
from geo.text.document import _Doc
from geo.text.lexicon import (
    _FACILITY_NOUNS,
    _MODIFIER_NOUNS,
    _MONTHS_AND_DAYS,
    _ORGANISATION_NOUNS,
    _PERSON_NOUNS,
    _PERSON_VERBS,
    _PREPS,
    _REGNAL_NUMBERS,
    _SPEECH,
    _STOP_WORDS,
    _STREET_WORDS,
    _TITLES,
    _given_names,
    _is_common,
)

_PREPS_AND_OF = _PREPS | {"of"}


def _subject_tokens(doc: _Doc, counts: Counter[str]) -> tuple[set[str], str]:
    first = doc.title
    if len(first.split()) > 12:  # the first line is a sentence: take the name before "was"
        first = re.split(r"\b(?:was|is|were)\b", first, maxsplit=1)[0]
    words = [t.key[i] for t in [tokenize(re.sub(r"\([^)]*\)", " ", first))]
             for i in range(len(t))]
    # A short title line is the name itself, every word of it ("Chopin" is also a unit of
    # measure in the dictionary); in a longer line, ordinary words are not the name.
    short = len(words) <= 5
    names = {w for w in words if not w.isdigit() and w not in _STOP_WORDS and len(w) > 1
             and (short or not _is_common(w) or w in _given_names())}
    if not names:
        return set(), ""
    if doc.damaged:
        names |= _restored_names(names, counts)
    main = max(sorted(names), key=lambda t: counts[t])
    return names, main


#: Letters a name may have lost when its accented letters were deleted ("Durrānī" is
#: "durrn" in the title, and the text writes "durrani" elsewhere).
MAX_LOST_LETTERS = 3
_VOWELS = frozenset("aeiouy")


def _restored_names(names: set[str], counts: Counter[str]) -> set[str]:
    """The body's spelling of title words that lost their accented letters: a word used at
    least three times that the title word is left of once vowels are deleted from it
    ("durrn" -> "durrani"), when the title word itself is rare in the text.

    >>> sorted(_restored_names({"ahmad", "durrn"}, Counter({"durrani": 9, "durrn": 1,
    ...                                                     "during": 5, "ahmad": 4})))
    ['durrani']
    """
    out: set[str] = set()
    for n in names:
        if len(n) < 4 or counts[n] > 2:
            continue
        for w, k in counts.items():
            if k < 3 or not 0 < len(w) - len(n) <= MAX_LOST_LETTERS or w[0] != n[0]:
                continue
            it = iter(w)
            if all(ch in it for ch in n) and _lost_only_vowels(n, w):
                out.add(w)
    return out


def _lost_only_vowels(short: str, long: str) -> bool:
    """Whether ``short`` is ``long`` with some vowels deleted."""
    i = 0
    for ch in long:
        if i < len(short) and ch == short[i]:
            i += 1
        elif ch not in _VOWELS:
            return False
    return i == len(short)


def _other_names(doc: _Doc, tokens: Tokens, refs: set[str], hits: list[int]) -> set[str]:
    """The subject's other names: "Trotsky was born Lev Bronstein", "better known as X".

    People change names (a pen name, a revolutionary alias, a married name); the text calls
    the subject by all of them.
    """
    keys = tokens.key
    text = tokens.text
    out: set[str] = set()
    n = len(keys)
    for i in [i for i in hits if keys[i] in ("born", "known", "nee")]:
        j = i + 1
        if keys[i] == "known":
            j += 1 if j < n and keys[j] == "also" else 0  # "known also as"
            if not (j < n and keys[j] == "as"):
                continue
            j += 1
        # Only names given to the subject ("Trotsky was born Lev Bronstein"), not to
        # others ("his supporters (known as Bolsheviks)"); the opening words name him.
        if not (set(keys[max(0, i - 4):i]) & refs or i < 40):
            continue
        # One name, or a list of them ("known as Malinalli, Malintzin or Doña Marina").
        for _ in range(4):
            names: list[str] = []
            while j < n and len(names) < 4 and keys[j] and keys[j] not in _STOP_WORDS \
                    and not keys[j].isdigit() and keys[j] not in _MONTHS_AND_DAYS and (
                        not doc.cased or text[tokens.start[j]].isupper()):
                names.append(keys[j])
                if not tokens.joined(j):
                    break
                j += 1
            if not 1 <= len(names) <= 3:
                break
            out.update(w for w in names if len(w) > 2 and w not in _TITLES)
            k = j + 1 if names and j < n and keys[j] == names[-1] else j
            if k < n and keys[k] in ("or", "and"):
                k += 1
            elif not (k < n and text[tokens.end[k - 1]:tokens.start[k]].strip() == ","):
                break
            j = k
    return out


def _person_keys(info: _Text) -> set[str]:
    """Single words that name people somewhere in the text ("X wrote", "Dr X", "Anna X")."""
    tokens = info.tokens
    capital = info.capital
    cased = info.doc.cased
    subject = info.subject
    given = _given_names()
    persons: set[str] = set()
    keys = tokens.key
    text = tokens.text
    n = len(keys)
    starts, ends = tokens.start, tokens.end

    def name_at(i: int) -> bool:
        return 0 <= i < n and len(keys[i]) > 2 and keys[i] not in _STOP_WORDS and (
            not cased or capital(i)) and not _is_common(keys[i]) and not keys[i].isdigit()

    # Only the few words next to a given name, a title or a person's verb are looked at.
    for i in info.where(given | _TITLES):
        j = i + 1
        if name_at(j) and ends[i] + 1 == starts[j] and (keys[i] in _TITLES
                                                        or keys[j] not in given):
            persons.add(keys[j])
    for i in info.where(_PERSON_VERBS | {"who"}):
        j = i - 1
        if name_at(j):
            gap = text[ends[j]:starts[i]]
            # "the natives of X, who ...", "exiles living in X, who ...": after a
            # preposition the "who" is about the noun before it, not about X.
            if gap == " " or (keys[i] == "who" and gap == ", " and
                              not (j >= 1 and keys[j - 1] in _PREPS_AND_OF)):
                persons.add(keys[j])
    for i in info.where(_PERSON_NOUNS):
        # "her son Mur", "his brother Walter": the name after a relative.
        if name_at(i + 1) and ends[i] + 1 == starts[i + 1] and i >= 1 and \
                keys[i - 1] in ("his", "her", "their"):
            persons.add(keys[i + 1])
        # "Lenin's wife": the word before the possessive "s".
        if i >= 2 and keys[i - 1] == "s" and name_at(i - 2) and \
                text[ends[i - 2]:starts[i - 1]] in ("'", "’"):
            persons.add(keys[i - 2])
    # A ruler's name before a regnal number ("Moctezuma II", "Louis XIV").
    for i in info.where(_REGNAL_NUMBERS):
        j = i - 1
        if name_at(j) and ends[j] + 1 == starts[i]:
            persons.add(keys[j])
    # The surname after a first name found so ("President Lázaro Cárdenas").
    for i in [i for i, w in enumerate(keys[:-1]) if w in persons]:
        if name_at(i + 1) and ends[i] + 1 == starts[i + 1]:
            persons.add(keys[i + 1])
    return persons - subject


def _first_names(info: _Text) -> set[str]:
    """Given names the text writes before a capitalised surname ("Hugh Auld"), so that the
    name alone later ("back from Hugh") is that person, not a town called Hugh. Cased text
    only: a lower-case text shows no surname."""
    if not info.doc.cased:
        return set()
    tokens, capital = info.tokens, info.capital
    keys, starts, ends = tokens.key, tokens.start, tokens.end
    given = _given_names()
    # "Victoria Station", "Florence Street": a place's name before a noun of a place.
    not_surnames = given | _STOP_WORDS | _STREET_WORDS | _ORGANISATION_NOUNS | \
        _FACILITY_NOUNS | _MODIFIER_NOUNS
    return {keys[i] for i in info.where(given)
            if i + 1 < len(keys) and capital(i) and capital(i + 1)
            and ends[i] + 1 == starts[i + 1] and keys[i + 1] not in not_surnames} \
        - info.subject


def _first_person_paragraphs(info: _Text) -> set[int]:
    """Paragraphs in the subject's own words: first person, handed over to the subject."""
    doc = info.doc
    keys = info.tokens.key
    nom, _, _ = info.pronouns
    refs = info.subject | {nom}
    out: set[int] = set()
    for p, (s0, s1) in enumerate(doc.paragraphs):
        t0, t1 = doc.sentences[s0].t0, doc.sentences[s1].t1
        words = keys[t0:t1]
        if not ({"i", "me", "my"} & set(words)) or p == 0:
            continue
        # Who speaks? The last sentence before the paragraph: "as he later wrote:" hands
        # over to the subject, "Lenin commented on this:" to someone else.
        prev = doc.sentences[s0 - 1]
        before = keys[prev.t0:prev.t1]
        speech = [i for i, w in enumerate(before) if w in _SPEECH]
        if speech:
            agent = set(before[max(0, speech[-1] - 4):speech[-1]])
            if agent & refs or (not agent & info.persons and set(before) & refs):
                out.add(p)
        elif set(before) & refs and not (set(before) & info.persons):
            out.add(p)
    return out


def _subject_mentions(info: _Text, t0: int, t1: int, refs: set[str]) -> list[int]:
    """Words in ``t0..t1-1`` that name the subject as an agent.

    A possessive ("Trotsky's friend") is no agent, and a bare pronoun is not the subject when
    another person was named between it and the subject's last mention ("... asked Gorky,
    and boarded the ship he was on").
    """
    keys = info.tokens.key
    text = info.tokens.text
    out = []
    n = len(keys)
    for i in range(t0, t1):
        w = keys[i]
        if w not in refs:
            continue
        if i + 1 < n and keys[i + 1] == "s" and \
                text[info.tokens.end[i]:info.tokens.start[i + 1]] in ("'", "’"):
            continue
        if w in info.subject:
            if i + 1 < n and keys[i + 1] in _ADHERENTS:
                continue  # "initiated by Baba lovers in the United States": them, not him
            if not _relative_sharing_the_name(info, i):
                out.append(i)
            continue
        if _pronoun_means_subject(info, i):
            out.append(i)
    return out


#: People named after the subject ("Baba lovers", "Trotsky supporters"): they act, not he.
_ADHERENTS = frozenset({"lovers", "followers", "supporters", "devotees", "disciples",
                        "admirers", "fans", "adherents", "loyalists", "partisans", "scholars",
                        "biographers", "enthusiasts"})


def _relative_sharing_the_name(info: _Text, i: int) -> bool:
    """Whether the subject's name at word ``i`` is another person's who shares it: a given
    name that is not the subject's stands right before it ("Mary Leakey", "Richard Leakey",
    "mary (may) bazett leakey", over the subject's own middle names)."""
    keys, tokens = info.tokens.key, info.tokens
    j = i - 1
    while j >= 0 and i - j <= 4:
        gap = info.doc.text[tokens.end[j]:tokens.start[j + 1]]
        if gap.strip(" ()"):
            return False  # a comma, a full stop: the name starts at ``i``
        w = keys[j]
        if w in _given_names() or w in info.first_names:
            return w not in info.subject
        if w in info.subject or ")" in gap:
            j -= 1  # the subject's middle names, a nickname in brackets ("mary (may)")
            continue
        return False
    return False


def _relative_of_pronoun(info: _Text, k: int) -> bool:
    """Whether the person named at word ``k`` is introduced as a relative of a possessive
    pronoun ("his brother Nasir Mirza", "her son Mur")."""
    keys = info.tokens.key
    m = k
    while m >= 1 and keys[m - 1] in info.persons:
        m -= 1
    return m >= 2 and keys[m - 1] in _PERSON_NOUNS and keys[m - 2] in ("his", "her", "their")


def _pronoun_means_subject(info: _Text, i: int) -> bool:
    """Whether the pronoun at word ``i`` stands for the biography's subject.

    It does unless another person was named between it and the subject's last mention in
    its sentence (a sentence that starts with "he" continues with the subject). An object
    pronoun never stands for the agent of its clause: in "Cárdenas welcomed him" the
    person before the verb is not "him", in "neutralised his friend Rakovsky by removing
    him" the person named is.
    """
    keys = info.tokens.key
    si = info.sent_of[i]
    lo = info.doc.sentences[si].t0 if si >= 0 else max(0, i - 30)
    objective = keys[i] in ("him", "her", "them")
    for k in range(i - 1, lo - 1, -1):
        if keys[k] in info.subject:
            return True
        if keys[k] in info.persons and _relative_of_pronoun(info, k):
            continue  # "leaving his brother Nasir to rule Kabul, he ...": the owner of "his"
        if keys[k] in info.persons:
            nxt = keys[k + 1] if k + 1 < len(keys) else ""
            if nxt in info.persons and k + 1 < i:
                continue  # a first name: the verb comes after the surname
            if objective and (nxt.endswith("ed") or nxt in _PERSON_VERBS):
                continue  # the agent of a verb: someone else than its object
            return False
    return True
