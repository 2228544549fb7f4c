"""The dev split of the real-biography set (``bench/bios/dev``) is complete and consistent."""

from __future__ import annotations

from bios_support import BIOS, gold_problems, index_problems, read_rows, toponym_problems

SPLIT = "dev"


def test_index_rows_have_text_gold_and_licence() -> None:
    assert index_problems(SPLIT) == []


def test_every_gold_validates() -> None:
    assert gold_problems(SPLIT) == []


def test_toponym_offsets_spell_their_names() -> None:
    assert toponym_problems(SPLIT) == []


def test_every_text_has_toponyms() -> None:
    ids = {r["id"] for r in read_rows(BIOS / SPLIT / "index.csv")[1]}
    with_toponyms = {r["text_id"] for r in read_rows(BIOS / SPLIT / "toponyms.csv")[1]}
    assert ids and ids <= with_toponyms
