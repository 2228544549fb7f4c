"""Tests for geo.evaluate: matching rules on hand-made itineraries."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from geo.cli import main
from geo.evaluate import evaluate_frames


def _frame(rows: list[tuple[float, float, str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"stop": range(1, len(rows) + 1), "place": ["x"] * len(rows),
                         "lat": [r[0] for r in rows], "lon": [r[1] for r in rows],
                         "start": [r[2] for r in rows], "end": [r[3] for r in rows],
                         "kind": ["residence"] * len(rows)})


def test_one_to_one_matching() -> None:
    gold = _frame([(48.85, 2.35, "1900", "1905")])
    pred = _frame([(48.85, 2.35, "1901", ""), (48.86, 2.36, "1902", "")])
    score = evaluate_frames(pred, gold)
    assert (score.matched, score.precision, score.recall) == (1, 0.5, 1.0)
    assert score.pairs[0][:2] == (1, 1)  # the closer prediction wins


def test_fifty_km_threshold() -> None:
    gold = _frame([(0.0, 0.0, "1900", "")])
    near = _frame([(0.0, 0.449, "1900", "")])  # about 49.98 km east on the equator
    far = _frame([(0.0, 0.46, "1900", "")])  # about 51.2 km
    assert evaluate_frames(near, gold).matched == 1
    assert evaluate_frames(far, gold).matched == 0
    assert evaluate_frames(far, gold, max_km=60).matched == 1


def test_years_must_overlap_and_year_accuracy() -> None:
    gold = _frame([(10.0, 10.0, "1900", "1903"), (20.0, 20.0, "1910-05", "")])
    pred = _frame([(10.0, 10.0, "1903-02", "1904"), (20.0, 20.0, "1911", "")])
    score = evaluate_frames(pred, gold)
    assert score.matched == 1  # 1911 does not overlap a moment in May 1910
    assert score.year_accuracy == 0.0  # matched, but starts in 1903, not 1900
    assert score.median_km == 0.0


def test_greedy_assignment_can_leave_a_stop_unmatched() -> None:
    # Greedy by distance takes the closest pair first; documented behaviour.
    gold = _frame([(0.0, 0.0, "1900", ""), (0.0, 0.3, "1900", "")])
    pred = _frame([(0.0, 0.2, "1900", ""), (0.0, 0.5, "1900", "")])
    score = evaluate_frames(pred, gold)
    # The 11 km pair is taken first, so the other prediction (55 km from the free gold
    # stop) stays unmatched, where an optimal assignment would match both.
    assert score.matched == 1 and score.pairs == [(1, 2, pytest.approx(11.1, abs=0.2))]


def test_empty_overlap_gives_zero_scores() -> None:
    score = evaluate_frames(_frame([(0.0, 0.0, "1900", "")]), _frame([(50.0, 50.0, "1900", "")]))
    assert (score.precision, score.recall, score.f1, score.year_accuracy) == (0, 0, 0, None)


def test_cli_evaluate_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "gold.csv"
    pred = tmp_path / "pred.csv"
    _frame([(48.85, 2.35, "1900", "1905"), (41.9, 12.5, "1906", "")]).to_csv(gold, index=False)
    _frame([(48.85, 2.35, "1900", "")]).to_csv(pred, index=False)
    assert main(["evaluate", str(pred), str(gold)]) == 0
    out = capsys.readouterr().out
    assert "precision 1.000  recall 0.500  F1 0.667" in out
    assert main(["evaluate", str(pred), str(gold), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["matched"] == 1 and data["year_accuracy"] == 1.0


def test_cli_evaluate_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(tmp_path / "nope.csv"), str(tmp_path / "gold.csv")]) == 1
    assert "nope.csv: file not found" in capsys.readouterr().err
