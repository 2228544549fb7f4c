"""A learned visit/mention decision: logistic regression over the rules' findings.

The rules of :mod:`geo.text.visits` find, for each place mention, the clause, the linking
preposition, the cue (lemma and kind), who acts, the vetoes, and add them up into a score.
This module turns the same findings into named features (:func:`mention_features`) and
weighs them with a logistic regression trained on mentions of the dev biographies
(``bench/train_visits.py`` reproduces ``data/visit_model.json`` in one command). Inference is
pure Python: a dot product and a sigmoid, so a plain install needs no scikit-learn.

>>> model = VisitModel({"bias": -1.0, "cue_kind=travel": 2.0}, threshold=0.5)
>>> round(model.probability({"cue_kind=travel": 1.0}), 3)
0.731
>>> model.is_visit({"cue_kind=travel": 1.0}), model.is_visit({})
(True, False)
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

MODEL_FILE = Path(__file__).with_name("data") / "visit_model.json"

#: Population (GeoNames) buckets of the best candidate, as powers of ten.
POPULATION_DECADES = (3, 4, 5, 6)
#: Word distance buckets between the subject's nearest mention in the clause and the name.
AGENT_DISTANCE_BUCKETS = (2, 5, 10, 20)


def _bucket(value: float, edges: tuple[int, ...]) -> str:
    """The first edge ``value`` does not exceed, as text (``">last"`` past the last).

    >>> _bucket(3, (2, 5)), _bucket(9, (2, 5))
    ('<=5', '>5')
    """
    for e in edges:
        if value <= e:
            return f"<={e}"
    return f">{edges[-1]}"


def mention_features(stage: str, score: float, kind: str, cue_lemma: str, prep: str,
                     who: str, notes: list[str], flags: dict[str, bool], feature: str,
                     population: int, agent_distance: int | None, position: float,
                     repeats: int) -> dict[str, float]:
    """The named features of one mention (binary ones 1.0, numeric ones scaled to ~[0, 1]).

    Parameters
    ----------
    stage : str
        Where the rules decided: ``modifier``, ``link_veto``, ``other_actor``,
        ``no_evidence``, ``veto`` or ``scored``.
    score : float
        The rules' score (see :func:`geo.text.visits._classify`).
    kind, cue_lemma, prep, who : str
        Cue kind, the cue's lemma, the linking preposition, the agency verdict.
    notes : list of str
        Penalty notes ("another person's trip").
    flags : dict
        Booleans found by the rules (``facility``, ``place_of``, ``direct``, ``event``,
        ``departs``, ``listed``, ``stative``, ``lead``, ``cased``).
    feature : str
        Feature class of the best gazetteer candidate (``city``, ``country``, ``region``).
    population : int
        Population of the best candidate.
    agent_distance : int or None
        Words between the subject's nearest mention in the clause and the name.
    position : float
        Offset of the mention in the text, 0 (start) to 1 (end).
    repeats : int
        How often the same name occurs among the text's mentions.

    Returns
    -------
    dict of str to float
    """
    f: dict[str, float] = {f"stage={stage}": 1.0, "score": max(-2.0, min(score, 6.0)) / 4.0,
                           f"rule_visit={score >= 1.5}": 1.0, f"feature={feature}": 1.0,
                           f"population={_bucket(math.log10(population + 1), POPULATION_DECADES)}"
                           : 1.0, "position": position,
                           "repeats": min(math.log2(repeats), 4.0) / 4.0}
    if kind:
        f[f"cue_kind={kind}"] = 1.0
    if cue_lemma:
        f[f"cue_lemma={cue_lemma}"] = 1.0
    f[f"prep={prep or 'none'}"] = 1.0
    if who:
        f[f"who={who}"] = 1.0
    for note in notes:
        f[f"note={note}"] = 1.0
    for name, on in sorted(flags.items()):
        if on:
            f[f"flag={name}"] = 1.0
    f["agent_distance=" + ("none" if agent_distance is None
                           else _bucket(agent_distance, AGENT_DISTANCE_BUCKETS))] = 1.0
    if kind and prep:
        f[f"kind_prep={kind}|{prep}"] = 1.0
    return f


class VisitModel:
    """Logistic-regression weights by feature name, and when they overrule the rules.

    A mention the rules take as a visit (feature ``rule_visit=True``) stays one unless its
    probability falls below ``keep_from``; a mention they reject becomes a visit from
    ``threshold``. With ``keep_from`` equal to ``threshold`` the model alone decides.

    Parameters
    ----------
    weights : dict of str to float
        One weight per feature name; ``"bias"`` is the intercept.
    threshold : float
        Probability from which a mention the rules reject is taken as a visit.
    keep_from : float, optional
        Probability below which a visit of the rules is dropped (default ``threshold``).
    """

    def __init__(self, weights: dict[str, float], threshold: float = 0.5,
                 keep_from: float | None = None) -> None:
        self.weights = dict(weights)
        self.threshold = float(threshold)
        self.keep_from = self.threshold if keep_from is None else float(keep_from)

    def __repr__(self) -> str:
        return (f"VisitModel({len(self.weights)} weights, threshold={self.threshold:.2f}, "
                f"keep_from={self.keep_from:.2f})")

    def probability(self, features: dict[str, float]) -> float:
        """The probability that the mention is a visit of the subject."""
        w = self.weights
        z = w.get("bias", 0.0) + sum(w.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def is_visit(self, features: dict[str, float]) -> bool:
        """Whether the probability reaches the threshold (``keep_from`` for a rule visit)."""
        ruled = features.get("rule_visit=True", 0.0) > 0
        return self.probability(features) >= (self.keep_from if ruled else self.threshold)

    def to_json(self) -> str:
        """The model as JSON text (sorted keys: the same model gives the same bytes)."""
        body = {"kind": "logistic-regression", "threshold": round(self.threshold, 4),
                "keep_from": round(self.keep_from, 4),
                "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())}}
        return json.dumps(body, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> VisitModel:
        """Read a model written by :meth:`to_json` (plain JSON, never pickle)."""
        body = json.loads(text)
        if body.get("kind") != "logistic-regression" or not isinstance(body.get("weights"),
                                                                        dict):
            raise ValueError(f"not a visit model: expected kind 'logistic-regression' with "
                             f"weights, got {str(body)[:80]!r}")
        return cls({str(k): float(v) for k, v in body["weights"].items()},
                   float(body.get("threshold", 0.5)), body.get("keep_from"))


@cache
def shipped_model() -> VisitModel:
    """The model shipped in ``geo/text/data/visit_model.json``."""
    return VisitModel.from_json(MODEL_FILE.read_text(encoding="utf-8"))
