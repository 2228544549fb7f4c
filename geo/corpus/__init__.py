"""Corpus mode: many biographies at once, on Dask, to Parquet tables and an aggregate map.

``python -m geo corpus texts/ -o out/`` reads every ``.txt`` biography it is given, extracts
each one's draft itinerary (:func:`geo.extract.extract`) as one task of a ``dask.bag`` built
from the list of paths, and writes

- ``out/stops.parquet``: every stop, with ``person`` and ``source_file`` and the draft columns;
- ``out/people.parquet``: one row per input (its dates, its number of stops, its ``error``);
- ``out/flows.parquet``: moves between places counted by decade;
- ``out/corpus.html``: a self-contained map of all of it, and ``out/lives/*.html``, one story
  map per life.

The parts, one concept each:

- :mod:`geo.corpus.inputs`: INPUT arguments (files, folders, globs) to a sorted list of paths;
- :mod:`geo.corpus.text`: one text -> one result (read, hash, decode, extract, never raise);
- :mod:`geo.corpus.tables`: results -> stops, people and flows frames, and Parquet writing;
- :mod:`geo.corpus.run`: the Dask job (local processes or a ``distributed`` cluster), reruns;
- :mod:`geo.corpus.page`: the aggregate map page.

Dask, distributed and pyarrow come with ``pip install 'geostory[corpus]'``; only
:mod:`geo.corpus.run` and :mod:`geo.corpus.tables` import them, when called.
"""

from geo.errors import GeoError, MissingDependency

__all__ = ["CorpusError", "require_corpus_packages"]

#: What to install when a corpus package is missing.
INSTALL_HINT = "pip install 'geostory[corpus]'"


class CorpusError(GeoError, ValueError):
    """Raised when the corpus command cannot run as asked: no input text found, an output
    folder that is a file, a scheduler that cannot be reached. The message names the value."""


def require_corpus_packages() -> None:
    """Raise :class:`~geo.errors.MissingDependency` (one line) unless Dask, distributed and
    pyarrow can be imported."""
    missing = []
    for module in ("dask.bag", "pyarrow.parquet"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module.split(".")[0])
    if missing:
        raise MissingDependency(f"geo corpus needs {' and '.join(missing)}: {INSTALL_HINT}")
