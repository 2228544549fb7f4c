"""The invented-corpus generator ``bench/make_corpus.py``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.evaluate import evaluate_frames
from geo.extract import extract
from geo.itinerary import COLUMNS, Itinerary

SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "make_corpus.py"


def _load():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_corpus", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", module)
    spec.loader.exec_module(module)
    return module


mc = _load()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    assert mc.main(["5", str(out), "--seed", "3"]) == 0
    return out


def test_writes_n_texts_with_valid_gold(corpus: Path) -> None:
    texts = sorted(p.stem for p in (corpus / "texts").glob("*.txt"))
    golds = sorted(p.stem for p in (corpus / "gold").glob("*.csv"))
    assert len(texts) == 5 and texts == golds
    for stem in golds:
        it = Itinerary.from_csv(corpus / "gold" / f"{stem}.csv")
        assert list(it.df.columns)[:len(COLUMNS)] == list(COLUMNS)
        kinds = it.df["kind"].tolist()
        assert kinds[0] == "birth" and kinds[-1] == "death" and len(kinds) >= 5
        years = [int(str(s)[:4]) for s in it.df["start"]]
        assert years == sorted(years) and years[0] >= 1500 and years[-1] <= 1990


def test_texts_mention_every_gold_place(corpus: Path) -> None:
    for gold in (corpus / "gold").glob("*.csv"):
        text = (corpus / "texts" / f"{gold.stem}.txt").read_text(encoding="utf-8")
        for place in pd.read_csv(gold)["place"]:
            assert mc.fold(place) in mc.fold(text), (gold.stem, place)


def test_same_seed_same_bytes_other_seed_differs(corpus: Path, tmp_path: Path) -> None:
    mc.make_corpus(5, tmp_path / "a", seed=3)
    mc.make_corpus(5, tmp_path / "b", seed=4)
    for name in ("texts", "gold"):
        for path in sorted((corpus / name).iterdir()):
            assert (tmp_path / "a" / name / path.name).read_bytes() == path.read_bytes()
    assert sorted(p.name for p in (tmp_path / "b" / "texts").iterdir()) != sorted(
        p.name for p in (corpus / "texts").iterdir()) or any(
        (tmp_path / "b" / "texts" / p.name).read_bytes() != p.read_bytes()
        for p in (corpus / "texts").iterdir() if (tmp_path / "b" / "texts" / p.name).exists())


def test_folded_share_and_varied_phrasing(tmp_path: Path) -> None:
    stats = mc.make_corpus(40, tmp_path, seed=0)
    assert 0 < stats["folded"] < 40
    texts = [p.read_text(encoding="utf-8") for p in (tmp_path / "texts").glob("*.txt")]
    joined = "\n".join(texts)
    for form in (" in May ", " on ", "moved to", "settled in", "imprisoned in",
                 "travelled to", "died in", "Early life ("):
        assert form.lower() in joined.lower(), form
    folded = [t for t in texts if t == t.lower()]
    assert folded and all(ch.isascii() for t in folded for ch in t if ch.isalpha())


def test_extractor_finds_most_gold_places(corpus: Path) -> None:
    scores = []
    for gold in sorted((corpus / "gold").glob("*.csv")):
        text = (corpus / "texts" / f"{gold.stem}.txt").read_text(encoding="utf-8")
        pred = extract(text, f"{gold.stem}.txt").to_frame()
        scores.append(evaluate_frames(pred, pd.read_csv(gold, dtype=str)
                                      .astype({"lat": float, "lon": float})).f1)
    assert min(scores) >= 0.5, scores


def test_bad_n_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        mc.main(["0", str(tmp_path / "x")])
    assert exit_info.value.code != 0
    assert "N must be at least 1" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
