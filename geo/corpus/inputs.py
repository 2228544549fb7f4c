"""INPUT arguments of ``geo corpus`` (files, folders, globs) -> the list of texts to read.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> for name in ("b.txt", "a.txt", "notes.md"):
...     _ = (folder / name).write_text("x")
>>> [p.name for p in find_texts([str(folder)])]
['a.txt', 'b.txt']
>>> [p.name for p in find_texts([str(folder / "*.txt"), str(folder / "a.txt")])]
['a.txt', 'b.txt']
>>> find_texts([str(folder / "nothing-*.txt")])
Traceback (most recent call last):
geo.corpus.CorpusError: ...nothing-*.txt: matches no .txt file
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from geo.corpus import CorpusError
from geo.itinerary import claim_name

__all__ = ["TEXT_SUFFIX", "find_texts", "person_names"]

#: Biographies are plain-text files with this suffix (folders and globs keep only these).
TEXT_SUFFIX = ".txt"
_GLOB_CHARS = re.compile(r"[*?\[]")


def _expand(arg: str) -> list[Path]:
    path = Path(arg)
    if path.is_dir():
        return sorted(p for p in path.rglob(f"*{TEXT_SUFFIX}") if p.is_file())
    if path.is_file():
        return [path]  # a file named on its own is read whatever its suffix
    if _GLOB_CHARS.search(arg):
        found = [Path(p) for p in glob.glob(arg, recursive=True)]
        files = sorted(p for p in found if p.is_file() and p.suffix == TEXT_SUFFIX)
        for folder in sorted(p for p in found if p.is_dir()):
            files += sorted(p for p in folder.rglob(f"*{TEXT_SUFFIX}") if p.is_file())
        if not files:
            raise CorpusError(f"{arg}: matches no {TEXT_SUFFIX} file")
        return files
    raise CorpusError(f"{arg}: no such file or folder")


def find_texts(inputs: Sequence[str]) -> list[Path]:
    """Every text named by ``inputs``, each once, in a stable order.

    Parameters
    ----------
    inputs : sequence of str
        Files (read whatever their suffix), folders (every ``.txt`` below them) and glob
        patterns (``texts/**/*.txt``).

    Returns
    -------
    list of Path
        Sorted by path; a file named twice is listed once.

    Raises
    ------
    CorpusError
        When an argument names nothing, or nothing is found at all.
    """
    seen: dict[str, Path] = {}
    for arg in inputs:
        for path in _expand(arg):
            seen.setdefault(os.path.realpath(path), path)
    if not seen:
        raise CorpusError(f"no {TEXT_SUFFIX} files in {', '.join(inputs) or 'the inputs'}")
    return sorted(seen.values(), key=lambda p: p.as_posix())


def person_names(paths: Iterable[Path]) -> list[str]:
    """A name per text: the file stem, with ``-2``, ``-3``... when stems repeat.

    >>> person_names([Path("a/kahlo.txt"), Path("b/kahlo.txt"), Path("rivera.txt")])
    ['kahlo', 'kahlo-2', 'rivera']
    """
    used: set[str] = set()
    return [claim_name(path.stem or path.name, used) for path in paths]
