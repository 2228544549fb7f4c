"""The test split of real biographies (``bench/bios/test``) is complete and well formed.

These checks read the files only as data (ids, offsets, schema); they never score the
extractor or the geocoder on them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from geo.itinerary import Itinerary

SPLIT = Path(__file__).resolve().parents[1] / "bench" / "bios" / "test"
INDEX_COLUMNS = ["id", "person", "born", "died", "sex", "region", "profession", "style",
                 "words", "url", "retrieved", "licence", "repository", "notes"]
TOPONYM_COLUMNS = ["text_id", "name", "char_start", "char_end", "kind", "within", "country",
                   "admin1", "lat", "lon", "note"]
#: Licences whose text may be committed here (see bench/bios/test/README.md).
LICENCES = {"CC BY-SA 3.0", "CC BY-SA 4.0", "public domain"}
TOPONYM_KINDS = {"settlement", "inside", "region", "country", "other"}
STYLES = {"cased", "lower-noaccent"}


def _rows(name: str) -> list[dict[str, str]]:
    with open(SPLIT / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _text(text_id: str) -> str:
    with open(SPLIT / "texts" / f"{text_id}.txt", encoding="utf-8", newline="") as f:
        return f.read()


INDEX = _rows("index.csv")
TOPONYMS = _rows("toponyms.csv")
IDS = [row["id"] for row in INDEX]


def test_index_has_the_columns_and_unique_ascii_ids() -> None:
    with open(SPLIT / "index.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == INDEX_COLUMNS
    assert IDS, "the index lists no texts"
    assert len(set(IDS)) == len(IDS)
    for text_id in IDS:
        assert re.fullmatch(r"[a-z0-9_]+", text_id), text_id


@pytest.mark.parametrize("row", INDEX, ids=IDS)
def test_index_row_is_well_formed(row: dict[str, str]) -> None:
    assert row["licence"] in LICENCES
    assert row["style"] in STYLES
    assert row["sex"] in {"female", "male"}
    assert row["url"].startswith("https://")
    assert re.fullmatch(r"-?\d{1,4}", row["born"]) and re.fullmatch(r"\d{1,4}", row["died"])
    text = _text(row["id"])
    assert len(text) >= 2500
    assert int(row["words"]) == len(text.split())
    if row["style"] == "lower-noaccent":
        assert text == text.lower() and text.isascii()


@pytest.mark.parametrize("text_id", IDS)
def test_every_text_has_a_valid_gold(text_id: str) -> None:
    itinerary = Itinerary.from_csv(SPLIT / "gold" / f"{text_id}.csv")
    assert len(itinerary) >= 3
    for source in itinerary.df["source"]:
        assert source.startswith(f"{text_id}.txt: ")


def test_no_stray_texts_or_golds() -> None:
    assert sorted(p.stem for p in (SPLIT / "texts").glob("*.txt")) == sorted(IDS)
    assert sorted(p.stem for p in (SPLIT / "gold").glob("*.csv")) == sorted(IDS)


def test_toponym_offsets_spell_their_names() -> None:
    with open(SPLIT / "toponyms.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == TOPONYM_COLUMNS
    texts = {text_id: _text(text_id) for text_id in IDS}
    seen: set[tuple[str, int]] = set()
    for n, row in enumerate(TOPONYMS, start=2):
        text = texts[row["text_id"]]
        start, end = int(row["char_start"]), int(row["char_end"])
        assert text[start:end] == row["name"], f"toponyms.csv row {n}"
        assert (row["text_id"], start) not in seen, f"toponyms.csv row {n} repeats a mention"
        seen.add((row["text_id"], start))
        assert row["kind"] in TOPONYM_KINDS, f"toponyms.csv row {n}"
        assert row["country"] == "" or re.fullmatch(r"[A-Z]{2}", row["country"])
        assert -90 <= float(row["lat"]) <= 90 and -180 <= float(row["lon"]) <= 180
        if row["kind"] == "inside":
            assert row["within"], f"toponyms.csv row {n}: an inside place names its city"


def test_every_text_has_toponyms() -> None:
    counts = {text_id: 0 for text_id in IDS}
    for row in TOPONYMS:
        counts[row["text_id"]] += 1
    assert all(n >= 20 for n in counts.values()), counts
