"""Corpus mode on a real ``distributed.LocalCluster`` of two worker *processes*.

The workers are separate interpreters that Dask's nanny spawns: they import ``geo`` the
way any cluster worker would (from the installed package, not from this process's
memory), load the gazetteer index from the shared cache and send results back over TCP on
the loopback interface. One cluster serves the module; the corpus is small (a few dev
biographies, an empty file, a binary file, a hostile file name) so the module stays fast.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEV_TEXTS = ROOT / "bench" / "bios" / "dev" / "texts"
DEV_NAMES = ("selkirk", "evliya", "kenyon", "meitner")
HOSTILE_NAME = "{{7*7}} <img src=x onerror=alert(1)>"
HOSTILE_TEXT = ("Ada Quill was a printer. She was born in Lyon in 1820. In 1845 she moved to "
                "Rome, where she printed </script><script>alert(1)</script> broadsheets.\n")
TABLES = ("stops.parquet", "people.parquet", "flows.parquet")


def _corpus(folder: Path) -> Path:
    texts = folder / "texts"
    texts.mkdir()
    for name in DEV_NAMES:
        shutil.copy(DEV_TEXTS / f"{name}.txt", texts)
    (texts / "empty.txt").write_bytes(b"")
    (texts / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    (texts / f"{HOSTILE_NAME}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return texts


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The corpus run on this process alone (it also builds the gazetteer index the cluster
    workers then load from the shared cache)."""
    folder = tmp_path_factory.mktemp("cluster-corpus")
    texts = _corpus(folder)
    out = folder / "local"
    assert main(["corpus", str(texts), "-o", str(out), "--workers", "1", "--no-progress",
                 "--title", "Corpus"]) == 0
    return texts, out


@pytest.fixture(scope="module")
def cluster(local_run: tuple[Path, Path]) -> Iterator[object]:
    """Two single-threaded worker processes and a scheduler, on 127.0.0.1 only."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp",
                      host="127.0.0.1", dashboard_address="127.0.0.1:0",
                      silence_logs=40) as c:
        yield c


def _worker_facts() -> dict[str, object]:
    import geo

    return {"pid": os.getpid(), "geo": os.path.realpath(geo.__file__)}


def test_two_worker_processes_give_the_same_tables_and_pages(
        local_run: tuple[Path, Path], cluster: object, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    from distributed import Client

    texts, local = local_run
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    assert address.startswith("tcp://127.0.0.1:")
    out = tmp_path / "cluster"
    code = main(["corpus", str(texts), "-o", str(out), "--scheduler", address,
                 "--no-progress", "--title", "Corpus"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"on {address} (2 worker threads)" in err and "dashboard: http://127.0.0.1:" in err
    for name in TABLES:
        assert pq.read_table(out / name).equals(pq.read_table(local / name)), name
        assert (out / name).read_bytes() == (local / name).read_bytes(), name
    assert (out / "corpus.html").read_bytes() == (local / "corpus.html").read_bytes()
    pages = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file())
    assert pages == sorted(p.relative_to(out) for p in out.rglob("*") if p.is_file())
    for rel in pages:
        assert (out / rel).read_bytes() == (local / rel).read_bytes(), rel
    # The work really ran in two other processes, each importing the installed geo.
    with Client(address, timeout="10s") as client:
        facts = client.run(_worker_facts)
    assert len(facts) == 2
    assert len({f["pid"] for f in facts.values()} | {os.getpid()}) == 3
    assert {f["geo"] for f in facts.values()} == {str((ROOT / "geo" / "__init__.py").resolve())}


def test_bad_texts_are_recorded_on_the_cluster_too(local_run: tuple[Path, Path],
                                                   cluster: object, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    texts, _ = local_run
    out = tmp_path / "cluster"
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    assert main(["corpus", str(texts), "-o", str(out), "--scheduler", address,
                 "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "7 texts (0 unchanged since the last run, 2 with errors)" in err
    people = pd.read_parquet(out / "people.parquet")
    errors = dict(zip(people["person"], people["error"], strict=True))
    assert errors["empty"] == "is empty: expected the text of a biography"
    assert errors["binary"].startswith("is binary (a NUL byte at byte 7)")
    assert all(errors[name] == "" for name in (*DEV_NAMES, HOSTILE_NAME))
    # A rerun through the cluster skips every unchanged text.
    assert main(["corpus", str(texts), "-o", str(out), "--scheduler", address,
                 "--no-progress"]) == 0
    assert "7 texts (7 unchanged since the last run" in capsys.readouterr().err
