"""Corpus mode through the command line: Parquet tables, errors, reruns, the corpus map.

One corpus is run once per module (the seeds, the fifteen dev biographies, an empty file, a
binary file, a Latin-1 file and a file whose name is hostile text) with ``--workers 2`` on
Dask's local process scheduler; the tests read its tables back with pandas and pyarrow. The
same job on a cluster of two worker processes is in ``tests/test_corpus_cluster.py``.
"""

from __future__ import annotations

import shutil
import sys
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pyarrow.parquet as pq
import pytest

from geo.cli import main
from geo.corpus.run import plan_partitions
from geo.corpus.tables import FLOW_COLUMNS, PEOPLE_COLUMNS, STOP_COLUMNS, life_page_name
from geo.corpus.text import TextTask, process_text
from geo.extract import extract

ROOT = Path(__file__).resolve().parents[1]
DEV_TEXTS = ROOT / "bench" / "bios" / "dev" / "texts"
# The corpus run reads these fifteen dev lives (a fixed list: the dev split grows, the
# suite's time should not).
DEV_IDS = ("evliya", "sutter", "kenyon", "juliachild", "meitner", "hearn", "selkirk", "mead",
           "malinche", "isabella", "tsvetaeva", "babur", "telemann", "siebold", "vespucci")
SEEDS = ROOT.parent / "shared" / "seeds"
if not SEEDS.is_dir():
    SEEDS = Path("/work/shared/seeds")
HOSTILE_NAME = "{{7*7}} <img src=x onerror=alert(1)> \u202egnirts"
HOSTILE_TEXT = ("Ada Quill\n\nAda Quill was a printer. She was born in Lyon in 1820. "
                "In 1845 she moved to Rome, where she printed {{7*7}} and {% x %} and "
                "</script><script>alert(1)</script> on broadsheets.\n")
BAD = {"empty": b"", "binary": b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50,
       "latin1": "René Vallet was born in Lyon in 1820.".encode("latin-1")}


def _make_corpus(folder: Path) -> Path:
    texts = folder / "texts"
    texts.mkdir()
    for text_id in DEV_IDS:
        shutil.copy(DEV_TEXTS / f"{text_id}.txt", texts / f"{text_id}.txt")
    for path in sorted(SEEDS.glob("*.txt")):
        shutil.copy(path, texts / f"seed_{path.name}")
    bad = texts / "bad"
    bad.mkdir()
    for name, data in BAD.items():
        (bad / f"{name}.txt").write_bytes(data)
    (texts / f"{HOSTILE_NAME}.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (texts / "notes.md").write_text("not a biography", encoding="utf-8")  # ignored: not .txt
    return texts


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["corpus", *args, "--no-progress"])
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("corpus")
    texts = _make_corpus(folder)
    out = folder / "out"
    code = main(["corpus", str(texts), "-o", str(out), "--workers", "2"])
    assert code == 0
    return texts, out, ""


def _tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return (pd.read_parquet(out / "stops.parquet"), pd.read_parquet(out / "people.parquet"),
            pd.read_parquet(out / "flows.parquet"))


def _inputs(texts: Path) -> list[Path]:
    return sorted(p for p in texts.rglob("*.txt"))


def test_every_table_has_its_columns_and_types(corpus: tuple[Path, Path, str]) -> None:
    _, out, _ = corpus
    stops = pq.read_table(out / "stops.parquet")
    people = pq.read_table(out / "people.parquet")
    flows = pq.read_table(out / "flows.parquet")
    assert stops.column_names == list(STOP_COLUMNS)
    assert people.column_names == list(PEOPLE_COLUMNS)
    assert flows.column_names == list(FLOW_COLUMNS)
    assert str(stops.schema.field("lat").type) == "double"
    assert str(stops.schema.field("start_year").type) == "int64"
    assert str(flows.schema.field("count").type) == "int64"
    assert str(people.schema.field("stops").type) == "int64"


def test_one_people_row_per_input_and_stop_counts_agree(corpus: tuple[Path, Path, str]) -> None:
    texts, out, _ = corpus
    stops, people, _ = _tables(out)
    inputs = _inputs(texts)
    assert len(people) == len(inputs) == len(DEV_IDS) + len(list(SEEDS.glob("*.txt"))) + 3 + 1
    assert sorted(people["source_file"]) == sorted(str(p) for p in inputs)
    per_person = stops.groupby("person").size()
    for row in people.itertuples():
        assert row.stops == per_person.get(row.person, 0)
    good = people[people["error"] == ""]
    assert len(good) >= 14 and (good["stops"] > 0).all()
    assert (good["life_page"] != "").all()
    for page in good["life_page"]:
        assert (out / page).is_file()


