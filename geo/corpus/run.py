"""The corpus job: a ``dask.bag`` of paths, one extraction per text, then the tables.

>>> plan_partitions(5, workers=2), plan_partitions(1000, workers=2), plan_partitions(0, 4)
(5, 32, 1)

The same bag runs on Dask's local process scheduler (the default: ``workers`` processes
forked once the extractor is loaded, or this process alone for one worker) or, given
``scheduler="tcp://host:8786"``, on an existing ``distributed`` cluster through
``distributed.Client``: the tasks, results and tables are the same either way. Cluster
workers must be able to import ``geo`` and read the input paths (a shared file system);
they send each life page back, and this process writes the tables, the map and those
pages, so the output folder need only be reachable from here. Local workers write the life
pages themselves.

A rerun reads the previous ``people.parquet``: a text whose bytes hash as they did is not
extracted again, and its rows are carried over from the previous ``stops.parquet``.
``people.parquet`` is written last, so a run that stops half-way leaves a manifest that
still matches the stops it lists.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import pandas as pd

from geo.corpus import INSTALL_HINT, CorpusError, require_corpus_packages
from geo.corpus.inputs import find_texts, person_names
from geo.corpus.tables import (
    FLOWS_FILE,
    PEOPLE_FILE,
    STOPS_FILE,
    flows_frame,
    life_page_name,
    people_frame,
    read_parquet,
    stops_frame,
    write_parquet,
)
from geo.corpus.text import (
    TextResult,
    TextTask,
    life_page_html,
    process_text,
    write_leaflet_files,
)
from geo.errors import MissingDependency

__all__ = ["CorpusSummary", "plan_partitions", "run_corpus"]

PAGE_FILE = "corpus.html"
#: Bag partitions per worker: enough that a slow text does not leave the other workers idle
#: at the end, few enough that scheduling costs stay far below the extraction time.
PARTITIONS_PER_WORKER = 16
#: Seconds to wait for a ``--scheduler`` to answer before giving up.
CONNECT_TIMEOUT_S = 10.0
#: Columns of a stop that are the draft itself (what a carried-over result holds).
_TABLE_ONLY = ("person", "source_file", "start_year", "end_year")


@dataclass(frozen=True, slots=True)
class CorpusSummary:
    """What a run did: texts read, carried over from the last run, failed; rows written."""

    texts: int
    skipped: int
    errors: int
    stops: int
    flows: int
    seconds: float
    outdir: Path
    #: Of ``seconds``, the time the Dask job took (reading and extracting on the workers);
    #: the rest is the driver building the tables and writing the files.
    job_seconds: float = 0.0

    def __str__(self) -> str:
        return (f"wrote {self.outdir}: {_count(self.texts, 'text')} ({self.skipped} unchanged "
                f"since the last run, {self.errors} with errors), {_count(self.stops, 'stop')}, "
                f"{_count(self.flows, 'flow')} in {self.seconds:.1f} s (the Dask job "
                f"{self.job_seconds:.1f} s)")


def _count(n: int, noun: str) -> str:
    """``3 texts``, ``1 text``.

    >>> _count(1, "text"), _count(0, "flow")
    ('1 text', '0 flows')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def plan_partitions(texts: int, workers: int) -> int:
    """How many partitions the bag of ``texts`` paths gets for ``workers`` workers."""
    return max(1, min(texts, PARTITIONS_PER_WORKER * max(1, workers)))


def _check_outdir(outdir: Path) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise CorpusError(f"{outdir}: is a file; -o needs a folder for the corpus tables")


def _previous(outdir: Path) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    people = read_parquet(outdir / PEOPLE_FILE, "people")
    stops = read_parquet(outdir / STOPS_FILE, "stops")
    if people is None or stops is None:
        return None, None
    return people, stops


def _warm_pool(workers: int, warm: bool) -> ProcessPoolExecutor | None:
    """Worker processes forked from this one after it has loaded the extractor.

    A spawned worker starts a new interpreter and loads the gazetteer index and the name
    matcher again, seconds of work each; forked workers share the loaded ones (copy on
    write). They are forked at once, before a progress bar starts a thread. ``None`` where
    the system cannot fork: Dask then spawns its own workers. Without ``warm`` (every text
    may be unchanged) nothing is loaded first; a worker that meets a changed text loads it.
    """
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    if warm:  # some text is new: load the gazetteer index and the matcher here, once
        from geo.extract import extract

        extract("Warm-up.", "warm-up")
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    pool.submit(int).result()  # a fork-context pool starts every worker on the first task
    return pool


def _compute_local(tasks: list[TextTask], workers: int, progress: bool, log: TextIO
                   ) -> list[TextResult]:
    import dask.bag as db
    from dask.diagnostics import ProgressBar

    workers = max(1, min(workers, len(tasks)))
    bag = db.from_sequence(tasks, npartitions=plan_partitions(len(tasks), workers))
    job = bag.map(process_text)
    # One worker runs in this process: a pool of one adds only its start-up and the cost
    # of sending results back.
    pool = (_warm_pool(workers, warm=any(not t.done_hash for t in tasks)) if workers > 1
            else None)
    options: dict[str, Any] = ({"scheduler": "synchronous"} if workers == 1 else
                               {"scheduler": "processes", "num_workers": workers, "pool": pool})
    try:
        if not progress:
            return list(job.compute(**options))
        with ProgressBar(out=log, dt=0.5):
            return list(job.compute(**options))
    except BrokenProcessPool as e:  # a worker was killed (out of memory, a signal)
        raise CorpusError(f"a local worker process died ({e}); try fewer --workers") from None
    finally:
        if pool is not None:
            pool.shutdown()


