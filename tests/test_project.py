"""Project hygiene: the README's commands are what CI runs, the CLI is documented, lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    """The shell commands in the README's set-up section, in order."""
    section = README.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [line.strip()[2:] for line in section.splitlines() if line.strip().startswith("$ ")]


def test_readme_has_two_setup_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2, commands
    main_job, tests = commands
    assert "python render.py" in main_job and "pip install" in main_job
    assert "scripts/test" in tests


def test_ci_runs_the_readme_test_command() -> None:
    tests = _setup_commands()[1]
    # The README's test command is a venv plus ./scripts/test; CI makes its own venv.
    test_script = re.search(r"\./scripts/test", tests)
    assert test_script and "./scripts/test" in CI
    assert "apt-get install -y chromium" in CI
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    assert "pip install" in script and "pytest" in script and "npm ci" in script


def _options(parser) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    out = {}
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, p in sub.choices.items():
        out[name] = [s for a in p._actions for s in a.option_strings
                     if s.startswith("--") and s != "--help"]
    return out


@pytest.mark.parametrize(("command", "options"), sorted(_options(build_parser()).items()))
def test_every_cli_option_is_documented(command: str, options: list[str]) -> None:
    assert f"python -m geo {command}" in README or (
        command == "render" and "python render.py" in README), command
    missing = [o for o in options if o not in README]
    assert not missing, f"README does not mention {command} options {missing}"


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed; it comes with the 'test' extra")
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
