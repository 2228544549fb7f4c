"""A plain (non-editable) install geocodes and extracts (issue 9 item 6).

The wheel is built from a copy of the project's package files, installed with pip into a
fresh virtual environment, and its ``geostory`` command is run from a folder outside the
repository, so only what the wheel carries (code and ``geo/places/data``) can be used.
The third-party dependencies are taken from the test environment's site-packages through
``PYTHONPATH`` (where an editable install's path hook does not run), so the test needs no
network and no download; pip's cache holds the build backend after the first run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=300,  # type: ignore[call-overload]
                          **kwargs)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("install")
    src = work / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    shutil.copy(ROOT / "README.md", src)
    shutil.copytree(ROOT / "geo", src / "geo",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                  str(work / "dist"), str(src)])
    if built.returncode != 0:
        pytest.fail(f"the wheel does not build:\n{built.stderr[-2000:]}")
    wheel = next((work / "dist").glob("geostory-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    done = _run([sys.executable, "-m", "pip", "--python", str(python), "install",
                 "--no-deps", "--no-index", "-q", str(wheel)])
    assert done.returncode == 0, done.stderr[-2000:]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = sysconfig.get_paths()["purelib"]
    return env_dir, env


def test_the_installed_package_is_the_wheel(installed: tuple[Path, dict[str, str]],
                                            tmp_path: Path) -> None:
    env_dir, env = installed
    done = _run([str(env_dir / "bin" / "python"), "-c",
                 "import geo.places.gazetteer as g; print(g.__file__); "
                 "print(g.DEFAULT_ALIASES.is_file(), g.ADMIN1_TABLE.is_file())"],
                cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    where, files = done.stdout.split("\n")[:2]
    assert where.startswith(str(env_dir)), where
    assert files == "True True"


def test_the_installed_command_geocodes_and_extracts(installed: tuple[Path, dict[str, str]],
                                                     tmp_path: Path) -> None:
    env_dir, env = installed
    command = str(env_dir / "bin" / "geostory")
    done = _run([command, "geocode", "Prinkipo"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    assert "Büyükada" in done.stdout and "alias:prinkipo" in done.stdout
    done = _run([command, "geocode", "Salem, Massachusetts"], cwd=tmp_path, env=env)
    assert done.returncode == 0 and "42.5" in done.stdout, done.stderr
    text = tmp_path / "life.txt"
    text.write_text("She was born in Vienna in 1878. In 1910 she settled in Paris, "
                    "where she died in 1931.\n", encoding="utf-8")
    done = _run([command, "extract", str(text), "-o", str(tmp_path / "draft.csv")],
                cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    draft = (tmp_path / "draft.csv").read_text(encoding="utf-8")
    assert "geonames:2988507" in draft  # Paris, placed by the installed gazetteer
