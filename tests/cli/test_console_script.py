"""The installed `earnest` command, run as a user runs it: a separate process on a fresh folder."""

import json
import os
import subprocess
import sys
from pathlib import Path

EARNEST = str(Path(sys.executable).parent / "earnest")


def _run(home, *args):
    env = {**os.environ, "EARNEST_HOME": str(home), "EARNEST_TODAY": "2026-11-23"}
    for name in ("EARNEST_DATABASE_URL", "EARNEST_WORKSPACE", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    return subprocess.run([EARNEST, *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_fresh_folder_gets_a_database_and_the_demo_works(tmp_path):
    assert _run(tmp_path, "init").returncode == 0
    assert (tmp_path / "earnest.sqlite3").exists()
    demo = _run(tmp_path, "demo")
    assert demo.returncode == 0, demo.stderr
    leads = json.loads(_run(tmp_path, "leads", "--format", "json").stdout)
    assert len(leads) == 12
    for args in (
        ["today"],
        ["prospect", "list"],
        ["ladder", "list"],
        ["commitment", "list"],
        ["step", "list"],
        ["coach", "Northwind Freight"],
        ["brief", "Bluebird Clinics"],
    ):
        result = _run(tmp_path, *args)
        assert result.returncode == 0, (args, result.stderr)


def test_a_user_error_in_a_real_process_is_one_line_and_status_2(tmp_path):
    result = _run(tmp_path, "coach", "Nobody")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no prospect 'Nobody' in this workspace"
    assert result.stdout == ""