def test_bad_texts_are_recorded_not_fatal(corpus: tuple[Path, Path, str]) -> None:
    _, out, _ = corpus
    _, people, _ = _tables(out)
    errors = dict(zip(people["person"], people["error"], strict=True))
    assert errors["empty"] == "is empty: expected the text of a biography"
    assert errors["binary"].startswith("is binary (a NUL byte at byte 7)")
    assert errors["latin1"] == "byte 3 (line 1) is not UTF-8: save the file as UTF-8 text"
    assert all("\n" not in e for e in errors.values())
    bad = people[people["person"].isin(list(BAD))]
    assert (bad["stops"] == 0).all() and (bad["life_page"] == "").all()


def test_stops_are_the_extractors_draft(corpus: tuple[Path, Path, str]) -> None:
    texts, out, _ = corpus
    stops, _, _ = _tables(out)
    text = (texts / "meitner.txt").read_text(encoding="utf-8")
    expected = extract(text, "meitner.txt").to_frame()
    got = stops[stops["person"] == "meitner"].drop(
        columns=["person", "source_file", "start_year", "end_year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    assert (stops.loc[stops["person"] == "meitner", "source_file"]
            == str(texts / "meitner.txt")).all()


def test_people_give_birth_and_death_from_the_draft(corpus: tuple[Path, Path, str]) -> None:
    _, out, _ = corpus
    stops, people, _ = _tables(out)
    for row in people[people["birth"] != ""].itertuples():
        births = stops[(stops["person"] == row.person) & (stops["kind"] == "birth")]
        assert births.iloc[0]["start"] == row.birth
        assert births.iloc[0]["place"] == row.birth_place
        assert births.iloc[0]["lat"] == row.birth_lat
    without = people[(people["error"] == "") & (people["birth"] == "")]
    for person in without["person"]:
        assert not ((stops["person"] == person) & (stops["kind"] == "birth")).any()


def test_flows_count_moves_between_different_points(corpus: tuple[Path, Path, str]) -> None:
    _, out, _ = corpus
    stops, _, flows = _tables(out)
    moves = 0
    for _, group in stops.groupby("person"):
        points = list(zip(group["lat"], group["lon"], strict=True))
        moves += sum(a != b for a, b in pairwise(points))
    assert flows["count"].sum() == moves > 50
    assert (flows["decade"] % 10 == 0).all()
    assert ((flows["from_lat"] != flows["to_lat"]) | (flows["from_lon"] != flows["to_lon"])).all()
    assert not flows.duplicated(list(FLOW_COLUMNS[:-1])).any()


def test_hostile_file_name_is_a_person_name_and_a_safe_page_name(
        corpus: tuple[Path, Path, str]) -> None:
    _, out, _ = corpus
    _, people, _ = _tables(out)
    row = people[people["person"] == HOSTILE_NAME].iloc[0]
    assert row["error"] == "" and row["stops"] == 2
    assert row["life_page"] == life_page_name(HOSTILE_NAME)
    assert "<" not in row["life_page"] and "{" not in row["life_page"]
    page = (out / row["life_page"]).read_text(encoding="utf-8")
    assert "<img src=x" not in page and "{{7*7}}" not in page


def test_rerun_skips_unchanged_texts_and_gives_the_same_bytes(
        corpus: tuple[Path, Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    texts, out, _ = corpus
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    code, err = _run(capsys, str(texts), "-o", str(copy), "--workers", "1")
    total = len(_inputs(texts))
    assert code == 0 and f"{total} texts ({total} unchanged since the last run" in err
    for name in ("stops.parquet", "people.parquet", "flows.parquet", "corpus.html"):
        assert (copy / name).read_bytes() == (out / name).read_bytes(), name


def test_rerun_extracts_only_changed_texts(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    for name in ("selkirk", "evliya", "kenyon"):
        shutil.copy(DEV_TEXTS / f"{name}.txt", texts)
    out = tmp_path / "out"
    code, err = _run(capsys, str(texts), "-o", str(out), "--workers", "1")
    assert code == 0 and "3 texts (0 unchanged" in err
    stops_before = pd.read_parquet(out / "stops.parquet")
    (texts / "selkirk.txt").write_text(HOSTILE_TEXT.replace("Rome", "Lisbon"), encoding="utf-8")
    code, err = _run(capsys, str(texts), "-o", str(out), "--workers", "1")
    assert code == 0 and "3 texts (2 unchanged since the last run" in err
    stops, people, _ = _tables(out)
    selkirk = stops[stops["person"] == "selkirk"]
    assert "Lisbon" in set(selkirk["place"])
    assert "Lisbon" not in set(stops_before.loc[stops_before["person"] == "selkirk", "place"])
    assert people.set_index("person").loc["selkirk", "stops"] == len(selkirk)
    for person in ("evliya", "kenyon"):
        pd.testing.assert_frame_equal(
            stops[stops["person"] == person].reset_index(drop=True),
            stops_before[stops_before["person"] == person].reset_index(drop=True))
    code, err = _run(capsys, str(texts), "-o", str(out), "--workers", "1", "--force")
    assert code == 0 and "3 texts (0 unchanged" in err


def test_an_extractor_crash_is_recorded_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from distributed import LocalCluster

    import geo.corpus.text as corpus_text

    def fragile(text: str, source_name: str):  # type: ignore[no-untyped-def]
        if "CRASH" in text:
            raise RuntimeError("boom\nsecond line")
        return extract(text, source_name)

    monkeypatch.setattr(corpus_text, "_default_extractor", fragile)
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "ada.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (texts / "crash.txt").write_text(HOSTILE_TEXT + "CRASH\n", encoding="utf-8")
    with LocalCluster(n_workers=1, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        code, err = _run(capsys, str(texts), "-o", str(tmp_path / "out"), "--scheduler",
                         cluster.scheduler_address)
    assert code == 0, err
    _, people, _ = _tables(tmp_path / "out")
    errors = dict(zip(people["person"], people["error"], strict=True))
    assert errors == {"ada": "", "crash": "extractor failed (RuntimeError: boom second line)"}


def test_process_text_records_an_unreadable_file(tmp_path: Path) -> None:
    result = process_text(TextTask(str(tmp_path / "missing.txt"), "missing"))
    assert result.error == "cannot be read (No such file or directory)"
    assert result.stops == [] and result.content_hash == ""


def test_no_input_found_is_one_line_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code, err = _run(capsys, str(tmp_path / "nothing-*.txt"), "-o", str(out))
    assert code == 1 and err.count("\n") == 1 and "matches no .txt file" in err
    code, err = _run(capsys, str(tmp_path / "missing"), "-o", str(out))
    assert code == 1 and err == f"error: {tmp_path / 'missing'}: no such file or folder\n"
    assert not out.exists()


def test_an_output_folder_that_is_a_file_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    target = tmp_path / "out"
    target.write_text("keep me", encoding="utf-8")
    code, err = _run(capsys, str(tmp_path / "a.txt"), "-o", str(target))
    assert code == 1 and "is a file; -o needs a folder" in err and err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "keep me"
    code, err = _run(capsys, str(tmp_path / "a.txt"), "-o", str(tmp_path / "o2"), "--workers",
                     "0")
    assert code == 1 and "--workers: expected 1 or more" in err


def test_without_dask_the_command_says_what_to_install(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # import dask.bag now fails
    code, err = _run(capsys, str(tmp_path), "-o", str(tmp_path / "out"))
    assert code == 1
    assert err == "error: geo corpus needs dask: pip install 'geostory[corpus]'\n"


def test_partitions_grow_with_workers_and_never_exceed_the_texts() -> None:
    assert plan_partitions(3, 8) == 3
    assert plan_partitions(1000, 1) < plan_partitions(1000, 2) <= 1000
    assert plan_partitions(0, 2) == 1


# -- the corpus map in Chromium ------------------------------------------------------------
_ISOLATED_PLACE = """() => {
  const c = window.geostoryCorpus, map = c.map;
  const shown = c.places.map((p, i) => [i, map.latLngToContainerPoint([p[1], p[2]])])
    .filter(([i, pt]) => pt.x > 30 && pt.y > 30 && pt.x < map.getSize().x - 30
            && pt.y < map.getSize().y - 30);
  let best = null, gap = -1;
  for (const [i, pt] of shown) {
    let nearest = Infinity;
    for (const [j, q] of shown) if (j !== i) nearest = Math.min(nearest, pt.distanceTo(q));
    if (nearest > gap) { gap = nearest; best = [i, pt.x, pt.y]; }
  }
  return best;
}"""


@pytest.mark.browser
def test_corpus_map_slider_place_click_and_life_link(browser: object,
                                                     corpus: tuple[Path, Path, str]) -> None:
    from browser_support import Session

    _, out, _ = corpus
    stops, people, flows = _tables(out)
    s = Session(browser)
    try:
        page = s.open(out / "corpus.html")
        assert s.traffic.outside == [] and s.traffic.cdn == []  # self-contained: tiles only
        summary = page.text_content("#gc-summary")
        assert summary.startswith(f"{len(people)} lives, ")
        assert f"{flows['count'].sum()} moves" in summary
        # The slider: one step per decade after "all".
        decades = s.js("window.geostoryCorpus && JSON.parse("
                       "document.getElementById('gc-data').textContent).decades")
        assert page.get_attribute("#gc-decade", "max") == str(len(decades))
        k = decades.index(1930) + 1
        page.fill("#gc-decade", str(k))
        assert page.text_content("#gc-decade-label") == "1930s"
        in_1930s = int(flows.loc[flows["decade"] == 1930, "count"].sum())
        assert page.text_content("#gc-summary").endswith(f"{in_1930s} moves in the 1930s")
        page.fill("#gc-decade", "0")
        assert page.text_content("#gc-decade-label") == "all"
        # A real click on a place's circle lists who was there.
        index, x, y = s.js(_ISOLATED_PLACE)
        box = page.locator("#gc-map").bounding_box()
        page.mouse.click(box["x"] + x, box["y"] + y)
        name = page.text_content("#gc-place-name")
        lat, lon = s.js(f"window.geostoryCorpus.places[{index}].slice(1, 3)")
        here = stops[(stops["lat"].round(3) == lat) & (stops["lon"].round(3) == lon)]
        assert name in set(here["place"])
        listed = page.locator("#gc-visits .gc-person").all_text_contents()
        assert sorted(listed) == sorted(here["person"])
        # The address now names the place, and opens on it (with a decade) from a link.
        assert s.js("new URLSearchParams(location.hash.slice(1)).get('place')") == name
        link = (out / "corpus.html").as_uri() + "#decade=1930&place=" + quote(name)
        page.goto(link)  # the same page: it follows the new address
        assert page.text_content("#gc-decade-label") == "1930s"
        assert page.text_content("#gc-place-name") == name
        page.goto("about:blank")
        page.goto(link)  # a fresh load of the link
        page.wait_for_selector("html[data-ready=true]")
        assert page.text_content("#gc-decade-label") == "1930s"
        assert page.text_content("#gc-place-name") == name
        page.goto((out / "corpus.html").as_uri())
        page.wait_for_selector("html[data-ready=true]")
        page.mouse.click(box["x"] + x, box["y"] + y)
        # Its person link opens that life's story map.
        first = page.locator("#gc-visits a.gc-person").first
        person = first.text_content()
        with s.context.expect_page() as popup:
            first.click()
        life = popup.value
        life.wait_for_selector("html[data-ready=true]", timeout=15_000)
        assert life.url.endswith("/" + life_page_name(person))
        assert life.title().startswith(f"{person}, ")
        assert s.watch.errors == [] and s.watch.dialogs == []
    finally:
        s.close()


def test_a_scheduler_nobody_answers_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    import geo.corpus.run as corpus_run

    monkeypatch.setattr(corpus_run, "CONNECT_TIMEOUT_S", 1.0)
    with socket.socket() as s:  # a free loopback port, closed again: nobody listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "a.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    out = tmp_path / "out"
    code, err = _run(capsys, str(tmp_path / "a.txt"), "-o", str(out), "--scheduler",
                     f"tcp://127.0.0.1:{port}")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith(f"error: --scheduler tcp://127.0.0.1:{port}: cannot connect")
    assert not out.exists()


def test_a_corpus_of_only_bad_texts_still_writes_every_table(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name, data in BAD.items():
        (tmp_path / f"{name}.txt").write_bytes(data)
    out = tmp_path / "out"
    code, err = _run(capsys, str(tmp_path / "*.txt"), "-o", str(out), "--workers", "1")
    assert code == 0 and "3 texts (0 unchanged since the last run, 3 with errors), 0 stops" in err
    stops, people, flows = _tables(out)
    assert len(stops) == 0 and len(flows) == 0 and len(people) == 3
    assert list(stops.columns) == list(STOP_COLUMNS)
    assert list(flows.columns) == list(FLOW_COLUMNS)
    assert (out / "corpus.html").is_file() and not (out / "lives").exists()


def test_a_local_run_shows_dask_progress(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["corpus", str(tmp_path / "empty.txt"), "-o", str(tmp_path / "out"),
                 "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "100% Completed" in err and "1 text (0 unchanged since the last run, 1 with" in err
