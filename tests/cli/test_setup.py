"""`make run` as a user runs it twice: the demo is loaded once, and what was entered since survives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = Path(sys.executable).parent.parent


def _make_lines(target: str, home: Path, *extra: str) -> list[str]:
    """The commands `make TARGET` would run on the demo, read from the Makefile itself (make -n)."""
    printed = subprocess.run(
        ["make", "-s", "-n", target, f"VENV={VENV}", f"DEMO_HOME={home}", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return [line for line in printed.splitlines() if line.startswith("EARNEST_HOME=")]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EARNEST_") and k != "DJANGO_SETTINGS_MODULE"}
    env["EARNEST_TODAY"] = "2026-11-23"
    return env


def _sh(line: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", line], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _names(home: Path, env: dict[str, str]) -> list[str]:
    listed = subprocess.run(
        [str(VENV / "bin" / "earnest"), "prospect", "list", "--format", "json"],
        env={**env, "EARNEST_HOME": str(home), "EARNEST_WORKSPACE": "demo"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [p["name"] for p in json.loads(listed.stdout)]


def test_make_run_serves_on_the_port_it_is_given(tmp_path):
    lines = _make_lines("run", tmp_path, "PORT=8010")
    assert lines[-1].endswith("serve --port 8010")
    assert not any("--reset" in line for line in lines)


@pytest.mark.slow
def test_a_prospect_added_after_make_run_survives_the_next_make_run(tmp_path):
    env = _env()
    # The setup `make run` does before serving (the agenda and leads it prints only read).
    setup = [line for line in _make_lines("run", tmp_path) if " demo" in line]
    assert setup
    for line in setup:
        assert _sh(line, env).returncode == 0, line
    assert len(_names(tmp_path, env)) == 12

    added = subprocess.run(
        [str(VENV / "bin" / "earnest"), "prospect", "add", "Kept Across Restarts"],
        env={**env, "EARNEST_HOME": str(tmp_path), "EARNEST_WORKSPACE": "demo"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    for line in setup:
        result = _sh(line, env)
        assert result.returncode == 0, (line, result.stderr)
    assert "Kept Across Restarts" in _names(tmp_path, env)
    assert len(_names(tmp_path, env)) == 13

    (reset,) = _make_lines("demo-reset", tmp_path)
    assert _sh(reset, env).returncode == 0
    assert "Kept Across Restarts" not in _names(tmp_path, env)


def test_the_readme_examples_use_the_browsers_database_and_name_only_shipped_files():
    readme = (ROOT / "README.md").read_text()
    quick = readme[readme.index("## Quick start") : readme.index("## The web app")]
    assert "EARNEST_HOME=$PWD/.earnest-demo" in quick and "EARNEST_WORKSPACE=demo" in quick
    named = re.findall(r"examples/[\w./-]+", quick)
    assert named
    for path in named:
        assert (ROOT / path).is_file(), path