def _connect(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependency(f"--scheduler needs distributed: {INSTALL_HINT}") from None

    try:
        return Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as e:
        raise CorpusError(f"--scheduler {address}: cannot connect ({type(e).__name__}: "
                          f"{' '.join(str(e).split())[:200]})") from None


def _compute_cluster(tasks: list[TextTask], address: str, log: TextIO) -> list[TextResult]:
    import dask.bag as db

    client = _connect(address)
    try:
        workers = sum(client.nthreads().values()) or 1
        link = client.dashboard_link
        print(f"corpus: {len(tasks)} texts on {address} ({workers} worker threads); "
              f"progress on the dashboard: {link}", file=log)
        bag = db.from_sequence(tasks, npartitions=plan_partitions(len(tasks), workers))
        try:
            return list(bag.map(process_text).compute(scheduler=client))
        except Exception as e:  # bad texts never raise: this is the cluster (imports, workers)
            raise CorpusError(f"--scheduler {address}: the job failed on the cluster "
                              f"({type(e).__name__}: {' '.join(str(e).split())[:200]})"
                              ) from None
    finally:
        client.close()


def _carry_over(result: TextResult, people: pd.DataFrame, stops: pd.DataFrame,
                outdir: Path, life_pages: bool) -> TextResult:
    """A result for an unchanged text, from the previous run's rows."""
    row = people[people["source_file"] == result.source_file].iloc[0]
    rows = stops[stops["source_file"] == result.source_file].sort_values("stop")
    result.stops = rows.drop(columns=list(_TABLE_ONLY)).to_dict(orient="records")
    result.error = str(row["error"])
    page = life_page_name(result.person)
    if life_pages and result.stops and row["life_page"] == page and (outdir / page).is_file():
        result.life_html = ""  # the page on disk stands; nothing to write
    elif life_pages and result.stops:
        try:
            frame = pd.DataFrame(result.stops)
            result.life_html = life_page_html(frame, result.person)
        except Exception:  # as on a worker: keep the rows, no page
            result.life_html = None
    return result


def run_corpus(inputs: Sequence[str], outdir: str | os.PathLike[str], *,
               scheduler: str | None = None, workers: int | None = None,
               force: bool = False, progress: bool = True, life_pages: bool = True,
               title: str = "", log: TextIO | None = None) -> CorpusSummary:
    """Extract every text of a corpus and write its tables, its map and its life pages.

    Parameters
    ----------
    inputs : sequence of str
        Files, folders and glob patterns of ``.txt`` biographies.
    outdir : path
        Folder for ``stops.parquet``, ``people.parquet``, ``flows.parquet``,
        ``corpus.html`` and ``lives/``; created when missing.
    scheduler : str, optional
        Address of a running ``distributed`` scheduler (``tcp://host:8786``); without it
        the job runs on local processes.
    workers : int, optional
        Local worker processes (default: the number of CPUs; 1 runs in this process);
        ignored with ``scheduler``, whose cluster has its own workers.
    force : bool
        Extract every text again, even those unchanged since the last run.
    progress : bool
        Show Dask's progress bar (local runs) on ``log``.
    life_pages : bool
        Write a story map per life under ``lives/`` and link it from the corpus map.
    title : str
        Title of the corpus map (default: the output folder's name).
    log : file, optional
        Where progress and the dashboard link go (default: standard error).

    Returns
    -------
    CorpusSummary
    """
    require_corpus_packages()
    from geo._io import write_text_atomic
    from geo.corpus.page import corpus_page_html

    log = log or sys.stderr
    out = Path(outdir)
    _check_outdir(out)
    if workers is not None and workers < 1:
        raise CorpusError(f"--workers: expected 1 or more worker processes, got {workers}")
    paths = find_texts(inputs)
    people_before, stops_before = (None, None) if force else _previous(out)
    done: dict[str, str] = {}
    if people_before is not None:
        done = dict(zip(people_before["source_file"], people_before["content_hash"],
                        strict=True))
    # Local workers share this file system, so they write the life pages themselves; a
    # cluster's workers send them back.
    life_root = "" if scheduler else str(out)
    tasks = [TextTask(str(p), name, done.get(str(p), ""), life_pages, life_root)
             for p, name in zip(paths, person_names(paths), strict=True)]
    started = time.perf_counter()
    if scheduler:
        results = _compute_cluster(tasks, scheduler, log)
    else:
        local_workers = workers or os.cpu_count() or 1
        if local_workers > 1:
            from geo.places.gazetteer import get_gazetteer

            get_gazetteer()  # build the offline index once here, not once per worker process
        results = _compute_local(tasks, local_workers, progress, log)
    job_seconds = time.perf_counter() - started
    skipped = 0
    for i, result in enumerate(results):
        if result.skipped:
            assert people_before is not None and stops_before is not None
            results[i] = _carry_over(result, people_before, stops_before, out, life_pages)
            skipped += 1
    out.mkdir(parents=True, exist_ok=True)
    if any(result.stops for result in results) and life_pages:
        write_leaflet_files(out)  # the life pages link these; one copy for all of them
    for result in results:
        if result.life_html:
            write_text_atomic(out / life_page_name(result.person), result.life_html)
    stops = stops_frame(results)
    people = people_frame(results)
    flows = flows_frame(stops)
    write_parquet(stops, out / STOPS_FILE)
    write_parquet(flows, out / FLOWS_FILE)
    write_text_atomic(out / PAGE_FILE, corpus_page_html(stops, people, flows,
                                                        title=title or out.resolve().name))
    write_parquet(people, out / PEOPLE_FILE)
    return CorpusSummary(texts=len(results), skipped=skipped,
                         errors=int((people["error"] != "").sum()), stops=len(stops),
                         flows=len(flows), seconds=time.perf_counter() - started, outdir=out,
                         job_seconds=job_seconds)
