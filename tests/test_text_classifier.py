"""The learned visit decision: features, the JSON model, and its use in the pipeline."""

from __future__ import annotations

import json

import pytest

from geo.places.names import MemoryIndex, PlaceIndex
from geo.text.classifier import VisitModel, mention_features, shipped_model
from geo.text.pipeline import extract


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    rec = [(1, "Lyon", "FR", 45.75, 4.85, 500000), (2, "Geneva", "CH", 46.2, 6.15, 180000),
           (3, "Madrid", "ES", 40.42, -3.70, 3200000)]
    return MemoryIndex.from_records([
        {"id": i, "name": n, "alternatenames": [], "country": c, "lat": la, "lon": lo,
         "population": p, "feature": "city"} for i, n, c, la, lo, p in rec])


def _features(**kw: object) -> dict[str, float]:
    args = dict(stage="scored", score=2.0, kind="travel", cue_lemma="go", prep="to",
                who="subject agent", notes=[], flags={"direct": False, "lead": False},
                feature="city", population=2_000_000, agent_distance=3, position=0.5,
                repeats=1)
    args.update(kw)
    return mention_features(**args)  # type: ignore[arg-type]


@pytest.mark.parametrize("kw, present, absent", [
    ({}, ["stage=scored", "cue_kind=travel", "cue_lemma=go", "prep=to", "who=subject agent",
          "rule_visit=True", "population=>6",
          "agent_distance=<=5", "kind_prep=travel|to"], ["flag=direct"]),
    ({"stage": "modifier", "score": -1.0, "kind": "", "cue_lemma": "", "prep": "",
      "who": ""}, ["stage=modifier", "rule_visit=False", "prep=none"], ["cue_kind=", "who="]),
    ({"agent_distance": None, "notes": ["another person's trip"],
      "flags": {"listed": True}}, ["agent_distance=none", "note=another person's trip",
                                   "flag=listed"], []),
    ({"population": 0}, ["population=<=3"], []),
])
def test_mention_features(kw: dict, present: list[str], absent: list[str]) -> None:
    f = _features(**kw)
    for name in present:
        assert f.get(name) == 1.0, (name, sorted(f))
    for prefix in absent:
        assert not any(k.startswith(prefix) for k in f), (prefix, sorted(f))
    assert all(-1.0 <= v <= 1.0 for v in f.values())


def test_model_overrules_rules_only_past_its_thresholds() -> None:
    # A rule visit stays unless p < keep_from; a rule rejection needs p >= threshold.
    m = VisitModel({"bias": 0.0, "cue_lemma=go": 1.0}, threshold=0.9, keep_from=0.2)
    ruled = {"rule_visit=True": 1.0}
    assert m.is_visit(ruled)  # p 0.5 >= 0.2
    assert not m.is_visit({"rule_visit=False": 1.0})  # p 0.5 < 0.9
    assert m.is_visit({"rule_visit=False": 1.0, "cue_lemma=go": 3.0})  # p 0.95
    m2 = VisitModel({"bias": -5.0}, threshold=0.9, keep_from=0.2)
    assert not m2.is_visit(ruled)


def test_json_round_trip_is_stable_and_refuses_other_data() -> None:
    m = VisitModel({"b": 0.25, "a": -1.5, "bias": 0.1}, threshold=0.8, keep_from=0.3)
    text = m.to_json()
    again = VisitModel.from_json(text)
    assert again.to_json() == text
    assert (again.threshold, again.keep_from) == (0.8, 0.3)
    assert list(json.loads(text)["weights"]) == ["a", "b", "bias"]
    with pytest.raises(ValueError, match="not a visit model"):
        VisitModel.from_json('{"kind": "pickle", "weights": []}')


def test_shipped_model_loads_and_names_rule_features() -> None:
    m = shipped_model()
    assert 0.0 < m.keep_from <= m.threshold < 1.0
    assert any(k.startswith("cue_lemma=") for k in m.weights)
    assert "rule_visit=True" in m.weights


TEXT = ("Anna Berg (1850-1920) was a painter. She was born in Lyon in 1850. In 1870 she "
        "moved to Geneva, where she studied. Her brother went to Madrid in 1880. "
        "She died in Geneva in 1920.")


def test_pipeline_traces_every_classified_mention(index: PlaceIndex) -> None:
    trace: list = []
    rules = extract(TEXT, "anna.txt", index=index, trace=trace)
    names = [TEXT[s:e] for s, e, _, _ in trace]
    assert names[:2] == ["Lyon", "Geneva"] and "Madrid" in names
    madrid = next(f for s, e, f, _ in trace if TEXT[s:e] == "Madrid")
    assert madrid.get("note=another person's trip") == 1.0
    years = {TEXT[s:e]: y for s, e, _, y in trace}
    assert years["Lyon"] == 1850
    # A model that rejects everything leaves no visit; one that keeps the rules' visits
    # (keep_from 0) gives the rules' stops.
    none = extract(TEXT, "anna.txt", index=index,
                   visit_model=VisitModel({"bias": -50.0}, 0.5, 0.5))
    assert len(none.stops) == 0
    same = extract(TEXT, "anna.txt", index=index,
                   visit_model=VisitModel({"bias": -50.0}, 0.99, 0.0))
    assert [s.place for s in same.stops] == [s.place for s in rules.stops]


def test_learned_default_is_not_used_without_asking(index: PlaceIndex) -> None:
    # The rules decide unless a model is passed (the learned one did not beat them on dev).
    a = extract(TEXT, "anna.txt", index=index)
    b = extract(TEXT, "anna.txt", index=index, visit_model=None)
    assert a.to_frame().equals(b.to_frame())
