"""Tests for the explainable draft: ``Draft.mentions`` (kept and rejected) and ``why``."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest
from common import place_record as _rec

from geo.cli import main
from geo.extract import Mention, extract
from geo.places.gazetteer import Candidate
from geo.places.names import MemoryIndex, PlaceIndex
from geo.text.draft import MENTION_COLUMNS


@pytest.fixture(scope="module")
def index() -> PlaceIndex:
    return MemoryIndex.from_records([
        _rec(1, "Lyon", "FR", 45.75, 4.85, 500000),
        _rec(2, "Rome", "IT", 41.89, 12.48, 2800000),
        _rec(3, "Paris", "FR", 48.85, 2.35, 2100000),
        _rec(4, "Nice", "FR", 43.70, 7.27, 340000),
        _rec(5, "Berlin", "DE", 52.52, 13.40, 3400000),
        _rec(6, "Paris", "US", 33.66, -95.56, 25000),
        _rec(7, "Geneva", "CH", 46.20, 6.14, 180000),
    ])


TEXT = ("Anne Vallet\n\nAnne Vallet was a French painter. She was born in Lyon on 3 May 1820. "
        "In 1838 she moved to Paris to study. In 1840 she admired the Salon of Rome. Her "
        "brother stayed in Nice. She was not allowed to visit Berlin. In 1845 she settled in "
        "Geneva, where she died in 1870.\n")


def test_every_mention_is_listed_with_offsets_and_reason(index: PlaceIndex) -> None:
    draft = extract(TEXT, "vallet.txt", index=index)
    by_name = {m.surface: m for m in draft.mentions}
    assert set(by_name) >= {"Lyon", "Paris", "Rome", "Nice", "Berlin", "Geneva"}
    for m in draft.mentions:
        assert isinstance(m, Mention)
        assert TEXT[m.char_start:m.char_end] == m.surface
        assert (m.stop is not None) == m.kept
        assert m.reason
    assert [m.char_start for m in draft.mentions] == sorted(m.char_start for m in draft.mentions)
    assert by_name["Lyon"].kept and by_name["Lyon"].stop == 1
    assert by_name["Paris"].kept and by_name["Paris"].stop == 2
    assert "moved to" in by_name["Paris"].reason
    assert not by_name["Rome"].kept and by_name["Rome"].reason == "'of' before the name"
    assert not by_name["Berlin"].kept and by_name["Berlin"].reason == "negated or intended"
    assert not by_name["Nice"].kept and by_name["Nice"].reason == "another person's trip"


def test_mention_is_frozen_and_candidates_best_first(index: PlaceIndex) -> None:
    draft = extract(TEXT, "vallet.txt", index=index)
    paris = next(m for m in draft.mentions if m.surface == "Paris")
    with pytest.raises(dataclasses.FrozenInstanceError):
        paris.kept = False  # type: ignore[misc]
    assert all(isinstance(c, Candidate) for c in paris.candidates)
    # The chosen place (the stop's point) comes first, the Texan namesake after it.
    assert [c.country for c in paris.candidates] == ["FR", "US"]
    stop = draft.stops[paris.stop - 1]
    assert (paris.candidates[0].lat, paris.candidates[0].lon) == (stop.lat, stop.lon)


def test_why_column_explains_each_stop(index: PlaceIndex) -> None:
    frame = extract(TEXT, "vallet.txt", index=index).to_frame()
    assert list(frame.columns)[-5:] == ["mention", "char_start", "char_end", "confidence",
                                        "why"]
    assert all(frame["why"].str.len() > 0)
    assert frame["why"].iat[1].startswith("cue 'moved to'")
    assert "subject agent" in frame["why"].iat[1]


def test_cli_writes_mentions_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "vallet.txt"
    src.write_text(TEXT, encoding="utf-8")
    out, mentions = tmp_path / "draft.csv", tmp_path / "mentions.csv"
    assert main(["extract", str(src), "-o", str(out), "--mentions", str(mentions)]) == 0
    assert "mentions in" in capsys.readouterr().err
    rows = list(csv.DictReader(io.StringIO(mentions.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == MENTION_COLUMNS
    stops = len(out.read_text(encoding="utf-8").splitlines()) - 1
    kept = [r for r in rows if r["kept"] == "true"]
    assert kept and all(1 <= int(r["stop"]) <= stops for r in kept)
    assert all(r["stop"] == "" for r in rows if r["kept"] == "false")
    for r in rows:
        for cand in r["candidates"].split(";"):
            name, country, lat, lon, source = cand.split("|")
            assert len(country) in (0, 2)
            assert name and -90 <= float(lat) <= 90 and -180 <= float(lon) <= 180 and source
    # Same input, same bytes.
    first = mentions.read_bytes()
    mentions.unlink()
    out.unlink()
    assert main(["extract", str(src), "-o", str(out), "--mentions", str(mentions)]) == 0
    assert mentions.read_bytes() == first


def test_cli_refuses_mentions_over_the_draft(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "vallet.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "draft.csv"
    assert main(["extract", str(src), "-o", str(out), "--mentions", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--mentions" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert main(["extract", str(src), "--mentions", str(src)]) == 1
    assert src.read_text(encoding="utf-8") == TEXT
