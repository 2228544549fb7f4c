"""The extractor keeps prose: reference-list lines only are dropped, a text without line
breaks extracts like the same text with them, and CRLF files give right offsets (issue 8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_extract import SEEDS

from geo.extract import extract, read_text
from geo.text.document import is_reference_line

SEED = SEEDS / "000_69cc800d3c4b830f.txt"


@pytest.mark.parametrize(("line", "reference"), [
    ("Deutscher, Isaac (1954). The Prophet Armed. ISBN 978-1-85984-441-5.", True),
    ("Service, Robert. Trotsky. ISBN-13: 9780674036154", True),
    ('"Leon Trotsky". Encyclopaedia. Retrieved 3 May 2019.', True),
    ("Archived copy. Retrieved from https://example.org/trotsky", True),
    ("Retrieved on January 5, 2008.", True),
    ("He retrieved his papers from Vienna in 1914 and moved to Paris.", False),
    ("Her ISBN collection was large.", False),
    ("She moved to Lyon in 1741. " * 20 + "ISBN 978-1-85984-441-5", False),
])
def test_reference_lines_table(line: str, reference: bool) -> None:
    assert is_reference_line(line) is reference


def test_a_paragraph_that_mentions_retrieved_is_kept() -> None:
    text = ("Ada Vale was born in Lyon in 1741.\n\n"
            "In 1760 she moved to Vienna, where she retrieved her father's letters.\n")
    places = [s.place for s in extract(text, "vale.txt").stops]
    assert "Vienna" in places


def _stops(text: str) -> list[tuple[str, str]]:
    return [(s.place, s.start[:4]) for s in extract(text, SEED.name).stops]


def test_one_long_line_extracts_like_the_text_with_line_breaks() -> None:
    text = SEED.read_text(encoding="utf-8")
    lined = _stops(text)
    one = _stops(" ".join(text.split()))
    places_lined = {p for p, _ in lined}
    places_one = {p for p, _ in one}
    # Section titles are lost with the line breaks, so some years move; the places stay.
    assert len(places_lined & places_one) >= 0.8 * len(places_lined)
    assert len(one) >= 0.8 * len(lined)


def test_crlf_file_offsets_point_at_the_mention(tmp_path: Path) -> None:
    text = ("Ada Vale was born in Lyon in 1741.\r\n\r\n"
            "In 1760 she moved to Vienna.\r\nIn 1770 she settled in Prague.\r\n")
    path = tmp_path / "vale.txt"
    path.write_bytes(text.encode("utf-8"))
    read = read_text(path)
    draft = extract(read, path.name)
    assert draft.stops
    for stop in draft.stops:
        assert read[stop.char_start:stop.char_end] == stop.mention


@pytest.mark.parametrize(("after", "kept"), [
    # The back matter runs to the end, across the headings inside it.
    ("External links\n\nSOURCES ONLINE\n\n-   A lecture she gave in Vienna, 1788.\n", False),
    ("References\n\nFurther notes\n\nShe lectured in Vienna in 1788.\n", False),
    # A heading with years in it is the narrative again; so is one after "Works".
    ("Notes\n\nLater years (1785–1790)\n\nIn 1788 she lectured in Vienna.\n", True),
    ("Works\n\nLater life\n\nIn 1788 she lectured in Vienna.\n", True),
])
def test_the_back_matter_runs_to_the_end(after: str, kept: bool) -> None:
    text = ("Ada Vale\n\nAda Vale (1741 – 1800) was a singer. She was born in Lyon in 1741.\n\n"
            f"Career\n\nIn 1760 she moved to Paris.\n\n{after}")
    places = [s.place for s in extract(text, "vale.txt").stops]
    assert ("Vienna" in places) is kept
