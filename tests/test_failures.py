"""Every failure is one line, exit code 1, and nothing half-written or destroyed."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

from geo import _io
from geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "data" / "places.csv"


def _csv(tmp_path: Path, column: str | None = None, value: str = "", row: int = 1) -> Path:
    df = pd.read_csv(PLACES, dtype=str, keep_default_na=False).head(4)
    if column is not None:
        df.loc[df.index[row], column] = value
    path = tmp_path / "in.csv"
    df.to_csv(path, index=False)
    return path


def _one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: "), err
    assert "Traceback" not in err[0]
    return err[0]


@pytest.mark.parametrize(("column", "value", "words"), [
    ("start", "-0000", "year zero has no sign"),
    ("start", "9999-24", "outside the supported years"),
    ("end", "9999-24", "outside the supported years"),
    ("stop", "1e30", "not a stop number"),
    ("stop", "1e5", "not a stop number"),
    ("stop", "２", "not a stop number"),
    ("lat", "4_7.9", "not a latitude"),
    ("lat", "４７", "not a latitude"),
    ("lon", "١٢", "not a longitude"),
    ("lon", "1e1", "not a longitude"),
])
def test_bad_values_are_one_line_naming_row_column_and_value(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], column: str, value: str,
        words: str) -> None:
    data = _csv(tmp_path, column, value)
    out = tmp_path / "map.html"
    assert main(["render", "--data", str(data), "--out", str(out)]) == 1
    line = _one_error_line(capsys)
    assert f"row 3, column {column!r}: {value!r}" in line and words in line
    assert not out.exists()


def test_duplicated_header_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "dup.csv"
    data.write_text("stop,place,place,lat,lon,start,kind\n1,A,B,1,2,1900,birth\n",
                    encoding="utf-8")
    assert main(["validate", str(data)]) == 1
    assert "column 'place': appears twice in the header" in _one_error_line(capsys)


def test_unreadable_input(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    data = _csv(tmp_path)
    original = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self == data:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert main(["validate", str(data)]) == 1
    assert "cannot be read (Permission denied)" in _one_error_line(capsys)


def test_output_that_is_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--data", str(PLACES), "--out", str(tmp_path)]) == 1
    assert "is a folder" in _one_error_line(capsys)
    assert list(tmp_path.iterdir()) == []


def test_output_in_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Root ignores folder permissions, so the refusal a user would get is simulated.
    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = tmp_path / "ro" / "map.html"
    assert main(["render", "--data", str(PLACES), "--out", str(out)]) == 1
    assert "cannot write in" in _one_error_line(capsys)
    assert not out.exists()


@pytest.mark.parametrize("interruption", [OSError(errno.ENOSPC, "No space left on device"),
                                          KeyboardInterrupt()])
def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        interruption: BaseException) -> None:
    out = tmp_path / "map.html"
    out.write_text("old page", encoding="utf-8")

    def fail(fd: int) -> None:
        raise interruption

    monkeypatch.setattr(os, "fsync", fail)
    if isinstance(interruption, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            _io.write_text_atomic(out, "new page")
    else:
        assert main(["render", "--data", str(PLACES), "--out", str(out)]) == 1
    assert out.read_text(encoding="utf-8") == "old page"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_disk_full_device_reports_and_is_not_replaced(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--data", str(PLACES), "--out", "/dev/full"]) == 1
    assert "No space left on device" in _one_error_line(capsys)
    assert Path("/dev/full").is_char_device()


def test_out_equal_to_data_is_refused(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = _csv(tmp_path)
    before = data.read_bytes()
    for command in (["render", "--data", str(data), "--out", str(tmp_path / "." / "in.csv")],
                    ["export", str(data), "-o", str(data)]):
        assert main(command) == 1
        assert "is also the input file" in _one_error_line(capsys)
        assert data.read_bytes() == before


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "geo", *args], capture_output=True,
                          cwd=ROOT, env={**os.environ, **env}, timeout=120, check=False)


def test_dev_stdout_is_written_in_place() -> None:
    result = _run(["render", "--out", "/dev/stdout"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"<!DOCTYPE html>")
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()


def test_an_ascii_only_terminal_gets_escapes_not_a_traceback() -> None:
    result = _run(["validate"], PYTHONIOENCODING="ascii", LC_ALL="C")
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    assert b"1879\\u20131940" in result.stdout
    exported = _run(["export", "--format", "geojson"], PYTHONIOENCODING="ascii")
    assert exported.returncode == 0 and "Coyoacán".encode() in exported.stdout
